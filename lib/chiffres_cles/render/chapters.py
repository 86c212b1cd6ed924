"""The hand-written chapters of the book: the preface and « Concepts, sources et périmètres ».

Both are Pandoc Markdown (no Quarto-only syntax), read by the Quarto book and by the
built-in engine alike. The text restates the Observatoire's methodology chapter in the
project's own words; every year, date, threshold and list in it comes from the edition's
parameters (`EditionParams`), the reference files (`Reference`) or the registry of tables,
so the chapter is right for every edition.

French typography is applied last (`typographie`): no-break space inside « », narrow
no-break space (U+202F) before ; : ! ? and %.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from babel.dates import format_date

from ..params import EditionParams, academic_year, year_start
from ..reference import Reference
from ..sections import SECTIONS, Section, section_of

NBSP = "\u00a0"
NNBSP = "\u202f"
MANUAL = "collecte manuelle"

# What the acronym of each known system of record stands for (seed §III); any other system
# of the centres reference is printed as it is.
SYSTEM_NAMES = {
    "siscol": "SISCOL (système d’information de la scolarité)",
    "gescicc@": "Gescicc@ (gestion de scolarité d’un centre Cnam)",
    "galao": "GALAO (gestion de l’alternance assistée par ordinateur)",
    "siicre": "SiiCRE (système informatique intégré)",
    "sissae": "SISSAE (système de gestion interne)",
    "open portal": "Open Portal",
    MANUAL: "Collecte manuelle de l’Observatoire",
}


# -- small French helpers ----------------------------------------------------------------

def typographie(text: str) -> str:
    """French spacing: « text » with no-break spaces, U+202F before ; : ! ? %."""
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", NBSP + "»", text)
    text = re.sub(r"[ \u00a0]([;:!?%])", NNBSP + r"\1", text)
    return text


def apostrophes(text: str) -> str:
    """Typographic apostrophe (’) for the straight one of reference labels."""
    return re.sub(r"(?<=\w)'(?=\w)", "’", text)


def date_courte(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def date_longue(d: dt.date) -> str:
    """« 5 avril 2024 », « 1er décembre 2021 »."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {format_date(d, 'MMMM', locale='fr')} {d.year}"


def enumeration(items: Iterable[str], last: str = "et") -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _lcfirst(label: str) -> str:
    """Lower-case the first letter unless the first word is an acronym (DEUST, MBA, CLE)."""
    first = label.split(" ")[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def _ucfirst(label: str) -> str:
    return label[:1].upper() + label[1:]


def _plural(n: int, singular: str, plural: str) -> str:
    return singular if n == 1 else plural


_WORDS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
          "onze", "douze", "treize", "quatorze", "quinze", "seize")


def _nombre(n: int, singular: str, plural: str) -> str:
    """« quatre centres », « un centre », « 25 centres » (words up to seize, as in print)."""
    word = _WORDS[n] if 0 <= n < len(_WORDS) else str(n)
    return f"{word} {_plural(n, singular, plural)}"


# -- what the reference says -------------------------------------------------------------

def centres_open(ref: Reference, annee: str) -> pd.DataFrame:
    """The reference's centres (one row per code) open in the academic year, in publication
    order: aire, then `ordre_publication`, then label."""
    c = ref.centres.copy()
    start = year_start(annee)
    opened = c["annee_ouverture"].isna() | (c["annee_ouverture"] <= start)
    not_closed = c["annee_fermeture"].isna() | (c["annee_fermeture"] > start)
    c = c[opened & not_closed].copy()
    c["_aire"] = c["aire"].map(ref.aires["ordre"])
    c = c.sort_values(["_aire", "ordre_publication", "libelle"], kind="stable", na_position="last")
    c["systeme"] = c["systeme"].fillna("").astype(str).str.strip()
    return c.drop(columns="_aire")


def _system_key(system: str) -> str:
    return system.strip().lower()


def systems_of_record(ref: Reference, annee: str) -> list[tuple[str, list[str]]]:
    """(system, labels of its centres) for the centres open in the year, grouped by system:
    systems in the order of their first centre, the manual collection last."""
    c = centres_open(ref, annee)
    groups: dict[str, tuple[str, list[str]]] = {}
    for _, row in c.iterrows():
        system = row["systeme"] or "non renseigné"
        key = _system_key(system)
        groups.setdefault(key, (system, []))[1].append(row["libelle"])
    out = [v for k, v in groups.items() if k != MANUAL]
    if MANUAL in groups:
        out.append(groups[MANUAL])
    return out


