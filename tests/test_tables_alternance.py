"""Focus sur l'alternance (T26–T33): the **Test** lines of TABLES.md §3, the main-EPN rule of
`perimeter.alternant_epn` and the ties to T1/T2, on hand-built extractions with values
computed by hand."""
import math

import pandas as pd
import pytest

from builders import ExtractionBuilder
from chiffres_cles.params import load_params
from chiffres_cles.perimeter import alternant_epn, scope
from chiffres_cles.tables import entry
from chiffres_cles.tables.alternance import (CONTRACT_BLOCK, DIPLOMA_BLOCK, EFFECTIF_ALT, SHARE_ALT, SHARE_APP,
                                             SHARE_BAC2, SHARE_WOMEN, SHARE_YOUNG, t26, t27, t28, t29, t30, t31,
                                             t32, t33)
from chiffres_cles.tables.auditeurs import t01, t02

P = load_params(2023)
N, N1, N2 = "2022-2023", "2021-2022", "2020-2021"
EVOL = f"Évol. {N} / {N1} (%)"
ENS = "Ensemble"
MISSING = "Part d'information manquante (%)"
LEVELS = ["Aucun diplôme ou brevet", "CAP, BEP (niveau 3)", "Baccalauréat (niveau 4)", "Bac+2 (niveau 5)",
          "Bac+3 ou Bac+4 (niveau 6)", "Bac+5 (niveau 7)", "Doctorat (niveau 8)"]


def close(a, b):
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def alt(b, n=1, annee=N, code="NFA001", type_activite="ALT", **kw):
    """n alternants (flag True) of year `annee`, each with one in-scope inscription."""
    kw.setdefault("alternance", True)
    ids = []
    for _ in range(n):
        a = b.learner(annee=annee, **kw)
        b.inscription(a, code, annee=annee, type_activite=type_activite)
        ids.append(a)
    return ids


def other(b, n=1, annee=N, **kw):
    """n learners with an HTT inscription only (not alternants unless flagged)."""
    kw.setdefault("alternance", False)
    return alt(b, n, annee, type_activite="HTT", **kw)


# -- T26 --------------------------------------------------------------------------------

@pytest.fixture
def aires(builder, tmp_path):
    b = builder
    a1 = b.learner("A1", alternance=True, centre_admin="IDF")          # no in-scope inscription
    b.course("HORS01", offre_nationale=False)
    b.inscription(a1, "HORS01", type_activite="ALT")
    alt(b, 1, alternance=False, centre_admin="IDF")                    # flag False, ALT inscription
    alt(b, 1, alternance=None, centre_admin="BRE")                     # flag missing, ALT inscription
    alt(b, 1, centre_admin="GES")                                      # flag True, HTT inscription below
    other(b, 1, alternance=None, centre_admin="GES")                   # flag missing, HTT only
    alt(b, 5, centre_admin="PARIS")
    other(b, 20, centre_admin="ESGT")
    alt(b, 4, annee=N1, centre_admin="EICNAM")
    b.supplement("MDG", N, auditeurs=100)
    return b.load(tmp_path)


def test_t26_who_is_an_alternant(aires):
    t = t26(aires, P)
    assert t.value("Île-de-France", N) == 0                            # A1 excluded, flag False not alternant
    assert t.symbol("Île-de-France", N) == "–"
    assert t.value("Régions métropolitaines", N) == 2                  # flag missing + ALT, flag True
    assert t.value("Paris – Établissement public", N) == 5
    assert t.value("Total", N) == 7 and t.value("Total", N1) == 4
    assert t.value("Étranger", N) == 0


def test_t26_share_over_the_learners_of_the_aire_hors_supplement(aires):
    t = t26(aires, P)
    share = f"Part des alternants parmi les auditeurs {N} (%)"
    assert close(t.value("Paris – Établissement public", share), 100 * 5 / 25)
    assert t.symbol("Paris – Établissement public", share) == ""
    assert close(t.value("Régions métropolitaines", share), 100 * 2 / 3)
    assert t.symbol("Régions métropolitaines", share) == "ns"           # 3 learners
    assert close(t.value("Total", share), 100 * 7 / 29)
    # the denominator is T1's Total without the 100 learners of the manual collection
    assert t.bases[("Total", (share,))] == 29 == t01(aires, P).value("Total", N) - 100
    assert t.symbol("Étranger", share) == "///"
    assert close(t.value("Total", EVOL), 75) and t.symbol("Total", EVOL) == "ns"   # 4 → 7, base 4
    assert "Note : hors Cnam Madagascar (collecte manuelle)." in t.notes
    assert "collecte manuelle" not in t.source
    assert t.champ.startswith("Champ : auditeurs inscrits dans un cursus en alternance")


