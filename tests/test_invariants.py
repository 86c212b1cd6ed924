"""Cross-table invariants of TABLES.md §4, on the synthetic extraction, for three editions.
Equalities hold on unrounded values; the §2.9 supplement is on both sides or on neither."""
import math

import pytest

from chiffres_cles.extraction import load_extraction
from chiffres_cles.params import load_params
from chiffres_cles.synth import generate
from chiffres_cles.tables import registry


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    data = tmp_path_factory.mktemp("synthetic") / "x"
    generate(data, scale=0.1, seed=2023)
    return load_extraction(data)


@pytest.fixture(scope="session", params=[2022, 2023, 2024])
def tables(request, synthetic):
    p = load_params(request.param)
    return p, {n: e.func(synthetic, p) for n, e in registry().items()}


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-9)


def supplement_learners(x, p, y):
    sup = x.frames.get("collecte_manuelle")
    return 0 if sup is None else float(sup.loc[sup["annee"] == y, "auditeurs"].fillna(0).sum())


def test_t1_total_equals_administrative_learners_of_t3(tables):
    p, t = tables
    for y in (p.n_minus(1), p.N):
        assert same(t[1].value("Total", y), t[3].value("Total", (y, "Inscrits administratifs")))


def test_t1_hors_supplement_equals_t2_total(tables, synthetic):
    p, t = tables
    assert same(t[1].value("Total", p.N) - supplement_learners(synthetic, p, p.N), t[2].value("Total", "Total"))


def test_t5_total_share_equals_t6_ensemble(tables):
    p, t = tables
    for y in p.S5:
        assert same(t[5].value("Total", (y, "Part des auditeurs de l'aire (%)")), t[6].value("Ensemble", y))


def test_t2_rows_add_up(tables):
    p, t = tables
    t2 = t[2]
    parts = ["Formation continue hors temps de travail (HTT)", "Formation continue en journée", "Alternance",
             "Formation initiale (hors alternance)", "Autre ou non renseigné"]
    assert same(sum(t2.value(r, "Total") for r in parts), t2.value("Total", "Total"))
    dont = t2.value("dont contrat d'apprentissage", "Total") + t2.value("dont contrat de professionnalisation", "Total")
    assert dont <= t2.value("Alternance", "Total")


def test_centre_tables_subtotals_equal_aires(tables):
    """T3 sub-totals (or an aire's single row) equal the T1 aire cells."""
    p, t = tables
    t1, t3 = t[1], t[3]
    aire_rows = {"Paris – Établissement public": "Cnam Paris – Établissement public", "Île-de-France": "Cnam Île-de-France",
                 "Régions métropolitaines": "Sous-total Régions métropolitaines", "Outre-mer": "Sous-total Outre-mer",
                 "Étranger": "Sous-total Étranger"}
    for aire, row in aire_rows.items():
        assert same(t1.value(aire, p.N), t3.value(row, (p.N, "Inscrits administratifs")))


def test_shares_sum_to_100(tables):
    p, t = tables
    col = f"Part {p.N} (%)"
    parts = ["Paris – Établissement public", "Île-de-France", "Régions métropolitaines", "Outre-mer", "Étranger"]
    assert sum(t[1].value(r, col) for r in parts) == pytest.approx(100, abs=1e-9)


# -- the learners' profile and international learners (T7–T15) ----------------------------

LEVELS = ["Aucun diplôme ou brevet", "CAP, BEP (niveau 3)", "Baccalauréat (niveau 4)", "Bac+2 (niveau 5)",
          "Bac+3 ou Bac+4 (niveau 6)", "Bac+5 (niveau 7)", "Doctorat (niveau 8)"]
SITUATIONS = ["En emploi", "Demandeur d'emploi", "Inactif (études, retraite, autre)"]


def test_t10_effectif_equals_t1_total_hors_supplement(tables, synthetic):
    p, t = tables
    for y in p.S5:
        assert same(t[10].value("Effectif", y), t[1].value("Total", y) - supplement_learners(synthetic, p, y))


def test_t2_total_equals_t8_total_plus_unknown_age(tables):
    p, t = tables
    t8 = t[8]
    assert same(t[2].value("Total", "Total"),
                t8.value("Total", ("Ensemble", "Effectif")) + t8.value("Âge non renseigné (effectif)", ("Ensemble", "Effectif")))


def test_t9_ensemble_equals_t8_mean_age(tables):
    p, t = tables
    assert same(t[9].value("Ensemble", (p.N, "Âge moyen")), t[8].value("Âge moyen (en années)", ("Ensemble", "Effectif")))


def test_t11_ensemble_equals_t10_column_n(tables):
    p, t = tables
    for level in LEVELS + ["Part d'information manquante (%)"]:
        assert same(t[11].value("Ensemble", level), t[10].value(level, p.N))


def test_t14_ensemble_equals_t12_column_n_when_both_use_first_inscription(synthetic):
    """The synthetic extraction fills the year's situation from 2021-2022 on, so T14 uses it
    there; without the year fields both tables read the first inscription and must agree."""
    import dataclasses

    frames = dict(synthetic.frames)
    frames["auditeurs"] = frames["auditeurs"].drop(columns=["situation_emploi_annee", "pcs_annee"])
    x = dataclasses.replace(synthetic, frames=frames, cache={})
    for edition in (2022, 2024):
        p = load_params(edition)
        t12, t14 = registry()[12].func(x, p), registry()[14].func(x, p)
        for s in SITUATIONS + ["Part d'information manquante (%)"]:
            assert same(t14.value("Ensemble", s), t12.value(s, p.N))


def test_t15_total_equals_t1_abroad_hors_supplement(tables, synthetic):
    p, t = tables
    assert same(t[15].value("Total", "Total"), t[1].value("Étranger", p.N) - supplement_learners(synthetic, p, p.N))


def test_distributions_sum_to_100(tables):
    p, t = tables
    for y in p.S5:
        assert sum(t[10].value(lv, y) for lv in LEVELS) == pytest.approx(100, abs=1e-9)
        assert sum(t[12].value(s, y) for s in SITUATIONS) == pytest.approx(100, abs=1e-9)
    for row, kind in zip(t[11].rows, t[11].row_kinds):
        vals = [t[11].value(row, lv) for lv in LEVELS]
        if not any(math.isnan(v) for v in vals):
            assert sum(vals) == pytest.approx(100, abs=1e-9), row
