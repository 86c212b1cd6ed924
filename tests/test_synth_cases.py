"""The default synthetic extraction exercises every rule: on its build (seed 2023, at a tenth
of the default scale, which keeps every planted case), every symbol of TABLES.md §1.5 appears
in the tables, every rule of the rule report acts, and every exported cell has a value or a
symbol. Every table of the registry is built, whatever parts exist when the test runs."""
import csv
import io
from collections import Counter

import pytest

from chiffres_cles.export.tidy import tidy_csv
from chiffres_cles.extraction import load_extraction
from chiffres_cles.formatting import SYMBOLS, display_symbol
from chiffres_cles.params import load_params
from chiffres_cles.rule_report import NS_RULE, RULES, count_ns, count_rules
from chiffres_cles.synth import generate
from chiffres_cles.tables.internationaux import learners_abroad
from chiffres_cles.tables.registry import registry

P = load_params(2023)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    data = tmp_path_factory.mktemp("synthetic") / "x"
    generate(data, scale=0.1, seed=2023)
    return load_extraction(data)


@pytest.fixture(scope="module")
def tables(synthetic):
    return {n: e.func(synthetic, P) for n, e in sorted(registry().items())}


def symbols(t) -> Counter:
    return Counter(display_symbol(v, k, s) for vr, kr, sr in zip(t.values, t.kinds, t.symbols)
                   for v, k, s in zip(vr, kr, sr))


def test_every_symbol_appears_in_the_publication(tables):
    used = sum((symbols(t) for t in tables.values()), Counter())
    assert set(SYMBOLS) <= set(used), {s: used[s] for s in SYMBOLS}


@pytest.mark.parametrize("numbers,what", [((6, 9, 11, 14), "centre"), ((9, 11, 14), "profile"),
                                          ((19, 63, 65), "EPN")])
def test_small_bases_hidden_in_centre_epn_and_profile_tables(tables, numbers, what):
    present = [n for n in numbers if n in tables]
    assert present, what
    for n in present:
        assert symbols(tables[n])["ns"] > 0, n


def test_every_exported_cell_has_a_value_or_a_symbol(tables):
    for n, t in tables.items():
        rows = list(csv.DictReader(io.StringIO(tidy_csv(t))))
        empty = sum(t.empty(i, j) for i in range(len(t.rows)) for j in range(len(t.columns)))
        assert len(rows) == len(t.rows) * len(t.columns) - empty, n
        assert all(r["valeur"] or r["symbole"] for r in rows), n
        # a cell empty by design sits beside filled ones: no row or column left wholly empty
        for i in range(len(t.rows)):
            assert not all(t.empty(i, j) for j in range(len(t.columns))), (n, t.rows[i])
        for j in range(len(t.columns)):
            assert not all(t.empty(i, j) for i in range(len(t.rows))), (n, t.columns[j])


@pytest.mark.parametrize("edition", [2022, 2023, 2024])
def test_every_rule_of_the_report_acts(synthetic, edition):
    p = load_params(edition)
    acted = Counter()
    for c in count_rules(synthetic, p):
        acted[(c.rule, c.file)] += c.count
    assert [(r.id, r.file) for r in RULES if not acted[(r.id, r.file)]] == []


def test_small_bases_counted_from_the_built_tables(tables, tmp_path):
    for t in tables.values():
        (tmp_path / f"{t.id}.json").write_text(t.to_json(), encoding="utf-8")
    ns = count_ns(tmp_path)
    assert ns and all(c.rule == NS_RULE for c in ns)
    assert sum(c.count for c in ns) == sum(symbols(t)["ns"] for t in tables.values())


@pytest.mark.parametrize("edition", [2022, 2023, 2024])
def test_tie_at_rank_10_in_table_15(synthetic, edition):
    counts = learners_abroad(synthetic, load_params(edition))["nat_label"].value_counts()
    assert len(counts) > 11 and counts.iloc[9] == counts.iloc[10]
