"""Valorisation des parcours: what the VAPP (T34–T41), VAE (T42–T52) and VES (T53–T59)
tables share, written once and parametrized by a scheme description.

A `Scheme` is data: its code, its section, its decision categories (codes of the reference
`decision` file, labels through it), which categories make the « favourable » share of the
key-figures table, the two decision rates of the rate tables (with the header each table
prints) and the label of the distinct-diploma row. `vapp.py`, `vae.py` and `ves.py` describe
their scheme and register its tables; the table functions below take the scheme.

Counting rules (TABLES.md §2.7) come from `perimeter.validation_notifications` and
`perimeter.validation_candidates`: in-scope decisions only, calendar year of the decision,
candidate = distinct candidat_id with a notification that year, candidate attributes from his
first notification of the year. Rates are per notification, refusals in the denominator.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..extraction import Extraction
from ..indicators import evolution, mean, points, ratio
from ..params import EditionParams
from ..perimeter import (in_scope_decisions, validation_candidates, validation_notifications,
                         validation_out_of_scope)
from ..reference import map_codes
from ..sections import title
from ..table import EMPTY, Table, TableBuilder
from .common import (ENSEMBLE, MISSING_SHARE, TOTAL, Row, add_count_series, centre_rows, counts,
                     distribution, epn_key, epn_rows, evaluate, kinds, labels, src_validation)

MEN, WOMEN = "H", "F"
HOMMES, FEMMES = "Hommes", "Femmes"

# row labels shared by the three schemes
CANDIDATS = "Candidats"
WOMEN_SHARE = "dont femmes (%)"
NOTIFICATIONS = "Notifications de décision"
SEVERAL_SHARE = "Part des candidats ayant reçu plusieurs notifications (%)"
EFFECTIF = "Effectif"
CANDIDATS_EFFECTIF = "Candidats (effectif)"
NOTIFICATIONS_EFFECTIF = "Notifications (effectif)"
JOBSEEKERS = "Demandeurs d'emploi"
WITHOUT_JOB = "« Sans emploi »"
JOBSEEKERS_OR_WITHOUT = "Demandeurs d'emploi ou « sans emploi »"
DONT_JOBSEEKERS = "dont demandeurs d'emploi"
DONT_WITHOUT_JOB = "dont « sans emploi »"
NO_LEVEL = "Sans niveau ou non renseigné"
UNKNOWN_CENTRE = "Centre non identifié"
UNKNOWN_CENTRE_CODE = "__NI__"
RATES_NOTE = "Note : taux calculés sur l'ensemble des notifications de décision du groupe, refus compris."


@dataclass(frozen=True)
class Rate:
    """A decision rate: 100 × notifications with one of `codes` / notifications of the group,
    with the header printed by the tables by level or type, by EPN and by centre."""

    codes: tuple[str, ...]
    label: str
    epn_label: str
    centre_label: str


@dataclass(frozen=True)
class Scheme:
    code: str                       # VAPP, VAE, VES (the `dispositif` of the extraction)
    section: str                    # section number of sections.SECTIONS
    categories: tuple[str, ...]     # in-scope decision codes, in publication order
    favourable: tuple[str, ...]     # categories of the key-figures share row
    favourable_label: str
    rates: tuple[Rate, Rate]
    distinct_label: str             # « Certifications visées distinctes » …

    @property
    def champ(self) -> str:
        return champ_of([self.code])

    @property
    def source(self) -> str:
        return source_of([self.code])

    def category_labels(self, x: Extraction) -> dict[str, str]:
        """Decision code → printed label (reference `decision`, §2.4)."""
        d = x.ref.decisions
        d = d[d["dispositif"] == self.code]
        return dict(zip(d["code"], d["libelle"]))

    def block_label(self, x: Extraction) -> str:
        return x.ref.labels("dispositif").get(self.code, self.code)

    def check(self, x: Extraction) -> None:
        """The scheme's categories are the in-scope decision codes of the reference: a code
        added there without a row here would leave the category rows short of the total."""
        known = in_scope_decisions(x.ref, self.code)
        if set(known) != set(self.categories):
            raise ValueError(f"{self.code} : catégories de décision {', '.join(self.categories)} ; le référentiel "
                             f"« decision » en retient {', '.join(known)}")


# -- unit-level data ---------------------------------------------------------------------

def notifications(x: Extraction, p: EditionParams, s: Scheme, year: int | None = None) -> pd.DataFrame:
    """In-scope notifications of the scheme (of one calendar year when given)."""
    s.check(x)
    n = validation_notifications(x, p, s.code)
    return n if year is None else n[n["annee"] == year]


def series_notifications(x: Extraction, p: EditionParams, s: Scheme) -> pd.DataFrame:
    """In-scope notifications of the scheme dated in a year of SC (a copy, for adding keys)."""
    n = notifications(x, p, s)
    return n[n["annee"].isin(calendar_years(p))].copy()


def candidates(x: Extraction, p: EditionParams, s: Scheme, year: int) -> pd.DataFrame:
    return validation_candidates(x, p, s.code, year)


def calendar_years(p: EditionParams) -> list[int]:
    return list(p.SC)


def year_col(y: int) -> str:
    return str(y)


def sex_groups(units: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """« Hommes », « Femmes » and « Ensemble » (units of unknown sex in Ensemble only)."""
    return {HOMMES: units[(units["sexe"] == MEN).fillna(False).to_numpy()],
            FEMMES: units[(units["sexe"] == WOMEN).fillna(False).to_numpy()], ENSEMBLE: units}


def unknown_sex(units: pd.DataFrame) -> int:
    return int((~units["sexe"].isin([MEN, WOMEN]).fillna(False)).sum())


def by_year_text(found: dict[int, int]) -> str:
    return ", ".join(f"{n} en {y}" for y, n in found.items() if n)


def build_table(tb: TableBuilder, number: int, p: EditionParams, s: Scheme, notes, champ: str | None = None,
           source: str | None = None) -> Table:
    return tb.build(number, title(number, p), champ or s.champ, source or s.source, notes, section=s.section)


# -- key figures: T34, T42, T53 --------------------------------------------------------------

def key_figures(x: Extraction, p: EditionParams, s: Scheme, number: int) -> Table:
    """Candidates, women share, notifications, share of candidates with several notifications,
    favourable share, distinct diplomas sought; one column per year of SC, then the evolution
    C / C-1 in % (count rows) and in points (share rows)."""
    years = calendar_years(p)
    rows = [CANDIDATS, WOMEN_SHARE, NOTIFICATIONS, SEVERAL_SHARE, s.favourable_label, s.distinct_label]
    shares = {WOMEN_SHARE, SEVERAL_SHARE, s.favourable_label}
    row_kinds = ["", "dont", "", "", "", ""]
    cell_kinds = {r: ("pct" if r in shares else "count") for r in rows}
    tb = TableBuilder(rows, row_kinds)
    cells, no_sex = {}, {}
    for y in years:
        notif, cand = notifications(x, p, s, y), candidates(x, p, s, y)
        nc, nn = len(cand), len(notif)
        nk = nc - unknown_sex(cand)
        c = {
            CANDIDATS: nc,
            WOMEN_SHARE: (*ratio(int((cand["sexe"] == WOMEN).fillna(False).sum()), nk, p.min_base), nk),
            NOTIFICATIONS: nn,
            SEVERAL_SHARE: (*ratio(int((cand["n_notifications"] >= 2).sum()), nc, p.min_base), nc),
            s.favourable_label: (*ratio(int(notif["decision"].isin(s.favourable).sum()), nn, p.min_base), nn),
            s.distinct_label: int(notif["diplome_vise"].str.strip().replace("", pd.NA).dropna().nunique()),
        }
        tb.add_cells(year_col(y), c, cell_kinds)
        cells[y], no_sex[y] = c, nc - nk
    last, prev = years[-1], years[-2]
    evol, pts = {}, {}
    for r in rows:
        if r in shares:
            evol[r], pts[r] = EMPTY, points(cells[last][r][:2], cells[prev][r][:2])
        else:
            evol[r], pts[r] = evolution(cells[last][r], cells[prev][r], p.min_base), EMPTY
    tb.add_cells(f"Évol. {last} / {prev} (%)", evol, "evol")
    tb.add_cells(f"Évol. {last} / {prev} (en points)", pts, "points")
    notes = ["Note : un candidat est compté une fois par année, quel que soit le nombre de notifications de "
             "décision qu'il a reçues cette année-là ; ses caractéristiques sont celles de sa première notification "
             "de l'année.",
             f"Note : « {s.distinct_label} » : intitulés distincts des diplômes ou certifications visés dans les "
             "notifications de l'année."]
    if any(no_sex.values()):
        notes.append(f"Note : candidats de sexe non renseigné, exclus de la part des femmes : {by_year_text(no_sex)}.")
    oos = validation_out_of_scope(x, s.code, years)
    if any(oos.values()):
        notes.append("Note : décisions hors champ (recevabilité, désistement, ajournement sans décision, dossier en "
                     f"cours), exclues de tous les tableaux : {by_year_text(oos)}.")
    return build_table(tb, number, p, s, notes)


# -- ages at decision: T35, T43, T54 --------------------------------------------------------

def mean_ages(x: Extraction, p: EditionParams, s: Scheme, number: int) -> Table:
    """Mean exact age at the candidate's first decision of the year, by sex."""
    years = calendar_years(p)
    rows = [HOMMES, FEMMES, ENSEMBLE]
    tb = TableBuilder(rows, ["", "", "total"])
    invalid, no_sex = {}, {}
    for y in years:
        cand = candidates(x, p, s, y)
        cells = {}
        for r, u in sex_groups(cand).items():
            ages = u["age"].dropna()
            cells[r] = (*mean(float(ages.sum()), len(ages), p.min_base), len(ages))
        tb.add_cells(year_col(y), cells, "mean")
        invalid[y], no_sex[y] = int(cand["age"].isna().sum()), unknown_sex(cand)
    lo, hi = p.age_valid_candidats
    notes = [f"Note : âge exact à la date de la première décision de l'année (en jours / 365,25) ; âges compris "
             f"entre {lo} et {hi} ans."]
    if any(invalid.values()):
        notes.append(f"Note : candidats à l'âge non renseigné ou hors de l'intervalle {lo}–{hi} ans (date de "
                     f"naissance manquante ou postérieure à la décision comprise), exclus : {by_year_text(invalid)}.")
    if any(no_sex.values()):
        notes.append(f"Note : candidats de sexe non renseigné, comptés dans « Ensemble » seulement : "
                     f"{by_year_text(no_sex)}.")
    return build_table(tb, number, p, s, notes)


