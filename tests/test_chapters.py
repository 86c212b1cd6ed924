"""The hand-written chapters: the concepts chapter and the preface follow the edition.

Their words are the editors' templates (report/textes/, see tests/test_templates.py); these
tests check the facts the rendered chapters state:

- every year, date and threshold of « Concepts, sources et périmètres » comes from the
  edition's parameters (editions 2022, 2023, 2024 and a later one), the Covid sentence only
  while promotion 2019-2020 is in the series;
- the systems-of-record table is generated from the centres reference;
- the list of tables is exactly the one given, grouped by section;
- no run of 12 consecutive words of the Observatoire's methodology chapter (the seed) is
  copied: the seed's 12-word runs are embedded below as hashes, not as text;
- the preface lists the key figures in section order and hard-codes none.
"""
import base64
import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from chiffres_cles.params import EditionParams, PromotionWindow, load_params, make_params
from chiffres_cles.reference import PROJECT_REFERENCE_DIR, Reference
from chiffres_cles.render.chapters import (
    concepts_markdown, date_longue, preface_markdown, systems_of_record,
)
from chiffres_cles.sections import SECTIONS, title

EDITIONS = (2022, 2023, 2024)
SEED_FILE = Path("/work/shared/seed/000_abb5f3f795b824ab.txt")


@pytest.fixture(scope="module")
def ref() -> Reference:
    return Reference()


def all_titles(p: EditionParams) -> list[tuple[int, str]]:
    return [(n, title(n, p)) for n in range(1, 70)]


def plain(text: str) -> str:
    """Spaces and apostrophes as typed, for comparisons."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")


def prose(md: str) -> str:
    """Parts I–IV: the part written in the project's words (V lists the published titles)."""
    return md.split("## V. Liste des tableaux")[0]


def years_of(p: EditionParams) -> tuple[int, int]:
    """(Y−1, Y) of promotion P = « (Y−1)-Y »."""
    y = int(p.P[:4]) + 1
    return y - 1, y


# window of promotion P for the rectorat rule: 1 Dec (Y−1) – 30 Nov Y, except just after the
# Covid extension (2019-2020 ran to 31/12/2020, so 2020-2021 starts on 01/01/2021)
RECTORAT_WINDOW = {
    2022: ("2020-2021", "01/01/2021", "30/11/2021"),
    2023: ("2021-2022", "01/12/2021", "30/11/2022"),
    2024: ("2022-2023", "01/12/2022", "30/11/2023"),
}


# -- years, dates and thresholds come from the edition ----------------------------------

@pytest.mark.parametrize("edition", EDITIONS)
def test_concepts_carry_the_years_of_their_edition(ref, edition):
    p = load_params(edition)
    md = plain(concepts_markdown(p, ref, all_titles(p)))
    _, y1 = years_of(p)
    assert f"l'année universitaire {p.N}" in md
    assert f"l'extraction date du {date_longue(p.extraction_date)}" in md
    promotion, start, end = RECTORAT_WINDOW[edition]
    assert p.P == promotion
    assert f"la promotion {p.P} réunit les jurys tenus du {start} au {end}" in md
    assert "court du 1er décembre au 30 novembre suivant" in md
    assert f"la promotion {p.P} réunit les jurys tenus du 01/01/{y1} au 31/12/{y1}" in md
    assert f"au 31/12/{int(p.N[:4])}" in md                      # ages
    assert f"année civile, {p.C} pour cette édition" in md          # validations
    assert f"moins de {p.min_base} unités" in md
    others = [e for e in EDITIONS if e != edition]
    for other in others:  # nothing of another edition's parameters
        assert date_longue(load_params(other).extraction_date) not in md
        assert f"L'édition {other} comprend" not in md


def test_edition_2023_promotion_window_and_extraction_date(ref):
    p = load_params(2023)
    md = plain(concepts_markdown(p, ref, []))
    assert p.P == "2021-2022"
    assert "01/12/2021" in md and "30/11/2022" in md
    assert "01/01/2022" in md and "31/12/2022" in md
    assert "5 avril 2024" in md
    assert "année universitaire 2022-2023" in md


@pytest.mark.parametrize("edition", EDITIONS)
def test_covid_extension_while_promotion_2019_2020_is_in_the_series(ref, edition):
    p = load_params(edition)
    assert "2019-2020" in p.SP
    md = plain(concepts_markdown(p, ref, []))
    assert "Covid-19" in md
    assert "pour la promotion 2019-2020" in md and "du 01/12/2019 au 31/12/2020" in md
    assert "promotion 2020-2021 ne s'ouvre que le 01/01/2021" in md


def test_covid_extension_left_out_once_out_of_the_series(ref):
    values = load_params(2024).as_dict() | {"edition": 2027, "extraction_date": "2028-04-05"}
    p = make_params(values)
    assert "2019-2020" not in p.SP
    md = plain(concepts_markdown(p, ref, []))
    assert "Covid" not in md and "31/12/2020" not in md
    assert "la promotion 2025-2026 réunit les jurys tenus du 01/12/2025 au 30/11/2026" in md
    assert "5 avril 2028" in md and "année universitaire 2026-2027" in md


def test_other_override_sentence(ref):
    base = load_params(2024)
    extra = PromotionWindow("2022-2023", "C", dt.date(2023, 1, 1), dt.date(2024, 1, 31))
    p = dataclasses.replace(base, promotion_overrides=tuple(base.promotion_overrides) + (extra,))
    md = plain(concepts_markdown(p, ref, []))
    assert ("Ce calendrier a connu une dérogation : pour la promotion 2022-2023, la fenêtre des "
            "autres diplômes et certifications s'étend du 01/01/2023 au 31/01/2024.") in md
    assert "la promotion 2022-2023 réunit les jurys tenus du 01/01/2023 au 31/01/2024" in md
    assert "« 2022-2023 ». En raison de la crise sanitaire" in md    # one space between sentences


def test_no_override_no_extension_sentence(ref):
    p = dataclasses.replace(load_params(2023), promotion_overrides=())
    md = plain(concepts_markdown(p, ref, []))
    assert "Covid" not in md
    assert "« 2021-2022 ». Un parchemin compte pour un diplôme" in md   # no double space


def test_parameters_drive_the_rules(ref):
    p = dataclasses.replace(load_params(2023), min_base=30, entrant_modalites=("FOAD", "HYB"),
                            age_valid=(16, 85))
    md = plain(concepts_markdown(p, ref, []))
    assert "moins de 30 unités" in md and "moins de 20 unités" not in md
    assert ("au moins un enseignement en formation ouverte et à distance (FOAD) "
            "ou en hybride (HYB)") in md
    assert "une inscription croisée en présentiel (PRES) compte" in md
    assert "inférieur à 16 ans ou supérieur à 85 ans" in md


def test_default_entrants_are_foad_only_and_the_worked_example(ref):
    md = plain(concepts_markdown(load_params(2023), ref, []))
    assert "au moins un enseignement en formation ouverte et à distance (FOAD). " in md
    assert "en présentiel (PRES) ou en hybride (HYB) compte" in md
    example = md.split("*Exemple.*")[1].split("\n")[0]
    for words in ("centre A", "trois organisées par A", "deux par le centre B",
                  "trois inscriptions régionales de A", "entrantes pour B et sortantes pour A",
                  "inscrit entrant de B"):
        assert words in example


# -- systems of record: generated from the centres reference ----------------------------

def table_rows(md: str) -> list[list[str]]:
    lines = plain(md).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Système de gestion"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def test_systems_table_lists_every_system_of_the_reference(ref):
    p = load_params(2023)
    rows = table_rows(concepts_markdown(p, ref, []))
    centres = pd.read_csv(PROJECT_REFERENCE_DIR / "centres.csv", dtype=str, keep_default_na=False)
    for system in centres["systeme"].unique():
        assert any(r[0].lower().startswith(system.lower()) for r in rows), system
    assert sum(int(r[2]) for r in rows) == len(ref.centres)       # all open in 2022-2023
    manual = [r for r in rows if r[0].lower().startswith("collecte manuelle")]
    assert len(manual) == 1 and manual[0][1] == "Cnam Madagascar" and manual[0][2] == "1"
    assert rows[-1] == manual[0]                                  # manual collection last
    for _, row in centres.iterrows():                             # each centre under its system
        line = next(r for r in rows if row["libelle"] in [c.strip() for c in r[1].split(",")])
        assert line[0].lower().startswith(row["systeme"].lower())
    md = plain(concepts_markdown(p, ref, []))
    assert "auprès du centre Cnam Madagascar" in md


def test_systems_table_follows_an_extraction_reference(tmp_path):
    centres = pd.read_csv(PROJECT_REFERENCE_DIR / "centres.csv", dtype=str, keep_default_na=False)
    centres.loc[centres["code"] == "MDG", "systeme"] = "Gescicc@"
    centres.loc[centres["code"] == "BRE", "systeme"] = "Nouvel outil"
    centres.loc[centres["code"] == "CHN", "annee_fermeture"] = "2022"
    (tmp_path / "reference").mkdir()
    centres.to_csv(tmp_path / "reference" / "centres.csv", index=False)
    ref = Reference(tmp_path / "reference")
    p = load_params(2023)
    rows = table_rows(concepts_markdown(p, ref, []))
    systems = [r[0] for r in rows]
    assert "Nouvel outil" in systems
    assert not any(s.lower().startswith("collecte manuelle") for s in systems)
    assert not any("Cnam Chine" in r[1] for r in rows)            # closed in 2022-2023
    md = plain(concepts_markdown(p, ref, []))
    assert "Aucun centre du référentiel de cette édition ne relève d'une collecte manuelle" in md
    assert [s for s, _ in systems_of_record(ref, p.N)][0] == "SISCOL"


