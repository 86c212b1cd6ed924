"""Tableau 15 (auditeurs des centres à l'étranger par nationalité), on hand-built extractions.

Edition 2023 unless stated: N = 2022-2023. Country names come from `ref.nationalites`
(CLDR through Babel when the extraction ships no ref_nationalite.csv).
"""
import pandas as pd
import pytest

from chiffres_cles.extraction import load_extraction
from chiffres_cles.params import load_params
from chiffres_cles.reference import PROJECT_REFERENCE_DIR
from chiffres_cles.tables.auditeurs import learners_by_aire, t01
from chiffres_cles.tables.internationaux import (HOST_SHARE, NOT_KNOWN, OTHERS, centre_de_rattachement,
                                                 pays_implantation, t15, top_nationalities)
from chiffres_cles.tables.registry import entry

P = load_params(2023)
N = "2022-2023"
SHARE = "Part (%)"


def _learners(builder, centre, nationalite, n=1, annee=None, **kw):
    """n learners registered at `centre`, each with one in-scope inscription there."""
    ids = []
    for _ in range(n):
        a = builder.learner(centre_admin=centre, nationalite=nationalite, annee=annee, **kw)
        builder.inscription(a, annee=annee)
        ids.append(a)
    return ids


def _load_with_antennes(builder, tmp_path, extra_rows):
    """The extraction with the project's centres.csv plus antennes (reference override)."""
    out = builder.write(tmp_path / "extraction")
    centres = pd.read_csv(PROJECT_REFERENCE_DIR / "centres.csv", dtype=str, keep_default_na=False)
    centres = pd.concat([centres, pd.DataFrame(extra_rows)], ignore_index=True).fillna("")
    (out / "reference").mkdir()
    centres.to_csv(out / "reference" / "centres.csv", index=False)
    return load_extraction(out)


ANTENNE_TRIPOLI = dict(code="LBN_TRI", libelle="Cnam Liban – antenne de Tripoli", aire="ETR", type="CCE",
                       systeme="SISSAE", pays="LB", centre_rattachement="LBN", ordre_publication="50")
ANTENNE_CHYPRE = dict(code="LBN_CYP", libelle="Cnam Liban – antenne de Nicosie", aire="ETR", type="CCE",
                      systeme="SISSAE", pays="CY", centre_rattachement="LBN", ordre_publication="50")


# -- rows ----------------------------------------------------------------------------

def test_french_learner_in_a_centre_abroad_is_in_row_france(builder, tmp_path):
    _learners(builder, "LBN", "LB", 20)
    _learners(builder, "LBN", "FR", 5)
    _learners(builder, "IDF", "FR", 7)  # not abroad: outside the table
    x = builder.load(tmp_path)
    t = t15(x, P)
    assert t.rows[:2] == ["Liban", "France"]
    assert t.value("France", "Cnam Liban") == 5
    assert t.value("France", "Total") == 5
    assert t.value("Total", "Total") == 25
    assert t.value(HOST_SHARE, "Cnam Liban") == pytest.approx(80.0)  # 20 Libanais / 25 known


def test_tie_at_rank_10_is_broken_alphabetically(builder, tmp_path):
    counts = {"LB": 12, "FR": 11, "MA": 10, "CN": 9, "CI": 8, "SN": 7, "TN": 6, "DZ": 5, "CM": 4,
              "FI": 2, "EG": 2, "DE": 1}
    for code, n in counts.items():
        _learners(builder, "LBN", code, n)
    x = builder.load(tmp_path)
    t = t15(x, P)
    names = x.ref.nationalites
    # « Égypte » and « Finlande » tie at rank 10: accents ignored, Égypte comes first
    expected = [names[c] for c in ("LB", "FR", "MA", "CN", "CI", "SN", "TN", "DZ", "CM", "EG")]
    assert t.rows[:10] == expected
    assert t.rows[10:] == [OTHERS, NOT_KNOWN, "Total", HOST_SHARE]
    assert t.value(OTHERS, "Total") == 3  # Finlande 2 + Allemagne 1


def test_ties_inside_the_top_and_fewer_than_ten_nationalities():
    labels = pd.Series(["Maroc", "Liban", "Maroc", "Liban", "Chine", None], dtype="string")
    assert top_nationalities(labels) == ["Liban", "Maroc", "Chine"]


