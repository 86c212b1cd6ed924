"""French number formatting (TABLES.md §1.2): Babel for the locale, half-up rounding first.

Babel rounds half-even and prints "-": values are quantized with ROUND_HALF_UP to the
displayed precision, then formatted by Babel (fr_FR: decimal comma, U+202F thousands
separator), and the minus sign is printed as U+2212.
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "fr_FR"
MINUS = "\u2212"
NNBSP = "\u202f"

# kind -> (decimals, signed, exact zero printed as "–")
KINDS = {
    "count": (0, False, True),
    "pct": (1, False, True),
    "mean": (1, False, True),
    "rm": (0, False, True),
    "evol": (1, True, False),
    "points": (1, True, False),
}

SYMBOLS = {
    "–": "zéro absolu",
    "///": "sans objet (catégorie inexistante cette année, dénominateur structurellement nul, évolution depuis une base nulle)",
    "nd": "non disponible (donnée non collectée pour cette unité ou cette année)",
    "ns": "non significatif (base inférieure à 20)",
}


def round_half_up(x: float, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(str(x)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_number(x: float, decimals: int = 0, signed: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    d = round_half_up(x, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(abs(d), format=pattern, locale=LOCALE)
    if d < 0:
        return MINUS + text
    if signed and d > 0:
        return "+" + text
    return text


def format_cell(value: float, kind: str, symbol: str = "") -> str:
    """What a cell shows: its symbol, or the value at the precision of its kind."""
    if symbol:
        return symbol
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    decimals, signed, dash_for_zero = KINDS[kind]
    if dash_for_zero and round_half_up(value, 9) == 0:
        return "–"
    return format_number(value, decimals, signed)


def display_symbol(value: float, kind: str, symbol: str = "") -> str:
    """The symbol a cell carries in the exports: its own, or "–" for an exact zero."""
    if symbol:
        return symbol
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if KINDS[kind][2] and value == 0:
        return "–"
    return ""


def fmt_int(x: float) -> str:
    """A count in running text: « 52 347 »."""
    return format_number(x, 0)


def fmt_pct(x: float, decimals: int = 1) -> str:
    """A share in running text: « 12,5 % »."""
    return format_number(x, decimals) + NNBSP + "%"


def fmt_dec(x: float, decimals: int = 1) -> str:
    return format_number(x, decimals)


def fmt_evol(x: float, decimals: int = 1) -> str:
    """A signed evolution in running text: « +4,2 % »."""
    return format_number(x, decimals, signed=True) + NNBSP + "%"


TYPOGRAPHIC_APOSTROPHE = "\u2019"
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def apostrophes(text: str) -> str:
    """Typographic apostrophe (’) for a straight one between two letters: « l'année » →
    « l’année » (the rule of the book's prose, applied to every table's printed text)."""
    return _APOSTROPHE.sub(TYPOGRAPHIC_APOSTROPHE, text)
