"""The Excel annex `chiffres-cles-<edition>.xlsx`: a « Présentation » sheet (provenance), a
« Sommaire » sheet (one linked row per table) and one sheet per table (`T01` …).

A table sheet: the caption in A1, the multi-level column headers (merged cells for spans),
row labels in column A (a block as its own bold row, sub-totals and totals bold), then the
notes. Cells hold the unrounded value as a number, rounded for display by the number format
of its kind; a cell showing « ns », « nd » or « /// » holds that sign and no value (a value
hidden by a small base is not published), an exact zero holds « – ».
"""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from ..formatting import SYMBOLS, display_symbol
from ..params import academic_year
from ..sections import section_of
from ..table import Table
from .html import _header_rows

# Number format of each display kind (formatting.KINDS); Excel shows the separators of the
# reader's locale (« 52 347 », « 12,5 » in French).
NUMBER_FORMATS = {
    "count": "#,##0",
    "rm": "#,##0",
    "pct": "0.0",
    "mean": "0.0",
    "evol": "+0.0;-0.0;0.0",
    "points": "+0.0;-0.0;0.0",
}
HIDDEN = ("ns", "nd", "///")

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=12)
HEAD_FILL = PatternFill("solid", fgColor="DFE5EE")
BLOCK_FILL = PatternFill("solid", fgColor="EEF1F6")
THIN = Side(style="thin", color="9AA7B8")
HEAD_BORDER = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
RIGHT = Alignment(horizontal="right")
WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def cell_content(value: float, kind: str, symbol: str):
    """What a cell holds: (value, number format) — a number, a sign as text, or None."""
    sym = display_symbol(value, kind, symbol)
    if sym:
        return sym, None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, None
    return float(value), NUMBER_FORMATS.get(kind, "General")


def header_grid(columns: list[tuple[str, ...]]) -> list[tuple[int, int, str, int, int]]:
    """Header cells placed on the grid: (level, column index, text, colspan, rowspan), from
    the same spans as the HTML table."""
    rows = _header_rows(columns)
    taken: set[tuple[int, int]] = set()
    placed = []
    for level, cells in enumerate(rows):
        j = 0
        for text, colspan, rowspan in cells:
            while (level, j) in taken:
                j += 1
            placed.append((level, j, text, colspan, rowspan))
            for dl in range(rowspan):
                for dj in range(colspan):
                    taken.add((level + dl, j + dj))
            j += colspan
    return placed


def _link(cell, sheet: str) -> None:
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1", display=str(cell.value))
    cell.style = "Hyperlink"


def write_table_sheet(wb: Workbook, t: Table) -> None:
    ws = wb.create_sheet(t.id)
    ws["A1"] = t.caption
    ws["A1"].font = TITLE
    depth = len(t.columns[0]) if t.columns else 1
    top = 3
    # headers: the stub cell spans every header level
    ws.cell(top, 1).fill = HEAD_FILL
    if depth > 1:
        ws.merge_cells(start_row=top, start_column=1, end_row=top + depth - 1, end_column=1)
    for level, j, text, colspan, rowspan in header_grid(t.columns):
        c = ws.cell(top + level, 2 + j, text)
        c.font, c.fill, c.alignment, c.border = BOLD, HEAD_FILL, WRAP_CENTER, HEAD_BORDER
        if colspan > 1 or rowspan > 1:
            ws.merge_cells(start_row=top + level, start_column=2 + j,
                           end_row=top + level + rowspan - 1, end_column=2 + j + colspan - 1)
    for r in range(top, top + depth):
        for col in range(1, len(t.columns) + 2):
            ws.cell(r, col).fill = HEAD_FILL
    first_body = top + depth
    r = first_body
    stub = bool(t.rows) and isinstance(t.rows[0], tuple)
    block = None
    label_width = 12
    for i, row in enumerate(t.rows):
        if stub and row[0] != block:
            block = row[0]
            if block:
                c = ws.cell(r, 1, str(block))
                c.font = BOLD
                for col in range(1, len(t.columns) + 2):
                    ws.cell(r, col).fill = BLOCK_FILL
                label_width = max(label_width, len(str(block)))
                r += 1
        label = str(row[-1] if stub else row)
        kind = t.row_kinds[i] if i < len(t.row_kinds) else ""
        bold = kind in ("subtotal", "total")
        c = ws.cell(r, 1, label)
        if bold:
            c.font = BOLD
        label_width = max(label_width, len(label))
        for j in range(len(t.columns)):
            value, fmt = cell_content(t.values[i][j], t.kinds[i][j], t.symbols[i][j])
            c = ws.cell(r, 2 + j, value)
            if fmt:
                c.number_format = fmt
            else:
                c.alignment = RIGHT
            if bold:
                c.font = BOLD
        r += 1
    r += 1
    for note in t.all_notes():
        ws.cell(r, 1, note).font = Font(italic=True, size=9)
        r += 1
    r += 1
    _link(ws.cell(r, 1, "Retour au sommaire"), "Sommaire")
    ws.column_dimensions["A"].width = min(max(label_width + 2, 20), 60)
    for j, col in enumerate(t.columns):
        longest_word = max((len(w) for part in col for w in part.split()), default=6)
        ws.column_dimensions[get_column_letter(2 + j)].width = min(max(longest_word + 3, 11), 22)
    ws.freeze_panes = ws.cell(first_body, 2)


