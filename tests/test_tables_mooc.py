"""Tableau 7 (MOOC) and the data of Graphique 3, on hand-built extractions.

Edition 2023 unless stated: S3 = 2020-2021, 2021-2022, 2022-2023; N = 2022-2023.
"""
import math

import pandas as pd
import pytest

from chiffres_cles.params import load_params
from chiffres_cles.tables.auditeurs import t01
from chiffres_cles.tables.mooc import academic_year_of, graphique_3_data, t07, year_totals
from chiffres_cles.tables.registry import entry

P = load_params(2023)
N, N1, N2 = "2022-2023", "2021-2022", "2020-2021"
EVOL = "Évol. 2022-2023 / 2021-2022 (%)"
ATT = (N, "Attestations ou certificats délivrés")
TAUX = (N, "Taux d'obtention (%)")
SESSIONS = (N, "Sessions")
TOTAL = ("", "Total")


def ins(y):
    return ("Inscriptions", y)


def _learner(builder):
    """Every extraction needs one learner with one inscription."""
    a = builder.learner()
    builder.inscription(a)
    return a


def _epn(x, code):
    return x.ref.epn.at[code, "libelle"]


def _row(x, epn, label):
    return (_epn(x, epn), label)


# -- academic year of a dated session ------------------------------------------------

def test_academic_year_of_dates():
    dates = pd.Series(pd.to_datetime(["2021-08-30", "2021-08-31", "2021-09-01", "2022-12-31", None]))
    assert academic_year_of(dates).tolist()[:4] == ["2020-2021", "2020-2021", "2021-2022", "2022-2023"]
    assert pd.isna(academic_year_of(dates).iloc[4])


def test_session_opening_30_august_2021_belongs_to_2020_2021(builder, tmp_path):
    _learner(builder)
    builder.mooc("M1", "2021-08-30", libelle="Alpha", inscrits=120)
    builder.mooc("M1", "2021-09-01", libelle="Alpha", inscrits=30)
    builder.mooc("M1", "2020-08-31", libelle="Alpha", inscrits=999)  # 2019-2020: outside S3
    x = builder.load(tmp_path)
    t = t07(x, P)
    row = _row(x, "EPN05", "Alpha")
    assert t.value(row, ins(N2)) == 120
    assert t.value(row, ins(N1)) == 30
    assert t.value(row, ins(N)) == 0
    assert t.text(row, ins(N)) == "–"
    assert t.value(TOTAL, ins(N2)) == 120  # the 2019-2020 session is not shown anywhere


# -- rows ----------------------------------------------------------------------------

def test_two_sessions_of_one_mooc_in_n_are_summed_in_one_row(builder, tmp_path):
    _learner(builder)
    builder.mooc("M1", "2022-10-03", libelle="Alpha", inscrits=300, attestations=30)
    builder.mooc("M1", "2023-03-06", libelle="Alpha", inscrits=200, attestations=45)
    x = builder.load(tmp_path)
    t = t07(x, P)
    assert [r for r in t.rows if r != TOTAL] == [_row(x, "EPN05", "Alpha")]
    row = _row(x, "EPN05", "Alpha")
    assert t.value(row, ins(N)) == 500
    assert t.value(row, SESSIONS) == 2
    assert t.value(row, ATT) == 75
    assert t.value(row, TAUX) == pytest.approx(15.0)  # 100 × 75 / 500
    assert t.text(row, TAUX) == "15,0"


def test_rows_grouped_by_epn_in_reference_order_alphabetical_inside(builder, tmp_path):
    _learner(builder)
    builder.mooc("Z", "2022-10-01", libelle="Zoologie", epn="EPN05")
    builder.mooc("E", "2022-10-01", libelle="École inclusive", epn="EPN05")  # accent: before « Fondamentaux »
    builder.mooc("F", "2022-10-01", libelle="Fondamentaux", epn="EPN05")
    builder.mooc("a", "2022-10-01", libelle="apprendre", epn="EPN05")       # case ignored
    builder.mooc("C", "2022-10-01", libelle="English", epn="CLE")
    builder.mooc("B", "2022-10-01", libelle="Banque", epn="EPN01")
    builder.mooc("X", "2022-10-01", libelle="Sans EPN", epn=None)
    x = builder.load(tmp_path)
    t = t07(x, P)
    assert t.rows == [
        _row(x, "EPN01", "Banque"),
        _row(x, "EPN05", "apprendre"), _row(x, "EPN05", "École inclusive"),
        _row(x, "EPN05", "Fondamentaux"), _row(x, "EPN05", "Zoologie"),
        _row(x, "CLE", "English"),
        ("EPN non renseignée", "Sans EPN"),
        TOTAL,
    ]
    assert t.row_kinds[-1] == "total"
    assert t.value(TOTAL, ins(N)) == 700  # default 100 inscrits per session


