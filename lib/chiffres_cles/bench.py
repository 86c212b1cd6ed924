"""`chiffres-cles bench`: what the costs editors and analysts feel are, measured in one run on
one machine and the same data, at several scales of the synthetic extraction. Measured here,
never asserted in a timed test.

For each scale, in this order (each step a separate process, as a user would run it):

- `synth`: `chiffres-cles synth` into `<out>/data-x<scale>` (outside the project's data/);
- `validate`: `chiffres-cles validate` on it;
- `run`: `chiffres-cles run` cold (no build, no cache: validation and the shared year scopes
  included), default parallelism;
- `noop`: `run` again, nothing changed;
- `rerun_one`: one section re-run after one of its parameters changed (`-p min_base 30`);
- `render`: `chiffres-cles render --engine builtin` (HTML, PDF and the annex);
- `compute`: every table computed by the lib in one process, no notebook, no shared cache,
  from the validated copy — the floor of the work;
- `naive`: the section notebooks executed one after the other with papermill, each in its own
  kernel, without the section cache nor the shared year scopes (each kernel builds the scopes
  it needs) — what an editor would do without the pipeline. They read the validated copy, so
  the validation is not counted 14 times: the comparison favours `naive`.

Memory: the peak of the sum of the resident sizes of this process and of all its descendants
(kernels included), sampled every 0.1 s with psutil (shared pages are counted once per process:
an upper bound), over the scale, step by step (`peak_rss_mb_by_step`) and over the build's own
steps (`peak_rss_mb_build`: validate, run, noop, rerun_one, render — the goal of ten times the
data is on these, not on the baselines); the largest single
process is also given (`getrusage(RUSAGE_CHILDREN)`). `cpu_seconds`: the processor time of each
step's process tree (user + system), which the load of other work on the machine changes less
than the wall time.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

STEPS = ("synth", "validate", "run", "noop", "rerun_one", "render", "compute", "naive")
RERUN_SECTION = "09"
RERUN_OVERRIDE = ("min_base", "30")
SAMPLE_SECONDS = 0.1
NO_SCOPE_CACHE_ENV = "CHIFFRES_CLES_SCOPE_CACHE"  # "off": every Scope builds its years itself


# -- the process tree's memory ---------------------------------------------------------

class TreeMemory:
    """Samples the resident memory of this process and all its descendants in a thread."""

    def __init__(self, every: float = SAMPLE_SECONDS):
        import psutil

        self.psutil, self.every = psutil, every
        self.me = psutil.Process(os.getpid())
        self.peak = self.step_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> int:
        total = 0
        try:
            procs = [self.me, *self.me.children(recursive=True)]
        except self.psutil.Error:
            return 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except self.psutil.Error:  # ended between the listing and the reading
                pass
        return total

    def _loop(self) -> None:
        while not self._stop.is_set():
            now = self.sample()
            self.peak, self.step_peak = max(self.peak, now), max(self.step_peak, now)
            self._stop.wait(self.every)

    def reset(self, step_only: bool = False) -> None:
        self.step_peak = self.sample()
        if not step_only:
            self.peak = self.step_peak

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def machine() -> dict:
    import psutil

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "system": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "load_average": [round(v, 2) for v in os.getloadavg()] if hasattr(os, "getloadavg") else None}


# -- the steps ---------------------------------------------------------------------------

def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "chiffres_cles.cli", *args]


def _module(*args: str) -> list[str]:
    return [sys.executable, "-m", "chiffres_cles.bench", *args]


class StepFailed(RuntimeError):
    pass


def _timed(cmd: list[str], log: Path, env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, processor seconds of the step's process tree) of a command."""
    c0, t0 = _children_cpu(), time.perf_counter()
    with log.open("w", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
                                start_new_session=True)
        try:
            code = proc.wait()
        except BaseException:  # the bench interrupted: the step and its kernels with it
            os.killpg(proc.pid, 9)
            proc.wait()
            raise
    seconds, cpu = time.perf_counter() - t0, _children_cpu() - c0
    if code != 0:
        raise StepFailed(f"code de sortie {code}, voir {log}")
    return seconds, cpu


