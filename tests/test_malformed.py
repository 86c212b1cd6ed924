"""Every way a file can arrive broken is refused clearly: exit code 2, a message naming the
file (and the column when one is at fault), no traceback, nothing written — or, where the
damage leaves the file legitimately readable, it is read to exactly the same data.

Decisions per corruption (CSV of the extraction):
- refused: a line cut in the middle (the file then ends without an end of line, or the line
  lacks fields), a separator that is not `,` `;` or tab, binary bytes, an empty file, a header
  only for `auditeurs`/`inscriptions`/`enseignements`, encodings mixed in one file, a text
  in a typed column;
- accepted, same data: a UTF-8 BOM, `;` or tab separators, Windows-1252, CRLF line ends (the
  contract's French exports); a header only for `mooc`, `validations`, `diplomes` (the
  contract allows them empty: zero rows);
- refused or same data (depends on where it falls): a stray quote opening a field, one line
  re-encoded in Windows-1252 (refused as mixed when another line holds UTF-8 accents).
Parquet: cut short → refused; a column of a type its kind cannot read → refused naming the
column; 1/0 integers in a boolean column, ISO strings in a date column → same data.
The reference overrides (`<extraction>/reference/*.csv`) follow the same rules, plus their
own (codes present and unique, orders numbers, known words); `params/ccYYYY.yml` refuses an
unknown key, a wrong type, an impossible date.
"""
import contextlib
import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builders import ExtractionBuilder
from chiffres_cles import params as params_module
from chiffres_cles.cli import main
from chiffres_cles.extraction import load_extraction
from chiffres_cles.problems import ExtractionError
from chiffres_cles.reference import PROJECT_REFERENCE_DIR, Reference
from chiffres_cles.schema import FILES, REFERENCE_FILES

