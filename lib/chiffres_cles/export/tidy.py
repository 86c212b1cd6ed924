"""A table as tidy CSV: `tableau,ligne,colonne,valeur,symbole` (DESIGN.md).

`valeur` is the unrounded number, empty where the cell shows « ns », « nd » or « /// » (a value
hidden by a small base is not published); `symbole` is the sign shown instead of or beside
the value ("–" for an exact zero), else empty. Every row has a value or a symbol: a cell
empty by design (no value, no symbol, `Table.empty`) has no row.
"""
from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from ..formatting import display_symbol
from ..table import Table, column_label, row_label


def _number(v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if float(v).is_integer():
        return str(int(v))
    return repr(float(v))


def tidy_rows(t: Table):
    for i, row in enumerate(t.rows):
        for j, col in enumerate(t.columns):
            if t.empty(i, j):
                continue
            sym = display_symbol(t.values[i][j], t.kinds[i][j], t.symbols[i][j])
            value = "" if sym in ("ns", "nd", "///") else _number(t.values[i][j])
            yield [t.id, row_label(row), column_label(col), value, sym]


def tidy_csv(t: Table) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["tableau", "ligne", "colonne", "valeur", "symbole"])
    w.writerows(tidy_rows(t))
    return buf.getvalue()


def write_tidy_csv(t: Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tidy_csv(t), encoding="utf-8")
