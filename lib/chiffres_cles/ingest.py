"""Reading and validating an extraction file by file, and a large file batch by batch of rows.

`extraction.load_extraction` (frames in memory) and `extraction.validate_extraction` (the
normalised copy written to Parquet as the rows go, or nothing kept) both run `ingest`: one
sequence of reading, checks and normalisation, so the two can never disagree.

A file of at most `batch_rows` rows is read, checked and normalised whole, as it always was.
A larger one is never held whole (ten times the Cnam's data is 23 million inscriptions):

1. its key columns are read, typed and hashed, batch by batch: rows whose key hash (or, for
   inscriptions with exam sessions, whose inscription_id hash) occurs more than once are the
   only candidates for repeated rows, shared keys and sessions to merge;
2. those candidate rows are read and typed (and the values of the coded columns gathered, for
   the categories of the normalised copy), and the rules on keys run on them alone: the rows
   to drop (repeated rows, sessions beyond the first) and the merged sessions are known;
3. each batch is typed, checked, deduplicated, checked against the other files, normalised and
   written.

Every problem is reported as the whole-file reading reports it: counts add up over batches,
examples are the first five rows of the file, and problems come in the same order (file by
file; a file's column by column, as pandera reports them).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from . import validation
from .loading import CONVERTERS, FileProblem, RawFile, find_file, open_file, type_rows
from .problems import MAX_EXAMPLES, Problem, Report
from .reference import Reference, ReferenceError
from .schema import EXTRACTION_FILES, FileSpec

BATCH_ROWS = 1_000_000  # rows of a file read, checked and written at once
# the files the rules across files need first: the learners' years and the catalogue
FIRST = ("auditeurs", "enseignements")


# -- where the normalised rows go -----------------------------------------------------

class MemorySink:
    """The normalised frames, kept in memory (files read whole)."""

    def __init__(self):
        self.frames: dict[str, pd.DataFrame] = {}

    def write(self, name: str, df: pd.DataFrame, whole: bool) -> None:
        if not whole:
            raise ValueError("MemorySink: a file read in batches cannot be kept in memory")
        self.frames[name] = df

    def close(self) -> None:
        pass


class ParquetSink:
    """The normalised copy: one Parquet file per file of the extraction, written as it goes."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._writers: dict = {}

    def write(self, name: str, df: pd.DataFrame, whole: bool) -> None:
        path = self.out_dir / f"{name}.parquet"
        if whole:
            df.to_parquet(path, index=False)
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(df, preserve_index=False)
        if df.attrs:  # as DataFrame.to_parquet stores them
            table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                                   b"PANDAS_ATTRS": json.dumps(df.attrs).encode()})
        if name not in self._writers:
            self._writers[name] = pq.ParquetWriter(path, table.schema)
        writer = self._writers[name]
        if not table.schema.equals(writer.schema, check_metadata=False):
            table = table.cast(writer.schema)
        writer.write_table(table)

    def close(self) -> None:
        for w in self._writers.values():
            w.close()
        self._writers.clear()


class NullSink:
    """Checks only: the normalised rows are not kept (`chiffres-cles validate`)."""

    def write(self, name: str, df: pd.DataFrame, whole: bool) -> None:
        pass

    def close(self) -> None:
        pass


# -- problems gathered batch by batch --------------------------------------------------

def merge_problems(parts: list[Report], order=None) -> list[Problem]:
    """One problem per (level, file, column, rule, message): counts added up, the first
    examples in file order. With several batches, sorted by `order` (a key function giving
    the whole-file order); one batch keeps its own order."""
    out: dict[tuple, Problem] = {}
    for part in parts:
        for p in part.problems:
            k = (p.level, p.file, p.column, p.rule, p.message)
            if k in out:
                q = out[k]
                q.count += p.count
                q.examples = (q.examples + p.examples)[:MAX_EXAMPLES]
            else:
                out[k] = Problem(p.level, p.file, p.column, p.rule, p.count, p.message, list(p.examples))
    problems = list(out.values())
    if order is not None and len(parts) > 1:
        problems.sort(key=order)
    return problems