# -- employment situation: T36 (all), T44 (by sex) ----------------------------------------

def _jobseeker_cells(u: pd.DataFrame, min_base: int) -> dict:
    sit = u["situation_emploi"]
    known = sit.notna()
    nk = int(known.sum())
    de, se = int((sit == "DE").sum()), int((sit == "SE").sum())
    return {JOBSEEKERS: (*ratio(de, nk, min_base), nk), WITHOUT_JOB: (*ratio(se, nk, min_base), nk),
            JOBSEEKERS_OR_WITHOUT: (*ratio(de + se, nk, min_base), nk),
            MISSING_SHARE: (*ratio(len(u) - nk, len(u), min_base), len(u)), CANDIDATS_EFFECTIF: len(u)}


def jobseekers(x: Extraction, p: EditionParams, s: Scheme, number: int, by_sex: bool = False) -> Table:
    """Shares of demandeurs d'emploi and « sans emploi » among candidates with a known
    situation (first notification of the year); by sex when `by_sex`."""
    years = calendar_years(p)
    if by_sex:
        rows = [HOMMES, FEMMES, ENSEMBLE, DONT_JOBSEEKERS, DONT_WITHOUT_JOB, MISSING_SHARE, CANDIDATS_EFFECTIF]
        row_kinds = ["", "", "total", "dont", "dont", "", "total"]
    else:
        rows = [JOBSEEKERS, WITHOUT_JOB, JOBSEEKERS_OR_WITHOUT, MISSING_SHARE, CANDIDATS_EFFECTIF]
        row_kinds = ["", "", "total", "", "total"]
    cell_kinds = {r: ("count" if r == CANDIDATS_EFFECTIF else "pct") for r in rows}
    tb = TableBuilder(rows, row_kinds)
    no_sex = {}
    for y in years:
        cand = candidates(x, p, s, y)
        all_ = _jobseeker_cells(cand, p.min_base)
        if by_sex:
            cells = {r: _jobseeker_cells(u, p.min_base)[JOBSEEKERS_OR_WITHOUT] for r, u in sex_groups(cand).items()}
            cells.update({DONT_JOBSEEKERS: all_[JOBSEEKERS], DONT_WITHOUT_JOB: all_[WITHOUT_JOB],
                          MISSING_SHARE: all_[MISSING_SHARE], CANDIDATS_EFFECTIF: all_[CANDIDATS_EFFECTIF]})
            no_sex[y] = unknown_sex(cand)
        else:
            cells = all_
        tb.add_cells(year_col(y), cells, cell_kinds)
    notes = ["Note : situation déclarée dans le dossier de la première notification de l'année ; parts calculées "
             "sur les candidats dont la situation est renseignée. Les « sans emploi » sont sans emploi sans être "
             "inscrits comme demandeurs d'emploi."]
    if any(no_sex.values()):
        notes.append(f"Note : candidats de sexe non renseigné, comptés dans « Ensemble » seulement : "
                     f"{by_year_text(no_sex)}.")
    return build_table(tb, number, p, s, notes)


