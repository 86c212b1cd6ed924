"""Focus sur l'alternance (T26–T33).

Every table reads ALT(y), the alternants of year y, as the learners of AUD(y) that
`perimeter.Scope.aud(y)` flags `alternant` (the alternance flag, else ≥ 1 inscription of type
alternance; the flag wins): the same learners as T2's « Alternance » row. T28 and T30 put each
alternant in his main EPN (`perimeter.alternant_epn`). These are profile tables: the §2.9
supplement never enters them; a centre table keeps the supplement centre's row with `nd`
and its sub-totals and totals are hors supplément (Note « hors <centres> »).
"""
from __future__ import annotations

import math

import pandas as pd

from ..extraction import Extraction
from ..indicators import masculinity, ratio
from ..params import EditionParams
from ..perimeter import Scope, alternant_epn, annual_field_filled, scope
from ..reference import map_codes
from ..sections import title
from ..table import Table, TableBuilder
from .common import (CH_ALT, ENSEMBLE, MISSING_SHARE, TOTAL, Row, add_count_series, aire_rows, champ_year,
                     counts, distribution, epn_key, epn_rows, evaluate, evol_header, evolutions, kinds,
                     labels, src_siap)
from .profil import _centre_table_rows, _mean_age, _supplement_note, entry_levels
from .registry import register

NAN = math.nan
SECTION = "09"

# codes of the data contract (NOMENCLATURES.md)
MEN, WOMEN = "H", "F"
APPRENTICESHIP = "APP"
YOUNG_MAX_AGE = 25        # « moins de 26 ans »: AGE ≤ 25
BAC2_MIN_LEVEL = 5        # « Bac+2 ou plus »: niveau ≥ 5

EFFECTIF = "Effectif"
MEAN_AGE = "Âge moyen"
RM = "Rapport de masculinité"
NON_RENSEIGNE = "Non renseigné"
CONTRACT_BLOCK = "Selon le type de contrat"
DIPLOMA_BLOCK = "Selon le diplôme préparé"

ALT_NOTE = ("Note : est alternant l'auditeur dont l'inscription administrative de l'année porte l'indicateur "
            "d'alternance ; quand cet indicateur manque, celui qui a au moins une inscription pédagogique de type "
            "alternance dans l'année.")
EPN_SENTENCE = "Alternant rattaché à l'EPN principale de son cursus."
EPN_NOTE = ("Note : EPN principale : celle du cursus quand elle est renseignée, sinon celle qui porte le plus "
            "d'heures théoriques parmi les inscriptions en alternance de l'année (à défaut, parmi toutes ses "
            "inscriptions), puis le plus d'inscriptions, puis l'ordre des EPN.")
AGE_SENTENCE = "Âge atteint au 31 décembre de l'année de rentrée."


def alternants(s: Scope, y: str) -> pd.DataFrame:
    """ALT(y): the learners of AUD(y) flagged `alternant` by the Scope (T2's « Alternance »)."""
    aud = s.aud(y)
    return aud[aud["alternant"]]


def _age_rm_note(p: EditionParams) -> str:
    lo, hi = p.age_valid
    return (f"Note : âge moyen calculé sur les âges renseignés compris entre {lo} et {hi} ans ; rapport de "
            "masculinité = nombre d'hommes pour 100 femmes.")


def _missing_sex_notes(units_by_year: dict[str, pd.DataFrame]) -> list[str]:
    notes = []
    for y, u in units_by_year.items():
        n = int(u["sexe"].isna().sum())
        if n:
            notes.append(f"Note : {n} alternant(s) de sexe non renseigné en {y}, exclu(s) du rapport de masculinité.")
    return notes


