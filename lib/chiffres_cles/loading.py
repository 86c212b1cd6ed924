"""Reading the files of an extraction (Parquet, or CSV as French systems export it) into
typed pandas frames, reporting every value that cannot be read as its column's kind.

CSV: UTF-8 or Windows-1252, `,` `;` or tab separated, decimal comma, booleans written
true/false, 1/0, oui/non, O/N, vrai/faux, dates ISO or dd/mm/yyyy.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .problems import Report
from .schema import ANNEE_PATTERN, Column, FileSpec

TRUE_WORDS = {"true", "1", "oui", "o", "vrai", "yes", "y", "t"}
FALSE_WORDS = {"false", "0", "non", "n", "faux", "no", "f"}
CSV_ENCODINGS = ("utf-8-sig", "cp1252")


def find_file(data_dir: Path, name: str) -> Path | None:
    for ext in (".parquet", ".csv"):
        path = data_dir / f"{name}{ext}"
        if path.exists():
            return path
    return None


def sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get)


def read_csv_text(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Every cell as a string (or missing), whatever the encoding and separator."""
    last_error: Exception | None = None
    for encoding in CSV_ENCODINGS:
        try:
            with path.open(encoding=encoding) as fh:
                header = fh.readline()
            sep = sniff_separator(header)
            return pd.read_csv(
                path, sep=sep, dtype=str, keep_default_na=False, na_values=[""],
                encoding=encoding, usecols=(lambda c: c in columns) if columns else None,
            )
        except UnicodeDecodeError as exc:
            last_error = exc
    raise ValueError(f"{path.name} : encodage illisible (ni UTF-8 ni Windows-1252) : {last_error}")


def read_raw(path: Path, spec: FileSpec) -> tuple[pd.DataFrame, int]:
    """The file's columns of the contract (others ignored) and the offset from index to line."""
    wanted = spec.column_names
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        present = set(pq.read_schema(path).names)
        df = pd.read_parquet(path, columns=[c for c in wanted if c in present])
        return df, 1
    return read_csv_text(path, wanted), 2  # line 1 is the header


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
    if pd.api.types.is_numeric_dtype(s):
        s = s.astype("Int64").astype("string")
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
        # codes stored as numbers in Parquet ("3.0" -> "3")
        s = s.astype("Int64")
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
        out = values.take(take).reset_index(drop=True)
        out.index = s.index
        out[missing] = pd.NA if not pd.api.types.is_datetime64_any_dtype(out) else pd.NaT
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


def coerce_column(df: pd.DataFrame, col: Column, file_label: str, offset: int, report: Report) -> pd.Series:
    values, bad = CONVERTERS[col.kind](df[col.name])
    bad = bad.fillna(False).astype(bool)
    if bad.any():
        rule = "annee_malformee" if col.kind == "annee" else "type"
        report.error(file_label, col.name, rule, int(bad.sum()),
                     f"valeur(s) qui ne sont pas {KIND_LABELS[col.kind]}",
                     _examples(df.loc[bad, col.name], offset))
    return values


def read_file(path: Path, spec: FileSpec, report: Report) -> pd.DataFrame | None:
    """Read and type one file; None when it cannot be used at all (errors reported)."""
    label = path.name
    try:
        raw, offset = read_raw(path, spec)
    except Exception as exc:  # unreadable file: say which and why, no traceback
        report.error(label, "", "fichier_illisible", 1, f"fichier illisible : {exc}")
        return None
    missing = [c.name for c in spec.columns if c.required and c.name not in raw.columns]
    for name in missing:
        report.error(label, name, "colonne_manquante", 1, "colonne obligatoire absente du fichier")
    if missing:
        return None
    if spec.must_not_be_empty and len(raw) == 0:
        report.error(label, "", "fichier_vide", 1, "le fichier ne contient aucune ligne")
        return None
    raw = raw.reset_index(drop=True)
    out = pd.DataFrame(index=raw.index)
    for col in spec.columns:
        if col.name in raw.columns:
            out[col.name] = coerce_column(raw, col, label, offset, report)
    out.attrs["line_offset"] = offset
    out.attrs["label"] = label
    return out


def examples_for(df: pd.DataFrame, mask: pd.Series, column: str | None = None, n: int = 5) -> list[str]:
    """First rows of a mask, named by their line in the source file."""
    offset = df.attrs.get("line_offset", 1)
    idx = mask[mask.fillna(False).astype(bool)].index[:n]
    if column is None:
        return [f"ligne {i + offset}" for i in idx]
    return [f"« {df.at[i, column]} » (ligne {i + offset})" for i in idx]
