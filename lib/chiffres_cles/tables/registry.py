"""Registry: table number -> the function computing it, and its section.

A table module registers its functions with `@register(n)`; the concepts chapter's list
of tables, the section notebooks and the annex all read this one registry.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from ..sections import Section, section_of, title
from ..params import EditionParams

MODULES = (
    "auditeurs", "mooc", "profil", "internationaux", "inscriptions", "heures",
    "alternance", "vapp", "vae", "ves", "examens", "diplomation",
)


@dataclass(frozen=True)
class TableEntry:
    number: int
    func: Callable
    section: Section

    def title(self, p: EditionParams) -> str:
        return title(self.number, p)


_REGISTRY: dict[int, TableEntry] = {}


def register(number: int):
    def deco(func):
        _REGISTRY[number] = TableEntry(number, func, section_of(number))
        return func
    return deco


def _load_all() -> None:
    for name in MODULES:
        try:
            importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise


def registry() -> dict[int, TableEntry]:
    _load_all()
    return dict(sorted(_REGISTRY.items()))


def entry(number: int) -> TableEntry:
    reg = registry()
    if number not in reg:
        raise KeyError(f"tableau {number} non implémenté")
    return reg[number]
