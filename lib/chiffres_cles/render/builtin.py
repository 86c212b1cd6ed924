"""The built-in engine: the book's sources rendered with pandoc and Typst, the engines
Quarto is made of, for machines without Quarto (CI included).

* HTML: one pandoc call per chapter (html5, template `report/templates/page.html`, filter
  `report/filters/html-tables.lua`), pages named as Quarto names them, a sidebar with every
  chapter (behind a button on a narrow screen), previous/next links, the page's own list of
  tables, each table's CSV (`site/tables/`), the site's script `site.js` and, written once
  the pages are, the search index (`search.py`).
* PDF: every chapter read by pandoc (same filter, target Typst) into one document, written
  as Typst with the template `report/templates/book.typ` (whose partials typst-template.typ
  and typst-show.typ are the Quarto engine's PDF template too), compiled by the `typst`
  package with its embedded fonts only (the same PDF on every machine), as a tagged PDF
  conforming to PDF/UA-1 (`PDF_STANDARDS`: Typst checks it and refuses a document that is
  not, e.g. an image without alt text).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import unicodedata
import zlib
from html import escape
from pathlib import Path

import yaml

from . import search
from .book import REPORT_DIR, SITE_SCRIPT, Book

FILTER = REPORT_DIR / "filters" / "html-tables.lua"
PAGE_TEMPLATE = REPORT_DIR / "templates" / "page.html"
BOOK_TEMPLATE = REPORT_DIR / "templates" / "book.typ"
# The PDF is a tagged PDF conforming to PDF/UA-1 (language, title, alt text of every image,
# table headers): Typst checks the document against it when it writes the PDF.
PDF_STANDARDS = ["ua-1"]

# Pandoc Markdown's extensions, for the Markdown cells of notebooks (the ipynb reader's own
# set is GitHub-like: no fenced divs, no attributes, no implicit figures).
IPYNB_FORMAT = "ipynb" + "".join("+" + e for e in (
    "fenced_divs", "bracketed_spans", "native_divs", "native_spans", "header_attributes",
    "link_attributes", "implicit_figures", "raw_attribute", "smart", "footnotes",
    "inline_notes", "definition_lists", "fancy_lists", "startnum", "table_captions",
    "simple_tables", "multiline_tables", "grid_tables", "superscript", "subscript",
    "fenced_code_attributes", "inline_code_attributes", "escaped_line_breaks",
))


class RenderError(RuntimeError):
    """pandoc or Typst failed; the message says on which chapter."""


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def run_pandoc(args: list[str], cwd: Path, what: str) -> str:
    proc = subprocess.run([pandoc_path(), *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8")
    if proc.returncode != 0:
        raise RenderError(f"pandoc a échoué sur {what} :\n{proc.stderr.strip()}")
    for line in proc.stderr.splitlines():
        if line.strip():
            print(f"  pandoc ({what}) : {line.strip()}")
    return proc.stdout


def _reader(source: str) -> str:
    return IPYNB_FORMAT if source.endswith(".ipynb") else "markdown"


def _date_fr(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return ""


# -- HTML ------------------------------------------------------------------------------------
def _rel(target: str, from_dir: str) -> str:
    return Path(os.path.relpath(target, from_dir or ".")).as_posix()


def page_variables(book: Book, index: int, pdf_name: str, xlsx_name: str) -> dict:
    """Template variables of one page (escaped here: pandoc inserts variables verbatim)."""
    chapter = book.chapters[index]
    here = Path(chapter.html).parent.as_posix()
    here = "" if here == "." else here
    root = _rel(".", here) + "/" if here else ""

    def link(i: int) -> dict:
        c = book.chapters[i]
        item = {"href": _rel(c.html, here), "title": escape(c.title)}
        if c.appendix:
            item["appendix"] = True
        return item

    nav = []
    for i in range(len(book.chapters)):
        item = link(i)
        if i == index:
            item["current"] = True
        nav.append(item)
    v = {
        "lang": "fr",
        "pagetitle": escape(f"{chapter.title} – {book.title}"),
        "root": root,
        "book-title": escape(book.title),
        "book-subtitle": escape(book.subtitle),
        "annee": escape(book.params.N),
        "extraction": book.params.extraction_date_fr,
        "created": _date_fr(book.manifest.get("created")),
        "pdf": escape(pdf_name),
        "xlsx": escape(xlsx_name),
        "nav": nav,
    }
    if index > 0:
        v["prev"] = link(index - 1)
    if index + 1 < len(book.chapters):
        v["next"] = link(index + 1)
    return v


def render_html(book: Book, site_dir: Path, pdf_name: str, xlsx_name: str) -> Path:
    """One page per chapter into `site_dir`; returns its index.html."""
    site_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(book.dir / "styles.css", site_dir / "styles.css")
    shutil.copy2(book.dir / SITE_SCRIPT, site_dir / SITE_SCRIPT)
    for folder in ("figures", "tables"):   # the charts, the tables' CSV files
        if (book.dir / folder).is_dir():
            shutil.copytree(book.dir / folder, site_dir / folder, dirs_exist_ok=True)
    defaults_dir = book.dir / ".pandoc"
    defaults_dir.mkdir(exist_ok=True)
    for i, chapter in enumerate(book.chapters):
        out = site_dir / chapter.html
        out.parent.mkdir(parents=True, exist_ok=True)
        defaults = defaults_dir / f"page-{i:02d}.yaml"
        defaults.write_text(yaml.safe_dump(
            {"variables": page_variables(book, i, pdf_name, xlsx_name)},
            allow_unicode=True, sort_keys=True), encoding="utf-8")
        run_pandoc([
            chapter.source, "--from", _reader(chapter.source), "--to", "html5", "--standalone",
            "--template", str(PAGE_TEMPLATE), "--lua-filter", str(FILTER),
            "--defaults", str(defaults), "--metadata", "cc-target=html",
            "--metadata", f"cc-root={_root(chapter)}", "--metadata", f"cc-xlsx={xlsx_name}",
            "--wrap", "none", "--output", str(out),
        ], cwd=book.dir, what=chapter.source)
    shutil.rmtree(defaults_dir)
    search.write_index(site_dir, search.reference_codes(book.manifest))
    return site_dir / "index.html"


def _root(chapter) -> str:
    """The path from a chapter's page to the site's root (« » or « ../ »)."""
    return "../" * (len(Path(chapter.html).parts) - 1)


# -- PDF -------------------------------------------------------------------------------------
def typst_source(book: Book) -> Path:
    """The whole book as one Typst document `<book>/<name>.typ` (kept for inspection)."""
    blocks: list = []
    api = None
    for chapter in book.pdf_chapters:  # the pages of the site only are left out
        base = Path(chapter.source).parent.as_posix()
        args = [chapter.source, "--from", _reader(chapter.source), "--to", "json",
                "--lua-filter", str(FILTER), "--metadata", "cc-target=typst"]
        if base != ".":
            args += ["--metadata", f"cc-base={base}"]
        doc = json.loads(run_pandoc(args, cwd=book.dir, what=chapter.source))
        api = doc["pandoc-api-version"]
        blocks.extend(doc["blocks"])
    merged = book.dir / f"{book.output_name}.json"
    merged.write_text(json.dumps({"pandoc-api-version": api, "meta": {}, "blocks": blocks},
                                 ensure_ascii=False), encoding="utf-8")
    typ = book.dir / f"{book.output_name}.typ"
    p = book.params
    run_pandoc([
        merged.name, "--from", "json", "--to", "typst", "--standalone",
        "--template", str(BOOK_TEMPLATE),
        "--metadata", f"title={book.title}", "--metadata", f"subtitle={book.subtitle}",
        "--metadata", f"annee={p.N}", "--metadata", f"extraction={p.extraction_date_fr}",
        "--metadata", "lang=fr", "--wrap", "none", "--output", typ.name,
    ], cwd=book.dir, what="le livre (Typst)")
    merged.unlink()
    return typ


_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def pdf_characters(pdf: bytes) -> set[str]:
    """Characters the PDF's fonts draw (from their ToUnicode maps)."""
    chars: set[str] = set()
    for match in _STREAM.finditer(pdf):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        for block in _BFCHAR.findall(data):
            for _, uni in _PAIR.findall(block):
                chars.update(bytes.fromhex(uni.decode()).decode("utf-16-be", "replace"))
    return chars