# -- highest diploma at the request: T37, T46 -----------------------------------------------

def levels(x: Extraction, p: EditionParams, s: Scheme, number: int) -> Table:
    """Levels of the highest diploma recorded on the candidate's first notification of the
    year: shares over known levels per year, the missing share, « Effectif » (all candidates),
    and the « Effectif C » column of counts (laid out as T10)."""
    years = calendar_years(p)
    mapping, cats = x.ref.labels("niveau_diplome"), x.ref.ordered_labels("niveau_diplome")
    rows = cats + [TOTAL, MISSING_SHARE, EFFECTIF]
    row_kinds = [""] * len(cats) + ["total", "", "total"]
    cell_kinds = {r: ("count" if r == EFFECTIF else "pct") for r in rows}
    tb = TableBuilder(rows, row_kinds)
    unmapped, last = {}, None
    for y in years:
        cand = candidates(x, p, s, y)
        lab, unmapped[y] = map_codes(cand["niveau_diplome"], mapping)
        tb.add_cells(year_col(y), {**distribution(lab, cats, p.min_base), EFFECTIF: len(cand)}, cell_kinds)
        last = lab
    c = last.value_counts()
    nk = int(last.notna().sum())
    eff = {lev: int(c.get(lev, 0)) for lev in cats}
    eff.update({TOTAL: nk, MISSING_SHARE: len(last) - nk, EFFECTIF: len(last)})
    tb.add(f"Effectif {years[-1]}", eff, "count")
    notes = ["Note : niveau du plus haut diplôme déclaré dans le dossier (première notification de l'année) ; parts "
             "calculées sur les candidats au niveau renseigné.",
             f"Note : colonne « Effectif {years[-1]} » : la ligne « Total » donne l'effectif des candidats au niveau "
             "renseigné, la ligne « Part d'information manquante » celui des candidats au niveau non renseigné."]
    if any(unmapped.values()):
        notes.append(f"Note : codes de niveau de diplôme non répertoriés, comptés comme non renseignés : "
                     f"{by_year_text(unmapped)}.")
    return build_table(tb, number, p, s, notes)


