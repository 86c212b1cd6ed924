"""The cross-table invariants of TABLES.md §4, each declared once, checked on every build.

Every invariant is an `Invariant`: a name, the §4 family and clause it implements, the tables
it reads, and a function of (tables, context) returning the cells it compared (`Check`s:
where both values come from, the values, the relation). The build (`pipeline.py`) evaluates
them all on the tables it just wrote (`tables/Tnn.json`) before swapping the build in, and a
broken one stops it; the tests evaluate the same declarations on the synthetic extraction.

Equalities hold on unrounded values (relative tolerance 1e-12, absolute 1e-9), for every year
both sides show. A cell shown `nd` or `///` matches only the same symbol; an `ns` cell is
compared at its unrounded value. Shares of a distribution sum to 100 (absolute tolerance
1e-9), a distribution with a zero base (`///`) or shown `nd` is not checked.

« Hors supplément » (§2.9): where one side never includes the manual collection, the other
side is taken without it, recomputed from the supplement aggregates of `collecte_manuelle`
(`Context.sup`): a count less the supplement's, exam rates of the warehouse part combined with
the supplement's counts (`perimeter.supplement_exam_counts`).

An invariant whose tables were not all built (`run --section 09` alone) is « non évalué »,
and so is one with no cell to compare (a T59 block that `t59_dispositifs` leaves out).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from .params import EditionParams
from .perimeter import COMPLETENESS, PRESENCE, SUCCESS, ExamCounts, supplement_exam_counts
from .table import Table

VERIFIED, NOT_EVALUATED, BROKEN = "vérifié", "non évalué", "rompu"
LEVEL = "controle"            # their rows of qa.csv
QA_FILE = "tableaux"
REL_TOL, ABS_TOL = 1e-12, 1e-9
SYMBOLS = ("nd", "///")       # cells that match only the same symbol
ABSENT = "ligne absente"      # a row a table does not show
SHOWN_FAILURES = 5            # cells named per broken invariant in the build's message

FAMILIES = ("Auditeurs", "Inscriptions", "Flux", "Heures", "Alternance", "Validation", "Examens", "Diplômes",
            "Parts")
ENS = "Ensemble"


# -- what an invariant returns ----------------------------------------------------------------

@dataclass(frozen=True)
class Side:
    """One side of a comparison: where the value comes from (French), the unrounded value,
    and the symbol the cell shows (`nd`, `///`, `ns`, `–`, or `ABSENT` for a row not shown)."""
    what: str
    value: float
    symbol: str = ""


@dataclass(frozen=True)
class Check:
    """Two sides compared for one year. `relation` is "=" or "≤"; with `absent_is_zero`, a
    row one table does not show matches a zero or a `///` cell of the other."""
    year: str
    left: Side
    right: Side
    relation: str = "="
    absent_is_zero: bool = False

    @property
    def ok(self) -> bool:
        a, b = self.left, self.right
        if ABSENT in (a.symbol, b.symbol):
            if not self.absent_is_zero or a.symbol == b.symbol:
                return False
            other = b if a.symbol == ABSENT else a
            return other.symbol == "///" or _nan(other.value) or other.value == 0
        sa = a.symbol if a.symbol in SYMBOLS else ""
        sb = b.symbol if b.symbol in SYMBOLS else ""
        if sa or sb:
            return sa == sb           # nd and /// match as symbols
        if _nan(a.value) or _nan(b.value):
            return _nan(a.value) and _nan(b.value)
        if self.relation == "≤":
            return a.value <= b.value + ABS_TOL
        return math.isclose(a.value, b.value, rel_tol=REL_TOL, abs_tol=ABS_TOL)

    def text(self) -> str:
        """« 2022-2023 : T1 « Total » × « 2022-2023 » = 5706 ≠ T3 … = 5705 »."""
        op = self.relation if self.ok else {"=": "≠", "≤": ">"}[self.relation]
        return f"{self.year} : {_side_text(self.left)} {op} {_side_text(self.right)}"


def _side_text(s: Side) -> str:
    return f"{s.what} = {_show(s)}" if s.what else _show(s)


@dataclass(frozen=True)
class Invariant:
    id: str
    family: str                   # FAMILIES: the line of §4
    name: str                     # French, as printed on the QA page
    line: str                     # the clause of TABLES.md §4 it implements, as written there
    tables: tuple[int, ...]
    func: Callable[[dict, "Context"], list[Check]] = field(repr=False, compare=False)
    data: bool = False            # also reads rows of the extraction (`Context.extraction`)

    @property
    def table_ids(self) -> str:
        return ", ".join(f"T{n}" for n in self.tables)


@dataclass
class Outcome:
    invariant: Invariant
    status: str
    checks: list[Check] = field(default_factory=list)
    reason: str = ""

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


class NotApplicable(Exception):
    """Raised by an invariant that cannot be evaluated under the edition's parameters."""


# -- the context: parameters and the §2.9 supplement ---------------------------------------------

def _empty_supplement() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in
                         ("centre", "annee", "modalite", "centre_libelle", "aire_libelle")})


@dataclass
class Context:
    """What the invariants read besides the tables: the edition's parameters, the supplement
    of `collecte_manuelle` (one row per centre, year and modality, with the centre's group
    and aire labels as the tables print them) and, for the invariants marked `data`, the
    extraction itself."""
    p: EditionParams
    supplement: pd.DataFrame = field(default_factory=_empty_supplement)
    extraction: object = None

    @classmethod
    def of(cls, x, p: EditionParams) -> "Context":
        """The context of an extraction (raw or normalised): its supplement, years and centres
        mapped as the tables map them (`Scope.supplement`)."""
        from .perimeter import scope

        raw = x.frames.get("collecte_manuelle")
        if raw is None or raw.empty:
            return cls(p, extraction=x)
        s = scope(x, p)
        centres, aires = x.ref.centre_rows["libelle"], x.ref.aires["libelle"]
        frames = []
        for y in sorted(raw["annee"].dropna().astype(str).unique()):
            sup = s.supplement(y).copy()
            sup["annee"] = y
            sup["centre_libelle"] = sup["centre"].map(centres)
            sup["aire_libelle"] = sup["aire"].map(aires)
            frames.append(sup)
        return cls(p, pd.concat(frames, ignore_index=True) if frames else _empty_supplement(), x)

    def rows(self, year, centre: str | None = None, aire: str | None = None) -> pd.DataFrame:
        sup = self.supplement
        m = sup["annee"].astype(str) == str(year)
        if centre is not None:
            m &= sup["centre_libelle"] == centre
        if aire is not None:
            m &= sup["aire_libelle"] == aire
        return sup[m.fillna(False).astype(bool)]

    def sup(self, measure: str, year, centre: str | None = None, aire: str | None = None,
            modalite: str | None = None) -> float:
        """Sum of one supplement measure for a year (a centre, an aire, a modality: None = all
        rows; missing values count 0, as the tables add them)."""
        rows = self.rows(year, centre, aire)
        if modalite is not None and "modalite" in rows.columns:
            rows = rows[(rows["modalite"].astype("string") == modalite).fillna(False).astype(bool)]
        if measure not in rows.columns or rows.empty:
            return 0.0
        return float(pd.to_numeric(rows[measure], errors="coerce").fillna(0).sum())

    def sup_exams(self, year) -> ExamCounts:
        rows = self.rows(year)
        return supplement_exam_counts(rows) if not rows.empty else ExamCounts()

    def centres(self, year) -> list[str]:
        return sorted(self.rows(year)["centre_libelle"].dropna().unique())


