"""Les auditeurs du Cnam – focus sur les auditeurs internationaux (T15).

Learners of AUD(N) whose retained administrative centre is abroad (aire « Étranger »), by
nationality and by centre abroad, antennes counted with their centre de rattachement. The
§2.9 manual collection never enters this table.
"""
from __future__ import annotations

import pandas as pd

from ..extraction import Extraction
from ..indicators import ratio
from ..params import EditionParams
from ..perimeter import scope
from ..reference import Reference
from ..sections import title
from ..table import EMPTY, Table, TableBuilder
from .common import TOTAL, collation_key, hors_supplement, src_siap
from .registry import register

ABROAD = "ETR"  # aire code of « Étranger » (§2.3)
TOP_N = 10
OTHERS = "Autres nationalités"
NOT_KNOWN = "Nationalité non renseignée"
HOST_SHARE = "Part des ressortissants du pays d'implantation (%)"
SHARE = "Part (%)"

CHAMP_T15 = ("Champ : auditeurs inscrits administrativement dans un centre ou une antenne du Cnam à l'étranger, "
             "inscrits à au moins une UE ou US de l'offre nationale.")


# -- rules missing from perimeter.py (to be moved there) -----------------------------

def _blank_to_na(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.strip()
    return s.mask(s == "")


def centre_de_rattachement(ca: pd.Series, ref: Reference) -> pd.Series:
    """Centre group under which a centre abroad is shown: an antenne → the group of its
    `centres.centre_rattachement`; any other centre → itself."""
    att = _blank_to_na(ref.centres["centre_rattachement"]).dropna()
    att = att.map(lambda c: ref.centre_group.get(c, c))
    ca = ca.astype("string")
    return ca.map(att).astype("string").fillna(ca)


def pays_implantation(ca: pd.Series, ref: Reference) -> pd.Series:
    """Country (ISO alpha-2) of the learner's own administrative centre: `centres.pays`,
    else the country of its centre de rattachement; missing when neither is filled."""
    pays = _blank_to_na(ref.centres["pays"])
    ca = ca.astype("string")
    own = ca.map(pays).astype("string")
    parent = centre_de_rattachement(ca, ref).map(pays).astype("string")
    return own.fillna(parent)


def nationality_label(nationalite: pd.Series, ref: Reference) -> pd.Series:
    """Country name of a valid ISO code (`ref.nationalites`); missing or invalid → missing."""
    names = ref.nationalites
    return nationalite.astype("string").str.strip().map(names).astype("string")


# -- T15 -----------------------------------------------------------------------------

def learners_abroad(x: Extraction, p: EditionParams) -> pd.DataFrame:
    """AUD(N) of the centres abroad: auditeur_id, ca, colonne (centre group shown), nationalite,
    pays (host country of the learner's centre), nat_label (country name, or missing),
    invalid (code filled but unknown)."""
    aud = scope(x, p).aud(p.N)
    aud = aud[(aud["aire"] == ABROAD).fillna(False).astype(bool)].copy()
    ref = x.ref
    aud["colonne"] = centre_de_rattachement(aud["ca"], ref)
    aud["pays"] = pays_implantation(aud["ca"], ref)
    nat = _blank_to_na(aud["nationalite"])
    aud["nationalite"] = nat
    aud["nat_label"] = nationality_label(nat, ref)
    aud["invalid"] = nat.notna() & aud["nat_label"].isna()
    return aud.reset_index(drop=True)


def top_nationalities(labels: pd.Series, n: int = TOP_N) -> list[str]:
    """The n country names with the largest counts; ties in alphabetical (French) order."""
    counts = labels.dropna().value_counts()
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], collation_key(kv[0])))
    return [label for label, _ in ordered[:n]]


def _column_cells(units: pd.DataFrame, top: list[str], min_base: int) -> tuple[dict, tuple[float, str], float]:
    """Counts of one column by row, its host-country share and that share's base."""
    known = units["nat_label"].notna()
    cells = {lab: int((units["nat_label"] == lab).sum()) for lab in top}
    cells[OTHERS] = int((known & ~units["nat_label"].isin(top)).sum())
    cells[NOT_KNOWN] = int((~known).sum())
    cells[TOTAL] = int(len(units))
    base = int(known.sum())
    if units.loc[known, "pays"].isna().any():
        host = (float("nan"), "nd")
    else:
        nationals = int((known & (units["nationalite"] == units["pays"]).fillna(False).astype(bool)).sum())
        host = ratio(nationals, base, min_base)
    return cells, host, base


@register(15)
def t15(x: Extraction, p: EditionParams) -> Table:
    s = scope(x, p)
    aud = learners_abroad(x, p)
    top = top_nationalities(aud["nat_label"])
    rows = [*top, OTHERS, NOT_KNOWN, TOTAL, HOST_SHARE]
    row_kinds = [""] * (len(top) + 2) + ["total", ""]
    kinds = {r: ("pct" if r == HOST_SHARE else "count") for r in rows}
    tb = TableBuilder(rows, row_kinds)

    centre_rows = x.ref.centre_rows
    present = set(aud["colonne"].dropna())
    shown = [g for g in centre_rows.index if g in present]
    for g in shown:
        cells, (v, sym), base = _column_cells(aud[aud["colonne"] == g], top, p.min_base)
        tb.add(centre_rows.at[g, "libelle"], {**cells, HOST_SHARE: v}, kinds,
               symbols={HOST_SHARE: sym}, bases={HOST_SHARE: base})
    cells, (v, sym), base = _column_cells(aud, top, p.min_base)
    tb.add(TOTAL, {**cells, HOST_SHARE: v}, kinds, symbols={HOST_SHARE: sym}, bases={HOST_SHARE: base})

    # shares of the Total column over the learners of known nationality (§2.5); the
    # « non renseignée » row carries the missing-information share over all learners
    known, everyone = cells[TOTAL] - cells[NOT_KNOWN], cells[TOTAL]
    shares = {lab: (*ratio(cells[lab], known, p.min_base), known) for lab in [*top, OTHERS]}
    shares[TOTAL] = (*ratio(known, known, p.min_base), known)  # 100,0: the distribution over known values
    shares[NOT_KNOWN] = (*ratio(cells[NOT_KNOWN], everyone, p.min_base), everyone)
    # « Part (%) » distributes the Total column over the nationality rows; the host-country
    # share is a rate of its own, already given in the Total column: no share of it (empty by design)
    shares[HOST_SHARE] = EMPTY
    tb.add_cells(SHARE, shares, "pct")

    notes = ["Note : « Part (%) » calculée sur les auditeurs de nationalité renseignée ; sur la ligne "
             "« Nationalité non renseignée », part des auditeurs dont la nationalité n'est pas renseignée "
             "parmi l'ensemble des auditeurs.",
             "Note : part des ressortissants du pays d'implantation = auditeurs ayant la nationalité du pays de "
             "leur centre d'inscription / auditeurs de nationalité renseignée."]
    n_antennes = int((aud["colonne"] != aud["ca"].astype("string")).fillna(False).sum())
    if n_antennes:
        notes.append(f"Note : les auditeurs des antennes ({n_antennes}) sont comptés avec leur centre de "
                     "rattachement.")
    n_invalid = int(aud["invalid"].sum())
    if n_invalid:
        notes.append(f"Note : {n_invalid} auditeur(s) dont le code de nationalité n'est pas reconnu sont comptés "
                     "en « Nationalité non renseignée ».")
    centres = s.supplement_centres([p.N])
    if centres:
        notes.append(hors_supplement(centres))
    return tb.build(15, title(15, p), CHAMP_T15, src_siap(p), notes, section="05")
