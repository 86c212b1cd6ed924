"""Running an edition: validate once, execute the section notebooks with papermill (in
parallel, skipping those whose inputs did not change), record the provenance, and swap the
result in only when every section succeeded — a failed run leaves the previous build intact.

A section's cache key covers everything its output depends on: the data fingerprint, the
edition parameters, the notebook, and the source of the lib and of the reference files.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, coverage, rule_report
from .extraction import load_extraction, save_normalised
from .locking import edition_lock, pid_alive
from .notebook import edition_dir
from .params import PROJECT_ROOT, EditionParams, load_params
from .problems import UsageError
from .sections import SECTIONS, Section, normalise_section

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
RULES_CACHE = "rules.json"  # the rule report's counts on the extraction, with the key of their inputs
LIB_DIR = Path(__file__).resolve().parent
KERNEL_NAME = "chiffres-cles"


@dataclass
class SectionOutcome:
    section: Section
    status: str            # "ran", "skipped", "failed"
    seconds: float = 0.0
    error: str = ""


@dataclass
class RunResult:
    edition: int
    out_dir: Path
    outcomes: list[SectionOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # outside the sections (the rule report)

    @property
    def ok(self) -> bool:
        return all(o.status != "failed" for o in self.outcomes) and not self.errors


def _hash_files(paths) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def lib_fingerprint() -> str:
    """The lib's own source and the project's reference files: a code change re-runs."""
    files = list(LIB_DIR.rglob("*.py")) + list((PROJECT_ROOT / "data" / "reference").glob("*.csv"))
    return _hash_files(files)[:16]


def section_key(section: Section, data_fp: str, p: EditionParams, lib_fp: str) -> str:
    h = hashlib.sha256()
    h.update(data_fp.encode())
    h.update(json.dumps(p.as_dict(), sort_keys=True).encode())
    h.update((NOTEBOOKS_DIR / section.notebook).read_bytes())
    h.update(lib_fp.encode())
    h.update(__version__.encode())
    return h.hexdigest()[:16]


def ensure_kernel(root: Path) -> dict[str, str]:
    """A kernelspec that starts this very interpreter, so notebooks run in the project's
    environment whatever Jupyter kernels the machine has. Returns the environment to use."""
    kdir = root / "share" / "jupyter" / "kernels" / KERNEL_NAME
    kdir.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}", "--IPKernelApp.log_level=CRITICAL"],
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


def _execute(section: Section, parameters: dict, out_nb: Path, cwd: Path, env: dict) -> tuple[str, float, str]:
    """Run one notebook (in a worker process). Returns (number, seconds, error)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    os.environ.update(env)
    t0 = time.perf_counter()
    try:
        pm.execute_notebook(str(NOTEBOOKS_DIR / section.notebook), str(out_nb), parameters=parameters,
                            kernel_name=KERNEL_NAME, progress_bar=False, cwd=str(cwd), log_output=False)
    except PapermillExecutionError as exc:
        return section.number, time.perf_counter() - t0, (
            f"cellule {exc.cell_index + 1} (exécution {exc.exec_count}) : {exc.ename}: {exc.evalue}")
    except Exception as exc:  # kernel death, missing notebook…: name it, no traceback
        return section.number, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    return section.number, time.perf_counter() - t0, ""