def _column_order(spec: FileSpec):
    rank = {c.name: i for i, c in enumerate(spec.columns)}

    def order(p: Problem):  # pandera: errors then warnings; column by column; not_nullable first
        return (p.level != "erreur", rank.get(p.column, len(rank)), p.rule != "valeur_manquante")
    return order


# -- the rows to drop or merge in a file read in batches ----------------------------------

class Plan:
    """What the rules on keys do to a file read in batches (steps 1 and 2 of the module doc)."""

    def __init__(self):
        self.drop = pd.Index([], dtype="int64")      # positions of the rows left out
        self.merged: pd.DataFrame | None = None      # merged sessions, indexed by their first row
        self.keys = Report()                         # problems of check_keys
        self.categories: dict[str, pd.CategoricalDtype] = {}


def _typed(raw: pd.DataFrame, spec: FileSpec, label: str, offset: int) -> pd.DataFrame:
    df, _ = type_rows(raw, spec, label, offset, Report())
    return df


def _hashes(df: pd.DataFrame, spec: FileSpec, cols: list[str]) -> np.ndarray:
    """One 64-bit hash per row of the typed values of `cols` (missing values hash alike)."""
    h = None
    for c in cols:
        hc = pd.util.hash_pandas_object(df[c], index=False, categorize=spec.column(c).kind != "id").to_numpy()
        h = hc if h is None else (h * np.uint64(0x100000001B3)) ^ hc
    return h


def _repeated_hashes(h: np.ndarray) -> np.ndarray:
    s = np.sort(h)
    return np.unique(s[1:][s[1:] == s[:-1]])


def plan_file(raw: RawFile, spec: FileSpec, batch_rows: int) -> Plan:
    plan = Plan()
    label, offset = raw.label, raw.offset
    sessions = spec.name == "inscriptions" and "session_examen" in raw.columns
    key = [k for k in spec.key if k in raw.columns]
    # 1. hashes of the typed keys. Rows sharing a key (with or without the exam session) share
    # their inscription_id: for inscriptions, its hash finds the repeated keys and the sessions
    hashed = ["inscription_id"] if sessions else key
    h, any_session = [], False
    if hashed:
        for batch in raw.batches(batch_rows, hashed + (["session_examen"] if sessions else [])):
            typed = _typed(batch, spec, label, offset)
            h.append(_hashes(typed, spec, hashed))
            any_session = any_session or (sessions and bool(typed["session_examen"].notna().any()))
    if any_session:  # as check_keys: one row per inscription and session
        key = key + ["session_examen"]
    candidate = np.zeros(raw.num_rows, dtype=bool)
    if h:
        h = np.concatenate(h)
        repeated = _repeated_hashes(h)  # sorted, few
        if len(repeated):
            at = np.minimum(np.searchsorted(repeated, h), len(repeated) - 1)
            candidate = repeated[at] == h
    del h
    # 2. the candidate rows, typed; the coded columns' values of the others
    code_cols = [c.name for c in spec.columns if c.kind == "code" and c.name in raw.columns]
    values: dict[str, set] = {c: set() for c in code_cols}
    dtypes: dict[str, object] = {}
    parts = []
    for batch in raw.batches(batch_rows):
        mask = candidate[batch.index.to_numpy()]
        if mask.any():
            parts.append(_typed(batch[mask], spec, label, offset))
        for c in code_cols:
            col = CONVERTERS["code"](batch[c])[0]
            dtypes[c] = col.dtype
            values[c].update(col[~mask].dropna().unique())
    cand = pd.concat(parts) if parts else _typed(next(raw.batches(batch_rows)).iloc[:0], spec, label, offset)
    cand.attrs.update({"line_offset": offset, "label": label})
    kept = validation.check_keys(spec, cand, plan.keys, key=key) if key else cand
    drop = cand.index.difference(kept.index)
    if sessions and kept["inscription_id"].duplicated().any():
        from .extraction import _merge_sessions, _normalise_values

        multi = kept[kept["inscription_id"].duplicated(keep=False)]
        firsts = multi.groupby("inscription_id", sort=False).head(1).index
        merged = _merge_sessions(_normalise_values(spec.name, multi))
        merged.index = firsts
        plan.merged = merged
        drop = drop.union(multi.index.difference(firsts))
    plan.drop = drop
    for c in code_cols:
        values[c].update(kept.loc[kept.index.difference(drop), c].dropna().unique())
        # as DataFrame.astype("category") makes them from the whole column (missing values included)
        whole_column = pd.Series([*sorted(values[c]), None], dtype=dtypes.get(c, "string"))
        plan.categories[c] = whole_column.astype("category").dtype
    return plan


