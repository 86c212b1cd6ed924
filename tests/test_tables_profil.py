"""Les auditeurs du Cnam – leur profil (T8–T14): the **Test** lines of TABLES.md §3 and the
§4 invariants that tie these tables to T1 and T2, on hand-built extractions with values
computed by hand."""
import dataclasses
import math

import pytest

from builders import ExtractionBuilder
from chiffres_cles.params import load_params
from chiffres_cles.perimeter import scope
from chiffres_cles.tables import entry
from chiffres_cles.tables.auditeurs import learners_by_aire, t01, t02
from chiffres_cles.tables.profil import (AGE_LABELS, AGE_MISSING, EFFECTIF, EMPLOYED_COUNT, MEAN_AGE,
                                         MEDIAN_AGE, MISSING_SHARE, PART_TIME_SHARE, QUOTITE_MISSING,
                                         age_pyramid, t08, t09, t10, t11, t12, t13, t14)

N, N1, N2 = "2022-2023", "2021-2022", "2020-2021"
ENS = "Ensemble"
LEVELS = ["Aucun diplôme ou brevet", "CAP, BEP (niveau 3)", "Baccalauréat (niveau 4)", "Bac+2 (niveau 5)",
          "Bac+3 ou Bac+4 (niveau 6)", "Bac+5 (niveau 7)", "Doctorat (niveau 8)"]
SITUATIONS = ["En emploi", "Demandeur d'emploi", "Inactif (études, retraite, autre)"]
PCS = ["Agriculteurs exploitants", "Artisans, commerçants et chefs d'entreprise",
       "Cadres et professions intellectuelles supérieures", "Professions intermédiaires", "Employés", "Ouvriers"]


@pytest.fixture
def p():
    return load_params(2023)


def add(b, n=1, annee=N, **kw):
    """n learners of year `annee`, each with one in-scope inscription."""
    ids = []
    for _ in range(n):
        a = b.learner(annee=annee, **kw)
        b.inscription(a, annee=annee)
        ids.append(a)
    return ids


def close(a, b):
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


# -- T8 -------------------------------------------------------------------------------

@pytest.fixture
def ages(builder, tmp_path):
    add(builder, 21, sexe="H", date_naissance="1990-03-01")    # 32 ans, 30 à 34
    add(builder, 1, sexe="H", date_naissance="2002-12-31")     # 20 ans on 31/12/2022
    add(builder, 1, sexe="F", date_naissance="2003-01-01")     # 19 ans
    add(builder, 1, sexe="F", date_naissance="2010-06-01")     # 12 ans: outside 15-90
    add(builder, 1, sexe="F", date_naissance=None)             # unknown
    add(builder, 20, sexe="F", date_naissance="1985-01-01")    # 37 ans
    add(builder, 1, sexe=None, date_naissance="1980-05-05")    # 42 ans, sex missing
    builder.learner(sexe="H", date_naissance="1990-03-01")     # no inscription: not counted
    return builder.load(tmp_path)


def test_t08_age_at_31_december_of_the_rentree_year(ages, p):
    t = t08(ages, p)
    assert t.value("20 à 24 ans", ("Hommes", "Effectif")) == 1       # born 31/12/2002
    assert t.value("Moins de 20 ans", ("Femmes", "Effectif")) == 1   # born 01/01/2003
    assert t.value("Moins de 20 ans", ("Hommes", "Effectif")) == 0
    assert t.symbol("Moins de 20 ans", ("Hommes", "Effectif")) == "–"
    assert t.value("30 à 34 ans", ("Hommes", "Effectif")) == 21
    assert "Âge atteint au 31 décembre 2022." in t.champ


