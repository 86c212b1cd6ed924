"""Les inscriptions pédagogiques – les heures stagiaires (T23–T25): the **Test** lines of
TABLES.md §3 on hand-built extractions, with values computed by hand."""
import pytest

from chiffres_cles.params import load_params
from chiffres_cles.tables import entry

P = load_params(2023)
N, N1 = P.N, P.n_minus(1)
NNBSP = "\u202f"


def table(n, x, p=P):
    return entry(n).func(x, p)


def close(a, b):
    return a == pytest.approx(b, rel=1e-12, abs=1e-9)


# -- T23 ----------------------------------------------------------------------------------

@pytest.fixture
def hours(builder, tmp_path):
    a = builder.learner(centre_admin="GES")
    builder.inscription(a, "C1", heures_theoriques=None)         # catalogue: 50
    builder.inscription(a, "C1B", heures_theoriques=-30)         # negative -> missing -> catalogue: 50
    builder.inscription(a, "C2", heures_theoriques=40)           # its own hours, not the catalogue's 50
    builder.course("C3", heures_theoriques=None)
    builder.inscription(a, "C3", heures_theoriques=None)         # no hours anywhere: 0
    builder.course("C4", heures_theoriques=-10)
    builder.inscription(a, "C4", heures_theoriques=None)         # negative in the catalogue: 0
    builder.supplement("MDG", N, inscriptions=20, heures=1000.5)
    return builder.load(tmp_path)


def test_t23_hours_with_the_catalogue_fallback(hours):
    assert hours.report.count("heures_negatives") == 2           # one inscription, one catalogue row
    t = table(23, hours)
    assert t.value("Régions métropolitaines", N) == 50 + 50 + 40 + 0 + 0
    assert t.value("Étranger", N) == 1000.5
    assert t.value("Total", N) == 1140.5
    assert close(t.value("Étranger", f"Part {N} (%)"), 100 * 1000.5 / 1140.5)
    assert f"Note : 40,0{NNBSP}% des inscriptions sans volume horaire en {N} (ni sur l'inscription ni au " \
           "catalogue BéDéO) : elles comptent pour 0 heure." in t.notes
    assert "Heures théoriques de l'enseignement, par inscription." in t.champ
    assert "collecte manuelle (Cnam Madagascar)" in t.source


def test_t23_total_equals_t24_total_and_t25_total_hors_supplement(hours):
    t23, t24, t25 = table(23, hours), table(24, hours), table(25, hours)
    for y in P.S3:
        assert t23.value("Total", y) == t24.value("Total", y)
    assert t25.value("Total", N) == t24.value("Total", N) - 1000.5 == 140
    assert "Note : hors Cnam Madagascar (collecte manuelle)." in t25.notes


def test_t23_no_missing_hours_note_when_every_inscription_has_hours(builder, tmp_path):
    a = builder.learner(centre_admin="GES")
    builder.inscription(a, "C1")
    t = table(23, builder.load(tmp_path))
    assert not any("sans volume horaire" in n for n in t.notes)


# -- T24 ----------------------------------------------------------------------------------

def test_t24_hours_by_organising_centre_and_subtotals(builder, tmp_path):
    a = builder.learner(centre_admin="IDF")
    builder.inscription(a, "C1", modalite="FOAD", centre_peda="BRE")   # entrante at BRE: 50 h there
    builder.course("C2", heures_theoriques=40.0)
    builder.inscription(a, "C2")                                       # 40 h at IDF
    o = builder.learner(centre_admin="OCC")
    builder.inscription(o, "C1")
    prev = builder.learner(annee=N1, centre_admin="BRE")
    builder.inscription(prev, "C1", annee=N1, heures_theoriques=25)
    builder.supplement("MDG", N, inscriptions=30)                      # no hours in the supplement
    x = builder.load(tmp_path)
    t23, t24 = table(23, x), table(24, x)
    assert t24.value("Cnam Bretagne", N) == 50 and t24.value("Cnam Île-de-France", N) == 40
    assert t24.value("Sous-total Régions métropolitaines", N) == t23.value("Régions métropolitaines", N) == 100
    assert t24.value("Cnam Île-de-France", N) == t23.value("Île-de-France", N)
    assert close(t24.value("Cnam Bretagne", f"Évol. {N} / {N1} (%)"), 100.0)
    assert t24.symbol("Cnam Madagascar", N) == "nd"                    # the supplement lacks hours
    assert t24.value("Total", N) == t23.value("Total", N) == 140
    assert t23.value("Étranger", N) == 0
    assert "collecte manuelle" not in t24.source
    assert f"Note : heures hors Cnam Madagascar en {N} (collecte manuelle sans volume horaire)." in t24.notes


# -- T25 ----------------------------------------------------------------------------------

def test_t25_hours_by_epn(builder, tmp_path):
    a = builder.learner(centre_admin="GES")
    builder.inscription(a, "C1")
    b = builder.learner(centre_admin="LBN")
    builder.inscription(b, "C1")
    builder.course("C9", epn=None, heures_theoriques=30.0)
    builder.inscription(b, "C9")
    prev = builder.learner(annee=N1, centre_admin="GES")
    builder.inscription(prev, "C1", annee=N1)
    builder.supplement("MDG", N, heures=500.0)
    x = builder.load(tmp_path)
    t, t24 = table(25, x), table(24, x)
    e5 = "EPN 5 – Informatique"
    assert t.value(e5, N) == 100 and t.value("EPN non renseignée", N) == 30
    assert t.value("Total", N) == 130 == t24.value("Total", N) - 500
    assert close(t.value(e5, f"Évol. {N} / {N1} (%)"), 100.0) and t.symbol(e5, f"Évol. {N} / {N1} (%)") == ""
    assert t.value("EPN 1 – Économie finance assurance banque", N) == 0
    assert t.rows[-2:] == ["EPN non renseignée", "Total"]
    assert "collecte manuelle" not in t.source
