"""Tables 1–6 on hand-built extractions, with hand-computed values (TABLES.md Test lines)."""

import pytest

from chiffres_cles.params import load_params
from chiffres_cles.tables import entry

P = load_params(2023)
N, N1 = P.N, P.n_minus(1)
EVOL = f"Évol. {N} / {N1} (%)"


def table(n, x, p=P):
    return entry(n).func(x, p)


# -- T1 ---------------------------------------------------------------------------------

def test_t1_counted_once_in_the_administrative_centre(builder, tmp_path):
    a = builder.learner(centre_admin="IDF")
    builder.inscription(a, "FOD001", modalite="FOAD", centre_peda="LBN")
    builder.inscription(a, "FOD002", modalite="FOAD", centre_peda="BRE")
    only_local = builder.learner(centre_admin="BRE")
    builder.inscription(only_local, "LOC001")
    builder.course("LOC001", offre_nationale=False)
    builder.learner("AU9", centre_admin="BRE", date_inscription_admin="2022-09-01")
    builder.learner("AU9", centre_admin="LBN", date_inscription_admin="2022-09-15")
    builder.inscription("AU9", "NFA001", centre_peda="LBN")
    t = table(1, builder.load(tmp_path))
    assert t.value("Île-de-France", N) == 1
    assert t.value("Régions métropolitaines", N) == 0 and t.symbol("Régions métropolitaines", N) == "–"
    assert t.value("Étranger", N) == 1          # AU9 retained in LBN (organises his inscription)
    assert t.value("Sous-total France", N) == 1
    assert t.value("Total", N) == 2
    assert t.value("Étranger", f"Part {N} (%)") == 50.0


def test_t1_evolution_and_supplement(builder, tmp_path):
    for i in range(40):
        builder.learner(f"AU{i}", annee=N1, centre_admin="GES")
        builder.inscription(f"AU{i}", "NFA001", annee=N1)
    for i in range(50):
        builder.learner(f"AU{i}", annee=N, centre_admin="GES")
        builder.inscription(f"AU{i}", "NFA001", annee=N)
    builder.supplement("MDG", N, auditeurs=10, inscriptions=40)
    t = table(1, builder.load(tmp_path))
    assert t.value("Régions métropolitaines", EVOL) == pytest.approx(25.0)
    assert t.value("Étranger", N) == 10
    assert t.value("Total", N) == 60
    assert t.symbol("Étranger", EVOL) == "///"   # no learner abroad in N-1
    assert "collecte manuelle (Cnam Madagascar)" in t.source
    assert t.value("Total", P.n_minus(4)) == 0


# -- T2 ---------------------------------------------------------------------------------

def test_t2_one_activity_type_per_learner(builder, tmp_path):
    builder.learner("A1", alternance=True, type_activite="HTT", type_contrat="APP")
    builder.inscription("A1", "NFA001", type_activite="HTT")
    builder.learner("A2", alternance=False, type_activite=None)
    builder.inscription("A2", "NFA001", type_activite="ALT")
    builder.inscription("A2", "NFA002", type_activite="HTT")
    builder.learner("A3", alternance=True, type_contrat=None, centre_admin="LBN")
    builder.inscription("A3", "NFA001", type_activite="ALT")
    builder.learner("A4", type_activite="FI")
    builder.inscription("A4", "NFA001", type_activite="HTT")
    builder.learner("A5", type_activite=None)
    builder.inscription("A5", "NFA001", type_activite="JOUR")
    builder.inscription("A5", "NFA002", type_activite="FI")
    builder.learner("A6", type_activite=None)
    builder.inscription("A6", "NFA001", type_activite=None)
    x = builder.load(tmp_path)
    t = table(2, x)
    assert t.value("Alternance", "Total") == 2
    assert t.value("dont contrat d'apprentissage", "Total") == 1
    assert t.value("dont contrat de professionnalisation", "Total") == 0
    assert t.value("Formation continue hors temps de travail (HTT)", "Total") == 1
    assert t.value("Formation initiale (hors alternance)", "Total") == 2   # A4 declared, A5 derived
    assert t.value("Autre ou non renseigné", "Total") == 1
    assert t.value("Alternance", "Étranger") == 1 and t.value("Alternance", "Île-de-France") == 1
    assert t.value("Total", "Total") == table(1, x).value("Total", N) == 6
    assert any("1 alternant(s) sans type de contrat" in n for n in t.notes)


