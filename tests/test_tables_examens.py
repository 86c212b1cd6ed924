"""Tables 60–65 (présence et réussite aux examens) on hand-built extractions: the **Test**
lines of TABLES.md §3, with values computed by hand."""
import dataclasses
import math

import pytest

from chiffres_cles.params import load_params
from chiffres_cles.perimeter import ExamCounts, exam_counts, scope, supplement_exam_counts
from chiffres_cles.tables import entry, registry

P = load_params(2023)
N, N1 = P.N, P.n_minus(1)
ENS = "Ensemble"
PRES_COL, SUCC_COL, COMP_COL = "Taux de présence (%)", "Taux de réussite (%)", "Complétude des données (%)"
PRES_LAB, FOAD_LAB, HYB_LAB = "Présentiel (PRES)", "Formation ouverte et à distance (FOAD)", "Hybride (HYB)"


def table(n, x, p=P):
    return entry(n).func(x, p)


def close(a, b):
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def results(b, learner, outcomes, annee=N, code="NFA001", **kw):
    """One inscription per (present_examen, note) pair."""
    for present, note in outcomes:
        b.inscription(learner, code, annee=annee, present_examen=present, note=note, **kw)


# -- the shared counting rule ----------------------------------------------------------------

def test_exam_counts_and_rates():
    import pandas as pd

    statut = pd.Series(["recu", "ajourne", "absent", "non_saisi", "hors_evaluation", "recu"])
    c = exam_counts(statut)
    assert c == ExamCounts(inscriptions=6, not_assessed=1, entered=4, present=3, passed=2)
    r = c.rates(20)
    assert r["completude"] == (pytest.approx(80.0), "ns", 5)       # 4 renseignées / 5 assessed
    assert r["presence"] == (pytest.approx(75.0), "ns", 4)
    assert r["reussite"][0] == pytest.approx(200 / 3) and r["reussite"][1:] == ("ns", 3)
    assert ExamCounts().rates(20)["presence"][1] == "///"
    sup = pd.DataFrame({"inscriptions": [100, 40], "inscriptions_renseignees": [80, None],
                        "presents": [60, None], "recus": [45, None]})
    s = supplement_exam_counts(sup)
    assert (s.inscriptions, s.unreported, s.assessed, s.entered, s.present, s.passed) == (140, 40, 100, 80, 60, 45)


# -- T60 --------------------------------------------------------------------------------------

def test_t60_pass_mark_is_10_out_of_20(builder, tmp_path):
    a = builder.learner(centre_admin="IDF")
    results(builder, a, [(True, 10), (True, 9.99), (False, None), (True, 15.5)])
    t = table(60, builder.load(tmp_path))
    # 4 renseignées, 3 présents (10, 9.99, 15.5), 2 reçus (10 and 15.5)
    assert close(t.value("Île-de-France", (N, PRES_COL)), 75.0)
    assert close(t.value("Île-de-France", (N, SUCC_COL)), 200 / 3)
    assert t.symbol("Île-de-France", (N, SUCC_COL)) == "ns"
    assert t.bases[("Île-de-France", (N, SUCC_COL))] == 3


def test_t60_aire_without_results_is_not_applicable(builder, tmp_path):
    a = builder.learner(centre_admin="BRE")
    results(builder, a, [(None, None), (None, None)])
    b = builder.learner(centre_admin="IDF")
    results(builder, b, [(True, 12)] * 20)
    t = table(60, builder.load(tmp_path))
    for col in (PRES_COL, SUCC_COL):
        assert t.symbol("Régions métropolitaines", (N, col)) == "///"
        assert t.symbol("Outre-mer", (N, col)) == "///"
    assert t.value("Île-de-France", (N, SUCC_COL)) == 100.0 and t.symbol("Île-de-France", (N, SUCC_COL)) == ""
    # network completeness: 20 renseignées out of 22 inscriptions
    assert any("90,9\u202f% en " + N in n for n in t.notes)


