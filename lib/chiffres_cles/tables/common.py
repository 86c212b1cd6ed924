"""What table modules share: row sets (aires, centres, EPN) with their sub-totals, the
evaluation of a measure on each row from unit-level data, and the « Champ » / « Source »
stems of TABLES.md §1.6.

A row is a label, a kind ("", "subtotal", "total") and the set of group codes it covers
(None = every unit). A measure is evaluated on the units of each row, so sub-totals and
totals are computed from the units, never by adding rounded cells — and distinct counts
(a learner entrant in two centres, a code opened in three) stay right at every level.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from ..indicators import ratio as _ratio
from ..params import EditionParams
from ..reference import Reference

TOTAL = "Total"
ENSEMBLE = "Ensemble"
EPN_MISSING = "EPN non renseignée"
EPN_MISSING_CODE = "__NR__"
MISSING_SHARE = "Part d'information manquante (%)"


@dataclass(frozen=True)
class Row:
    label: object
    kind: str = ""
    members: frozenset | None = None  # group codes; None = all units
    code: str | None = None           # the group of a single-group row


def aire_rows(ref: Reference, total: str = TOTAL) -> list[Row]:
    """AIRES, « Sous-total France » before « Étranger », then Total/Ensemble (§2.3)."""
    rows, france = [], []
    for code, aire in ref.aires.iterrows():
        if code == "ETR":
            rows.append(Row("Sous-total France", "subtotal", frozenset(france)))
        else:
            france.append(code)
        rows.append(Row(aire["libelle"], "", frozenset([code]), code))
    rows.append(Row(total, "total", None))
    return rows


def centre_rows(ref: Reference, shown: Iterable[str], total: str = TOTAL) -> list[Row]:
    """Centres grouped by aire in publication order, a sub-total after every aire of two rows
    or more, then Total/Ensemble (§1.7)."""
    shown = set(shown)
    rows = []
    table = ref.centre_rows
    for aire_code, aire in ref.aires.iterrows():
        groups = [g for g in table.index[table["aire"] == aire_code] if g in shown]
        for g in groups:
            rows.append(Row(table.at[g, "libelle"], "", frozenset([g]), g))
        if len(groups) >= 2:
            rows.append(Row(f"Sous-total {aire['libelle']}", "subtotal", frozenset(groups)))
    rows.append(Row(total, "total", None))
    return rows


def epn_rows(ref: Reference, present: Iterable[str], total: str = TOTAL) -> list[Row]:
    """The EPN in reference order (CLE last), « EPN non renseignée » when non-empty, total."""
    present = set(present)
    rows = [Row(lab, "", frozenset([code]), code) for code, lab in ref.epn["libelle"].items()]
    if EPN_MISSING_CODE in present:
        rows.append(Row(EPN_MISSING, "", frozenset([EPN_MISSING_CODE]), EPN_MISSING_CODE))
    rows.append(Row(total, "total", None))
    return rows


def epn_key(epn: pd.Series) -> pd.Series:
    return epn.astype("string").fillna(EPN_MISSING_CODE)


def collation_key(text: str) -> str:
    """Alphabetical order as a French reader expects it: accents and case ignored first."""
    s = unicodedata.normalize("NFKD", str(text))
    base = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    return base + "\x00" + str(text)


def distribution(lab: pd.Series, categories: list[str], min_base: int) -> dict[str, tuple[float, str, float]]:
    """Shares of each category over the known values, « Total » (100) and the missing share
    over all units: label → (value, symbol, base)."""
    n = len(lab)
    known = lab.notna()
    nk = int(known.sum())
    counts = lab[known].value_counts()
    out = {}
    for c in categories:
        v, s_ = _ratio(int(counts.get(c, 0)), nk, min_base)
        out[c] = (v, s_, nk)
    v, s_ = _ratio(nk, nk, min_base)
    out[TOTAL] = (v, s_, nk)
    v, s_ = _ratio(n - nk, n, min_base)
    out[MISSING_SHARE] = (v, s_, n)
    return out



def select(units: pd.DataFrame, key: str, row: Row) -> pd.DataFrame:
    if row.members is None:
        return units
    return units[units[key].isin(row.members).fillna(False).astype(bool)]


def evaluate(rows: list[Row], units: pd.DataFrame, key: str, measure: Callable[[pd.DataFrame], object]) -> dict:
    """measure(units of the row) for every row: `select` for each, the units' values of `key`
    compared once (the rows taken are those `select` takes, in the same order)."""
    if sum(row.members is not None for row in rows) < 2:
        return {row.label: measure(select(units, key, row)) for row in rows}
    col = units[key]
    codes, _ = pd.factorize(col, use_na_sentinel=False)
    codes = np.asarray(codes)
    _, first = np.unique(codes, return_index=True)  # one unit per distinct value (missing included)
    out = {}
    for row in rows:
        if row.members is None:
            out[row.label] = measure(units)
            continue
        hit = col.iloc[first].isin(row.members).fillna(False).astype(bool).to_numpy()  # select's test
        keep = hit[codes]
        out[row.label] = measure(units.copy(deep=False) if keep.all() else units.take(np.flatnonzero(keep)))
    return out


def counts(rows: list[Row], units: pd.DataFrame, key: str, distinct: str | None = None) -> dict:
    """Count of units (or of distinct values of a column) for every row."""
    if distinct is None:  # the rows of each row set are counted: only their key is taken
        return evaluate(rows, units[[key]], key, len)
    return evaluate(rows, units[list(dict.fromkeys([key, distinct]))], key, lambda u: u[distinct].nunique())


def labels(rows: list[Row]) -> list:
    return [r.label for r in rows]


def kinds(rows: list[Row]) -> list[str]:
    return [r.kind for r in rows]


# -- notes (TABLES.md §1.6) ---------------------------------------------------------

CH_AUD = ("Champ : auditeurs inscrits à au moins une UE ou US de l'offre nationale (BéDéO) dans l'année "
          "universitaire, comptés une seule fois et rattachés à leur centre d'inscription administrative ; "
          "France et étranger.")
CH_INS = ("Champ : inscriptions pédagogiques aux UE et US de l'offre nationale (BéDéO), rattachées au centre "
          "qui organise l'enseignement ; France et étranger.")
CH_ALT = ("Champ : auditeurs inscrits dans un cursus en alternance (contrat d'apprentissage ou de "
          "professionnalisation) et à au moins une UE ou US de l'offre nationale.")
CH_EXA = ("Champ : inscriptions pédagogiques aux UE et US de l'offre nationale ; taux calculés sur les "
          "inscriptions dont le résultat d'examen est saisi.")
CH_MOOC = "Champ : sessions de MOOC du Cnam ouvertes au cours de l'année universitaire."
CH_DIPL = ("Champ : diplômes et certifications délivrés, regroupés par promotion (jurys du 1er décembre au "
           "30 novembre pour DEUST, licence, master, doctorat et titre d'ingénieur ; année civile pour les "
           "autres certifications).")


def champ_year(stem: str, year: str) -> str:
    """A Champ stem for one year: « … dans l'année universitaire 2022-2023 … »."""
    if "dans l'année universitaire" in stem:
        return stem.replace("dans l'année universitaire", f"en {year}")
    return stem.rstrip(".") + f" ; année {year}."