def test_t08_implausible_or_missing_age_is_non_renseigne(ages, p):
    t = t08(ages, p)
    assert t.value(AGE_MISSING, ("Femmes", "Effectif")) == 2        # age 12 and no birth date
    assert t.value(AGE_MISSING, ("Hommes", "Effectif")) == 0
    assert t.value(AGE_MISSING, (ENS, "Effectif")) == 2
    assert t.value("Total", ("Femmes", "Effectif")) == 21
    assert t.value("Total", (ENS, "Effectif")) == 44
    assert any("15–90" in n for n in t.notes)


def test_t08_rm_precedence_per_class(ages, p):
    t = t08(ages, p)
    rm = ("Rapport de masculinité",)
    assert t.symbol("30 à 34 ans", rm) == "///"                     # 21 men, 0 women: base ≥ 20, F = 0
    assert t.symbol("20 à 24 ans", rm) == "ns"                      # base 1
    assert t.symbol("45 à 49 ans", rm) == "///"                     # base 0
    assert t.value("35 à 39 ans", rm) == 0 and t.symbol("35 à 39 ans", rm) == "–"
    assert close(t.value("Total", rm), 100 * 22 / 21)
    assert t.text("Total", rm) == "105"                             # integer


def test_t08_shares_means_and_median(ages, p):
    t = t08(ages, p)
    assert close(t.value("30 à 34 ans", ("Hommes", "%")), 100 * 21 / 22)
    assert t.symbol("30 à 34 ans", ("Hommes", "%")) == ""
    assert close(t.value("30 à 34 ans", (ENS, "%")), 100 * 21 / 44)
    assert close(t.value("Total", (ENS, "%")), 100)
    assert close(t.value(MEAN_AGE, ("Hommes", "Effectif")), (21 * 32 + 20) / 22)
    assert close(t.value(MEAN_AGE, ("Femmes", "Effectif")), (19 + 20 * 37) / 21)
    assert close(t.value(MEAN_AGE, (ENS, "Effectif")), (21 * 32 + 20 + 19 + 20 * 37 + 42) / 44)
    assert t.value(MEDIAN_AGE, (ENS, "Effectif")) == 32
    assert t.text(MEAN_AGE, (ENS, "Effectif")) == "33,9"
    for col in ("Hommes", "Femmes", ENS):                            # §4: shares of a column sum to 100
        assert close(sum(t.value(c, (col, "%")) for c in AGE_LABELS), 100)


def test_t08_small_bases_and_missing_sex(ages, p):
    t = t08(ages, dataclasses.replace(p, min_base=22))
    assert t.symbol(MEAN_AGE, ("Femmes", "Effectif")) == "ns"        # 21 valid ages
    assert t.symbol("35 à 39 ans", ("Femmes", "%")) == "ns"
    assert t.symbol(MEAN_AGE, ("Hommes", "Effectif")) == ""          # 22 valid ages
    # the learner of unknown sex is in Ensemble only, and counted in a Note
    h, f, e = (t.value("40 à 44 ans", (c, "Effectif")) for c in ("Hommes", "Femmes", ENS))
    assert (h, f, e) == (0, 0, 1)
    assert any("1 auditeur(s) de sexe non renseigné" in n for n in t.notes)


def test_age_pyramid_for_graphique_4(ages, p):
    pyr = age_pyramid(ages, p)
    assert list(pyr.index) == AGE_LABELS and list(pyr.columns) == ["Hommes", "Femmes"]
    assert pyr.loc["30 à 34 ans", "Hommes"] == 21
    assert pyr.loc["Moins de 20 ans", "Femmes"] == 1
    assert pyr["Hommes"].sum() == 22 and pyr["Femmes"].sum() == 21  # valid ages, known sex


# -- T9 -------------------------------------------------------------------------------

