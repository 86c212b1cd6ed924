"""Cross-table invariants of TABLES.md §4 (`chiffres_cles.invariants`), on the synthetic
extraction (scale 0.1), for editions 2022, 2023 and 2024: the declarations the build checks
are the ones tested here. The 69 tables of each edition are computed once per session
(`edition_tables`) and shared by the five `test_invariants*.py` files, each testing the
declarations of its part (`SPLIT`) and keeping the assertions of its part that are not §4
invariants.

This file: the part « auditeurs » (T1–T15), how the check reports a broken invariant, and
the invariants under other edition parameters."""
import dataclasses
import functools
import math
import tempfile
from pathlib import Path

import pytest

from chiffres_cles import invariants as inv
from chiffres_cles.extraction import load_extraction
from chiffres_cles.params import load_params
from chiffres_cles.perimeter import exam_counts, scope
from chiffres_cles.synth import generate
from chiffres_cles.table import Table
from chiffres_cles.tables import registry

EDITIONS = (2022, 2023, 2024)

# which test file checks which declarations: their families, and the share tables of its range
SPLIT = {
    "auditeurs": (("Auditeurs",), range(1, 16)),
    "inscriptions": (("Inscriptions", "Flux", "Heures"), range(16, 26)),
    "alternance": (("Alternance",), range(26, 34)),
    "valorisation": (("Validation",), range(34, 60)),
    "examens": (("Examens", "Diplômes"), range(60, 70)),
}


# -- the shared computation ---------------------------------------------------------------------

_KEEP: list = []  # the synthetic extraction's folder, removed at the end of the session


@functools.cache
def synthetic_extraction():
    tmp = tempfile.TemporaryDirectory(prefix="cc-invariants-")
    _KEEP.append(tmp)
    data = Path(tmp.name) / "x"
    generate(data, scale=0.1, seed=2023)
    return load_extraction(data)


@dataclasses.dataclass(frozen=True)
class Built:
    p: object
    tables: dict
    ctx: inv.Context

    @property
    def x(self):
        return self.ctx.extraction


@functools.cache
def edition_tables(edition: int, **overrides) -> Built:
    """The 69 tables of an edition on the synthetic extraction, and the invariants' context."""
    x = synthetic_extraction()
    p = load_params(edition, overrides or None)
    return Built(p, {n: e.func(x, p) for n, e in registry().items()}, inv.Context.of(x, p))


def declarations(part: str) -> list[inv.Invariant]:
    families, shares = SPLIT[part]
    return [i for i in inv.INVARIANTS if i.family in families or (i.family == "Parts" and i.tables[0] in shares)]


def check(i: inv.Invariant, tables: dict, ctx: inv.Context, expected: str = inv.VERIFIED) -> inv.Outcome:
    o = inv.evaluate(i, tables, ctx)
    assert o.status == expected, f"{i.id} : {o.status} {o.reason}\n{inv.describe(o)}"
    return o


def assert_holds(i: inv.Invariant, built: Built) -> None:
    """An invariant holds, or is not applicable under the edition's parameters for a reason
    the declaration gives (T59 blocks of the schemes `t59_dispositifs` leaves out)."""
    o = inv.evaluate(i, built.tables, built.ctx)
    if i.id in ("t59-t38-vapp", "t59-t48-vae") and not any(s in i.id for s in map(str.lower,
                                                                                 built.p.t59_dispositifs)):
        assert o.status == inv.NOT_EVALUATED and "t59_dispositifs" in o.reason
        return
    assert o.status == inv.VERIFIED, f"{i.id} : {o.status} {o.reason}\n{inv.describe(o)}"
    assert o.checks


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-9)


def supplement_learners(x, y):
    sup = x.frames.get("collecte_manuelle")
    return 0 if sup is None else float(sup.loc[sup["annee"] == y, "auditeurs"].fillna(0).sum())


@pytest.fixture(scope="session", params=EDITIONS)
def built(request) -> Built:
    return edition_tables(request.param)


@pytest.fixture(scope="session")
def synthetic():
    return synthetic_extraction()


# -- the declarations -----------------------------------------------------------------------------

def test_every_declaration_is_tested_by_one_part():
    parts = [part for i in inv.INVARIANTS for part in SPLIT if i in declarations(part)]
    assert len(parts) == len(inv.INVARIANTS)
    assert {i.family for i in inv.INVARIANTS} == set(inv.FAMILIES)


