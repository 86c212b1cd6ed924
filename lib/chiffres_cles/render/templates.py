"""The editors' texts: Jinja2 templates of the book's chapters, with per-edition overrides.

The prose of the preface and of « Concepts, sources et périmètres » lives in Markdown
templates under `report/textes/`; the lib only computes the values they show
(`chapters.py`). Lookup order of a template name, e.g. `concepts/iv-regles.md.j2`:

1. `report/editions/<edition>/concepts/iv-regles.md.j2` — the edition's own text, if any;
2. `report/textes/concepts/iv-regles.md.j2` — the common text.

A name prefixed with `commun/` always reads the common text, so that an edition's file can
include or extend the common one it replaces. The common templates also include optional
files that only an edition folder provides (`{% include "editorial.md.j2" ignore missing %}`).

Templates are read from disk at every render (a fresh environment each time): a changed
template shows in the next render, and no section has to run again (the section cache key
hashes the lib's Python sources, not `report/`).

Environment: undefined values are errors (`StrictUndefined`); a block tag alone on its line
leaves no blank line (`trim_blocks`, `lstrip_blocks`); straight apostrophes typed in the
template's text become typographic ones (’), values are printed as they are. Any error —
syntax, unknown placeholder, missing template — becomes a `TemplateTextError` naming the
file and the line, in French.
"""
from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path

import jinja2
from babel.dates import format_date
from jinja2.ext import Extension
from jinja2.lexer import Token

from ..params import PROJECT_ROOT

REPORT_DIR = PROJECT_ROOT / "report"
COMMON = "textes"          # <root>/textes/: the common texts
EDITIONS = "editions"      # <root>/editions/<edition>/: an edition's own texts
COMMON_PREFIX = "commun"   # "commun/<name>": the common text, even where an edition replaces it
SUFFIX = ".md.j2"

NBSP = "\u00a0"
NNBSP = "\u202f"


class TemplateTextError(RuntimeError):
    """A template cannot be rendered: the message names the file and the line, in French."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line


# -- French typography and small formatting helpers (registered as Jinja filters) ----------

def typographie(text: str) -> str:
    """French spacing: « text » with no-break spaces, U+202F before ; : ! ? %, no-break
    space after « n° »."""
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", NBSP + "»", text)
    text = re.sub(r"[ \u00a0]([;:!?%])", NNBSP + r"\1", text)
    text = re.sub(r"\bn°[ \u202f](?=\d)", "n°" + NBSP, text)
    return text


def apostrophes(text: str) -> str:
    """Typographic apostrophe (’) for a straight one between two letters."""
    return re.sub(r"(?<=\w)'(?=\w)", "’", text)


def date_courte(d: dt.date) -> str:
    """« 05/04/2024 »."""
    return d.strftime("%d/%m/%Y")


def date_longue(d: dt.date) -> str:
    """« 5 avril 2024 », « 1er décembre 2021 »."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {format_date(d, 'MMMM', locale='fr')} {d.year}"


def enumeration(items: Iterable[str], dernier: str = "et") -> str:
    """« a, b et c » (« a, b ou c » with dernier="ou"); empty items are left out."""
    items = [str(i) for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {dernier} {items[-1]}"


def prefixe(items: Iterable[str], before: str) -> list[str]:
    """Each item with `before` in front: ["présentiel"] | prefixe("en ") → ["en présentiel"]."""
    return [f"{before}{i}" for i in items]


def minuscule_initiale(label: str) -> str:
    """Lower-case the first letter unless the first word is an acronym (DEUST, MBA, CLE)."""
    first = label.split(" ")[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def majuscule_initiale(label: str) -> str:
    return label[:1].upper() + label[1:]


def accord(n: int, singulier: str, pluriel: str) -> str:
    """The word agreeing with `n`: « centre » for 1, « centres » otherwise."""
    return singulier if n == 1 else pluriel


_WORDS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
          "onze", "douze", "treize", "quatorze", "quinze", "seize")


def en_lettres(n: int) -> str:
    """« quatre » (words up to seize, as in print), digits beyond."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


FILTERS = {
    "date_courte": date_courte,
    "date_longue": date_longue,
    "enumeration": enumeration,
    "prefixe": prefixe,
    "minuscule_initiale": minuscule_initiale,
    "majuscule_initiale": majuscule_initiale,
    "accord": accord,
    "en_lettres": en_lettres,
    "apostrophes": apostrophes,
}


class _TypographicApostrophes(Extension):
    """Straight apostrophes of the template's own text become ’ (not those of the values)."""

    def filter_stream(self, stream):
        for token in stream:
            if token.type == "data":
                yield Token(token.lineno, "data", apostrophes(token.value))
            else:
                yield token


# -- the environment -----------------------------------------------------------------------

def template_dirs(edition: int, root: Path | None = None) -> list[Path]:
    """Where templates are looked for, first match wins: the edition's folder, the common one."""
    root = Path(root) if root is not None else REPORT_DIR
    return [root / EDITIONS / str(edition), root / COMMON]


def edition_files(edition: int, root: Path | None = None) -> list[tuple[Path, str]]:
    """The templates an edition folder brings, each with what it does: "remplace" (a common
    text of the same path), "complète" (a file some template includes) or "ignoré" (neither:
    a misspelt name, most likely)."""
    edition_dir, common_dir = template_dirs(edition, root)
    if not edition_dir.is_dir():
        return []
    files = sorted(edition_dir.rglob(f"*{SUFFIX}"))
    sources = "\n".join(f.read_text(encoding="utf-8", errors="replace")
                        for d in (common_dir, edition_dir) if d.is_dir()
                        for f in d.rglob(f"*{SUFFIX}"))
    out = []
    for f in files:
        name = f.relative_to(edition_dir).as_posix()
        if (common_dir / name).exists():
            out.append((f, "remplace"))
        elif f'"{name}"' in sources or f"'{name}'" in sources:
            out.append((f, "complète"))
        else:
            out.append((f, "ignoré"))
    return out


def environment(edition: int, root: Path | None = None) -> jinja2.Environment:
    """A fresh environment for `edition` (templates are read from disk, never from a cache
    of a previous render)."""
    edition_dir, common_dir = template_dirs(edition, root)
    common = jinja2.FileSystemLoader(str(common_dir), encoding="utf-8")
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({COMMON_PREFIX: common}),
        jinja2.FileSystemLoader(str(edition_dir), encoding="utf-8"),
        common,
    ])
    env = jinja2.Environment(
        loader=loader, undefined=jinja2.StrictUndefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        extensions=[_TypographicApostrophes], cache_size=0, auto_reload=True,
    )
    env.filters.update(FILTERS)
    return env