# -- decisions: T38, T48, T55 ---------------------------------------------------------------

def decision_rows(x: Extraction, s: Scheme) -> list[Row]:
    names = s.category_labels(x)
    return [Row(names[c], "", frozenset([c]), c) for c in s.categories] + [Row(TOTAL, "total", None)]


def decision_counts(x: Extraction, p: EditionParams, s: Scheme) -> dict[str, dict]:
    """Notifications by decision category and year of SC (column label → row label → count)."""
    rows = decision_rows(x, s)
    return {year_col(y): counts(rows, notifications(x, p, s, y), "decision") for y in calendar_years(p)}


def decisions(x: Extraction, p: EditionParams, s: Scheme, number: int) -> Table:
    rows = decision_rows(x, s)
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, decision_counts(x, p, s), p)
    notes = ["Note : une notification est une décision rendue sur un dossier ; un candidat peut en recevoir "
             "plusieurs dans l'année."]
    return build_table(tb, number, p, s, notes)


def decision_mix(t: Table, years) -> pd.DataFrame:
    """Graphique 12: shares (%) of each decision category per year, from a decisions
    table's published counts (years as index, categories as columns; no notification → gap)."""
    frame = t.frame(published=True)
    cats = [r for r, k in zip(t.rows, t.row_kinds) if k != "total"]
    cols = [year_col(y) for y in years]
    data = frame.loc[cats, cols].T
    total = frame.loc[TOTAL, cols]
    return data.div(total.where(total > 0), axis=0) * 100


# -- decision rates by group -----------------------------------------------------------------

def rate_measure(rate: Rate, min_base: int):
    """A decision rate as a measure of a group of notifications: (value, symbol, base)."""
    def measure(u: pd.DataFrame) -> tuple:
        n = len(u)
        return (*ratio(int(u["decision"].isin(rate.codes).sum()), n, min_base), n)
    return measure


