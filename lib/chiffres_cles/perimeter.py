"""The counting rules (seed §IV, TABLES.md §2.1–§2.2, §2.5–§2.6, §2.8), implemented once.

Every table reads its universe from here:
- `Scope.ins(y)`: INS(y), the in-scope pedagogical inscriptions of year y, each placed in its
  organising centre (missing → the learner's administrative centre), its EPN, its hours and its
  exam status;
- `Scope.aud(y)`: AUD(y), the learners counted in y, once each, in their retained
  administrative centre, with the attributes the profile tables need;
- inscrits entrants, inscription flows, enseignements ouverts, promotions, ages.

Centres are compared and grouped after the historical mapping and the merge of every
Paris – Établissement public code into one row (`Reference.centre_group`).
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from .extraction import Extraction
from .fastops import isin
from .params import EditionParams, year_start

IN_SCOPE_TYPES = ("UE", "US")
INS_COLUMNS = ["inscription_id", "auditeur_id", "annee", "code_enseignement", "centre_peda", "modalite",
               "type_activite", "heures_theoriques", "present_examen", "note", "evaluation_prevue"]
FOAD_HYB = ("FOAD", "HYB")

# exam statuses (TABLES.md §2.6)
NOT_ASSESSED = "hors_evaluation"
NOT_ENTERED = "non_saisi"
ABSENT = "absent"
PASSED = "recu"
FAILED = "ajourne"


def _str(s: pd.Series) -> pd.Series:
    """Codes as plain strings (categoricals of different files compare badly)."""
    return s.astype("string") if s is not None else s


# -- scope of inscriptions and learners ----------------------------------------------

def catalogue_scope(ens: pd.DataFrame) -> pd.DataFrame:
    """(code, annee) pairs of the national offer, UE/US only, with their EPN and hours."""
    ok = ens["offre_nationale"].fillna(False).astype(bool)
    if "type" in ens.columns:
        ok &= _str(ens["type"]).str.strip().str.upper().isin(IN_SCOPE_TYPES).fillna(False).astype(bool)
    cat = ens.loc[ok, ["code_enseignement", "annee", "epn", "heures_theoriques"]].copy()
    cat["epn"] = _str(cat["epn"])
    return cat.rename(columns={"heures_theoriques": "heures_catalogue"}).drop_duplicates(
        ["code_enseignement", "annee"])


def exam_status(present: pd.Series, note: pd.Series, evaluation_prevue: pd.Series | None = None) -> pd.Series:
    """One status per inscription (marks outside 0–20 were already made missing on loading).

    présent: present True, or present missing with a note, or present False with a note > 0;
    absent: present False with no note or note 0; a présent without a note is not entered.
    """
    present = present.astype("boolean")
    has_note = note.notna()
    is_present = (present.fillna(False).astype(bool)
                  | (present.isna() & has_note)
                  | ((present == False).fillna(False).astype(bool) & (note > 0).fillna(False).astype(bool)))  # noqa: E712
    is_absent = (present == False).fillna(False).astype(bool) & ~is_present  # noqa: E712
    status = np.where(is_absent, ABSENT, NOT_ENTERED)
    status = np.where(is_present & has_note & (note >= 10).fillna(False).astype(bool), PASSED, status)
    status = np.where(is_present & has_note & (note < 10).fillna(False).astype(bool), FAILED, status)
    out = pd.Series(status, index=present.index, dtype="object")
    if evaluation_prevue is not None:
        out = out.mask((evaluation_prevue == False).fillna(False).astype(bool), NOT_ASSESSED)  # noqa: E712
    return out


def age_at(birth: pd.Series, annee: str, valid: tuple[int, int]) -> pd.Series:
    """Age reached on 31 December of the rentrée year; outside the valid range → missing."""
    age = year_start(annee) - pd.to_datetime(birth).dt.year
    return age.where(age.between(valid[0], valid[1])).astype("Float64")


def exact_age(birth: pd.Series, at: pd.Series, valid: tuple[int, int]) -> pd.Series:
    """Exact age in years (days / 365.25) at a date; outside the valid range → missing."""
    age = (pd.to_datetime(at) - pd.to_datetime(birth)).dt.days / 365.25
    return age.where((age >= valid[0]) & (age <= valid[1])).astype("float64")


def academic_year_of(dates: pd.Series) -> pd.Series:
    """Academic year "a-(a+1)" of dated events: 01/09/a → 31/08/(a+1) (TABLES.md §1.1).

    Used for MOOC sessions, dated by their opening: a session opening on 30/08/2021 belongs
    to 2020-2021, one opening on 01/09/2021 to 2021-2022. Missing dates give a missing year.
    """
    d = pd.to_datetime(dates)
    start = (d.dt.year - (d.dt.month < 9).astype("Int64")).astype("Int64")
    return (start.astype("string") + "-" + (start + 1).astype("string")).astype("string")


class Scope:
    """INS(y) and AUD(y) of one extraction under one set of edition parameters (memoised)."""

    def __init__(self, x: Extraction, p: EditionParams):
        self.x, self.p, self.ref = x, p, x.ref
        self._cache: dict = {}
        self.group = self.ref.centre_group
        self.aire_of = self.ref.centre_rows["aire"].to_dict()

    def _memo(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    def centre_group(self, codes: pd.Series) -> pd.Series:
        return _str(codes).map(self.group).astype("string")

    # -- INS(y) ---------------------------------------------------------------------
    def _ins_base(self, y: str) -> pd.DataFrame:
        """Inscriptions of y in the national offer, before placing them (no CA yet)."""
        def build():
            ins = self.x.rows("inscriptions", annee=y, columns=INS_COLUMNS)
            cat = catalogue_scope(self.x["enseignements"])
            cat = cat[cat["annee"] == y].drop(columns="annee")
            out = ins.merge(cat, on="code_enseignement", how="inner")
            out["centre_peda_group"] = self.centre_group(out["centre_peda"])
            return out
        return self._memo(("ins_base", y), build)

    def ins(self, y: str) -> pd.DataFrame:
        """INS(y): one row per in-scope inscription, placed and typed for the tables."""
        def build():
            base = self._ins_base(y)
            learners = self._retained(y)[["auditeur_id", "ca"]]
            out = base.merge(learners, on="auditeur_id", how="left")
            out["has_learner"] = out["ca"].notna()
            out["centre"] = out["centre_peda_group"].fillna(out["ca"])
            out = out[out["centre"].notna()].copy()  # neither centre nor learner: cannot be placed
            out["aire"] = out["centre"].map(self.aire_of)
            out["aire_ca"] = out["ca"].map(self.aire_of)
            out["modalite"] = _str(out["modalite"])
            out["type_activite"] = _str(out["type_activite"])
            hours = out["heures_theoriques"] if "heures_theoriques" in out else pd.Series(np.nan, index=out.index)
            hours = hours.fillna(out["heures_catalogue"])
            out["heures_manquantes"] = hours.isna()
            out["heures"] = hours.fillna(0.0)
            ev = out["evaluation_prevue"] if "evaluation_prevue" in out else None
            out["statut"] = exam_status(out["present_examen"], out["note"], ev)
            keep = ["inscription_id", "auditeur_id", "code_enseignement", "centre", "aire", "ca", "aire_ca",
                    "has_learner", "modalite", "type_activite", "epn", "heures", "heures_manquantes", "statut"]
            return out[keep].reset_index(drop=True)
        out = self._memo(("ins", y), build)
        self._cache.pop(("ins_base", y), None)  # placed and typed: the raw rows are no longer needed
        return out

    # -- AUD(y) ---------------------------------------------------------------------
    def _retained(self, y: str) -> pd.DataFrame:
        """One learner row per auditeur of AUD(y): the retained row and its centre (§2.1)."""
        def build():
            rows = self.x.rows("auditeurs", annee=y).copy()
            base = self._ins_base(y)
            rows = rows[isin(rows["auditeur_id"], base["auditeur_id"])]
            rows["ca"] = self.centre_group(rows["centre_admin"])
            dup = rows["auditeur_id"].duplicated(keep=False)
            if dup.any():
                rows = pd.concat([rows[~dup], self._resolve_duplicates(rows[dup], base)])
            return rows.reset_index(drop=True)
        return self._memo(("retained", y), build)

    def _resolve_duplicates(self, rows: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
        """Several rows for one learner and year: the centre organising most of his non-FOAD
        inscriptions, then the earliest administrative inscription, then the smallest code."""
        ins = base[isin(base["auditeur_id"], rows["auditeur_id"]) & (_str(base["modalite"]) != "FOAD").fillna(True)]
        counts = (ins.groupby(["auditeur_id", "centre_peda_group"], observed=True).size()
                  .rename("n_local").reset_index().rename(columns={"centre_peda_group": "ca"}))
        r = rows.merge(counts, on=["auditeur_id", "ca"], how="left")
        r["n_local"] = r["n_local"].fillna(0)
        date = r["date_inscription_admin"] if "date_inscription_admin" in r else pd.Series(pd.NaT, index=r.index)
        r["_date"] = date.fillna(pd.Timestamp.max)
        r["_code"] = _str(r["centre_admin"])
        r = r.sort_values(["auditeur_id", "n_local", "_date", "_code"], ascending=[True, False, True, True])
        return r.drop_duplicates("auditeur_id").drop(columns=["n_local", "_date", "_code"])

    def _latest_known(self, column: str) -> pd.Series:
        """Most recent non-missing value of a time-invariant attribute, per learner."""
        def build():
            aud = self.x.rows("auditeurs", columns=["auditeur_id", "annee", column]).dropna(subset=[column])
            return aud.sort_values("annee").drop_duplicates("auditeur_id", keep="last").set_index("auditeur_id")[column]
        return self._memo(("latest", column), build)

    def _first_inscription_values(self) -> pd.DataFrame:
        """Declared attributes at the first inscription: the row of the year
        `annee_premiere_inscription` when the extract holds it, else the earliest row (§2.1)."""
        def build():
            cols = ["niveau_diplome_entree", "situation_emploi_entree", "pcs_entree", "quotite_travail"]
            aud = self.x.rows("auditeurs", columns=["auditeur_id", "annee", "annee_premiere_inscription", *cols])
            aud = aud.sort_values(["auditeur_id", "annee"])
            first_year = aud[aud["annee"] == aud["annee_premiere_inscription"]].drop_duplicates("auditeur_id")
            earliest = aud.drop_duplicates("auditeur_id")
            earliest = earliest[~isin(earliest["auditeur_id"], first_year["auditeur_id"])]
            out = pd.concat([first_year, earliest]).set_index("auditeur_id")[cols]
            return out.astype("string")
        return self._memo("first_values", build)

    def aud(self, y: str) -> pd.DataFrame:
        """AUD(y): one row per counted learner, in his retained administrative centre."""
        def build():
            r = self._retained(y).copy()
            for col in ("sexe", "date_naissance", "nationalite"):
                latest = self._latest_known(col)
                if col != "date_naissance":
                    latest, r[col] = latest.astype("string"), _str(r[col])
                r[col] = r[col].fillna(r["auditeur_id"].map(latest))
            first = self._first_inscription_values()
            out = pd.DataFrame({
                "auditeur_id": r["auditeur_id"].astype("string"),
                "ca": r["ca"],
                "aire": r["ca"].map(self.aire_of),
                "sexe": _str(r["sexe"]),
                "date_naissance": r["date_naissance"],
                "age": age_at(r["date_naissance"], y, self.p.age_valid),
                "nationalite": _str(r["nationalite"]),
                "type_contrat": _str(r["type_contrat"]),
            })
            for src, dst in (("niveau_diplome_entree", "niveau_entree"), ("situation_emploi_entree", "situation_entree"),
                             ("pcs_entree", "pcs_entree"), ("quotite_travail", "quotite_entree")):
                out[dst] = r["auditeur_id"].map(first[src]).astype("string")
            for opt in ("type_diplome_prepare", "type_activite", "epn_cursus", "situation_emploi_annee", "pcs_annee"):
                out[opt] = _str(r[opt]) if opt in r else pd.Series(pd.NA, index=r.index, dtype="string")
            ins = self.ins(y)
            flags = pd.DataFrame({
                "auditeur_id": ins["auditeur_id"],
                "fh": ins["modalite"].isin(FOAD_HYB).fillna(False).astype(bool),
                "alt": (ins["type_activite"] == "ALT").fillna(False).astype(bool),
            })
            per = flags.groupby("auditeur_id", observed=True).agg(
                n_ins=("fh", "size"), foad_hyb=("fh", "max"), ins_alt=("alt", "max"))
            out = out.join(per, on="auditeur_id")
            flag = r["alternance"].astype("boolean")
            out["alternant"] = flag.fillna(out["ins_alt"].astype("boolean")).fillna(False).astype(bool).values
            out["foad_hyb"] = out["foad_hyb"].fillna(False).astype(bool)
            return out.reset_index(drop=True)
        return self._memo(("aud", y), build)

    # -- centre-level rules ----------------------------------------------------------
    def entrants(self, y: str) -> pd.Series:
        """ENT(c, y): learners of another centre with >= 1 entering-modality inscription at c."""
        ins = self.ins(y)
        m = ins["has_learner"] & (ins["centre"] != ins["ca"]) & ins["modalite"].isin(self.p.entrant_modalites).fillna(False)
        return ins.loc[m].drop_duplicates(["centre", "auditeur_id"]).groupby("centre").size()

    def flows(self, y: str, modalite: str) -> pd.DataFrame:
        """Inscription flows of one modality by centre: régionales, entrantes, sortantes."""
        ins = self.ins(y)
        ins = ins[ins["has_learner"] & (ins["modalite"] == modalite).fillna(False)]
        local = ins["centre"] == ins["ca"]
        regionales = ins[local].groupby("centre").size()
        entrantes = ins[~local].groupby("centre").size()
        sortantes = ins[~local].groupby("ca").size()
        out = pd.DataFrame({"regionales": regionales, "entrantes": entrantes, "sortantes": sortantes}).fillna(0)
        return out.astype(int)

    def openings(self, y: str) -> pd.DataFrame:
        """OUV: distinct (centre, code, modalité) with >= 1 inscription of INS(y)."""
        ins = self.ins(y)
        return ins[["centre", "code_enseignement", "modalite"]].drop_duplicates()

    # -- manual collection (§2.9) ----------------------------------------------------
    def supplement(self, y: str) -> pd.DataFrame:
        """Aggregates of the centres outside the warehouse for y, one row per centre group."""
        sup = self.x.frames.get("collecte_manuelle")
        if sup is None:
            return pd.DataFrame(columns=["centre", "aire"])
        sup = sup[sup["annee"] == y].copy()
        sup["centre"] = self.centre_group(sup["centre"])
        sup["aire"] = sup["centre"].map(self.aire_of)
        return sup

    def supplement_centres(self, years) -> list[str]:
        """Labels of the centres whose supplement covers any of `years` (for notes)."""
        labels = self.ref.centre_rows["libelle"]
        found: list[str] = []
        for y in years:
            for c in self.supplement(y)["centre"]:
                if labels[c] not in found:
                    found.append(labels[c])
        return found


# -- age classes and employment at inscription (TABLES.md §2.4, T13) -------------------

AGE_CLASSES: tuple[tuple[int | None, int | None, str], ...] = (
    (None, 19, "Moins de 20 ans"),
    (20, 24, "20 à 24 ans"),
    (25, 29, "25 à 29 ans"),
    (30, 34, "30 à 34 ans"),
    (35, 39, "35 à 39 ans"),
    (40, 44, "40 à 44 ans"),
    (45, 49, "45 à 49 ans"),
    (50, 54, "50 à 54 ans"),
    (55, 59, "55 à 59 ans"),
    (60, None, "60 ans ou plus"),
)

def age_class(age: pd.Series) -> pd.Series:
    """The class label of each valid age (missing age → missing class)."""
    out = pd.Series(pd.NA, index=age.index, dtype="object")
    a = age.astype("Float64")
    for lo, hi, lab in AGE_CLASSES:
        m = pd.Series(True, index=age.index)
        if lo is not None:
            m &= (a >= lo).fillna(False).astype(bool)
        if hi is not None:
            m &= (a <= hi).fillna(False).astype(bool)
        out[m & a.notna().astype(bool)] = lab
    return out


def annual_field_filled(x: Extraction, y: str, column: str) -> bool:
    """T13/T14: a year-specific field is used for year y when it holds at least one value
    among the `auditeurs` rows of y (TABLES.md T13 Reading)."""
    if column not in x.columns("auditeurs"):
        return False
    return bool(x.rows("auditeurs", annee=y, columns=[column])[column].notna().any())


def employment_at_inscription(x: Extraction, p: EditionParams, y: str) -> tuple[pd.DataFrame, dict]:
    """Situation and PCS « lors de l'inscription » of every learner of AUD(y): the year's field
    when filled for y (empty = non renseigné), else the first-inscription value, decided per
    field. Returns the frame (auditeur_id, ca, situation, pcs codes) and the source used."""
    aud = scope(x, p).aud(y)
    src = {"situation": annual_field_filled(x, y, "situation_emploi_annee"),
           "pcs": annual_field_filled(x, y, "pcs_annee")}
    out = pd.DataFrame({
        "auditeur_id": aud["auditeur_id"],
        "ca": aud["ca"],
        "situation": aud["situation_emploi_annee"] if src["situation"] else aud["situation_entree"],
        "pcs": aud["pcs_annee"] if src["pcs"] else aud["pcs_entree"],
    })
    return out, src


def scope(x: Extraction, p: EditionParams) -> Scope:
    """The Scope of an extraction for the parameters the counting rules depend on."""
    key = ("scope", p.entrant_modalites, p.age_valid)
    if key not in x.cache:
        x.cache[key] = Scope(x, p)
    return x.cache[key]


# -- diploma promotions (§2.8) -------------------------------------------------------

def promotion(groupe: pd.Series, date_jury: pd.Series, p: EditionParams) -> pd.Series:
    """Promotion label "(Y-1)-Y" of each parchemin: rectorat window (1 Dec – 30 Nov) for
    group R, calendar year for group C, overridden windows (Covid: 2019-2020 group R until
    31 Dec 2020, the next window starting 1 Jan 2021) from the edition parameters."""
    d = pd.to_datetime(date_jury)
    year = d.dt.year
    is_r = (groupe == "R").fillna(False).astype(bool)
    late = (d.dt.month == 12)
    y = year.where(~(is_r & late), year + 1)
    for w in p.promotion_overrides:
        in_window = (groupe == w.groupe).fillna(False).astype(bool) & (d >= pd.Timestamp(w.debut)) & (d <= pd.Timestamp(w.fin))
        y = y.where(~in_window, year_start(w.promotion) + 1)
    label = (y - 1).astype("Int64").astype("string") + "-" + y.astype("Int64").astype("string")
    return label.where(d.notna())