def manual_centres(ref: Reference, annee: str | None = None) -> list[str]:
    """Labels of the centres whose system of record is the manual collection."""
    c = centres_open(ref, annee) if annee else ref.centres
    return [lab for lab, s in zip(c["libelle"], c["systeme"].fillna("").astype(str))
            if _system_key(s) == MANUAL]


def _system_label(system: str) -> str:
    return SYSTEM_NAMES.get(_system_key(system), _ucfirst(system))


def _systems_table(ref: Reference, annee: str) -> str:
    # no « Table: » caption: the engines would number it, next to the publication's Tableaux 1–69
    lines = [
        f"**Système de gestion de la scolarité des centres Cnam en {annee}**",
        "",
        "| Système de gestion de la scolarité | Centres | Nombre |",
        "|:-------------------|:----------------------------------------|------:|",
    ]
    for system, centres in systems_of_record(ref, annee):
        lines.append(f"| {_system_label(system)} | {', '.join(centres)} | {len(centres)} |")
    return "\n".join(lines)


def _modalite_phrase(ref: Reference, codes: Iterable[str]) -> str:
    labels = ref.labels("modalite")
    return enumeration([f"en {_lcfirst(labels.get(c, c))}" for c in codes], last="ou")


def _parchemin_labels(ref: Reference, groupe: str) -> tuple[list[str], bool]:
    """Labels of one promotion group (R or C), without the catch-all « Autre »."""
    df = ref.parchemins
    df = df[df["groupe"] == groupe]
    others = "AUTRE" in df.index
    return [_lcfirst(lab) for code, lab in df["libelle"].items() if code != "AUTRE"], others


def _promotion_window(p: EditionParams, promotion: str, groupe: str) -> tuple[dt.date, dt.date]:
    """The jury window of a promotion « (Y−1)-Y » for one group, overrides included."""
    for w in p.promotion_overrides:
        if w.promotion == promotion and w.groupe == groupe:
            return w.debut, w.fin
    y = year_start(promotion) + 1
    if groupe == "R":
        start = dt.date(y - 1, 12, 1)
        for w in p.promotion_overrides:  # an extended previous window moves this start
            if w.groupe == "R" and w.promotion == academic_year(y - 2) and w.fin >= start:
                start = w.fin + dt.timedelta(days=1)
        return start, dt.date(y, 11, 30)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _override_sentences(p: EditionParams) -> list[str]:
    out = []
    groupe_label = {"R": "des diplômes soumis à la règle du rectorat",
                    "C": "des autres diplômes et certifications"}
    for w in p.promotion_overrides:
        if w.promotion not in p.SP:
            continue
        if 2019 <= year_start(w.promotion) <= 2020:
            lead = ("En raison de la crise sanitaire de la Covid-19, le rectorat a assoupli "
                    "ce calendrier")
        else:
            lead = "Ce calendrier a connu une dérogation"
        text = (f"{lead} : pour la promotion {w.promotion}, la fenêtre "
                f"{groupe_label.get(w.groupe, 'du groupe ' + w.groupe)} s’étend du "
                f"{date_courte(w.debut)} au {date_courte(w.fin)}")
        nxt = academic_year(year_start(w.promotion) + 1)
        if nxt in p.SP and w.groupe == "R":
            start, _ = _promotion_window(p, nxt, "R")
            if start != dt.date(year_start(nxt), 12, 1):
                text += f", si bien que celle de la promotion {nxt} ne s’ouvre que le {date_courte(start)}"
        out.append(text + ".")
    return out


# -- the concepts chapter ----------------------------------------------------------------

