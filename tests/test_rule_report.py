"""The rule report (rule_report.py): how many rows each counting rule acted on, per year, and
how many cells the built tables show « ns »; its rows in qa.csv and on the QA page.

Hand-built extraction, edition 2023 (S5 = 2018-2019 … 2022-2023, N = 2022-2023); every
expected count is set up below, one case at a time."""
import csv
import json

import pytest

from chiffres_cles import freshness, pipeline
from chiffres_cles.params import load_params
from chiffres_cles.render.book import qa_markdown
from chiffres_cles.rule_report import (LEVEL, RULES, RuleCount, append_to_qa, count_ns, count_rules, load_counts,
                                       save_counts)
from chiffres_cles.table import TableBuilder
from chiffres_cles.tables.auditeurs import t01

P = load_params(2023)
N, N1, N4 = "2022-2023", "2021-2022", "2018-2019"


@pytest.fixture
def extraction(builder, tmp_path):
    b = builder
    # historical codes: a learner of Alsace (his inscription at Alsace too), a FOAD at Lorraine;
    # and one under Champagne-Ardenne in 2018-2019
    a = b.learner("HIST1", centre_admin="ALS")
    b.inscription(a, "NFA001")
    b.learner("IDF1", centre_admin="IDF")
    b.inscription("IDF1", "NFA002", centre_peda="LOR", modalite="FOAD")
    b.inscription(b.learner("OLD18", centre_admin="CHA", annee=N4), "NFA001", annee=N4)
    # Paris – Établissement public: a learner of Cnam-ESGT, an inscription organised by EiCnam;
    # Cnam Paris itself is not a merge
    b.inscription(b.learner("ESGT1", centre_admin="ESGT"), "NFA003")
    b.inscription("IDF1", "NFA004", centre_peda="EICNAM", modalite="FOAD")
    b.inscription(b.learner("PARIS1", centre_admin="PARIS"), "NFA003")
    # two rows in N, settled by the majority of non-FOAD inscriptions (the earlier date is Paris's)
    b.learner("DUPM", centre_admin="IDF", date_inscription_admin="2022-10-01")
    b.learner("DUPM", centre_admin="PARIS", date_inscription_admin="2022-09-15")
    b.inscription("DUPM", "NFA001", centre_peda="IDF")
    b.inscription("DUPM", "NFA002", centre_peda="IDF")
    b.inscription("DUPM", "NFA003", centre_peda="PARIS")
    # … by the date (FOAD only: no majority), … by the code (same date, no inscription at either)
    b.learner("DUPD", centre_admin="BRE", date_inscription_admin="2022-10-10")
    b.learner("DUPD", centre_admin="IDF", date_inscription_admin="2022-09-20")
    b.inscription("DUPD", "NFA001", centre_peda="IDF", modalite="FOAD")
    b.learner("DUPC", centre_admin="PARIS", date_inscription_admin="2022-09-20")
    b.learner("DUPC", centre_admin="IDF", date_inscription_admin="2022-09-20")
    b.inscription("DUPC", "NFA001", centre_peda="GES")
    # sex, birth date and nationality missing in N, known from 2021-2022 (no inscription then)
    b.learner("ATTR", sexe=None, date_naissance=None, nationalite=None)
    b.inscription("ATTR", "NFA001")
    b.learner("ATTR", annee=N1, sexe="H", date_naissance="1985-01-01", nationalite="MA")
    b.inscription(b.learner("NOSEX", sexe=None), "NFA001")           # missing everywhere: no look-up
    # ages outside 15-90 on 31/12/2022
    b.inscription(b.learner("YOUNG", date_naissance="2015-01-01"), "NFA001")
    b.inscription(b.learner("OLD", date_naissance="1920-05-05"), "NFA001")
    # inscriptions outside the offer: absent from the catalogue, local offer, another type
    b.inscription("HIST1", "HORS01", catalogue=False)
    b.course("LOC001", offre_nationale=False)
    b.inscription("HIST1", "LOC001")
    b.course("AUT001", type="AUTRE")
    b.inscription("HIST1", "AUT001")
    # without a learner row, with a centre; without either; a learner's without a centre
    b.inscription("GHOST1", "NFA001", centre_peda="BRE")
    b.inscription("GHOST2", "NFA001", same_centre=False)
    b.inscription("IDF1", "NFA005", same_centre=False)
    # modality missing
    b.inscription("IDF1", "NFA006", modalite=None)
    return b.load(tmp_path)