def add_rate_series(tb: TableBuilder, parts: list[tuple[list[Row], str]], units: pd.DataFrame, s: Scheme,
                     p: EditionParams) -> None:
    """For each year of SC the two rates of the scheme per row, then « Notifications C ».
    `parts` are (rows, key) pairs: row sets grouping the notifications by different columns."""
    years = calendar_years(p)

    def cells(u: pd.DataFrame, measure) -> dict:
        out = {}
        for rows, key in parts:
            out.update(evaluate(rows, u, key, measure))
        return out

    for y in years:
        u = units[units["annee"] == y]
        for rate in s.rates:
            tb.add_cells((year_col(y), rate.label), cells(u, rate_measure(rate, p.min_base)), "pct")
    tb.add(f"Notifications {years[-1]}", cells(units[units["annee"] == years[-1]], len), "count")


def non_empty(rows: list[Row], units: pd.DataFrame, key: str) -> list[Row]:
    """Group rows with at least one notification in SC (rows empty in every year dropped)."""
    present = set(units[key].dropna())
    return [r for r in rows if r.members is None or r.members & present]


def rates_by_level(x: Extraction, p: EditionParams, s: Scheme, number: int) -> Table:
    """The two rates of the scheme by niveau du diplôme visé (§2.4), for every year of SC."""
    notif = series_notifications(x, p, s)
    cats = x.ref.ordered_labels("niveau_vise")
    lab, unmapped = map_codes(notif["niveau_vise"], x.ref.labels("niveau_vise"))
    notif["niveau"] = lab.fillna(NO_LEVEL).to_numpy()
    rows = [Row(c, "", frozenset([c]), c) for c in cats + [NO_LEVEL]] + [Row(ENSEMBLE, "total", None)]
    rows = non_empty(rows, notif, "niveau")
    tb = TableBuilder(labels(rows), kinds(rows))
    add_rate_series(tb, [(rows, "niveau")], notif, s, p)
    notes = [RATES_NOTE, "Note : les niveaux sans aucune notification sur la période ne sont pas présentés."]
    if unmapped:
        notes.append(f"Note : {unmapped} notification(s) au code de niveau visé non répertorié, comptée(s) dans "
                     f"« {NO_LEVEL} ».")
    return build_table(tb, number, p, s, notes)


# -- by EPN: T40, T51, T57 ------------------------------------------------------------------

def by_epn(x: Extraction, p: EditionParams, s: Scheme, number: int) -> Table:
    """Notifications of C by dossier EPN: counts by category and the two rates."""
    notif = notifications(x, p, s, p.C).copy()
    notif["epn_key"] = epn_key(notif["epn"])
    rows = epn_rows(x.ref, set(notif["epn_key"]), total=ENSEMBLE)
    tb = TableBuilder(labels(rows), kinds(rows))
    tb.add("Notifications", counts(rows, notif, "epn_key"), "count")
    names = s.category_labels(x)
    for c in s.categories:
        tb.add(names[c], counts(rows, notif[notif["decision"] == c], "epn_key"), "count")
    for rate in s.rates:
        tb.add_cells(rate.epn_label, evaluate(rows, notif, "epn_key", rate_measure(rate, p.min_base)), "pct")
    notes = ["Note : notifications rattachées à l'EPN du dossier.", RATES_NOTE]
    return build_table(tb, number, p, s, notes)


# -- by centre: T41, T52, T58 ---------------------------------------------------------------

