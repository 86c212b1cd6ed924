"""The section notebooks under nbval: executed once by papermill on a small synthetic
extraction (the reference outputs), then re-run by nbval (--nbval-lax): cells marked
`# NBVAL_CHECK_OUTPUT` must give the same output, every other cell must run."""
import subprocess
import sys

import papermill as pm
import pytest

from chiffres_cles import freshness, workers
from chiffres_cles.synth import generate

NOTEBOOKS = sorted(p.name for p in freshness.NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.fixture(scope="module")
def small_synthetic(tmp_path_factory):
    data = tmp_path_factory.mktemp("nb") / "synthetic"
    generate(data, scale=0.03, seed=7)
    return data


def test_templates_are_clean():
    import nbformat

    for name in NOTEBOOKS:
        nb = nbformat.read(freshness.NOTEBOOKS_DIR / name, as_version=4)
        assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells), name
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_under_nbval(name, small_synthetic, tmp_path):
    env = workers.ensure_kernel(tmp_path / "kernel")
    import os

    os.environ.update(env)
    executed = tmp_path / name
    pm.execute_notebook(str(freshness.NOTEBOOKS_DIR / name), str(executed), kernel_name=workers.KERNEL_NAME,
                        parameters={"edition": 2023, "data_dir": str(small_synthetic),
                                    "build_dir": str(tmp_path / "build")},
                        progress_bar=False, cwd=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                          "--nbval-current-env", str(executed)], capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, **env})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
