"""The Excel annex `chiffres-cles-<edition>.xlsx`, laid out as public statisticians release
spreadsheets (the UK Government Analysis Function's guidance on releasing statistics in
spreadsheets), for people and for screen readers alike:

* « Présentation » (cover): what the annex is, how to read it (the tidy CSVs hold the
  unrounded values), the symbols legend and the provenance of the edition;
* « Sommaire » (contents): one row per table, its title a link to the table's sheet;
* one sheet per table (`T01` …): the caption in A1, then a line saying where the notes are
  and where the table starts, « Champ », « Source », the table's notes, the symbols legend
  and the rounding note (one per cell, above the table), a link back to the contents, then
  the table itself.

Every table, the contents and the provenance included, is an Excel table object (a named
range with a header row and a table style): one header row (multi-level column headers
joined with " | ", as in the tidy CSV's `colonne`), a header on the row-label column
(« Libellé », with « Regroupement » before it when rows come in blocks, instead of block
rows), no merged cell, no blank row, nothing hidden. Cells hold the values as published:
the number rounded as printed (half-up, `formatting.round_half_up`) with a number format
showing the same digits; a cell showing « ns », « nd », « /// » or « – » holds that sign as
text, and no value is published behind it. The unrounded values are in the tidy CSVs only
(DESIGN.md), as the cover sheet says.
"""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo

from ..formatting import KINDS, SYMBOLS, format_cell, round_half_up
from ..params import academic_year
from ..sections import section_of
from ..table import Table, column_label

COVER, CONTENTS = "Présentation", "Sommaire"
ROW_HEADER, BLOCK_HEADER = "Libellé", "Regroupement"
JOIN = " | "   # header levels joined as in the tidy CSV's `colonne`

# Number format of each display kind (formatting.KINDS): the digits printed in the
# publication; Excel shows the separators of the reader's locale (« 52 347 », « 12,5 »).
NUMBER_FORMATS = {
    "count": "#,##0",
    "rm": "#,##0",
    "pct": "#,##0.0",
    "mean": "#,##0.0",
    "evol": "+#,##0.0;-#,##0.0;0.0",
    "points": "+#,##0.0;-#,##0.0;0.0",
}
STYLE = "TableStyleMedium2"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADING = Font(bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
RIGHT = Alignment(horizontal="right")
INDENT = Alignment(indent=2)


def cell_content(value: float, kind: str, symbol: str):
    """What a cell holds, as published: (value, number format) — the number rounded as
    printed, a sign as text (« ns », « nd », « /// », « – »), or None (empty by design)."""
    text = format_cell(value, kind, symbol)
    if not text:
        return None, None
    if symbol or text == "–":
        return text, None
    decimals = KINDS[kind][0]
    rounded = float(round_half_up(value, decimals))
    if rounded == 0:
        rounded = 0.0   # no « -0 »
    return (int(rounded) if decimals == 0 else rounded), NUMBER_FORMATS[kind]


def flat_headers(columns: list[tuple[str, ...]], reserved: tuple[str, ...] = ()) -> list[str]:
    """One header per column: its levels joined with " | ", made non-empty and unique
    (Excel compares table headers case-insensitively), never one of `reserved`."""
    seen = {r.casefold() for r in reserved}
    out = []
    for j, col in enumerate(columns, start=1):
        base = str(column_label(col)).replace("\n", " ").strip() or f"Colonne {j}"
        name, n = base, 2
        while name.casefold() in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name.casefold())
        out.append(name)
    return out


def _link(cell, sheet: str, text: str | None = None) -> None:
    if text is not None:
        cell.value = text
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1", display=str(cell.value))
    cell.style = "Hyperlink"


def _add_table(ws, name: str, top: int, left: int, bottom: int, right: int) -> None:
    ref = f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
    table = ExcelTable(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=STYLE, showRowStripes=True, showColumnStripes=False,
                                          showFirstColumn=True, showLastColumn=False)
    ws.add_table(table)