def test_t60_evolution_in_points_and_supplement(builder, tmp_path):
    a = builder.learner(centre_admin="GES", annee=N1)
    results(builder, a, [(True, 12)] * 10 + [(True, 5)] * 10, annee=N1)          # 50 % success, base 20
    b = builder.learner(centre_admin="GES")
    results(builder, b, [(True, 12)] * 15 + [(True, 5)] * 5 + [(False, None)] * 5)  # 75 % success
    builder.supplement("MDG", N, inscriptions=100, inscriptions_renseignees=80, presents=60, recus=45)
    x = builder.load(tmp_path)
    t = table(60, x)
    evol = (f"Évol. {N} / {N1} (en points)", "Taux de réussite")
    assert close(t.value("Régions métropolitaines", evol), 25.0)
    assert t.symbol("Étranger", evol) == "///"                 # nothing abroad in N-1
    assert close(t.value("Étranger", (N, PRES_COL)), 75.0)      # 60 / 80, supplement only
    # Ensemble: présents 20 + 60 over renseignées 25 + 80; reçus 15 + 45 over présents 80
    assert close(t.value(ENS, (N, PRES_COL)), 100 * 80 / 105)
    assert close(t.value(ENS, (N, SUCC_COL)), 100 * 60 / 80)
    assert "collecte manuelle (Cnam Madagascar)" in t.source
    t62, t63 = table(62, x), table(63, x)
    for col in (PRES_COL, SUCC_COL):
        assert close(t.value(ENS, (N, col)), t62.value(ENS, (N, col)))
    # hors supplément, T60 Ensemble = T63 Ensemble
    x2 = dataclasses.replace(x, frames={k: v for k, v in x.frames.items() if k != "collecte_manuelle"}, cache={})
    t60h = table(60, x2)
    for y in (N1, N):
        for col in (PRES_COL, SUCC_COL):
            assert close(t60h.value(ENS, (y, col)), t63.value(ENS, (y, col)))
    assert close(t60h.value(ENS, (N, SUCC_COL)), 75.0)


# -- T61 --------------------------------------------------------------------------------------

def test_t61_statuses_by_modality(builder, tmp_path):
    a = builder.learner(centre_admin="IDF")
    results(builder, a, [(None, 12),      # present missing with a note: présent, reçu
                         (False, 0),      # absent
                         (True, None)])   # présent without a note: not entered
    builder.inscription(a, "NFA002", present_examen=True, note=15, evaluation_prevue=False)
    results(builder, a, [(True, 8)] * 3, modalite="FOAD")
    x = builder.load(tmp_path)
    t = table(61, x)
    assert t.value(PRES_LAB, "Inscriptions") == 4
    assert close(t.value(PRES_LAB, COMP_COL), 200 / 3)        # 2 renseignées / 3 with a planned exam
    assert close(t.value(PRES_LAB, PRES_COL), 50.0)           # 1 présent / 2 renseignées
    assert t.bases[(PRES_LAB, (PRES_COL,))] == 2
    assert t.value(PRES_LAB, SUCC_COL) == 100.0 and t.bases[(PRES_LAB, (SUCC_COL,))] == 1
    assert t.value(FOAD_LAB, SUCC_COL) == 0.0 and t.symbol(FOAD_LAB, SUCC_COL) == "ns"
    assert t.symbol(HYB_LAB, PRES_COL) == "///" and t.value(HYB_LAB, "Inscriptions") == 0
    assert t.value(ENS, "Inscriptions") == 7
    assert close(t.value(ENS, COMP_COL), 500 / 6)             # 5 renseignées / 6
    assert close(t.value(ENS, SUCC_COL), 25.0)                # 1 reçu / 4 présents
    assert "Modalité non renseignée" not in t.rows
    assert any("sans évaluation prévue (1 en" in n for n in t.notes)


def test_t61_never_takes_the_supplement(builder, tmp_path):
    a = builder.learner(centre_admin="IDF")
    results(builder, a, [(True, 12)], modalite=None)
    builder.supplement("MDG", N, inscriptions=100, inscriptions_renseignees=80, presents=60, recus=45)
    t = table(61, builder.load(tmp_path))
    assert t.value(ENS, "Inscriptions") == 1
    assert t.value("Modalité non renseignée", "Inscriptions") == 1
    assert any("hors Cnam Madagascar" in n for n in t.notes)
    assert "collecte manuelle" not in t.source


# -- T62 --------------------------------------------------------------------------------------

