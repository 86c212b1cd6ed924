"""The values of the book's hand-written chapters: the preface and « Concepts, sources et
périmètres ».

The words are the editors': Markdown templates in `report/textes/` (`preface.md.j2`,
`concepts.md.j2` and its parts in `concepts/`), which an edition folder
`report/editions/YYYY/` may replace or complete (see `templates.py`). This module computes
only what those templates show — years, dates, windows, thresholds, counts and lists from
the edition's parameters (`EditionParams`), the reference files (`Reference`), the registry
of tables and the build (key figures, manifest) — and renders them.

Both chapters are Pandoc Markdown (no Quarto-only syntax), read by the Quarto book and the
built-in engine alike. French typography is applied last (`templates.typographie`):
no-break space inside « », narrow no-break space (U+202F) before ; : ! ? and %.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..params import EditionParams, academic_year, year_start
from ..reference import Reference
from ..sections import SECTIONS, section_of
from . import templates
from .templates import apostrophes, date_longue, typographie  # noqa: F401 (re-exported)

PREFACE = "preface.md.j2"
CONCEPTS = "concepts.md.j2"
MANUAL = "collecte manuelle"     # the system of record of the centres the Observatoire collects by hand


# -- what the reference says -------------------------------------------------------------

def centres_open(ref: Reference, annee: str) -> pd.DataFrame:
    """The reference's centres (one row per code) open in the academic year, in publication
    order: aire, then `ordre_publication`, then label."""
    c = ref.centres.copy()
    start = year_start(annee)
    opened = c["annee_ouverture"].isna() | (c["annee_ouverture"] <= start)
    not_closed = c["annee_fermeture"].isna() | (c["annee_fermeture"] > start)
    c = c[opened & not_closed].copy()
    c["_aire"] = c["aire"].map(ref.aires["ordre"])
    c = c.sort_values(["_aire", "ordre_publication", "libelle"], kind="stable", na_position="last")
    c["systeme"] = c["systeme"].fillna("").astype(str).str.strip()
    return c.drop(columns="_aire")


def _system_key(system: str) -> str:
    return system.strip().lower()


def systems_of_record(ref: Reference, annee: str) -> list[tuple[str, list[str]]]:
    """(system, labels of its centres) for the centres open in the year, grouped by system:
    systems in the order of their first centre, the manual collection last."""
    c = centres_open(ref, annee)
    groups: dict[str, tuple[str, list[str]]] = {}
    for _, row in c.iterrows():
        system = row["systeme"] or "non renseigné"
        key = _system_key(system)
        groups.setdefault(key, (system, []))[1].append(row["libelle"])
    out = [v for k, v in groups.items() if k != MANUAL]
    if MANUAL in groups:
        out.append(groups[MANUAL])
    return out


def manual_centres(ref: Reference, annee: str | None = None) -> list[str]:
    """Labels of the centres whose system of record is the manual collection."""
    c = centres_open(ref, annee) if annee else ref.centres
    return [lab for lab, s in zip(c["libelle"], c["systeme"].fillna("").astype(str))
            if _system_key(s) == MANUAL]


def _labels(values) -> list[str]:
    return [apostrophes(str(v)) for v in values]


def _parchemin_labels(ref: Reference, groupe: str) -> tuple[list[str], bool]:
    """Labels of one promotion group (R or C), without the catch-all « AUTRE » (and whether
    the group has it)."""
    df = ref.parchemins
    df = df[df["groupe"] == groupe]
    return _labels(lab for code, lab in df["libelle"].items() if code != "AUTRE"), "AUTRE" in df.index


# -- promotion windows -----------------------------------------------------------------

def _promotion_window(p: EditionParams, promotion: str, groupe: str) -> tuple[dt.date, dt.date]:
    """The jury window of a promotion « (Y−1)-Y » for one group, overrides included."""
    for w in p.promotion_overrides:
        if w.promotion == promotion and w.groupe == groupe:
            return w.debut, w.fin
    y = year_start(promotion) + 1
    if groupe == "R":
        start = dt.date(y - 1, 12, 1)
        for w in p.promotion_overrides:  # an extended previous window moves this start
            if w.groupe == "R" and w.promotion == academic_year(y - 2) and w.fin >= start:
                start = w.fin + dt.timedelta(days=1)
        return start, dt.date(y, 11, 30)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _derogations(p: EditionParams) -> list[dict]:
    """The promotion windows changed by the parameters, for the promotions of the series."""
    out = []
    for w in p.promotion_overrides:
        if w.promotion not in p.SP:
            continue
        d = {"promotion": w.promotion, "groupe": w.groupe, "debut": w.debut, "fin": w.fin,
             "crise_sanitaire": 2019 <= year_start(w.promotion) <= 2020,
             "suivante": None, "suivante_debut": None}
        nxt = academic_year(year_start(w.promotion) + 1)
        if nxt in p.SP and w.groupe == "R":
            start, _ = _promotion_window(p, nxt, "R")
            if start != dt.date(year_start(nxt), 12, 1):
                d["suivante"], d["suivante_debut"] = nxt, start
        out.append(d)
    return out


# -- the concepts chapter ----------------------------------------------------------------

def _table_parts(table_titles: list[tuple[int, str]]) -> list[dict]:
    """The list of tables grouped by section, in section order; titles as published."""
    by_section: dict[str, list[dict]] = {}
    others: list[dict] = []
    for number, text in sorted(table_titles):
        item = {"numero": number, "titre": text}
        try:
            by_section.setdefault(section_of(number).number, []).append(item)
        except KeyError:
            others.append(item)
    parts = [{"titre": apostrophes(s.heading), "tableaux": by_section[s.number], "autres": False}
             for s in SECTIONS if s.number in by_section]
    if others:
        parts.append({"titre": None, "tableaux": others, "autres": True})
    return parts


def concepts_context(p: EditionParams, ref: Reference, table_titles: list[tuple[int, str]]) -> dict:
    """The values of « Concepts, sources et périmètres » (see report/textes/concepts.md.j2)."""
    centres = centres_open(ref, p.N)
    network = centres[centres["type"].isin(["CCR", "CCE"])]
    systems = systems_of_record(ref, p.N)
    modalites = ref.labels("modalite")
    codes = list(ref.frames["modalite"]["code"])
    r_labels, _ = _parchemin_labels(ref, "R")
    c_labels, c_others = _parchemin_labels(ref, "C")
    r_start, r_end = _promotion_window(p, p.P, "R")
    c_start, c_end = _promotion_window(p, p.P, "C")
    return {
        "params": p,
        "edition": p.edition,
        "annee": p.N,
        "annee_debut": year_start(p.N),
        "annee_fin": year_start(p.N) + 1,
        "date_extraction": p.extraction_date,
        "epn": {"nombre": int((ref.epn.index != "CLE").sum()), "cle": "CLE" in ref.epn.index},
        "centres": {
            "ccr": int((centres["type"] == "CCR").sum()),
            "cce": int((centres["type"] == "CCE").sum()),
            "etablissement_public": _labels(centres.loc[centres["type"] == "EP", "libelle"]),
        },
        "aires": _labels(ref.aires["libelle"]),
        "systemes": [{"nom": apostrophes(s), "cle": _system_key(s), "centres": _labels(c),
                      "nombre": len(c)} for s, c in systems],
        "reseau": {
            "total": len(network),
            "par_systeme": network["systeme"].str.lower().value_counts().to_dict(),
        },
        "collecte_manuelle": _labels(manual_centres(ref, p.N)),
        "modalites_entrants": [{"code": m, "libelle": apostrophes(modalites.get(m, m))}
                               for m in p.entrant_modalites],
        "modalites_non_entrants": [{"code": m, "libelle": apostrophes(modalites.get(m, m))}
                                   for m in codes if m not in p.entrant_modalites],
        "promotion": p.P,
        "fenetres": {
            "R": {"debut": r_start, "fin": r_end, "parchemins": r_labels},
            "C": {"debut": c_start, "fin": c_end, "parchemins": c_labels,
                  "autres_certifications": c_others},
        },
        "derogations": _derogations(p),
        "age": {"min": p.age_valid[0], "max": p.age_valid[1],
                "candidats_min": p.age_valid_candidats[0], "candidats_max": p.age_valid_candidats[1],
                "date_reference": p.age_ref(p.N)},
        "annee_civile": p.C,
        "premiere_annee_civile": p.SC[0],
        "seuil": p.min_base,
        "parties_tableaux": _table_parts(table_titles),
    }


def concepts_markdown(p: EditionParams, ref: Reference, table_titles: list[tuple[int, str]],
                      root: Path | None = None) -> str:
    """The chapter « Concepts, sources et périmètres » of edition `p.edition`, in Pandoc Markdown.

    `table_titles` is the list (number, title) of the tables the registry implements, titles
    already rendered for the edition. `root` is the templates' root (default `report/`)."""
    text = templates.render(CONCEPTS, concepts_context(p, ref, table_titles), p.edition, root)
    return templates.finish(text)


