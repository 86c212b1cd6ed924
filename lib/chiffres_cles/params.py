"""Edition parameters: what `params/ccYYYY.yml` holds and every year derived from the edition.

Only the edition and what cannot be derived from it (extraction date, thresholds, options)
live in the YAML file; every academic year, promotion and calendar year a table shows is
derived here (TABLES.md §1.1), so no table hard-codes a year.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PARAMS_DIR = PROJECT_ROOT / "params"


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
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ParamsError(f"paramètre « {name} » : date attendue (AAAA-MM-JJ), reçu {value!r}")


def _coerce(name: str, value: Any) -> Any:
    if name == "extraction_date":
        return _to_date(value, name)
    if name in ("edition", "min_base"):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ParamsError(f"paramètre « {name} » : entier attendu, reçu {value!r}")
    if name in ("entrant_modalites", "t59_dispositifs"):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        return tuple(str(v) for v in value)
    if name in ("age_valid", "age_valid_candidats"):
        lo, hi = value
        return (int(lo), int(hi))
    if name == "t50_detail":
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "oui", "yes")
        return bool(value)
    if name == "promotion_overrides":
        return tuple(
            PromotionWindow(str(w["promotion"]), str(w["groupe"]),
                            _to_date(w["debut"], name), _to_date(w["fin"], name))
            for w in value or ()
        )
    return value


def make_params(values: dict[str, Any]) -> EditionParams:
    known, extra = {}, {}
    for k, v in values.items():
        if k in _FIELDS and k != "extra":
            known[k] = _coerce(k, v)
        else:
            extra[k] = v
    for required in ("edition", "extraction_date"):
        if required not in known:
            raise ParamsError(f"paramètre obligatoire absent : « {required} »")
    return EditionParams(**known, extra=extra)


def params_file(edition: int, params_dir: Path = PARAMS_DIR) -> Path:
    return params_dir / f"cc{edition}.yml"


def read_params_file(edition: int, params_dir: Path = PARAMS_DIR) -> dict[str, Any]:
    path = params_file(edition, params_dir)
    if not path.exists():
        available = sorted(p.stem for p in params_dir.glob("cc*.yml"))
        raise ParamsError(
            f"pas de fichier de paramètres pour l'édition {edition} ({path}) ; "
            f"éditions disponibles : {', '.join(available) or 'aucune'}"
        )
    with path.open(encoding="utf-8") as fh:
        values = yaml.safe_load(fh) or {}
    if int(values.get("edition", edition)) != edition:
        raise ParamsError(f"{path} : « edition » vaut {values.get('edition')}, attendu {edition}")
    return values


def parse_override(name: str, raw: str) -> tuple[str, Any]:
    """`-p NAME VALUE`: the value is read as YAML ("30", "[FOAD, HYB]", "2024-04-05")."""
    if name not in _FIELDS or name == "extra":
        known = ", ".join(sorted(n for n in _FIELDS if n != "extra"))
        raise ParamsError(f"paramètre inconnu « {name} » ; paramètres connus : {known}")
    try:
        value = yaml.safe_load(raw) if isinstance(raw, str) else raw
    except yaml.YAMLError:
        value = raw
    _coerce(name, value)  # fail early with a clear message
    return name, value


def load_params(edition: int, overrides: dict[str, Any] | None = None,
                params_dir: Path = PARAMS_DIR) -> EditionParams:
    values = read_params_file(edition, params_dir)
    values.update(overrides or {})
    return make_params(values)