# -- the sequence ---------------------------------------------------------------------------

class Across:
    """The rules across files: the learners' years and the catalogue the inscriptions are
    looked up in, and their problems (reported after every file's own)."""

    def __init__(self, ref: Reference):
        self.ref = ref
        self.learners = validation.PairSet(["auditeur_id", "annee"])
        self.catalogue = validation.PairSet(["code_enseignement", "annee"])
        self.inscriptions, self.catalogue_type, self.jury = [], [], []
        self.decisions: list[Report] = []

    def gather(self, name: str, df: pd.DataFrame) -> None:
        """Rules on a batch of rows already deduplicated (as the whole-file checks see them)."""
        if name == "auditeurs":
            self.learners.add(df)
        elif name == "enseignements":
            self.catalogue.add(df)
            self.catalogue_type.append(_run(validation.check_catalogue_type, df))
        elif name == "inscriptions":
            self.inscriptions.append(_run(validation.check_inscriptions_across, df, self.learners, self.catalogue))
        elif name == "diplomes":
            self.jury.append(_run(validation.check_jury_dates, df))
        elif name == "validations":
            self.decisions.append(_run(validation.check_decisions, df, self.ref))


def _run(check, df, *args) -> Report:
    r = Report()
    check(df, *args, r)
    return r


def _normalised(name: str, df: pd.DataFrame, categories: dict | None) -> pd.DataFrame:
    from .extraction import _as_categories, _normalise, _normalise_values

    if categories is None:  # the whole file: as it always was
        return _as_categories(_normalise(name, df).reset_index(drop=True), name)
    attrs = df.attrs
    out = _normalise_values(name, df)
    for col, dtype in categories.items():
        out[col] = _as_category(out[col], dtype)
    out = out.reset_index(drop=True)
    out.attrs = attrs
    return out