def test_declarations_are_well_formed():
    ids = [i.id for i in inv.INVARIANTS]
    assert len(ids) == len(set(ids))
    numbers = set(registry())
    for i in inv.INVARIANTS:
        assert i.family in inv.FAMILIES and i.name and i.line and i.tables, i.id
        assert set(i.tables) <= numbers, i.id


@pytest.mark.parametrize("invariant", declarations("auditeurs"), ids=lambda i: i.id)
def test_invariant(invariant, built):
    assert_holds(invariant, built)


def test_the_supplement_is_in_the_context(built):
    """« Hors supplément » is meaningful: the synthetic supplement covers every year shown."""
    for y in built.p.S5:
        assert built.ctx.sup("auditeurs", y) > 0 and built.ctx.sup("inscriptions", y) > 0
    assert built.ctx.sup("auditeurs", built.p.N, aire="Étranger") == built.ctx.sup("auditeurs", built.p.N)
    assert built.ctx.centres(built.p.N) == ["Cnam Madagascar"]


# -- how a broken invariant is reported ---------------------------------------------------------------

def altered(t: Table, row, col, delta: float = 0.0, symbol: str | None = None) -> Table:
    """A copy of a table (through its JSON, as the build reads it) with one cell altered."""
    out = Table.from_json(t.to_json())
    i, j = out._ri(row), out._ci(col)
    out.values[i][j] += delta
    if symbol is not None:
        out.symbols[i][j] = symbol
    return out


def by_id(ident: str) -> inv.Invariant:
    return next(i for i in inv.INVARIANTS if i.id == ident)


def test_a_cell_altered_breaks_the_invariant_with_both_values():
    b = edition_tables(2023)
    tables = {**b.tables, 2: altered(b.tables[2], "Total", "Total", +1)}
    o = check(by_id("t01-t02-total"), tables, b.ctx, inv.BROKEN)
    [bad] = o.failures
    expected = b.tables[1].value("Total", b.p.N) - supplement_learners(b.x, b.p.N)
    assert bad.left.value == expected and bad.right.value == expected + 1
    text = inv.describe(o)
    for part in ("T1 Total hors collecte manuelle = T2 Total (N)", "T1, T2", "T2 « Total » × « Total »",
                 "2022-2023", f"{int(expected)} ≠", f"= {int(expected) + 1}", "1 cellule en écart sur 1"):
        assert part in text, part
    # the same alteration, read back from JSON, leaves the other invariants of T2 intact but its shares
    assert check(by_id("parts-t02"), tables, b.ctx).status == inv.VERIFIED
    assert inv.failure_message(inv.check_all(tables, b.ctx)).count("  - «") == 1


def test_a_share_altered_breaks_its_distribution():
    b = edition_tables(2023)
    part = f"Part {b.p.N} (%)"
    o = check(by_id("parts-t01"), {1: altered(b.tables[1], "Outre-mer", part, +0.5)}, b.ctx, inv.BROKEN)
    [bad] = o.failures
    assert bad.left.value == pytest.approx(100.5) and bad.right.value == 100


def test_symbols_match_as_symbols_and_ns_at_its_value():
    b = edition_tables(2023)
    t29, col = b.tables[29], (b.p.N, "Effectif")
    assert t29.symbol("Cnam Madagascar", col) == "nd"
    lost = {**b.tables, 29: altered(t29, "Cnam Madagascar", col, symbol="")}     # nd on one side only
    o = check(by_id("t29-t27-effectifs"), lost, b.ctx, inv.BROKEN)
    assert [c.left.what for c in o.failures] == [f"T29 « Cnam Madagascar » × « {b.p.N} › Effectif »"]
    assert "« nd »" in o.failures[0].text()
    flagged = {**b.tables, 60: altered(b.tables[60], "Ensemble", (b.p.N, "Taux de présence (%)"), symbol="ns")}
    check(by_id("t60-t62-ensemble"), flagged, b.ctx)                               # ns: compared at its value


def test_no_alternant_leaves_the_t26_denominator_not_evaluated_not_broken():
    """With no alternant, T26's share is 0 % of any total: the denominator cannot be read from
    it (it used to divide by zero and break the build)."""
    b = edition_tables(2023)
    share = f"Part des alternants parmi les auditeurs {b.p.N} (%)"
    none = altered(altered(b.tables[26], "Total", b.p.N, -b.tables[26].value("Total", b.p.N)), "Total", share,
                   -b.tables[26].value("Total", share))
    assert none.value("Total", share) == 0
    o = inv.evaluate(by_id("t01-t26-denominateur"), {1: b.tables[1], 26: none}, b.ctx)
    assert o.status == inv.NOT_EVALUATED and "nulle ou non publiée" in o.reason
    unpublished = altered(b.tables[26], "Total", share, symbol="///")
    o = inv.evaluate(by_id("t01-t26-denominateur"), {1: b.tables[1], 26: unpublished}, b.ctx)
    assert o.status == inv.NOT_EVALUATED


