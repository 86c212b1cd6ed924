"""Unusual moves from one year to the next (outliers.py), on hand-built tables: a planted jump
is flagged, a normal trend is not, small bases and hidden cells never are; rates move in
points with their own scale; the rows reach qa.csv (level « mouvement ») and the QA page."""
import csv
import dataclasses
import math

import pytest

from chiffres_cles import outliers
from chiffres_cles.params import load_params
from chiffres_cles.problems import QA_COLUMNS
from chiffres_cles.render.book import qa_markdown
from chiffres_cles.table import TableBuilder

YEARS = ["2018-2019", "2019-2020", "2020-2021", "2021-2022", "2022-2023"]
CENTRES = [f"Cnam Centre {i:02d}" for i in range(1, 13)]
P = load_params(2023)


def wobble(i: int, k: int) -> float:
    """A small deterministic irregularity (±1,5 %) of centre i in year k."""
    return 1 + 0.015 * math.sin(3.7 * i + 1.3 * k)


def count_table(jumps: dict | None = None, extra_rows: dict | None = None, symbols: dict | None = None,
                years=YEARS, number: int = 18):
    """Centres growing 3 % a year, each with its own size; `jumps[(row, year)]` multiplies a cell."""
    jumps, extra_rows, symbols = jumps or {}, extra_rows or {}, symbols or {}
    rows = CENTRES + list(extra_rows) + ["Total"]
    tb = TableBuilder(rows, [""] * (len(rows) - 1) + ["total"])
    for k, y in enumerate(years):
        vals, total = {}, 0
        for i, r in enumerate(CENTRES):
            base = round((200 + 150 * i) * 1.03 ** k * wobble(i, k))
            vals[r] = round(base * jumps.get((r, y), 1.0))
            total += base
        for r, series in extra_rows.items():
            vals[r] = series[k]
        vals["Total"] = total      # the trend of the network (a planted jump leaves it alone)
        tb.add(y, vals, "count", symbols={r: symbols.get((r, y), "") for r in rows})
    tb.add(f"Évol. {years[-1]} / {years[-2]} (%)", {r: 300.0 if r == CENTRES[0] else 3.0 for r in rows}, "evol")
    return tb.build(number, f"Répartition du nombre d'inscriptions par CCR/CCE depuis {years[0]}",
                    "Champ : test.", "Source : test.")


def flagged(t, p=P):
    return [(m.row, m.year) for m in outliers.table_moves(t, p.min_base, p.seuil_mouvement)[1]]


def test_a_normal_trend_is_not_flagged():
    examined, moves = outliers.table_moves(count_table(), P.min_base, P.seuil_mouvement)
    assert examined == (len(CENTRES) + 1) * 4   # every centre and the total, four pairs of years
    assert moves == []


def test_a_planted_jump_is_flagged_with_both_values():
    t = count_table({("Cnam Centre 05", "2022-2023"): 1.6})
    assert flagged(t) == [("Cnam Centre 05", "2022-2023")]
    (m,) = outliers.table_moves(t, P.min_base, P.seuil_mouvement)[1]
    assert (m.table, m.year_before, m.column, m.kind) == ("T18", "2021-2022", "2022-2023", "count")
    assert m.after / m.before == pytest.approx(1.6 * 1.03 * wobble(4, 4) / wobble(4, 3), rel=0.01)
    assert m.score > P.seuil_mouvement
    message = outliers.move_message(m, P)
    assert message.startswith(f"2021-2022 → 2022-2023 : {m.before:,.0f}".replace(",", "\u202f"))
    assert "+6" in m.change_text() and m.change_text().endswith("\u202f%")


def test_a_drop_in_an_earlier_year_is_flagged_too():
    t = count_table({("Cnam Centre 09", y): 0.55 for y in YEARS[2:]})   # halved from 2020-2021 on
    assert flagged(t) == [("Cnam Centre 09", "2020-2021")]


def test_the_threshold_is_a_parameter():
    t = count_table({("Cnam Centre 05", "2022-2023"): 1.6})
    loose = dataclasses.replace(P, seuil_mouvement=1000.0)
    assert flagged(t, loose) == []


def test_small_bases_are_never_flagged():
    # a small centre that jumps around (5 → 18 → 4 …) and one that crosses the threshold
    t = count_table(extra_rows={"Cnam Petit": [5, 18, 4, 19, 6], "Cnam Seuil": [10, 19, 20, 21, 80]})
    assert flagged(t) == [("Cnam Seuil", "2022-2023")]     # 21 → 80: both at least min_base
    higher = dataclasses.replace(P, min_base=25)
    assert flagged(t, higher) == []                           # 21 < 25: a small base now


def test_hidden_cells_and_evolution_columns_are_never_followed():
    t = count_table({("Cnam Centre 05", "2022-2023"): 3.0},
                    symbols={("Cnam Centre 05", "2022-2023"): "nd", ("Cnam Centre 06", "2019-2020"): "///"})
    assert flagged(t) == []       # the jump is hidden (« nd »); the evolution column's 300 % is not followed


