"""Assemble the book's sources in `<ed>/book/`: the same sources for Quarto and the built-in
engine.

    book/
      _quarto.yml            the project's `_quarto.yml`, completed for the edition
      index.md               preface (with the key figures)
      concepts.md            « Concepts, sources et périmètres »
      notebooks/NN_slug.ipynb  executed section notebooks, cleaned
      qa.md                  appendix « Qualité des données » (counts per rule)
      figures/G01.svg …      charts (notebooks link them as ../figures/G01.svg)
      tables/T01.csv …       each table's CSV, linked under the table in the site
      styles.css             the HTML stylesheet
      site.js                the script of the built-in engine's site (contents button, search)
      report/…               the files _quarto.yml names: the Lua filter, the Typst partials

Cleaning a notebook (what the publication shows of it): cells tagged `parameters` or
`injected-parameters` are dropped; code cells lose their source and keep only their
`display_data` / `execute_result` outputs of type `text/html` (a table) and `text/markdown`
(prose, notes, charts); streams, errors and `text/plain` are never published.
"""
from __future__ import annotations

import csv
import importlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from .. import invariants, outliers, revisions
from ..formatting import fmt_int
from ..params import PROJECT_ROOT, EditionParams, load_params, make_params
from ..rule_report import LEVEL as RULE_LEVEL
from ..sections import SECTIONS, TITLES, title

REPORT_DIR = PROJECT_ROOT / "report"
QUARTO_BASE = PROJECT_ROOT / "_quarto.yml"
SITE_SCRIPT = "site.js"
HIDDEN_TAGS = {"parameters", "injected-parameters"}
PUBLISHED_MIME = ("text/html", "text/markdown")
AUTHOR = "Observatoire des études et carrières – Cnam"
DOWNLOADS = "Télécharger"


class BookError(RuntimeError):
    """The build folder cannot make a book (missing manifest, unreadable notebook…)."""


@dataclass(frozen=True)
class Chapter:
    source: str          # path relative to the book folder: "index.md", "notebooks/01_x.ipynb"
    title: str           # its level-1 heading
    appendix: bool = False
    html_only: bool = False  # a page of the site only (« Révisions »): the engines leave it out of the PDF

    @property
    def format(self) -> str:
        return "ipynb" if self.source.endswith(".ipynb") else "markdown"

    @property
    def html(self) -> str:
        """Its page in the site, as Quarto names it."""
        return str(Path(self.source).with_suffix(".html").as_posix())


@dataclass
class Book:
    edition: int
    dir: Path
    params: EditionParams
    manifest: dict
    chapters: list[Chapter] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Chiffres clés {self.edition}"

    @property
    def subtitle(self) -> str:
        return AUTHOR

    @property
    def output_name(self) -> str:
        return f"chiffres-cles-{self.edition}"

    @property
    def pdf_chapters(self) -> list[Chapter]:
        """The chapters of the PDF: all but the pages of the site only (`html_only`)."""
        return [c for c in self.chapters if not c.html_only]


