"""Valorisation des parcours au Cnam – présence et réussite aux examens (T60–T65).

Every table reads the exam status of each inscription of INS(y) (`Scope.ins(y)["statut"]`,
TABLES.md §2.6) and turns a group of inscriptions into its counts and rates with
`perimeter.exam_counts` / `ExamCounts.rates`: completeness over the inscriptions with a
planned exam, presence over the inscriptions renseignées, success over the présents, each
with the small-base rule. The §2.9 supplement (inscriptions renseignées, présents, reçus)
enters T60, T62 and T64 (`perimeter.supplement_exam_counts`), never T61, T63 or T65.
"""
from __future__ import annotations

import pandas as pd

from ..extraction import Extraction
from ..formatting import fmt_int, fmt_pct
from ..indicators import points
from ..params import EditionParams
from ..perimeter import (COMPLETENESS, PRESENCE, SUCCESS, ExamCounts, exam_counts, scope,
                         supplement_exam_counts, supplement_exam_reported)
from ..sections import title
from ..table import Table, TableBuilder
from .common import (CH_EXA, ENSEMBLE, Row, aire_rows, centre_rows, champ_year, closed_symbols, epn_key, epn_rows,
                     evaluate, hors_supplement, kinds, labels, src_siap)
from .registry import register

SECTION = "13"

INSCRIPTIONS = "Inscriptions"
COMPLETENESS_COL = "Complétude des données (%)"
PRESENCE_COL = "Taux de présence (%)"
SUCCESS_COL = "Taux de réussite (%)"
PRESENCE_SHORT = "Présence (%)"
SUCCESS_SHORT = "Réussite (%)"
MODALITIES = ("PRES", "FOAD", "HYB")
MODALITY_MISSING = "Modalité non renseignée"
MODALITY_MISSING_CODE = "__NR__"

RATES_NOTE = ("Note : taux de présence = présents / inscriptions au résultat saisi (absents, reçus et ajournés) ; "
              "taux de réussite = reçus (note égale ou supérieure à 10/20) / présents ; un présent sans note "
              "compte comme résultat non saisi.")


# -- counts by row ----------------------------------------------------------------------

def exam_counts_by_row(rows: list[Row], ins: pd.DataFrame, key: str, sup: pd.DataFrame | None = None,
                       sup_key: str | None = None) -> dict[str, ExamCounts]:
    """ExamCounts of every row from its inscriptions (and its supplement rows)."""
    out = evaluate(rows, ins[list(dict.fromkeys([key, "statut"]))], key, lambda u: exam_counts(u["statut"]))
    if sup is not None and not sup.empty:
        extra = evaluate(rows, sup, sup_key or key, supplement_exam_counts)
        out = {k: out[k] + extra[k] for k in out}
    return out


def _cells(counts: dict[str, ExamCounts], rate: str, p: EditionParams) -> dict:
    return {k: c.rates(p.min_base)[rate] for k, c in counts.items()}


def _add_columns(tb: TableBuilder, head: tuple, counts: dict[str, ExamCounts], p: EditionParams,
                 columns: list[tuple[str, str]], symbols: dict | None = None) -> None:
    """The columns `columns` ((header, what): what = "inscriptions" or a rate) of one group."""
    for header, what in columns:
        if what == INSCRIPTIONS:
            tb.add((*head, header), {k: c.inscriptions for k, c in counts.items()}, "count", symbols=symbols)
        else:
            tb.add_cells((*head, header), _cells(counts, what, p), "pct", extra_symbols=symbols)


FULL_COLUMNS = [(COMPLETENESS_COL, COMPLETENESS), (INSCRIPTIONS, INSCRIPTIONS),
                (PRESENCE_COL, PRESENCE), (SUCCESS_COL, SUCCESS)]
RATE_COLUMNS = [(PRESENCE_SHORT, PRESENCE), (SUCCESS_SHORT, SUCCESS)]


# -- notes --------------------------------------------------------------------------------

def _years_text(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} et {parts[-1]}"


def _not_assessed_note(network: dict[str, ExamCounts], shown_in_inscriptions: bool) -> list[str]:
    found = [(y, c.not_assessed) for y, c in network.items() if c.not_assessed]
    if not found:
        return []
    detail = _years_text([f"{fmt_int(n)} en {y}" for y, n in found])
    where = ("comptées dans les inscriptions mais exclues de la complétude et des taux" if shown_in_inscriptions
             else "exclues de la complétude et des taux")
    return [f"Note : inscriptions sans évaluation prévue ({detail}), {where}."]


def _unreported_note(s, years) -> list[str]:
    """Supplement centres whose exam results were not collected (their rates `nd`)."""
    labels_ = s.ref.centre_rows["libelle"]
    found = []
    for y in years:
        sup = s.supplement(y)
        missing = sup[~supplement_exam_reported(sup)]
        for c in missing["centre"].dropna().unique():
            found.append(f"{labels_[c]} en {y}")
    if not found:
        return []
    return [f"Note : résultats d'examen non collectés pour {_years_text(found)} (collecte manuelle) : taux « nd », "
            "sous-totaux et ensemble hors de ces inscriptions."]