def test_t2_alternance_equals_t26_total(aires):
    assert t02(aires, P).value("Alternance", "Total") == t26(aires, P).value("Total", N) == 7


# -- T27 --------------------------------------------------------------------------------

def test_t27_centres(aires, tmp_path):
    t = t27(aires, P)
    assert t.value("Cnam Île-de-France", N) == 0 and t.symbol("Cnam Île-de-France", N) == "–"  # open, no alternant
    assert t.value("Cnam Paris – Établissement public", N) == 5
    assert t.value("Cnam Paris – Établissement public", N1) == 4        # EiCnam merged into Paris EP
    assert t.value("Sous-total Régions métropolitaines", N) == 2
    assert t.symbol("Cnam Madagascar", N) == "nd" and t.symbol("Cnam Madagascar", EVOL) == "nd"
    t26_ = t26(aires, P)
    for y in P.S5:
        assert t.value("Total", y) == t26_.value("Total", y)


def test_t27_centre_before_its_opening(builder, tmp_path):
    alt(builder, 2, centre_admin="CIV")                                # Côte d'Ivoire opened in 2020
    t = t27(builder.load(tmp_path), P)
    assert t.symbol("Cnam Côte d'Ivoire", "2018-2019") == "///"
    assert t.symbol("Cnam Côte d'Ivoire", "2019-2020") == "///"
    assert t.value("Cnam Côte d'Ivoire", N2) == 0 and t.symbol("Cnam Côte d'Ivoire", N2) == "–"
    assert t.value("Cnam Côte d'Ivoire", N) == 2
    assert t.symbol("Cnam Côte d'Ivoire", EVOL) == "///"               # from a zero base


# -- main EPN of an alternant, T28 ------------------------------------------------------

@pytest.fixture
def epns(builder, tmp_path):
    b = builder
    for code, epn, hours in (("E4A", "EPN04", 60.0), ("E5A", "EPN05", 30.0), ("E5B", "EPN05", 20.0),
                             ("E5C", "EPN05", 40.0), ("E3A", "EPN03", 40.0), ("E2A", "EPN02", 60.0),
                             ("E7A", "EPN07", 30.0), ("E7B", "EPN07", 30.0), ("E1A", "EPN01", 10.0),
                             ("E6A", "EPN06", 100.0), ("E9A", "EPN09", 5.0), ("NOEPN", None, 80.0)):
        b.course(code, epn=epn, heures_theoriques=hours)

    def learner(aid, *inscriptions, **kw):
        b.learner(aid, alternance=True, **kw)
        for code, typ in inscriptions:
            b.inscription(aid, code, type_activite=typ)

    learner("B1", ("E4A", "ALT"), ("E5A", "ALT"), ("E5B", "ALT"))      # 60 h vs 50 h → EPN04
    learner("B2", ("E5C", "ALT"), ("E3A", "ALT"))                      # 40 h, 1 each → EPN order: EPN03
    learner("B3", ("E2A", "ALT"), ("E7A", "ALT"), ("E7B", "ALT"))      # 60 h each → 2 inscriptions: EPN07
    learner("B4", ("E5A", "ALT"), epn_cursus="EPN12")                  # cursus EPN wins
    learner("B5", ("E1A", "ALT"), ("E6A", "HTT"))                      # alternance inscriptions first
    learner("B6", ("E1A", "HTT"), ("E6A", "HTT"))                      # none: all inscriptions → EPN06
    learner("B7", ("NOEPN", "ALT"))                                    # no EPN anywhere
    learner("B8", ("NOEPN", "ALT"), ("E9A", "HTT"))                    # no EPN among ALT ones → EPN09
    b.learner("B9", alternance=False)
    b.inscription("B9", "E4A", type_activite="ALT")                    # not an alternant
    return b.load(tmp_path)


def test_alternant_epn_rule(epns):
    epn = alternant_epn(scope(epns, P), N)
    got = {k: (None if pd.isna(v) else v) for k, v in epn.items()}
    assert got == {"B1": "EPN04", "B2": "EPN03", "B3": "EPN07", "B4": "EPN12", "B5": "EPN01", "B6": "EPN06",
                   "B7": None, "B8": "EPN09"}


