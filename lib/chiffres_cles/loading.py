"""Reading the files of an extraction (Parquet, or CSV as French systems export it) into
typed pandas frames, reporting every value that cannot be read as its column's kind.

CSV: UTF-8 (with or without BOM) or Windows-1252, `,` `;` or tab separated, decimal comma,
booleans written true/false, 1/0, oui/non, O/N, vrai/faux, dates ISO or dd/mm/yyyy.

A file that arrived broken is refused with a message naming it and saying what is wrong,
never read half-way: binary bytes, an empty file, a header with no known separator,
encodings mixed in one file, lines with too few or too many fields (a truncated line, a
wrong separator, an unclosed quote), a last line cut short (no end of line), a Parquet
file cut short, a column of a type the contract cannot read.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from .problems import Report
from .schema import ANNEE_PATTERN, FILES, Column, FileSpec

TRUE_WORDS = {"true", "1", "oui", "o", "vrai", "yes", "y", "t"}
FALSE_WORDS = {"false", "0", "non", "n", "faux", "no", "f"}


def find_file(data_dir: Path, name: str) -> Path | None:
    for ext in (".parquet", ".csv"):
        path = data_dir / f"{name}{ext}"
        if path.exists():
            return path
    return None


SEPARATORS = (";", ",", "\t")
SEPARATOR_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# UTF-8 sequences of French text (é è à ç ô É…, ’ “ ” – — …) as they look when read as
# Windows-1252 (« Ã© », « â€™ »): never written on purpose in a Windows-1252 file
UTF8_IN_CP1252 = re.compile(rb"\xc3[\x80-\xbf]|\xc5[\x92\x93]|\xe2\x80[\x93\x94\x98\x99\x9c\x9d\xa6]")


class FileProblem(ValueError):
    """A file that cannot be read at all: what is wrong, with the lines concerned."""

    def __init__(self, rule: str, message: str, count: int = 1, examples=(), column: str = ""):
        super().__init__(message)
        self.rule, self.message, self.count, self.examples, self.column = rule, message, count, list(examples), column


def sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    return max(counts, key=counts.get)


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def decode_choice(data: bytes) -> str:
    """The encoding of a CSV file's bytes: UTF-8 (BOM or not), else Windows-1252; FileProblem
    when it is neither, or both mixed in one file."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        bad_line = _line_of(data, exc.start)
    mixed = UTF8_IN_CP1252.search(data)
    if mixed:
        raise FileProblem("encodage", f"encodages mélangés : ligne {_line_of(data, mixed.start())} en UTF-8, "
                          f"ligne {bad_line} en Windows-1252 ; réenregistrez tout le fichier dans un seul encodage")
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileProblem("encodage", f"encodage illisible, ni UTF-8 ni Windows-1252 (octet 0x{data[exc.start]:02x}, "
                          f"ligne {_line_of(data, exc.start)})") from None
    return "cp1252"


