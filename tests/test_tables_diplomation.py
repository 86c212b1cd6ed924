"""Tables 66–69 (diplomation et certification) and the promotion rule of TABLES.md §2.8 on
hand-built extractions, with values computed by hand."""
import dataclasses

import pandas as pd
import pytest

from chiffres_cles.params import load_params
from chiffres_cles.perimeter import parchemins, promotion
from chiffres_cles.tables import entry

P = load_params(2023)                       # promotions 2017-2018 … 2021-2022, Covid override
NO_OVERRIDE = dataclasses.replace(P, promotion_overrides=())
SP = P.SP
PROMO, PREV = P.P, P.SP[-2]
PART, EVOL = f"Part {PROMO} (%)", f"Évol. {PROMO} / {PREV} (%)"


def table(n, x, p=P):
    return entry(n).func(x, p)


@pytest.fixture
def builder(builder):
    """An extraction needs learners and inscriptions: one of each, besides the diplomas."""
    a = builder.learner()
    builder.inscription(a)
    return builder


def promo_of(groupe, date, p=P):
    return promotion(pd.Series([groupe]), pd.Series([pd.Timestamp(date)]), p).iloc[0]


# -- the promotion windows, edge by edge (§2.8) ---------------------------------------------------

@pytest.mark.parametrize("groupe,date,expected", [
    # rectorat rule: 1 December – 30 November
    ("R", "2018-11-30", "2017-2018"), ("R", "2018-12-01", "2018-2019"),
    ("R", "2019-11-30", "2018-2019"), ("R", "2019-12-01", "2019-2020"),
    # Covid extension of 2019-2020 until 31/12/2020; 2020-2021 opens on 01/01/2021
    ("R", "2020-11-30", "2019-2020"), ("R", "2020-12-01", "2019-2020"),
    ("R", "2020-12-31", "2019-2020"), ("R", "2021-01-01", "2020-2021"),
    ("R", "2021-11-30", "2020-2021"), ("R", "2021-12-01", "2021-2022"),
    ("R", "2022-11-30", "2021-2022"), ("R", "2022-12-01", "2022-2023"),
    # calendar year: 1 January – 31 December, untouched by the extension
    ("C", "2019-12-31", "2018-2019"), ("C", "2020-01-01", "2019-2020"),
    ("C", "2020-12-01", "2019-2020"), ("C", "2020-12-31", "2019-2020"),
    ("C", "2021-01-01", "2020-2021"), ("C", "2021-12-31", "2020-2021"),
    ("C", "2022-01-01", "2021-2022"), ("C", "2022-12-15", "2021-2022"),
])
def test_promotion_at_each_edge(groupe, date, expected):
    assert promo_of(groupe, date) == expected


def test_without_the_override_december_2020_opens_2020_2021():
    assert promo_of("R", "2020-11-30", NO_OVERRIDE) == "2019-2020"
    assert promo_of("R", "2020-12-01", NO_OVERRIDE) == "2020-2021"
    assert promo_of("R", "2020-12-31", NO_OVERRIDE) == "2020-2021"


@pytest.mark.parametrize("p", [P, NO_OVERRIDE], ids=["override", "no-override"])
def test_every_jury_date_falls_in_exactly_one_promotion(p):
    """Day by day over nine years: one label per day, and the days of each promotion form one
    window that starts the day after the previous one ends (no gap, no overlap)."""
    days = pd.Series(pd.date_range("2016-01-01", "2024-12-31"))
    expected = {
        "R": {"2019-2020": ("2019-12-01", "2020-12-31" if p.promotion_overrides else "2020-11-30"),
              "2020-2021": ("2021-01-01" if p.promotion_overrides else "2020-12-01", "2021-11-30"),
              "2021-2022": ("2021-12-01", "2022-11-30")},
        "C": {"2019-2020": ("2020-01-01", "2020-12-31"), "2020-2021": ("2021-01-01", "2021-12-31")},
    }
    for g in ("R", "C"):
        promo = promotion(pd.Series([g] * len(days)), days, p)
        assert promo.notna().all() and len(promo) == len(days)
        windows = days.groupby(promo).agg(["min", "max"]).sort_values("min")
        assert (windows["min"].iloc[1:].to_numpy() == (windows["max"].iloc[:-1] + pd.Timedelta(days=1)).to_numpy()).all()
        starts = windows.index.str[:4].astype(int)
        assert list(starts) == list(range(starts[0], starts[0] + len(starts)))   # consecutive promotions
        for label, (lo, hi) in expected[g].items():
            assert (windows.at[label, "min"], windows.at[label, "max"]) == (pd.Timestamp(lo), pd.Timestamp(hi))