def test_t28_one_epn_per_alternant(epns):
    t = t28(epns, P)
    assert t.value("EPN 4 – Bâtiment et énergie", N) == 1
    assert t.value("EPN 5 – Informatique", N) == 0 and t.symbol("EPN 5 – Informatique", N) == "–"
    assert t.value("EPN 3 – Management et société", N) == 1
    assert t.value("EPN 7 – Chimie vivant santé", N) == 1
    assert t.value("EPN 12 – Innovation", N) == 1
    assert t.value("EPN non renseignée", N) == 1
    assert t.rows[-2:] == ["EPN non renseignée", "Total"]
    assert t.value("Total", N) == 8 == t26(epns, P).value("Total", N)
    assert "Alternant rattaché à l'EPN principale de son cursus." in t.champ


def test_t28_no_missing_row_when_every_alternant_has_an_epn(builder, tmp_path):
    alt(builder, 3)
    t = t28(builder.load(tmp_path), P)
    assert "EPN non renseignée" not in t.rows
    assert t.value("EPN 5 – Informatique", N) == 3 == t.value("Total", N)


# -- T29 --------------------------------------------------------------------------------

@pytest.fixture
def ages(builder, tmp_path):
    b = builder
    alt(b, 8, centre_admin="BRE", sexe="H")
    alt(b, 12, centre_admin="GES", sexe="H", date_naissance="2000-05-01")     # 22 ans
    alt(b, 8, centre_admin="GES", sexe="F", date_naissance="1998-01-01")      # 24 ans
    alt(b, 1, centre_admin="GES", sexe=None, date_naissance="2002-01-01")     # 20 ans
    other(b, 5, centre_admin="GES", sexe="F", date_naissance="1970-01-01")    # not alternants
    alt(b, 3, annee=N1, centre_admin="GES")
    alt(b, 2, annee=N2, centre_admin="BRE")
    b.supplement("MDG", N, auditeurs=50)
    return b.load(tmp_path)


def test_t29_small_centre_prints_effectif_and_ns(ages):
    t = t29(ages, P)
    assert t.value("Cnam Bretagne", (N, "Effectif")) == 8
    assert t.symbol("Cnam Bretagne", (N, "Effectif")) == ""
    assert t.symbol("Cnam Bretagne", (N, "Âge moyen")) == "ns"
    assert t.symbol("Cnam Bretagne", (N, "Rapport de masculinité")) == "ns"
    assert t.value("Cnam Bretagne", (N, "Âge moyen")) == 32                 # default birth date 1990-06-15


def test_t29_mean_age_and_masculinity(ages):
    t = t29(ages, P)
    assert t.value("Cnam Grand Est", (N, "Effectif")) == 21
    assert close(t.value("Cnam Grand Est", (N, "Âge moyen")), (12 * 22 + 8 * 24 + 20) / 21)
    assert t.symbol("Cnam Grand Est", (N, "Âge moyen")) == ""
    assert close(t.value("Cnam Grand Est", (N, "Rapport de masculinité")), 150)
    assert t.text("Cnam Grand Est", (N, "Rapport de masculinité")) == "150"
    assert any("1 alternant(s) de sexe non renseigné en 2022-2023" in n for n in t.notes)
    assert "Cnam Île-de-France" not in t.rows                                  # no learner: no row
    assert t.symbol("Cnam Madagascar", (N, "Effectif")) == "nd"
    assert "Âge atteint au 31 décembre de l'année de rentrée." in t.champ


def test_t29_ensemble_effectif_equals_t26_total(ages):
    t, t26_ = t29(ages, P), t26(ages, P)
    for y, n in ((N2, 2), (N1, 3), (N, 29)):
        assert t.value(ENS, (y, "Effectif")) == t26_.value("Total", y) == n
    assert t.value("Sous-total Régions métropolitaines", (N, "Effectif")) == 29


# -- T30 --------------------------------------------------------------------------------

def test_t30_effectifs_equal_t28_and_rm_without_women(builder, tmp_path):
    alt(builder, 20, sexe="H", epn_cursus="EPN16")
    alt(builder, 3, sexe="F", epn_cursus="EPN02")
    alt(builder, 2, annee=N1, sexe="F", epn_cursus="EPN02")
    x = builder.load(tmp_path)
    t, t28_ = t30(x, P), t28(x, P)
    row = "EPN 16 – Ingénierie des systèmes et logistique"
    assert t.symbol(row, (N, "Rapport de masculinité")) == "///"               # 20 men, no women
    assert t.value(row, (N, "Âge moyen")) == 32 and t.symbol(row, (N, "Âge moyen")) == ""
    assert t.symbol("EPN 2 – Droit et immobilier", (N, "Rapport de masculinité")) == "ns"
    for y in P.S3:
        for r in t.rows:
            r28 = "Total" if r == ENS else r
            assert t.value(r, (y, "Effectif")) == t28_.value(r28, y)
    assert t.value(ENS, (N, "Effectif")) == 23
    assert close(t.value(ENS, (N, "Rapport de masculinité")), 100 * 20 / 3)


