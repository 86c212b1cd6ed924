"""Property-based tests of the counting rules (TABLES.md §2) on random small extractions
built with hypothesis: whatever the learners, centres, catalogue and inscriptions,

- every learner is counted once in the network: T1's Total is the number of distinct learners
  with a row of the year and an in-scope inscription, and the aires add up to it;
- the inscriptions entering centres are the inscriptions leaving other centres;
- shares over known values sum to 100 before rounding;
- every jury date falls in exactly one promotion, for both groups, with the edition's
  overrides;
- a learner's age grows by one from one year to the next;
- an out-of-scope inscription (code not in the year's catalogue, not of the national offer,
  not a UE/US) changes no figure of any table the registry holds.
"""
import datetime as dt
import math
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import ExtractionBuilder
from chiffres_cles.extraction import load_extraction
from chiffres_cles.params import load_params, year_start
from chiffres_cles.perimeter import age_at, promotion, scope
from chiffres_cles.tables import registry
from chiffres_cles.tables.common import MISSING_SHARE, TOTAL, distribution

P = load_params(2023)
YEARS = [P.n_minus(1), P.N]
CENTRES = ["PARIS", "ESGT", "IDF", "GES", "BRE", "GLP", "LBN", "MAR"]
CODES = ["NFA001", "NFA002", "FOD001", "US0001"]
MODALITES = ["PRES", "FOAD", "HYB", None]
ON_DISK = settings(max_examples=8, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PURE = settings(max_examples=150, deadline=None, derandomize=True)


# -- random extractions ---------------------------------------------------------------------

@st.composite
def specs(draw):
    """A small extraction, as plain data: learners' rows, the catalogue, the inscriptions."""
    catalogue = {}
    for y in YEARS:
        for code in CODES:
            kind = draw(st.sampled_from(["national", "national", "national", "local", "other_type", "absent"]))
            if kind != "absent":
                catalogue[(code, y)] = {"offre_nationale": kind != "local",
                                        "type": "UA" if kind == "other_type" else ("US" if code.startswith("US") else "UE")}
    # one learner and one inscription at least (empty files are refused); in scope or not
    learners = [("AU900", P.N, draw(st.sampled_from(CENTRES)))]  # (id, year, centre)
    inscriptions = [("AU900", P.N, draw(st.sampled_from(CODES)), None, "PRES")]  # (id, year, code, centre_peda, modalite)
    for i in range(draw(st.integers(1, 7))):
        lid = f"AU{i:03d}"
        for y in YEARS:
            rows = draw(st.integers(0, 2))  # 0: no administrative row; 2: two rows (TABLES.md §2.1)
            for centre in draw(st.lists(st.sampled_from(CENTRES), min_size=rows, max_size=rows)):
                learners.append((lid, y, centre))
            for _ in range(draw(st.integers(0, 3))):
                inscriptions.append((lid, y, draw(st.sampled_from(CODES)),
                                     draw(st.sampled_from(CENTRES + [None])), draw(st.sampled_from(MODALITES))))
    return {"catalogue": catalogue, "learners": learners, "inscriptions": inscriptions}


def in_scope(spec, code, y) -> bool:
    c = spec["catalogue"].get((code, y))
    return bool(c and c["offre_nationale"] and c["type"] in ("UE", "US"))


def build(spec, extra_inscriptions=(), extra_courses=()) -> ExtractionBuilder:
    b = ExtractionBuilder()
    for k, (lid, y, centre) in enumerate(spec["learners"]):
        b.learner(lid, annee=y, centre_admin=centre, sexe="HF"[k % 2], date_naissance=f"{1960 + k % 40}-05-17")
    for (code, y), attrs in [*spec["catalogue"].items(), *extra_courses]:
        b.course(code, y, **attrs)
    for n, (lid, y, code, centre, modalite) in enumerate([*spec["inscriptions"], *extra_inscriptions]):
        b.inscription(lid, code, annee=y, catalogue=False, centre_peda=centre, same_centre=False, modalite=modalite,
                      inscription_id=f"IN{n:05d}", present_examen=n % 3 == 0, note=(8 + n) % 21 if n % 3 == 0 else None)
    # the other files, so that every table has something to read
    b.mooc("MOOC1", "2022-10-03", inscrits=50, attestations=10)
    b.validation("CA1", "2023-03-01", dispositif="VAE", decision="TOTALE")
    b.diplome("2022-06-30", type_parchemin="LIC")
    return b


def load(b: ExtractionBuilder):
    with tempfile.TemporaryDirectory() as tmp:
        return load_extraction(b.write(Path(tmp) / "x", fmt="parquet"))


# -- counting rules ------------------------------------------------------------------------

@pytest.mark.slow
@ON_DISK
@given(spec=specs())
def test_every_learner_is_counted_once_in_the_network(spec):
    x = load(build(spec))
    t1 = registry()[1].func(x, P)
    aires = [r for r, kind in zip(t1.rows, t1.row_kinds) if kind == ""]
    for y in YEARS:
        rows = {lid for lid, yy, _ in spec["learners"] if yy == y}
        expected = {lid for lid, yy, code, _, _ in spec["inscriptions"]
                    if yy == y and lid in rows and in_scope(spec, code, y)}
        assert t1.value(TOTAL, y) == len(expected)
        assert sum(t1.value(a, y) for a in aires) == len(expected)  # each learner in one aire only
        assert set(scope(x, P).aud(y)["auditeur_id"]) == expected


@pytest.mark.slow
@ON_DISK
@given(spec=specs())
def test_inscriptions_entering_centres_are_those_leaving_others(spec):
    x = load(build(spec))
    s = scope(x, P)
    for y in YEARS:
        for modalite in ("PRES", "FOAD", "HYB"):
            flows = s.flows(y, modalite)
            assert flows["entrantes"].sum() == flows["sortantes"].sum()
            placed = s.ins(y)
            placed = placed[placed["has_learner"] & (placed["modalite"] == modalite).fillna(False)]
            assert flows[["regionales", "entrantes"]].to_numpy().sum() == len(placed)


@settings(PURE, max_examples=300)
@given(labels=st.lists(st.sampled_from(["A", "B", "C", "D", None]), max_size=60),
       min_base=st.integers(1, 30))
def test_shares_over_known_values_sum_to_100_before_rounding(labels, min_base):
    categories = ["A", "B", "C", "D"]
    out = distribution(pd.Series(labels, dtype="object"), categories, min_base)
    known = sum(v is not None for v in labels)
    if known == 0:
        assert all(out[c][1] == "///" for c in categories)
        return
    assert math.isclose(sum(out[c][0] for c in categories), 100.0, rel_tol=1e-12)
    assert out[TOTAL][0] == 100.0
    assert math.isclose(out[MISSING_SHARE][0], 100.0 * (len(labels) - known) / len(labels))
    assert all(out[c][1] == ("ns" if known < min_base else "") for c in categories)


def _windows(groupe: str, p) -> dict[str, tuple[dt.date, dt.date]]:
    """Each promotion's window, written from TABLES.md §2.8 independently of the lib."""
    out = {}
    for y in range(2005, 2035):
        label = f"{y - 1}-{y}"
        out[label] = (dt.date(y - 1, 12, 1), dt.date(y, 11, 30)) if groupe == "R" else (dt.date(y, 1, 1), dt.date(y, 12, 31))
    for w in p.promotion_overrides:
        if w.groupe != groupe:
            continue
        out[w.promotion] = (w.debut, w.fin)
        y = year_start(w.promotion) + 1
        nxt, prev = f"{y}-{y + 1}", f"{y - 2}-{y - 1}"
        out[nxt] = (max(out[nxt][0], w.fin + dt.timedelta(days=1)), out[nxt][1])
        out[prev] = (out[prev][0], min(out[prev][1], w.debut - dt.timedelta(days=1)))
    return out


@PURE
@given(dates=st.lists(st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31)), min_size=1, max_size=30),
       groups=st.lists(st.sampled_from(["R", "C"]), min_size=30, max_size=30),
       edition=st.sampled_from([2022, 2023, 2024]))
