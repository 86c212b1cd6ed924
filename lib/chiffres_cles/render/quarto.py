"""The Quarto engine (Quarto >= 1.5): what editors use when `quarto` is on the PATH.

The book folder assembled by `book.py` is a Quarto book project (its `_quarto.yml` is the
project's, completed for the edition): `quarto render <book> --to html` then `--to typst`
(Quarto's PDF through Typst), and the outputs of `_book/` are moved into place.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .book import Book, write_quarto_config


class QuartoError(RuntimeError):
    pass


def quarto_path() -> str | None:
    return shutil.which("quarto")


def _run(args: list[str], cwd: Path) -> None:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise QuartoError(f"« {' '.join(args[1:])} » a échoué :\n{proc.stderr.strip()[-4000:]}")


def render(book: Book, work_dir: Path, pdf_name: str, xlsx_name: str) -> tuple[Path, Path]:
    """HTML site into `work_dir/site`, PDF into `work_dir/pdf_name`."""
    quarto = quarto_path()
    if quarto is None:
        raise QuartoError("quarto est introuvable (PATH) : utilisez --engine builtin.")
    write_quarto_config(book)
    out = book.dir / "_book"
    print("  · HTML (quarto render --to html)")
    _run([quarto, "render", str(book.dir), "--to", "html"], cwd=book.dir)
    site = work_dir / "site"
    shutil.move(str(out), str(site))
    print("  · PDF (quarto render --to typst)")
    _run([quarto, "render", str(book.dir), "--to", "typst"], cwd=book.dir)
    produced = out / f"{book.output_name}.pdf"
    if not produced.exists():
        found = sorted(out.glob("*.pdf"))
        if not found:
            raise QuartoError(f"Quarto n'a pas produit de PDF dans {out}")
        produced = found[0]
    pdf = work_dir / pdf_name
    shutil.move(str(produced), str(pdf))
    shutil.rmtree(out, ignore_errors=True)
    return site, pdf