def test_a_table_not_built_leaves_its_invariants_not_evaluated():
    b = edition_tables(2023)
    section_09 = {n: t for n, t in b.tables.items() if 26 <= n <= 33}
    outcomes = inv.check_all(section_09, b.ctx)
    for o in outcomes:
        if set(o.invariant.tables) <= set(section_09) and not o.invariant.data:
            assert o.status == inv.VERIFIED, o.invariant.id
        else:
            assert o.status == inv.NOT_EVALUATED and "non construit" in o.reason, o.invariant.id
    o = inv.evaluate(by_id("t01-t08-ages"), {1: b.tables[1]}, b.ctx)
    assert o.reason == "tableau(x) non construit(s) : T8"


def test_a_declaration_that_no_longer_fits_its_table_is_broken():
    b = edition_tables(2023)
    t2 = Table.from_json(b.tables[2].to_json())
    t2.rows = [("Ensemble" if r == "Total" else r) for r in t2.rows]          # a row gone: a failing cell
    o = check(by_id("t01-t02-total"), {1: b.tables[1], 2: t2}, b.ctx, inv.BROKEN)
    assert "T2 « Total » × « Total » = (ligne absente)" in o.failures[0].text()
    t2 = Table.from_json(b.tables[2].to_json())
    t2.columns = [("Ensemble",) if c == ("Total",) else c for c in t2.columns]  # a column gone: named
    o = check(by_id("t01-t02-total"), {1: b.tables[1], 2: t2}, b.ctx, inv.BROKEN)
    assert "KeyError" in o.reason and "Total" in o.reason and not o.checks
    assert "KeyError" in inv.describe(o)


def test_reports_manifest_qa_rows_and_page():
    b = edition_tables(2023)
    tables = {n: t for n, t in b.tables.items() if n != 8}
    outcomes = inv.check_all(tables, b.ctx)
    entries = {e["id"]: e for e in inv.manifest_entries(outcomes)}
    assert entries["t01-t03-administratifs"] == {
        "id": "t01-t03-administratifs", "famille": "Auditeurs",
        "controle": "T1 Total = somme des inscrits administratifs de T3", "ligne_tables_md": "T1 Total = Σ ADM of T3 "
        "(N-1, N)", "tableaux": [1, 3], "resultat": "vérifié", "cellules_comparees": 2, "ecarts": 0}
    assert entries["t01-t08-ages"]["resultat"] == "non évalué" and entries["t01-t08-ages"]["motif"]
    rows = inv.qa_rows(outcomes)
    assert {r["niveau"] for r in rows} == {"controle"} and all(r["exemples"] == "" for r in rows)
    row = next(r for r in rows if r["regle"] == "t01-t03-administratifs")
    assert (row["colonne"], row["nombre"]) == ("T1, T3", "2")
    assert inv.parse_qa_message(row["message"]) == ("vérifié", "Auditeurs",
                                                   "T1 Total = somme des inscrits administratifs de T3")
    page = "\n".join(inv.qa_markdown_lines(rows))
    assert "## Contrôles de cohérence entre tableaux" in page
    assert "| Auditeurs | T1 Total = somme des inscrits administratifs de T3 | T1, T3 | vérifié | 2 |" in page
    # not evaluated: the two invariants of T8, and the T59 blocks of VAPP and VAE (t59_dispositifs)
    assert f"{len(rows) - 4} contrôle(s) vérifié(s), 4 non évalué(s), 0 rompu(s)" in page


def test_not_assessed_inscriptions_read_from_the_note_are_the_warehouse_counts(synthetic):
    """The exam invariants « hors supplément » rebuild the warehouse counts behind T63 from its
    rates and its Note on inscriptions without a planned exam."""
    b = edition_tables(2023)
    counts = inv.not_assessed(b.tables[63])
    for y in (b.p.n_minus(1), b.p.N):
        expected = exam_counts(scope(synthetic, b.p).ins(y)["statut"])
        assert expected.not_assessed > 0 and counts[y] == expected.not_assessed
        rebuilt = inv.warehouse_counts(b.tables[63], y)
        for name in ("inscriptions", "entered", "present", "passed"):
            assert getattr(rebuilt, name) == pytest.approx(getattr(expected, name), rel=1e-12), (y, name)


