"""The `chiffres-cles` command: synth, validate, run, render, build, bench.

Messages are in French (the users are the Observatoire's statisticians). A bad extraction
or a bad parameter ends with a clear message and a non-zero exit code, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__
from .params import ParamsError, parse_override
from .problems import ExtractionError

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

    t0 = time.perf_counter()
    counts = generate(Path(args.out), scale=args.scale, seed=args.seed)
    for name, n in counts.items():
        print(f"{name:20s} {n:>12,d} lignes".replace(",", "\u202f"))
    print(f"Extraction synthétique écrite dans {args.out} ({time.perf_counter() - t0:.1f} s).")
    return 0


def cmd_validate(args) -> int:
    from .extraction import load_extraction

    data = Path(args.data)
    _ensure_data(data)
    try:
        x = load_extraction(data, strict=args.strict)
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


def cmd_build(args) -> int:
    from .pipeline import build_edition

    data = Path(args.data)
    _ensure_data(data)
    ok = build_edition(edition=args.edition, data_dir=data, build_dir=Path(args.build_dir),
                       overrides=_overrides(args.p), jobs=args.jobs, force=args.force,
                       engine=args.engine, strict=args.strict)
    return 0 if ok else 1


def cmd_bench(args) -> int:
    from .bench import run_bench

    run_bench(scales=args.scale, out=Path(args.out))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="chiffres-cles", description="Chiffres clés du Cnam : de l'extraction SIAP à la publication.")
    p.add_argument("--version", action="version", version=f"chiffres-cles {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("synth", help="génère l'extraction synthétique (déterministe)")
    s.add_argument("--out", default=str(DEFAULT_DATA), help="dossier de sortie (défaut : data/synthetic)")
    s.add_argument("--scale", type=float, default=1.0, help="taille relative (1 = le Cnam réel)")
    s.add_argument("--seed", type=int, default=2023, help="graine (même graine, mêmes octets)")
    s.set_defaults(func=cmd_synth)

    s = sub.add_parser("validate", help="contrôle une extraction avant tout calcul")
    s.add_argument("--data", default=str(DEFAULT_DATA), help="dossier de l'extraction")
    s.add_argument("--strict", action="store_true", help="les avertissements deviennent des erreurs")
    s.set_defaults(func=cmd_validate)

    def edition_args(s, data=True):
        s.add_argument("--edition", type=int, default=2023, help="édition (défaut : 2023)")
        if data:
            s.add_argument("--data", default=str(DEFAULT_DATA), help="dossier de l'extraction")
        s.add_argument("--build-dir", default=str(DEFAULT_BUILD), help="dossier de construction")

    def run_args(s):
        s.add_argument("-p", nargs=2, action="append", metavar=("NOM", "VALEUR"),
                       help="remplace un paramètre d'édition (valeur lue en YAML)")
        s.add_argument("--jobs", type=int, default=2, help="notebooks exécutés en parallèle")
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

    s = sub.add_parser("bench", help="mesure les temps de construction")
    s.add_argument("--scale", type=float, nargs="+", default=[1.0], help="échelles de l'extraction synthétique")
    s.add_argument("--out", default="build/bench", help="dossier de travail et des résultats")
    s.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
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
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