def _children_cpu() -> float:
    """User + system time of the ended descendants (each waited for by its parent)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _rows(data: Path) -> dict[str, int]:
    import pyarrow.parquet as pq

    return {name: pq.ParquetFile(data / f"{name}.parquet").metadata.num_rows
            for name in ("auditeurs", "inscriptions") if (data / f"{name}.parquet").exists()}


def _normalised_dir(build: Path) -> Path:
    found = sorted((build / ".cache").glob("extraction-*/normalised.json"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise StepFailed(f"aucune copie validée dans {build / '.cache'} (l'étape « run » a-t-elle réussi ?)")
    return found[-1].parent


def bench_scale(scale: float, out: Path, edition: int, jobs: int, steps, sections, seed: int,
                memory: TreeMemory, say) -> dict:
    data, build = out / f"data-x{scale:g}", out / f"build-x{scale:g}"
    logs = out / f"logs-x{scale:g}"
    logs.mkdir(parents=True, exist_ok=True)
    memory.reset()
    rusage0 = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds: dict[str, float | None] = dict.fromkeys(STEPS)
    cpu: dict[str, float | None] = dict.fromkeys(STEPS)
    peaks: dict[str, int | None] = dict.fromkeys(STEPS)
    errors: dict[str, str] = {}
    section_args = [a for s in sections for a in ("--section", s)]
    ed = ["--edition", str(edition)]

    def step(name: str, cmd: list[str], env: dict | None = None) -> None:
        if name not in steps:
            return
        say(f"échelle {scale:g} : {name} …")
        memory.reset(step_only=True)
        try:
            wall, used = _timed(cmd, logs / f"{name}.log", env)
            seconds[name], cpu[name], peaks[name] = round(wall, 2), round(used, 2), round(memory.step_peak / 2**20)
            say(f"échelle {scale:g} : {name} {wall:.1f} s (processeur {used:.1f} s, charge "
                f"{os.getloadavg()[0]:.1f}, mémoire max {peaks[name]} Mo)")
        except StepFailed as exc:
            errors[name] = str(exc)
            say(f"échelle {scale:g} : {name} en échec ({exc})")

    if "synth" in steps or not (data / "inscriptions.parquet").exists():
        shutil.rmtree(data, ignore_errors=True)
        step("synth", _cli("synth", "--out", str(data), "--scale", f"{scale:g}", "--seed", str(seed)))
        if "synth" not in steps:  # the data are needed: generated, not measured
            _timed(_cli("synth", "--out", str(data), "--scale", f"{scale:g}", "--seed", str(seed)), logs / "synth.log")
    step("validate", _cli("validate", "--data", str(data)))
    shutil.rmtree(build, ignore_errors=True)  # cold: no build, no cache
    run = _cli("run", *ed, "--data", str(data), "--build-dir", str(build), "--jobs", str(jobs), *section_args)
    step("run", run)
    step("noop", run)
    rerun = [s for s in sections if s == RERUN_SECTION] or sections[:1] or [RERUN_SECTION]
    step("rerun_one", _cli("run", *ed, "--data", str(data), "--build-dir", str(build), "--jobs", str(jobs),
                           "--section", rerun[0], "-p", *RERUN_OVERRIDE))
    step("render", _cli("render", *ed, "--build-dir", str(build), "--engine", "builtin"))
    if {"compute", "naive"} & set(steps):
        try:
            norm = str(_normalised_dir(build))
        except StepFailed as exc:
            for name in ("compute", "naive"):
                if name in steps:
                    errors[name] = str(exc)
        else:
            off = {NO_SCOPE_CACHE_ENV: "off"}
            step("compute", _module("compute", "--normalised", norm, *ed, *section_args), off)
            naive_build = out / f"naive-x{scale:g}"
            shutil.rmtree(naive_build, ignore_errors=True)
            step("naive", _module("naive", "--normalised", norm, "--data", str(data), "--build-dir", str(naive_build),
                                  *ed, *section_args), off)
    peak_single = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rusage0) / 1024
    rows = _rows(data)
    return {"scale": scale, "auditeurs": rows.get("auditeurs"), "inscriptions": rows.get("inscriptions"),
            "seconds": seconds, "peak_rss_mb": round(memory.peak / 2**20), "cpu_seconds": cpu,
            "peak_rss_mb_by_step": peaks, "peak_rss_mb_build": _build_peak(peaks),
            "peak_rss_single_process_mb": round(peak_single), "errors": errors}


# the steps an editor runs (the baselines `compute` and `naive`, and `synth`, are not the build)
BUILD_STEPS = ("validate", "run", "noop", "rerun_one", "render")


def _build_peak(peaks: dict) -> int | None:
    """The peak memory of the process tree over the build's own steps."""
    measured = [peaks[s] for s in BUILD_STEPS if peaks.get(s) is not None]
    return max(measured) if measured else None