def _part_concepts() -> str:
    return """## I. Concepts {.unnumbered}

Le Conservatoire national des arts et métiers (Cnam) a pour mission la formation professionnelle supérieure des adultes déjà engagés dans la vie active, à tous les âges de leur carrière. Cette formation continue rassemble la majorité de ses inscrits. Les autres sont des apprentis et des étudiants de formation initiale, que le Cnam accueille de longue date dans quelques filières : les élèves ingénieurs de l’École supérieure des géomètres et topographes (ESGT), les étudiants de l’Intechmer (Institut national des sciences et techniques de la mer) ou ceux de l’Enjmin (École nationale du jeu et des médias interactifs numériques).

**Auditeur.** Le Cnam appelle auditeur toute personne qu’il a inscrite administrativement — en principe dans le centre de la région où elle réside — et qui suit au moins un enseignement ou une activité répertorié dans BéDéO, la base nationale de l’offre de formation, quelle qu’en soit la modalité pédagogique.

**Inscription administrative, inscription pédagogique.** L’inscription administrative rattache l’auditeur, pour l’année universitaire, à un centre, et à un seul. L’inscription pédagogique porte sur un enseignement : un auditeur en prend une ou plusieurs, dans son propre centre ou, en particulier pour les enseignements à distance, dans un centre d’une autre région. L’activité d’un centre se lit donc à deux niveaux : les auditeurs qu’il a inscrits administrativement et qui suivent au moins un enseignement, et les auditeurs rattachés à un autre centre qui suivent chez lui un enseignement à distance, appelés « inscrits entrants » (partie IV).

**Enseignements à la carte, cursus bloqués.** Le Cnam se distingue par une offre « à la carte » : l’auditeur choisit le nombre d’unités qu’il suit, sans être tenu de préparer un diplôme. Les cursus dits « bloqués » imposent au contraire un ensemble défini d’unités obligatoires ; c’est le cas des formations en alternance.

**Hors temps de travail, journée.** Les cours ont lieu hors temps de travail (HTT), c’est-à-dire en soirée et le samedi, ou en journée ; les cursus en alternance relèvent pour l’essentiel de la journée.

**Modalités pédagogiques.** Trois modalités sont distinguées : le présentiel (PRES), la formation ouverte et à distance (FOAD) et l’hybride (HYB)[^mixte]. Un enseignement hybride fait alterner, selon un déroulé prévu à l’avance, des séquences suivies à distance et des regroupements ou séances de tutorat sur place ; parce qu’il faut se rendre à ces regroupements, l’auditeur s’y inscrit dans sa région de résidence. Plusieurs centres peuvent organiser le même enseignement : son responsable national agrée un enseignant local, qui en assure le programme et l’évaluation.

[^mixte]: On rencontre aussi, dans le même sens, l’expression de formation « mixte ». La note de règlement n°\u00a02017-11/DNF fixe la définition des modalités de formation ouverte et à distance.
"""


def _part_organisation(p: EditionParams, ref: Reference) -> str:
    epn = ref.epn
    n_epn = int((epn.index != "CLE").sum())
    cle = "CLE" in epn.index
    centres = centres_open(ref, p.N)
    n_ccr = int((centres["type"] == "CCR").sum())
    n_cce = int((centres["type"] == "CCE").sum())
    ep = list(centres.loc[centres["type"] == "EP", "libelle"])
    aires = list(ref.aires["libelle"])
    cle_text = (", auxquelles s’ajoute la structure Communication en langues étrangères (CLE)"
                if cle else "")
    cle_rows = (" ; la CLE vient après elles" if cle else "")
    return f"""## II. Organisation des enseignements {{.unnumbered}}

Jusqu’en 2009, le Cnam abritait une trentaine d’instituts spécialisés (Cnam-Intec, Cnam-ICH, Cnam-ICSV, entre autres), dotés chacun de ses équipes, de son budget, de ses outils de scolarité et de ses propres codes d’unités d’enseignement. Ces « marques », bien identifiées et reconnues par les branches professionnelles, ont depuis rejoint les équipes pédagogiques nationales, puis, progressivement, les outils de scolarité des centres.

**Équipes pédagogiques nationales (EPN).** Depuis la réforme « Cnam 2020 » lancée en 2016, les enseignements relèvent de {n_epn} équipes pédagogiques nationales{cle_text}. En lien avec la direction nationale des formations (DNF) et le service d’appui à la formation (SAF) notamment, chaque EPN conçoit les formations dans le cadre de l’offre d’ensemble de l’établissement et garantit leur mise en œuvre et leur diffusion dans le réseau. Les tableaux par EPN suivent l’ordre du référentiel des EPN{cle_rows}.

**Centres Cnam en région (CCR) et à l’étranger (CCE).** Ce sont ces centres qui inscrivent les auditeurs et leur dispensent les formations[^lieux]. Le référentiel de cette édition compte, pour l’année {p.N}, {n_ccr} {_plural(n_ccr, 'centre', 'centres')} en région, en métropole et outre-mer, et {n_cce} à l’étranger. Où qu’il soit implanté, un centre s’occupe d’abord des auditeurs de son territoire : accueil, information, orientation et accompagnement (AIOA) des personnes intéressées par une formation, des auditeurs et des anciens auditeurs.

L’inscription administrative se fait en principe dans la région de résidence. Des exceptions sont admises au cas par cas, avec l’accord des deux centres concernés : personnes qui travaillent en Île-de-France sans y résider (habitants de Compiègne ou de Vernon, par exemple), certains alternants.

**Paris – Établissement public.** Ce centre réunit le centre Cnam Paris, les EPN et les écoles et instituts de l’établissement, soit, dans le référentiel : {enumeration(ep)}. Ce sont autant de lieux d’inscription, ce qui rend la collecte statistique plus délicate. Les tableaux par centre les regroupent sur une seule ligne, « Cnam Paris – Établissement public ».

**Île-de-France.** Deux centres se partagent la région parisienne : le centre Cnam Paris, au sein de l’établissement public, et le centre Cnam Île-de-France. Comme la plupart des centres en région, ce dernier est une association de gestion à but non lucratif, subventionnée notamment par la Région. Les deux directions harmonisent leur offre et s’échangent informations et inscriptions : un Francilien peut s’inscrire, dans n’importe quel point d’accueil de la région, à tout enseignement qui y est organisé par l’un ou l’autre centre. Une telle inscription compte pour le centre qui organise l’enseignement.

**Aires géographiques.** Les tableaux regroupent les centres en grandes aires : {enumeration(aires)} ; un sous-total France précède l’étranger.

[^lieux]: Chaque CCR ou CCE dispose à son tour de plusieurs lieux d’enseignement sur son territoire.
"""


