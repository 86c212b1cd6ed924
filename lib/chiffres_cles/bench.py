"""`chiffres-cles bench`: how long the steps of an edition take, at several scales of the
synthetic extraction. Measured here, never asserted in a timed test.

For each scale: synthetic generation, load + validation, the cold run of every section in
parallel, the same executed one notebook at a time (the editor's old way), the re-run of one
section, the re-run where nothing changed, and the render. Results go to
`<out>/bench.json` and a Markdown summary `<out>/bench.md`.
"""
from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from .extraction import load_extraction
from .pipeline import run_edition, versions
from .synth import generate


def _timed(fn):
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def run_bench(scales=(1.0,), out: Path = Path("build/bench"), edition: int = 2023, jobs: int = 2) -> dict:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    results = {"edition": edition, "jobs": jobs, "versions": versions(), "scales": {}}
    for scale in scales:
        data = out / f"data-x{scale:g}"
        build = out / f"build-x{scale:g}"
        r: dict = {}
        r["synth_s"], counts = _timed(lambda: generate(data, scale=scale))
        r["rows"] = counts
        r["load_validate_s"], _ = _timed(lambda: load_extraction(data))
        r["cold_parallel_s"], res = _timed(lambda: run_edition(edition, data, build, jobs=jobs, force=True))
        r["sections"] = {o.section.number: round(o.seconds, 2) for o in res.outcomes}
        r["sequential_s"], _ = _timed(lambda: run_edition(edition, data, build, jobs=1, force=True))
        r["one_section_s"], _ = _timed(lambda: run_edition(edition, data, build, sections=["01"], force=True))
        r["nothing_changed_s"], _ = _timed(lambda: run_edition(edition, data, build))
        try:
            from .render import render_edition

            r["render_s"], _ = _timed(lambda: render_edition(edition, build, "builtin"))
        except Exception as exc:  # the bench reports, it does not stop
            r["render_error"] = str(exc)
        r["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        r["peak_rss_children_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
        results["scales"][f"{scale:g}"] = r
        print(f"échelle {scale:g} : " + ", ".join(f"{k} {v:.1f}" for k, v in r.items() if k.endswith("_s")))
    (out / "bench.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    lines = ["| échelle | synth | chargement + validation | construction à froid (parallèle) | notebooks un à un | "
             "une section | rien de changé | rendu | mémoire max (Mio) |", "|" + "---|" * 9]
    for s, r in results["scales"].items():
        lines.append(f"| {s} | {r['synth_s']:.1f} s | {r['load_validate_s']:.1f} s | {r['cold_parallel_s']:.1f} s | "
                     f"{r['sequential_s']:.1f} s | {r['one_section_s']:.1f} s | {r['nothing_changed_s']:.1f} s | "
                     f"{r.get('render_s', float('nan')):.1f} s | {max(r['peak_rss_mib'], r['peak_rss_children_mib'])} |")
    (out / "bench.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return results
