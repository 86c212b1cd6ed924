"""Les auditeurs du Cnam – les MOOC (T7) and the data of Graphique 3.

MOOC sessions come from their own file (`mooc`, one row per session). Their learners are
outside the auditeur universe: nothing here touches AUD(y) or INS(y), and no MOOC figure is
ever added to an auditeur table (TABLES.md T7, §6.16).
"""
from __future__ import annotations

import math

import pandas as pd

from ..extraction import Extraction
from ..formatting import fmt_int
from ..indicators import evolution, ratio
from ..params import EditionParams
from ..perimeter import academic_year_of
from ..sections import title
from ..table import Table, TableBuilder
from .common import CH_MOOC, collation_key, EPN_MISSING, EPN_MISSING_CODE, SRC_MOOC, TOTAL, epn_key, evol_header
from .registry import register

NAN = math.nan

INSCRIPTIONS = "Inscriptions"
SESSIONS = "Sessions"
ATTESTATIONS = "Attestations ou certificats délivrés"
TAUX = "Taux d'obtention (%)"


# -- unit-level data -----------------------------------------------------------------

def mooc_sessions(x: Extraction, years: list[str]) -> pd.DataFrame:
    """The MOOC sessions opened in `years`, with their academic year, EPN key and counts.

    Columns: session_id, code_mooc, libelle, epn (EPN code or EPN_MISSING_CODE), annee,
    date_ouverture, inscrits, attestations (NaN where missing or when the field is absent).
    """
    m = x.frames.get("mooc")
    cols = ["session_id", "code_mooc", "libelle", "epn", "annee", "date_ouverture", "inscrits", "attestations"]
    if m is None or m.empty:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame({
        "session_id": m["session_id"].astype("string"),
        "code_mooc": m["code_mooc"].astype("string"),
        "libelle": m["libelle"].astype("string") if "libelle" in m else pd.Series(pd.NA, index=m.index, dtype="string"),
        "epn": epn_key(m["epn"]),
        "annee": academic_year_of(m["date_ouverture"]),
        "date_ouverture": pd.to_datetime(m["date_ouverture"]),
        "inscrits": pd.to_numeric(m["inscrits"]).astype("float64"),
        "attestations": (pd.to_numeric(m["attestations"]).astype("float64") if "attestations" in m
                         else pd.Series(NAN, index=m.index, dtype="float64")),
    })
    return out[out["annee"].isin(years).fillna(False).astype(bool)].reset_index(drop=True)


def _mooc_identity(sessions: pd.DataFrame) -> pd.DataFrame:
    """One row per code_mooc: label and EPN of its latest session in the displayed years that
    carries them (the code itself when no session has a label; « EPN non renseignée » when no
    session has an EPN)."""
    s = sessions.sort_values(["code_mooc", "date_ouverture", "session_id"])
    codes = s["code_mooc"].unique()
    known_epn = s[s["epn"] != EPN_MISSING_CODE]
    epn = known_epn.groupby("code_mooc", sort=False).tail(1).set_index("code_mooc")["epn"]
    labels = s.dropna(subset=["libelle"]).groupby("code_mooc", sort=False).tail(1).set_index("code_mooc")["libelle"]
    ident = pd.DataFrame(index=pd.Index(codes, name="code_mooc"))
    ident["epn"] = epn.reindex(ident.index).fillna(EPN_MISSING_CODE)
    ident["libelle"] = labels.reindex(ident.index)
    ident["libelle"] = ident["libelle"].fillna(pd.Series(ident.index, index=ident.index, dtype="string"))
    return ident


def _row_order(ident: pd.DataFrame, x: Extraction) -> list[tuple[str, tuple[str, str]]]:
    """(code_mooc, (EPN label, MOOC label)) in EPN reference order, alphabetical inside;
    a label shared by two codes of one EPN is followed by its code."""
    epn_labels = x.ref.epn["libelle"].to_dict()
    order = list(epn_labels) + [EPN_MISSING_CODE]
    ident = ident.assign(epn=ident["epn"].where(ident["epn"].isin(order), EPN_MISSING_CODE))
    out = []
    for epn in order:
        sub = ident[ident["epn"] == epn]
        if sub.empty:
            continue
        dup = sub["libelle"].duplicated(keep=False)
        names = {code: (f"{lab} ({code})" if dup[code] else lab) for code, lab in sub["libelle"].items()}
        block = epn_labels.get(epn, EPN_MISSING)
        for code in sorted(names, key=lambda c: (collation_key(names[c]), c)):
            out.append((code, (block, names[code])))
    return out


def year_measures(sessions: pd.DataFrame) -> dict:
    """Measures of one group of sessions of one year: inscriptions, sessions, attestations
    (sessions whose attestations are known), base of the taux, sessions without attestations."""
    known = sessions["attestations"].notna()
    return {
        "inscriptions": float(sessions["inscrits"].sum()),
        "sessions": int(len(sessions)),
        "attestations": float(sessions.loc[known, "attestations"].sum()),
        "base": float(sessions.loc[known, "inscrits"].sum()),
        "known": int(known.sum()),
        "missing": int((~known).sum()),
        "missing_inscrits": float(sessions.loc[~known, "inscrits"].sum()),
    }


