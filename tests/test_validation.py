"""Each class of problem is found, named (file, column, count, examples), and all at once."""
import pandas as pd
import pytest

from chiffres_cles.cli import main
from chiffres_cles.extraction import load_extraction
from chiffres_cles.problems import ExtractionError


def _valid(builder):
    a = builder.learner(centre_admin="IDF")
    builder.inscription(a, "NFA001", present_examen=True, note=12)
    builder.inscription(a, "NFA002", present_examen=False)
    return a


def _errors(out):
    with pytest.raises(ExtractionError) as info:
        load_extraction(out)
    return info.value.report


def _edit(out, name, fn):
    df = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
    df = fn(df)
    df.to_csv(out / f"{name}.csv", index=False)


def test_valid_extraction_has_no_error(builder, tmp_path):
    _valid(builder)
    x = load_extraction(builder.write(tmp_path / "x"))
    assert x.report.errors == []


def test_missing_file(builder, tmp_path):
    _valid(builder)
    out = builder.write(tmp_path / "x")
    (out / "enseignements.csv").unlink()
    report = _errors(out)
    [p] = report.errors
    assert p.rule == "fichier_manquant" and "enseignements" in p.file


def test_missing_column(builder, tmp_path):
    _valid(builder)
    out = builder.write(tmp_path / "x")
    _edit(out, "inscriptions", lambda d: d.drop(columns=["modalite"]))
    [p] = _errors(out).errors
    assert (p.file, p.column, p.rule) == ("inscriptions.csv", "modalite", "colonne_manquante")
    assert "modalite" in str(p)


def test_wrong_types_are_all_reported_with_lines(builder, tmp_path):
    _valid(builder)
    out = builder.write(tmp_path / "x")
    _edit(out, "auditeurs", lambda d: d.assign(date_naissance="31/02/1990x"))
    _edit(out, "inscriptions", lambda d: d.assign(present_examen=["peut-être", "oui"], note=["douze", "12"]))
    report = _errors(out)
    found = {(p.file, p.column, p.rule, p.count) for p in report.errors}
    assert ("auditeurs.csv", "date_naissance", "type", 1) in found
    assert ("inscriptions.csv", "present_examen", "type", 1) in found
    assert ("inscriptions.csv", "note", "type", 1) in found
    text = "\n".join(str(p) for p in report.errors)
    assert "« peut-être » (ligne 2)" in text and "« douze » (ligne 2)" in text


def test_malformed_academic_year(builder, tmp_path):
    _valid(builder)
    out = builder.write(tmp_path / "x")
    _edit(out, "inscriptions", lambda d: d.assign(annee=["2022/2023", "2022-2024"]))
    [p] = [p for p in _errors(out).errors if p.rule == "annee_malformee"]
    assert p.column == "annee" and p.count == 2
    assert "2022/2023" in str(p)


def test_unknown_code(builder, tmp_path):
    _valid(builder)
    builder.validation("CA1", "2023-01-10", dispositif="VAE", decision="ACCORD")  # a VES code
    out = builder.write(tmp_path / "x")
    _edit(out, "inscriptions", lambda d: d.assign(modalite=["PRES", "MOOC"]))
    report = _errors(out)
    found = {(p.file, p.column, p.rule, p.count) for p in report.errors}
    assert ("inscriptions.csv", "modalite", "code_inconnu", 1) in found
    assert ("validations.csv", "decision", "code_inconnu", 1) in found
    assert any("« MOOC » (ligne 3)" in str(p) for p in report.errors)


def test_duplicate_key_with_differing_rows(builder, tmp_path):
    a = _valid(builder)
    builder.inscription(a, "NFA003", inscription_id="INX")
    builder.inscription(a, "NFA004", inscription_id="INX")
    [p] = _errors(builder.write(tmp_path / "x")).errors
    assert (p.column, p.rule, p.count) == ("inscription_id", "cle_dupliquee", 1)
    assert "INX" in str(p)


@pytest.mark.parametrize("name", ["auditeurs", "inscriptions"])
def test_empty_learners_or_inscriptions_file(builder, tmp_path, name):
    _valid(builder)
    out = builder.write(tmp_path / "x")
    _edit(out, name, lambda d: d.iloc[0:0])
    report = _errors(out)
    assert any(p.rule == "fichier_vide" and p.file == f"{name}.csv" for p in report.errors)


def test_missing_value_in_required_column(builder, tmp_path):
    _valid(builder)
    out = builder.write(tmp_path / "x")
    _edit(out, "auditeurs", lambda d: d.assign(centre_admin=""))
    [p] = _errors(out).errors
    assert (p.column, p.rule) == ("centre_admin", "valeur_manquante")


def test_warnings_are_counted_and_strict_refuses_them(builder, tmp_path):
    a = _valid(builder)
    builder.inscription(a, "NFA003", note=25, present_examen=True)            # mark outside 0-20
    builder.inscription(a, "NFA004", heures_theoriques=-3)                    # negative hours
    builder.inscription("AU_GHOST", "NFA005", centre_peda="IDF")              # no learner row
    builder.inscription(a, "NFA006", present_examen=False, note=8)           # inconsistent status
    builder.learner(a, centre_admin="GES")                                    # two rows, one year
    out = builder.write(tmp_path / "x")
    _edit(out, "inscriptions", lambda d: pd.concat([d, d.iloc[[0]]]))          # repeated row
    x = load_extraction(out)
    rules = {p.rule: p.count for p in x.report.warnings}
    assert rules == {"note_hors_bornes": 1, "heures_negatives": 1, "inscription_sans_auditeur": 1,
                     "statut_examen_incoherent": 1, "auditeur_plusieurs_lignes": 1, "ligne_repetee": 1}
    assert x["inscriptions"]["inscription_id"].is_unique
    assert x["inscriptions"]["note"].max() <= 20
    with pytest.raises(ExtractionError) as info:
        load_extraction(out, strict=True)
    assert len(info.value.report.warnings) == 6


def test_all_problems_reported_at_once(builder, tmp_path):
    _valid(builder)
    out = builder.write(tmp_path / "x")
    _edit(out, "auditeurs", lambda d: d.assign(sexe="X"))
    _edit(out, "inscriptions", lambda d: d.assign(annee="2023"))
    report = _errors(out)
    assert {p.file for p in report.errors} == {"auditeurs.csv", "inscriptions.csv"}


def test_cli_validate_exit_codes_and_messages(builder, tmp_path, capsys):
    _valid(builder)
    out = builder.write(tmp_path / "x")
    assert main(["validate", "--data", str(out)]) == 0
    _edit(out, "auditeurs", lambda d: d.assign(sexe="X"))
    before = sorted(p.name for p in out.iterdir())
    assert main(["validate", "--data", str(out)]) == 2
    err = capsys.readouterr().err
    assert "auditeurs.csv, colonne « sexe »" in err and "« X » (ligne 2)" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == before


def test_cli_strict_turns_warnings_into_errors(builder, tmp_path):
    a = _valid(builder)
    builder.inscription(a, "NFA003", note=25, present_examen=True)
    out = builder.write(tmp_path / "x")
    assert main(["validate", "--data", str(out)]) == 0
    assert main(["validate", "--data", str(out), "--strict"]) == 2


def test_cli_missing_folder(tmp_path, capsys):
    assert main(["validate", "--data", str(tmp_path / "nope")]) == 2
    assert "introuvable" in capsys.readouterr().err