def _part_sources(p: EditionParams, ref: Reference) -> str:
    systems = systems_of_record(ref, p.N)
    keys = {_system_key(s) for s, _ in systems}
    centres = centres_open(ref, p.N)
    network = centres[centres["type"].isin(["CCR", "CCE"])]
    intro = ["Les données viennent des applicatifs de gestion de la scolarité des centres."]
    if "siscol" in keys:
        intro.append("SISCOL équipe Paris – Établissement public (centre Cnam Paris, EPN, écoles "
                     "et instituts) depuis la rentrée 2010-2011.")
    if "gescicc@" in keys:
        n_g = int((network["systeme"].str.lower() == "gescicc@").sum())
        intro.append(f"Gescicc@, mis au point par le centre Cnam Champagne-Ardenne, est "
                     f"l’outil le plus répandu : {n_g} des {len(network)} CCR et CCE l’utilisent "
                     f"en {p.N}, et les centres dotés d’un outil propre l’adoptent peu à peu.")
    others = [s for s, _ in systems if _system_key(s) not in ("siscol", "gescicc@", MANUAL)]
    if others:
        n_o = sum(len(c) for s, c in systems if s in others)
        if len(others) == 1:
            intro.append(f"Un autre applicatif, {others[0]}, équipe {_nombre(n_o, 'centre', 'centres')}.")
        else:
            intro.append(f"D’autres applicatifs équipent {_nombre(n_o, 'centre', 'centres')} : "
                         f"{enumeration(others)}.")
    intro.append("Le tableau suivant, établi à partir du référentiel des centres, donne le "
                 "système de chacun.")

    manual = manual_centres(ref, p.N)
    if manual:
        manual_text = (
            f"**Collecte manuelle.** Lorsque l’outil de gestion d’un centre n’alimente pas, ou pas "
            f"encore, l’entrepôt, l’Observatoire recueille lui-même des données agrégées : pour "
            f"cette édition, auprès {_plural(len(manual), 'du centre', 'des centres')} {enumeration(manual)}. Ces agrégats (auditeurs, inscriptions, "
            f"enseignements ouverts, heures, résultats aux examens) s’ajoutent aux tableaux de "
            f"nombre d’auditeurs, d’inscriptions, d’heures et de résultats par centre et par aire, "
            f"dont la source le signale. Ils n’entrent ni dans les tableaux par EPN ni dans les "
            f"tableaux de profil, où {_plural(len(manual), 'ce centre figure', 'ces centres figurent')} "
            f"avec le signe « nd ». Les doubles comptes entre ces auditeurs et ceux de l’entrepôt "
            f"ne peuvent pas être contrôlés. Pour les premières années de certaines séries, "
            f"d’autres centres ont pu relever de la même collecte avant que leurs données ne "
            f"soient versées dans l’entrepôt ; une note le précise sous les tableaux concernés."
        )
    else:
        manual_text = ("**Collecte manuelle.** Aucun centre du référentiel de cette édition ne "
                       "relève d’une collecte manuelle : toutes les données d’inscription "
                       "proviennent de l’entrepôt.")

    return f"""## III. Sources, collecte et périmètre {{.unnumbered}}

**Systèmes de gestion de la scolarité.** {' '.join(intro)}

{_systems_table(ref, p.N)}

Le tableau retient le système principal de chaque centre ; une partie de l’activité d’un centre peut relever d’un autre outil.

**Entrepôt de données SIAP.** Les données administratives et pédagogiques sont désormais rassemblées dans l’entrepôt de données SIAP, projet piloté par la DAP, et cette publication repose pour l’essentiel sur une extraction de cet entrepôt. L’Observatoire la réalise au printemps, une fois saisies la présence aux examens et les notes : pour cette édition, qui porte sur l’année universitaire {p.N}, l’extraction date du {date_longue(p.extraction_date)}. Les données sont ensuite consolidées afin :

- d’agréger par enseignement, centre et EPN le nombre d’inscrits, celui des présents à l’examen et celui des reçus (note au moins égale à 10 sur 20) ;
- de décrire le profil des auditeurs (âge, sexe, plus haut diplôme, situation face à l’emploi, etc.) ;
- de caractériser en détail les alternants.

{manual_text}

**Données déclarées, information manquante.** Ce que les applicatifs de scolarité enregistrent sur les auditeurs est ce qu’ils ont déclaré en s’inscrivant. Certaines rubriques sont facultatives, comme le plus haut diplôme obtenu avant l’entrée au Cnam ou, pour les personnes en emploi, la quotité de travail. Les répartitions sont alors calculées sur les seules valeurs connues, et la part d’information manquante est publiée à côté.

**Diplômes, validations, MOOC.** Les diplômes délivrés sont tirés de SISCOL et de D3, l’application qui dématérialise les demandes de diplôme. Quelques cursus dont la diplomation passe encore par un autre circuit font l’objet d’une collecte manuelle de l’Observatoire, menée avec le service de la diplomation de la DNF. Les dossiers de validation des acquis professionnels et personnels (VAPP), de validation des acquis de l’expérience (VAE) et de validation des études supérieures (VES) proviennent des applicatifs de gestion propres à chacun de ces dispositifs ; les inscriptions aux MOOC, des plateformes qui les diffusent.
"""


