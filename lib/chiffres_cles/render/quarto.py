"""The Quarto engine (Quarto 1.5 and later; run with 1.10.18): what editors use when `quarto`
is on the PATH.

* HTML: the book folder assembled by `book.py` is a Quarto book project (its `_quarto.yml` is
  the project's, completed for the edition): `quarto render <book> --to html`, and `_book/`
  becomes the site.
* PDF: not the book. Since Quarto 1.9 a book rendered to Typst always uses Quarto's bundled
  book template, whatever the format's settings. The chapters are combined instead into one
  notebook, `<name>.ipynb`, in a Quarto project of its own (`_quarto.yml` of type `default`
  with the `typst` format of the project's `_quarto.yml`: the project's Typst template
  partials and Lua filter, shared with the built-in engine), and `quarto render` makes the
  PDF of it. That project, with the Typst source Quarto wrote (`keep-typ`), is kept in
  `<book>/_pdf/`, which the book ignores (leading underscore).

Quarto's messages (its standard error) are shown even when it succeeds, less its progress
lines.

What the project adds to Quarto's site (`finish_site`): a name for the sidebar's navigation
landmark (Quarto leaves it unnamed beside its other `nav`), and to Quarto's search index
(`search.json`) the codes of the centres and EPN whose labels an entry holds. The PDF is a
tagged PDF conforming to PDF/UA-1 (`pdf-standard: ua-1` of `_quarto.yml`, checked by Typst).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat
import yaml

from . import search
from .book import Book, quarto_base, quarto_support_files, write_quarto_config
from .builtin import missing_glyphs

PDF_DIR = "_pdf"


class QuartoError(RuntimeError):
    pass


def quarto_path() -> str | None:
    return shutil.which("quarto")


def quarto_version(quarto: str) -> str:
    try:
        proc = subprocess.run([quarto, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "?"
    return proc.stdout.strip() or "?"


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Progress of `quarto render`, not worth showing: the file being rendered, pandoc's echo of
# its options and of the metadata (an indented block under « pandoc » / « metadata »), the
# Typst compilation, the output written.
_PROGRESS = re.compile(r"^\[\s*\d+/\d+\]\s|^\[typst\]: Compiling .*DONE\s*$|^Output created: ")
_ECHO_HEADERS = ("pandoc", "metadata")
# Known and harmless: the offline build of Quarto used by this project's development machines
# and CI (../shared/tools/quarto) has no typst-gather, and says so at every Typst render; nor
# veraPDF, which Quarto would run after Typst on a PDF with a `pdf-standard` (Typst has checked
# the PDF/UA-1 rules it knows when it wrote the PDF).
_HARMLESS = re.compile(r"typst-gather (analyze failed|binary not found)|^Run \./configure\.sh to build"
                       r"|PDF standard validation requested but verapdf is not installed"
                       r"|^Install with: quarto install verapdf|^Standards requested: ")


def quarto_messages(stderr: str) -> list[str]:
    """The lines of Quarto's standard error worth showing (warnings, errors, anything
    unknown), less its progress."""
    out, echo = [], False
    for raw in stderr.splitlines():
        line = _ANSI.sub("", raw).rstrip()
        if line.strip() in _ECHO_HEADERS:
            echo = True
            continue
        if echo:
            if line.startswith((" ", "\t")) or not line.strip():
                echo = bool(line.strip())
                continue
            echo = False
        if not line.strip() or _PROGRESS.search(line) or _HARMLESS.search(line):
            continue
        out.append(line)
    return out


def _run(args: list[str], cwd: Path, what: str) -> None:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          errors="replace")
    if proc.returncode != 0:
        raise QuartoError(f"« {' '.join(args[1:])} » a échoué :\n{proc.stderr.strip()[-4000:]}")
    for line in quarto_messages(proc.stderr):
        print(f"  quarto ({what}) : {line}")


# -- the PDF: one document -------------------------------------------------------------------
def _markdown_cell(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text)


def combined_notebook(book: Book) -> nbformat.NotebookNode:
    """Every chapter of the PDF in one notebook, in their order: a Markdown chapter as a
    Markdown cell, a notebook as its (cleaned) cells; each chapter in a div whose `cc-base`
    is its folder, for its images (html-tables.lua)."""
    nb = nbformat.v4.new_notebook()
    kernelspec = None
    cells = []
    for chapter in book.pdf_chapters:  # the pages of the site only are left out
        folder = Path(chapter.source).parent.as_posix()
        cells.append(_markdown_cell(f':::: {{cc-base="{folder}"}}'))
        if chapter.format == "ipynb":
            source = nbformat.read(book.dir / chapter.source, as_version=4)
            kernelspec = kernelspec or source.metadata.get("kernelspec")
            cells.extend(source.cells)
        else:
            cells.append(_markdown_cell((book.dir / chapter.source).read_text(encoding="utf-8")))
        cells.append(_markdown_cell("::::"))
    for i, cell in enumerate(cells):
        cell["id"] = f"cc-{i:04d}"
    nb.cells = cells
    nb.metadata["kernelspec"] = kernelspec or {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}
    return nb


def pdf_config(book: Book, base: dict | None = None) -> dict:
    """`_quarto.yml` of the PDF: a single-document project with the `typst` format, the
    filters and the language of the project's `_quarto.yml` (same relative paths: the
    folder holds copies of the files they name), and the variables of the template (title,
    subtitle, annee, extraction)."""
    base = quarto_base() if base is None else base
    p = book.params
    return {
        "project": {"type": "default"},
        "lang": base.get("lang", "fr"),
        "execute": base.get("execute", {"enabled": False, "echo": False}),
        "filters": base.get("filters", []),
        "title": book.title,
        "subtitle": book.subtitle,
        "annee": p.N,
        "extraction": p.extraction_date_fr,
        "format": {"typst": (base.get("format") or {}).get("typst") or {}},
    }


def write_pdf_project(book: Book, folder: Path) -> Path:
    """The PDF's Quarto project in `folder`, self-contained: its `_quarto.yml`, copies of the
    filter and template partials it names, of the figures (Typst reads no file outside the
    project's folder), and the combined notebook, which it returns."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    base = quarto_base()
    for name in quarto_support_files(base):
        source = book.dir / name
        if not source.exists():
            raise QuartoError(f"fichier absent du livre : {source}")
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, folder / name)
    text = yaml.safe_dump(pdf_config(book, base), allow_unicode=True, sort_keys=False)
    (folder / "_quarto.yml").write_text(
        "# Généré par chiffres-cles render : le PDF, un document Quarto (pas un livre).\n" + text,
        encoding="utf-8")
    if (book.dir / "figures").is_dir():
        shutil.copytree(book.dir / "figures", folder / "figures")
    notebook = folder / f"{book.output_name}.ipynb"
    nbformat.write(combined_notebook(book), notebook)
    return notebook


