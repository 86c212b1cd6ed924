"""The Quarto engine gives the same publication as the built-in engine.

One small synthetic edition is built once for the session (`run`, then `render` twice: the
built-in engine in one build folder, Quarto in a copy of it). The tests that need Quarto are
skipped, with the reason, when `quarto` is not on the PATH; the unit tests of quarto.py run
everywhere.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml
from pypdf import PdfReader

from chiffres_cles.cli import main
from chiffres_cles.params import load_params, make_params
from chiffres_cles.render import quarto
from chiffres_cles.render.book import QUARTO_BASE, Book, Chapter, quarto_config
from chiffres_cles.sections import title
from chiffres_cles.synth import generate

pytestmark = pytest.mark.slow

EDITION = 2023
NAME = f"chiffres-cles-{EDITION}"
needs_quarto = pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="quarto n'est pas dans le PATH (voir README, « Les deux moteurs de rendu »)")

# A label Quarto would add to a caption: « Table 3.1 », « Figure 4.1: », « Tableau 2.1 ».
QUARTO_LABEL = re.compile(r"\b(?:Table|Figure|Tableau|Graphique|Figura)\s+\d+\.\d+\b")


# -- the session's build -----------------------------------------------------------------------
@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    """(built-in edition folder, Quarto edition folder): same executed notebooks, two renders."""
    if shutil.which("quarto") is None:
        pytest.skip("quarto n'est pas dans le PATH")
    root = tmp_path_factory.mktemp("quarto")
    data = root / "synthetic"
    generate(data, scale=0.03, seed=7)
    builtin_dir, quarto_dir = root / "builtin", root / "quarto"
    assert main(["run", "--edition", str(EDITION), "--data", str(data),
                 "--build-dir", str(builtin_dir), "--jobs", "2"]) == 0
    shutil.copytree(builtin_dir, quarto_dir)
    with pytest.MonkeyPatch.context() as mp:
        if not os.environ.get("QUARTO_PYTHON"):
            mp.setenv("QUARTO_PYTHON", sys.executable)
        assert main(["render", "--edition", str(EDITION), "--build-dir", str(quarto_dir),
                     "--engine", "quarto"]) == 0
    assert main(["render", "--edition", str(EDITION), "--build-dir", str(builtin_dir),
                 "--engine", "builtin"]) == 0
    return builtin_dir / f"cc{EDITION}", quarto_dir / f"cc{EDITION}"


def _norm(text: str) -> str:
    text = text.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


def _pdf_pages(pdf: Path) -> list[str]:
    return [_norm(page.extract_text() or "") for page in PdfReader(pdf).pages]


def _pages(ed: Path) -> dict[str, str]:
    site = ed / "site"
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html")) if "site_libs" not in p.parts}


def _captions(ed: Path) -> list[str]:
    p = load_params(EDITION)
    numbers = sorted(int(f.stem[1:]) for f in (ed / "tables").glob("T*.json"))
    assert numbers, "aucun tableau construit"
    return [f"Tableau {n} : {title(n, p)}" for n in numbers]


class _Tables(HTMLParser):
    """Every <table> of a page: id → rows of (tag, text, colspan, rowspan, row class)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list] = {}
        self.current = self.row = self.cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.current = self.tables.setdefault(a.get("id") or f"#{len(self.tables)}", [])
        elif self.current is not None and tag == "tr":
            self.row = (a.get("class") or "", [])
            self.current.append(self.row)
        elif self.row is not None and tag in ("td", "th"):
            self.cell = [tag, "", a.get("colspan", "1"), a.get("rowspan", "1"), a.get("scope")]
            self.row[1].append(self.cell)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.cell[1] = _norm(self.cell[1])
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data


def _tables(ed: Path) -> dict[str, list]:
    out: dict[str, list] = {}
    for name, html in _pages(ed).items():
        parser = _Tables()
        parser.feed(html)
        for key, rows in parser.tables.items():
            out[f"{name}{key}" if key.startswith("#") else key] = rows
    return out


# -- Quarto against the built-in engine ----------------------------------------------------------
@needs_quarto
def test_quarto_html_and_pdf_hold_every_caption_with_no_label_of_quarto(builds):
    _, ed = builds
    html = _norm(unescape(" ".join(_pages(ed).values())))
    pdf = " ".join(_pdf_pages(ed / f"{NAME}.pdf"))
    for caption in _captions(ed):
        assert _norm(caption) in html, caption
        assert _norm(caption)[:60] in pdf, caption
    charts = sorted(set(re.findall(r"Graphique \d+ :", pdf)))
    assert charts and all(c in html for c in charts)
    assert not QUARTO_LABEL.search(pdf), QUARTO_LABEL.search(pdf)
    assert not QUARTO_LABEL.search(html), QUARTO_LABEL.search(html)
    assert "Tableau 1 : Tableau 1" not in pdf and "Table des matières" not in pdf


@needs_quarto
def test_quarto_pdf_is_the_projects_book(builds):
    builtin_ed, ed = builds
    ours, theirs = _pdf_pages(builtin_ed / f"{NAME}.pdf"), _pdf_pages(ed / f"{NAME}.pdf")
    assert abs(len(theirs) - len(ours)) <= 0.1 * len(ours), (len(theirs), len(ours))
    # the cover, then « Sommaire », chapters not numbered
    assert theirs[0].startswith(f"Chiffres clés {EDITION}") and "Année universitaire" in theirs[0]
    assert theirs[1].startswith("Sommaire")
    assert not re.search(r"\b1\.1\s", theirs[1])
    # the same fonts as the built-in engine's PDF
    assert _fonts(ed / f"{NAME}.pdf") == _fonts(builtin_ed / f"{NAME}.pdf")
    # Quarto's Typst source: the project's partials, the filter's tables, no float of Quarto's
    typ = (ed / "book" / "_pdf" / f"{NAME}.typ").read_text(encoding="utf-8")
    assert "#outline(title: [Sommaire]" in typ and "#let cc-notes(" in typ
    assert "quarto-float" not in typ
    assert typ.count("#set table(fill:") == len(_captions(ed))   # every table styled by the filter