def src_siap(p: EditionParams, supplement_centres: list[str] = ()) -> str:
    text = (f"Source : Cnam, entrepôt de données SIAP (extraction du {p.extraction_date_fr}) ; "
            "traitements Observatoire des études et carrières")
    if supplement_centres:
        text += f" ; collecte manuelle ({', '.join(supplement_centres)})"
    return text + "."


SRC_MOOC = "Source : Cnam, plateformes de diffusion des MOOC ; traitements Observatoire des études et carrières."
SRC_DIPL = ("Source : Cnam, SISCOL, application de demande dématérialisée du diplôme (D3) et collecte manuelle "
            "(DNF – service de la diplomation) ; traitements Observatoire des études et carrières.")


def src_validation(dispositif: str) -> str:
    return (f"Source : Cnam, applicatif de gestion de la {dispositif} ; traitements Observatoire des études "
            "et carrières.")


def hors_supplement(centres: list[str]) -> str:
    return f"Note : hors {', '.join(centres)} (collecte manuelle)."


def supplement_sum(rows: list[Row], sup: pd.DataFrame, key: str, column: str) -> dict:
    """Sum of one measure of the §2.9 supplement over the units of every row (0 when the
    supplement is empty or lacks the measure)."""
    if column not in sup.columns or sup.empty:
        return {r.label: 0 for r in rows}
    return evaluate(rows, sup, key, lambda u: u[column].fillna(0).sum())