def render_pdf(quarto: str, book: Book, pdf: Path) -> Path:
    """The PDF into `pdf`; its Quarto project (with the Typst source) kept in `<book>/_pdf/`.

    Quarto ignores every file of a project whose path has a hidden folder in it, as the
    render's work folder `.rendu-*` is: the project is rendered in a temporary folder."""
    tmp = Path(tempfile.mkdtemp(prefix="chiffres-cles-pdf-"))
    try:
        if any(part.startswith(".") for part in tmp.resolve().parts):
            raise QuartoError(f"dossier temporaire caché ({tmp}) : Quarto n'y rendrait rien ; "
                              "définissez TMPDIR.")
        notebook = write_pdf_project(book, tmp / PDF_DIR)
        _run([quarto, "render", notebook.name, "--to", "typst"], cwd=notebook.parent, what="PDF")
        produced = notebook.with_suffix(".pdf")
        if not produced.exists():
            raise QuartoError(f"Quarto n'a pas produit {produced.name}")
        typ = notebook.with_suffix(".typ")
        if typ.exists():  # as the built-in engine: Typst drops a character no font has, silently
            missing = missing_glyphs(typ.read_text(encoding="utf-8"), produced.read_bytes())
            if missing:
                shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in sorted(missing))
                print(f"  avertissement : caractères absents des polices du PDF : {shown}")
        shutil.move(str(produced), str(pdf))
        shutil.rmtree(book.dir / PDF_DIR, ignore_errors=True)
        shutil.copytree(notebook.parent, book.dir / PDF_DIR, ignore=shutil.ignore_patterns(".quarto", "*_files"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return pdf


# -- the HTML site ----------------------------------------------------------------------------
SIDEBAR = '<nav id="quarto-sidebar" '
SIDEBAR_LABEL = 'aria-label="Sommaire de la publication" '


def finish_site(site: Path, codes: dict[str, str]) -> None:
    """What the project adds to Quarto's site (see the module docstring)."""
    for page in site.rglob("*.html"):
        if "site_libs" in page.relative_to(site).parts:
            continue
        html = page.read_text(encoding="utf-8")
        if SIDEBAR in html and SIDEBAR + SIDEBAR_LABEL not in html:
            page.write_text(html.replace(SIDEBAR, SIDEBAR + SIDEBAR_LABEL, 1), encoding="utf-8")
    search.add_codes_to_quarto(site / "search.json", codes)


def render(book: Book, work_dir: Path, pdf_name: str, xlsx_name: str) -> tuple[Path, Path]:
    """HTML site into `work_dir/site`, PDF into `work_dir/pdf_name`."""
    quarto = quarto_path()
    if quarto is None:
        raise QuartoError("quarto est introuvable (PATH) : utilisez --engine builtin.")
    print(f"  · Quarto {quarto_version(quarto)}")
    write_quarto_config(book)
    out = book.dir / "_book"
    print("  · HTML : le livre (quarto render --to html)")
    _run([quarto, "render", str(book.dir), "--to", "html"], cwd=book.dir, what="HTML")
    site = work_dir / "site"
    shutil.move(str(out), str(site))
    finish_site(site, search.reference_codes(book.manifest))
    print("  · PDF : les chapitres en un document (quarto render --to typst)")
    pdf = render_pdf(quarto, book, work_dir / pdf_name)
    return site, pdf