@pytest.fixture
def t9x(builder, tmp_path):
    for y in (N1, N):                                                # same learner, two years
        add(builder, 1, annee=y, auditeur_id="L1", centre_admin="BRE", date_naissance="1990-06-15", sexe="F")
    add(builder, 21, centre_admin="GES", sexe="H", date_naissance="1980-01-01")  # no woman
    add(builder, 10, centre_admin="IDF", sexe="H", date_naissance="1995-01-01")
    add(builder, 11, centre_admin="IDF", sexe="F", date_naissance="1975-01-01")
    add(builder, 1, centre_admin="IDF", sexe=None, date_naissance="2000-01-01")
    add(builder, 5, annee=N2, centre_admin="IDF", sexe="H")
    builder.supplement("MDG", N, auditeurs=500)
    return builder.load(tmp_path)


def test_t09_same_learner_ages_by_one_year(t9x, p):
    t = t09(t9x, p)
    assert t.value("Cnam Bretagne", (N1, "Âge moyen")) == 31
    assert t.value("Cnam Bretagne", (N, "Âge moyen")) == 32
    assert t.symbol("Cnam Bretagne", (N, "Âge moyen")) == "ns"       # one valid age
    assert t.symbol("Cnam Bretagne", (N2, "Âge moyen")) == "///"     # nobody that year


def test_t09_rm_without_women_and_missing_sex(t9x, p):
    t = t09(t9x, p)
    assert t.symbol("Cnam Grand Est", (N, "Rapport de masculinité")) == "///"
    assert t.value("Cnam Grand Est", (N, "Âge moyen")) == 42
    assert t.symbol("Cnam Grand Est", (N, "Âge moyen")) == ""
    assert close(t.value("Cnam Île-de-France", (N, "Rapport de masculinité")), 100 * 10 / 11)
    # the learner of unknown sex enters the mean age, not the RM
    assert close(t.value("Cnam Île-de-France", (N, "Âge moyen")), (10 * 27 + 11 * 47 + 22) / 22)
    assert any("sexe non renseigné en 2022-2023" in n for n in t.notes)


def test_t09_ensemble_equals_t08_mean_and_supplement_row(t9x, p):
    t, t8 = t09(t9x, p), t08(t9x, p)
    assert close(t.value(ENS, (N, "Âge moyen")), t8.value(MEAN_AGE, (ENS, "Effectif")))
    assert t.symbol("Cnam Madagascar", (N, "Âge moyen")) == "nd"
    assert t.symbol("Cnam Madagascar", (N, "Rapport de masculinité")) == "nd"
    assert t.rows.index("Sous-total Régions métropolitaines") > t.rows.index("Cnam Grand Est")
    assert "Note : hors Cnam Madagascar (collecte manuelle)." in t.notes
    assert "Âge atteint au 31 décembre de l'année de rentrée." in t.champ


def test_t09_centre_before_its_opening_is_not_applicable(tmp_path):
    b = ExtractionBuilder()
    for y in ("2019-2020", "2020-2021", "2021-2022"):
        add(b, 2, annee=y, centre_admin="IDF")
    add(b, 2, annee="2021-2022", centre_admin="CIV")                 # opened at the rentrée 2020
    t = t09(b.load(tmp_path), load_params(2022))
    assert t.symbol("Cnam Côte d'Ivoire", ("2019-2020", "Âge moyen")) == "///"
    assert t.symbol("Cnam Côte d'Ivoire", ("2021-2022", "Âge moyen")) == "ns"


# -- T10 ------------------------------------------------------------------------------