# -- T66 ---------------------------------------------------------------------------------------

def test_t66_promotions_by_type(builder, tmp_path):
    builder.diplome("2020-12-15", type_parchemin="MASTER")          # → 2019-2020 (extension)
    builder.diplome("2021-12-15", type_parchemin="MASTER")          # → 2021-2022
    builder.diplome("2022-12-01", type_parchemin="MASTER")          # → 2022-2023: outside the edition
    builder.diplome("2022-12-15", type_parchemin="CERT")            # calendar year → 2021-2022
    builder.diplome("2021-06-25", type_parchemin="LIC", auditeur_id="AU1")
    builder.diplome("2021-06-25", type_parchemin="CERT", auditeur_id="AU1")   # same person: 2 parchemins
    builder.diplome("2021-03-10", type_parchemin="LICPRO")           # rectorat rule → 2020-2021
    builder.diplome(None, type_parchemin="LIC")                     # no jury date: excluded
    x = builder.load(tmp_path)
    t = table(66, x)
    assert t.value("Master", "2019-2020") == 1 and t.value("Master", PROMO) == 1
    assert t.value("Total", PROMO) == 2                            # the Master of 15/12/2021, the Certificat
    assert t.value("Certificat", PROMO) == 1 and t.value("Certificat", PREV) == 1
    assert t.value("Licence", PREV) == 1 and t.value("Licence professionnelle", PREV) == 1
    assert t.value("Sous-total diplômes soumis à la règle du rectorat", PREV) == 2
    assert t.value("Sous-total autres diplômes et certifications", PREV) == 1
    assert t.value("Total", PREV) == 3
    assert sum(t.value("Total", y) for y in SP) == 6               # the 2022-2023 one and the undated one out
    assert t.value("Master", PART) == 50.0
    assert t.value("Total", EVOL) == pytest.approx(100 * (2 - 3) / 3) and t.symbol("Total", EVOL) == "ns"
    assert t.symbol("Master", EVOL) == "///"                        # no Master in 2020-2021
    assert t.value("DEUST", PROMO) == 0 and t.symbol("DEUST", PROMO) == "–"   # empty types keep their row
    assert t.rows.index("Sous-total diplômes soumis à la règle du rectorat") == 6
    assert any("1 parchemin(s) sans date de jury" in n for n in t.notes)
    assert any("2019-2020 inclut les jurys" in n and "31 décembre 2020" in n for n in t.notes)
    assert x.report.count("date_jury_manquante", "diplomes") == 1


def test_t66_repeated_row_counts_once_and_unmapped_type(builder, tmp_path):
    builder.diplome("2022-03-01", type_parchemin="MASTER", parchemin_id="PA1")
    builder.diplome("2022-03-01", type_parchemin="MASTER", parchemin_id="PA1")   # identical row
    builder.diplome("2021-12-15", type_parchemin="XYZ")             # unknown type: calendar year → 2020-2021
    x = builder.load(tmp_path)
    t = table(66, x)
    assert t.value("Master", PROMO) == 1
    assert x.report.count("ligne_repetee", "diplomes") == 1
    assert t.value("Autre certification", PREV) == 1 and t.value("Autre certification", PROMO) == 0
    assert x.report.count("code_non_repertorie", "diplomes") == 1
    assert any("1 parchemin(s) de type non répertorié" in n for n in t.notes)
    frame, info = parchemins(x, P)
    assert frame["parchemin_id"].is_unique and info["sans_date"] == 0


def test_t66_to_t69_follow_the_edition(builder, tmp_path):
    builder.diplome("2023-06-25", type_parchemin="MASTER")
    builder.diplome("2018-06-25", type_parchemin="MASTER")
    x = builder.load(tmp_path)
    p24 = load_params(2024)
    t = table(66, x, p24)
    assert [c[0] for c in t.columns[:5]] == ["2018-2019", "2019-2020", "2020-2021", "2021-2022", "2022-2023"]
    assert t.value("Master", "2022-2023") == 1 and t.value("Total", "2018-2019") == 0
    assert "depuis 2018-2019" in t.title
    t22 = table(66, x, load_params(2022))                             # 2016-2017 … 2020-2021
    assert t22.value("Master", "2017-2018") == 1


