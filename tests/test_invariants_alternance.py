"""Cross-table invariants of TABLES.md §4 that involve the alternance tables (T26–T33): the
declarations of family « Alternance » and the distributions of T31 and T32
(`chiffres_cles.invariants`), on the synthetic extraction, for three editions; then the
assertions of this part that are not §4 invariants. These tables never include the §2.9
supplement, so T1 is taken hors supplément."""
import math

import pytest

from chiffres_cles.tables.alternance import DIPLOMA_BLOCK
from test_invariants import EDITIONS, assert_holds, declarations, edition_tables, supplement_learners


@pytest.fixture(scope="session", params=EDITIONS)
def built(request):
    return edition_tables(request.param)


@pytest.mark.parametrize("invariant", declarations("alternance"), ids=lambda i: i.id)
def test_invariant(invariant, built):
    assert_holds(invariant, built)


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-9)


# -- assertions of this part that are not §4 invariants -------------------------------------------

def test_alternants_every_year_and_the_diploma_block_where_filled(built):
    """The synthetic extraction has alternants every year; T32's block B is `nd` exactly in
    the years where no learner row fills the diploma prepared, never in N."""
    p, t, x = built.p, built.tables, built.x
    for y in p.S5:
        assert t[26].value("Total", y) > 0
        filled = x.rows("auditeurs", annee=y, columns=["type_diplome_prepare"])["type_diplome_prepare"]
        assert (t[32].symbol((DIPLOMA_BLOCK, "Total"), y) == "nd") == (not filled.notna().any()), y
    assert t[32].symbol((DIPLOMA_BLOCK, "Total"), p.N) == ""


def test_t27_subtotals_and_rows_add_to_t26_aires(built):
    p, t = built.p, built.tables
    rows = {"Paris – Établissement public": "Cnam Paris – Établissement public",
            "Île-de-France": "Cnam Île-de-France", "Régions métropolitaines": "Sous-total Régions métropolitaines",
            "Outre-mer": "Sous-total Outre-mer", "Étranger": "Sous-total Étranger"}
    for y in p.S5:
        for aire, row in rows.items():
            assert same(t[27].value(row, y), t[26].value(aire, y))


def test_t26_share_over_its_recorded_denominator(built):
    """The denominator T26 records for its share (its base) is T1 Total hors supplément and
    T2 Total; the share is 100 × alternants / that base, and T33's first share is the same."""
    p, t = built.p, built.tables
    share = f"Part des alternants parmi les auditeurs {p.N} (%)"
    den = t[26].bases[("Total", (share,))]
    assert same(den, t[1].value("Total", p.N) - supplement_learners(built.x, p.N))
    assert same(den, t[2].value("Total", "Total"))
    assert same(t[26].value("Total", share), 100 * t[26].value("Total", p.N) / den)
    assert same(t[33].value("Ensemble", "Part des alternants parmi les auditeurs du centre (%)"),
                t[26].value("Total", share))


def test_supplement_centre_kept_with_nd_in_centre_tables(built):
    p, t = built.p, built.tables
    for n, col in ((27, p.N), (29, (p.N, "Âge moyen")), (33, "Effectif d'alternants")):
        assert t[n].symbol("Cnam Madagascar", col) == "nd"
        assert "Note : hors Cnam Madagascar (collecte manuelle)." in t[n].notes
