"""An extraction lacking a year the edition needs is refused before any section runs, with a
message naming the missing years and the tables needing them (coverage.py)."""
import pytest

from builders import ExtractionBuilder
from chiffres_cles import coverage, sections
from chiffres_cles.cli import main
from chiffres_cles.extraction import load_extraction
from chiffres_cles.params import load_params
from chiffres_cles.sections import SECTIONS_BY_NUMBER as BY
from chiffres_cles.synth import generate

P = load_params(2023)
S5 = P.S5  # 2018-2019 … 2022-2023


def learners(years, b=None) -> ExtractionBuilder:
    b = b or ExtractionBuilder()
    for y in years:
        a = b.learner(f"AU{y[:4]}", annee=y)
        b.inscription(a, "NFA001", annee=y)
    return b


def test_every_table_needs_the_years_its_title_announces():
    for n in sections.TITLES:
        years = coverage.table_years(n, P)
        assert years, n
        title = sections.title(n, P)
        assert min(years) in title or min(years).split("-")[0] in title, (n, years, title)
    assert coverage.table_years(1, P) == S5
    assert coverage.table_years(3, P) == ["2021-2022", "2022-2023"]
    assert coverage.table_years(2, P) == ["2022-2023"]
    assert coverage.table_years(9, P) == P.S3
    assert coverage.table_years(34, P) == [str(y) for y in range(2018, 2024)]
    assert coverage.table_years(40, P) == ["2023"]
    assert coverage.table_years(66, P) == P.SP


def test_a_missing_academic_year_is_named_with_its_tables(tmp_path):
    x = load_extraction(learners(S5[1:]).write(tmp_path / "x"))
    with pytest.raises(coverage.MissingYearsError) as info:
        coverage.check_years(x, P, [BY["01"], BY["02"]])
    text = str(info.value)
    assert ("auditeurs, inscriptions, enseignements (années universitaires) : années absentes de l'extraction : "
            "2018-2019 (tableaux 1, 5, 6)") in text
    # N-1 and N present: a section needing only them passes
    assert coverage.check_years(x, P, [BY["13"]]) == []


def test_a_missing_catalogue_year_alone_is_refused(tmp_path):
    b = learners(S5)
    b.rows["enseignements"] = [r for r in b.rows["enseignements"] if r["annee"] != "2020-2021"]
    x = load_extraction(b.write(tmp_path / "x"))
    with pytest.raises(coverage.MissingYearsError, match=r"enseignements, le catalogue .*2020-2021 \(tableaux 1, 5, 6\)"):
        coverage.check_years(x, P, [BY["01"], BY["02"]])


def test_validations_a_year_without_any_decision_is_refused_a_quiet_dispositif_is_not(tmp_path):
    b = learners(S5)
    for year in range(2018, 2024):
        b.validation(f"CA{year}", f"{year}-03-01", dispositif="VAE", decision="TOTALE")
    b.validation("CAX", "2023-05-01", dispositif="VES", decision="ACCORD")
    x = load_extraction(b.write(tmp_path / "x"))
    warnings = coverage.check_years(x, P, [BY["10"], BY["11"], BY["12"]])
    assert coverage.check_years(x, P, [BY["11"]]) == []
    assert len(warnings) == 2
    assert "aucune décision VAPP" in warnings[0] and "2018, 2019, 2020, 2021, 2022, 2023" in warnings[0]
    assert "aucune décision VES" in warnings[1] and "2018, 2019, 2020, 2021, 2022" in warnings[1]
    b.rows["validations"] = [r for r in b.rows["validations"] if not r["date_decision"].startswith("2019")]
    x = load_extraction(b.write(tmp_path / "y"))
    with pytest.raises(coverage.MissingYearsError, match=r"validations \(années civiles de décision\) : "
                                                         r"années absentes de l'extraction : 2019 \(tableaux 34,"):
        coverage.check_years(x, P, [BY["10"]])


def test_diploma_promotions_follow_the_windows(tmp_path):
    b = learners(S5)
    # SP = 2017-2018 … 2021-2022; a Master juried in December belongs to the next promotion
    for promo_end in range(2018, 2023):
        b.diplome(f"{promo_end}-06-30", type_parchemin="MASTER")
    x = load_extraction(b.write(tmp_path / "x"))
    assert coverage.check_years(x, P, [BY["14"]]) == []
    b.rows["diplomes"] = [r for r in b.rows["diplomes"] if r["date_jury"] != "2018-06-30"]
    b.diplome("2017-12-15", type_parchemin="MASTER")  # rectorat window: promotion 2017-2018
    x = load_extraction(b.write(tmp_path / "y"))
    assert coverage.check_years(x, P, [BY["14"]]) == []
    b.rows["diplomes"] = [r for r in b.rows["diplomes"] if r["date_jury"] != "2017-12-15"]
    b.diplome("2017-12-15", type_parchemin="RNCP")  # calendar rule: promotion 2016-2017, outside SP
    x = load_extraction(b.write(tmp_path / "z"))
    with pytest.raises(coverage.MissingYearsError, match=r"diplomes \(promotions\) : .*2017-2018 \(tableaux 66, 67, 68, 69\)"):
        coverage.check_years(x, P, [BY["14"]])


def test_run_refuses_before_writing_anything(tmp_path, capsys):
    data = learners(S5[2:]).write(tmp_path / "x")
    code = main(["run", "--edition", "2023", "--data", str(data), "--build-dir", str(tmp_path / "build"),
                 "--section", "01"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert "années absentes de l'extraction : 2018-2019, 2019-2020 (tableau 1)" in err, err
    assert not (tmp_path / "build").exists()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    data = tmp_path_factory.mktemp("cov") / "synthetic"
    generate(data, scale=0.02, seed=5)
    return load_extraction(data)


@pytest.mark.parametrize("edition", [2022, 2023, 2024])
def test_the_synthetic_extraction_covers_editions_2022_to_2024(synthetic, edition):
    assert coverage.check_years(synthetic, load_params(edition)) == []


def test_a_later_edition_names_every_missing_year(synthetic):
    import dataclasses

    p = dataclasses.replace(load_params(2024), edition=2025)
    with pytest.raises(coverage.MissingYearsError) as info:
        coverage.check_years(synthetic, p)
    text = str(info.value)
    assert "2024-2025 (tableaux 1, 2, 3, 4, 5, 6, 8" in text
    assert "mooc (sessions ouvertes dans l'année universitaire) : années absentes de l'extraction : 2024-2025 (tableau 7)" in text
    assert "validations (années civiles de décision) : années absentes de l'extraction : 2025 (tableaux 34" in text