def test_t10_first_inscription_value_and_unmapped_code(builder, tmp_path, p):
    for y, niv in ((N2, "4"), (N1, "6"), (N, "7")):                  # the declared level changes
        add(builder, 1, annee=y, auditeur_id="L1", annee_premiere_inscription=N2, niveau_diplome_entree=niv)
    add(builder, 1, annee=N, niveau_diplome_entree="9")              # unmapped
    add(builder, 1, annee=N, niveau_diplome_entree=None)
    add(builder, 2, annee=N, niveau_diplome_entree="5")
    x = builder.load(tmp_path)
    assert x.report.count("code_non_repertorie", "auditeurs") == 1  # logged by the loader
    t = t10(x, p)
    assert t.value("Baccalauréat (niveau 4)", (f"Effectif {N}",)) == 1
    assert t.value("Bac+5 (niveau 7)", (f"Effectif {N}",)) == 0
    assert close(t.value("Baccalauréat (niveau 4)", (N,)), 100 / 3)
    assert close(t.value("Bac+2 (niveau 5)", (N,)), 200 / 3)
    assert t.value("Total", (f"Effectif {N}",)) == 3
    assert t.value(MISSING_SHARE, (f"Effectif {N}",)) == 2          # unmapped + empty
    assert close(t.value(MISSING_SHARE, (N,)), 40)
    assert t.value(EFFECTIF, (N,)) == 5 and t.value(EFFECTIF, (f"Effectif {N}",)) == 5
    assert t.value(EFFECTIF, (N1,)) == 1
    assert t.value("Baccalauréat (niveau 4)", (N1,)) == 100
    assert t.symbol("Baccalauréat (niveau 4)", (N1,)) == "ns"
    assert t.symbol("Baccalauréat (niveau 4)", ("2018-2019",)) == "///"
    assert any("1 en 2022-2023" in n and "non répertorié" in n for n in t.notes)


def test_t10_shares_sum_to_100_before_rounding(builder, tmp_path, p):
    for niv in ["0", "3", "4", "5", "6", "7", "8"] * 3 + [None, None]:
        add(builder, 1, niveau_diplome_entree=niv)
    t = t10(builder.load(tmp_path), p)
    assert close(sum(t.value(lev, (N,)) for lev in LEVELS), 100)     # unrounded
    assert [t.text(lev, (N,)) for lev in LEVELS] == ["14,3"] * 7      # printed: 100,1, not forced to 100
    assert t.text("Total", (N,)) == "100,0"
    assert close(t.value(MISSING_SHARE, (N,)), 200 / 23)
    assert any("différer de 100 %" in n for n in t.all_notes())


# -- T11 ------------------------------------------------------------------------------

@pytest.fixture
def t11x(builder, tmp_path):
    add(builder, 6, centre_admin="IDF", niveau_diplome_entree="5")
    add(builder, 6, centre_admin="IDF", niveau_diplome_entree="6")
    add(builder, 13, centre_admin="IDF", niveau_diplome_entree=None)   # 25 learners, 12 known
    add(builder, 20, centre_admin="BRE", niveau_diplome_entree=None)   # all missing
    add(builder, 15, centre_admin="GES", niveau_diplome_entree="7")
    add(builder, 10, centre_admin="GES", niveau_diplome_entree="4")
    builder.supplement("MDG", N, auditeurs=300)
    return builder.load(tmp_path)


def test_t11_few_known_values_give_ns_shares_but_the_missing_share(t11x, p):
    t = t11(t11x, p)
    assert t.value("Cnam Île-de-France", "Bac+2 (niveau 5)") == 50
    assert t.symbol("Cnam Île-de-France", "Bac+2 (niveau 5)") == "ns"
    assert t.symbol("Cnam Île-de-France", "Doctorat (niveau 8)") == "ns"
    assert t.value("Cnam Île-de-France", MISSING_SHARE) == 52
    assert t.symbol("Cnam Île-de-France", MISSING_SHARE) == ""
    assert t.value("Cnam Île-de-France", EFFECTIF) == 25


def test_t11_all_missing_centre(t11x, p):
    t = t11(t11x, p)
    assert all(t.symbol("Cnam Bretagne", lev) == "///" for lev in LEVELS)
    assert t.value("Cnam Bretagne", MISSING_SHARE) == 100 and t.symbol("Cnam Bretagne", MISSING_SHARE) == ""


