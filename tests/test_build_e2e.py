"""End to end: `chiffres-cles build` on a small synthetic extraction with the built-in
engine gives an HTML book, a PDF and a workbook holding the tables; two runs give the same
tables byte for byte; no identifier of the extraction reaches any published output."""
import json
import re
import shutil

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from chiffres_cles.cli import main
from chiffres_cles.extraction import load_extraction
from chiffres_cles.params import load_params
from chiffres_cles.privacy import scan_outputs
from chiffres_cles.sections import title
from chiffres_cles.synth import generate
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
    html = _norm(" ".join(f.read_text(encoding="utf-8") for f in (out / "site").rglob("*.html")))
    pdf = _norm(" ".join(page.extract_text() for page in PdfReader(out / "chiffres-cles-2023.pdf").pages))
    wb = openpyxl.load_workbook(out / "chiffres-cles-2023.xlsx")
    numbers = sorted(registry())
    assert set(range(1, 7)) <= set(numbers)
    for n in numbers:
        caption = f"Tableau {n} : {title(n, p)}"
        assert caption in html, caption
        assert _norm(caption)[:60] in pdf, caption
        assert f"T{n:02d}" in wb.sheetnames
        assert (out / "tables" / f"T{n:02d}.csv").exists()
    assert "Concepts, sources et périmètres" in html


def test_workbook_cells_match_the_tidy_csv(build):
    root, data, out = build
    wb = openpyxl.load_workbook(out / "chiffres-cles-2023.xlsx")
    tidy = pd.read_csv(out / "tables" / "T01.csv", dtype=str, keep_default_na=False)
    total = float(tidy[(tidy["ligne"] == "Total") & (tidy["colonne"] == "2022-2023")]["valeur"].iloc[0])
    values = [c.value for row in wb["T01"].iter_rows() for c in row]
    assert total in values


def test_tables_are_byte_identical_between_two_runs(build, tmp_path):
    root, data, out = build
    assert main(["run", "--edition", "2023", "--data", str(data), "--build-dir", str(tmp_path / "b2"),
                 "--section", "01", "--section", "02"]) == 0
    for n in range(1, 7):
        name = f"T{n:02d}.csv"
        assert (tmp_path / "b2" / "cc2023" / "tables" / name).read_bytes() == (out / "tables" / name).read_bytes()


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
