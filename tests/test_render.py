"""Rendering with the built-in engine (pandoc + Typst) on a small fake edition folder."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
import types
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml

from chiffres_cles.export.html import notes_markdown, table_html
from chiffres_cles.export.tidy import write_tidy_csv
from chiffres_cles.render import choose_engine, render_edition
from chiffres_cles.render.book import clean_notebook, qa_markdown, quarto_config
from chiffres_cles.render.builtin import missing_glyphs

from test_excel import MANIFEST, make_tables

EDITION = 2023
SECRET = "SECRET_PARAMETRE_42"        # in parameters cells: never published
CODE = "afficher_le_tableau(t01)"     # a code source: never published
STREAM = "sortie-de-debogage"          # a stdout stream: never published
PLAIN = "<Table object at 0x7f>"      # text/plain beside text/html: never published
IDENTIFIER = "AUD0001234"              # an example of qa.csv: never published
SENTENCE = "En 2022-2023, le Cnam compte 52\u202f347 auditeurs, soit 12,5\u202f% de plus."
FIG_ALT = "Courbe du nombre d’auditeurs de 2018-2019 à 2022-2023"


def _md(text: str) -> dict:
    return {"text/markdown": text, "text/plain": "<IPython.core.display.Markdown object>"}


def make_notebook(heading: str, table, figure: str | None = None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell(f"edition = 2023\n{SECRET} = 1")
    params.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell(f"# Parameters\nedition = 2023\nautre = '{SECRET}'")
    injected.metadata["tags"] = ["injected-parameters"]
    intro = nbformat.v4.new_markdown_cell(f"# {heading}\n\nTexte d'introduction de la section.\n\n"
                                          "## Les effectifs")
    show = nbformat.v4.new_code_cell(f"{CODE}\nprint('{STREAM}')")
    show.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f"{STREAM}\n"),
        nbformat.v4.new_output("display_data", data={"text/html": table_html(table), "text/plain": PLAIN}),
        nbformat.v4.new_output("display_data", data=_md(notes_markdown(table))),
        nbformat.v4.new_output("display_data", data=_md(SENTENCE)),
    ]
    if figure:
        show.outputs.append(nbformat.v4.new_output("display_data", data=_md(
            f'![{figure}](../figures/G01.svg){{fig-alt="{FIG_ALT}"}}')))
    show.outputs.append(nbformat.v4.new_output(
        "error", ename="ValueError", evalue=SECRET, traceback=[f"ValueError: {SECRET}"]))
    plain = nbformat.v4.new_code_cell("x = 1\nx")
    plain.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=3)]
    nb.cells = [params, injected, intro, show, plain]
    return nb


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="480" height="240" viewBox="0 0 480 240">'
       '<rect width="480" height="240" fill="#dfe5ee"/><polyline points="20,200 140,150 260,160 380,90 460,60" '
       'fill="none" stroke="#1d4f91" stroke-width="4"/><text x="20" y="30" font-size="16">Auditeurs</text></svg>')


def make_edition(build_dir: Path) -> Path:
    ed = build_dir / f"cc{EDITION}"
    for sub in ("notebooks", "tables", "figures", "keyfigures"):
        (ed / sub).mkdir(parents=True)
    t1, t2 = make_tables()
    for t in (t1, t2):
        (ed / "tables" / f"{t.id}.json").write_text(t.to_json(), encoding="utf-8")
        write_tidy_csv(t, ed / "tables" / f"{t.id}.csv")
    (ed / "figures" / "G01.svg").write_text(SVG, encoding="utf-8")
    nbformat.write(make_notebook("Les auditeurs du Cnam – Leur nombre", t1,
                                 figure="Graphique 1 : Évolution du nombre d’auditeurs depuis 2018-2019"),
                   ed / "notebooks" / "01_auditeurs_nombre.ipynb")
    nbformat.write(make_notebook("Les auditeurs du Cnam – Les modalités pédagogiques", t2),
                   ed / "notebooks" / "02_auditeurs_modalites.ipynb")
    (ed / "keyfigures" / "01.json").write_text(json.dumps(
        {"auditeurs": {"value": 52347, "text": "52\u202f347", "label": "auditeurs inscrits en 2022-2023"}},
        ensure_ascii=False), encoding="utf-8")
    (ed / "manifest.json").write_text(json.dumps(MANIFEST, ensure_ascii=False), encoding="utf-8")
    (ed / "qa.csv").write_text(
        "niveau,fichier,colonne,regle,nombre,message,exemples\n"
        f"avertissement,inscriptions,note,note_hors_bornes,3,note hors de 0-20 (traitée comme absente),{IDENTIFIER}\n"
        f"avertissement,auditeurs,auditeur_id,doublon_annee,2,deux lignes pour un auditeur et une année,{IDENTIFIER}\n",
        encoding="utf-8")
    return ed


# -- the chapters module (another engineer's): a stand-in while it does not exist ----------
def _stand_in_chapters() -> types.ModuleType:
    mod = types.ModuleType("chiffres_cles.render.chapters")

    def preface_markdown(p, keyfigures, manifest):
        kf = keyfigures["01"]["auditeurs"]
        return f"# Préface\n\nEn {p.N}, {kf['text']} {kf['label']}.\n"

    def concepts_markdown(p, ref, table_titles):
        items = "\n".join(f"- Tableau {n} : {t}" for n, t in table_titles[:3])
        return f"# Concepts, sources et périmètres\n\nDonnées extraites le {p.extraction_date_fr}.\n\n{items}\n"

    mod.preface_markdown = preface_markdown
    mod.concepts_markdown = concepts_markdown
    return mod


def _chapters_patch(mp: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("chiffres_cles.render.chapters") is None:
        import chiffres_cles.render as render_pkg

        mod = _stand_in_chapters()
        mp.setitem(sys.modules, "chiffres_cles.render.chapters", mod)
        mp.setattr(render_pkg, "chapters", mod, raising=False)


@pytest.fixture(autouse=True)
def _no_quarto(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "quarto" else _which(name))


_which = shutil.which


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    build = tmp_path_factory.mktemp("build")
    ed = make_edition(build)
    with pytest.MonkeyPatch.context() as mp:
        _chapters_patch(mp)
        result = render_edition(EDITION, build, engine="builtin")
    return ed, result


def _site_text(ed: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((ed / "site").rglob("*.html")))


# -- tests -----------------------------------------------------------------------------------
def test_outputs_exist(rendered):
    ed, result = rendered
    assert result.engine == "builtin"
    assert result.site == ed / "site" and result.pdf == ed / "chiffres-cles-2023.pdf"
    for page in ("index.html", "concepts.html", "notebooks/01_auditeurs_nombre.html",
                 "notebooks/02_auditeurs_modalites.html", "qa.html", "styles.css", "figures/G01.svg",
                 "chiffres-cles-2023.pdf", "chiffres-cles-2023.xlsx"):
        assert (ed / "site" / page).exists(), page
    assert result.xlsx.exists()
    assert not list(ed.glob(".rendu-*"))


def test_chapter_page_holds_tables_notes_prose_and_chart(rendered):
    ed, _ = rendered
    html = (ed / "site" / "notebooks" / "01_auditeurs_nombre.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    assert "<caption>Tableau 1 : Répartition du nombre d’auditeurs inscrits au Cnam « test »" in html
    assert '<th scope="colgroup" colspan="2">Auditeurs</th>' in html     # markup kept as is
    assert '<tr class="cc-total">' in html
    assert "52\u202f347" in html                                         # narrow no-break spaces
    assert '<div class="cc-notes">' in html
    assert "Champ : auditeurs inscrits au Cnam." in html
    assert "Source : Cnam, SIAP, extraction du 05/04/2024." in html
    assert SENTENCE in html
    assert f'alt="{FIG_ALT}"' in html
    assert 'src="../figures/G01.svg"' in html
    assert "Graphique 1 : Évolution du nombre d’auditeurs" in html
    assert "<h1" in html and "Les auditeurs du Cnam – Leur nombre</h1>" in html


def test_navigation(rendered):
    ed, _ = rendered
    html = (ed / "site" / "notebooks" / "01_auditeurs_nombre.html").read_text(encoding="utf-8")
    # the sidebar lists every chapter, the current one marked
    for href in ("../index.html", "../concepts.html", "01_auditeurs_nombre.html",
                 "02_auditeurs_modalites.html", "../qa.html"):
        assert f'href="{href}"' in html
    assert 'class="cc-current"><a href="01_auditeurs_nombre.html" aria-current="page"' in html
    assert 'rel="prev" href="../concepts.html"' in html
    assert 'rel="next" href="02_auditeurs_modalites.html"' in html
    assert 'href="../styles.css"' in html
    # the page's own list of tables
    assert '<a href="#t01">Tableau 1 : Répartition du nombre' in html
    index = (ed / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="notebooks/01_auditeurs_nombre.html"' in index
    assert 'rel="prev"' not in index
    assert "52\u202f347" in index and "auditeurs inscrits en 2022-2023" in index  # key figure


def test_nothing_unpublishable_in_the_site(rendered):
    ed, _ = rendered
    text = _site_text(ed)
    for secret in (SECRET, CODE, STREAM, PLAIN, "&lt;Table object", IDENTIFIER, "ValueError"):
        assert secret not in text, secret
    typ = next((ed / "book").glob("*.typ")).read_text(encoding="utf-8")
    for secret in (SECRET, CODE, STREAM, IDENTIFIER, "ValueError"):
        assert secret not in typ, secret


def test_book_notebooks_are_cleaned(rendered):
    ed, _ = rendered
    nb = nbformat.read(ed / "book" / "notebooks" / "01_auditeurs_nombre.ipynb", as_version=4)
    assert not any(set(c.metadata.get("tags", [])) & {"parameters", "injected-parameters"} for c in nb.cells)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.source == "" for c in code)
    outputs = [o for c in code for o in c.outputs]
    assert {o.output_type for o in outputs} == {"display_data"}
    assert all(set(o.data) <= {"text/html", "text/markdown"} for o in outputs)


def test_qa_page_counts_rules_without_examples(rendered):
    ed, _ = rendered
    html = (ed / "site" / "qa.html").read_text(encoding="utf-8")
    assert "Qualité des données" in html
    assert "note_hors_bornes" in html and "doublon_annee" in html
    assert IDENTIFIER not in html


def test_quarto_config_lists_the_chapters(rendered):
    ed, _ = rendered
    config = yaml.safe_load((ed / "book" / "_quarto.yml").read_text(encoding="utf-8"))
    assert config["project"]["type"] == "book"
    assert config["book"]["title"] == "Chiffres clés 2023"
    assert config["book"]["author"]
    assert config["book"]["chapters"] == ["index.md", "concepts.md",
                                          "notebooks/01_auditeurs_nombre.ipynb",
                                          "notebooks/02_auditeurs_modalites.ipynb"]
    assert config["book"]["appendices"] == ["qa.md"]
    assert config["execute"] == {"enabled": False, "echo": False}
    assert config["lang"] == "fr"
    assert set(config["format"]) == {"html", "typst"}
    assert config["book"]["output-file"] == "chiffres-cles-2023"


def test_pdf(rendered):
    ed, result = rendered
    data = result.pdf.read_bytes()
    assert data.startswith(b"%PDF")
    typ = (ed / "book" / "chiffres-cles-2023.typ").read_text(encoding="utf-8")
    assert "Chiffres clés 2023" in typ and "Année universitaire 2022-2023" in typ
    assert "#outline(" in typ
    assert "Tableau 1 : Répartition du nombre" in typ and "Tableau 2 : Âge moyen" in typ
    assert typ.count("#table(") >= 3           # two tables, the QA table (and the concepts chapter's)
    assert "table.header(" in typ               # header rows repeated on page breaks
    assert re.search(r"table\.cell\([^)]*colspan: 2[^)]*\)\[#strong\[Auditeurs\]\]", typ)  # spans
    assert "#strong[Total Métropole]" in typ     # sub-total row in bold
    assert "#cc-notes[" in typ and "Champ : auditeurs inscrits au Cnam." in typ
    assert 'image("notebooks/../figures/G01.svg"' in typ
    assert "\u202f" in typ
    assert missing_glyphs(typ, data) == set()   # every character has a glyph in the fonts
    text = _pdf_text(result.pdf)
    flat = " ".join(text.split())
    assert "Chiffres clés 2023" in flat
    assert "Tableau 1 : Répartition du nombre" in flat
    assert "Tableau 2 : Âge moyen des auditeurs" in flat
    assert "Champ : auditeurs inscrits au Cnam." in flat


def _pdf_text(pdf: Path) -> str:
    import pypdf  # a dev dependency: the PDF's text is always checked

    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages)


def test_failed_render_keeps_the_previous_outputs(tmp_path, rendered, monkeypatch):
    _chapters_patch(monkeypatch)
    ed = make_edition(tmp_path)
    render_edition(EDITION, tmp_path, engine="builtin")
    # same sources, same HTML (no timestamp of the render in the pages)
    first_ed, _ = rendered
    for page in ("index.html", "notebooks/01_auditeurs_nombre.html", "qa.html"):
        assert (ed / "site" / page).read_bytes() == (first_ed / "site" / page).read_bytes()
    before = {p.relative_to(ed): p.read_bytes() for p in (ed / "site").rglob("*") if p.is_file()}
    pdf = (ed / "chiffres-cles-2023.pdf").read_bytes()
    (ed / "notebooks" / "02_auditeurs_modalites.ipynb").write_text("{ pas du JSON", encoding="utf-8")
    with pytest.raises(Exception, match="02_auditeurs_modalites"):
        render_edition(EDITION, tmp_path, engine="builtin")
    after = {p.relative_to(ed): p.read_bytes() for p in (ed / "site").rglob("*") if p.is_file()}
    assert after == before
    assert (ed / "chiffres-cles-2023.pdf").read_bytes() == pdf
    assert (ed / "book" / "notebooks" / "02_auditeurs_modalites.ipynb").exists()
    assert not list(ed.glob(".rendu-*"))


def test_engine_choice(monkeypatch):
    assert choose_engine("auto") == "builtin"
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: "/usr/bin/quarto")
    assert choose_engine("auto") == "quarto"
    assert choose_engine("builtin") == "builtin"
    with pytest.raises(ValueError):
        choose_engine("latex")


def test_clean_notebook_and_qa_units(tmp_path):
    nb = make_notebook("Titre", make_tables()[0])
    cleaned = clean_notebook(nb)
    assert [c.cell_type for c in cleaned.cells] == ["markdown", "code", "code"]
    assert cleaned.cells[2].outputs == []               # a lone text/plain result is not shown
    assert "Aucune anomalie" in qa_markdown(tmp_path / "absent.csv")


def test_quarto_config_from_the_project_file(tmp_path):
    from chiffres_cles.params import make_params
    from chiffres_cles.render.book import QUARTO_BASE, Book, Chapter

    base = yaml.safe_load(QUARTO_BASE.read_text(encoding="utf-8"))
    assert base["project"]["type"] == "book" and base["book"]["author"]
    assert base["execute"] == {"enabled": False, "echo": False}
    assert set(base["format"]) == {"html", "typst"}
    book = Book(edition=2024, dir=tmp_path, manifest={},
                params=make_params({"edition": 2024, "extraction_date": "2025-04-04"}),
                chapters=[Chapter("index.md", "Préface"), Chapter("concepts.md", "Concepts"),
                          Chapter("notebooks/09_alternance.ipynb", "Focus sur l'alternance"),
                          Chapter("qa.md", "Qualité des données", appendix=True)])
    config = yaml.safe_load(yaml.safe_dump(quarto_config(book), allow_unicode=True))
    assert config["book"]["title"] == "Chiffres clés 2024"
    assert config["book"]["chapters"] == ["index.md", "concepts.md", "notebooks/09_alternance.ipynb"]
    assert config["book"]["appendices"] == ["qa.md"]
    assert config["book"]["output-file"] == "chiffres-cles-2024"
    assert base["book"]["chapters"] == ["index.md", "concepts.md"]   # the base is not modified


# -- accessibility, links under tables and charts, search (issue 13) --------------------------
class PageAudit(HTMLParser):
    """What the accessibility checks of a page need: language, headings, landmarks, tables
    (caption, header cells and their scope), images (alt), links (href, rel)."""

    LANDMARKS = ("header", "nav", "main", "footer")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.h1 = 0
        self.landmarks: set[str] = set()
        self.tables: list[dict] = []      # {"id", "caption", "th": [scope…]}
        self.images: list[str | None] = []
        self.links: list[dict] = []
        self.ids: set[str] = set()
        self.buttons: list[dict] = []
        self._caption = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag in self.LANDMARKS:
            self.landmarks.add(tag)
        elif tag == "table":
            self.tables.append({"id": a.get("id"), "caption": None, "th": []})
        elif tag == "caption" and self.tables:
            self._caption = ""
        elif tag == "th" and self.tables:
            self.tables[-1]["th"].append(a.get("scope"))
        elif tag == "img":
            self.images.append(a.get("alt"))
        elif tag == "a":
            self.links.append(a)
        elif tag == "button":
            self.buttons.append(a)

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = self._caption.strip()
            self._caption = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption += data


def audit_page(html: str) -> PageAudit:
    audit = PageAudit()
    audit.feed(html)
    return audit


def page_problems(html: str) -> list[str]:
    """The accessibility rules every page of the site keeps: French, one h1, landmarks, a skip
    link to the content, tables with a caption and header cells with a scope, images with alt."""
    a = audit_page(html)
    problems = []
    if a.lang != "fr":
        problems.append(f"lang={a.lang!r}")
    if a.h1 != 1:
        problems.append(f"{a.h1} h1")
    if set(a.LANDMARKS) - a.landmarks:
        problems.append(f"landmarks missing: {sorted(set(a.LANDMARKS) - a.landmarks)}")
    if not any(link.get("href") == "#contenu" for link in a.links) or "contenu" not in a.ids:
        problems.append("no skip link to #contenu")
    for t in a.tables:
        if not t["caption"]:
            problems.append(f"table {t['id']} without caption")
        if not t["th"]:
            problems.append(f"table {t['id']} without header cells")
        if any(scope not in ("col", "colgroup", "row", "rowgroup") for scope in t["th"]):
            problems.append(f"table {t['id']}: th without scope")
    if any(not alt for alt in a.images):
        problems.append("img without alt")
    return problems


def _pages_in_order(ed: Path) -> list[str]:
    nav = audit_page((ed / "site" / "index.html").read_text(encoding="utf-8"))
    hrefs = [link["href"] for link in nav.links if link.get("href", "").endswith(".html")
             and not link.get("rel") and link.get("class") != "cc-brand"]
    return list(dict.fromkeys(hrefs))


def test_every_page_is_accessible_and_linked_to_its_neighbours(rendered):
    ed, _ = rendered
    pages = _pages_in_order(ed)
    assert pages[0] == "index.html" and pages[-1] == "qa.html" and len(pages) == 5
    for i, name in enumerate(pages):
        html = (ed / "site" / name).read_text(encoding="utf-8")
        assert page_problems(html) == [], name
        a = audit_page(html)
        rels = {link.get("rel"): link["href"] for link in a.links if link.get("rel") in ("prev", "next")}
        assert ("prev" in rels) == (i > 0), name
        assert ("next" in rels) == (i < len(pages) - 1), name
        for rel, href in rels.items():   # each goes to the page before or after it
            target = (ed / "site" / name).parent / href
            assert target.resolve() == (ed / "site" / pages[i + (1 if rel == "next" else -1)]).resolve()
        # the contents behind a button on a narrow screen; the search form
        assert any(b.get("aria-expanded") == "false" and b.get("aria-controls") == "cc-sommaire"
                   for b in a.buttons), name
        assert "cc-sommaire" in a.ids and "cc-q" in a.ids and "cc-resultats" in a.ids
        assert '<label for="cc-q">' in html and 'role="search"' in html
        root = "../" if "/" in name else ""
        assert f'<script src="{root}site.js" defer></script>' in html
    for name in ("site.js", "search-index.js", "tables/T01.csv", "tables/T02.csv"):
        assert (ed / "site" / name).exists(), name


def test_tables_are_followed_by_their_notes_and_links_charts_by_their_description(rendered):
    ed, _ = rendered
    page = ed / "site" / "notebooks" / "01_auditeurs_nombre.html"
    html = page.read_text(encoding="utf-8")
    table, notes, links = (html.index('<table class="cc-table" id="t01"'), html.index('<div class="cc-notes">'),
                           html.index('<p class="cc-table-links">'))
    assert table < notes < links
    paragraph = html[links:html.index("</p>", links)]
    csv_href = re.search(r'href="([^"]+\.csv)"', paragraph).group(1)
    assert (page.parent / csv_href).read_bytes() == (ed / "tables" / "T01.csv").read_bytes()
    xlsx_href = re.search(r'href="([^"]+\.xlsx)"', paragraph).group(1)
    assert (page.parent / xlsx_href).resolve() == (ed / "site" / "chiffres-cles-2023.xlsx").resolve()
    assert "tableau 1 au format CSV" in paragraph and "feuille « T01 »" in paragraph
    # the chart: its figure (with an id), its description, the table it goes with
    figure = html.index('<figure id="g01">')
    details = html.index('<details class="cc-chart-desc"><summary>Description du graphique 1</summary>')
    source = html.index('<p class="cc-chart-source">Tableau associé : <a href="#t01">Tableau 1 : ')
    assert figure < details < source
    assert FIG_ALT in html[details:source]
    other = (ed / "site" / "notebooks" / "02_auditeurs_modalites.html").read_text(encoding="utf-8")
    assert 'href="../tables/T02.csv"' in other and "cc-chart-desc" not in other


def test_markdown_tables_get_a_caption_and_header_scopes(rendered):
    ed, _ = rendered
    html = (ed / "site" / "qa.html").read_text(encoding="utf-8")
    a = audit_page(html)
    assert a.tables and all(t["caption"] == "Qualité des données" for t in a.tables)
    assert '<caption class="cc-sr-only">Qualité des données</caption>' in html
    assert '<th scope="col" style="text-align: left;">Niveau</th>' in html
    assert html.count('<div class="cc-table-scroll"') == len(a.tables)


def test_stylesheet_keeps_focus_phone_and_print_rules():
    css = (Path(__file__).parents[1] / "report" / "styles.css").read_text(encoding="utf-8")
    assert ":focus-visible" in css
    phone = css[css.index("@media (max-width: 60rem)"):]
    assert re.search(r"\.cc-js \.cc-sidebar \{ display: none; \}", phone)
    printed = css[css.index("@media print"):]
    for rule in (r"\.cc-sidebar", r"\.cc-search", r"tr, th, td \{ break-inside: avoid",
                 r"thead \{ display: table-header-group", r"\.cc-table-scroll \{ overflow: visible"):
        assert re.search(rule, printed), rule
    assert "@page" in css


def test_search_index_of_the_site(rendered):
    from chiffres_cles.render.search import read_index

    ed, _ = rendered
    index = read_index(ed / "site" / "search-index.js")
    pages = [p for p, _ in index["pages"]]
    assert pages[0] == "index.html" and "notebooks/01_auditeurs_nombre.html" in pages
    items = {(pages[i["p"]], i["a"]): i for i in index["items"]}
    t01 = items["notebooks/01_auditeurs_nombre.html", "t01"]
    assert t01["k"] == "Tableau" and t01["t"].startswith("Tableau 1 : Répartition du nombre")
    assert {"Métropole", "Bretagne", "Total Métropole", "Ensemble"} <= set(t01["r"])
    assert "2022-2023" in t01["x"] and "52" not in t01["r"]        # labels, not the numbers
    chart = items["notebooks/01_auditeurs_nombre.html", "g01"]
    assert chart["k"] == "Graphique" and FIG_ALT in chart["x"]
    assert any(i["k"] == "Texte" and "Texte d'introduction" in i.get("x", "").replace("’", "'")
               for i in index["items"])
    text = (ed / "site" / "search-index.js").read_text(encoding="utf-8")
    for secret in (SECRET, CODE, STREAM, IDENTIFIER):
        assert secret not in text


def test_pdf_is_tagged_pdf_ua(rendered):
    ed, result = rendered
    check_pdf_ua(result.pdf, alts=[FIG_ALT])
    typ = (ed / "book" / "chiffres-cles-2023.typ").read_text(encoding="utf-8")
    assert 'image("notebooks/../figures/G01.svg", alt: "' + FIG_ALT + '"' in typ


def check_pdf_ua(pdf: Path, alts: list[str] | None = None) -> int:
    """The PDF is a tagged PDF declaring PDF/UA-1: marked, a structure tree, French, a title
    shown in the window's title, XMP `pdfuaid:part` 1, and every Figure with its alt text
    (`alts`: the expected ones, in order). Returns the number of figures."""
    import pypdf

    reader = pypdf.PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).split("-")[0] == "fr"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title and reader.metadata.title.startswith("Chiffres clés")
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", xmp), xmp[:500]
    figures = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure":
                figures.append(node.get("/Alt"))
            if "/K" in node:
                walk(node["/K"])

    walk(root["/StructTreeRoot"])
    assert figures and all(figures), figures
    if alts is not None:
        assert [str(a) for a in figures] == alts
    return len(figures)


def test_quarto_site_is_finished_with_a_named_sidebar_and_the_codes_in_its_search(tmp_path):
    from chiffres_cles.render import quarto

    site = tmp_path / "site"
    (site / "site_libs").mkdir(parents=True)
    page = '<nav id="quarto-sidebar" class="sidebar">…</nav><nav id="TOC" role="doc-toc"></nav>'
    (site / "index.html").write_text(page, encoding="utf-8")
    (site / "site_libs" / "x.html").write_text(page, encoding="utf-8")
    (site / "search.json").write_text(json.dumps([{"href": "index.html", "text": "EPN 5 – Informatique"}]),
                                      encoding="utf-8")
    for _ in range(2):   # once only, however often
        quarto.finish_site(site, {"epn 5 – informatique": "EPN05"})
    assert (site / "index.html").read_text(encoding="utf-8").count('aria-label="Sommaire de la publication"') == 1
    assert (site / "site_libs" / "x.html").read_text(encoding="utf-8") == page
    assert json.loads((site / "search.json").read_text(encoding="utf-8"))[0]["text"].endswith("EPN05")
    # Quarto's notice that veraPDF is absent (Typst has checked the PDF/UA-1 rules) is not shown
    stderr = ("WARN: PDF standard validation requested but verapdf is not installed.\n"
              "Install with: quarto install verapdf\nStandards requested: ua-1\nWARN: autre chose\n")
    assert quarto.quarto_messages(stderr) == ["WARN: autre chose"]
