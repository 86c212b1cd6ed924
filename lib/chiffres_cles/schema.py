"""The data contract: every file of an extraction, its columns, their kinds and code lists.

This module is the single description of the input. Loading (`loading.py`), validation
(`validation.py`), the synthetic generator (`synth.py`) and the French documentation of
`data/README.md` all follow it.

Column kinds:
- ``id``: opaque identifier (string, never empty);
- ``code``: a value of the nomenclature named by ``codes`` (reference file of that name);
- ``str``: free text;
- ``int`` / ``float``: numbers (decimal comma accepted in CSV);
- ``bool``: true/false, 1/0, oui/non, O/N, vrai/faux;
- ``date``: ISO date (or French dd/mm/yyyy in CSV);
- ``date_or_year``: a date, or a year alone "YYYY" (read as 1 July of that year);
- ``annee``: an academic year "2022-2023".

``on_unknown`` says what an unknown code does: ``error`` stops the build; ``warn`` keeps the
row, maps the value as TABLES.md says (non renseigné, « Autre ») and counts it in the QA report.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True
    nullable: bool = True
    codes: str | None = None
    on_unknown: str = "error"


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = True
    must_not_be_empty: bool = False
    description: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def C(name, kind, *, opt=False, null=True, codes=None, on_unknown="error") -> Column:
    return Column(name, kind, required=not opt, nullable=null, codes=codes, on_unknown=on_unknown)


AUDITEURS = FileSpec(
    "auditeurs",
    (
        C("auditeur_id", "id", null=False),
        C("annee", "annee", null=False),
        C("sexe", "code", codes="sexe"),
        C("date_naissance", "date"),
        C("nationalite", "code", codes="ref_nationalite", on_unknown="warn"),
        C("centre_admin", "code", null=False, codes="centres"),
        C("annee_premiere_inscription", "annee"),
        C("niveau_diplome_entree", "code", codes="niveau_diplome", on_unknown="warn"),
        C("situation_emploi_entree", "code", codes="situation_emploi"),
        C("pcs_entree", "code", codes="pcs", on_unknown="warn"),
        C("quotite_travail", "code", codes="quotite_travail"),
        C("alternance", "bool"),
        C("type_contrat", "code", codes="type_contrat"),
        C("type_diplome_prepare", "code", opt=True, codes="type_diplome_prepare"),
        C("type_activite", "code", opt=True, codes="type_activite"),
        C("epn_cursus", "code", opt=True, codes="epn"),
        C("date_inscription_admin", "date", opt=True),
        C("situation_emploi_annee", "code", opt=True, codes="situation_emploi"),
        C("pcs_annee", "code", opt=True, codes="pcs", on_unknown="warn"),
    ),
    key=("auditeur_id", "annee"),
    must_not_be_empty=True,
    description="une ligne par auditeur et par année universitaire (inscription administrative)",
)

INSCRIPTIONS = FileSpec(
    "inscriptions",
    (
        C("inscription_id", "id", null=False),
        C("auditeur_id", "id", null=False),
        C("annee", "annee", null=False),
        C("code_enseignement", "str", null=False),
        C("centre_peda", "code", codes="centres"),
        C("modalite", "code", codes="modalite"),
        C("type_activite", "code", codes="type_activite"),
        C("cursus", "code", codes="cursus"),
        C("heures_theoriques", "float", opt=True),
        C("present_examen", "bool"),
        C("note", "float"),
        C("session_examen", "str", opt=True),
        C("evaluation_prevue", "bool", opt=True),
    ),
    key=("inscription_id",),
    must_not_be_empty=True,
    description="une ligne par inscription pédagogique à un enseignement",
)

ENSEIGNEMENTS = FileSpec(
    "enseignements",
    (
        C("code_enseignement", "str", null=False),
        C("annee", "annee", null=False),
        C("libelle", "str"),
        C("type", "str", opt=True),
        C("epn", "code", codes="epn"),
        C("ects", "float"),
        C("heures_theoriques", "float"),
        C("offre_nationale", "bool", null=False),
    ),
    key=("code_enseignement", "annee"),
    must_not_be_empty=True,
    description="le catalogue BéDéO : une ligne par enseignement et par année",
)

MOOC = FileSpec(
    "mooc",
    (
        C("session_id", "id", null=False),
        C("code_mooc", "str", null=False),
        C("libelle", "str"),
        C("epn", "code", codes="epn"),
        C("date_ouverture", "date", null=False),
        C("inscrits", "int", null=False),
        C("attestations", "int", opt=True),
    ),
    key=("session_id",),
    description="une ligne par session de MOOC",
)

VALIDATIONS = FileSpec(
    "validations",
    (
        C("notification_id", "id", null=False),
        C("dossier_id", "id", null=False),
        C("dispositif", "code", null=False, codes="dispositif"),
        C("candidat_id", "id", null=False),
        C("sexe", "code", codes="sexe"),
        C("date_naissance", "date"),
        C("situation_emploi", "code", codes="situation_validation"),
        C("niveau_diplome", "code", codes="niveau_diplome", on_unknown="warn"),
        C("date_plus_haut_diplome", "date_or_year"),
        C("diplome_vise", "str"),
        C("type_diplome_vise", "code", opt=True, codes="type_parchemin", on_unknown="warn"),
        C("niveau_vise", "code", opt=True, codes="niveau_vise", on_unknown="warn"),
        C("epn", "code", codes="epn"),
        C("centre", "code", codes="centres", on_unknown="warn"),
        C("date_candidature", "date", opt=True),
        C("date_decision", "date", null=False),
        C("decision", "code", null=False, codes="decision"),
        C("note_reglement", "bool"),
        C("financement", "code", opt=True, codes="financement", on_unknown="warn"),
    ),
    key=("notification_id",),
    description="une ligne par notification de décision (VAPP, VAE, VES)",
)

DIPLOMES = FileSpec(
    "diplomes",
    (
        C("parchemin_id", "id", null=False),
        C("auditeur_id", "id"),
        C("sexe", "code", codes="sexe"),
        C("type_parchemin", "code", codes="type_parchemin", on_unknown="warn"),
        C("code_diplome", "str"),
        C("intitule", "str"),
        C("niveau", "code", codes="niveau_vise", on_unknown="warn"),
        C("epn", "code", codes="epn"),
        C("centre", "code", codes="centres", on_unknown="warn"),
        C("date_jury", "date"),
    ),
    key=("parchemin_id",),
    description="une ligne par parchemin délivré",
)

COLLECTE_MANUELLE = FileSpec(
    "collecte_manuelle",
    (
        C("centre", "code", null=False, codes="centres"),
        C("annee", "annee", null=False),
        C("modalite", "code", opt=True, codes="modalite"),
        C("auditeurs", "int", opt=True),
        C("auditeurs_foad_hyb", "int", opt=True),
        C("inscriptions", "int", opt=True),
        C("enseignements_ouverts", "int", opt=True),
        C("heures", "float", opt=True),
        C("inscriptions_renseignees", "int", opt=True),
        C("presents", "int", opt=True),
        C("recus", "int", opt=True),
    ),
    key=("centre", "annee", "modalite"),
    required=False,
    description="agrégats des centres hors entrepôt (collecte manuelle)",
)

EXTRACTION_FILES: tuple[FileSpec, ...] = (
    AUDITEURS, INSCRIPTIONS, ENSEIGNEMENTS, MOOC, VALIDATIONS, DIPLOMES, COLLECTE_MANUELLE,
)
FILES = {f.name: f for f in EXTRACTION_FILES}


@dataclass(frozen=True)
class ReferenceSpec:
    """A reference file of `data/reference/`: its key column is `code`."""

    name: str
    columns: tuple[str, ...]
    required: bool = True
    description: str = ""
    extra: dict = field(default_factory=dict)


REFERENCES: tuple[ReferenceSpec, ...] = (
    ReferenceSpec("aires", ("code", "libelle", "ordre")),
    ReferenceSpec(
        "centres",
        ("code", "libelle", "aire", "type", "systeme", "pays", "centre_rattachement",
         "ordre_publication", "annee_ouverture", "annee_fermeture"),
    ),
    ReferenceSpec("centres_historique", ("ancien_code", "code"), required=False),
    ReferenceSpec("epn", ("code", "libelle", "ordre_publication", "confirme")),
    ReferenceSpec("ref_nationalite", ("code", "libelle"), required=False),
    ReferenceSpec("sexe", ("code", "libelle", "ordre")),
    ReferenceSpec("modalite", ("code", "libelle", "ordre")),
    ReferenceSpec("type_activite", ("code", "libelle", "ordre")),
    ReferenceSpec("cursus", ("code", "libelle", "ordre")),
    ReferenceSpec("niveau_diplome", ("code", "libelle", "ordre")),
    ReferenceSpec("situation_emploi", ("code", "libelle", "ordre")),
    ReferenceSpec("situation_validation", ("code", "libelle", "ordre")),
    ReferenceSpec("pcs", ("code", "libelle", "ordre")),
    ReferenceSpec("quotite_travail", ("code", "libelle", "ordre")),
    ReferenceSpec("type_contrat", ("code", "libelle", "ordre")),
    ReferenceSpec("type_diplome_prepare", ("code", "libelle", "ordre")),
    ReferenceSpec("dispositif", ("code", "libelle", "ordre")),
    ReferenceSpec("decision", ("dispositif", "code", "libelle", "ordre", "perimetre")),
    ReferenceSpec("financement", ("code", "libelle", "ordre")),
    ReferenceSpec("niveau_vise", ("code", "libelle", "ordre")),
    ReferenceSpec("type_parchemin", ("code", "libelle", "groupe", "ordre")),
)
REFERENCE_FILES = {r.name: r for r in REFERENCES}

ANNEE_PATTERN = r"^(\d{4})-(\d{4})$"
