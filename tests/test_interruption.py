"""A build killed at any moment leaves the previous build of the edition exactly as it was,
and the next build succeeds without manual cleaning; two builds of one edition at once never
mix: the second stops with a French message naming the first.

Real `chiffres-cles` processes are SIGKILLed (after the staging folder appears, while a
notebook runs, while the book renders); the swaps themselves are cut at every step
in-process (a kill there is a matter of microseconds, too short to aim at from outside)."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builders import ExtractionBuilder
from chiffres_cles import pipeline, render
from chiffres_cles.cli import main
from chiffres_cles.locking import edition_lock, lock_path

pytestmark = pytest.mark.slow
CLI = str(Path(sys.executable).parent / "chiffres-cles")
EDITION = "2023"


def tiny_extraction(root: Path) -> Path:
    b = ExtractionBuilder()
    for y in ("2018-2019", "2019-2020", "2020-2021", "2021-2022", "2022-2023"):  # S5 of edition 2023
        for i, centre in enumerate(["GES", "BRE", "IDF", "IDF"]):
            aid = b.learner(f"AU{i}", annee=y, centre_admin=centre, sexe="HF"[i % 2])
            b.inscription(aid, "NFA001", annee=y)
            b.inscription(aid, "FOD001", annee=y, modalite="FOAD", centre_peda="PARIS")
    return b.write(root / "extraction")


def snapshot(ed: Path) -> dict[str, str]:
    """Every file of an edition folder and its hash (the leftovers of a killed render aside)."""
    return {p.relative_to(ed).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(ed.rglob("*")) if p.is_file() and not p.relative_to(ed).parts[0].startswith(".rendu-")}


def leftovers(build: Path) -> list[str]:
    found = [p.name for p in build.iterdir() if p.name.startswith(".staging") or p.name.endswith((".old", ".lock"))]
    ed = build / f"cc{EDITION}"
    if ed.exists():
        found += [p.name for p in ed.iterdir() if p.name.startswith(".rendu-")]
    return found


def args(data: Path, build: Path, *extra: str) -> list[str]:
    return ["--edition", EDITION, "--data", str(data), "--build-dir", str(build), *extra]


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A complete build of sections 01 and 02 (run + render): the « previous build »."""
    root = tmp_path_factory.mktemp("interruption")
    data = tiny_extraction(root)
    build = root / "build"
    assert main(["run", *args(data, build, "--section", "01", "--section", "02")]) == 0
    assert main(["render", "--edition", EDITION, "--build-dir", str(build), "--engine", "builtin"]) == 0
    return data, build


@pytest.fixture
def copy(previous, tmp_path):
    data, build = previous
    dest = tmp_path / "build"
    shutil.copytree(build, dest, symlinks=True)
    return data, dest, snapshot(dest / f"cc{EDITION}")


def _group_alive(pgid: int) -> bool:
    """Whether any live (non-zombie) process is left in the process group."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def start(*argv: str) -> subprocess.Popen:
    return subprocess.Popen([CLI, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def wait_for(predicate, proc: subprocess.Popen, timeout: float = 240) -> None:
    t0 = time.monotonic()
    while not predicate():
        if proc.poll() is not None:
            raise AssertionError(f"finished before the moment aimed at: {proc.communicate()}")
        assert time.monotonic() - t0 < timeout, "moment never reached"
        time.sleep(0.02)


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the command (its process only, as the OOM killer would), then wait until the
    workers and kernels it started have noticed and died."""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    t0 = time.monotonic()
    while _group_alive(proc.pid):
        assert time.monotonic() - t0 < 60, "orphans of the killed build still running"
        time.sleep(0.1)


def staged(build: Path, *parts: str):
    def check():
        return any((s / f"cc{EDITION}").joinpath(*parts).exists() for s in build.glob(".staging-cc*"))
    return check