def test_label_and_epn_of_the_latest_session(builder, tmp_path):
    _learner(builder)
    builder.mooc("M1", "2021-01-10", libelle="Ancien titre", epn="EPN03", inscrits=40)
    builder.mooc("M1", "2022-11-10", libelle="Nouveau titre", epn="EPN05", inscrits=60)
    builder.mooc("M2", "2022-11-10", libelle=None, epn="EPN05", inscrits=10)
    x = builder.load(tmp_path)
    t = t07(x, P)
    assert t.rows == [_row(x, "EPN05", "M2"), _row(x, "EPN05", "Nouveau titre"), TOTAL]
    assert t.value(_row(x, "EPN05", "Nouveau titre"), ins(N2)) == 40


# -- evolution -----------------------------------------------------------------------

def test_mooc_not_run_in_n_minus_1_has_evolution_not_applicable(builder, tmp_path):
    _learner(builder)
    builder.mooc("NEW", "2022-10-01", libelle="Nouveau", inscrits=250)
    builder.mooc("NEW", "2020-10-01", libelle="Nouveau", inscrits=100)  # run in N-2 only
    builder.mooc("OLD", "2021-10-01", libelle="Ancien", inscrits=200)
    builder.mooc("OLD", "2022-10-01", libelle="Ancien", inscrits=150)
    builder.mooc("SMALL", "2021-10-01", libelle="Petit", inscrits=10)
    builder.mooc("SMALL", "2022-10-01", libelle="Petit", inscrits=40)
    x = builder.load(tmp_path)
    t = t07(x, P)
    assert t.symbol(_row(x, "EPN05", "Nouveau"), EVOL) == "///"
    assert t.text(_row(x, "EPN05", "Ancien"), EVOL) == "\u221225,0"  # 100 × (150 − 200) / 200
    assert t.symbol(_row(x, "EPN05", "Petit"), EVOL) == "ns"          # N-1 base 10 < 20
    assert t.value(_row(x, "EPN05", "Petit"), EVOL) == pytest.approx(300.0)
    assert t.value(TOTAL, EVOL) == pytest.approx(100 * (440 - 210) / 210)


# -- attestations and taux d'obtention ------------------------------------------------

def test_session_without_attestations_leaves_the_taux(builder, tmp_path):
    _learner(builder)
    builder.mooc("M1", "2022-10-03", libelle="Alpha", inscrits=400, attestations=60)
    builder.mooc("M1", "2023-02-03", libelle="Alpha", inscrits=600, attestations=None)
    builder.mooc("M2", "2022-10-03", libelle="Beta", inscrits=100, attestations=None)
    builder.mooc("M3", "2022-10-03", libelle="Gamma", inscrits=100, attestations=0)
    x = builder.load(tmp_path)
    t = t07(x, P)
    alpha, beta, gamma = (_row(x, "EPN05", lab) for lab in ("Alpha", "Beta", "Gamma"))
    assert t.value(alpha, ins(N)) == 1000          # every session counts in the inscriptions
    assert t.value(alpha, ATT) == 60
    assert t.value(alpha, TAUX) == pytest.approx(15.0)  # 60 / 400, the 600 left out
    assert t.bases[(alpha, TAUX)] == 400
    assert t.symbol(beta, ATT) == "nd" and t.symbol(beta, TAUX) == "nd"  # no session known
    assert t.text(gamma, ATT) == "–" and t.text(gamma, TAUX) == "–"    # a real zero
    assert t.value(TOTAL, ATT) == 60
    assert t.value(TOTAL, TAUX) == pytest.approx(100 * 60 / 500)
    assert any("2 session(s)" in n and "numérateur et dénominateur" in n for n in t.notes)


def test_attestations_field_absent_gives_nd(builder, tmp_path):
    _learner(builder)
    builder.mooc("M1", "2022-10-03", libelle="Alpha", inscrits=400)
    builder.mooc("M1", "2021-10-03", libelle="Alpha", inscrits=300)
    builder.drop_columns["mooc"] = ["attestations"]
    x = builder.load(tmp_path)
    t = t07(x, P)
    for row in (_row(x, "EPN05", "Alpha"), TOTAL):
        assert t.symbol(row, ATT) == "nd"
        assert t.symbol(row, TAUX) == "nd"
        assert t.published(row, TAUX) is None
    assert t.value(TOTAL, ins(N)) == 400
    assert any("non disponible" in n for n in t.notes)
    g = graphique_3_data(t, x, P)
    assert g["attestations"].isna().all()
    assert g["inscriptions"].tolist() == [0, 300, 400]


