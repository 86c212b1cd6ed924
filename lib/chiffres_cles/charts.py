"""Charts in one house style (matplotlib + seaborn), drawn from a table's published values.

Cells shown « ns », « nd » or « /// » are not plotted (a gap, not a zero). Figures are saved
as deterministic SVG (no date, fixed ids) so that two builds give the same bytes.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .formatting import fmt_int, format_number  # noqa: E402

PALETTE = ["#1b4f72", "#2e86c1", "#85c1e9", "#d4ac0d", "#a93226", "#7d3c98", "#229954", "#7f8c8d"]
FIGSIZE = (7.0, 3.6)


def house_style() -> None:
    sns.set_theme(style="whitegrid", palette=PALETTE, rc={
        "font.family": "DejaVu Sans", "font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9,
        "legend.fontsize": 8, "legend.frameon": False, "axes.spines.top": False, "axes.spines.right": False,
        "svg.hashsalt": "chiffres-cles", "svg.fonttype": "path",
    })


def save_svg(fig, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)


def _thousands(ax, axis: str = "y") -> None:
    fmt = FuncFormatter(lambda v, _: fmt_int(v))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _percent(ax, axis: str = "y") -> None:
    fmt = FuncFormatter(lambda v, _: format_number(v, 0) + "\u202f%")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def stacked_bars(data: pd.DataFrame, ylabel: str, percent: bool = False):
    """Stacked bars: one bar per index value (years), one segment per column."""
    house_style()
    fig, ax = plt.subplots(figsize=FIGSIZE)
    bottom = pd.Series(0.0, index=data.index)
    for i, col in enumerate(data.columns):
        vals = data[col].fillna(0)
        ax.bar(data.index.astype(str), vals, bottom=bottom, label=col, color=PALETTE[i % len(PALETTE)], width=0.65)
        bottom += vals
    ax.set_ylabel(ylabel)
    (_percent if percent else _thousands)(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="x", visible=False)
    return fig


def lines(data: pd.DataFrame, ylabel: str, percent: bool = True):
    """One line per column over the index (years); missing values leave a gap."""
    house_style()
    fig, ax = plt.subplots(figsize=FIGSIZE)
    for i, col in enumerate(data.columns):
        ax.plot(data.index.astype(str), data[col], marker="o", label=col, color=PALETTE[i % len(PALETTE)])
    ax.set_ylabel(ylabel)
    (_percent if percent else _thousands)(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def alt_series(subject: str, data: pd.DataFrame, unit: str = "") -> str:
    """Alternative text: what is plotted and the first and last values of each series."""
    first, last = data.index[0], data.index[-1]
    parts = []
    for col in data.columns:
        a, b = data[col].iloc[0], data[col].iloc[-1]
        if pd.notna(a) and pd.notna(b):
            fmt = (lambda v: format_number(v, 1) + " %") if unit == "%" else fmt_int
            parts.append(f"{col} : {fmt(a)} en {first}, {fmt(b)} en {last}")
    return f"{subject}, de {first} à {last}. " + " ; ".join(parts) + "."


def bars_and_dots(years, bars, dots, bar_label: str, dot_label: str):
    """Bars (e.g. inscriptions) with dots (e.g. attestations) on the same scale."""
    house_style()
    fig, ax = plt.subplots(figsize=FIGSIZE)
    x = [str(y) for y in years]
    ax.bar(x, bars, color=PALETTE[1], width=0.6, label=bar_label)
    ax.plot(x, dots, "o", color=PALETTE[4], markersize=8, label=dot_label)
    _thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="x", visible=False)
    return fig


def pyramid(counts: pd.DataFrame, left: str = "Hommes", right: str = "Femmes"):
    """Age pyramid: one row per class (youngest first), `left` to the left, `right` to the right."""
    house_style()
    fig, ax = plt.subplots(figsize=(7.0, 4.2))
    y = range(len(counts))
    ax.barh(y, -counts[left], color=PALETTE[1], label=left)
    ax.barh(y, counts[right], color=PALETTE[3], label=right)
    ax.set_yticks(list(y), [str(i) for i in counts.index])
    lim = max(counts[left].max(), counts[right].max()) * 1.1
    ax.set_xlim(-lim, lim)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_int(abs(v))))
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("Auditeurs")
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    return fig