# -- list of tables -------------------------------------------------------------------

def listed_tables(md: str) -> list[str]:
    part = plain(md).split("## V. Liste des tableaux")[1]
    return [line[2:] for line in part.splitlines() if line.startswith("- Tableau ")]


@pytest.mark.parametrize("edition", EDITIONS)
def test_list_of_tables_is_exactly_the_given_titles(ref, edition):
    p = load_params(edition)
    given = [(n, title(n, p)) for n in (26, 1, 2, 34, 69, 9)]
    md = concepts_markdown(p, ref, given)
    assert listed_tables(md) == [plain(f"Tableau {n} : {t}") for n, t in sorted(given)]
    part = plain(md).split("## V. Liste des tableaux")[1]
    headings = [line[4:].replace(" {.unnumbered}", "") for line in part.splitlines()
                if line.startswith("### ")]
    wanted = [s.heading for s in SECTIONS if any(n in s.tables for n, _ in given)]
    assert headings == wanted
    assert "Tableau 3 " not in part


def test_list_of_all_69_tables_in_section_order(ref):
    p = load_params(2023)
    md = concepts_markdown(p, ref, all_titles(p))
    assert [int(line.split()[1]) for line in listed_tables(md)] == list(range(1, 70))
    assert "Tableau 1 : Répartition du nombre d'auditeurs inscrits au Cnam (sans double compte)" in plain(md)


def test_empty_list_of_tables(ref):
    md = plain(concepts_markdown(load_params(2023), ref, []))
    assert "Aucun tableau n'a été produit" in md


# -- French typography and Markdown -------------------------------------------------------

def test_french_typography(ref):
    md = concepts_markdown(load_params(2023), ref, all_titles(load_params(2023)))
    assert not re.search(r" [;:!?%]", md)                 # narrow no-break space before them
    assert "\u202f:" in md and "\u202f;" in md and "\u202f%" in md
    assert not re.search(r"«[^\u00a0]|[^\u00a0]»", md)    # no-break space inside « »
    assert "'" not in prose(md)                          # typographic apostrophe in the prose
    assert "365,25" in md and "12,45" in md              # decimal comma


def test_markdown_converts_with_pandoc(ref):
    pypandoc = pytest.importorskip("pypandoc")
    p = load_params(2023)
    html = pypandoc.convert_text(concepts_markdown(p, ref, all_titles(p)), "html", format="markdown")
    assert html.count("<table") == 2                     # systems of record, signs
    assert 'class="footnote' in html or "footnotes" in html
    assert html.count("<h2") == 5


# -- own words: no 12-word run of the seed -----------------------------------------------

def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", plain(text)).lower()
    return re.findall(r"[0-9a-zà-öø-ÿœæ@]+", text)


def digests(text: str, n: int = 12) -> set[bytes]:
    w = words(text)
    return {hashlib.blake2b(" ".join(w[i:i + n]).encode(), digest_size=5).digest()
            for i in range(len(w) - n + 1)}


def seed_digests() -> set[bytes]:
    raw = base64.b64decode("".join(SEED_12GRAMS.split()))
    return {raw[i:i + 5] for i in range(0, len(raw), 5)}


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_twelve_word_run_of_the_seed(ref, edition):
    p = load_params(edition)
    seed = seed_digests()
    concepts = prose(concepts_markdown(p, ref, all_titles(p)))
    assert not digests(concepts) & seed
    keyfigures = {"01": {"auditeurs": {"value": 1, "text": "1", "label": "auditeurs"}}}
    assert not digests(preface_markdown(p, keyfigures, {})) & seed


def test_no_twelve_word_run_of_the_seed_in_the_templates():
    """The templates themselves (every part, whatever an edition renders of them)."""
    seed = seed_digests()
    textes = Path(__file__).resolve().parents[1] / "report" / "textes"
    files = sorted(textes.rglob("*.md.j2"))
    assert files
    for path in files:
        text = re.sub(r"\{[{%#].*?[}%#]\}", " ", path.read_text(encoding="utf-8"), flags=re.S)
        assert not digests(text) & seed, path.name


def test_embedded_seed_digests_match_the_seed():
    if not SEED_FILE.exists():
        pytest.skip("seed chapter not available on this machine")
    assert digests(SEED_FILE.read_text(encoding="utf-8")) == seed_digests()


def test_copied_sentence_would_be_caught():
    copied = ("Les données concernant la diplomation sont issues des applicatifs SISCOL et de "
              "gestion dématérialisée de la demande de diplôme (D3).")
    assert digests(copied) & seed_digests()


# -- preface ---------------------------------------------------------------------------

KEYFIGURES = {
    "09": {"alternants": {"value": 13400, "text": "13\u202f400", "label": "auditeurs en alternance"}},
    "01": {"auditeurs": {"value": 57500, "text": "57\u202f500", "label": "auditeurs sans double compte"},
           "etranger": {"value": 7600, "text": "7\u202f600", "label": "auditeurs inscrits à l'étranger"}},
    "04": {"age": {"value": 31.9, "text": "31,9 ans", "label": "d'âge moyen"}},
}


def test_preface_lists_key_figures_in_section_order():
    p = load_params(2023)
    md = plain(preface_markdown(p, KEYFIGURES, {}))
    items = [line for line in md.splitlines() if line.startswith("- **")]
    assert items == [
        "- **57 500** auditeurs sans double compte",
        "- **7 600** auditeurs inscrits à l'étranger",
        "- **31,9 ans** d'âge moyen",
        "- **13 400** auditeurs en alternance",
    ]
    assert md.startswith("# Chiffres clés 2023")
    assert "année universitaire 2022-2023" in md and "5 avril 2024" in md
    assert "Les chiffres clés de l'année" in md


@pytest.mark.parametrize("edition", EDITIONS)
def test_preface_without_key_figures(edition):
    p = load_params(edition)
    md = plain(preface_markdown(p, {}, {}))
    assert "Aucune section n'a été exécutée" in md
    assert "- **" not in md
    assert f"# Chiffres clés {edition}" in md and p.N in md
    assert date_longue(p.extraction_date) in md
    assert f"{p.S5[0]} à {p.N}" in md and p.P in md


def test_preface_hard_codes_no_figure():
    p = load_params(2023)
    md = plain(preface_markdown(p, {}, {}))
    allowed = {str(p.edition), str(p.extraction_date.year), str(p.extraction_date.day), str(p.C),
               *p.N.split("-"), *p.S5[0].split("-"), *p.P.split("-")}
    allowed |= {str(n) for s in SECTIONS for n in (min(s.tables), max(s.tables))}
    numbers = set(re.findall(r"\d+", md))
    assert numbers <= allowed, numbers - allowed


def test_preface_says_when_the_extraction_is_synthetic():
    p = load_params(2023)
    assert "extraction synthétique" in preface_markdown(p, {}, {"data_dir": "data/synthetic"})
    assert "extraction synthétique" not in preface_markdown(p, {}, {"data_dir": "/srv/siap/2024"})
    assert "Empreinte des données utilisées : 0123abcd" in plain(
        preface_markdown(p, {}, {"data_fingerprint": "0123abcd"}))


