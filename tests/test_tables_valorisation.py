"""Valorisation des parcours – VAPP (T34–T41), VAE (T42–T52), VES (T53–T59): the **Test** lines
of TABLES.md §3 and the counting rules of §2.7, on hand-built extractions with values computed
by hand.

Edition 2023 unless stated: SC = 2018 … 2023, C = 2023. Ages and durations are written as
day counts (leap days counted by hand) divided by 365.25.
"""
import dataclasses
import itertools
import math

import pandas as pd
import pytest

from chiffres_cles.params import load_params
from chiffres_cles.perimeter import validation_candidates, validation_notifications
from chiffres_cles.problems import ExtractionError
from chiffres_cles.tables.registry import entry
from chiffres_cles.tables.vae import diploma_delays
from chiffres_cles.tables.valorisation import (CANDIDATS, CANDIDATS_EFFECTIF, DONT_JOBSEEKERS, DONT_WITHOUT_JOB,
                                               EFFECTIF, JOBSEEKERS, JOBSEEKERS_OR_WITHOUT, MISSING_SHARE,
                                               NOTIFICATIONS, NOTIFICATIONS_EFFECTIF, SEVERAL_SHARE,
                                               UNKNOWN_CENTRE, WITHOUT_JOB, WOMEN_SHARE)
from chiffres_cles.tables.ves import graphique_12_data

P = load_params(2023)
EVOL = "Évol. 2023 / 2022 (%)"
POINTS = "Évol. 2023 / 2022 (en points)"
ENS = "Ensemble"
MET = "Sous-total Régions métropolitaines"
PEP = "Cnam Paris – Établissement public"
GES, ARA, IDF = "Cnam Grand Est", "Cnam Auvergne-Rhône-Alpes", "Cnam Île-de-France"
DIRECT_DISPENSE, RESERVE = "Accès direct ou avec dispense (%)", "Accès sous réserve (%)"
TOTALE, PARTIELLE = "Délivrance totale (%)", "Validation partielle (%)"
ACCESS_SHARE = "Part des notifications d'accès (direct, avec dispense ou sous réserve) (%)"
LEVEL_6, LEVEL_7 = "Niveau 6 (Bac+3, Bac+4)", "Niveau 7 (Bac+5)"
VES_BLOCK = "Validation des études supérieures (VES)"
VAPP_BLOCK = "Validation des acquis professionnels et personnels (VAPP)"


def table(n, x, p=P):
    return entry(n).func(x, p)


def close(a, b):
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


_ids = itertools.count(1)


def cand() -> str:
    return f"CA{next(_ids):05d}"


def base(b):
    """Every extraction needs one learner with one inscription."""
    a = b.learner()
    b.inscription(a)


def notifs(b, n, date, dispositif="VAPP", decision="DIRECT", **kw):
    """n notifications to n distinct candidates."""
    return [b.validation(cand(), date, dispositif=dispositif, decision=decision, **kw) for _ in range(n)]


# -- counting rules (§2.7) --------------------------------------------------------------------

def test_first_notification_of_the_year_by_date_then_id(builder, tmp_path):
    base(builder)
    c = cand()
    builder.validation(c, "2023-03-01", dispositif="VAPP", decision="DIRECT", notification_id="NO-B",
                       situation_emploi="SE", sexe="H")
    builder.validation(c, "2023-03-01", dispositif="VAPP", decision="REFUS", notification_id="NO-A",
                       situation_emploi="DE", sexe="F")
    builder.validation(c, "2023-01-10", dispositif="VAPP", decision="RECEVABILITE", notification_id="NO-0",
                       situation_emploi="EMP")  # out of scope: never the first notification
    builder.validation(c, "2022-05-01", dispositif="VAPP", decision="DIRECT", situation_emploi="AUTRE")
    x = builder.load(tmp_path)
    c23 = validation_candidates(x, P, "VAPP", 2023)
    assert len(c23) == 1
    row = c23.iloc[0]
    assert row["notification_id"] == "NO-A" and row["situation_emploi"] == "DE" and row["sexe"] == "F"
    assert row["n_notifications"] == 2
    assert validation_candidates(x, P, "VAPP", 2022).iloc[0]["situation_emploi"] == "AUTRE"


def test_year_only_diploma_date_is_1_july_and_exact_age_at_decision(builder, tmp_path):
    base(builder)
    builder.validation(cand(), "2023-07-01", date_plus_haut_diplome="2005", date_naissance="1983-01-01")
    builder.validation(cand(), "2023-07-01", date_naissance="2024-01-01")   # born after the decision
    builder.validation(cand(), "2023-07-01", date_naissance="2005-07-02")   # 17 years and 364 days
    x = builder.load(tmp_path)
    n = validation_notifications(x, P, "VAE")
    assert n.loc[0, "date_plus_haut_diplome"] == pd.Timestamp("2005-07-01")
    assert close(n.loc[0, "age"], 14791 / 365.25)   # 40 × 365 + 10 leap days + 181 days
    assert pd.isna(n.loc[1, "age"])
    assert pd.isna(n.loc[2, "age"])                  # 6573 / 365.25 < 18


