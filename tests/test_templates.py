"""The editors' texts: the preface and the concepts chapter are Jinja2 templates.

- every template of report/textes renders for editions 2022, 2023, 2024, no placeholder left;
- the facts follow the parameters (override them, the text changes);
- an edition folder replaces or completes the common text, for its edition only
  (a temporary templates root: nothing is written into report/);
- a broken template stops with the file and the line, in French: the render leaves the
  previous build intact, the CLI prints one line and no traceback, `textes` writes nothing;
- templates are read at every render and are no input of the section cache key;
- the prose lives in the templates, not in the Python sources;
- `chiffres-cles textes` works before any build and after one.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from chiffres_cles import cli, freshness
from chiffres_cles.params import PROJECT_ROOT, PromotionWindow, load_params
from chiffres_cles.reference import Reference
from chiffres_cles.render import chapters, templates
from chiffres_cles.render.chapters import concepts_markdown, preface_markdown
from chiffres_cles.render.templates import TemplateTextError

EDITIONS = (2022, 2023, 2024)
TEXTES = PROJECT_ROOT / "report" / "textes"
RENDER_PY = sorted((PROJECT_ROOT / "lib" / "chiffres_cles" / "render").glob("*.py"))
KEYFIGURES = {"01": {"auditeurs": {"value": 57500, "text": "57\u202f500",
                                   "label": "auditeurs sans double compte"}}}


@pytest.fixture(scope="module")
def ref() -> Reference:
    return Reference()


@pytest.fixture
def root(tmp_path) -> Path:
    """A copy of report/textes in a temporary templates root (editions/ empty)."""
    shutil.copytree(TEXTES, tmp_path / "textes")
    (tmp_path / "editions").mkdir()
    return tmp_path


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")


def titles(p):
    from chiffres_cles.sections import title

    return [(n, title(n, p)) for n in range(1, 70)]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- every template renders, nothing left over --------------------------------------------

@pytest.mark.parametrize("edition", EDITIONS)
def test_every_template_renders_with_no_placeholder_left(ref, edition):
    p = load_params(edition)
    contexts = {"preface": chapters.preface_context(p, KEYFIGURES, {"data_dir": "data/synthetic"}),
                "concepts": chapters.concepts_context(p, ref, titles(p))}
    files = sorted(TEXTES.rglob("*.md.j2"))
    assert {f.relative_to(TEXTES).as_posix() for f in files} >= {
        "preface.md.j2", "concepts.md.j2", "concepts/i-concepts.md.j2",
        "concepts/ii-organisation.md.j2", "concepts/iii-sources.md.j2",
        "concepts/iv-regles.md.j2", "concepts/v-tableaux.md.j2"}
    for f in files:
        name = f.relative_to(TEXTES).as_posix()
        context = contexts["preface" if name == "preface.md.j2" else "concepts"]
        text = templates.render(name, context, edition)
        assert text.strip(), name
        for marker in ("{{", "}}", "{%", "%}", "{#", "#}"):
            assert marker not in text, (name, marker)
    for md in (preface_markdown(p, KEYFIGURES, {}), concepts_markdown(p, ref, titles(p))):
        assert not re.search(r"\{[{%#]|[}%#]\}", md)
        assert "\n\n\n" not in md and md.endswith("\n") and not md.endswith("\n\n")


def test_the_chapters_include_all_their_parts(ref):
    p = load_params(2023)
    md = concepts_markdown(p, ref, titles(p))
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert [h.split(".")[0] for h in headings] == ["## I", "## II", "## III", "## IV", "## V"]


# -- the facts follow the parameters --------------------------------------------------------

def test_concepts_facts_follow_the_parameters(ref):
    base = load_params(2023)
    window = PromotionWindow("2021-2022", "R", dt.date(2021, 12, 1), dt.date(2022, 12, 15))
    p = dataclasses.replace(base, extraction_date=dt.date(2024, 5, 17), min_base=25,
                            promotion_overrides=tuple(base.promotion_overrides) + (window,))
    before = plain(concepts_markdown(base, ref, []))
    after = plain(concepts_markdown(p, ref, []))
    assert "l'extraction date du 5 avril 2024" in before
    assert "l'extraction date du 17 mai 2024" in after and "5 avril 2024" not in after
    assert "la promotion 2021-2022 réunit les jurys tenus du 01/12/2021 au 30/11/2022" in before
    assert "la promotion 2021-2022 réunit les jurys tenus du 01/12/2021 au 15/12/2022" in after
    assert ("Ce calendrier a connu une dérogation : pour la promotion 2021-2022, la fenêtre des "
            "diplômes soumis à la règle du rectorat s'étend du 01/12/2021 au 15/12/2022.") in after
    assert "moins de 20 unités" in before and "moins de 25 unités" in after
    assert "moins de 20 unités" not in after
    preface = plain(preface_markdown(p, {}, {}))
    assert "réalisée le 17 mai 2024" in preface


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_years_are_those_of_the_edition(ref, edition):
    p = load_params(edition)
    md = plain(concepts_markdown(p, ref, titles(p)))
    start = int(p.N[:4])
    assert f"(du 1er septembre {start} au 31 août {start + 1})" in md
    assert f"L'édition {edition} comprend les tableaux suivants" in md


# -- an edition's own words -----------------------------------------------------------------

def test_an_edition_file_replaces_the_common_one_for_its_edition_only(ref, root):
    write(root / "editions" / "2023" / "concepts" / "iv-regles.md.j2",
          "## IV. Règles de l'édition {{ edition }} {.unnumbered}\n\nSeuil : {{ seuil }} unités.\n")
    p23, p24 = load_params(2023), load_params(2024)
    md23 = plain(concepts_markdown(p23, ref, [], root=root))
    md24 = plain(concepts_markdown(p24, ref, [], root=root))
    assert "## IV. Règles de l'édition 2023" in md23 and "Seuil : 20 unités." in md23
    assert "Petites bases" not in md23 and "## III. Sources" in md23   # only part IV replaced
    assert "Petites bases" in md24 and "Règles de l'édition" not in md24
    assert templates.edition_files(2023, root) == [
        (root / "editions" / "2023" / "concepts" / "iv-regles.md.j2", "remplace")]
    assert templates.edition_files(2024, root) == []


def test_an_edition_completes_the_common_text_at_the_documented_places(ref, root):
    ed = root / "editions" / "2024"
    write(ed / "editorial.md.j2", "**Éditorial.** L'édition {{ edition }} inaugure une nouvelle maquette.\n")
    write(ed / "note-de-methode.md.j2", "**Changement de méthode.** Les séries ont été recalculées.\n")
    write(ed / "editorail.md.j2", "Mal nommé.\n")
    p = load_params(2024)
    preface = preface_markdown(p, {}, {}, root=root)
    lines = preface.splitlines()
    assert lines[:3] == ["# Chiffres clés 2024", "",
                         "**Éditorial.** L’édition 2024 inaugure une nouvelle maquette."]
    assert lines[3] == "" and lines[4].startswith("Les Chiffres clés rassemblent")
    concepts = concepts_markdown(p, ref, [], root=root)
    intro, rest = concepts.split("## I. Concepts")
    assert "**Changement de méthode.** Les séries ont été recalculées." in intro
    assert "\n\n\n" not in concepts
    # without the edition folder, the places stay empty and leave no blank line
    assert "Éditorial" not in preface_markdown(load_params(2023), {}, {}, root=root)
    status = dict((f.name, s) for f, s in templates.edition_files(2024, root))
    assert status == {"editorial.md.j2": "complète", "note-de-methode.md.j2": "complète",
                      "editorail.md.j2": "ignoré"}


def test_an_edition_file_can_reuse_the_common_text(ref, root):
    write(root / "editions" / "2023" / "concepts" / "iv-regles.md.j2",
          '{% include "commun/concepts/iv-regles.md.j2" %}\n\n**Note de l\'édition.** Texte ajouté.\n')
    md = plain(concepts_markdown(load_params(2023), ref, [], root=root))
    part = md.split("## IV.")[1].split("## V.")[0]
    assert "Petites bases" in part and part.rstrip().endswith("**Note de l'édition.** Texte ajouté.")


# -- errors: file and line, in French, nothing written ---------------------------------------

def break_template(root: Path, name: str, old: str, new: str) -> Path:
    path = root / "textes" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    return line


def test_unknown_placeholder_gives_file_and_line(ref, root):
    line = break_template(root, "concepts/iv-regles.md.j2", "moins de {{ seuil }} unités n",
                          "moins de {{ seuill }} unités n")
    with pytest.raises(TemplateTextError) as err:
        concepts_markdown(load_params(2023), ref, [], root=root)
    message = str(err.value)
    assert err.value.line == line
    assert message.startswith(f"Texte {root / 'textes' / 'concepts' / 'iv-regles.md.j2'}, ligne {line} : ")
    assert "valeur inconnue « seuill »" in message and "\n" not in message


def test_syntax_error_gives_file_and_line(root):
    line = break_template(root, "preface.md.j2", "{% endfor %}", "{% endfo %}")
    with pytest.raises(TemplateTextError) as err:
        preface_markdown(load_params(2023), {}, {}, root=root)
    assert err.value.line == line and err.value.path == root / "textes" / "preface.md.j2"
    assert f"preface.md.j2, ligne {line} : erreur de syntaxe : balise inconnue « endfo »" in str(err.value)


def test_unknown_attribute_and_missing_include(ref, root):
    line = break_template(root, "concepts/ii-organisation.md.j2", "{{ epn.nombre }}", "{{ epn.nombr }}")
    with pytest.raises(TemplateTextError, match=rf"ii-organisation.md.j2, ligne {line} : valeur inconnue « nombr »"):
        concepts_markdown(load_params(2023), ref, [], root=root)
    shutil.rmtree(root / "textes")
    shutil.copytree(TEXTES, root / "textes")
    line = break_template(root, "concepts.md.j2", '"concepts/v-tableaux.md.j2"', '"concepts/vi.md.j2"')
    with pytest.raises(TemplateTextError, match=rf"concepts.md.j2, ligne {line} : gabarit introuvable « concepts/vi.md.j2 »"):
        concepts_markdown(load_params(2023), ref, [], root=root)


@pytest.fixture
def project_root(monkeypatch, root):
    """The temporary templates root used wherever the project's report/ would be."""
    monkeypatch.setattr(templates, "REPORT_DIR", root)
    return root


