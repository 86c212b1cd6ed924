"""`chiffres-cles run`: papermill executes the section notebooks, exports every table,
records the provenance, skips what did not change, and never leaves a half-built edition."""
import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from builders import ExtractionBuilder
from chiffres_cles import freshness, pipeline, rule_report, workers
from chiffres_cles.cli import main

SECTIONS = ["01", "02"]


def small_extraction(root: Path) -> Path:
    b = ExtractionBuilder()
    for y in ("2018-2019", "2019-2020", "2020-2021", "2021-2022", "2022-2023"):  # S5 of edition 2023
        for i, centre in enumerate(["GES", "GES", "BRE", "IDF", "LBN"]):
            aid = b.learner(f"AU{i}", annee=y, centre_admin=centre, sexe="HF"[i % 2])
            b.inscription(aid, "NFA001", annee=y)
            b.inscription(aid, "FOD001", annee=y, modalite="FOAD", centre_peda="PARIS")
    return b.write(root / "extraction")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("pipeline")
    data = small_extraction(root)
    code = main(["run", "--edition", "2023", "--data", str(data), "--build-dir", str(root / "build"),
                 "--section", "01", "--section", "02"])
    return root, data, code


def test_run_writes_tables_figures_and_manifest(built):
    root, data, code = built
    assert code == 0
    out = root / "build" / "cc2023"
    for n in range(1, 7):
        assert (out / "tables" / f"T{n:02d}.csv").exists()
        assert (out / "tables" / f"T{n:02d}.json").exists()
    assert (out / "figures" / "G01.svg").exists() and (out / "figures" / "G02.svg").exists()
    assert (out / "notebooks" / "01_auditeurs_nombre.ipynb").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["edition"] == 2023 and manifest["params"]["min_base"] == 20
    assert set(manifest["sections"]) == set(SECTIONS)
    assert manifest["data_fingerprint"] and manifest["versions"]["pandas"]
    keyfigures = json.loads((out / "keyfigures" / "01.json").read_text())
    assert keyfigures["auditeurs"]["value"] == 5
    assert (out / "qa.csv").exists()


def test_executed_notebooks_show_aggregates_only(built):
    root, data, _ = built
    nb = nbformat.read(root / "build" / "cc2023" / "notebooks" / "01_auditeurs_nombre.ipynb", as_version=4)
    text = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "AU0" not in text and "AU1" not in text  # no identifier of the extraction
    assert "Tableau 1 :" in text and "5 auditeurs" in text.replace("\\u202f", " ")
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))


def test_unchanged_inputs_are_skipped_and_force_reruns(built):
    root, data, _ = built
    result = pipeline.run_edition(2023, data, root / "build", sections=SECTIONS)
    assert [o.status for o in result.outcomes] == ["skipped", "skipped"]
    result = pipeline.run_edition(2023, data, root / "build", sections=["02"], overrides={"min_base": 30})
    assert [o.status for o in result.outcomes] == ["ran"]
    manifest = json.loads((root / "build" / "cc2023" / "manifest.json").read_text())
    assert manifest["params"]["min_base"] == 30


def test_one_section_with_another_min_base_reuses_the_rule_counts_and_starts_one_worker(built, tmp_path,
                                                                                       monkeypatch):
    """The rule counts depend on the data, the years and the scope parameters, not on the
    tables' thresholds; a run with one section to execute starts one worker (one kernel)."""
    root, data, _ = built
    build = tmp_path / "build"
    shutil.copytree(root / "build", build, symlinks=True)

    def recounted(*args, **kwargs):  # (the workers are forked from this process: they see it)
        raise AssertionError("comptes recalculés")
    monkeypatch.setattr(rule_report, "count_rules", recounted)
    sizes: list[int] = []
    start = workers.Workers._start

    def recorded(self, tasks=None):
        new = self._pool is None
        start(self, tasks)
        sizes.extend([self.size] if new else [])
    monkeypatch.setattr(workers.Workers, "_start", recorded)
    result = pipeline.run_edition(2023, data, build, sections=["02"], overrides={"min_base": 31}, jobs=2)
    assert result.ok and [o.status for o in result.outcomes] == ["ran"]
    assert sizes == [1]
    result = pipeline.run_edition(2023, data, build, sections=["02"], overrides={"age_valid": [16, 90]}, jobs=2)
    assert not result.ok and "comptes recalculés" in result.errors[0]


def test_failing_section_is_named_and_previous_build_kept(built, tmp_path, monkeypatch, capsys):
    root, data, _ = built
    build = tmp_path / "build"
    shutil.copytree(root / "build" / "cc2023", build / "cc2023")
    before = (build / "cc2023" / "tables" / "T01.csv").read_bytes()
    notebooks = tmp_path / "notebooks"
    shutil.copytree(freshness.NOTEBOOKS_DIR, notebooks)
    nb = nbformat.read(notebooks / "01_auditeurs_nombre.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise ValueError('cassé exprès')"))
    nbformat.write(nb, notebooks / "01_auditeurs_nombre.ipynb")
    monkeypatch.setattr(freshness, "NOTEBOOKS_DIR", notebooks)
    result = pipeline.run_edition(2023, data, build, sections=["01"], force=True)
    assert not result.ok
    err = capsys.readouterr().err
    assert "Section 01" in err and "cellule" in err and "cassé exprès" in err
    assert (build / "cc2023" / "tables" / "T01.csv").read_bytes() == before
    assert not list(build.glob(".staging-cc2023*"))


def test_bad_extraction_writes_nothing(tmp_path, capsys):
    data = small_extraction(tmp_path)
    (data / "enseignements.csv").unlink()
    code = main(["run", "--edition", "2023", "--data", str(data), "--build-dir", str(tmp_path / "build")])
    assert code == 2
    assert not (tmp_path / "build").exists()
    assert "enseignements" in capsys.readouterr().err
    assert not list(Path(workers.tempfile.gettempdir()).glob(f"{workers.KERNEL_DIR_PREFIX}{os.getpid()}-*"))


def test_the_run_starts_its_workers_before_importing_pandas():
    """`run` decides whether there is work and starts its kernel before anything heavy is
    imported: the modules it needs for that keep pandas out."""
    import subprocess
    import sys

    code = ("import sys, chiffres_cles.cli, chiffres_cles.pipeline, chiffres_cles.freshness, chiffres_cles.workers; "
            "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
