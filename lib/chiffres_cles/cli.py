"""The `chiffres-cles` command: synth, validate, run, render, build, compare, textes, bench.

Messages are in French (the users are the Observatoire's statisticians). A bad extraction
or a bad parameter ends with a clear message and a non-zero exit code, never a traceback.
"""
from __future__ import annotations

import argparse
import errno
import gc
import logging
import math
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from . import __version__
from .params import ParamsError, parse_override, read_params_file
from .problems import ExtractionError, UsageError

DEFAULT_DATA = Path("data/synthetic")
DEFAULT_BUILD = Path("build")


def _print_problems(report, strict: bool) -> None:
    for p in report.errors:
        print(str(p), file=sys.stderr)
    for p in report.warnings:
        print(str(p), file=sys.stderr if strict else sys.stdout)


def _ensure_data(data: Path) -> None:
    """The embedded synthetic extraction is generated on first use."""
    if data.resolve() == DEFAULT_DATA.resolve() and not (data / "auditeurs.parquet").exists():
        from .synth import generate

        print(f"Extraction synthétique absente : génération dans {data} …")
        generate(data)


def cmd_synth(args) -> int:
    from .synth import generate

    from .synth import YEARS

    if args.corrige_de is not None and not YEARS[0] < args.corrige_de <= YEARS[-1] + 1:
        raise UsageError(f"--corrige-de : édition entre {YEARS[0] + 1} et {YEARS[-1] + 1} attendue "
                         f"(années de l'extraction synthétique), reçu {args.corrige_de}")
    t0 = time.perf_counter()
    counts = generate(Path(args.out), scale=args.scale, seed=args.seed, corrige_de=args.corrige_de)
    for name, n in counts.items():
        print(f"{name:20s} {n:>12,d} lignes".replace(",", "\u202f"))
    print(f"Extraction synthétique écrite dans {args.out} ({time.perf_counter() - t0:.1f} s).")
    return 0


def cmd_validate(args) -> int:
    from .extraction import validate_extraction

    data = Path(args.data)
    _ensure_data(data)
    try:
        x = validate_extraction(data, strict=args.strict)  # batch by batch: no file held whole
    except ExtractionError as exc:
        _print_problems(exc.report, args.strict)
        print(f"Extraction refusée ({exc.report.summary()}).", file=sys.stderr)
        return 2
    _print_problems(x.report, False)
    print(f"Extraction valide : {data} ({x.report.summary()}, empreinte {x.fingerprint}).")
    return 0


def _overrides(pairs) -> dict:
    return dict(parse_override(name, value) for name, value in pairs or [])


def cmd_run(args) -> int:
    from .pipeline import run_edition

    data = Path(args.data)
    _ensure_data(data)
    result = run_edition(
        edition=args.edition, data_dir=data, build_dir=Path(args.build_dir),
        sections=args.section, overrides=_overrides(args.p), jobs=args.jobs, force=args.force,
    )
    return 0 if result.ok else 1


def cmd_render(args) -> int:
    from .render import render_edition

    render_edition(edition=args.edition, build_dir=Path(args.build_dir), engine=args.engine)
    return 0


def cmd_textes(args) -> int:
    from .render.preview import write_texts

    t0 = time.perf_counter()
    result = write_texts(edition=args.edition, build_dir=Path(args.build_dir), html=not args.no_html)
    for note in result.notes:
        print(note)
    what = {"remplace": "remplace le texte commun", "complète": "complète le texte commun",
            "ignoré": "ignoré : aucun texte commun de ce nom ni emplacement prévu pour lui"}
    for path, status in result.edition_files:
        print(f"Texte propre à l'édition {args.edition} : {path} ({what[status]})")
    print(f"Textes de l'édition {args.edition} écrits en {time.perf_counter() - t0:.1f} s dans "
          f"{result.folder} : {', '.join(p.name for p in result.files)}")
    return 0


def cmd_build(args) -> int:
    from .pipeline import build_edition

    data = Path(args.data)
    _ensure_data(data)
    ok = build_edition(edition=args.edition, data_dir=data, build_dir=Path(args.build_dir),
                       overrides=_overrides(args.p), jobs=args.jobs, force=args.force,
                       engine=args.engine, strict=args.strict)
    return 0 if ok else 1


def cmd_compare(args) -> int:
    from .revisions import compare_editions

    against = args.against if args.against is not None else args.edition - 1
    if against == args.edition:
        raise UsageError("--against : une autre édition que --edition est attendue")
    comp, path = compare_editions(Path(args.build_dir), args.edition, against)
    counts = comp.counts()
    print(f"Édition {args.edition} comparée à l'édition {against} : {counts['revision']} chiffre(s) révisé(s), "
          f"{counts['ouverture'] + counts['fermeture']} ouverture(s) ou fermeture(s), "
          f"{counts['ligne_apparue'] + counts['ligne_disparue']} cellule(s) de lignes apparues ou disparues, "
          f"{counts['masque']} masquée(s), {counts['non_apparie'] + counts['tableau_non_apparie']} sans "
          f"correspondance → {path} (page « Révisions » au prochain « chiffres-cles render »)")
    return 0


