"""Valorisation des parcours – la validation des études supérieures (VES), T53–T59: the
scheme's description, the registration of its shared tables (`valorisation.py`), T59 (note
de règlement, VES by default, other schemes through `t59_dispositifs`) and the data of
Graphique 12, drawn once in this last section of the three schemes."""
from __future__ import annotations

import pandas as pd

from ..extraction import Extraction
from ..params import EditionParams
from ..table import Table
from .registry import register
from .vae import VAE
from .valorisation import (Rate, Scheme, by_centre, by_epn, decision_mix, decisions, key_figures, mean_ages,
                           note_reglement, rates_by_level)
from .vapp import VAPP

VES = Scheme(
    code="VES",
    section="12",
    categories=("ACCORD", "ACCORD_REFUS", "REFUS"),
    favourable=("ACCORD", "ACCORD_REFUS"),
    favourable_label="Part des notifications comportant un accord (%)",
    rates=(Rate(("ACCORD",), "Accord (%)", "Validation totale (%)", "Accord (%)"),
           Rate(("ACCORD_REFUS",), "Accord couplé avec un refus (%)", "Validation partielle (%)", "Accord & refus (%)")),
    distinct_label="Diplômes visés distincts",
)
SCHEMES = {s.code: s for s in (VAPP, VAE, VES)}


@register(53)
def t53(x: Extraction, p: EditionParams) -> Table:
    return key_figures(x, p, VES, 53)


@register(54)
def t54(x: Extraction, p: EditionParams) -> Table:
    return mean_ages(x, p, VES, 54)


@register(55)
def t55(x: Extraction, p: EditionParams) -> Table:
    return decisions(x, p, VES, 55)


@register(56)
def t56(x: Extraction, p: EditionParams) -> Table:
    return rates_by_level(x, p, VES, 56)


@register(57)
def t57(x: Extraction, p: EditionParams) -> Table:
    return by_epn(x, p, VES, 57)


@register(58)
def t58(x: Extraction, p: EditionParams) -> Table:
    return by_centre(x, p, VES, 58)


@register(59)
def t59(x: Extraction, p: EditionParams) -> Table:
    unknown = [c for c in p.t59_dispositifs if c not in SCHEMES]
    if unknown:
        raise ValueError(f"t59_dispositifs : dispositif(s) inconnu(s) {', '.join(unknown)} "
                         f"(attendus : {', '.join(SCHEMES)})")
    schemes = [s for code, s in SCHEMES.items() if code in p.t59_dispositifs]
    return note_reglement(x, p, schemes, 59, VES.section)


def graphique_12_data(x: Extraction, p: EditionParams) -> dict[str, pd.DataFrame]:
    """Graphique 12: for VAPP (T38), VAE (T48) and VES (T55), the shares (%) of each decision
    category per calendar year of SC, from the decisions tables' published counts."""
    return {s.code: decision_mix(decisions(x, p, s, n), p.SC) for s, n in ((VAPP, 38), (VAE, 48), (VES, 55))}