def by_centre(x: Extraction, p: EditionParams, s: Scheme, number: int) -> Table:
    """Candidates and notifications of C by dossier centre (aires, sub-totals, « Centre non
    identifié »), their shares of the Ensemble, and the two rates."""
    notif = notifications(x, p, s, p.C).copy()
    notif["centre_key"] = notif["centre_group"].fillna(UNKNOWN_CENTRE_CODE)
    rows = centre_rows(x.ref, set(notif["centre_key"]) - {UNKNOWN_CENTRE_CODE}, total=ENSEMBLE)
    if (notif["centre_key"] == UNKNOWN_CENTRE_CODE).any():
        rows.insert(len(rows) - 1, Row(UNKNOWN_CENTRE, "", frozenset([UNKNOWN_CENTRE_CODE]), UNKNOWN_CENTRE_CODE))
    tb = TableBuilder(labels(rows), kinds(rows))
    cand = counts(rows, notif, "centre_key", distinct="candidat_id")
    nb = counts(rows, notif, "centre_key")
    tb.add("Candidats", cand, "count")
    tb.add_cells("Part des candidats (%)",
                 {k: (*ratio(v, cand[ENSEMBLE], p.min_base), cand[ENSEMBLE]) for k, v in cand.items()}, "pct")
    tb.add("Notifications", nb, "count")
    tb.add_cells("Part des notifications (%)",
                 {k: (*ratio(v, nb[ENSEMBLE], p.min_base), nb[ENSEMBLE]) for k, v in nb.items()}, "pct")
    for rate in s.rates:
        tb.add_cells(rate.centre_label, evaluate(rows, notif, "centre_key", rate_measure(rate, p.min_base)), "pct")
    notes = ["Note : candidats et notifications rattachés au centre du dossier. Un candidat dont les dossiers relèvent "
             "de plusieurs centres est compté dans chacun d'eux, mais une seule fois dans un sous-total et dans "
             "l'ensemble : la somme des parts de candidats peut dépasser 100 %.", RATES_NOTE]
    unknown = int((notif["centre_key"] == UNKNOWN_CENTRE_CODE).sum())
    if unknown:
        notes.append(f"Note : {unknown} notification(s) au centre non renseigné ou inconnu du référentiel, dans la "
                     f"ligne « {UNKNOWN_CENTRE} ».")
    return build_table(tb, number, p, s, notes)


# -- note de règlement: T59 ------------------------------------------------------------------

def note_reglement(x: Extraction, p: EditionParams, schemes: list[Scheme], number: int, section: str) -> Table:
    """Share of notifications issued through a note de règlement, one block per scheme: its
    decision categories, « Ensemble » (from the units) and « Notifications (effectif) »."""
    years = calendar_years(p)
    blocks = []
    for s in schemes:
        block, names = s.block_label(x), s.category_labels(x)
        rates = [Row((block, names[c]), "", frozenset([c]), c) for c in s.categories]
        blocks.append((s, rates + [Row((block, ENSEMBLE), "total", None)], Row((block, NOTIFICATIONS_EFFECTIF))))
    rows = [r for _, rates, count in blocks for r in rates + [count]]
    cell_kinds = {r.label: ("count" if r.label[1] == NOTIFICATIONS_EFFECTIF else "pct") for r in rows}
    tb = TableBuilder(labels(rows), kinds(rows))

    def share(u: pd.DataFrame) -> tuple:
        flagged = u["note_reglement"].fillna(False).astype(bool)  # missing flag: no evidence of a note
        return (*ratio(int(flagged.sum()), len(u), p.min_base), len(u))

    for y in years:
        cells = {}
        for s, rates, count in blocks:
            u = notifications(x, p, s, y)
            cells.update(evaluate(rates, u, "decision", share))
            cells[count.label] = len(u)
        tb.add_cells(year_col(y), cells, cell_kinds)
    missing = {s.code: int(series_notifications(x, p, s)["note_reglement"].isna().sum()) for s in schemes}
    codes = [s.code for s in schemes]
    notes = ["Note : part des notifications de décision passant par une note de règlement, calculée sur l'ensemble "
             "des notifications de la ligne."]
    found = {c: n for c, n in missing.items() if n}
    if found:
        notes.append("Note : notifications sans indication de note de règlement, comptées comme n'en ayant pas : "
                     + ", ".join(f"{n} ({c})" for c, n in found.items()) + f" sur {years[0]}–{years[-1]}.")
    return tb.build(number, title(number, p), champ_of(codes), source_of(codes), notes, section=section)


def _enumerate(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def champ_of(codes: list[str]) -> str:
    """CH_VAPP / CH_VAE / CH_VES, or the Champ naming several schemes (T59, Graphique 12)."""
    schemes = _enumerate([f"de {c}" for c in codes])
    return (f"Champ : notifications de décision {schemes} rendues au cours de l'année civile, et candidats les "
            "ayant reçues.")


def source_of(codes: list[str]) -> str:
    """SRC_VAPP / SRC_VAE / SRC_VES, or the Source naming several schemes."""
    if len(codes) == 1:
        return src_validation(codes[0])
    return ("Source : Cnam, applicatifs de gestion " + _enumerate([f"de la {c}" for c in codes])
            + " ; traitements Observatoire des études et carrières.")
