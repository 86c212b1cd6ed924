"""Cross-table invariants of TABLES.md §4 for the exam tables (T60–T65) and the diploma tables
(T66–T69): the declarations of families « Examens » and « Diplômes » and the distributions of
T66, T67, T69 (`chiffres_cles.invariants`), on the synthetic extraction, for editions 2022,
2023 and 2024; then the assertions of this part that are not §4 invariants.

« Hors supplément », the build compares T60 and T62 (which take the supplement) with T63
combined with the supplement's counts; here the same declarations are also evaluated on T60
and T62 recomputed on the extraction without `collecte_manuelle` (an empty supplement in the
context), as the old tests did."""
import dataclasses
import functools
import math

import pytest

from chiffres_cles import invariants as inv
from chiffres_cles.perimeter import parchemins
from chiffres_cles.tables import registry
from test_invariants import EDITIONS, assert_holds, check, declarations, edition_tables, synthetic_extraction

HORS = (60, 62)            # tables that take the supplement, recomputed without it
ENS = "Ensemble"
RATES = {"presence": ("Taux de présence (%)", "Présence (%)"), "reussite": ("Taux de réussite (%)", "Réussite (%)")}


@pytest.fixture(scope="session", params=EDITIONS)
def built(request):
    return edition_tables(request.param)


@functools.cache
def hors_supplement_tables(edition: int) -> dict:
    x = synthetic_extraction()
    h = dataclasses.replace(x, frames={k: v for k, v in x.frames.items() if k != "collecte_manuelle"}, cache={})
    p = edition_tables(edition).p
    return {n: registry()[n].func(h, p) for n in HORS}


@pytest.fixture(scope="session")
def hors(built):
    return hors_supplement_tables(built.p.edition)


@pytest.mark.parametrize("invariant", declarations("examens"), ids=lambda i: i.id)
def test_invariant(invariant, built):
    assert_holds(invariant, built)


@pytest.mark.parametrize("ident", ["t60-t62-ensemble", "t62-t63-hors-collecte", "t60-t63-hors-collecte"])
def test_hors_supplement_invariants_on_recomputed_tables(built, hors, ident):
    """T60 and T62 recomputed without the supplement: T60 = T62 = T63 Ensemble with nothing
    added, through the same declarations (the context's supplement empty)."""
    tables = {**built.tables, **hors}
    ctx = inv.Context(built.p, extraction=built.x)
    check(next(i for i in inv.INVARIANTS if i.id == ident), tables, ctx)


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-9)


def same_cell(ta, ra, ca, tb, rb, cb):
    """Equal unrounded values, or the same symbol where neither has a value."""
    a, b = ta.value(ra, ca), tb.value(rb, cb)
    if math.isnan(a) or math.isnan(b):
        return ta.symbol(ra, ca) == tb.symbol(rb, cb)
    return same(a, b)


def years(p):
    return [p.n_minus(1), p.N]


# -- assertions of this part that are not §4 invariants ----------------------------------------------

def test_t60_aires_equal_t62_aire_rows(built):
    """Each aire of T60 is the sub-total (or the single row) of its centres in T62."""
    p, t = built.p, built.tables
    aire_rows = {"Paris – Établissement public": "Cnam Paris – Établissement public",
                 "Île-de-France": "Cnam Île-de-France",
                 "Régions métropolitaines": "Sous-total Régions métropolitaines",
                 "Outre-mer": "Sous-total Outre-mer", "Étranger": "Sous-total Étranger"}
    for y in years(p):
        for aire, row in aire_rows.items():
            for col, _ in RATES.values():
                assert same_cell(t[60], aire, (y, col), t[62], row, (y, col)), (y, aire, col)


def test_supplement_changes_what_it_should(built, hors):
    """The synthetic supplement covers every year: T60/T62 with it differ from hors supplément
    in the Ensemble row, T62's supplement centre row carries its inscriptions."""
    p, t, x = built.p, built.tables, built.x
    sup = x["collecte_manuelle"]
    ins = float(sup.loc[sup["annee"] == p.N, "inscriptions"].sum())
    assert ins > 0
    assert same(t[62].value(ENS, (p.N, "Inscriptions")) - hors[62].value(ENS, (p.N, "Inscriptions")), ins)
    assert same(t[62].value("Cnam Madagascar", (p.N, "Inscriptions")), ins)   # no SIAP row for it
    assert "Cnam Madagascar" not in hors[62].rows


def test_t64_rows_in_t62_order(built):
    t64, t62 = built.tables[64], built.tables[62]
    assert [r for r in t64.rows] == [r for r in t62.rows if r in t64.rows]


def test_t63_inscriptions_equal_t19_epn_by_epn(built):
    """§4 compares the totals (T19 Total = T63 Ensemble); the EPN rows agree as well."""
    p, t = built.p, built.tables
    for y in years(p):
        for row in t[63].rows:
            theirs = "Total" if row == ENS else row
            assert same(t[63].value(row, (y, "Inscriptions")), t[19].value(theirs, (y, "Inscriptions"))), (y, row)


def test_diplomas_every_promotion_and_undated_parchemins(built):
    p, t, x = built.p, built.tables, built.x
    for promo in p.SP:
        assert t[66].value("Total", promo) > 0
    frame, info = parchemins(x, p)
    assert frame["parchemin_id"].is_unique
    assert sum(t[66].value("Total", promo) for promo in p.SP) == int(frame["promotion"].isin(p.SP).sum())
    assert info["sans_date"] > 0      # the synthetic extraction has undated parchemins, left out