def _as_category(col: pd.Series, dtype: pd.CategoricalDtype) -> pd.Series:
    """`col.astype(dtype)`, each distinct value looked up once among the categories."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    at = dtype.categories.get_indexer(pd.Index(uniques))
    if (at < 0).any():  # a value outside the categories (never, by construction): pandas' own way
        return col.astype(dtype)
    codes = np.where(codes < 0, -1, at[np.maximum(codes, 0)]) if len(at) else np.full(len(codes), -1)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=col.index, name=col.name)


def ingest_file(raw: RawFile, spec: FileSpec, ref: Reference, batch_rows: int | None, sink, across: Across,
                read: Report, checks: Report) -> bool:
    """Read, check, normalise and write one file; whether it could be used."""
    whole = batch_rows is None or raw.num_rows <= batch_rows
    plan = None
    read_parts, check_parts = [], []
    usable = True
    try:
        if not whole:
            plan = plan_file(raw, spec, batch_rows)
        for batch in raw.batches(None if whole else batch_rows):
            part = Report()
            read_parts.append(part)
            typed, unreadable = type_rows(batch, spec, raw.label, raw.offset, part)
            if unreadable:
                usable = False
            if not usable:
                continue
            part = Report()
            check_parts.append(part)
            validation.check_file(spec, typed, ref, part)
            if whole:
                typed = validation.check_keys(spec, typed, part)
            else:
                gone = typed.index.intersection(plan.drop)
                if len(gone):
                    attrs = typed.attrs
                    typed = typed.drop(index=gone)
                    typed.attrs = attrs
            across.gather(spec.name, typed)
            out = _normalised(spec.name, typed, None if whole else plan.categories)
            if plan is not None and plan.merged is not None:
                here = plan.merged.index.intersection(typed.index)
                if len(here):
                    at = typed.index.get_indexer(here)
                    for col in ("present_examen", "note"):
                        out.loc[at, col] = plan.merged.loc[here, col].to_numpy()
            sink.write(spec.name, out, whole)
    except FileProblem as exc:  # a Parquet file damaged past its footer
        read_parts = [Report()]
        read_parts[0].error(raw.label, exc.column, exc.rule, exc.count, exc.message, exc.examples)
        usable = False
    read.problems += merge_problems(read_parts, _column_order(spec))
    if usable:
        checks.problems += merge_problems(check_parts, _column_order(spec))
        if plan is not None:
            checks.problems += plan.keys.problems
    return usable


def ingest(data_dir: Path, strict: bool, sink, batch_rows: int | None = BATCH_ROWS) -> tuple[Reference | None, Report]:
    """Every check of an extraction (all problems reported at once), the normalised rows sent
    to `sink`. ExtractionError when it cannot be used (warnings too, with `strict`)."""
    from .problems import ExtractionError

    data_dir = Path(data_dir)
    report = Report()
    if not data_dir.is_dir():
        report.error(str(data_dir), "", "dossier_absent", 1, "dossier d'extraction introuvable")
        raise ExtractionError(report)
    try:
        ref = Reference(data_dir / "reference")
    except ReferenceError as exc:
        report.error("reference", "", "reference", 1, str(exc))
        raise ExtractionError(report)
    validation.check_reference(ref, report)  # a broken nomenclature stops here, named
    if report.errors:
        raise ExtractionError(report)

    reads = {spec.name: Report() for spec in EXTRACTION_FILES}
    checks = {spec.name: Report() for spec in EXTRACTION_FILES}
    opened: dict[str, RawFile] = {}
    for spec in EXTRACTION_FILES:
        path = find_file(data_dir, spec.name)
        if path is None:
            if spec.required:
                reads[spec.name].error(f"{spec.name}.parquet|.csv", "", "fichier_manquant", 1,
                                       f"fichier obligatoire absent de {data_dir}")
            continue
        raw = open_file(path, spec, reads[spec.name])
        if raw is not None:
            opened[spec.name] = raw
    across = Across(ref)
    usable: set[str] = set()
    order = [s for s in EXTRACTION_FILES if s.name in FIRST] + [s for s in EXTRACTION_FILES if s.name not in FIRST]
    try:
        for spec in order:
            if spec.name in opened and ingest_file(opened[spec.name], spec, ref, batch_rows, sink, across,
                                                   reads[spec.name], checks[spec.name]):
                usable.add(spec.name)
    finally:
        sink.close()
    # in the order of the whole-file reading: every file read, then every file checked, then
    # the decisions, then the rules across files
    for spec in EXTRACTION_FILES:
        report.problems += reads[spec.name].problems
    for spec in EXTRACTION_FILES:
        report.problems += checks[spec.name].problems
    if "validations" in usable:
        report.problems += merge_problems(across.decisions, lambda p: p.level != "erreur")
    if all(spec.name in usable for spec in EXTRACTION_FILES if spec.required):
        report.problems += merge_problems(across.inscriptions, _across_order)
        report.problems += merge_problems(across.catalogue_type)
        report.problems += merge_problems(across.jury)
    if report.failed(strict):
        raise ExtractionError(report, strict)
    return ref, report


ACROSS_RULES = ("inscription_sans_auditeur", "inscription_non_localisable", "centre_peda_manquant", "hors_catalogue",
                "statut_examen_incoherent")


def _across_order(p: Problem):
    return ACROSS_RULES.index(p.rule) if p.rule in ACROSS_RULES else len(ACROSS_RULES)
