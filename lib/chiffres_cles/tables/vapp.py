"""Valorisation des parcours – la validation des acquis professionnels et personnels (VAPP),
T34–T41: the scheme's description and the registration of its tables (the logic is shared,
in `valorisation.py`)."""
from __future__ import annotations

from ..extraction import Extraction
from ..params import EditionParams
from ..table import Table
from .registry import register
from .valorisation import Rate, Scheme, by_centre, by_epn, decisions, jobseekers, key_figures, levels, mean_ages, \
    rates_by_level

DIRECT_OR_DISPENSE = "Accès direct ou avec dispense (%)"
RESERVE = "Accès sous réserve (%)"

VAPP = Scheme(
    code="VAPP",
    section="10",
    categories=("DIRECT", "DISPENSE", "RESERVE", "REFUS"),
    favourable=("DIRECT", "DISPENSE", "RESERVE"),
    favourable_label="Part des notifications d'accès (direct, avec dispense ou sous réserve) (%)",
    rates=(Rate(("DIRECT", "DISPENSE"), DIRECT_OR_DISPENSE, DIRECT_OR_DISPENSE, DIRECT_OR_DISPENSE),
           Rate(("RESERVE",), RESERVE, RESERVE, RESERVE)),
    distinct_label="Certifications visées distinctes",
)


@register(34)
def t34(x: Extraction, p: EditionParams) -> Table:
    return key_figures(x, p, VAPP, 34)


@register(35)
def t35(x: Extraction, p: EditionParams) -> Table:
    return mean_ages(x, p, VAPP, 35)


@register(36)
def t36(x: Extraction, p: EditionParams) -> Table:
    return jobseekers(x, p, VAPP, 36)


@register(37)
def t37(x: Extraction, p: EditionParams) -> Table:
    return levels(x, p, VAPP, 37)


@register(38)
def t38(x: Extraction, p: EditionParams) -> Table:
    return decisions(x, p, VAPP, 38)


@register(39)
def t39(x: Extraction, p: EditionParams) -> Table:
    return rates_by_level(x, p, VAPP, 39)


@register(40)
def t40(x: Extraction, p: EditionParams) -> Table:
    return by_epn(x, p, VAPP, 40)


@register(41)
def t41(x: Extraction, p: EditionParams) -> Table:
    return by_centre(x, p, VAPP, 41)
