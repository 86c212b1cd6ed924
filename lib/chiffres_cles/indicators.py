"""Ratios with their small-base rules, evolutions and points (TABLES.md §1.3, §1.4, §2.5).

Every function returns (value, symbol): the unrounded value is kept even where the symbol
hides it (the exports leave it out; tests read it).
"""
from __future__ import annotations

import math

NA = math.nan


def ratio(num: float, base: float, min_base: int, scale: float = 100.0) -> tuple[float, str]:
    """A share or rate: base 0 → ///, base below the threshold → ns (value kept)."""
    if base is None or _isnan(base) or base == 0:
        return NA, "///"
    value = scale * num / base
    return value, ("ns" if base < min_base else "")


def mean(total: float, n: float, min_base: int) -> tuple[float, str]:
    """A mean over n valid values: none → ///, fewer than the threshold → ns."""
    if n == 0:
        return NA, "///"
    return total / n, ("ns" if n < min_base else "")


def masculinity(men: float, women: float, min_base: int) -> tuple[float, str]:
    """Men per 100 women; base = H + F: 0 → ///, below the threshold → ns, then F = 0 → ///."""
    base = men + women
    if base == 0:
        return NA, "///"
    if base < min_base:
        return (100.0 * men / women if women else NA), "ns"
    if women == 0:
        return NA, "///"
    return 100.0 * men / women, ""


def evolution(current: float, previous: float, min_base: int) -> tuple[float, str]:
    """Évolution (%) of a count: previous 0 → ///, previous below the threshold → ns."""
    if previous is None or _isnan(previous) or previous == 0:
        return NA, "///"
    value = 100.0 * (current - previous) / previous
    return value, ("ns" if previous < min_base else "")


def points(current: tuple[float, str], previous: tuple[float, str]) -> tuple[float, str]:
    """Evolution of a rate in points: /// if either rate is ///, else ns if either is ns."""
    (v1, s1), (v0, s0) = current, previous
    if "///" in (s1, s0) or "nd" in (s1, s0) or _isnan(v1) or _isnan(v0):
        return NA, "///" if "nd" not in (s1, s0) else "nd"
    return v1 - v0, ("ns" if "ns" in (s1, s0) else "")


def _isnan(v) -> bool:
    return isinstance(v, float) and math.isnan(v)
