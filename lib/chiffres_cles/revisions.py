"""Revisions between two editions: which published figures changed when an edition republished
the years of the previous one (`chiffres-cles compare --edition 2023 --against 2022`).

Both builds are read from their `tables/Tnn.json`. Every published cell is keyed without its
years, so that the same figure is found in both editions whatever its place:

- a table by its title with every year token (« 2018-2019 », « 2023 ») replaced by a
  placeholder (`title_key`): a table renumbered between editions still matches; two tables of
  one edition with the same key are paired by number;
- a row and a column by their labels, years replaced by the placeholder too, the years taken
  out (`split_years`): column « 2021-2022 » of edition 2023 is column « {année} », year
  2021-2022, as in edition 2022; « Part 2021-2022 (%) » is « Part {année} (%) », year 2021-2022;
- a cell whose row and column carry no year takes the years of its table's title (a table
  « … en 2021-2022 » holds 2021-2022 figures only).

Cell key: (row template, column template, years). Each key found in one edition only gets a
status instead of being dropped. Outcomes (`statut` in `revisions.csv`), in their order:

| statut | meaning |
|---|---|
| revision | both editions publish a value and the figure as printed differs |
| ouverture / fermeture | « /// » on one side, a value on the other: a centre or category that opened or closed |
| ligne_apparue / ligne_disparue | the row is not in the other edition's table at all, for a year both show |
| masque | « ns » or « nd » on either side: the value is not published, it is not compared |
| non_apparie | a cell of a matched table that finds no counterpart (a column renamed…) |
| tableau_non_apparie | a cell of a table whose title matches no table of the other edition |
| hors_periode | a year the other edition does not show, or a figure it does not republish (« Part 2021-2022 (%) », an evolution between other years) |

An unchanged cell (same printed figure, same symbol) is not listed. Revisions are sorted by
size: relative revision (in %) first, then the absolute one. `revisions.json` records the
editions, the counts and a fingerprint of both sets of tables (a later run of either edition
makes the comparison stale; the page says so).

The page « Révisions » of the HTML book (`page_markdown`) is the template
`report/pages/revisions.md.j2` (text of the editors, an edition may replace it in
`report/editions/<edition>/pages/`); this module supplies its values only.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .formatting import NNBSP, display_symbol, format_cell, format_number
from .params import PROJECT_ROOT, EditionParams
from .table import Table, column_label, row_label

REVISIONS_CSV = "revisions.csv"
REVISIONS_JSON = "revisions.json"
PAGE_TEMPLATE = "pages/revisions.md.j2"
PAGE_SOURCE = "revisions.md"
PAGE_TITLE = "Révisions"
PLACEHOLDER = "{année}"
HIDDEN = ("ns", "nd")
NOT_APPLICABLE = "///"

STATUSES = ("revision", "ouverture", "fermeture", "ligne_apparue", "ligne_disparue", "masque",
            "non_apparie", "tableau_non_apparie", "hors_periode")
STATUS_LABELS = {
    "revision": "figures révisées",
    "ouverture": "centres ou catégories ouverts (« /// » devenu une valeur)",
    "fermeture": "centres ou catégories fermés (valeur devenue « /// »)",
    "ligne_apparue": "cellules de lignes apparues",
    "ligne_disparue": "cellules de lignes disparues",
    "masque": "cellules masquées (« ns » ou « nd ») dans l'une des éditions, non comparées",
    "non_apparie": "cellules sans correspondance dans un tableau apparié",
    "tableau_non_apparie": "cellules de tableaux sans correspondance",
    "hors_periode": "cellules d'années ou d'indicateurs que l'autre édition ne publie pas",
}
KIND_NAMES = {"count": "effectif", "pct": "part", "mean": "moyenne", "rm": "rapport",
              "evol": "évolution", "points": "points"}
RELATIVE_KINDS = ("count", "pct", "mean", "rm")   # a revision in % makes sense for these
CSV_COLUMNS = ["statut", "tableau", "tableau_avant", "titre", "ligne", "colonne", "annee", "nature",
               "agregat", "valeur_avant", "valeur_apres", "symbole_avant", "symbole_apres",
               "revision", "revision_pct"]

# « 2018-2019 », « 2018–2019 », « 2023 »: a year not glued to other digits
YEAR_TOKEN = re.compile(r"(?<![\d])((?:19|20)\d{2})(?:\s*[-–]\s*((?:19|20)\d{2}))?(?![\d])")


class CompareError(RuntimeError):
    """A build that cannot be compared (missing, no tables)."""


# -- keys -----------------------------------------------------------------------------------

def split_years(text: str) -> tuple[str, tuple[str, ...]]:
    """(label with every year replaced by « {année} », the years in their order)."""
    years: list[str] = []

    def repl(m: re.Match) -> str:
        years.append(f"{m.group(1)}-{m.group(2)}" if m.group(2) else m.group(1))
        return PLACEHOLDER

    return YEAR_TOKEN.sub(repl, str(text)), tuple(years)


def title_key(title: str) -> str:
    """A table's title without its years (and with plain apostrophes, spaces collapsed)."""
    text = split_years(str(title).replace("\u2019", "'"))[0]
    return re.sub(r"\s+", " ", text).strip()


