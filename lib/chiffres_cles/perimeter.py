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

from collections import OrderedDict
from dataclasses import astuple, dataclass

import numpy as np
import pandas as pd
from pandas.api.extensions import take

from .extraction import Extraction
from .fastops import isin
from .indicators import ratio
from .params import EditionParams, year_start
from .scope_cache import SharedScopes

IN_SCOPE_TYPES = ("UE", "US")
INS_COLUMNS = ["inscription_id", "auditeur_id", "annee", "code_enseignement", "centre_peda", "modalite",
               "type_activite", "heures_theoriques", "present_examen", "note", "evaluation_prevue"]
FOAD_HYB = ("FOAD", "HYB")
# memory a Scope gives to the years of INS and AUD read back from the shared scopes: beyond it,
# the least recently used are let go and read again when asked (the Cnam's inscriptions: 45 Mo
# a year, all kept; ten times them: 450 Mo a year, one year at a time)
KEEP_READ_MB = 400

# exam statuses (TABLES.md §2.6)
NOT_ASSESSED = "hors_evaluation"
NOT_ENTERED = "non_saisi"
ABSENT = "absent"
PASSED = "recu"
FAILED = "ajourne"
STATUS_LABELS = np.array([NOT_ENTERED, ABSENT, PASSED, FAILED], dtype=object)


