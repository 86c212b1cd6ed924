"""Valorisation des parcours – la validation des acquis de l'expérience (VAE), T42–T52: the
scheme's description, the registration of its shared tables (`valorisation.py`) and the three
tables only VAE has: T45 (time from the highest diploma to the application), T47 (financing)
and T50 (rates by type of diploma sought, optionally by diploma)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..extraction import Extraction
from ..indicators import mean
from ..params import EditionParams
from ..table import Table, TableBuilder
from .common import ENSEMBLE, MISSING_SHARE, TOTAL, Row, collation_key, distribution, kinds, labels
from .registry import register
from .valorisation import (FEMMES, HOMMES, NOTIFICATIONS_EFFECTIF, RATES_NOTE, Rate, Scheme, add_rate_series,
                           build_table, by_centre, by_epn, by_year_text, calendar_years, candidates, decisions,
                           jobseekers, key_figures, levels, mean_ages, non_empty, notifications, rates_by_level,
                           series_notifications, sex_groups, unknown_sex, year_col)

TOTALE = "Délivrance totale (%)"
PARTIELLE = "Validation partielle (%)"

VAE = Scheme(
    code="VAE",
    section="11",
    categories=("TOTALE", "PARTIELLE", "REFUS"),
    favourable=("TOTALE", "PARTIELLE"),
    favourable_label="Part des notifications avec validation totale ou partielle (%)",
    rates=(Rate(("TOTALE",), TOTALE, TOTALE, TOTALE), Rate(("PARTIELLE",), PARTIELLE, PARTIELLE, PARTIELLE)),
    distinct_label="Diplômes visés distincts",
)


@register(42)
def t42(x: Extraction, p: EditionParams) -> Table:
    return key_figures(x, p, VAE, 42)


@register(43)
def t43(x: Extraction, p: EditionParams) -> Table:
    return mean_ages(x, p, VAE, 43)


@register(44)
def t44(x: Extraction, p: EditionParams) -> Table:
    return jobseekers(x, p, VAE, 44, by_sex=True)


# -- T45: from the highest diploma to the application ---------------------------------------

TAKEN = "Candidats pris en compte (effectif)"
DELAY_MAX = 60  # years: a longer delay is implausible (TABLES.md T45)
NO_DIPLOMA_CODE = "0"  # « Aucun diplôme ou brevet »
NO_DIPLOMA, NO_DATE, OUT_OF_RANGE = "sans_diplome", "date_manquante", "hors_bornes"


def diploma_delays(x: Extraction, p: EditionParams, year: int) -> pd.DataFrame:
    """VAE candidates of `year` with the time in years (days / 365.25) from their highest
    diploma to their application: `delay` (missing when excluded), `excluded` (why: no
    diploma, no date of obtention, negative or over 60 years) and `fallback` (no
    date_candidature: the decision date was used)."""
    cand = candidates(x, p, VAE, year)
    fallback = cand["date_candidature"].isna()
    start = cand["date_candidature"].fillna(cand["date_decision"])
    obtained = cand["date_plus_haut_diplome"]
    delay = (start - obtained).dt.days / 365.25
    no_diploma = (cand["niveau_diplome"] == NO_DIPLOMA_CODE).fillna(False).astype(bool)
    no_date = obtained.isna()
    out_of_range = ((delay < 0) | (delay > DELAY_MAX)).fillna(False).astype(bool)
    excluded = np.select([no_diploma, no_date, out_of_range], [NO_DIPLOMA, NO_DATE, OUT_OF_RANGE], default="")
    out = pd.DataFrame({"candidat_id": cand["candidat_id"], "sexe": cand["sexe"], "excluded": excluded,
                        "fallback": fallback.to_numpy()})
    out["delay"] = delay.where(out["excluded"] == "").astype("float64")
    return out


@register(45)
def t45(x: Extraction, p: EditionParams) -> Table:
    years = calendar_years(p)
    rows = [HOMMES, FEMMES, ENSEMBLE, TAKEN]
    tb = TableBuilder(rows, ["", "", "total", ""])
    cell_kinds = {r: ("count" if r == TAKEN else "mean") for r in rows}
    excluded = {reason: {} for reason in (NO_DIPLOMA, NO_DATE, OUT_OF_RANGE)}
    fallback, no_sex = {}, {}
    for y in years:
        d = diploma_delays(x, p, y)
        kept = d[d["excluded"] == ""]
        cells = {r: (*mean(float(u["delay"].sum()), len(u), p.min_base), len(u)) for r, u in sex_groups(kept).items()}
        cells[TAKEN] = len(kept)
        tb.add_cells(year_col(y), cells, cell_kinds)
        for reason in excluded:
            excluded[reason][y] = int((d["excluded"] == reason).sum())
        fallback[y] = int(kept["fallback"].sum())
        no_sex[y] = unknown_sex(kept)
    notes = ["Note : durée entre la date d'obtention du plus haut diplôme et la date de candidature (dépôt ou "
             "recevabilité du dossier), en jours / 365,25, pour la première notification de l'année ; une année "
             "d'obtention seule vaut 1er juillet de cette année."]
    if any(fallback.values()):
        notes.append(f"Note : date de candidature manquante, date de la décision retenue à la place : "
                     f"{by_year_text(fallback)}.")
    names = {NO_DIPLOMA: "sans diplôme (« Aucun diplôme ou brevet »)", NO_DATE: "date d'obtention non renseignée",
             OUT_OF_RANGE: f"durée négative ou supérieure à {DELAY_MAX} ans"}
    parts = [f"{names[r]} : {by_year_text(found)}" for r, found in excluded.items() if any(found.values())]
    if parts:
        notes.append("Note : candidats exclus : " + " ; ".join(parts) + ".")
    if any(no_sex.values()):
        notes.append(f"Note : candidats de sexe non renseigné, comptés dans « Ensemble » seulement : "
                     f"{by_year_text(no_sex)}.")
    champ = VAE.champ.rstrip(".") + " ; candidats dont le plus haut diplôme et sa date d'obtention sont connus."
    return build_table(tb, 45, p, VAE, notes, champ=champ)


@register(46)
def t46(x: Extraction, p: EditionParams) -> Table:
    return levels(x, p, VAE, 46)


# -- T47: financing ------------------------------------------------------------------------

OTHER_FUNDING = "AUTRE"


@register(47)
def t47(x: Extraction, p: EditionParams) -> Table:
    """Shares of the dossier's principal funder among notifications (unit = notification)."""
    years = calendar_years(p)
    mapping, cats = x.ref.labels("financement"), x.ref.ordered_labels("financement")
    rows = cats + [TOTAL, MISSING_SHARE, NOTIFICATIONS_EFFECTIF]
    row_kinds = [""] * len(cats) + ["total", "", "total"]
    cell_kinds = {r: ("count" if r == NOTIFICATIONS_EFFECTIF else "pct") for r in rows}
    tb = TableBuilder(rows, row_kinds)
    present = "financement" in x.columns("validations")
    unmapped = {}
    for y in years:
        notif = notifications(x, p, VAE, y)
        if not present:
            tb.add_cells(year_col(y), {r: (np.nan, "nd") for r in rows}, cell_kinds)
            continue
        code = notif["financement"]
        lab = code.astype("object").map(mapping)
        other = code.notna().to_numpy() & lab.isna().to_numpy()
        lab[other] = mapping[OTHER_FUNDING]
        unmapped[y] = int(other.sum())
        tb.add_cells(year_col(y), {**distribution(lab, cats, p.min_base), NOTIFICATIONS_EFFECTIF: len(notif)}, cell_kinds)
    notes = ["Note : unité de compte : la notification de décision, avec le financeur principal de son dossier ; "
             "parts calculées sur les notifications dont le financement est renseigné."]
    if not present:
        notes.append("Note : le financement des dossiers n'est pas disponible dans l'extraction.")
    if any(unmapped.values()):
        notes.append(f"Note : codes de financement non répertoriés, comptés dans « {mapping[OTHER_FUNDING]} » : "
                     f"{by_year_text(unmapped)}.")
    return build_table(tb, 47, p, VAE, notes)


