"""Revisions between editions (`chiffres-cles compare`), on hand-built pairs of builds: tables
made with TableBuilder and written as `tables/Tnn.json`, no notebook run.

- an unchanged cell is not listed, a revised one is, with its size and sign;
- a centre that opened or closed (« /// » on one side) and a row that appears or disappears
  are reported as such, not as revisions; « ns » / « nd » cells are not compared;
- a renumbered table still matches (titles without their years); a column level « 2021-2022 »
  matches across editions; a table of one year is compared only for that year;
- the CLI writes revisions.csv and revisions.json; the page « Révisions » carries a sentence
  for a total revised beyond `seuil_revision`, and is a site-only chapter of the book.
"""
import csv
import dataclasses
import json
import math

import pytest

from chiffres_cles import revisions
from chiffres_cles.cli import main
from chiffres_cles.params import load_params
from chiffres_cles.render.book import assemble_book
from chiffres_cles.table import TableBuilder

NAN = math.nan
CENTRES = ["Cnam Bretagne", "Cnam Normandie", "Cnam Occitanie"]


def years(edition: int, n: int = 5) -> list[str]:
    return [f"{edition - 1 - k}-{edition - k}" for k in range(n - 1, -1, -1)]


def series_table(edition: int, values: dict, number: int = 18, symbols: dict | None = None,
                 rows=None, title="Répartition du nombre d'inscriptions par CCR/CCE depuis {first}"):
    """Rows × academic years of the edition's long series; `values[(row, year)]` (default: a
    value that depends on the row and year only, so both editions agree)."""
    ys = years(edition)
    rows = rows or CENTRES + ["Total"]
    tb = TableBuilder(rows, ["total" if r == "Total" else "" for r in rows])
    for y in ys:
        vals = {r: values.get((r, y), 100 + 10 * rows.index(r) + int(y[:4]) - 2000) for r in rows}
        syms = {r: (symbols or {}).get((r, y), "") for r in rows}
        tb.add(y, vals, "count", symbols=syms)
    tb.add(f"Évol. {ys[-1]} / {ys[-2]} (%)", {r: 1.0 for r in rows}, "evol")
    return tb.build(number, title.format(first=ys[0]), "Champ : test.", "Source : test.")


def write_build(root, edition: int, tables) -> None:
    d = root / f"cc{edition}" / "tables"
    d.mkdir(parents=True, exist_ok=True)
    for t in tables:
        (d / f"{t.id}.json").write_text(t.to_json(), encoding="utf-8")


def compare(tmp_path, old_tables, new_tables):
    write_build(tmp_path, 2022, old_tables)
    write_build(tmp_path, 2023, new_tables)
    return revisions.compare_builds(tmp_path, 2023, 2022)


def by_status(comp, statut):
    return [o for o in comp.outcomes if o.statut == statut]


# -- keys ---------------------------------------------------------------------------------------

def test_years_are_split_out_of_labels_and_titles():
    assert revisions.split_years("2021-2022") == ("{année}", ("2021-2022",))
    assert revisions.split_years("Évol. 2022-2023 / 2021-2022 (%)") == (
        "Évol. {année} / {année} (%)", ("2022-2023", "2021-2022"))
    assert revisions.split_years("Notifications 2023") == ("Notifications {année}", ("2023",))
    assert revisions.split_years("Niveau 7 (Bac+5)") == ("Niveau 7 (Bac+5)", ())
    assert revisions.split_years("Moins de 20 ans") == ("Moins de 20 ans", ())
    assert (revisions.title_key("Répartition … depuis 2018-2019")
            == revisions.title_key("Répartition … depuis 2017-2018"))
    assert revisions.title_key("Activité en 2021-2022 et 2022-2023") == "Activité en {année} et {année}"


# -- revisions ----------------------------------------------------------------------------------