def test_a_table_with_too_few_cells_has_no_unusual_move():
    tb = TableBuilder(["A", "Total"], ["", "total"])
    for k, y in enumerate(YEARS[:4]):
        tb.add(y, {"A": 100 if k < 3 else 5000, "Total": 1000 * 1.02 ** k}, "count")
    t = tb.build(1, "Un petit tableau depuis 2018-2019", "Champ.", "Source.")
    examined, moves = outliers.table_moves(t, P.min_base, P.seuil_mouvement)
    assert examined == 6 and moves == []     # 6 pairs of years (< MIN_CELLS = 8): nothing is usual


def rate_table(jump: float = 0.0):
    rows = [f"Catégorie {i}" for i in range(10)]
    tb = TableBuilder(rows)
    for k, y in enumerate(["2018", "2019", "2020", "2021", "2022", "2023"]):
        cells = {r: 10 + 2 * i + 0.3 * math.sin(2.1 * i + 0.9 * k) for i, r in enumerate(rows)}
        if k == 5:
            cells["Catégorie 4"] += jump
        tb.add(y, cells, "pct")
    return tb.build(38, "Taux de quelque chose depuis 2018", "Champ.", "Source.")


def test_rates_move_in_points_with_their_own_scale():
    assert flagged(rate_table()) == []
    t = rate_table(jump=6.0)
    assert flagged(t) == [("Catégorie 4", "2023")]           # calendar years follow each other too
    (m,) = outliers.table_moves(t, P.min_base, P.seuil_mouvement)[1]
    assert m.kind == "pct" and m.change == pytest.approx(6.0, abs=0.7) and m.change_text().endswith(" points")


def test_a_move_in_step_with_the_others_but_tiny_is_not_flagged():
    # every category moves exactly +0,1 point except one, +0,6 point: beyond the MAD, under 1 point
    rows = [f"Catégorie {i}" for i in range(10)]
    tb = TableBuilder(rows)
    for k, y in enumerate(["2021", "2022", "2023"]):
        tb.add(y, {r: 10 + i + 0.1 * k + (0.5 if (r == "Catégorie 2" and k == 2) else 0) for i, r in enumerate(rows)},
               "pct")
    t = tb.build(39, "Taux depuis 2021", "Champ.", "Source.")
    assert flagged(t) == []


def test_unusual_moves_reach_qa_csv_and_the_qa_page(tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    for t in (count_table({("Cnam Centre 05", "2022-2023"): 1.6}), rate_table()):
        (tables / f"{t.id}.json").write_text(t.to_json(), encoding="utf-8")
    qa = tmp_path / "qa.csv"
    with qa.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=QA_COLUMNS)
        w.writeheader()
        w.writerow({"niveau": "avertissement", "fichier": "inscriptions.parquet", "colonne": "note",
                    "regle": "note_hors_bornes", "nombre": "3", "message": "note hors de 0-20", "exemples": ""})
    moves = outliers.append_to_qa(qa, tables, P)
    assert [(m.table, m.row) for m in moves] == [("T18", "Cnam Centre 05")]
    with qa.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    mine = [r for r in rows if r["niveau"] == outliers.LEVEL]
    assert [r["regle"] for r in mine] == [outliers.SUMMARY_RULE, outliers.RULE]
    assert int(mine[0]["nombre"]) == (len(CENTRES) + 1) * 4 + 10 * 5
    move = mine[1]
    assert (move["fichier"], move["colonne"], move["nombre"], move["exemples"]) == (
        "T18", "Cnam Centre 05 ; 2022-2023", "1", "")
    assert "2021-2022 → 2022-2023" in move["message"] and "seuil 3,5" in move["message"]

    md = qa_markdown(qa, P)
    assert "## Mouvements inhabituels d'une année à l'autre" in md
    assert "3,5 fois la dispersion robuste" in md and "atteignent 20" in md
    assert "| T18 | Cnam Centre 05 ; 2022-2023 | 2021-2022 → 2022-2023 :" in md
    anomalies = md.split("## Mouvements")[0]
    assert "note_hors_bornes" in anomalies and "mouvement" not in anomalies


def test_the_qa_page_says_when_nothing_moved_unusually(tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "T18.json").write_text(count_table().to_json(), encoding="utf-8")
    qa = tmp_path / "qa.csv"
    outliers.append_to_qa(qa, tables, P)
    md = qa_markdown(qa, P)
    assert "Aucun mouvement inhabituel n'a été relevé." in md
    assert "Aucune anomalie n'a été relevée dans l'extraction." in md    # the summary row is not an anomaly


def test_the_two_thresholds_are_edition_parameters_checked_when_read():
    from chiffres_cles.params import ParamsError, parse_override

    p = load_params(2023)
    assert (p.seuil_mouvement, p.seuil_revision) == (3.5, 0.5)
    assert load_params(2023, dict([parse_override("seuil_mouvement", "4,5")])).seuil_mouvement == 4.5
    for bad in ("0", "-1", "beaucoup", "true"):
        with pytest.raises(ParamsError, match="nombre strictement positif attendu"):
            parse_override("seuil_revision", bad)