# -- notebooks ---------------------------------------------------------------------------
def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What the publication shows of an executed notebook (see the module docstring)."""
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & HIDDEN_TAGS:
            continue
        if cell.cell_type == "code":
            cell.source = ""
            outputs = []
            for out in cell.get("outputs", []):
                if out.output_type not in ("display_data", "execute_result"):
                    continue
                data = {k: v for k, v in out.get("data", {}).items() if k in PUBLISHED_MIME}
                if not data:
                    continue
                out.data = data
                out.metadata = {}
                outputs.append(out)
            cell.outputs = outputs
        cells.append(cell)
    nb.cells = cells
    return nb


def _first_heading(markdown: str) -> str | None:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip().rstrip("#").strip()
    return None


def _notebook_title(nb: nbformat.NotebookNode, default: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = _first_heading(cell.source)
            if found:
                return found
    return default


# -- inputs of the build folder ------------------------------------------------------------
def read_manifest(ed_dir: Path) -> dict:
    path = ed_dir / "manifest.json"
    if not path.exists():
        raise BookError(f"{path} absent : lancez d'abord « chiffres-cles run ».")
    return json.loads(path.read_text(encoding="utf-8"))


def edition_params(edition: int, manifest: dict) -> EditionParams:
    values = manifest.get("params")
    return make_params(values) if values else load_params(edition)


def read_keyfigures(ed_dir: Path) -> dict[str, dict]:
    """Key figures of every section, keyed by section number: {"01": {"name": {...}}, …}."""
    out = {}
    for path in sorted((ed_dir / "keyfigures").glob("*.json")):
        out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return out


def table_titles(p: EditionParams) -> list[tuple[int, str]]:
    """(number, title) of every table of the registry (all 69 while it is incomplete)."""
    from ..tables.registry import registry

    numbers = sorted(registry()) or sorted(TITLES)
    return [(n, title(n, p)) for n in numbers]


def reference_for(manifest: dict):
    from ..reference import Reference

    data_dir = manifest.get("data_dir")
    override = Path(data_dir) / "reference" if data_dir else None
    return Reference(override if override is not None and override.is_dir() else None)


def qa_markdown(qa_csv: Path, p: EditionParams | None = None) -> str:
    """Appendix « Qualité des données »: validation warnings counted per rule, no examples
    (they may hold identifiers); then the table « Règles de comptage appliquées », the rows of
    level `regle` of qa.csv (how many rows, or cells for « ns », each counting rule acted on,
    by year or table; written by `rule_report`), in their order; then the part « Contrôles de
    cohérence entre tableaux », the rows of level `controle` (`invariants`)."""
    rows = []
    if qa_csv.exists():
        with qa_csv.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))

    def number(r: dict) -> int:
        try:
            return int(float(r.get("nombre") or 0))
        except ValueError:
            return 0

    def cell(text: str) -> str:
        return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    counts: dict[tuple, list] = {}
    applied = []
    for r in rows:
        if r.get("niveau", "") in (outliers.LEVEL, invariants.LEVEL):   # their own parts, below
            continue
        if r.get("niveau", "") == RULE_LEVEL:
            if number(r) > 0:
                applied.append(r)
            continue
        key = (r.get("niveau", ""), r.get("regle", ""), r.get("fichier", ""), r.get("colonne", ""))
        if key in counts:
            counts[key][0] += number(r)
        else:
            counts[key] = [number(r), r.get("message", "")]
    lines = [
        "# Qualité des données",
        "",
        "Avant tout calcul, l'extraction est validée. Les anomalies qui n'empêchent pas la "
        "production des tableaux sont comptées et listées ci-dessous, règle par règle ; "
        "les exemples (identifiants) ne sont pas publiés.",
        "",
    ]
    if not counts:
        lines.append("Aucune anomalie n'a été relevée dans l'extraction.")
    else:
        lines += ["| Niveau | Règle | Fichier | Colonne | Nombre | Message |",
                  "|:--|:--|:--|:--|--:|:--|"]
        for (niveau, regle, fichier, colonne), (n, message) in sorted(counts.items()):
            lines.append(f"| {cell(niveau)} | {cell(regle)} | {cell(fichier)} | {cell(colonne)} "
                         f"| {fmt_int(n)} | {cell(message)} |")
    if any(r.get("niveau", "") == RULE_LEVEL for r in rows):
        lines += ["", "## Règles de comptage appliquées", "",
                  "Certaines règles de comptage modifient ou écartent des lignes de l'extraction. Pour chacune, "
                  "le tableau donne le nombre de lignes sur lesquelles elle a joué, année par année ; pour les "
                  "petits effectifs, le nombre de cellules affichées « ns » dans chaque tableau.", ""]
        if applied:
            lines += ["| Règle | Données | Année ou tableau | Nombre | Effet |", "|:--|:--|:--|--:|:--|"]
            for r in applied:
                lines.append(f"| {cell(r.get('regle', ''))} | {cell(r.get('fichier', ''))} | "
                             f"{cell(r.get('colonne', ''))} | {fmt_int(number(r))} | {cell(r.get('message', ''))} |")
        else:
            lines.append("Aucune de ces règles n'a modifié ni écarté de ligne.")
    lines += outliers.qa_markdown_lines([r for r in rows if r.get("niveau", "") == outliers.LEVEL], p, cell)
    lines += invariants.qa_markdown_lines([r for r in rows if r.get("niveau", "") == invariants.LEVEL], cell)
    return "\n".join(lines) + "\n"


# -- Quarto configuration ------------------------------------------------------------------
def quarto_base() -> dict:
    return yaml.safe_load(QUARTO_BASE.read_text(encoding="utf-8")) or {}


def quarto_config(book: Book, base: dict | None = None) -> dict:
    """The project's `_quarto.yml`, completed for the edition: title, output file, chapters,
    appendix, the « Télécharger » links of the site (the PDF and the workbook, copied
    beside the pages by `render_edition`) and the workbook's name for the links under each
    table (`cc-xlsx`, read by html-tables.lua)."""
    if base is None:
        base = quarto_base()
    config = json.loads(json.dumps(base))  # deep copy
    config["cc-xlsx"] = f"{book.output_name}.xlsx"   # the workbook, linked under each table (html-tables.lua)
    b = config.setdefault("book", {})
    b["title"] = book.title
    b["subtitle"] = book.subtitle
    b.setdefault("author", AUTHOR)
    b["output-file"] = book.output_name
    b["chapters"] = [c.source for c in book.chapters if not c.appendix]
    appendices = [c.source for c in book.chapters if c.appendix]
    if appendices:
        b["appendices"] = appendices
    else:
        b.pop("appendices", None)
    sidebar = b.setdefault("sidebar", {})
    footer = sidebar.get("footer") or []
    sidebar["footer"] = [*([footer] if isinstance(footer, str) else footer), downloads_markdown(book)]
    return config


def downloads_markdown(book: Book) -> str:
    """The « Télécharger » links of the site's sidebar (Quarto: `book.sidebar.footer`; links
    from the site's root, which Quarto makes relative to each page)."""
    return (f"::: {{.cc-downloads}}\n**{DOWNLOADS}**\n\n"
            f"- [Publication (PDF)](/{book.output_name}.pdf)\n"
            f"- [Annexe statistique (Excel)](/{book.output_name}.xlsx)\n:::\n")