def _add_age_and_rm(tb: TableBuilder, rows: list[Row], units_by_year: dict[str, pd.DataFrame], key: str,
                    p: EditionParams, symbols: dict[str, dict] | None = None) -> None:
    """T29, T30: for each year, « Effectif », « Âge moyen » and « Rapport de masculinité »."""
    symbols = symbols or {}

    def measures(u: pd.DataFrame) -> tuple:
        ages = u["age"]
        h, f = int((u["sexe"] == MEN).sum()), int((u["sexe"] == WOMEN).sum())
        return len(u), (*_mean_age(ages, p.min_base), int(ages.notna().sum())), (*masculinity(h, f, p.min_base), h + f)

    for y, units in units_by_year.items():
        cells = evaluate(rows, units[[key, "age", "sexe"]], key, measures)  # (only what is measured is taken)
        sym = symbols.get(y)
        tb.add((y, EFFECTIF), {k: v[0] for k, v in cells.items()}, "count", symbols=sym)
        tb.add_cells((y, MEAN_AGE), {k: v[1] for k, v in cells.items()}, "mean", sym)
        tb.add_cells((y, RM), {k: v[2] for k, v in cells.items()}, "rm", sym)


def _with_epn(s: Scope, y: str) -> pd.DataFrame:
    """ALT(y) with the key of each alternant's main EPN (« EPN non renseignée » when none)."""
    alt = alternants(s, y)
    epn = alternant_epn(s, y)
    return alt.assign(epn=epn_key(alt["auditeur_id"].map(epn)).to_numpy())


# -- T26 ------------------------------------------------------------------------------