def cmd_bench(args) -> int:
    from .bench import STEPS, run_bench

    run_bench(scales=args.scale, out=Path(args.out), edition=args.edition, jobs=args.jobs,
              steps=args.steps or STEPS, sections=args.section or (), as_json=args.json)
    return 0


# -- bad arguments: one French line, exit code 2 ----------------------------------------

ARGPARSE_FR = (  # argparse's own messages (Python 3.11–3.13), in French
    (r"^argument command: invalid choice: (.*?) \(choose from (.*)\)$", r"commande inconnue \1 (commandes : \2)"),
    (r"^unrecognized arguments: (.*)$", r"argument(s) non reconnu(s) : \1"),
    (r"^the following arguments are required: (.*)$", r"argument(s) obligatoire(s) absent(s) : \1"),
    (r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$", r"argument \1 : choix invalide \2 (choix possibles : \3)"),
    (r"^argument (\S+): expected one argument$", r"argument \1 : une valeur attendue"),
    (r"^argument (\S+): expected at least one argument$", r"argument \1 : au moins une valeur attendue"),
    (r"^argument (\S+): expected (\d+) arguments$", r"argument \1 : \2 valeurs attendues"),
    (r"^argument (\S+): invalid (\S+) value: (.*)$", r"argument \1 : valeur invalide \3"),
    (r"^argument (\S+): ignored explicit argument (.*)$", r"argument \1 : valeur inattendue \2"),
    (r"^argument (\S+): (.*)$", r"argument \1 : \2"),
)


def _french(message: str) -> str:
    for pattern, replacement in ARGPARSE_FR:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class FrenchParser(argparse.ArgumentParser):
    """argparse with one French line on a bad argument (and exit code 2), no usage dump."""

    def error(self, message: str):
        print(f"{self.prog} : {_french(message)} (aide : {self.prog} --help)", file=sys.stderr)
        raise SystemExit(2)


def _integer(minimum: int, what: str):
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} attendu, reçu « {text} »") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{what} supérieur ou égal à {minimum} attendu, reçu « {text} »")
        return value
    return convert


def _positive_scale(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"échelle strictement positive attendue (ex. 0.1, 1, 10), reçu « {text} »")
    return value


OS_ERRORS_FR = {errno.EACCES: "permission refusée", errno.EPERM: "opération non permise",
                errno.EROFS: "système de fichiers en lecture seule", errno.ENOSPC: "disque plein",
                errno.ENOTDIR: "un élément du chemin n'est pas un dossier", errno.EISDIR: "c'est un dossier",
                errno.ENOENT: "introuvable", errno.EEXIST: "existe déjà", errno.EDQUOT: "quota disque dépassé"}


def os_error_text(exc: OSError) -> str:
    return OS_ERRORS_FR.get(exc.errno, exc.strerror or str(exc))


def unwritable(folder: Path) -> str | None:
    """Why `folder` cannot receive outputs (None if it can), without creating it: its nearest
    existing ancestor must be a folder where a file can be created."""
    path = Path(folder).absolute()
    if path.exists() and not path.is_dir():
        return f"« {folder} » est un fichier, pas un dossier"
    ancestor = path
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"« {folder} » ne peut pas être créé : {ancestor} est un fichier, pas un dossier"
    try:
        with tempfile.TemporaryFile(dir=ancestor):
            pass
    except OSError as exc:
        return f"impossible d'écrire dans « {folder} » ({ancestor} : {os_error_text(exc)})"
    return None