# -- T31 --------------------------------------------------------------------------------

def test_t31_entry_level_of_alternants(builder, tmp_path):
    b = builder
    b.learner("L1", annee=N1, annee_premiere_inscription=N1, niveau_diplome_entree="6")  # first inscription row
    alt(b, 1, auditeur_id="L1", annee_premiere_inscription=N1, niveau_diplome_entree="5")  # → niveau 6
    alt(b, 2, niveau_diplome_entree="5")
    alt(b, 1, niveau_diplome_entree="4")
    alt(b, 1, niveau_diplome_entree=None)                                    # missing share only
    alt(b, 1, niveau_diplome_entree="9")                                     # unmapped → missing
    other(b, 4, niveau_diplome_entree="7")                                   # not alternants
    x = b.load(tmp_path)
    t = t31(x, P)
    assert close(t.value("Bac+2 (niveau 5)", N), 50)
    assert close(t.value("Bac+3 ou Bac+4 (niveau 6)", N), 25)
    assert close(t.value("Baccalauréat (niveau 4)", N), 25)
    assert t.value("Bac+5 (niveau 7)", N) == 0
    assert close(t.value(MISSING, N), 100 * 2 / 6)
    assert t.value("Effectif", N) == 6 == t26(x, P).value("Total", N)
    assert t.value("Total", f"Effectif {N}") == 4 and t.value(MISSING, f"Effectif {N}") == 2
    assert close(sum(t.value(lv, N) for lv in LEVELS), 100)
    assert t.symbol("Bac+2 (niveau 5)", N) == "ns"                           # 4 known values
    assert t.symbol("Bac+2 (niveau 5)", N1) == "///"                         # no alternant in N-1
    assert any("effectif des alternants au niveau renseigné" in n for n in t.notes)
    assert any("non répertorié" in n and "1 en 2022-2023" in n for n in t.notes)


# -- T32 --------------------------------------------------------------------------------

A = lambda label: (CONTRACT_BLOCK, label)  # noqa: E731
B = lambda label: (DIPLOMA_BLOCK, label)  # noqa: E731


@pytest.fixture
def contracts(builder):
    alt(builder, 3, type_contrat="APP", type_diplome_prepare="ING")
    alt(builder, 2, type_contrat="PRO", type_diplome_prepare="MASTER")
    alt(builder, 1, type_contrat=None, type_diplome_prepare=None)
    alt(builder, 2, annee=N1, type_contrat="APP", type_diplome_prepare=None)  # field not filled in N-1
    return builder


def test_t32_blocks(contracts, tmp_path):
    x = contracts.load(tmp_path)
    t = t32(x, P)
    assert t.value(A("Contrat d'apprentissage"), N) == 3
    assert t.value(A("Contrat de professionnalisation"), N) == 2
    assert t.value(A("Non renseigné"), N) == 1                               # missing contract type
    assert t.value(B("Titre d'ingénieur"), N) == 3 and t.value(B("Master"), N) == 2
    assert t.value(B("Licence"), N) == 0 and t.symbol(B("Licence"), N) == "–"
    assert t.value(B("Non renseigné"), N) == 1
    total = t26(x, P).value("Total", N)
    assert t.value(A("Total"), N) == t.value(B("Total"), N) == total == 6
    part = f"Part {N} (%)"
    assert close(t.value(A("Contrat d'apprentissage"), part), 60)           # over the 5 known values
    assert t.symbol(A("Contrat d'apprentissage"), part) == "ns"
    assert close(t.value(A("Non renseigné"), part), 100 / 6)                # missing share
    assert t.value(A("Total"), part) == 100
    assert close(t.value(A("Contrat d'apprentissage"), EVOL), 50)


def test_t32_diploma_block_nd_in_a_year_without_the_field(contracts, tmp_path):
    t = t32(contracts.load(tmp_path), P)
    assert t.symbol(B("Titre d'ingénieur"), N1) == "nd"
    assert t.symbol(B("Total"), N1) == "nd"
    assert t.published(B("Total"), N1) is None
    assert t.symbol(B("Titre d'ingénieur"), EVOL) == "nd"
    assert t.value(A("Total"), N1) == 2 and t.symbol(A("Total"), N1) == ""
    assert any("diplôme préparé non disponible en" in n and N1 in n for n in t.notes)


