"""Les inscriptions pédagogiques – leur nombre et leurs modalités (T16–T22): the **Test** lines
of TABLES.md §3 on hand-built extractions, with values computed by hand."""
import pytest

from chiffres_cles.params import load_params
from chiffres_cles.tables import entry

P = load_params(2023)
N, N1, N2 = P.N, P.n_minus(1), P.n_minus(2)
EVOL = f"Évol. {N} / {N1} (%)"
PART = f"Part {N} (%)"
PEP = "Cnam Paris – Établissement public"


def table(n, x, p=P):
    return entry(n).func(x, p)


def close(a, b):
    return a == pytest.approx(b, rel=1e-12, abs=1e-9)


def courses(b, learner, n, prefix="C", annee=None, **kw):
    """n inscriptions of one learner to n distinct codes."""
    for i in range(n):
        b.inscription(learner, f"{prefix}{i:03d}", annee=annee, **kw)


# -- T16 ----------------------------------------------------------------------------------

def test_t16_inscriptions_by_aire_of_the_organising_centre(builder, tmp_path):
    a = builder.learner(centre_admin="LBN")
    builder.inscription(a, "FOD001", modalite="FOAD", centre_peda="PARIS")   # abroad learner, Paris teaching
    b = builder.learner(centre_admin="BRE")
    builder.inscription(b, "NFA001", same_centre=False)                      # no centre_peda -> his CA
    c = builder.learner(centre_admin="ESGT")
    builder.inscription(c, "NFA001")                                         # EP code -> Paris row
    d = builder.learner(centre_admin="IDF")
    builder.inscription(d, "NFA002", centre_peda="ALS")                      # old code of Grand Est
    builder.supplement("MDG", N, inscriptions=40)
    t = table(16, builder.load(tmp_path))
    assert t.value("Paris – Établissement public", N) == 2
    assert t.value("Île-de-France", N) == 0 and t.symbol("Île-de-France", N) == "–"
    assert t.value("Régions métropolitaines", N) == 2
    assert t.value("Étranger", N) == 40
    assert t.value("Sous-total France", N) == 4
    assert t.value("Total", N) == 44
    assert close(t.value("Étranger", PART), 100 * 40 / 44)
    assert t.symbol("Total", EVOL) == "///"                                  # nothing in N-1
    assert "collecte manuelle (Cnam Madagascar)" in t.source


def test_t16_identically_repeated_rows_count_once(builder, tmp_path):
    a = builder.learner(centre_admin="GES")
    builder.inscription(a, "NFA001", inscription_id="IN1")
    builder.inscription(a, "NFA001", inscription_id="IN1")                   # the same row again
    builder.inscription(a, "NFA002")
    x = builder.load(tmp_path)
    assert x.report.count("ligne_repetee", "inscriptions") == 1
    assert table(16, x).value("Total", N) == 2


def test_t16_total_equals_t18_total_for_each_year_of_s3(builder, tmp_path):
    for y, n in ((N2, 3), (N1, 2), (N, 1)):
        a = builder.learner(annee=y, centre_admin="OCC")
        courses(builder, a, n, annee=y)
    builder.supplement("MDG", N1, inscriptions=10)
    x = builder.load(tmp_path)
    t16, t18 = table(16, x), table(18, x)
    assert [t16.value("Total", y) for y in (N2, N1, N)] == [3, 12, 1]
    for y in P.S3:
        assert t16.value("Total", y) == t18.value("Total", y)
    assert t16.value("Total", P.n_minus(4)) == 0
    assert close(t16.value("Total", EVOL), 100 * (1 - 12) / 12)
    assert t16.symbol("Total", EVOL) == "ns"                                 # base 12 < 20


# -- T17 ----------------------------------------------------------------------------------

