"""No personal data in what a build produces (DESIGN.md, Reliability): a scan of every
output of an edition for the identifiers and birth dates of its extraction.

`scan_outputs(edition_dir, extraction)` reads every file under `<build>/ccYYYY/` — executed
notebooks, the book's sources, the HTML site, the PDF's text, the workbook (every XML part
of the .xlsx), the tidy CSV, the manifest, the QA report, the figures (SVG text) — and
returns one `Finding` per (file, value) where a value of the extraction shows up:

- identifiers of learners and candidates (`auditeur_id`, `candidat_id`), of inscriptions, and
  the dossier, notification and parchemin identifiers of the validation and diploma files,
  matched as whole words (or the parts of a word cut at « - » and « . »);
- birth dates (`auditeurs` and `validations`), as an output could show them: ISO
  (1990-06-15) or French (15/06/1990).

Limits, on purpose: an identifier of fewer than 4 characters, or made of fewer than 9 digits
only, is not looked for (it cannot be told from a count or a year of the tables; such ids
are counted in `skipped`); a birth date later than 1 January of edition − 10 is not looked
for (no learner is that young, and the publication prints dates of those years: extraction
date, promotion windows). Files that hold no text (images, fonts) are listed in `skipped`;
the PDF is read with pypdf when it is installed, else listed there too.

The scan works from the outputs' words to the extraction (a set of the words found, then
one `isin` per column), so it stays light on a full-size extraction.
"""
from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

IDENTIFIERS: dict[str, dict[str, str]] = {
    "auditeurs": {"auditeur_id": "identifiant d'auditeur"},
    "inscriptions": {"inscription_id": "identifiant d'inscription", "auditeur_id": "identifiant d'auditeur"},
    "validations": {"candidat_id": "identifiant de candidat", "dossier_id": "identifiant de dossier",
                    "notification_id": "identifiant de notification"},
    "diplomes": {"parchemin_id": "identifiant de parchemin", "auditeur_id": "identifiant d'auditeur"},
}
BIRTH_DATES: dict[str, str] = {"auditeurs": "date de naissance d'auditeur",
                               "validations": "date de naissance de candidat"}
TEXT_SUFFIXES = {".ipynb", ".html", ".htm", ".md", ".qmd", ".json", ".csv", ".txt", ".svg", ".typ", ".yml",
                 ".yaml", ".css", ".js", ".xml", ".tex", ".log"}
WORD = re.compile(r"\w(?:[\w.\-]*\w)?")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
FR_DATE = re.compile(r"(?<!\d)(\d{2})/(\d{2})/(\d{4})(?!\d)")


@dataclass(frozen=True)
class Finding:
    file: str    # path relative to the edition folder
    kind: str    # « identifiant d'auditeur », « date de naissance de candidat »…
    value: str   # what was found, for whoever fixes the output (never to be published)

    def __str__(self) -> str:
        return f"{self.file} : {self.kind} « {self.value} »"


def output_texts(edition_dir: Path, skipped: list[str] | None = None):
    """(relative path, text) of every output that holds text."""
    edition_dir = Path(edition_dir)
    for path in sorted(p for p in edition_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(edition_dir).as_posix()
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            yield rel, path.read_text(encoding="utf-8", errors="replace")
        elif suffix in (".xlsx", ".docx", ".odt", ".ods"):  # zipped XML: every part, cells and properties alike
            with zipfile.ZipFile(path) as z:
                yield rel, "\n".join(z.read(n).decode("utf-8", errors="replace") for n in z.namelist()
                                     if n.endswith((".xml", ".rels")))
        elif suffix == ".pdf":
            try:
                from pypdf import PdfReader
            except ImportError:
                if skipped is not None:
                    skipped.append(f"{rel} (pypdf absent : texte du PDF non lu)")
                continue
            yield rel, "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        elif skipped is not None:
            skipped.append(rel)


def _words(text: str) -> set[str]:
    words = set(WORD.findall(text))
    words |= {part for w in words if ("-" in w or "." in w) for part in re.split(r"[.\-]", w) if part}
    return words


def _dates(text: str) -> set[str]:
    out = {f"{y}-{m}-{d}" for y, m, d in ISO_DATE.findall(text)}
    out |= {f"{y}-{m}-{d}" for d, m, y in FR_DATE.findall(text)}
    return out


def _lookable(ids: pd.Series) -> pd.Series:
    text = ids.astype("string")
    return (text.str.len() >= 4) & ~(text.str.fullmatch(r"\d{1,8}").fillna(False).astype(bool))


def _edition_of(edition_dir: Path) -> int | None:
    manifest = Path(edition_dir) / "manifest.json"
    try:
        return int(json.loads(manifest.read_text(encoding="utf-8"))["edition"])
    except (OSError, ValueError, KeyError, TypeError):
        m = re.fullmatch(r"cc(\d{4})", Path(edition_dir).name)
        return int(m.group(1)) if m else None


def scan_outputs(edition_dir: Path | str, extraction, edition: int | None = None,
                 skipped: list[str] | None = None) -> list[Finding]:
    """Every identifier or birth date of `extraction` (an Extraction, or the folder of one)
    found in the outputs under `edition_dir`. `skipped`, when given, receives what could not
    be looked at (files without text, identifiers too short to be told from numbers)."""
    if not hasattr(extraction, "rows"):
        from .extraction import load_extraction

        extraction = load_extraction(extraction)
    edition_dir = Path(edition_dir)
    edition = edition or _edition_of(edition_dir)
    where_word: dict[str, set[str]] = {}
    where_date: dict[str, set[str]] = {}
    for rel, text in output_texts(edition_dir, skipped):
        for w in _words(text):
            where_word.setdefault(w, set()).add(rel)
        for d in _dates(text):
            where_date.setdefault(d, set()).add(rel)

    found: dict[tuple[str, str], str] = {}  # (file, value) -> kind
    words = pd.Index(list(where_word))
    for name, columns in IDENTIFIERS.items():
        if name not in extraction.frames:
            continue
        for column, kind in columns.items():
            if column not in extraction.columns(name):
                continue
            ids = extraction.rows(name, columns=[column])[column].dropna().astype("string")
            ok = _lookable(ids)
            if skipped is not None and (~ok).any():
                skipped.append(f"{name}.{column} : {int((~ok).sum())} identifiant(s) trop courts ou numériques, non cherchés")
            for value in ids[ok & ids.isin(words)].unique():
                for rel in where_word[str(value)]:
                    found.setdefault((rel, str(value)), kind)
    cutoff = pd.Timestamp(f"{edition - 10}-01-01") if edition else None
    dates = pd.Index(list(where_date))
    for name, kind in BIRTH_DATES.items():
        if name not in extraction.frames or "date_naissance" not in extraction.columns(name):
            continue
        births = pd.to_datetime(extraction.rows(name, columns=["date_naissance"])["date_naissance"]).dropna()
        if cutoff is not None:
            births = births[births < cutoff]
        iso = pd.Series(births.dt.strftime("%Y-%m-%d").unique())
        for value in iso[iso.isin(dates)]:
            for rel in where_date[value]:
                found.setdefault((rel, value), kind)
    return [Finding(rel, kind, value) for (rel, value), kind in sorted(found.items())]