def _part_rules(p: EditionParams, ref: Reference) -> str:
    modalites = list(ref.frames["modalite"]["code"])
    entrant = [m for m in p.entrant_modalites]
    not_entrant = [m for m in modalites if m not in entrant]
    entrant_phrase = _modalite_phrase(ref, entrant) if entrant else ""
    if entrant:
        entrants = (
            f"**Inscrits entrants.** Un auditeur est inscrit entrant d’un centre lorsqu’il est "
            f"inscrit administrativement dans un autre centre et suit dans celui-ci au moins un "
            f"enseignement {entrant_phrase}. Seules ces inscriptions font un inscrit entrant"
            + (f" : une inscription croisée {_modalite_phrase(ref, not_entrant)} compte pour le "
               f"centre qui organise l’enseignement, sans faire d’inscrit entrant" if not_entrant else "")
            + ". Comme un même auditeur peut être inscrit entrant de plusieurs centres, les inscrits "
            "entrants ne s’additionnent pas d’un centre à l’autre. Les auditeurs pris en compte pour "
            "l’activité pédagogique d’un centre sont ses inscrits administratifs et ses inscrits entrants."
        )
    else:
        entrants = ("**Inscrits entrants.** Aucune modalité n’est retenue pour définir les inscrits "
                    "entrants dans cette édition : les auditeurs pris en compte pour l’activité "
                    "pédagogique d’un centre sont ses seuls inscrits administratifs.")
    if "FOAD" in entrant:
        exemple_fin = ("Ces deux inscriptions étant en FOAD, il est en outre inscrit entrant de B : "
                       "B le compte parmi les auditeurs pris en compte pour son activité pédagogique, "
                       "sans qu’il soit compté une seconde fois dans le total du réseau.")
    else:
        exemple_fin = ("La FOAD ne faisant pas partie des modalités retenues pour les inscrits "
                       "entrants dans cette édition, il n’est pas inscrit entrant de B.")

    r_labels, _ = _parchemin_labels(ref, "R")
    c_labels, c_others = _parchemin_labels(ref, "C")
    r_start, r_end = _promotion_window(p, p.P, "R")
    c_start, c_end = _promotion_window(p, p.P, "C")
    c_list = ", ".join(c_labels) + (", autres certifications" if c_others else "")
    overrides = " ".join(_override_sentences(p))
    lo, hi = p.age_valid
    clo, chi = p.age_valid_candidats
    age_ref = p.age_ref(p.N)
    return f"""## IV. Périmètres et règles de calcul {{.unnumbered}}

Les règles qui suivent rendent les chiffres comparables d’un centre à l’autre et d’une année à l’autre.

**Offre nationale.** Seules sont comptées les inscriptions à une unité d’enseignement (UE) ou à une unité spécifique (US) de l’offre nationale, c’est-à-dire du catalogue annuel commun à tout le réseau, recensé dans BéDéO. Un auditeur n’entre dans les statistiques d’une année que s’il a pris cette année-là au moins une inscription pédagogique de ce type.

**Un auditeur, un centre.** Chaque auditeur est compté une seule fois dans le réseau (« sans double compte »), dans le centre de son inscription administrative : les centres s’additionnent pour donner le total du réseau. Les inscriptions, les heures stagiaires et les résultats aux examens sont, eux, rattachés au centre qui organise l’enseignement. Les codes de centres qui ont changé, après une fusion par exemple, sont ramenés au code actuel pour que les séries restent comparables.

**Inscriptions régionales, entrantes et sortantes.** Pour un centre donné, une inscription à distance ou hybride est :

- régionale si l’auditeur est inscrit administrativement dans ce centre et y suit l’enseignement ;
- entrante si le centre organise l’enseignement pour un auditeur inscrit administrativement ailleurs ;
- sortante si un auditeur du centre suit l’enseignement dans un autre centre.

Sur l’ensemble du réseau, les inscriptions entrantes et sortantes s’équilibrent.

*Exemple.* Un auditeur rattaché administrativement au centre A suit cinq unités en FOAD : trois organisées par A, deux par le centre B. Parmi les auditeurs, il est compté une fois, comme inscrit administratif de A. Ses cinq inscriptions pédagogiques se partagent entre trois inscriptions régionales de A et deux inscriptions organisées par B, entrantes pour B et sortantes pour A. {exemple_fin}

{entrants}

**Promotions de diplômés.** Le Cnam propose de longue date aux adultes des formations « à la carte », que chacun compose librement, sans limite du nombre d’inscriptions ni obligation de les valider. Tous ne cherchent donc pas à obtenir un diplôme complet, et la promotion a moins de sens pour eux que pour les auditeurs d’un cursus bloqué, engagés dès l’entrée dans un parcours défini. Pour faciliter la lecture, les diplômes sont néanmoins présentés par promotion, chaque parchemin étant rattaché à une promotion d’après la date de son jury :

- diplômes soumis à la « règle du rectorat » ({', '.join(r_labels)}) : une promotion court du 1er décembre au 30 novembre suivant, et la promotion {p.P} réunit les jurys tenus du {date_courte(r_start)} au {date_courte(r_end)} ;
- autres diplômes et certifications ({c_list}) : une promotion correspond à l’année civile, et la promotion {p.P} réunit les jurys tenus du {date_courte(c_start)} au {date_courte(c_end)}.

Les deux groupes sont publiés sous une même étiquette, « {p.P} ». {overrides} Un parchemin compte pour un diplôme : une personne qui en obtient deux est comptée deux fois. Les parchemins sans date de jury sont exclus ; leur nombre figure en note.

**Âges.** L’âge d’un auditeur est celui qu’il atteint au 31 décembre de l’année de la rentrée, soit, pour l’année {p.N}, au {date_courte(age_ref)}. Un âge inférieur à {lo} ans ou supérieur à {hi} ans est traité comme non renseigné. L’âge d’un candidat à une VAPP, une VAE ou une VES est son âge exact à la date de la décision (écart en jours divisé par 365,25), retenu de {clo} à {chi} ans.

**Rapport de masculinité.** C’est le nombre d’hommes pour 100 femmes, arrondi à l’unité ; les personnes dont le sexe n’est pas renseigné n’entrent pas dans le calcul.

**VAPP, VAE et VES.** Les statistiques de VAPP, de VAE et de VES portent sur les notifications de décision rendues au cours de l’année civile, {p.C} pour cette édition (les séries remontent à {p.SC[0]}). Les recevabilités, désistements, ajournements sans décision et dossiers en cours sont hors champ. Les taux de décision se calculent sur l’ensemble des notifications, refus compris.

**Examens.** La complétude rapporte les inscriptions dont le résultat a été saisi à l’ensemble des inscriptions soumises à une évaluation. Le taux de présence rapporte les présents aux inscriptions dont le résultat est saisi ; le taux de réussite, les reçus (note au moins égale à 10 sur 20) aux présents.

**MOOC.** Une session de MOOC est rattachée à l’année universitaire de son ouverture (du 1er septembre au 31 août). Les inscrits aux MOOC ne sont pas comptés parmi les auditeurs.

**Petites bases.** Une part, un taux, une moyenne ou un rapport de masculinité calculé sur moins de {p.min_base} unités n’est pas publié : la case porte « ns », et les fichiers de l’annexe laissent la valeur vide. Les effectifs sont toujours publiés.

**Arrondis.** Les calculs portent sur les valeurs exactes ; seul l’affichage est arrondi, à la valeur la plus proche, une demie s’arrondissant en s’éloignant de zéro (12,45 s’affiche 12,5). Les effectifs sont donnés à l’unité, les parts, taux, âges moyens et évolutions à une décimale. Les totaux sont calculés sur les données détaillées et non en additionnant des valeurs arrondies : une répartition peut ainsi ne pas totaliser exactement 100 %. Les évolutions d’effectifs sont exprimées en %, celles des parts et des taux en points.

**Signes conventionnels.**

| Signe | Signification |
|:---:|:-------------------------------------------------------|
| – | zéro absolu |
| /// | sans objet : centre ou catégorie inexistant cette année-là, dénominateur nul par construction, évolution depuis une base nulle |
| nd | non disponible : donnée non collectée pour ce centre ou pour cette année |
| ns | non significatif : calcul sur moins de {p.min_base} unités |
"""