def _fonts(pdf: Path) -> set[str]:
    fonts = set()
    for page in PdfReader(pdf).pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            name = str(font.get_object().get("/BaseFont", ""))
            fonts.add(name.split("+", 1)[-1])
    return fonts


@needs_quarto
def test_table_cells_are_identical_between_the_engines(builds):
    builtin_ed, ed = builds
    ours, theirs = _tables(builtin_ed), _tables(ed)
    ids = {f"t{n:02d}" for n in (int(f.stem[1:]) for f in (ed / "tables").glob("T*.json"))}
    assert ids <= set(theirs)
    assert {k: v for k, v in theirs.items() if k in ids} == {k: v for k, v in ours.items() if k in ids}
    assert sum(len(rows) for rows in theirs.values()) == sum(len(rows) for rows in ours.values())


@needs_quarto
def test_quarto_site_scrolls_wide_tables_and_offers_the_downloads(builds):
    _, ed = builds
    site = ed / "site"
    css = (site / "styles.css").read_text(encoding="utf-8")
    assert re.search(r"\.cc-table-scroll\s*\{[^}]*overflow-x:\s*auto", css)
    for name, html in _pages(ed).items():
        assert html.count('<div class="cc-table-scroll"') == html.count("<table class=\"cc-table\""), name
        page = site / name
        for target in (f"{NAME}.pdf", f"{NAME}.xlsx"):
            links = re.findall(rf'href="([^"]*{re.escape(target)})"', html)
            assert links, (name, target)
            assert all((page.parent / link).resolve() == (site / target).resolve() for link in links)
        assert "Télécharger" in html
    for target in (f"{NAME}.pdf", f"{NAME}.xlsx"):
        assert (site / target).exists()


# -- unit tests of quarto.py (no Quarto needed) ---------------------------------------------------
STDERR = """\x1b[1mpandoc \x1b[22m
  to: typst
  output-file: chiffres-cles-2023.typ
  standalone: true

\x1b[1mmetadata\x1b[22m
  lang: fr
  title: Chiffres clés 2023

[ 1/16] index.md
\x1b[33mWARN: typst-gather analyze failed; staging all packages as fallback: typst-gather binary not found.
Run ./configure.sh to build and install it.\x1b[39m
\x1b[33mWARN (filters/x.lua:3) Unable to resolve crossref @tbl-x\x1b[39m
[typst]: Compiling chiffres-cles-2023.typ to chiffres-cles-2023.pdf...DONE

Output created: chiffres-cles-2023.pdf
"""


def test_quarto_messages_keep_the_warnings_not_the_progress():
    assert quarto.quarto_messages(STDERR) == ["WARN (filters/x.lua:3) Unable to resolve crossref @tbl-x"]
    assert quarto.quarto_messages("something new\n") == ["something new"]


def _small_book(tmp_path: Path) -> Book:
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "index.md").write_text("# Préface\n\nTexte.\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Section\n\n![Graphique 1 : x](../figures/G01.svg)")]
    nbformat.write(nb, tmp_path / "notebooks" / "01_x.ipynb")
    return Book(edition=EDITION, dir=tmp_path, manifest={},
                params=make_params({"edition": EDITION, "extraction_date": "2024-04-05"}),
                chapters=[Chapter("index.md", "Préface"), Chapter("notebooks/01_x.ipynb", "Section"),
                          Chapter("qa.md", "Qualité des données", appendix=True)])


def test_combined_notebook_keeps_the_chapters_in_order_with_their_folder(tmp_path):
    book = _small_book(tmp_path)
    (tmp_path / "qa.md").write_text("# Qualité des données\n", encoding="utf-8")
    nb = quarto.combined_notebook(book)
    sources = [c.source for c in nb.cells]
    assert sources == [':::: {cc-base="."}', "# Préface\n\nTexte.\n", "::::",
                       ':::: {cc-base="notebooks"}', "# Section\n\n![Graphique 1 : x](../figures/G01.svg)",
                       "::::", ':::: {cc-base="."}', "# Qualité des données\n", "::::"]
    assert len({c.id for c in nb.cells}) == len(nb.cells)
    nbformat.validate(nb)


def test_pdf_config_is_a_single_document_with_the_projects_typst_format(tmp_path):
    book = _small_book(tmp_path)
    base = yaml.safe_load(QUARTO_BASE.read_text(encoding="utf-8"))
    config = quarto.pdf_config(book, base)
    assert config["project"] == {"type": "default"}
    assert config["filters"] == base["filters"] == ["report/filters/html-tables.lua"]
    assert config["format"]["typst"]["template-partials"] == [
        "report/templates/typst-template.typ", "report/templates/typst-show.typ"]
    assert (config["title"], config["annee"], config["extraction"]) == (
        f"Chiffres clés {EDITION}", "2022-2023", "05/04/2024")
    for name in quarto.quarto_support_files(base):
        assert (QUARTO_BASE.parent / name).exists(), name
    site = quarto_config(book, base)
    footer = site["book"]["sidebar"]["footer"]
    assert any(f"/{NAME}.pdf" in f and f"/{NAME}.xlsx" in f and "Télécharger" in f for f in footer)
