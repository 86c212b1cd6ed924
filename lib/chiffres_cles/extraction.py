"""An extraction in memory: its typed, validated, normalised frames and its reference.

`load_extraction` reads and validates the raw files once; `save_normalised` writes the
result as Parquet so that each section notebook of a build reads only that (columnar, typed,
already validated) instead of parsing and validating the raw extraction again.
`validate_extraction` does the same without holding the extraction: a large file is checked
and written batch by batch of rows (`ingest.py`).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .problems import ExtractionError, Report
from .reference import Reference, ReferenceError
from .schema import EXTRACTION_FILES, FILES

NORMALISED_MARKER = "normalised.json"


class ParquetFrames(Mapping):
    """The files of a normalised extraction, each read on first use: a section notebook
    loads only the files its tables need."""

    def __init__(self, folder: Path, names: list[str]):
        self.folder, self.names, self._loaded = folder, names, {}

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.parquet"

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self.names:
            raise KeyError(name)
        if name not in self._loaded:
            self._loaded[name] = pd.read_parquet(self.path(name))
        return self._loaded[name]

    def __iter__(self):
        return iter(self.names)

    def __contains__(self, name) -> bool:  # without reading the file (Mapping's would)
        return name in self.names

    def __len__(self) -> int:
        return len(self.names)

    def columns(self, name: str) -> list[str]:
        import pyarrow.parquet as pq

        return pq.read_schema(self.path(name)).names


@dataclass
class Extraction:
    data_dir: Path
    frames: Mapping[str, pd.DataFrame]
    ref: Reference
    report: Report
    fingerprint: str
    cache: dict = field(default_factory=dict, repr=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def columns(self, name: str) -> list[str]:
        if isinstance(self.frames, ParquetFrames):
            return self.frames.columns(name)
        return list(self.frames[name].columns)

    def rows(self, name: str, annee: str | None = None, columns: list[str] | None = None) -> pd.DataFrame:
        """Rows of one file, for one academic year and only the columns asked for (those the
        file has): read straight from Parquet when the extraction is a normalised copy, so a
        year of inscriptions never needs the whole file in memory."""
        available = self.columns(name)
        cols = [c for c in columns if c in available] if columns else None
        if isinstance(self.frames, ParquetFrames) and name not in self.frames._loaded:
            filters = [("annee", "==", annee)] if annee is not None else None
            return pd.read_parquet(self.frames.path(name), columns=cols, filters=filters)
        df = self.frames[name]
        if annee is not None:
            df = df[df["annee"] == annee]
        return df[cols] if cols else df


def _normalise(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Values the rules treat as missing become missing; sessions make one inscription."""
    attrs = df.attrs
    df = _normalise_values(name, df)
    if name == "inscriptions" and "session_examen" in df and df["inscription_id"].duplicated().any():
        df = _merge_sessions(df)
    df.attrs = attrs
    return df


