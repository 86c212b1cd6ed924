"""End to end: `chiffres-cles build` on a small synthetic extraction with the built-in
engine gives an HTML book, a PDF and a workbook holding the tables; two runs give the same
tables byte for byte; no identifier of the extraction reaches any published output."""
import html as html_text
import json
import re
import shutil

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from chiffres_cles.cli import main
from chiffres_cles.extraction import load_extraction
from chiffres_cles.formatting import apostrophes, round_half_up
from chiffres_cles.params import load_params
from chiffres_cles.privacy import scan_outputs
from chiffres_cles.sections import title
from chiffres_cles.synth import generate
from chiffres_cles.table import Table
from chiffres_cles.tables import registry

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    data = root / "synthetic"
    generate(data, scale=0.03, seed=11)
    code = main(["build", "--edition", "2023", "--data", str(data), "--build-dir", str(root / "build"),
                 "--engine", "builtin"])
    assert code == 0
    return root, data, root / "build" / "cc2023"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def test_every_registered_table_is_in_html_pdf_and_workbook(build):
    root, data, out = build
    p = load_params(2023)
    html = _norm(html_text.unescape(" ".join(f.read_text(encoding="utf-8") for f in (out / "site").rglob("*.html"))))
    pdf = _norm(" ".join(page.extract_text() for page in PdfReader(out / "chiffres-cles-2023.pdf").pages))
    wb = openpyxl.load_workbook(out / "chiffres-cles-2023.xlsx")
    numbers = sorted(registry())
    assert numbers == list(range(1, 70))  # the whole publication
    for n in numbers:
        caption = apostrophes(f"Tableau {n} : {title(n, p)}")  # printed with typographic apostrophes
        assert caption in html, caption
        assert _norm(caption)[:60] in pdf, caption
        assert f"T{n:02d}" in wb.sheetnames
        assert (out / "tables" / f"T{n:02d}.csv").exists()
    assert "Concepts, sources et périmètres" in html


def test_workbook_cells_match_the_tidy_csv(build):
    """Every table sheet holds one Excel table whose visible values are the tidy CSV's values
    rounded as printed (half-up), its signs the CSV's signs, and nothing else; what each cell
    shows is what the book prints."""
    from test_excel import shown, the_table

    root, data, out = build
    wb = openpyxl.load_workbook(out / "chiffres-cles-2023.xlsx")
    for n in sorted(registry()):
        t = Table.from_json((out / "tables" / f"T{n:02d}.json").read_text(encoding="utf-8"))
        _, headers, rows = the_table(wb[t.id])
        nstub = len(headers) - len(t.columns)
        assert headers[:nstub] in (["Libellé"], ["Regroupement", "Libellé"]), (t.id, headers)
        cells = {}
        for r in rows:
            ligne = " | ".join(str(c.value) for c in r[:nstub] if c.value)
            for header, c in zip(headers[nstub:], r[nstub:]):
                cells[ligne, header] = c
        tidy = pd.read_csv(out / "tables" / f"T{n:02d}.csv", dtype=str, keep_default_na=False)
        seen = set()
        for ligne, colonne, valeur, symbole in tidy[["ligne", "colonne", "valeur", "symbole"]].itertuples(index=False):
            c = cells[ligne, colonne]
            seen.add((ligne, colonne))
            if symbole:
                assert c.value == symbole, (t.id, ligne, colonne, c.value, symbole)
            elif c.value == "–":  # a value printed as a zero
                assert round_half_up(float(valeur), 9) == 0, (t.id, ligne, colonne, valeur)
            else:
                fmt = c.number_format.split(";")[0]
                decimals = len(fmt.split(".")[1]) if "." in fmt else 0
                assert c.value == float(round_half_up(float(valeur), decimals)), (t.id, ligne, colonne, c.value, valeur)
        # nothing in the workbook that the CSV does not have
        assert {k for k, c in cells.items() if c.value is not None} == seen, t.id
        display = t.display()
        for i, r in enumerate(rows):
            assert [shown(c) for c in r[nstub:]] == [x.replace("\u2212", "-") for x in display[i]], (t.id, i)
    tidy = pd.read_csv(out / "tables" / "T01.csv", dtype=str, keep_default_na=False)
    total = float(tidy[(tidy["ligne"] == "Total") & (tidy["colonne"] == "2022-2023")]["valeur"].iloc[0])
    _, headers, rows = the_table(wb["T01"])
    assert total in [c.value for r in rows for c in r]


def test_a_second_run_with_a_new_kernel_per_notebook_gives_the_same_bytes(build, tmp_path, monkeypatch):
    """The build ran each worker's notebooks one after another in its warm kernel; a run
    where every notebook has a kernel of its own (and no shared year scopes) gives the same
    tables, figures and key figures: nothing leaks from one section to the next."""
    root, data, out = build
    monkeypatch.setenv("CHIFFRES_CLES_WARM_KERNELS", "off")
    monkeypatch.setenv("CHIFFRES_CLES_SCOPE_CACHE", "off")
    assert main(["run", "--edition", "2023", "--data", str(data), "--build-dir", str(tmp_path / "b2")]) == 0
    again = tmp_path / "b2" / "cc2023"
    for folder, pattern in (("tables", "*.csv"), ("tables", "*.json"), ("figures", "*.svg"), ("keyfigures", "*.json")):
        names = sorted(p.name for p in (out / folder).glob(pattern))
        assert names and names == sorted(p.name for p in (again / folder).glob(pattern)), folder
        for name in names:
            assert (again / folder / name).read_bytes() == (out / folder / name).read_bytes(), name
    assert (again / "qa.csv").read_bytes() == (out / "qa.csv").read_bytes()


