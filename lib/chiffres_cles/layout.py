"""Where a build keeps what: one folder per edition, and the normalised copies of the
extractions it was run on (one per content, named by its fingerprint)."""
from __future__ import annotations

from pathlib import Path


def edition_dir(build_dir: Path | str, edition: int) -> Path:
    return Path(build_dir) / f"cc{edition}"


def normalised_dir(build_dir: Path | str, data_fp: str) -> Path:
    return Path(build_dir) / ".cache" / f"extraction-{data_fp}"
