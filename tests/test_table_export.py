"""The table value and its backends: accessible HTML, tidy CSV, JSON round trip."""
import csv
import io
import json
import math

from chiffres_cles.export.html import table_html
from chiffres_cles.export.tidy import tidy_csv
from chiffres_cles.formatting import apostrophes
from chiffres_cles.table import EMPTY, Table, TableBuilder


def sample() -> Table:
    tb = TableBuilder(["Paris", "Bretagne", "Total"], ["", "", "total"])
    tb.add(("2022-2023", "Effectif"), [1234, 0, 1234], "count")
    tb.add(("2022-2023", "Part (%)"), [100.0, 12.5, 100.0], "pct", symbols=["", "ns", ""])
    tb.add(("Évol. (%)",), [4.25, math.nan, 4.25], "evol", symbols=["", "///", ""])
    return tb.build(1, "Titre", "Champ : c.", "Source : s.", ["Note : n."], section="01")


def test_html_is_accessible_and_french():
    html = table_html(sample())
    assert "<caption>Tableau 1 : Titre</caption>" in html
    assert '<th scope="colgroup" colspan="2">2022-2023</th>' in html
    assert '<th scope="col" rowspan="2">Évol. (%)</th>' in html
    assert '<th scope="row">Bretagne</th>' in html
    assert "1\u202f234" in html and "+4,3" in html and ">ns<" in html and ">–<" in html
    assert 'class="cc-total"' in html


def test_tidy_csv_hides_values_behind_symbols():
    rows = list(csv.DictReader(io.StringIO(tidy_csv(sample()))))
    assert list(rows[0]) == ["tableau", "ligne", "colonne", "valeur", "symbole"]
    cell = {(r["ligne"], r["colonne"]): r for r in rows}
    assert cell[("Paris", "2022-2023 | Effectif")]["valeur"] == "1234"
    assert cell[("Bretagne", "2022-2023 | Effectif")]["symbole"] == "–"
    assert cell[("Bretagne", "2022-2023 | Effectif")]["valeur"] == "0"
    assert cell[("Bretagne", "2022-2023 | Part (%)")] == {
        "tableau": "T01", "ligne": "Bretagne", "colonne": "2022-2023 | Part (%)", "valeur": "", "symbole": "ns"}
    assert cell[("Paris", "Évol. (%)")]["valeur"] == "4.25"


def test_notes_carry_symbols_legend_and_rounding():
    notes = sample().all_notes()
    assert notes[:3] == ["Champ : c.", "Source : s.", "Note : n."]
    assert any("« ns » non significatif" in n for n in notes)
    assert any("arrondis" in n for n in notes)


def test_json_round_trip():
    t = sample()
    back = Table.from_json(t.to_json())
    assert back.display() == t.display() and back.columns == t.columns and back.rows == t.rows
    assert back.all_notes() == t.all_notes()


# -- printed text: typographic apostrophes, lookups with plain ones ------------------------

def with_apostrophes() -> Table:
    tb = TableBuilder(["Demandeur d'emploi", "Côte d’Ivoire", ("Bloc d'aire", "Total")], ["", "", "total"])
    tb.add(("2022-2023", "Part de l'aire (%)"), [12.5, 30.0, 100.0], "pct", bases=[40, 40, 40])
    tb.add("Moyenne d'âge", [31.2, 35.0, 33.0], "mean")
    return tb.build(2, "Répartition selon le type d'activité", "Champ : auditeurs de l'année.",
                    "Source : Cnam, SIAP ; traitements de l'Observatoire.", ["Note : l'âge au 31 décembre."])


def test_printed_text_gets_typographic_apostrophes_once():
    t = with_apostrophes()
    labels = [x for r in t.rows for x in (r if isinstance(r, tuple) else (r,))] + [x for c in t.columns for x in c]
    printed = [t.title, t.champ, t.source, *t.notes, *labels]
    assert not any("'" in str(s) for s in printed)
    assert str(t.title) == "Répartition selon le type d’activité"
    assert str(t.rows[0]) == "Demandeur d’emploi" and str(t.rows[2][0]) == "Bloc d’aire"
    assert str(t.columns[0][1]) == "Part de l’aire (%)"
    assert t.notes == ["Note : l’âge au 31 décembre."]
    assert "l’âge" in json.loads(t.to_json())["notes"][0]
    assert Table.from_json(t.to_json()).rows == t.rows
    html = table_html(t)
    assert "Demandeur d’emploi" in html and "Demandeur d'emploi" not in html and "d&#x27;" not in html
    tidy = tidy_csv(t)
    assert "Demandeur d’emploi,2022-2023 | Part de l’aire (%),12.5," in tidy and "'" not in tidy


def test_plain_apostrophes_still_find_labels_cells_and_notes():
    t = with_apostrophes()
    assert t.value("Demandeur d'emploi", "Part de l'aire (%)") == 12.5
    assert t.value("Côte d'Ivoire", ("2022-2023", "Part de l'aire (%)")) == 30.0     # CLDR’s ’ too
    assert t.value("Total", "Moyenne d'âge") == 33.0
    assert t.text(("Bloc d'aire", "Total"), "Moyenne d'âge") == "33,0"
    assert t.bases[("Demandeur d'emploi", ("2022-2023", "Part de l'aire (%)"))] == 40
    assert "Demandeur d'emploi" in t.rows and t.rows.index("Demandeur d'emploi") == 0
    assert t.champ == "Champ : auditeurs de l'année." and "de l'année" in t.champ
    assert t.notes[0].startswith("Note : l'âge") and any("l'âge" in n for n in t.notes)
    frame = t.frame(published=True)
    assert frame.loc["Demandeur d'emploi", "2022-2023 | Part de l'aire (%)"] == 12.5
    assert list(frame.loc[["Demandeur d'emploi", "Côte d'Ivoire"], "Moyenne d'âge"]) == [31.2, 35.0]


def test_apostrophes_rule():
    assert apostrophes("l'année d'« accès » aujourd'hui 'cité'") == "l’année d'« accès » aujourd’hui 'cité'"


# -- cells empty by design ---------------------------------------------------------------

def test_cells_empty_by_design_are_left_out_of_the_tidy_csv():
    tb = TableBuilder(["Effectif", "Âge moyen", "Total"], ["", "", "total"])
    tb.add("Effectif", [10, 31.5, 10], {"Effectif": "count", "Âge moyen": "mean", "Total": "count"})
    tb.add_cells("%", {"Effectif": (100.0, "ns", 10), "Âge moyen": EMPTY, "Total": (0.0, "")}, "pct")
    t = tb.build(8, "Titre", "Champ : c.", "Source : s.")
    assert t.empty(1, 1) and not t.empty(2, 1) and not t.empty(0, 1)
    rows = list(csv.DictReader(io.StringIO(tidy_csv(t))))
    assert [(r["ligne"], r["colonne"]) for r in rows if r["colonne"] == "%"] == [("Effectif", "%"), ("Total", "%")]
    assert all(r["valeur"] or r["symbole"] for r in rows)
    assert t.text("Âge moyen", "%") == ""                                  # blank where it is shown
