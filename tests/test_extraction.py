"""The normalised copy of an extraction: same rows as the validated frames, read lazily,
one year and the needed columns at a time; its key is the content of the files."""
import pandas as pd

from chiffres_cles.extraction import ParquetFrames, load_extraction, open_normalised, save_normalised


def _two_years(builder):
    for y in ("2021-2022", "2022-2023"):
        a = builder.learner("AU1", annee=y, centre_admin="GES")
        builder.inscription(a, "NFA001", annee=y, note=12, present_examen=True)


def test_normalised_copy_reads_lazily_what_was_validated(builder, tmp_path):
    _two_years(builder)
    x = load_extraction(builder.write(tmp_path / "x"))
    save_normalised(x, tmp_path / "norm")
    y = open_normalised(tmp_path / "norm")
    assert isinstance(y.frames, ParquetFrames) and y.frames._loaded == {}
    part = y.rows("inscriptions", annee="2022-2023", columns=["inscription_id", "note", "absent_column"])
    assert list(part.columns) == ["inscription_id", "note"] and len(part) == 1
    assert y.frames._loaded == {}                      # read from Parquet, nothing kept
    pd.testing.assert_frame_equal(y["auditeurs"].reset_index(drop=True), x["auditeurs"].reset_index(drop=True),
                                  check_categorical=False)
    assert y.fingerprint == x.fingerprint
    assert [p.rule for p in y.report.problems] == [p.rule for p in x.report.problems]


def test_rows_of_an_in_memory_extraction(builder, tmp_path):
    _two_years(builder)
    x = load_extraction(builder.write(tmp_path / "x"))
    assert len(x.rows("auditeurs", annee="2021-2022")) == 1
    assert list(x.rows("inscriptions", columns=["note"]).columns) == ["note"]