def test_t11_ensemble_equals_t10_column_n_and_rows_sum_to_100(t11x, p):
    t, t10_ = t11(t11x, p), t10(t11x, p)
    for lev in LEVELS + [MISSING_SHARE]:
        assert close(t.value(ENS, lev), t10_.value(lev, (N,)))
    assert t.value(ENS, EFFECTIF) == t10_.value(EFFECTIF, (N,)) == 70
    for row in ("Cnam Île-de-France", "Cnam Grand Est", "Sous-total Régions métropolitaines", ENS):
        assert close(sum(t.value(row, lev) for lev in LEVELS), 100)
    assert close(t.value("Cnam Grand Est", "Bac+5 (niveau 7)"), 60)


def test_t11_supplement_centre_row_is_nd_and_totals_hors_supplement(t11x, p):
    t = t11(t11x, p)
    assert all(t.symbol("Cnam Madagascar", c) == "nd" for c in LEVELS + [MISSING_SHARE, EFFECTIF])
    assert t.value("Sous-total Régions métropolitaines", EFFECTIF) == 45
    assert t.value(ENS, EFFECTIF) == 70                              # the 300 of the supplement are out
    assert "Note : hors Cnam Madagascar (collecte manuelle)." in t.notes
    assert "collecte manuelle" not in t.source


# -- T12 ------------------------------------------------------------------------------

@pytest.fixture
def t12x(builder, tmp_path):
    add(builder, 10, situation_emploi_entree="EMP", quotite_travail="TC")
    add(builder, 5, situation_emploi_entree="EMP", quotite_travail="TP")
    add(builder, 3, situation_emploi_entree="EMP", quotite_travail=None)
    add(builder, 1, situation_emploi_entree="EMP", quotite_travail="TC", alternance=True, type_contrat="APP")
    add(builder, 4, situation_emploi_entree="INA", quotite_travail=None)
    add(builder, 2, situation_emploi_entree="DE", quotite_travail=None)
    add(builder, 1, situation_emploi_entree=None, quotite_travail=None)
    return builder.load(tmp_path)


def test_t12_inactif_is_a_value_not_a_missing_one(t12x, p):
    t = t12(t12x, p)
    assert close(t.value("Inactif (études, retraite, autre)", (N,)), 100 * 4 / 25)
    assert close(t.value("Demandeur d'emploi", (N,)), 100 * 2 / 25)
    assert close(t.value(MISSING_SHARE, (N,)), 100 / 26)
    assert close(sum(t.value(s, (N,)) for s in SITUATIONS), 100)
    assert t.value("Total", (N,)) == 100


def test_t12_employed_without_quotite_and_alternant(t12x, p):
    t = t12(t12x, dataclasses.replace(p, min_base=10))
    assert close(t.value("En emploi", (N,)), 100 * 19 / 25)         # the alternant stays « en emploi »
    assert close(t.value(PART_TIME_SHARE, (N,)), 100 * 5 / 16)      # quotité known: 11 TC + 5 TP
    assert close(t.value(QUOTITE_MISSING, (N,)), 100 * 3 / 19)
    assert t.symbol(PART_TIME_SHARE, (N,)) == ""
    assert t.symbol(PART_TIME_SHARE, (N,)) == ""
    assert t12(t12x, p).symbol(PART_TIME_SHARE, (N,)) == "ns"        # base 16 < 20


# -- T13 ------------------------------------------------------------------------------

@pytest.fixture
def t13x(builder, tmp_path):
    # N: the year-specific fields are filled, they are used for every learner of N
    add(builder, 1, situation_emploi_entree="DE", situation_emploi_annee="EMP", pcs_annee="37")
    add(builder, 1, situation_emploi_entree="EMP", situation_emploi_annee="DE", pcs_annee="5")
    add(builder, 1, situation_emploi_annee="EMP", pcs_annee=None, pcs_entree="4")
    add(builder, 1, situation_emploi_entree="EMP", situation_emploi_annee=None)  # empty → non renseignée
    add(builder, 1, situation_emploi_annee="EMP", pcs_annee="62")
    add(builder, 1, situation_emploi_annee="EMP", pcs_annee="71")                 # unmapped
    # N-1: the year-specific fields are empty: first-inscription values
    add(builder, 1, annee=N1, situation_emploi_entree="EMP", pcs_entree="37")
    add(builder, 1, annee=N1, situation_emploi_entree="DE", pcs_entree="4")
    return builder.load(tmp_path)