def test_small_and_zero_base_taux(builder, tmp_path):
    _learner(builder)
    builder.mooc("S", "2022-10-03", libelle="Petit", inscrits=15, attestations=3)
    builder.mooc("P", "2021-10-03", libelle="Passé", inscrits=80, attestations=8)  # not run in N
    x = builder.load(tmp_path)
    t = t07(x, P)
    small, past = _row(x, "EPN05", "Petit"), _row(x, "EPN05", "Passé")
    assert t.symbol(small, TAUX) == "ns"
    assert t.value(small, TAUX) == pytest.approx(20.0)  # kept unrounded for the tests, hidden in exports
    assert t.published(small, TAUX) is None
    assert t.text(small, ATT) == "3"                    # counts are never suppressed
    assert t.text(past, SESSIONS) == "–"
    assert t.symbol(past, TAUX) == "///"                # no inscription in N
    assert t.text(TOTAL, TAUX) == "ns"                  # base 15


# -- universe, registration, editions -------------------------------------------------

def test_mooc_learners_never_enter_the_auditeur_universe(builder, tmp_path):
    _learner(builder)
    x0 = builder.load(tmp_path / "a")
    builder.mooc("M1", "2022-10-03", libelle="Alpha", inscrits=5000)
    x1 = builder.load(tmp_path / "b")
    assert t01(x0, P).values == t01(x1, P).values


def test_registered_in_section_03_with_notes(builder, tmp_path):
    _learner(builder)
    builder.mooc("M1", "2022-10-03", libelle="Alpha")
    x = builder.load(tmp_path)
    t = entry(7).func(x, P)
    assert t.number == 7 and t.section == "03"
    assert t.title == "Répartition des inscriptions aux MOOC du Cnam depuis 2020-2021"
    assert t.champ == "Champ : sessions de MOOC du Cnam ouvertes au cours de l'année universitaire."
    assert t.source.startswith("Source : Cnam, plateformes de diffusion des MOOC")


def test_no_session_at_all(builder, tmp_path):
    _learner(builder)
    x = builder.load(tmp_path)
    t = t07(x, P)
    assert t.rows == [TOTAL]
    assert t.text(TOTAL, ins(N)) == "–"
    assert t.symbol(TOTAL, TAUX) == "///"
    assert t.symbol(TOTAL, EVOL) == "///"


@pytest.mark.parametrize("edition,years", [
    (2022, ["2019-2020", "2020-2021", "2021-2022"]),
    (2023, ["2020-2021", "2021-2022", "2022-2023"]),
    (2024, ["2021-2022", "2022-2023", "2023-2024"]),
])
def test_years_come_from_the_edition(builder, tmp_path, edition, years):
    _learner(builder)
    builder.mooc("M1", "2019-09-01", libelle="Alpha", inscrits=10)
    builder.mooc("M1", "2021-09-01", libelle="Alpha", inscrits=20)
    builder.mooc("M1", "2023-09-01", libelle="Alpha", inscrits=40)
    x = builder.load(tmp_path)
    p = load_params(edition)
    t = t07(x, p)
    assert [c[1] for c in t.columns if c[0] == "Inscriptions"] == years
    assert t.title.endswith(f"depuis {years[0]}")
    assert (years[-1], "Sessions") in t.columns
    assert t.columns[-1][0] == f"Évol. {years[-1]} / {years[-2]} (%)"
    expected = {"2019-2020": 10, "2021-2022": 20, "2023-2024": 40}
    for y in years:
        assert t.value(TOTAL, ins(y)) == expected.get(y, 0)


# -- Graphique 3 -----------------------------------------------------------------------

def test_graphique_3_data(builder, tmp_path):
    _learner(builder)
    builder.mooc("M1", "2020-10-01", libelle="Alpha", inscrits=100, attestations=10)
    builder.mooc("M1", "2021-10-01", libelle="Alpha", inscrits=200, attestations=None)
    builder.mooc("M1", "2022-10-01", libelle="Alpha", inscrits=300, attestations=30)
    builder.mooc("M2", "2022-10-01", libelle="Beta", inscrits=50, attestations=5)
    x = builder.load(tmp_path)
    t = t07(x, P)
    g = graphique_3_data(t)
    assert list(g.columns) == ["annee", "inscriptions", "attestations"]
    assert g["annee"].tolist() == [N2, N1, N]
    assert g["inscriptions"].tolist() == [100, 200, 350]
    assert math.isnan(g.loc[0, "attestations"]) and math.isnan(g.loc[1, "attestations"])  # T7 shows N only
    assert g.loc[2, "attestations"] == 35
    g = graphique_3_data(t, x, P)
    assert g.loc[0, "attestations"] == 10
    assert math.isnan(g.loc[1, "attestations"])  # no session of 2021-2022 has attestations: a gap
    assert g.loc[2, "attestations"] == 35
    totals = year_totals(x, P).set_index("annee")
    assert totals.loc[N, "taux_obtention"] == pytest.approx(t.value(TOTAL, TAUX))
