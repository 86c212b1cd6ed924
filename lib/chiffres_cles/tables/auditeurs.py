"""Les auditeurs du Cnam – leur nombre (T1–T4) et les modalités pédagogiques (T5–T6)."""
from __future__ import annotations

import math

import pandas as pd

from ..extraction import Extraction
from ..indicators import ratio
from ..params import EditionParams
from ..perimeter import scope
from ..sections import title
from ..table import Table, TableBuilder
from .common import (CH_AUD, ENSEMBLE, SUPPLEMENT_DOUBLE_COUNT, TOTAL, Row, add_count_series,
                     aire_rows, centre_rows, champ_year, closed_symbols, counts, evolutions,
                     has_supplement_measure, hors_supplement, kinds, labels, select, src_siap,
                     supplement_sum)
from .registry import register

NAN = math.nan


def _source_and_notes(s, p: EditionParams, years) -> tuple[str, list[str]]:
    centres = s.supplement_centres(years)
    return src_siap(p, centres), ([SUPPLEMENT_DOUBLE_COUNT] if centres else [])


# -- T1 -------------------------------------------------------------------------------

def learners_by_aire(x: Extraction, p: EditionParams, years: list[str], supplement: bool = True) -> dict:
    """SDC counts of AUD(y) by aire of the administrative centre (+ supplement auditeurs)."""
    s = scope(x, p)
    rows = aire_rows(x.ref)
    out = {}
    for y in years:
        c = counts(rows, s.aud(y), "aire")
        if supplement:
            extra = supplement_sum(rows, s.supplement(y), "aire", "auditeurs")
            c = {k: c[k] + extra[k] for k in c}
        out[y] = c
    return out