def positions(index, labels) -> np.ndarray:
    """The position in `index` (unique labels) of each of `labels`, -1 when absent: hashed by
    Arrow over integer codes, without a Python object per label (millions of learners)."""
    both = pd.concat([pd.Series(index), pd.Series(labels)], ignore_index=True).astype("string")
    codes = np.asarray(pd.factorize(both)[0])  # a missing label: -1, the last (absent) slot below
    where = np.full(int(codes.max(initial=-1)) + 2, -1)
    where[codes[:len(index)]] = np.arange(len(index))
    return where[codes[len(index):]]


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
    status = np.where(is_absent, 1, 0)  # positions in STATUS_LABELS: one string object per status
    status = np.where(is_present & has_note & (note >= 10).fillna(False).astype(bool), 2, status)
    status = np.where(is_present & has_note & (note < 10).fillna(False).astype(bool), 3, status)
    out = pd.Series(STATUS_LABELS[status], index=present.index, dtype="object")
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
    """INS(y) and AUD(y) of one extraction under one set of edition parameters (memoised).

    `applied[(rule, file, y)]` records how many rows each rule that changes or drops rows
    acted on while INS(y) and AUD(y) were built (the rule report of `rule_report.py`).

    On a build's normalised copy, INS(y) and AUD(y) are read from the build's shared scopes
    when another process published them, else built here and published (`scope_cache.py`)."""

    def __init__(self, x: Extraction, p: EditionParams):
        self.x, self.p, self.ref = x, p, x.ref
        self._cache: dict = {}
        self.shared = SharedScopes.of(x, p)
        self._built_here: set[str] = set()
        self._read: OrderedDict = OrderedDict()  # (part, y) read from the shared scopes, oldest first
        self.group = self.ref.centre_group
        self.aire_of = self.ref.centre_rows["aire"].to_dict()
        self.applied: dict[tuple[str, str, str], int] = {}

    def _memo(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    def _applied(self, rule: str, file: str, y: str, n) -> None:
        self.applied[(rule, file, y)] = int(n)

    def _year(self, y: str, part: str) -> None:
        """INS(y) (`part` "ins") or AUD(y) ("aud") with the rule counts of y from the shared
        scopes, or both built here and published there. Without shared scopes, nothing: each
        is built when asked."""
        if self.shared is None:
            return
        if (part, y) in self._read:
            self._read.move_to_end((part, y))
            return
        if (part, y) in self._cache or y in self._built_here:
            return
        found = self.shared.load(y, part)
        if found is not None:
            self._cache[(part, y)], applied = found
            self.applied.update(applied)
            self._hold((part, y))
            return
        self._built_here.add(y)  # not published: built here (both), then published
        aud = self.aud(y)  # builds INS(y) on the way
        self.shared.save(y, self._cache[("ins", y)], aud, self.applied)
        if self.shared.has(y):  # published: held as if read back (read again once let go)
            self._built_here.discard(y)
            self._cache.pop(("retained", y), None)
            self._hold(("ins", y))
            self._hold(("aud", y))

    def _hold(self, key) -> None:
        """Keep a frame read back (or published), letting go of the least recently used ones
        beyond KEEP_READ_MB (never the last one)."""
        self._read[key] = int(self._cache[key].memory_usage(index=False).sum())
        self._read.move_to_end(key)
        while len(self._read) > 1 and sum(self._read.values()) > KEEP_READ_MB * 2**20:
            old, _ = self._read.popitem(last=False)
            self._cache.pop(old, None)

    def count_rules(self, y: str) -> None:
        """Fill `applied` for year y: from the shared scopes when published (without reading
        the frames), else by building INS(y) and AUD(y)."""
        if self.shared is not None and y not in self._built_here:
            found = self.shared.applied(y)
            if found is not None:
                self.applied.update(found)
                return
        self.ins(y)
        self.aud(y)

    def release(self, y: str) -> None:
        """Forget every frame of year y this Scope holds (the rule counts stay)."""
        for key in [k for k in self._cache if isinstance(k, tuple) and k[-1] == y]:
            del self._cache[key]
        self._built_here.discard(y)  # read back from the shared scopes if asked again
        for key in [k for k in self._read if k[1] == y]:
            del self._read[key]

    def _note_centre_codes(self, file: str, y: str, codes: pd.Series) -> None:
        """Rows whose centre code is an old one (historical mapping), or a code of Paris –
        Établissement public other than Cnam Paris itself (merged into its row)."""
        codes = _str(codes)
        centres = self.ref.centres
        ep = centres.index[centres["type"] == "EP"]
        main = centres.loc[ep, "ordre_publication"].idxmin() if len(ep) else None
        distinct = codes.dropna().unique()  # the mapping applied per distinct code, not per row
        current = codes.map(dict(zip(distinct, map(self.ref.current_code, distinct))))
        self._applied("centre_ancien_code", file, y, isin(codes, list(self.ref.historique)).sum())
        self._applied("fusion_etablissement_public", file, y,
                      (isin(current, list(ep)) & (current != main).fillna(False)).sum())

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
            self._applied("inscription_hors_offre", "inscriptions", y, len(ins) - len(out))
            self._note_centre_codes("inscriptions", y, out["centre_peda"])
            return out
        return self._memo(("ins_base", y), build)

    def ins(self, y: str) -> pd.DataFrame:
        """INS(y): one row per in-scope inscription, placed and typed for the tables."""
        self._year(y, "ins")

        def build():
            base = self._ins_base(y)
            learners = self._retained(y)[["auditeur_id", "ca"]]
            out = base.merge(learners, on="auditeur_id", how="left")
            out["has_learner"] = out["ca"].notna()
            out["centre"] = out["centre_peda_group"].fillna(out["ca"])
            no_centre = out["centre_peda_group"].isna()
            self._applied("inscription_sans_auditeur", "inscriptions", y, (~out["has_learner"] & ~no_centre).sum())
            self._applied("centre_peda_manquant", "inscriptions", y, (out["has_learner"] & no_centre).sum())
            self._applied("inscription_non_localisable", "inscriptions", y, out["centre"].isna().sum())
            out = out[out["centre"].notna()]  # neither centre nor learner: cannot be placed (a new frame)
            out["aire"] = out["centre"].map(self.aire_of)
            out["aire_ca"] = out["ca"].map(self.aire_of)
            out["modalite"] = _str(out["modalite"])
            self._applied("modalite_non_renseignee", "inscriptions", y, out["modalite"].isna().sum())
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
                rows = pd.concat([rows[~dup], self._resolve_duplicates(rows[dup], base, y)])
            self._note_centre_codes("auditeurs", y, rows["centre_admin"])
            return rows.reset_index(drop=True)
        return self._memo(("retained", y), build)

    def _resolve_duplicates(self, rows: pd.DataFrame, base: pd.DataFrame, y: str | None = None) -> pd.DataFrame:
        """Several rows for one learner and year: the centre organising most of his non-FOAD
        inscriptions, then the earliest administrative inscription, then the smallest code.
        Records how many learners each criterion settled (`applied`, rules doublon_*)."""
        ins = base[isin(base["auditeur_id"], rows["auditeur_id"]) & (_str(base["modalite"]) != "FOAD").fillna(True)]
        counts = (ins.groupby(["auditeur_id", "centre_peda_group"], observed=True).size()
                  .rename("n_local").reset_index().rename(columns={"centre_peda_group": "ca"}))
        r = rows.merge(counts, on=["auditeur_id", "ca"], how="left")
        r["n_local"] = r["n_local"].fillna(0)
        date = r["date_inscription_admin"] if "date_inscription_admin" in r else pd.Series(pd.NaT, index=r.index)
        r["_date"] = date.fillna(pd.Timestamp.max)
        r["_code"] = _str(r["centre_admin"])
        r = r.sort_values(["auditeur_id", "n_local", "_date", "_code"], ascending=[True, False, True, True])
        if y is not None:  # the first criterion telling the retained row from the runner-up
            first = r.drop_duplicates("auditeur_id").set_index("auditeur_id")
            second = r[r["auditeur_id"].duplicated()].drop_duplicates("auditeur_id").set_index("auditeur_id")
            by_majority = first["n_local"] != second["n_local"]
            by_date = ~by_majority & (first["_date"] != second["_date"])
            self._applied("doublon_majorite", "auditeurs", y, by_majority.sum())
            self._applied("doublon_date", "auditeurs", y, by_date.sum())
            self._applied("doublon_code", "auditeurs", y, (~by_majority & ~by_date).sum())
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

    def _learner_values(self) -> pd.DataFrame:
        """Per learner (index auditeur_id): the declared attributes at the first inscription and
        the most recent known sex, birth date and nationality (`latest_<column>`), in one frame
        so that AUD(y) looks each learner up once (a missing learner: missing values)."""
        def build():
            out = self._first_inscription_values().copy(deep=False)  # every learner of the file
            for c in ("sexe", "date_naissance", "nationalite"):
                latest = self._latest_known(c)
                if (positions(out.index, latest.index) < 0).any():  # (never: the same rows) as a join would
                    return pd.concat([self._latest_known(k).rename(f"latest_{k}")
                                      for k in ("sexe", "date_naissance", "nationalite")]
                                     + [self._first_inscription_values()], axis=1)
                out[f"latest_{c}"] = take(latest.array, positions(latest.index, out.index), allow_fill=True)
            for c in ("sexe", "date_naissance", "nationalite"):  # held once, in the frame
                self._cache.pop(("latest", c), None)
            self._cache.pop("first_values", None)
            return out
        return self._memo("learner_values", build)

    def aud(self, y: str) -> pd.DataFrame:
        """AUD(y): one row per counted learner, in his retained administrative centre."""
        self._year(y, "aud")

        def build():
            r = self._retained(y).copy()
            known = self._learner_values()
            at = positions(known.index, r["auditeur_id"])  # each learner looked up once

            def looked_up(col: str) -> pd.Series:  # `r["auditeur_id"].map(values of col)`
                return pd.Series(take(known[col].array, at, allow_fill=True), index=r.index)
            for col in ("sexe", "date_naissance", "nationalite"):
                other_year = looked_up(f"latest_{col}")
                if col != "date_naissance":
                    other_year, r[col] = other_year.astype("string"), _str(r[col])
                self._applied(f"{col}_autre_annee", "auditeurs", y, (r[col].isna() & other_year.notna()).sum())
                r[col] = r[col].fillna(other_year)
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
            self._applied("age_hors_bornes", "auditeurs", y, (out["date_naissance"].notna() & out["age"].isna()).sum())
            for src, dst in (("niveau_diplome_entree", "niveau_entree"), ("situation_emploi_entree", "situation_entree"),
                             ("pcs_entree", "pcs_entree"), ("quotite_travail", "quotite_entree")):
                out[dst] = looked_up(src).astype("string")
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
            out["epn_alternance"] = main_epn(out, ins, self.ref.epn.index)
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
    key = ("filled_years", column)  # every year at once: the file is read once per column
    if key not in x.cache:
        if column not in x.columns("auditeurs"):
            x.cache[key] = frozenset()
        else:
            rows = x.rows("auditeurs", columns=["annee", column])
            x.cache[key] = frozenset(rows.loc[rows[column].notna(), "annee"].astype(str).unique())
    return y in x.cache[key]


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


# -- alternance: the main EPN of an alternant (TABLES.md, head of « Focus sur l'alternance ») --

def alternant_epn(s: Scope, y: str) -> pd.Series:
    """EPN of every alternant of ALT(y) (T28, T30), indexed by auditeur_id; missing when
    none can be determined (« EPN non renseignée »): the column `epn_alternance` of AUD(y)
    (`main_epn`), computed with AUD(y) so that a section reads it without INS(y).
    ALT(y) is `Scope.aud(y)["alternant"]`, the learners T2 puts in « Alternance »."""
    aud = s.aud(y)
    alt = aud.loc[aud["alternant"], ["auditeur_id", "epn_alternance"]]
    return pd.Series(alt["epn_alternance"].to_numpy(), index=pd.Index(alt["auditeur_id"], name="auditeur_id"),
                     dtype="string")


def main_epn(aud: pd.DataFrame, ins: pd.DataFrame, epn_order) -> pd.Series:
    """The main EPN of each alternant of `aud` (AUD(y) rows, `alternant` set), aligned on
    `aud`, missing for the other learners and when none can be determined.

    `epn_cursus` when given; else the EPN carrying most theoretical hours among his
    alternance inscriptions of y that have an EPN (among all his inscriptions of y with an
    EPN when none of the alternance ones has); ties → most inscriptions → EPN reference
    order (`epn_order`), then code."""
    out = aud["epn_cursus"].astype("string").where(aud["alternant"].to_numpy())
    unknown = aud.loc[aud["alternant"].to_numpy() & out.isna().to_numpy(), "auditeur_id"]  # derived from INS(y)
    ins = ins.loc[isin(ins["auditeur_id"], unknown) & ins["epn"].notna(),
                  ["auditeur_id", "epn", "heures", "type_activite"]].copy()
    ins["auditeur_id"] = ins["auditeur_id"].astype("string")
    ins["is_alt"] = (ins["type_activite"] == "ALT").fillna(False).astype(bool)
    has_alt = ins.groupby("auditeur_id")["is_alt"].transform("max").astype(bool)
    cand = ins[ins["is_alt"] | ~has_alt]
    per = (cand.groupby(["auditeur_id", "epn"], observed=True)
           .agg(heures=("heures", "sum"), n=("heures", "size")).reset_index())
    order = {code: i for i, code in enumerate(epn_order)}
    per["_order"] = per["epn"].map(order).fillna(len(order))
    per = per.sort_values(["auditeur_id", "heures", "n", "_order", "epn"],
                          ascending=[True, False, False, True, True], kind="stable")
    derived = per.drop_duplicates("auditeur_id").set_index("auditeur_id")["epn"].astype("string")
    return out.fillna(pd.Series(aud["auditeur_id"].astype("string").map(derived).to_numpy(), index=out.index,
                                dtype="string").where(aud["alternant"].to_numpy()))


# -- exams: counts and rates of a group of inscriptions (TABLES.md §2.6, §2.9) -------------

ENTERED_STATUSES = (ABSENT, PASSED, FAILED)
PRESENT_STATUSES = (PASSED, FAILED)
COMPLETENESS, PRESENCE, SUCCESS = "completude", "presence", "reussite"


@dataclass(frozen=True)
class ExamCounts:
    """What the exam rates of a group of inscriptions are made of (T60–T65).

    `inscriptions` counts every inscription of the group (the « Inscriptions » columns);
    `not_assessed` those with `evaluation_prevue = False`; `unreported` supplement inscriptions
    whose exam results were not collected. The base of completeness is what remains."""

    inscriptions: float = 0
    not_assessed: float = 0
    unreported: float = 0
    entered: float = 0   # inscriptions renseignées: absent + reçu + ajourné
    present: float = 0   # reçu + ajourné
    passed: float = 0    # présent with a mark >= 10/20

    def __add__(self, other: "ExamCounts") -> "ExamCounts":
        return ExamCounts(*(a + b for a, b in zip(astuple(self), astuple(other))))

    @property
    def assessed(self) -> float:
        return self.inscriptions - self.not_assessed - self.unreported

    def rates(self, min_base: int) -> dict[str, tuple[float, str, float]]:
        """Completeness, presence and success rates as (value, symbol, base) cells: base 0 →
        ///, base below `min_base` → ns (§1.4)."""
        return {
            COMPLETENESS: (*ratio(self.entered, self.assessed, min_base), self.assessed),
            PRESENCE: (*ratio(self.present, self.entered, min_base), self.entered),
            SUCCESS: (*ratio(self.passed, self.present, min_base), self.present),
        }


def exam_counts(statut: pd.Series) -> ExamCounts:
    """ExamCounts of a group of inscriptions of INS(y) from their `statut` (Scope.ins)."""
    return ExamCounts(
        inscriptions=len(statut),
        not_assessed=int((statut == NOT_ASSESSED).sum()),
        entered=int(statut.isin(ENTERED_STATUSES).sum()),
        present=int(statut.isin(PRESENT_STATUSES).sum()),
        passed=int((statut == PASSED).sum()),
    )


SUPPLEMENT_EXAM_MEASURES = ("inscriptions", "inscriptions_renseignees", "presents", "recus")


def supplement_exam_reported(sup: pd.DataFrame) -> pd.Series:
    """Rows of the §2.9 supplement that give their inscriptions and the three exam measures."""
    if sup.empty or any(c not in sup.columns for c in SUPPLEMENT_EXAM_MEASURES):
        return pd.Series(False, index=sup.index)
    return sup[list(SUPPLEMENT_EXAM_MEASURES)].notna().all(axis=1)


def supplement_exam_counts(sup: pd.DataFrame) -> ExamCounts:
    """ExamCounts of §2.9 supplement rows: all their inscriptions; the inscriptions
    renseignées, présents and reçus of the rows that give them (the inscriptions of the other
    rows stay out of the rates' bases, `unreported`)."""
    if sup.empty or "inscriptions" not in sup.columns:
        return ExamCounts()
    inscriptions = sup["inscriptions"].fillna(0).astype(float)
    reported = supplement_exam_reported(sup)
    r = sup[reported]
    return ExamCounts(
        inscriptions=float(inscriptions.sum()),
        unreported=float(inscriptions[~reported].sum()),
        entered=float(r["inscriptions_renseignees"].sum()) if len(r) else 0.0,
        present=float(r["presents"].sum()) if len(r) else 0.0,
        passed=float(r["recus"].sum()) if len(r) else 0.0,
    )


# -- diplomas: delivered parchemins and their promotion (TABLES.md §2.8) -------------------

UNMAPPED_PARCHEMIN = "AUTRE"


def parchemins(x: Extraction, p: EditionParams) -> tuple[pd.DataFrame, dict]:
    """Delivered parchemins (T66–T69), one row each (an identical repeated row once), with
    their type code (reference `type_parchemin`; unmapped or missing → « Autre
    certification », calendar-year rule), group (R/C) and promotion (`promotion`).
    Parchemins without a jury date are left out. Returns the frame and the number of
    excluded (`sans_date`) and retyped (`type_inconnu`, by promotion) parchemins."""
    key = ("parchemins", p.promotion_overrides)
    if key in x.cache:
        return x.cache[key]
    ref = x.ref.parchemins
    dip = x["diplomes"].drop_duplicates().copy()
    code = _str(dip["type_parchemin"])
    known = code.isin(ref.index).fillna(False).astype(bool)
    dip["type"] = code.where(known, UNMAPPED_PARCHEMIN)
    dip["groupe"] = dip["type"].map(ref["groupe"]).fillna("C").astype("string")
    dip["promotion"] = promotion(dip["groupe"], dip["date_jury"], p)
    dated = dip["promotion"].notna()
    info = {"sans_date": int((~dated).sum()),
            "type_inconnu": dip.loc[dated & ~known, "promotion"].value_counts().to_dict()}
    out = dip.loc[dated, ["parchemin_id", "type", "groupe", "promotion", "niveau", "epn", "sexe", "date_jury"]]
    for c in ("niveau", "epn", "sexe"):
        out[c] = _str(out[c])
    x.cache[key] = (out.reset_index(drop=True), info)
    return x.cache[key]


# -- validation of prior learning: VAPP, VAE, VES (TABLES.md §2.7) ------------------------
#
# A notification is one decision row of the scheme whose decision code is in scope (the
# reference `decision` file, column `perimetre`); RECEVABILITE, DESISTEMENT, AJOURNEMENT and
# EN_COURS rows leave every table (the validation already counts them in the QA report,
# `check_decisions`). Its year is the calendar year of `date_decision`. A candidate of year c
# is a distinct `candidat_id` with at least one notification in c; his attributes (sex, age,
# situation, highest diploma and its date) are those of his first notification of c, by
# decision date then notification_id. Ages are exact at the decision date (days / 365.25)
# and outside `age_valid_candidats` (a birth after the decision included) they are missing.
# `date_plus_haut_diplome` holding a year alone is read as 1 July of that year — by the
# loader's `to_date_or_year`, applied again here so raw strings follow the same rule.

VALIDATION_COLUMNS = ["notification_id", "dossier_id", "candidat_id", "sexe", "date_naissance", "situation_emploi",
                      "niveau_diplome", "date_plus_haut_diplome", "diplome_vise", "type_diplome_vise",
                      "niveau_vise", "epn", "centre", "date_candidature", "date_decision", "decision",
                      "note_reglement", "financement"]


def in_scope_decisions(ref, dispositif: str) -> list[str]:
    """Decision codes of a scheme that make a notification, in publication order."""
    d = ref.decisions
    d = d[(d["dispositif"] == dispositif) & d["perimetre"]].sort_values("ordre")
    return list(d["code"])


def validation_notifications(x: Extraction, p: EditionParams, dispositif: str) -> pd.DataFrame:
    """The notifications of one scheme, every year: one row per in-scope decision with its
    calendar year (`annee`, int), the exact age at decision (`age`, missing when outside
    `age_valid_candidats`), its centre row (`centre_group`, missing when the code is empty or
    unknown to the reference) and the other fields as strings (absent optional fields are
    missing). Sorted by year, decision date, notification_id."""
    key = ("validation_notifications", dispositif, p.age_valid_candidats)

    def build():
        from .loading import to_date_or_year

        v = x["validations"]
        v = v[(_str(v["dispositif"]) == dispositif).fillna(False).to_numpy()]
        codes = in_scope_decisions(x.ref, dispositif)
        v = v[_str(v["decision"]).isin(codes).fillna(False).to_numpy()]
        out = pd.DataFrame(index=v.index)
        for col in VALIDATION_COLUMNS:
            if col not in v.columns:  # an optional field absent from the extraction (TABLES.md §5)
                if col.startswith("date_"):
                    out[col] = pd.Series(pd.NaT, index=v.index, dtype="datetime64[ns]")
                else:
                    out[col] = pd.Series(pd.NA, index=v.index, dtype="boolean" if col == "note_reglement" else "string")
            elif col in ("date_naissance", "date_candidature", "date_decision"):
                out[col] = pd.to_datetime(v[col])
            elif col == "date_plus_haut_diplome":
                out[col] = to_date_or_year(v[col])[0]  # a year alone: 1 July
            elif col == "note_reglement":
                out[col] = v[col].astype("boolean")
            else:
                out[col] = _str(v[col])
        out["annee"] = out["date_decision"].dt.year.astype(int)
        out["age"] = exact_age(out["date_naissance"], out["date_decision"], p.age_valid_candidats)
        out["centre_group"] = out["centre"].map(x.ref.centre_group).astype("string")
        out = out.sort_values(["annee", "date_decision", "notification_id"], kind="stable")
        return out.reset_index(drop=True)

    if key not in x.cache:
        x.cache[key] = build()
    return x.cache[key]


def validation_candidates(x: Extraction, p: EditionParams, dispositif: str, year: int) -> pd.DataFrame:
    """The candidates of one scheme in one calendar year: one row per candidat_id, with the
    attributes of his first notification of the year and `n_notifications`."""
    notif = validation_notifications(x, p, dispositif)
    notif = notif[notif["annee"] == year]
    first = notif.drop_duplicates("candidat_id", keep="first").set_index("candidat_id")
    first["n_notifications"] = notif.groupby("candidat_id").size()
    return first.reset_index()


def validation_out_of_scope(x: Extraction, dispositif: str, years) -> dict[int, int]:
    """Rows of a scheme with an out-of-scope decision code, per calendar year of decision
    (for the tables' notes; the QA report counts them once over the whole file)."""
    v = x["validations"]
    d = x.ref.decisions
    out_codes = list(d.loc[(d["dispositif"] == dispositif) & ~d["perimetre"], "code"])
    m = ((_str(v["dispositif"]) == dispositif) & _str(v["decision"]).isin(out_codes)).fillna(False).to_numpy()
    yrs = pd.to_datetime(v.loc[m, "date_decision"]).dt.year
    return {y: int((yrs == y).sum()) for y in years}
