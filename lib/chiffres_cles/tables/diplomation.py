"""Valorisation des parcours au Cnam – diplomation et certification (T66–T69).

The unit is one delivered parchemin, placed in its promotion by `perimeter.parchemins`
(TABLES.md §2.8): the rectorat window (1 December – 30 November) for the types of group R
of the reference `type_parchemin`, the calendar year for group C, the windows of
`promotion_overrides` (Covid: 2019-2020 extended to 31 December 2020). The tables show the
promotions SP = P-4 … P (P = N-1).
"""
from __future__ import annotations

import pandas as pd
from babel.dates import format_date

from ..extraction import Extraction
from ..formatting import fmt_int
from ..indicators import masculinity
from ..params import EditionParams, academic_year, year_start
from ..perimeter import parchemins
from ..reference import map_codes
from ..sections import title
from ..table import Table, TableBuilder
from .common import (CH_DIPL, ENSEMBLE, SRC_DIPL, TOTAL, Row, add_count_series, counts, epn_key, epn_rows,
                     evaluate, kinds, labels)
from .registry import register

SECTION = "14"

SUBTOTAL_R = "Sous-total diplômes soumis à la règle du rectorat"
SUBTOTAL_C = "Sous-total autres diplômes et certifications"
NO_LEVEL = "Sans niveau ou non renseigné"
MEN, WOMEN = "H", "F"


def delivered(x: Extraction, p: EditionParams) -> tuple[pd.DataFrame, dict]:
    """Parchemins of the promotions SP, and the counts the notes need."""
    parch, info = parchemins(x, p)
    return parch[parch["promotion"].isin(p.SP)], info


def _by_promotion(rows: list[Row], parch: pd.DataFrame, key: str, p: EditionParams) -> dict[str, dict]:
    return {promo: counts(rows, parch[parch["promotion"] == promo], key) for promo in p.SP}


def type_rows(x: Extraction) -> list[Row]:
    """Group R types, their sub-total, group C types, their sub-total, « Total » (§2.4)."""
    ref = x.ref.parchemins
    rows = []
    for groupe, subtotal in (("R", SUBTOTAL_R), ("C", SUBTOTAL_C)):
        codes = [c for c in ref.index if ref.at[c, "groupe"] == groupe]
        rows += [Row(ref.at[c, "libelle"], "", frozenset([c]), c) for c in codes]
        rows.append(Row(subtotal, "subtotal", frozenset(codes)))
    rows.append(Row(TOTAL, "total", None))
    return rows


def _fr_date(d) -> str:
    text = format_date(d, "d MMMM y", locale="fr_FR")
    return "1er" + text[1:] if d.day == 1 else text


def common_notes(x: Extraction, p: EditionParams, info: dict) -> list[str]:
    """The promotion windows overridden for a shown promotion, the parchemins without a jury
    date, the retyped ones (§2.8)."""
    notes = []
    ref = x.ref.parchemins
    for w in p.promotion_overrides:
        following = academic_year(year_start(w.promotion) + 1)
        if w.promotion in p.SP or following in p.SP:
            which = ("diplômes soumis à la règle du rectorat" if w.groupe == "R"
                     else "autres diplômes et certifications" if w.groupe == "C" else f"diplômes du groupe {w.groupe}")
            notes.append(f"Note : la promotion {w.promotion} inclut les jurys des {which} tenus du {_fr_date(w.debut)} "
                         f"jusqu'au {_fr_date(w.fin)}.")
    if info["sans_date"]:
        notes.append(f"Note : {fmt_int(info['sans_date'])} parchemin(s) sans date de jury, non rattaché(s) à une "
                     "promotion, exclu(s).")
    unknown = sum(n for promo, n in info["type_inconnu"].items() if promo in p.SP)
    if unknown:
        other = ref.at["AUTRE", "libelle"] if "AUTRE" in ref.index else "Autre certification"
        notes.append(f"Note : {fmt_int(unknown)} parchemin(s) de type non répertorié compté(s) en « {other} » "
                     "(promotion de l'année civile du jury).")
    notes.append("Note : un parchemin délivré compte pour un ; une personne titulaire de deux diplômes compte deux "
                 "fois.")
    return notes