# -- T34 (and T53 as T34) -----------------------------------------------------------------------

@pytest.fixture
def keyfig(builder, tmp_path):
    base(builder)
    a = cand()
    builder.validation(a, "2023-03-01", dispositif="VAPP", decision="DIRECT", sexe="F")
    builder.validation(a, "2023-06-01", dispositif="VAPP", decision="REFUS", diplome_vise="Master")
    builder.validation(cand(), "2022-12-31", dispositif="VAPP", decision="DISPENSE")
    builder.validation(cand(), "2023-05-01", dispositif="VAPP", decision="RECEVABILITE")
    builder.validation(cand(), "2023-02-01", dispositif="VAPP", decision="RESERVE", sexe=None)
    builder.validation(cand(), "2023-04-01", dispositif="VAPP", decision="REFUS", sexe="H")
    builder.validation(cand(), "2023-04-01", dispositif="VAE", decision="TOTALE")  # another scheme
    return builder.load(tmp_path)


def test_t34_two_notifications_make_one_candidate(keyfig):
    t = table(34, keyfig)
    assert t.value(CANDIDATS, "2023") == 3
    assert t.value(NOTIFICATIONS, "2023") == 4
    assert close(t.value(SEVERAL_SHARE, "2023"), 100 / 3)
    assert t.symbol(SEVERAL_SHARE, "2023") == "ns"                # base 3 < 20
    assert close(t.value(WOMEN_SHARE, "2023"), 50.0)              # 1 woman of 2 of known sex
    assert close(t.value(ACCESS_SHARE, "2023"), 50.0)             # DIRECT and RESERVE of 4
    assert t.value("Certifications visées distinctes", "2023") == 2
    assert any("sexe non renseigné" in n and "1 en 2023" in n for n in t.notes)


def test_t34_31_december_belongs_to_its_year_and_out_of_scope_is_filtered(keyfig):
    t = table(34, keyfig)
    assert t.value(CANDIDATS, "2022") == 1 and t.value(NOTIFICATIONS, "2022") == 1
    assert t.value(CANDIDATS, "2021") == 0 and t.symbol(CANDIDATS, "2021") == "–"
    assert keyfig.report.count("decision_hors_champ") == 1         # QA report, once
    assert any("hors champ" in n and "1 en 2023" in n for n in t.notes)


def test_t34_evolutions_in_percent_for_counts_in_points_for_shares(keyfig):
    t = table(34, keyfig)
    assert close(t.value(CANDIDATS, EVOL), 200.0) and t.symbol(CANDIDATS, EVOL) == "ns"   # 1 → 3, base 1
    assert t.text(CANDIDATS, POINTS) == ""
    assert t.text(WOMEN_SHARE, EVOL) == ""
    assert close(t.value(WOMEN_SHARE, POINTS), 50.0 - 100.0)      # 2022: one woman of one
    assert t.symbol(WOMEN_SHARE, POINTS) == "ns"
    assert t.symbol(WOMEN_SHARE, "2021") == "///"                  # no candidate in 2021
    assert close(t.value(ACCESS_SHARE, POINTS), 50.0 - 100.0)      # 2022: 1 DISPENSE of 1
    assert t.symbol(ACCESS_SHARE, POINTS) == "ns"


def test_t53_key_figures_of_ves(builder, tmp_path):
    base(builder)
    notifs(builder, 3, "2023-05-01", dispositif="VES", decision="ACCORD_REFUS")
    notifs(builder, 1, "2023-05-01", dispositif="VES", decision="REFUS")
    t = table(53, builder.load(tmp_path))
    assert t.value(CANDIDATS, "2023") == 4
    assert close(t.value("Part des notifications comportant un accord (%)", "2023"), 75.0)


# -- T35, T43, T54 ---------------------------------------------------------------------------

@pytest.fixture
def ages(builder, tmp_path):
    base(builder)
    for _ in range(20):
        builder.validation(cand(), "2023-07-01", dispositif="VAPP", decision="DIRECT", sexe="H", date_naissance="1983-01-01")
    twice = cand()
    builder.validation(twice, "2023-07-01", dispositif="VAPP", decision="DIRECT", sexe="H", date_naissance="1973-07-01")
    builder.validation(twice, "2023-12-01", dispositif="VAPP", decision="DIRECT", sexe="H", date_naissance="1973-07-01")
    for _ in range(15):
        builder.validation(cand(), "2023-07-01", dispositif="VAPP", decision="DIRECT", sexe="F", date_naissance="1993-01-01")
    builder.validation(cand(), "2023-07-01", dispositif="VAPP", decision="DIRECT", sexe="F", date_naissance="2024-01-01")
    return builder.load(tmp_path)


def test_t35_candidate_with_two_decisions_counted_once_at_his_first(ages):
    t = table(35, ages)
    # 20 × 14791 days (1983-01-01 → 2023-07-01) and 18262 days (1973-07-01 → 2023-07-01)
    assert close(t.value("Hommes", "2023"), (20 * 14791 + 18262) / 21 / 365.25)
    assert t.bases[("Hommes", ("2023",))] == 21
    assert t.symbol("Hommes", "2023") == ""


