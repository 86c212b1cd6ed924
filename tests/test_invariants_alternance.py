"""Cross-table invariants of TABLES.md §4 that involve the alternance tables (T26–T33), on the
synthetic extraction, for three editions. Equalities hold on unrounded values; these tables
never include the §2.9 supplement, so T1 is taken hors supplément."""
import math

import pytest

from chiffres_cles.extraction import load_extraction
from chiffres_cles.params import load_params
from chiffres_cles.synth import generate
from chiffres_cles.tables import registry
from chiffres_cles.tables.alternance import CONTRACT_BLOCK, DIPLOMA_BLOCK

TABLES = (1, 2, *range(26, 34))
LEVELS = ["Aucun diplôme ou brevet", "CAP, BEP (niveau 3)", "Baccalauréat (niveau 4)", "Bac+2 (niveau 5)",
          "Bac+3 ou Bac+4 (niveau 6)", "Bac+5 (niveau 7)", "Doctorat (niveau 8)"]


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


def supplement_learners(x, y):
    sup = x.frames.get("collecte_manuelle")
    return 0 if sup is None else float(sup.loc[sup["annee"] == y, "auditeurs"].fillna(0).sum())


def block_rows(t, block):
    return [r for r in t.rows if r[0] == block]


def test_alternant_totals_agree(tables, synthetic):
    """T26 Total = T27 Total = T28 Total = T31 « Effectif » = each block total of T32 where
    available (S5)."""
    p, t = tables
    for y in p.S5:
        total = t[26].value("Total", y)
        assert total > 0
        assert same(t[27].value("Total", y), total)
        assert same(t[28].value("Total", y), total)
        assert same(t[31].value("Effectif", y), total)
        for block in (CONTRACT_BLOCK, DIPLOMA_BLOCK):
            if t[32].symbol((block, "Total"), y) != "nd":
                assert same(t[32].value((block, "Total"), y), total)
    # block B is nd exactly in the years where no learner row fills the diploma prepared
    for y in p.S5:
        filled = synthetic.rows("auditeurs", annee=y, columns=["type_diplome_prepare"])["type_diplome_prepare"]
        assert (t[32].symbol((DIPLOMA_BLOCK, "Total"), y) == "nd") == (not filled.notna().any()), y
    assert t[32].symbol((DIPLOMA_BLOCK, "Total"), p.N) == ""


def test_t27_subtotals_and_rows_add_to_t26_aires(tables):
    p, t = tables
    rows = {"Paris – Établissement public": "Cnam Paris – Établissement public",
            "Île-de-France": "Cnam Île-de-France", "Régions métropolitaines": "Sous-total Régions métropolitaines",
            "Outre-mer": "Sous-total Outre-mer", "Étranger": "Sous-total Étranger"}
    for y in p.S5:
        for aire, row in rows.items():
            assert same(t[27].value(row, y), t[26].value(aire, y))


def test_age_tables_effectifs_equal_count_tables_row_by_row(tables):
    """T29 and T30 effectifs equal T27 and T28, row by row (S3); « Ensemble » ↔ « Total »."""
    p, t = tables
    for age_table, count_table in ((t[29], t[27]), (t[30], t[28])):
        shown = [r for r in age_table.rows if r in count_table.rows or r == "Ensemble"]
        assert len(shown) == len(age_table.rows)
        for y in p.S3:
            for r in shown:
                rc = "Total" if r == "Ensemble" else r
                sym_a, sym_c = age_table.symbol(r, (y, "Effectif")), count_table.symbol(rc, y)
                assert sym_a == sym_c, (r, y)
                if sym_a not in ("nd", "///"):
                    assert same(age_table.value(r, (y, "Effectif")), count_table.value(rc, y)), (r, y)


def test_t33_ensemble_equals_t26_total_and_t2_alternance(tables):
    p, t = tables
    n = t[33].value("Ensemble", "Effectif d'alternants")
    assert same(n, t[26].value("Total", p.N))
    assert same(n, t[2].value("Alternance", "Total"))


def test_t26_share_denominator_is_t1_total_hors_supplement(tables, synthetic):
    p, t = tables
    share = f"Part des alternants parmi les auditeurs {p.N} (%)"
    den = t[26].bases[("Total", (share,))]
    assert same(den, t[1].value("Total", p.N) - supplement_learners(synthetic, p.N))
    assert same(den, t[2].value("Total", "Total"))
    assert same(t[26].value("Total", share), 100 * t[26].value("Total", p.N) / den)
    # T33's first share over the same learners
    assert same(t[33].value("Ensemble", "Part des alternants parmi les auditeurs du centre (%)"),
                t[26].value("Total", share))


def test_shares_sum_to_100(tables):
    p, t = tables
    for y in p.S5:
        assert sum(t[31].value(lv, y) for lv in LEVELS) == pytest.approx(100, abs=1e-9)
    part = f"Part {p.N} (%)"
    for block in (CONTRACT_BLOCK, DIPLOMA_BLOCK):
        cats = [r for r in block_rows(t[32], block) if r[1] not in ("Non renseigné", "Total")]
        assert sum(t[32].value(r, part) for r in cats) == pytest.approx(100, abs=1e-9)


def test_supplement_centre_kept_with_nd_in_centre_tables(tables):
    p, t = tables
    for n, col in ((27, p.N), (29, (p.N, "Âge moyen")), (33, "Effectif d'alternants")):
        assert t[n].symbol("Cnam Madagascar", col) == "nd"
        assert "Note : hors Cnam Madagascar (collecte manuelle)." in t[n].notes
