"""The rule report: how often each counting rule that changes or drops rows acted in a build.

The counting rules of `perimeter.py` record, while they build INS(y) and AUD(y), how many rows
they acted on (`Scope.applied`); this module runs them over the years of the edition's long
series (S5), reads those counts, adds the number of cells the built tables show « ns » (small
bases hidden, read from `tables/Tnn.json`), and writes everything to the build's `qa.csv` as
rows of level `regle`. The QA page shows them as the table « Règles de comptage appliquées ».

Counts only: never an identifier or an example. In `qa.csv`, a rule row's `colonne` holds
the academic year the count belongs to (or the table, for « ns » cells), and `exemples` is
always empty.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .extraction import Extraction
from .formatting import display_symbol
from .params import EditionParams
from .problems import append_qa_rows
from .perimeter import scope

LEVEL = "regle"
NS_RULE = "cellule_ns"
TABLES_FILE = "tableaux"


@dataclass(frozen=True)
class Rule:
    id: str      # as recorded by the Scope (perimeter.py)
    file: str    # what it acts on: auditeurs, inscriptions
    message: str  # French, what the rule did to those rows


RULES: tuple[Rule, ...] = (
    Rule("centre_ancien_code", "auditeurs",
         "ligne d'auditeur retenue sous un ancien code de centre, rattachée au centre actuel (centres_historique)"),
    Rule("centre_ancien_code", "inscriptions",
         "inscription organisée sous un ancien code de centre, rattachée au centre actuel (centres_historique)"),
    Rule("fusion_etablissement_public", "auditeurs",
         "ligne d'auditeur d'une école, d'un institut ou des EPN, regroupée dans Cnam Paris – Établissement public"),
    Rule("fusion_etablissement_public", "inscriptions",
         "inscription organisée par une école, un institut ou les EPN, regroupée dans Cnam Paris – "
         "Établissement public"),
    Rule("doublon_majorite", "auditeurs",
         "auditeur à plusieurs lignes dans l'année : centre retenu, celui qui organise le plus de ses "
         "inscriptions hors FOAD"),
    Rule("doublon_date", "auditeurs",
         "auditeur à plusieurs lignes dans l'année, sans majorité : centre de l'inscription administrative "
         "la plus ancienne"),
    Rule("doublon_code", "auditeurs",
         "auditeur à plusieurs lignes dans l'année, sans majorité ni date distincte : plus petit code de centre"),
    Rule("sexe_autre_annee", "auditeurs", "sexe manquant dans l'année, repris de la valeur la plus récente d'une "
                                          "autre année"),
    Rule("date_naissance_autre_annee", "auditeurs",
         "date de naissance manquante dans l'année, reprise de la valeur la plus récente d'une autre année"),
    Rule("nationalite_autre_annee", "auditeurs",
         "nationalité manquante dans l'année, reprise de la valeur la plus récente d'une autre année"),
    Rule("age_hors_bornes", "auditeurs", "âge hors de l'intervalle {age_lo}–{age_hi} ans, traité comme non renseigné"),
    Rule("inscription_hors_offre", "inscriptions",
         "inscription hors de l'offre nationale (UE et US) du catalogue de l'année : hors champ"),
    Rule("inscription_sans_auditeur", "inscriptions",
         "inscription sans ligne de l'auditeur pour l'année : comptée dans les seuls tableaux d'inscriptions, "
         "d'heures et d'examens"),
    Rule("centre_peda_manquant", "inscriptions",
         "centre organisateur manquant : inscription rattachée au centre d'inscription administrative"),
    Rule("inscription_non_localisable", "inscriptions",
         "inscription sans centre organisateur ni ligne d'auditeur : hors champ"),
    Rule("modalite_non_renseignee", "inscriptions", "modalité manquante : comptée en « Modalité non renseignée »"),
)
NS_MESSAGE = "cellule affichée « ns » (base de 1 à {min_base_1}), valeur non publiée"


@dataclass(frozen=True)
class RuleCount:
    rule: str
    file: str
    where: str   # academic year, or table id for « ns » cells
    count: int


# -- counting ---------------------------------------------------------------------------

def count_rules(x: Extraction, p: EditionParams) -> list[RuleCount]:
    """Rows each rule of RULES acted on, per year of the long series S5 (zeros included)."""
    s = scope(x, p)
    for y in p.S5:
        s.count_rules(y)
    return [RuleCount(r.id, r.file, y, s.applied.get((r.id, r.file, y), 0)) for r in RULES for y in p.S5]


def count_ns(tables_dir: Path) -> list[RuleCount]:
    """Cells shown « ns » in every built table (`Tnn.json`), tables without any left out."""
    from .table import Table

    out = []
    for path in sorted(Path(tables_dir).glob("T*.json")):
        t = Table.from_json(path.read_text(encoding="utf-8"))
        n = sum(display_symbol(v, k, s) == "ns" for vr, kr, sr in zip(t.values, t.kinds, t.symbols)
                for v, k, s in zip(vr, kr, sr))
        if n:
            out.append(RuleCount(NS_RULE, TABLES_FILE, t.id, n))
    return out


def count_rules_of(normalised_dir: str, edition: int, overrides: dict | None = None) -> list[dict]:
    """`count_rules` on a build's normalised extraction (what the pipeline runs in a worker)."""
    from .extraction import open_normalised
    from .params import load_params

    x = open_normalised(Path(normalised_dir))
    return [c.__dict__ for c in count_rules(x, load_params(edition, overrides))]


# -- qa.csv ------------------------------------------------------------------------------

def message(rule: str, file: str, p: EditionParams) -> str:
    if rule == NS_RULE:
        return NS_MESSAGE.format(min_base_1=p.min_base - 1)
    text = next(r.message for r in RULES if r.id == rule and r.file == file)
    return text.format(age_lo=p.age_valid[0], age_hi=p.age_valid[1])


def qa_rows(counts: list[RuleCount], p: EditionParams) -> list[dict]:
    """Rows of `qa.csv` (level `regle`), in the order of RULES then years, then « ns » by table."""
    return [{"niveau": LEVEL, "fichier": c.file, "colonne": c.where, "regle": c.rule, "nombre": str(c.count),
             "message": message(c.rule, c.file, p), "exemples": ""} for c in counts]


def append_to_qa(qa_csv: Path, counts: list[RuleCount], p: EditionParams) -> None:
    """Add the rule rows to a build's qa.csv (written first by the validation report)."""
    append_qa_rows(qa_csv, qa_rows(counts, p))


def save_counts(path: Path, key: str, counts: list[RuleCount]) -> None:
    Path(path).write_text(json.dumps({"key": key, "counts": [c.__dict__ for c in counts]}, ensure_ascii=False,
                                     indent=1), encoding="utf-8")


def load_counts(path: Path, key: str) -> list[RuleCount] | None:
    """Counts saved by a previous run with the same inputs (same key), else None."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if data.get("key") != key:
        return None
    return [RuleCount(**c) for c in data.get("counts", [])]
