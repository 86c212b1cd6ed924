"""Render an edition: the book (HTML site and PDF) and the Excel annex.

`render_edition` reads what the pipeline left in `<build_dir>/cc<edition>/` (executed
notebooks, tables, figures, key figures, manifest, QA report) and writes

    <ed>/book/                    the book's sources (book.py)
    <ed>/site/                    the HTML site
    <ed>/chiffres-cles-<ed>.pdf   the PDF
    <ed>/chiffres-cles-<ed>.xlsx  the annex

Everything is rendered into a temporary folder inside `<ed>/` and swapped in only when all
of it succeeded: a failed render leaves the previous outputs as they were. The swap is
journaled (`<work>/swap.json`) so that a render killed in the middle of it is rolled back by
the next command on the edition (`recover_renders`), which also removes the `.rendu-*`
folders killed renders left. The edition's lock (`locking.py`) is held throughout.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..export.excel import write_annex
from ..locking import edition_lock
from ..table import Table
from . import builtin, quarto
from .book import assemble_book

ENGINES = ("auto", "quarto", "builtin")


@dataclass(frozen=True)
class RenderResult:
    engine: str
    site: Path      # <ed>/site/ (index.html inside)
    pdf: Path
    xlsx: Path
    book: Path

    @property
    def index(self) -> Path:
        return self.site / "index.html"


def choose_engine(engine: str = "auto") -> str:
    if engine not in ENGINES:
        raise ValueError(f"moteur inconnu « {engine} » (moteurs : {', '.join(ENGINES)})")
    if engine == "auto":
        return "quarto" if quarto.quarto_path() else "builtin"
    return engine


def read_tables(tables_dir: Path) -> list[Table]:
    tables = [Table.from_json(p.read_text(encoding="utf-8"))
              for p in sorted(tables_dir.glob("T*.json"))]
    return sorted(tables, key=lambda t: t.number)


JOURNAL = "swap.json"


def _roll_back(work: Path, ed_dir: Path) -> None:
    """Undo a journaled swap, whatever step it stopped at: every output goes back where it was
    before the swap (the new one to `work`, the previous one to `ed_dir`). Each step is one
    rename, and running it again after an interruption finishes the job."""
    previous = work / ".previous"
    names = json.loads((work / JOURNAL).read_text(encoding="utf-8"))
    for name in reversed(names):
        dest, new, old = ed_dir / name, work / name, previous / name
        if old.exists():
            if dest.exists():
                if new.exists():  # cannot happen with renames only; keep the previous output
                    shutil.rmtree(dest) if dest.is_dir() else dest.unlink()
                else:
                    dest.rename(new)
            old.rename(dest)
        elif not new.exists() and dest.exists():  # moved in, nothing before it
            dest.rename(new)
    (work / JOURNAL).unlink()


def recover_renders(ed_dir: Path) -> None:
    """Roll back the swap of a killed render and remove the `.rendu-*` folders left behind."""
    for work in sorted(Path(ed_dir).glob(".rendu-*")):
        if (work / JOURNAL).exists():
            _roll_back(work, Path(ed_dir))
        shutil.rmtree(work, ignore_errors=True)


def _swap_in(work: Path, ed_dir: Path, names: list[str]) -> None:
    """Move the new outputs from `work` into `ed_dir`, the previous ones aside; restore the
    previous ones if a move fails half-way (or, after a kill, at the next command)."""
    previous = work / ".previous"
    (work / JOURNAL).write_text(json.dumps(names), encoding="utf-8")
    previous.mkdir()
    try:
        for name in names:
            dest = ed_dir / name
            if dest.exists():
                dest.rename(previous / name)
            (work / name).rename(dest)
    except BaseException:
        _roll_back(work, ed_dir)
        raise
    (work / JOURNAL).unlink()  # done: from here on the leftovers are only removed


def render_edition(edition: int, build_dir: Path, engine: str = "auto") -> RenderResult:
    """Render edition `edition` from `<build_dir>/cc<edition>/` (see the module docstring)."""
    ed_dir = Path(build_dir).resolve() / f"cc{edition}"
    if not ed_dir.is_dir() and not ed_dir.with_name(ed_dir.name + ".old").is_dir():
        raise FileNotFoundError(f"{ed_dir} absent : lancez d'abord « chiffres-cles run --edition {edition} ».")
    engine = choose_engine(engine)
    with edition_lock(ed_dir.parent, edition, "chiffres-cles render"):
        from ..pipeline import recover_edition

        recover_edition(ed_dir.parent, edition)  # a killed run or render: previous build back, leftovers out
        return _render(edition, ed_dir, engine)


def _render(edition: int, ed_dir: Path, engine: str) -> RenderResult:
    name = f"chiffres-cles-{edition}"
    pdf_name, xlsx_name = f"{name}.pdf", f"{name}.xlsx"
    label = "Quarto" if engine == "quarto" else "moteur intégré : pandoc et Typst"
    print(f"Rendu de l'édition {edition} ({label})")

    work = Path(tempfile.mkdtemp(prefix=".rendu-", dir=ed_dir))
    try:
        print("  · assemblage du livre (préface, concepts, carnets, qualité des données)")
        book = assemble_book(edition, ed_dir, work / "book")
        module = quarto if engine == "quarto" else builtin
        site, pdf = module.render(book, work, pdf_name, xlsx_name)
        tables = read_tables(ed_dir / "tables")
        print(f"  · annexe Excel : {len(tables)} tableaux")
        xlsx = write_annex(tables, book.manifest, work / xlsx_name)
        # the site offers both downloads next to its pages
        shutil.copy2(pdf, site / pdf_name)
        shutil.copy2(xlsx, site / xlsx_name)
        _swap_in(work, ed_dir, ["book", "site", pdf_name, xlsx_name])
    except BaseException:
        print(f"Échec du rendu de l'édition {edition} : les sorties précédentes sont conservées.")
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = RenderResult(engine=engine, site=ed_dir / "site", pdf=ed_dir / pdf_name,
                          xlsx=ed_dir / xlsx_name, book=ed_dir / "book")
    print(f"Publication prête : {result.index}, {result.pdf.name}, {result.xlsx.name}")
    return result