def read_csv_text(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Every cell as a string (or missing), whatever the encoding and separator; FileProblem
    when the file is not a readable CSV table (see the module docstring)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    data = path.read_bytes()
    if not data.strip():
        raise FileProblem("fichier_vide", "fichier vide : pas même la ligne d'en-tête")
    binary = BINARY_BYTES.search(data)
    if binary:
        raise FileProblem("fichier_binaire", f"octet de contrôle 0x{data[binary.start()]:02x} ligne "
                          f"{_line_of(data, binary.start())} : ce n'est pas un fichier CSV texte (fichier binaire ou abîmé ?)")
    encoding = decode_choice(data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    first_end = data.find(b"\n")
    header_line = (data if first_end < 0 else data[:first_end]).decode(encoding).rstrip("\r")
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    if not any(counts.values()) and not re.fullmatch(r"\w+", header_line.strip()):  # one column: read it
        raise FileProblem("separateur", "séparateur non reconnu sur la ligne d'en-tête (attendu : virgule, "
                          f"point-virgule ou tabulation) : « {header_line[:80]} »")
    sep = sniff_separator(header_line)
    names = [n.strip() for n in next(csv.reader([header_line], delimiter=sep))]
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        raise FileProblem("colonne_double", f"colonne(s) en double dans l'en-tête : {', '.join(doubled)}")
    if first_end >= 0 and data[first_end + 1:].strip() and not data.endswith((b"\n", b"\r")):
        raise FileProblem("ligne_tronquee", f"la dernière ligne (ligne {_line_of(data, len(data) - 1)}) ne se termine "
                          "pas par un saut de ligne : fichier tronqué ? (un fichier complet finit par un saut de ligne)")
    bad: list = []

    def invalid(row) -> str:
        bad.append(row)
        return "skip"

    keep = [n for n in names if not columns or n in columns]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, encoding=encoding, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True, invalid_row_handler=invalid),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, include_columns=keep,
                                                 strings_can_be_null=True, null_values=[""]),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise FileProblem("fichier_illisible", f"CSV illisible : {exc}") from None
    if bad:
        bad.sort(key=lambda r: r.number or 0)
        examples = [f"ligne {r.number} : {r.actual_columns} champ(s) au lieu de {r.expected_columns}"
                    if r.number else f"{r.actual_columns} champ(s) au lieu de {r.expected_columns}" for r in bad[:5]]
        raise FileProblem("ligne_mal_formee", "ligne(s) dont le nombre de champs diffère de l'en-tête (ligne coupée, "
                          f"séparateur ou guillemet en trop ; séparateur lu : {SEPARATOR_NAMES[sep]})",
                          len(bad), examples)
    return table.to_pandas()


def read_raw(path: Path, spec: FileSpec) -> tuple[pd.DataFrame, int]:
    """The file's columns of the contract (others ignored) and the offset from index to line."""
    raw = RawFile(path, spec)
    return raw.frame(), raw.offset


def _parquet_problem(exc: Exception) -> FileProblem:
    return FileProblem("fichier_illisible", f"fichier Parquet illisible (tronqué ou abîmé ?) : {exc}")


class RawFile:
    """One file of the extraction, opened: the contract's columns it has (others ignored), its
    number of rows, the offset from a row's index to its line, and its rows as strings or as
    stored — whole (`frame`), or in batches of rows indexed by their position in the file
    (`batches`), so that a large Parquet file is never held whole. FileProblem when it cannot
    be read."""

    def __init__(self, path: Path, spec: FileSpec):
        self.path, self.spec, self.label = path, spec, path.name
        wanted = spec.column_names
        self._frame: pd.DataFrame | None = None
        if path.suffix == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            try:
                self._parquet = pq.ParquetFile(path)
                present = set(self._parquet.schema_arrow.names)
                self.num_rows = self._parquet.metadata.num_rows
            except (pa.ArrowException, OSError, ValueError) as exc:
                raise _parquet_problem(exc) from None
            self.columns = [c for c in wanted if c in present]
            self.offset = 1
        else:
            self._frame = read_csv_text(path, wanted)
            self.columns = list(self._frame.columns)
            self.num_rows = len(self._frame)
            self.offset = 2  # line 1 is the header

    def frame(self) -> pd.DataFrame:
        """Every row."""
        if self._frame is not None:
            return self._frame
        import pyarrow as pa

        try:
            return pd.read_parquet(self.path, columns=self.columns)
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise _parquet_problem(exc) from None

    def batches(self, rows: int | None, columns: list[str] | None = None):
        """The rows in batches of at most `rows` (every row at once when None), each indexed by
        the rows' positions in the file."""
        columns = [c for c in (columns or self.columns) if c in self.columns]
        if rows is None or rows >= self.num_rows:
            yield self.frame().reset_index(drop=True)[columns]
            return
        if self._frame is not None:
            for start in range(0, self.num_rows, rows):
                yield self._frame.iloc[start:start + rows][columns]
            return
        import pyarrow as pa

        try:
            from pandas.io._util import arrow_table_to_pandas
        except ImportError:  # pragma: no cover (older pandas)
            def arrow_table_to_pandas(table):
                return table.to_pandas()
        start = 0
        try:
            for batch in self._parquet.iter_batches(batch_size=rows, columns=columns, use_pandas_metadata=False):
                df = arrow_table_to_pandas(pa.Table.from_batches([batch]))
                df.index = pd.RangeIndex(start, start + len(df))
                start += len(df)
                yield df
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise _parquet_problem(exc) from None