def _normalise_values(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Values the rules treat as missing become missing (row by row: a batch of rows too)."""
    attrs = df.attrs
    if name == "inscriptions":
        df = df.copy()
        df["note"] = df["note"].where(df["note"].between(0, 20))
        if "heures_theoriques" in df:
            df["heures_theoriques"] = df["heures_theoriques"].where(~(df["heures_theoriques"] < 0))
    if name == "enseignements":
        df = df.copy()
        df["heures_theoriques"] = df["heures_theoriques"].where(~(df["heures_theoriques"] < 0))
    df.attrs = attrs
    return df


def _merge_sessions(df: pd.DataFrame) -> pd.DataFrame:
    """Session-level extract: present at any session, best mark of the year (TABLES.md §2.6)."""
    g = df.groupby("inscription_id", sort=False)
    first = g.head(1).set_index("inscription_id")
    first["present_examen"] = g["present_examen"].max()
    first["note"] = g["note"].max()
    return first.reset_index()


def _as_categories(df: pd.DataFrame, name: str) -> pd.DataFrame:
    spec = FILES[name]
    for col in spec.columns:
        if col.name in df.columns and col.kind == "code":
            df[col.name] = df[col.name].astype("category")
    return df


def load_extraction(data_dir: Path | str, strict: bool = False) -> Extraction:
    """Read and validate a raw extraction, every file whole and in memory; ExtractionError
    lists every problem found."""
    from .freshness import data_fingerprint  # (here: the modules of the counting rules never load it)
    from .ingest import MemorySink, ingest

    data_dir = Path(data_dir)
    sink = MemorySink()
    ref, report = ingest(data_dir, strict, sink, batch_rows=None)
    frames = {spec.name: sink.frames[spec.name] for spec in EXTRACTION_FILES if spec.name in sink.frames}
    return Extraction(data_dir, frames, ref, report, data_fingerprint(data_dir))


def validate_extraction(data_dir: Path | str, strict: bool = False, out_dir: Path | None = None,
                        batch_rows: int | None = None, fingerprint: str | None = None) -> Extraction:
    """Validate a raw extraction without holding it: files larger than `batch_rows` rows
    (`ingest.BATCH_ROWS` by default) are read, checked and normalised batch by batch. With
    `out_dir`, the normalised copy is written there as it goes and returned (read lazily, as
    `open_normalised`); without, nothing is kept (an Extraction with its report and no rows).
    `fingerprint`: the data's, when the caller hashed the files already (the copy is named by it).
    ExtractionError lists every problem found (what was written in `out_dir` is then useless)."""
    from .freshness import data_fingerprint  # (here: the modules of the counting rules never load it)
    from .ingest import BATCH_ROWS, NullSink, ParquetSink, ingest

    data_dir = Path(data_dir)
    sink = NullSink() if out_dir is None else ParquetSink(Path(out_dir))
    ref, report = ingest(data_dir, strict, sink, batch_rows=batch_rows or BATCH_ROWS)
    x = Extraction(data_dir, {}, ref, report, fingerprint or data_fingerprint(data_dir))
    if out_dir is None:
        return x
    _write_marker(x, Path(out_dir))
    return open_normalised(Path(out_dir))


def save_normalised(x: Extraction, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, df in x.frames.items():
        df.to_parquet(out_dir / f"{name}.parquet", index=False)
    _write_marker(x, out_dir)


def _write_marker(x: Extraction, out_dir: Path) -> None:
    x.report.write_csv(out_dir / "qa.csv")
    (out_dir / NORMALISED_MARKER).write_text(json.dumps(
        {"fingerprint": x.fingerprint, "data_dir": str(x.data_dir.resolve())}), encoding="utf-8")


def open_normalised(norm_dir: Path) -> Extraction:
    """A normalised extraction written by `save_normalised` (already validated)."""
    meta = json.loads((norm_dir / NORMALISED_MARKER).read_text(encoding="utf-8"))
    data_dir = Path(meta["data_dir"])
    frames = ParquetFrames(norm_dir, [spec.name for spec in EXTRACTION_FILES
                                      if (norm_dir / f"{spec.name}.parquet").exists()])
    report = Report()
    qa = pd.read_csv(norm_dir / "qa.csv", dtype=str, keep_default_na=False)
    for row in qa.itertuples(index=False):
        report.add(row.niveau, row.fichier, row.colonne, row.regle, int(row.nombre), row.message,
                   [e for e in row.exemples.split(" ; ") if e])
    return Extraction(data_dir, frames, Reference(data_dir / "reference"), report, meta["fingerprint"])


def open_extraction(data_dir: Path | str, normalised_dir: Path | str | None = None) -> Extraction:
    """What a notebook calls: the build's normalised copy when there is one, else the raw files."""
    if normalised_dir is not None:
        norm = Path(normalised_dir)
        if (norm / NORMALISED_MARKER).exists():
            return open_normalised(norm)
    return load_extraction(data_dir)
