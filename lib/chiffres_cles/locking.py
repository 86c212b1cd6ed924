"""One build at a time per edition and build folder (DESIGN.md, Reliability).

`run`, `render` and `build` of edition E in build folder B hold the lock file `B/ccE.lock`
while they write anything of the edition. A second command on the same edition and folder
stops at once with a French message naming the holder (its pid, command and start time)
instead of mixing its files with the first one's.

The lock is an advisory `flock` on the file: the system releases it when its holder dies,
even by SIGKILL, so the lock of a dead process is taken over without manual cleaning (the
file, left behind with the dead pid, is simply reused; a note says so). On systems without
`fcntl` the file is created exclusively and a lock whose pid no longer runs is taken over.
The lock is re-entrant within one process (`build` holds it across `run` and `render`).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from .problems import UsageError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

_held: dict[Path, list] = {}  # lock path -> [depth, fd] for the locks this process holds


def lock_path(build_dir: Path | str, edition: int) -> Path:
    return Path(build_dir).resolve() / f"cc{edition}.lock"


def remove_orphans(paths, pid_of) -> None:
    """Remove the folders killed processes left: `pid_of(name)` is the pid a folder's name
    holds (0 for none: removed too; None: not one of ours, left); a live process's is left."""
    import shutil

    for path in paths:
        pid = pid_of(path.name)
        if pid is not None and not pid_alive(pid):
            shutil.rmtree(path, ignore_errors=True)


def pid_suffix(name: str) -> int:
    """The pid at the end of a temporary folder's name (`<name>-<pid>`), 0 when there is none."""
    pid = name.rpartition("-")[2]
    return int(pid) if pid.isdigit() else 0


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _holder_text(info: dict) -> str:
    parts = [f"processus {info['pid']}" if info.get("pid") else "processus inconnu"]
    if info.get("command"):
        parts.append(f"« {info['command']} »")
    if info.get("started"):
        parts.append(f"depuis le {info['started'].replace('T', ' à ')}")
    return ", ".join(parts)


def _busy(path: Path, edition: int, info: dict) -> UsageError:
    return UsageError(
        f"l'édition {edition} est déjà en cours de construction dans {path.parent} "
        f"({_holder_text(info)}) : attendez la fin de cette construction, puis relancez la commande.")


def _read_info(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = os.read(fd, 65536)
        info = json.loads(data.decode("utf-8")) if data.strip() else {}
        return info if isinstance(info, dict) else {}
    except (OSError, ValueError):
        return {}


def _my_info(command: str) -> bytes:
    return json.dumps({"pid": os.getpid(), "command": command,
                       "started": dt.datetime.now().isoformat(timespec="seconds")},
                      ensure_ascii=False).encode("utf-8")


def _note_takeover(previous: dict, edition: int) -> None:
    pid = previous.get("pid")
    if pid and pid != os.getpid():
        print(f"Verrou de l'édition {edition} laissé par le processus {pid}, arrêté sans le rendre : repris.",
              file=sys.stderr)


def _acquire_flock(path: Path, edition: int, command: str) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            info = _read_info(fd)
            os.close(fd)
            raise _busy(path, edition, info) from None
        try:  # the file we locked may have been released and removed meanwhile: lock the new one
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
            continue
        _note_takeover(_read_info(fd), edition)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, _my_info(command))
        return fd


def _acquire_exclusive(path: Path, edition: int, command: str) -> int:  # pragma: no cover - no fcntl
    for _ in range(3):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                info = json.loads(path.read_text(encoding="utf-8") or "{}")
            except (OSError, ValueError):
                info = {}
            if pid_alive(int(info.get("pid") or 0)):
                raise _busy(path, edition, info) from None
            _note_takeover(info, edition)
            path.unlink(missing_ok=True)
            continue
        os.write(fd, _my_info(command))
        return fd
    raise _busy(path, edition, {})


@contextmanager
def edition_lock(build_dir: Path | str, edition: int, command: str = ""):
    """Hold the lock of edition `edition` in `build_dir` (created if needed) for the block;
    UsageError when another live process holds it."""
    path = lock_path(build_dir, edition)
    if path in _held:
        _held[path][0] += 1
        try:
            yield path
        finally:
            _held[path][0] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    command = command or " ".join(["chiffres-cles", *sys.argv[1:2]])
    fd = (_acquire_flock if fcntl is not None else _acquire_exclusive)(path, edition, command)
    _held[path] = [1, fd]
    try:
        yield path
    finally:
        del _held[path]
        try:
            path.unlink(missing_ok=True)  # removed while still locked: no one can lock a stale file
        finally:
            os.close(fd)