def test_t35_birth_after_decision_is_invalid_and_15_women_are_ns(ages):
    t = table(35, ages)
    assert close(t.value("Femmes", "2023"), 11138 / 365.25)       # 1993-01-01 → 2023-07-01
    assert t.bases[("Femmes", ("2023",))] == 15
    assert t.symbol("Femmes", "2023") == "ns"
    assert close(t.value(ENS, "2023"), (20 * 14791 + 18262 + 15 * 11138) / 36 / 365.25)
    assert t.symbol(ENS, "2022") == "///"
    assert any("1 en 2023" in n and "18–90" in n for n in t.notes)


def test_t43_and_t54_read_their_own_scheme(builder, tmp_path):
    base(builder)
    notifs(builder, 2, "2023-07-01", dispositif="VAE", decision="TOTALE", date_naissance="1993-01-01")
    notifs(builder, 1, "2023-07-01", dispositif="VES", decision="ACCORD", date_naissance="1983-01-01")
    x = builder.load(tmp_path)
    assert close(table(43, x).value(ENS, "2023"), 11138 / 365.25)
    assert close(table(54, x).value(ENS, "2023"), 14791 / 365.25)
    assert table(35, x).symbol(ENS, "2023") == "///"


# -- T36, T44 ----------------------------------------------------------------------------------

def test_t36_shares_over_known_situations(builder, tmp_path):
    base(builder)
    c = cand()
    builder.validation(c, "2023-02-01", dispositif="VAPP", decision="DIRECT", situation_emploi="DE")
    builder.validation(c, "2023-05-01", dispositif="VAPP", decision="DIRECT", situation_emploi="EMP")   # second dossier: ignored
    notifs(builder, 2, "2023-03-01", situation_emploi="DE")
    notifs(builder, 2, "2023-03-01", situation_emploi="SE")
    notifs(builder, 4, "2023-03-01", situation_emploi="EMP")
    notifs(builder, 1, "2023-03-01", situation_emploi="AUTRE")
    notifs(builder, 2, "2023-03-01", situation_emploi=None)
    t = table(36, builder.load(tmp_path))
    assert close(t.value(JOBSEEKERS, "2023"), 30.0)                # 3 of 10 known
    assert close(t.value(WITHOUT_JOB, "2023"), 20.0)
    assert close(t.value(JOBSEEKERS_OR_WITHOUT, "2023"), t.value(JOBSEEKERS, "2023") + t.value(WITHOUT_JOB, "2023"))
    assert close(t.value(MISSING_SHARE, "2023"), 100 * 2 / 12)
    assert t.value(CANDIDATS_EFFECTIF, "2023") == 12


def test_t44_by_sex_and_dont_lines(builder, tmp_path):
    base(builder)
    kw = dict(dispositif="VAE", decision="TOTALE")
    notifs(builder, 2, "2023-03-01", sexe="H", situation_emploi="DE", **kw)
    notifs(builder, 1, "2023-03-01", sexe="H", situation_emploi="EMP", **kw)
    notifs(builder, 1, "2023-03-01", sexe="F", situation_emploi="SE", **kw)
    notifs(builder, 2, "2023-03-01", sexe="F", situation_emploi="EMP", **kw)
    notifs(builder, 1, "2023-03-01", sexe="F", situation_emploi=None, **kw)
    notifs(builder, 1, "2023-03-01", sexe=None, situation_emploi="DE", **kw)
    t = table(44, builder.load(tmp_path))
    assert close(t.value("Hommes", "2023"), 100 * 2 / 3)
    assert close(t.value("Femmes", "2023"), 100 * 1 / 3)
    assert close(t.value(ENS, "2023"), 100 * 4 / 7)                 # the candidate of unknown sex counts here
    assert close(t.value(DONT_JOBSEEKERS, "2023"), 100 * 3 / 7)
    assert close(t.value(DONT_WITHOUT_JOB, "2023"), 100 * 1 / 7)
    assert close(t.value(ENS, "2023"), t.value(DONT_JOBSEEKERS, "2023") + t.value(DONT_WITHOUT_JOB, "2023"))
    assert close(t.value(MISSING_SHARE, "2023"), 12.5)
    assert t.value(CANDIDATS_EFFECTIF, "2023") == 8


# -- T37, T46 ----------------------------------------------------------------------------------