def test_t62_centre_without_results_and_invalid_mark(builder, tmp_path):
    a = builder.learner(centre_admin="BRE")
    results(builder, a, [(None, None)] * 3)
    b = builder.learner(centre_admin="GES")
    results(builder, b, [(True, 25), (True, 12)])             # 25 is not a mark: présent without a note
    x = builder.load(tmp_path)
    t = table(62, x)
    assert t.value("Cnam Bretagne", (N, COMP_COL)) == 0.0 and t.symbol("Cnam Bretagne", (N, COMP_COL)) == "ns"
    assert t.symbol("Cnam Bretagne", (N, PRES_COL)) == "///"
    assert t.symbol("Cnam Bretagne", (N, SUCC_COL)) == "///"
    assert t.value("Cnam Grand Est", (N, COMP_COL)) == 50.0
    assert t.value("Cnam Grand Est", (N, PRES_COL)) == 100.0
    assert t.value("Sous-total Régions métropolitaines", (N, "Inscriptions")) == 5
    assert close(t.value("Sous-total Régions métropolitaines", (N, COMP_COL)), 20.0)
    assert x.report.count("note_hors_bornes", "inscriptions") == 1


def test_t62_inscriptions_equal_t3_and_supplement_row(builder, tmp_path):
    a = builder.learner(centre_admin="IDF", annee=N1)
    results(builder, a, [(True, 12)] * 2, annee=N1)
    b = builder.learner(centre_admin="IDF")
    results(builder, b, [(True, 12)] * 3)
    builder.inscription(b, "NFA009", centre_peda="LBN", modalite="FOAD", present_examen=False)
    builder.supplement("MDG", N, inscriptions=100, inscriptions_renseignees=80, presents=60, recus=45)
    x = builder.load(tmp_path)
    t, t3 = table(62, x), table(3, x)
    for row, row3 in (("Cnam Île-de-France",) * 2, ("Cnam Liban",) * 2, ("Cnam Madagascar",) * 2,
                      ("Sous-total Étranger",) * 2, (ENS, "Total")):
        for y in (N1, N):
            assert t.value(row, (y, "Inscriptions")) == t3.value(row3, (y, "Inscriptions pédagogiques"))
    if 18 in registry():
        t18 = table(18, x)
        for y in (N1, N):
            assert t.value("Cnam Madagascar", (y, "Inscriptions")) == t18.value("Cnam Madagascar", y)
    assert t.value("Cnam Madagascar", (N, "Inscriptions")) == 100
    assert close(t.value("Cnam Madagascar", (N, COMP_COL)), 80.0)
    assert close(t.value("Sous-total Étranger", (N, PRES_COL)), 100 * 60 / 81)   # LBN absent + MDG
    assert t.symbol("Cnam Madagascar", (N1, "Inscriptions")) == "–"
    assert t.symbol("Cnam Madagascar", (N1, PRES_COL)) == "///"
    assert close(t.value(ENS, (N, SUCC_COL)), 100 * 48 / 63)


def test_t62_supplement_without_exam_results_is_nd(builder, tmp_path):
    a = builder.learner(centre_admin="LBN")
    results(builder, a, [(True, 12)] * 20)
    builder.supplement("MDG", N, inscriptions=100)
    t = table(62, builder.load(tmp_path))
    assert t.value("Cnam Madagascar", (N, "Inscriptions")) == 100
    assert t.symbol("Cnam Madagascar", (N, PRES_COL)) == "nd"
    assert t.symbol("Cnam Madagascar", (N, COMP_COL)) == "nd"
    assert t.value("Sous-total Étranger", (N, COMP_COL)) == 100.0           # hors those 100
    assert t.value("Sous-total Étranger", (N, "Inscriptions")) == 120
    assert any("non collectés pour Cnam Madagascar" in n for n in t.notes)


def test_t62_closed_centre(builder, tmp_path):
    p21 = dataclasses.replace(P, edition=2021)                       # years 2019-2020 and 2020-2021
    a = builder.learner(centre_admin="CIV", annee="2020-2021")
    results(builder, a, [(True, 12)], annee="2020-2021")
    t = table(62, builder.load(tmp_path), p21)
    assert t.symbol("Cnam Côte d'Ivoire", ("2019-2020", "Inscriptions")) == "///"
    assert t.symbol("Cnam Côte d'Ivoire", ("2019-2020", PRES_COL)) == "///"
    assert t.value("Cnam Côte d'Ivoire", ("2020-2021", "Inscriptions")) == 1


