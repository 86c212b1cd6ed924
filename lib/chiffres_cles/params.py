"""Edition parameters: what `params/ccYYYY.yml` holds and every year derived from the edition.

Only the edition and what cannot be derived from it (extraction date, thresholds, options)
live in the YAML file; every academic year, promotion and calendar year a table shows is
derived here (TABLES.md §1.1), so no table hard-codes a year.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PARAMS_DIR = PROJECT_ROOT / "params"
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"  # the project's nomenclatures (reference.py)


class ParamsError(ValueError):
    """An edition parameter file or override that cannot be used."""


def academic_year(start: int) -> str:
    return f"{start}-{start + 1}"


def year_start(annee: str) -> int:
    return int(annee[:4])


@dataclass(frozen=True)
class PromotionWindow:
    """A promotion whose window for one group of diplomas differs from the rule (Covid)."""

    promotion: str
    groupe: str
    debut: dt.date
    fin: dt.date


@dataclass(frozen=True)
class EditionParams:
    edition: int
    extraction_date: dt.date
    min_base: int = 20
    entrant_modalites: tuple[str, ...] = ("FOAD",)
    age_valid: tuple[int, int] = (15, 90)
    age_valid_candidats: tuple[int, int] = (18, 90)
    promotion_overrides: tuple[PromotionWindow, ...] = ()
    t50_detail: bool = False
    t59_dispositifs: tuple[str, ...] = ("VES",)
    seuil_revision: float = 0.5    # revision (in %) of a total between editions that gets a sentence
    seuil_mouvement: float = 3.5   # robust distance beyond which a year-on-year move is unusual
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    # -- derived years (TABLES.md §1.1) ------------------------------------------------
    @property
    def N(self) -> str:
        return academic_year(self.edition - 1)

    def n_minus(self, k: int) -> str:
        return academic_year(self.edition - 1 - k)

    @property
    def S5(self) -> list[str]:
        return [self.n_minus(k) for k in range(4, -1, -1)]

    @property
    def S3(self) -> list[str]:
        return [self.n_minus(k) for k in range(2, -1, -1)]

    @property
    def P(self) -> str:
        return self.n_minus(1)

    @property
    def SP(self) -> list[str]:
        return [self.n_minus(k) for k in range(5, 0, -1)]

    @property
    def C(self) -> int:
        return self.edition

    @property
    def SC(self) -> list[int]:
        return list(range(self.edition - 5, self.edition + 1))

    def age_ref(self, annee: str) -> dt.date:
        """Reference date of learners' ages: 31 December of the rentrée year."""
        return dt.date(year_start(annee), 12, 31)

    @property
    def extraction_date_fr(self) -> str:
        return self.extraction_date.strftime("%d/%m/%Y")

    def as_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d.pop("extra")
        d["extraction_date"] = self.extraction_date.isoformat()
        d["promotion_overrides"] = [
            {"promotion": w.promotion, "groupe": w.groupe,
             "debut": w.debut.isoformat(), "fin": w.fin.isoformat()}
            for w in self.promotion_overrides
        ]
        for k in ("entrant_modalites", "age_valid", "age_valid_candidats", "t59_dispositifs"):
            d[k] = list(d[k])
        return d


_FIELDS = {f.name: f for f in dataclasses.fields(EditionParams)}
PARAMETER_NAMES = tuple(name for name in _FIELDS if name != "extra")


