"""Edition parameters: every year derived from the edition; overrides typed and checked."""
import datetime as dt

import pytest

from chiffres_cles.params import ParamsError, load_params, parse_override


@pytest.mark.parametrize("edition", [2022, 2023, 2024])
def test_years_derive_from_the_edition(edition):
    p = load_params(edition)
    assert p.N == f"{edition - 1}-{edition}"
    assert p.S5[0] == f"{edition - 5}-{edition - 4}" and p.S5[-1] == p.N and len(p.S5) == 5
    assert p.S3 == p.S5[2:]
    assert p.P == p.n_minus(1) and p.SP[-1] == p.P and len(p.SP) == 5
    assert p.SC == list(range(edition - 5, edition + 1))
    assert p.age_ref(p.N) == dt.date(edition - 1, 12, 31)
    assert p.extraction_date.year == edition + 1


def test_overrides_are_typed():
    name, value = parse_override("min_base", "30")
    p = load_params(2023, {name: value, "entrant_modalites": parse_override("entrant_modalites", "[FOAD, HYB]")[1]})
    assert p.min_base == 30 and p.entrant_modalites == ("FOAD", "HYB")


def test_unknown_parameter_or_edition_is_a_clear_error():
    with pytest.raises(ParamsError, match="paramètre inconnu « seuil »"):
        parse_override("seuil", "3")
    with pytest.raises(ParamsError, match="éditions disponibles"):
        load_params(1999)
    with pytest.raises(ParamsError, match="entier attendu"):
        load_params(2023, {"min_base": "beaucoup"})