def test_t37_unmapped_level_is_missing_and_shares_sum_to_100(builder, tmp_path):
    base(builder)
    notifs(builder, 1, "2023-03-01", niveau_diplome="9")
    notifs(builder, 3, "2023-03-01", niveau_diplome="5")
    notifs(builder, 1, "2023-03-01", niveau_diplome="6")
    notifs(builder, 1, "2023-03-01", niveau_diplome=None)
    x = builder.load(tmp_path)
    t = table(37, x)
    assert close(t.value("Bac+2 (niveau 5)", "2023"), 75.0)
    assert close(t.value("Bac+3 ou Bac+4 (niveau 6)", "2023"), 25.0)
    assert close(t.value(MISSING_SHARE, "2023"), 100 * 2 / 6)
    assert t.value(EFFECTIF, "2023") == 6
    assert t.value("Bac+2 (niveau 5)", "Effectif 2023") == 3
    assert t.value("Total", "Effectif 2023") == 4 and t.value(MISSING_SHARE, "Effectif 2023") == 2
    levels = [r for r, k in zip(t.rows, t.row_kinds) if k == ""][:-1]
    assert close(sum(t.value(r, "2023") for r in levels), 100.0)
    assert x.report.count("code_non_repertorie") >= 1
    assert any("1 en 2023" in n for n in t.notes if "non répertoriés" in n)
    assert table(46, x).value(EFFECTIF, "2023") == 0                # no VAE candidate


# -- T38, T48, T55 -----------------------------------------------------------------------------

def test_t38_evolutions_of_empty_categories(builder, tmp_path):
    base(builder)
    notifs(builder, 20, "2022-03-01", decision="DIRECT")
    notifs(builder, 5, "2022-03-01", decision="RESERVE")
    notifs(builder, 3, "2023-03-01", decision="DISPENSE")
    notifs(builder, 5, "2023-03-01", decision="RESERVE")
    x = builder.load(tmp_path)
    t = table(38, x)
    assert t.value("Accès direct", "2023") == 0 and t.symbol("Accès direct", "2023") == "–"
    assert close(t.value("Accès direct", EVOL), -100.0) and t.symbol("Accès direct", EVOL) == ""
    assert t.text("Accès direct", EVOL) == "−100,0"
    assert t.symbol("Accès avec dispense", EVOL) == "///"           # empty in 2022
    assert t.value("Total", "2023") == 8 == table(34, x).value(NOTIFICATIONS, "2023")
    assert close(t.value("Accès avec dispense", "Part 2023 (%)"), 37.5)


def test_t48_partial_then_total_in_the_same_year_are_two_notifications(builder, tmp_path):
    base(builder)
    c = cand()
    builder.validation(c, "2023-02-01", dispositif="VAE", decision="PARTIELLE")
    builder.validation(c, "2023-10-01", dispositif="VAE", decision="TOTALE")
    x = builder.load(tmp_path)
    t = table(48, x)
    assert t.value("Validation partielle", "2023") == 1 and t.value("Délivrance totale", "2023") == 1
    assert t.value("Total", "2023") == 2 == table(42, x).value(NOTIFICATIONS, "2023")
    assert table(42, x).value(CANDIDATS, "2023") == 1


def test_t42_one_candidate_in_each_year_and_1_january(builder, tmp_path):
    base(builder)
    c = cand()
    builder.validation(c, "2022-06-01", dispositif="VAE", decision="PARTIELLE")
    builder.validation(c, "2023-01-01", dispositif="VAE", decision="TOTALE")
    t = table(42, builder.load(tmp_path))
    assert t.value(CANDIDATS, "2022") == 1 and t.value(CANDIDATS, "2023") == 1
    assert close(t.value("Part des notifications avec validation totale ou partielle (%)", "2023"), 100.0)


def test_t55_total_equals_t53_and_unknown_decision_code_stops(builder, tmp_path):
    base(builder)
    notifs(builder, 2, "2023-03-01", dispositif="VES", decision="ACCORD")
    notifs(builder, 1, "2023-03-01", dispositif="VES", decision="REFUS")
    x = builder.load(tmp_path / "ok")
    assert table(55, x).value("Total", "2023") == 3 == table(53, x).value(NOTIFICATIONS, "2023")
    notifs(builder, 1, "2023-03-01", dispositif="VES", decision="TOTALE")  # a VAE code: unknown for VES
    with pytest.raises(ExtractionError):
        builder.load(tmp_path / "bad")


def test_graphique_12_shares_per_year(builder, tmp_path):
    base(builder)
    notifs(builder, 3, "2023-03-01", decision="DIRECT")
    notifs(builder, 1, "2023-03-01", decision="REFUS")
    data = graphique_12_data(builder.load(tmp_path), P)
    assert list(data) == ["VAPP", "VAE", "VES"]
    vapp = data["VAPP"]
    assert list(vapp.index) == [str(y) for y in P.SC]
    assert list(vapp.columns) == ["Accès direct", "Accès avec dispense", "Accès sous réserve", "Refus"]
    assert close(vapp.loc["2023", "Accès direct"], 75.0) and close(vapp.loc["2023"].sum(), 100.0)
    assert vapp.loc["2022"].isna().all()                            # no notification: a gap
    assert data["VES"].isna().all().all()


# -- T39, T49, T56 -----------------------------------------------------------------------------

