"""The table as a value: number, title, rows, multi-level columns, unrounded values, the
symbol and display kind of every cell, « Champ », « Source » and notes (TABLES.md §1).

A table knows nothing of HTML, Excel or CSV: the backends of `export/` render it. Rows are
labels (a tuple when the table has blocks: (block, label)); columns are tuples of header
levels, shorter tuples padded with "" (a header cell then spans down).

Printed text (title, row and column labels, « Champ », « Source », notes) gets the
typographic apostrophe in one place, when the table is made (`Printed`): table modules write
plain apostrophes, and lookups by label with plain apostrophes keep working.

A cell with neither a value nor a symbol is empty by design (a mean in a column of shares,
say): the tidy CSV leaves it out and the annex leaves it blank. `EMPTY` says so where a
module lays such a cell out on purpose.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from .formatting import SYMBOLS, TYPOGRAPHIC_APOSTROPHE, apostrophes, display_symbol, format_cell

ROUNDING_NOTE = "Note : les totaux peuvent différer de 100 % du fait des arrondis."
SHARE_KINDS = {"pct"}
EMPTY = (math.nan, "")  # a (value, symbol) cell left empty by design


def _plain(text: str) -> str:
    return text.replace(TYPOGRAPHIC_APOSTROPHE, "'")


class Printed(str):
    """Printed text of a table, with typographic apostrophes (`formatting.apostrophes`).

    It compares, hashes and searches (`in`, `startswith`, `endswith`) as its plain-apostrophe
    spelling, so that labels and notes written with a straight apostrophe, as table modules,
    tests and notebooks write them (`t.value("Demandeur d'emploi", …)`, `"l'année" in t.champ`,
    `t.frame().loc[…]`), still find it; everything printed from it (HTML, Excel, tidy CSV,
    JSON) has the typographic apostrophe."""

    __slots__ = ()

    def __new__(cls, text):
        return super().__new__(cls, apostrophes(str(text)))

    def __eq__(self, other):
        if isinstance(other, str):
            return _plain(self) == _plain(other)
        return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return hash(_plain(self))

    def __contains__(self, sub) -> bool:
        return _plain(sub) in _plain(self) if isinstance(sub, str) else str.__contains__(self, sub)

    def startswith(self, prefix, *args) -> bool:
        prefix = tuple(_plain(x) for x in prefix) if isinstance(prefix, tuple) else _plain(prefix)
        return _plain(self).startswith(prefix, *args)

    def endswith(self, suffix, *args) -> bool:
        suffix = tuple(_plain(x) for x in suffix) if isinstance(suffix, tuple) else _plain(suffix)
        return _plain(self).endswith(suffix, *args)


def printed(label):
    """A label (str, or tuple of str for blocks and header levels) as printed text."""
    if isinstance(label, str):
        return label if isinstance(label, Printed) else Printed(label)
    if isinstance(label, tuple):
        return tuple(printed(x) for x in label)
    return label


@dataclass
class Table:
    number: int
    title: str
    rows: list                     # row labels (str, or tuple (block, label))
    columns: list[tuple[str, ...]]  # header levels of every column
    values: list[list[float]]      # unrounded, NaN where nothing is computed
    symbols: list[list[str]]       # "", "ns", "nd", "///" ("–" is derived from exact zeros)
    kinds: list[list[str]]         # display kind of every cell (formatting.KINDS)
    champ: str
    source: str
    notes: list[str] = field(default_factory=list)
    row_kinds: list[str] = field(default_factory=list)  # "", "subtotal", "total", "dont" (a part of the row above)
    section: str = ""
    bases: dict = field(default_factory=dict, repr=False)  # internal: (row, col) -> base, for tests

    def __post_init__(self):
        """The one place where printed text gets its typographic apostrophes."""
        self.title, self.champ, self.source = printed(self.title), printed(self.champ), printed(self.source)
        self.notes = [printed(n) for n in self.notes]
        self.rows = [printed(r) for r in self.rows]
        self.columns = [printed(tuple(c)) for c in self.columns]
        self.bases = {(printed(r), printed(c)): b for (r, c), b in self.bases.items()}

    # -- access --------------------------------------------------------------------
    @property
    def id(self) -> str:
        return f"T{self.number:02d}"

    @property
    def label(self) -> str:
        return f"Tableau {self.number}"

    @property
    def caption(self) -> str:
        return f"Tableau {self.number} : {self.title}"

    def _ri(self, row) -> int:
        if row in self.rows:
            return self.rows.index(row)
        matches = [i for i, r in enumerate(self.rows) if isinstance(r, tuple) and r[-1] == row]
        if len(matches) == 1:
            return matches[0]
        raise KeyError(f"{self.id}: row {row!r} not found (or ambiguous)")

    def _ci(self, col) -> int:
        col = col if isinstance(col, tuple) else (col,)
        padded = [tuple(x for x in c if x) for c in self.columns]
        key = tuple(x for x in col if x)
        if key in padded:
            return padded.index(key)
        matches = [i for i, c in enumerate(padded) if c[-len(key):] == key or c[:len(key)] == key]
        if len(matches) == 1:
            return matches[0]
        raise KeyError(f"{self.id}: column {col!r} not found (or ambiguous): {padded}")

    def value(self, row, col) -> float:
        return self.values[self._ri(row)][self._ci(col)]

    def empty(self, i: int, j: int) -> bool:
        """Whether cell (i, j) is empty by design: no value and no symbol."""
        v = self.values[i][j]
        return display_symbol(v, self.kinds[i][j], self.symbols[i][j]) == "" and (
            v is None or (isinstance(v, float) and math.isnan(v)))

    def symbol(self, row, col) -> str:
        i, j = self._ri(row), self._ci(col)
        return display_symbol(self.values[i][j], self.kinds[i][j], self.symbols[i][j])

    def text(self, row, col) -> str:
        i, j = self._ri(row), self._ci(col)
        return format_cell(self.values[i][j], self.kinds[i][j], self.symbols[i][j])

    def published(self, row, col) -> float | None:
        """The value as exported: None where the cell shows ns, nd or ///."""
        sym = self.symbol(row, col)
        if sym in ("ns", "nd", "///"):
            return None
        v = self.value(row, col)
        return None if isinstance(v, float) and math.isnan(v) else v

    def frame(self, published: bool = False) -> pd.DataFrame:
        """Values as a frame (rows x columns joined with " | ")."""
        data = [[self.published(r, c) if published else self.values[i][j]
                 for j, c in enumerate(self.columns)] for i, r in enumerate(self.rows)]
        # labels stay `Printed` (object index): .loc with plain apostrophes finds them
        return pd.DataFrame(data, index=pd.Index([row_label(r) for r in self.rows], dtype=object),
                            columns=pd.Index([column_label(c) for c in self.columns], dtype=object), dtype="float64")

    def display(self) -> list[list[str]]:
        return [[format_cell(v, k, s) for v, k, s in zip(vr, kr, sr)]
                for vr, kr, sr in zip(self.values, self.kinds, self.symbols)]

    def used_symbols(self) -> list[str]:
        used = {display_symbol(v, k, s) for vr, kr, sr in zip(self.values, self.kinds, self.symbols)
                for v, k, s in zip(vr, kr, sr)}
        return [s for s in SYMBOLS if s in used]

    def all_notes(self) -> list[str]:
        """Champ, Source, the table's own notes, then the symbols legend and rounding note."""
        notes = [printed(n) for n in (self.champ, self.source, *self.notes)]
        used = self.used_symbols()
        if used:
            notes.append("Signes conventionnels : " + " ; ".join(f"« {s} » {SYMBOLS[s]}" for s in used) + ".")
        if any(k in SHARE_KINDS for kr in self.kinds for k in kr) and ROUNDING_NOTE not in notes:
            notes.append(ROUNDING_NOTE)
        return notes

    # -- serialisation (the annex and the book read tables back from the build) --------
    def to_json(self) -> str:
        def clean(v):
            return None if isinstance(v, float) and math.isnan(v) else v
        return json.dumps({
            "number": self.number, "title": self.title, "section": self.section,
            "rows": [list(r) if isinstance(r, tuple) else r for r in self.rows],
            "columns": [list(c) for c in self.columns],
            "values": [[clean(float(v)) if v is not None else None for v in vr] for vr in self.values],
            "symbols": self.symbols, "kinds": self.kinds, "row_kinds": self.row_kinds,
            "champ": self.champ, "source": self.source, "notes": [printed(n) for n in self.notes],
        }, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Table":
        d = json.loads(text)
        return cls(
            number=d["number"], title=d["title"], section=d.get("section", ""),
            rows=[tuple(r) if isinstance(r, list) else r for r in d["rows"]],
            columns=[tuple(c) for c in d["columns"]],
            values=[[math.nan if v is None else v for v in vr] for vr in d["values"]],
            symbols=d["symbols"], kinds=d["kinds"], row_kinds=d["row_kinds"],
            champ=d["champ"], source=d["source"], notes=d["notes"],
        )

    def _repr_html_(self) -> str:
        from .export.html import table_html

        return table_html(self)


def row_label(row) -> str:
    return printed(" | ".join(str(x) for x in row if x) if isinstance(row, tuple) else str(row))


def column_label(col: tuple) -> str:
    return printed(" | ".join(str(x) for x in col if x))


class TableBuilder:
    """Assemble a table column by column over a fixed list of rows."""

    def __init__(self, rows: Iterable, row_kinds: Iterable[str] | None = None):
        self.rows = list(rows)
        self.row_kinds = list(row_kinds) if row_kinds is not None else [""] * len(self.rows)
        self.columns: list[tuple[str, ...]] = []
        self._values: list[list[float]] = []
        self._symbols: list[list[str]] = []
        self._kinds: list[list[str]] = []
        self.bases: dict = {}

    def add(self, column, values, kind: str | Iterable[str], symbols=None, bases=None) -> "TableBuilder":
        """One column: values (Series indexed by row, dict, or list), per-row kinds allowed."""
        col = column if isinstance(column, tuple) else (column,)
        vals = _aligned(values, self.rows, math.nan)
        syms = _aligned(symbols, self.rows, "") if symbols is not None else [""] * len(self.rows)
        kinds = [kind] * len(self.rows) if isinstance(kind, str) else _aligned(kind, self.rows, "count")
        self.columns.append(col)
        self._values.append([float(v) if v is not None and not _isna(v) else math.nan for v in vals])
        self._symbols.append([s or "" for s in syms])
        self._kinds.append(kinds)
        if bases is not None:
            for r, b in zip(self.rows, _aligned(bases, self.rows, math.nan)):
                self.bases[(r, col)] = b
        return self

    def add_cells(self, column, cells: dict, kind: str, extra_symbols: dict | None = None) -> "TableBuilder":
        """One column from row -> (value, symbol[, base]) cells, as the indicators return them;
        `extra_symbols` (a centre closed that year, « nd ») take precedence."""
        values, symbols, bases = {}, {}, {}
        for row, cell in cells.items():
            if isinstance(cell, tuple):
                values[row], symbols[row] = cell[0], cell[1]
                if len(cell) > 2:
                    bases[row] = cell[2]
            else:
                values[row] = cell
        symbols.update(extra_symbols or {})
        return self.add(column, values, kind, symbols=symbols, bases=bases or None)

    def build(self, number: int, title: str, champ: str, source: str, notes=(), section: str = "") -> Table:
        depth = max(len(c) for c in self.columns)
        columns = [c + ("",) * (depth - len(c)) for c in self.columns]
        transpose = lambda m: [list(r) for r in zip(*m)]  # noqa: E731
        return Table(number=number, title=title, rows=self.rows, columns=columns,
                     values=transpose(self._values), symbols=transpose(self._symbols),
                     kinds=transpose(self._kinds), champ=champ, source=source, notes=list(notes),
                     row_kinds=self.row_kinds, section=section, bases=self.bases)


def _isna(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _aligned(values, rows, default):
    if values is None:
        return [default] * len(rows)
    if isinstance(values, pd.Series):
        return [values.get(r, default) if r in values.index else default for r in rows]
    if isinstance(values, dict):
        return [values.get(r, default) for r in rows]
    values = list(values)
    if len(values) != len(rows):
        raise ValueError(f"column of {len(values)} values for {len(rows)} rows")
    return values