def _header_row(ws, row: int, headers: list[str], widths: list[float]) -> None:
    lines = 1
    for j, (text, width) in enumerate(zip(headers, widths), start=1):
        c = ws.cell(row, j, text)
        c.font, c.alignment = BOLD, HEADER_ALIGN
        lines = max(lines, math.ceil(len(text) * 1.1 / max(width - 1, 1)))
    ws.row_dimensions[row].height = 15 * min(lines, 6) + 3


def write_table_sheet(wb: Workbook, t: Table) -> None:
    ws = wb.create_sheet(t.id)
    notes = t.all_notes()
    ws["A1"] = t.caption
    ws["A1"].font = TITLE
    first_note, last_note = 3, 2 + len(notes)
    back = last_note + 1
    top = back + 1
    ws["A2"] = (f"Champ, source, notes et signes conventionnels : cellules A{first_note} à A{last_note} ; "
                f"le tableau commence en cellule A{top} (une ligne d’en-tête)."
                if notes else f"Le tableau commence en cellule A{top} (une ligne d’en-tête).")
    for r, note in enumerate(notes, start=first_note):
        ws.cell(r, 1, note)
    _link(ws.cell(back, 1), CONTENTS, "Retour au sommaire")

    blocks = bool(t.rows) and isinstance(t.rows[0], tuple)
    stub = [BLOCK_HEADER, ROW_HEADER] if blocks else [ROW_HEADER]
    headers = stub + flat_headers(t.columns, reserved=tuple(stub))
    nstub = len(stub)
    label_widths = [len(h) for h in stub]
    value_widths = [0] * len(t.columns)
    for i, row in enumerate(t.rows):
        r = top + 1 + i
        parts = [str(row[0]), str(row[-1])] if blocks else [str(row)]
        kind = t.row_kinds[i] if i < len(t.row_kinds) else ""
        bold = kind in ("subtotal", "total")
        for k, text in enumerate(parts):
            c = ws.cell(r, 1 + k, text or None)
            label_widths[k] = max(label_widths[k], len(text))
            if bold:
                c.font = BOLD
        if kind == "dont":
            ws.cell(r, nstub).alignment = INDENT
        for j in range(len(t.columns)):
            value, fmt = cell_content(t.values[i][j], t.kinds[i][j], t.symbols[i][j])
            c = ws.cell(r, nstub + 1 + j, value)
            if fmt:
                c.number_format = fmt
            elif value is not None:
                c.alignment = RIGHT
            if bold:
                c.font = BOLD
            value_widths[j] = max(value_widths[j], len(format_cell(t.values[i][j], t.kinds[i][j], t.symbols[i][j])))
    widths = [min(max(w + 2, 14), 60) for w in label_widths]
    for j, h in enumerate(headers[nstub:]):
        longest_word = max((len(w) for w in h.split()), default=6)
        widths.append(min(max(longest_word + 3, value_widths[j] + 3, 12), 24))
    _header_row(ws, top, headers, widths)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    bottom = top + max(len(t.rows), 1)
    _add_table(ws, f"Tableau_{t.number:02d}", top, 1, bottom, len(headers))


