"""Small hand-built extractions for tests: every required column gets a sensible default,
so a test states only what matters to it."""
from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd

from chiffres_cles.extraction import Extraction, load_extraction
from chiffres_cles.schema import FILES

DEFAULTS = {
    "auditeurs": dict(sexe="F", date_naissance="1990-06-15", nationalite="FR", centre_admin="IDF",
                      annee_premiere_inscription=None, niveau_diplome_entree="5",
                      situation_emploi_entree="EMP", pcs_entree="4", quotite_travail="TC",
                      alternance=False, type_contrat=None),
    "inscriptions": dict(centre_peda=None, modalite="PRES", type_activite="HTT", cursus="CARTE",
                         present_examen=None, note=None),
    "enseignements": dict(libelle="Enseignement", type="UE", epn="EPN05", ects=6,
                          heures_theoriques=50.0, offre_nationale=True),
    "mooc": dict(libelle="MOOC", epn="EPN05", inscrits=100),
    "validations": dict(dispositif="VAE", sexe="F", date_naissance="1980-01-01", situation_emploi="EMP",
                        niveau_diplome="5", date_plus_haut_diplome="2000", diplome_vise="Licence",
                        epn="EPN05", centre="IDF", decision="TOTALE", note_reglement=False),
    "diplomes": dict(sexe="F", type_parchemin="LIC", code_diplome="LG025", intitule="Licence",
                     niveau="6", epn="EPN05", centre="IDF"),
}


class ExtractionBuilder:
    def __init__(self, annee: str = "2022-2023"):
        self.annee = annee
        self.rows: dict[str, list[dict]] = {name: [] for name in FILES}
        self._ids = itertools.count(1)
        self.drop_columns: dict[str, list[str]] = {}

    def _id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):05d}"

    def learner(self, auditeur_id: str | None = None, annee: str | None = None, **kw) -> str:
        auditeur_id = auditeur_id or self._id("AU")
        row = {"auditeur_id": auditeur_id, "annee": annee or self.annee, **DEFAULTS["auditeurs"], **kw}
        self.rows["auditeurs"].append(row)
        return auditeur_id

    def course(self, code: str, annee: str | None = None, **kw) -> str:
        annee = annee or self.annee
        for r in self.rows["enseignements"]:
            if r["code_enseignement"] == code and r["annee"] == annee:
                r.update(kw)
                return code
        self.rows["enseignements"].append({"code_enseignement": code, "annee": annee,
                                           **DEFAULTS["enseignements"], **kw})
        return code

    def inscription(self, auditeur_id: str, code: str = "NFA001", annee: str | None = None,
                    catalogue: bool = True, **kw) -> str:
        annee = annee or self.annee
        if catalogue:
            self.course(code, annee)
        iid = kw.pop("inscription_id", None) or self._id("IN")
        centre = kw.pop("centre_peda", None)
        if centre is None and kw.pop("same_centre", True):
            centre = next((r["centre_admin"] for r in self.rows["auditeurs"]
                           if r["auditeur_id"] == auditeur_id and r["annee"] == annee), None)
        self.rows["inscriptions"].append({"inscription_id": iid, "auditeur_id": auditeur_id, "annee": annee,
                                          "code_enseignement": code, **DEFAULTS["inscriptions"],
                                          "centre_peda": centre, **kw})
        return iid

    def mooc(self, code_mooc: str, date_ouverture: str, **kw) -> str:
        sid = kw.pop("session_id", None) or self._id("SE")
        self.rows["mooc"].append({"session_id": sid, "code_mooc": code_mooc, "date_ouverture": date_ouverture,
                                  **DEFAULTS["mooc"], **kw})
        return sid

    def validation(self, candidat_id: str, date_decision: str, **kw) -> str:
        nid = kw.pop("notification_id", None) or self._id("NO")
        self.rows["validations"].append({"notification_id": nid, "dossier_id": kw.pop("dossier_id", self._id("DO")),
                                         "candidat_id": candidat_id, "date_decision": date_decision,
                                         **DEFAULTS["validations"], **kw})
        return nid

    def diplome(self, date_jury: str | None, **kw) -> str:
        pid = kw.pop("parchemin_id", None) or self._id("PA")
        self.rows["diplomes"].append({"parchemin_id": pid, "auditeur_id": kw.pop("auditeur_id", "AU99999"),
                                      "date_jury": date_jury, **DEFAULTS["diplomes"], **kw})
        return pid

    def supplement(self, centre: str, annee: str, **kw) -> None:
        self.rows["collecte_manuelle"].append({"centre": centre, "annee": annee, "modalite": None, **kw})

    def frame(self, name: str) -> pd.DataFrame:
        spec = FILES[name]
        df = pd.DataFrame(self.rows[name])
        for col in spec.columns:
            if col.name not in df.columns:
                df[col.name] = None
        df = df[[c for c in spec.column_names] + [c for c in df.columns if c not in spec.column_names]]
        return df.drop(columns=self.drop_columns.get(name, []))

    def write(self, out: Path, fmt: str = "csv", sep: str = ",", encoding: str = "utf-8") -> Path:
        out.mkdir(parents=True, exist_ok=True)
        for name, spec in FILES.items():
            if not spec.required and not self.rows[name]:
                continue
            df = self.frame(name)
            if fmt == "parquet":
                df.astype("string").to_parquet(out / f"{name}.parquet", index=False)
            else:
                df.to_csv(out / f"{name}.csv", index=False, sep=sep, encoding=encoding)
        return out

    def load(self, tmp_path: Path, **kw) -> Extraction:
        return load_extraction(self.write(tmp_path / "extraction", **kw))
