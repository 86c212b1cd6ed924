"""Les inscriptions pédagogiques – les heures stagiaires (T23–T25).

HEURES (TABLES.md §2.2): the theoretical hours of every inscription of INS(y), the
catalogue's hours of its (code, année) when the inscription has none, 0 when neither is
known (a Note gives the share of such inscriptions). Negative values were made missing on
loading (QA warning), so they fall back to the catalogue like missing ones: they are never
summed. `perimeter.Scope.ins` computes `heures` and `heures_manquantes`. Hours are counted in
the organising centre, its aire, and the catalogue's EPN of the code. The §2.9 supplement
(`heures`) enters T23 and T24, never T25.
"""
from __future__ import annotations

from ..extraction import Extraction
from ..formatting import fmt_pct
from ..params import EditionParams
from ..perimeter import scope
from ..sections import title
from ..table import Table, TableBuilder
from .common import (CH_INS, Row, add_count_series, aire_rows, centre_rows, closed_symbols, epn_key, epn_rows,
                     evaluate, hors_supplement, kinds, labels, src_siap, supplement_contributors, supplement_lacking,
                     supplement_sum)
from .registry import register

SECTION = "08"
MEASURE = "heures"  # the supplement's measure
CHAMP = f"{CH_INS} Heures théoriques de l'enseignement, par inscription."
CHAMP_EPN = ("Champ : inscriptions pédagogiques aux UE et US de l'offre nationale, par EPN responsable. Heures "
             "théoriques de l'enseignement, par inscription.")


def hours_by(x: Extraction, p: EditionParams, rows: list[Row], key: str, y: str, supplement: bool = True) -> dict:
    """HEURES(g, y) for every row (`key`: "aire", "centre" or "epn_k"), plus the supplement's
    hours of the row's centres where it gives them."""
    s = scope(x, p)
    ins = s.ins(y)
    if key == "epn_k":
        ins = ins.assign(epn_k=epn_key(ins["epn"]))
    out = evaluate(rows, ins[[key, "heures"]], key, lambda u: float(u["heures"].sum()))
    if supplement:
        extra = supplement_sum(rows, s.supplement(y), key, MEASURE)
        out = {k: out[k] + float(extra[k]) for k in out}
    return out


def missing_hours_note(x: Extraction, p: EditionParams, years: list[str]) -> list[str]:
    """« Note : x % des inscriptions sans volume horaire » for the years where some have none."""
    s = scope(x, p)
    parts = []
    for y in years:
        ins = s.ins(y)
        n_missing = int(ins["heures_manquantes"].sum())
        if n_missing:
            parts.append(f"{fmt_pct(100 * n_missing / len(ins))} des inscriptions sans volume horaire en {y}")
    if not parts:
        return []
    return [f"Note : {' ; '.join(parts)} (ni sur l'inscription ni au catalogue BéDéO) : elles comptent pour 0 heure."]


def _common_notes(x: Extraction, p: EditionParams, years: list[str]) -> list[str]:
    return ["Note : volume horaire de l'inscription ; à défaut, celui de l'enseignement au catalogue BéDéO de "
            "l'année ; un volume négatif est traité comme manquant.",
            *missing_hours_note(x, p, years)]


def _lacking(s, years) -> tuple[dict[str, set], list[str]]:
    """Supplement centres without hours in a year (cells `nd`, aggregates hors those centres)."""
    lacking = {y: supplement_lacking(s.supplement(y), MEASURE) for y in years}
    notes = []
    for y, centres in lacking.items():
        if centres:
            names = ", ".join(s.ref.centre_rows.at[c, "libelle"] for c in sorted(centres))
            notes.append(f"Note : heures hors {names} en {y} (collecte manuelle sans volume horaire).")
    return lacking, notes


def _source(s, p: EditionParams, years) -> str:
    return src_siap(p, supplement_contributors(s, years, MEASURE))


# -- T23 --------------------------------------------------------------------------------

@register(23)
def t23(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = p.S3
    rows = aire_rows(x.ref)
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, {y: hours_by(x, p, rows, "aire", y) for y in years}, p)
    _, lacking_notes = _lacking(s, years)
    notes = [*_common_notes(x, p, years), *lacking_notes]
    return tb.build(23, title(23, p), CHAMP, _source(s, p, years), notes, section=SECTION)


# -- T24 --------------------------------------------------------------------------------

@register(24)
def t24(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = p.S3
    shown = set()
    for y in years:
        shown |= set(s.ins(y)["centre"].dropna().unique()) | set(s.supplement(y)["centre"].dropna())
    rows = centre_rows(x.ref, shown)
    closed = closed_symbols(x.ref, rows, years)
    lacking, lacking_notes = _lacking(s, years)
    symbols = {y: {**{r.label: "nd" for r in rows if r.code in lacking[y]}, **closed[y]} for y in years}
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, {y: hours_by(x, p, rows, "centre", y) for y in years}, p, symbols=symbols)
    notes = [*_common_notes(x, p, years), *lacking_notes]
    return tb.build(24, title(24, p), CHAMP, _source(s, p, years), notes, section=SECTION)


# -- T25 --------------------------------------------------------------------------------

@register(25)
def t25(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = p.S3
    present = set()
    for y in years:
        present |= set(epn_key(s.ins(y)["epn"]).unique())
    rows = epn_rows(x.ref, present)
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, {y: hours_by(x, p, rows, "epn_k", y, supplement=False) for y in years}, p)
    notes = [*_common_notes(x, p, years), "Note : EPN de l'enseignement selon le catalogue BéDéO de l'année."]
    centres = s.supplement_centres(years)
    if centres:
        notes.append(hors_supplement(centres))
    return tb.build(25, title(25, p), CHAMP_EPN, src_siap(p), notes, section=SECTION)