FILES_WRITTEN = ["auditeurs", "inscriptions", "enseignements", "mooc", "validations", "diplomes"]
NOT_EMPTY = {"auditeurs", "inscriptions", "enseignements"}
TYPED_KINDS = ("int", "float", "bool", "date", "date_or_year", "annee")
# every kind of damage is its own test case; hypothesis draws the file, line, position, bytes
# (CC_FUZZ=50 pytest tests/test_malformed.py draws more, with a random seed, to hunt harder)
FUZZ = int(os.environ.get("CC_FUZZ", "0"))
SETTINGS = settings(max_examples=FUZZ or 3, deadline=None, derandomize=not FUZZ,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def valid_builder() -> ExtractionBuilder:
    b = ExtractionBuilder()
    years = ["2021-2022", "2022-2023"]
    for i in range(5):
        for y in years:
            a = b.learner(f"AU{i:03d}", annee=y, centre_admin=["IDF", "GES", "BRE"][i % 3], sexe="HF"[i % 2],
                          date_naissance=f"19{70 + i}-0{1 + i}-1{i}", alternance=i == 2)
            b.inscription(a, f"NFA00{i % 3}", annee=y, note=8 + i, present_examen=True, heures_theoriques=40.5)
    for code, lib in [("NFA000", "Réseaux et télécoms"), ("NFA001", "Génie logiciel"), ("NFA002", "Économie générale")]:
        for y in years:
            b.course(code, y, libelle=lib)
    b.mooc("MOOC1", "2022-10-01", libelle="Écologie", inscrits=120, attestations=30)
    b.mooc("MOOC2", "2021-10-01", libelle="Sécurité", inscrits=80, attestations=12)
    b.validation("CA1", "2023-02-01", dispositif="VAE", decision="TOTALE", diplome_vise="Licence générale")
    b.validation("CA2", "2023-03-01", dispositif="VES", decision="ACCORD", diplome_vise="Maîtrise")
    b.diplome("2022-06-30", auditeur_id="AU001", intitule="Licence économie")
    b.diplome("2021-06-30", auditeur_id="AU002", intitule="Master énergétique")
    return b


def comparable(x) -> dict[str, pd.DataFrame]:
    out = {}
    for name in x.frames:
        df = x[name].reset_index(drop=True).copy()
        for c in df.columns:
            if isinstance(df[c].dtype, pd.CategoricalDtype):
                df[c] = df[c].astype("string")
        out[name] = df
    return out


@pytest.fixture(scope="module")
def extraction(tmp_path_factory):
    root = tmp_path_factory.mktemp("malformed")
    b = valid_builder()
    csv_dir, pq_dir = b.write(root / "csv"), b.write(root / "parquet", fmt="parquet")
    return {"csv": csv_dir, "parquet": pq_dir,
            "csv_frames": comparable(load_extraction(csv_dir)), "parquet_frames": comparable(load_extraction(pq_dir))}


def validate(folder: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", "--data", str(folder)])
    return code, out.getvalue() + err.getvalue()


def assert_refused(folder: Path, file: str, column: str | None = None, result=None) -> str:
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    code, text = result or validate(folder)
    assert code == 2, text
    assert "Traceback" not in text
    errors = [line for line in text.splitlines() if line.startswith("[erreur]")]
    assert errors, text
    assert any(file in line for line in errors), (file, text)
    if column is not None:
        assert any(file in line and f"« {column} »" in line for line in errors), (file, column, text)
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before  # nothing written
    return text


def assert_same_data(folder: Path, frames: dict, reference: str | None = None) -> None:
    try:
        x = load_extraction(folder)
    except ExtractionError as exc:
        raise AssertionError(f"refused, expected to be read identically:\n{exc}") from None
    got = comparable(x)
    assert set(got) == set(frames)
    for name in frames:
        pd.testing.assert_frame_equal(got[name], frames[name], check_categorical=False, obj=name)
    if reference is not None:  # the override read as the project's own file
        pd.testing.assert_frame_equal(x.ref.frames[reference], Reference().frames[reference], obj=reference)


def refused_or_same(folder: Path, file: str, frames: dict) -> None:
    code, text = validate(folder)
    assert "Traceback" not in text
    if code == 0:
        assert_same_data(folder, frames)
    else:
        assert_refused(folder, file, result=(code, text))


@contextlib.contextmanager
def copy_of(folder: Path):
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "x"
        shutil.copytree(folder, dest)
        yield dest


# -- CSV ------------------------------------------------------------------------------------

def with_delimiter(raw: bytes, delimiter: str) -> bytes:
    """The same CSV table written with another delimiter (quotes handled)."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(csv.reader(io.StringIO(raw.decode("utf-8"))))
    return out.getvalue().encode("utf-8")


def data_lines(raw: bytes) -> list[int]:
    """Indices of the non-empty data lines of a CSV's bytes split on b"\\n"."""
    lines = raw.split(b"\n")
    return [i for i in range(1, len(lines)) if lines[i].strip()]


CSV_KINDS = ["truncate", "pipe", "semicolon", "tab", "stray_quote", "bom", "cp1252", "mixed", "garbage",
             "empty", "header_only", "crlf", "wrong_type"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", CSV_KINDS)
@SETTINGS
@given(name=st.sampled_from(FILES_WRITTEN), data=st.data())
def test_broken_csv_is_refused_or_read_identically(extraction, name, kind, data):
    with copy_of(extraction["csv"]) as folder:
        path = folder / f"{name}.csv"
        raw = path.read_bytes()
        lines = raw.split(b"\n")
        rows = data_lines(raw)
        label = f"{name}.csv"
        frames = extraction["csv_frames"]
        if kind == "truncate":  # cut strictly inside a data line
            i = data.draw(st.sampled_from(rows), label="line")
            cut = data.draw(st.integers(1, len(lines[i]) - 1), label="cut")
            path.write_bytes(b"\n".join(lines[:i]) + b"\n" + lines[i][:cut])
            assert_refused(folder, label)
        elif kind == "pipe":
            path.write_bytes(raw.replace(b",", b"|"))
            assert_refused(folder, label)
        elif kind in ("semicolon", "tab"):
            path.write_bytes(raw.replace(b",", b";" if kind == "semicolon" else b"\t"))
            assert_same_data(folder, frames)
        elif kind == "stray_quote":  # a quote opening one field of one line
            i = data.draw(st.sampled_from(rows), label="line")
            fields = lines[i].split(b",")
            j = data.draw(st.integers(0, len(fields) - 1), label="field")
            fields[j] = b'"' + fields[j]
            lines[i] = b",".join(fields)
            path.write_bytes(b"\n".join(lines))
            refused_or_same(folder, label, frames)
        elif kind == "bom":
            path.write_bytes(b"\xef\xbb\xbf" + raw)
            assert_same_data(folder, frames)
        elif kind == "cp1252":
            path.write_bytes(raw.decode("utf-8").encode("cp1252"))
            assert_same_data(folder, frames)
        elif kind == "mixed":  # one line in Windows-1252, the others in UTF-8
            i = data.draw(st.sampled_from(rows), label="line")
            lines[i] = lines[i].decode("utf-8").encode("cp1252")
            path.write_bytes(b"\n".join(lines))
            accents_elsewhere = any(any(c > 127 for c in lines[k]) for k in rows if k != i)
            if lines[i] != raw.split(b"\n")[i] and accents_elsewhere:
                assert "encodages mélangés" in assert_refused(folder, label)
            else:
                assert_same_data(folder, frames)
        elif kind == "garbage":  # binary bytes somewhere (a NUL at least)
            junk = data.draw(st.binary(min_size=0, max_size=40), label="junk")
            where = data.draw(st.integers(0, len(junk)), label="nul")
            junk = junk[:where] + b"\x00" + junk[where:]
            pos = data.draw(st.integers(0, len(raw)), label="pos")
            path.write_bytes(raw[:pos] + junk + raw[pos:])
            assert_refused(folder, label)
        elif kind == "empty":
            path.write_bytes(b"")
            assert_refused(folder, label)
        elif kind == "header_only":
            path.write_bytes(lines[0] + b"\n")
            if name in NOT_EMPTY:
                assert "aucune ligne" in assert_refused(folder, label)
            else:
                code, text = validate(folder)
                assert code == 0, text
                assert len(load_extraction(folder)[name]) == 0
        elif kind == "crlf":
            path.write_bytes(raw.replace(b"\n", b"\r\n"))
            assert_same_data(folder, frames)
        elif kind == "wrong_type":  # a word in a typed cell
            typed = [c for c in FILES[name].columns if c.kind in TYPED_KINDS]
            col = data.draw(st.sampled_from(typed), label="column")
            header = lines[0].decode().split(",")
            i = data.draw(st.sampled_from(rows), label="line")
            word = "zz" + data.draw(st.text("abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=8), label="word")
            fields = lines[i].decode("utf-8").split(",")
            fields[header.index(col.name)] = word
            lines[i] = ",".join(fields).encode("utf-8")
            path.write_bytes(b"\n".join(lines))
            text = assert_refused(folder, label, col.name)
            assert word in text


def test_mixed_encodings_are_named(extraction):
    with copy_of(extraction["csv"]) as folder:
        path = folder / "enseignements.csv"
        lines = path.read_bytes().split(b"\n")
        lines[3] = lines[3].decode("utf-8").encode("cp1252")
        path.write_bytes(b"\n".join(lines))
        text = assert_refused(folder, "enseignements.csv")
        assert "encodages mélangés : ligne 2 en UTF-8, ligne 4 en Windows-1252" in text


def test_a_truncated_file_names_its_last_line(extraction):
    with copy_of(extraction["csv"]) as folder:
        path = folder / "inscriptions.csv"
        raw = path.read_bytes()
        path.write_bytes(raw[: raw.rindex(b",")])  # the last line loses its last field
        text = assert_refused(folder, "inscriptions.csv")
        assert "ne se termine pas par un saut de ligne" in text and "tronqué" in text


def test_a_short_line_is_named_with_its_number(extraction):
    with copy_of(extraction["csv"]) as folder:
        path = folder / "auditeurs.csv"
        lines = path.read_bytes().split(b"\n")
        lines[4] = lines[4][: lines[4].index(b",", 20)]
        path.write_bytes(b"\n".join(lines))
        text = assert_refused(folder, "auditeurs.csv")
        assert "ligne 5 : " in text and "au lieu de 19" in text


def test_run_writes_nothing_for_a_broken_file(extraction, tmp_path, capsys):
    with copy_of(extraction["csv"]) as folder:
        (folder / "diplomes.csv").write_bytes(b"\x00\x01PK\x03\x04")
        code = main(["run", "--edition", "2023", "--data", str(folder), "--build-dir", str(tmp_path / "build"),
                     "--section", "01"])
        err = capsys.readouterr().err
        assert code == 2 and "diplomes.csv" in err and "Traceback" not in err
        assert not (tmp_path / "build").exists()


# -- Parquet --------------------------------------------------------------------------------

def _wrong_values(kind: str, n: int, draw) -> tuple[list, bool]:
    """(values of another type for a column of `kind`, whether the contract can still read them)."""
    choice = draw(st.sampled_from(["word", "list", "nested", "other"]), label="wrong")
    if choice == "word":
        return ["zz" + draw(st.text("abcdef", min_size=1, max_size=5), label="w")] * n, False
    if choice == "list":
        return [[1, 2]] * n, False
    if choice == "nested":
        return [{"a": 1}] * n, False
    # another scalar type: readable only where the contract says so
    if kind == "bool":
        return [1, 0] * (n // 2) + [1] * (n % 2), True
    if kind in ("date", "date_or_year"):
        return [1.5] * n, False
    if kind in ("int", "float"):
        return [pd.Timestamp("2020-01-01")] * n, False
    return [2022.5] * n, False  # annee


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["cut", "wrong_type"])
@settings(SETTINGS, max_examples=FUZZ or 5)
@given(name=st.sampled_from(FILES_WRITTEN), data=st.data())
def test_broken_parquet_is_refused_naming_file_and_column(extraction, name, kind, data):
    with copy_of(extraction["parquet"]) as folder:
        path = folder / f"{name}.parquet"
        label = f"{name}.parquet"
        if kind == "cut":
            raw = path.read_bytes()
            path.write_bytes(raw[: data.draw(st.integers(0, len(raw) - 1), label="length")])
            assert "Parquet illisible" in assert_refused(folder, label)
            return
        df = pd.read_parquet(path)
        typed = [c for c in FILES[name].columns if c.kind in TYPED_KINDS and c.name in df.columns]
        col = data.draw(st.sampled_from(typed), label="column")
        values, readable = _wrong_values(col.kind, len(df), data.draw)
        df[col.name] = pd.Series(values, dtype="object")
        try:
            df.to_parquet(path, index=False)
        except Exception:  # pyarrow cannot even write this mix: nothing to test
            assume(False)
        code, text = validate(folder)
        assert "Traceback" not in text
        if readable:
            assert code == 0, text
        else:
            assert_refused(folder, label, col.name, result=(code, text))


def test_parquet_booleans_as_integers_and_dates_as_text_are_read(extraction):
    with copy_of(extraction["parquet"]) as folder:
        path = folder / "auditeurs.parquet"
        df = pd.read_parquet(path)
        df["alternance"] = df["alternance"].map({"True": 1, "False": 0}).astype("int64")
        df["date_naissance"] = df["date_naissance"].astype(str)
        df.to_parquet(path, index=False)
        x = load_extraction(folder)
        assert x["auditeurs"]["alternance"].sum() == 2
        assert str(x["auditeurs"]["date_naissance"].iloc[0].date()) == "1970-01-10"


# -- reference overrides ------------------------------------------------------------------

REF_KINDS = ["truncate", "garbage", "empty", "header_only", "bom", "semicolon", "cp1252", "duplicate",
             "empty_code", "drop_column", "word_in_order"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", REF_KINDS)
@settings(SETTINGS, max_examples=FUZZ or 2)
@given(name=st.sampled_from(sorted(REFERENCE_FILES)), data=st.data())
def test_broken_reference_override_is_refused_or_read_identically(extraction, name, kind, data):
    source = PROJECT_REFERENCE_DIR / f"{name}.csv"
    assume(source.exists())
    with copy_of(extraction["csv"]) as folder:
        (folder / "reference").mkdir()
        path = folder / "reference" / f"{name}.csv"
        raw = source.read_bytes()
        lines = raw.split(b"\n")
        rows = data_lines(raw)
        label = f"reference/{name}.csv"
        frames = extraction["csv_frames"]
        spec = REFERENCE_FILES[name]
        if kind == "truncate":
            i = data.draw(st.sampled_from(rows), label="line")
            cut = data.draw(st.integers(1, len(lines[i]) - 1), label="cut")
            path.write_bytes(b"\n".join(lines[:i]) + b"\n" + lines[i][:cut])
            assert_refused(folder, label)
        elif kind == "garbage":
            pos = data.draw(st.integers(0, len(raw)), label="pos")
            path.write_bytes(raw[:pos] + b"\x00\xff\x13" + raw[pos:])
            assert_refused(folder, label)
        elif kind == "empty":
            path.write_bytes(b"")
            assert_refused(folder, label)
        elif kind == "header_only":
            path.write_bytes(lines[0] + b"\n")
            if spec.required:
                assert_refused(folder, label)
            else:
                assert validate(folder)[0] in (0, 2)  # optional: empty is allowed, other files may then complain
        elif kind in ("bom", "semicolon", "cp1252"):
            new = {"bom": b"\xef\xbb\xbf" + raw, "semicolon": with_delimiter(raw, ";"),
                   "cp1252": raw.decode("utf-8").encode("cp1252", errors="strict")}[kind]
            path.write_bytes(new)
            assert_same_data(folder, frames, name)
        elif kind == "duplicate":
            i = data.draw(st.sampled_from(rows), label="line")
            path.write_bytes(b"\n".join(lines[: i + 1] + [lines[i]] + lines[i + 1:]))
            assert "en double" in assert_refused(folder, label)
        elif kind == "empty_code":
            key = spec.columns.index("ancien_code" if name == "centres_historique" else "code")
            i = data.draw(st.sampled_from(rows), label="line")
            fields = lines[i].split(b",")
            fields[key] = b""
            lines[i] = b",".join(fields)
            path.write_bytes(b"\n".join(lines))
            assert_refused(folder, label)
        elif kind == "drop_column":
            header = lines[0].split(b",")
            j = data.draw(st.integers(0, len(header) - 1), label="column")
            path.write_bytes(b"\n".join(b",".join(f for k, f in enumerate(line.split(b",")) if k != j)
                                        for line in lines))
            assert_refused(folder, label)
        elif kind == "word_in_order":
            table = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
            assume("ordre" in table[0])
            i = data.draw(st.integers(1, len(table) - 1), label="row")
            table[i][table[0].index("ordre")] = "zz"
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(table)
            path.write_text(out.getvalue(), encoding="utf-8")
            assert_refused(folder, label, "ordre")


# -- params/ccYYYY.yml ----------------------------------------------------------------------

BASE_PARAMS = (PROJECT_REFERENCE_DIR.parents[1] / "params" / "cc2023.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("change,words", [
    (lambda t: t + "seuil_petites_bases: 20\n", ["paramètre inconnu « seuil_petites_bases »"]),
    (lambda t: t.replace("min_base: 20", "min_base: vingt"), ["min_base", "entier"]),
    (lambda t: t.replace("min_base: 20", "min_base: [20]"), ["min_base", "entier"]),
    (lambda t: t.replace("age_valid: [15, 90]", "age_valid: 15"), ["age_valid", "deux âges"]),
    (lambda t: t.replace("entrant_modalites: [FOAD]", "entrant_modalites: 3.5"), ["entrant_modalites", "liste de codes"]),
    (lambda t: t.replace("t50_detail: false", "t50_detail: peut-être"), ["t50_detail", "vrai ou faux"]),
    (lambda t: t.replace("groupe: R", "groupe: Z"), ["promotion_overrides", "groupe R ou C"]),
    (lambda t: t.replace("fin: 2020-12-31", "fin: 2019-01-01"), ["promotion_overrides", "commence après sa fin"]),
    (lambda t: t.replace("extraction_date: 2024-04-05", "extraction_date: 2024-02-30"), ["date impossible"]),
    (lambda t: t.replace("extraction_date: 2024-04-05", "extraction_date: bientôt"), ["extraction_date", "date attendue"]),
    (lambda t: t.replace("edition: 2023", "edition: 2024"), ["« edition » vaut 2024"]),
    (lambda t: t.replace("edition: 2023", "edition: deux"), ["edition", "entier"]),
    (lambda t: t.replace("min_base: 20", "min_base: [20"), ["YAML mal formé"]),
    (lambda t: "- edition: 2023\n", ["une liste « nom: valeur »"]),
    (lambda t: "", ["paramètre obligatoire absent"]),
    (lambda t: t.encode("utf-8").replace(b"\xc3\xa9", b"\xe9").decode("latin-1"), ["illisible"]),
])
def test_broken_params_file_is_refused_naming_it(tmp_path, monkeypatch, capsys, extraction, change, words):
    params_dir = tmp_path / "params"
    params_dir.mkdir()
    text = change(BASE_PARAMS)
    if "illisible" in words:  # write bytes that are not UTF-8
        (params_dir / "cc2023.yml").write_bytes(text.encode("latin-1"))
    else:
        (params_dir / "cc2023.yml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(params_module, "PARAMS_DIR", params_dir)
    build = tmp_path / "build"
    code = main(["run", "--edition", "2023", "--data", str(extraction["csv"]), "--build-dir", str(build)])
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "cc2023.yml" in lines[0]
    for w in words:
        assert w in lines[0], (w, lines[0])
    assert not build.exists()