def test_missing_and_invalid_nationalities_are_not_known(builder, tmp_path):
    _learners(builder, "MAR", "MA", 18)
    _learners(builder, "MAR", None, 1)
    _learners(builder, "MAR", "XX", 2)  # not an ISO code: warned on loading, non renseignée here
    x = builder.load(tmp_path)
    t = t15(x, P)
    assert t.value(NOT_KNOWN, "Cnam Maroc") == 3
    assert t.value("Total", "Cnam Maroc") == 21
    assert "XX" not in t.rows
    assert any(n.startswith("Note : 2 auditeur(s) dont le code de nationalité n'est pas reconnu") for n in t.notes)
    # host share over the 18 known: 18 / 18, base < 20 → ns
    assert t.bases[(HOST_SHARE, ("Cnam Maroc",))] == 18
    assert t.symbol(HOST_SHARE, "Cnam Maroc") == "ns"
    assert t.value(HOST_SHARE, "Cnam Maroc") == pytest.approx(100.0)


# -- columns and shares -----------------------------------------------------------------

def test_columns_shares_and_host_country_share(builder, tmp_path):
    _learners(builder, "LBN", "LB", 20)
    _learners(builder, "LBN", "FR", 5)
    _learners(builder, "LBN", None, 1)
    _learners(builder, "MAR", "MA", 18)
    _learners(builder, "MAR", "FR", 2)
    x = builder.load(tmp_path)
    t = t15(x, P)
    assert [c[0] for c in t.columns] == ["Cnam Liban", "Cnam Maroc", "Total", SHARE]
    assert t.rows == ["Liban", "Maroc", "France", OTHERS, NOT_KNOWN, "Total", HOST_SHARE]
    assert t.value("Total", "Total") == 46
    # Part (%) over the 45 learners of known nationality; the « non renseignée » row: 1 / 46
    assert t.value("Liban", SHARE) == pytest.approx(100 * 20 / 45)
    assert t.text("France", SHARE) == "15,6"   # 7 / 45 = 15,55…
    assert t.text("Total", SHARE) == "100,0"
    assert t.value(NOT_KNOWN, SHARE) == pytest.approx(100 / 46)
    assert t.text(OTHERS, "Total") == "–"
    categories = ["Liban", "Maroc", "France", OTHERS]
    assert sum(t.value(r, SHARE) for r in categories) == pytest.approx(100.0, abs=1e-9)  # §4 shares
    # host share: Liban 20/25, Maroc 18/20, network (20 + 18) / 45
    assert t.value(HOST_SHARE, "Cnam Liban") == pytest.approx(80.0)
    assert t.text(HOST_SHARE, "Cnam Maroc") == "90,0"
    assert t.value(HOST_SHARE, "Total") == pytest.approx(100 * 38 / 45)
    assert t.text(HOST_SHARE, SHARE) == ""
    assert t.row_kinds == ["", "", "", "", "", "total", ""]


def test_antennes_are_counted_with_their_centre_de_rattachement(builder, tmp_path):
    _learners(builder, "LBN", "LB", 10)
    _learners(builder, "LBN_TRI", "LB", 8)
    _learners(builder, "LBN_TRI", "SY", 2)
    _learners(builder, "LBN_CYP", "CY", 3)  # antenne in another country: its own country is the host
    x = _load_with_antennes(builder, tmp_path, [ANTENNE_TRIPOLI, ANTENNE_CHYPRE])
    t = t15(x, P)
    assert [c[0] for c in t.columns] == ["Cnam Liban", "Total", SHARE]
    assert t.value("Total", "Cnam Liban") == 23
    assert t.value(HOST_SHARE, "Cnam Liban") == pytest.approx(100 * 21 / 23)
    assert any("antennes (13)" in n for n in t.notes)
    ca = pd.Series(["LBN_TRI", "LBN_CYP", "MAR"], dtype="string")
    assert centre_de_rattachement(ca, x.ref).tolist() == ["LBN", "LBN", "MAR"]
    assert pays_implantation(ca, x.ref).tolist() == ["LB", "CY", "MA"]


def test_centre_without_learner_in_n_has_no_column(builder, tmp_path):
    _learners(builder, "CHN", "CN", 3, annee="2021-2022")
    _learners(builder, "MAR", "MA", 3)
    x = builder.load(tmp_path)
    t = t15(x, P)
    assert [c[0] for c in t.columns] == ["Cnam Maroc", "Total", SHARE]


# -- supplement and cross-table invariant --------------------------------------------

