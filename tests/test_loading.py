"""The loader reads CSV as French systems export it, and Parquet, into typed frames."""
import pandas as pd
import pytest

from chiffres_cles.extraction import load_extraction


def _base(builder):
    a = builder.learner(centre_admin="GES", date_naissance="1985-03-02")
    builder.inscription(a, "NFA001", heures_theoriques=52.5, note=12.25, present_examen=True)
    builder.inscription(a, "NFA002", note=None, present_examen=False)
    return a


@pytest.mark.parametrize("fmt,sep,encoding", [
    ("csv", ",", "utf-8"),
    ("csv", ";", "cp1252"),
    ("csv", "\t", "utf-8"),
    ("parquet", ",", "utf-8"),
])
def test_dialects_give_the_same_typed_frames(builder, tmp_path, fmt, sep, encoding):
    _base(builder)
    x = load_extraction(builder.write(tmp_path / "x", fmt=fmt, sep=sep, encoding=encoding))
    ins = x["inscriptions"]
    assert ins["heures_theoriques"].dtype == "float64"
    assert ins.loc[0, "note"] == 12.25
    assert ins["present_examen"].dtype == "boolean"
    assert ins["present_examen"].tolist()[:2] == [True, False]
    assert isinstance(ins["centre_peda"].dtype, pd.CategoricalDtype)
    aud = x["auditeurs"]
    assert aud.loc[0, "date_naissance"] == pd.Timestamp("1985-03-02")
    assert aud.loc[0, "annee"] == "2022-2023"


def test_french_csv_decimal_comma_booleans_and_dates(builder, tmp_path):
    _base(builder)
    out = builder.write(tmp_path / "x", fmt="csv", sep=";", encoding="cp1252")
    ins = pd.read_csv(out / "inscriptions.csv", sep=";", dtype=str, encoding="cp1252")
    ins["note"] = ["12,25", ""]
    ins["heures_theoriques"] = ["1 052,5", ""]
    ins["present_examen"] = ["oui", "N"]
    ins.to_csv(out / "inscriptions.csv", sep=";", index=False, encoding="cp1252")
    aud = pd.read_csv(out / "auditeurs.csv", sep=";", dtype=str, encoding="cp1252")
    aud["date_naissance"] = ["02/03/1985"]
    aud["alternance"] = ["0"]
    aud.to_csv(out / "auditeurs.csv", sep=";", index=False, encoding="cp1252")
    x = load_extraction(out)
    assert x["inscriptions"]["note"].tolist()[0] == 12.25
    assert x["inscriptions"]["heures_theoriques"].tolist()[0] == 1052.5
    assert x["inscriptions"]["present_examen"].tolist() == [True, False]
    assert x["auditeurs"].loc[0, "date_naissance"] == pd.Timestamp("1985-03-02")
    assert x["auditeurs"].loc[0, "alternance"] == False  # noqa: E712


def test_windows_1252_labels_are_read(builder, tmp_path):
    _base(builder)
    builder.course("NFA001", libelle="Réseaux et télécommunications")
    out = builder.write(tmp_path / "x", fmt="csv", sep=";", encoding="cp1252")
    x = load_extraction(out)
    assert "Réseaux et télécommunications" in set(x["enseignements"]["libelle"])


def test_year_only_date_of_highest_diploma_is_first_of_july(builder, tmp_path):
    _base(builder)
    builder.validation("CA1", "2023-05-01", date_plus_haut_diplome="2005")
    builder.validation("CA2", "2023-05-01", date_plus_haut_diplome="2004-09-30")
    x = load_extraction(builder.write(tmp_path / "x"))
    assert x["validations"]["date_plus_haut_diplome"].tolist() == [pd.Timestamp("2005-07-01"), pd.Timestamp("2004-09-30")]


def test_session_level_extract_makes_one_inscription(builder, tmp_path):
    a = builder.learner()
    builder.inscription(a, inscription_id="IN1", session_examen="1", present_examen=False, note=None)
    builder.inscription(a, inscription_id="IN1", session_examen="2", present_examen=True, note=11)
    x = load_extraction(builder.write(tmp_path / "x"))
    ins = x["inscriptions"]
    assert len(ins) == 1
    assert ins.loc[0, "present_examen"] == True  # noqa: E712
    assert ins.loc[0, "note"] == 11
