"""What a run must redo (`freshness.py`): the fingerprints of its inputs, the keys of the
sections and of the rule counts, and whether a build is current."""
import json

import pytest

from chiffres_cles import freshness
from chiffres_cles.params import load_params
from chiffres_cles.sections import SECTIONS

P = load_params(2023)
S01, S02 = SECTIONS[0], SECTIONS[1]


def test_data_fingerprint_follows_content(builder, tmp_path):
    a = builder.learner("AU1", annee="2022-2023", centre_admin="GES")
    builder.inscription(a, "NFA001", annee="2022-2023", note=12, present_examen=True)
    out = builder.write(tmp_path / "x")
    before = freshness.data_fingerprint(out)
    assert freshness.data_fingerprint(out) == before
    text = (out / "inscriptions.csv").read_text()
    (out / "inscriptions.csv").write_text(text.replace("12.0", "13.0").replace(",12,", ",13,"))
    assert freshness.data_fingerprint(out) != before


def test_post_section_parameters_do_not_invalidate_sections():
    other = load_params(2023, {"seuil_mouvement": P.seuil_mouvement + 1, "seuil_revision": P.seuil_revision + 1})
    assert freshness.section_key(S01, "fp", P, "lib") == freshness.section_key(S01, "fp", other, "lib")
    changed = load_params(2023, {"min_base": P.min_base + 10})
    assert freshness.section_key(S01, "fp", P, "lib") != freshness.section_key(S01, "fp", changed, "lib")


def test_the_rule_counts_key_follows_only_what_they_are_counted_on():
    key = freshness.rules_key("fp", P, "lib")
    for same in ({"min_base": P.min_base + 10}, {"seuil_mouvement": 9.0}, {"t50_detail": not P.t50_detail}):
        assert freshness.rules_key("fp", load_params(2023, same), "lib") == key, same
    for other in ({"age_valid": [16, 90]}, {"entrant_modalites": ["FOAD", "HYB"]}):
        assert freshness.rules_key("fp", load_params(2023, other), "lib") != key, other
    assert freshness.rules_key("fp", load_params(2024), "lib") != key  # other years
    assert freshness.rules_key("fp2", P, "lib") != key and freshness.rules_key("fp", P, "lib2") != key


@pytest.fixture
def last_run(tmp_path):
    """An edition folder as a run of sections 01 and 02 with P leaves it."""
    ed = tmp_path / "cc2023"
    (ed / "notebooks").mkdir(parents=True)
    for s in (S01, S02):
        (ed / "notebooks" / s.notebook).write_text("{}")
    manifest = {"data_fingerprint": "fp", "lib_fingerprint": "lib", "params": P.as_dict(),
                "sections": {s.number: {"key": freshness.section_key(s, "fp", P, "lib")} for s in (S01, S02)}}
    (ed / "manifest.json").write_text(json.dumps(manifest))
    (ed / freshness.RULES_CACHE).write_text(json.dumps({"key": freshness.rules_key("fp", P, "lib"), "counts": []}))
    return ed


def test_a_build_is_current_for_the_same_inputs_only(last_run):
    assert freshness.up_to_date(last_run, [S01, S02], "fp", P, "lib")
    assert not freshness.up_to_date(last_run, [S01, S02], "fp2", P, "lib")
    assert not freshness.up_to_date(last_run, [S01, S02], "fp", P, "lib2")
    # a parameter read only after the sections: no section to redo, but the build is not current
    later = load_params(2023, {"seuil_mouvement": P.seuil_mouvement + 1})
    assert not freshness.stale(freshness.read_manifest(last_run), last_run / "notebooks", [S01, S02], "fp", later, "lib")
    assert not freshness.up_to_date(last_run, [S01, S02], "fp", later, "lib")
    (last_run / freshness.RULES_CACHE).unlink()
    assert not freshness.up_to_date(last_run, [S01, S02], "fp", P, "lib")


def test_stale_sections_are_those_with_another_key_or_no_notebook(last_run):
    manifest = freshness.read_manifest(last_run)
    notebooks = last_run / "notebooks"
    other = load_params(2023, {"min_base": 30})
    assert [s for s, _ in freshness.stale(manifest, notebooks, [S01, S02], "fp", other, "lib")] == [S01, S02]
    assert freshness.stale(manifest, notebooks, [S01, S02], "fp", P, "lib") == []
    assert [s for s, _ in freshness.stale(manifest, notebooks, [S01, S02], "fp", P, "lib", force=True)] == [S01, S02]
    (notebooks / S02.notebook).unlink()
    stale = freshness.stale(manifest, notebooks, [S01, S02], "fp", P, "lib")
    assert stale == [(S02, freshness.section_key(S02, "fp", P, "lib"))]


def test_an_unreadable_manifest_or_cache_is_no_build(tmp_path):
    (tmp_path / "manifest.json").write_text("{pas du json")
    (tmp_path / freshness.RULES_CACHE).write_text("[]")
    assert freshness.read_manifest(tmp_path) == {} and freshness.read_manifest(tmp_path / "absent") == {}
    assert freshness.saved_key(tmp_path / freshness.RULES_CACHE) is None
    assert not freshness.up_to_date(tmp_path, [S01], "fp", P, "lib")
