"""Running an edition: validate once, execute the section notebooks with papermill (in
parallel, skipping those whose inputs did not change), record the provenance, and swap the
result in only when every section succeeded — a failed run leaves the previous build intact.

What a run must redo is decided by freshness.py (the keys of the sections and of the rule
counts). The workers and their kernels (workers.py) are started before anything heavy is
imported: the modules that read data (pandas) are imported in the functions that need them.
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
from collections import deque
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, coverage, freshness, kernels, scope_cache
from .freshness import (RULES_CACHE, data_fingerprint, lib_fingerprint, read_manifest, rules_current, rules_key,
                        stale, up_to_date)
from .layout import edition_dir, normalised_dir
from .locking import edition_lock, pid_suffix, remove_orphans
from .params import PROJECT_ROOT, EditionParams, load_params
from .problems import UsageError
from .sections import SECTIONS, Section, normalise_section
from .workers import KERNEL_NAME, Workers


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


def _execute(section: Section, parameters: dict, out_nb: Path, cwd: Path) -> tuple[str, float, str]:
    """Run one notebook (in a worker process). Returns (number, seconds, error)."""
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    try:
        kernels.execute(freshness.NOTEBOOKS_DIR / section.notebook, out_nb, parameters, KERNEL_NAME, cwd)
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
    lock = PROJECT_ROOT / "requirements.lock"  # every pinned dependency, with its hashes (make lock)
    if lock.exists():
        out["requirements.lock"] = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    return out


def _progress(total: int):
    from tqdm import tqdm

    quiet_ci = os.environ.get("CI") == "true" and not sys.stderr.isatty()  # no bar in CI logs
    return tqdm(total=total, desc="Sections", unit="section", file=sys.stderr, disable=total == 0 or quiet_ci)


def _validated(data_dir: Path, build_dir: Path, strict: bool, check=None, meanwhile=None):
    """The extraction, validated once per content: a normalised copy keyed by the data
    fingerprint is reused as long as the files are byte for byte the same. `check(x)` runs
    before the copy is kept (the years the edition needs); a refused extraction leaves nothing.
    `meanwhile(fingerprint, normalised_dir)` is called before the copy is opened, or before the
    files are validated (normalised_dir None): it starts the workers when there is work."""
    fp = data_fingerprint(data_dir)
    norm_dir = normalised_dir(build_dir, fp)
    copied = (norm_dir / "normalised.json").exists()
    if meanwhile is not None:  # (before pandas is imported, with the module below)
        meanwhile(fp, norm_dir if copied else None)
    from .extraction import ExtractionError, open_normalised, validate_extraction

    if copied:
        x = open_normalised(norm_dir)
        if strict and x.report.warnings:
            raise ExtractionError(x.report, strict=True)
        if check is not None:
            check(x)
        return x, norm_dir
    created = [d for d in (build_dir, norm_dir.parent) if not d.exists()]
    remove_orphans(norm_dir.parent.glob("extraction-*.tmp*"), pid_suffix)  # left by a killed run
    tmp = norm_dir.with_name(f"{norm_dir.name}.tmp-{os.getpid()}")  # concurrent runs never share it
    shutil.rmtree(tmp, ignore_errors=True)
    try:  # validated batch by batch, the normalised copy written as it goes: no file held whole
        x = validate_extraction(data_dir, strict=strict, out_dir=tmp, fingerprint=fp)  # (hashed once)
        if check is not None:
            check(x)
    except BaseException:  # a refused extraction leaves nothing behind
        shutil.rmtree(tmp, ignore_errors=True)
        for d in reversed(created):
            try:
                d.rmdir()
            except OSError:
                pass
        raise
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
        return [s for s in SECTIONS if (freshness.NOTEBOOKS_DIR / s.notebook).exists()]
    wanted: list[Section] = []
    for value in sections:
        try:
            s = normalise_section(value)
        except KeyError:
            raise UsageError(f"section inconnue : « {value} » (sections : "
                             f"{', '.join(s.number for s in SECTIONS)})") from None
        if not (freshness.NOTEBOOKS_DIR / s.notebook).exists():
            raise UsageError(f"la section {s.number} ({s.heading}) n'a pas encore de notebook "
                             f"(notebooks/{s.notebook} absent) : rien à exécuter")
        if s not in wanted:
            wanted.append(s)
    return wanted


def recover_edition(build_dir: Path, edition: int) -> None:
    """Undo what a killed run or render left (called with the edition's lock held): a swap
    cut between its two renames is rolled back (the previous build comes back), and staging
    folders, `.old` copies and `.rendu-*` folders are removed."""
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
    if final.exists() and any(final.glob(".rendu-*")):  # (the render module is long to import)
        from .render import recover_renders

        recover_renders(final)


def run_edition(edition: int, data_dir: Path, build_dir: Path, sections=None, overrides=None,
                jobs: int = 2, force: bool = False, strict: bool = False) -> RunResult:
    with Workers(jobs) as workers:
        return _run_edition(edition, data_dir, build_dir, sections, overrides, force, strict, workers)


def _run_edition(edition: int, data_dir: Path, build_dir: Path, sections, overrides, force: bool, strict: bool,
                 workers: Workers) -> RunResult:
    p = load_params(edition, overrides)
    wanted = select_sections(sections)
    build_dir = Path(build_dir).resolve()
    warnings: list[str] = []

    def check(x):  # before anything is written: the years the sections need
        warnings.extend(coverage.check_years(x, p, wanted))

    def meanwhile(fp: str, norm_dir: Path | None) -> None:
        """The workers, their kernels and the scope builder started now: while the files are
        read (norm_dir None), or at once when the copy is there but the build is not current."""
        if norm_dir is None:
            workers.warm()
            return
        final, lib_fp = edition_dir(build_dir, edition), lib_fingerprint()
        if force or not up_to_date(final, wanted, fp, p, lib_fp):
            todo = [s for s, _ in stale(read_manifest(final), final / "notebooks", wanted, fp, p, lib_fp, force)]
            rules = not rules_current(final, fp, p, lib_fp)
            shared = scope_cache.SharedScopes(norm_dir, p) if scope_cache.enabled() else None
            built = shared is not None and all(shared.has(y) for y in _scope_years(p, todo, rules))
            if todo or rules:  # (only the checks after the sections to redo: no kernel)
                workers.warm(builder=not built, tasks=len(todo) + rules, normalised_dir=norm_dir)
            if built:  # a core to spare (one section on two): its tables computed while the kernel starts,
                # from the last: the notebook computes from the first those not there yet, and they meet
                workers.compute_ahead(norm_dir, edition, overrides, [n for s in todo for n in s.tables][::-1])

    # ExtractionError before anything is written
    x, norm_dir = _validated(Path(data_dir), build_dir, strict, check, meanwhile=meanwhile)
    for w in warnings:
        print(w, file=sys.stderr)
    with edition_lock(build_dir, edition, "chiffres-cles run"):
        recover_edition(build_dir, edition)
        return _run_sections(edition, p, wanted, x, norm_dir, Path(data_dir), build_dir, overrides, workers, force)


def _run_sections(edition: int, p: EditionParams, wanted: list[Section], x, norm_dir: Path, data_dir: Path,
                  build_dir: Path, overrides, workers: Workers, force: bool) -> RunResult:
    from . import invariants, outliers, rule_report

    jobs = workers.jobs
    final = edition_dir(build_dir, edition)
    lib_fp = lib_fingerprint()
    if not force and up_to_date(final, wanted, x.fingerprint, p, lib_fp):
        # nothing to do: no section, no rule report, and every check after them would find what
        # the last run found (same data, parameters and code) — the build stays as it is
        result = RunResult(edition, final)
        sections = json.loads((final / "manifest.json").read_text(encoding="utf-8"))["sections"]
        result.outcomes = [SectionOutcome(s, "skipped", sections[s.number].get("seconds", 0.0)) for s in wanted]
        print(f"Édition {edition} : 0 section(s) exécutée(s), {len(wanted)} à jour → {final}")
        return result
    staging_root = build_dir / f".staging-cc{edition}-{os.getpid()}"  # a killed run's orphans never write into ours
    staging = edition_dir(staging_root, edition)
    if final.exists():
        shutil.copytree(final, staging, symlinks=True)
    staging.mkdir(parents=True, exist_ok=True)
    (staging / "notebooks").mkdir(exist_ok=True)
    x.report.write_csv(staging / "qa.csv")

    manifest_path = staging / "manifest.json"
    manifest = read_manifest(staging)
    previous = manifest.get("sections", {})
    result = RunResult(edition, final)
    todo = stale(manifest, staging / "notebooks", wanted, x.fingerprint, p, lib_fp, force)
    result.outcomes = [SectionOutcome(s, "skipped", previous.get(s.number, {}).get("seconds", 0.0))
                       for s in wanted if s not in dict(todo)]

    parameters = {"edition": edition, "data_dir": str(Path(data_dir).resolve()), "build_dir": str(staging_root),
                  "normalised_dir": str(norm_dir), **(overrides or {})}
    keys = dict((s.number, k) for s, k in todo)
    by_number = {s.number: s for s, _ in todo}
    # the rule report's counts on the extraction: computed by a worker while the sections run,
    # reused when the data, parameters and lib did not change
    counts_key = rules_key(x.fingerprint, p, lib_fp)
    rule_counts = rule_report.load_counts(staging / RULES_CACHE, counts_key)
    # the year scopes INS(y) and AUD(y) that several sections (and the rule report) read: built
    # once, year after year, by a process of their own (it ends when they are published, with
    # the memory it took), before those sections start; the others start meanwhile. At most
    # `jobs` tasks at a time, the longest sections first (by their last run), the short ones last
    bound = [s for s, _ in todo if _reads_scopes(s)]
    years = _scope_years(p, bound, rule_counts is None)
    shared = scope_cache.SharedScopes(norm_dir, p) if scope_cache.enabled() else None
    years = [y for y in years if shared is not None and not shared.has(y)]
    if todo or rule_counts is None:  # (warm already when started while the extraction was opened)
        workers.warm(builder=bool(years), tasks=len(todo) + (rule_counts is None))
    at_once = max(1, min(jobs, len(todo) + (rule_counts is None) + bool(years)))

    def longest_first(sections):  # by the last run's seconds; never run: by the number of its tables
        return deque(sorted(sections, key=lambda s: (-previous.get(s.number, {}).get("seconds", 0.0),
                                                     -len(s.tables))))

    later, free = longest_first(bound), longest_first(s for s, _ in todo if s not in bound)
    t0 = time.perf_counter()
    pool = workers.pool if todo or rule_counts is None else None
    with _progress(len(todo)) as bar:
        publishing = workers.builder.submit(scope_cache.publish_years, str(norm_dir), edition, overrides, years) \
            if years else None
        pending, rules_future, ready = {publishing} - {None}, None, publishing is None
        context = None  # what the checks after the sections need of the extraction
        while True:
            while len(pending) < at_once:  # fill the free workers
                if ready and rule_counts is None and rules_future is None:
                    rules_future = pool.submit(rule_report.count_rules_of, str(norm_dir), edition, overrides)
                    pending.add(rules_future)
                elif ready and later or free:
                    s = later.popleft() if ready and later else free.popleft()
                    pending.add(pool.submit(_execute, s, parameters, staging / "notebooks" / s.notebook,
                                            staging / "notebooks"))
                else:
                    break
            if not pending:
                break
            if context is None:  # made while the first tasks run
                context = invariants.Context.of(x, p)
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                if fut is publishing:
                    ready = True  # the scopes are there
                    workers.builder_done()
                    if fut.exception() is not None:  # not fatal: each section builds what it lacks
                        print(f"Périmètres annuels partagés non construits : {fut.exception()}", file=sys.stderr)
                    continue
                if fut is rules_future:
                    continue
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
    workers.release_kernels()  # (shut down while the checks below run)
    wall = time.perf_counter() - t0
    if rule_counts is not None and result.ok:  # after the sections: « ns » cells of the built tables
        rule_report.save_counts(staging / RULES_CACHE, counts_key, rule_counts)
        rule_report.append_to_qa(staging / "qa.csv", rule_counts + rule_report.count_ns(staging / "tables"), p)
    if result.ok:  # unusual year-on-year moves of the built tables, listed for the editors (qa.csv)
        outliers.append_to_qa(staging / "qa.csv", staging / "tables", p)

    for o in result.outcomes:
        if o.status == "ran":
            previous[o.section.number] = {"key": keys[o.section.number], "seconds": round(o.seconds, 2),
                                          "executed": dt.datetime.now().isoformat(timespec="seconds"),
                                          "notebook": o.section.notebook, "tables": list(o.section.tables)}
    controls: list = []
    if result.ok:  # the cross-table invariants of TABLES.md §4 on the tables built (invariants.py)
        controls = invariants.check_build(staging, x, p, _current_tables(previous, x.fingerprint, p, lib_fp), context)
        invariants.append_to_qa(staging / "qa.csv", controls)
        if any(o.status == invariants.BROKEN for o in controls):
            result.errors.append(invariants.failure_message(controls))
            print(result.errors[-1], file=sys.stderr)
    manifest.update({
        "edition": edition, "academic_year": p.N, "params": p.as_dict(), "data_dir": str(Path(data_dir).resolve()),
        "data_fingerprint": x.fingerprint, "lib_fingerprint": lib_fp, "git_commit": _git_commit(),
        "versions": versions(), "sections": dict(sorted(previous.items())),
        "last_run": {"wall_seconds": round(wall, 2), "jobs": jobs,
                     "ran": [o.section.number for o in result.outcomes if o.status == "ran"],
                     "skipped": [o.section.number for o in result.outcomes if o.status == "skipped"]},
        "invariants": invariants.manifest_entries(controls),
        "created": dt.datetime.now().isoformat(timespec="seconds"),
    })
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")

    if not result.ok:
        shutil.rmtree(staging_root, ignore_errors=True)
        failed = ", ".join([o.section.number for o in result.outcomes if o.status == "failed"]
                           + (["rapport des règles"] if any(e.startswith("rapport des règles") for e in result.errors)
                              else []))
        what = f"section(s) {failed}" if failed else "contrôles de cohérence entre tableaux rompus"
        print(f"Échec : {what} ; la construction précédente de l'édition {edition} est conservée.", file=sys.stderr)
        return result
    _swap(staging, final)
    shutil.rmtree(staging_root, ignore_errors=True)
    ran = sum(o.status == "ran" for o in result.outcomes)
    skipped = sum(o.status == "skipped" for o in result.outcomes)
    print(f"Édition {edition} : {ran} section(s) exécutée(s), {skipped} à jour, en {wall:.1f} s → {final}")
    return result


def _current_tables(done: dict, data_fp: str, p: EditionParams, lib_fp: str) -> set[int]:
    """Tables of the sections whose last run used the current inputs (the same key): those the
    cross-table invariants may compare. A section left from a run with other parameters or
    data (`run --section 09 -p …` over a full build) does not count."""
    return {n for s in SECTIONS if (freshness.NOTEBOOKS_DIR / s.notebook).exists()
            and done.get(s.number, {}).get("key") == freshness.section_key(s, data_fp, p, lib_fp) for n in s.tables}


def _reads_scopes(section: Section) -> bool:
    """Whether a section's tables read INS(y) and AUD(y) (those on learners and inscriptions)."""
    return "inscriptions" in coverage.SECTION_SOURCES.get(section.number, ())


def _scope_years(p: EditionParams, sections: list[Section], rules: bool) -> list[str]:
    """The academic years whose scopes the given sections (and the rule report) read."""
    years = {n.year for n in coverage.needs(p, sections) if n.file == "inscriptions"} if sections else set()
    return sorted(years | (set(p.S5) if rules else set()))


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
    with Workers(jobs) as workers:  # started while the files are read
        _validated(Path(data_dir), build_dir, strict, lambda x: coverage.check_years(x, p, select_sections(None)),
                   meanwhile=lambda fp, norm_dir: workers.warm() if norm_dir is None else None)
        with edition_lock(build_dir, edition, "chiffres-cles build"):
            try:
                result = _run_edition(edition, data_dir, build_dir, None, overrides, force, strict, workers)
            finally:
                workers.close()  # their kernels' memory back before the render
            if not result.ok:
                return False
            render_edition(edition=edition, build_dir=build_dir, engine=engine)
    return True
