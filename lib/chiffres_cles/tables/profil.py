"""Les auditeurs du Cnam – leur profil (T8–T14).

Every table reads AUD(y) from `perimeter.scope(x, p).aud(y)`: ages at 31 December of the
rentrée year, first-inscription attributes (TABLES.md §2.1), shares over known values with
the missing share apart (§2.5). The §2.9 supplement never enters a profile table: a centre
table keeps the supplement centre's row with `nd` and its sub-totals and totals are hors
supplément (Note « hors <centres> »).

Two small rules that `perimeter.py` does not hold are written here as pure functions:
`annual_field_filled` (T13/T14's choice of the year-specific field) and `map_codes` with
the PCS mapping of `pcs_mapping` (unmapped code → non renseigné, counted).
"""
from __future__ import annotations

import math
from typing import Callable

import pandas as pd

from ..extraction import Extraction
from ..indicators import masculinity, mean, ratio
from ..params import EditionParams
from ..perimeter import AGE_CLASSES, age_class, employment_at_inscription, scope
from ..reference import Reference, map_codes, pcs_mapping
from ..sections import title
from ..table import Table, TableBuilder
from .common import (CH_AUD, ENSEMBLE, MISSING_SHARE, TOTAL, Row, distribution, centre_rows, champ_year, closed_symbols, evaluate,
                     hors_supplement, kinds, labels, src_siap)
from .registry import register

NAN = math.nan
SECTION = "04"

HOMMES, FEMMES = "Hommes", "Femmes"
EFFECTIF = "Effectif"

# codes of the data contract (NOMENCLATURES.md)
MEN, WOMEN = "H", "F"
EMPLOYED = "EMP"
PART_TIME = "TP"

# -- ages (TABLES.md §2.4, §2.5) ------------------------------------------------------

AGE_LABELS = [lab for _, _, lab in AGE_CLASSES]
MEAN_AGE = "Âge moyen (en années)"
MEDIAN_AGE = "Âge médian (en années)"
AGE_MISSING = "Âge non renseigné (effectif)"


def age_pyramid(x: Extraction, p: EditionParams, y: str | None = None) -> pd.DataFrame:
    """Data of Graphique 4: counts of AUD(y) (default N) by age class (rows, T8 order) and
    sex (columns « Hommes », « Femmes »), learners of valid age and known sex only."""
    y = y or p.N
    aud = scope(x, p).aud(y)
    cls = age_class(aud["age"])
    out = pd.DataFrame(index=pd.Index(AGE_LABELS, name="Âge"))
    for col, code in ((HOMMES, MEN), (FEMMES, WOMEN)):
        m = (aud["sexe"] == code).fillna(False).astype(bool)
        out[col] = cls[m].value_counts().reindex(AGE_LABELS, fill_value=0).astype(int)
    return out


def _median(ages: pd.Series, min_base: int) -> tuple[float, str]:
    valid = ages.dropna()
    if len(valid) == 0:
        return NAN, "///"
    return float(valid.median()), ("ns" if len(valid) < min_base else "")


def _mean_age(ages: pd.Series, min_base: int) -> tuple[float, str]:
    valid = ages.dropna()
    return mean(float(valid.sum()), len(valid), min_base)


def _age_ref_text(p: EditionParams, y: str) -> str:
    d = p.age_ref(y)
    return f"{d.day} décembre {d.year}"


def _years_text(years: list[str]) -> str:
    return years[0] if len(years) == 1 else f"{', '.join(years[:-1])} et {years[-1]}"


def _source_note(sources: dict[str, dict], fields: tuple[str, ...]) -> str:
    """« Note : situation face à l'emploi et PCS déclarées pour l'année en …, à la première
    inscription en … » (T13/T14: which source each year uses)."""
    names = {"situation": "situation face à l'emploi", "pcs": "PCS"}
    same = all(len({src[f] for f in fields}) == 1 for src in sources.values())
    groups = [fields] if same else [(f,) for f in fields]
    parts = []
    for group in groups:
        annual = [y for y, src in sources.items() if src[group[0]]]
        first = [y for y, src in sources.items() if not src[group[0]]]
        bits = []
        if annual:
            bits.append(f"pour l'année en {_years_text(annual)}")
        if first:
            bits.append(f"à la première inscription en {_years_text(first)}")
        subject = " et ".join(names[f] for f in group)
        parts.append(f"{subject} {'déclarées' if len(group) > 1 else 'déclarée'} {', '.join(bits)}")
    return f"Note : {' ; '.join(parts)}."