def test_unchanged_cells_are_not_listed_and_a_revised_one_is_with_its_size_and_sign(tmp_path):
    old = series_table(2022, {("Cnam Normandie", "2020-2021"): 200, ("Total", "2021-2022"): 1000})
    new = series_table(2023, {("Cnam Normandie", "2020-2021"): 190, ("Total", "2021-2022"): 1004})
    comp = compare(tmp_path, [old], [new])
    revised = by_status(comp, "revision")
    assert [(o.ligne, o.annee) for o in revised] == [("Cnam Normandie", "2020-2021"), ("Total", "2021-2022")]
    normandie, total = revised
    assert normandie.revision == -10 and normandie.revision_pct == pytest.approx(-5.0)
    assert total.revision == 4 and total.revision_pct == pytest.approx(0.4)
    assert total.tableau == total.tableau_avant == 18 and total.total == "total"
    # years only one edition shows, and the evolution columns, are out of the comparison
    assert {o.annee for o in by_status(comp, "hors_periode")} == {
        "2017-2018", "2022-2023", "2021-2022 / 2020-2021", "2022-2023 / 2021-2022"}
    assert set(comp.counts()) == set(revisions.STATUSES)
    assert comp.counts()["revision"] == 2 and comp.counts()["non_apparie"] == 0
    assert not by_status(comp, "tableau_non_apparie")


def test_identical_builds_give_no_revision(tmp_path):
    comp = compare(tmp_path, [series_table(2022, {})], [series_table(2023, {})])
    assert comp.counts()["revision"] == 0
    assert {o.statut for o in comp.outcomes} == {"hors_periode"}


def test_a_difference_below_the_printed_precision_is_not_a_revision(tmp_path):
    old = series_table(2022, {("Total", "2021-2022"): 1000.0})
    new = series_table(2023, {("Total", "2021-2022"): 1000.0 + 1e-9})
    assert compare(tmp_path, [old], [new]).counts()["revision"] == 0


def test_revisions_are_sorted_by_size(tmp_path):
    old = series_table(2022, {("Cnam Bretagne", "2021-2022"): 100, ("Cnam Occitanie", "2021-2022"): 1000,
                              ("Total", "2021-2022"): 5000})
    new = series_table(2023, {("Cnam Bretagne", "2021-2022"): 101, ("Cnam Occitanie", "2021-2022"): 1100,
                              ("Total", "2021-2022"): 5101})
    revised = by_status(compare(tmp_path, [old], [new]), "revision")
    assert [o.ligne for o in revised] == ["Cnam Occitanie", "Total", "Cnam Bretagne"]  # 10 %, 2 %, 1 %


def test_a_centre_that_opened_or_closed_is_reported_as_such(tmp_path):
    old = series_table(2022, {}, symbols={("Cnam Bretagne", "2021-2022"): "///"})
    new = series_table(2023, {}, symbols={("Cnam Occitanie", "2020-2021"): "///"})
    comp = compare(tmp_path, [old], [new])
    assert [(o.ligne, o.annee) for o in by_status(comp, "ouverture")] == [("Cnam Bretagne", "2021-2022")]
    assert [(o.ligne, o.annee) for o in by_status(comp, "fermeture")] == [("Cnam Occitanie", "2020-2021")]
    assert not by_status(comp, "revision")


def test_rows_that_appear_or_disappear_are_reported_as_such(tmp_path):
    old = series_table(2022, {}, rows=["Cnam Bretagne", "Cnam Normandie", "Total"])
    new = series_table(2023, {}, rows=["Cnam Bretagne", "Cnam Occitanie", "Total"])
    comp = compare(tmp_path, [old], [new])
    appeared = by_status(comp, "ligne_apparue")
    disappeared = by_status(comp, "ligne_disparue")
    assert {o.ligne for o in appeared} == {"Cnam Occitanie"}
    assert {o.annee for o in appeared} == {"2018-2019", "2019-2020", "2020-2021", "2021-2022"}
    assert {o.ligne for o in disappeared} == {"Cnam Normandie"} and len(disappeared) == 4
    assert all(o.avant is None for o in appeared) and all(o.apres is None for o in disappeared)
    # « Total » differs only by the row index of the default values: listed as revisions
    assert all(o.ligne == "Total" for o in by_status(comp, "revision"))