def counts_of(x, p=P) -> dict:
    return {(c.rule, c.file, c.where): c.count for c in count_rules(x, p)}


def test_every_rule_counted_for_every_year_of_s5(extraction):
    counts = count_rules(extraction, P)
    assert len(counts) == len(RULES) * 5
    assert {c.where for c in counts} == set(P.S5)
    assert [(c.rule, c.file) for c in counts[::5]] == [(r.id, r.file) for r in RULES]


@pytest.mark.parametrize("rule,file,year,expected", [
    ("centre_ancien_code", "auditeurs", N, 1),            # HIST1
    ("centre_ancien_code", "inscriptions", N, 2),         # HIST1's at Alsace, IDF1's at Lorraine (INS(N) only:
                                                          # HIST1's three outside the offer are not read)
    ("centre_ancien_code", "auditeurs", N4, 1),           # OLD18
    ("centre_ancien_code", "inscriptions", N4, 1),
    ("fusion_etablissement_public", "auditeurs", N, 1),   # ESGT1 (PARIS1 and the Paris rows are not merges)
    ("fusion_etablissement_public", "inscriptions", N, 2),  # ESGT1's, IDF1's at EiCnam
    ("doublon_majorite", "auditeurs", N, 1),
    ("doublon_date", "auditeurs", N, 1),
    ("doublon_code", "auditeurs", N, 1),
    ("sexe_autre_annee", "auditeurs", N, 1),              # ATTR (NOSEX: nothing to take)
    ("date_naissance_autre_annee", "auditeurs", N, 1),
    ("nationalite_autre_annee", "auditeurs", N, 1),
    ("age_hors_bornes", "auditeurs", N, 2),               # YOUNG (7) and OLD (102)
    ("inscription_hors_offre", "inscriptions", N, 3),
    ("inscription_sans_auditeur", "inscriptions", N, 1),  # GHOST1
    ("inscription_non_localisable", "inscriptions", N, 1),  # GHOST2
    ("centre_peda_manquant", "inscriptions", N, 1),       # IDF1's NFA005
    ("modalite_non_renseignee", "inscriptions", N, 1),
    ("doublon_majorite", "auditeurs", N1, 0),
    ("sexe_autre_annee", "auditeurs", N1, 0),             # ATTR is not counted in 2021-2022
])
def test_counts(extraction, rule, file, year, expected):
    assert counts_of(extraction)[(rule, file, year)] == expected


def test_the_rules_decide_the_tables(extraction):
    """The cells these rules decide: each duplicate in its retained centre, Alsace in Grand
    Est, Cnam-ESGT in Paris – Établissement public, the ghost with a centre in no aire count."""
    t = t01(extraction, P)
    # N: HIST1 (Grand Est), IDF1, DUPM (IDF, majority), DUPD (IDF, date), DUPC (IDF, code),
    # ESGT1 + PARIS1 (Paris EP), ATTR, NOSEX, YOUNG, OLD (IDF by default)
    assert t.value("Paris – Établissement public", N) == 2
    assert t.value("Île-de-France", N) == 1 + 3 + 4
    assert t.value("Régions métropolitaines", N) == 1
    assert t.value("Total", N) == 11
    assert t.value("Régions métropolitaines", N4) == 1           # OLD18 under Champagne-Ardenne


