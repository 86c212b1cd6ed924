"""Search over the whole site, static: no server, and from the files opened on disk too.

Built-in engine: `write_index` reads the site's pages once they are written and writes
`search-index.js`, which the site's script (`report/site.js`) loads on first use and searches
in the browser. A script, not a JSON file fetched, nor Pagefind: a browser refuses `fetch()` and
JavaScript modules to a page opened from disk (`file://`), where reviewers often read the
publication; a `<script>` element it loads everywhere.

The index holds, page by page (what a reader sees, nothing else):

* each table: its caption, its column labels, its row labels (block rows included) — a row
  label that names a centre or an EPN of the reference carries its code too (« EPN 5 –
  Informatique (EPN05) »), so that a centre or an EPN is found by its label or its code;
* each chart: its caption and its description (alt text);
* each heading: its text, and the text (paragraphs, lists) under it down to the next heading.

Quarto engine: Quarto has its own search (`search.json`, which indexes the text of the pages,
tables included); `add_codes_to_quarto` adds to each of its entries the codes of the centres and
EPN whose labels it holds.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

INDEX_NAME = "search-index.js"
KINDS = {"table": "Tableau", "chart": "Graphique", "text": "Texte"}
_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u202f", " ").replace("\u00a0", " ")).strip()


def _key(label: str) -> str:
    """A label as compared with the reference's: apostrophes, spaces and case set aside."""
    return _clean(label.replace("\u2019", "'")).casefold()


# -- the codes of centres and EPN -------------------------------------------------------------
def reference_codes(manifest: dict) -> dict[str, str]:
    """Label (compared by `_key`) -> code, for the centres and the EPN of the edition's
    reference (the extraction's own, else the project's)."""
    from .book import reference_for

    try:
        ref = reference_for(manifest)
    except Exception:  # no reference: the codes are a help, not a requirement
        return {}
    codes: dict[str, str] = {}
    for name in ("centres", "epn"):
        if name not in ref.frames:
            continue
        for code, label in ref.labels(name).items():
            if isinstance(label, str) and isinstance(code, str) and label.strip():
                codes.setdefault(_key(label), code)
    return codes


def with_code(label: str, codes: dict[str, str]) -> str:
    code = codes.get(_key(label))
    return f"{label} ({code})" if code and code not in label else label


# -- reading a page ---------------------------------------------------------------------------
@dataclass
class Item:
    kind: str                  # "table", "chart", "text"
    anchor: str
    title: str
    text: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)