# -- the preface -------------------------------------------------------------------------

def _section_key(key) -> int:
    try:
        return int(key)
    except (TypeError, ValueError):
        return 10**6


def _parts() -> list[dict]:
    """The parts of the report, in order: name, first and last table, section titles."""
    parts: dict[str, list] = {}
    for s in SECTIONS:
        parts.setdefault(s.part, []).append(s)
    out = []
    for part, sections in parts.items():
        numbers = [n for s in sections for n in s.tables]
        out.append({"nom": apostrophes(part), "premier": min(numbers), "dernier": max(numbers),
                    "nombre_tableaux": len(numbers),
                    "sections": [apostrophes(s.title) for s in sections]})
    return out


def _manifest_fingerprint(manifest: Mapping) -> str | None:
    for key in ("data_fingerprint", "fingerprint"):
        if manifest.get(key):
            return str(manifest[key])
    data = manifest.get("data")
    if isinstance(data, Mapping) and data.get("fingerprint"):
        return str(data["fingerprint"])
    return None


def _manifest_synthetic(manifest: Mapping) -> bool:
    if manifest.get("synthetic") is True:
        return True
    data = manifest.get("data")
    candidates = [manifest.get("data_dir")]
    if isinstance(data, Mapping):
        candidates += [data.get("dir"), data.get("path")]
        if data.get("synthetic") is True:
            return True
    return any(c and "synthetic" in str(c).replace("\\", "/").split("/") for c in candidates)