def _part_tables(p: EditionParams, table_titles: list[tuple[int, str]]) -> str:
    out = ["## V. Liste des tableaux {.unnumbered}", ""]
    if not table_titles:
        out.append("Aucun tableau n’a été produit pour cette édition.")
        return "\n".join(out) + "\n"
    out += [f"L’édition {p.edition} comprend les tableaux suivants, regroupés par partie.", ""]
    by_section: dict[str, list[tuple[int, str]]] = {}
    others: list[tuple[int, str]] = []
    for number, text in sorted(table_titles):
        try:
            by_section.setdefault(section_of(number).number, []).append((number, text))
        except KeyError:
            others.append((number, text))
    blocks: list[tuple[str, list[tuple[int, str]]]] = [
        (s.heading, by_section[s.number]) for s in SECTIONS if s.number in by_section]
    if others:
        blocks.append(("Autres tableaux", others))
    for heading, items in blocks:
        out += [f"### {apostrophes(heading)} {{.unnumbered}}", ""]
        out += [f"- Tableau {number} : {text}" for number, text in items]
        out.append("")
    return "\n".join(out)


def concepts_markdown(p: EditionParams, ref: Reference, table_titles: list[tuple[int, str]]) -> str:
    """The chapter « Concepts, sources et périmètres » of edition `p.edition`, in Pandoc Markdown.

    `table_titles` is the list (number, title) of the tables the registry implements, titles
    already rendered for the edition."""
    head = (
        "# Concepts, sources et périmètres\n\n"
        f"Ce chapitre définit les notions employées dans les tableaux de l’édition {p.edition}, "
        f"indique d’où proviennent les données et précise comment elles sont comptées. Sauf mention "
        f"contraire, les chiffres portent sur l’année universitaire {p.N} "
        f"(du 1er septembre {year_start(p.N)} au 31 août {year_start(p.N) + 1}).\n"
    )
    prose = [head, _part_concepts(), _part_organisation(p, ref), _part_sources(p, ref),
             _part_rules(p, ref)]
    # the titles of the list of tables are kept as published (apostrophes included)
    text = apostrophes("\n".join(prose)) + "\n" + _part_tables(p, table_titles)
    return typographie(text).rstrip() + "\n"