# The seed's 12-word runs, as 5-byte BLAKE2b digests (sorted, concatenated, base64): words are
# the lower-cased runs of letters, digits and « @ » of the text, typographic apostrophe as
# « ' » (see `words`). Recomputed from the seed by `test_embedded_seed_digests_match_the_seed`.
SEED_12GRAMS = """
AAVBlz4AFW5QIwAZzjkbAFZNnxMAYRurVQB3IoOWAIHn6zwAn+YeSgCkrrdGAMxED2IAz/Bm1wEPPTvMASGxgrcB
JWlRZQExLRsqATb0lxsBTQqLXQFYz6Q8AVm/JmsBZHf4dQGBMqoBAfeeA3ACC5GVDgINK20jAjFyInwCXtLpfQJi
qoqTAnY1bHwCdpi5HwKWcrm+AsCCJ5QC68DNEAMz8LVpA0XiqBYDrw4g/AOz+ERoA7rxIGsDzTUo8APUnZ2eA+Xa
+c0D8yqTjwQSeEEEBB1Dk04EK0OkYARZlbR5BF91RqIEbDFw/gRsQ6rbBLCmhPsEtVc7yATH0u2CBNfQpRYE8CAS
zgUW8iA2BRxApeMFK6T5KwUvEdnyBTYTXv0FOotX8AVzlMdoBXT7Pc4Fdly3UgXuTDvQBftoAnUGG3zZhAYw9181
BkXb6ooGXUCstQZ0jxToBoc0Sk4Gp2tqIQcY0YEuByiiBgMHLJ4v/wcvIxBwBzhUoh0HT++QMwdkjOHbB2/JtE8H
dJ4QIQeInyQFB4o6YXgHmO5LDgeawlpiB7FcB3YHy50PEgfPHDG1B9BSuUoH3TsqSwffORoaB+JZ5JAH67jNWQgc
Ji2yCB0RQAYIP5VVPghn2TxnCKF0NvMIq0SqYwiwMVKQCLb6fyoIuwiMfwi87uG8CMf0yH0I1Qfbtwjei4y3COJI
5U0I99Nx4wj7Bci3CR5YE7AJKU0bpgksjoQHCVDYVvIJcrWEiglz/mKgCXc7Ux8JgL1nVwmi9Z21Cbtw+jsJu/sE
JgnNd5/NCh6j3C4KNiTXNAo7jnUxCkn0PKoKUPql+Qph7V1aCmgDBdcKbRexXwqFLO30CqWgOIkKp1kcmAqsjruo
CscJb2MKymkmlArxGW5RCv1/tBELF2wxDQsyBxHpC0DHeN0LRtuo4QtP+RvZC2EJlMQLcZWNHAt+WNi0C5ywiWML
pEMgCQvhEkJ3C+J/85EMA1aydQwRPVxZDBNJvNMMJFHqhgw/cy0NDFbvIpAMXI223Qx+lzvpDIldVEQMjeB4IgyU
3wLWDJoFj/4Mt/ka3Qy5FofsDL8q+xIMxt2GhQzUGnGPDQjcsfwNJPIUbg0lt7S7DTpPF4ANPlfi9Q1XOgPRDVkk
O74NZGzfnQ1l7fzwDWoIrPYNj7UlCw2fUgsTDbAzLZsNv6M9nw3CKvP4DcOjFQoNxY0oGA3mkkMTDg+B0I4OFlN2
nQ4zkYu0DkEBr7sOQf8Y3Q5jRCj7DmZEQosObQnT3A598VPwDqWkI+AOstlLDA7Q43caDt8ifCEO5RAKPA7zv4Ou
DwaV+zEPDzwqNA8aCZFPDzLcha8PPhG6Bw9BqNiVD0S2bqkPSPPVJw9PLuUSD2sDJAcPqUmtmw+pYC4kD64OiC0P
sm6wcQ+5nZfhD8s7b0wP22r86w/c7gpjD+4aymoP7suliQ/7fDECEDRHTS0QS3JGiRBq9AvDEIzeYf8QkWVzLRCh
moe6EKSc6ikQ7nOuERDyCspkEQZJGRwRGngpbBEj1mZ3ES1RHpYRNplgkhE4x3IgEVyglvsRY7UEaRFvGbRVEYSJ
fL0RpFScPBIcIG8hEiFAtZ4SLNWjZRIxnMJPEj07LLwSRF4A8BJGqT7vEknCblUSZK7ntxKV56FSEpuEFUASm/SE
8hKo1/hjEr7sw9ASwybmbBLJ/fibEtOJ0dwS4Q/ZSRL5E4SfEv6mA54TDr91ehNA74IJE19cx0UTaAnNIhNwuw67
E3n0lgcTgAcoFBOHU793E4fws3MTrvKA6RO7MXviE8Or2RMTyv0rIxPhgHwcE+ajpIIUFfAtehQazELyFCK5ktsU
Od5CjxReZ4ATFHLI0pcUdST1MxR2WR/pFJKjWNkUvgUg8BTGdqagFM4UVG0U0UsjBxTfsWX4FOMNXLUVAJTYuBUF
ANmBFROCsM8VPW9XrBVS+PlSFV0jzDEVdnKmcBV5ni/OFX5o0RAVgIyruxWBBNjiFY71HyUVkz15fRW5CUMnFcJt
d+oVw1c3oxXN1MK1FdUXuCwV2FMifhXea2AFFeGWfRYWBaqzyhYv9vocFj1DUI4WPXPlzRZAvD1/FkDsrnYWbLr9
vhZzguziFoSWGw0WmfrUzBa/LIi9FwiMFiEXOIwnaRdDG4ozF2KFJxwXbp06Fxd0i6JzF4ZPPg4XjwxVZxeT7ttw
F6s7LTgXwWJm/RfL89SiF+d5RCsX8Fvdlhf5wW/VGBs/FMcYHHB8SRgiT2skGCrk1DYYPA+RphhQQoHLGFBrGJAY
UH9uABi4eYzlGNIWgxoY2/u9xhjfnkEtGOfvuFsY7XyIlBjv4NYnGPisTGEZAb4QNBkQYNEDGTMXA/IZVNfutBlX
6xB1GWanxJAZp2cQgBnJIffEGcuxDiYZ8Ml+zhoQj5AyGiDi0RoaKPQfwBo96XlZGkJhbWEaTvXUWRpbVHGEGno3
qIIafmEZ2xqU2kN7GrrOPJAavaD39BrealqlGuLfl+Ea8FZpthsCrbFIG0G7sSkbRotKghta7NBgG2Elx+AbbH1C
oht4rUzyG5RMyHEb0BG56RvTDicvG9zC1b4b/QJ/xxwW7hlsHBo/pY0cH1OIeRw/GFLFHFl1IYQcWbtuAxxfCOKU
HJARR0wcnaK/UByf/IQiHKYFwe8csI54vhy1GSmOHMtBB8wc1JSx4xzapYtcHPOvz8QdGB0T7h0qZvDYHU6V5mMd
W+sE1h2YDHXqHadUocQd0cKqGh3Z5lQjHgkgqeceHElDCh5LTa3AHlchnvcemfG7vh6j+7fnHrK/FN8ewzBByR7I
i1u7Hst2FE8ezjKBeB7ijuznHuMVVO4e87z18h8JNspSHxgum6wfK7pJbR8zEsTiH2d2TFcff9qhIB+A1Gg0H581
FSIfuVJKwR/GWXqaH9C28Acf70MIgx/vpgEpIDmS0S0gQtn3MiBNNS9rIGKCV7AgchNM6yCA9ivKIIzncSogjYoJ
6SCiNV57ILAg18YgsDAiOyC+eecmIMM3iiwgyTUjwiDXL0mUINv75hgg6CF+UyDx0aJhIP5/QlUhH7zZYCE3AsKI
ITrGImAhRVxuiyFVPpvnIYREAfwhjK+gBCGpDvCiIa5TOTAh1SGPKiIFXfWNIiZdyK0iMYg77SJeIcSWIm6Nii0i
dLggNiKHb7ZTIqwETCgiuzSC5iK+4OeIIuC1Of4jMn/fAyM3AvNLIzy0TykjRtwxICNTiCbCI1Q0KbYjkSsoNCOY
Rp1+I5hVUJ4jnwiMRyOqjYDVI9MY8Xcj1zfAzyPYs+ChI+imRa4j/BOFpSP87Z2hJAppmMIkFxLvRSQ4lsB4JEOT
zDckTpHW3yRXACAaJF0jkn0kd3YtpCSCUw2cJIgYKbgklQt8yySd6bzJJKKP6QQkp8NQ/iS+9MnUJMwfiCgk8atO
dSVBHgNOJUGbbnslUw7OaCVg+QodJWQ/LnMlaiyXSiWPAo4FJbeD3Scl0B9G/CXXa15vJeV4vJIl9/I7VyYNzSTS
JhmCVkcmHvER9SYvzNqDJjlpFFAmOqDF7CY8og85JkEiSrQmT4Jg6yZo++rEJmsUPAkmdIO2CybHf/XxJxiLWzIn
IKQ/UyckEknLJzikKlUnOdBdqidNX1NuJ2/1v8QndZ5z8Sd7gXJeJ3vw+YQniAZrjSeceAvZJ55F2rInpw3sHCe3
SLCZJ+eT41In+4sV4igIvqiQKA5QzakoG+yMSCg78mEjKGbGcJkob4E9HSiDuGykKJsiPYAopWHmuSimZ9XYKKnR
xTEot0klqSi+zBjFKOQ6V8Yo5k2xLykCpTuoKQkVGEMpEEuqWikxpqizKUvy6wYpUiGWcilTAhO1KbNMRWwpzEWB
2CnzLlYRKhruKN0qNK2VLCpZimECKlsq8NAqd8gtcip7J2CsKoanAg0qiAYYJCqPb3UwKrQAfHMq1X5++CrivYOj
Kv6FGb8rF2c7hSscRV1qKycm6WMrNwlcyytWxKkrK2zSTQUrentx2Cua4/dLK6dKFrMrzIZWTywdLAaaLCNn+TMs
P0Ce2ixlXBXELH1qaHgshOd0siyVMXcTLJtzF5gs1Y+wSSzfikvhLQsl6nstJ0zPrS1Ll8iZLWKcjxgtdFKRBC2P
BpA5LaPMt7Mt0/jeiS3Zuyb5LhJ+4EcuHoNyUy4fASVCLjo/tL8uPidBQC5UswwELliPHVUuWcDL2C5hirRNLoZr
RC8upnZRwi7kBZdPLw3TaJ0vFpzQuS8gdMJQLz/m2kwvSqtFlS9hqP1WL3N7f50vd9XfSS+AUb7CL4rrxaIvjEyy
cy+QS7wEL7yeBcIvvxSQMy/v+9quL/pS0VEv+6MWRjAMxbPXMBBAsUIwH8dOEDAianhsMCUWqCQwLEPklTBo098U
MGvM8fEwdguhwzCbTyxiMJ+AyvwwoNAW+TCkiEN/MLUAlNIwuFYtTTDHS8r7MNL84MYw1hxqjTDXmBf2MObsO4Aw
76xtEDDygSaqMQYagRAxEoExsTEZLXrbMTQbYJMxQFK9LzFcvfmSMWQzZjAxaKGVQzFrSUnBMYY19A4xmk57DTGn
3izkMbAVJ6Qx7GSG8jIP25LcMhD7aBUyNcJ+CzJj5XugMmaffaYyhu6bODKfexalMqKTt8EyqIdKpDKyJUphMsBs
Z4IyzWHsYzLS2gLgMtcA99ky5c8cDDMiwkh+Myp19sMzLnwRjTM7QAdFM4qTVggzq7aRIjO0xV+nM7eN8tAzxApG
dDPOrVAiM9FZpUwz0g0DVTPXGa3QM95aUOIz8RrymTP0Zb71NCQH4nY0QPn/jzRmnEg9NHWhVz40e8YbazS39153
NLpl7Hw0uyck4zS8bCoqNLzOKAo0ymC4FjTcpL2+NOkCKvY065L8IzUYN+RsNSOlwLA1KyPC0jUsMk9HNSyijmc1
USGKhjWEnRRXNdewUnI2GbEEzjYsQwRvNlKSTag2b0NldTaAGXJsNo/YgAU2ruvkwDa+1ZKQNtAkPMM22RZJzzbr
/GkJNvDa/483IWGzuTciIqU9NzHpNZM3PCgYiDc+J2weN1mOTA03XumjlDdkrn26N28BQ0M3jpPfAzenY4sQN7uX
u6c3vbU5yTfvyXYSOA5eqog4JwwuCDgxAJjmOEIF5tk4UeEdtzhV/rddOFkffOo4bO8RNThvcDbQOJBAbls4q4C5
bTi2MusAOLwx2eU4wHwokzjgqaWMOPOmO6g49W4d8jj9QYdiOQI2Uw85Ekd+rjkULmsoORQ3QYQ5H7WGhDkyn2WQ
OTVZiIw5ORjTujlJ1JUiOU/kLrQ5WjM6TDlaYDZEOWHsRQ85ZFp9hzlvLB0nOXXPRgQ5fQ2WsDl9WOMuOYreQTg5
uyMT2TnP9yg8OfVVpwg5+yJncjoI9fHAOgmUmVg6CumNrDoUSAXUOiLIBBM6JweR4DopUtqHOiq6Ubc6LFYX9Dov
QipnOkwibgg6aFK78Tp0SX2aOnwKy6k6frHc3DqA0lKLOobR4d06lUm9FjrF0/pZOtZTLqg69CD1BjsMPD8OOw3d
rQY7G2FR3Dss/GcFO0bZoto7SUf6pTtTVNCHO2SA5Sw7Zlltbztne+uCO5ZTelk7pVOY/jvYC9TWO+FSSl877QjQ
tTwAMDJAPCcRv0Y8LggfYTwvnSLiPEee9kI8cmxL5DzEuhEPPMcotq4841f3Jzzog15qPP8Kfms9BXposD0OpM3W
PQ8IEEI9D8V9iz1AZ9c6PUqdcKY9S9zLPj1Qk+UzPWjt7Hg9bwSKTz2BX2CHPZW0Dh49m/JOAz26OknCPcEfQYw9
xCQPEz3g5As7Peh8qFU9638j5j33mjPRPfjxNzE+A+qYbD4Gt62SPg0ylWg+GCg+TD4wPOnuPkuGmNs+aZV9Qj5u
upE+Pn7F8co+gUmiFD6PmC81Po/pTy4+wQDMbz7K6TFYPtpT/YM+6vvcYj7twib6Pv26rFA/C0Emtz8POF3hPw/B
a6A/ESHVhj8fQpPRP1sbtrs/aKmhST9tTUUNP3d0+GQ/eqOz+D98lIJAP4saSLE/u61T2D/G901+P8peSpI/2ZrM
8UAOk6C1QBsQUbdAPyHqXkB+y1gIQIwc3ddAjjBWOkChFJaGQQg7lNRBIdFVhUFQn9qwQVsoYTJBZ/Vq00GBSXVp
QaZRymRBvVUMxUHCV37mQcUqLyRB2Rn6NEHyKfgzQfit1XdCHWcdN0IzwEt6QjSFqUdCWC0J0kJ2baI+QnyMXJdC
f1vl7UKEnG10QvZY8CVDBzKBlUMJMZ7MQyCakPJDLs+eYUNs0z4pQ5A611BDxMUbPEPL6+08Q8/qxK9D4qcDw0P8
42+9Q/7uapBEEoYHy0Qn/2RpRC/njdlENq7hQ0SDAS4/RI24/JNEjcUbIUSQBANTRJK7aG9Enssg+kSlvZ4ORKbe
3EZEt85t0ETCafhlRMTwlTpExmKLxUTLnL91RO4875pE+MOYBUUj/tmaRTkDZYJFUCqwHEVj6WnfRWlKrCVFbZcm
hEVzrj+4RZJ9VH5FoBRk0EXB28ZgRcQYLRNF2ONJikXiXsPiRgjEj2tGEhC1j0YcPaCyRj2eifJGQdEGakZMfgoS
RldVMilGbr8NGEZwXf2rRoxs1JNGqZIIIUa70/pNRsseax9G1mDeZ0bw364kRwVVSZdHO3PwXkdFAuHyR0t6xQpH
UJ/JpkddhOlMR2333xtHjCqJFUeOf4f6R6YQJtJHwvcud0fW0xl+R/OnAWRH+xTsEkf8qqi5SAgWl+NIDYsWa0gR
9VK9SCxQp7ZIX+YOnkhxyZNqSJlUZLxIqaJiz0irxTN/SObcgpZI9UcDVkkl/nOoSTsF3v1JUWtzjkldaoidSbP5
dA9JtORdmknfKEDjSfJ0DWRKEQdkLkobCckbSh/p37pKI26O0ko89VPbSkkWt3lKT1e2+UpfstF2Smj+TFJKeGXi
lUqS7R+HSpRzv1FKmP+qvEqqaYrNSrgpymZK9f2ATkr8g2nESvyWK41K/Zhbe0sV3RLKSxyP1O9LH/73mUsgY+mQ
SyKXBYxLM1oUUEt+3IBDS4I9VVFLlBELE0uVEQ1nS6l5ec5Ltn3scUvH+r2uS+Fj33lL/bnFUUwAt7u8TBAN0FFM
FKhv3UxJOG9ZTIpwYntMpXOPuEyluxVtTKXvZvlMtDwaSUzDJ5XqTMdIjKpM53ZljUzw7PYXTPNNhHtM+02Lc0z7
hgDhTQHQB+tNC6dlyU0qPCzRTTvdRpZNUF4YZ02AY2Z7TYEbkzVNo0/yyU2tX0UzTa5yQpdNwJW5tk3CDCsaTeKD
G71N8S/xoU33LJFFTiPBmhdOQfW2Wk5EZ4VMTk4V7zROUNG08U5WEOgLToujmmpOlreSOU6ZQtEDTtCrOt9O5QTP
nU7r3ozXTvDVF/hO/9kEAE8XDB3uTx1WWaNPLLUsIk83mQP1T0MgCy1PSKCHJk9SNxt1T2w7Dn1Pbfha1U9xYCbS
T3URS0JPi5Hw/0+im+N5T7DLFcZPwsbXX0/EgirIUASnW65QFnuZ/VAZ7/0IUI+1A4tQqbLa2FC4PyjxUOkMLTNQ
6VQt+1D0x4PKUR6g+MlRLJVEl1ExbXiVUWirQElRbtNQlVF8AqjlUYCYe8RRiUDiEFGg96P8UaX7l6dRqmN7W1Gq
zmlVUc7A8i9R03pIvlHqhy9VUe+rWN9R+ma7f1IMdkDcUhIyM71SFMDMW1IbOkXvUigpCaJSLe92glI5LKvkUjw8
GhdSc0X4pVJ9nA5WUoW3/H9SmV4hk1Kx6jmoUsR+xN9SxiWL21LGk1RrUsoEznFS1sEe/VLmdHywUuq+QYxS68Y5
N1Lr6texUv0LfRVTT+Bcj1N8rzTLU5E8j+hTr87rD1O06gxwU7Z3zk1T/YVIJVQL30LvVB2DzehUOQjr8lRnc1zp
VHKuUJFUeCras1SIYdqSVI3Sk99UpsVrU1SpxuYNVN0vQHVVDDe0s1UUgCPjVRZsKsBVHPsmb1Uga7+/VTdCSpBV
RpPvkFVKELmGVWOCJqJVgCsJUFWFRz/qVawHmpNVu0iGu1XpvuX1Vh8cZFBWJnjDV1Yybo0OVjWNA4hWN0negVY+
CMzfVmjTdHNWevX/UVaG4wlaVrAsywFWt1dE5VbRNq2aVtGngfpW1Sl2GFbnmUdfVwarojdXExC+l1cYNW09Vxq0
VHdXGyZCQ1cqdAUeVzJBgVJXeXbUtFeT0cQOV5YR3HRXp7LqK1e6UiLRV71flVZXyY8xd1fVHFUQV9zlMh5X4wQF
uVfqKGgaWAe/9BNYJx1XFlhI5SEoWFCOILJYd7ESn1iCIklmWITZVjZYl/A6UVifg95hWKr74sBYt8iS5VjLBZ9G
WOyPxhlY8TSHbFkFG7XwWQuOcXVZF29Xdlkld0IpWS4l9h1ZP5T4dFlKqjh4WVNmXmhZcbygjllzzauHWY5FTsxZ
kkNxklmjzJSnWa9hUYxZxvwfo1nHpyVVWc0N/x9Zzl/qfVn6/5acWgV7/LhaJoZhlFoqBLaTWkfkuydaSO/jHlpr
R3kaWoBtRzRalSkYLlrIiv7+Ws/rqjpa07ytzFrWkXtMWvcvSe9bAOFPBFsIs5VtWx1XjY1bHwknmVslNOnuWyU3
hN5bRKRhFFtGxOR4W0q0MFRbZpHjmFuCD4PfW7bYQiFbyBr2plvNIYk3W9F4K0lb+GSaYFwTN7IBXC2rM7dcN27H
eFw36J7EXD48QVdcQXf41FxeBMq9XGJ3TJJcgVmf0VyCFmQaXNFbonxc1wJiPF0a1j/RXR9dl29dIUQOwl0kOW4c
XSXRi6ZdKa6url07nQSzXVmanjldjuviXV2c+CHyXaSUc+NdvYfxiV3DnMW6Xc2CgZxd5xnX914Mbob7XiVrSuFe
V9HHKl5lzlWEXmY31f5ehD3SKV6XSWikXpgmiv9esHbHI17TqHvvXtTR20Je8Chz5l78KEFHXyvz4IVfSFJYpV9J
qPSIX3nCdjxfe9ozg1+h7VMoX6hf4mtfqJURFl/HjCuBX9PEm+lf17GzdV/kXqitX+iaaVpf7osgFF/ulL+9X/Q4
d9JgJRG2DGA4RzbNYFGtrR1gUlm292Bppq8zYH399aJglfePEWCmjPmbYKeABGtgrhAqIWC9oOhuYMbtFPpg0Uus
bmDR9rU+YPFg41hg8wUYQ2D+8HAtYQC23p5hHlWlyGEf9RvXYSnPuBthPETkV2FCinTHYUUB8O1hWQWgMmFZFrnf
YWii7FFhcxKaZ2FzwY61YY1FURJhl/MweGGvhvE4Ydb+gMhh6V5g72Hwaf9qYfW6CwRh/qaEz2IqEp5KYjYn4rhi
X0LZeGJgRiwsYrB7+GdivcxqQGLXG6idYumG3Jti/zzDb2MRcg/mYyoawMdjM0XJpmNFWssOY1X/gnhjaCjsgmNt
l9MpY4TTE6tjnNpPoGOkyspuY6naLEVjtbUI22O6N5hJY89t29pkAKPL3mQU8XlbZB4NEpJkZbZB42R5YlZ8ZIBe
IKhkkbfGvmSeUTeaZKn2BctktZRoaGTZuz9RZQaoujxlEmKpqmUXQFf8ZRothYVlHnOyf2WB0f1bZYt/xwllm2z3
gGXkGs43Zehixl1l6uciM2X+3uBgZg/yjHpmJF9vVGY2mAudZkqHMi1mTlrlWGZSlyUfZmBstupmm4EKRGaeTuui
ZqY0bF5mtYd1A2a7pKfMZs6/VVxm66Ve82bvEbfTZwwF9GpnJNT5fWc9n4PWZ1dS1H1nW63ZPmeF5jXPZ5LuB7Jn
k764jWgK2uVHaBhcwCNoe0WgJmiCgdPJaIWPxoJomGQHBWi3c3GgaL0HMlBoyofn22jX32SAaNloe9Ro2mtcKGjh
W8gxaOgOdmVo+wt2Smj+KIlaaRFxT2hpIFGqOWkhb+4caU/vTxRpaB57Pml4ovthaX/vumNpj98CyWmeMJZMaaJN
I9JpsVP5AWm6RIj8abzTsn5p0cUfa2nuFODUafuKzLlqCb4qB2oi0ZwLajAklc1qUVH9QGplvIv8anU7Z5Jqhloe
l2qeLYNyaqqQZPVq2NU8VmrdHceBayvhYwVrN7Rg32tE94uLa0k5lzdrgtcQwmuOYCI3a5OZKW9rlVZQvWuXI6a3
a6jgzHBrssi6BGu1QJTta8H6xydryDaYIWvI1y0sa9ATs9Nr2qzUDGvd62fUa9+SNsBr55bXBWvzjWW1a/ojWy9r
/s7C0mwAHn8IbC3S/R9sM+fjmGxTEh0KbG4KsGRshizwPWyrv1RsbM6VmTVs4f0GU20LN1tybSRQ6qdtMTQwk21J
ktn1bWCTcRFtZbovxW1o2NiFbWkgak5tkUjJzm24WAQ4bdBEsClt3pfAXW3kCvn3bffGoUZuA+tvQG4zkKg2bjzU
97FuUAhBDG5R/ToBbm+0cAVub8D1fG5z99N4boLAsPJupB29pm6oHKm2brnbQ1Nuumm/1268nc6Wbr+UOaZu3v4R
iW8QkWoLb/H0mg5v9hxFpnAGv9qbcA18MGFwWhHoeHBeCFzGcF4qb6twijwaInCMx8F2cI+s8q9woowSlHCqI6hm
cM/aSRRw1ZcWM3DkzR8VcSQ0tB1xKgxKdXE0dnQJcWGb6mRxfQi05HGGf3WRcY50qkFxmHD6HHGiNGE5caRRyvxx
wc4PlnHCX09CcekGoedyIuh9mnIwpWPmcjf48hVyPWwXFHI/CLcSclePag1yWsUW2HKGWr94cpLe+EVylobwa3Kd
ujt1cp5fhaVywpOdpnLUWAoIcu4y1/NzH5NACnMlFmwYc0R6KOpzVLNw6nNaSingc13fe8pzYk8+f3N2Sv+xc5SK
aplzoT3jjnPPaDfFc/+RdHx0DexFlnQljkuUdDFQ38R0QgUH1HRFj+7odFSSesJ0d2Vkz3SyP/0FdLgBX9N0uFq6
m3TRt8JAdN+hExJ07PpOF3T8w+u2dQjPscB1XayTVnVffC+ddYHg5h91pFxWNXW+2hFMdckC0fl10UNdI3XtlLIv
dhq3LHV2IfRKxnZTR17sdl8GbrB2YinHtXZvj0CBdoB31Ld2hOD4nnaQJvuIdpxoSA92rAHSMXawxQ+3drY358N2
uopwqHa9BfQ4ds4Pf0N25nwYzXcDT+2GdwsGEGl3C1GFTXcXwkKIdxoHa/l3ID49+3cwar2Xd03qqf13W6dKL3dv
98JWd3w4gXV3f0OL9XeFet6Dd8xICRB36QMGtXf1NJPbd/XXO4V39+1G6Xg0K1UheFGQA8B4V41pInhZ56MMeKmJ
+Fl4qaBntHi2whGceLmqRVp4vTqt3njaqfCVeN4OKUN43rAm13jm696aeTA0smx5PJuMNHk91lfJeXwIEol5qQRS
+3m999yNeb8ldt95wIH+4Hnse87Keg1pWMt6DXnsi3oT43qXenQcPTF6gZ58lnqHcMigeoo8nQ96uyZaa3q7Wwfy
esiGGCl64CYPinsEhqOkewvhd3N7ItpRbHtE79e3e3ISQrF7q5jdP3uuwy8Re7m1BaB70NyhwHvk4Haoe/69tGl8
MBlCm3w9Gxa1fHuDuk98iAI9IHydi0kffLlXD118y0cFZHzMN2lpfPAAFSh89ktz/H0T8z76fSUGUS19NhhcKH03
725IfXtUwXt9lLMqfH2YIfFPfaEcjul9oSqWgn3AEFl3fcC+kxF9xbXtmn3Tl9ayffb/qhN+XcCMQn6Xt+HSfpuX
EAV+plrFLX7He1jMftVyiaB+9PsMIH8Ulr+Hf07LdK5/bZX4in9/KggGf4bJtQx/nDMjDH+7ybkLf8dCMrN/yvA1
SH/WjFi0f9ul4g6ABFeVS4AVp5jdgBxUNvWANNHpFIBOTQ7FgHnZ0uWAm1AUnIChzZ0TgK5oy12AumTARIDE0Bob
gSSPhGCBTpSt24FTlbgBgVTowBCBYWYPvIGiS4c1gbZuQ0+ByTFs0YHNW257gdQrNPqB3ohegYHgjZrTgeE58+2B
5xMAEYHxBM7XgfbZzZmB/XB5CoIdZASggiNZBRaCN9XwnoI6mg8GgnG5jYiCkdo8NYKd2IFAgsMssUyC5ZMlAILq
UD3qgu0HlXiC8iSR8YMChjrPgws+iueDJiso6oMnklXJgzR2MYaDZAWRq4OCxSqYg4ZUqhiDiO1SeIOQiYKcg9TP
KdSD1etTMYPWLQvng/di8GKD945ORIQzBIQJhDPPFh2EQok4y4RG+0pzhEi7sAeETWo7aoRyULcehHnW+MSEee8f
PIR7r5myhH6gtdmEhhN/T4SSpUyThJdsugyEpJuqPYSskhJuhM1XN26E0bGMeYTob2i/hOiwuJ+E/w6trIUNnd9c
hQ8Y/IyFXJQAl4VflArwhWOkXMuFa85F6YWeWTAxhbK9hviFw59nTYXaBxc4hd7JQoiF65CbDIX+AZ1khgi7q3OG
FDasU4YpFgyDhkl0vT+GUQaZdoZaPWKyhlwrpl6GYP3ptIZ9vHa+hpcb5haGnk2ZRYa6lIqLhr+N346G15wsZobY
hUrghu4SDt6G+ed5+ob8+QeZhv4HNWuHELx8N4cSA15whx4THJGHJ2YQWYc1VPffhzs4jYGHcjSJeIeHdChkh7MC
jUqHtaODoofNU3bdh+RPXMSIHnGFjYge0eriiDVkxSqIUbu5+4hTjDWmiHgHmI6I0vsw7ojt2iuZiP5LD1KJMrP0
g4k+CKTAiT7qWb2JUv3UtIlhp3S0iXTmlMmJe+7UtomFsS1ViY8PreWJkeOlmomTIwBXicGNxoKJyitKEonZG3q2
ihQXgk+KFM4yjIpSSwq1ilppYoyKZmpM/4qCEfv4iozD2ZeKkuDcnYqb5QYgiqD8SBeKxSGXhIrHWyDbitYdeFuK
/X2JR4sIddJ0iwh7hwyLFrmKFYtKLk1Ci0v/nuOLUlmSootvfIbDi6He+YWLp3l6UIuw/dlFi8Mcxc6L+BcbQIwe
xvMKjCidB2OMNS/DAoyATDJrjIIOIDeMqv+JVYy+KCeMjOUZf/uM9F3+IIz6QOqHjP+mt6iNAd3LD40z81/zjU2+
QJWNYMvIy41jAXNQjXtnBciNhbN2S42ShfRkjaKBQ++Nsbi69o30sl5yjgQ3+kWOTHFeIo5mexHpjmhu3TWObeo0
1Y54ILKbjnxpVEiOiFdKmY6LfpyLjrTFjuKOtNtPjI7D1/4ejtMh6OuO5R84io7luikdjvI1NkKO8zcIKY76RFN3
jw3frmaPLQbRh489zXtjj1fZFL6PWtBg149lbLUkj4eDQtiPq35nKo+vDhgaj7iZuDaPwAORdY/AIGAgj+ScK+WP
5TUNOI/tGH8Lj/kzt52P/WhpfpApD3sykElTo36QTuB1IZBpeestkHI+dW2QnfX+8ZCo12D9kLYBlUuQt46Cb5C3
1SHwkL0oH6OQ6TEa+pD2wzTbkRx8QdeRHYHHhJEvOUJQkWBAy8CRf0EhJ5F/d6qikaV4SICRqebKEJGxCXTpkcpi
NKyR12qfZZH8LquskgPURaySCRXvc5JYL7WSkmn9OLmSarBDOpJ6Nnchkn+64auSmFx5CZKY7k/ekpuuO1iSoSIu
NZKu08WgkruaJJaSzmzEqZLaL71ukvJCSyWTA3V/4ZMd3tdskyG2RBKTSur4sZNLpe8Zk1LnztGTcd72fpO9TDp+
k8DORkaTx1DdQZPQUQ+qk9ulm1yT6+11i5PsA18dk+2h1IWT8FfJvpQR15ejlCkaBkmUPz6e4pRBTfMFlE/sQoqU
VWkpvpRitDH7lG5MyqKUfHnW35SEq/dKlJEAgl2Urnwz4ZSvBIwhlL6uByeU3D/uBJTnrgL9lOqkUSSU7pBccpUQ
3PKFlRD65lyVLCTDpZU7ME12lT+RdZWVQqUsM5VCwL+AlUS5twSVX/SlNpWGNTwrlaY4wNmVpoBIjZWmwOC1lalj
L5qVypQDxZXhVE+DleGsWhqV8Q8LJpYN2wGqlhf8UpqWIYKhw5YzGNpNllN78QCWd9Kxf5Z4W/Iflnv0HNCWj5VI
1ZaiMYFhlqseM7aWvNzzHZbuzJuplvFjNV2W9Fn115cDQggjl0Zoa0OXZB3poZd35nDil4eHUyKXkxNSnZegxLE8
l9TjgVGX+AIkNJf5XGVml/tnZ6KYBECovZgX9e2ZmFAQEACYdM+yzJh91yIamIcjNdSYnCLZpJigXtCYmLAmOOCY
v/8eo5jR6geQmNQh+xCY1FcOpZj0JGE4mP/7AKCZAM3A85kBLPVSmTvCN8aZRO4ylJl1RAE3mXr8gRmZjKWyM5mM
4GVNmdCBczaZ1dGHF5nlBPO1mfGGioiZ/Hz6C5n/ua4YmgHe2tGacf8IH5pyPyUxmo9j5CKazNhUdZriWHczmvbW
mF+bBBooKZsERVD2myAEVm2bQDCRAptQFupsm1ReCF+bYJajoZtrS0FVm4qR6TCblQKkyZugZZEam8Nm0uab02gE
uZwBLvLQnBYr9AGcIwpnF5wj8ufenDMa3e6cOXqnuJw75YMsnD7i1RycSMih0JxMimqsnHBXcZGcq1ldsJy/s1Xh
nPfm8ZKc+OzUA50Xc8FCnReK5lSdJ3U/SZ2FDsTwnYqU6wudmUcZBp2qsXzCnbtKJ8qdxbgsDJ3RFm4LndL/tZud
43TFIJ3mD4XSnhmclmWeG4gTbJ4fbrPvnjy4CM+eQwgEfJ6GwbZYnoeHfouekVwE1J6TvVAenp7u6Zueq+o35Z6u
mYBvnrQKWf2e3sCRh57qBUDLnusHfVOe8rJi758URjGWnxzXwkmfMV88eJ81dEzRnz92zKafWYuyZp9ZxMEln3U6
laqfemjJ1J+PIBHNn57OZ4mfrx75CJ/AOS/2n8qfx/uf0TDvgZ/THtGyoAbeTC6gDXkwlqAg1WuzoE/1YBigVapi
sKBnlYcdoIudT1WgmxxdhaC4Z6VqoMND+h2gz6eV66DVy5/2oOGStayg7gw32qD3QKpdoPl7BHehCE+yGaEK5cVD
oRpH17uhI9JeraEsnqOuoTdRW7WhRO9zo6FU0bWEoXDTB+Khfm49GqGCZoH5oZdGkDWhvQYinKHOuH/Ooc9+Le+h
1WgtsaHbV8hYoeYnUZyh/GyFbKILuj1PoiCq6zaiI4YZAqIrftvbojRav/uiTQlL/qJzA6tnoo2DDq2ilkGlw6Ky
EhgOose125yizfsITqLyPCBZovRl9ryjLsZ1TqNKizIio0yTSJijfzCzPKOaq+fIo6gxGzCjrEN5+KO21yPMo8Oe
BSyjz28ErKPZ72IMo/Swtv6kGZvXqKQhbY3QpDFyN9ukNXI8TqREf9XxpFbxkJGkZiOKr6RvE8e/pG9E086kgfw3
cKTF2+hIpPDZ042k+3EbuqUQdzlypSY9ZW2lMKihtKV2yTx8paMPPxOlq3efsKW1fRdMpc8pKzKl0tPZ86XgyvCw
peFewPql8Dnm16YD5hGxpg0GO8mmF9/DUqZTXH2apls8PQimYH2brKZnV5hUpmqemmymasVgfKZrrHq/pnNj+uum
futNh6aEipc+posiR2Gmryq0xqbIu6bVps+pr6WnDb1LP6ckRR/Ipy0hQjynMMmf0qdJpJEEp1GHt12nYa4MmKeV
mSuop5+YpaSnpWPg0Ke37pb1p9zJ2ZOn6Vtyjqf0BCP0qBxfFeGoHROXPKhJXmLkqGGu6euokYjWm6iW6qezqJli
AkCoy4cUtaja2VesqPeCu1ypL2IH96k7kSTFqW0ycJqpkwa4U6marEjcqZ9kG1upr/BagKnUJS8jqf1xyvGqJ8wh
OqotyDd+qjHPIfeqN7VUkao5l6Pzqjpqi7aqTxXSlapTsQlOqlQKWmWqY+m5Oapsurl3qoz9XtKqozt1taquxVj2
qrAjPRaq1LDJfqrq/WSRqwCTZVKrAOElGqsdSdHDqyA9IWerVQlxJqtXlZ4Aq5AGS+6rxwqIQKvJvPhUq9gNq02s
AhNpiawjH38XrDtMZG+sZW3VKqxyK9pgrHL2BN2sgRwyXKyhMJMwrK65Hs6s4tevj6z0LXRlrPjjkYqtEqgpya0X
ceLVrR+uU0etLhQCgq0/trOarUxXaLytW2elwK1rDZaJrW1IB9+tf2qSAq2HeYqmrYgo/6atnhp6BK2hIO4brexC
siut+4+w0K4JO8/grk9KZd6uW93nf65f8Kntrnh4DL+uiRuU/66RlylSrpp1jmauts/P+a7G50d0rsu4UeeuzXfB
d67Oy0f2rs9AZP+u0SetE67kfmUJrxGzI4mvEgnKTa8lwxPmryiXsbGvM9AKYK9MBJXPr2BEJZSvbVVwM6+F0UQd
r4fHfvmvjRUXy6+ad4Hqr5/RIJCvvMKYpK/NP2+5r9vSrw6v9xSb97AMZA2dsCEjxc+wN1k1oLBYVP/VsIrX+Qaw
rNs5JLDBhAmGsNYKqhGw1vMut7Dbe6FVsOIZSc2w7dQ//rDvvDJusP20DKqxAumZrbEbdm9dsSIesQixP/LNRLFC
jd4nsUvjF12xXBWeb7FjlRcSsXCZoIyxnOAd0rGhBC6isb3cTm2xv00Wi7HGRg5wscybduGx5GmIUrHwTRkksf/g
95GyETN0GbIRgzpssh9AHu6yMTAYLrIzvg9vsjjDCSyyPVaPMbJGMyIXslBtnqKyauqmXrJz8Goesn0HErOyhJ/u
hLKWFFmMsp6nVd+yqyvJjLLINrw8suKHBtWy/xauHbMGUSLhsyLKZcezQpS5JbNMK7Yzs1LIGMKzWHwTRrNiGHkc
s3pBPkmzmflhn7OyhoE+s7minQ6zxiHsU7PGPbaXs8i4Cgmzy3i7rrPRn6lps9k6CHOz2Zgdq7PlSOoTs+lc/IGz
8ULCbrPxU7qCtBAwTVq0LkHyYrRY53ZTtFo+doG0XZpVU7RkO3OItHP7vRa0lSBSMLSuGweVtLfhJYe0zlzpCbTj
Hc7ItOM8JLK08kWlmrUTETD3tRbQj/i1HvvoxbVMQ92mtVckPM61YrowPbV/6p2xtYZE8BS1ltcZj7XTPTm6tdji
eXS185p5ibYEZaj7tjkazuq2VGuh3bZWnC+4tmnK2lu2cejkkraDr2iHtpGEgfW2o1CMgbauPlk9trXn5bS20Xe6
4Lbij4TxtvWYHgO3DuRh0rcUxN7mtxos2/O3M8X1vbc1cI2ot16EwuK3aYT0c7d0hk62t3y/cs63g+0LyLeTovXh
t6+rJSa3u3nQJ7fI5E9xt90OGEK3+nwvgLgPVKrZuBmfGSO4Li0yd7g5cBLJuEql8lG4qr3w8bi4pgivuMUXK6m4
47zDSrjkkdBquO4eyD24/8SUp7kBoRPAuRj8vZK5Mor0fLk6q09suUXMhCC5T6ozwrliOGVtuZWTw+y5nFqC77nS
W9I5udnAi3253nvODbn/5NkfuhcWKMi6Kq4p3LpPkgC5ulwZRDC6dAw4s7p/wRYMuoSU/1u6kGm++bqSJS0IupQT
x2y6yN8r3brKqa1huvw7ZiG7BGhyZLsW9haSuzyol9+7VWg5NLtdcbsJu33w5Ya7fl/d4Luk1BOMu7NHAFK7toQJ
AbvLZSzLu+xiy9S79wDbMrxBhxzDvEvhHyW8ZcYC2rx4a5R9vIBN/AW8kA7itLzNFQ70vNLgPB69C6wmSr0Vg3VV
vVLgCiO9WQl/FL1dWCdHvXq6oT29mLxIFL2m9ER6vax+Kdm9sbHeI7251oqWveBJD7S97Uyorr33pcT0vf/1wAu+
LDAyU74wjhpNvjauhaS+OG+/WL4+JaudvltxiQu+atseqr50UYZivoiyHmm+mIc+mr6dPwU+vqwHIBm+u3BqYL6/
QIE3vucN8aC+5+hcZL7+eKqHvv8ngfG/BCz6d78u3F5dvy8f1dS/bwn667+sgYh6v7xXD/a/2HV8IL/qiTZgwA7N
gI3ATRC6ycBfrgv9wIpaCcvAqqlW6sDTVihZwN/1Z+7A/tNJcME2Pwj4wTaPOrbBNvFjjME4mbq3wTu8wlDBTwXW
u8FUC2aOwWpl0sfBhiHaDcGZAwOMwaLQoGjBqeBOo8G0IkAjwcLolMXB4J0BZsHmAycvwfOyyLrB+TZRKcICInB3
whoTM8XCH2jzR8IinOYhwiOzsvDCI/qiXcIoIGFowm0dJsTCbrjsX8Jw00G6wnPsAKDCvP1t7cLqrItUwvUNte/D
Ae/b/MM5ye8Iwz3mi6bDPutSOsOLjr6jw48xW5XDmj49CsOddpNMw6gk7vzDvhXtJcPHphRrw8kw+ifD5WFyv8QI
6/2cxA67/i3EJVLfo8Q7rYPxxEIPT2fERUiEv8RYiU6yxFjPMLrEX7g5fsSGrUyQxI/TlxLEo6Vkz8S9iPdLxMF9
FOnEyNq3B8Tm8FxCxQQ1wPHFBY+mKMUVyklhxWGw6bLFa0za8MVswGTqxXBUCCTFfui7QcWVk8uAxathJ+LF2Bnl
UMXe3XEkxebphbnF86/9e8YYzuvexihpLM/GOevoxcZc4/+Kxm0gUhXGc4MqDcZ23M6XxopLFIbGkgBAqcaaenVF
xqVZ0+rGraFhksbSrwZTxtUYCtLG5hlRLMcH0NqnxzMtZXDHUX75l8dgwwiXx6ky7SjH1KJAPMgYyiBUyB1icc7I
NPslusha27UdyIIuUbLInVeUjMifFByFyKHDVYbItEDdZci9xPb0yPIOGD3I++WYzckLvfK5yQvZ0K/JHcvZIMkf
/JaOyTWkcvnJWnbLi8l6Tts0yYyTnMXJjuYV4cmhdZ2YycbN2RrJ0ag9hMnYsLjoydyOlJfJ6zUZzMoI0Ry+yhpq
O6DKI0J3Sco0MkNYyjoIc/XKQPoJdcpBk5Q0ykH7yobKWKGiicqCM/4oypZuA8jKo4p39srl5FBSyuYnDxzK+J2J
2sr7bJ2NywEm/C7LCN31kMsh26uryzFnjq3LQJOCwctTzs+Iy28zNMLLjRCzM8umh0jYy6w3PJrL59GpGMwFBPDw
zAp/V8LMJrc21Mw4pboGzFVhfxfMYtj8XMyAViYkzL4XabrM6jZwXM0KsZXczRl9lm/NQNbSM81FukydzXAnKd7N
t7Cai83qvIoXzfB+WnHN+ZbgoM3+J+t+zli+otnOZpDjac5/tMqZzsmN1HLO2wkVpc7oHBzDzxXmasfPJDEug88s
RImKzzrRtQvPSgYhrc9jGsxLz2d/tKvPeoV7pM+Bga3qz4diCO/PpY25k8+ytbl5z9Dgm8bP4gIME8/i56+nz+YI
/xvQNl8wJNBOcpP90E9csizQZ7f6utBqLfw40IXGervQijjkptCcdPPe0K3Imc/Qrtlm8dCwffyU0L3riZTQxU+g
uNDLMnRl0OuIVWvQ8ZgHNND9t+TR0Qdk9LzRClN/SdEaqqWB0RsdAuTRLFK/KNEuGwOf0THsh5nROIq56NFHgnnN
0VzbR03RX2EhRdF0WUok0XeogyDRryYZVNG2lsI50bvpU2jRzrscctHkPVev0gxP1sPSExHqW9IsswtT0mZ7hufS
Z7Av3tJuACG30naqYOvSjdG4ltKxqpvZ0r8UstvSwMPiatLYOhQB0t5SgYLS+iKc3dMISNjI0yXYdK7TL49AcdNE
NOom00s/Mp7Tf4FHsdOV3Y2u06FIZWDT00grtNPbkR+B0+SvG4/T6CWaptPsTpzY0/08m8zUFkQ9h9QfO96j1C+s
ffnUS7RZudRoNYCl1GiNjBHUdhy0XdSEy28U1ITnbT3Ur1fwxNTG/XPy1Md4rebU456URNTlXsEp1P0sqTvU/867
jNUAbBLB1QNkRwfVBf3K4NUG2jX71Se92PHVLO2VVtU9zX4n1UUH0JrVSe3IkdVRHztk1WhD5x/Vbsr3tNWd5Z3r
1aO+AnPVwTrymdXNjKZC1ddoO2TV/4wDitYOE/UE1jlRQvbWQwbjL9ZO4ijW1lAzO5XWk/8SVdbxwXrE1v8IsC7W
/33oidciuN5V1y9+/4/XR7SA39dfDNSf13odcxzXmmyK3Nejd+3F16STW8DXp9iASNfNDeaE19aeQ7vX4VuDItfj
u+Zw1+yFvwzX9iqQ99gqn97e2DOPbDPYNQktS9hTk9IY2HCb157Yj1ehYtiQco7U2JNYi5vYmn7+ANipfHV82LUQ
0Z/YvQMtutjdXYry2OtW2/TZAET4gdkHiYHK2Q/6IGnZG/uD39liWDRQ2WWI7izZfy9tX9m/YnYW2c+NC0HZ1ZeB
INnZJlon2fJlLcPaGEWpztpDoW192ldNrajasxg5ndqz7oRi2r0wZxrawV9K0NrS5jib2tlaFw/a8iX69dr21txB
2wjAtW7bGrd2qtsoK/Y62zbenpfbR7JZYdtIiG6327W9+yDbylKzEtvv9x5e3BYkfcLcQHL44NxCRzgU3FPfG+Tc
VLYTndxjjKXL3GhVQNvcqhbgjdyzm9qS3N9QCgrc78VYW90Akvyl3QR35D3dCIY+Bt0/QVXD3VI0cmLdVH4Qqt1q
7Nir3XS5s/zdfMUT592Qy2jn3e9B1vLd+I1pud4LASvY3g2oxuneF+D+7d4lUObv3jI3j6feQaHFId5Fw8i+3noX
npnehYc1Jt6J5ScT3oo2kenelmYJb96oCKvh3sEeFRve15bKoN7cznR93yZNY+LfMWdOYd9folUL368ychPfwxQx
at/QJUc03+2fVdbf+9ABFuAANTtU4BHFBpngFDdXqeAdH6aW4DXvjEvgQXG3cuBxGUZr4KXJRkDgpkcY8ODLVQbz
4Ns/wa/g4yzlLODwYsgg4PuKJ+HhDZyNA+Ea2u5j4R7TKabhRA5nqOFGFmq/4UhvkbPhTfKlQOFVhf3z4bQBRl7h
3AQxNuHeW7VH4g361JLiEOJ/MeISdkMZ4hS8ukziHSEy4OJllJH+4miBv9XiaI15nuJtZ80E4oCgQZzih5H7AOKX
MQUZ4qXsbXfis44r2OLA2Wqz4tg19rvi6MrPjeL0hMTr4vpyLdDjDtaqPeMtrV7M41fv8NHjgBsq2eOEkGqk446V
p/rjjpxm8uOZDYjR45oGccXjpmdoU+Or3Mip47BZUofj2wzxz+P/IbP65AX1q47kI2tdBuQq8smN5DfOFI7kTWpF
4uRbZHY+5GnVkmjkptni7uSo4zGE5MqxzkLkzP5N1+TNqDdO5NWAPB7lKTaWGOU4H6v+5WH0R0PlYfYs4uWgkA+v
5awUD8flvMdO2+XJMHGl5dO0iR/l35dnuuXkop8P5gCmQlnmI1w2d+Yj5GKY5jE5+43mN30CMeY77baI5lC+ndHm
ZLcK+OZpwEKb5mrLLZDma8PzN+Zr6UzB5oGgYdTmhVPxTOajFpHu5rrUGZ/mvRqIh+bD/EnT5tUnf9jm3OpDOubs
E72D5wtldUvnSDkNUedfUc8t52+AQ2vnnd9Kveej4TT458TQYfrnyIK7EefwBOjF5/v1BTnoAUNWUuglYJVi6Cz3
mvvoViXqjOhpsPup6GwU4FPobFxP3ejWU0us6NsEKMLo3x+3OOjzbiXt6QiVbT/pGpLDzukiDKnT6UlaPqLpXRLb
mOldzYcP6Xv6cujpfni13umFu/wT6aN1Cx7po9wUGemyQ5Bb6bWGReLpvWTu+unGJ4XJ6dWtE4jp20y2venfNcc/
6e5JdenqBnL0GeoN27PH6hPDl3zqFY2BB+o+Xe9z6mvMLiHqbBEuVurm/7cN6wYkky7rKZdAMOs+qWkV61tBWtHr
eVYN9eus+J/T678qDojrxz47hOvVgPui6/bY2fTr+tH5zOv8Zp+Y7BKTUVjsMX+ovuxVhDIZ7GxsF3LsbjV/ruyh
S02m7LzEof3s1qR7eOzd4gAY7N+DMeXs7gtaiO1r02+h7YXKFlPtkOyLDe2XnDLA7a4EkIftvI0IZO29CYlw7dY4
Dqjt3xirSO3xTho27fHi7B7t9VEzN+35w8+P7f01t9buM8kiK+47Toz87klpntfuUb3XXe5UcKLp7njeUlzukWnD
WO6a/RC37qVb6hPuqKASWu7S+tqB7tZycOzu5JRRSe73wZrs7wXAYyrvJoske+8rOiIY7zCuehnvMOmjZu8/flmH
70Ed9nvvUSVQae9SQ5ra71SMqNXvVjR4Ce9y+7W074bBSUnvj+TuMe+vQLuT78dFhvrv3FxSAu/251Qc8ARE4WLw
D4UPafAxQjVx8EHuibDwZfRhRfB78pvU8HxjFLbwmoaHHvCw8E1C8LgBHVrwxGZxE/DYxLpz8OjAhcnw/XoAffEI
JICh8RQGzTnxLOyETfFDSVsY8VnJ2I7xdNhPi/F1/W6Z8ZKvBu/xneSazfGkCVjg8asjYK3xrueKh/HDcXoB8cQq
Dxvx0h3WIfHSneru8doozorx52qmzfHqKmZs8ifTSAHyO5gMuPJYbBTk8mQVYIzyeqHEbfKS/BWI8pZhldjyzlr+
PPL2ct748xl42InzICFfw/Mj9PL28ydyHgrzKPbKSPNFJg2o82ec787zaTxalvONnutL85rFXD/zsDUzQPO58vZm
889lE93z71FkRfPyxOUv8/1ErsX0GfGhOPQd1eK39CCrlyT0LNvD8PRBkb2J9I1RlcL0m29lR/UKjrJx9Q10Nd31
DY7cfPUtsfPw9TZ/+QL1ObP91/VAszyj9WepvKb1mb95S/WpMCZp9bbyv9z1xObsX/XwWZuX9fjYFyn1+mbdXPYH
A7IB9g8ILsn2TSeco/ZhhToO9oE3H8D2keYi6vbM1RuP9tCoA2b211NHOPbYKYLA9uYPk+L3ETS93vcShucq9yDJ
49j3ITWFzvcrOvPZ90SAs273jIsnx/eOyQEE95A3Cy33k0S9F/eem3wA96Q6ZkX3rUcjIPe11fR8987i8K/32Rne
kPf8AVto+AvZ8QT4PBywB/hA3E6L+HAxcsD4tcD0BPjMc+Xz+N4NcGH4+sD/N/j929PR+QtqfIL5FTyhD/koONri
+So0cXn5K/ARHPk18HxS+TnKoTn5QsWk7vlIK5WA+U1lSAv5XrCAT/lf4HoQ+WjEtKn5b+oZ7Pl2XauY+Yehslf5
sV3qqPm3d9dE+bqO/i/5x7j1xPnSLeSj+fACY9H58HCmcPoGzIuL+h2FofD6Kbp4b/o8hN8d+j5H0EL6UgBRlPpb
WAH3+nUhEiP6dU1uJ/qOKcRq+qSg9zv6xdfT2PrGknSU+sg/pWv613kJgPrglq86+veC4tb6/hIZ3/sO8qRJ+xqd
UXj7HTSAEvsuItx7+z/G5a37SPM+u/tVfpf1+2LcdY37ednY8vuD4W0I+5SnQXL7ob6kefvRugBQ++J8SBL8AAOr
IfwATPdp/BWhkub8MHDtRfw3C1bK/D7DlsP8QOqUWvxB4Glz/GZ1Xdz8Z900HPyLGy23/IwlTeD8j0jFCfzBskW8
/PSbbYP9D+JgXv0SO6Pm/RRDkLr9IG8CMP0l2kaQ/SYtraX9QwBKlP1JQFxX/XaYfEr9hyEgGv2OOKJp/Y8Pb8P9
sucaEf3DEOmN/c+IaCj+AxT5y/4IkM/9/hK2haf+Fwbnmv4eVzNG/ixa00r+TihuZP5YSvLU/og3c6P+pBUmW/6x
TLtk/sPYtBD+0KHr7P7Q+js8/u0GWTD+72E4Dv826Jvj/0h37jX/SlJNR/9cbGWO/3cKX+L/fDD+kP+atPb5/6PX
Pvj/9BFrhg=="""
