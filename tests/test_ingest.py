"""Validating an extraction batch by batch of rows (what `run` and `validate` do, so that no
large file is ever held whole) gives exactly what reading every file whole gives: the same
normalised rows, categories and Parquet schema, and the same problems — counts added up over
the batches, the first examples of the file, in the same order."""
import pandas as pd
import pyarrow.parquet as pq
import pytest

from chiffres_cles.extraction import load_extraction, save_normalised, validate_extraction
from chiffres_cles.problems import ExtractionError

Y, Y0 = "2022-2023", "2021-2022"


def _problems(report):
    return [(p.level, p.file, p.column, p.rule, p.count, p.message, p.examples) for p in report.problems]


def _warnings_only(b):
    """Rows that make every kind of warning, spread so that each batch of 3 rows holds some."""
    for i, centre in enumerate(["GES", "BRE", "IDF", "LBN", "GES", "BRE", "IDF"]):
        b.learner(f"AU{i}", annee=Y, centre_admin=centre, nationalite="ZZ" if i in (1, 5) else "FR")
        b.learner(f"AU{i}", annee=Y0, centre_admin=centre)
    b.learner("AU1", annee=Y, centre_admin="IDF")            # two rows of one learner in a year
    b.learner("AU3", annee=Y0, centre_admin="LBN")           # a learner's row repeated identically
    b.learner("AU9", annee=Y, centre_admin="GES", pcs_entree="99")
    first = b.inscription("AU0", "NFA001", session_examen="1", present_examen=False)
    b.inscription("AU1", "NFA002", note=25, present_examen=True, session_examen="1")
    b.inscription("AU2", "NFA003", note=-1, present_examen=True, session_examen="1", heures_theoriques=-5)
    repeated = b.inscription("AU3", "NFA004", note=8, present_examen=True, session_examen="1")
    b.inscription("AU4", "NFA005", annee=Y0, note=12, present_examen=False, session_examen="1")
    b.inscription("AU8", "NFA001", centre_peda="GES", session_examen="1")      # no learner row
    b.inscription("AU8", "NFA001", session_examen="1", same_centre=False)      # neither learner nor centre
    b.inscription("AU5", "NFA001", session_examen="1", same_centre=False)      # centre from the learner
    b.inscription("AU6", "HORS01", catalogue=False, session_examen="1")        # outside the catalogue
    b.rows["inscriptions"].append(dict(b.rows["inscriptions"][3]))             # identical repetition, far
    second = dict(b.rows["inscriptions"][0], session_examen="2", present_examen=True, note=14)
    b.rows["inscriptions"].append(second)                                      # second session, far away
    b.inscription("AU6", "NFA002", modalite="FOAD", centre_peda="PARIS", session_examen="1", note=11,
                  present_examen=True)
    b.validation("C1", "2022-03-01", decision="RECEVABILITE")
    b.validation("C2", "2022-04-01")
    b.diplome(None)
    b.diplome("2022-06-30")
    return first, repeated


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_batches_give_the_rows_and_problems_of_the_whole_file(builder, tmp_path, fmt):
    first, _ = _warnings_only(builder)
    data = builder.write(tmp_path / "x", fmt=fmt)
    whole = load_extraction(data)
    save_normalised(whole, tmp_path / "whole")
    streamed = validate_extraction(data, out_dir=tmp_path / "batches", batch_rows=3)
    assert _problems(streamed.report) == _problems(whole.report)
    rules = {p.rule for p in whole.report.problems}
    assert {"ligne_repetee", "auditeur_plusieurs_lignes", "note_hors_bornes", "heures_negatives",
            "code_non_repertorie", "inscription_sans_auditeur", "inscription_non_localisable",
            "centre_peda_manquant", "hors_catalogue", "statut_examen_incoherent", "decision_hors_champ",
            "date_jury_manquante"} <= rules
    for name in whole.frames:
        a = pd.read_parquet(tmp_path / "whole" / f"{name}.parquet")
        b = pd.read_parquet(tmp_path / "batches" / f"{name}.parquet")
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        assert a.attrs == b.attrs
        for col in a.columns:
            if isinstance(a[col].dtype, pd.CategoricalDtype):
                assert list(a[col].cat.categories) == list(b[col].cat.categories)
        assert pq.read_schema(tmp_path / "whole" / f"{name}.parquet").equals(
            pq.read_schema(tmp_path / "batches" / f"{name}.parquet"), check_metadata=False)
    ins = pd.read_parquet(tmp_path / "batches" / "inscriptions.parquet")
    merged = ins[ins["inscription_id"] == first]  # two sessions, in two batches: one row, the best of both
    assert len(merged) == 1 and bool(merged["present_examen"].iloc[0]) and merged["note"].iloc[0] == 14
    checked_only = validate_extraction(data, batch_rows=3)  # `chiffres-cles validate`: nothing kept
    assert _problems(checked_only.report) == _problems(whole.report) and not checked_only.frames


def test_batches_refuse_what_the_whole_file_refuses_with_the_same_messages(builder, tmp_path):
    _warnings_only(builder)
    builder.learner("AU20", annee="2022/2023")                                # malformed academic year
    builder.learner("AU21", annee=Y, date_naissance="hier")                    # not a date
    clash = dict(builder.rows["inscriptions"][1], note=3)                      # same key, another row
    builder.rows["inscriptions"].append(clash)
    for i in range(4):
        builder.inscription("AU0", "NFA009", modalite="DISTANCE", session_examen="1")  # unknown code, many batches
    builder.rows["inscriptions"].append(dict(builder.rows["inscriptions"][2], centre_peda="NOWHERE"))
    data = builder.write(tmp_path / "x")
    with pytest.raises(ExtractionError) as whole:
        load_extraction(data)
    with pytest.raises(ExtractionError) as streamed:
        validate_extraction(data, out_dir=tmp_path / "batches", batch_rows=2)
    assert _problems(streamed.value.report) == _problems(whole.value.report)
    assert {"annee_malformee", "type", "cle_dupliquee", "code_inconnu"} <= {p.rule for p in whole.value.report.errors}
    unknown = [p for p in whole.value.report.errors if p.rule == "code_inconnu" and p.column == "modalite"]
    assert unknown[0].count == 4 and len(unknown[0].examples) == 4


def test_a_large_file_is_read_in_batches(builder, tmp_path, monkeypatch):
    """The batches are what the validation holds: never more rows of a file than asked."""
    from chiffres_cles import loading

    _warnings_only(builder)
    data = builder.write(tmp_path / "x", fmt="parquet")
    sizes = []
    batches = loading.RawFile.batches

    def spy(self, rows, columns=None):
        for df in batches(self, rows, columns):
            sizes.append(len(df))
            yield df
    monkeypatch.setattr(loading.RawFile, "batches", spy)
    validate_extraction(data, batch_rows=4)
    assert max(sizes) == 4
