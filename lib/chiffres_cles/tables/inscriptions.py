"""Les inscriptions pédagogiques – leur nombre (T16–T19) et les modalités pédagogiques (T20–T22).

Every inscription of INS(y) (`perimeter.scope(x, p).ins(y)`) is counted in the centre that
organises the teaching (`centre`: centre_peda after the historical mapping and the merge of
the Paris – Établissement public codes, the learner's administrative centre when missing),
its aire, the catalogue's EPN of its (code, année) and its modality. The §2.9 supplement
(`inscriptions`) enters T16, T18, T20 and T21; T17, T19 and T22 are hors supplément (Note).
"""
from __future__ import annotations

import pandas as pd

from ..extraction import Extraction
from ..formatting import fmt_int
from ..indicators import ratio
from ..params import EditionParams
from ..perimeter import scope
from ..sections import title
from ..table import Table, TableBuilder
from .auditeurs import ACTIVITY_ROWS
from .common import (CH_INS, ENSEMBLE, TOTAL, Row, add_count_series, aire_rows, centre_rows, champ_year,
                     closed_symbols, counts, epn_key, epn_rows, evaluate, evolutions, hors_supplement, kinds,
                     labels, select, src_siap, supplement_contributors, supplement_lacking, supplement_sum)
from .registry import register

MODALITES = ("PRES", "FOAD", "HYB")
MODALITE_MISSING = "Modalité non renseignée"
MEASURE = "inscriptions"  # the supplement's measure
CONTRACTS = ("APP", "PRO")  # the « dont » lines of T17

# aires of T19's three shares (§2.3 codes)
PARIS_EP_AIRE = "PEP"
REGION_AIRES = ("IDF", "MET", "OM")
ABROAD_AIRE = "ETR"

CENTRE_PEDA_NOTE = ("Note : chaque inscription est rattachée au centre qui organise l'enseignement ; à défaut de "
                    "centre organisateur renseigné, au centre d'inscription administrative de l'auditeur.")


# -- shared pieces ----------------------------------------------------------------------

def inscriptions_by(x: Extraction, p: EditionParams, rows: list[Row], key: str, y: str,
                    supplement: bool = True) -> dict:
    """Inscriptions of INS(y) per row (`key`: "aire" or "centre", of the organising centre),
    plus the supplement's inscriptions of the row's centres."""
    s = scope(x, p)
    c = counts(rows, s.ins(y), key)
    if supplement:
        extra = supplement_sum(rows, s.supplement(y), key, MEASURE)
        c = {k: c[k] + extra[k] for k in c}
    return c


def _nd_symbols(rows: list[Row], centres: set[str]) -> dict:
    return {r.label: "nd" for r in rows if r.code in centres}


def _lacking_notes(s, years, what: str) -> list[str]:
    """Supplement centres without the measure in a year: the table is hors those centres there."""
    notes = []
    for y in years:
        lacking = supplement_lacking(s.supplement(y), MEASURE)
        if lacking:
            names = ", ".join(s.ref.centre_rows.at[c, "libelle"] for c in sorted(lacking))
            notes.append(f"Note : {what} hors {names} en {y} (collecte manuelle sans nombre d'inscriptions).")
    return notes


def _hors_supplement_notes(s, years) -> list[str]:
    centres = s.supplement_centres(years)
    return [hors_supplement(centres)] if centres else []


# -- T16 --------------------------------------------------------------------------------

@register(16)
def t16(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    rows = aire_rows(x.ref)
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, {y: inscriptions_by(x, p, rows, "aire", y) for y in p.S5}, p)
    notes = [CENTRE_PEDA_NOTE, *_lacking_notes(s, p.S5, "inscriptions")]
    return tb.build(16, title(16, p), CH_INS, src_siap(p, supplement_contributors(s, p.S5, MEASURE)), notes,
                    section="06")


# -- T17 --------------------------------------------------------------------------------