# -- T3 ---------------------------------------------------------------------------------

def test_t3_administrative_and_pedagogical_activity(builder, tmp_path):
    a = builder.learner(centre_admin="GES")
    for code in ("FOD001", "FOD002", "FOD003"):
        builder.inscription(a, code, modalite="FOAD")
    for code in ("FOD004", "FOD005"):
        builder.inscription(a, code, modalite="FOAD", centre_peda="BRE")
    b2 = builder.learner(centre_admin="OCC")                      # entrant in two centres
    builder.inscription(b2, "FOD001", modalite="FOAD", centre_peda="BRE")
    builder.inscription(b2, "FOD002", modalite="FOAD", centre_peda="GES")
    c = builder.learner(centre_admin="OCC")                       # PRES/HYB elsewhere: no entrant
    builder.inscription(c, "PRE001", modalite="PRES", centre_peda="BRE")
    builder.inscription(c, "HYB001", modalite="HYB", centre_peda="BRE")
    e = builder.learner(centre_admin="ESGT")                      # Paris codes are one centre
    builder.inscription(e, "FOD001", modalite="FOAD", centre_peda="PARIS")
    t = table(3, builder.load(tmp_path))
    adm, ent, ins = (N, "Inscrits administratifs"), (N, "Inscrits entrants (FOAD)"), (N, "Inscriptions pédagogiques")
    assert t.value("Cnam Grand Est", adm) == 1 and t.value("Cnam Grand Est", ent) == 1
    assert t.value("Cnam Bretagne", ent) == 2 and t.value("Cnam Bretagne", adm) == 0
    assert t.value("Cnam Grand Est", ins) == 4 and t.value("Cnam Bretagne", ins) == 2 + 1 + 2
    assert t.value("Cnam Paris – Établissement public", ent) == 0
    assert t.value("Cnam Paris – Établissement public", ins) == 1
    assert t.value("Total", ent) == 3                             # a sum over centres
    assert t.value("Total", adm) == 4
    assert t.value("Cnam Bretagne", (N, "Auditeurs pris en compte (administratifs + entrants)")) == 2
    assert t.value("Sous-total Régions métropolitaines", adm) == 3
    assert t.symbol("Cnam Grand Est", (f"Évol. {N} / {N1} (%)", "Inscrits administratifs")) == "///"


def test_t3_supplement_centre_has_nd_for_entrants(builder, tmp_path):
    a = builder.learner(centre_admin="LBN")
    builder.inscription(a, "NFA001")
    builder.supplement("MDG", N, auditeurs=700, inscriptions=2800)
    t = table(3, builder.load(tmp_path))
    assert t.value("Cnam Madagascar", (N, "Inscrits administratifs")) == 700
    assert t.symbol("Cnam Madagascar", (N, "Inscrits entrants (FOAD)")) == "nd"
    assert t.published("Cnam Madagascar", (N, "Auditeurs pris en compte (administratifs + entrants)")) is None
    assert t.value("Sous-total Étranger", (N, "Inscrits administratifs")) == 701
    assert t.value("Sous-total Étranger", (N, "Auditeurs pris en compte (administratifs + entrants)")) == 1
    assert t.value("Total", (N, "Inscriptions pédagogiques")) == 2801


# -- T4 ---------------------------------------------------------------------------------

