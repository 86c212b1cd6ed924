"""Tables computed ahead: when a run has a core to spare (one section re-run on two cores), a
process of its own computes the section's tables while the section's kernel starts, and the
notebook takes each table already there instead of computing it again.

What is stored is the very object the registry's function returned (pickled, nothing
converted), under a key of everything it depends on: the data, the edition parameters, the
lib, the table's number and the function the registry gives for it. A table not there yet, or there under another key, is computed by
the notebook as always. The folder is the run's own (`workers.Workers`), given to the kernels
by the environment (`ENV`), and goes with the run; outside a run (an analyst's session) there
is none.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from functools import lru_cache
from pathlib import Path

ENV = "CHIFFRES_CLES_TABLES_AHEAD"


@lru_cache(maxsize=1)
def _lib() -> str:
    from .freshness import lib_fingerprint

    return lib_fingerprint()


def key(data_fp: str, p, number: int) -> str:
    """Everything table `number` depends on, the function the registry gives for it included
    (a notebook that replaced it computes the table itself)."""
    from .tables.registry import entry

    func = entry(number).func
    return hashlib.sha256(json.dumps([data_fp, p.as_dict(), _lib(), number, func.__module__, func.__qualname__],
                                     sort_keys=True).encode()).hexdigest()


def _path(folder: Path | str, number: int) -> Path:
    return Path(folder) / f"T{number:02d}.pickle"


def compute(normalised_dir: str, edition: int, overrides: dict | None, numbers: list[int], folder: str) -> list[int]:
    """Compute the tables `numbers` on a normalised copy, each stored as soon as it is done
    (written whole, then renamed: a reader never sees half of it). Returns those stored."""
    from .extraction import open_normalised
    from .params import load_params
    from .tables.registry import entry

    x = open_normalised(Path(normalised_dir))
    p = load_params(edition, overrides)
    done = []
    for n in numbers:
        t = entry(n).func(x, p)
        tmp = _path(folder, n).with_suffix(f".tmp-{os.getpid()}")
        tmp.write_bytes(pickle.dumps((key(x.fingerprint, p, n), t)))
        os.replace(tmp, _path(folder, n))
        done.append(n)
    return done


def computed(x, p, number: int):
    """The table `number` computed ahead for this extraction and these parameters, or None."""
    folder = os.environ.get(ENV)
    if not folder:
        return None
    try:
        stored_key, table = pickle.loads(_path(folder, number).read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        return None
    return table if stored_key == key(x.fingerprint, p, number) else None
