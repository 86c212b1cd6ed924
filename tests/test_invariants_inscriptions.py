"""Cross-table invariants of TABLES.md §4 for the inscriptions (T16–T25, with T3), on the
synthetic extraction, for three editions. Equalities hold on unrounded values; the §2.9
supplement is on both sides or on neither (« hors supplément » = recomputed without it)."""
import math

import pytest

from chiffres_cles.extraction import load_extraction
from chiffres_cles.formatting import fmt_int
from chiffres_cles.params import load_params
from chiffres_cles.perimeter import scope
from chiffres_cles.synth import generate
from chiffres_cles.tables import registry

TABLES = (3, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25)
AIRES = ["Paris – Établissement public", "Île-de-France", "Régions métropolitaines", "Outre-mer", "Étranger"]
MODALITES = ("PRES", "FOAD", "HYB")
ORGANISED = "Organisées par le centre (régionales + entrantes)"


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    data = tmp_path_factory.mktemp("synthetic") / "x"
    generate(data, scale=0.1, seed=2023)
    return load_extraction(data)


@pytest.fixture(scope="session", params=[2022, 2023, 2024])
def tables(request, synthetic):
    p = load_params(request.param)
    reg = registry()
    return p, {n: reg[n].func(synthetic, p) for n in TABLES}


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-9)


def supplement(x, y, column):
    sup = x.frames.get("collecte_manuelle")
    if sup is None or column not in sup.columns:
        return 0.0
    return float(sup.loc[sup["annee"] == y, column].fillna(0).sum())


def centre_rows(t):
    return [r for r, k in zip(t.rows, t.row_kinds) if k == ""]


def test_the_supplement_is_there(synthetic):
    """The invariants « hors supplément » below are only meaningful if the synthetic
    extraction has a supplement in the years of these editions."""
    p = load_params(2023)
    assert supplement(synthetic, p.N, "inscriptions") > 0 and supplement(synthetic, p.N, "heures") > 0


# -- inscriptions ------------------------------------------------------------------------

def test_t16_total_equals_t20_total_block_and_t18_total(tables):
    p, t = tables
    for y in p.S5:
        assert same(t[16].value("Total", y), t[20].value(("Total", "Ensemble"), y))
        for aire in AIRES:
            assert same(t[16].value(aire, y), t[20].value((aire, "Ensemble"), y))
    for y in p.S3:
        assert same(t[16].value("Total", y), t[18].value("Total", y))


def test_t16_hors_supplement_equals_t17_and_t21_totals(tables, synthetic):
    p, t = tables
    sup = supplement(synthetic, p.N, "inscriptions")
    n16 = t[16].value("Total", p.N) - sup
    assert same(n16, t[17].value("Total", "Total"))
    assert same(n16, t[21].value("Total", "Total") - sup)


def test_t19_total_equals_t16_total_hors_supplement(tables, synthetic):
    p, t = tables
    for y in (p.n_minus(1), p.N):
        assert same(t[19].value("Total", (y, "Inscriptions")),
                    t[16].value("Total", y) - supplement(synthetic, y, "inscriptions"))


def test_t3_inscriptions_equal_t18_centre_by_centre(tables):
    p, t = tables
    t3, t18 = t[3], t[18]
    for y in (p.n_minus(1), p.N):
        col = (y, "Inscriptions pédagogiques")
        for row in centre_rows(t3) + ["Total"]:
            assert same(t3.value(row, col), t18.value(row, y)), (row, y)
            assert t3.symbol(row, col) == t18.symbol(row, y), (row, y)
        for row in set(centre_rows(t18)) - set(t3.rows):                     # shown for another year only
            assert t18.value(row, y) == 0


# -- flows (N) ---------------------------------------------------------------------------

def test_t22_entrantes_equal_sortantes(tables):
    p, t = tables
    for m in ("FOAD", "HYB"):
        assert t[22].value("Total", (m, "Entrantes")) == t[22].value("Total", (m, "Sortantes"))
        assert t[22].value("Total", (m, "Solde (entrantes − sortantes)")) == 0
        assert sum(t[22].value(r, (m, "Entrantes")) for r in centre_rows(t[22])) == \
            sum(t[22].value(r, (m, "Sortantes")) for r in centre_rows(t[22]))


