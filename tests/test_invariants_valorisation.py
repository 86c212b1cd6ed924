"""Cross-table invariants of TABLES.md §4 for the validation tables (T34–T59): the declarations
of family « Validation » and the distributions of T37–T58 (`chiffres_cles.invariants`), on the
synthetic extraction, for editions 2022, 2023 and 2024, for every calendar year both sides
show; then the assertions of this part that are not §4 invariants."""
import dataclasses
import math

import pytest

from chiffres_cles import invariants as inv
from chiffres_cles.tables import registry
from test_invariants import EDITIONS, assert_holds, check, declarations, edition_tables

ENS = "Ensemble"

# per scheme: key figures, decisions, rates by level, by EPN, by centre, the rate headers of
# those three tables, and the categories of each rate
SCHEMES = {
    "VAPP": dict(key=34, decisions=38, level=39, epn=40, centre=41, candidates=(36, 37),
                 rates=[(("Accès direct", "Accès avec dispense"), "Accès direct ou avec dispense (%)",
                         "Accès direct ou avec dispense (%)", "Accès direct ou avec dispense (%)"),
                        (("Accès sous réserve",), "Accès sous réserve (%)", "Accès sous réserve (%)",
                         "Accès sous réserve (%)")]),
    "VAE": dict(key=42, decisions=48, level=49, epn=51, centre=52, candidates=(44, 46),
                rates=[(("Délivrance totale",), "Délivrance totale (%)", "Délivrance totale (%)",
                        "Délivrance totale (%)"),
                       (("Validation partielle",), "Validation partielle (%)", "Validation partielle (%)",
                        "Validation partielle (%)")]),
    "VES": dict(key=53, decisions=55, level=56, epn=57, centre=58, candidates=(),
                rates=[(("Accord",), "Accord (%)", "Validation totale (%)", "Accord (%)"),
                       (("Accord couplé avec un refus",), "Accord couplé avec un refus (%)",
                        "Validation partielle (%)", "Accord & refus (%)")]),
}


@pytest.fixture(scope="session", params=EDITIONS)
def built(request):
    return edition_tables(request.param)


@pytest.mark.parametrize("invariant", declarations("valorisation"), ids=lambda i: i.id)
def test_invariant(invariant, built):
    assert_holds(invariant, built)


def test_t59_blocks_of_every_scheme(built):
    """With `t59_dispositifs` = VAPP, VAE, VES, each block's notifications equal its decisions
    table: the three T59 declarations hold."""
    p = dataclasses.replace(built.p, t59_dispositifs=("VAPP", "VAE", "VES"))
    tables = {**built.tables, 59: registry()[59].func(built.x, p)}
    for ident in ("t59-t38-vapp", "t59-t48-vae", "t59-t55-ves"):
        o = check(next(i for i in inv.INVARIANTS if i.id == ident), tables, dataclasses.replace(built.ctx, p=p))
        assert len(o.checks) == len(p.SC)


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-9)


def years(p):
    return [str(y) for y in p.SC]


def categories(t):
    return [r for r, k in zip(t.rows, t.row_kinds) if k != "total"]


# -- assertions of this part that are not §4 invariants -------------------------------------------

@pytest.mark.parametrize("scheme", SCHEMES)
def test_synthetic_extraction_has_decisions_every_year(built, scheme):
    d = built.tables[SCHEMES[scheme]["decisions"]]
    for y in years(built.p):
        assert d.value("Total", y) > 0, (scheme, y)
        for c in categories(d):
            assert d.value(c, y) > 0, (scheme, y, c)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_epn_and_centre_ensemble_agree_with_decisions_and_key_figures_of_c(built, scheme):
    p, t = built.p, built.tables
    s = SCHEMES[scheme]
    d, c = t[s["decisions"]], str(p.C)
    for cat in categories(d):
        assert same(t[s["epn"]].value(ENS, cat), d.value(cat, c))
    assert same(t[s["centre"]].value(ENS, "Candidats"), t[s["key"]].value("Candidats", c))
    assert same(t[s["level"]].value(ENS, f"Notifications {c}"), d.value("Total", c))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_ensemble_rates_equal_rates_from_decisions(built, scheme):
    p, t = built.p, built.tables
    s = SCHEMES[scheme]
    d = t[s["decisions"]]
    for cats, level_label, epn_label, centre_label in s["rates"]:
        for y in years(p):
            expected = 100 * sum(d.value(cat, y) for cat in cats) / d.value("Total", y)
            assert same(t[s["level"]].value(ENS, (y, level_label)), expected)
        c = str(p.C)
        expected = 100 * sum(d.value(cat, c) for cat in cats) / d.value("Total", c)
        assert same(t[s["epn"]].value(ENS, epn_label), expected)
        assert same(t[s["centre"]].value(ENS, centre_label), expected)


def test_t50_ensemble_equals_t49_ensemble(built):
    p, t = built.p, built.tables
    for y in years(p):
        for rate in ("Délivrance totale (%)", "Validation partielle (%)"):
            assert same(t[50].value(ENS, (y, rate)), t[49].value(ENS, (y, rate)))
    assert same(t[50].value(ENS, f"Notifications {p.C}"), t[49].value(ENS, f"Notifications {p.C}"))


@pytest.mark.parametrize("scheme", ["VAPP", "VAE"])
def test_candidate_tables_count_the_same_candidates(built, scheme):
    p, t = built.p, built.tables
    s = SCHEMES[scheme]
    jobs, levels = s["candidates"]
    for y in years(p):
        n = t[s["key"]].value("Candidats", y)
        assert same(t[jobs].value("Candidats (effectif)", y), n)
        assert same(t[levels].value("Effectif", y), n)
    if scheme == "VAE":
        for y in years(p):
            assert t[45].value("Candidats pris en compte (effectif)", y) <= t[42].value("Candidats", y)


def test_declarations_cover_every_scheme():
    ids = {i.id for i in declarations("valorisation")}
    for s in SCHEMES.values():
        for n in (s["key"], s["epn"], s["centre"]):
            assert f"t{n}-t{s['decisions']}-notifications" in ids
    assert {"parts-t37", "parts-t38", "parts-t41", "parts-t46", "parts-t47", "parts-t48", "parts-t52", "parts-t55",
            "parts-t58"} <= ids
    assert edition_tables(2023).p.t59_dispositifs == ("VES",)
