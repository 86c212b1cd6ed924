"""The Excel annex, readable by people and by screen readers: cover, contents, one sheet per
table; every table an Excel table object with one header row; values as published (rounded
as printed, signs as text, nothing hidden); notes, symbols and links reachable from each
sheet."""
from __future__ import annotations

import math
import re
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from chiffres_cles.export.excel import (BLOCK_HEADER, CONTENTS, COVER, ROW_HEADER, cell_content,
                                        flat_headers, write_annex)
from chiffres_cles.formatting import format_number
from chiffres_cles.table import EMPTY, Table, TableBuilder

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


def rounding_table() -> Table:
    """Halves (half-up, not Babel's half-even), a negative evolution rounded to zero, a tiny
    count printed « – », a mean above a thousand, a « dont » row, a cell empty by design."""
    b = TableBuilder(["Demi", "Presque zéro", "dont petits", "Total"], row_kinds=["", "", "dont", "total"])
    b.add("Effectif", [2.5, 1e-12, 3.5, 6.0], "count")
    b.add("Part (%)", [2.25, 0.05, 0.45, 100.0], "pct")
    b.add("Moyenne", [1234.55, 0.25, EMPTY[0], 617.4], "mean", symbols=["", "", EMPTY[1], ""])
    b.add("Évol. (%)", [0.25, -0.04, -2.25, 0.0], "evol")
    b.add("Écart (points)", [-0.05, 1.0, 0.0, -1.25], "points")
    return b.build(3, "Arrondis", "Champ : essai.", "Source : essai.", section="02")


def all_tables() -> list[Table]:
    return [*make_tables(), rounding_table()]


# -- reading the workbook back ---------------------------------------------------------------

def the_table(ws):
    """The sheet's one Excel table: (top row, headers, rows of cells)."""
    assert len(ws.tables) == 1, (ws.title, list(ws.tables))
    table = next(iter(ws.tables.values()))
    left, top, right, bottom = range_boundaries(table.ref)
    headers = [ws.cell(top, c).value for c in range(left, right + 1)]
    rows = [[ws.cell(r, c) for c in range(left, right + 1)] for r in range(top + 1, bottom + 1)]
    return top, headers, rows


def shown(cell) -> str:
    """What Excel shows for a cell of the annex, in the publication's French spelling (the
    minus sign aside: Excel prints « - »)."""
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    fmt = cell.number_format
    decimals = len(fmt.split(";")[0].split(".")[1]) if "." in fmt.split(";")[0] else 0
    return format_number(v, decimals, signed=fmt.startswith("+")).replace("\u2212", "-")


def links(ws) -> list[tuple[str, str]]:
    """(link text, target sheet) of every internal link of a sheet."""
    out = []
    for row in ws.iter_rows():
        for c in row:
            if c.hyperlink is not None and c.hyperlink.location:
                out.append((c.value, re.match(r"'?(.*?)'?!", c.hyperlink.location).group(1)))
    return out


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    path = tmp_path_factory.mktemp("annex") / "chiffres-cles-2023.xlsx"
    write_annex(all_tables(), MANIFEST, path)
    return path


@pytest.fixture(scope="module")
def workbook(path):
    return load_workbook(path)


def test_sheets(workbook):
    assert workbook.sheetnames == [COVER, CONTENTS, "T01", "T02", "T03"]
    assert all(ws.sheet_state == "visible" for ws in workbook.worksheets)


def test_every_sheet_has_one_table_object_covering_the_data(workbook):
    for ws in workbook.worksheets:
        top, headers, rows = the_table(ws)
        table = next(iter(ws.tables.values()))
        assert table.tableStyleInfo is not None and table.tableStyleInfo.name
        assert table.headerRowCount in (None, 1)
        left, _, right, bottom = range_boundaries(table.ref)
        assert left == 1 and bottom == ws.max_row and right == ws.max_column, ws.title
        # above the table, text in column A only (title, notes, links); nothing beside or below
        for row in ws.iter_rows(min_row=1, max_row=top - 1):
            assert all(c.value is None for c in row[1:]), ws.title
        assert ws["A1"].value and ws["A1"].font.b
        # the table's column names are its header cells (Excel repairs a file otherwise)
        assert [c.name for c in table.tableColumns] == headers