@pytest.fixture
def by_level(builder, tmp_path):
    base(builder)
    for dec, n in (("DIRECT", 6), ("RESERVE", 3), ("REFUS", 3)):
        notifs(builder, n, "2023-03-01", decision=dec, niveau_vise="6")
    for dec, n in (("DIRECT", 5), ("DISPENSE", 5), ("RESERVE", 4), ("REFUS", 6)):
        notifs(builder, n, "2023-03-01", decision=dec, niveau_vise="7")
    notifs(builder, 2, "2023-03-01", decision="REFUS", niveau_vise=None)
    notifs(builder, 1, "2019-03-01", decision="REFUS", niveau_vise="3")
    return builder.load(tmp_path)


def test_t39_rates_by_level_refusals_in_the_denominator(by_level):
    t = table(39, by_level)
    assert t.rows == ["Niveau 4 ou infra", LEVEL_6, LEVEL_7, "Sans niveau ou non renseigné", ENS]
    assert close(t.value(LEVEL_6, ("2023", DIRECT_DISPENSE)), 50.0)      # 6 of 12
    assert close(t.value(LEVEL_6, ("2023", RESERVE)), 25.0)
    assert t.symbol(LEVEL_6, ("2023", DIRECT_DISPENSE)) == "ns"
    assert close(t.value(LEVEL_7, ("2023", DIRECT_DISPENSE)), 50.0)      # 10 of 20, refusals included
    assert close(t.value(LEVEL_7, ("2023", RESERVE)), 20.0)
    assert t.symbol(LEVEL_7, ("2023", RESERVE)) == ""
    assert t.symbol("Niveau 4 ou infra", ("2023", RESERVE)) == "///"
    assert t.value(LEVEL_7, "Notifications 2023") == 20


def test_t39_ensemble_equals_rates_from_t38(by_level):
    t39, t38 = table(39, by_level), table(38, by_level)
    total = t38.value("Total", "2023")
    assert total == 34
    assert close(t39.value(ENS, ("2023", DIRECT_DISPENSE)),
                 100 * (t38.value("Accès direct", "2023") + t38.value("Accès avec dispense", "2023")) / total)
    assert close(t39.value(ENS, ("2023", RESERVE)), 100 * 7 / 34)


def test_t49_and_t56_small_level_ns_and_ensemble_from_decisions(builder, tmp_path):
    base(builder)
    notifs(builder, 12, "2023-03-01", dispositif="VAE", decision="TOTALE", niveau_vise="5")
    notifs(builder, 20, "2023-03-01", dispositif="VAE", decision="PARTIELLE", niveau_vise="7")
    notifs(builder, 5, "2023-03-01", dispositif="VES", decision="ACCORD_REFUS", niveau_vise="6")
    x = builder.load(tmp_path)
    t49, t48 = table(49, x), table(48, x)
    assert t49.symbol("Niveau 5 (Bac+2)", ("2023", TOTALE)) == "ns"
    assert close(t49.value(ENS, ("2023", TOTALE)), 100 * t48.value("Délivrance totale", "2023") / t48.value("Total", "2023"))
    assert close(t49.value(ENS, ("2023", PARTIELLE)), 100 * 20 / 32)
    t56 = table(56, x)
    assert t56.symbol(LEVEL_6, ("2023", "Accord couplé avec un refus (%)")) == "ns"
    assert close(t56.value(ENS, ("2023", "Accord couplé avec un refus (%)")), 100.0)
    assert close(t56.value(ENS, ("2023", "Accord (%)")), 0.0)


# -- T50 ---------------------------------------------------------------------------------------

def test_t50_types_other_and_ensemble_as_t49(builder, tmp_path):
    base(builder)
    kw = dict(dispositif="VAE", decision="TOTALE")
    notifs(builder, 2, "2023-03-01", type_diplome_vise="MBA", **kw)
    notifs(builder, 1, "2023-03-01", type_diplome_vise="ZZZ", **kw)       # unmapped: QA warning
    notifs(builder, 1, "2023-03-01", type_diplome_vise=None, decision="REFUS", dispositif="VAE")
    notifs(builder, 3, "2023-03-01", type_diplome_vise="LIC", **kw)
    x = builder.load(tmp_path)
    t50, t49 = table(50, x), table(49, x)
    assert t50.rows == ["Licence", "Autre", ENS]                          # empty types dropped
    assert t50.value("Autre", "Notifications 2023") == 4
    assert close(t50.value("Autre", ("2023", TOTALE)), 75.0)
    for col in (("2023", TOTALE), ("2023", PARTIELLE), "Notifications 2023"):
        assert close(t50.value(ENS, col), t49.value(ENS, col))
    assert x.report.count("code_non_repertorie") >= 1