# -- evaluation ---------------------------------------------------------------------------------

def evaluate(inv: Invariant, tables: dict[int, Table], ctx: Context) -> Outcome:
    missing = [n for n in inv.tables if n not in tables]
    if missing:
        return Outcome(inv, NOT_EVALUATED,
                       reason="tableau(x) non construit(s) : " + ", ".join(f"T{n}" for n in missing))
    if inv.data and ctx.extraction is None:
        return Outcome(inv, NOT_EVALUATED, reason="extraction non disponible")
    try:
        checks = inv.func(tables, ctx)
    except NotApplicable as exc:
        return Outcome(inv, NOT_EVALUATED, reason=str(exc))
    except (KeyError, ValueError, IndexError, TypeError, ZeroDivisionError) as exc:
        # a row or a column the declaration expects is not in the table: the contrôle cannot
        # vouch for the figures, so it fails, naming what is missing
        return Outcome(inv, BROKEN, reason=f"{type(exc).__name__}: {exc}")
    if not checks:
        return Outcome(inv, NOT_EVALUATED, reason="aucune cellule à comparer")
    status = BROKEN if any(not c.ok for c in checks) else VERIFIED
    return Outcome(inv, status, checks)


def check_all(tables: dict[int, Table], ctx: Context, invariants: Iterable[Invariant] | None = None) -> list[Outcome]:
    return [evaluate(inv, tables, ctx) for inv in (INVARIANTS if invariants is None else invariants)]


def read_tables(tables_dir: Path, numbers: Iterable[int]) -> dict[int, Table]:
    """The built tables `Tnn.json` among `numbers` (those absent are left out)."""
    out = {}
    for n in sorted(numbers):
        path = Path(tables_dir) / f"T{n:02d}.json"
        if path.exists():
            out[n] = Table.from_json(path.read_text(encoding="utf-8"))
    return out


def check_build(ed_dir: Path, x, p: EditionParams, numbers: Iterable[int], context: Context | None = None
                ) -> list[Outcome]:
    """Every invariant on the tables of a build folder (`<ed>/tables/Tnn.json`) among
    `numbers` (the tables of the sections built with the current inputs); `context`, the
    extraction's (`Context.of(x, p)`), when it was made ahead."""
    return check_all(read_tables(Path(ed_dir) / "tables", numbers), context or Context.of(x, p))


# -- reports: the build's message, manifest.json, qa.csv -------------------------------------------

def _cells(n: int) -> str:
    return f"{n} cellule{'s' if n > 1 else ''}"


def describe(o: Outcome, first: int = SHOWN_FAILURES) -> str:
    """A broken invariant in French: name, §4 line, tables, the first cells with both values,
    and how many in all."""
    inv = o.invariant
    head = (f"« {inv.name} » ({inv.family} ; TABLES.md §4 : « {inv.line} ») — tableaux {inv.table_ids}")
    if not o.checks:
        return f"{head} : {o.reason}"
    bad = o.failures
    lines = [f"{head} : {_cells(len(bad))} en écart sur {len(o.checks)} comparée{'s' if len(o.checks) > 1 else ''}"]
    lines += [f"    {c.text()}" for c in bad[:first]]
    if len(bad) > first:
        lines.append(f"    … et {len(bad) - first} autre(s)")
    return "\n".join(lines)


def failure_message(outcomes: list[Outcome]) -> str:
    broken = [o for o in outcomes if o.status == BROKEN]
    plural = "s" if len(broken) > 1 else ""
    return (f"Contrôles de cohérence entre tableaux : {len(broken)} contrôle{plural} rompu{plural} "
            f"(TABLES.md §4)\n" + "\n".join(f"  - {describe(o)}" for o in broken))


def manifest_entries(outcomes: list[Outcome]) -> list[dict]:
    return [{"id": o.invariant.id, "famille": o.invariant.family, "controle": o.invariant.name,
             "ligne_tables_md": o.invariant.line, "tableaux": list(o.invariant.tables), "resultat": o.status,
             "cellules_comparees": len(o.checks), "ecarts": len(o.failures),
             **({"motif": o.reason} if o.reason else {})} for o in outcomes]


def qa_message(o: Outcome) -> str:
    """`message` of a contrôle's row of qa.csv: « <résultat> — <famille> — <contrôle> »."""
    return f"{o.status} — {o.invariant.family} — {o.invariant.name}"


def parse_qa_message(message: str) -> tuple[str, str, str]:
    """(résultat, famille, contrôle) of a contrôle's `message` in qa.csv."""
    parts = message.split(" — ", 2)
    return tuple(parts) if len(parts) == 3 else ("", "", message)  # type: ignore[return-value]


def qa_rows(outcomes: list[Outcome]) -> list[dict]:
    """Rows of qa.csv (level `controle`): tables in `colonne`, the id in `regle`, the number of
    cells compared in `nombre`; no example (aggregates only)."""
    return [{"niveau": LEVEL, "fichier": QA_FILE, "colonne": o.invariant.table_ids, "regle": o.invariant.id,
             "nombre": str(len(o.checks)), "message": qa_message(o), "exemples": ""} for o in outcomes]


def qa_markdown_lines(rows: list[dict], cell: Callable[[str], str] = str) -> list[str]:
    """The part « Contrôles de cohérence entre tableaux » of the QA page, from the rows of
    level `controle` of qa.csv (none: no part, as in a build made before this report)."""
    if not rows:
        return []
    status = [parse_qa_message(r.get("message", ""))[0] for r in rows]
    lines = ["", "## Contrôles de cohérence entre tableaux", "",
             "Une fois les tableaux calculés, les égalités qui les lient (un même effectif publié dans plusieurs "
             "tableaux, le cas échéant hors collecte manuelle ; des parts d'une même répartition qui font 100) "
             "sont vérifiées sur les valeurs non arrondies, cellule par cellule, pour chaque année que les "
             "tableaux comparés affichent. Un contrôle rompu arrête la construction : aucune publication ne sort "
             "avec un écart. « Non évalué » : un des tableaux du contrôle n'a pas été construit avec les mêmes "
             "données et paramètres, ou le contrôle ne s'applique pas (bloc absent, modalité sans flux publié).",
             "",
             f"{sum(s == VERIFIED for s in status)} contrôle(s) vérifié(s), {sum(s == NOT_EVALUATED for s in status)} "
             f"non évalué(s), {sum(s == BROKEN for s in status)} rompu(s).", "",
             "| Famille | Contrôle | Tableaux | Résultat | Cellules comparées |", "|:--|:--|:--|:--|--:|"]
    for r, s in zip(rows, status):
        _, family, name = parse_qa_message(r.get("message", ""))
        lines.append(f"| {cell(family)} | {cell(name)} | {cell(r.get('colonne', ''))} | {cell(s)} | "
                     f"{cell(r.get('nombre', ''))} |")
    return lines