# -- the preface -------------------------------------------------------------------------

def _section_key(key) -> int:
    try:
        return int(key)
    except (TypeError, ValueError):
        return 10**6


def _parts_overview() -> list[str]:
    parts: dict[str, list[Section]] = {}
    for s in SECTIONS:
        parts.setdefault(s.part, []).append(s)
    lines = []
    for i, (part, sections) in enumerate(parts.items()):
        end = "." if i == len(parts) - 1 else " ;"
        numbers = [n for s in sections for n in s.tables]
        span = (f"tableau {numbers[0]}" if len(numbers) == 1
                else f"tableaux {min(numbers)} à {max(numbers)}")
        lines.append(f"- {part} ({span}) : {', '.join(_lcfirst(s.title) for s in sections)}{end}")
    return lines


def _manifest_fingerprint(manifest: Mapping) -> str | None:
    for key in ("data_fingerprint", "fingerprint"):
        if manifest.get(key):
            return str(manifest[key])
    data = manifest.get("data")
    if isinstance(data, Mapping) and data.get("fingerprint"):
        return str(data["fingerprint"])
    return None


def _manifest_synthetic(manifest: Mapping) -> bool:
    if manifest.get("synthetic") is True:
        return True
    data = manifest.get("data")
    candidates = [manifest.get("data_dir")]
    if isinstance(data, Mapping):
        candidates += [data.get("dir"), data.get("path")]
        if data.get("synthetic") is True:
            return True
    return any(c and "synthetic" in str(c).replace("\\", "/").split("/") for c in candidates)