def quarto_support_files(config: dict) -> list[str]:
    """Files of the project that `_quarto.yml` names, relative to the project's root: its
    Lua filters and the Typst template partials of the PDF."""
    names = [f for f in config.get("filters", []) if isinstance(f, str) and f.endswith(".lua")]
    typst = (config.get("format") or {}).get("typst") or {}
    partials = typst.get("template-partials") or []
    names += [partials] if isinstance(partials, str) else list(partials)
    return names


def write_quarto_config(book: Book) -> Path:
    path = book.dir / "_quarto.yml"
    text = yaml.safe_dump(quarto_config(book), allow_unicode=True, sort_keys=False)
    path.write_text("# Généré par chiffres-cles render à partir de _quarto.yml : ne pas modifier.\n"
                    + text, encoding="utf-8")
    return path


# -- assembling ------------------------------------------------------------------------------
def _chapters_module():
    return importlib.import_module("chiffres_cles.render.chapters")


def assemble_book(edition: int, ed_dir: Path, book_dir: Path | None = None) -> Book:
    """Write the book's sources into `book_dir` (default `<ed>/book/`, emptied first)."""
    ed_dir = Path(ed_dir)
    book_dir = Path(book_dir) if book_dir is not None else ed_dir / "book"
    manifest = read_manifest(ed_dir)
    p = edition_params(edition, manifest)
    if book_dir.exists():
        shutil.rmtree(book_dir)
    (book_dir / "notebooks").mkdir(parents=True)
    book = Book(edition=edition, dir=book_dir, params=p, manifest=manifest)

    chapters = _chapters_module()
    preface = chapters.preface_markdown(p, read_keyfigures(ed_dir), manifest)
    concepts = chapters.concepts_markdown(p, reference_for(manifest), table_titles(p))
    for name, text, default in (("index.md", preface, "Préface"),
                                ("concepts.md", concepts, "Concepts, sources et périmètres")):
        (book_dir / name).write_text(text, encoding="utf-8")
        book.chapters.append(Chapter(name, _first_heading(text) or default))

    for section in SECTIONS:
        src = ed_dir / "notebooks" / section.notebook
        if not src.exists():
            continue
        try:
            nb = nbformat.read(src, as_version=4)
        except Exception as exc:  # nbformat raises several kinds for a broken file
            raise BookError(f"carnet illisible : {src} ({exc})") from exc
        nb = clean_notebook(nb)
        nbformat.write(nb, book_dir / "notebooks" / section.notebook)
        book.chapters.append(Chapter(f"notebooks/{section.notebook}",
                                     _notebook_title(nb, section.heading)))

    qa = qa_markdown(ed_dir / "qa.csv", p)
    (book_dir / "qa.md").write_text(qa, encoding="utf-8")
    book.chapters.append(Chapter("qa.md", "Qualité des données", appendix=True))
    if (ed_dir / revisions.REVISIONS_CSV).exists():  # written by « chiffres-cles compare »: site only
        (book_dir / revisions.PAGE_SOURCE).write_text(revisions.page_markdown(ed_dir, p), encoding="utf-8")
        book.chapters.append(Chapter(revisions.PAGE_SOURCE, revisions.PAGE_TITLE, appendix=True, html_only=True))

    if (ed_dir / "figures").is_dir():
        shutil.copytree(ed_dir / "figures", book_dir / "figures")
    else:
        (book_dir / "figures").mkdir()
    (book_dir / "tables").mkdir()
    for csv_file in sorted((ed_dir / "tables").glob("T*.csv")):
        shutil.copy2(csv_file, book_dir / "tables" / csv_file.name)
    shutil.copy2(REPORT_DIR / "styles.css", book_dir / "styles.css")
    shutil.copy2(REPORT_DIR / SITE_SCRIPT, book_dir / SITE_SCRIPT)
    for name in quarto_support_files(quarto_base()):   # the filter and template partials it names
        (book_dir / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT_ROOT / name, book_dir / name)
    write_quarto_config(book)
    return book
