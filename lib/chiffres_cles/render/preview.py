"""`chiffres-cles textes`: the book's text chapters alone, in seconds, for the editors.

Renders the preface and « Concepts, sources et périmètres » from the current templates
into `<build_dir>/cc<edition>/textes/` (Markdown, plus an HTML page of each through pandoc),
without running any section nor rendering the book. It works before any build: the
parameters then come from `params/ccYYYY.yml`, the reference from the project, and the
preface has no key figures (the output says so). After a build it uses what the build
used: the manifest's parameters and reference, the sections' key figures.

Both chapters are rendered before anything is written: a template error leaves the folder
as it was.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..params import load_params
from . import chapters, templates
from .book import (REPORT_DIR, edition_params, read_keyfigures, read_manifest, reference_for,
                   table_titles)


@dataclass
class TextsResult:
    folder: Path
    files: list[Path]
    notes: list[str] = field(default_factory=list)
    edition_files: list[tuple[Path, str]] = field(default_factory=list)


def _html(markdown: Path, title: str) -> Path:
    from .builtin import run_pandoc

    out = markdown.with_suffix(".html")
    args = [markdown.name, "--from", "markdown", "--to", "html5", "--standalone",
            "--css", "styles.css", "--metadata", f"pagetitle={title}", "--metadata", "lang=fr",
            "--wrap", "none", "--output", out.name]
    run_pandoc(args, cwd=markdown.parent, what=markdown.name)
    return out


def write_texts(edition: int, build_dir: Path, html: bool = True,
                root: Path | None = None) -> TextsResult:
    """Render the text chapters of `edition` into `<build_dir>/cc<edition>/textes/`."""
    ed_dir = Path(build_dir) / f"cc{edition}"
    notes: list[str] = []
    if (ed_dir / "manifest.json").exists():
        manifest = read_manifest(ed_dir)
        p = edition_params(edition, manifest)
        keyfigures = read_keyfigures(ed_dir)
        if not keyfigures:
            notes.append("Chiffres clés absents : aucune section de cette construction ne les a "
                         "encore produits ; la préface les montre vides.")
    else:
        manifest, keyfigures = {}, {}
        p = load_params(edition)
        notes.append(f"Aucune construction de l'édition {edition} dans {build_dir} : paramètres de "
                     f"params/cc{edition}.yml, chiffres clés absents (ils viennent des sections, "
                     f"après « make report »).")

    # both chapters first: a template error writes nothing
    preface = chapters.preface_markdown(p, keyfigures, manifest, root=root)
    concepts = chapters.concepts_markdown(p, reference_for(manifest), table_titles(p), root=root)

    folder = ed_dir / "textes"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, text, title in (("preface.md", preface, f"Préface – Chiffres clés {edition}"),
                              ("concepts.md", concepts, f"Concepts, sources et périmètres – "
                                                        f"Chiffres clés {edition}")):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
        if html:
            files.append(_html(path, title))
    if html:
        shutil.copy2(REPORT_DIR / "styles.css", folder / "styles.css")
    return TextsResult(folder=folder, files=files, notes=notes,
                       edition_files=templates.edition_files(edition, root))