def _unmapped_note(unmapped: dict[str, int], what: str) -> list[str]:
    found = {y: n for y, n in unmapped.items() if n}
    if not found:
        return []
    detail = ", ".join(f"{n} en {y}" for y, n in found.items())
    return [f"Note : code(s) de {what} non répertorié(s) comptés comme non renseignés ({detail})."]


# -- distributions over known values (§2.5) ------------------------------------------

def _add_distribution_by_centre(tb: TableBuilder, rows, units: pd.DataFrame, column: str, categories: list[str],
                                symbols: dict, p: EditionParams) -> None:
    """T11, T14: one share column per category (over known values), the missing share and
    the effectif, for every centre row (by administrative centre)."""
    cells = evaluate(rows, units[["ca", column]], "ca",
                     lambda u: {**distribution(u[column], categories, p.min_base), EFFECTIF: len(u)})
    for col in categories + [MISSING_SHARE]:
        tb.add_cells((col,), {k: v[col] for k, v in cells.items()}, "pct", symbols)
    tb.add(EFFECTIF, {k: v[EFFECTIF] for k, v in cells.items()}, "count", symbols=symbols)


def _supplement_note(s, years) -> list[str]:
    centres = s.supplement_centres(years)
    return [hors_supplement(centres)] if centres else []


def _centre_table_rows(s, ref: Reference, years, total: str = ENSEMBLE) -> tuple[list[Row], dict]:
    """Centre rows (with the supplement centres, kept with `nd`), their `///` and `nd`
    symbols per year."""
    shown, nd = set(), {}
    for y in years:
        shown |= set(s.aud(y)["ca"].dropna().unique())
        nd[y] = set(s.supplement(y)["centre"].dropna())
        shown |= nd[y]
    rows = centre_rows(ref, shown, total=total)
    closed = closed_symbols(ref, rows, years)
    symbols = {y: {**{r.label: "nd" for r in rows if r.code in nd[y]}, **closed[y]} for y in years}
    return rows, symbols


def _missing_sex_note(aud: pd.DataFrame, what: str) -> list[str]:
    n = int(aud["sexe"].isna().sum())
    return [f"Note : {n} auditeur(s) de sexe non renseigné, {what}."] if n else []


# -- T8 -------------------------------------------------------------------------------