def test_t17_inscriptions_by_activity_type(builder, tmp_path):
    builder.learner("A1", centre_admin="GES", alternance=True, type_contrat="APP")
    builder.inscription("A1", "NFA001", type_activite="ALT")
    builder.inscription("A1", "NFA002", type_activite="HTT")                 # two types: two rows
    builder.learner("B1", centre_admin="IDF", alternance=True, type_contrat=None)
    builder.inscription("B1", "NFA001", type_activite="ALT")                 # no contract type
    builder.inscription("B1", "NFA003", type_activite=None)                  # missing type
    builder.inscription("B1", "NFA004", type_activite="AUTRE")
    builder.inscription("GHOST", "NFA001", type_activite="ALT", centre_peda="PARIS")  # no learner row
    builder.supplement("MDG", N, inscriptions=100)
    x = builder.load(tmp_path)
    t = table(17, x)
    alt, htt, other = "Alternance", "Formation continue hors temps de travail (HTT)", "Autre ou non renseigné"
    assert t.value(alt, "Régions métropolitaines") == 1
    assert t.value(alt, "Île-de-France") == 1
    assert t.value(alt, "Paris – Établissement public") == 1
    assert t.value(alt, "Total") == 3
    assert t.value("dont contrat d'apprentissage", "Total") == 1
    assert t.value("dont contrat de professionnalisation", "Total") == 0
    assert t.value(htt, "Régions métropolitaines") == 1
    assert t.value(other, "Île-de-France") == 2 and t.value(other, "Total") == 2
    assert t.value("Total", "Total") == 6
    assert close(t.value(alt, "Part (%)"), 50.0) and t.symbol(alt, "Part (%)") == "ns"
    assert t.value("Total", "Total") == table(16, x).value("Total", N) - 100   # T16 N hors supplément
    assert any(n.startswith("Note : 2 inscription(s) en alternance") for n in t.notes)
    assert "Note : hors Cnam Madagascar (collecte manuelle)." in t.notes
    assert "collecte manuelle" not in t.source


# -- T18 ----------------------------------------------------------------------------------

def test_t18_historical_code_is_mapped_to_its_successor(builder, tmp_path):
    a = builder.learner(centre_admin="GES")
    builder.inscription(a, "NFA001")
    builder.inscription(a, "NFA002", centre_peda="LOR")
    t = table(18, builder.load(tmp_path))
    assert t.value("Cnam Grand Est", N) == 2
    assert t.rows == ["Cnam Grand Est", "Total"]


def test_t18_subtotals_equal_t16_aires(builder, tmp_path):
    for centre, n in (("BRE", 2), ("OCC", 1), ("IDF", 1), ("GLP", 1), ("ESGT", 1), ("PARIS", 2)):
        a = builder.learner(centre_admin=centre)
        courses(builder, a, n)
    x = builder.load(tmp_path)
    t16, t18 = table(16, x), table(18, x)
    assert t18.value("Sous-total Régions métropolitaines", N) == t16.value("Régions métropolitaines", N) == 3
    assert t18.value("Cnam Île-de-France", N) == t16.value("Île-de-France", N) == 1
    assert t18.value("Cnam Guadeloupe", N) == t16.value("Outre-mer", N) == 1
    assert t18.value(PEP, N) == t16.value("Paris – Établissement public", N) == 3
    assert "Sous-total Outre-mer" not in t18.rows                            # an aire shown as one row
    assert close(t18.value("Cnam Bretagne", PART), 100 * 2 / 8)


def test_t18_open_centre_without_inscriptions_and_closed_centre(builder, tmp_path):
    p22 = load_params(2022)                                                  # S3 = 2019-2020 … 2021-2022
    a = builder.learner(annee="2020-2021", centre_admin="BRE")
    builder.inscription(a, "NFA001", annee="2020-2021")
    c = builder.learner(annee="2021-2022", centre_admin="CIV")               # opened at the rentrée 2020
    builder.inscription(c, "NFA001", annee="2021-2022")
    t = table(18, builder.load(tmp_path), p22)
    assert t.value("Cnam Bretagne", "2021-2022") == 0 and t.symbol("Cnam Bretagne", "2021-2022") == "–"
    assert t.symbol("Cnam Côte d'Ivoire", "2019-2020") == "///"
    assert t.symbol("Cnam Côte d'Ivoire", "2020-2021") == "–"
    assert t.symbol("Cnam Côte d'Ivoire", "Évol. 2021-2022 / 2020-2021 (%)") == "///"   # from a zero base
    assert close(t.value("Cnam Bretagne", "Évol. 2021-2022 / 2020-2021 (%)"), -100.0)


# -- T19 ----------------------------------------------------------------------------------

