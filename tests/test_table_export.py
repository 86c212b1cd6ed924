"""The table value and its backends: accessible HTML, tidy CSV, JSON round trip."""
import csv
import io
import math

from chiffres_cles.export.html import table_html
from chiffres_cles.export.tidy import tidy_csv
from chiffres_cles.table import Table, TableBuilder


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
