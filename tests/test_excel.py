"""The Excel annex: cover, contents, one sheet per table, numbers as numbers, hidden values."""
from __future__ import annotations

import math

import pytest
from openpyxl import load_workbook

from chiffres_cles.export.excel import header_grid, write_annex
from chiffres_cles.table import Table, TableBuilder

MANIFEST = {
    "edition": 2023,
    "params": {"edition": 2023, "extraction_date": "2024-04-05", "min_base": 20},
    "data_fingerprint": "abc123def456",
    "git_commit": "0123456789abcdef",
    "versions": {"python": "3.11.9", "pandas": "2.2.2"},
    "sections": {"01": {"seconds": 3.2}},
    "created": "2024-04-06T10:00:00",
}


def make_tables() -> list[Table]:
    """Two small tables: blocks, two header levels, sub-total/total rows, every symbol."""
    b = TableBuilder(
        [("Métropole", "Île-de-France"), ("Métropole", "Bretagne"), ("Métropole", "Total Métropole"),
         ("Outre-mer", "Réunion"), ("", "Ensemble")],
        row_kinds=["", "", "subtotal", "", "total"],
    )
    b.add(("Auditeurs", "2021-2022"), [52347.0, 1234.0, 53581.0, 0.0, 53581.0], "count")
    b.add(("Auditeurs", "2022-2023"), [53000.0, 1300.0, 54300.0, 12.0, 54312.0], "count")
    b.add(("Part (en %)",), [97.58, 2.39, 99.97, 12.34, 100.0], "pct",
          symbols=["", "", "", "ns", ""])
    b.add(("Évol. 2022-2023 / 2021-2022 (%)",), [1.2474, -3.0, 1.34, math.nan, 1.36], "evol",
          symbols=["", "", "", "///", ""])
    t1 = b.build(1, "Répartition du nombre d’auditeurs inscrits au Cnam « test » depuis 2018-2019",
                 "Champ : auditeurs inscrits au Cnam.",
                 "Source : Cnam, SIAP, extraction du 05/04/2024.", section="01")

    b = TableBuilder(["Femmes", "Hommes", "Ensemble"], row_kinds=["", "", "total"])
    b.add("Âge moyen (en années)", [35.25, 38.75, 37.0], "mean")
    b.add("Effectif", [8.0, 1500.0, 1508.0], "count")
    b.add("Rapport de masculinité", [math.nan, 101.6, 99.4], "rm", symbols=["nd", "", ""])
    t2 = b.build(2, "Âge moyen des auditeurs selon le genre en 2022-2023",
                 "Champ : auditeurs inscrits en 2022-2023.",
                 "Source : Cnam, SIAP, extraction du 05/04/2024.",
                 notes=["Note : l'âge est calculé au 31/12/2022."], section="01")
    return [t1, t2]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("annex") / "chiffres-cles-2023.xlsx"
    write_annex(make_tables(), MANIFEST, path)
    return load_workbook(path)


def test_sheets(workbook):
    assert workbook.sheetnames == ["Présentation", "Sommaire", "T01", "T02"]


def test_cover_holds_the_provenance(workbook):
    ws = workbook["Présentation"]
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for expected in ("Chiffres clés 2023", "2022-2023", "05/04/2024", "abc123def456",
                     "0123456789abcdef", "pandas", "2.2.2", "2024-04-06T10:00:00"):
        assert expected in text


def test_contents_links_every_table(workbook):
    ws = workbook["Sommaire"]
    assert [ws.cell(r, 1).value for r in (4, 5)] == [1, 2]
    assert ws.cell(4, 2).value == "Les auditeurs du Cnam – Leur nombre"
    assert ws.cell(4, 3).value.startswith("Répartition du nombre d’auditeurs")
    assert ws.cell(4, 3).hyperlink.location == "'T01'!A1"
    assert ws.cell(5, 3).hyperlink.location == "'T02'!A1"


def test_table_sheet_layout(workbook):
    ws = workbook["T01"]
    assert ws["A1"].value.startswith("Tableau 1 : Répartition")
    assert ws["A1"].font.b
    # two header levels: « Auditeurs » spans two columns, the others span down
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A3:A4", "B3:C3", "D3:D4", "E3:E4"} <= merged
    assert ws["B3"].value == "Auditeurs" and ws["B4"].value == "2021-2022"
    assert ws.freeze_panes == "B5"
    # block row, then its rows
    assert ws["A5"].value == "Métropole" and ws["A5"].font.b and ws["B5"].value is None
    assert ws["A6"].value == "Île-de-France"
    assert ws["A8"].value == "Total Métropole" and ws["A8"].font.b and ws["B8"].font.b
    assert ws["A11"].value == "Ensemble" and ws["A11"].font.b


def test_numbers_are_numbers_with_display_formats(workbook):
    ws = workbook["T01"]
    assert ws["B6"].value == 52347 and ws["B6"].number_format == "#,##0"
    assert ws["D6"].value == pytest.approx(97.58) and ws["D6"].number_format == "0.0"
    assert ws["E6"].value == pytest.approx(1.2474) and ws["E6"].number_format == "+0.0;-0.0;0.0"
    assert ws["E7"].value == -3.0


def test_symbols_hold_no_value(workbook):
    ws = workbook["T01"]
    assert ws["A10"].value == "Réunion"
    assert ws["B10"].value == "–"          # exact zero
    assert ws["D10"].value == "ns"         # 12.34 is not published
    assert ws["E10"].value == "///"
    values = [c.value for row in ws.iter_rows() for c in row]
    assert 12.34 not in values
    ws2 = workbook["T02"]
    assert ws2["D3"].value == "Rapport de masculinité"
    assert ws2["D4"].value == "nd"
    assert ws2["B4"].value == pytest.approx(35.25) and ws2["B4"].number_format == "0.0"


def test_notes_below_the_table(workbook):
    ws = workbook["T02"]
    texts = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert "Champ : auditeurs inscrits en 2022-2023." in texts
    assert "Source : Cnam, SIAP, extraction du 05/04/2024." in texts
    assert "Note : l’âge est calculé au 31/12/2022." in texts  # printed with the typographic apostrophe
    assert any(t and t.startswith("Signes conventionnels") for t in texts)
    legend = next(t for t in texts if t and t.startswith("Signes conventionnels"))
    assert "« nd »" in legend
    assert texts.index("Champ : auditeurs inscrits en 2022-2023.") > 6


def test_header_grid_places_spans():
    cols = [("A", "x"), ("A", "y"), ("B", ""), ("C", "z")]
    assert header_grid(cols) == [
        (0, 0, "A", 2, 1), (0, 2, "B", 1, 2), (0, 3, "C", 1, 1),
        (1, 0, "x", 1, 1), (1, 1, "y", 1, 1), (1, 3, "z", 1, 1),
    ]


def test_same_tables_same_cells(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_annex(make_tables(), MANIFEST, a)
    write_annex(list(reversed(make_tables())), MANIFEST, b)
    wa, wb = load_workbook(a), load_workbook(b)
    for name in wa.sheetnames:
        assert [[c.value for c in r] for r in wa[name].iter_rows()] == \
               [[c.value for c in r] for r in wb[name].iter_rows()]