def _ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def ratios(runs: list[dict]) -> dict:
    by = {r["scale"]: r["seconds"] for r in runs}
    one, ten = by.get(1.0), by.get(10.0)
    at1 = one or {}
    return {
        "run_vs_naive": _ratio(at1.get("run"), at1.get("naive")),
        "run_vs_compute": _ratio(at1.get("run"), at1.get("compute")),
        "rerun_one_vs_run": _ratio(at1.get("rerun_one"), at1.get("run")),
        "noop_vs_run": _ratio(at1.get("noop"), at1.get("run")),
        "compute_10x_vs_1x": _ratio((ten or {}).get("compute"), at1.get("compute")) if one and ten else None,
    }


HEADERS = [("synth", "synth"), ("validate", "validation"), ("compute", "calcul seul"), ("naive", "notebooks un à un"),
           ("run", "run à froid"), ("rerun_one", "une section"), ("noop", "rien de changé"), ("render", "rendu")]


# the goals of issue 11, on ratios measured within one run (absolute times vary by machine)
GOALS = {"run_vs_naive": 0.5, "run_vs_compute": 2.0, "rerun_one_vs_run": 0.15, "noop_vs_run": 0.05,
         "compute_10x_vs_1x": 10.0}
MEMORY_GOAL_MB = 4096  # the process tree at scale 10


def _goal(value, limit) -> str:
    return "—" if value is None else ("atteint" if value <= limit else "manqué")