def test_t4_openings(builder, tmp_path):
    a = builder.learner(centre_admin="GES")
    builder.inscription(a, "NFA001", modalite="PRES")
    builder.inscription(a, "NFA001", modalite="FOAD")
    for centre in ("BRE", "OCC", "GES"):
        learner = builder.learner(centre_admin=centre)
        builder.inscription(learner, "STA211", modalite="PRES")
    builder.inscription(a, "LOC001")
    builder.course("LOC001", offre_nationale=False)
    t = table(4, builder.load(tmp_path))
    assert t.value("Cnam Grand Est", (N, "PRES")) == 2 and t.value("Cnam Grand Est", (N, "FOAD")) == 1
    assert t.value("Cnam Grand Est", (N, "Total")) == 3
    assert t.value("Total (somme des centres)", (N, "PRES")) == 4
    assert t.value("Réseau (enseignements distincts)", (N, "PRES")) == 2
    assert t.value("Réseau (enseignements distincts)", (N, "Total")) == 3


# -- T5, T6 -----------------------------------------------------------------------------

def test_t5_learners_with_a_foad_or_hyb_unit(builder, tmp_path):
    a = builder.learner(centre_admin="IDF")
    builder.inscription(a, "FOD001", modalite="FOAD", centre_peda="BRE")
    for i in range(5):
        builder.inscription(a, f"PRE00{i}", modalite="PRES")
    b2 = builder.learner(centre_admin="IDF")
    builder.inscription(b2, "FOD001", modalite="FOAD")
    builder.inscription(b2, "HYB001", modalite="HYB")
    c = builder.learner(centre_admin="IDF")
    builder.inscription(c, "PRE001", modalite="PRES")
    builder.inscription(c, "XXX001", modalite=None)
    x = builder.load(tmp_path)
    t = table(5, x)
    assert t.value("Île-de-France", (N, "Effectif")) == 2
    assert t.value("Régions métropolitaines", (N, "Effectif")) == 0
    assert t.value("Île-de-France", (N, "Part des auditeurs de l'aire (%)")) == pytest.approx(200 / 3)
    assert t.symbol("Île-de-France", (N, "Part des auditeurs de l'aire (%)")) == "ns"   # base 3 < 20
    t6 = table(6, x)
    assert t6.value("Ensemble", N) == t.value("Total", (N, "Part des auditeurs de l'aire (%)"))


def test_t6_small_base_closed_centre_and_ensemble(builder, tmp_path):
    for i in range(15):
        builder.learner(f"S{i}", centre_admin="BRE")
        builder.inscription(f"S{i}", "FOD001", modalite="FOAD")
    for i in range(25):
        builder.learner(f"C{i}", centre_admin="CIV")
        builder.inscription(f"C{i}", "PRE001" if i % 5 else "FOD001", modalite="PRES" if i % 5 else "FOAD")
    for y in P.S5[:2]:
        builder.learner("OLD", annee=y, centre_admin="BRE")
        builder.inscription("OLD", "NFA001", annee=y)
    x = builder.load(tmp_path)
    t = table(6, x)
    assert t.symbol("Cnam Bretagne", N) == "ns" and t.value("Cnam Bretagne", N) == 100.0
    assert t.published("Cnam Bretagne", N) is None
    assert t.value("Cnam Côte d'Ivoire", N) == 20.0 and t.symbol("Cnam Côte d'Ivoire", N) == ""
    assert t.symbol("Cnam Côte d'Ivoire", P.n_minus(4)) == "///"       # opened in 2020
    assert t.symbol("Cnam Côte d'Ivoire", P.n_minus(3)) == "///"
    assert t.value("Ensemble", N) == pytest.approx(100 * 20 / 40)
    t5 = table(5, x)
    for y in P.S5:
        a, b = t.value("Ensemble", y), t5.value("Total", (y, "Part des auditeurs de l'aire (%)"))
        assert a == b or (a != a and b != b)


def test_t1_to_t6_follow_the_edition(builder, tmp_path):
    a = builder.learner(annee="2023-2024")
    builder.inscription(a, "NFA001", annee="2023-2024")
    x = builder.load(tmp_path)
    p24 = load_params(2024)
    t = table(1, x, p24)
    assert t.columns[0][0] == "2019-2020" and t.value("Total", "2023-2024") == 1
    assert "depuis 2019-2020" in t.title
    t3 = table(3, x, p24)
    assert t3.columns[0][0] == "2022-2023"
    assert "05/04/2024" not in t.source and "extraction du" in t.source
