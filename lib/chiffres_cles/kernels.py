"""Warm kernels: each worker of `chiffres-cles run` keeps one Jupyter kernel for the sections it
executes, instead of starting one per notebook.

A fresh kernel costs about two seconds before the first cell does any work (starting
IPython, importing pandas, matplotlib, seaborn and the lib); fourteen sections paid it
fourteen times. Here a worker starts its kernel once — while the extraction is still being
validated — and between two notebooks puts it back in the state a fresh kernel has: empty
namespace and history, no figure open, the warning filters and pandas options of a new
kernel, the execution counter at 1, the notebook's folder as working directory. The modules
stay imported (that is the point); the lib keeps no state between notebooks outside what a
notebook creates (a test builds the same edition with warm and with fresh kernels and finds
the same bytes). A kernel that ran no notebook yet is in that state already: it only goes to
the notebook's folder (`enter`).

A kernel that died, failed to reset, or keeps more than `REUSE_MAX_MB` after its reset is
replaced by a new one. `CHIFFRES_CLES_WARM_KERNELS=off` gives one fresh kernel per notebook.

Worker side: `start()`, `execute()`, `stop()`. Kernel side: `preload()`, `enter()`, `reset()`
(light imports only: they run inside the kernel).
"""
from __future__ import annotations

import gc
import os
import time
import warnings
from pathlib import Path

ENV = "CHIFFRES_CLES_WARM_KERNELS"
# resident memory a kernel may keep after its reset and still be reused (MB): beyond it (ten
# times the Cnam's data, caches the allocator does not give back), the next notebook gets a new one
REUSE_MAX_MB = 1500
START_TIMEOUT = 120

# the worker's kernel (one per worker process), and whether it ran a notebook since it started
_kernel = None
_used = False
_finalizer = None


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() not in ("off", "0", "non", "false", "no")


# -- kernel side -------------------------------------------------------------------------

_fresh_filters: list | None = None
_warm_kernel = False  # this process is a run's warm kernel (set by `preload`)
# the extraction the previous sections opened, by normalised copy: the copy never changes (its
# folder is keyed by the data fingerprint), so the caches of the year scopes serve the next section
_extractions: dict = {}
# memory beyond which a kernel lets that extraction go at its reset (MB)
KEEP_EXTRACTION_MB = 1000


def preload(normalised_dir: str | None = None) -> None:
    """In a new kernel: what every section imports (every table module), the state `reset`
    restores and, given the run's normalised copy, its extraction opened for the first section."""
    global _fresh_filters, _warm_kernel
    _fresh_filters, _warm_kernel = list(warnings.filters), True
    import chiffres_cles.charts  # noqa: F401  (matplotlib, seaborn, pandas)
    import chiffres_cles.formatting  # noqa: F401
    import chiffres_cles.notebook  # noqa: F401
    from chiffres_cles.extraction import open_normalised
    from chiffres_cles.tables.registry import registry

    registry()
    if normalised_dir is not None:
        extraction_for(normalised_dir, lambda: open_normalised(Path(normalised_dir)))


def extraction_for(normalised_dir, open_extraction):
    """In a warm kernel, the extraction a previous section opened from the same normalised
    copy; elsewhere (or without a normalised copy), `open_extraction()`."""
    marker = Path(normalised_dir) / "normalised.json" if normalised_dir is not None else None
    if not _warm_kernel or marker is None or not marker.exists():
        return open_extraction()
    key = (str(marker.resolve()), marker.read_text(encoding="utf-8"))
    if key not in _extractions:
        _extractions.clear()
        _extractions[key] = open_extraction()
    return _extractions[key]


def _release() -> None:
    """Arrow's memory freed by the last notebook, back to the system."""
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass


def enter(cwd: str) -> None:
    """In a kernel that ran no notebook yet (its state is a new kernel's): the notebook's folder."""
    os.chdir(cwd)


def reset(cwd: str) -> None:
    """In a kernel that ran a notebook: the state of a new kernel for the next one."""
    import matplotlib.pyplot as plt
    import pandas as pd

    ip = get_ipython()  # noqa: F821 (the kernel's shell)
    ip.run_line_magic("reset", "-f")  # namespace, In/Out and their caches
    plt.close("all")
    if _fresh_filters is not None:
        warnings.filters[:] = _fresh_filters
        warnings._filters_mutated()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.reset_option("all")
    os.chdir(cwd)
    ip.execution_count = 1
    _release()  # (%reset has collected the garbage)
    if _rss_mb(os.getpid()) > KEEP_EXTRACTION_MB:  # ten times the data: each section reads its years again
        _extractions.clear()
        gc.collect()
        _release()


# -- worker side -------------------------------------------------------------------------

def _kernel_manager(kernel_name: str):
    """A kernel manager whose client stays connected from one notebook to the next: nbclient
    asks it for a client at each notebook, and a new one would wait for the kernel again.
    Once ready, the kept client answers nbclient's own wait at once: that wait ends with 0.2 s
    of silence on IOPub, at every notebook, and the kernel has just answered (`_ready`)."""
    from jupyter_client.manager import KernelManager
    from jupyter_core.utils import run_sync

    class KernelKeepingItsClient(KernelManager):
        _kept = None

        def client(self, **kwargs):
            if self._kept is None:
                kept = super().client(**kwargs)
                kept.start_channels()
                run_sync(_connected)(kept, self)
                kept.start_channels = lambda *args, **kwargs: None  # nbclient starts them again
                kept.wait_for_ready = _answered
                self._kept = kept
            return self._kept

        def shutdown_kernel(self, *args, **kwargs):
            if self._kept is not None:
                self._kept.stop_channels()
                self._kept = None
            return super().shutdown_kernel(*args, **kwargs)

    km = KernelKeepingItsClient(kernel_name=kernel_name)
    km.client_class = "jupyter_client.asynchronous.AsyncKernelClient"  # as nbclient's own
    return km