@register(48)
def t48(x: Extraction, p: EditionParams) -> Table:
    return decisions(x, p, VAE, 48)


@register(49)
def t49(x: Extraction, p: EditionParams) -> Table:
    return rates_by_level(x, p, VAE, 49)


# -- T50: rates by type of diploma sought ----------------------------------------------------

T50_TYPES = ("DEUST", "LIC", "LICPRO", "MASTER", "ING", "RNCP", "DE", "CERT")
OTHER_TYPE = "Autre"
TYPE_BLOCK = "Par type de diplôme visé"


@register(50)
def t50(x: Extraction, p: EditionParams) -> Table:
    """T49's rates by `type_diplome_vise` (every other code, unmapped or empty → « Autre »);
    with `t50_detail`, a second block lists the diplomas sought (`diplome_vise`) with at least
    MIN_BASE notifications in C."""
    notif = series_notifications(x, p, VAE)
    names = x.ref.parchemins["libelle"].to_dict()
    code = notif["type_diplome_vise"].astype("object")
    notif["type"] = code.where(code.isin(T50_TYPES)).map(names).fillna(OTHER_TYPE).to_numpy()
    type_labels = [names[c] for c in T50_TYPES] + [OTHER_TYPE]
    rows = [Row(t, "", frozenset([t]), t) for t in type_labels] + [Row(ENSEMBLE, "total", None)]
    rows = non_empty(rows, notif, "type")
    parts = [(rows, "type")]
    detail = []
    if p.t50_detail:
        block = f"Diplômes visés ayant au moins {p.min_base} notifications en {p.C}"
        notif["diplome"] = notif["diplome_vise"].str.strip().replace("", pd.NA)
        in_c = notif.loc[notif["annee"] == p.C, "diplome"].value_counts()
        shown = sorted(in_c[in_c >= p.min_base].index, key=collation_key)
        rows = [Row((TYPE_BLOCK, r.label), r.kind, r.members, r.code) for r in rows]
        detail = [Row((block, d), "", frozenset([d]), d) for d in shown]
        parts = [(rows, "type"), (detail, "diplome")]
    all_rows = rows + detail
    tb = TableBuilder(labels(all_rows), kinds(all_rows))
    add_rate_series(tb, parts, notif, VAE, p)
    n_other = int((notif["type"] == OTHER_TYPE).sum())
    notes = [RATES_NOTE,
             f"Note : « {OTHER_TYPE} » regroupe les autres types de diplôme, les types non répertoriés et les types "
             f"non renseignés ({n_other} notification(s) sur la période) ; les types sans aucune notification sur la "
             "période ne sont pas présentés."]
    if p.t50_detail:
        notes.append(f"Note : second bloc : diplômes visés (intitulé du dossier) ayant reçu au moins {p.min_base} "
                     f"notifications de décision en {p.C}.")
    return build_table(tb, 50, p, VAE, notes)


@register(51)
def t51(x: Extraction, p: EditionParams) -> Table:
    return by_epn(x, p, VAE, 51)


@register(52)
def t52(x: Extraction, p: EditionParams) -> Table:
    return by_centre(x, p, VAE, 52)