def parser() -> argparse.ArgumentParser:
    p = FrenchParser(prog="chiffres-cles", description="Chiffres clés du Cnam : de l'extraction SIAP à la publication.")
    p.add_argument("--version", action="version", version=f"chiffres-cles {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("synth", help="génère l'extraction synthétique (déterministe)")
    s.add_argument("--out", default=str(DEFAULT_DATA), help="dossier de sortie (défaut : data/synthetic)")
    s.add_argument("--scale", type=_positive_scale, default=1.0, help="taille relative (1 = le Cnam réel)")
    s.add_argument("--seed", type=_integer(0, "entier"), default=2023, help="graine (même graine, mêmes octets)")
    s.add_argument("--corrige-de", type=_integer(1, "année d'édition (ex. 2022)"), default=None, metavar="EDITION",
                   help="variante « corrigée » : la même extraction, corrigée dans les années de l'édition EDITION")
    s.set_defaults(func=cmd_synth)

    s = sub.add_parser("validate", help="contrôle une extraction avant tout calcul")
    s.add_argument("--data", default=str(DEFAULT_DATA), help="dossier de l'extraction")
    s.add_argument("--strict", action="store_true", help="les avertissements deviennent des erreurs")
    s.set_defaults(func=cmd_validate)

    def edition_args(s, data=True):
        s.add_argument("--edition", type=_integer(1, "année d'édition (ex. 2023)"), default=2023,
                       help="édition (défaut : 2023)")
        if data:
            s.add_argument("--data", default=str(DEFAULT_DATA), help="dossier de l'extraction")
        s.add_argument("--build-dir", default=str(DEFAULT_BUILD), help="dossier de construction")

    def run_args(s):
        s.add_argument("-p", nargs=2, action="append", metavar=("NOM", "VALEUR"),
                       help="remplace un paramètre d'édition (valeur lue en YAML)")
        s.add_argument("--jobs", type=_integer(1, "nombre entier de notebooks en parallèle"), default=2,
                       help="notebooks exécutés en parallèle")
        s.add_argument("--force", action="store_true", help="ré-exécute même ce qui est à jour")

    s = sub.add_parser("run", help="exécute les notebooks de section (papermill)")
    edition_args(s)
    s.add_argument("--section", action="append", help="numéro de section (répétable)")
    run_args(s)
    s.set_defaults(func=cmd_run)

    s = sub.add_parser("render", help="assemble le livre : HTML, PDF et annexe Excel")
    edition_args(s, data=False)
    s.add_argument("--engine", choices=["auto", "quarto", "builtin"], default="auto")
    s.set_defaults(func=cmd_render)

    s = sub.add_parser("build", help="validate + run + render")
    edition_args(s)
    run_args(s)
    s.add_argument("--engine", choices=["auto", "quarto", "builtin"], default="auto")
    s.add_argument("--strict", action="store_true", help="les avertissements deviennent des erreurs")
    s.set_defaults(func=cmd_build)

    s = sub.add_parser("compare", help="révisions entre deux éditions construites (revisions.csv, page « Révisions »)")
    edition_args(s, data=False)
    s.add_argument("--against", type=_integer(1, "année d'édition (ex. 2022)"), default=None,
                   help="édition comparée (défaut : l'édition précédente)")
    s.set_defaults(func=cmd_compare)

    s = sub.add_parser("textes", help="rend seulement la préface et le chapitre de concepts (aperçu des textes)")
    edition_args(s, data=False)
    s.add_argument("--no-html", action="store_true", help="Markdown seulement, sans les pages HTML")
    s.set_defaults(func=cmd_textes)

    s = sub.add_parser("bench", help="mesure les temps de construction")
    s.add_argument("--scale", type=_positive_scale, nargs="+", default=[1.0], help="échelles de l'extraction synthétique")
    s.add_argument("--out", default="build/bench", help="dossier de travail et des résultats")
    s.add_argument("--edition", type=_integer(1, "année d'édition (ex. 2023)"), default=2023,
                   help="édition mesurée (défaut : 2023)")
    s.add_argument("--jobs", type=_integer(1, "nombre entier de notebooks en parallèle"), default=2,
                   help="notebooks exécutés en parallèle par « run »")
    s.add_argument("--steps", nargs="+", choices=["synth", "validate", "run", "noop", "rerun_one", "render",
                                                  "compute", "naive"],
                   help="étapes mesurées (défaut : toutes)")
    s.add_argument("--section", action="append", help="sections mesurées (répétable ; défaut : toutes)")
    s.add_argument("--json", action="store_true", help="un objet JSON sur la sortie standard")
    s.set_defaults(func=cmd_bench)
    return p


def _precheck(args) -> None:
    """What every command can refuse before doing anything: an edition without parameters,
    an output folder that cannot be written."""
    if getattr(args, "edition", None) is not None:
        read_params_file(args.edition)
    for attr, what in (("build_dir", "dossier de construction"), ("out", "dossier de sortie")):
        folder = getattr(args, attr, None)
        problem = unwritable(Path(folder)) if folder else None
        if problem:
            raise UsageError(f"{what} : {problem}")


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a bad argument (already said, in French)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        _precheck(args)
        return args.func(args)
    except UsageError as exc:
        print(f"chiffres-cles {args.command} : {exc}", file=sys.stderr)
        return 2
    except ExtractionError as exc:
        _print_problems(exc.report, exc.strict)
        print(f"Extraction refusée ({exc.report.summary()}).", file=sys.stderr)
        return 2
    except ParamsError as exc:
        print(f"Paramètres : {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, RuntimeError) as exc:
        # a render or run that cannot go on: say why, no traceback (RenderError is a RuntimeError)
        print(f"Échec : {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder or file that cannot be written or read (disk full, rights…)
        where = f" {exc.filename}" if exc.filename else ""
        print(f"Échec : accès impossible{where} ({os_error_text(exc)})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def entry() -> None:
    """The `chiffres-cles` command: `main`, then the process ends without Python's own
    finalisation, which takes about 0.3 s once pandas is loaded, on every command (a tenth
    of a one-section re-run). When `main` returns, what it wrote is closed and its worker
    processes are joined; what is left is flushed here."""
    code = main()
    gc.collect()  # (what a cycle still holds open)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
