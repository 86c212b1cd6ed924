"""What a section notebook calls: one object that opens the extraction, computes a table
through the registry, writes its exports and shows it, draws a chart, says a sentence and
records key figures. A notebook never computes a figure itself.

Outputs follow the book's conventions (read by both render engines):
- a table: `text/html` (the accessible table), then its notes as `text/markdown`;
- a sentence: `text/markdown`;
- a chart: an SVG in `<edition>/figures/` shown as a Markdown image with its alt text.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import ahead, kernels
from .export.html import notes_markdown, table_html
from .export.tidy import write_tidy_csv
from .extraction import Extraction, open_extraction
from .layout import edition_dir
from .params import PARAMETER_NAMES, EditionParams, load_params
from .sections import Section, normalise_section
from .table import Table
from .tables.registry import entry

EDITION_PARAMETERS = tuple(name for name in PARAMETER_NAMES if name != "edition")


class SectionRun:
    def __init__(self, section: Section, params: EditionParams, x: Extraction, out_dir: Path):
        self.section, self.p, self.x, self.out = section, params, x, out_dir
        self.tables: dict[int, Table] = {}
        self.keyfigures: dict[str, dict] = {}
        for sub in ("tables", "figures", "keyfigures"):
            (out_dir / sub).mkdir(parents=True, exist_ok=True)

    # -- tables -----------------------------------------------------------------------
    def compute(self, number: int) -> Table:
        """The table, computed once per notebook (or taken computed ahead by the run: ahead.py),
        exported to tables/Tnn.csv and .json."""
        if number not in self.tables:
            t = ahead.computed(self.x, self.p, number)
            if t is None:
                t = entry(number).func(self.x, self.p)
            write_tidy_csv(t, self.out / "tables" / f"{t.id}.csv")
            (self.out / "tables" / f"{t.id}.json").write_text(t.to_json(), encoding="utf-8")
            self.tables[number] = t
        return self.tables[number]

    def table(self, number: int) -> Table:
        """Compute, export and show a table with its notes."""
        from IPython.display import HTML, Markdown, display  # here: `run` imports this module outside Jupyter

        t = self.compute(number)
        display(HTML(table_html(t)))
        display(Markdown(notes_markdown(t)))
        return t

    # -- text and figures ---------------------------------------------------------------
    def say(self, text: str) -> None:
        from IPython.display import Markdown, display

        display(Markdown(text))

    def chart(self, number: int, fig, caption: str, alt: str, notes: tuple[str, ...] = ()) -> None:
        """Save a matplotlib figure as figures/Gnn.svg and show it with its caption and alt text
        (nothing returned: a cell ending with it shows no path of the build's machine)."""
        from IPython.display import Markdown, display

        from .charts import save_svg

        path = self.out / "figures" / f"G{number:02d}.svg"
        save_svg(fig, path)
        alt_attr = alt.replace('"', "'")
        md = f'![Graphique {number} : {caption}](../figures/{path.name}){{fig-alt="{alt_attr}"}}'
        if notes:
            md += "\n\n::: {.cc-notes}\n" + "\n\n".join(notes) + "\n:::\n"
        display(Markdown(md))

    def key(self, name: str, value: float, text: str, label: str) -> None:
        """A key figure of the section, for the preface."""
        self.keyfigures[name] = {"value": value, "text": text, "label": label}
        path = self.out / "keyfigures" / f"{self.section.number}.json"
        path.write_text(json.dumps(self.keyfigures, ensure_ascii=False, indent=1), encoding="utf-8")


def open_section(section: str | int, edition: int, data_dir: str | Path, build_dir: str | Path,
                 normalised_dir: str | Path | None = None, **overrides: Any) -> SectionRun:
    """Parameters of the edition (params/ccYYYY.yml, then the notebook's non-None overrides),
    the extraction (the build's normalised copy when given), and the output folder."""
    given = {k: v for k, v in overrides.items() if v is not None}
    unknown = set(given) - set(EDITION_PARAMETERS)
    if unknown:
        raise ValueError(f"paramètres inconnus : {', '.join(sorted(unknown))}")
    p = load_params(int(edition), given)
    x = kernels.extraction_for(normalised_dir, lambda: open_extraction(data_dir, normalised_dir))
    return SectionRun(normalise_section(section), p, x, edition_dir(build_dir, int(edition)))