def test_failing_template_leaves_the_previous_build_intact(tmp_path, project_root, capsys):
    from test_render import make_edition

    build = tmp_path / "build"
    ed = make_edition(build)
    assert cli.main(["render", "--edition", "2023", "--build-dir", str(build), "--engine", "builtin"]) == 0
    before = {p.relative_to(ed): p.read_bytes() for p in ed.rglob("*") if p.is_file()}
    assert "Les Chiffres clés rassemblent" in (ed / "book" / "index.md").read_text(encoding="utf-8")
    capsys.readouterr()
    line = break_template(project_root, "concepts/iv-regles.md.j2", "{{ seuil }}", "{{ seuil_inconnu }}")
    code = cli.main(["render", "--edition", "2023", "--build-dir", str(build), "--engine", "builtin"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.strip().splitlines() == [
        f"Échec : Texte {project_root / 'textes' / 'concepts' / 'iv-regles.md.j2'}, ligne {line} : "
        "valeur inconnue « seuil_inconnu » (aucune valeur de ce nom n’est fournie au texte)."]
    assert "Traceback" not in out + err
    after = {p.relative_to(ed): p.read_bytes() for p in ed.rglob("*") if p.is_file()}
    assert after == before
    assert not list(ed.glob(".rendu-*"))


def test_textes_command_writes_nothing_on_a_template_error(tmp_path, project_root, capsys):
    break_template(project_root, "preface.md.j2", "{{ annee }}", "{{ annee | inconnu }}")
    code = cli.main(["textes", "--edition", "2023", "--build-dir", str(tmp_path), "--no-html"])
    out, err = capsys.readouterr()
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "preface.md.j2, ligne" in err
    assert "filtre inconnu « inconnu »" in err and "Traceback" not in err
    assert not (tmp_path / "cc2023" / "textes").exists()


# -- templates: read at every render, no input of the section cache ------------------------

def test_a_template_change_shows_at_the_next_render(ref, root):
    p = load_params(2023)
    assert "Une phrase nouvelle." not in preface_markdown(p, {}, {}, root=root)
    path = root / "textes" / "preface.md.j2"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "# Chiffres clés {{ edition }}\n", "# Chiffres clés {{ edition }}\n\nUne phrase nouvelle.\n"),
        encoding="utf-8")
    assert "Une phrase nouvelle." in preface_markdown(p, {}, {}, root=root)


