"""Search over the site: the index written at render time (`render/search.py`), the codes of
centres and EPN it carries, the codes added to Quarto's index, and — in a real browser
(Chromium through Playwright, skipped where either is missing) — the search box and the
contents button of the built-in engine's site, opened from disk (`file://`)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from chiffres_cles.render import render_edition
from chiffres_cles.render.search import (add_codes_to_quarto, build_index, read_index,
                                         reference_codes, with_code, write_index)

from test_render import EDITION, _chapters_patch, make_edition

PAGE = """<!DOCTYPE html><html lang="fr"><body>
<nav class="cc-sidebar"><a href="a.html">Sommaire : Bretagne</a></nav>
<main id="contenu">
<h1 id="titre">Les inscriptions par EPN</h1>
<p>Texte d’introduction : les <em>équipes</em> pédagogiques nationales.</p>
<h2 id="par-epn">Par EPN</h2>
<div class="cc-table-scroll"><table class="cc-table" id="t19"><caption>Tableau 19 : Inscriptions par EPN</caption>
<thead><tr><td></td><th scope="col">2021-2022</th><th scope="col">2022-2023</th></tr></thead>
<tbody><tr class="cc-block"><th scope="colgroup" colspan="3">EPN 5 – Informatique</th></tr>
<tr><th scope="row">Bases de données</th><td>1&#8239;234</td><td>ns</td></tr>
<tr><th scope="row">Cnam Bretagne</th><td>12</td><td>−3,5</td></tr>
<tr class="cc-total"><th scope="row">Ensemble</th><td>1&#8239;246</td><td>20</td></tr></tbody></table></div>
<div class="cc-notes"><p>Champ : Cnam Madagascar exclu.</p></div>
<p class="cc-table-links">Télécharger : <a href="tables/T19.csv">CSV</a></p>
<figure id="g09"><img src="figures/G09.svg" alt="Barres des heures par EPN ; en tête : EPN 5"/>
<figcaption>Graphique 9 : Heures par EPN</figcaption></figure>
<details class="cc-chart-desc"><summary>Description</summary><p>Barres des heures</p></details>
<nav class="cc-pager"><a rel="next" href="b.html">Suivant Bretagne</a></nav>
</main><footer>Bretagne</footer></body></html>"""


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "notebooks").mkdir(parents=True)
    (site / "index.html").write_text(PAGE.replace("Les inscriptions par EPN", "Préface"), encoding="utf-8")
    (site / "notebooks" / "06_inscriptions.html").write_text(PAGE, encoding="utf-8")
    (site / "site_libs").mkdir()
    (site / "site_libs" / "x.html").write_text("<main><h1>Pas une page</h1></main>", encoding="utf-8")
    return site


def test_index_holds_tables_charts_and_text_of_each_page(tmp_path):
    site = _site(tmp_path)
    index = build_index(site, {"epn 5 – informatique": "EPN05", "cnam bretagne": "BRE"})
    assert index["pages"] == [["index.html", "Préface"],
                              ["notebooks/06_inscriptions.html", "Les inscriptions par EPN"]]
    items = [i for i in index["items"] if i["p"] == 1]
    assert [(i["k"], i["a"], i["t"]) for i in items] == [
        ("Texte", "titre", "Les inscriptions par EPN"),
        ("Texte", "par-epn", "Par EPN"),
        ("Tableau", "t19", "Tableau 19 : Inscriptions par EPN"),
        ("Graphique", "g09", "Graphique 9 : Heures par EPN"),
    ]
    text, _, table, chart = items
    assert text["x"] == "Texte d’introduction : les équipes pédagogiques nationales."
    # row labels (with the codes of the reference), column labels; no numbers, no notes
    assert table["r"] == ["EPN 5 – Informatique (EPN05)", "Bases de données", "Cnam Bretagne (BRE)", "Ensemble"]
    assert table["x"] == "2021-2022 2022-2023"
    assert chart["x"] == "Barres des heures par EPN ; en tête : EPN 5"
    # the sidebar, the notes, the links under a table, the pager and the footer are not indexed
    everything = json.dumps(index, ensure_ascii=False)
    for absent in ("Madagascar", "Sommaire", "Suivant", "CSV", "Pas une page", "1 234", "−3,5"):
        assert absent not in everything, absent


def test_index_is_a_script_the_pages_load(tmp_path):
    site = _site(tmp_path)
    path = write_index(site, {})
    text = path.read_text(encoding="utf-8")
    assert path.name == "search-index.js" and "window.ccSearchIndex = {" in text
    assert read_index(path) == build_index(site, {})


def test_codes_of_the_reference():
    codes = reference_codes({})   # the project's reference
    assert with_code("EPN 5 – Informatique", codes) == "EPN 5 – Informatique (EPN05)"
    assert with_code("Cnam Bretagne", codes) == "Cnam Bretagne (BRE)"
    # a label printed with a typographic apostrophe is still recognised
    assert with_code("EPN 14 – Sciences de l’action publique", codes).endswith("(EPN14)")
    assert with_code("Ensemble", codes) == "Ensemble"


def test_codes_added_to_quartos_index(tmp_path):
    path = tmp_path / "search.json"
    path.write_text(json.dumps([
        {"objectID": "a", "href": "a.html", "text": "Tableau 19\n−10,1EPN 5 – InformatiqueBases de"},
        {"objectID": "b", "href": "b.html", "text": "Rien ici"},
    ], ensure_ascii=False), encoding="utf-8")
    assert add_codes_to_quarto(path, {"epn 5 – informatique": "EPN05"}) == 1
    entries = json.loads(path.read_text(encoding="utf-8"))
    assert entries[0]["text"].endswith("\nEPN05") and entries[1]["text"] == "Rien ici"
    assert add_codes_to_quarto(tmp_path / "absent.json", {"x": "X"}) == 0


# -- in a real browser ----------------------------------------------------------------------------
def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright absent")
    executable = _chromium()
    with sync_api.sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        except Exception as exc:  # no browser installed for Playwright
            pytest.skip(f"Chromium indisponible : {exc}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    build = tmp_path_factory.mktemp("search")
    ed = make_edition(build)
    with pytest.MonkeyPatch.context() as mp:
        _chapters_patch(mp)
        mp.setattr(shutil, "which", lambda name, *a, **k: None if name == "quarto" else _which(name))
        render_edition(EDITION, build, engine="builtin")
    return ed / "site"


_which = shutil.which


def test_typing_bretagne_lists_the_table_that_holds_the_row(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((site / "notebooks" / "02_auditeurs_modalites.html").as_uri())
    page.fill("#cc-q", "Bretagne")
    page.press("#cc-q", "Enter")
    page.wait_for_selector("#cc-resultats:not([hidden])")
    assert "résultat" in page.inner_text("#cc-search-status")
    first = page.locator(".cc-results-list li").first
    assert "Tableau 1 :" in first.inner_text() and "Bretagne" in first.inner_text()
    assert first.locator("a").get_attribute("href").endswith("notebooks/01_auditeurs_nombre.html#t01")
    first.locator("a").click()
    page.wait_for_url("**/01_auditeurs_nombre.html#t01")
    assert "Bretagne" in page.inner_text("#t01")
    # accents and case ignored, the start of a word is enough
    page.fill("#cc-q", "AGE MOY")
    page.press("#cc-q", "Enter")
    page.wait_for_function("document.querySelector('.cc-results-count').textContent.includes('AGE MOY')")
    assert "Tableau 2 : Âge moyen" in page.inner_text(".cc-results-list")
    page.keyboard.press("Escape")
    assert page.locator("#cc-resultats").is_hidden()
    assert errors == []
    page.close()


def test_on_a_phone_the_page_opens_on_its_content(browser, site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((site / "notebooks" / "01_auditeurs_nombre.html").as_uri())
    assert page.locator("#cc-sommaire").is_hidden()
    assert page.locator("h1").bounding_box()["y"] < 844 / 2          # the title in the first screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390   # tables scroll in their box
    button = page.locator("button.cc-menu")
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and page.locator("#cc-sommaire").is_visible()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and page.locator("#cc-sommaire").is_hidden()
    page.close()
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    wide.goto((site / "notebooks" / "01_auditeurs_nombre.html").as_uri())
    assert wide.locator("#cc-sommaire").is_visible() and wide.locator("button.cc-menu").is_hidden()
    wide.close()
