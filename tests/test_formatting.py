"""French formatting: Babel for the locale, half-up rounding, U+2212, symbols."""
import math

from decimal import Decimal

from hypothesis import given, strategies as st

from chiffres_cles.formatting import fmt_evol, fmt_int, fmt_pct, format_cell, format_number, round_half_up

NNBSP, MINUS = "\u202f", "\u2212"


def test_counts_and_decimals():
    assert format_number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert format_number(12.45, 1) == "12,5"          # half-up, not half-even
    assert format_number(0.125, 2) == "0,13"
    assert format_number(2.675, 2) == "2,68"          # decimal of the printed float, not binary
    assert format_number(-3.05, 1) == f"{MINUS}3,1"
    assert format_number(4.2, 1, signed=True) == "+4,2"


def test_cells_by_kind():
    assert format_cell(0.0, "count") == "–"
    assert format_cell(0.0, "pct") == "–"
    assert format_cell(0.0, "evol") == "0,0"
    assert format_cell(12.34, "pct") == "12,3"
    assert format_cell(138.5, "rm") == "139"
    assert format_cell(-1.25, "points") == f"{MINUS}1,3"
    assert format_cell(55.0, "pct", "ns") == "ns"
    assert format_cell(math.nan, "pct", "///") == "///"


def test_text_helpers():
    assert fmt_int(52347) == f"52{NNBSP}347"
    assert fmt_pct(12.5) == f"12,5{NNBSP}%"
    assert fmt_evol(-3) == f"{MINUS}3,0{NNBSP}%"


@given(st.integers(min_value=-10**6, max_value=10**6))
def test_half_up_rounds_exact_halves_away_from_zero(hundredths_tenths):
    text = f"{hundredths_tenths / 10:.1f}5"          # e.g. "12.35", "-0.45": an exact half
    x = float(text)
    d = round_half_up(x, 1)
    assert abs(d) > abs(Decimal(text))               # away from zero, never to even
    assert abs(d - Decimal(text)) == Decimal("0.05")
