"""What a run must redo: the fingerprints of its inputs and the keys its outputs were made with.

A section's key covers everything its notebook's output depends on: the data fingerprint, the
edition parameters (but those read only after the sections), the notebook, the lib and the
reference files. The rule counts have a key of their own (they do not depend on the tables'
thresholds). A build is current when its manifest and its saved rule counts carry the keys
this run would give them.

Light on purpose (no pandas): `chiffres-cles run` consults it before importing anything
heavy, so that a run with work to do starts its kernel at once.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import __version__, scope_cache
from .params import PROJECT_ROOT, REFERENCE_DIR, EditionParams
from .sections import Section

LIB_DIR = Path(__file__).resolve().parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
RULES_CACHE = "rules.json"  # the rule report's counts on the extraction, with the key of their inputs

# Parameters read only after the sections ran (the revisions page, the unusual moves of the QA
# report): changing them re-runs no notebook.
POST_SECTION_PARAMETERS = ("seuil_revision", "seuil_mouvement")


def data_fingerprint(data_dir: Path) -> str:
    """Content hash of the extraction and of the reference files that apply to it."""
    h = hashlib.sha256()
    files = sorted(p for p in Path(data_dir).rglob("*") if p.is_file() and p.suffix in (".csv", ".parquet"))
    files += sorted(REFERENCE_DIR.glob("*.csv"))
    for path in files:
        h.update(str(path.name).encode())
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()[:16]


def _hash_files(paths) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def lib_fingerprint() -> str:
    """The lib's own source and the project's reference files: a code change re-runs."""
    return _hash_files(list(LIB_DIR.rglob("*.py")) + list(REFERENCE_DIR.glob("*.csv")))[:16]


def section_key(section: Section, data_fp: str, p: EditionParams, lib_fp: str) -> str:
    h = hashlib.sha256()
    h.update(data_fp.encode())
    params = {k: v for k, v in p.as_dict().items() if k not in POST_SECTION_PARAMETERS}
    h.update(json.dumps(params, sort_keys=True).encode())
    h.update((NOTEBOOKS_DIR / section.notebook).read_bytes())
    h.update(lib_fp.encode())
    h.update(__version__.encode())
    return h.hexdigest()[:16]


def rules_key(data_fp: str, p: EditionParams, lib_fp: str) -> str:
    """What the rule counts depend on: the data, the code, the years of the edition and the
    parameters of the year scopes they are counted on (not the thresholds of the tables: a run
    with another `min_base` reuses them)."""
    return hashlib.sha256(f"{data_fp}/{p.edition}/{scope_cache.params_key(p)}/{lib_fp}/"
                          f"{__version__}".encode()).hexdigest()[:16]


def saved_key(path: Path) -> str | None:
    """The key a cache file (`{"key": …}`) was saved with; None when it is missing or unreadable."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8")).get("key")
    except (OSError, ValueError, AttributeError):
        return None


def read_manifest(ed_dir: Path) -> dict:
    """The manifest of a build of an edition ({} when there is none, or none readable)."""
    try:
        return json.loads((Path(ed_dir) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def stale(manifest: dict, notebooks: Path, wanted: list[Section], data_fp: str, p: EditionParams, lib_fp: str,
          force: bool = False) -> list[tuple[Section, str]]:
    """The wanted sections, with their new key, whose last run (in `manifest`) did not have the
    same inputs or whose executed notebook is missing from `notebooks`; all of them with `force`."""
    done = manifest.get("sections", {})
    out = []
    for s in wanted:
        key = section_key(s, data_fp, p, lib_fp)
        if force or done.get(s.number, {}).get("key") != key or not (Path(notebooks) / s.notebook).exists():
            out.append((s, key))
    return out


def rules_current(ed_dir: Path, data_fp: str, p: EditionParams, lib_fp: str) -> bool:
    return saved_key(Path(ed_dir) / RULES_CACHE) == rules_key(data_fp, p, lib_fp)


def up_to_date(ed_dir: Path, wanted: list[Section], data_fp: str, p: EditionParams, lib_fp: str) -> bool:
    """Whether the last run of the edition left every wanted section, the rule counts and the
    checks after them as this run would make them (same data, parameters and code)."""
    manifest = read_manifest(ed_dir)
    return (manifest.get("data_fingerprint") == data_fp and manifest.get("lib_fingerprint") == lib_fp
            and manifest.get("params") == json.loads(json.dumps(p.as_dict()))  # those read after the sections too
            and rules_current(ed_dir, data_fp, p, lib_fp)
            and not stale(manifest, Path(ed_dir) / "notebooks", wanted, data_fp, p, lib_fp))