def test_one_section_re_run_with_its_tables_computed_ahead_gives_the_same_bytes(build, tmp_path, monkeypatch):
    """Re-running one section on two cores computes its tables in a process of their own while
    its kernel starts (ahead.py): its tables, figures, key figures and the outputs of its
    notebook are those of the full build."""
    import nbformat

    from chiffres_cles import workers

    root, data, out = build
    shutil.copytree(root / "build", tmp_path / "b", symlinks=True)
    asked = []
    compute_ahead = workers.Workers.compute_ahead

    def recorded(self, normalised_dir, edition, overrides, numbers):
        asked.append(list(numbers))
        compute_ahead(self, normalised_dir, edition, overrides, numbers)
    monkeypatch.setattr(workers.Workers, "compute_ahead", recorded)
    assert main(["run", "--edition", "2023", "--data", str(data), "--build-dir", str(tmp_path / "b"),
                 "--section", "09", "--force"]) == 0
    assert asked == [list(range(33, 25, -1))]
    again = tmp_path / "b" / "cc2023"
    names = [f"tables/T{n}.{ext}" for n in range(26, 34) for ext in ("csv", "json")] + ["keyfigures/09.json"]
    names += [f"figures/{p.name}" for p in (out / "figures").glob("*.svg")]
    for name in names:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name

    def outputs(folder):
        nb = nbformat.read(folder / "notebooks" / "09_alternance.ipynb", as_version=4)
        return [(c.get("execution_count"), c.get("outputs")) for c in nb.cells if c.cell_type == "code"]
    assert outputs(again) == outputs(out)


def test_no_identifier_or_birth_date_of_the_extraction_in_any_output(build):
    """Every output of the build (notebooks, book, site, PDF text, workbook, CSV, manifest, QA
    report, figures) is scanned for the extraction's identifiers and birth dates."""
    root, data, out = build
    x = load_extraction(data)
    skipped: list[str] = []
    assert scan_outputs(out, x, skipped=skipped) == []
    assert not any(s.endswith(".pdf") or ".pdf " in s for s in skipped)  # the PDF's text was read


def test_the_scan_finds_an_identifier_planted_in_a_copy_of_an_output(build, tmp_path):
    root, data, out = build
    x = load_extraction(data)
    learner = str(x["auditeurs"]["auditeur_id"].iloc[0])
    parchemin = str(x["diplomes"]["parchemin_id"].iloc[0])
    birth = x["validations"]["date_naissance"].dropna().iloc[0].strftime("%d/%m/%Y")
    copy = tmp_path / "cc2023"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns("book", "figures"))
    page = copy / "site" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + f"<p>{learner}</p>", encoding="utf-8")
    with (copy / "tables" / "T01.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"1,{parchemin},x,1,\n")
    nb = copy / "notebooks" / "01_auditeurs_nombre.ipynb"
    nb.write_text(nb.read_text(encoding="utf-8").replace("Tableau 1 :", f"Tableau 1 ({birth}) :", 1), encoding="utf-8")
    found = {(f.file, f.kind) for f in scan_outputs(copy, x)}
    assert (page.relative_to(copy).as_posix(), "identifiant d'auditeur") in found
    assert ("tables/T01.csv", "identifiant de parchemin") in found
    assert (nb.relative_to(copy).as_posix(), "date de naissance de candidat") in found
    assert len(found) == 3


def test_manifest_and_qa(build):
    root, data, out = build
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["data_fingerprint"] and manifest["git_commit"]
    assert (out / "qa.csv").exists()


def test_site_and_pdf_are_accessible(build):
    """Every page of the site: French, one h1, landmarks, a skip link, tables with a caption and
    header cells with a scope, images with alt, previous / next links except at the ends, each
    table's CSV at hand; the search index holds every table, EPN found by their code; the PDF
    is a tagged PDF/UA-1 whose every chart has its alt text."""
    from test_render import _pages_in_order, audit_page, check_pdf_ua, page_problems

    from chiffres_cles.render.search import read_index

    root, data, out = build
    site = out / "site"
    pages = _pages_in_order(out)
    assert len(pages) == 17 and pages[0] == "index.html"
    for i, name in enumerate(pages):
        html = (site / name).read_text(encoding="utf-8")
        assert page_problems(html) == [], name
        a = audit_page(html)
        rels = {link.get("rel") for link in a.links}
        assert ("prev" in rels) == (i > 0) and ("next" in rels) == (i < len(pages) - 1), name
        for link in a.links:
            href = link.get("href", "")
            if href.endswith(".csv"):
                assert ((site / name).parent / href).exists(), (name, href)
    numbers = sorted(registry())
    for n in numbers:
        assert (site / "tables" / f"T{n:02d}.csv").exists()
    index = read_index(site / "search-index.js")
    anchors = {i["a"] for i in index["items"] if i["k"] == "Tableau"}
    assert {f"t{n:02d}" for n in numbers} <= anchors
    assert any("EPN 5 – Informatique (EPN05)" in r for i in index["items"] for r in i.get("r", []))
    charts = sorted((out / "figures").glob("G*.svg"))
    assert check_pdf_ua(out / "chiffres-cles-2023.pdf") == len(charts) == 15
