"""Cross-table invariants of TABLES.md §4 for the exam tables (T60–T65) and the diploma
tables (T66–T69), on the synthetic extraction, for editions 2022, 2023 and 2024. Equalities
hold on unrounded values; the §2.9 supplement is on both sides or on neither (« hors
supplément » = recomputed on the extraction without `collecte_manuelle`)."""
import dataclasses
import math

import pandas as pd
import pytest

from chiffres_cles.extraction import load_extraction
from chiffres_cles.params import load_params
from chiffres_cles.perimeter import parchemins
from chiffres_cles.synth import generate
from chiffres_cles.tables import registry

OWN = (3, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69)
OTHERS = (18, 19)          # other parts' tables: checked when registered
HORS = (60, 62)            # tables that take the supplement, recomputed without it
ENS = "Ensemble"
RATES = {"presence": ("Taux de présence (%)", "Présence (%)"), "reussite": ("Taux de réussite (%)", "Réussite (%)")}
MODALITIES = {"PRES": "Présentiel (PRES)", "FOAD": "Formation ouverte et à distance (FOAD)", "HYB": "Hybride (HYB)"}


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    data = tmp_path_factory.mktemp("synthetic_examens") / "x"
    generate(data, scale=0.1, seed=2023)
    return load_extraction(data)


@pytest.fixture(scope="session")
def hors_supplement(synthetic):
    frames = {k: v for k, v in synthetic.frames.items() if k != "collecte_manuelle"}
    return dataclasses.replace(synthetic, frames=frames, cache={})


@pytest.fixture(scope="session", params=[2022, 2023, 2024])
def tables(request, synthetic, hors_supplement):
    p = load_params(request.param)
    reg = registry()
    t = {n: reg[n].func(synthetic, p) for n in OWN + OTHERS if n in reg}
    hors = {n: reg[n].func(hors_supplement, p) for n in HORS}
    return p, t, hors


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


# -- exams --------------------------------------------------------------------------------------

def test_t62_inscriptions_equal_t3_centre_by_centre(tables):
    p, t, _ = tables
    t62, t3 = t[62], t[3]
    for y in years(p):
        for row in t3.rows:
            mine = ENS if row == "Total" else row
            expected = t3.value(row, (y, "Inscriptions pédagogiques"))
            if mine in t62.rows:
                assert same_cell(t62, mine, (y, "Inscriptions"), t3, row, (y, "Inscriptions pédagogiques")), (y, row)
            else:       # a centre with learners but no inscription is not a row of T62
                assert expected == 0 or t3.symbol(row, (y, "Inscriptions pédagogiques")) == "///", (y, row)
        assert all(r in t3.rows or r == ENS for r in t62.rows)


def test_t62_inscriptions_equal_t18_centre_by_centre(tables):
    p, t, _ = tables
    if 18 not in t:
        pytest.skip("table 18 (tables/inscriptions.py) not registered yet")
    t62, t18 = t[62], t[18]
    for y in years(p):
        for row in t62.rows:
            theirs = "Total" if row == ENS else row
            if theirs in t18.rows:
                assert same_cell(t62, row, (y, "Inscriptions"), t18, theirs, y), (y, row)
            else:
                assert t62.value(row, (y, "Inscriptions")) == 0, (y, row)


def test_t60_ensemble_equals_t62_ensemble(tables):
    p, t, hors = tables
    for src in (t, hors):
        for y in years(p):
            for col, _ in RATES.values():
                assert same(src[60].value(ENS, (y, col)), src[62].value(ENS, (y, col))), (y, col)


def test_t60_aires_equal_t62_aire_rows(tables):
    """Each aire of T60 is the sub-total (or the single row) of its centres in T62."""
    p, t, _ = tables
    aire_rows = {"Paris – Établissement public": "Cnam Paris – Établissement public",
                 "Île-de-France": "Cnam Île-de-France",
                 "Régions métropolitaines": "Sous-total Régions métropolitaines",
                 "Outre-mer": "Sous-total Outre-mer", "Étranger": "Sous-total Étranger"}
    for y in years(p):
        for aire, row in aire_rows.items():
            for col, _ in RATES.values():
                assert same_cell(t[60], aire, (y, col), t[62], row, (y, col)), (y, aire, col)


def test_hors_supplement_network_rates_agree(tables):
    """Hors supplément: T60 = T62 = T63 Ensemble (N-1, N) = T61 Ensemble (N), for every rate;
    completeness and inscriptions of T62, T63 and T61 likewise."""
    p, t, hors = tables
    t60, t62, t61, t63 = hors[60], hors[62], t[61], t[63]
    for y in years(p):
        for col, _ in RATES.values():
            v = t63.value(ENS, (y, col))
            assert same(t60.value(ENS, (y, col)), v) and same(t62.value(ENS, (y, col)), v), (y, col)
        for col in ("Complétude des données (%)", "Inscriptions"):
            assert same(t62.value(ENS, (y, col)), t63.value(ENS, (y, col))), (y, col)
    for col in ("Taux de présence (%)", "Taux de réussite (%)", "Complétude des données (%)", "Inscriptions"):
        assert same(t61.value(ENS, col), t63.value(ENS, (p.N, col))), col