def test_every_jury_date_falls_in_exactly_one_promotion(dates, groups, edition):
    p = load_params(edition)
    groupe = pd.Series(groups[: len(dates)], dtype="string")
    labels = promotion(groupe, pd.Series(pd.to_datetime(dates)), p)
    for d, g, label in zip(dates, groupe, labels):
        containing = [k for k, (a, b) in _windows(g, p).items() if a <= d <= b]
        assert containing == [label], (d, g, label, containing)


@PURE
@given(births=st.lists(st.dates(dt.date(1925, 1, 1), dt.date(2010, 12, 31)), min_size=1, max_size=40),
       lo=st.integers(10, 20), span=st.integers(40, 80))
def test_a_learners_age_grows_by_one_each_year(births, lo, span):
    birth = pd.Series(pd.to_datetime(births))
    valid = (lo, lo + span)
    for y0, y1 in zip(P.S5, P.S5[1:]):
        a0, a1 = age_at(birth, y0, valid), age_at(birth, y1, valid)
        both = a0.notna() & a1.notna()
        assert (a1[both] == a0[both] + 1).all()
        # and it is the age reached on 31 December of the rentrée year
        ref = dt.date(year_start(y0), 12, 31)
        full = pd.Series([ref.year - b.year - ((ref.month, ref.day) < (b.month, b.day)) for b in births], dtype="Float64")
        ok = full.between(*valid)
        assert (a0[ok] == full[ok]).all() and a0[~ok].isna().all()


# -- out-of-scope inscriptions change nothing --------------------------------------------------

def figures(x) -> dict[int, tuple]:
    """Every registered table's rows, columns, values and symbols (its published figures)."""
    out = {}
    for n, e in registry().items():
        t = e.func(x, P)
        values = [[None if isinstance(v, float) and math.isnan(v) else round(v, 9) if isinstance(v, float) else v
                   for v in row] for row in t.values]
        out[n] = (t.rows, t.columns, values, t.symbols)
    return out


@st.composite
def out_of_scope(draw, spec):
    """One inscription outside the scope, and the catalogue rows it needs."""
    y = draw(st.sampled_from(YEARS))
    learners = sorted({lid for lid, _, _ in spec["learners"]}) or ["AU000"]
    lid = draw(st.sampled_from([*learners, "AU999"]))
    how = draw(st.sampled_from(["not_in_catalogue", "not_national", "not_ue_us"]))
    courses = []
    if how == "not_in_catalogue":
        code = "HORS01"
    elif how == "not_national":
        code = "LOC001"
        courses = [(("LOC001", y), {"offre_nationale": False, "type": "UE"})]
    else:
        code = "UA0001"
        courses = [(("UA0001", y), {"offre_nationale": True, "type": "UA"})]
    centre = draw(st.sampled_from(CENTRES + [None]))
    return [(lid, y, code, centre, draw(st.sampled_from(MODALITES)))], courses


@pytest.mark.slow
@settings(ON_DISK, max_examples=4)
@given(data=st.data())
def test_an_out_of_scope_inscription_changes_no_table(data):
    spec = data.draw(specs(), label="extraction")
    extra, courses = data.draw(out_of_scope(spec), label="inscription")
    before = figures(load(build(spec)))
    after = figures(load(build(spec, extra, courses)))
    assert set(before) == set(registry())
    changed = [n for n in before if before[n] != after[n]]
    assert changed == [], f"tables changed by {extra}: {changed}"