def test_t13_year_specific_fields_and_pcs_groups(t13x, p):
    t = t13(t13x, p)
    assert t.value(EMPLOYED_COUNT, (N,)) == 4                         # the DE with a PCS is excluded
    assert t.value("Cadres et professions intellectuelles supérieures", (N,)) == 50   # "37"
    assert t.value("Ouvriers", (N,)) == 50                                            # "62"
    assert t.value("Employés", (N,)) == 0
    assert t.value(MISSING_SHARE, (N,)) == 50                         # empty pcs_annee, unmapped "71"
    assert t.value(EMPLOYED_COUNT, (N1,)) == 1
    assert t.value("Cadres et professions intellectuelles supérieures", (N1,)) == 100
    note = next(n for n in t.notes if "première inscription" in n)
    assert "déclarées pour l'année en 2022-2023, à la première inscription en" in note
    assert "2021-2022" in note.split("première inscription en")[1]
    assert any("PCS non répertorié" in n and "1 en 2022-2023" in n for n in t.notes)
    assert t.champ.startswith("Champ : auditeurs en emploi lors de leur inscription")


def test_t13_variable_chosen_per_field(builder, tmp_path, p):
    # situation_emploi_annee is filled in N but pcs_annee is not: PCS at the first inscription
    add(builder, 2, situation_emploi_entree="DE", situation_emploi_annee="EMP", pcs_entree="54", pcs_annee=None)
    t = t13(builder.load(tmp_path), p)
    assert t.value(EMPLOYED_COUNT, (N,)) == 2 and t.value("Employés", (N,)) == 100
    note = next(n for n in t.notes if "déclarée" in n)
    assert "situation face à l'emploi déclarée pour l'année en 2022-2023" in note
    assert "PCS déclarée à la première inscription en 2018-2019, 2019-2020, 2020-2021, 2021-2022 et 2022-2023" in note


def test_t13_employed_count_equals_t12_when_same_variable(t12x, p):
    t, t12_ = t13(t12x, p), t12(t12x, p)
    # T12's quotité row is computed over the employed learners: its base is the employed count
    assert t.value(EMPLOYED_COUNT, (N,)) == t12_.bases[(QUOTITE_MISSING, (N,))] == 19
    assert t.value("Professions intermédiaires", (N,)) == 100       # default pcs_entree "4"


# -- T14 ------------------------------------------------------------------------------

@pytest.fixture
def t14x(builder, tmp_path):
    for centre, n in (("IDF", 30), ("GES", 24), ("BRE", 5)):
        for i in range(n):
            sit = ["EMP", "EMP", "DE", "INA", None][i % 5]
            add(builder, 1, centre_admin=centre, situation_emploi_entree=sit)
    return builder.load(tmp_path)


def test_t14_small_base_and_row_sums(t14x, p):
    t = t14(t14x, p)
    assert t.symbol("Cnam Bretagne", "En emploi") == "ns"            # 4 known values
    assert t.symbol("Cnam Bretagne", MISSING_SHARE) == "ns"          # 5 learners
    assert close(t.value("Cnam Île-de-France", "En emploi"), 50)
    assert close(t.value("Cnam Grand Est", MISSING_SHARE), 100 * 4 / 24)
    for row in ("Cnam Île-de-France", "Cnam Grand Est", "Cnam Bretagne", "Sous-total Régions métropolitaines", ENS):
        assert close(sum(t.value(row, s) for s in SITUATIONS), 100)
    assert t.value(ENS, EFFECTIF) == 59


