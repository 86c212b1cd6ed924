"""The counting rules, on small hand-built extractions (seed §IV, TABLES.md §2)."""
import dataclasses

import pandas as pd
import pytest

from chiffres_cles.params import load_params
from chiffres_cles.perimeter import exam_status, promotion, scope

P = load_params(2023)
N = P.N


def test_seed_worked_example_regionales_entrantes_sortantes(builder, tmp_path):
    """A learner of centre A with 3 FOAD units in A and 2 in B: one administrative learner
    in A, 3 régionales in A, 2 entrantes in B and sortantes of A, an inscrit entrant of B."""
    a = builder.learner(centre_admin="GES")
    for code in ("FOD001", "FOD002", "FOD003"):
        builder.inscription(a, code, modalite="FOAD")
    for code in ("FOD004", "FOD005"):
        builder.inscription(a, code, modalite="FOAD", centre_peda="BRE")
    s = scope(builder.load(tmp_path), P)
    aud = s.aud(N)
    assert aud["ca"].tolist() == ["GES"]
    flows = s.flows(N, "FOAD")
    assert flows.loc["GES"].to_dict() == {"regionales": 3, "entrantes": 0, "sortantes": 2}
    assert flows.loc["BRE"].to_dict() == {"regionales": 0, "entrantes": 2, "sortantes": 0}
    assert s.entrants(N).to_dict() == {"BRE": 1}
    assert s.ins(N).groupby("centre").size().to_dict() == {"BRE": 2, "GES": 3}


def test_only_foad_makes_an_inscrit_entrant_by_default(builder, tmp_path):
    a = builder.learner(centre_admin="GES")
    builder.inscription(a, "HYB001", modalite="HYB", centre_peda="BRE")
    builder.inscription(a, "PRE001", modalite="PRES", centre_peda="OCC")
    x = builder.load(tmp_path)
    assert scope(x, P).entrants(N).empty
    with_hyb = dataclasses.replace(P, entrant_modalites=("FOAD", "HYB"))
    assert scope(x, with_hyb).entrants(N).to_dict() == {"BRE": 1}


def test_paris_codes_are_one_centre(builder, tmp_path):
    a = builder.learner(centre_admin="ESGT")
    builder.inscription(a, "FOD001", modalite="FOAD", centre_peda="PARIS")
    s = scope(builder.load(tmp_path), P)
    assert s.entrants(N).empty
    assert s.flows(N, "FOAD").loc["PEP"].to_dict() == {"regionales": 1, "entrantes": 0, "sortantes": 0}


def test_historical_centre_code_is_mapped(builder, tmp_path):
    a = builder.learner(centre_admin="ALS")
    builder.inscription(a, "NFA001", centre_peda="LOR")
    s = scope(builder.load(tmp_path), P)
    assert s.aud(N)["ca"].tolist() == ["GES"] and s.ins(N)["centre"].tolist() == ["GES"]


def test_scope_national_offer_only(builder, tmp_path):
    inside = builder.learner()
    builder.inscription(inside, "NFA001")
    builder.inscription(inside, "LOC001")
    builder.course("LOC001", offre_nationale=False)
    only_local = builder.learner()
    builder.inscription(only_local, "LOC001")
    other_type = builder.learner()
    builder.inscription(other_type, "STG001")
    builder.course("STG001", type="STAGE")
    not_in_catalogue = builder.learner()
    builder.inscription(not_in_catalogue, "ZZZ999", catalogue=False)
    builder.learner()  # registered administratively, no inscription
    s = scope(builder.load(tmp_path), P)
    assert s.aud(N)["auditeur_id"].tolist() == [inside]
    assert s.ins(N)["code_enseignement"].tolist() == ["NFA001"]


def test_inscription_without_learner_row_stays_in_inscription_tables(builder, tmp_path):
    builder.inscription("AU_GHOST", "NFA001", centre_peda="BRE")
    builder.inscription("AU_NOWHERE", "NFA002", centre_peda=None, same_centre=False)
    a = builder.learner(centre_admin="GES")
    builder.inscription(a, "NFA003", centre_peda=None, same_centre=False)
    s = scope(builder.load(tmp_path), P)
    ins = s.ins(N).set_index("code_enseignement")
    assert len(s.aud(N)) == 1
    assert ins.loc["NFA001", "centre"] == "BRE" and not ins.loc["NFA001", "has_learner"]
    assert "NFA002" not in ins.index                      # cannot be placed: out of scope
    assert ins.loc["NFA003", "centre"] == "GES"             # missing centre → the learner's CA


def test_two_learner_rows_one_year_retained_centre(builder, tmp_path):
    """The centre organising most of his non-FOAD inscriptions wins."""
    a = builder.learner("AU1", centre_admin="BRE", date_inscription_admin="2022-09-01")
    builder.learner("AU1", centre_admin="OCC", date_inscription_admin="2022-10-01")
    builder.inscription(a, "NFA001", centre_peda="OCC")
    builder.inscription(a, "NFA002", centre_peda="OCC")
    builder.inscription(a, "NFA003", centre_peda="BRE")
    builder.inscription(a, "FOD001", centre_peda="BRE", modalite="FOAD")
    builder.inscription(a, "FOD002", centre_peda="BRE", modalite="FOAD")
    aud = scope(builder.load(tmp_path), P).aud(N)
    assert aud["ca"].tolist() == ["OCC"]