def test_t32_diploma_block_nd_when_the_field_is_absent(contracts, tmp_path):
    contracts.drop_columns["auditeurs"] = ["type_diplome_prepare"]
    t = t32(contracts.load(tmp_path), P)
    for y in P.S5:
        assert t.symbol(B("Master"), y) == "nd" and t.symbol(B("Total"), y) == "nd"
    assert t.symbol(B("Master"), f"Part {N} (%)") == "nd"
    assert t.value(A("Contrat d'apprentissage"), N) == 3


# -- T33 --------------------------------------------------------------------------------

@pytest.fixture
def characteristics(builder, tmp_path):
    b = builder
    other(b, 25, centre_admin="IDF")
    other(b, 10, centre_admin="BRE")
    other(b, 8, centre_admin="GES")
    sexes = ["F"] * 11 + ["H"] * 10 + [None]
    births = ["1997-01-01"] * 10 + ["1996-12-31"] * 10 + [None] * 2       # 25 ans, 26 ans, unknown
    contracts_ = ["APP"] * 15 + ["PRO"] * 5 + [None] * 2
    levels = ["5"] * 8 + ["6"] * 4 + ["4"] * 6 + ["0"] * 2 + [None, "9"]
    for s_, d, c, lv in zip(sexes, births, contracts_, levels):
        alt(b, 1, centre_admin="GES", sexe=s_, date_naissance=d, type_contrat=c, niveau_diplome_entree=lv)
    b.supplement("MDG", N, auditeurs=40)
    return b.load(tmp_path)


def test_t33_centre_without_alternants(characteristics):
    t = t33(characteristics, P)
    assert t.value("Cnam Île-de-France", EFFECTIF_ALT) == 0 and t.symbol("Cnam Île-de-France", EFFECTIF_ALT) == "–"
    assert t.value("Cnam Île-de-France", SHARE_ALT) == 0 and t.symbol("Cnam Île-de-France", SHARE_ALT) == "–"
    assert t.symbol("Cnam Bretagne", SHARE_ALT) == "ns"                     # 10 learners
    for col in (SHARE_WOMEN, SHARE_YOUNG, SHARE_APP, SHARE_BAC2):
        assert t.symbol("Cnam Île-de-France", col) == "///"


def test_t33_characteristics(characteristics):
    t = t33(characteristics, P)
    row = "Cnam Grand Est"
    assert t.value(row, EFFECTIF_ALT) == 22
    assert close(t.value(row, SHARE_ALT), 100 * 22 / 30)
    assert close(t.value(row, SHARE_WOMEN), 100 * 11 / 21)
    assert close(t.value(row, SHARE_YOUNG), 50)                              # aged exactly 26: not young
    assert close(t.value(row, SHARE_APP), 75)
    assert close(t.value(row, SHARE_BAC2), 60)                               # niveau 5 and 6 over 20 known
    assert all(t.symbol(row, c) == "" for c in (SHARE_WOMEN, SHARE_YOUNG, SHARE_APP, SHARE_BAC2))
    note = next(n for n in t.notes if n.startswith("Note : ensemble"))
    assert "1 pour le sexe" in note and "2 pour l'âge" in note and "2 pour le type de contrat" in note
    assert "2 pour le niveau de diplôme" in note


def test_t33_ensemble(characteristics):
    t = t33(characteristics, P)
    assert t.value(ENS, EFFECTIF_ALT) == t26(characteristics, P).value("Total", N) == 22
    assert t.value(ENS, EFFECTIF_ALT) == t02(characteristics, P).value("Alternance", "Total")
    assert close(t.value(ENS, SHARE_ALT), 100 * 22 / 65)                    # the 40 of the supplement are out
    assert t.symbol("Cnam Madagascar", SHARE_ALT) == "nd"
    assert "Note : hors Cnam Madagascar (collecte manuelle)." in t.notes


# -- every table, three editions ---------------------------------------------------------

@pytest.mark.parametrize("edition", [2022, 2023, 2024])
def test_every_alternance_table_builds(tmp_path, edition):
    b = ExtractionBuilder()
    p = load_params(edition)
    for y in p.S5:
        alt(b, 2, annee=y, centre_admin="GES", type_contrat="APP", type_diplome_prepare="LIC")
    x = b.load(tmp_path)
    for n in range(26, 34):
        e = entry(n)
        t = e.func(x, p)
        assert e.section.number == "09" and t.section == "09" and t.number == n
        assert t.title == e.title(p)
    assert [c[0] for c in t26(x, p).columns[:5]] == p.S5
    assert [c[0] for c in t29(x, p).columns[::3]] == p.S3
    assert t33(x, p).value(ENS, EFFECTIF_ALT) == 2
