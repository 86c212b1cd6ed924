"""End to end: `chiffres-cles build` on a small synthetic extraction with the built-in
engine gives an HTML book, a PDF and a workbook holding the tables; two runs give the same
tables byte for byte; no identifier of the extraction reaches any published output."""
import json
import re

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from chiffres_cles.cli import main
from chiffres_cles.params import load_params
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


def test_no_identifier_of_the_extraction_in_any_output(build):
    root, data, out = build
    ids = set(pd.read_parquet(data / "auditeurs.parquet", columns=["auditeur_id"])["auditeur_id"])
    ids |= set(pd.read_parquet(data / "inscriptions.parquet", columns=["inscription_id"])["inscription_id"])
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(i) for i in sorted(ids)[:5000]) + r")\b")
    files = [*(out / "site").rglob("*.html"), *(out / "notebooks").glob("*.ipynb"), *(out / "tables").glob("*")]
    for f in files:
        assert not pattern.search(f.read_text(encoding="utf-8")), f
    pdf = " ".join(page.extract_text() for page in PdfReader(out / "chiffres-cles-2023.pdf").pages)
    assert not pattern.search(pdf)
    wb = openpyxl.load_workbook(out / "chiffres-cles-2023.xlsx")
    cells = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert not pattern.search(cells)


def test_manifest_and_qa(build):
    root, data, out = build
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["data_fingerprint"] and manifest["git_commit"]
    assert (out / "qa.csv").exists()