def test_t22_organised_equals_t21_less_unknown_ca(tables, synthetic):
    p, t = tables
    t21, t22 = t[21], t[22]
    ins = scope(synthetic, p).ins(p.N)
    labels = synthetic.ref.centre_rows["libelle"]
    for m in ("FOAD", "HYB"):
        unknown = ins[(ins["modalite"] == m).fillna(False) & ~ins["has_learner"]].groupby("centre").size()
        unknown = {labels[c]: n for c, n in unknown.items()}
        for row in centre_rows(t21):
            if t21.symbol(row, m) == "nd":                                   # supplement centre
                assert row not in t22.rows
                continue
            organised = t22.value(row, (m, ORGANISED)) if row in t22.rows else 0
            assert organised == t21.value(row, m) - unknown.get(row, 0), (m, row)
    n_unknown = int((ins["modalite"].isin(["FOAD", "HYB"]).fillna(False) & ~ins["has_learner"]).sum())
    if n_unknown:
        assert any(n.startswith(f"Note : {fmt_int(n_unknown)} inscription(s)") for n in t22.notes)


def test_t3_entrants_at_most_t22_entrantes(tables):
    p, t = tables
    t3, t22 = t[3], t[22]
    col = (p.N, f"Inscrits entrants ({', '.join(p.entrant_modalites)})")
    for row in centre_rows(t3):
        if t3.symbol(row, col) == "nd":                                      # hors supplément
            continue
        entrantes = sum(t22.value(row, (m, "Entrantes")) for m in p.entrant_modalites
                        if row in t22.rows and m in ("FOAD", "HYB"))
        assert t3.value(row, col) <= entrantes, row


# -- hours (S3) --------------------------------------------------------------------------

def test_t23_total_equals_t24_total_and_t25_hors_supplement(tables, synthetic):
    p, t = tables
    for y in p.S3:
        assert same(t[23].value("Total", y), t[24].value("Total", y))
        assert same(t[25].value("Total", y), t[24].value("Total", y) - supplement(synthetic, y, "heures"))
        for aire in AIRES:
            assert same(t[23].value(aire, y), sum(t[24].value(r, y) for r in centre_rows(t[24])
                                                  if r in aire_members(synthetic, aire)))


def aire_members(x, aire):
    ref = x.ref
    code = ref.aires.index[ref.aires["libelle"] == aire][0]
    return set(ref.centre_rows.loc[ref.centre_rows["aire"] == code, "libelle"])


# -- shares ------------------------------------------------------------------------------

def _sums_to_100(vals):
    if any(math.isnan(v) for v in vals):
        return True                                                          # zero base: not checked
    return sum(vals) == pytest.approx(100, abs=1e-9)


def test_shares_sum_to_100(tables):
    p, t = tables
    part = f"Part {p.N} (%)"
    for n, rows in ((16, AIRES), (23, AIRES), (18, centre_rows(t[18])), (24, centre_rows(t[24])),
                    (25, centre_rows(t[25]))):
        assert _sums_to_100([t[n].value(r, part) for r in rows]), n
    activity = [r for r, k in zip(t[17].rows, t[17].row_kinds) if k == ""]
    assert _sums_to_100([t[17].value(r, "Part (%)") for r in activity])
    for block in AIRES + ["Total"]:
        assert _sums_to_100([t[20].value((block, m), part) for m in MODALITES]), block
    for row in t[21].rows:
        if t[21].symbol(row, "PRES (%)") != "nd":
            assert _sums_to_100([t[21].value(row, f"{m} (%)") for m in MODALITES]), row
    shares = ("dont Paris – Établissement public (%)", "dont centres en région (%)", "dont centres à l'étranger (%)")
    for y in (p.n_minus(1), p.N):
        for row in t[19].rows:
            assert _sums_to_100([t[19].value(row, (y, s)) for s in shares]), (row, y)