# -- T63 --------------------------------------------------------------------------------------

def test_t63_small_base_by_epn(builder, tmp_path):
    a = builder.learner(centre_admin="IDF")
    builder.course("CHI001", epn="EPN07")
    results(builder, a, [(True, 12)] * 15 + [(False, None)] * 5, code="CHI001")
    builder.course("XXX001", epn=None)
    results(builder, a, [(True, 4)], code="XXX001")
    builder.supplement("MDG", N, inscriptions=100, inscriptions_renseignees=80, presents=60, recus=45)
    t = table(63, builder.load(tmp_path))
    epn7 = "EPN 7 – Chimie vivant santé"
    assert t.value(epn7, (N, PRES_COL)) == 75.0 and t.symbol(epn7, (N, PRES_COL)) == ""   # base 20
    assert t.value(epn7, (N, SUCC_COL)) == 100.0 and t.symbol(epn7, (N, SUCC_COL)) == "ns"  # 15 présents
    assert t.value("EPN non renseignée", (N, "Inscriptions")) == 1
    assert t.symbol("EPN 5 – Informatique", (N, PRES_COL)) == "///"
    assert t.value(ENS, (N, "Inscriptions")) == 21                     # never the supplement
    assert close(t.value(ENS, (N, SUCC_COL)), 100 * 15 / 16)
    assert any("hors Cnam Madagascar" in n for n in t.notes)
    assert t.rows[-2:] == ["EPN non renseignée", ENS]


# -- T64, T65 ---------------------------------------------------------------------------------

def _modality_extraction(b, split_supplement: bool):
    a = b.learner(centre_admin="GES")
    results(b, a, [(True, 12)] * 4 + [(True, 6)] * 4, modalite="PRES")
    results(b, a, [(True, 12)] * 2 + [(False, None)] * 2, modalite="FOAD")
    c = b.learner(centre_admin="BRE")
    results(b, c, [(True, 12)] * 2, modalite="HYB")
    if split_supplement:
        b.supplement("MDG", N, modalite="PRES", inscriptions=60, inscriptions_renseignees=50, presents=40, recus=30)
        b.supplement("MDG", N, modalite="FOAD", inscriptions=40, inscriptions_renseignees=30, presents=20, recus=15)
    else:
        b.supplement("MDG", N, inscriptions=100, inscriptions_renseignees=80, presents=60, recus=45)


def test_t64_modality_groups_and_unsplit_supplement(builder, tmp_path):
    _modality_extraction(builder, split_supplement=False)
    x = builder.load(tmp_path)
    t, t62 = table(64, x), table(62, x)
    ges, bre, mdg = "Cnam Grand Est", "Cnam Bretagne", "Cnam Madagascar"
    assert t.symbol(ges, ("HYB", "Présence (%)")) == "///" and t.symbol(ges, ("HYB", "Réussite (%)")) == "///"
    assert t.value(ges, ("PRES", "Réussite (%)")) == 50.0
    assert t.value(ges, ("FOAD", "Présence (%)")) == 50.0
    assert t.value(bre, ("HYB", "Réussite (%)")) == 100.0
    for m in ("PRES", "FOAD", "HYB"):
        assert t.symbol(mdg, (m, "Présence (%)")) == "nd" and t.symbol(mdg, (m, "Réussite (%)")) == "nd"
    assert close(t.value(mdg, (ENS, "Présence (%)")), 75.0)
    # modality groups hors supplément: PRES Ensemble = GES PRES; Ensemble group with it
    assert t.value(ENS, ("PRES", "Réussite (%)")) == 50.0
    assert close(t.value(ENS, (ENS, "Réussite (%)")), 100 * (8 + 45) / (12 + 60))
    for row in t.rows:
        assert close(t.value(row, (ENS, "Présence (%)")), t62.value(row, (N, PRES_COL))) or \
            t.symbol(row, (ENS, "Présence (%)")) == t62.symbol(row, (N, PRES_COL))
        assert close(t.value(row, (ENS, "Réussite (%)")), t62.value(row, (N, SUCC_COL))) or \
            t.symbol(row, (ENS, "Réussite (%)")) == t62.symbol(row, (N, SUCC_COL))
    assert any("non ventilés par modalité" in n for n in t.notes)