def test_t19_deployment_of_each_epn(builder, tmp_path):
    paris = builder.learner(centre_admin="PARIS")
    builder.inscription(paris, "U1")                                         # opened only at Paris
    for centre in ("BRE", "OCC"):                                            # one code, two regional centres
        a = builder.learner(centre_admin=centre)
        builder.inscription(a, "U2")
    abroad = builder.learner(centre_admin="LBN")
    builder.inscription(abroad, "U3")
    builder.course("U4", epn=None)
    idf = builder.learner(centre_admin="IDF")
    builder.inscription(idf, "U4")
    old = builder.learner(annee=N1, centre_admin="BRE")
    builder.inscription(old, "U2", annee=N1)
    builder.inscription(old, "U5", annee=N1)
    builder.supplement("MDG", N, inscriptions=300)
    t = table(19, builder.load(tmp_path))
    e5 = "EPN 5 – Informatique"
    col = lambda m: (N, m)  # noqa: E731
    assert t.value(e5, col("Inscriptions")) == 4
    assert close(t.value(e5, col("dont Paris – Établissement public (%)")), 25.0)
    assert close(t.value(e5, col("dont centres en région (%)")), 50.0)
    assert close(t.value(e5, col("dont centres à l'étranger (%)")), 25.0)
    assert t.symbol(e5, col("dont centres en région (%)")) == "ns"          # base 4 < 20
    assert t.value(e5, col("Enseignements actifs")) == 3
    assert t.value(e5, col("Enseignements ouverts en région")) == 1          # U2 once; U1 Paris only
    assert close(t.value(e5, col("Taux de déploiement en région (%)")), 100 / 3)
    assert t.value("EPN non renseignée", col("Inscriptions")) == 1
    assert t.value("EPN non renseignée", col("Enseignements ouverts en région")) == 1
    assert t.value("Total", col("Inscriptions")) == 5                        # never the supplement
    assert t.value("Total", col("Enseignements actifs")) == 4
    assert close(t.value("Total", col("Taux de déploiement en région (%)")), 50.0)
    assert t.value("Total", (N1, "Enseignements actifs")) == 2
    assert close(t.value(e5, (EVOL, "Inscriptions")), 100.0)
    assert t.value("EPN 1 – Économie finance assurance banque", col("Inscriptions")) == 0
    assert t.symbol("EPN 1 – Économie finance assurance banque", col("dont centres en région (%)")) == "///"
    for row in (e5, "EPN non renseignée", "Total"):
        shares = [t.value(row, col(m)) for m in ("dont Paris – Établissement public (%)",
                                                  "dont centres en région (%)", "dont centres à l'étranger (%)")]
        assert close(sum(shares), 100.0)
    assert "Note : hors Cnam Madagascar (collecte manuelle)." in t.notes


# -- T20 ----------------------------------------------------------------------------------

@pytest.fixture
def modalities(builder, tmp_path):
    a = builder.learner(annee=N1, centre_admin="IDF")
    courses(builder, a, 20, prefix="P", annee=N1, modalite="PRES")
    courses(builder, a, 5, prefix="F", annee=N1, modalite="FOAD")
    b = builder.learner(centre_admin="IDF")
    courses(builder, b, 30, prefix="P", modalite="PRES")
    courses(builder, b, 10, prefix="F", modalite="FOAD")
    courses(builder, b, 10, prefix="H", modalite="HYB")
    builder.inscription(b, "X001", modalite=None)
    c = builder.learner(centre_admin="BRE")
    courses(builder, c, 2, prefix="F", modalite="FOAD")
    builder.supplement("MDG", N, inscriptions=100)                           # not split by modality
    return builder.load(tmp_path)


def test_t20_modality_blocks(modalities):
    t = table(20, modalities)
    idf = "Île-de-France"
    assert [t.value((idf, m), N) for m in ("PRES", "FOAD", "HYB", "Modalité non renseignée", "Ensemble")] == \
        [30, 10, 10, 1, 51]
    assert close(t.value((idf, "PRES"), PART), 60.0) and close(t.value((idf, "HYB"), PART), 20.0)
    assert close(t.value((idf, "Ensemble"), PART), 100.0)
    assert t.symbol((idf, "Modalité non renseignée"), PART) == ""            # a count, no share
    assert t.value((idf, "HYB"), N1) == 0 and t.symbol((idf, "HYB"), N1) == "–"
    assert t.symbol((idf, "HYB"), EVOL) == "///"
    assert close(t.value((idf, "Ensemble"), EVOL), 100 * (51 - 25) / 25)
    assert ("Régions métropolitaines", "Modalité non renseignée") not in t.rows
    assert t.value(("Étranger", "Ensemble"), N) == 100 and t.value(("Étranger", "PRES"), N) == 0
    assert t.symbol(("Étranger", "PRES"), PART) == "///"                    # no known modality
    assert [t.value(("Total", m), N) for m in ("PRES", "FOAD", "HYB", "Ensemble")] == [30, 12, 10, 153]
    assert close(t.value(("Total", "FOAD"), PART), 100 * 12 / 52)
    assert any("non ventilées par modalité" in n for n in t.notes)