# -- T67 ---------------------------------------------------------------------------------------

def test_t67_levels(builder, tmp_path):
    builder.diplome("2022-06-25", type_parchemin="CERT", niveau=None)
    builder.diplome("2022-06-25", type_parchemin="CERT", niveau="3")
    builder.diplome("2022-06-25", type_parchemin="CERT", niveau="4")
    builder.diplome("2022-06-25", type_parchemin="MASTER", niveau="7")
    builder.diplome("2021-06-25", type_parchemin="DOCTORAT", niveau="8")
    x = builder.load(tmp_path)
    t, t66 = table(67, x), table(66, x)
    assert t.value("Sans niveau ou non renseigné", PROMO) == 1
    assert t.value("Niveau 4 ou infra", PROMO) == 2
    assert t.value("Niveau 7 (Bac+5)", PROMO) == 1 and t.value("Niveau 8 (Doctorat)", PREV) == 1
    assert t.value("Niveau 4 ou infra", PART) == 50.0
    assert t.rows == ["Niveau 4 ou infra", "Niveau 5 (Bac+2)", "Niveau 6 (Bac+3, Bac+4)", "Niveau 7 (Bac+5)",
                      "Niveau 8 (Doctorat)", "Sans niveau ou non renseigné", "Total"]
    for y in SP:
        assert t.value("Total", y) == t66.value("Total", y)


# -- T68 ---------------------------------------------------------------------------------------

def test_t68_masculinity_ratio(builder, tmp_path):
    for _ in range(20):
        builder.diplome("2022-03-01", type_parchemin="ING", sexe="H")       # 20 men, no woman
    for i in range(12):
        builder.diplome("2022-06-25", type_parchemin="RNCP", sexe="H" if i < 4 else "F")   # H + F = 12
    builder.diplome("2022-06-25", type_parchemin="RNCP", sexe=None)        # missing sex: excluded
    for i in range(25):
        builder.diplome("2021-03-10", type_parchemin="MASTER", sexe="H" if i < 15 else "F")
    x = builder.load(tmp_path)
    t = table(68, x)
    assert t.symbol("Titre d'ingénieur", PROMO) == "///"
    assert t.symbol("Titre RNCP", PROMO) == "ns" and t.value("Titre RNCP", PROMO) == 50.0
    assert t.value("Master", PREV) == 150.0 and t.symbol("Master", PREV) == ""
    assert t.symbol("Master", PROMO) == "///"                                  # no Master in P
    assert t.value("Ensemble", PROMO) == pytest.approx(100 * 24 / 8)           # 24 men, 8 women
    assert t.bases[("Ensemble", (PROMO,))] == 32
    assert t.rows == ["Master", "Titre d'ingénieur", "Titre RNCP", "Ensemble"]   # empty types dropped
    assert any("1 parchemin(s) dont le sexe" in n for n in t.notes)


# -- T69 ---------------------------------------------------------------------------------------

def test_t69_by_epn(builder, tmp_path):
    builder.diplome("2022-06-25", type_parchemin="CERT", epn="EPN07")
    builder.diplome("2022-06-25", type_parchemin="CERT", epn=None)
    builder.diplome("2021-06-25", type_parchemin="LIC", epn="EPN07")
    x = builder.load(tmp_path)
    t, t66 = table(69, x), table(66, x)
    assert t.value("EPN 7 – Chimie vivant santé", PROMO) == 1
    assert t.value("EPN non renseignée", PROMO) == 1
    assert t.value("EPN 7 – Chimie vivant santé", EVOL) == 0.0 and t.symbol("EPN 7 – Chimie vivant santé", EVOL) == "ns"
    assert t.rows[-2:] == ["EPN non renseignée", "Total"]
    for y in SP:
        assert t.value("Total", y) == t66.value("Total", y)


def test_t69_without_missing_epn_has_no_such_row(builder, tmp_path):
    builder.diplome("2022-06-25", type_parchemin="CERT", epn="EPN07")
    builder.diplome("2015-06-25", type_parchemin="CERT", epn=None)           # outside SP
    t = table(69, builder.load(tmp_path))
    assert "EPN non renseignée" not in t.rows