def preface_markdown(p: EditionParams, keyfigures: dict[str, dict], manifest: dict) -> str:
    """The preface « Chiffres clés <edition> »: what the publication covers, and the list of
    key figures written by the section notebooks (section → {name → value, text, label}).

    From `manifest` (build/ccYYYY/manifest.json) it reads, when present, the data fingerprint
    (`data_fingerprint`, `fingerprint` or `data.fingerprint`) and whether the extraction is
    the synthetic one (`synthetic`, or a data folder named `synthetic`)."""
    manifest = manifest or {}
    lines = [
        f"# Chiffres clés {p.edition}",
        "",
        f"Les Chiffres clés rassemblent chaque année les principales statistiques de "
        f"l’Observatoire des études et carrières du Cnam sur les auditeurs, leurs inscriptions "
        f"et leurs parcours. L’édition {p.edition} porte sur l’année universitaire {p.N}. Elle "
        f"repose sur une extraction de l’entrepôt de données SIAP réalisée le "
        f"{date_longue(p.extraction_date)}, complétée par les sources décrites au chapitre "
        f"« Concepts, sources et périmètres ».",
        "",
        f"Les tableaux se répartissent en {_nombre(len({s.part for s in SECTIONS}), 'partie', 'parties')} :",
        "",
        *_parts_overview(),
        "",
        f"Les séries couvrent les années universitaires {p.S5[0]} à {p.N}. Les validations "
        f"(VAPP, VAE, VES) sont comptées par année civile de décision, {p.C} pour la "
        f"dernière, et les diplômes par promotion, la dernière étant {p.P}.",
        "",
    ]
    if _manifest_synthetic(manifest):
        lines += [
            "> Cette construction repose sur l’extraction synthétique du projet : les chiffres "
            "ne décrivent aucune personne réelle et ne sont pas des statistiques du Cnam.",
            "",
        ]
    lines = [apostrophes(line) for line in lines]
    lines += ["## Les chiffres clés de l’année {.unnumbered}", ""]
    items = []
    for section in sorted(keyfigures or {}, key=_section_key):
        for figure in (keyfigures[section] or {}).values():
            text = str(figure.get("text", "")).strip()
            label = str(figure.get("label", "")).strip()
            if text or label:
                items.append(f"- **{text}** {label}".rstrip())
    if items:
        lines += items
    else:
        lines.append("Aucune section n’a été exécutée pour cette construction : la liste des "
                     "chiffres clés est vide.")
    fp = _manifest_fingerprint(manifest)
    if fp:
        lines += ["", f"Empreinte des données utilisées : {fp}."]
    return typographie("\n".join(lines)).rstrip() + "\n"