def _examples(values: pd.Series, offset: int, n: int = 5) -> list[str]:
    return [f"« {v} » (ligne {i + offset})" for i, v in values.head(n).items()]


def _clean_text(s: pd.Series) -> pd.Series:
    out = s.astype("string").str.strip()
    return out.mask(out == "")


def to_number(s: pd.Series, integer: bool) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        num = pd.to_numeric(s, errors="coerce")
        bad = pd.Series(False, index=s.index)
    else:
        text = _clean_text(s)
        text = text.str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace(",", ".", regex=False)
        num = pd.to_numeric(text, errors="coerce")
        bad = text.notna() & num.isna()
    if integer:
        frac = num.notna() & (num != num.round())
        bad = bad | frac
        num = num.where(~frac).astype("Int64")
    else:
        num = num.astype("float64")
    return num, bad


def to_bool(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_bool_dtype(s):
        return s.astype("boolean"), pd.Series(False, index=s.index)
    if pd.api.types.is_numeric_dtype(s):  # 1/0 (any other number is not a boolean)
        num = pd.to_numeric(s, errors="coerce")
        s = num.astype("string").where(~num.isin([0, 1]), num.fillna(0).astype("int64").astype("string"))
    text = _clean_text(s).str.lower()
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[text.isin(TRUE_WORDS).fillna(False).astype(bool)] = True
    out[text.isin(FALSE_WORDS).fillna(False).astype(bool)] = False
    bad = text.notna() & out.isna()
    return out, bad


def to_date(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_localize(None)
        return out.dt.normalize().astype("datetime64[ns]"), pd.Series(False, index=s.index)
    text = _clean_text(s)
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce")
    fr = pd.to_datetime(text.where(iso.isna()), format="%d/%m/%Y", errors="coerce")
    out = iso.fillna(fr)
    bad = text.notna() & out.isna()
    return out.dt.normalize().astype("datetime64[ns]"), bad


def to_date_or_year(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A date, or a year alone "YYYY" read as 1 July of that year."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return to_date(s)
    text = _clean_text(s)
    year_only = text.str.fullmatch(r"\d{4}").fillna(False).astype(bool)
    text = text.where(~year_only, text + "-07-01")
    return to_date(text)


def to_annee(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = _clean_text(s)
    parts = text.str.extract(ANNEE_PATTERN)
    ok = parts[0].notna() & (pd.to_numeric(parts[1]) == pd.to_numeric(parts[0]) + 1)
    bad = text.notna() & ~ok.fillna(False).astype(bool)
    return text, bad


def to_text(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    if pd.api.types.is_float_dtype(s):
        # codes stored as numbers in Parquet ("3.0" -> "3"; a fraction stays as written)
        whole = s.notna() & (s == s.round())
        text = s.astype("string")
        text[whole] = s[whole].astype("int64").astype("string")
        s = text
    return _clean_text(s.astype("string")), pd.Series(False, index=s.index)


def by_distinct_values(convert):
    """Convert each distinct value once (codes, years, dates repeat over millions of rows)."""
    def wrapper(s: pd.Series) -> tuple[pd.Series, pd.Series]:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        if len(uniques) > len(s) // 2:
            return convert(s)
        values, bad = convert(pd.Series(uniques))
        missing = codes < 0
        take = codes.copy()
        take[missing] = 0
        if len(uniques) == 0:
            return convert(s)
        # each row's converted value; a missing one stays missing (NA, NaT or NaN as the kind has it)
        out = pd.Series(pd.api.extensions.take(values.array, codes, allow_fill=True), index=s.index)
        bad_out = pd.Series(bad.to_numpy()[take], index=s.index) & ~missing
        return out, bad_out
    return wrapper


CONVERTERS = {
    "id": to_text, "code": by_distinct_values(to_text), "str": by_distinct_values(to_text),
    "int": by_distinct_values(lambda s: to_number(s, True)),
    "float": by_distinct_values(lambda s: to_number(s, False)),
    "bool": by_distinct_values(to_bool), "date": by_distinct_values(to_date),
    "date_or_year": by_distinct_values(to_date_or_year), "annee": by_distinct_values(to_annee),
}

KIND_LABELS = {
    "int": "un nombre entier", "float": "un nombre", "bool": "un booléen (vrai/faux, 1/0, oui/non, O/N)",
    "date": "une date (AAAA-MM-JJ ou JJ/MM/AAAA)", "date_or_year": "une date ou une année AAAA",
    "annee": "une année universitaire de la forme « 2022-2023 »",
}


def coerce_column(df: pd.DataFrame, col: Column, file_label: str, offset: int, report: Report) -> pd.Series | None:
    try:
        values, bad = CONVERTERS[col.kind](df[col.name])
    except (TypeError, ValueError, OverflowError):  # a Parquet column of a type no rule reads
        sample = df[col.name].dropna()
        kind = type(sample.iloc[0]).__name__ if len(sample) else str(df[col.name].dtype)
        report.error(file_label, col.name, "type_colonne", len(df),
                     f"colonne de valeurs de type « {kind} », illisible comme {KIND_LABELS.get(col.kind, 'du texte')}")
        return None
    bad = bad.fillna(False).astype(bool)
    if bad.any():
        rule = "annee_malformee" if col.kind == "annee" else "type"
        report.error(file_label, col.name, rule, int(bad.sum()),
                     f"valeur(s) qui ne sont pas {KIND_LABELS[col.kind]}",
                     _examples(df.loc[bad, col.name], offset))
    return values


def open_file(path: Path, spec: FileSpec, report: Report) -> RawFile | None:
    """Open one file; None when it cannot be used at all (errors reported): unreadable, a
    required column missing, no row where one is required."""
    label = path.name
    try:
        raw = RawFile(path, spec)
    except FileProblem as exc:
        report.error(label, exc.column, exc.rule, exc.count, exc.message, exc.examples)
        return None
    except Exception as exc:  # unreadable file: say which and why, no traceback
        report.error(label, "", "fichier_illisible", 1, f"fichier illisible : {type(exc).__name__}: {exc}")
        return None
    missing = [c.name for c in spec.columns if c.required and c.name not in raw.columns]
    for name in missing:
        report.error(label, name, "colonne_manquante", 1, "colonne obligatoire absente du fichier")
    if missing:
        return None
    if spec.must_not_be_empty and raw.num_rows == 0:
        report.error(label, "", "fichier_vide", 1, "le fichier ne contient aucune ligne")
        return None
    return raw


def type_rows(raw: pd.DataFrame, spec: FileSpec, label: str, offset: int, report: Report) -> tuple[pd.DataFrame, list[str]]:
    """Rows of a file typed by their column's kind (values that cannot be read reported), and
    the columns that could not be read at all."""
    out = pd.DataFrame(index=raw.index)
    unreadable = []
    for col in spec.columns:
        if col.name in raw.columns:
            values = coerce_column(raw, col, label, offset, report)
            if values is None:
                unreadable.append(col.name)
            else:
                out[col.name] = values
    out.attrs["line_offset"] = offset
    out.attrs["label"] = label
    return out, unreadable


def read_file(path: Path, spec: FileSpec, report: Report) -> pd.DataFrame | None:
    """Read and type one file; None when it cannot be used at all (errors reported)."""
    raw = open_file(path, spec, report)
    if raw is None:
        return None
    try:
        rows = raw.frame().reset_index(drop=True)
    except FileProblem as exc:
        report.error(raw.label, exc.column, exc.rule, exc.count, exc.message, exc.examples)
        return None
    out, unreadable = type_rows(rows, spec, raw.label, raw.offset, report)
    return None if unreadable else out


# identifiers of people and of their files never appear in a message or the QA report
# (which is written into the build): an example names its line instead
IDENTIFIER_COLUMNS = frozenset(c.name for f in FILES.values() for c in f.columns if c.kind == "id")


def examples_for(df: pd.DataFrame, mask: pd.Series, column: str | None = None, n: int = 5) -> list[str]:
    """First rows of a mask, named by their line in the source file (and the value of
    `column`, unless it is an identifier)."""
    offset = df.attrs.get("line_offset", 1)
    idx = mask[mask.fillna(False).astype(bool)].index[:n]
    if column is None or column in IDENTIFIER_COLUMNS:
        return [f"ligne {i + offset}" for i in idx]
    return [f"« {df.at[i, column]} » (ligne {i + offset})" for i in idx]