@register(8)
def t08(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    aud = s.aud(y)
    cls = age_class(aud["age"])
    rows = AGE_LABELS + [TOTAL, MEAN_AGE, MEDIAN_AGE, AGE_MISSING]
    row_kinds = [""] * len(AGE_LABELS) + ["total", "", "", ""]
    count_kinds = {r: ("mean" if r in (MEAN_AGE, MEDIAN_AGE) else "count") for r in rows}
    tb = TableBuilder(rows, row_kinds)
    groups = (
        (HOMMES, (aud["sexe"] == MEN).fillna(False).astype(bool)),
        (FEMMES, (aud["sexe"] == WOMEN).fillna(False).astype(bool)),
        (ENSEMBLE, pd.Series(True, index=aud.index)),
    )
    effectifs = {}
    for name, m in groups:
        c, ages = cls[m], aud.loc[m, "age"]
        n_valid = int(c.notna().sum())
        eff = {lab: int((c == lab).sum()) for lab in AGE_LABELS}
        eff[TOTAL] = n_valid
        eff[AGE_MISSING] = int(m.sum()) - n_valid
        cells = {**eff, MEAN_AGE: (*_mean_age(ages, p.min_base), n_valid),
                 MEDIAN_AGE: (*_median(ages, p.min_base), n_valid)}
        tb.add_cells((name, "Effectif"), cells, count_kinds)
        shares = {lab: (*ratio(eff[lab], n_valid, p.min_base), n_valid) for lab in AGE_LABELS + [TOTAL]}
        tb.add_cells((name, "%"), shares, "pct")
        effectifs[name] = eff
    rm = {}
    for lab in AGE_LABELS + [TOTAL]:
        h, f = effectifs[HOMMES][lab], effectifs[FEMMES][lab]
        rm[lab] = (*masculinity(h, f, p.min_base), h + f)
    tb.add_cells(("Rapport de masculinité",), rm, "rm")

    champ = f"{champ_year(CH_AUD, y)} Âge atteint au {_age_ref_text(p, y)}."
    lo, hi = p.age_valid
    notes = [f"Note : âge non renseigné : date de naissance manquante ou âge hors de l'intervalle {lo}–{hi} ans.",
             "Note : rapport de masculinité = nombre d'hommes pour 100 femmes."]
    notes += _missing_sex_note(aud, "compté(s) dans la colonne « Ensemble » seulement")
    notes += _supplement_note(s, [y])
    return tb.build(8, title(8, p), champ, src_siap(p), notes, section=SECTION)


# -- T9 -------------------------------------------------------------------------------

@register(9)
def t09(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = p.S3
    rows, symbols = _centre_table_rows(s, x.ref, years)
    tb = TableBuilder(labels(rows), kinds(rows))
    notes = []
    for y in years:
        aud = s.aud(y)

        def measures(u: pd.DataFrame) -> tuple:
            ages = u["age"]
            h = int((u["sexe"] == MEN).sum())
            f = int((u["sexe"] == WOMEN).sum())
            return (*_mean_age(ages, p.min_base), int(ages.notna().sum())), (*masculinity(h, f, p.min_base), h + f)

        cells = evaluate(rows, aud[["ca", "age", "sexe"]], "ca", measures)
        tb.add_cells((y, "Âge moyen"), {k: v[0] for k, v in cells.items()}, "mean", symbols[y])
        tb.add_cells((y, "Rapport de masculinité"), {k: v[1] for k, v in cells.items()}, "rm", symbols[y])
        n_sex = int(aud["sexe"].isna().sum())
        if n_sex:
            notes.append(f"Note : {n_sex} auditeur(s) de sexe non renseigné en {y}, exclu(s) du rapport de "
                         "masculinité.")
    champ = f"{CH_AUD} Âge atteint au 31 décembre de l'année de rentrée."
    lo, hi = p.age_valid
    notes = [f"Note : âge moyen calculé sur les âges renseignés compris entre {lo} et {hi} ans ; rapport de "
             "masculinité = nombre d'hommes pour 100 femmes.", *notes]
    notes += _supplement_note(s, years)
    return tb.build(9, title(9, p), champ, src_siap(p), notes, section=SECTION)


# -- T10, T11 -------------------------------------------------------------------------

def _niveaux(x: Extraction) -> tuple[dict[str, str], list[str]]:
    return x.ref.labels("niveau_diplome"), x.ref.ordered_labels("niveau_diplome")


def entry_levels(x: Extraction, p: EditionParams, learners: Callable[[str], pd.DataFrame],
                 who: str = "auditeurs") -> tuple[TableBuilder, list[str]]:
    """T10's layout, also T31's (over alternants): the first-inscription niveau of
    `learners(y)` (rows of AUD(y)) as shares over known values for every year of S5, the
    missing share, « Effectif » of all learners, and the « Effectif N » column of counts."""
    mapping, levels = _niveaux(x)
    rows = levels + [TOTAL, MISSING_SHARE, EFFECTIF]
    row_kinds = [""] * len(levels) + ["total", "", "total"]
    col_kinds = {r: ("count" if r == EFFECTIF else "pct") for r in rows}
    tb = TableBuilder(rows, row_kinds)
    unmapped = {}
    last = None
    for y in p.S5:
        aud = learners(y)
        lab, unmapped[y] = map_codes(aud["niveau_entree"], mapping)
        cells = {**distribution(lab, levels, p.min_base), EFFECTIF: len(aud)}
        tb.add_cells((y,), cells, col_kinds)
        last = lab
    counts = last.value_counts()
    nk = int(last.notna().sum())
    eff = {lev: int(counts.get(lev, 0)) for lev in levels}
    eff.update({TOTAL: nk, MISSING_SHARE: len(last) - nk, EFFECTIF: len(last)})
    tb.add(f"Effectif {p.N}", eff, "count")
    notes = [f"Note : colonne « Effectif {p.N} » : la ligne « Total » donne l'effectif des {who} au niveau "
             f"renseigné, la ligne « Part d'information manquante » celui des {who} au niveau non renseigné."]
    notes += _unmapped_note(unmapped, "niveau de diplôme")
    return tb, notes


@register(10)
def t10(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    tb, notes = entry_levels(x, p, s.aud)
    notes += _supplement_note(s, p.S5)
    champ = f"{CH_AUD} Niveau déclaré à la première inscription."
    return tb.build(10, title(10, p), champ, src_siap(p), notes, section=SECTION)


@register(11)
def t11(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    mapping, levels = _niveaux(x)
    rows, symbols = _centre_table_rows(s, x.ref, [y])
    tb = TableBuilder(labels(rows), kinds(rows))
    aud = s.aud(y).copy()
    aud["niveau"], unmapped = map_codes(aud["niveau_entree"], mapping)
    _add_distribution_by_centre(tb, rows, aud, "niveau", levels, symbols[y], p)
    notes = ["Note : niveau du plus haut diplôme déclaré à la première inscription au Cnam ; parts calculées sur "
             "les auditeurs au niveau renseigné."]
    notes += _unmapped_note({y: unmapped}, "niveau de diplôme")
    notes += _supplement_note(s, [y])
    return tb.build(11, title(11, p), champ_year(CH_AUD, y), src_siap(p), notes, section=SECTION)


# -- T12 ------------------------------------------------------------------------------

PART_TIME_SHARE = "Part du temps partiel parmi les auditeurs en emploi (%)"
QUOTITE_MISSING = "Part de quotité non renseignée parmi les auditeurs en emploi (%)"


def _situations(x: Extraction) -> tuple[dict[str, str], list[str]]:
    return x.ref.labels("situation_emploi"), x.ref.ordered_labels("situation_emploi")


@register(12)
def t12(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    mapping, situations = _situations(x)
    quotites = set(x.ref.labels("quotite_travail"))
    rows = situations + [TOTAL, MISSING_SHARE, PART_TIME_SHARE, QUOTITE_MISSING]
    row_kinds = [""] * len(situations) + ["total", "", "", ""]
    tb = TableBuilder(rows, row_kinds)
    for y in p.S5:
        aud = s.aud(y)
        lab, _ = map_codes(aud["situation_entree"], mapping)
        cells = distribution(lab, situations, p.min_base)
        employed = (aud["situation_entree"] == EMPLOYED).fillna(False).astype(bool)
        q = aud.loc[employed, "quotite_entree"]
        known_q = q.isin(quotites).fillna(False).astype(bool)
        n_emp, n_known = int(employed.sum()), int(known_q.sum())
        cells[PART_TIME_SHARE] = (*ratio(int((q[known_q] == PART_TIME).sum()), n_known, p.min_base), n_known)
        cells[QUOTITE_MISSING] = (*ratio(n_emp - n_known, n_emp, p.min_base), n_emp)
        tb.add_cells((y,), cells, "pct")
    notes = ["Note : part du temps partiel calculée sur les auditeurs en emploi dont la quotité de travail est "
             "renseignée."]
    notes += _supplement_note(s, p.S5)
    champ = f"{CH_AUD} Situation déclarée à la première inscription."
    return tb.build(12, title(12, p), champ, src_siap(p), notes, section=SECTION)


# -- T13 ------------------------------------------------------------------------------

EMPLOYED_COUNT = "Effectif en emploi"
CH_EMPLOI = ("Champ : auditeurs en emploi lors de leur inscription, inscrits à au moins une UE ou US de l'offre "
             "nationale.")


@register(13)
def t13(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    mapping = pcs_mapping(x.ref)
    groups = x.ref.ordered_labels("pcs")
    rows = groups + [TOTAL, MISSING_SHARE, EMPLOYED_COUNT]
    row_kinds = [""] * len(groups) + ["total", "", "total"]
    col_kinds = {r: ("count" if r == EMPLOYED_COUNT else "pct") for r in rows}
    tb = TableBuilder(rows, row_kinds)
    sources, unmapped = {}, {}
    for y in p.S5:
        emp, sources[y] = employment_at_inscription(x, p, y)
        emp = emp[(emp["situation"] == EMPLOYED).fillna(False).astype(bool)]
        lab, unmapped[y] = map_codes(emp["pcs"], mapping)
        cells = {**distribution(lab, groups, p.min_base), EMPLOYED_COUNT: len(emp)}
        tb.add_cells((y,), cells, col_kinds)
    notes = [_source_note(sources, ("situation", "pcs"))]
    notes += _unmapped_note(unmapped, "PCS")
    notes.append("Note : PCS détaillées regroupées selon leur premier chiffre (groupe socioprofessionnel).")
    notes += _supplement_note(s, p.S5)
    return tb.build(13, title(13, p), CH_EMPLOI, src_siap(p), notes, section=SECTION)


# -- T14 ------------------------------------------------------------------------------

@register(14)
def t14(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    mapping, situations = _situations(x)
    rows, symbols = _centre_table_rows(s, x.ref, [y])
    tb = TableBuilder(labels(rows), kinds(rows))
    emp, source = employment_at_inscription(x, p, y)
    emp["lab"], _ = map_codes(emp["situation"], mapping)
    _add_distribution_by_centre(tb, rows, emp, "lab", situations, symbols[y], p)
    notes = [_source_note({y: source}, ("situation",))]
    notes += _supplement_note(s, [y])
    return tb.build(14, title(14, p), champ_year(CH_AUD, y), src_siap(p), notes, section=SECTION)