def _supplement_source(s, p: EditionParams, years) -> tuple[str, list[str]]:
    return src_siap(p, s.supplement_centres(years)), _unreported_note(s, years)


def _hors_supplement_notes(s, years) -> list[str]:
    centres = s.supplement_centres(years)
    return [hors_supplement(centres)] if centres else []


def _nd_unreported(rows: list[Row], sup: pd.DataFrame) -> dict:
    """`nd` for the rates of a supplement centre whose exam results were not collected."""
    missing = set(sup.loc[~supplement_exam_reported(sup), "centre"].dropna()) if not sup.empty else set()
    return {r.label: "nd" for r in rows if r.code in missing}


def _shown_centres(s, years, with_supplement: bool) -> set[str]:
    shown = set()
    for y in years:
        shown |= set(s.ins(y)["centre"].dropna().unique())
        if with_supplement:
            shown |= set(s.supplement(y)["centre"].dropna())
    return shown


def _modality_rows(x: Extraction, ins: pd.DataFrame) -> list[Row]:
    lab = x.ref.labels("modalite")
    rows = [Row(lab[m], "", frozenset([m]), m) for m in MODALITIES]
    if ins["modalite"].isna().any():
        rows.append(Row(MODALITY_MISSING, "", frozenset([MODALITY_MISSING_CODE]), MODALITY_MISSING_CODE))
    rows.append(Row(ENSEMBLE, "total", None))
    return rows


def _with_keys(ins: pd.DataFrame) -> pd.DataFrame:
    out = ins.copy(deep=False)  # (copy on write: the columns added are this frame's only)
    out["mod_key"] = out["modalite"].astype("string").fillna(MODALITY_MISSING_CODE)
    out["epn_key"] = epn_key(out["epn"])
    return out


# -- T60 --------------------------------------------------------------------------------