def test_every_header_is_a_unique_non_empty_text(workbook):
    for ws in workbook.worksheets:
        _, headers, _ = the_table(ws)
        assert all(isinstance(h, str) and h.strip() for h in headers), (ws.title, headers)
        assert len({h.casefold() for h in headers}) == len(headers), (ws.title, headers)


def test_headers_are_flattened_and_row_labels_have_one(workbook):
    _, headers, rows = the_table(workbook["T01"])
    assert headers == [BLOCK_HEADER, ROW_HEADER, "Auditeurs | 2021-2022", "Auditeurs | 2022-2023",
                       "Part (en %)", "Évol. 2022-2023 / 2021-2022 (%)"]
    assert [[c.value for c in r[:2]] for r in rows] == [
        ["Métropole", "Île-de-France"], ["Métropole", "Bretagne"], ["Métropole", "Total Métropole"],
        ["Outre-mer", "Réunion"], [None, "Ensemble"]]
    assert rows[2][1].font.b and rows[2][2].font.b and rows[4][1].font.b   # sub-total, total
    _, headers, rows = the_table(workbook["T02"])
    assert headers == [ROW_HEADER, "Âge moyen (en années)", "Effectif", "Rapport de masculinité"]


def test_no_merged_cell_no_blank_row_nothing_hidden(workbook):
    for ws in workbook.worksheets:
        assert not ws.merged_cells.ranges, ws.title
        _, _, rows = the_table(ws)
        assert all(any(c.value not in (None, "") for c in r) for r in rows), ws.title
        assert not any(d.hidden for d in ws.column_dimensions.values()), ws.title
        assert not any(d.hidden for d in ws.row_dimensions.values()), ws.title
        assert not any(c.comment for row in ws.iter_rows() for c in row), ws.title


def test_signs_are_text_and_hidden_values_are_nowhere(workbook, path):
    _, _, rows = the_table(workbook["T01"])
    reunion = [c.value for c in rows[3]]
    assert reunion == ["Outre-mer", "Réunion", "–", 12, "ns", "///"]
    _, _, rows = the_table(workbook["T02"])
    assert rows[0][3].value == "nd"
    values = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert 12.34 not in values
    # nor anywhere in the file: cells, shared strings, properties, table definitions
    with zipfile.ZipFile(path) as z:
        text = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    for hidden in ("12.34", "12,34"):
        assert hidden not in text


def test_values_are_rounded_as_printed_and_no_unrounded_figure_remains(workbook, path):
    _, _, rows = the_table(workbook["T01"])
    cells = rows[0]
    assert cells[2].value == 52347 and cells[2].number_format == "#,##0"
    assert cells[4].value == pytest.approx(97.6) and cells[4].number_format == "#,##0.0"
    assert cells[5].value == pytest.approx(1.2) and cells[5].number_format == "+#,##0.0;-#,##0.0;0.0"
    assert rows[1][5].value == -3.0
    with zipfile.ZipFile(path) as z:
        text = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    for unrounded in ("97.58", "1.2474", "2.39", "35.25", "1234.55", "101.6"):
        assert unrounded not in text, unrounded


def test_halves_round_up_as_in_the_publication(workbook):
    _, headers, rows = the_table(workbook["T03"])
    cell = {(r[0].value, h): c for r in rows for h, c in zip(headers, r)}
    assert cell["Demi", "Effectif"].value == 3                 # Python's round(2.5) is 2
    assert cell["Demi", "Part (%)"].value == pytest.approx(2.3)  # round(2.25, 1) is 2.2
    assert cell["Demi", "Moyenne"].value == pytest.approx(1234.6)
    assert cell["Demi", "Évol. (%)"].value == pytest.approx(0.3)
    assert cell["Demi", "Écart (points)"].value == pytest.approx(-0.1)
    assert cell["Presque zéro", "Effectif"].value == "–"        # printed as a zero
    assert cell["Presque zéro", "Part (%)"].value == pytest.approx(0.1)
    zero = cell["Presque zéro", "Évol. (%)"].value              # -0.04 is printed « 0,0 »
    assert zero == 0 and math.copysign(1, zero) == 1
    assert cell["dont petits", "Effectif"].value == 4 and cell["dont petits", "Part (%)"].value == pytest.approx(0.5)
    assert cell["dont petits", "Moyenne"].value is None          # empty by design
    assert cell["dont petits", "Libellé"].alignment.indent > 0
    assert cell["Total", "Évol. (%)"].value == 0                 # an exact zero evolution: « 0,0 »