async def _connected(kc, km) -> None:
    """The kernel answers on both channels: jupyter_client's `wait_for_ready` (a kernel_info
    reply on Shell, then a message on IOPub) without its last 0.2 s of waiting for IOPub to go
    quiet, on the path of every kernel start; whoever reads IOPub here picks its own messages
    by request (`_run_silently`, nbclient)."""
    from queue import Empty

    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        kc.kernel_info()
        try:
            reply = await kc.get_shell_msg(timeout=1)
        except Empty:
            reply = None
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            try:
                await kc.get_iopub_msg(timeout=0.2)
                return
            except Empty:
                pass  # IOPub not connected yet: ask again
        if not km.is_alive():
            raise RuntimeError("le noyau s'est arrêté avant de répondre")
    raise RuntimeError(f"le noyau n'a pas répondu en {START_TIMEOUT} s")


async def _answered(*args, **kwargs) -> None:
    """The kept client's `wait_for_ready`: the kernel answered the reset of this notebook."""


def _run_silently(km, code: str, meanwhile=None) -> None:
    """Execute `code` in the kernel, outside the notebook's history; raise if it fails.
    `meanwhile()` runs in this process while the kernel executes it."""
    from jupyter_core.utils import run_sync

    kc = km.client()
    msg_id = kc.execute(code, silent=True, store_history=False)
    if meanwhile is not None:
        meanwhile()

    async def finished():
        deadline = time.monotonic() + START_TIMEOUT
        while True:  # its messages on IOPub, up to the kernel's return to idle
            msg = await kc.get_iopub_msg(timeout=max(0.0, deadline - time.monotonic()))
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"):
                break
        while True:
            reply = await kc.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply
    reply = run_sync(finished)()
    if reply["content"].get("status") != "ok":
        c = reply["content"]
        raise RuntimeError(f"{c.get('ename')}: {c.get('evalue')}")


def _import_papermill() -> None:
    import papermill  # noqa: F401  (the worker's own import, while its kernel imports the lib's)


def _rss_mb(pid: int) -> float:
    """Resident memory of a process (MB); infinite when it cannot be read (gone)."""
    import psutil

    try:
        return psutil.Process(pid).memory_info().rss / 2**20
    except psutil.Error:
        return float("inf")


def _kernel_rss_mb(km) -> float:
    process = getattr(km.provisioner, "process", None)
    return _rss_mb(process.pid) if process is not None else float("inf")


def stop() -> None:
    """This worker's kernel shut down (none is started again unless a notebook asks)."""
    _shutdown()


def _shutdown() -> None:
    global _kernel
    if _kernel is not None:
        try:
            _kernel.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 (already gone)
            pass
        _kernel = None


def start(kernel_name: str, cwd: Path, normalised_dir: str | None = None) -> None:
    """Start this worker's kernel with the imports every section needs and, given the run's
    normalised copy, its extraction (a new kernel if it had one). The kernel is shut down when
    the worker ends."""
    global _kernel, _finalizer, _used
    from multiprocessing import util

    _shutdown()
    km = _kernel_manager(kernel_name)
    km.start_kernel(cwd=str(cwd))
    try:
        _run_silently(km, f"__import__('chiffres_cles.kernels', fromlist=['preload']).preload({normalised_dir!r})",
                      meanwhile=_import_papermill)
    except BaseException:
        km.shutdown_kernel(now=True)
        raise
    if _finalizer is None:  # multiprocessing runs it when the worker exits (atexit does not)
        _finalizer = util.Finalize(None, _shutdown, exitpriority=100)
    _kernel, _used = km, False


def warm(kernel_name: str, normalised_dir: str | None = None) -> None:
    """This worker's kernel started ahead of its first notebook (nothing if it has one)."""
    if enabled() and (_kernel is None or not _kernel.is_alive()):
        start(kernel_name, Path.cwd(), normalised_dir)


def _ready(kernel_name: str, cwd: Path):
    """This worker's kernel, reset for a new notebook (a kernel that ran none yet only goes to
    the notebook's folder); a new one when it cannot be reused."""
    global _used
    reusable = False
    if _kernel is not None and _kernel.is_alive():
        call = "reset" if _used else "enter"
        try:
            _run_silently(_kernel, f"__import__('chiffres_cles.kernels', fromlist=['{call}']).{call}({str(cwd)!r})")
            reusable = not _used or _kernel_rss_mb(_kernel) <= REUSE_MAX_MB
        except Exception:  # noqa: BLE001 (replaced below)
            pass
    if not reusable:
        start(kernel_name, cwd)
    _used = True
    return _kernel


def execute(notebook: Path, out_nb: Path, parameters: dict, kernel_name: str, cwd: Path) -> None:
    """papermill on this worker's warm kernel (a fresh kernel when warm kernels are off)."""
    import papermill as pm

    if not enabled():
        pm.execute_notebook(str(notebook), str(out_nb), parameters=parameters, kernel_name=kernel_name,
                            progress_bar=False, cwd=str(cwd), log_output=False)
        return
    km = _ready(kernel_name, cwd)
    try:
        pm.execute_notebook(str(notebook), str(out_nb), parameters=parameters, kernel_name=kernel_name,
                            progress_bar=False, cwd=str(cwd), log_output=False, km=km,
                            request_save_on_cell_execute=False)  # written once done (or failed)
    except BaseException:
        if not km.is_alive():
            _shutdown()
        raise
