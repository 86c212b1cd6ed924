"""The privacy scan (privacy.py) finds every kind of identifier and birth date of the
extraction in every kind of output, and finds nothing in clean outputs — so a build's check
can fail. The scan of a real build is in test_build_e2e.py."""
import json
from pathlib import Path

import nbformat
import openpyxl
import pytest
import typst

from builders import ExtractionBuilder
from chiffres_cles.extraction import load_extraction
from chiffres_cles.privacy import scan_outputs

IDS = {
    "auditeur_id": ("AUX12345", "identifiant d'auditeur"),
    "inscription_id": ("INSC77801", "identifiant d'inscription"),
    "candidat_id": ("CAND9876", "identifiant de candidat"),
    "dossier_id": ("DOS45678", "identifiant de dossier"),
    "notification_id": ("NOT765432", "identifiant de notification"),
    "parchemin_id": ("PARCH3210", "identifiant de parchemin"),
}
LEARNER_BIRTH, CANDIDATE_BIRTH = "1985-03-02", "1979-11-23"


@pytest.fixture(scope="module")
def extraction(tmp_path_factory):
    b = ExtractionBuilder()
    a = b.learner(IDS["auditeur_id"][0], date_naissance=LEARNER_BIRTH)
    b.inscription(a, inscription_id=IDS["inscription_id"][0])
    b.learner("AU2", date_naissance="2019-05-05")          # too short an id; a birth date after the cut-off
    b.learner("123456", date_naissance="1990-01-01")       # numeric id: cannot be told from a count
    b.inscription("AU2", "NFA002")
    b.inscription("GHOST9999", "NFA003", centre_peda="IDF")  # a warning about a learner id
    b.validation(IDS["candidat_id"][0], "2023-01-10", dossier_id=IDS["dossier_id"][0],
                 notification_id=IDS["notification_id"][0], date_naissance=CANDIDATE_BIRTH)
    b.diplome("2022-06-30", parchemin_id=IDS["parchemin_id"][0], auditeur_id=a)
    return load_extraction(b.write(tmp_path_factory.mktemp("privacy") / "extraction"))


CLEAN_TEXT = "Tableau 1 : 1 234 auditeurs en 2022-2023, extraction du 05/04/2024 (2024-04-05), 31/12/2022."


def make_outputs(ed: Path, extraction, planted: dict[str, str] | None = None) -> Path:
    """A small edition folder with one output of each kind; `planted` adds a text to one."""
    planted = planted or {}
    ed.mkdir(parents=True)
    (ed / "site").mkdir()
    (ed / "tables").mkdir()
    (ed / "notebooks").mkdir()
    (ed / "figures").mkdir()
    (ed / "site" / "index.html").write_text(f"<p>{CLEAN_TEXT} {planted.get('html', '')}</p>", encoding="utf-8")
    (ed / "tables" / "T01.csv").write_text("tableau,ligne,colonne,valeur,symbole\n"
                                           f"1,Total,2022-2023,1234,{planted.get('csv', '')}\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("sec.table(1)")
    cell.outputs = [nbformat.v4.new_output("display_data", {"text/markdown": f"{CLEAN_TEXT} {planted.get('ipynb', '')}"})]
    nb.cells.append(cell)
    nbformat.write(nb, ed / "notebooks" / "01_auditeurs_nombre.ipynb")
    (ed / "manifest.json").write_text(json.dumps({"edition": 2023, "note": planted.get("json", "")}), encoding="utf-8")
    (ed / "figures" / "G01.svg").write_text(f"<svg><text>{planted.get('svg', '2022-2023')}</text></svg>", encoding="utf-8")
    extraction.report.write_csv(ed / "qa.csv")  # the real QA report of the extraction, with its warnings
    if "qa" in planted:
        with (ed / "qa.csv").open("a", encoding="utf-8") as fh:
            fh.write(f"avertissement,inscriptions.csv,auditeur_id,x,1,m,« {planted['qa']} » (ligne 4)\n")
    wb = openpyxl.Workbook()
    wb.active.title = "T01"
    wb.active["A1"] = CLEAN_TEXT
    wb.active["B2"] = planted.get("xlsx", 1234)
    wb.save(ed / "chiffres-cles-2023.xlsx")
    src = ed.parent / "pdf.typ"
    src.write_text(f"= Chiffres clés\n{CLEAN_TEXT}\n\n{planted.get('pdf', '')}\n", encoding="utf-8")
    typst.compile(str(src), output=str(ed / "chiffres-cles-2023.pdf"))
    (ed / "site" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return ed


def test_clean_outputs_have_no_finding(tmp_path, extraction):
    ed = make_outputs(tmp_path / "cc2023", extraction)
    skipped: list[str] = []
    assert scan_outputs(ed, extraction, skipped=skipped) == []
    assert "site/logo.png" in skipped
    assert any("auditeurs.auditeur_id" in s and "2 identifiant(s)" in s for s in skipped)


def test_the_qa_report_names_lines_not_learners(extraction):
    text = "\n".join(str(p) for p in extraction.report.problems)
    assert "inscription_sans_auditeur" in {p.rule for p in extraction.report.warnings}
    assert "GHOST9999" not in text


@pytest.mark.parametrize("where,column", [
    *((w, c) for w in ("html", "csv", "ipynb", "json", "svg", "qa", "xlsx") for c in sorted(IDS)),
    ("pdf", "auditeur_id"), ("pdf", "parchemin_id"),
])
def test_a_planted_identifier_is_found_in_any_output(tmp_path, extraction, where, column):
    value, kind = IDS[column]
    ed = make_outputs(tmp_path / "cc2023", extraction, {where: f"voir {value}."})
    findings = scan_outputs(ed, extraction)
    assert [(f.kind, f.value) for f in findings] == [(kind, value)], findings
    assert findings[0].file.endswith({"html": ".html", "csv": "T01.csv", "ipynb": ".ipynb", "json": "manifest.json",
                                      "svg": ".svg", "qa": "qa.csv", "xlsx": ".xlsx", "pdf": ".pdf"}[where])


BIRTHS = [("né le 02/03/1985", "date de naissance d'auditeur"), ("born 1985-03-02", "date de naissance d'auditeur"),
          ("(23/11/1979)", "date de naissance de candidat")]


@pytest.mark.parametrize("where,text,kind", [
    *((w, t, k) for w in ("html", "ipynb", "xlsx") for t, k in BIRTHS), ("pdf", *BIRTHS[2]),
])
def test_a_planted_birth_date_is_found_in_either_format(tmp_path, extraction, where, text, kind):
    ed = make_outputs(tmp_path / "cc2023", extraction, {where: text})
    assert [f.kind for f in scan_outputs(ed, extraction)] == [kind]


def test_identifiers_inside_longer_words_and_dates_of_the_publication(tmp_path, extraction):
    ed = make_outputs(tmp_path / "cc2023", extraction,
                      {"html": "AUX12345X, XAUX12345, lien#AUX12345-bis, 05/05/2019, 01/01/1991, 123456 inscriptions"})
    found = {(f.kind, f.value) for f in scan_outputs(ed, extraction)}
    # a whole word, or a part cut at « - »: found; inside a longer word: not an identifier
    assert found == {("identifiant d'auditeur", "AUX12345")}


def test_the_scan_reads_an_extraction_folder_too(tmp_path, extraction):
    ed = make_outputs(tmp_path / "cc2023", extraction, {"csv": IDS["parchemin_id"][0]})
    assert [f.value for f in scan_outputs(ed, extraction.data_dir)] == [IDS["parchemin_id"][0]]
