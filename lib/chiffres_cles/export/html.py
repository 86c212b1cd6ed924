"""A table as accessible HTML: caption, header cells with scope, row headers, notes apart.

Header cells are associated by the HTML table model (WCAG H63): a header spanning several
columns has `scope="colgroup"` and its columns form a `<colgroup>`; a block of rows is its
own `<tbody>` (a row group) headed by a cell with `scope="rowgroup"`.

The markup is plain (no style attribute): the book's CSS styles it for the HTML version,
and Quarto or the built-in engine turn the same markup into a Typst table for the PDF.
"""
from __future__ import annotations

from html import escape as _escape

from ..table import Table


def escape(text: str) -> str:
    """Text content: <, > and & escaped; quotes kept as typed (« d'activité »)."""
    return _escape(text, quote=False)


def _header_rows(columns: list[tuple[str, ...]]) -> list[list[tuple[str, int, int]]]:
    """Per header level, the cells (text, colspan, rowspan); a label whose lower levels are
    empty spans down, equal adjacent labels with the same parents span across."""
    depth = len(columns[0]) if columns else 0
    rows: list[list[tuple[str, int, int]]] = [[] for _ in range(depth)]
    for level in range(depth):
        j = 0
        while j < len(columns):
            col = columns[j]
            if level > 0 and not col[level] and all(not x for x in col[level:]):
                j += 1  # covered by a rowspan from above
                continue
            span = 1
            while (j + span < len(columns) and columns[j + span][: level + 1] == col[: level + 1]
                   and col[level]):
                span += 1
            rowspan = 1
            if all(not x for x in col[level + 1:]):
                rowspan = depth - level
            rows[level].append((col[level], span, rowspan))
            j += span
    return rows


def table_html(t: Table, with_notes: bool = False) -> str:
    out = [f'<table class="cc-table" id="{t.id.lower()}">',
           f"<caption>{escape(t.caption)}</caption>", "<thead>"]
    header = _header_rows(t.columns)
    if len(header) > 1:  # column groups: the stub, then one per top-level header cell
        out[2:2] = ["<colgroup><col /></colgroup>"] + [
            "<colgroup>" + "<col />" * span + "</colgroup>" for _, span, _ in header[0]]
    stub = isinstance(t.rows[0], tuple) if t.rows else False
    for level, cells in enumerate(header):
        out.append("<tr>")
        if level == 0:
            out.append(f'<td rowspan="{len(header)}"></td>' if len(header) > 1 else "<td></td>")
        for text, span, rowspan in cells:
            attrs = f' scope="{"colgroup" if span > 1 else "col"}"'
            if span > 1:
                attrs += f' colspan="{span}"'
            if rowspan > 1:
                attrs += f' rowspan="{rowspan}"'
            out.append(f"<th{attrs}>{escape(text)}</th>")
        out.append("</tr>")
    out.append("</thead>")
    out.append("<tbody>")
    display = t.display()
    block = None
    ncols = len(t.columns) + 1
    for i, row in enumerate(t.rows):
        if stub and row[0] != block:
            if i > 0:
                out.append("</tbody><tbody>")  # each block is a row group
            block = row[0]
            if block:
                out.append(f'<tr class="cc-block"><th scope="rowgroup" colspan="{ncols}">{escape(block)}</th></tr>')
        label = row[-1] if stub else row
        kind = t.row_kinds[i] if i < len(t.row_kinds) else ""
        cls = f' class="cc-{kind}"' if kind else ""
        cells = "".join(f"<td>{escape(v)}</td>" for v in display[i])
        out.append(f'<tr{cls}><th scope="row">{escape(str(label))}</th>{cells}</tr>')
    out.append("</tbody></table>")
    html = "".join(out)
    if with_notes:
        html += notes_html(t)
    return html


def notes_html(t: Table) -> str:
    return '<div class="cc-notes">' + "".join(f"<p>{escape(n)}</p>" for n in t.all_notes()) + "</div>"


def notes_markdown(t: Table) -> str:
    """Notes as Markdown paragraphs (rendered by Quarto and by the built-in engine alike)."""
    def md(text: str) -> str:
        for ch in "\\*_[]<>`#":
            text = text.replace(ch, "\\" + ch)
        return text
    return "::: {.cc-notes}\n" + "\n\n".join(md(n) for n in t.all_notes()) + "\n:::\n"