def _plain(text: str) -> str:
    return str(text).replace("\u2019", "'")


@dataclass(frozen=True)
class Cell:
    row: str                 # label as printed (levels joined with " | ")
    column: str
    row_t: str               # templates: years replaced by the placeholder
    col_t: str
    years: tuple[str, ...]
    value: float | None      # the published value: None where the cell shows ns, nd or ///
    symbol: str              # "", "–", "ns", "nd", "///"
    kind: str
    total: str               # the row's kind: "total", "sous-total" or ""

    @property
    def key(self) -> tuple:
        return (self.row_t, self.col_t, self.years)

    def text(self) -> str:
        return format_cell(self.value if self.value is not None else math.nan, self.kind,
                           self.symbol if self.symbol in HIDDEN + (NOT_APPLICABLE,) else "")


@dataclass
class TableCells:
    table: Table
    cells: dict[tuple, Cell] = field(default_factory=dict)
    duplicates: list[Cell] = field(default_factory=list)   # a key seen twice (kept apart)

    @property
    def years(self) -> set[str]:
        return {y for k in self.cells for y in k[2]}

    @property
    def rows(self) -> set[str]:
        return {k[0] for k in self.cells}

    @property
    def templates(self) -> set[tuple[str, str]]:
        return {(k[0], k[1]) for k in self.cells}

    @property
    def columns(self) -> set[tuple[str, tuple]]:
        """(column template, years) of the cells."""
        return {(k[1], k[2]) for k in self.cells}


def table_cells(t: Table) -> TableCells:
    """The non-empty cells of a table, keyed without their years."""
    _, title_years = split_years(t.title)
    out = TableCells(t)
    for i, row in enumerate(t.rows):
        r_label = row_label(row)
        r_t, r_years = split_years(_plain(r_label))
        row_kind = t.row_kinds[i] if i < len(t.row_kinds) else ""
        for j, col in enumerate(t.columns):
            if t.empty(i, j):
                continue
            c_label = column_label(col)
            c_t, c_years = split_years(_plain(c_label))
            years = r_years + c_years or title_years
            v = t.values[i][j]
            sym = display_symbol(v, t.kinds[i][j], t.symbols[i][j])
            value = None if sym in HIDDEN + (NOT_APPLICABLE,) or v is None or (
                isinstance(v, float) and math.isnan(v)) else float(v)
            total = {"total": "total", "subtotal": "sous-total"}.get(row_kind, "")
            cell = Cell(str(r_label), str(c_label), r_t, c_t, years, value, sym, t.kinds[i][j], total)
            if cell.key in out.cells:
                out.duplicates.append(cell)
            else:
                out.cells[cell.key] = cell
    return out


# -- reading builds ---------------------------------------------------------------------------

def read_tables(ed_dir: Path) -> list[Table]:
    tables_dir = Path(ed_dir) / "tables"
    paths = sorted(tables_dir.glob("T*.json"))
    if not paths:
        raise CompareError(f"aucun tableau dans {tables_dir} : construisez d'abord l'édition "
                           f"(chiffres-cles run).")
    return [Table.from_json(p.read_text(encoding="utf-8")) for p in paths]