def test_t64_split_supplement_enters_modality_groups(builder, tmp_path):
    _modality_extraction(builder, split_supplement=True)
    t = table(64, builder.load(tmp_path))
    mdg = "Cnam Madagascar"
    assert close(t.value(mdg, ("PRES", "Présence (%)")), 80.0)       # 40 / 50
    assert close(t.value(mdg, ("FOAD", "Réussite (%)")), 75.0)       # 15 / 20
    assert t.symbol(mdg, ("HYB", "Présence (%)")) == "///"
    assert close(t.value(ENS, ("PRES", "Réussite (%)")), 100 * (4 + 30) / (8 + 40))
    assert close(t.value(mdg, (ENS, "Réussite (%)")), 75.0)          # 45 / 60


def test_t65_ensemble_row_and_group(builder, tmp_path):
    _modality_extraction(builder, split_supplement=False)
    builder.course("CHI001", epn="EPN07")
    d = builder.learner(centre_admin="IDF")
    results(builder, d, [(True, 15)] * 3 + [(False, 0)], code="CHI001", modalite="FOAD")
    x = builder.load(tmp_path)
    t, t61, t63 = table(65, x), table(61, x), table(63, x)
    labels = {"PRES": PRES_LAB, "FOAD": FOAD_LAB, "HYB": HYB_LAB}
    for m, lab in labels.items():
        assert close(t.value(ENS, (m, "Présence (%)")), t61.value(lab, PRES_COL))
        assert close(t.value(ENS, (m, "Réussite (%)")), t61.value(lab, SUCC_COL))
    for row in t.rows:
        for mine, theirs in (("Présence (%)", PRES_COL), ("Réussite (%)", SUCC_COL)):
            a, b = t.value(row, (ENS, mine)), t63.value(row, (N, theirs))
            assert close(a, b) or (math.isnan(a) and math.isnan(b))
    epn7 = "EPN 7 – Chimie vivant santé"
    assert t.value(epn7, ("FOAD", "Présence (%)")) == 75.0 and t.value(epn7, ("FOAD", "Réussite (%)")) == 100.0
    assert t.symbol(epn7, ("PRES", "Présence (%)")) == "///"
    # FOAD network: GES 2 présents of 4 renseignées, IDF 3 of 4 → 62,5 %
    assert close(t.value(ENS, ("FOAD", "Présence (%)")), 62.5)
    assert "collecte manuelle" not in t.source


def test_exam_tables_follow_the_edition(builder, tmp_path):
    a = builder.learner(centre_admin="IDF", annee="2023-2024")
    results(builder, a, [(True, 12)], annee="2023-2024")
    x = builder.load(tmp_path)
    p24 = load_params(2024)
    t = table(60, x, p24)
    assert t.columns[0][0] == "2022-2023" and t.value("Île-de-France", ("2023-2024", SUCC_COL)) == 100.0
    assert "en 2022-2023 et 2023-2024" in t.title
    assert "2023-2024" in table(61, x, p24).title
    assert scope(x, p24).ins("2023-2024")["statut"].tolist() == ["recu"]


def test_t64_without_any_supplement(builder, tmp_path):
    a = builder.learner(centre_admin="GES")
    results(builder, a, [(True, 12)] * 3 + [(True, 4)], modalite="FOAD")
    results(builder, a, [(None, None)], modalite=None, evaluation_prevue=False)
    t = table(64, builder.load(tmp_path))
    assert t.value("Cnam Grand Est", ("FOAD", "Réussite (%)")) == 75.0
    assert t.value("Cnam Grand Est", (ENS, "Réussite (%)")) == 75.0
    assert t.symbol("Cnam Grand Est", ("PRES", "Présence (%)")) == "///"
    assert "nd" not in t.used_symbols() and "collecte manuelle" not in t.source
    assert any("modalité non renseignée (1)" in n for n in t.notes)
    assert any("sans évaluation prévue (1 en" in n for n in t.notes)