def test_every_cell_shows_what_the_publication_prints(workbook):
    for t in all_tables():
        _, headers, rows = the_table(workbook[t.id])
        nstub = len(headers) - len(t.columns)
        display = t.display()
        for i, r in enumerate(rows):
            for j, c in enumerate(r[nstub:]):
                assert shown(c) == display[i][j].replace("\u2212", "-"), (t.id, i, j, c.value)


def test_notes_above_the_table_and_where_they_are(workbook):
    for t in all_tables():
        ws = workbook[t.id]
        top, _, _ = the_table(ws)
        assert ws["A1"].value == t.caption
        notes = t.all_notes()
        assert [ws.cell(r, 1).value for r in range(3, 3 + len(notes))] == notes
        assert f"A3 à A{2 + len(notes)}" in ws["A2"].value and f"A{top}" in ws["A2"].value
    texts = [c.value for c in workbook["T02"]["A"]]
    assert "Note : l’âge est calculé au 31/12/2022." in texts  # the typographic apostrophe
    legend = next(t for t in texts if t and t.startswith("Signes conventionnels"))
    assert "« nd »" in legend


def test_contents_link_to_every_sheet_and_every_sheet_back(workbook):
    ws = workbook[CONTENTS]
    _, headers, rows = the_table(ws)
    assert headers == ["Onglet", "N°", "Section", "Titre du tableau"]
    assert [[c.value for c in r[:3]] for r in rows[:1]] == [["T01", 1, "Les auditeurs du Cnam – Leur nombre"]]
    assert rows[0][3].value.startswith("Répartition du nombre d’auditeurs")
    targets = links(ws)
    assert [target for _, target in targets if target.startswith("T")] == ["T01", "T02", "T03"]
    assert all(target in workbook.sheetnames for _, target in targets)
    assert (COVER in {target for _, target in targets})
    for name in ("T01", "T02", "T03", COVER):
        assert (CONTENTS in {target for _, target in links(workbook[name])}), name
        assert all(target in workbook.sheetnames for _, target in links(workbook[name]))


def test_cover_holds_the_provenance_and_points_to_the_unrounded_csv(workbook):
    ws = workbook[COVER]
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for expected in ("Chiffres clés 2023", "2022-2023", "05/04/2024", "abc123def456",
                     "0123456789abcdef", "pandas", "2.2.2", "2024-04-06T10:00:00"):
        assert expected in text
    assert "non arrondies sont dans les fichiers CSV" in text
    for sign in ("ns", "nd", "///", "–"):
        assert f"« {sign} » :" in text
    _, headers, rows = the_table(ws)
    assert headers == ["Élément", "Valeur"] and rows[0][0].value == "Édition"


def test_flat_headers_are_unique_and_never_empty():
    cols = [("A", "x"), ("A", "x"), ("a", "X"), ("", ""), ("Libellé", "")]
    assert flat_headers(cols, reserved=("Libellé",)) == [
        "A | x", "A | x (2)", "a | X (3)", "Colonne 4", "Libellé (2)"]


def test_cell_content():
    assert cell_content(12.34, "pct", "ns") == ("ns", None)
    assert cell_content(0.0, "count", "") == ("–", None)
    assert cell_content(math.nan, "mean", "") == (None, None)
    assert cell_content(2.5, "count", "") == (3, "#,##0")
    assert cell_content(-1.25, "points", "") == (-1.3, "+#,##0.0;-#,##0.0;0.0")


def test_same_tables_same_cells(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_annex(all_tables(), MANIFEST, a)
    write_annex(list(reversed(all_tables())), MANIFEST, b)
    wa, wb = load_workbook(a), load_workbook(b)
    for name in wa.sheetnames:
        assert [[c.value for c in r] for r in wa[name].iter_rows()] == \
               [[c.value for c in r] for r in wb[name].iter_rows()]