def _shown(path: str | Path | None) -> str:
    if not path:
        return "?"
    path = Path(path)
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost frame of a template in the exception's traceback (Jinja rewrites the
    traceback so that those frames carry the template's file and line)."""
    found: tuple[str | None, int | None] = (None, None)
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(SUFFIX):
            found = (filename, lineno)
    return found


_SYNTAX = (  # Jinja's usual syntax messages, in French
    (r"No filter named '([^']+)'", "filtre inconnu « {0} »"),
    (r"No test named '([^']+)'", "test inconnu « {0} »"),
    (r"Encountered unknown tag '([^']+)'", "balise inconnue « {0} »"),
    (r"[Uu]nexpected end of template", "fin du texte atteinte alors qu’une balise n’est pas fermée"),
    (r"unexpected '([^']+)'", "caractère inattendu « {0} »"),
    (r"expected token '([^']+)', got '([^']+)'", "« {0} » attendu, « {1} » trouvé"),
)


def _explain(exc: BaseException) -> str:
    """What went wrong, in French (Jinja's own English words kept in parentheses)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        message = str(exc.message or "").rstrip(".")
        for pattern, french in _SYNTAX:
            m = re.search(pattern, message)
            if m:
                return f"erreur de syntaxe : {french.format(*m.groups())} ({message})"
        return f"erreur de syntaxe ({message})"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"gabarit introuvable « {exc.name} »"
    if isinstance(exc, jinja2.UndefinedError):
        message = str(exc.message or exc)
        m = re.match(r"'([^']+)' is undefined", message)
        if m:
            return f"valeur inconnue « {m.group(1)} » (aucune valeur de ce nom n’est fournie au texte)"
        m = re.match(r"'([^']+)' has no attribute '([^']+)'", message)
        if m:
            return f"valeur inconnue « {m.group(2)} » ({message})"
        return f"valeur inconnue ({message})"
    return f"erreur à l’évaluation du texte ({type(exc).__name__} : {exc})"


def render(name: str, context: Mapping, edition: int, root: Path | None = None) -> str:
    """Render template `name` for `edition` with `context`; raise `TemplateTextError` (file,
    line, French message) on any template error."""
    env = environment(edition, root)
    dirs = template_dirs(edition, root)
    try:
        template = env.get_template(name)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        path = exc.filename or _locate(name, dirs)
        raise TemplateTextError(_message(path, exc.lineno, _explain(exc)),
                                Path(path) if path else None, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        filename, line = _template_frame(exc)
        if filename is None:  # the chapter's own template is missing
            where = ", ".join(_shown(d) for d in dirs)
            raise TemplateTextError(f"Texte : gabarit introuvable « {exc.name} » (cherché dans {where}).") from None
        raise TemplateTextError(_message(filename, line, _explain(exc)), Path(filename), line) from None
    except Exception as exc:  # undefined values, errors inside a filter…
        filename, line = _template_frame(exc)
        path = filename or _locate(name, dirs)
        raise TemplateTextError(_message(path, line, _explain(exc)),
                                Path(path) if path else None, line) from None


def _locate(name: str, dirs: list[Path]) -> str | None:
    for d in dirs:
        if (d / name).exists():
            return str(d / name)
    return None


def _message(path: str | Path | None, line: int | None, what: str) -> str:
    where = _shown(path) + (f", ligne {line}" if line else "")
    return f"Texte {where} : {what}."


def finish(text: str) -> str:
    """The rendered Markdown made tidy: no trailing spaces, at most one blank line in a row
    (an optional include or a block left out leaves none), French spacing, one final newline."""
    text = "\n".join(line.rstrip() for line in text.splitlines())
    text = re.sub(r"\n{3,}", "\n\n", text)
    return typographie(text).strip("\n") + "\n"