def test_cells_hidden_by_ns_or_nd_are_not_compared(tmp_path):
    old = series_table(2022, {("Cnam Bretagne", "2020-2021"): 5, ("Cnam Normandie", "2020-2021"): 7},
                       symbols={("Cnam Bretagne", "2020-2021"): "ns", ("Cnam Normandie", "2020-2021"): "ns",
                                ("Cnam Occitanie", "2019-2020"): "nd"})
    new = series_table(2023, {("Cnam Bretagne", "2020-2021"): 500, ("Cnam Normandie", "2020-2021"): 9},
                       symbols={("Cnam Normandie", "2020-2021"): "ns"})
    comp = compare(tmp_path, [old], [new])
    masked = by_status(comp, "masque")
    assert {(o.ligne, o.annee) for o in masked} == {("Cnam Bretagne", "2020-2021"), ("Cnam Occitanie", "2019-2020")}
    assert all(o.revision is None for o in masked)   # hidden on one side: no revision computed
    assert not by_status(comp, "revision")          # « ns » on both sides (7 → 9): nothing to say


def test_a_renumbered_table_still_matches(tmp_path):
    old = series_table(2022, {("Total", "2021-2022"): 1000}, number=18)
    new = series_table(2023, {("Total", "2021-2022"): 1010}, number=21)
    comp = compare(tmp_path, [old], [new])
    (o,) = by_status(comp, "revision")
    assert (o.tableau, o.tableau_avant, o.ligne, o.annee) == (21, 18, "Total", "2021-2022")
    assert comp.lone_old == comp.lone_new == []


def test_a_table_whose_title_changed_is_listed_apart(tmp_path):
    old = series_table(2022, {}, title="Ancien titre depuis {first}")
    new = series_table(2023, {}, title="Nouveau titre depuis {first}")
    comp = compare(tmp_path, [old], [new])
    assert comp.lone_old == [18] and comp.lone_new == [18]
    unmatched = by_status(comp, "tableau_non_apparie")
    assert len(unmatched) == 2 * (len(CENTRES) + 1) * 6   # every cell of both, none dropped
    assert not by_status(comp, "revision")


def two_year_table(edition: int, inscriptions: dict, number: int = 3):
    """Columns (year, measure) for N-1 and N, as Tableau 3."""
    n1, n = years(edition, 2)
    tb = TableBuilder(CENTRES + ["Total"], ["", "", "", "total"])
    for y in (n1, n):
        tb.add((y, "Inscrits administratifs"), {r: 50 for r in CENTRES + ["Total"]}, "count")
        tb.add((y, "Inscriptions pédagogiques"),
               {r: inscriptions.get((r, y), 300) for r in CENTRES + ["Total"]}, "count")
        tb.add((y, "Part (%)"), {r: 25.0 for r in CENTRES + ["Total"]}, "pct")
    return tb.build(number, f"Activité administrative et pédagogique en {n1} et {n}", "Champ : test.",
                    "Source : test.")


def test_a_year_level_of_the_columns_matches_across_editions(tmp_path):
    old = two_year_table(2022, {("Cnam Normandie", "2021-2022"): 300})
    new = two_year_table(2023, {("Cnam Normandie", "2021-2022"): 321})
    comp = compare(tmp_path, [old], [new])
    (o,) = by_status(comp, "revision")
    assert (o.ligne, o.colonne, o.annee) == ("Cnam Normandie", "2021-2022 | Inscriptions pédagogiques", "2021-2022")
    assert o.revision == 21 and o.revision_pct == pytest.approx(7.0)
    assert revisions.column_without_years(o.colonne) == "Inscriptions pédagogiques"


def one_year_table(edition: int, total: float):
    n = years(edition, 1)[0]
    tb = TableBuilder(["Alternance", "Total"], ["", "total"])
    tb.add("Effectif", {"Alternance": 10, "Total": total}, "count")
    return tb.build(2, f"Répartition selon le type d'activité en {n}", "Champ : test.", "Source : test.")