def _cover(wb: Workbook, tables: list[Table], manifest: dict) -> None:
    ws = wb.active
    ws.title = COVER
    params = manifest.get("params", {})
    edition = manifest.get("edition", params.get("edition", ""))
    year = academic_year(int(edition) - 1) if str(edition).isdigit() else ""
    extraction = params.get("extraction_date", "")
    try:
        extraction = dt.date.fromisoformat(str(extraction)).strftime("%d/%m/%Y")
    except ValueError:
        pass
    first = tables[0].id if tables else ""
    last = tables[-1].id if tables else ""
    lines: list[tuple[str, Font | None]] = [
        (f"Chiffres clés {edition} – annexe statistique", TITLE),
        ("Observatoire des études et carrières – Cnam", None),
        (f"Cette annexe contient {len(tables)} tableaux, un par onglet ({first} à {last}) ; "
         "le sommaire (lien ci-dessous) renvoie à chacun.", None),
        ("", None),   # the link to the contents
        ("Lecture", HEADING),
        ("Chaque onglet donne en A1 le titre du tableau, puis le champ, la source, les notes et les "
         "signes conventionnels, un lien vers le sommaire, puis le tableau (une ligne d’en-tête).", None),
        ("Les valeurs sont celles de la publication, arrondies comme elles y sont imprimées "
         "(à l’unité pour les effectifs, au dixième pour les parts, moyennes et évolutions ; "
         "une demie est arrondie vers le haut).", None),
        ("Les valeurs non arrondies sont dans les fichiers CSV de l’édition (dossier « tables », "
         "un fichier par tableau, T01.csv…, colonnes tableau, ligne, colonne, valeur, symbole).", None),
        ("Les cellules marquées « ns », « nd » ou « /// » ne contiennent aucune valeur : elles ne sont "
         "publiées ni ici ni dans les fichiers CSV. « – » marque un zéro absolu.", None),
        ("Les totaux peuvent différer de la somme des valeurs arrondies.", None),
        ("Signes conventionnels", HEADING),
        *((f"« {sign} » : {meaning}", None) for sign, meaning in SYMBOLS.items()),
        ("Provenance", HEADING),
    ]
    for r, (text, font) in enumerate(lines, start=1):
        if text:
            c = ws.cell(r, 1, text)
            if font:
                c.font = font
    _link(ws.cell(4, 1), CONTENTS, "Aller au sommaire des tableaux")
    rows = [
        ("Édition", str(edition)),
        ("Année universitaire", year),
        ("Date d’extraction des données", extraction),
        ("Nombre de tableaux", str(len(tables))),
        ("Empreinte des données", manifest.get("data_fingerprint", "")),
        ("Version du code (commit)", manifest.get("git_commit", "")),
        ("Date de création", str(manifest.get("created", ""))),
    ]
    for name, version in sorted((manifest.get("versions") or {}).items()):
        rows.append((f"Version de {name}", str(version)))
    top = len(lines) + 1
    _header_row(ws, top, ["Élément", "Valeur"], [34, 90])
    for r, (key, value) in enumerate(rows, start=top + 1):
        ws.cell(r, 1, key)
        ws.cell(r, 2, str(value) if value not in (None, "") else "non renseigné")
    _add_table(ws, "Provenance", top, 1, top + len(rows), 2)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90


def _contents(wb: Workbook, tables: list[Table]) -> None:
    ws = wb.create_sheet(CONTENTS)
    ws["A1"] = "Sommaire des tableaux"
    ws["A1"].font = TITLE
    ws["A2"] = ("Le titre de chaque tableau renvoie à son onglet ; chaque onglet renvoie ici. "
                "Le sommaire commence en cellule A4.")
    _link(ws.cell(3, 1), COVER, "Présentation de l’annexe : lecture, signes conventionnels, provenance")
    top = 4
    headers = ["Onglet", "N°", "Section", "Titre du tableau"]
    widths = [9, 6, 55, 110]
    _header_row(ws, top, headers, widths)
    for r, t in enumerate(tables, start=top + 1):
        try:
            section = section_of(t.number).heading
        except KeyError:
            section = t.section
        ws.cell(r, 1, t.id)
        ws.cell(r, 2, t.number)
        ws.cell(r, 3, section or "non renseignée")
        _link(ws.cell(r, 4), t.id, str(t.title))
    _add_table(ws, "Sommaire_des_tableaux", top, 1, top + max(len(tables), 1), len(headers))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w


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
    wb.properties.language = "fr-FR"
    return wb


def write_annex(tables: list[Table], manifest: dict, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_annex(tables, manifest).save(path)
    return path