def test_templates_are_no_input_of_the_section_cache_key():
    assert not TEXTES.resolve().is_relative_to(freshness.LIB_DIR)
    assert not list(freshness.LIB_DIR.rglob("*.j2"))
    assert not (PROJECT_ROOT / "report").resolve().is_relative_to(freshness.LIB_DIR)


# -- the words are in the templates ------------------------------------------------------------

def test_the_prose_lives_in_the_templates_not_in_python(ref):
    known = {
        "preface.md.j2": "Les Chiffres clés rassemblent chaque année les principales statistiques",
        "concepts/iii-sources.md.j2": "Le tableau retient le système principal de chaque centre",
        "concepts/iv-regles.md.j2": "En raison de la crise sanitaire de la Covid-19",
        "concepts/i-concepts.md.j2": "Le Cnam se distingue par une offre",
    }
    sources = {p.name: plain(p.read_text(encoding="utf-8")) for p in RENDER_PY}
    for name, sentence in known.items():
        assert sentence in plain((TEXTES / name).read_text(encoding="utf-8")), name
        for py, text in sources.items():
            assert sentence not in text, (sentence, py)
    # and no run of eight words of the rendered chapters is in a Python source of render/
    p = load_params(2022)
    rendered = plain(concepts_markdown(p, ref, []) + preface_markdown(p, {}, {"data_dir": "synthetic"}))
    code = " ".join(" ".join(sources.values()).split())
    for fragment in re.split(r"[.;:()«»*\n]", rendered):
        words = fragment.split()
        for i in range(len(words) - 7):
            run = " ".join(words[i:i + 8])
            assert run not in code, run