def test_a_table_of_one_year_is_compared_for_that_year_only(tmp_path):
    comp = compare(tmp_path, [one_year_table(2022, 100)], [one_year_table(2023, 200)])
    assert comp.counts()["revision"] == 0        # 2021-2022 against 2022-2023: not the same figure
    assert {o.annee for o in comp.outcomes} == {"2021-2022", "2022-2023"}
    assert {o.statut for o in comp.outcomes} == {"hors_periode"}


def test_rates_are_revised_in_points(tmp_path):
    old, new = two_year_table(2022, {}), two_year_table(2023, {})
    new.values[0][2] = 27.5       # Cnam Bretagne, 2021-2022, Part (%): 25,0 → 27,5
    comp = compare(tmp_path, [old], [new])
    (o,) = by_status(comp, "revision")
    assert o.kind == "pct" and o.revision == pytest.approx(2.5) and o.revision_pct == pytest.approx(10.0)


# -- files, command and page --------------------------------------------------------------------

def test_the_command_writes_revisions_csv_and_json(tmp_path, capsys):
    write_build(tmp_path, 2022, [series_table(2022, {("Total", "2021-2022"): 1000})])
    write_build(tmp_path, 2023, [series_table(2023, {("Total", "2021-2022"): 1010})])
    assert main(["compare", "--edition", "2023", "--against", "2022", "--build-dir", str(tmp_path)]) == 0
    assert "1 chiffre(s) révisé(s)" in capsys.readouterr().out
    with (tmp_path / "cc2023" / "revisions.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == revisions.CSV_COLUMNS
    first = rows[0]
    assert (first["statut"], first["tableau"], first["ligne"], first["annee"], first["valeur_avant"],
            first["valeur_apres"], first["revision"], first["revision_pct"]) == (
        "revision", "18", "Total", "2021-2022", "1000", "1010", "10", "1")
    meta = json.loads((tmp_path / "cc2023" / "revisions.json").read_text(encoding="utf-8"))
    assert meta["edition"] == 2023 and meta["contre"] == 2022 and meta["comptes"]["revision"] == 1
    assert not (tmp_path / "cc2023.lock").exists()


def test_the_command_names_a_missing_build(tmp_path, capsys):
    write_build(tmp_path, 2023, [series_table(2023, {})])
    assert main(["compare", "--edition", "2023", "--build-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "édition 2022 introuvable" in err and "Traceback" not in err


def _page(tmp_path, total_after: float, seuil: float = 0.5) -> str:
    write_build(tmp_path, 2022, [series_table(2022, {("Total", "2021-2022"): 1000})])
    write_build(tmp_path, 2023, [series_table(2023, {("Total", "2021-2022"): total_after})])
    comp = revisions.compare_builds(tmp_path, 2023, 2022)
    revisions.write_comparison(comp, tmp_path / "cc2023")
    p = dataclasses.replace(load_params(2023), seuil_revision=seuil)
    return revisions.page_markdown(tmp_path / "cc2023", p)


def test_the_page_says_a_sentence_for_a_total_revised_beyond_the_threshold(tmp_path):
    md = _page(tmp_path, 1004)
    plain = md.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2019", "'")
    assert plain.startswith("# Révisions\n")
    assert ("Les effectifs de 2021-2022 ont été révisés de +0,4 % : 1 000 dans l'édition 2022, "
            "1 004 dans l'édition 2023 (tableau 18, Total)") not in plain   # 0,4 % < 0,5 %
    assert "Aucun total n'a été révisé de 0,5 % ou plus" in plain
    md = _page(tmp_path, 1004, seuil=0.4)
    plain = md.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2019", "'")
    assert ("Les effectifs de 2021-2022 ont été révisés de +0,4 % : 1 000 dans l'édition 2022, "
            "1 004 dans l'édition 2023 (tableau 18, Total).") in plain
    assert "| 18 | Total | 2021-2022 | 1 000 | 1 004 | +4 | +0,4 % |" in plain
    assert "{{" not in md and "{%" not in md


def test_the_page_warns_when_the_tables_changed_since_the_comparison(tmp_path):
    _page(tmp_path, 1004)
    write_build(tmp_path, 2023, [series_table(2023, {("Total", "2021-2022"): 1005})])
    md = revisions.page_markdown(tmp_path / "cc2023", load_params(2023))
    assert "**Attention**" in md and "chiffres-cles compare --edition 2023 --against 2022" in md


def test_the_page_is_a_site_only_chapter_of_the_book(tmp_path):
    ed = tmp_path / "cc2023"
    write_build(tmp_path, 2023, [series_table(2023, {})])
    (ed / "manifest.json").write_text(json.dumps({"params": load_params(2023).as_dict()}), encoding="utf-8")
    book = assemble_book(2023, ed)
    assert not any(c.source == revisions.PAGE_SOURCE for c in book.chapters)   # no comparison yet
    _page(tmp_path, 1010)
    book = assemble_book(2023, ed)
    (chapter,) = [c for c in book.chapters if c.source == revisions.PAGE_SOURCE]
    assert chapter.html_only and chapter.appendix and chapter.title == "Révisions"
    assert chapter not in book.pdf_chapters and len(book.pdf_chapters) == len(book.chapters) - 1
    assert (ed / "book" / revisions.PAGE_SOURCE).read_text(encoding="utf-8").startswith("# Révisions")


# -- end to end: two synthetic extractions, plain and corrected --------------------------------

@pytest.mark.slow
def test_end_to_end_between_the_plain_and_the_corrected_synthetic_extraction(tmp_path):
    from chiffres_cles.synth import generate

    generate(tmp_path / "plain", scale=0.03, seed=11)
    generate(tmp_path / "corrigee", scale=0.03, seed=11, corrige_de=2022)
    build = tmp_path / "build"
    assert main(["run", "--edition", "2022", "--data", str(tmp_path / "plain"), "--build-dir", str(build)]) == 0
    assert main(["run", "--edition", "2023", "--data", str(tmp_path / "corrigee"), "--build-dir", str(build)]) == 0
    assert main(["compare", "--edition", "2023", "--build-dir", str(build)]) == 0
    ed = build / "cc2023"
    rows = revisions.read_csv(ed)
    count = {s: sum(r["statut"] == s for r in rows) for s in revisions.STATUSES}
    assert count["revision"] > 50
    assert count["tableau_non_apparie"] == count["non_apparie"] == 0
    revised = {(r["tableau"], r["ligne"], r["colonne"]): r for r in rows if r["statut"] == "revision"}
    # learners moved within their aire: the learners by aire do not move; the late inscriptions
    # raise the network's inscriptions of 2021-2022; Mayotte lost learners to La Réunion
    assert not any(t == "1" for t, _, _ in revised)
    total = revised[("16", "Total", "2021-2022")]
    assert 0.3 < float(total["revision_pct"]) < 1.5
    assert float(revised[("18", "Cnam Mayotte", "2021-2022")]["revision"]) < 0
    assert all(r["annee"] <= "2021-2022" for r in rows if r["statut"] == "revision")
    # the unusual moves of each build are in its qa.csv
    with (ed / "qa.csv").open(encoding="utf-8") as fh:
        qa = [r for r in csv.DictReader(fh) if r["niveau"] == "mouvement"]
    assert qa and qa[0]["regle"] == "mouvements_examines" and int(qa[0]["nombre"]) > 500
    # the page: a sentence on the inscriptions of 2021-2022, a site-only chapter
    book = assemble_book(2023, ed)
    page = (ed / "book" / revisions.PAGE_SOURCE).read_text(encoding="utf-8").replace("\u202f", " ")
    assert "Les effectifs de 2021-2022 ont été révisés de +" in page and "tableau 16, Total" in page
    assert [c.source for c in book.chapters if c.html_only] == [revisions.PAGE_SOURCE]
