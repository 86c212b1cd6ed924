"""The year scopes INS(y) and AUD(y) shared by the processes of a build (`scope_cache.py`):
built once, read back as they were built (rows, dtypes, rule counts), used instead of being
built again, and never used when the data, the lib or a parameter they depend on changed."""
import pandas as pd
import pytest

from chiffres_cles import pipeline, scope_cache
from chiffres_cles.extraction import load_extraction, open_normalised, save_normalised
from chiffres_cles.params import load_params
from chiffres_cles.perimeter import Scope, scope
from chiffres_cles.rule_report import count_rules
from chiffres_cles.table import Table

Y = "2022-2023"
YEARS = ("2018-2019", "2019-2020", "2020-2021", "2021-2022", "2022-2023")


def _normalised(builder, tmp_path):
    for y in YEARS:
        for i, centre in enumerate(["GES", "GES", "BRE", "IDF", "LBN"]):
            a = builder.learner(f"AU{i}", annee=y, centre_admin=centre, sexe="HF"[i % 2])
            builder.inscription(a, "NFA001", annee=y, note=8 + i, present_examen=True)
            builder.inscription(a, "FOD001", annee=y, modalite="FOAD", centre_peda="PARIS")
    builder.learner("AU0", annee=Y, centre_admin="BRE")  # two rows in a year: a rule acts
    save_normalised(load_extraction(builder.write(tmp_path / "x")), tmp_path / "norm")
    return tmp_path / "norm"


def _boom(*args, **kwargs):
    raise AssertionError("built again instead of read from the shared scopes")


def test_a_year_is_published_once_and_read_back_as_built(builder, tmp_path, monkeypatch):
    norm = _normalised(builder, tmp_path)
    p = load_params(2023)
    built = Scope(open_normalised(norm), p)
    ins, aud = built.ins(Y), built.aud(Y)
    assert scope_cache.SharedScopes(norm, p).has(Y)
    monkeypatch.setattr(Scope, "_ins_base", _boom)
    monkeypatch.setattr(Scope, "_retained", _boom)
    read = Scope(open_normalised(norm), p)  # another process, as a section's kernel
    pd.testing.assert_frame_equal(read.ins(Y), ins, check_exact=True)
    pd.testing.assert_frame_equal(read.aud(Y), aud, check_exact=True)
    assert list(read.ins(Y).dtypes) == list(ins.dtypes) and list(read.aud(Y).dtypes) == list(aud.dtypes)
    assert read.applied == {k: v for k, v in built.applied.items() if k[2] == Y}
    assert read.applied[("doublon_majorite", "auditeurs", Y)] + read.applied[("doublon_date", "auditeurs", Y)] \
        + read.applied[("doublon_code", "auditeurs", Y)] == 1


def test_rule_counts_come_from_the_published_years_without_their_rows(builder, tmp_path, monkeypatch):
    norm = _normalised(builder, tmp_path)
    p = load_params(2023)
    expected = count_rules(open_normalised(norm), p)  # builds and publishes the five years
    monkeypatch.setattr(Scope, "_ins_base", _boom)
    monkeypatch.setattr(Scope, "_retained", _boom)
    x = open_normalised(norm)
    assert count_rules(x, p) == expected
    assert not any(isinstance(k, tuple) and k[0] in ("ins", "aud") for k in scope(x, p)._cache)


def test_another_parameter_or_lib_gives_other_scopes(builder, tmp_path, monkeypatch):
    norm = _normalised(builder, tmp_path)
    p = load_params(2023)
    folder = scope_cache.SharedScopes(norm, p).folder
    assert scope_cache.SharedScopes(norm, load_params(2023, {"age_valid": [16, 90]})).folder != folder
    assert scope_cache.SharedScopes(norm, load_params(2023, {"entrant_modalites": ["FOAD", "HYB"]})).folder != folder
    assert scope_cache.SharedScopes(norm, load_params(2023, {"min_base": 30})).folder == folder  # tables only
    Scope(open_normalised(norm), p).ins(Y)
    assert (folder / Y / "scope.json").exists()
    # a change of the counting rules' code: the old scopes are never read again, and removed
    monkeypatch.setattr(scope_cache, "code_fingerprint", lambda: "0ther0c0de000")
    newer = scope_cache.SharedScopes(norm, p)
    assert newer.folder != folder and not newer.has(Y)
    s = Scope(open_normalised(norm), p)
    s.ins(Y)
    assert newer.has(Y) and not folder.exists()


def test_age_bounds_change_the_ages_read(builder, tmp_path):
    norm = _normalised(builder, tmp_path)
    Scope(open_normalised(norm), load_params(2023)).aud(Y)
    narrow = Scope(open_normalised(norm), load_params(2023, {"age_valid": [40, 90]})).aud(Y)
    assert narrow["age"].isna().all()  # born in 1990: 32 in 2022, outside 40–90, not the cached ages


def test_no_sharing_when_switched_off_or_in_memory(builder, tmp_path, monkeypatch):
    norm = _normalised(builder, tmp_path)
    p = load_params(2023)
    assert scope_cache.SharedScopes.of(load_extraction(builder.write(tmp_path / "y")), p) is None
    monkeypatch.setenv(scope_cache.ENV, "off")
    s = Scope(open_normalised(norm), p)
    s.ins(Y)
    assert s.shared is None and not (norm / scope_cache.FOLDER).exists()


