"""Cross-table invariants of TABLES.md §4 for the inscriptions (T16–T25, with T3): the
declarations of families « Inscriptions », « Flux » and « Heures » and the distributions of
T16–T25 (`chiffres_cles.invariants`), on the synthetic extraction, for three editions; then
the assertions of this part that are not §4 invariants."""
import math

import pytest

from chiffres_cles.formatting import fmt_int
from chiffres_cles.perimeter import scope
from test_invariants import EDITIONS, assert_holds, declarations, edition_tables, synthetic_extraction

AIRES = ["Paris – Établissement public", "Île-de-France", "Régions métropolitaines", "Outre-mer", "Étranger"]
ORGANISED = "Organisées par le centre (régionales + entrantes)"


@pytest.fixture(scope="session", params=EDITIONS)
def built(request):
    return edition_tables(request.param)


@pytest.mark.parametrize("invariant", declarations("inscriptions"), ids=lambda i: i.id)
def test_invariant(invariant, built):
    assert_holds(invariant, built)


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-9)


def centre_rows(t):
    return [r for r, k in zip(t.rows, t.row_kinds) if k == ""]


def supplement(x, y, column):
    sup = x.frames.get("collecte_manuelle")
    if sup is None or column not in sup.columns:
        return 0.0
    return float(sup.loc[sup["annee"] == y, column].fillna(0).sum())


def test_the_supplement_is_there(built):
    """The invariants « hors supplément » are only meaningful if the synthetic extraction has
    a supplement in the years of these editions."""
    x = synthetic_extraction()
    assert supplement(x, built.p.N, "inscriptions") > 0 and supplement(x, built.p.N, "heures") > 0


# -- assertions of this part that are not §4 invariants -------------------------------------------

def test_t16_aires_equal_t20_blocks(built):
    p, t = built.p, built.tables
    for y in p.S5:
        for aire in AIRES:
            assert same(t[16].value(aire, y), t[20].value((aire, "Ensemble"), y))


def test_t22_unknown_ca_by_centre(built):
    """The build checks T22 « Organisées » ≤ T21 centre by centre and the total of the
    differences against T22's Note; here, with the rows, each centre's difference is its own
    number of inscriptions without a known CA, and the Note gives their total."""
    p, t, x = built.p, built.tables, built.x
    t21, t22 = t[21], t[22]
    ins = scope(x, p).ins(p.N)
    labels = x.ref.centre_rows["libelle"]
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


def test_t23_aires_equal_t24_centres(built):
    p, t, x = built.p, built.tables, built.x
    for y in p.S3:
        for aire in AIRES:
            assert same(t[23].value(aire, y), sum(t[24].value(r, y) for r in centre_rows(t[24])
                                                  if r in aire_members(x, aire)))


def aire_members(x, aire):
    ref = x.ref
    code = ref.aires.index[ref.aires["libelle"] == aire][0]
    return set(ref.centre_rows.loc[ref.centre_rows["aire"] == code, "libelle"])