def test_t20_block_ensemble_equals_t16_and_shares_sum_to_100(modalities):
    t20, t16 = table(20, modalities), table(16, modalities)
    for aire in ("Paris – Établissement public", "Île-de-France", "Régions métropolitaines", "Outre-mer",
                 "Étranger", "Total"):
        for y in P.S5:
            assert t20.value((aire, "Ensemble"), y) == t16.value(aire, y)
    for block in ("Île-de-France", "Régions métropolitaines", "Total"):
        assert close(sum(t20.value((block, m), PART) for m in ("PRES", "FOAD", "HYB")), 100.0)


# -- T21 ----------------------------------------------------------------------------------

def test_t21_modalities_by_centre(builder, tmp_path):
    g = builder.learner(centre_admin="GES")
    courses(builder, g, 15, prefix="P", modalite="PRES")
    courses(builder, g, 10, prefix="F", modalite="FOAD")
    b = builder.learner(centre_admin="BRE")
    courses(builder, b, 5, prefix="P", modalite="PRES")
    courses(builder, b, 5, prefix="H", modalite="HYB")
    builder.inscription(b, "X001", modalite=None)
    builder.supplement("MDG", N, inscriptions=200)
    x = builder.load(tmp_path)
    t, t18 = table(21, x), table(18, x)
    assert [t.value("Cnam Grand Est", m) for m in ("PRES", "FOAD", "HYB", "Total")] == [15, 10, 0, 25]
    assert close(t.value("Cnam Grand Est", "PRES (%)"), 60.0) and t.symbol("Cnam Grand Est", "PRES (%)") == ""
    assert t.value("Cnam Bretagne", "Modalité non renseignée") == 1 and t.value("Cnam Bretagne", "Total") == 11
    assert close(t.value("Cnam Bretagne", "HYB (%)"), 50.0)
    assert t.symbol("Cnam Bretagne", "HYB (%)") == "ns"                      # 10 of known modality
    assert t.symbol("Cnam Madagascar", "PRES") == "nd" and t.symbol("Cnam Madagascar", "FOAD (%)") == "nd"
    assert t.value("Cnam Madagascar", "Total") == 200
    assert [t.value("Total", m) for m in ("PRES", "FOAD", "HYB", "Modalité non renseignée", "Total")] == \
        [20, 10, 5, 1, 236]
    assert close(t.value("Total", "FOAD (%)"), 100 * 10 / 35)
    for row in t18.rows:
        assert t.value(row, "Total") == t18.value(row, N)
    for row in ("Cnam Grand Est", "Cnam Bretagne", "Sous-total Régions métropolitaines", "Total"):
        assert close(sum(t.value(row, f"{m} (%)") for m in ("PRES", "FOAD", "HYB")), 100.0)
    assert "collecte manuelle (Cnam Madagascar)" in t.source


def test_t21_supplement_split_by_modality(builder, tmp_path):
    g = builder.learner(centre_admin="GES")
    courses(builder, g, 3, modalite="PRES")
    builder.supplement("MDG", N, modalite="PRES", inscriptions=70)
    builder.supplement("MDG", N, modalite="FOAD", inscriptions=30)
    x = builder.load(tmp_path)
    t = table(21, x)
    assert [t.value("Cnam Madagascar", m) for m in ("PRES", "FOAD", "HYB", "Total")] == [70, 30, 0, 100]
    assert close(t.value("Cnam Madagascar", "PRES (%)"), 70.0)
    assert t.value("Total", "PRES") == 73 and t.value("Total", "Total") == 103
    t20 = table(20, x)
    assert t20.value(("Étranger", "FOAD"), N) == 30 and t20.value(("Total", "Ensemble"), N) == 103