@pytest.mark.parametrize("moment", ["staging", "notebook"])
def test_run_killed_leaves_previous_build_then_next_run_cleans_up(copy, moment, capsys):
    data, build, before = copy
    ed = build / f"cc{EDITION}"
    proc = start("run", *args(data, build, "--section", "01", "--force", "-p", "min_base", "3"))
    wait_for(staged(build, "manifest.json") if moment == "staging" else staged(build, "tables", "T01.json"), proc)
    kill(proc)
    assert snapshot(ed) == before  # byte for byte
    assert main(["run", *args(data, build, "--section", "01", "--section", "02", "-p", "min_base", "3")]) == 0
    assert leftovers(build) == []
    manifest = json.loads((ed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["params"]["min_base"] == 3
    assert (ed / "site" / "index.html").exists()  # the previous render is kept until the next one


@pytest.mark.parametrize("moment", ["book", "site"])
def test_render_killed_leaves_previous_outputs_then_next_render_cleans_up(copy, moment):
    data, build, before = copy
    ed = build / f"cc{EDITION}"
    proc = start("render", "--edition", EDITION, "--build-dir", str(build), "--engine", "builtin")
    wait_for(lambda: any((w / moment).exists() for w in ed.glob(".rendu-*")), proc)
    kill(proc)
    assert snapshot(ed) == before
    assert main(["render", "--edition", EDITION, "--build-dir", str(build), "--engine", "builtin"]) == 0
    assert leftovers(build) == []
    assert snapshot(ed).keys() == before.keys()


def test_two_builds_of_one_edition_never_mix(copy, capsys):
    data, build, before = copy
    lock = lock_path(build, int(EDITION))
    on_learners = [a for n in ("01", "02", "04", "05", "06", "07", "08", "09", "13") for a in ("--section", n)]
    first = start("run", *args(data, build, *on_learners, "--force", "-p", "min_base", "7"))  # long enough
    wait_for(lock.exists, first)
    capsys.readouterr()
    for argv in (["run", *args(data, build, "--section", "02", "--force")],
                 ["render", "--edition", EDITION, "--build-dir", str(build), "--engine", "builtin"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"l'édition {EDITION} est déjà en cours de construction" in err
        assert f"processus {first.pid}" in err and "chiffres-cles run" in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    manifest = json.loads((build / f"cc{EDITION}" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["params"]["min_base"] == 7 and sorted(manifest["last_run"]["ran"]) == on_learners[1::2]
    assert leftovers(build) == []


def test_a_lock_left_by_a_dead_process_is_taken_over(copy, capsys):
    data, build, before = copy
    dead = subprocess.Popen(["true"])
    dead.wait()
    lock = lock_path(build, int(EDITION))
    lock.write_text(json.dumps({"pid": dead.pid, "command": "chiffres-cles run", "started": "2024-01-01T00:00:00"}))
    assert main(["render", "--edition", EDITION, "--build-dir", str(build), "--engine", "builtin"]) == 0
    assert f"processus {dead.pid}" in capsys.readouterr().err
    assert not lock.exists()


def test_the_lock_is_reentrant_in_one_process_and_exclusive_across(tmp_path):
    with edition_lock(tmp_path, 2023, "chiffres-cles build"):
        with edition_lock(tmp_path, 2023, "chiffres-cles run"):
            pass
        assert lock_path(tmp_path, 2023).exists()
        code = ("from chiffres_cles.locking import edition_lock\n"
                f"with edition_lock({str(tmp_path)!r}, 2023, 'x'): pass\n")
        other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert other.returncode != 0 and "déjà en cours" in other.stderr
        with edition_lock(tmp_path, 2024):  # another edition: its own lock
            pass
    assert not lock_path(tmp_path, 2023).exists()


# -- the swaps, cut at every step (in-process) ---------------------------------------------

class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no handler cleans up."""


def _fake_edition(root: Path, tag: str) -> Path:
    ed = root / f"cc{EDITION}"
    for name in ("book/index.md", "site/index.html", f"chiffres-cles-{EDITION}.pdf",
                 f"chiffres-cles-{EDITION}.xlsx", "tables/T01.csv", "manifest.json"):
        (ed / name).parent.mkdir(parents=True, exist_ok=True)
        (ed / name).write_text(f"{tag} {name}")
    return ed


def _cut_after(monkeypatch, steps: int):
    """Path.rename works `steps` times, then the process is « killed »."""
    real = Path.rename
    count = {"n": 0}

    def rename(self, target):
        if count["n"] >= steps:
            raise Killed()
        count["n"] += 1
        return real(self, target)
    monkeypatch.setattr(Path, "rename", rename)
    return count


@pytest.mark.parametrize("first_render", [False, True])
def test_render_swap_cut_at_every_step_is_rolled_back(tmp_path, monkeypatch, first_render):
    names = ["book", "site", f"chiffres-cles-{EDITION}.pdf", f"chiffres-cles-{EDITION}.xlsx"]
    for steps in range(0, 2 * len(names) + 1):
        for recovery_steps in (None, 0, 1, 3):  # the recovery itself may be killed, then run again
            root = tmp_path / f"s{steps}-{recovery_steps}-{first_render}"
            ed = _fake_edition(root, "old")
            if first_render:
                for n in names:
                    target = ed / n
                    shutil.rmtree(target) if target.is_dir() else target.unlink()
            before = snapshot(ed)
            work = _fake_edition(root / "tmp", "new")
            dest = ed / ".rendu-abc"
            work.rename(dest)
            with monkeypatch.context() as m:
                m.setattr(render, "_roll_back", lambda *a: (_ for _ in ()).throw(Killed()))
                _cut_after(m, steps)
                try:
                    render._swap_in(dest, ed, names)
                    completed = True
                except Killed:
                    completed = False
            if recovery_steps is not None and not completed:
                with monkeypatch.context() as m:
                    _cut_after(m, recovery_steps)
                    try:
                        render.recover_renders(ed)
                    except Killed:
                        pass
            render.recover_renders(ed)
            after = snapshot(ed)
            assert not list(ed.glob(".rendu-*"))
            if completed:
                assert (ed / "site" / "index.html").read_text() == "new site/index.html"
                assert (ed / "tables" / "T01.csv").read_text() == "old tables/T01.csv"
            else:
                assert after == before, (steps, recovery_steps)


def test_run_swap_cut_between_its_renames_is_rolled_back(tmp_path):
    build = tmp_path / "build"
    final = _fake_edition(build, "old")
    before = snapshot(final)
    staging = _fake_edition(build / f".staging-cc{EDITION}-99999", "new")
    # killed between « final → final.old » and « staging → final »
    final.rename(final.with_name(final.name + ".old"))
    pipeline.recover_edition(build, int(EDITION))
    assert snapshot(final) == before and leftovers(build) == []
    # killed after the swap, while deleting the old copy: the new build stays
    old = final.with_name(final.name + ".old")
    shutil.copytree(final, old)
    staging = _fake_edition(build / f".staging-cc{EDITION}-99999", "new")
    final_new_before = snapshot(final)
    pipeline.recover_edition(build, int(EDITION))
    assert snapshot(final) == final_new_before and leftovers(build) == []
    assert not staging.exists()


def test_lock_refusal_message_is_a_usage_error(tmp_path):
    with edition_lock(tmp_path, 2023, "chiffres-cles run"):
        code = ("import sys\nfrom chiffres_cles.locking import edition_lock\nfrom chiffres_cles.problems import UsageError\n"
                f"try:\n    edition_lock({str(tmp_path)!r}, 2023).__enter__()\nexcept UsageError as e:\n"
                "    print(e); sys.exit(3)\n")
        other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert other.returncode == 3, other.stderr
        assert f"processus {os.getpid()}" in other.stdout and "« chiffres-cles run »" in other.stdout