class _Page(HTMLParser):
    """The items of one page of the site (inside <main>, less the page navigation, the links
    under tables and charts and the notes)."""

    SKIPPED_CLASSES = {"cc-pager", "cc-table-links", "cc-chart-source", "cc-notes", "cc-chart-desc"}
    VOID = {"img", "br", "hr", "meta", "link", "input", "col", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[Item] = []
        self.title = ""
        self.stack: list[tuple[str, bool]] = []   # open elements inside <main>: (tag, skipped)
        self.in_main = False
        self.section: Item | None = None
        self.heading: Item | None = None           # a heading being read
        self.table: Item | None = None
        self.table_part = ""                      # "caption", "head", "row" or "cell"
        self.cell: list[str] | None = None
        self.row_cells: list[str] | None = None
        self.row_header = False
        self.figure: Item | None = None
        self.figcaption = False
        self.text: list[str] | None = None        # a paragraph or list item of a section

    @property
    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "main":
            self.in_main = True
            return
        if not self.in_main:
            return
        classes = set((a.get("class") or "").split())
        skipped = bool(classes & self.SKIPPED_CLASSES)
        if tag not in self.VOID:
            self.stack.append((tag, skipped))
        if self.skipping:
            return
        if tag in ("h1", "h2", "h3", "h4"):
            self.heading = Item("text", a.get("id") or (self.section.anchor if self.section else ""), "")
        elif tag == "table":
            anchor = a.get("id") or (self.section.anchor if self.section else "")
            self.table = Item("table", anchor, "")
            self.items.append(self.table)
        elif self.table is not None:
            if tag == "caption":
                self.table_part = "caption"
            elif tag == "thead":
                self.table_part = "head"
            elif tag == "tbody":
                self.table_part = "body"
            elif tag == "tr":
                self.row_cells, self.row_header = [], False
            elif tag in ("th", "td"):
                self.cell = []
                if tag == "th" and self.table_part == "body":
                    self.row_header = True
        elif tag == "figure":
            anchor = a.get("id") or (self.section.anchor if self.section else "")
            self.figure = Item("chart", anchor, "")
            self.items.append(self.figure)
        elif self.figure is not None and tag == "img":
            if a.get("alt"):
                self.figure.text.append(a["alt"])
        elif self.figure is not None and tag == "figcaption":
            self.figcaption = True
        elif tag in ("p", "li", "dd", "dt", "blockquote") and self.section is not None and self.text is None:
            self.text = []

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
            return
        if not self.in_main:
            return
        skipping = self.skipping
        if self.stack and tag not in self.VOID:
            # close up to the matching element (tolerant of unclosed <p>, <li>)
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    del self.stack[i:]
                    break
        if skipping:
            return
        if tag in ("h1", "h2", "h3", "h4") and self.heading is not None:
            self.heading.title = _clean(self.heading.title)
            if tag == "h1" and not self.title:
                self.title = self.heading.title
            self.section = self.heading
            self.items.append(self.section)
            self.heading = None
        elif self.table is not None:
            if tag == "caption":
                self.table.title = _clean(self.table.title)
                self.table_part = ""
            elif tag in ("th", "td") and self.cell is not None:
                text = _clean("".join(self.cell))
                if self.row_cells is not None:
                    self.row_cells.append(text)
                if self.table_part == "head" and text:
                    self.table.text.append(text)
                self.cell = None
            elif tag == "tr" and self.row_cells is not None:
                if self.table_part == "body":
                    cells = [c for c in self.row_cells if c]
                    if self.row_header and cells:
                        self.table.rows.append(cells[0])      # a row label (or a block row)
                    elif cells:
                        self.table.rows.append(" · ".join(c for c in cells if not _is_number(c)))
                self.row_cells = None
            elif tag == "table":
                self.table = None
        elif tag == "figure" and self.figure is not None:
            self.figure.title = _clean(self.figure.title)
            self.figure = None
        elif tag == "figcaption":
            self.figcaption = False
        elif tag in ("p", "li", "dd", "dt", "blockquote") and self.text is not None:
            text = _clean("".join(self.text))
            if text and self.section is not None:
                self.section.text.append(text)
            self.text = None

    def handle_data(self, data):
        if not self.in_main or self.skipping:
            return
        if self.heading is not None:
            self.heading.title += data
        elif self.table is not None:
            if self.table_part == "caption":
                self.table.title += data
            elif self.cell is not None:
                self.cell.append(data)
        elif self.figure is not None:
            if self.figcaption:
                self.figure.title += data
        elif self.text is not None:
            self.text.append(data)


_NUMBER = re.compile(r"^[−+\-]?[\d\s\u202f\u00a0]*[\d][\d\s,\u202f\u00a0]*%?$|^(ns|nd|///|–)$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def read_page(html: str) -> tuple[str, list[Item]]:
    parser = _Page()
    parser.feed(html)
    parser.close()
    items = [i for i in parser.items if i.title or i.text or i.rows]
    return parser.title, items


# -- the index --------------------------------------------------------------------------------
def site_pages(site: Path) -> list[Path]:
    """The pages of the site in their order: index.html first, then by path."""
    pages = sorted(p for p in site.rglob("*.html") if "site_libs" not in p.relative_to(site).parts)
    return sorted(pages, key=lambda p: (p.name != "index.html" or p.parent != site, p.relative_to(site).as_posix()))


def build_index(site: Path, codes: dict[str, str] | None = None) -> dict:
    codes = codes or {}
    pages, items = [], []
    for path in site_pages(site):
        title, found = read_page(path.read_text(encoding="utf-8"))
        if not found:
            continue
        page = len(pages)
        pages.append([path.relative_to(site).as_posix(), title or path.stem])
        for item in found:
            entry = {"p": page, "a": item.anchor, "k": KINDS[item.kind], "t": item.title or title}
            text = " ".join(item.text)
            if text:
                entry["x"] = text
            if item.rows:
                entry["r"] = [with_code(r, codes) for r in item.rows]
            items.append(entry)
    return {"pages": pages, "items": items}


def write_index(site: Path, codes: dict[str, str] | None = None) -> Path:
    """Write `search-index.js` at the root of `site` (after its pages) and return it."""
    index = build_index(site, codes)
    path = site / INDEX_NAME
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text("/* Index de recherche de la publication (chiffres-cles render). */\n"
                    f"window.ccSearchIndex = {data};\n", encoding="utf-8")
    return path


def read_index(path: Path) -> dict:
    """The index written by `write_index` (for tests and tools)."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1:].strip().rstrip(";"))


# -- Quarto's search --------------------------------------------------------------------------
def add_codes_to_quarto(search_json: Path, codes: dict[str, str]) -> int:
    """Add to each entry of Quarto's `search.json` the codes of the centres and EPN whose labels
    its text holds; returns how many entries changed."""
    if not search_json.exists() or not codes:
        return 0
    entries = json.loads(search_json.read_text(encoding="utf-8"))
    labels = sorted(((k, c) for k, c in codes.items()), key=lambda kc: -len(kc[0]))
    changed = 0
    for entry in entries:
        # Quarto runs the cells of a table together (« −10,1EPN 5 – InformatiqueBases de… »):
        # the labels are looked for as they are, not as words
        text = _key(entry.get("text", ""))
        found = [c for k, c in labels if k and k in text]
        found = [c for c in dict.fromkeys(found) if c.casefold() not in text.split()]
        if found:
            entry["text"] = entry.get("text", "") + "\n" + " ".join(found)
            changed += 1
    search_json.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return changed