def _activity_counts(units: pd.DataFrame) -> dict:
    """Inscriptions per activity row (inscription field); « dont » lines by the contract type
    of the learner; a missing or unknown type goes to « Autre ou non renseigné »."""
    types = [(code, lab) for code, lab in ACTIVITY_ROWS if code not in CONTRACTS]
    act = units["type_activite"].where(units["type_activite"].isin([c for c, _ in types])).fillna("AUTRE")
    out = {lab: int((act == code).sum()) for code, lab in types}
    alt = units[(act == "ALT").to_numpy()]
    out["dont contrat d'apprentissage"] = int((alt["type_contrat"] == "APP").fillna(False).sum())
    out["dont contrat de professionnalisation"] = int((alt["type_contrat"] == "PRO").fillna(False).sum())
    out[TOTAL] = len(units)
    return out


@register(17)
def t17(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    ins = s.ins(y).copy(deep=False)  # (copy on write: the column added is this frame's only)
    contract = s.aud(y).set_index("auditeur_id")["type_contrat"]
    ins["type_contrat"] = ins["auditeur_id"].astype("string").map(contract).astype("string")
    aires = [r for r in aire_rows(x.ref) if r.kind == ""]
    row_labels = [lab for _, lab in ACTIVITY_ROWS] + [TOTAL]
    row_kinds = ["dont" if code in CONTRACTS else "" for code, _ in ACTIVITY_ROWS] + ["total"]
    tb = TableBuilder(row_labels, row_kinds)
    for a in aires:
        tb.add(a.label, _activity_counts(select(ins, "aire", a)), "count")
    total = _activity_counts(ins)
    tb.add(TOTAL, total, "count")
    tb.add_cells("Part (%)", {lab: (*ratio(v, total[TOTAL], p.min_base), total[TOTAL]) for lab, v in total.items()},
                 "pct")
    alt = ins[(ins["type_activite"] == "ALT").fillna(False).astype(bool)]
    no_contract = int((~alt["type_contrat"].isin(CONTRACTS).fillna(False).astype(bool)).sum())
    notes = [CENTRE_PEDA_NOTE,
             "Note : type d'activité de l'inscription ; les lignes « dont » retiennent le type de contrat de "
             "l'auditeur."]
    if no_contract:
        notes.append(f"Note : {fmt_int(no_contract)} inscription(s) en alternance d'auditeurs sans type de contrat "
                     "renseigné figurent dans la ligne « Alternance » mais dans aucune ligne « dont ».")
    notes += _hors_supplement_notes(s, [y])
    return tb.build(17, title(17, p), champ_year(CH_INS, y), src_siap(p), notes, section="06")


# -- T18 --------------------------------------------------------------------------------

def _shown_centres(s, years) -> set[str]:
    """Centres organising at least one inscription, or with a supplement, in one of `years`."""
    shown = set()
    for y in years:
        shown |= set(s.ins(y)["centre"].dropna().unique()) | set(s.supplement(y)["centre"].dropna())
    return shown


@register(18)
def t18(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = p.S3
    rows = centre_rows(x.ref, _shown_centres(s, years))
    closed = closed_symbols(x.ref, rows, years)
    symbols = {y: {**_nd_symbols(rows, supplement_lacking(s.supplement(y), MEASURE)), **closed[y]} for y in years}
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, {y: inscriptions_by(x, p, rows, "centre", y) for y in years}, p, symbols=symbols)
    notes = [CENTRE_PEDA_NOTE, *_lacking_notes(s, years, "sous-totaux et total")]
    return tb.build(18, title(18, p), CH_INS, src_siap(p, supplement_contributors(s, years, MEASURE)), notes,
                    section="06")


# -- T19 --------------------------------------------------------------------------------

T19_MEASURES = ("Inscriptions", "dont Paris – Établissement public (%)", "dont centres en région (%)",
                "dont centres à l'étranger (%)", "Enseignements actifs", "Enseignements ouverts en région",
                "Taux de déploiement en région (%)")


def deployment(units: pd.DataFrame, min_base: int) -> dict:
    """T19 measures of a set of inscriptions: count, shares by place of the organising
    centre, distinct codes active anywhere and opened in a centre en région, and their ratio."""
    n = len(units)
    aire = units["aire"]
    region = aire.isin(REGION_AIRES).fillna(False).astype(bool)
    actifs = units["code_enseignement"].nunique()
    ouverts = units.loc[region.to_numpy(), "code_enseignement"].nunique()
    share = lambda m: (*ratio(int(m.sum()), n, min_base), n)  # noqa: E731
    return dict(zip(T19_MEASURES, (
        n,
        share((aire == PARIS_EP_AIRE).fillna(False)),
        share(region),
        share((aire == ABROAD_AIRE).fillna(False)),
        actifs,
        ouverts,
        (*ratio(ouverts, actifs, min_base), actifs),
    )))


@register(19)
def t19(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = [p.n_minus(1), p.N]
    units = {}
    for y in years:
        ins = s.ins(y)[["aire", "code_enseignement", "epn"]].copy(deep=False)  # what T19 reads
        ins["epn_k"] = epn_key(ins["epn"])
        units[y] = ins
    rows = epn_rows(x.ref, set().union(*(set(u["epn_k"]) for u in units.values())))
    tb = TableBuilder(labels(rows), kinds(rows))
    inscriptions = {}
    for y in years:
        cells = evaluate(rows, units[y], "epn_k", lambda u: deployment(u, p.min_base))
        for m in T19_MEASURES:
            kind = "pct" if m.endswith("(%)") else "count"
            tb.add_cells((y, m), {k: v[m] for k, v in cells.items()}, kind)
        inscriptions[y] = {k: v["Inscriptions"] for k, v in cells.items()}
    tb.add_cells((f"Évol. {years[1]} / {years[0]} (%)", "Inscriptions"),
                 evolutions(rows, inscriptions[years[1]], inscriptions[years[0]], p), "evol")
    champ = ("Champ : inscriptions pédagogiques aux UE et US de l'offre nationale, par EPN responsable de "
             "l'enseignement.")
    notes = ["Note : centres en région : centres d'Île-de-France, des régions métropolitaines et d'outre-mer ; "
             "parts calculées selon le centre qui organise l'enseignement.",
             "Note : enseignements actifs : enseignements de l'EPN ayant au moins un inscrit dans le réseau ; "
             "ouverts en région : ayant au moins un inscrit dans un centre en région ; taux de déploiement en "
             "région = enseignements ouverts en région / enseignements actifs.",
             "Note : EPN de l'enseignement selon le catalogue BéDéO de l'année."]
    notes += _hors_supplement_notes(s, years)
    return tb.build(19, title(19, p), champ, src_siap(p), notes, section="06")


# -- T20 --------------------------------------------------------------------------------

def _sup_modality(sup: pd.DataFrame) -> pd.Series:
    if "modalite" in sup.columns:
        return sup["modalite"].astype("string")
    return pd.Series(pd.NA, index=sup.index, dtype="string")


def _sup_total(sup: pd.DataFrame, mask=None) -> float:
    if MEASURE not in sup.columns or sup.empty:
        return 0
    v = sup[MEASURE] if mask is None else sup.loc[mask, MEASURE]
    return v.fillna(0).sum()


def unsplit_centres(sup: pd.DataFrame) -> set[str]:
    """Supplement centres of a year whose inscriptions are not split by modality."""
    split = _sup_modality(sup).isin(MODALITES).fillna(False).to_numpy()
    return set(sup.loc[~split, "centre"].dropna())


def modality_counts(units: pd.DataFrame, sup: pd.DataFrame) -> dict:
    """Inscriptions per modality, of unknown modality and in all (« Ensemble »): INS(y) units
    plus the supplement, split by modality where it is, else in the Ensemble only."""
    mod = _sup_modality(sup)
    out = {m: int((units["modalite"] == m).fillna(False).sum()) + _sup_total(sup, (mod == m).fillna(False).to_numpy())
           for m in MODALITES}
    out[MODALITE_MISSING] = int(units["modalite"].isna().sum())
    out[ENSEMBLE] = len(units) + _sup_total(sup)
    return out


def modality_shares(c: dict, min_base: int) -> dict:
    """Shares of PRES, FOAD, HYB over the known modalities, the Ensemble at 100."""
    known = sum(c[m] for m in MODALITES)
    out = {m: (*ratio(c[m], known, min_base), known) for m in MODALITES}
    out[ENSEMBLE] = (*ratio(known, known, min_base), known)
    return out


def _unsplit_note(s, years) -> list[str]:
    names = []
    for y in years:
        for c in sorted(unsplit_centres(s.supplement(y))):
            lab = s.ref.centre_rows.at[c, "libelle"]
            if lab not in names:
                names.append(lab)
    if not names:
        return []
    return [f"Note : inscriptions de {', '.join(names)} (collecte manuelle) non ventilées par modalité : comptées "
            "dans « Ensemble » seulement."]


@register(20)
def t20(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = p.S5
    blocks = [r for r in aire_rows(x.ref) if r.kind == ""] + [Row(TOTAL, "total", None)]
    values = {y: {} for y in years}
    shares = {}
    all_rows: list[Row] = []
    for b in blocks:
        per_year = {y: modality_counts(select(s.ins(y)[["aire", "modalite"]], "aire", b),
                                       select(s.supplement(y), "aire", b))
                    for y in years}
        names = list(MODALITES)
        if any(per_year[y][MODALITE_MISSING] for y in years):
            names.append(MODALITE_MISSING)
        names.append(ENSEMBLE)
        block_rows = [Row((b.label, n), "total" if n == ENSEMBLE else "") for n in names]
        all_rows += block_rows
        for y in years:
            values[y].update({(b.label, n): per_year[y][n] for n in names})
        sh = modality_shares(per_year[p.N], p.min_base)
        shares.update({(b.label, n): sh[n] for n in names if n in sh})
    tb = TableBuilder(labels(all_rows), kinds(all_rows))
    for y in years:
        tb.add(y, values[y], "count")
    tb.add_cells(f"Part {p.N} (%)", shares, "pct")
    tb.add_cells(f"Évol. {p.N} / {p.n_minus(1)} (%)", evolutions(all_rows, values[p.N], values[p.n_minus(1)], p),
                 "evol")
    notes = [CENTRE_PEDA_NOTE,
             "Note : part de chaque modalité dans l'aire, calculée sur les inscriptions de modalité renseignée."]
    notes += _unsplit_note(s, years)
    notes += _lacking_notes(s, years, "inscriptions")
    return tb.build(20, title(20, p), CH_INS, src_siap(p, supplement_contributors(s, years, MEASURE)), notes,
                    section="07")


# -- T21 --------------------------------------------------------------------------------

@register(21)
def t21(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    ins, sup = s.ins(y), s.supplement(y)
    rows = centre_rows(x.ref, _shown_centres(s, [y]))
    closed = closed_symbols(x.ref, rows, [y])[y]
    unsplit = unsplit_centres(sup)
    blocked = {**_nd_symbols(rows, unsplit), **closed}
    lacking = {**_nd_symbols(rows, supplement_lacking(sup, MEASURE)), **closed}
    # modality columns: INS(y) plus the split supplement; « Total »: the whole supplement too
    by_mod = {r.label: modality_counts(select(ins[["centre", "modalite"]], "centre", r), select(sup, "centre", r))
              for r in rows}
    tb = TableBuilder(labels(rows), kinds(rows))
    for m in MODALITES:
        tb.add(m, {k: v[m] for k, v in by_mod.items()}, "count", symbols=blocked)
    if int(ins["modalite"].isna().sum()):
        tb.add(MODALITE_MISSING, {k: v[MODALITE_MISSING] for k, v in by_mod.items()}, "count", symbols=blocked)
    tb.add(TOTAL, {k: v[ENSEMBLE] for k, v in by_mod.items()}, "count", symbols=lacking)
    shares = {k: modality_shares(v, p.min_base) for k, v in by_mod.items()}
    for m in MODALITES:
        tb.add_cells(f"{m} (%)", {k: v[m] for k, v in shares.items()}, "pct", extra_symbols=blocked)
    notes = [CENTRE_PEDA_NOTE, "Note : parts calculées sur les inscriptions de modalité renseignée."]
    if unsplit:
        names = ", ".join(s.ref.centre_rows.at[g, "libelle"] for g in sorted(unsplit))
        notes.append(f"Note : {names} (collecte manuelle) : total seulement, non ventilé par modalité ; les colonnes "
                     "par modalité des sous-totaux et du total sont hors collecte manuelle.")
    notes += _lacking_notes(s, [y], "inscriptions")
    return tb.build(21, title(21, p), champ_year(CH_INS, y), src_siap(p, supplement_contributors(s, [y], MEASURE)),
                    notes, section="07")


# -- T22 --------------------------------------------------------------------------------

FLOW_COLUMNS = (
    ("regionales", "Régionales"),
    ("entrantes", "Entrantes"),
    ("sortantes", "Sortantes"),
    ("organisees", "Organisées par le centre (régionales + entrantes)"),
    ("solde", "Solde (entrantes − sortantes)"),
)
FLOW_MODALITES = ("FOAD", "HYB")


def flow_table(x: Extraction, p: EditionParams, y: str, modalite: str) -> pd.DataFrame:
    """Inscription flows of one modality by centre (§2.2): régionales, entrantes, sortantes,
    organisées (régionales + entrantes) and solde (entrantes − sortantes)."""
    f = scope(x, p).flows(y, modalite).copy()
    f["organisees"] = f["regionales"] + f["entrantes"]
    f["solde"] = f["entrantes"] - f["sortantes"]
    return f


@register(22)
def t22(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    flows = {m: flow_table(x, p, y, m) for m in FLOW_MODALITES}
    shown = set().union(*(set(f.index) for f in flows.values()))
    rows = [r for r in centre_rows(x.ref, shown) if r.kind != "subtotal"]
    tb = TableBuilder(labels(rows), kinds(rows))
    for m in FLOW_MODALITES:
        f = flows[m]
        for col, header in FLOW_COLUMNS:
            vals = {r.label: (int(f[col].sum()) if r.members is None
                              else int(f.loc[f.index.isin(r.members), col].sum())) for r in rows}
            tb.add((m, header), vals, "count")
    ins = s.ins(y)
    no_ca = int((ins["modalite"].isin(FLOW_MODALITES).fillna(False) & ~ins["has_learner"]).sum())
    mods = ", ".join(p.entrant_modalites)
    notes = ["Note : régionales : inscriptions organisées par le centre d'inscription administrative de l'auditeur ; "
             "entrantes : organisées par le centre pour des auditeurs inscrits administrativement dans un autre "
             "centre ; sortantes : inscriptions des auditeurs du centre organisées par un autre centre.",
             f"Note : ce sont des flux d'inscriptions ; seules les inscriptions entrantes en {mods} font un "
             "« inscrit entrant » (tableau 3)."]
    if no_ca:
        notes.append(f"Note : {fmt_int(no_ca)} inscription(s) d'auditeurs sans inscription administrative l'année "
                     "considérée (centre d'inscription administrative inconnu) ne sont pas comptées.")
    notes += _hors_supplement_notes(s, [y])
    champ = ("Champ : inscriptions pédagogiques en FOAD ou en hybride aux UE et US de l'offre nationale, selon le "
             "centre organisateur et le centre d'inscription administrative de l'auditeur.")
    return tb.build(22, title(22, p), champ, src_siap(p), notes, section="07")