@register(60)
def t60(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = [p.n_minus(1), p.N]
    rows = aire_rows(x.ref, total=ENSEMBLE)
    tb = TableBuilder(labels(rows), kinds(rows))
    success, network = {}, {}
    for y in years:
        counts = exam_counts_by_row(rows, s.ins(y), "aire", s.supplement(y))
        _add_columns(tb, (y,), counts, p, [(PRESENCE_COL, PRESENCE), (SUCCESS_COL, SUCCESS)])
        success[y] = _cells(counts, SUCCESS, p)
        network[y] = counts[ENSEMBLE]
    prev, last = years
    tb.add_cells((f"Évol. {last} / {prev} (en points)", "Taux de réussite"),
                 {r.label: points(success[last][r.label][:2], success[prev][r.label][:2]) for r in rows}, "points")
    source, notes = _supplement_source(s, p, years)
    completeness = []
    for y in years:
        v, sym, _ = network[y].rates(p.min_base)[COMPLETENESS]
        completeness.append(f"{fmt_pct(v)} en {y}" if not sym else f"{sym} en {y}")
    notes = [RATES_NOTE,
             "Note : complétude des données du réseau (part des inscriptions au résultat d'examen saisi) : "
             f"{_years_text(completeness)}.", *_not_assessed_note(network, False), *notes]
    return tb.build(60, title(60, p), CH_EXA, source, notes, section=SECTION)


# -- T61 --------------------------------------------------------------------------------

@register(61)
def t61(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    ins = _with_keys(s.ins(y))
    rows = _modality_rows(x, ins)
    tb = TableBuilder(labels(rows), kinds(rows))
    counts = exam_counts_by_row(rows, ins, "mod_key")
    _add_columns(tb, (), counts, p, [(INSCRIPTIONS, INSCRIPTIONS), (COMPLETENESS_COL, COMPLETENESS),
                                     (PRESENCE_COL, PRESENCE), (SUCCESS_COL, SUCCESS)])
    notes = [RATES_NOTE, *_not_assessed_note({y: counts[ENSEMBLE]}, True), *_hors_supplement_notes(s, [y])]
    return tb.build(61, title(61, p), champ_year(CH_EXA, y), src_siap(p), notes, section=SECTION)


# -- T62 --------------------------------------------------------------------------------

@register(62)
def t62(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = [p.n_minus(1), p.N]
    rows = centre_rows(x.ref, _shown_centres(s, years, True), total=ENSEMBLE)
    closed = closed_symbols(x.ref, rows, years)
    tb = TableBuilder(labels(rows), kinds(rows))
    network = {}
    for y in years:
        sup = s.supplement(y)
        counts = exam_counts_by_row(rows, s.ins(y), "centre", sup)
        for header, what in FULL_COLUMNS:
            sym = closed[y] if what == INSCRIPTIONS else {**_nd_unreported(rows, sup), **closed[y]}
            _add_columns(tb, (y,), counts, p, [(header, what)], sym)
        network[y] = counts[ENSEMBLE]
    source, notes = _supplement_source(s, p, years)
    notes = [RATES_NOTE, *_not_assessed_note(network, True), *notes]
    return tb.build(62, title(62, p), CH_EXA, source, notes, section=SECTION)


# -- T63 --------------------------------------------------------------------------------

@register(63)
def t63(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = [p.n_minus(1), p.N]
    units = {y: _with_keys(s.ins(y)) for y in years}
    present = set().union(*(set(u["epn_key"]) for u in units.values()))
    rows = epn_rows(x.ref, present, total=ENSEMBLE)
    tb = TableBuilder(labels(rows), kinds(rows))
    network = {}
    for y in years:
        counts = exam_counts_by_row(rows, units[y], "epn_key")
        _add_columns(tb, (y,), counts, p, FULL_COLUMNS)
        network[y] = counts[ENSEMBLE]
    notes = [RATES_NOTE, *_not_assessed_note(network, True), *_hors_supplement_notes(s, years)]
    return tb.build(63, title(63, p), CH_EXA, src_siap(p), notes, section=SECTION)


# -- T64, T65 -----------------------------------------------------------------------------

def _unsplit(sup: pd.DataFrame) -> pd.Series:
    """Supplement rows not split by modality."""
    if "modalite" not in sup.columns:
        return pd.Series(True, index=sup.index)
    return sup["modalite"].isna()


def _by_modality_groups(tb: TableBuilder, rows: list[Row], ins: pd.DataFrame, key: str, p: EditionParams,
                        sup: pd.DataFrame | None = None, symbols: dict | None = None) -> dict[str, ExamCounts]:
    """Groups « PRES », « FOAD », « HYB », « Ensemble » of présence and réussite. A supplement
    split by modality enters its modality groups; an unsplit supplement row only the Ensemble
    group, its centre's modality cells `nd`. Returns the counts of the Ensemble group."""
    symbols = symbols or {}
    sup = sup if sup is not None else pd.DataFrame(columns=["centre", "modalite"])
    unsplit = _unsplit(sup)
    nd_unsplit = {r.label: "nd" for r in rows if r.code in set(sup.loc[unsplit, "centre"].dropna())}
    for m in MODALITIES:
        sub_sup = sup[~unsplit & (sup["modalite"].astype("string") == m).fillna(False)] if (~unsplit).any() \
            else sup.iloc[0:0]
        counts = exam_counts_by_row(rows, ins[(ins["modalite"] == m).fillna(False)], key, sub_sup, "centre")
        _add_columns(tb, (m,), counts, p, RATE_COLUMNS, {**_nd_unreported(rows, sub_sup), **nd_unsplit, **symbols})
    counts = exam_counts_by_row(rows, ins, key, sup, "centre")
    _add_columns(tb, (ENSEMBLE,), counts, p, RATE_COLUMNS, {**_nd_unreported(rows, sup), **symbols})
    return counts


MODALITY_NOTE = ("Note : les inscriptions de modalité non renseignée ({n}) figurent dans le groupe « Ensemble » "
                 "seulement.")


@register(64)
def t64(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    ins = s.ins(y)
    sup = s.supplement(y)
    rows = centre_rows(x.ref, _shown_centres(s, [y], True), total=ENSEMBLE)
    closed = closed_symbols(x.ref, rows, [y])[y]
    tb = TableBuilder(labels(rows), kinds(rows))
    counts = _by_modality_groups(tb, rows, ins, "centre", p, sup, closed)
    source, notes = _supplement_source(s, p, [y])
    notes = [RATES_NOTE, *_not_assessed_note({y: counts[ENSEMBLE]}, False), *notes]
    missing = int(ins["modalite"].isna().sum())
    if missing:
        notes.append(MODALITY_NOTE.format(n=fmt_int(missing)))
    unsplit = [s.ref.centre_rows.at[c, "libelle"] for c in sup.loc[_unsplit(sup), "centre"].dropna().unique()]
    if unsplit:
        notes.append(f"Note : {', '.join(unsplit)} (collecte manuelle) : résultats non ventilés par modalité, comptés "
                     "dans le groupe « Ensemble » seulement ; les sous-totaux et l'ensemble des groupes PRES, FOAD et "
                     "HYB sont hors collecte manuelle.")
    return tb.build(64, title(64, p), champ_year(CH_EXA, y), source, notes, section=SECTION)


@register(65)
def t65(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    ins = _with_keys(s.ins(y))
    rows = epn_rows(x.ref, set(ins["epn_key"]), total=ENSEMBLE)
    tb = TableBuilder(labels(rows), kinds(rows))
    counts = _by_modality_groups(tb, rows, ins, "epn_key", p)
    notes = [RATES_NOTE, *_not_assessed_note({y: counts[ENSEMBLE]}, False)]
    missing = int(ins["modalite"].isna().sum())
    if missing:
        notes.append(MODALITY_NOTE.format(n=fmt_int(missing)))
    notes += _hors_supplement_notes(s, [y])
    return tb.build(65, title(65, p), champ_year(CH_EXA, y), src_siap(p), notes, section=SECTION)