def append_to_qa(qa_csv: Path, outcomes: list[Outcome]) -> None:
    from .problems import append_qa_rows

    append_qa_rows(qa_csv, qa_rows(outcomes))


# -- reading cells --------------------------------------------------------------------------------

def _nan(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _show(s: Side) -> str:
    if s.symbol == ABSENT:
        return "(ligne absente)"
    if s.symbol in SYMBOLS or _nan(s.value):
        return f"« {s.symbol or 'vide'} »"
    v = float(s.value)
    text = str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return text.replace(".", ",") + (f" (« {s.symbol} »)" if s.symbol in ("ns",) else "")


def _num(v: float) -> str:
    return _show(Side("", v))


def _label(x) -> str:
    if isinstance(x, tuple):
        return " › ".join(str(p) for p in x if p)
    return str(x)


def has_row(t: Table, row) -> bool:
    try:
        t._ri(row)
    except KeyError:
        return False
    return True


def cell(t: Table, row, col) -> Side:
    """The cell (row, col) of a table; a row the table does not show gives an ABSENT side (a
    column it does not have is an error: the declaration no longer fits the table)."""
    what = f"T{t.number} « {_label(row)} » × « {_label(col)} »"
    if not has_row(t, row):
        return Side(what, math.nan, ABSENT)
    return Side(what, t.value(row, col), t.symbol(row, col))


def minus(s: Side, amount: float, why: str = "collecte manuelle") -> Side:
    """A side taken hors supplément: its value less the supplement's."""
    if not amount:
        return s
    return Side(f"{s.what} hors {why} ({_num(amount)} retranchés)", s.value - amount, s.symbol)


def total(what: str, sides: list[Side]) -> Side:
    """A sum of cells (their symbols dropped: the cells are counts)."""
    return Side(what, float(sum(0.0 if _nan(s.value) else s.value for s in sides)))


def rows_of_kind(t: Table, *kinds: str) -> list:
    return [r for r, k in zip(t.rows, t.row_kinds) if k in kinds]


def rows_before(t: Table, label) -> list:
    return t.rows[:t._ri(label)]


def blocks(t: Table) -> list[str]:
    out = []
    for r in t.rows:
        if isinstance(r, tuple) and r[0] not in out:
            out.append(r[0])
    return out


def block_rows(t: Table, block: str) -> list:
    return [r for r in t.rows if isinstance(r, tuple) and r[0] == block]


# -- the declarations -----------------------------------------------------------------------------

INVARIANTS: list[Invariant] = []


def declare(id: str, family: str, name: str, line: str, tables: tuple[int, ...], data: bool = False):
    def deco(func):
        if any(inv.id == id for inv in INVARIANTS):
            raise ValueError(f"invariant déclaré deux fois : {id}")
        INVARIANTS.append(Invariant(id, family, name, line, tuple(tables), func, data))
        return func
    return deco


def same(year, left: Side, right: Side, **kw) -> Check:
    return Check(str(year), left, right, **kw)


def pairs_by_row(ta: Table, ca, tb: Table, cb, year, rows_a, rename: dict | None = None,
                 absent_is_zero: bool = False) -> list[Check]:
    """Cell by cell over `rows_a` of table a and the same rows of table b (`rename` maps a
    row of a to its label in b: « Total » ↔ « Ensemble »)."""
    rename = rename or {}
    return [same(year, cell(ta, r, ca), cell(tb, rename.get(str(r), r), cb), absent_is_zero=absent_is_zero)
            for r in rows_a]


def centre_pairs(ta: Table, ca, tb: Table, cb, year, total_a: str, total_b: str) -> list[Check]:
    """« Centre by centre »: every centre row of either table (a centre one table does not
    show must be zero or `///` in the other), the sub-totals both show, and the totals."""
    centres = rows_of_kind(ta, "") + [r for r in rows_of_kind(tb, "") if not has_row(ta, r)]
    subtotals = [r for r in rows_of_kind(ta, "subtotal") if has_row(tb, r)]
    out = pairs_by_row(ta, ca, tb, cb, year, centres + subtotals, absent_is_zero=True)
    out.append(same(year, cell(ta, total_a, ca), cell(tb, total_b, cb)))
    return out


# ---- Auditeurs -------------------------------------------------------------------------------

ADM = "Inscrits administratifs"


@declare("t01-t03-administratifs", "Auditeurs", "T1 Total = somme des inscrits administratifs de T3",
         "T1 Total = Σ ADM of T3 (N-1, N)", (1, 3))
def _t1_t3(t, ctx):
    p = ctx.p
    return [same(y, cell(t[1], "Total", y), cell(t[3], "Total", (y, ADM))) for y in (p.n_minus(1), p.N)]


def _t1_hors(t1: Table, ctx: Context, y, aire: str | None = None) -> Side:
    row = aire or "Total"
    return minus(cell(t1, row, y), ctx.sup("auditeurs", y, aire=aire))


@declare("t01-t10-effectif", "Auditeurs", "T1 Total hors collecte manuelle = T10 « Effectif »",
         "T1 Total hors supplément = T10 « Effectif » (S5)", (1, 10))
def _t1_t10(t, ctx):
    return [same(y, _t1_hors(t[1], ctx, y), cell(t[10], "Effectif", y)) for y in ctx.p.S5]


@declare("t01-t02-total", "Auditeurs", "T1 Total hors collecte manuelle = T2 Total (N)",
         "T1 Total hors supplément … for N, = T2 Total", (1, 2))
def _t1_t2(t, ctx):
    y = ctx.p.N
    return [same(y, _t1_hors(t[1], ctx, y), cell(t[2], "Total", "Total"))]


@declare("t01-t08-ages", "Auditeurs",
         "T1 Total hors collecte manuelle = T8 « Total » + « Âge non renseigné » (Ensemble, N)",
         "T1 Total hors supplément … for N, = T8 « Total » + T8 « Âge non renseigné (effectif) » (Ensemble column)",
         (1, 8))
def _t1_t8(t, ctx):
    y, col = ctx.p.N, ("Ensemble", "Effectif")
    parts = [cell(t[8], "Total", col), cell(t[8], "Âge non renseigné (effectif)", col)]
    return [same(y, _t1_hors(t[1], ctx, y), total(" + ".join(s.what for s in parts), parts))]


@declare("t01-t26-denominateur", "Auditeurs",
         "T1 Total hors collecte manuelle = dénominateur de la part des alternants de T26 (N)",
         "T1 Total hors supplément … for N, = denominator of the T26 share", (1, 26))
def _t1_t26(t, ctx):
    y = ctx.p.N
    share = cell(t[26], "Total", f"Part des alternants parmi les auditeurs {y} (%)")
    count = cell(t[26], "Total", y)
    if share.symbol in SYMBOLS or _nan(share.value) or share.value == 0:  # (no alternant: 0 % of any total)
        raise NotApplicable(f"{share.what} nulle ou non publiée : son dénominateur ne s'en déduit pas")
    den = Side(f"100 × {count.what} / {share.what}", 100 * count.value / share.value)
    return [same(y, _t1_hors(t[1], ctx, y), den)]


@declare("t05-t06-ensemble", "Auditeurs", "T5 part du Total = T6 « Ensemble »",
         "T5 Total share = T6 Ensemble (S5)", (5, 6))
def _t5_t6(t, ctx):
    return [same(y, cell(t[5], "Total", (y, "Part des auditeurs de l'aire (%)")), cell(t[6], ENS, y))
            for y in ctx.p.S5]


@declare("t15-t01-etranger", "Auditeurs", "T15 Total = T1 « Étranger » hors collecte manuelle (N)",
         "T15 Total = T1 « Étranger » hors supplément (N)", (15, 1))
def _t15_t1(t, ctx):
    y = ctx.p.N
    return [same(y, cell(t[15], "Total", "Total"), _t1_hors(t[1], ctx, y, aire="Étranger"))]


# ---- Inscriptions -----------------------------------------------------------------------------

INS3 = "Inscriptions pédagogiques"


@declare("t16-t20-total", "Inscriptions", "T16 Total = T20 bloc « Total », ligne « Ensemble »",
         "T16 Total = T20 Total-block Ensemble (S5)", (16, 20))
def _t16_t20(t, ctx):
    return [same(y, cell(t[16], "Total", y), cell(t[20], ("Total", ENS), y)) for y in ctx.p.S5]


@declare("t16-t18-total", "Inscriptions", "T16 Total = T18 Total", "T16 Total = … = T18 Total (S3)", (16, 18))
def _t16_t18(t, ctx):
    return [same(y, cell(t[16], "Total", y), cell(t[18], "Total", y)) for y in ctx.p.S3]


def _t16_hors(t16: Table, ctx: Context, y) -> Side:
    return minus(cell(t16, "Total", y), ctx.sup("inscriptions", y))


@declare("t16-t17-total", "Inscriptions", "T16 Total hors collecte manuelle = T17 Total (N)",
         "T16 N hors supplément = T17 Total", (16, 17))
def _t16_t17(t, ctx):
    y = ctx.p.N
    return [same(y, _t16_hors(t[16], ctx, y), cell(t[17], "Total", "Total"))]


@declare("t16-t21-total", "Inscriptions", "T16 Total hors collecte manuelle = T21 Total hors collecte manuelle (N)",
         "T16 N hors supplément = … = T21 Total hors supplément", (16, 21))
def _t16_t21(t, ctx):
    y = ctx.p.N
    return [same(y, _t16_hors(t[16], ctx, y), minus(cell(t[21], "Total", "Total"), ctx.sup("inscriptions", y)))]


@declare("t19-t63-inscriptions", "Inscriptions", "T19 « Inscriptions » Total = T63 « Inscriptions » Ensemble",
         "T19 « Inscriptions » Total = T63 « Inscriptions » Ensemble (N-1, N)", (19, 63))
def _t19_t63(t, ctx):
    p = ctx.p
    return [same(y, cell(t[19], "Total", (y, "Inscriptions")), cell(t[63], ENS, (y, "Inscriptions")))
            for y in (p.n_minus(1), p.N)]


@declare("t19-t16-inscriptions", "Inscriptions", "T19 « Inscriptions » Total = T16 Total hors collecte manuelle",
         "T19 « Inscriptions » Total = … = T16 Total hors supplément (N-1, N)", (19, 16))
def _t19_t16(t, ctx):
    p = ctx.p
    return [same(y, cell(t[19], "Total", (y, "Inscriptions")), _t16_hors(t[16], ctx, y))
            for y in (p.n_minus(1), p.N)]


@declare("t03-t62-centres", "Inscriptions",
         "T3 « Inscriptions pédagogiques » = T62 « Inscriptions », centre par centre",
         "T3 « Inscriptions pédagogiques » = T62 « Inscriptions » = T18, centre by centre (N-1, N)", (3, 62))
def _t3_t62(t, ctx):
    p = ctx.p
    return [c for y in (p.n_minus(1), p.N)
            for c in centre_pairs(t[3], (y, INS3), t[62], (y, "Inscriptions"), y, "Total", ENS)]


@declare("t03-t18-centres", "Inscriptions", "T3 « Inscriptions pédagogiques » = T18, centre par centre",
         "T3 « Inscriptions pédagogiques » = T62 « Inscriptions » = T18, centre by centre (N-1, N)", (3, 18))
def _t3_t18(t, ctx):
    p = ctx.p
    return [c for y in (p.n_minus(1), p.N) for c in centre_pairs(t[3], (y, INS3), t[18], y, y, "Total", "Total")]


@declare("t62-t18-centres", "Inscriptions", "T62 « Inscriptions » = T18, centre par centre",
         "T3 « Inscriptions pédagogiques » = T62 « Inscriptions » = T18, centre by centre (N-1, N)", (62, 18))
def _t62_t18(t, ctx):
    p = ctx.p
    return [c for y in (p.n_minus(1), p.N)
            for c in centre_pairs(t[62], (y, "Inscriptions"), t[18], y, y, ENS, "Total")]


# ---- Flux (N) -----------------------------------------------------------------------------------

FLOW_MODALITES = ("FOAD", "HYB")
ORGANISED = "Organisées par le centre (régionales + entrantes)"
NO_CA_NOTE = re.compile(r"Note : ([\d\s\u202f\u00a0]+) inscription\(s\) d.auditeurs sans inscription administrative")


def _count_in(text: str) -> float:
    return float(re.sub(r"\D", "", text))


@declare("t22-entrantes-sortantes", "Flux", "T22 : somme des entrantes = somme des sortantes (FOAD, HYB)",
         "for FOAD and for HYB, Σ entrantes = Σ sortantes (T22)", (22,))
def _t22_balance(t, ctx):
    t22, y, out = t[22], ctx.p.N, []
    centres = rows_of_kind(t22, "")
    for m in FLOW_MODALITES:
        out.append(same(y, cell(t22, "Total", (m, "Entrantes")), cell(t22, "Total", (m, "Sortantes"))))
        out.append(same(y, total(f"T22 somme des centres « {m} › Entrantes »",
                                 [cell(t22, r, (m, "Entrantes")) for r in centres]),
                        total(f"T22 somme des centres « {m} › Sortantes »",
                              [cell(t22, r, (m, "Sortantes")) for r in centres])))
        out.append(same(y, cell(t22, "Total", (m, "Solde (entrantes − sortantes)")), Side("", 0.0)))
    return out


@declare("t22-t21-organisees", "Flux",
         "T22 « Organisées » = T21 hors collecte manuelle, moins les inscriptions sans centre administratif connu",
         "T22 « Organisées » of a modality = T21 column of that modality hors supplément, less the inscriptions "
         "without a known CA (T22's Note), centre by centre", (22, 21))
def _t22_t21(t, ctx):
    """Centre by centre, « Organisées » of T22 cannot exceed T21's column (the inscriptions
    without a known CA are the difference); over all centres, the differences add up to the
    number T22's Note gives (the build has no per-centre count of them)."""
    t21, t22, y = t[21], t[22], ctx.p.N
    out, gaps = [], []
    for m in FLOW_MODALITES:
        for r in rows_of_kind(t21, ""):
            c21 = cell(t21, r, m)
            if c21.symbol == "nd":                       # supplement centre not split by modality:
                if has_row(t22, r):                      # it has no flow of its own
                    out.append(same(y, cell(t22, r, (m, ORGANISED)), c21))
                continue
            c21 = minus(c21, ctx.sup("inscriptions", y, centre=str(r), modalite=m))
            c22 = cell(t22, r, (m, ORGANISED)) if has_row(t22, r) else Side(f"T22 « {r} » (ligne absente)", 0.0)
            out.append(same(y, c22, c21, relation="≤"))
            if not (_nan(c21.value) or _nan(c22.value)):
                gaps.append(c21.value - c22.value)
        for r in rows_of_kind(t22, ""):                  # a centre T21 does not show organises nothing
            if not has_row(t21, r):
                out.append(same(y, cell(t22, r, (m, ORGANISED)), cell(t21, r, m), absent_is_zero=True))
    note = next((n for n in t22.notes if NO_CA_NOTE.match(str(n))), None)
    unknown = _count_in(NO_CA_NOTE.match(str(note)).group(1)) if note else 0.0
    out.append(same(y, Side("somme sur les centres de (T21 hors collecte manuelle − T22 « Organisées »), FOAD et HYB",
                            float(sum(gaps))),
                    Side("inscriptions sans centre administratif connu (note de T22)", unknown)))
    return out


@declare("t03-t22-entrants", "Flux", "T3 inscrits entrants ≤ T22 « Entrantes » des modalités d'entrée, par centre",
         "ENT(c, N) of T3 ≤ Σ over m ∈ ENTRANT_MODALITES of T22 « Entrantes » (c, m), for every centre hors "
         "supplément", (3, 22))
def _t3_t22(t, ctx):
    p, t3, t22 = ctx.p, t[3], t[22]
    other = [m for m in p.entrant_modalites if m not in FLOW_MODALITES]
    if other:
        raise NotApplicable(f"T22 ne donne pas les flux de {', '.join(other)} (entrant_modalites)")
    y = p.N
    col = (y, f"Inscrits entrants ({', '.join(p.entrant_modalites)})")
    out = []
    for r in rows_of_kind(t3, ""):
        ent = cell(t3, r, col)
        if ent.symbol in SYMBOLS:                        # supplement centre (nd), centre closed (///)
            continue
        parts = [cell(t22, r, (m, "Entrantes")) for m in p.entrant_modalites if has_row(t22, r)]
        out.append(same(y, ent, total(" + ".join(s.what for s in parts) or f"T22 « {r} » (ligne absente)", parts),
                        relation="≤"))
    return out


# ---- Heures (S3) -----------------------------------------------------------------------------------

@declare("t23-t24-total", "Heures", "T23 Total = T24 Total", "T23 Total = T24 Total (S3)", (23, 24))
def _t23_t24(t, ctx):
    return [same(y, cell(t[23], "Total", y), cell(t[24], "Total", y)) for y in ctx.p.S3]


@declare("t25-t24-total", "Heures", "T25 Total = T24 Total hors collecte manuelle",
         "T25 Total = T24 Total hors supplément (S3)", (25, 24))
def _t25_t24(t, ctx):
    return [same(y, cell(t[25], "Total", y), minus(cell(t[24], "Total", y), ctx.sup("heures", y)))
            for y in ctx.p.S3]


# ---- Alternance --------------------------------------------------------------------------------------

def _alt_total(n: int, row: str):
    def func(t, ctx):
        return [same(y, cell(t[26], "Total", y), cell(t[n], row, y)) for y in ctx.p.S5]
    return func


for _n, _row in ((27, "Total"), (28, "Total"), (31, "Effectif")):
    declare(f"t26-t{_n}-total", "Alternance", f"T26 Total = T{_n} « {_row} »",
            "T26 Total = T27 Total = T28 Total = T31 « Effectif » = each block total of T32 where available (S5)",
            (26, _n))(_alt_total(_n, _row))


@declare("t26-t32-blocs", "Alternance", "T26 Total = total de chaque bloc de T32 (où il est disponible)",
         "T26 Total = … = each block total of T32 where available (S5)", (26, 32))
def _t26_t32(t, ctx):
    out = []
    for block in blocks(t[32]):
        for y in ctx.p.S5:
            c32 = cell(t[32], (block, "Total"), y)
            if c32.symbol != "nd":                       # block not available that year
                out.append(same(y, cell(t[26], "Total", y), c32))
    return out


def _age_counts(age: int, count: int):
    def func(t, ctx):
        ta, tc = t[age], t[count]
        return [c for y in ctx.p.S3
                for c in pairs_by_row(ta, (y, "Effectif"), tc, y, y, ta.rows, rename={ENS: "Total"})]
    return func


for _a, _c in ((29, 27), (30, 28)):
    declare(f"t{_a}-t{_c}-effectifs", "Alternance", f"T{_a} « Effectif » = T{_c}, ligne par ligne",
            "T29 and T30 effectifs equal T27 and T28, row by row (S3)", (_a, _c))(_age_counts(_a, _c))


@declare("t33-t26-ensemble", "Alternance", "T33 « Effectif d'alternants » Ensemble = T26 Total (N)",
         "T33 Ensemble effectif = T26 Total N = T2 « Alternance »", (33, 26))
def _t33_t26(t, ctx):
    y = ctx.p.N
    return [same(y, cell(t[33], ENS, "Effectif d'alternants"), cell(t[26], "Total", y))]


@declare("t02-t26-alternance", "Alternance", "T2 « Alternance » = T26 Total (N)",
         "T33 Ensemble effectif = T26 Total N = T2 « Alternance »", (2, 26))
def _t2_t26(t, ctx):
    y = ctx.p.N
    return [same(y, cell(t[2], "Alternance", "Total"), cell(t[26], "Total", y))]


# ---- Validation (SC) ----------------------------------------------------------------------------------

SCHEMES = {  # scheme: key figures, decisions, by EPN, by centre
    "VAPP": (34, 38, 40, 41),
    "VAE": (42, 48, 51, 52),
    "VES": (53, 55, 57, 58),
}
VALIDATION_LINES = {  # the clause of §4 for each scheme: key figures, EPN and centre tables, T59
    "VAPP": ("T34 « Notifications de décision » = T38 Total", "T40 and T41 Ensemble « Notifications » = T38 2023"),
    "VAE": ("the same for VAE (T42 = T48 …)", "the same for VAE (… T51, T52 = T48 2023)"),
    "VES": ("the same for … VES (T53 = T55 …)", "the same for … VES (… T57, T58 = T55 2023 …)"),
}
T59_LINE = "T59 « Notifications (effectif) » of the VES block = T55 Total"


def _key_decisions(key: int, dec: int):
    def func(t, ctx):
        return [same(y, cell(t[key], "Notifications de décision", str(y)), cell(t[dec], "Total", str(y)))
                for y in ctx.p.SC]
    return func


def _ensemble_decisions(table: int, dec: int):
    def func(t, ctx):
        c = str(ctx.p.C)
        return [same(c, cell(t[table], ENS, "Notifications"), cell(t[dec], "Total", c))]
    return func


for _scheme, (_key, _dec, _epn, _centre) in SCHEMES.items():
    declare(f"t{_key}-t{_dec}-notifications", "Validation",
            f"{_scheme} : T{_key} « Notifications de décision » = T{_dec} Total", VALIDATION_LINES[_scheme][0],
            (_key, _dec))(_key_decisions(_key, _dec))
    for _t in (_epn, _centre):
        declare(f"t{_t}-t{_dec}-notifications", "Validation",
                f"{_scheme} : T{_t} « Notifications » Ensemble = T{_dec} Total (C)", VALIDATION_LINES[_scheme][1],
                (_t, _dec))(_ensemble_decisions(_t, _dec))


def _t59_block(scheme: str, dec: int):
    def func(t, ctx):
        found = [b for b in blocks(t[59]) if str(b).endswith(f"({scheme})")]
        if not found:
            raise NotApplicable(f"T59 n'a pas de bloc {scheme} (t59_dispositifs)")
        return [same(y, cell(t[59], (found[0], "Notifications (effectif)"), str(y)), cell(t[dec], "Total", str(y)))
                for y in ctx.p.SC]
    return func


for _scheme, (_key, _dec, _epn, _centre) in SCHEMES.items():
    declare(f"t59-t{_dec}-{_scheme.lower()}", "Validation",
            f"T59 « Notifications (effectif) » du bloc {_scheme} = T{_dec} Total",
            T59_LINE if _scheme == "VES" else f"{T59_LINE} (and likewise the {_scheme} block t59_dispositifs adds)",
            (59, _dec))(_t59_block(_scheme, _dec))


# ---- Examens -------------------------------------------------------------------------------------------

RATE_COLS = {PRESENCE: "Taux de présence (%)", SUCCESS: "Taux de réussite (%)"}
SHORT_COLS = {PRESENCE: "Présence (%)", SUCCESS: "Réussite (%)"}
COMPLETENESS_COL = "Complétude des données (%)"
EXAM_LINE = ("T60 Ensemble = T62 Ensemble (N-1, N); hors supplément, T60 Ensemble = T62 Ensemble = T63 Ensemble "
             "(N-1, N) = T61 Ensemble (N), for every rate (and completeness and inscriptions where both sides show "
             "them)")
NOT_ASSESSED_NOTE = re.compile(r"Note : inscriptions sans évaluation prévue \((.*)\)")


def not_assessed(t: Table) -> dict[str, float]:
    """Inscriptions without a planned exam, by year, as the Note of an exam table gives them
    (none when it has no such Note)."""
    out: dict[str, float] = {}
    for n in t.notes:
        m = NOT_ASSESSED_NOTE.match(str(n))
        if m:
            for count, year in re.findall(r"(\d[\d\s\u202f\u00a0]*) en (\d{4}-\d{4})", m.group(1)):
                out[year] = _count_in(count)
    return out


def warehouse_counts(t63: Table, y: str) -> ExamCounts:
    """The exam counts behind T63's Ensemble for y (the warehouse, never the supplement): the
    inscriptions, less those without a planned exam (its Note), give the completeness base;
    completeness, presence and success rates give the entered, present and passed counts."""
    inscriptions = t63.value(ENS, (y, "Inscriptions"))
    out_of_base = not_assessed(t63).get(y, 0.0)

    def part(rate: float, base: float) -> float:
        return 0.0 if _nan(rate) else rate * base / 100

    entered = part(t63.value(ENS, (y, COMPLETENESS_COL)), inscriptions - out_of_base)
    present = part(t63.value(ENS, (y, RATE_COLS[PRESENCE])), entered)
    passed = part(t63.value(ENS, (y, RATE_COLS[SUCCESS])), present)
    return ExamCounts(inscriptions=inscriptions, not_assessed=out_of_base, entered=entered, present=present,
                      passed=passed)


def _with_supplement(t63: Table, ctx: Context, y: str, rate: str, what: str) -> Side:
    counts = warehouse_counts(t63, y) + ctx.sup_exams(y)
    value, symbol, _ = counts.rates(ctx.p.min_base)[rate]
    centres = ", ".join(ctx.centres(y))
    suffix = f", collecte manuelle ({centres}) ajoutée" if centres else ""
    return Side(f"T63 « Ensemble » × « {y} › {what} »{suffix}", value, symbol if symbol in SYMBOLS else "")


@declare("t60-t62-ensemble", "Examens", "T60 Ensemble = T62 Ensemble (taux de présence et de réussite)",
         EXAM_LINE, (60, 62))
def _t60_t62(t, ctx):
    p = ctx.p
    return [same(y, cell(t[60], ENS, (y, col)), cell(t[62], ENS, (y, col)))
            for y in (p.n_minus(1), p.N) for col in RATE_COLS.values()]


def _hors_vs_t63(n: int, with_counts: bool):
    def func(t, ctx):
        p, out = ctx.p, []
        for y in (p.n_minus(1), p.N):
            rates = dict(RATE_COLS)
            if with_counts:
                rates = {COMPLETENESS: COMPLETENESS_COL, **rates}
                out.append(same(y, minus(cell(t[n], ENS, (y, "Inscriptions")), ctx.sup("inscriptions", y)),
                                cell(t[63], ENS, (y, "Inscriptions"))))
            for rate, col in rates.items():
                out.append(same(y, cell(t[n], ENS, (y, col)), _with_supplement(t[63], ctx, y, rate, col)))
        return out
    return func


declare("t62-t63-hors-collecte", "Examens",
        "T62 Ensemble hors collecte manuelle = T63 Ensemble (inscriptions, complétude, taux)", EXAM_LINE,
        (62, 63))(_hors_vs_t63(62, True))
declare("t60-t63-hors-collecte", "Examens", "T60 Ensemble hors collecte manuelle = T63 Ensemble (taux)", EXAM_LINE,
        (60, 63))(_hors_vs_t63(60, False))


@declare("t61-t63-ensemble", "Examens", "T61 Ensemble = T63 Ensemble (N)", EXAM_LINE, (61, 63))
def _t61_t63(t, ctx):
    y = ctx.p.N
    return [same(y, cell(t[61], ENS, col), cell(t[63], ENS, (y, col)))
            for col in ("Inscriptions", COMPLETENESS_COL, *RATE_COLS.values())]


@declare("t64-t62-centres", "Examens", "T64 groupe « Ensemble » = T62 (N), centre par centre",
         "T64 Ensemble group = T62 N, centre by centre (supplement on both sides, unsplit in T64's Ensemble group)",
         (64, 62))
def _t64_t62(t, ctx):
    y = ctx.p.N
    return [same(y, cell(t[64], r, (ENS, SHORT_COLS[rate])), cell(t[62], r, (y, RATE_COLS[rate])))
            for r in t[64].rows for rate in RATE_COLS]


@declare("t65-t63-epn", "Examens", "T65 groupe « Ensemble » = T63 (N), EPN par EPN",
         "T65 Ensemble group = T63 N, EPN by EPN", (65, 63))
def _t65_t63(t, ctx):
    y = ctx.p.N
    return [same(y, cell(t[65], r, (ENS, SHORT_COLS[rate])), cell(t[63], r, (y, RATE_COLS[rate])))
            for r in t[65].rows for rate in RATE_COLS]


MODALITY_ROWS = {"PRES": "Présentiel (PRES)", "FOAD": "Formation ouverte et à distance (FOAD)",
                 "HYB": "Hybride (HYB)"}


@declare("t65-t61-modalites", "Examens", "T65 ligne « Ensemble » = T61, modalité par modalité",
         "T65 « Ensemble » row = T61 rates by modality", (65, 61))
def _t65_t61(t, ctx):
    y = ctx.p.N
    return [same(y, cell(t[65], ENS, (m, SHORT_COLS[rate])), cell(t[61], label, RATE_COLS[rate]))
            for m, label in MODALITY_ROWS.items() for rate in RATE_COLS]


# ---- Diplômes ------------------------------------------------------------------------------------------

for _n in (67, 69):
    def _diploma_totals(t, ctx, _n=_n):
        return [same(pr, cell(t[66], "Total", pr), cell(t[_n], "Total", pr)) for pr in ctx.p.SP]
    declare(f"t66-t{_n}-total", "Diplômes", f"T66 Total = T{_n} Total, par promotion",
            "T66 Total = T67 Total = T69 Total per promotion", (66, _n))(_diploma_totals)


def promotion_window(groupe: str, start: int, overrides) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The jury window of promotion "a-(a+1)", stated from TABLES.md §2.8 independently of
    `perimeter.promotion`: rectorat 01/12/a → 30/11/(a+1), calendar 01/01/(a+1) → 31/12/(a+1),
    an overridden window replacing its promotion's window and clipping the next one."""
    a = start
    if groupe == "R":
        lo, hi = pd.Timestamp(a, 12, 1), pd.Timestamp(a + 1, 11, 30)
    else:
        lo, hi = pd.Timestamp(a + 1, 1, 1), pd.Timestamp(a + 1, 12, 31)
    for w in overrides:
        if w.groupe != groupe:
            continue
        begin = int(w.promotion[:4])
        if begin == a:
            lo, hi = pd.Timestamp(w.debut), pd.Timestamp(w.fin)
        elif begin + 1 == a:
            lo = max(lo, pd.Timestamp(w.fin) + pd.Timedelta(days=1))
    return lo, hi


@declare("promotions-fenetres", "Diplômes",
         "Aucun parchemin dans deux promotions ; T66 Total = parchemins des fenêtres de jury de chaque promotion",
         "no parchemin falls in two promotions", (66,), data=True)
def _promotions(t, ctx):
    from .perimeter import parchemins

    p = ctx.p
    frame, _ = parchemins(ctx.extraction, p)
    dates = pd.to_datetime(frame["date_jury"])
    hits = pd.Series(0, index=frame.index)
    wrong = 0
    per_promo: dict[str, int] = {}
    if len(frame):
        for g in ("R", "C"):
            in_group = (frame["groupe"] == g).to_numpy()
            for a in range(int(dates.dt.year.min()) - 2, int(dates.dt.year.max()) + 2):
                lo, hi = promotion_window(g, a, p.promotion_overrides)
                inside = in_group & (dates >= lo).to_numpy() & (dates <= hi).to_numpy()
                hits[inside] += 1
                label = f"{a}-{a + 1}"
                wrong += int((frame.loc[inside, "promotion"] != label).sum())
                per_promo[label] = per_promo.get(label, 0) + int(inside.sum())
    out = [same(pr, cell(t[66], "Total", pr), Side(f"parchemins dont la date de jury tombe dans une fenêtre de {pr}",
                                                  float(per_promo.get(pr, 0)))) for pr in p.SP]
    everywhere = ", ".join(p.SP)
    out += [same(everywhere, Side("parchemins datés hors d'une seule fenêtre de promotion", float((hits != 1).sum())),
                 Side("", 0.0)),
            same(everywhere, Side("parchemins rangés dans une autre promotion que celle de leur fenêtre", float(wrong)),
                 Side("", 0.0)),
            same(everywhere, Side("identifiants de parchemin en double",
                                  float(frame["parchemin_id"].duplicated().sum())), Side("", 0.0))]
    return out


# ---- Parts: distributions sum to 100 ------------------------------------------------------------------

SHARES_LINE = ("in every distribution (shares of a whole over its categories, shares over known values included; not "
               "the candidate shares of T41, T52, T58), the category cells of each row or column with a non-zero base "
               "sum to 100")
MISSING_SHARE = "Part d'information manquante (%)"


def share_sum(t: Table, year, cells: list[tuple], what: str) -> Check | None:
    """The shares `cells` ((row, col) pairs) of one distribution against 100; None when the
    base is zero (a `///` or empty cell) or the distribution is shown `nd`."""
    sides = [cell(t, r, c) for r, c in cells]
    if not sides or any(s.symbol in SYMBOLS + (ABSENT,) or _nan(s.value) for s in sides):
        return None
    return same(year, Side(f"T{t.number} somme des parts {what} ({len(sides)} cellules)",
                           float(sum(s.value for s in sides))), Side("", 100.0))


def column_shares(col, rows, year):
    """One column over some rows (a function of the table)."""
    return lambda t: [(year, [(r, col) for r in rows(t)], f"« {_label(col)} »")]


def row_shares(cols, rows, year):
    """Each row over some columns (a function of the table)."""
    return lambda t: [(year, [(r, c) for c in cols(t)], f"de la ligne « {_label(r)} »") for r in rows(t)]


def _before(label):
    return lambda t: rows_before(t, label)


def _kind(*kinds):
    return lambda t: rows_of_kind(t, *kinds)


def _columns_before(label):
    return lambda t: t.columns[:t._ci(label)]


def _all_rows(t: Table) -> list:
    return list(t.rows)


def _known_nationalities(t: Table) -> list:
    return [r for r in rows_of_kind(t, "") if r != "Nationalité non renseignée" and not str(r).startswith("Part ")]


def _distributions(p: EditionParams) -> dict[int, Callable]:
    """The distributions of every table, as functions of the table returning (year, cells,
    what) triples. Categories only: never a total, a sub-total, a « dont » line, a missing
    share, a « non renseigné » row, a count."""
    n, c, pr = p.N, str(p.C), p.P
    part_n, part_p, part_c = f"Part {n} (%)", f"Part {pr} (%)", f"Part {c} (%)"
    years_sc = [str(y) for y in p.SC]

    def per_year(years, rows):
        return lambda t: [item for y in years for item in column_shares(y, rows, y)(t)]

    def t8(t):
        return [item for g in ("Hommes", "Femmes", ENS) for item in column_shares((g, "%"), _before("Total"), n)(t)]

    def t19(t):
        shares = ("dont Paris – Établissement public (%)", "dont centres en région (%)",
                  "dont centres à l'étranger (%)")
        return [item for y in (p.n_minus(1), n)
                for item in row_shares(lambda _t, y=y: [(y, s) for s in shares], _all_rows, y)(t)]

    def t20(t):
        return [(n, [((b, m), part_n) for m in ("PRES", "FOAD", "HYB")], f"« {part_n} » du bloc « {b} »")
                for b in blocks(t)]

    def t32(t):
        return [(n, [(r, part_n) for r in block_rows(t, b) if r[1] not in ("Non renseigné", "Total")],
                 f"« {part_n} » du bloc « {b} »") for b in blocks(t)]

    notifications = "Part des notifications (%)"
    return {
        1: column_shares(part_n, _kind(""), n),
        2: column_shares("Part (%)", _kind(""), n),
        8: t8,
        10: per_year(p.S5, _before("Total")),
        11: row_shares(_columns_before(MISSING_SHARE), _all_rows, n),
        12: per_year(p.S5, _before("Total")),
        13: per_year(p.S5, _before("Total")),
        14: row_shares(_columns_before(MISSING_SHARE), _all_rows, n),
        15: column_shares("Part (%)", _known_nationalities, n),
        16: column_shares(part_n, _kind(""), n),
        17: column_shares("Part (%)", _kind(""), n),
        18: column_shares(part_n, _kind(""), n),
        19: t19,
        20: t20,
        21: row_shares(lambda t: ["PRES (%)", "FOAD (%)", "HYB (%)"], _all_rows, n),
        23: column_shares(part_n, _kind(""), n),
        24: column_shares(part_n, _kind(""), n),
        25: column_shares(part_n, _kind(""), n),
        31: per_year(p.S5, _before("Total")),
        32: t32,
        37: per_year(years_sc, _before("Total")),
        38: column_shares(part_c, _kind(""), c),
        41: column_shares(notifications, _kind(""), c),
        46: per_year(years_sc, _before("Total")),
        47: per_year(years_sc, _before("Total")),
        48: column_shares(part_c, _kind(""), c),
        52: column_shares(notifications, _kind(""), c),
        55: column_shares(part_c, _kind(""), c),
        58: column_shares(notifications, _kind(""), c),
        66: column_shares(part_p, _kind(""), pr),
        67: column_shares(part_p, _kind(""), pr),
        69: column_shares(part_p, _kind(""), pr),
    }


SHARE_TABLES = (1, 2, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 31, 32, 37, 38, 41, 46, 47, 48,
                52, 55, 58, 66, 67, 69)
SHARE_WHAT = {
    1: "« Part N (%) » des aires", 2: "« Part (%) » des types d'activité", 8: "« % » des classes d'âge, par sexe",
    10: "des niveaux de diplôme, par année", 11: "des niveaux de diplôme, par centre",
    12: "des situations face à l'emploi, par année", 13: "des PCS, par année",
    14: "des situations face à l'emploi, par centre", 15: "« Part (%) » des nationalités renseignées",
    16: "« Part N (%) » des aires", 17: "« Part (%) » des types d'activité", 18: "« Part N (%) » des centres",
    19: "des trois localisations, par EPN et par année", 20: "des modalités, par bloc",
    21: "des modalités, par centre", 23: "« Part N (%) » des aires", 24: "« Part N (%) » des centres",
    25: "« Part N (%) » des EPN", 31: "des niveaux de diplôme, par année", 32: "« Part N (%) », par bloc",
    37: "des niveaux de diplôme, par année", 38: "« Part C (%) » des décisions", 41: "des notifications par centre",
    46: "des niveaux de diplôme, par année", 47: "des financements, par année", 48: "« Part C (%) » des décisions",
    52: "des notifications par centre", 55: "« Part C (%) » des décisions", 58: "des notifications par centre",
    66: "« Part P (%) » des types de parchemin", 67: "« Part P (%) » des niveaux", 69: "« Part P (%) » des EPN",
}


def _shares(n: int):
    def func(t, ctx):
        tab = t[n]
        out = [share_sum(tab, year, cells, what) for year, cells, what in _distributions(ctx.p)[n](tab)]
        return [c for c in out if c is not None]
    return func


for _n in SHARE_TABLES:
    declare(f"parts-t{_n:02d}", "Parts", f"T{_n} : les parts {SHARE_WHAT[_n]} font 100", SHARES_LINE,
            (_n,))(_shares(_n))