def test_t50_detail_lists_diplomas_with_min_base_notifications_in_c(builder, tmp_path):
    base(builder)
    kw = dict(dispositif="VAE", type_diplome_vise="LIC")
    notifs(builder, 20, "2023-03-01", diplome_vise="Licence Informatique", decision="TOTALE", **kw)
    notifs(builder, 5, "2022-03-01", diplome_vise="Licence Informatique", decision="PARTIELLE", **kw)
    notifs(builder, 19, "2023-03-01", diplome_vise="Licence Droit", decision="TOTALE", **kw)
    x = builder.load(tmp_path)
    assert "Licence Informatique" not in [r[-1] if isinstance(r, tuple) else r for r in table(50, x).rows]
    t = table(50, x, dataclasses.replace(P, t50_detail=True))
    detail = [r for r in t.rows if r[0].startswith("Diplômes visés")]
    assert detail == [("Diplômes visés ayant au moins 20 notifications en 2023", "Licence Informatique")]
    assert close(t.value("Licence Informatique", ("2023", TOTALE)), 100.0)
    assert close(t.value("Licence Informatique", ("2022", PARTIELLE)), 100.0)
    assert t.symbol("Licence Informatique", ("2022", PARTIELLE)) == "ns"
    assert t.value(("Par type de diplôme visé", ENS), "Notifications 2023") == 39


# -- T40, T51, T57 -----------------------------------------------------------------------------

def test_t40_counts_by_epn_add_up_and_missing_epn(builder, tmp_path):
    base(builder)
    for dec, n in (("DIRECT", 2), ("DISPENSE", 1), ("RESERVE", 1), ("REFUS", 1)):
        notifs(builder, n, "2023-03-01", decision=dec, epn="EPN05")
    notifs(builder, 1, "2023-03-01", decision="REFUS", epn=None)
    notifs(builder, 4, "2022-03-01", decision="REFUS", epn="EPN01")   # another year
    x = builder.load(tmp_path)
    t = table(40, x)
    epn5 = "EPN 5 – Informatique"
    cats = ["Accès direct", "Accès avec dispense", "Accès sous réserve", "Refus"]
    assert t.value(epn5, "Notifications") == 5 == sum(t.value(epn5, c) for c in cats)
    assert close(t.value(epn5, DIRECT_DISPENSE), 60.0) and t.symbol(epn5, DIRECT_DISPENSE) == "ns"
    assert t.value("EPN non renseignée", "Notifications") == 1
    assert t.value("CLE – Communication en langues étrangères", "Notifications") == 0
    assert t.value(ENS, "Notifications") == 6 == table(38, x).value("Total", "2023")
    for c in cats:
        assert t.value(ENS, c) == table(38, x).value(c, "2023")


def test_t51_and_t57_by_epn(builder, tmp_path):
    base(builder)
    notifs(builder, 3, "2023-03-01", dispositif="VAE", decision="PARTIELLE", epn="CLE")
    notifs(builder, 1, "2023-03-01", dispositif="VAE", decision="REFUS", epn="CLE")
    for dec, n in (("ACCORD", 10), ("ACCORD_REFUS", 6), ("REFUS", 4)):
        notifs(builder, n, "2023-03-01", dispositif="VES", decision=dec, epn="EPN05", niveau_vise="6")
    x = builder.load(tmp_path)
    t51 = table(51, x)
    cle = "CLE – Communication en langues étrangères"
    assert t51.value(cle, "Notifications") == 4 == sum(t51.value(cle, c) for c in ("Délivrance totale", "Validation partielle", "Refus"))
    assert close(t51.value(ENS, PARTIELLE), 75.0)
    t57, t56 = table(57, x), table(56, x)
    assert close(t57.value(ENS, "Validation totale (%)"), 50.0)
    assert close(t57.value(ENS, "Validation totale (%)"), t56.value(ENS, ("2023", "Accord (%)")))
    assert close(t57.value(ENS, "Validation partielle (%)"), t56.value(ENS, ("2023", "Accord couplé avec un refus (%)")))
    assert t57.symbol(ENS, "Validation partielle (%)") == ""


# -- T41, T52, T58 -----------------------------------------------------------------------------

@pytest.fixture
def centres(builder, tmp_path):
    base(builder)
    a, g = cand(), cand()
    builder.validation(a, "2023-03-01", dispositif="VAPP", decision="DIRECT", centre="IDF")
    builder.validation(a, "2023-04-01", dispositif="VAPP", decision="RESERVE", centre="ARA")
    builder.validation(g, "2023-03-01", dispositif="VAPP", decision="REFUS", centre="ARA")
    builder.validation(g, "2023-04-01", dispositif="VAPP", decision="DISPENSE", centre="GES")
    builder.validation(cand(), "2023-03-01", dispositif="VAPP", decision="DIRECT", centre="ALS")    # old code of GES
    builder.validation(cand(), "2023-03-01", dispositif="VAPP", decision="DIRECT", centre="GES")
    builder.validation(cand(), "2023-03-01", dispositif="VAPP", decision="DIRECT", centre="ESGT")   # EP: merged
    builder.validation(cand(), "2023-03-01", dispositif="VAPP", decision="REFUS", centre="XXX")     # unknown code
    builder.validation(cand(), "2023-03-01", dispositif="VAPP", decision="REFUS", centre=None)
    return builder.load(tmp_path)