def _attestation_cells(m: dict, p: EditionParams, field_present: bool):
    """(attestations, symbol), (taux, symbol) of one row: nd when the field is absent or when
    no session of the row carries it; the taux leaves out sessions without attestations."""
    if not field_present or (m["sessions"] > 0 and m["known"] == 0):
        return (NAN, "nd"), (NAN, "nd")
    return (m["attestations"], ""), ratio(m["attestations"], m["base"], p.min_base)


# -- T7 ------------------------------------------------------------------------------

@register(7)
def t07(x: Extraction, p: EditionParams) -> Table:
    years = list(p.S3)
    last, prev = p.N, p.n_minus(1)
    sessions = mooc_sessions(x, years)
    field_present = "mooc" in x.frames and "attestations" in x.frames["mooc"].columns
    ident = _mooc_identity(sessions) if not sessions.empty else pd.DataFrame(columns=["epn", "libelle"])
    ordered = _row_order(ident, x)
    rows = [label for _, label in ordered] + [("", TOTAL)]
    groups = [(label, sessions[sessions["code_mooc"] == code]) for code, label in ordered]
    groups.append((("", TOTAL), sessions))
    tb = TableBuilder(rows, [""] * len(ordered) + ["total"])

    measures = {y: {label: year_measures(g[g["annee"] == y]) for label, g in groups} for y in years}
    for y in years:
        tb.add((INSCRIPTIONS, y), {k: m["inscriptions"] for k, m in measures[y].items()}, "count")
    mN = measures[last]
    tb.add((last, SESSIONS), {k: m["sessions"] for k, m in mN.items()}, "count")
    att, taux = {}, {}
    for k, m in mN.items():
        att[k], taux[k] = _attestation_cells(m, p, field_present)
    tb.add_cells((last, ATTESTATIONS), att, "count")
    tb.add_cells((last, TAUX), {k: (*taux[k], m["base"] if field_present else NAN) for k, m in mN.items()}, "pct")
    tb.add_cells(evol_header(p), {k: evolution(mN[k]["inscriptions"], measures[prev][k]["inscriptions"], p.min_base)
                                  for k in mN}, "evol")

    notes = ["Note : une inscription est l'inscription d'une personne à une session de MOOC ; les inscrits aux "
             "MOOC ne sont pas des auditeurs du Cnam et ne sont comptés dans aucun autre tableau.",
             f"Note : une session est rattachée à l'année universitaire de sa date d'ouverture (du 1er septembre "
             f"au 31 août) ; taux d'obtention = attestations ou certificats délivrés / inscriptions, en {last}."]
    if not field_present:
        notes.append("Note : nombre d'attestations ou de certificats délivrés non disponible dans l'extraction.")
    else:
        tot = mN[("", TOTAL)]
        if tot["missing"]:
            notes.append(f"Note : nombre d'attestations non renseigné pour {tot['missing']} session(s) de {last} "
                         f"({fmt_int(tot['missing_inscrits'])} inscriptions) : ces sessions sont exclues du calcul du "
                         "taux d'obtention (numérateur et dénominateur) et des attestations délivrées.")
    return tb.build(7, title(7, p), CH_MOOC, SRC_MOOC, notes, section="03")


# -- Graphique 3 ---------------------------------------------------------------------

def year_totals(x: Extraction, p: EditionParams) -> pd.DataFrame:
    """Network totals per year of S3, same rules as T7's Total row: inscriptions, sessions,
    attestations (NaN where unavailable) and taux d'obtention with its base."""
    sessions = mooc_sessions(x, list(p.S3))
    field_present = "mooc" in x.frames and "attestations" in x.frames["mooc"].columns
    out = []
    for y in p.S3:
        m = year_measures(sessions[sessions["annee"] == y])
        (a, a_sym), (t, t_sym) = _attestation_cells(m, p, field_present)
        out.append({"annee": y, "inscriptions": m["inscriptions"], "sessions": m["sessions"],
                    "attestations": NAN if a_sym else a, "taux_obtention": NAN if t_sym else t,
                    "base_taux": m["base"]})
    return pd.DataFrame(out)


def graphique_3_data(t: Table, x: Extraction | None = None, p: EditionParams | None = None) -> pd.DataFrame:
    """Tidy frame of Graphique 3: one row per year of S3 with `annee`, `inscriptions` (bars)
    and `attestations` (dots), read from T7's « Total » row (published values: a cell shown
    nd is a gap, not a zero). T7 prints attestations for N only; given the extraction and the
    parameters, the attestations of the earlier years come from the same rule (`year_totals`)."""
    years = [c[1] for c in t.columns if c[0] == INSCRIPTIONS]
    last = next(c[0] for c in t.columns if len(c) > 1 and c[1] == ATTESTATIONS)
    total = ("", TOTAL)
    data = pd.DataFrame({
        "annee": years,
        "inscriptions": [t.published(total, (INSCRIPTIONS, y)) for y in years],
        "attestations": [t.published(total, (last, ATTESTATIONS)) if y == last else None for y in years],
    })
    if x is not None and p is not None:
        other = year_totals(x, p).set_index("annee")["attestations"]
        data["attestations"] = [a if y == last else other.get(y, NAN) for y, a in zip(years, data["attestations"])]
    data["inscriptions"] = pd.to_numeric(data["inscriptions"]).astype("float64")
    data["attestations"] = pd.to_numeric(data["attestations"]).astype("float64")
    return data
