"""The year scopes INS(y) and AUD(y) of a build, computed once and read by every section.

Building INS(y) and AUD(y) is most of the work of the tables, and every section needs them:
without sharing, each section's kernel would build them again. When the extraction is a
normalised copy (what `chiffres-cles run` gives the notebooks), `perimeter.Scope` looks here
first and, when it has to build a year itself, publishes it here for the other processes.

This module only stores: the counting rules stay in `perimeter.py`, whatever runs them.

Layout: `<normalised copy>/scopes/<key>/<year>/` holds `ins.arrow`, `aud.arrow` (Arrow IPC,
uncompressed: read five times faster than Parquet, and the disk is a cache's) and
`scope.json` (the dtypes to restore and the rule counts `Scope.applied` of that year, for the
rule report). The normalised copy is keyed by the data fingerprint; `<key>` adds the source of
the counting rules (`RULE_MODULES`) and the parameters the scopes depend on (`entrant_modalites`,
`age_valid`): data, code or parameter changed → another folder, never a stale scope. A year
is written in a temporary folder and renamed into place, so a reader never sees half of it
and concurrent writers never clash (the first to finish wins).

`CHIFFRES_CLES_SCOPE_CACHE=off` disables it (each Scope builds its years itself, as the
benchmark's `compute` and `naive` baselines do).

pandas is imported where a frame is read: `run` asks whether the scopes are there before it
imports anything heavy (freshness.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

ENV = "CHIFFRES_CLES_SCOPE_CACHE"
FOLDER = "scopes"
MARKER = "scope.json"
LIB_DIR = Path(__file__).resolve().parent


# the modules the scopes are computed by: perimeter.py and what it imports (a test keeps the
# list complete); a change of any of them gives new scopes
RULE_MODULES = ("__init__", "perimeter", "extraction", "fastops", "indicators", "params", "problems", "reference",
                "schema", "scope_cache")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The source of the counting rules and of what they call."""
    h = hashlib.sha256()
    for name in RULE_MODULES:
        h.update(name.encode())
        h.update((LIB_DIR / f"{name}.py").read_bytes())
    return h.hexdigest()[:12]


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() not in ("off", "0", "non", "false", "no")


def params_key(p) -> str:
    return hashlib.sha256(json.dumps([list(p.entrant_modalites), list(p.age_valid)]).encode()).hexdigest()[:12]


class SharedScopes:
    """The shared year scopes of one normalised extraction under one set of parameters."""

    def __init__(self, normalised_dir: Path, p):
        self.root = Path(normalised_dir) / FOLDER
        self.folder = self.root / f"{code_fingerprint()}-{params_key(p)}"

    @classmethod
    def of(cls, x, p) -> "SharedScopes | None":
        """The shared scopes of an extraction, if it is a normalised copy and sharing is on."""
        from .extraction import ParquetFrames

        if not enabled() or not isinstance(x.frames, ParquetFrames):
            return None
        return cls(x.frames.folder, p)

    def has(self, y: str) -> bool:
        return (self.folder / y / MARKER).exists()

    def load(self, y: str, part: str):
        """(frame, applied): INS(y) (`part` "ins") or AUD(y) ("aud") as it was built, and the
        rule counts of y; None when not published."""
        where = self.folder / y
        try:
            meta = json.loads((where / MARKER).read_text(encoding="utf-8"))
            frame = _read(where / f"{part}.arrow", meta["dtypes"][part])
        except (OSError, ValueError, KeyError):
            return None  # not there (or removed meanwhile): built by the caller
        return frame, _applied(meta)

    def applied(self, y: str) -> dict | None:
        """The rule counts of year y alone, or None when not published."""
        try:
            return _applied(json.loads((self.folder / y / MARKER).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError):
            return None

    def save(self, y: str, ins: pd.DataFrame, aud: pd.DataFrame, applied: dict) -> None:
        if self.has(y):
            return
        self._prune()
        tmp = self.folder / f"{y}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            tmp.mkdir(parents=True)
            for name, frame in (("ins", ins), ("aud", aud)):
                frame.reset_index(drop=True).to_feather(tmp / f"{name}.arrow", compression="uncompressed")
            meta = {"year": y, "dtypes": {"ins": _dtypes(ins), "aud": _dtypes(aud)},
                    "applied": sorted([rule, file, year, int(n)] for (rule, file, year), n in applied.items()
                                      if year == y)}
            (tmp / MARKER).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            if not self.has(y):
                tmp.rename(self.folder / y)
        except OSError:
            pass  # a read-only or full disk: the scopes stay in this process only
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _prune(self) -> None:
        """Scopes of an older lib can never be read again; leftovers of killed writers neither."""
        from .locking import pid_suffix, remove_orphans

        if not self.root.is_dir():
            return
        for d in self.root.iterdir():
            if d.is_dir() and not d.name.startswith(code_fingerprint() + "-"):
                shutil.rmtree(d, ignore_errors=True)
        if self.folder.is_dir():
            remove_orphans(self.folder.glob("*.tmp-*"), pid_suffix)


def _applied(meta: dict) -> dict:
    return {(rule, file, year): int(n) for rule, file, year, n in meta["applied"]}


def _dtypes(df: pd.DataFrame) -> dict[str, str]:
    return {c: str(t) for c, t in df.dtypes.items()}


def _read(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    """A frame as it was saved: Arrow keeps every dtype but `object` (strings come back as
    `str`), which is restored here."""
    import numpy as np
    import pandas as pd

    df = pd.read_feather(path)
    for col, dtype in dtypes.items():
        if str(df[col].dtype) == dtype:
            continue
        if dtype == "object":  # one Python string per distinct value, shared by its rows
            codes, uniques = pd.factorize(df[col], use_na_sentinel=True)
            values = np.append(np.asarray(uniques, dtype=object), np.nan)
            df[col] = pd.Series(values[np.where(codes < 0, len(uniques), codes)], index=df.index, dtype=object)
        else:
            df[col] = df[col].astype(dtype)
    return df


def publish_years(normalised_dir: str, edition: int, overrides: dict | None, years: list[str]) -> list[str]:
    """Build and publish the year scopes of `years` (what the pipeline runs in a worker before
    the sections that read them). Returns the years built here (those not already published)."""
    from .extraction import open_normalised
    from .params import load_params
    from .perimeter import scope

    x = open_normalised(Path(normalised_dir))
    p = load_params(edition, overrides)
    shared = SharedScopes.of(x, p)
    if shared is None:
        return []
    todo = [y for y in years if not shared.has(y)]
    s = scope(x, p)
    for y in todo:
        s.aud(y)  # builds INS(y) and AUD(y), and publishes both
        s.release(y)
    return todo