def test_t41_candidate_counts_in_each_centre_and_once_in_subtotal_and_ensemble(centres):
    t = table(41, centres)
    assert t.value(IDF, "Candidats") == 1 and t.value(ARA, "Candidats") == 2
    assert t.value(GES, "Candidats") == 3 and t.value(GES, "Notifications") == 3
    assert t.value(MET, "Candidats") == 4                         # A, G, and the two of Grand Est
    assert t.value(MET, "Notifications") == 5
    assert t.value(PEP, "Candidats") == 1
    assert t.value(UNKNOWN_CENTRE, "Candidats") == 2
    assert t.value(ENS, "Candidats") == 7 and t.value(ENS, "Notifications") == 9
    assert close(t.value(ARA, "Part des candidats (%)"), 100 * 2 / 7)
    rows = [r for r, k in zip(t.rows, t.row_kinds) if k == ""]
    assert sum(t.value(r, "Candidats") for r in rows) == 9 > t.value(ENS, "Candidats")
    assert close(sum(t.value(r, "Part des notifications (%)") for r in rows), 100.0)
    assert t.rows.index(UNKNOWN_CENTRE) == len(t.rows) - 2
    assert centres.report.count("code_non_repertorie") >= 1


def test_t41_ensemble_equals_t38_and_rates(centres):
    t = table(41, centres)
    assert t.value(ENS, "Notifications") == table(38, centres).value("Total", "2023")
    assert close(t.value(MET, DIRECT_DISPENSE), 100 * 3 / 5)       # ARA: RESERVE, REFUS; GES: DISPENSE, DIRECT×2
    assert close(t.value(MET, RESERVE), 20.0)


def test_t52_and_t58_use_their_scheme_categories(builder, tmp_path):
    base(builder)
    c = cand()
    builder.validation(c, "2023-03-01", dispositif="VAE", decision="TOTALE", centre="BRE")
    builder.validation(c, "2023-04-01", dispositif="VAE", decision="PARTIELLE", centre="NOR")
    builder.validation(cand(), "2023-03-01", dispositif="VES", decision="ACCORD_REFUS", centre="BRE")
    x = builder.load(tmp_path)
    t52 = table(52, x)
    assert t52.value("Cnam Bretagne", "Candidats") == 1 and t52.value("Cnam Normandie", "Candidats") == 1
    assert t52.value(ENS, "Candidats") == 1 and t52.value(ENS, "Notifications") == 2
    assert close(t52.value(ENS, TOTALE), 50.0)
    t58 = table(58, x)
    assert close(t58.value(ENS, "Accord & refus (%)"), 100.0) and t58.value(ENS, "Candidats") == 1


# -- T45 ---------------------------------------------------------------------------------------

def test_t45_delay_from_diploma_to_application(builder, tmp_path):
    base(builder)
    kw = dict(dispositif="VAE", decision="TOTALE", niveau_diplome="5")
    builder.validation(cand(), "2023-03-01", date_plus_haut_diplome="2005", date_candidature="2022-07-01", **kw)
    builder.validation(cand(), "2023-03-01", date_plus_haut_diplome="2023-03-01", date_candidature="2023-01-15", **kw)
    builder.validation(cand(), "2023-03-01", date_plus_haut_diplome="2000-01-01", date_candidature="2022-01-01",
                       dispositif="VAE", niveau_diplome="0")
    builder.validation(cand(), "2023-03-01", date_plus_haut_diplome=None, date_candidature="2022-01-01", **kw)
    builder.validation(cand(), "2023-07-01", date_plus_haut_diplome="2010-07-01", date_candidature=None, **kw)
    builder.validation(cand(), "2023-03-01", date_plus_haut_diplome="1950-01-01", date_candidature="2022-01-01", **kw)
    x = builder.load(tmp_path)
    d = diploma_delays(x, P, 2023).set_index("excluded")
    assert sorted(d.index) == ["", "", "date_manquante", "hors_bornes", "hors_bornes", "sans_diplome"]
    t = table(45, x)
    # 2005-07-01 → 2022-07-01: 17 × 365 + 4 leap days; 2010-07-01 → 2023-07-01 (decision date): 13 × 365 + 3
    assert close(t.value(ENS, "2023"), (6209 + 4748) / 2 / 365.25)
    assert close(t.value("Femmes", "2023"), t.value(ENS, "2023"))
    assert t.symbol("Hommes", "2023") == "///"
    assert t.value("Candidats pris en compte (effectif)", "2023") == 2
    assert any("date de la décision retenue" in n and "1 en 2023" in n for n in t.notes)
    assert any("sans diplôme" in n and "durée négative ou supérieure à 60 ans : 2 en 2023" in n for n in t.notes)


# -- T47 ---------------------------------------------------------------------------------------

def test_t47_unmapped_funder_is_other(builder, tmp_path):
    base(builder)
    kw = dict(dispositif="VAE", decision="TOTALE")
    notifs(builder, 2, "2023-03-01", financement="CPF", **kw)
    notifs(builder, 1, "2023-03-01", financement="XYZ", **kw)
    notifs(builder, 1, "2023-03-01", financement=None, **kw)
    x = builder.load(tmp_path)
    t = table(47, x)
    assert close(t.value("Compte personnel de formation (CPF)", "2023"), 100 * 2 / 3)
    assert close(t.value("Autre financement", "2023"), 100 / 3)
    assert close(t.value(MISSING_SHARE, "2023"), 25.0)
    assert t.value(NOTIFICATIONS_EFFECTIF, "2023") == 4
    assert x.report.count("code_non_repertorie") >= 1
    assert any("Autre financement" in n and "1 en 2023" in n for n in t.notes)