def test_total_equals_t1_etranger_hors_supplement(builder, tmp_path):
    _learners(builder, "LBN", "LB", 30)
    _learners(builder, "MAR", "MA", 12)
    _learners(builder, "CIV", "CI", 4)
    _learners(builder, "IDF", "FR", 9)
    outside = builder.learner(centre_admin="MAR", nationalite="MA")  # no in-scope inscription
    builder.inscription(outside, "HORS01", catalogue=False)
    builder.supplement("MDG", N, auditeurs=250, inscriptions=900)
    x = builder.load(tmp_path)
    t = t15(x, P)
    hors_sup = learners_by_aire(x, P, [N], supplement=False)[N]["Étranger"]
    assert t.value("Total", "Total") == hors_sup == 46
    assert t01(x, P).value("Étranger", N) == 46 + 250  # T1 carries the supplement, T15 never
    assert "Cnam Madagascar" not in [c[0] for c in t.columns]
    assert "Note : hors Cnam Madagascar (collecte manuelle)." in t.notes
    assert "collecte manuelle" not in t.source


@pytest.mark.parametrize("edition", [2022, 2023, 2024])
def test_year_comes_from_the_edition(builder, tmp_path, edition):
    for start, n in ((2021, 3), (2022, 5), (2023, 7)):
        _learners(builder, "MAR", "MA", n, annee=f"{start}-{start + 1}")
    x = builder.load(tmp_path)
    p = load_params(edition)
    t = t15(x, p)
    assert t.value("Total", "Total") == {2022: 3, 2023: 5, 2024: 7}[edition]
    assert t.title.endswith(f"selon leur nationalité en {p.N}")


def test_registered_in_section_05_with_notes(builder, tmp_path):
    _learners(builder, "MAR", "MA", 1)
    x = builder.load(tmp_path)
    t = entry(15).func(x, P)
    assert t.number == 15 and t.section == "05"
    assert t.champ.startswith("Champ : auditeurs inscrits administrativement dans un centre ou une antenne")
    assert t.source.startswith("Source : Cnam, entrepôt de données SIAP (extraction du 05/04/2024)")


def test_no_learner_abroad(builder, tmp_path):
    _learners(builder, "IDF", "FR", 2)
    x = builder.load(tmp_path)
    t = t15(x, P)
    assert t.rows == [OTHERS, NOT_KNOWN, "Total", HOST_SHARE]
    assert [c[0] for c in t.columns] == ["Total", SHARE]
    assert t.text("Total", "Total") == "–"
    assert t.symbol(HOST_SHARE, "Total") == "///"


# -- printed text and exports ------------------------------------------------------------

def test_host_share_has_no_share_cell_and_the_tidy_csv_leaves_it_out(builder, tmp_path):
    import csv
    import io

    from chiffres_cles.export.tidy import tidy_csv

    _learners(builder, "LBN", "LB", 20)
    _learners(builder, "MAR", "MA", 3)
    x = builder.load(tmp_path)
    t = t15(x, P)
    i, j = t.rows.index(HOST_SHARE), t.columns.index((SHARE,))
    assert t.empty(i, j) and t.text(HOST_SHARE, SHARE) == ""        # empty by design
    rows = list(csv.DictReader(io.StringIO(tidy_csv(t))))
    cells = {(r["ligne"], r["colonne"]) for r in rows}
    assert len(rows) == len(t.rows) * len(t.columns) - 1              # every other cell is exported
    assert ("Part des ressortissants du pays d’implantation (%)", SHARE) not in cells
    assert all(r["valeur"] or r["symbole"] for r in rows)             # a value or a symbol, always
    # the host share of Cnam Maroc (3 known) is exported as « ns » without its value
    host_maroc = next(r for r in rows
                      if r["ligne"].startswith("Part des ressortissants") and r["colonne"] == "Cnam Maroc")
    assert host_maroc["symbole"] == "ns" and host_maroc["valeur"] == ""


def test_labels_share_the_typographic_apostrophe(builder, tmp_path):
    _learners(builder, "CIV", "CI", 21)
    x = builder.load(tmp_path)
    t = t15(x, P)
    assert x.ref.nationalites["CI"] == "Côte d’Ivoire"                # CLDR name, typographic apostrophe
    assert str(t.rows[0]) == "Côte d’Ivoire" and str(t.columns[0][0]) == "Cnam Côte d’Ivoire"
    assert str(t.rows[-1]) == "Part des ressortissants du pays d’implantation (%)"
    assert "'" not in " ".join(map(str, [t.title, t.champ, t.source, *t.notes]))
    # labels written with a plain apostrophe still find their cells
    assert t.value("Côte d'Ivoire", "Cnam Côte d'Ivoire") == 21
    assert t.value(HOST_SHARE, "Cnam Côte d'Ivoire") == pytest.approx(100.0)