def test_two_learner_rows_tie_earliest_admin_date_then_code(builder, tmp_path):
    builder.learner("AU1", centre_admin="OCC", date_inscription_admin="2022-09-01")
    builder.learner("AU1", centre_admin="BRE", date_inscription_admin="2022-10-01")
    builder.inscription("AU1", "FOD001", centre_peda="GES", modalite="FOAD")
    builder.learner("AU2", centre_admin="OCC")
    builder.learner("AU2", centre_admin="BRE")
    builder.inscription("AU2", "FOD001", centre_peda="GES", modalite="FOAD")
    aud = scope(builder.load(tmp_path), P).aud(N).set_index("auditeur_id")
    assert aud.loc["AU1", "ca"] == "OCC" and aud.loc["AU2", "ca"] == "BRE"


def test_first_inscription_attributes_and_time_invariants(builder, tmp_path):
    builder.learner("AU1", annee="2020-2021", annee_premiere_inscription="2020-2021", niveau_diplome_entree="4",
                    sexe="H", nationalite=None)
    builder.learner("AU1", annee="2022-2023", annee_premiere_inscription="2020-2021", niveau_diplome_entree="6",
                    sexe=None, nationalite="MA")
    builder.inscription("AU1", "NFA001")
    # first-inscription year absent from the extract: earliest row
    builder.learner("AU2", annee="2021-2022", annee_premiere_inscription="2015-2016", niveau_diplome_entree="7")
    builder.learner("AU2", annee="2022-2023", annee_premiere_inscription="2015-2016", niveau_diplome_entree="5")
    builder.inscription("AU2", "NFA001")
    # first-inscription row present but empty: non renseigné, no look-up elsewhere
    builder.learner("AU3", annee="2021-2022", annee_premiere_inscription="2021-2022", niveau_diplome_entree=None)
    builder.learner("AU3", annee="2022-2023", annee_premiere_inscription="2021-2022", niveau_diplome_entree="5")
    builder.inscription("AU3", "NFA001")
    aud = scope(builder.load(tmp_path), P).aud(N).set_index("auditeur_id")
    assert aud.loc["AU1", "niveau_entree"] == "4"
    assert aud.loc["AU1", "sexe"] == "H"          # missing this year: most recent known value
    assert aud.loc["AU2", "niveau_entree"] == "7"
    assert pd.isna(aud.loc["AU3", "niveau_entree"])


def test_age_on_31_december_and_valid_range(builder, tmp_path):
    for aid, birth in (("AU1", "2002-12-31"), ("AU2", "2003-01-01"), ("AU3", "2010-05-05")):
        builder.learner(aid, date_naissance=birth)
        builder.inscription(aid, "NFA001")
    aud = scope(builder.load(tmp_path), P).aud(N).set_index("auditeur_id")
    assert aud.loc["AU1", "age"] == 20 and aud.loc["AU2", "age"] == 19
    assert pd.isna(aud.loc["AU3", "age"])  # 12 years: outside 15–90


def test_alternance_flag_wins_and_fallback(builder, tmp_path):
    builder.learner("AU1", alternance=True)
    builder.inscription("AU1", "NFA001", type_activite="HTT")
    builder.learner("AU2", alternance=False)
    builder.inscription("AU2", "NFA001", type_activite="ALT")
    builder.learner("AU3", alternance=None)
    builder.inscription("AU3", "NFA001", type_activite="ALT")
    builder.learner("AU4", alternance=True)  # no in-scope inscription: not counted at all
    builder.inscription("AU4", "LOC001")
    builder.course("LOC001", offre_nationale=False)
    aud = scope(builder.load(tmp_path), P).aud(N).set_index("auditeur_id")
    assert aud["alternant"].to_dict() == {"AU1": True, "AU2": False, "AU3": True}


def test_exam_statuses():
    present = pd.Series([True, True, None, False, False, True, None, False], dtype="boolean")
    note = pd.Series([10, 9.99, 12, None, 0, None, None, 8])
    assert exam_status(present, note).tolist() == [
        "recu", "ajourne", "recu", "absent", "absent", "non_saisi", "non_saisi", "ajourne"]
    planned = pd.Series([False, True, True, True, True, True, True, True], dtype="boolean")
    assert exam_status(present, note, planned).iloc[0] == "hors_evaluation"


@pytest.mark.parametrize("groupe,date,expected", [
    ("R", "2020-12-15", "2019-2020"),   # Covid extension
    ("R", "2021-01-10", "2020-2021"),   # next window starts 1 January 2021
    ("R", "2021-12-15", "2021-2022"),
    ("R", "2022-12-01", "2022-2023"),
    ("R", "2022-11-30", "2021-2022"),
    ("C", "2022-12-15", "2021-2022"),
    ("C", "2020-12-31", "2019-2020"),
    ("C", "2021-01-01", "2020-2021"),
])
def test_promotions(groupe, date, expected):
    got = promotion(pd.Series([groupe]), pd.Series([pd.Timestamp(date)]), P)
    assert got.tolist() == [expected]


def test_every_date_in_one_promotion():
    days = pd.Series(pd.date_range("2016-12-01", "2024-11-30"))
    for g in ("R", "C"):
        promo = promotion(pd.Series([g] * len(days)), days, P)
        assert promo.notna().all()
        # windows are contiguous: promotions never go backwards in time
        starts = promo.str[:4].astype(int)
        assert starts.is_monotonic_increasing