def _to_date(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ParamsError(f"paramètre « {name} » : date attendue (AAAA-MM-JJ, date existante), reçu {value!r}") from None


def _int(value: Any, name: str, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or (
            isinstance(value, str) and not value.strip().lstrip("+-").isdigit()):
        raise ParamsError(f"paramètre « {name} » : entier attendu, reçu {value!r}")
    out = int(value)
    if minimum is not None and out < minimum:
        raise ParamsError(f"paramètre « {name} » : entier supérieur ou égal à {minimum} attendu, reçu {value!r}")
    return out


def _positive(value: Any, name: str) -> float:
    """A strictly positive number; a French decimal comma is accepted (« 0,5 »)."""
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ParamsError(f"paramètre « {name} » : nombre strictement positif attendu (ex. 0.5), reçu {value!r}")
    return float(value)


def _words(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, (list, tuple)) or not value or not all(
            isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip() for v in value):
        raise ParamsError(f"paramètre « {name} » : liste de codes attendue (ex. [FOAD, HYB]), reçu {value!r}")
    return tuple(str(v).strip() for v in value)


def _window(w: Any, name: str) -> PromotionWindow:
    example = "{promotion: 2019-2020, groupe: R, debut: 2019-12-01, fin: 2020-12-31}"
    if not isinstance(w, dict) or set(w) != {"promotion", "groupe", "debut", "fin"}:
        raise ParamsError(f"paramètre « {name} » : chaque fenêtre s'écrit {example}, reçu {w!r}")
    promo = str(w["promotion"])
    if not (len(promo) == 9 and promo[4] == "-" and promo[:4].isdigit() and promo[5:].isdigit()
            and int(promo[5:]) == int(promo[:4]) + 1):
        raise ParamsError(f"paramètre « {name} » : promotion de la forme « 2019-2020 » attendue, reçu {promo!r}")
    if str(w["groupe"]) not in ("R", "C"):
        raise ParamsError(f"paramètre « {name} » : groupe R ou C attendu, reçu {w['groupe']!r}")
    debut, fin = _to_date(w["debut"], name), _to_date(w["fin"], name)
    if debut > fin:
        raise ParamsError(f"paramètre « {name} » : la fenêtre de {promo} commence après sa fin ({debut} > {fin})")
    return PromotionWindow(promo, str(w["groupe"]), debut, fin)


def _coerce(name: str, value: Any) -> Any:
    """The typed value of one parameter; ParamsError saying what was expected."""
    if name == "extraction_date":
        return _to_date(value, name)
    if name == "edition":
        return _int(value, name, minimum=1)
    if name == "min_base":
        return _int(value, name, minimum=1)
    if name in ("entrant_modalites", "t59_dispositifs"):
        return _words(value, name)
    if name in ("age_valid", "age_valid_candidats"):
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise ParamsError(f"paramètre « {name} » : deux âges attendus (ex. [15, 90]), reçu {value!r}")
        lo, hi = (_int(v, name, minimum=0) for v in value)
        if lo > hi:
            raise ParamsError(f"paramètre « {name} » : l'âge minimal dépasse l'âge maximal ({lo} > {hi})")
        return (lo, hi)
    if name in ("seuil_revision", "seuil_mouvement"):
        return _positive(value, name)
    if name == "t50_detail":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in ("true", "1", "oui", "yes", "vrai"):
            return True
        if word in ("false", "0", "non", "no", "faux"):
            return False
        raise ParamsError(f"paramètre « {name} » : vrai ou faux attendu (true/false), reçu {value!r}")
    if name == "promotion_overrides":
        if value is None:
            return ()
        if not isinstance(value, (list, tuple)):
            raise ParamsError(f"paramètre « {name} » : liste de fenêtres attendue, reçu {value!r}")
        return tuple(_window(w, name) for w in value)
    return value


def _unknown(name: str) -> ParamsError:
    known = ", ".join(sorted(n for n in _FIELDS if n != "extra"))
    return ParamsError(f"paramètre inconnu « {name} » ; paramètres connus : {known}")


def make_params(values: dict[str, Any]) -> EditionParams:
    known = {}
    for k, v in values.items():
        if k not in _FIELDS or k == "extra":
            raise _unknown(k)
        known[k] = _coerce(k, v)
    for required in ("edition", "extraction_date"):
        if required not in known:
            raise ParamsError(f"paramètre obligatoire absent : « {required} »")
    return EditionParams(**known)


def params_file(edition: int, params_dir: Path | None = None) -> Path:
    return (PARAMS_DIR if params_dir is None else params_dir) / f"cc{edition}.yml"


def read_params_file(edition: int, params_dir: Path | None = None) -> dict[str, Any]:
    """The values of `params/cc<edition>.yml`; ParamsError naming the file when it is
    absent, not YAML, not a mapping, or for another edition."""
    params_dir = PARAMS_DIR if params_dir is None else params_dir
    path = params_file(edition, params_dir)
    if not path.exists():
        available = sorted(p.stem for p in params_dir.glob("cc*.yml"))
        raise ParamsError(
            f"pas de fichier de paramètres pour l'édition {edition} ({path}) ; "
            f"éditions disponibles : {', '.join(available) or 'aucune'}"
        )
    try:
        with path.open(encoding="utf-8") as fh:
            values = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", ligne {mark.line + 1}" if mark is not None else ""
        raise ParamsError(f"{path} illisible : YAML mal formé{where}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParamsError(f"{path} illisible : {exc}") from None
    except ValueError:  # YAML reads 2024-02-30 as a date, which does not exist
        raise ParamsError(f"{path} : date impossible (jour ou mois hors calendrier)") from None
    values = {} if values is None else values
    if not isinstance(values, dict):
        raise ParamsError(f"{path} : une liste « nom: valeur » est attendue, reçu {type(values).__name__}")
    if "edition" in values:
        try:
            file_edition = _coerce("edition", values["edition"])
        except ParamsError as exc:
            raise ParamsError(f"{path} : {exc}") from None
        if file_edition != edition:
            raise ParamsError(f"{path} : « edition » vaut {values.get('edition')}, attendu {edition}")
    return values


def parse_override(name: str, raw: str) -> tuple[str, Any]:
    """`-p NAME VALUE`: the value is read as YAML ("30", "[FOAD, HYB]", "2024-04-05")."""
    if name not in _FIELDS or name == "extra":
        raise _unknown(name)
    try:
        value = yaml.safe_load(raw) if isinstance(raw, str) else raw
    except yaml.YAMLError:
        raise ParamsError(f"paramètre « {name} » : valeur illisible (YAML mal formé) : {raw!r}") from None
    except ValueError:  # YAML reads 2024-02-30 as a date, which does not exist
        raise ParamsError(f"paramètre « {name} » : date impossible : {raw!r}") from None
    _coerce(name, value)  # fail early with a clear message
    return name, value


def load_params(edition: int, overrides: dict[str, Any] | None = None,
                params_dir: Path | None = None) -> EditionParams:
    """The edition's parameters: its file, then the overrides. An unknown key or a value of
    the wrong type is a ParamsError naming the file (or the override)."""
    values = read_params_file(edition, params_dir)
    try:
        make_params(values)
    except ParamsError as exc:
        raise ParamsError(f"{params_file(edition, params_dir)} : {exc}") from None
    values.update(overrides or {})
    return make_params(values)
