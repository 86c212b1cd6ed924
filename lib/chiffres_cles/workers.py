"""The processes of a run: `jobs` workers that execute the section notebooks, each keeping a
warm kernel (kernels.py), and one process of its own that builds the shared year scopes.

Light on purpose (no pandas): a run starts its workers and their kernels before it imports
anything heavy, so that the kernels' own start overlaps the run's.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import ahead, kernels
from .locking import remove_orphans

KERNEL_NAME = "chiffres-cles"
KERNEL_DIR_PREFIX = "chiffres-cles-noyau-"  # a run's kernelspec: <temp>/<prefix><pid>-<random>


def ensure_kernel(root: Path) -> dict[str, str]:
    """A kernelspec that starts this very interpreter, so notebooks run in the project's
    environment whatever Jupyter kernels the machine has. Returns the environment to use."""
    kdir = root / "share" / "jupyter" / "kernels" / KERNEL_NAME
    kdir.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}", "--IPKernelApp.log_level=CRITICAL",
                     "--HistoryManager.enabled=False"],
            "display_name": "chiffres-cles", "language": "python"}
    tmp = kdir / f"kernel.json.{os.getpid()}"  # atomic: a concurrent build never reads half a file
    tmp.write_text(json.dumps(spec), encoding="utf-8")
    os.replace(tmp, kdir / "kernel.json")
    env = {"JUPYTER_PATH": os.pathsep.join([str(root / "share" / "jupyter"), os.environ.get("JUPYTER_PATH", "")]).rstrip(os.pathsep),
           "PYDEVD_DISABLE_FILE_VALIDATION": "1", "MPLBACKEND": "Agg"}
    return env


def _die_with_parent() -> None:
    """Worker initializer: a worker dies with the run that started it (even on SIGKILL), so
    no orphan keeps writing into a staging folder (its kernel follows: it polls its parent)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL (Linux)
    except (OSError, AttributeError):
        pass


class Workers:
    """The processes a run gives its tasks to: `jobs` workers, each keeping a warm kernel for
    the notebooks it executes (kernels.py), and one process of its own that builds the year
    scopes (it ends once they are published, with the memory it took). Started when first
    needed, or by `warm()` while the extraction is validated, so that the kernels and the
    imports are ready when the sections start. The kernelspec lives in a folder of the run."""

    def __init__(self, jobs: int):
        self.jobs = max(1, jobs)
        self.size = self.jobs  # the workers started: no more than the tasks that can run at once
        self._pool = self._builder = self._kernel_dir = None
        self.env: dict[str, str] = {}

    def _start(self, tasks: int | None = None) -> None:
        if self._pool is None:
            self.size = max(1, min(self.jobs, tasks or self.jobs))
            remove_orphans(Path(tempfile.gettempdir()).glob(f"{KERNEL_DIR_PREFIX}*"), _kernel_dir_pid)
            self._kernel_dir = tempfile.mkdtemp(prefix=f"{KERNEL_DIR_PREFIX}{os.getpid()}-")
            self.env = ensure_kernel(Path(self._kernel_dir))
            ahead_dir = Path(self._kernel_dir) / "tableaux-calcules"  # (ahead.py; goes with the folder)
            ahead_dir.mkdir()
            self.env[ahead.ENV] = str(ahead_dir)
            self._pool = ProcessPoolExecutor(max_workers=self.size, initializer=_worker_started, initargs=(self.env,))
            self._builder = ProcessPoolExecutor(max_workers=1, initializer=_worker_started, initargs=(self.env,))

    def warm(self, builder: bool = True, tasks: int | None = None, normalised_dir: Path | None = None) -> None:
        """Start the workers with their kernels, and the scope builder's imports, now (once):
        as many workers as `tasks` can use (at most `jobs`; one section re-run starts one
        kernel, not `jobs`). Every worker gets its kernel: a task goes to whichever worker is
        free first, which must not be one still without a kernel. Given the normalised copy
        the sections will read, each kernel opens it ahead."""
        if self._pool is not None:
            return
        self._start(tasks)
        if builder:
            self._builder.submit(_warm_builder)
        for _ in range(self.size):
            self._pool.submit(kernels.warm, KERNEL_NAME, None if normalised_dir is None else str(normalised_dir))

    @property
    def pool(self) -> ProcessPoolExecutor:
        self._start()
        return self._pool

    @property
    def builder(self) -> ProcessPoolExecutor:
        self._start()
        return self._builder

    def builder_done(self) -> None:
        if self._builder is not None:
            self._builder.shutdown()

    def compute_ahead(self, normalised_dir: Path, edition: int, overrides: dict | None, numbers: list[int]) -> None:
        """With a core to spare, the tables `numbers` computed by the builder process while the
        kernels start (ahead.py); `close` waits for it before the run's folder goes."""
        if self._pool is not None and self.size < self.jobs and numbers:
            self._builder.submit(ahead.compute, str(normalised_dir), edition, overrides, numbers,
                                 self.env[ahead.ENV])

    def release_kernels(self) -> None:
        """No notebook left to run: each worker shuts its kernel down now, while the run checks
        what the sections built, rather than when `close` ends the workers."""
        if self._pool is not None:
            for _ in range(self.size):
                self._pool.submit(kernels.stop)

    def close(self) -> None:
        for pool in (self._builder, self._pool):
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        if self._kernel_dir is not None:
            shutil.rmtree(self._kernel_dir, ignore_errors=True)
        self._pool = self._builder = self._kernel_dir = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _kernel_dir_pid(name: str) -> int | None:
    pid = name[len(KERNEL_DIR_PREFIX):].partition("-")[0]
    return int(pid) if pid.isdigit() else None


def _worker_started(env: dict) -> None:
    _die_with_parent()
    os.environ.update(env)


def _warm_builder() -> None:
    from . import perimeter, scope_cache  # noqa: F401