def test_supplement_changes_what_it_should(tables, synthetic):
    """The synthetic supplement covers every year: T60/T62 with it differ from hors supplément
    in the Ensemble row, T62's supplement centre row carries its inscriptions."""
    p, t, hors = tables
    sup = synthetic["collecte_manuelle"]
    ins = float(sup.loc[sup["annee"] == p.N, "inscriptions"].sum())
    assert ins > 0
    assert same(t[62].value(ENS, (p.N, "Inscriptions")) - hors[62].value(ENS, (p.N, "Inscriptions")), ins)
    assert same(t[62].value("Cnam Madagascar", (p.N, "Inscriptions")), ins)   # no SIAP row for it
    assert "Cnam Madagascar" not in hors[62].rows


def test_t64_ensemble_group_equals_t62_n_centre_by_centre(tables):
    p, t, _ = tables
    t64, t62 = t[64], t[62]
    assert [r for r in t64.rows] == [r for r in t62.rows if r in t64.rows]
    for row in t64.rows:
        for col62, col64 in RATES.values():
            assert same_cell(t64, row, (ENS, col64), t62, row, (p.N, col62)), (row, col64)


def test_t65_ensemble_group_equals_t63_n_epn_by_epn(tables):
    p, t, _ = tables
    t65, t63 = t[65], t[63]
    for row in t65.rows:
        for col63, col65 in RATES.values():
            assert same_cell(t65, row, (ENS, col65), t63, row, (p.N, col63)), (row, col65)


def test_t65_ensemble_row_equals_t61_by_modality(tables):
    p, t, _ = tables
    for m, label in MODALITIES.items():
        for col61, col65 in RATES.values():
            assert same_cell(t[65], ENS, (m, col65), t[61], label, col61), (m, col65)


def test_t63_inscriptions_equal_t19(tables):
    p, t, _ = tables
    if 19 not in t:
        pytest.skip("table 19 (tables/inscriptions.py) not registered yet")
    for y in years(p):
        for row in t[63].rows:
            theirs = "Total" if row == ENS else row
            assert same(t[63].value(row, (y, "Inscriptions")), t[19].value(theirs, (y, "Inscriptions"))), (y, row)


# -- diplomas -----------------------------------------------------------------------------------

def test_diploma_totals_agree(tables):
    p, t, _ = tables
    for promo in p.SP:
        total = t[66].value("Total", promo)
        assert total > 0
        assert same(t[67].value("Total", promo), total) and same(t[69].value("Total", promo), total), promo


def test_diploma_shares_sum_to_100(tables):
    p, t, _ = tables
    col = f"Part {p.P} (%)"
    types = [r for r, k in zip(t[66].rows, t[66].row_kinds) if k == ""]
    for n, rows in ((66, types), (67, t[67].rows[:-1]), (69, t[69].rows[:-1])):
        assert sum(t[n].value(r, col) for r in rows) == pytest.approx(100, abs=1e-9), n


def _windows(groupe: str, promo_start: int, overrides) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The jury window of promotion "a-(a+1)", stated from TABLES.md §2.8 independently of
    `perimeter.promotion`: rectorat 01/12/a → 30/11/(a+1), calendar 01/01/(a+1) → 31/12/(a+1),
    an overridden window replacing its promotion's window and clipping the next one."""
    a = promo_start
    if groupe == "R":
        lo, hi = pd.Timestamp(a, 12, 1), pd.Timestamp(a + 1, 11, 30)
    else:
        lo, hi = pd.Timestamp(a + 1, 1, 1), pd.Timestamp(a + 1, 12, 31)
    for w in overrides:
        if w.groupe != groupe:
            continue
        start = int(w.promotion[:4])
        if start == a:
            lo, hi = pd.Timestamp(w.debut), pd.Timestamp(w.fin)
        elif start + 1 == a:
            lo = max(lo, pd.Timestamp(w.fin) + pd.Timedelta(days=1))
    return lo, hi


def test_no_parchemin_falls_in_two_promotions(tables, synthetic):
    p, t, _ = tables
    frame, info = parchemins(synthetic, p)
    assert frame["parchemin_id"].is_unique
    dates = pd.to_datetime(frame["date_jury"])
    hits = pd.Series(0, index=frame.index)
    for g in ("R", "C"):
        in_group = (frame["groupe"] == g).to_numpy()
        for a in range(2010, 2030):
            lo, hi = _windows(g, a, p.promotion_overrides)
            inside = in_group & (dates >= lo).to_numpy() & (dates <= hi).to_numpy()
            hits[inside] += 1
            assert (frame.loc[inside, "promotion"] == f"{a}-{a + 1}").all(), (g, a)
    assert (hits == 1).all()
    in_sp = frame["promotion"].isin(p.SP)
    assert sum(t[66].value("Total", promo) for promo in p.SP) == int(in_sp.sum())
    assert info["sans_date"] > 0      # the synthetic extraction has undated parchemins, left out
