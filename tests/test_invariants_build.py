"""The invariants of TABLES.md §4 in the build (`pipeline.py` → `invariants.check_build`): a
tiny build records every contrôle in manifest.json, qa.csv and on the QA page; a build whose
tables break an invariant exits non-zero, names it with its cells and values, and leaves the
previous build byte for byte; a run with other parameters still passes."""
import csv
import json
from pathlib import Path

import nbformat
import pytest

from builders import ExtractionBuilder
from chiffres_cles import invariants as inv
from chiffres_cles import freshness
from chiffres_cles.cli import main
from chiffres_cles.render.book import qa_markdown

S5 = ("2018-2019", "2019-2020", "2020-2021", "2021-2022", "2022-2023")

# run inside the kernel of section 01: T2's « Total » × « Total » gets one more auditeur
PLUS_ONE = '''import dataclasses, importlib
_registry = importlib.import_module("chiffres_cles.tables.registry")
_entry = _registry.entry(2)
def _plus_one(x, p, _func=_entry.func):
    t = _func(x, p)
    t.values[t.rows.index("Total")][t.columns.index(("Total",))] += 1
    return t
_registry._REGISTRY[2] = dataclasses.replace(_entry, func=_plus_one)
'''


def tiny_extraction(root: Path) -> Path:
    b = ExtractionBuilder()
    for y in S5:
        for i, centre in enumerate(["GES", "GES", "BRE", "IDF", "LBN"]):
            aid = b.learner(f"AU{i}", annee=y, centre_admin=centre, sexe="HF"[i % 2])
            b.inscription(aid, "NFA001", annee=y)
            b.inscription(aid, "FOD001", annee=y, modalite="FOAD", centre_peda="PARIS")
        b.supplement("MDG", y, auditeurs=7, auditeurs_foad_hyb=2, inscriptions=20, heures=600.0)
    return b.write(root / "extraction")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(data: Path, build: Path, *extra: str) -> int:
    return main(["run", "--edition", "2023", "--data", str(data), "--build-dir", str(build), "--section", "01",
                 *extra])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("invariants-build")
    data = tiny_extraction(root)
    code = run(data, root / "build")
    return root, data, code


def test_the_build_records_every_control(built):
    root, data, code = built
    assert code == 0
    out = root / "build" / "cc2023"
    controls = {e["id"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["invariants"]}
    assert set(controls) == {i.id for i in inv.INVARIANTS}
    for ident, cells in (("t01-t03-administratifs", 2), ("t01-t02-total", 1), ("parts-t01", 1), ("parts-t02", 1)):
        assert controls[ident]["resultat"] == "vérifié" and controls[ident]["cellules_comparees"] == cells, ident
    # only section 01 was built: every other contrôle is not evaluated, none is broken
    assert controls["t01-t10-effectif"]["resultat"] == "non évalué"
    assert "T10" in controls["t01-t10-effectif"]["motif"]
    assert {e["resultat"] for e in controls.values()} == {"vérifié", "non évalué"}
    with (out / "qa.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["niveau"] == "controle"]
    assert len(rows) == len(inv.INVARIANTS)
    row = next(r for r in rows if r["regle"] == "t01-t02-total")
    assert (row["colonne"], row["nombre"], row["exemples"]) == ("T1, T2", "1", "")
    assert row["message"].startswith("vérifié — Auditeurs — ")
    page = qa_markdown(out / "qa.csv")
    assert "## Contrôles de cohérence entre tableaux" in page
    assert "| Auditeurs | T1 Total hors collecte manuelle = T2 Total (N) | T1, T2 | vérifié | 1 |" in page
    assert "| controle |" not in page           # not counted among the extraction's anomalies


def test_a_broken_invariant_stops_the_build_and_keeps_the_previous_one(built, tmp_path, monkeypatch, capsys):
    root, data, _ = built
    before = snapshot(root / "build" / "cc2023")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for nb_path in freshness.NOTEBOOKS_DIR.glob("*.ipynb"):
        (notebooks / nb_path.name).write_bytes(nb_path.read_bytes())
    nb = nbformat.read(notebooks / "01_auditeurs_nombre.ipynb", as_version=4)
    opening = next(i for i, c in enumerate(nb.cells) if "open_section" in c.source)
    nb.cells.insert(opening + 1, nbformat.v4.new_code_cell(PLUS_ONE))
    nbformat.write(nb, notebooks / "01_auditeurs_nombre.ipynb")
    capsys.readouterr()
    with monkeypatch.context() as m:
        m.setattr(freshness, "NOTEBOOKS_DIR", notebooks)
        code = run(data, root / "build", "--force")
    assert code == 1
    err = capsys.readouterr().err
    for part in ("Contrôles de cohérence entre tableaux : 1 contrôle rompu",
                 "« T1 Total hors collecte manuelle = T2 Total (N) »", "tableaux T1, T2",
                 "1 cellule en écart sur 1 comparée",
                 "2022-2023 : T1 « Total » × « 2022-2023 » hors collecte manuelle (7 retranchés) = 5 ≠ "
                 "T2 « Total » × « Total » = 6",
                 "Échec : contrôles de cohérence entre tableaux rompus ; la construction précédente de l'édition "
                 "2023 est conservée."):
        assert part in err, part
    assert snapshot(root / "build" / "cc2023") == before
    assert not list((root / "build").glob(".staging-cc2023*"))


def test_other_parameters_still_pass(built):
    root, data, _ = built
    assert run(data, root / "build", "-p", "min_base", "30", "-p", "entrant_modalites", "[FOAD, HYB]") == 0
    manifest = json.loads((root / "build" / "cc2023" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["params"]["min_base"] == 30
    results = {e["id"]: e["resultat"] for e in manifest["invariants"]}
    assert results["t01-t02-total"] == results["t01-t03-administratifs"] == "vérifié"
    assert "rompu" not in results.values()