# -- other edition parameters --------------------------------------------------------------------------

def test_invariants_hold_under_other_parameters():
    """A run with `-p min_base 30 -p entrant_modalites "[FOAD, HYB]"` passes every check."""
    b = edition_tables(2023, min_base=30, entrant_modalites=("FOAD", "HYB"))
    assert b.p.min_base == 30 and b.p.entrant_modalites == ("FOAD", "HYB")
    assert "Inscrits entrants (FOAD, HYB)" in str(b.tables[3].columns)
    for o in inv.check_all(b.tables, b.ctx):
        assert o.status != inv.BROKEN, inv.describe(o)
    assert sum(o.status == inv.VERIFIED for o in inv.check_all(b.tables, b.ctx)) == len(inv.INVARIANTS) - 2


def test_entrants_of_a_modality_without_flows_are_not_evaluated():
    b = edition_tables(2023)
    p = dataclasses.replace(b.p, entrant_modalites=("FOAD", "PRES"))
    t3 = registry()[3].func(b.x, p)
    o = inv.evaluate(by_id("t03-t22-entrants"), {3: t3, 22: b.tables[22]}, dataclasses.replace(b.ctx, p=p))
    assert o.status == inv.NOT_EVALUATED and "PRES" in o.reason


# -- assertions of this part that are not §4 invariants ----------------------------------------------------

LEVELS = ["Aucun diplôme ou brevet", "CAP, BEP (niveau 3)", "Baccalauréat (niveau 4)", "Bac+2 (niveau 5)",
          "Bac+3 ou Bac+4 (niveau 6)", "Bac+5 (niveau 7)", "Doctorat (niveau 8)"]
SITUATIONS = ["En emploi", "Demandeur d'emploi", "Inactif (études, retraite, autre)"]


def test_t2_rows_add_up(built):
    t2 = built.tables[2]
    parts = ["Formation continue hors temps de travail (HTT)", "Formation continue en journée", "Alternance",
             "Formation initiale (hors alternance)", "Autre ou non renseigné"]
    assert same(sum(t2.value(r, "Total") for r in parts), t2.value("Total", "Total"))
    dont = t2.value("dont contrat d'apprentissage", "Total") + t2.value("dont contrat de professionnalisation", "Total")
    assert dont <= t2.value("Alternance", "Total")


def test_centre_tables_subtotals_equal_aires(built):
    """T3 sub-totals (or an aire's single row) equal the T1 aire cells."""
    p, t = built.p, built.tables
    aire_rows = {"Paris – Établissement public": "Cnam Paris – Établissement public",
                 "Île-de-France": "Cnam Île-de-France", "Régions métropolitaines": "Sous-total Régions métropolitaines",
                 "Outre-mer": "Sous-total Outre-mer", "Étranger": "Sous-total Étranger"}
    for aire, row in aire_rows.items():
        assert same(t[1].value(aire, p.N), t[3].value(row, (p.N, "Inscrits administratifs")))


def test_t9_ensemble_equals_t8_mean_age(built):
    p, t = built.p, built.tables
    assert same(t[9].value("Ensemble", (p.N, "Âge moyen")),
                t[8].value("Âge moyen (en années)", ("Ensemble", "Effectif")))


def test_t11_ensemble_equals_t10_column_n(built):
    p, t = built.p, built.tables
    for level in LEVELS + ["Part d'information manquante (%)"]:
        assert same(t[11].value("Ensemble", level), t[10].value(level, p.N))


def test_t14_ensemble_equals_t12_column_n_when_both_use_first_inscription(synthetic):
    """The synthetic extraction fills the year's situation from 2021-2022 on, so T14 uses it
    there; without the year fields both tables read the first inscription and must agree."""
    frames = dict(synthetic.frames)
    frames["auditeurs"] = frames["auditeurs"].drop(columns=["situation_emploi_annee", "pcs_annee"])
    x = dataclasses.replace(synthetic, frames=frames, cache={})
    for edition in (2022, 2024):
        p = load_params(edition)
        t12, t14 = registry()[12].func(x, p), registry()[14].func(x, p)
        for s in SITUATIONS + ["Part d'information manquante (%)"]:
            assert same(t14.value("Ensemble", s), t12.value(s, p.N))
