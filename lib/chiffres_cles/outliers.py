"""Unusual moves from one year to the next: the cells of a table whose evolution lies far
outside that of the table's other cells, listed for the editors before publication (most are
real, some are extraction errors). One build is enough; the pipeline runs this after the
sections, and the rows go to `qa.csv` (level `mouvement`) and to the QA page.

The rule (stated on the QA page, `rule_text`):

- a cell is followed from one year to the next when its row and column labels, years set
  apart (`revisions.split_years`), are the same and the years are consecutive (academic years
  2021-2022 → 2022-2023, calendar years 2022 → 2023, promotions alike); a column or row that
  carries no year (a table of one year, an evolution between two years) is not followed;
- counts (kind `count`): x = ln(current / previous), only when both values are at least
  `min_base` (small bases are never flagged); rates and shares (`pct`), means (`mean`) and
  masculinity ratios (`rm`): x = current − previous (in points, years, men per 100 women);
  a cell shown « ns », « nd » or « /// » in either year is left out, and evolution columns are
  never followed (they are derived from the counts);
- within one table and one kind, the centre is the median of x over the cells of the same
  pair of years (when that pair has at least `MIN_PAIR_CELLS` cells, else over the table), and
  the scale s = 1.4826 × MAD, the median absolute deviation of x from its centre over the
  table (s falls back to 1.2533 × the mean absolute deviation when the MAD is 0);
- a cell is flagged when |x − centre| / s > `seuil_mouvement` (3.5 by default), provided
  the table and kind have at least `MIN_CELLS` followed cells (with fewer, nothing is usual)
  and the deviation itself is not negligible (`MIN_DEVIATION`: 5 % for a count, 1 point for a
  rate — cells that move in step give a tiny MAD).

Counts and values only: a row of `qa.csv` names the table, the cell's row and column labels as
printed, both years and both values; never an identifier.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from pathlib import Path

from .formatting import NNBSP, display_symbol, format_cell, format_number
from .params import EditionParams
from .problems import append_qa_rows
from .revisions import split_years
from .table import Table, column_label, row_label

LEVEL = "mouvement"
RULE = "mouvement_inhabituel"
SUMMARY_RULE = "mouvements_examines"
FOLLOWED_KINDS = ("count", "pct", "mean", "rm")
MIN_CELLS = 8          # followed cells a table needs (per kind) before anything is unusual in it
MIN_PAIR_CELLS = 5     # cells a pair of years needs to have its own centre
MAD_FACTOR = 1.4826    # MAD → standard deviation of a normal distribution
MEAN_AD_FACTOR = 1.2533  # mean absolute deviation → standard deviation (when the MAD is 0)
UNITS = {"count": "%", "pct": "points", "mean": "ans", "rm": ""}
# a deviation from the centre smaller than this is never unusual, whatever the scale (cells
# that move in step give a tiny MAD): 5 % for a count, 1 point for a share or rate, half a
# year for a mean age or duration, 5 men per 100 women for a masculinity ratio
MIN_DEVIATION = {"count": math.log(1.05), "pct": 1.0, "mean": 0.5, "rm": 5.0}


@dataclass(frozen=True)
class Move:
    table: str        # "T18"
    number: int
    row: str          # labels as printed
    column: str       # the later year's column label
    year_before: str
    year: str
    before: float
    after: float
    kind: str
    x: float          # log-ratio (counts) or difference
    score: float      # |x − centre| / scale

    @property
    def change(self) -> float:
        """Evolution as printed: in % for a count, in points (or years) otherwise."""
        return 100.0 * (self.after - self.before) / self.before if self.kind == "count" else self.after - self.before

    def change_text(self) -> str:
        unit = UNITS[self.kind]
        if unit == "%":
            return format_number(self.change, 1, signed=True) + f"{NNBSP}%"
        decimals = 0 if self.kind == "rm" else 1
        return format_number(self.change, decimals, signed=True) + (f" {unit}" if unit else "")


def _year_start(year: str) -> tuple[int, bool]:
    """(first calendar year, academic?) of « 2021-2022 » or « 2022 »."""
    return int(year[:4]), "-" in year


def _followed(t: Table, min_base: int) -> dict[tuple, dict[str, tuple]]:
    """(row template, column template, kind) → {year: (value, row label, column label)} for
    the cells of one year with a published value, counts of at least min_base only."""
    series: dict[tuple, dict[str, tuple]] = {}
    for i, row in enumerate(t.rows):
        r_label = row_label(row)
        r_t, r_years = split_years(r_label)
        for j, col in enumerate(t.columns):
            kind = t.kinds[i][j]
            if kind not in FOLLOWED_KINDS:
                continue
            c_label = column_label(col)
            c_t, c_years = split_years(c_label)
            years = r_years + c_years
            if len(years) != 1:
                continue
            v = t.values[i][j]
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            if display_symbol(v, kind, t.symbols[i][j]) in ("ns", "nd", "///"):
                continue
            if kind == "count" and v < min_base:
                continue
            series.setdefault((r_t, c_t, kind), {})[years[0]] = (float(v), str(r_label), str(c_label))
    return series


def table_moves(t: Table, min_base: int, threshold: float) -> tuple[int, list[Move]]:
    """(number of cells followed from one year to the next, the unusual moves) of one table."""
    pairs: dict[str, list[tuple]] = {}   # kind → [(pair, x, before, after, year_before, year, row, col)]
    for (r_t, c_t, kind), by_year in _followed(t, min_base).items():
        for year, (after, row, col) in by_year.items():
            start, academic = _year_start(year)
            prev = next((y for y in by_year if _year_start(y) == (start - 1, academic)), None)
            if prev is None:
                continue
            before = by_year[prev][0]
            if kind == "count":
                if before <= 0 or after <= 0:
                    continue
                x = math.log(after / before)
            else:
                x = after - before
            pairs.setdefault(kind, []).append(((prev, year), x, before, after, prev, year, row, col))
    examined, moves = 0, []
    for kind, items in pairs.items():
        examined += len(items)
        if len(items) < MIN_CELLS:
            continue
        overall = statistics.median(it[1] for it in items)
        by_pair: dict[tuple, list[float]] = {}
        for it in items:
            by_pair.setdefault(it[0], []).append(it[1])
        centre = {k: statistics.median(v) if len(v) >= MIN_PAIR_CELLS else overall for k, v in by_pair.items()}
        resid = [it[1] - centre[it[0]] for it in items]
        scale = MAD_FACTOR * statistics.median(abs(r) for r in resid)
        if scale <= 1e-12:
            scale = MEAN_AD_FACTOR * statistics.fmean(abs(r) for r in resid)
        if scale <= 1e-12:
            continue
        for it, r in zip(items, resid):
            score = abs(r) / scale
            if score > threshold and abs(r) >= MIN_DEVIATION[kind]:
                moves.append(Move(t.id, t.number, it[6], it[7], it[4], it[5], it[2], it[3], kind, it[1], score))
    moves.sort(key=lambda m: -m.score)
    return examined, moves


def unusual_moves(tables: list[Table], p: EditionParams) -> tuple[int, list[Move]]:
    """(cells followed, unusual moves) over every table, tables in order, strongest first."""
    examined, out = 0, []
    for t in sorted(tables, key=lambda t: t.number):
        n, moves = table_moves(t, p.min_base, p.seuil_mouvement)
        examined += n
        out.extend(moves)
    return examined, out


def read_tables(tables_dir: Path) -> list[Table]:
    out = []
    for path in sorted(Path(tables_dir).glob("T*.json")):
        try:
            out.append(Table.from_json(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError) as exc:
            raise RuntimeError(f"mouvements inhabituels : tableau illisible {path.name} ({exc})") from exc
    return out


# -- qa.csv and the QA page -------------------------------------------------------------------

def _value(v: float, kind: str) -> str:
    return format_cell(v, kind)


def move_message(m: Move, p: EditionParams) -> str:
    return (f"{m.year_before} → {m.year} : {_value(m.before, m.kind)} → {_value(m.after, m.kind)} "
            f"({m.change_text()}) ; écart à la médiane du tableau : {format_number(m.score, 1)} fois "
            f"la dispersion robuste (seuil {format_number(p.seuil_mouvement, 1)})")


def qa_rows(examined: int, moves: list[Move], p: EditionParams) -> list[dict]:
    """Rows of level `mouvement`: one summary (cells followed), then one per unusual move:
    `fichier` the table, `colonne` its row and column labels, `message` both years and values."""
    rows = [{"niveau": LEVEL, "fichier": "tableaux", "colonne": "", "regle": SUMMARY_RULE,
             "nombre": str(examined),
             "message": (f"cellules suivies d'une année à l'autre (effectifs d'au moins {p.min_base} les deux "
                         f"années, taux, parts et moyennes publiés) ; seuil {format_number(p.seuil_mouvement, 1)}"),
             "exemples": ""}]
    for m in moves:
        rows.append({"niveau": LEVEL, "fichier": m.table, "colonne": f"{m.row} ; {m.column}", "regle": RULE,
                     "nombre": "1", "message": move_message(m, p), "exemples": ""})
    return rows


def append_to_qa(qa_csv: Path, tables_dir: Path, p: EditionParams) -> list[Move]:
    """Find the unusual moves of the built tables and add them to the build's qa.csv."""
    examined, moves = unusual_moves(read_tables(tables_dir), p)
    append_qa_rows(qa_csv, qa_rows(examined, moves, p))
    return moves