def missing_glyphs(typ_source: str, pdf: bytes) -> set[str]:
    """Non-ASCII characters of the Typst source that no font of the PDF draws: Typst drops
    a character none of its fonts has, silently."""
    text = "\n".join(line for line in typ_source.splitlines() if not line.lstrip().startswith("//"))
    wanted = {ch for ch in text if ord(ch) > 127 and unicodedata.category(ch) not in ("Cf", "Cc", "Zl", "Zp")}
    return wanted - pdf_characters(pdf)


def compile_pdf(typ: Path, pdf: Path, root: Path) -> Path:
    import typst

    try:
        _, warnings = typst.compile_with_warnings(
            str(typ), output=str(pdf), root=str(root), font_paths=[], ignore_system_fonts=True,
            pdf_standards=PDF_STANDARDS)
    except Exception as exc:  # typst.TypstError carries the diagnostics
        raise RenderError(f"Typst n'a pas pu compiler {typ.name} :\n{exc}") from exc
    for w in warnings or ():
        print(f"  avertissement Typst : {getattr(w, 'message', w)}")
    missing = missing_glyphs(typ.read_text(encoding="utf-8"), pdf.read_bytes())
    if missing:
        shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in sorted(missing))
        print(f"  avertissement : caractères absents des polices du PDF : {shown}")
    return pdf


def render(book: Book, work_dir: Path, pdf_name: str, xlsx_name: str) -> tuple[Path, Path]:
    """HTML site into `work_dir/site`, PDF into `work_dir/pdf_name`."""
    print(f"  · HTML : {len(book.chapters)} pages (pandoc)")
    render_html(book, work_dir / "site", pdf_name, xlsx_name)
    print("  · PDF : document Typst (pandoc), compilation (Typst)")
    typ = typst_source(book)
    pdf = compile_pdf(typ, work_dir / pdf_name, root=book.dir)
    return work_dir / "site", pdf