@register(26)
def t26(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    rows = aire_rows(x.ref)
    tb = TableBuilder(labels(rows), kinds(rows))
    values = {y: counts(rows, alternants(s, y), "aire") for y in p.S5}
    add_count_series(tb, rows, values, p, share=False, evol=False)
    learners = counts(rows, s.aud(p.N), "aire")  # T1 cells without the supplement
    tb.add_cells(f"Part des alternants parmi les auditeurs {p.N} (%)",
                 {r.label: (*ratio(values[p.N][r.label], learners[r.label], p.min_base), learners[r.label])
                  for r in rows}, "pct")
    tb.add_cells(evol_header(p), evolutions(rows, values[p.N], values[p.n_minus(1)], p), "evol")
    notes = [ALT_NOTE,
             "Note : part des alternants calculée sur l'ensemble des auditeurs de l'aire (inscrits administratifs)."]
    notes += _supplement_note(s, p.S5)
    return tb.build(26, title(26, p), CH_ALT, src_siap(p), notes, section=SECTION)


# -- T27 ------------------------------------------------------------------------------

@register(27)
def t27(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    rows, symbols = _centre_table_rows(s, x.ref, p.S5, total=TOTAL)
    tb = TableBuilder(labels(rows), kinds(rows))
    values = {y: counts(rows, alternants(s, y), "ca") for y in p.S5}
    add_count_series(tb, rows, values, p, share=False, symbols=symbols)
    notes = [ALT_NOTE, "Note : alternants rattachés à leur centre d'inscription administrative."]
    notes += _supplement_note(s, p.S5)
    return tb.build(27, title(27, p), CH_ALT, src_siap(p), notes, section=SECTION)


# -- T28 ------------------------------------------------------------------------------

@register(28)
def t28(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    units = {y: _with_epn(s, y) for y in p.S5}
    rows = epn_rows(x.ref, set().union(*(set(u["epn"]) for u in units.values())))
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, {y: counts(rows, u, "epn") for y, u in units.items()}, p, share=False)
    notes = [ALT_NOTE, EPN_NOTE]
    notes += _supplement_note(s, p.S5)
    return tb.build(28, title(28, p), f"{CH_ALT} {EPN_SENTENCE}", src_siap(p), notes, section=SECTION)


# -- T29, T30 -------------------------------------------------------------------------

@register(29)
def t29(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    rows, symbols = _centre_table_rows(s, x.ref, p.S3)
    tb = TableBuilder(labels(rows), kinds(rows))
    units = {y: alternants(s, y) for y in p.S3}
    _add_age_and_rm(tb, rows, units, "ca", p, symbols)
    notes = [_age_rm_note(p), *_missing_sex_notes(units), ALT_NOTE]
    notes += _supplement_note(s, p.S3)
    return tb.build(29, title(29, p), f"{CH_ALT} {AGE_SENTENCE}", src_siap(p), notes, section=SECTION)


@register(30)
def t30(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    units = {y: _with_epn(s, y) for y in p.S3}
    rows = epn_rows(x.ref, set().union(*(set(u["epn"]) for u in units.values())), total=ENSEMBLE)
    tb = TableBuilder(labels(rows), kinds(rows))
    _add_age_and_rm(tb, rows, units, "epn", p)
    notes = [_age_rm_note(p), *_missing_sex_notes(units), ALT_NOTE, EPN_NOTE]
    notes += _supplement_note(s, p.S3)
    return tb.build(30, title(30, p), f"{CH_ALT} {AGE_SENTENCE} {EPN_SENTENCE}", src_siap(p), notes,
                    section=SECTION)


# -- T31 ------------------------------------------------------------------------------

@register(31)
def t31(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    tb, notes = entry_levels(x, p, lambda y: alternants(s, y), who="alternants")
    notes += [ALT_NOTE, *_supplement_note(s, p.S5)]
    champ = f"{CH_ALT} Niveau déclaré à la première inscription."
    return tb.build(31, title(31, p), champ, src_siap(p), notes, section=SECTION)


# -- T32 ------------------------------------------------------------------------------

def _block_rows(block: str, categories: list[str]) -> list[Row]:
    return ([Row((block, c)) for c in categories] + [Row((block, NON_RENSEIGNE))]
            + [Row((block, TOTAL), "total")])


def _block_cells(block: str, codes: pd.Series, mapping: dict[str, str], categories: list[str],
                 min_base: int) -> tuple[dict, dict]:
    """Counts of one block (categories, « Non renseigné », « Total » = every alternant) and its
    shares over known values (« Non renseigné »: the missing share, over every alternant)."""
    lab, _ = map_codes(codes, mapping)
    n_known = int(lab.notna().sum())
    found = lab.value_counts()
    count = {(block, c): int(found.get(c, 0)) for c in categories}
    count[(block, NON_RENSEIGNE)] = len(lab) - n_known
    count[(block, TOTAL)] = len(lab)
    dist = distribution(lab, categories, min_base)
    share = {(block, c): dist[c] for c in categories}
    share[(block, NON_RENSEIGNE)] = dist[MISSING_SHARE]
    share[(block, TOTAL)] = dist[TOTAL]
    return count, share


@register(32)
def t32(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    blocks = (
        (CONTRACT_BLOCK, "type_contrat"),
        (DIPLOMA_BLOCK, "type_diplome_prepare"),
    )
    cats = {b: x.ref.ordered_labels(name) for b, name in blocks}
    rows = [r for b, _ in blocks for r in _block_rows(b, cats[b])]
    tb = TableBuilder(labels(rows), kinds(rows))
    values, shares, symbols, missing_years = {}, {}, {}, []
    for y in p.S5:
        alt = alternants(s, y)
        values[y], shares[y], symbols[y] = {}, {}, {}
        for b, name in blocks:
            c, sh = _block_cells(b, alt[name], x.ref.labels(name), cats[b], p.min_base)
            if b == DIPLOMA_BLOCK and not annual_field_filled(x, y, name):
                symbols[y].update({k: "nd" for k in c})
                sh = {k: (NAN, "nd") for k in sh}
                missing_years.append(y)
            values[y].update(c)
            shares[y].update(sh)
        tb.add(y, values[y], "count", symbols=symbols[y])
    tb.add_cells(f"Part {p.N} (%)", shares[p.N], "pct")
    tb.add_cells(evol_header(p), evolutions(rows, values[p.N], values[p.n_minus(1)], p,
                                            symbols[p.N], symbols[p.n_minus(1)]), "evol")
    notes = [f"Note : colonne « Part {p.N} (%) » : parts calculées sur les alternants dont la valeur est "
             "renseignée ; la ligne « Non renseigné » donne la part d'information manquante, calculée sur "
             "l'ensemble des alternants.",
             "Note : diplôme préparé : diplôme visé par le cursus en alternance."]
    if missing_years:
        notes.append(f"Note : diplôme préparé non disponible en {', '.join(missing_years)}.")
    notes += [ALT_NOTE, *_supplement_note(s, p.S5)]
    return tb.build(32, title(32, p), CH_ALT, src_siap(p), notes, section=SECTION)


# -- T33 ------------------------------------------------------------------------------

EFFECTIF_ALT = "Effectif d'alternants"
SHARE_ALT = "Part des alternants parmi les auditeurs du centre (%)"
SHARE_WOMEN = "Part des femmes (%)"
SHARE_YOUNG = "Part des moins de 26 ans (%)"
SHARE_APP = "Part en contrat d'apprentissage (%)"
SHARE_BAC2 = "Part des titulaires d'un Bac+2 ou plus (%)"


def _characteristics(aud: pd.DataFrame, x: Extraction) -> pd.DataFrame:
    """For each learner of AUD(N): (known, yes) flags of the four alternant characteristics."""
    level_known = map_codes(aud["niveau_entree"], x.ref.labels("niveau_diplome"))[0].notna()
    level = pd.to_numeric(aud["niveau_entree"].astype("object"), errors="coerce")
    return pd.DataFrame({
        "ca": aud["ca"],
        "alternant": aud["alternant"],
        "women_known": aud["sexe"].isin([MEN, WOMEN]).fillna(False).astype(bool),
        "women": (aud["sexe"] == WOMEN).fillna(False).astype(bool),
        "young_known": aud["age"].notna().astype(bool),
        "young": (aud["age"] <= YOUNG_MAX_AGE).fillna(False).astype(bool),
        "app_known": aud["type_contrat"].notna().astype(bool),
        "app": (aud["type_contrat"] == APPRENTICESHIP).fillna(False).astype(bool),
        "bac2_known": level_known.astype(bool).to_numpy(),
        "bac2": (level_known & (level >= BAC2_MIN_LEVEL)).fillna(False).astype(bool).to_numpy(),
    }, index=aud.index)


CHARACTERISTICS = ((SHARE_WOMEN, "women"), (SHARE_YOUNG, "young"), (SHARE_APP, "app"), (SHARE_BAC2, "bac2"))


@register(33)
def t33(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    rows, symbols = _centre_table_rows(s, x.ref, [y])
    tb = TableBuilder(labels(rows), kinds(rows))
    units = _characteristics(s.aud(y), x)

    def measures(u: pd.DataFrame) -> dict:
        alt = u[u["alternant"]]
        out = {EFFECTIF_ALT: len(alt), SHARE_ALT: (*ratio(len(alt), len(u), p.min_base), len(u))}
        for col, flag in CHARACTERISTICS:
            base = int(alt[f"{flag}_known"].sum())
            out[col] = (*ratio(int(alt[flag].sum()), base, p.min_base), base)
        return out

    cells = evaluate(rows, units, "ca", measures)
    tb.add(EFFECTIF_ALT, {k: v[EFFECTIF_ALT] for k, v in cells.items()}, "count", symbols=symbols[y])
    for col in [SHARE_ALT] + [c for c, _ in CHARACTERISTICS]:
        tb.add_cells(col, {k: v[col] for k, v in cells.items()}, "pct", symbols[y])

    alt = units[units["alternant"]]
    unknown = {what: int((~alt[f"{flag}_known"]).sum())
               for what, flag in (("le sexe", "women"), ("l'âge", "young"), ("le type de contrat", "app"),
                                  ("le niveau de diplôme", "bac2"))}
    notes = ["Note : part des alternants calculée sur l'ensemble des auditeurs inscrits administrativement dans le "
             "centre ; les autres parts sur les alternants dont la caractéristique est renseignée.",
             f"Note : moins de 26 ans : âge atteint au 31 décembre {y[:4]} d'au plus {YOUNG_MAX_AGE} ans ; Bac+2 ou "
             "plus : niveau 5 ou plus déclaré à la première inscription."]
    if any(unknown.values()):
        detail = ", ".join(f"{n} pour {what}" for what, n in unknown.items() if n)
        notes.append(f"Note : ensemble : alternants sans information, exclus de la part correspondante : {detail}.")
    notes += [ALT_NOTE, *_supplement_note(s, [y])]
    return tb.build(33, title(33, p), champ_year(CH_ALT, y), src_siap(p), notes, section=SECTION)
