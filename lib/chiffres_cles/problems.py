"""Problems found in an extraction: errors stop the build, warnings are counted (QA report)."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "erreur"
WARNING = "avertissement"
MAX_EXAMPLES = 5
QA_COLUMNS = ["niveau", "fichier", "colonne", "regle", "nombre", "message", "exemples"]  # a build's qa.csv
# problems of a whole file or column, not of some lines: no line count in their message
WHOLE_FILE_RULES = frozenset({
    "dossier_absent", "fichier_manquant", "fichier_illisible", "fichier_vide", "fichier_binaire", "encodage",
    "separateur", "colonne_double", "colonne_manquante", "ligne_tronquee", "reference", "type_colonne",
})


@dataclass
class Problem:
    level: str
    file: str
    column: str
    rule: str
    count: int
    message: str
    examples: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        where = self.file + (f", colonne « {self.column} »" if self.column else "")
        text = f"[{self.level}] {where} : {self.message}"
        if self.rule not in WHOLE_FILE_RULES:
            text += f" ({self.count} ligne{'s' if self.count > 1 else ''})"
        if self.examples:
            text += " ; exemples : " + ", ".join(self.examples[:MAX_EXAMPLES])
        return text


class Report:
    """Every problem of one extraction, in the order found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, level, file, column, rule, count, message, examples=()) -> None:
        if count <= 0:
            return
        self.problems.append(Problem(level, file, column, rule, int(count), message,
                                     [str(e) for e in list(examples)[:MAX_EXAMPLES]]))

    def error(self, *args, **kwargs) -> None:
        self.add(ERROR, *args, **kwargs)

    def warning(self, *args, **kwargs) -> None:
        self.add(WARNING, *args, **kwargs)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def count(self, rule: str, file: str | None = None) -> int:
        return sum(p.count for p in self.problems
                   if p.rule == rule and (file is None or p.file.startswith(file)))

    def write_csv(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(QA_COLUMNS)
            for p in self.problems:
                w.writerow([p.level, p.file, p.column, p.rule, p.count, p.message,
                            " ; ".join(p.examples)])

    def summary(self) -> str:
        return f"{len(self.errors)} erreur(s), {len(self.warnings)} avertissement(s)"


def append_qa_rows(qa_csv: Path, rows) -> None:
    """Add rows (dicts keyed by QA_COLUMNS) to a build's qa.csv, written first by the validation
    report: the rule report, the cross-table controls and the unusual moves all go through here."""
    qa_csv = Path(qa_csv)
    new = not qa_csv.exists()
    with qa_csv.open("a", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=QA_COLUMNS)
        if new:
            w.writeheader()
        w.writerows(rows)


class UsageError(Exception):
    """A command that cannot go on because of something the user must fix (an unknown
    section, a folder that cannot be written, a build already running, years missing from
    the extraction…): one French message, exit code 2, nothing written."""


class ExtractionError(Exception):
    """The extraction cannot be used: the report says why."""

    def __init__(self, report: Report, strict: bool = False):
        self.report = report
        self.strict = strict
        blocking = report.problems if strict else report.errors
        super().__init__("\n".join(str(p) for p in blocking))