# -- T66 --------------------------------------------------------------------------------

@register(66)
def t66(x: Extraction, p: EditionParams) -> Table:
    parch, info = delivered(x, p)
    rows = type_rows(x)
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, _by_promotion(rows, parch, "type", p), p)
    return tb.build(66, title(66, p), CH_DIPL, SRC_DIPL, common_notes(x, p, info), section=SECTION)


# -- T67 --------------------------------------------------------------------------------

@register(67)
def t67(x: Extraction, p: EditionParams) -> Table:
    parch, info = delivered(x, p)
    parch = parch.copy()
    parch["niveau_lab"], unmapped = map_codes(parch["niveau"], x.ref.labels("niveau_vise"))
    parch["niveau_lab"] = parch["niveau_lab"].fillna(NO_LEVEL)
    levels = [lv for lv in x.ref.ordered_labels("niveau_vise") if lv != NO_LEVEL] + [NO_LEVEL]
    rows = [Row(lv, "", frozenset([lv]), lv) for lv in levels] + [Row(TOTAL, "total", None)]
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, _by_promotion(rows, parch, "niveau_lab", p), p)
    notes = ["Note : niveau du cadre national des certifications professionnelles de la certification délivrée."]
    if unmapped:
        notes.append(f"Note : {fmt_int(unmapped)} code(s) de niveau non répertorié(s) comptés en « {NO_LEVEL} ».")
    notes += common_notes(x, p, info)
    return tb.build(67, title(67, p), CH_DIPL, SRC_DIPL, notes, section=SECTION)


# -- T68 --------------------------------------------------------------------------------

@register(68)
def t68(x: Extraction, p: EditionParams) -> Table:
    parch, info = delivered(x, p)
    present = set(parch["type"])
    rows = [r for r in type_rows(x) if r.kind == "" and r.code in present] + [Row(ENSEMBLE, "total", None)]
    tb = TableBuilder(labels(rows), kinds(rows))
    for promo in p.SP:
        units = parch[parch["promotion"] == promo]

        def rm(u: pd.DataFrame) -> tuple:
            h, f = int((u["sexe"] == MEN).sum()), int((u["sexe"] == WOMEN).sum())
            return (*masculinity(h, f, p.min_base), h + f)

        tb.add_cells(promo, evaluate(rows, units, "type", rm), "rm")
    notes = ["Note : rapport de masculinité = nombre d'hommes pour 100 femmes parmi les parchemins délivrés."]
    missing = parch["sexe"].isna() | ~parch["sexe"].isin([MEN, WOMEN]).fillna(False)
    if missing.any():
        notes.append(f"Note : {fmt_int(int(missing.sum()))} parchemin(s) dont le sexe du titulaire n'est pas renseigné, "
                     "exclu(s) du rapport de masculinité.")
    notes += common_notes(x, p, info)
    return tb.build(68, title(68, p), CH_DIPL, SRC_DIPL, notes, section=SECTION)


# -- T69 --------------------------------------------------------------------------------

@register(69)
def t69(x: Extraction, p: EditionParams) -> Table:
    parch, info = delivered(x, p)
    parch = parch.copy()
    parch["epn_key"] = epn_key(parch["epn"])
    rows = epn_rows(x.ref, set(parch["epn_key"]), total=TOTAL)
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, _by_promotion(rows, parch, "epn_key", p), p)
    notes = ["Note : EPN responsable du diplôme ou de la certification délivrée."]
    notes += common_notes(x, p, info)
    return tb.build(69, title(69, p), CH_DIPL, SRC_DIPL, notes, section=SECTION)