def _git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip() or "inconnu"
    except (OSError, subprocess.SubprocessError):
        return "inconnu"


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "chiffres-cles": __version__}
    for pkg in ("pandas", "numpy", "pandera", "papermill", "nbclient", "matplotlib", "seaborn", "babel",
                "openpyxl", "pypandoc-binary", "typst"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return out


def _progress(total: int):
    from tqdm import tqdm

    quiet_ci = os.environ.get("CI") == "true" and not sys.stderr.isatty()  # no bar in CI logs
    return tqdm(total=total, desc="Sections", unit="section", file=sys.stderr, disable=total == 0 or quiet_ci)


def _validated(data_dir: Path, build_dir: Path, strict: bool, check=None):
    """The extraction, validated once per content: a normalised copy keyed by the data
    fingerprint is reused as long as the files are byte for byte the same. `check(x)` runs
    before anything is written (the years the edition needs)."""
    from .extraction import ExtractionError, fingerprint, open_normalised

    norm_dir = build_dir / ".cache" / f"extraction-{fingerprint(data_dir)}"
    if (norm_dir / "normalised.json").exists():
        x = open_normalised(norm_dir)
        if strict and x.report.warnings:
            raise ExtractionError(x.report, strict=True)
        if check is not None:
            check(x)
        return x, norm_dir
    x = load_extraction(data_dir, strict=strict)
    if check is not None:
        check(x)
    for stale in norm_dir.parent.glob("extraction-*.tmp*"):  # left by a killed run
        pid = stale.name.rpartition("-")[2]
        if not (pid.isdigit() and pid_alive(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)
    tmp = norm_dir.with_name(f"{norm_dir.name}.tmp-{os.getpid()}")  # concurrent runs never share it
    shutil.rmtree(tmp, ignore_errors=True)
    save_normalised(x, tmp)
    if (norm_dir / "normalised.json").exists():  # another run finished the same copy first
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        shutil.rmtree(norm_dir, ignore_errors=True)
        tmp.rename(norm_dir)
    # the notebooks read the normalised copy: this process keeps none of the rows
    return open_normalised(norm_dir), norm_dir


def select_sections(sections=None) -> list[Section]:
    """The sections to run: those asked for (each must exist and have its notebook), else
    every section whose notebook exists. UsageError names an unknown section or a section
    without its notebook."""
    if not sections:
        return [s for s in SECTIONS if (NOTEBOOKS_DIR / s.notebook).exists()]
    wanted: list[Section] = []
    for value in sections:
        try:
            s = normalise_section(value)
        except KeyError:
            raise UsageError(f"section inconnue : « {value} » (sections : "
                             f"{', '.join(s.number for s in SECTIONS)})") from None
        if not (NOTEBOOKS_DIR / s.notebook).exists():
            raise UsageError(f"la section {s.number} ({s.heading}) n'a pas encore de notebook "
                             f"(notebooks/{s.notebook} absent) : rien à exécuter")
        if s not in wanted:
            wanted.append(s)
    return wanted


def recover_edition(build_dir: Path, edition: int) -> None:
    """Undo what a killed run or render left (called with the edition's lock held): a swap
    cut between its two renames is rolled back (the previous build comes back), and staging
    folders, `.old` copies and `.rendu-*` folders are removed."""
    from .render import recover_renders

    final = edition_dir(build_dir, edition)
    old = final.with_name(final.name + ".old")
    if old.exists():
        if final.exists():
            shutil.rmtree(old)  # the swap was done, only the deletion was cut
        else:
            old.rename(final)  # cut between « final → old » and « staging → final »
    for leftover in build_dir.glob(f".staging-cc{edition}*"):
        if leftover.name == f".staging-cc{edition}" or leftover.name.startswith(f".staging-cc{edition}-"):
            shutil.rmtree(leftover, ignore_errors=True)
    if final.exists():
        recover_renders(final)


def run_edition(edition: int, data_dir: Path, build_dir: Path, sections=None, overrides=None,
                jobs: int = 2, force: bool = False, strict: bool = False) -> RunResult:
    p = load_params(edition, overrides)
    wanted = select_sections(sections)
    build_dir = Path(build_dir).resolve()
    warnings: list[str] = []

    def check(x):  # before anything is written: the years the sections need
        warnings.extend(coverage.check_years(x, p, wanted))

    x, norm_dir = _validated(Path(data_dir), build_dir, strict, check)  # ExtractionError before anything is written
    for w in warnings:
        print(w, file=sys.stderr)
    with edition_lock(build_dir, edition, "chiffres-cles run"):
        recover_edition(build_dir, edition)
        return _run_sections(edition, p, wanted, x, norm_dir, Path(data_dir), build_dir, overrides, jobs, force)


def _run_sections(edition: int, p: EditionParams, wanted: list[Section], x, norm_dir: Path, data_dir: Path,
                  build_dir: Path, overrides, jobs: int, force: bool) -> RunResult:
    final = edition_dir(build_dir, edition)
    staging_root = build_dir / f".staging-cc{edition}-{os.getpid()}"  # a killed run's orphans never write into ours
    staging = edition_dir(staging_root, edition)
    if final.exists():
        shutil.copytree(final, staging, symlinks=True)
    staging.mkdir(parents=True, exist_ok=True)
    (staging / "notebooks").mkdir(exist_ok=True)
    x.report.write_csv(staging / "qa.csv")

    manifest_path = staging / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    previous = manifest.get("sections", {})
    lib_fp = lib_fingerprint()
    result = RunResult(edition, final)
    todo = []
    for s in wanted:
        key = section_key(s, x.fingerprint, p, lib_fp)
        done = previous.get(s.number, {})
        if not force and done.get("key") == key and (staging / "notebooks" / s.notebook).exists():
            result.outcomes.append(SectionOutcome(s, "skipped", done.get("seconds", 0.0)))
        else:
            todo.append((s, key))

    env = ensure_kernel(build_dir / ".kernel")
    parameters = {"edition": edition, "data_dir": str(Path(data_dir).resolve()), "build_dir": str(staging_root),
                  "normalised_dir": str(norm_dir), **(overrides or {})}
    keys = dict((s.number, k) for s, k in todo)
    by_number = {s.number: s for s, _ in todo}
    # the rule report's counts on the extraction: computed by a worker while the sections run,
    # reused when the data, parameters and lib did not change
    rules_key = hashlib.sha256(f"{x.fingerprint}/{json.dumps(p.as_dict(), sort_keys=True)}/{lib_fp}/"
                               f"{__version__}".encode()).hexdigest()[:16]
    rule_counts = rule_report.load_counts(staging / RULES_CACHE, rules_key)
    t0 = time.perf_counter()
    with _progress(len(todo)) as bar, ProcessPoolExecutor(
            max_workers=max(1, min(jobs, len(todo) + (rule_counts is None))), initializer=_die_with_parent) as pool:
        rules_future = (pool.submit(rule_report.count_rules_of, str(norm_dir), edition, overrides)
                        if rule_counts is None else None)
        futures = [pool.submit(_execute, s, parameters, staging / "notebooks" / s.notebook, staging / "notebooks", env)
                   for s, _ in todo]
        for fut in as_completed(futures):
            number, seconds, error = fut.result()
            s = by_number[number]
            result.outcomes.append(SectionOutcome(s, "failed" if error else "ran", seconds, error))
            bar.update(1)
            if error:
                print(f"Section {number} ({s.heading}) en échec : {error}", file=sys.stderr)
        if rules_future is not None:
            try:
                rule_counts = [rule_report.RuleCount(**c) for c in rules_future.result()]
            except Exception as exc:  # noqa: BLE001 (named, no traceback, like a section)
                result.errors.append(f"rapport des règles de comptage : {type(exc).__name__}: {exc}")
                print(f"Rapport des règles de comptage en échec : {type(exc).__name__}: {exc}", file=sys.stderr)
    wall = time.perf_counter() - t0
    if rule_counts is not None and result.ok:  # after the sections: « ns » cells of the built tables
        rule_report.save_counts(staging / RULES_CACHE, rules_key, rule_counts)
        rule_report.append_to_qa(staging / "qa.csv", rule_counts + rule_report.count_ns(staging / "tables"), p)

    for o in result.outcomes:
        if o.status == "ran":
            previous[o.section.number] = {"key": keys[o.section.number], "seconds": round(o.seconds, 2),
                                          "executed": dt.datetime.now().isoformat(timespec="seconds"),
                                          "notebook": o.section.notebook, "tables": list(o.section.tables)}
    manifest.update({
        "edition": edition, "academic_year": p.N, "params": p.as_dict(), "data_dir": str(Path(data_dir).resolve()),
        "data_fingerprint": x.fingerprint, "lib_fingerprint": lib_fp, "git_commit": _git_commit(),
        "versions": versions(), "sections": dict(sorted(previous.items())),
        "last_run": {"wall_seconds": round(wall, 2), "jobs": jobs,
                     "ran": [o.section.number for o in result.outcomes if o.status == "ran"],
                     "skipped": [o.section.number for o in result.outcomes if o.status == "skipped"]},
        "created": dt.datetime.now().isoformat(timespec="seconds"),
    })
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")

    if not result.ok:
        shutil.rmtree(staging_root, ignore_errors=True)
        failed = ", ".join([o.section.number for o in result.outcomes if o.status == "failed"]
                           + (["rapport des règles"] if result.errors else []))
        print(f"Échec : section(s) {failed} ; la construction précédente de l'édition {edition} est conservée.",
              file=sys.stderr)
        return result
    _swap(staging, final)
    shutil.rmtree(staging_root, ignore_errors=True)
    ran = sum(o.status == "ran" for o in result.outcomes)
    skipped = sum(o.status == "skipped" for o in result.outcomes)
    print(f"Édition {edition} : {ran} section(s) exécutée(s), {skipped} à jour, en {wall:.1f} s → {final}")
    return result


def _swap(staging: Path, final: Path) -> None:
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def build_edition(edition: int, data_dir: Path, build_dir: Path, overrides=None, jobs: int = 2,
                  force: bool = False, engine: str = "auto", strict: bool = False) -> bool:
    """validate + run + render, under one lock: no other command slips in between."""
    from .render import render_edition

    p = load_params(edition, overrides)  # bad parameters, extraction or years: refused before the lock file
    build_dir = Path(build_dir).resolve()
    _validated(Path(data_dir), build_dir, strict, lambda x: coverage.check_years(x, p, select_sections(None)))
    with edition_lock(build_dir, edition, "chiffres-cles build"):
        result = run_edition(edition, data_dir, build_dir, overrides=overrides, jobs=jobs, force=force, strict=strict)
        if not result.ok:
            return False
        render_edition(edition=edition, build_dir=build_dir, engine=engine)
    return True