def test_ns_cells_counted_from_the_built_tables(tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    tb = TableBuilder(["A", "B", "Total"], ["", "", "total"])
    tb.add_cells("Part (%)", {"A": (50.0, "ns", 10), "B": (50.0, "ns", 10), "Total": (100.0, "ns", 10)}, "pct")
    tb.add_cells("Évol. (%)", {"A": (float("nan"), "///"), "B": (3.0, ""), "Total": (1.0, "")}, "evol")
    (tables / "T06.json").write_text(tb.build(6, "T", "Champ : c.", "Source : s.").to_json(), encoding="utf-8")
    tb = TableBuilder(["A"])
    tb.add("Effectif", [0], "count")
    (tables / "T07.json").write_text(tb.build(7, "T", "Champ : c.", "Source : s.").to_json(), encoding="utf-8")
    (tables / "T06.csv").write_text("not read", encoding="utf-8")
    assert count_ns(tables) == [RuleCount("cellule_ns", "tableaux", "T06", 3)]


def test_qa_rows_and_page(tmp_path):
    qa = tmp_path / "qa.csv"
    qa.write_text("niveau,fichier,colonne,regle,nombre,message,exemples\n"
                  "avertissement,inscriptions,note,note_hors_bornes,3,note hors de 0-20,IN00042\n", encoding="utf-8")
    counts = [RuleCount("doublon_majorite", "auditeurs", N1, 0), RuleCount("doublon_majorite", "auditeurs", N, 2),
              RuleCount("age_hors_bornes", "auditeurs", N, 5), RuleCount("cellule_ns", "tableaux", "T06", 3)]
    p = load_params(2023, {"min_base": 30, "age_valid": [16, 85]})
    append_to_qa(qa, counts, p)
    with qa.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["niveau"] == LEVEL]
    assert [(r["regle"], r["colonne"], r["nombre"]) for r in rows] == [
        ("doublon_majorite", N1, "0"), ("doublon_majorite", N, "2"), ("age_hors_bornes", N, "5"),
        ("cellule_ns", "T06", "3")]
    assert all(r["exemples"] == "" for r in rows)
    assert rows[2]["message"] == "âge hors de l'intervalle 16–85 ans, traité comme non renseigné"
    assert rows[3]["message"] == "cellule affichée « ns » (base de 1 à 29), valeur non publiée"
    md = qa_markdown(qa)
    anomalies, rules = md.split("## Règles de comptage appliquées")
    assert "note_hors_bornes" in anomalies and "doublon_majorite" not in anomalies and "IN00042" not in md
    lines = [line for line in rules.splitlines() if line.startswith("| ")]
    assert lines[0] == "| Règle | Données | Année ou tableau | Nombre | Effet |"
    assert lines[1].startswith(f"| doublon_majorite | auditeurs | {N} | 2 |")   # zero counts left out
    assert lines[2].startswith(f"| age_hors_bornes | auditeurs | {N} | 5 |")
    assert lines[3].startswith("| cellule_ns | tableaux | T06 | 3 |")


def test_page_without_rule_rows_and_rules_that_never_acted(tmp_path):
    qa = tmp_path / "qa.csv"
    qa.write_text("niveau,fichier,colonne,regle,nombre,message,exemples\n", encoding="utf-8")
    assert "Règles de comptage" not in qa_markdown(qa)
    append_to_qa(qa, [RuleCount("doublon_code", "auditeurs", N, 0)], P)
    md = qa_markdown(qa)
    assert "Aucune anomalie" in md and "Aucune de ces règles n'a modifié ni écarté de ligne." in md


def test_saved_counts_are_reused_only_for_the_same_inputs(tmp_path):
    counts = [RuleCount("doublon_code", "auditeurs", N, 4)]
    save_counts(tmp_path / "rules.json", "k1", counts)
    assert load_counts(tmp_path / "rules.json", "k1") == counts
    assert load_counts(tmp_path / "rules.json", "k2") is None
    assert load_counts(tmp_path / "absent.json", "k1") is None


def test_every_build_reports_the_rules(builder, tmp_path):
    """`run` writes the rule rows in qa.csv (counts on the extraction, « ns » cells of the tables
    it built), and reuses the counts when nothing changed."""
    for y in P.S5:
        for i, centre in enumerate(["ALS", "GES", "BRE", "IDF", "LBN"]):
            a = builder.learner(f"AU{i}", annee=y, centre_admin=centre, sexe="HF"[i % 2])
            builder.inscription(a, "NFA001", annee=y)
    data = builder.write(tmp_path / "extraction")
    result = pipeline.run_edition(2023, data, tmp_path / "build", sections=["01"])
    assert result.ok
    out = tmp_path / "build" / "cc2023"
    with (out / "qa.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["niveau"] == LEVEL]
    got = {(r["regle"], r["fichier"], r["colonne"]): int(r["nombre"]) for r in rows}
    assert all(got[("centre_ancien_code", "auditeurs", y)] == 1 for y in P.S5)
    assert got[("doublon_majorite", "auditeurs", N)] == 0
    ns = {k[2]: v for k, v in got.items() if k[0] == "cellule_ns"}
    assert ns["T01"] >= 6                       # shares of 5 learners: every « Part 2022-2023 (%) » cell
    assert set(ns) <= {"T01", "T02", "T03", "T04"}
    assert json.loads((out / freshness.RULES_CACHE).read_text())["counts"]
    before = (out / "qa.csv").read_text(encoding="utf-8")
    assert pipeline.run_edition(2023, data, tmp_path / "build", sections=["01"]).ok   # skipped, counts reused
    assert (out / "qa.csv").read_text(encoding="utf-8") == before