def _key_figures(keyfigures: Mapping[str, Mapping]) -> list[dict]:
    items = []
    for section in sorted(keyfigures or {}, key=_section_key):
        for figure in (keyfigures[section] or {}).values():
            text = str(figure.get("text", "")).strip()
            label = str(figure.get("label", "")).strip()
            if text or label:
                items.append({"texte": text, "libelle": label, "section": section})
    return items


def preface_context(p: EditionParams, keyfigures: Mapping[str, Mapping], manifest: Mapping) -> dict:
    """The values of the preface (see report/textes/preface.md.j2)."""
    manifest = manifest or {}
    parts = _parts()
    return {
        "params": p,
        "edition": p.edition,
        "annee": p.N,
        "date_extraction": p.extraction_date,
        "parties": parts,
        "premiere_annee": p.S5[0],
        "annee_civile": p.C,
        "promotion": p.P,
        "synthetique": _manifest_synthetic(manifest),
        "empreinte": _manifest_fingerprint(manifest),
        "chiffres_cles": _key_figures(keyfigures),
    }


def preface_markdown(p: EditionParams, keyfigures: dict[str, dict], manifest: dict,
                     root: Path | None = None) -> str:
    """The preface « Chiffres clés <edition> »: what the publication covers, and the list of
    key figures written by the section notebooks (section → {name → value, text, label}).

    From `manifest` (build/ccYYYY/manifest.json) it reads, when present, the data fingerprint
    (`data_fingerprint`, `fingerprint` or `data.fingerprint`) and whether the extraction is
    the synthetic one (`synthetic`, or a data folder named `synthetic`). `root` is the
    templates' root (default `report/`)."""
    text = templates.render(PREFACE, preface_context(p, keyfigures, manifest), p.edition, root)
    return templates.finish(text)