def _cover(wb: Workbook, tables: list[Table], manifest: dict) -> None:
    ws = wb.active
    ws.title = "Présentation"
    params = manifest.get("params", {})
    edition = manifest.get("edition", params.get("edition", ""))
    year = academic_year(int(edition) - 1) if str(edition).isdigit() else ""
    extraction = params.get("extraction_date", "")
    try:
        extraction = dt.date.fromisoformat(str(extraction)).strftime("%d/%m/%Y")
    except ValueError:
        pass
    ws["A1"] = f"Chiffres clés {edition} – annexe statistique"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Observatoire des études et carrières – Cnam"
    rows = [
        ("Édition", str(edition)),
        ("Année universitaire", year),
        ("Date d'extraction des données", extraction),
        ("Nombre de tableaux", str(len(tables))),
        ("Empreinte des données", manifest.get("data_fingerprint", "")),
        ("Version du code (commit)", manifest.get("git_commit", "")),
        ("Date de création", str(manifest.get("created", ""))),
    ]
    for name, version in sorted((manifest.get("versions") or {}).items()):
        rows.append((f"Version de {name}", str(version)))
    r = 4
    for key, value in rows:
        ws.cell(r, 1, key).font = BOLD
        ws.cell(r, 2, value)
        r += 1
    r += 1
    ws.cell(r, 1, "Lecture").font = BOLD
    notes = [
        "Un onglet par tableau (T01, T02…) ; le sommaire les relie.",
        "Les cellules contiennent les valeurs non arrondies, affichées arrondies.",
        "Les valeurs marquées « ns », « nd » ou « /// » ne sont pas publiées.",
    ]
    for text in notes:
        ws.cell(r, 2, text)
        r += 1
    r += 1
    ws.cell(r, 1, "Signes conventionnels").font = BOLD
    for sign, meaning in SYMBOLS.items():
        ws.cell(r, 2, f"« {sign} » {meaning}")
        r += 1
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 90


def _contents(wb: Workbook, tables: list[Table]) -> None:
    ws = wb.create_sheet("Sommaire")
    ws["A1"] = "Sommaire des tableaux"
    ws["A1"].font = Font(bold=True, size=14)
    for col, text in enumerate(("N°", "Section", "Titre"), start=1):
        c = ws.cell(3, col, text)
        c.font, c.fill = BOLD, HEAD_FILL
    for r, t in enumerate(tables, start=4):
        try:
            section = section_of(t.number).heading
        except KeyError:
            section = t.section
        ws.cell(r, 1, t.number)
        ws.cell(r, 2, section)
        title = ws.cell(r, 3, t.title)
        _link(title, t.id)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 55
    ws.column_dimensions["C"].width = 110
    ws.freeze_panes = "A4"


def build_annex(tables: list[Table], manifest: dict) -> Workbook:
    tables = sorted(tables, key=lambda t: t.number)
    wb = Workbook()
    _cover(wb, tables, manifest)
    _contents(wb, tables)
    for t in tables:
        write_table_sheet(wb, t)
    created = manifest.get("created")
    try:
        stamp = dt.datetime.fromisoformat(str(created)).replace(tzinfo=None)
        wb.properties.created = stamp
    except (TypeError, ValueError):
        pass
    wb.properties.title = f"Chiffres clés {manifest.get('edition', '')} – annexe statistique"
    wb.properties.creator = "Observatoire des études et carrières – Cnam"
    return wb


def write_annex(tables: list[Table], manifest: dict, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_annex(tables, manifest).save(path)
    return path
