"""Cross-table invariants of TABLES.md §4 for the validation tables (T34–T59), on the synthetic
extraction, for editions 2022, 2023 and 2024. Equalities hold on unrounded values, for every
calendar year both sides show."""
import dataclasses
import math

import pytest

from chiffres_cles.extraction import load_extraction
from chiffres_cles.params import load_params
from chiffres_cles.synth import generate
from chiffres_cles.tables import registry

VALIDATION_TABLES = range(34, 60)
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


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    data = tmp_path_factory.mktemp("synthetic") / "x"
    generate(data, scale=0.1, seed=2023)
    return load_extraction(data)


@pytest.fixture(scope="session", params=[2022, 2023, 2024])
def tables(request, synthetic):
    p = load_params(request.param)
    reg = registry()
    return p, {n: reg[n].func(synthetic, p) for n in VALIDATION_TABLES}


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-9)


def years(p):
    return [str(y) for y in p.SC]


def categories(t):
    return [r for r, k in zip(t.rows, t.row_kinds) if k != "total"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_synthetic_extraction_has_decisions_every_year(tables, scheme):
    p, t = tables
    d = t[SCHEMES[scheme]["decisions"]]
    for y in years(p):
        assert d.value("Total", y) > 0, (scheme, y)
        for c in categories(d):
            assert d.value(c, y) > 0, (scheme, y, c)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_key_figures_notifications_equal_decisions_total(tables, scheme):
    p, t = tables
    s = SCHEMES[scheme]
    for y in years(p):
        assert same(t[s["key"]].value("Notifications de décision", y), t[s["decisions"]].value("Total", y))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_epn_and_centre_ensemble_equal_decisions_of_c(tables, scheme):
    p, t = tables
    s = SCHEMES[scheme]
    d, c = t[s["decisions"]], str(p.C)
    assert same(t[s["epn"]].value(ENS, "Notifications"), d.value("Total", c))
    assert same(t[s["centre"]].value(ENS, "Notifications"), d.value("Total", c))
    for cat in categories(d):
        assert same(t[s["epn"]].value(ENS, cat), d.value(cat, c))
    assert same(t[s["centre"]].value(ENS, "Candidats"), t[s["key"]].value("Candidats", c))
    assert same(t[s["level"]].value(ENS, f"Notifications {c}"), d.value("Total", c))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_ensemble_rates_equal_rates_from_decisions(tables, scheme):
    p, t = tables
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


def test_t50_ensemble_equals_t49_ensemble(tables):
    p, t = tables
    for y in years(p):
        for rate in ("Délivrance totale (%)", "Validation partielle (%)"):
            assert same(t[50].value(ENS, (y, rate)), t[49].value(ENS, (y, rate)))
    assert same(t[50].value(ENS, f"Notifications {p.C}"), t[49].value(ENS, f"Notifications {p.C}"))


def test_t59_ves_block_notifications_equal_t55_total(tables, synthetic):
    p, t = tables
    for y in years(p):
        assert same(t[59].value(("Validation des études supérieures (VES)", "Notifications (effectif)"), y),
                    t[55].value("Total", y))
    every = registry()[59].func(synthetic, dataclasses.replace(p, t59_dispositifs=("VAPP", "VAE", "VES")))
    for block, n in (("Validation des acquis professionnels et personnels (VAPP)", 38),
                     ("Validation des acquis de l'expérience (VAE)", 48), ("Validation des études supérieures (VES)", 55)):
        for y in years(p):
            assert same(every.value((block, "Notifications (effectif)"), y), t[n].value("Total", y))


@pytest.mark.parametrize("scheme", ["VAPP", "VAE"])
def test_candidate_tables_count_the_same_candidates(tables, scheme):
    p, t = tables
    s = SCHEMES[scheme]
    jobs, levels = s["candidates"]
    for y in years(p):
        n = t[s["key"]].value("Candidats", y)
        assert same(t[jobs].value("Candidats (effectif)", y), n)
        assert same(t[levels].value("Effectif", y), n)
    if scheme == "VAE":
        for y in years(p):
            assert t[45].value("Candidats pris en compte (effectif)", y) <= t[42].value("Candidats", y)


def _shares_sum_to_100(t, rows, col):
    vals = [t.value(r, col) for r in rows]
    if not any(math.isnan(v) for v in vals):
        assert sum(vals) == pytest.approx(100, abs=1e-9), (t.id, col)


def test_distributions_sum_to_100(tables):
    p, t = tables
    c = str(p.C)
    for n in (37, 46):
        levels = t[n].rows[:t[n].rows.index("Total")]
        for y in years(p):
            _shares_sum_to_100(t[n], levels, y)
    funders = t[47].rows[:t[47].rows.index("Total")]
    for y in years(p):
        _shares_sum_to_100(t[47], funders, y)
    for n in (38, 48, 55):
        _shares_sum_to_100(t[n], categories(t[n]), f"Part {c} (%)")
    for n in (41, 52, 58):
        centres = [r for r, k in zip(t[n].rows, t[n].row_kinds) if k == ""]
        _shares_sum_to_100(t[n], centres, "Part des notifications (%)")