def test_apostrophes_of_the_text_not_of_the_values(ref, root):
    write(root / "editions" / "2023" / "editorial.md.j2", "L'édition {{ \"d'un\" }} aujourd'hui.\n")
    p = load_params(2023)
    md = preface_markdown(p, {"01": {"x": {"text": "1", "label": "d'âge"}}}, {}, root=root)
    assert "L’édition d'un aujourd’hui." in md        # typed text: ’ ; a value: as it is
    assert "- **1** d'âge" in md
    concepts = concepts_markdown(p, ref, [(1, "Nombre d'auditeurs")], root=root)
    assert "- Tableau 1\u202f: Nombre d'auditeurs" in concepts   # published titles as they are


def test_filters():
    assert templates.date_longue(dt.date(2021, 12, 1)) == "1er décembre 2021"
    assert templates.date_longue(dt.date(2024, 4, 5)) == "5 avril 2024"
    assert templates.date_courte(dt.date(2024, 4, 5)) == "05/04/2024"
    assert templates.enumeration(["a", "b", "c"]) == "a, b et c"
    assert templates.enumeration(["a", "b"], "ou") == "a ou b"
    assert templates.enumeration([]) == "" and templates.enumeration(["a"]) == "a"
    assert templates.accord(1, "centre", "centres") == "centre"
    assert templates.accord(0, "centre", "centres") == "centres"
    assert templates.en_lettres(4) == "quatre" and templates.en_lettres(25) == "25"
    assert templates.minuscule_initiale("Licence") == "licence"
    assert templates.minuscule_initiale("DEUST") == "DEUST"
    assert templates.prefixe(["a", "b"], "en ") == ["en a", "en b"]


# -- chiffres-cles textes ----------------------------------------------------------------------

def test_textes_before_any_build(tmp_path, capsys):
    assert cli.main(["textes", "--edition", "2024", "--build-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    folder = tmp_path / "cc2024" / "textes"
    assert "chiffres clés absents" in out
    for name in ("preface.md", "concepts.md", "preface.html", "concepts.html", "styles.css"):
        assert (folder / name).exists(), name
    preface = (folder / "preface.md").read_text(encoding="utf-8")
    assert preface.startswith("# Chiffres clés 2024")
    assert "Aucune section n’a été exécutée" in preface
    html = (folder / "concepts.html").read_text(encoding="utf-8")
    assert "Concepts, sources et périmètres" in html and html.count("<table") == 2
    assert not (tmp_path / "cc2024" / "book").exists()


def test_textes_after_a_build_uses_its_key_figures_and_parameters(tmp_path, capsys):
    ed = tmp_path / "cc2023"
    (ed / "keyfigures").mkdir(parents=True)
    (ed / "keyfigures" / "01.json").write_text(json.dumps(KEYFIGURES["01"]), encoding="utf-8")
    params = load_params(2023, {"min_base": 30}).as_dict()
    (ed / "manifest.json").write_text(json.dumps({"params": params, "data_fingerprint": "f00d"}),
                                      encoding="utf-8")
    assert cli.main(["textes", "--edition", "2023", "--build-dir", str(tmp_path), "--no-html"]) == 0
    out = capsys.readouterr().out
    assert "absents" not in out
    preface = plain((ed / "textes" / "preface.md").read_text(encoding="utf-8"))
    assert "- **57 500** auditeurs sans double compte" in preface
    assert "Empreinte des données utilisées : f00d." in preface
    assert "moins de 30 unités" in plain((ed / "textes" / "concepts.md").read_text(encoding="utf-8"))
    assert not (ed / "textes" / "preface.html").exists()


def test_textes_names_the_edition_files(tmp_path, project_root, capsys):
    write(project_root / "editions" / "2023" / "editorial.md.j2", "Éditorial.\n")
    assert cli.main(["textes", "--edition", "2023", "--build-dir", str(tmp_path), "--no-html"]) == 0
    out = capsys.readouterr().out
    assert "editorial.md.j2 (complète le texte commun)" in out
    assert "Éditorial." in (tmp_path / "cc2023" / "textes" / "preface.md").read_text(encoding="utf-8")