def test_t47_absent_field_is_nd(builder, tmp_path):
    base(builder)
    notifs(builder, 2, "2023-03-01", dispositif="VAE", decision="TOTALE")
    builder.drop_columns["validations"] = ["financement"]
    t = table(47, builder.load(tmp_path))
    assert {t.symbol(r, y) for r in t.rows for y in ("2018", "2023")} == {"nd"}


# -- T59 ---------------------------------------------------------------------------------------

@pytest.fixture
def reglement(builder, tmp_path):
    base(builder)
    kw = dict(dispositif="VES")
    notifs(builder, 5, "2023-03-01", decision="ACCORD", note_reglement=True, **kw)
    notifs(builder, 14, "2023-03-01", decision="ACCORD", note_reglement=False, **kw)
    notifs(builder, 1, "2023-03-01", decision="ACCORD", note_reglement=None, **kw)
    notifs(builder, 2, "2023-03-01", decision="ACCORD_REFUS", note_reglement=True, **kw)
    notifs(builder, 2, "2023-03-01", decision="ACCORD_REFUS", note_reglement=False, **kw)
    notifs(builder, 1, "2023-03-01", decision="REFUS", note_reglement=False, **kw)
    notifs(builder, 3, "2023-03-01", dispositif="VAPP", decision="DIRECT", note_reglement=True)
    return builder.load(tmp_path)


def test_t59_missing_flag_is_false_and_ensemble_from_units(reglement):
    t = table(59, reglement)
    assert t.rows[0] == (VES_BLOCK, "Accord") and len(t.rows) == 5         # VES only by default
    assert close(t.value("Accord", "2023"), 25.0)                        # 5 of 20, the missing flag as False
    assert t.symbol("Accord", "2023") == ""
    assert close(t.value("Accord couplé avec un refus", "2023"), 50.0)
    assert t.symbol("Accord couplé avec un refus", "2023") == "ns"
    assert close(t.value(ENS, "2023"), 100 * 7 / 25)                    # not the mean of the rows (25)
    assert t.value(NOTIFICATIONS_EFFECTIF, "2023") == 25 == table(55, reglement).value("Total", "2023")
    assert any("comptées comme n'en ayant pas : 1 (VES)" in n for n in t.notes)


def test_t59_dispositifs_adds_blocks(reglement):
    t = table(59, reglement, dataclasses.replace(P, t59_dispositifs=("VES", "VAPP")))
    blocks = list(dict.fromkeys(r[0] for r in t.rows))
    assert blocks == [VAPP_BLOCK, VES_BLOCK]
    assert close(t.value((VAPP_BLOCK, ENS), "2023"), 100.0)
    assert t.value((VAPP_BLOCK, NOTIFICATIONS_EFFECTIF), "2023") == 3
    assert "de VAPP et de VES" in t.champ
    assert "applicatifs de gestion de la VAPP et de la VES" in t.source


def test_scheme_categories_must_match_the_reference(builder, tmp_path):
    """A decision code made in-scope in the reference without a row in the scheme stops the
    table rather than leaving the category rows short of the total."""
    from chiffres_cles.extraction import load_extraction
    from chiffres_cles.reference import PROJECT_REFERENCE_DIR

    base(builder)
    notifs(builder, 1, "2023-03-01", dispositif="VES", decision="ACCORD")
    out = builder.write(tmp_path / "extraction")
    ref = pd.read_csv(PROJECT_REFERENCE_DIR / "decision.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame([dict(dispositif="VES", code="PARTIEL", libelle="Accord partiel", ordre="4", perimetre="oui")])
    (out / "reference").mkdir()
    pd.concat([ref, extra], ignore_index=True).to_csv(out / "reference" / "decision.csv", index=False)
    x = load_extraction(out)
    with pytest.raises(ValueError, match="PARTIEL"):
        table(55, x)


def test_t45_without_date_candidature_uses_the_decision_date(builder, tmp_path):
    base(builder)
    builder.validation(cand(), "2023-07-01", dispositif="VAE", decision="TOTALE", date_plus_haut_diplome="2010-07-01")
    builder.drop_columns["validations"] = ["date_candidature", "type_diplome_vise", "niveau_vise"]
    x = builder.load(tmp_path)
    t = table(45, x)
    assert close(t.value(ENS, "2023"), 4748 / 365.25)               # 2010-07-01 → 2023-07-01
    assert any("date de la décision retenue" in n and "1 en 2023" in n for n in t.notes)
    assert table(49, x).rows == ["Sans niveau ou non renseigné", ENS]   # optional fields absent (§5)
    assert table(50, x).rows == ["Autre", ENS]