def test_the_pipeline_publishes_the_years_and_the_tables_do_not_change(builder, tmp_path, monkeypatch):
    _normalised(builder, tmp_path)
    data = tmp_path / "x"
    result = pipeline.run_edition(2023, data, tmp_path / "shared", sections=["01"])
    assert result.ok
    published = list((tmp_path / "shared" / ".cache").glob(f"extraction-*/{scope_cache.FOLDER}/*/*/scope.json"))
    assert sorted(p.parent.name for p in published) == list(YEARS)
    monkeypatch.setenv(scope_cache.ENV, "off")
    assert pipeline.run_edition(2023, data, tmp_path / "alone", sections=["01"]).ok
    for t in sorted((tmp_path / "shared" / "cc2023" / "tables").glob("T*.json")):
        assert t.read_bytes() == (tmp_path / "alone" / "cc2023" / "tables" / t.name).read_bytes()
    assert not list((tmp_path / "alone" / ".cache").glob(f"extraction-*/{scope_cache.FOLDER}"))
    # nothing changed: nothing run, nothing rewritten
    manifest = (tmp_path / "shared" / "cc2023" / "manifest.json").read_bytes()
    again = pipeline.run_edition(2023, data, tmp_path / "shared", sections=["01"])
    assert again.ok and [o.status for o in again.outcomes] == ["skipped"]
    assert (tmp_path / "shared" / "cc2023" / "manifest.json").read_bytes() == manifest
    assert not list((tmp_path / "shared").glob(".staging-*"))
    # other data: another normalised copy, other scopes (the old ones are not read)
    monkeypatch.delenv(scope_cache.ENV)
    builder.learner("AU7", annee=Y, centre_admin="GES")
    builder.inscription("AU7", "NFA001", annee=Y)
    builder.write(data)
    assert pipeline.run_edition(2023, data, tmp_path / "shared", sections=["01"]).ok
    t1 = Table.from_json((tmp_path / "shared" / "cc2023" / "tables" / "T01.json").read_text())
    assert t1.value("Total", Y) == 6 and t1.value("Total", "2021-2022") == 5
    assert len(list((tmp_path / "shared" / ".cache").glob(f"extraction-*/{scope_cache.FOLDER}"))) == 2


def test_the_scopes_key_covers_every_module_the_rules_run():
    """A module the counting rules import but the key ignores would let a changed rule read old
    scopes: every chiffres_cles module loaded with perimeter.py is in RULE_MODULES."""
    import subprocess
    import sys

    code = ("import sys, chiffres_cles.perimeter; "
            "print(' '.join(n for n in sys.modules if n.startswith('chiffres_cles')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    names = {n.split(".", 1)[1] if "." in n else "__init__" for n in loaded}
    assert names <= set(scope_cache.RULE_MODULES)


def test_a_scope_holds_few_years_read_back_and_reads_them_again(builder, tmp_path, monkeypatch):
    """Ten times the data: a kernel holds the years read back within KEEP_READ_MB (the others
    are read again when asked), never fewer rows nor other values."""
    from chiffres_cles import perimeter

    norm = _normalised(builder, tmp_path)
    p = load_params(2023)
    built = Scope(open_normalised(norm), p)
    expected = {y: built.ins(y) for y in YEARS}
    size = expected[Y].memory_usage(index=False).sum()
    monkeypatch.setattr(perimeter, "KEEP_READ_MB", 2.5 * size / 2**20)  # room for two years
    s = Scope(open_normalised(norm), p)
    for y in YEARS:
        pd.testing.assert_frame_equal(s.ins(y), expected[y])
    held = [k for k in s._cache if isinstance(k, tuple) and k[0] == "ins"]
    assert held == [("ins", YEARS[-2]), ("ins", YEARS[-1])]
    pd.testing.assert_frame_equal(s.ins(YEARS[0]), expected[YEARS[0]])  # read again
    assert ("ins", YEARS[-2]) not in s._cache and ("ins", YEARS[-1]) in s._cache
    monkeypatch.setattr(perimeter, "KEEP_READ_MB", 0)  # the last one is always kept
    s.ins(YEARS[1])
    assert [k for k in s._cache if isinstance(k, tuple) and k[0] in ("ins", "aud")] == [("ins", YEARS[1])]


def test_positions_look_labels_up_as_a_map_would():
    from chiffres_cles.perimeter import positions

    index = pd.Index(["AU1", "AU2", "AU3"], dtype="string")
    labels = pd.Series(["AU3", "AU9", None, "AU1", "AU3"], dtype="string")
    assert list(positions(index, labels)) == [2, -1, -1, 0, 2]
    values = pd.Series([10, 20, 30], index=index)
    mapped = labels.map(values)
    looked = [values.iloc[i] if i >= 0 else None for i in positions(index, labels)]
    assert [None if pd.isna(v) else v for v in mapped] == looked
    assert list(positions(pd.Index([], dtype="string"), labels)) == [-1] * 5