def has_supplement_measure(sup: pd.DataFrame, column: str) -> bool:
    """Whether the supplement of a year gives a measure (at least one filled value)."""
    return column in sup.columns and not sup.empty and sup[column].notna().any()


def supplement_lacking(sup: pd.DataFrame, column: str) -> set[str]:
    """Supplement centres of a year that do not give a measure (their cells are `nd`)."""
    if sup.empty:
        return set()
    if column not in sup.columns:
        return set(sup["centre"].dropna())
    given = sup.groupby("centre")[column].apply(lambda v: v.notna().any())
    return set(given.index[~given])


def supplement_contributors(s, years, column: str) -> list[str]:
    """Labels of the supplement centres that give a measure for at least one of `years`
    (the Source suffix of a table that adds that measure)."""
    labels = s.ref.centre_rows["libelle"]
    found: list[str] = []
    for y in years:
        sup = s.supplement(y)
        for c in sorted(set(sup["centre"].dropna()) - supplement_lacking(sup, column)):
            if labels[c] not in found:
                found.append(labels[c])
    return found


SUPPLEMENT_DOUBLE_COUNT = ("Note : les auditeurs de la collecte manuelle ne peuvent pas être contrôlés contre "
                           "les doubles comptes de l'entrepôt.")


def evol_header(p: EditionParams, unit: str = "%") -> str:
    return f"Évol. {p.N} / {p.n_minus(1)} ({unit})" if unit == "%" else f"Évol. {p.N} / {p.n_minus(1)} (en points)"


# -- column patterns shared by many tables -------------------------------------------

def add_count_series(tb, rows: list[Row], values: dict[str, dict], p: EditionParams, *,
                     share: bool = True, evol: bool = True, share_header: str | None = None,
                     symbols: dict[str, dict] | None = None) -> None:
    """One count column per year, then « Part N (%) » over the total row and « Évol. (%) ».

    `values[year][row label]` are counts; `symbols[year][row label]` may mark a cell
    « /// » (centre closed that year) or « nd »."""
    from ..indicators import ratio

    years = list(values)
    symbols = symbols or {}
    for y in years:
        tb.add(y, values[y], "count", symbols=symbols.get(y))
    last, prev = years[-1], years[-2] if len(years) > 1 else None
    total_label = next(r.label for r in rows if r.kind == "total")
    if share:
        total = values[last][total_label]
        tb.add_cells(share_header or f"Part {last} (%)",
                     {r.label: ratio(values[last][r.label], total, p.min_base) for r in rows}, "pct")
    if evol and prev is not None:
        tb.add_cells(f"Évol. {last} / {prev} (%)",
                     evolutions(rows, values[last], values[prev], p, symbols.get(last), symbols.get(prev)), "evol")


def evolutions(rows: list[Row], current: dict, previous: dict, p: EditionParams,
               current_symbols: dict | None = None, previous_symbols: dict | None = None) -> dict:
    """« Évol. (%) » of a count, row by row (§1.3); a row shown « /// » or « nd » in either
    year (centre closed, measure not collected) carries that sign instead."""
    from ..indicators import evolution

    cells = {}
    for r in rows:
        signs = {(current_symbols or {}).get(r.label, ""), (previous_symbols or {}).get(r.label, "")}
        if "///" in signs:
            cells[r.label] = (float("nan"), "///")
        elif "nd" in signs:
            cells[r.label] = (float("nan"), "nd")
        else:
            cells[r.label] = evolution(current[r.label], previous[r.label], p.min_base)
    return cells


def closed_symbols(ref: Reference, rows: list[Row], years: list[str]) -> dict[str, dict]:
    """« /// » for a centre row in a year outside its opening years (§2.3)."""
    out = {}
    for y in years:
        out[y] = {r.label: "///" for r in rows
                  if r.code is not None and r.code in ref.centre_rows.index and not ref.centre_open(r.code, y)}
    return out