def test_t14_ensemble_equals_t12_column_n(t14x, p):
    t, t12_ = t14(t14x, p), t12(t14x, p)
    for col in SITUATIONS + [MISSING_SHARE]:
        assert close(t.value(ENS, col), t12_.value(col, (N,)))
    assert any("déclarée à la première inscription en 2022-2023" in n for n in t.notes)


def test_t14_uses_the_year_field_when_filled(builder, tmp_path, p):
    add(builder, 3, situation_emploi_entree="EMP", situation_emploi_annee="DE")
    add(builder, 1, situation_emploi_entree="EMP", situation_emploi_annee=None)
    t = t14(builder.load(tmp_path), p)
    assert t.value(ENS, "Demandeur d'emploi") == 100
    assert t.value(ENS, MISSING_SHARE) == 25
    assert any("déclarée pour l'année en 2022-2023" in n for n in t.notes)


# -- §4 invariants on a small network over three years -------------------------------

CENTRES = ("PARIS", "ESGT", "IDF", "BRE", "GES", "ALS", "GLP", "MAR", "CIV")


def network(first: int, last: int) -> ExtractionBuilder:
    """Learners of several centres over the rentrées first … last, with every kind of missing
    value, a learner without in-scope inscription and a manual-collection centre."""
    b = ExtractionBuilder()
    k = 0
    for start in range(first, last + 1):
        y = f"{start}-{start + 1}"
        for ci, centre in enumerate(CENTRES):
            for i in range(8 + 3 * ci + (start - first)):
                k += 1
                a = b.learner(
                    annee=y, centre_admin=centre,
                    sexe=[None, "H", "F", "F", "H"][k % 5],
                    date_naissance=None if k % 17 == 0 else f"{1955 + (k * 7) % 50}-{1 + k % 12:02d}-15",
                    niveau_diplome_entree=[None, "0", "3", "4", "5", "6", "7", "8", "9"][k % 9],
                    situation_emploi_entree=[None, "EMP", "EMP", "DE", "INA", "EMP"][k % 6],
                    pcs_entree=[None, "1", "23", "37", "4", "54", "6"][k % 7],
                    quotite_travail=[None, "TC", "TP"][k % 3],
                    alternance=(k % 11 == 0), type_contrat="APP" if k % 22 == 0 else None,
                )
                b.inscription(a, f"UE{k % 13:03d}", annee=y, modalite=["PRES", "FOAD", "HYB"][k % 3],
                              type_activite=["HTT", "JOUR", "FI"][k % 3])
                if k % 10 == 0:                                      # FOAD elsewhere
                    b.inscription(a, "UE900", annee=y, centre_peda="BRE", modalite="FOAD")
        a = b.learner(annee=y, centre_admin="IDF")                   # outside BéDéO only: not counted
        b.course("HORS01", y, offre_nationale=False)
        b.inscription(a, "HORS01", annee=y)
        b.supplement("MDG", y, auditeurs=120 + start - first, inscriptions=400)
    return b


@pytest.fixture(scope="module")
def netx(tmp_path_factory):
    return network(2018, 2022).load(tmp_path_factory.mktemp("net"))


def test_invariant_t10_effectif_equals_t1_total_hors_supplement(netx, p):
    t1, t10_ = t01(netx, p), t10(netx, p)
    hors = learners_by_aire(netx, p, p.S5, supplement=False)
    for i, y in enumerate(p.S5):
        assert t10_.value(EFFECTIF, (y,)) == hors[y]["Total"] == t1.value("Total", y) - (120 + i)


def test_invariant_t2_total_equals_t8_total_plus_age_missing(netx, p):
    t2, t8 = t02(netx, p), t08(netx, p)
    total = t8.value("Total", (ENS, "Effectif")) + t8.value(AGE_MISSING, (ENS, "Effectif"))
    assert total == t2.value("Total", "Total") == t10(netx, p).value(EFFECTIF, (N,))
    assert t8.value(AGE_MISSING, (ENS, "Effectif")) > 0
    # hommes + femmes + learners of unknown sex (Note) = Ensemble
    aud = scope(netx, p).aud(N)
    unknown_sex = int((aud["sexe"].isna() & aud["age"].notna()).sum())
    assert unknown_sex > 0
    assert (t8.value("Total", ("Hommes", "Effectif")) + t8.value("Total", ("Femmes", "Effectif")) + unknown_sex
            == t8.value("Total", (ENS, "Effectif")))
    assert any(f"{int(aud['sexe'].isna().sum())} auditeur(s) de sexe non renseigné" in n for n in t8.notes)