def table_text(result: dict) -> str:
    """The readable report (French number formatting): one line per scale, then the ratios
    against their goals."""
    from .formatting import format_number

    def sec(v):
        return "—" if v is None else f"{format_number(v, 1)} s"

    head = ["échelle", "auditeurs", "inscriptions", *(h for _, h in HEADERS), "mémoire max (Mo)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in result["runs"]:
        cells = [f"{r['scale']:g}", format_number(r["auditeurs"] or 0), format_number(r["inscriptions"] or 0),
                 *(sec(r["seconds"][k]) for k, _ in HEADERS), format_number(r["peak_rss_mb"])]
        lines.append("| " + " | ".join(cells) + " |")
    names = {"run_vs_naive": "run / notebooks un à un (échelle 1)", "run_vs_compute": "run / calcul seul (échelle 1)",
             "rerun_one_vs_run": "une section / run (échelle 1)", "noop_vs_run": "rien de changé / run (échelle 1)",
             "compute_10x_vs_1x": "calcul seul, échelle 10 / échelle 1"}
    lines += ["", "| rapport | valeur | objectif | |", "|---|---|---|---|"]
    lines += [f"| {names[k]} | {'—' if v is None else format_number(v, 3)} | ≤ {format_number(GOALS[k], 2).rstrip('0').rstrip(',')} "
              f"| {_goal(v, GOALS[k])} |" for k, v in result["ratios"].items()]
    ten = next((r for r in result["runs"] if r["scale"] == 10.0), None)
    if ten is not None and ten.get("peak_rss_mb_build") is not None:
        peak = ten["peak_rss_mb_build"]
        lines.append(f"| mémoire de l’arbre de processus, échelle 10, construction (Mo) | {format_number(peak)} "
                     f"| ≤ {format_number(MEMORY_GOAL_MB)} | {_goal(peak, MEMORY_GOAL_MB)} |")
    for r in result["runs"]:
        for step_name, err in r["errors"].items():
            lines.append(f"\nÉchelle {r['scale']:g}, {step_name} : {err}")
    return "\n".join(lines)


def run_bench(scales=(1.0,), out: Path = Path("build/bench"), edition: int = 2023, jobs: int = 2, steps=STEPS,
              sections=(), seed: int = 2023, as_json: bool = False) -> dict:
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    def say(text: str) -> None:
        print(text, file=sys.stderr if as_json else sys.stdout, flush=True)

    import signal

    from .pipeline import versions

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # ended: the running step with it (`_timed`)
    result = {"machine": machine(), "edition": edition, "jobs": jobs, "versions": versions(), "runs": []}
    with TreeMemory() as memory:
        for scale in scales:
            result["runs"].append(bench_scale(float(scale), out, edition, jobs, tuple(steps), list(sections), seed,
                                              memory, say))
    result["ratios"] = ratios(result["runs"])
    (out / "bench.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    text = table_text(result)
    (out / "bench.md").write_text(text + "\n", encoding="utf-8")
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(text)
    return result


# -- `python -m chiffres_cles.bench compute|naive`: the two baselines, in their own process ----

def compute_all(normalised: Path, edition: int, sections=()) -> int:
    """Every table (of the given sections) computed in this process, nothing written."""
    from .extraction import open_normalised
    from .params import load_params
    from .tables.registry import registry

    x = open_normalised(Path(normalised))
    p = load_params(edition)
    wanted = {int(s) for s in sections}
    n = 0
    for number, e in registry().items():
        if not wanted or int(e.section.number) in wanted:
            e.func(x, p)
            n += 1
    return n


def naive(normalised: Path, data: Path, build: Path, edition: int, sections=()) -> None:
    """The section notebooks one after the other, each with papermill in its own kernel."""
    import papermill as pm

    from .freshness import NOTEBOOKS_DIR
    from .pipeline import select_sections
    from .workers import KERNEL_NAME, ensure_kernel

    os.environ.update(ensure_kernel(Path(build) / ".kernel"))
    out = Path(build) / "notebooks"
    out.mkdir(parents=True, exist_ok=True)
    for s in select_sections(list(sections) or None):
        pm.execute_notebook(str(NOTEBOOKS_DIR / s.notebook), str(out / s.notebook), kernel_name=KERNEL_NAME,
                            parameters={"edition": edition, "data_dir": str(Path(data).resolve()),
                                        "build_dir": str(Path(build).resolve()), "normalised_dir": str(normalised)},
                            progress_bar=False, cwd=str(out), log_output=False)


def _main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m chiffres_cles.bench")
    ap.add_argument("what", choices=["compute", "naive"])
    ap.add_argument("--normalised", required=True)
    ap.add_argument("--data")
    ap.add_argument("--build-dir")
    ap.add_argument("--edition", type=int, default=2023)
    ap.add_argument("--section", action="append", default=[])
    a = ap.parse_args(argv)
    if a.what == "compute":
        compute_all(Path(a.normalised), a.edition, a.section)
    else:
        naive(Path(a.normalised), Path(a.data), Path(a.build_dir), a.edition, a.section)
    return 0


if __name__ == "__main__":
    sys.exit(_main())
