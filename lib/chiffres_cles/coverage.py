"""The years an edition needs from the extraction, declared once, and the check that the
extraction has them (run at the start of `run` and `build`, before any section).

What each table needs is what its title announces (`sections.TITLES`, TABLES.md §1.1):
« depuis {N4} » the five academic years S5, « depuis {N2} » S3, « en {N1} et {N} » N-1 and N,
« en {N} » N, « depuis {C5} » the calendar years SC, « en {C} » C, « depuis {P4} » the
promotions SP. Which file must hold those years follows from the table's section:

- sections 01–09 and 13 (learners, inscriptions, hours, alternance, exams): every academic
  year in `auditeurs`, `inscriptions` and `enseignements` (the catalogue decides what is in
  scope: a year missing from it would silently empty every table of that year);
- section 03 (MOOC): sessions opened in every academic year (1 Sept – 31 Aug);
- sections 10–12 (VAPP, VAE, VES): decisions dated in every calendar year, whatever the
  dispositif. A year with no decision at all means an extraction that starts late or stops
  early: it is refused. A year with decisions but none of one dispositif is accepted — a
  scheme may be new, suspended or quiet — and its tables show zero for that year; a warning
  says so;
- section 14 (diplomas): parchemins in every promotion (rectorat or calendar windows, with the
  edition's overrides).

No table's rules turn a missing year into « nd » (TABLES.md's « nd » are for absent fields
and manual-collection centres, not for years), so a missing year is always an error.
"""
from __future__ import annotations

import string
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .params import EditionParams
from .problems import UsageError
from .sections import SECTIONS, Section, TITLES

if TYPE_CHECKING:
    import pandas as pd

ACADEMIC_FILES = ("auditeurs", "inscriptions", "enseignements")
SECTION_SOURCES: dict[str, tuple[str, ...]] = {
    **{n: ACADEMIC_FILES for n in ("01", "02", "04", "05", "06", "07", "08", "09", "13")},
    "03": ("mooc",),
    "10": ("validations",), "11": ("validations",), "12": ("validations",),
    "14": ("diplomes",),
}
SECTION_DISPOSITIF = {"10": "VAPP", "11": "VAE", "12": "VES"}
FILE_LABELS = {
    "auditeurs": "auditeurs (années universitaires)",
    "inscriptions": "inscriptions (années universitaires)",
    "enseignements": "enseignements, le catalogue (années universitaires)",
    "mooc": "mooc (sessions ouvertes dans l'année universitaire)",
    "validations": "validations (années civiles de décision)",
    "diplomes": "diplomes (promotions)",
}


class MissingYearsError(UsageError):
    """The extraction lacks years the edition's tables need."""


def _title_fields(number: int) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(TITLES[number]) if f}


def table_years(number: int, p: EditionParams) -> list[str]:
    """The years (academic years, calendar years or promotions, as strings) table `number`
    shows, in order: those its title announces."""
    fields = _title_fields(number)
    years: list[str] = []
    spans = {"N4": p.S5, "N2": p.S3, "N1": [p.n_minus(1)], "N": [p.N],
             "C5": [str(c) for c in p.SC], "C": [str(p.C)], "P4": p.SP, "P": [p.P]}
    for f in ("N4", "N2", "N1", "N", "C5", "C", "P4", "P"):
        if f in fields:
            years += [y for y in spans[f] if y not in years]
    return sorted(years)


@dataclass(frozen=True)
class Need:
    file: str
    year: str
    tables: tuple[int, ...]


def needs(p: EditionParams, sections: list[Section] | None = None) -> list[Need]:
    """Every (file, year) the given sections (all by default) need, with the tables needing it."""
    by: dict[tuple[str, str], set[int]] = defaultdict(set)
    for s in sections if sections is not None else SECTIONS:
        for n in s.tables:
            for f in SECTION_SOURCES[s.number]:
                for y in table_years(n, p):
                    by[(f, y)].add(n)
    return [Need(f, y, tuple(sorted(t))) for (f, y), t in sorted(by.items())]