def rule_text(p: EditionParams | None = None) -> str:
    """The rule, in French, for the QA page."""
    threshold = p.seuil_mouvement if p is not None else EditionParams.seuil_mouvement
    min_base = p.min_base if p is not None else EditionParams.min_base
    return (
        "Chaque cellule publiée est suivie d'une année à l'autre dans son tableau (même ligne, même colonne, "
        "années consécutives). Pour un effectif, on mesure le logarithme du rapport entre les deux années, "
        f"seulement si les deux valeurs atteignent {min_base} (les petits effectifs ne sont jamais signalés) ; "
        "pour une part, un taux, une moyenne ou un rapport de masculinité, l'écart entre les deux années "
        "(en points). Les cellules « ns », « nd » ou « /// » et les colonnes d'évolution ne sont pas suivies. "
        "Dans chaque tableau, ces mesures sont comparées à leur médiane (celle de la même paire d'années) : "
        "une cellule est signalée quand son écart à la médiane dépasse "
        f"{format_number(threshold, 1)} fois la dispersion robuste du tableau (1,4826 fois l'écart absolu "
        "médian) et qu'il n'est pas négligeable (au moins 5 % pour un effectif, 1 point pour une part ou un taux, "
        "une demi-année pour une moyenne, 5 pour un rapport de masculinité). Les tableaux de moins de "
        f"{MIN_CELLS} cellules suivies n'ont pas de mouvement signalé. La plupart de ces mouvements sont réels ; "
        "certains trahissent une erreur d'extraction."
    )


def qa_markdown_lines(rows: list[dict], p: EditionParams | None, cell) -> list[str]:
    """The QA page's part « Mouvements inhabituels d'une année à l'autre » from the rows of
    level `mouvement` of qa.csv; `cell` escapes a Markdown table cell."""
    summary = [r for r in rows if r.get("regle") == SUMMARY_RULE]
    moves = [r for r in rows if r.get("regle") == RULE]
    if not summary and not moves:
        return []
    examined = sum(int(float(r.get("nombre") or 0)) for r in summary)
    lines = ["", "## Mouvements inhabituels d'une année à l'autre", "", rule_text(p), ""]
    if summary:
        lines += [f"Cellules suivies : {format_number(examined, 0)} ; cellules signalées : "
                  f"{format_number(len(moves), 0)}.", ""]
    if moves:
        lines += ["| Tableau | Cellule (ligne ; colonne) | Mouvement |", "|:--|:--|:--|"]
        for r in moves:
            lines.append(f"| {cell(r.get('fichier', ''))} | {cell(r.get('colonne', ''))} | {cell(r.get('message', ''))} |")
    else:
        lines.append("Aucun mouvement inhabituel n'a été relevé.")
    return lines
