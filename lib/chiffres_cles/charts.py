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


def shares_stacked_bars(counts: pd.DataFrame, ylabel: str):
    """100 % stacked bars: each bar (index value, e.g. a year) is the split of its row of
    counts over the columns (e.g. PRES, FOAD, HYB); a row without any known count is a gap."""
    totals = counts.sum(axis=1, min_count=1)
    shares = counts.div(totals.where(totals > 0), axis=0) * 100
    return stacked_bars(shares, ylabel, percent=True)


def diverging_bars(values: pd.Series, xlabel: str):
    """Horizontal bars around zero, one per index value (e.g. a centre), sorted by value:
    positive values to the right, negative ones to the left, in two colours; missing values
    are not plotted."""
    house_style()
    data = values.dropna().sort_values()
    fig, ax = plt.subplots(figsize=(7.0, max(2.5, 0.22 * len(data) + 0.8)))
    colours = [PALETTE[1] if v >= 0 else PALETTE[4] for v in data]
    ax.barh([str(i) for i in data.index], data.to_numpy(), color=colours)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, signed=True) if v else "0"))
    ax.grid(axis="y", visible=False)
    return fig


def ranked_bars(values: pd.Series, xlabel: str):
    """Horizontal bars, one per index value (e.g. an EPN), the largest on top; missing values
    are not plotted."""
    house_style()
    data = values.dropna().sort_values()
    fig, ax = plt.subplots(figsize=(7.0, max(2.5, 0.25 * len(data) + 0.8)))
    ax.barh([str(i) for i in data.index], data.to_numpy(), color=PALETTE[1])
    ax.set_xlabel(xlabel)
    _thousands(ax, "x")
    ax.grid(axis="y", visible=False)
    return fig


def stacked_bars_panels(panels: dict[str, pd.DataFrame], ylabel: str, percent: bool = True):
    """Small multiples of stacked bars side by side, one panel per frame (title = key): one bar
    per index value (years), one segment per column; each panel has its own legend below it,
    since the categories differ from panel to panel. Missing values leave a gap."""
    house_style()
    fig, axes = plt.subplots(1, len(panels), figsize=(3.2 * len(panels), 4.4), sharey=True, squeeze=False)
    for ax, (name, data) in zip(axes[0], panels.items()):
        bottom = pd.Series(0.0, index=data.index)
        for i, col in enumerate(data.columns):
            vals = data[col]
            ax.bar(data.index.astype(str), vals.fillna(0), bottom=bottom, label=col,
                   color=PALETTE[i % len(PALETTE)], width=0.7)
            bottom += vals.fillna(0)
        ax.set_title(name)
        ax.tick_params(axis="x", labelrotation=90)
        ax.grid(axis="x", visible=False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=1)
    axes[0][0].set_ylabel(ylabel)
    (_percent if percent else _thousands)(axes[0][0])
    return fig


def grouped_bars(data: pd.DataFrame, ylabel: str, percent: bool = True):
    """Grouped bars: one group per index value (e.g. a modality), one bar per column (e.g.
    présence, réussite) side by side; missing values are not plotted."""
    import textwrap

    house_style()
    fig, ax = plt.subplots(figsize=FIGSIZE)
    n = max(1, len(data.columns))
    width = 0.8 / n
    positions = range(len(data.index))
    for i, col in enumerate(data.columns):
        xs = [x - 0.4 + width * (i + 0.5) for x in positions]
        ax.bar(xs, data[col].to_numpy(dtype=float), width=width * 0.95, label=col, color=PALETTE[(i * 3 + 1) % len(PALETTE)])
    ax.set_xticks(list(positions), [textwrap.fill(str(i), 22) for i in data.index])
    ax.set_ylabel(ylabel)
    (_percent if percent else _thousands)(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="x", visible=False)
    return fig


def dot_plot(data: pd.DataFrame, xlabel: str, sort_by: str | None = None, percent: bool = True):
    """Dots on one line per index value (e.g. an EPN), one marker per column (e.g. présence,
    réussite), lines sorted by `sort_by` (largest on top); missing values are not plotted."""
    house_style()
    data = data.sort_values(sort_by or data.columns[0], na_position="first")
    fig, ax = plt.subplots(figsize=(7.0, max(2.5, 0.28 * len(data) + 0.8)))
    y = range(len(data))
    markers = "osD^v"
    for i, col in enumerate(data.columns):
        ax.plot(data[col].to_numpy(dtype=float), list(y), markers[i % len(markers)], label=col,
                color=PALETTE[(i * 3 + 1) % len(PALETTE)], markersize=6)
    ax.set_yticks(list(y), [str(i) for i in data.index])
    ax.set_xlabel(xlabel)
    (_percent if percent else _thousands)(ax, "x")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", visible=False)
    return fig