# -- T22 ----------------------------------------------------------------------------------

@pytest.fixture
def flows(builder, tmp_path):
    a = builder.learner(centre_admin="GES")                                  # the seed's example: A = GES, B = BRE
    courses(builder, a, 3, prefix="F", modalite="FOAD")
    courses(builder, a, 2, prefix="G", modalite="FOAD", centre_peda="BRE")
    h = builder.learner(centre_admin="IDF")
    builder.inscription(h, "H001", modalite="HYB", centre_peda="PARIS")      # cross-centre hybrid
    builder.inscription(h, "P001", modalite="PRES", centre_peda="PARIS")     # PRES: no flow
    e = builder.learner(centre_admin="ESGT")
    builder.inscription(e, "F001", modalite="FOAD", centre_peda="PARIS")     # Paris codes are one centre
    builder.inscription("GHOST", "F009", modalite="FOAD", centre_peda="BRE")  # no learner row: unknown CA
    builder.supplement("MDG", N, inscriptions=50)
    return builder.load(tmp_path)


def test_t22_seed_example(flows):
    t = table(22, flows)
    f = lambda m, c: (m, c)  # noqa: E731
    assert t.value("Cnam Grand Est", f("FOAD", "Régionales")) == 3
    assert t.value("Cnam Grand Est", f("FOAD", "Sortantes")) == 2
    assert t.value("Cnam Grand Est", f("FOAD", "Entrantes")) == 0
    assert t.value("Cnam Grand Est", f("FOAD", "Organisées par le centre (régionales + entrantes)")) == 3
    assert t.value("Cnam Grand Est", f("FOAD", "Solde (entrantes − sortantes)")) == -2
    assert t.value("Cnam Bretagne", f("FOAD", "Entrantes")) == 2
    assert t.value("Cnam Bretagne", f("FOAD", "Régionales")) == 0
    assert t.value("Cnam Bretagne", f("FOAD", "Solde (entrantes − sortantes)")) == 2
    assert t.value(PEP, f("FOAD", "Régionales")) == 1                        # Cnam-ESGT learner at Cnam Paris
    assert t.value(PEP, f("FOAD", "Entrantes")) == 0
    assert t.value(PEP, f("HYB", "Entrantes")) == 1
    assert t.value("Cnam Île-de-France", f("HYB", "Sortantes")) == 1
    assert "Sous-total Régions métropolitaines" not in t.rows and "Cnam Madagascar" not in t.rows


def test_t22_network_identity_and_t21_organised(flows):
    t, t21 = table(22, flows), table(21, flows)
    for m in ("FOAD", "HYB"):
        assert t.value("Total", (m, "Entrantes")) == t.value("Total", (m, "Sortantes"))
        assert t.value("Total", (m, "Solde (entrantes − sortantes)")) == 0
    assert t.value("Total", ("FOAD", "Entrantes")) == 2 and t.value("Total", ("FOAD", "Régionales")) == 4
    assert t.value("Total", ("HYB", "Entrantes")) == 1
    organised = ("FOAD", "Organisées par le centre (régionales + entrantes)")
    assert t21.value("Cnam Bretagne", "FOAD") == 3                           # the GHOST's inscription included
    assert t.value("Cnam Bretagne", organised) == t21.value("Cnam Bretagne", "FOAD") - 1
    assert t.value("Cnam Grand Est", organised) == t21.value("Cnam Grand Est", "FOAD")
    assert t.value(PEP, ("HYB", "Organisées par le centre (régionales + entrantes)")) == t21.value(PEP, "HYB")
    assert any(n.startswith("Note : 1 inscription(s) d'auditeurs sans inscription administrative") for n in t.notes)
    assert "Note : hors Cnam Madagascar (collecte manuelle)." in t.notes


def test_t22_flows_do_not_make_hybrid_entrants(flows):
    t3, t22 = table(3, flows), table(22, flows)
    ent = (N, "Inscrits entrants (FOAD)")
    assert t3.value(PEP, ent) == 0 and t22.value(PEP, ("HYB", "Entrantes")) == 1
    assert t3.value("Cnam Bretagne", ent) == 1 <= t22.value("Cnam Bretagne", ("FOAD", "Entrantes"))
