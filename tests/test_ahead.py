"""Tables computed ahead (`ahead.py`): a table stored by the run's spare process is the one the
notebook would compute, taken only for the same data, parameters and lib."""
from chiffres_cles import ahead
from chiffres_cles.extraction import load_extraction, open_normalised, save_normalised
from chiffres_cles.params import load_params
from chiffres_cles.tables.registry import entry

Y = "2022-2023"


def _copy(builder, tmp_path):
    for i, centre in enumerate(["GES", "GES", "BRE"]):
        a = builder.learner(f"AU{i}", annee=Y, centre_admin=centre, sexe="HF"[i % 2], alternance=i < 2)
        builder.inscription(a, "NFA001", annee=Y, type_activite="ALT")
    copy = tmp_path / "extraction-abc"
    save_normalised(load_extraction(builder.write(tmp_path / "raw")), copy)
    return copy


def test_a_table_computed_ahead_is_the_one_the_notebook_computes(builder, tmp_path, monkeypatch):
    copy = _copy(builder, tmp_path)
    folder = tmp_path / "ahead"
    folder.mkdir()
    assert ahead.compute(str(copy), 2023, {"min_base": 3}, [28, 26], str(folder)) == [28, 26]
    x, p = open_normalised(copy), load_params(2023, {"min_base": 3})
    monkeypatch.delenv(ahead.ENV, raising=False)
    assert ahead.computed(x, p, 26) is None  # outside a run: none
    monkeypatch.setenv(ahead.ENV, str(folder))
    got, expected = ahead.computed(x, p, 26), entry(26).func(x, p)
    assert got is not None and got.to_json() == expected.to_json() and repr(got) == repr(expected)
    assert got.value("Total", Y) == 2  # the two alternants
    assert ahead.computed(x, p, 27) is None  # not computed ahead
    assert ahead.computed(x, load_params(2023, {"min_base": 4}), 26) is None  # other parameters
    (folder / "T28.pickle").write_bytes(b"cut short")
    assert ahead.computed(x, p, 28) is None  # unreadable: computed by the notebook


def test_a_table_whose_function_the_notebook_replaced_is_not_taken(builder, tmp_path, monkeypatch):
    import dataclasses
    import importlib

    registry = importlib.import_module("chiffres_cles.tables.registry")

    copy = _copy(builder, tmp_path)
    monkeypatch.setenv(ahead.ENV, str(tmp_path))
    ahead.compute(str(copy), 2023, None, [26], str(tmp_path))
    x, p = open_normalised(copy), load_params(2023)
    assert ahead.computed(x, p, 26) is not None

    def replaced(x, p):
        return entry(27).func(x, p)
    monkeypatch.setitem(registry._REGISTRY, 26, dataclasses.replace(registry.entry(26), func=replaced))
    assert ahead.computed(x, p, 26) is None