@register(1)
def t01(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    rows = aire_rows(x.ref)
    tb = TableBuilder(labels(rows), kinds(rows))
    add_count_series(tb, rows, learners_by_aire(x, p, p.S5), p)
    source, notes = _source_and_notes(s, p, p.S5)
    notes.append("Note : un auditeur inscrit pédagogiquement sans inscription administrative l'année considérée "
                 "n'est pas compté.")
    return tb.build(1, title(1, p), CH_AUD, source, notes, section="01")


# -- T2 -------------------------------------------------------------------------------

ACTIVITY_ROWS = [
    ("HTT", "Formation continue hors temps de travail (HTT)"),
    ("JOUR", "Formation continue en journée"),
    ("ALT", "Alternance"),
    ("APP", "dont contrat d'apprentissage"),
    ("PRO", "dont contrat de professionnalisation"),
    ("FI", "Formation initiale (hors alternance)"),
    ("AUTRE", "Autre ou non renseigné"),
]
DECLARED_TYPES = ("HTT", "JOUR", "FI", "AUTRE")


def learner_activity(x: Extraction, p: EditionParams, y: str) -> pd.Series:
    """One activity type per learner of AUD(y) (TABLES.md §2.4): alternants first, then the
    declared type, else derived from the inscriptions (FI > JOUR > HTT), else AUTRE."""
    s = scope(x, p)
    aud = s.aud(y).set_index("auditeur_id")
    ins = s.ins(y)
    derived = pd.Series("AUTRE", index=aud.index, dtype="object")
    for code in ("HTT", "JOUR", "FI"):  # increasing priority: later assignments win
        has = ins.loc[ins["type_activite"] == code, "auditeur_id"].unique()
        derived[derived.index.isin(has)] = code
    declared = aud["type_activite"].where(aud["type_activite"].isin(DECLARED_TYPES))
    out = declared.fillna(derived).astype("object")
    out[aud["alternant"]] = "ALT"
    return out


@register(2)
def t02(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    y = p.N
    aud = s.aud(y).set_index("auditeur_id")
    aud["activite"] = learner_activity(x, p, y)
    aires = [r for r in aire_rows(x.ref) if r.kind == ""]
    row_labels = [lab for _, lab in ACTIVITY_ROWS] + [TOTAL]
    row_kinds = ["dont" if code in ("APP", "PRO") else "" for code, _ in ACTIVITY_ROWS] + ["total"]

    def count(units: pd.DataFrame) -> dict:
        c = {lab: int((units["activite"] == code).sum()) for code, lab in ACTIVITY_ROWS if code not in ("APP", "PRO")}
        alt = units[units["activite"] == "ALT"]
        c["dont contrat d'apprentissage"] = int((alt["type_contrat"] == "APP").sum())
        c["dont contrat de professionnalisation"] = int((alt["type_contrat"] == "PRO").sum())
        c[TOTAL] = len(units)
        return c

    tb = TableBuilder(row_labels, row_kinds)
    for a in aires:
        tb.add(a.label, count(select(aud, "aire", a)), "count")
    total = count(aud)
    tb.add(TOTAL, total, "count")
    tb.add_cells("Part (%)", {lab: ratio(v, total[TOTAL], p.min_base) for lab, v in total.items()}, "pct")
    alt = aud[aud["activite"] == "ALT"]
    no_contract = int((~alt["type_contrat"].isin(["APP", "PRO"]).fillna(False)).sum())
    notes = []
    if no_contract:
        notes.append(f"Note : {no_contract} alternant(s) sans type de contrat renseigné figurent dans la ligne "
                     "« Alternance » mais dans aucune ligne « dont ».")
    notes.append("Note : un type d'activité par auditeur : les alternants d'abord, puis le type déclaré, sinon "
                 "le type de ses inscriptions (formation initiale, puis en journée, puis hors temps de travail).")
    centres = s.supplement_centres([y])
    if centres:
        notes.append(hors_supplement(centres))
    return tb.build(2, title(2, p), champ_year(CH_AUD, y), src_siap(p), notes, section="01")


# -- T3 -------------------------------------------------------------------------------

def _shown_centres(s, years, with_supplement: bool = True) -> set[str]:
    shown = set()
    for y in years:
        shown |= set(s.aud(y)["ca"].dropna().unique()) | set(s.ins(y)["centre"].dropna().unique())
        if with_supplement:
            shown |= set(s.supplement(y)["centre"].dropna())
    return shown


@register(3)
def t03(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = [p.n_minus(1), p.N]
    rows = centre_rows(x.ref, _shown_centres(s, years))
    closed = closed_symbols(x.ref, rows, years)
    mods = ", ".join(p.entrant_modalites)
    ent_header = f"Inscrits entrants ({mods})"
    tb = TableBuilder(labels(rows), kinds(rows))
    adm_by_year, ins_by_year = {}, {}
    for y in years:
        aud, ins, sup = s.aud(y), s.ins(y), s.supplement(y)
        adm = counts(rows, aud, "ca")
        adm_sup = supplement_sum(rows, sup, "centre", "auditeurs")
        ent_by_centre = s.entrants(y)
        ent = {r.label: float(ent_by_centre[ent_by_centre.index.isin(r.members)].sum()) if r.members is not None
               else float(ent_by_centre.sum()) for r in rows}
        nb_ins = counts(rows, ins, "centre")
        ins_sup = supplement_sum(rows, sup, "centre", "inscriptions")
        adm_total = {k: adm[k] + adm_sup[k] for k in adm}
        ins_total = {k: nb_ins[k] + ins_sup[k] for k in nb_ins}
        peda = {k: adm[k] + ent[k] for k in adm}  # hors supplément
        sym_nd = {r.label: "nd" for r in rows if r.code in set(sup["centre"])}
        sym = {**sym_nd, **closed[y]}
        tb.add((y, "Inscrits administratifs"), adm_total, "count", symbols=closed[y])
        tb.add((y, ent_header), ent, "count", symbols=sym)
        tb.add((y, "Auditeurs pris en compte (administratifs + entrants)"), peda, "count", symbols=sym)
        tb.add((y, "Inscriptions pédagogiques"), ins_total, "count", symbols=closed[y])
        adm_by_year[y], ins_by_year[y] = adm_total, ins_total
    evol_head = f"Évol. {years[1]} / {years[0]} (%)"
    for name, series in (("Inscrits administratifs", adm_by_year), ("Inscriptions pédagogiques", ins_by_year)):
        tb.add_cells((evol_head, name), evolutions(rows, series[years[1]], series[years[0]], p,
                                                   closed[years[1]], closed[years[0]]), "evol")
    champ = ("Champ : auditeurs et inscriptions pédagogiques aux UE et US de l'offre nationale, par centre Cnam "
             "en région et à l'étranger.")
    source, notes = _source_and_notes(s, p, years)
    notes.append("Note : un même auditeur peut être compté comme entrant dans plusieurs centres ; les totaux des "
                 "inscrits entrants et des auditeurs pris en compte sont des sommes sur les centres.")
    notes.append(f"Note : est « entrant » d'un centre l'auditeur inscrit administrativement ailleurs qui y suit au "
                 f"moins un enseignement en {mods}.")
    centres = s.supplement_centres(years)
    if centres:
        notes.append(f"Note : inscrits entrants et auditeurs pris en compte hors {', '.join(centres)} (collecte "
                     "manuelle), y compris dans les sous-totaux et le total.")
    return tb.build(3, title(3, p), champ, source, notes, section="01")


# -- T4 -------------------------------------------------------------------------------

@register(4)
def t04(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    years = [p.n_minus(1), p.N]
    shown = set()
    for y in years:
        shown |= set(s.openings(y)["centre"]) | set(s.supplement(y)["centre"])
    rows = centre_rows(x.ref, shown, total="Total (somme des centres)")
    network = Row("Réseau (enseignements distincts)", "total", None)
    all_rows = rows + [network]
    closed = closed_symbols(x.ref, rows, years)
    tb = TableBuilder(labels(all_rows), kinds(all_rows))
    totals = {}
    unknown_modality = {}
    for y in years:
        ouv = s.openings(y)
        sup = s.supplement(y)
        sup_centres = set(sup["centre"])
        sup_ouv = supplement_sum(rows, sup, "centre", "enseignements_ouverts")
        sym = {**{r.label: "nd" for r in rows if r.code in sup_centres}, **closed[y]}
        for m in ("PRES", "FOAD", "HYB"):
            sub = ouv[ouv["modalite"] == m]
            vals = counts(rows, sub, "centre")
            vals[network.label] = len(sub.drop_duplicates(["code_enseignement"]))
            tb.add((y, m), vals, "count", symbols=sym)
        vals = counts(rows, ouv, "centre")
        vals = {k: vals[k] + sup_ouv[k] for k in vals}
        vals[network.label] = len(ouv.drop_duplicates(["code_enseignement", "modalite"]))
        tb.add((y, "Total"), vals, "count", symbols=closed[y])
        totals[y] = vals
        unknown_modality[y] = int(ouv["modalite"].isna().sum())
    tb.add_cells(f"Évol. {years[1]} / {years[0]} (%)",
                 evolutions(all_rows, totals[years[1]], totals[years[0]], p, closed[years[1]], closed[years[0]]), "evol")
    champ = ("Champ : enseignements (UE et US) de l'offre nationale ayant au moins un inscrit, par centre "
             "organisateur et modalité.")
    notes = ["Note : une ouverture est un couple (enseignement, modalité) dans un centre ; un même enseignement "
             "ouvert dans plusieurs centres compte une fois par centre dans la somme des centres et une fois "
             "dans la ligne « Réseau »."]
    for y in years:
        if unknown_modality[y]:
            notes.append(f"Note : {unknown_modality[y]} ouverture(s) de modalité non renseignée en {y}, comptées "
                         "dans le total seulement.")
    centres = s.supplement_centres(years)
    if centres:
        notes.append(f"Note : {', '.join(centres)} (collecte manuelle) : total seulement, non ventilé par modalité ; "
                     "la ligne « Réseau » est hors collecte manuelle.")
    return tb.build(4, title(4, p), champ, src_siap(p, centres), notes, section="01")


# -- T5, T6 ---------------------------------------------------------------------------

def foad_hyb_by(x: Extraction, p: EditionParams, rows: list[Row], key: str, y: str, sup_key: str):
    """(learners with >= 1 FOAD/HYB inscription, learners) per row, supplement included
    where it gives `auditeurs_foad_hyb` (else hors supplément on both sides)."""
    s = scope(x, p)
    aud = s.aud(y)
    num = counts(rows, aud[aud["foad_hyb"]], key)
    den = counts(rows, aud, key)
    sup = s.supplement(y)
    if has_supplement_measure(sup, "auditeurs_foad_hyb"):
        sup = sup[sup["auditeurs_foad_hyb"].notna()]
        extra_n = supplement_sum(rows, sup, sup_key, "auditeurs_foad_hyb")
        extra_d = supplement_sum(rows, sup, sup_key, "auditeurs")
        num = {k: num[k] + extra_n[k] for k in num}
        den = {k: den[k] + extra_d[k] for k in den}
    return num, den


@register(5)
def t05(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    rows = aire_rows(x.ref)
    tb = TableBuilder(labels(rows), kinds(rows))
    effectifs = {}
    for y in p.S5:
        num, den = foad_hyb_by(x, p, rows, "aire", y, "aire")
        tb.add((y, "Effectif"), num, "count")
        tb.add_cells((y, "Part des auditeurs de l'aire (%)"), {k: ratio(num[k], den[k], p.min_base) for k in num}, "pct")
        effectifs[y] = num
    last, prev = p.N, p.n_minus(1)
    tb.add_cells(f"Évol. {last} / {prev} (%)", evolutions(rows, effectifs[last], effectifs[prev], p), "evol")
    source, notes = _source_and_notes(s, p, p.S5)
    notes.insert(0, "Note : auditeurs inscrits à au moins un enseignement à distance (FOAD) ou hybride (HYB), "
                    "quel que soit le centre qui l'organise ; part calculée sur l'ensemble des auditeurs de l'aire.")
    return tb.build(5, title(5, p), CH_AUD, source, notes, section="02")


@register(6)
def t06(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    rows = centre_rows(x.ref, _shown_centres(s, p.S5), total=ENSEMBLE)
    closed = closed_symbols(x.ref, rows, p.S5)
    tb = TableBuilder(labels(rows), kinds(rows))
    for y in p.S5:
        num, den = foad_hyb_by(x, p, rows, "ca", y, "centre")
        cells = {k: (*ratio(num[k], den[k], p.min_base), den[k]) for k in num}
        sup = s.supplement(y)
        blocked = {} if has_supplement_measure(sup, "auditeurs_foad_hyb") else \
            {r.label: "nd" for r in rows if r.code in set(sup["centre"])}
        tb.add_cells(y, cells, "pct", extra_symbols={**blocked, **closed[y]})
    source, notes = _source_and_notes(s, p, p.S5)
    notes.insert(0, "Note : part des auditeurs du centre inscrits à au moins un enseignement en FOAD ou HYB.")
    return tb.build(6, title(6, p), CH_AUD, source, notes, section="02")
