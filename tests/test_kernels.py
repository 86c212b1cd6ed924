"""Warm kernels: a worker's kernel runs one notebook after another, each starting from the
state of a new kernel; a dead or too large kernel is replaced."""
import json
from pathlib import Path

import nbformat
import pytest
from papermill.exceptions import PapermillExecutionError

from chiffres_cles import kernels, workers


@pytest.fixture
def worker(tmp_path, monkeypatch):
    """This test process as a run's worker: the kernelspec, and the kernel shut down after."""
    for key, value in workers.ensure_kernel(tmp_path / "kernel").items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv(kernels.ENV, raising=False)
    (tmp_path / "notebooks").mkdir()
    yield tmp_path
    kernels._shutdown()


def _notebook(folder: Path, name: str, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": workers.KERNEL_NAME, "display_name": "chiffres-cles", "language": "python"}
    path = folder / name
    nbformat.write(nb, path)
    return path


def _run(worker: Path, notebook: Path) -> nbformat.NotebookNode:
    out = worker / "notebooks" / notebook.name
    kernels.execute(notebook, out, {}, workers.KERNEL_NAME, worker / "notebooks")
    return nbformat.read(out, as_version=4)


def _text(nb, index: int) -> str:
    return "".join(o.get("text", "") for o in nb.cells[index].outputs if o.output_type == "stream")


def test_the_next_notebook_finds_the_state_of_a_new_kernel(worker):
    first = _notebook(worker, "a.ipynb",
                      "import os, warnings, pandas as pd, matplotlib.pyplot as plt\n"
                      "leaked = 1\n"
                      "warnings.simplefilter('error')\n"
                      "pd.set_option('display.max_rows', 3)\n"
                      "plt.figure()\n"
                      "os.chdir('/')\n"
                      "print(os.getpid())")
    second = _notebook(worker, "b.ipynb",
                       "import os, warnings, pandas as pd, matplotlib.pyplot as plt\n"
                       "print(os.getpid())",
                       "print('leaked' in dir(), ('error', None, Warning, None, 0) in warnings.filters,"
                       " pd.get_option('display.max_rows'), plt.get_fignums(), os.getcwd())")
    a, b = _run(worker, first), _run(worker, second)
    assert _text(a, 0) == _text(b, 0)  # the same kernel process ran both
    assert _text(b, 1).split() == ["False", "False", "60", "[]", str(worker / "notebooks")]
    assert [c.execution_count for c in b.cells] == [1, 2]  # as in a new kernel


def test_a_kernel_that_died_is_replaced(worker):
    dies = _notebook(worker, "dies.ipynb", "import os; os._exit(1)")
    pid = _notebook(worker, "pid.ipynb", "import os; print(os.getpid())")
    before = _text(_run(worker, pid), 0)
    with pytest.raises(Exception):
        _run(worker, dies)
    after = _run(worker, pid)
    assert _text(after, 0) and _text(after, 0) != before


def test_a_failed_notebook_leaves_no_trace_for_the_next(worker):
    fails = _notebook(worker, "fails.ipynb", "half_done = 1", "raise ValueError('boom')")
    with pytest.raises(PapermillExecutionError):
        _run(worker, fails)
    after = _run(worker, _notebook(worker, "next.ipynb", "print('half_done' in dir())"))
    assert _text(after, 0).strip() == "False"


def test_a_kernel_keeping_too_much_memory_is_replaced(worker, monkeypatch):
    pid = _notebook(worker, "pid.ipynb", "import os; print(os.getpid())")
    first = _text(_run(worker, pid), 0)
    assert _text(_run(worker, pid), 0) == first  # reused
    monkeypatch.setattr(kernels, "REUSE_MAX_MB", 0)
    assert _text(_run(worker, pid), 0) != first


def test_without_warm_kernels_each_notebook_has_its_own(worker, monkeypatch):
    monkeypatch.setenv(kernels.ENV, "off")
    pid = _notebook(worker, "pid.ipynb", "import os; print(os.getpid())")
    assert _text(_run(worker, pid), 0) != _text(_run(worker, pid), 0)
    assert kernels._kernel is None


def test_a_kernel_warmed_for_a_normalised_copy_has_it_open_and_every_table_module(worker, builder):
    """Started while the run opens its copy: the first section finds the extraction opened and
    the table modules imported, in the kernel it runs in."""
    from chiffres_cles.extraction import load_extraction, save_normalised

    a = builder.learner("AU1", annee="2022-2023", centre_admin="GES")
    builder.inscription(a, "NFA001", annee="2022-2023")
    copy = worker / "extraction-abc"
    save_normalised(load_extraction(builder.write(worker / "raw")), copy)
    kernels.warm(workers.KERNEL_NAME, str(copy))
    probe = _notebook(worker, "probe.ipynb",
                      "import sys, chiffres_cles.kernels as k\n"
                      "print(len(k._extractions), 'chiffres_cles.tables.alternance' in sys.modules)",
                      f"from chiffres_cles.extraction import open_normalised\n"
                      f"x = k.extraction_for({str(copy)!r}, lambda: None)\n"
                      f"print(x is not None and x.fingerprint == open_normalised(__import__('pathlib').Path({str(copy)!r})).fingerprint)")
    nb = _run(worker, probe)
    assert _text(nb, 0).split() == ["1", "True"] and _text(nb, 1).split() == ["True"]


def test_a_warm_kernel_keeps_the_extraction_of_the_same_normalised_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(kernels, "_warm_kernel", True)  # as `preload` marks a warm kernel
    monkeypatch.setattr(kernels, "_extractions", {})
    copy = tmp_path / "extraction-abc"
    copy.mkdir()
    (copy / "normalised.json").write_text(json.dumps({"fingerprint": "abc"}), encoding="utf-8")
    opened = []

    def open_():
        opened.append(object())
        return opened[-1]
    first = kernels.extraction_for(copy, open_)
    assert kernels.extraction_for(copy, open_) is first and len(opened) == 1
    (copy / "normalised.json").write_text(json.dumps({"fingerprint": "def"}), encoding="utf-8")
    assert kernels.extraction_for(copy, open_) is not first and len(opened) == 2
    assert kernels.extraction_for(None, open_) is opened[-1] and len(opened) == 3  # raw files: never kept
    monkeypatch.setattr(kernels, "_warm_kernel", False)  # not a warm kernel (an analyst's session)
    kernels.extraction_for(copy, open_)
    kernels.extraction_for(copy, open_)
    assert len(opened) == 5

