"""Every command refuses a bad argument as a new user would type it: one French line naming
the problem, exit code 2, no traceback, nothing written."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builders import ExtractionBuilder
from chiffres_cles import freshness
from chiffres_cles.cli import main

ENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    b = ExtractionBuilder()
    a = b.learner()
    b.inscription(a)
    return b.write(tmp_path_factory.mktemp("cli") / "extraction")


def refused(capsys, argv: list[str], *words: str) -> str:
    """Run the command in-process: exit code 2, one line on stderr holding `words`."""
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2, (argv, out, err)
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, (argv, err)
    for w in words:
        assert w in lines[0], (argv, lines[0], w)
    return lines[0]


def test_unknown_section(capsys, data, tmp_path):
    for value in ("99", "0", "quinze", "-1"):
        refused(capsys, ["run", "--data", str(data), "--build-dir", str(tmp_path / "b"), "--section", value],
                "section inconnue", value)
    assert not (tmp_path / "b").exists()


def test_section_without_notebook_is_an_error_naming_it(capsys, data, tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(freshness.NOTEBOOKS_DIR, notebooks)
    for nb in notebooks.glob("09_*.ipynb"):
        nb.unlink()
    monkeypatch.setattr(freshness, "NOTEBOOKS_DIR", notebooks)
    line = refused(capsys, ["run", "--data", str(data), "--build-dir", str(tmp_path / "b"), "--section", "09"],
                   "section 09", "09_alternance.ipynb", "pas encore de notebook")
    assert "alternance" in line
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("command", [
    ["run"], ["build"], ["render"], ["textes"],
])
def test_edition_without_parameters(capsys, data, tmp_path, command):
    extra = ["--data", str(data)] if command[0] in ("run", "build") else []
    refused(capsys, [*command, "--edition", "1999", *extra, "--build-dir", str(tmp_path / "b")],
            "1999", "paramètres")
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("argv", [
    ["run", "--edition", "deux-mille"], ["build", "--edition", "0"], ["render", "--edition", "20.23"],
])
def test_edition_that_is_not_a_year(capsys, argv):
    refused(capsys, argv, "--edition", "année d'édition")


@pytest.mark.parametrize("command,option", [
    (["run"], "--build-dir"), (["build"], "--build-dir"), (["render"], "--build-dir"),
    (["textes"], "--build-dir"), (["synth"], "--out"), (["bench"], "--out"),
])
def test_output_folder_that_cannot_be_written(capsys, data, tmp_path, command, option):
    blocker = tmp_path / "un-fichier"
    blocker.write_text("pas un dossier")
    extra = ["--data", str(data)] if command[0] in ("run", "build") else []
    refused(capsys, [*command, *extra, option, str(blocker / "sortie")], "un-fichier", "pas un dossier")
    refused(capsys, [*command, *extra, option, str(blocker)], "un-fichier", "pas un dossier")
    assert blocker.read_text() == "pas un dossier"


@pytest.mark.parametrize("command", [["run"], ["build"]])
@pytest.mark.parametrize("jobs", ["0", "-2", "deux"])
def test_jobs_must_be_a_positive_integer(capsys, data, command, jobs):
    refused(capsys, [*command, "--data", str(data), "--jobs", jobs], "--jobs", jobs)


@pytest.mark.parametrize("argv", [
    ["synth", "--scale", "0"], ["synth", "--scale", "-1"], ["synth", "--scale", "nan"],
    ["synth", "--scale", "beaucoup"], ["bench", "--scale", "1", "0"], ["bench", "--scale", "inf"],
])
def test_scale_must_be_positive(capsys, tmp_path, argv):
    refused(capsys, [*argv, "--out", str(tmp_path / "o")], "--scale", "strictement positive")
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("name,value,words", [
    ("min_base", "abc", ["min_base", "entier"]),
    ("min_base", "0", ["min_base", "supérieur ou égal à 1"]),
    ("age_valid", "5", ["age_valid", "deux âges"]),
    ("age_valid", "[90, 15]", ["age_valid", "âge minimal"]),
    ("entrant_modalites", "[FOAD", ["entrant_modalites", "illisible"]),
    ("entrant_modalites", "{a: 1}", ["entrant_modalites", "liste de codes"]),
    ("extraction_date", "2024-02-30", ["extraction_date", "date impossible"]),
    ("extraction_date", "demain", ["extraction_date", "date attendue"]),
    ("t50_detail", "peut-être", ["t50_detail", "vrai ou faux"]),
    ("promotion_overrides", "[{promotion: 2019-2021, groupe: R, debut: 2019-12-01, fin: 2020-12-31}]",
     ["promotion_overrides", "2019-2020"]),
    ("seuil", "3", ["paramètre inconnu « seuil »"]),
])
@pytest.mark.parametrize("command", ["run", "build"])
def test_unreadable_parameter_value(capsys, data, tmp_path, command, name, value, words):
    refused(capsys, [command, "--data", str(data), "--build-dir", str(tmp_path / "b"), "-p", name, value], *words)
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("argv,words", [
    (["run", "-p", "min_base"], ["-p", "2 valeurs"]),
    (["frobnicate"], ["commande inconnue", "frobnicate"]),
    (["run", "--vite"], ["non reconnu", "--vite"]),
    (["render", "--engine", "word"], ["--engine", "choix invalide", "word"]),
])
def test_argparse_errors_are_french_single_lines(capsys, argv, words):
    refused(capsys, argv, *words)


def test_help_still_exits_zero(capsys):
    assert main(["run", "--help"]) == 0
    assert "--section" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["run", "--section", "99"],
    ["run", "-p", "extraction_date", "2024-02-30"],
])
def test_console_script_prints_no_traceback(data, tmp_path, argv):
    """The installed command, as a user runs it (a subprocess)."""
    proc = subprocess.run([str(ENV_BIN / "chiffres-cles"), *argv, "--data", str(data), "--build-dir", str(tmp_path / "b")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1


def test_console_script_ends_with_every_output_written(data, tmp_path):
    """The command skips Python's finalisation (`cli.entry`): its exit code and the whole of
    what it printed, through a pipe, are still there."""
    proc = subprocess.run([str(ENV_BIN / "chiffres-cles"), "validate", "--data", str(data)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip().splitlines()[-1].startswith("Extraction valide")
    proc = subprocess.run([str(ENV_BIN / "chiffres-cles"), "validate", "--data", str(tmp_path / "absente")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr.strip()
