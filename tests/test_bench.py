"""`chiffres-cles bench`: the shape of what it reports (never how fast: speed is not asserted)."""
import json

import pytest

from chiffres_cles import bench
from chiffres_cles.cli import main

SECONDS = {"synth", "validate", "compute", "naive", "run", "rerun_one", "noop", "render"}
RATIOS = {"run_vs_naive", "run_vs_compute", "rerun_one_vs_run", "noop_vs_run", "compute_10x_vs_1x"}


def _run(scale, **seconds):
    return {"scale": scale, "auditeurs": 10, "inscriptions": 50, "seconds": {**dict.fromkeys(SECONDS), **seconds},
            "peak_rss_mb": 100, "errors": {}}


def test_ratios_need_their_scales():
    one = _run(1.0, run=30.0, naive=120.0, compute=20.0, rerun_one=3.0, noop=1.0)
    assert bench.ratios([one]) == {"run_vs_naive": 0.25, "run_vs_compute": 1.5, "rerun_one_vs_run": 0.1,
                                   "noop_vs_run": 0.033, "compute_10x_vs_1x": None}
    assert bench.ratios([one, _run(10.0, compute=150.0)])["compute_10x_vs_1x"] == 7.5
    assert set(bench.ratios([_run(0.5, run=3.0)]).values()) == {None}  # no scale 1: no ratio
    text = bench.table_text({"runs": [one], "ratios": bench.ratios([one])})
    assert "run à froid" in text and "30,0 s" in text
    assert "| run / notebooks un à un (échelle 1) | 0,250 | ≤ 0,5 | atteint |" in text
    assert "| une section / run (échelle 1) | 0,100 | ≤ 0,15 | atteint |" in text
    peaks = {**dict.fromkeys(SECONDS), "run": 5000, "render": 600, "compute": 9000}  # compute: a baseline
    ten = {**_run(10.0, compute=250.0), "peak_rss_mb": 9000, "peak_rss_mb_build": bench._build_peak(peaks)}
    text = bench.table_text({"runs": [one, ten], "ratios": bench.ratios([one, ten])})
    assert "| calcul seul, échelle 10 / échelle 1 | 12,500 | ≤ 10 | manqué |" in text
    assert "échelle 10, construction (Mo) | 5\u202f000 | ≤ 4\u202f096 | manqué |" in text


def test_the_tree_memory_counts_children():
    import subprocess
    import sys

    with bench.TreeMemory(every=0.05) as mem:
        alone = mem.sample()
        child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(200 * 2**20); time.sleep(2)"])
        import time

        time.sleep(1.5)
        with_child = mem.sample()
        child.wait()
    assert with_child > alone + 150 * 2**20 and mem.peak >= with_child


@pytest.mark.slow
def test_bench_json_on_a_tiny_extraction(tmp_path, capsys):
    code = main(["bench", "--scale", "0.02", "--section", "03", "--out", str(tmp_path / "bench"), "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"runs", "ratios", "machine"} and set(out["ratios"]) == RATIOS
    (run,) = out["runs"]
    assert run["scale"] == 0.02 and run["auditeurs"] > 0 and run["inscriptions"] > run["auditeurs"]
    assert set(run["seconds"]) == SECONDS and run["errors"] == {}
    assert all(isinstance(v, float) and v > 0 for v in run["seconds"].values())
    assert run["peak_rss_mb"] >= run["peak_rss_mb_build"] > 0
    assert run["peak_rss_mb_build"] == max(run["peak_rss_mb_by_step"][s] for s in bench.BUILD_STEPS)
    assert set(out["ratios"].values()) == {None}  # only scale 0.02: the ratios of scale 1 are null
    assert json.loads((tmp_path / "bench" / "bench.json").read_text()) == out
    assert not (tmp_path / "bench" / "data-x0.02" / "normalised.json").exists()  # the data stay raw