def _academic_year(dates: pd.Series) -> pd.Series:
    from .perimeter import academic_year_of

    return academic_year_of(dates)


def present_years(x, file: str, p: EditionParams, dispositif: str | None = None) -> set[str]:
    """The years of `file` the extraction holds at least one row for."""
    if file not in x.frames:
        return set()
    if file in ACADEMIC_FILES:
        return {str(y) for y in x.rows(file, columns=["annee"])["annee"].dropna().unique()}
    if file == "mooc":
        d = x.rows("mooc", columns=["date_ouverture"])["date_ouverture"]
        return set(_academic_year(d).dropna().astype(str).unique())
    if file == "validations":
        v = x.rows("validations", columns=["dispositif", "date_decision"])
        if dispositif is not None:
            v = v[(v["dispositif"].astype("string") == dispositif).fillna(False).astype(bool)]
        import pandas as pd  # (not at the top: `run` reads SECTION_SOURCES before importing pandas)

        return set(pd.to_datetime(v["date_decision"]).dt.year.dropna().astype(int).astype(str))
    if file == "diplomes":
        from .perimeter import promotion

        d = x.rows("diplomes", columns=["type_parchemin", "date_jury"])
        groups = x.ref.parchemins["groupe"]
        groupe = d["type_parchemin"].astype("string").map(groups).fillna("C")
        return set(promotion(groupe, d["date_jury"], p).dropna().astype(str).unique())
    raise KeyError(file)


def _tables_text(tables) -> str:
    tables = sorted(tables)
    word = "tableau" if len(tables) == 1 else "tableaux"
    return f"{word} {', '.join(str(t) for t in tables)}"


def check_years(x, p: EditionParams, sections: list[Section] | None = None) -> list[str]:
    """Raise MissingYearsError naming, per file, the missing years and the tables needing
    them; return the warnings (a dispositif without decisions in a year of its series)."""
    missing: dict[str, dict[str, tuple[int, ...]]] = defaultdict(dict)
    present: dict[str, set[str]] = {}
    for need in needs(p, sections):
        if need.file not in present:
            present[need.file] = present_years(x, need.file, p)
        if need.year not in present[need.file]:
            missing[need.file][need.year] = need.tables
    if missing:
        lines = [f"L'extraction {x.data_dir} ne couvre pas toutes les années de l'édition {p.edition} :"]
        by_text: dict[str, list[str]] = defaultdict(list)  # files missing the same years share a line
        for file, years in sorted(missing.items(), key=lambda kv: list(FILE_LABELS).index(kv[0])):
            groups: dict[tuple[int, ...], list[str]] = defaultdict(list)
            for y, tables in sorted(years.items()):
                groups[tables].append(y)
            by_text[" ; ".join(f"{', '.join(ys)} ({_tables_text(t)})" for t, ys in groups.items())].append(file)
        for text, files in by_text.items():
            label = FILE_LABELS[files[0]] if len(files) == 1 else f"{', '.join(files)} (années universitaires)"
            lines.append(f"  - {label} : années absentes de l'extraction : {text}")
        lines.append("Fournissez une extraction qui couvre ces années, ou choisissez une autre édition.")
        raise MissingYearsError("\n".join(lines))
    warnings = []
    for s in sections if sections is not None else SECTIONS:
        disp = SECTION_DISPOSITIF.get(s.number)
        if disp is None:
            continue
        have = present_years(x, "validations", p, disp)
        years = sorted({y for n in s.tables for y in table_years(n, p)} - have)
        if years:
            warnings.append(f"Avertissement : aucune décision {disp} dans l'extraction en {', '.join(years)} ; "
                            f"les tableaux {s.tables[0]} à {s.tables[-1]} y montrent des effectifs nuls.")
    return warnings