def tables_fingerprint(ed_dir: Path) -> str:
    h = hashlib.sha256()
    for p in sorted((Path(ed_dir) / "tables").glob("T*.json")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def match_tables(old: list[Table], new: list[Table]) -> tuple[list[tuple[Table, Table]], list[Table], list[Table]]:
    """Pairs (old, new) with the same title without years; then the unmatched of each side.
    Several tables of one edition with the same key are paired by number, then in order."""
    def groups(tables):
        out: dict[str, list[Table]] = {}
        for t in sorted(tables, key=lambda t: t.number):
            out.setdefault(title_key(t.title), []).append(t)
        return out

    g_old, g_new = groups(old), groups(new)
    pairs, lone_old, lone_new = [], [], []
    for key, olds in g_old.items():
        news = list(g_new.get(key, []))
        rest = []
        for t in olds:
            same = next((n for n in news if n.number == t.number), None)
            if same is not None:
                pairs.append((t, same))
                news.remove(same)
            else:
                rest.append(t)
        for t in rest:
            if news:
                pairs.append((t, news.pop(0)))
            else:
                lone_old.append(t)
        g_new[key] = news
    for news in g_new.values():
        lone_new.extend(news)
    pairs.sort(key=lambda p: p[1].number)
    return pairs, lone_old, lone_new


# -- comparing ----------------------------------------------------------------------------------

@dataclass
class Outcome:
    statut: str
    tableau: int | None          # number in the later edition
    tableau_avant: int | None    # number in the earlier one
    titre: str
    ligne: str
    colonne: str
    annee: str
    kind: str
    total: str
    avant: Cell | None
    apres: Cell | None

    @property
    def revision(self) -> float | None:
        if self.avant is None or self.apres is None or self.avant.value is None or self.apres.value is None:
            return None
        return self.apres.value - self.avant.value

    @property
    def revision_pct(self) -> float | None:
        r = self.revision
        if r is None or self.kind not in RELATIVE_KINDS or not self.avant.value:
            return None
        return 100.0 * r / abs(self.avant.value)

    def sort_key(self):
        pct, r = self.revision_pct, self.revision
        return (STATUSES.index(self.statut), -abs(pct) if pct is not None else math.inf,
                -abs(r) if r is not None else math.inf, self.tableau or self.tableau_avant or 0,
                self.ligne, self.colonne)


def _outcome(statut, t_old, t_new, old: Cell | None, new: Cell | None) -> Outcome:
    ref = new if new is not None else old
    t = t_new if t_new is not None else t_old
    return Outcome(statut, t_new.number if t_new is not None else None,
                   t_old.number if t_old is not None else None, str(t.title), ref.row, ref.column,
                   " / ".join(ref.years), ref.kind, ref.total, old, new)


def _compare_cells(old: Cell, new: Cell) -> str | None:
    """The status of a cell both editions show, None when unchanged."""
    if old.symbol in HIDDEN or new.symbol in HIDDEN:
        return None if old.symbol == new.symbol else "masque"
    if old.symbol == NOT_APPLICABLE and new.symbol == NOT_APPLICABLE:
        return None
    if old.symbol == NOT_APPLICABLE:
        return "ouverture"
    if new.symbol == NOT_APPLICABLE:
        return "fermeture"
    if old.value is None or new.value is None:
        return None if old.value is None and new.value is None else "non_apparie"
    return "revision" if format_cell(old.value, new.kind) != format_cell(new.value, new.kind) else None


def _lone_status(cell: Cell, other: TableCells, side: str) -> str:
    """Why a cell of one side has no counterpart in the other side's matched table."""
    if not set(cell.years) <= other.years:
        return "hors_periode"
    if (cell.col_t, cell.years) not in other.columns:
        # the other edition has no such column for these years: a figure it does not publish
        # (« Évol. 2021-2022 / 2020-2021 » in the later edition), or a column renamed
        return "hors_periode" if cell.col_t in {c for c, _ in other.columns} else "non_apparie"
    if cell.row_t not in other.rows:
        return "ligne_apparue" if side == "apres" else "ligne_disparue"
    if (cell.row_t, cell.col_t) in other.templates:
        return "hors_periode"       # the other edition shows this figure for other years only
    return "non_apparie"


def compare_tables(old: list[Table], new: list[Table]) -> list[Outcome]:
    """Every outcome of the comparison (unchanged cells left out), sorted by status and size."""
    pairs, lone_old, lone_new = match_tables(old, new)
    out: list[Outcome] = []
    for t_old, t_new in pairs:
        a, b = table_cells(t_old), table_cells(t_new)
        for key, cell in b.cells.items():
            if key in a.cells:
                statut = _compare_cells(a.cells[key], cell)
                if statut:
                    out.append(_outcome(statut, t_old, t_new, a.cells[key], cell))
            else:
                out.append(_outcome(_lone_status(cell, a, "apres"), t_old, t_new, None, cell))
        for key, cell in a.cells.items():
            if key not in b.cells:
                out.append(_outcome(_lone_status(cell, b, "avant"), t_old, t_new, cell, None))
        for cell in b.duplicates:
            out.append(_outcome("non_apparie", t_old, t_new, None, cell))
        for cell in a.duplicates:
            out.append(_outcome("non_apparie", t_old, t_new, cell, None))
    for t in lone_old:
        out += [_outcome("tableau_non_apparie", t, None, c, None) for c in table_cells(t).cells.values()]
    for t in lone_new:
        out += [_outcome("tableau_non_apparie", None, t, None, c) for c in table_cells(t).cells.values()]
    out.sort(key=Outcome.sort_key)
    return out


# -- writing --------------------------------------------------------------------------------

def _number(v: float | None, digits: int | None = None) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if digits is not None:
        v = round(v, digits)
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def csv_rows(outcomes: list[Outcome]) -> list[dict]:
    rows = []
    for o in outcomes:
        rows.append({
            "statut": o.statut, "tableau": o.tableau or "", "tableau_avant": o.tableau_avant or "",
            "titre": o.titre, "ligne": o.ligne, "colonne": o.colonne, "annee": o.annee,
            "nature": KIND_NAMES.get(o.kind, o.kind), "agregat": o.total,
            "valeur_avant": _number(o.avant.value) if o.avant else "",
            "valeur_apres": _number(o.apres.value) if o.apres else "",
            "symbole_avant": o.avant.symbol if o.avant else "",
            "symbole_apres": o.apres.symbol if o.apres else "",
            "revision": _number(o.revision, 9), "revision_pct": _number(o.revision_pct, 6),
        })
    return rows


@dataclass
class Comparison:
    edition: int
    against: int
    outcomes: list[Outcome]
    tables_new: str        # fingerprints of both sets of tables
    tables_old: str
    lone_old: list[int]
    lone_new: list[int]

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for o in self.outcomes:
            out[o.statut] += 1
        return out


def compare_builds(build_dir: Path, edition: int, against: int,
                   against_build_dir: Path | None = None) -> Comparison:
    """Compare the tables of `<build_dir>/cc<edition>` with those of `cc<against>`."""
    new_dir = Path(build_dir) / f"cc{edition}"
    old_dir = Path(against_build_dir or build_dir) / f"cc{against}"
    for d, e in ((new_dir, edition), (old_dir, against)):
        if not d.is_dir():
            raise CompareError(f"édition {e} introuvable ({d}) : construisez-la d'abord "
                               f"(chiffres-cles run --edition {e}).")
    old, new = read_tables(old_dir), read_tables(new_dir)
    _, lone_old, lone_new = match_tables(old, new)
    return Comparison(edition, against, compare_tables(old, new), tables_fingerprint(new_dir),
                      tables_fingerprint(old_dir), [t.number for t in lone_old], [t.number for t in lone_new])


def write_comparison(comp: Comparison, ed_dir: Path) -> Path:
    """`revisions.csv` (every outcome, sorted) and `revisions.json` (editions, counts,
    fingerprints) into the later edition's build folder, each written atomically."""
    ed_dir = Path(ed_dir)
    path = ed_dir / REVISIONS_CSV
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(csv_rows(comp.outcomes))
    tmp.replace(path)
    meta = {"edition": comp.edition, "contre": comp.against, "comptes": comp.counts(),
            "tableaux": comp.tables_new, "tableaux_avant": comp.tables_old,
            "tableaux_non_apparies": {"avant": comp.lone_old, "apres": comp.lone_new},
            "date": dt.datetime.now().isoformat(timespec="seconds")}
    tmp = ed_dir / (REVISIONS_JSON + ".tmp")
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(ed_dir / REVISIONS_JSON)
    return path


def compare_editions(build_dir: Path, edition: int, against: int) -> tuple[Comparison, Path]:
    """`chiffres-cles compare`: compare `<build_dir>/cc<edition>` with `cc<against>` and write
    the result into the former, under its lock (no run or render of it meanwhile)."""
    from .locking import edition_lock

    build_dir = Path(build_dir).resolve()
    with edition_lock(build_dir, edition, "chiffres-cles compare"):
        comp = compare_builds(build_dir, edition, against)
        return comp, write_comparison(comp, build_dir / f"cc{edition}")


# -- the page « Révisions » (HTML only) ----------------------------------------------------------

PAGE_LIMIT = 50      # rows of each list shown on the page (revisions.csv has them all)


def read_csv(ed_dir: Path) -> list[dict]:
    with (Path(ed_dir) / REVISIONS_CSV).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _float(text: str) -> float | None:
    try:
        return float(text) if text not in ("", None) else None
    except ValueError:
        return None


_KIND_OF = {v: k for k, v in KIND_NAMES.items()}


def _shown(value: str, symbol: str, nature: str) -> str:
    """A published figure as printed (French formatting, « ns »…)."""
    kind = _KIND_OF.get(nature, "count")
    v = _float(value)
    return format_cell(v if v is not None else math.nan, kind, symbol if symbol in HIDDEN + (NOT_APPLICABLE,) else "")


def _signed(value: float | None, decimals: int, unit: str = "") -> str:
    if value is None:
        return ""
    return format_number(value, decimals, signed=True) + (f"{NNBSP}{unit}" if unit else "")


def column_without_years(label: str) -> str:
    """« 2021-2022 | Inscrits administratifs » → « Inscrits administratifs »; « 2021-2022 » → ""."""
    levels = [x.strip() for x in str(label).split(" | ")]
    return " | ".join(x for x in levels if split_years(x)[0].replace(PLACEHOLDER, "").strip(" /"))


def markdown_cell(text) -> str:
    """A label placed in a Markdown pipe table: « | » escaped, on one line."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _page_row(r: dict) -> dict:
    kind = _KIND_OF.get(r["nature"], "count")
    decimals = 0 if kind in ("count", "rm") else 1
    rev = _float(r["revision"])
    unit = " points" if kind in ("pct", "evol", "points") else ""
    return {
        "tableau": r["tableau"] or r["tableau_avant"], "tableau_avant": r["tableau_avant"],
        "renumerote": bool(r["tableau"] and r["tableau_avant"] and r["tableau"] != r["tableau_avant"]),
        "titre": r["titre"], "ligne": r["ligne"], "colonne": r["colonne"], "annee": r["annee"],
        "colonne_libelle": column_without_years(r["colonne"]),
        "nature": r["nature"], "agregat": r["agregat"],
        "avant": _shown(r["valeur_avant"], r["symbole_avant"], r["nature"]),
        "apres": _shown(r["valeur_apres"], r["symbole_apres"], r["nature"]),
        "revision": (_signed(rev, decimals) + unit.replace(" ", NNBSP, 1) if rev is not None else ""),
        "revision_pct": _signed(_float(r["revision_pct"]), 1, "%"),
        "revision_pct_valeur": _float(r["revision_pct"]),
    }


def headline_revisions(revised: list[dict], threshold: float) -> list[dict]:
    """The revised totals (count cells of a « Total » row) whose revision reaches `threshold`
    (in %), one item per figure: a total repeated by several tables (inscriptions of the
    network in tables 16, 18 and 20) makes one sentence naming them all. Largest first."""
    groups: dict[tuple, dict] = {}
    for r in revised:
        pct = r["revision_pct_valeur"]
        if r["nature"] != KIND_NAMES["count"] or r["agregat"] != "total" or pct is None or abs(pct) < threshold:
            continue
        g = groups.setdefault((r["annee"], r["avant"], r["apres"]), {
            "annee": r["annee"], "avant": r["avant"], "apres": r["apres"], "revision": r["revision"],
            "revision_pct": r["revision_pct"], "hausse": pct > 0, "valeur_pct": abs(pct), "cellules": []})
        g["cellules"].append({k: r[k] for k in ("tableau", "ligne", "colonne", "colonne_libelle", "titre")})
    for g in groups.values():
        numbers = sorted({int(c["tableau"]) for c in g["cellules"]})
        g["tableaux"] = [str(n) for n in numbers]
    return sorted(groups.values(), key=lambda g: (-g["valeur_pct"], g["annee"], int(g["tableaux"][0])))


def page_context(ed_dir: Path, p: EditionParams) -> dict:
    """The values of the page « Révisions »: editions, threshold, the sentences on the totals
    revised beyond `seuil_revision`, counts per status, the largest revisions, openings and
    closures, rows that appeared or disappeared, tables without counterpart."""
    ed_dir = Path(ed_dir)
    rows = read_csv(ed_dir)
    meta_path = ed_dir / REVISIONS_JSON
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    counts = {s: 0 for s in STATUSES}
    for r in rows:
        counts[r["statut"]] = counts.get(r["statut"], 0) + 1
    by = {s: [_page_row(r) for r in rows if r["statut"] == s] for s in STATUSES}
    phrases = headline_revisions(by["revision"], p.seuil_revision)
    per_table: dict[str, dict] = {}
    for r in by["revision"]:
        t = per_table.setdefault(r["tableau"], {"tableau": r["tableau"], "titre": r["titre"], "cellules": 0,
                                                "max_pct": 0.0})
        t["cellules"] += 1
        if r["revision_pct_valeur"] is not None:
            t["max_pct"] = max(t["max_pct"], abs(r["revision_pct_valeur"]))
    tables = sorted(per_table.values(), key=lambda t: int(t["tableau"] or 0))
    for t in tables:
        t["max_pct"] = format_number(t["max_pct"], 1) + f"{NNBSP}%"
    lone = meta.get("tableaux_non_apparies", {})
    stale = bool(meta.get("tableaux")) and meta.get("tableaux") != tables_fingerprint(ed_dir)

    def limited(items):
        return items[:PAGE_LIMIT]

    return {
        "edition": p.edition, "precedente": meta.get("contre", p.edition - 1),
        "seuil": format_number(p.seuil_revision, 1) + f"{NNBSP}%",
        "perime": stale,
        "phrases": phrases,
        "comptes": [{"statut": s, "libelle": STATUS_LABELS[s], "nombre": format_number(counts[s], 0)}
                    for s in STATUSES if counts.get(s)],
        "aucune_revision": counts["revision"] == 0,
        "par_tableau": tables,
        "principales": limited([r for r in by["revision"] if r["nature"] == KIND_NAMES["count"]]),
        "autres_natures": limited([r for r in by["revision"] if r["nature"] != KIND_NAMES["count"]]),
        "n_principales": len([r for r in by["revision"] if r["nature"] == KIND_NAMES["count"]]),
        "n_autres_natures": len([r for r in by["revision"] if r["nature"] != KIND_NAMES["count"]]),
        "ouvertures": limited(by["ouverture"]), "fermetures": limited(by["fermeture"]),
        "lignes_apparues": limited(by["ligne_apparue"]), "lignes_disparues": limited(by["ligne_disparue"]),
        "non_apparies": limited(by["non_apparie"]),
        "n": {s: counts[s] for s in STATUSES},
        "tableaux_non_apparies_avant": lone.get("avant", []),
        "tableaux_non_apparies_apres": lone.get("apres", []),
        "limite": PAGE_LIMIT,
        "fichier": REVISIONS_CSV,
    }


def page_markdown(ed_dir: Path, p: EditionParams, root: Path | None = None) -> str:
    """The page « Révisions » (Pandoc Markdown), from the template `report/pages/revisions.md.j2`
    (the edition's own copy in `report/editions/<edition>/pages/` first)."""
    from .render import templates

    context = page_context(ed_dir, p)
    return templates.finish(render_page(context, p.edition, root))


def render_page(context: dict, edition: int, root: Path | None = None) -> str:
    """Render the page's template in the book's template environment (`templates.environment`:
    filters, typographic apostrophes, undefined values are errors), looked up as
    `<root>/editions/<edition>/pages/revisions.md.j2`, then `<root>/pages/revisions.md.j2`;
    an error names the file and the line, in French (`TemplateTextError`)."""
    import jinja2

    from .render import templates

    root = Path(root) if root is not None else PROJECT_ROOT / "report"
    env = templates.environment(edition, root)
    dirs = [root / templates.EDITIONS / str(edition), root]
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d), encoding="utf-8") for d in dirs])
    env.filters["cellule"] = markdown_cell
    try:
        return env.get_template(PAGE_TEMPLATE).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        path = exc.filename or str(root / PAGE_TEMPLATE)
        raise templates.TemplateTextError(templates._message(path, exc.lineno, templates._explain(exc)),
                                          Path(path), exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        where = ", ".join(str(d) for d in dirs)
        raise templates.TemplateTextError(f"Texte : gabarit introuvable « {exc.name} » (cherché dans {where}).") from None
    except Exception as exc:  # undefined values, errors inside a filter…
        filename, line = templates._template_frame(exc)
        path = filename or str(root / PAGE_TEMPLATE)
        raise templates.TemplateTextError(templates._message(path, line, templates._explain(exc)),
                                          Path(path), line) from None