def test_invariant_profile_ensembles_agree(netx, p):
    t8, t9, t10_, t11_, t12_, t13_, t14_ = (f(netx, p) for f in (t08, t09, t10, t11, t12, t13, t14))
    assert close(t9.value(ENS, (N, "Âge moyen")), t8.value(MEAN_AGE, (ENS, "Effectif")))
    for lev in LEVELS + [MISSING_SHARE]:
        assert close(t11_.value(ENS, lev), t10_.value(lev, (N,)))
    assert t11_.value(ENS, EFFECTIF) == t10_.value(EFFECTIF, (N,)) == t14_.value(ENS, EFFECTIF)
    for s in SITUATIONS + [MISSING_SHARE]:
        assert close(t14_.value(ENS, s), t12_.value(s, (N,)))
    for y in p.S5:
        assert t13_.value(EMPLOYED_COUNT, (y,)) == t12_.bases[(QUOTITE_MISSING, (y,))]
    # the CCR/CCE tables keep the supplement centre's row with nd; sub-totals hors supplément
    for t, col in ((t9, (N, "Âge moyen")), (t11_, EFFECTIF), (t14_, "En emploi")):
        assert t.symbol("Cnam Madagascar", col) == "nd"
        assert "Note : hors Cnam Madagascar (collecte manuelle)." in t.notes
    # EP codes are merged into one row (PARIS 12 + ESGT 15 in N), old codes too (GES 24 + ALS 27)
    assert "Cnam-ESGT" not in t11_.rows
    assert t11_.value("Cnam Paris – Établissement public", EFFECTIF) == 27
    assert t11_.value("Cnam Grand Est", EFFECTIF) == 51


def test_invariant_shares_sum_to_100(netx, p):
    t8, t10_, t11_, t12_, t13_, t14_ = (f(netx, p) for f in (t08, t10, t11, t12, t13, t14))
    for col in ("Hommes", "Femmes", ENS):
        assert close(sum(t8.value(c, (col, "%")) for c in AGE_LABELS), 100)
    for y in p.S5:
        assert close(sum(t10_.value(lev, (y,)) for lev in LEVELS), 100)
        assert close(sum(t12_.value(s, (y,)) for s in SITUATIONS), 100)
        assert close(sum(t13_.value(g, (y,)) for g in PCS), 100)
    for t, cats in ((t11_, LEVELS), (t14_, SITUATIONS)):
        for r in t.rows:
            if r == "Cnam Madagascar":
                continue
            assert close(sum(t.value(r, c) for c in cats), 100), r


@pytest.mark.parametrize("edition", [2022, 2023, 2024])
def test_every_profile_table_builds_for_three_editions(tmp_path, edition):
    x = network(edition - 5, edition - 1).load(tmp_path)
    p = load_params(edition)
    for n in range(8, 15):
        e = entry(n)
        t = e.func(x, p)
        assert e.section.number == "04" and t.section == "04" and t.number == n
        assert t.title == e.title(p)
    assert f"Âge atteint au 31 décembre {edition - 1}." in t08(x, p).champ
    t10_ = t10(x, p)
    assert [c[0] for c in t10_.columns] == [*p.S5, f"Effectif {p.N}"]
    assert [c[0] for c in t09(x, p).columns[::2]] == p.S3
    assert t10_.value(EFFECTIF, (p.N,)) == learners_by_aire(x, p, [p.N], supplement=False)[p.N]["Total"]
