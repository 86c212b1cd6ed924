"""The report's 14 sections and the title of each of its 69 tables (TABLES.md §3).

Titles are templates: every year comes from the edition (TABLES.md §1.1). Published titles
are kept as printed, typos included ("selon de type", "réglement", "accord couplés").
"""
from __future__ import annotations

from dataclasses import dataclass

from .params import EditionParams


@dataclass(frozen=True)
class Section:
    number: str         # "01" … "14"
    slug: str           # notebook name: notebooks/<number>_<slug>.ipynb
    part: str           # « Les auditeurs du Cnam »
    title: str          # « Leur nombre »
    tables: tuple[int, ...]

    @property
    def notebook(self) -> str:
        return f"{self.number}_{self.slug}.ipynb"

    @property
    def heading(self) -> str:
        return f"{self.part} – {self.title}"


SECTIONS: tuple[Section, ...] = (
    Section("01", "auditeurs_nombre", "Les auditeurs du Cnam", "Leur nombre", (1, 2, 3, 4)),
    Section("02", "auditeurs_modalites", "Les auditeurs du Cnam", "Les modalités pédagogiques", (5, 6)),
    Section("03", "auditeurs_mooc", "Les auditeurs du Cnam", "Les MOOC", (7,)),
    Section("04", "auditeurs_profil", "Les auditeurs du Cnam", "Leur profil", tuple(range(8, 15))),
    Section("05", "auditeurs_internationaux", "Les auditeurs du Cnam", "Focus sur les auditeurs internationaux", (15,)),
    Section("06", "inscriptions_nombre", "Les inscriptions pédagogiques", "Leur nombre", (16, 17, 18, 19)),
    Section("07", "inscriptions_modalites", "Les inscriptions pédagogiques", "Les modalités pédagogiques", (20, 21, 22)),
    Section("08", "inscriptions_heures", "Les inscriptions pédagogiques", "Les heures stagiaires", (23, 24, 25)),
    Section("09", "alternance", "Focus sur l'alternance", "Les auditeurs en alternance", tuple(range(26, 34))),
    Section("10", "vapp", "Valorisation des parcours au Cnam", "La validation des acquis professionnels et personnels (VAPP)", tuple(range(34, 42))),
    Section("11", "vae", "Valorisation des parcours au Cnam", "La validation des acquis de l'expérience (VAE)", tuple(range(42, 53))),
    Section("12", "ves", "Valorisation des parcours au Cnam", "La validation des études supérieures (VES)", tuple(range(53, 60))),
    Section("13", "examens", "Valorisation des parcours au Cnam", "Présence et réussite aux examens", tuple(range(60, 66))),
    Section("14", "diplomation", "Valorisation des parcours au Cnam", "Diplomation et certification", tuple(range(66, 70))),
)
SECTIONS_BY_NUMBER = {s.number: s for s in SECTIONS}


def section_of(table: int) -> Section:
    for s in SECTIONS:
        if table in s.tables:
            return s
    raise KeyError(table)


def normalise_section(value: str | int) -> Section:
    key = f"{int(value):02d}" if str(value).isdigit() else str(value)
    for s in SECTIONS:
        if key in (s.number, s.slug, s.notebook):
            return s
    raise KeyError(f"section inconnue : {value!r} (sections : {', '.join(s.number for s in SECTIONS)})")


TITLES: dict[int, str] = {
    1: "Répartition du nombre d’auditeurs inscrits au Cnam (sans double compte), selon de grandes aires géographiques depuis {N4}",
    2: "Répartition du nombre d’auditeurs inscrits au Cnam selon de type d'activité en {N}",
    3: "Activité administrative et pédagogique régionale et à l’étranger en {N1} et {N}",
    4: "Répartition du nombre d’enseignements ouverts avec au moins un auditeur inscrit par CCR/CCE en {N1} et {N}",
    5: "Répartition des auditeurs inscrits au Cnam à au moins un enseignement en FOAD ou HYB selon de grandes aires géographiques depuis {N4}",
    6: "Part (en %) d’auditeurs inscrits au Cnam à au moins un enseignement en FOAD ou HYB selon le CCR/CCE depuis {N4}",
    7: "Répartition des inscriptions aux MOOC du Cnam depuis {N2}",
    8: "Répartition des âges des auditeurs par genre en {N}",
    9: "Évolution des âges moyens (en années) et du rapport de masculinité selon le CCR/CCE depuis {N2}",
    10: "Répartition des auditeurs selon le niveau de formation avant la première inscription au Cnam depuis {N4}",
    11: "Part (en %) des auditeurs selon le plus haut niveau de diplôme obtenu en formation initiale avant leur première inscription au Cnam en {N} selon le CCR/CCE",
    12: "Part (en %) des auditeurs selon leur situation face à l’emploi lors de leur première inscription au Cnam depuis {N4}",
    13: "Part (en %) des auditeurs en emploi lors de leur inscription au Cnam selon leur PCS depuis {N4}",
    14: "Situation face à l’emploi des auditeurs lors de leur inscription au Cnam en {N} selon le CCR/CCE (en %)",
    15: "Répartition des auditeurs inscrits dans un centre ou une antenne du Cnam à l’étranger, selon leur nationalité en {N}",
    16: "Répartition du nombre d’inscriptions au Cnam selon de grandes aires géographiques depuis {N4}",
    17: "Répartition du nombre d'inscriptions selon le type d'activité en {N}",
    18: "Répartition du nombre d’inscriptions par CCR/CCE depuis {N2}",
    19: "Répartition du nombre d’inscriptions et du déploiement de l’offre en région par EPN en {N1} et {N}",
    20: "Répartition des inscriptions selon les modalités pédagogiques et de grandes aires géographiques depuis {N4}",
    21: "Répartition du nombre d’inscriptions par modalité pédagogique et par CCR/CCE en {N}",
    22: "Répartition par CCR/CCE des inscriptions pédagogiques FOAD et HYB selon le centre d’inscription administrative en {N}",
    23: "Répartition du nombre d'heures stagiaires théoriques par grandes aires géographiques depuis {N2}",
    24: "Répartition du nombre d'heures stagiaires théoriques par CCR/CCE depuis {N2}",
    25: "Répartition du nombre d'heures stagiaires théoriques selon l'EPN depuis {N2}",
    26: "Nombre d'auditeurs inscrits au Cnam en alternance selon les grandes aires géographiques depuis {N4}",
    27: "Nombre d'auditeurs inscrits en alternance au Cnam depuis {N4}",
    28: "Nombre d'auditeurs inscrits dans les EPN en alternance depuis {N4}",
    29: "Âge moyen (en années) et rapport de masculinité des auditeurs inscrits dans les CCR/CCE en alternance depuis {N2}",
    30: "Âge moyen (en années) et rapport de masculinité des auditeurs inscrits dans les EPN en alternance depuis {N2}",
    31: "Répartition des auditeurs inscrits dans un cursus en alternance depuis {N4} selon le plus haut diplôme obtenu en formation initiale",
    32: "Nombre d'auditeurs inscrits en alternance au Cnam selon le type de formation suivie depuis {N4}",
    33: "Part (en %) d’auditeurs inscrits dans un cursus en alternance dans les CCR/CCE selon différentes caractéristiques en {N}",
    34: "Dispositif de validation des acquis professionnels et personnels (VAPP) depuis {C5}",
    35: "Évolution des âges moyens (en années) des candidats à une VAPP selon le genre depuis {C5}",
    36: "Évolution de la part (en %) de demandeurs d’emploi ou de « sans emploi » parmi les candidats à une VAPP depuis {C5}",
    37: "Répartition (en %) des niveaux de plus hauts diplômes initiaux des candidats à une VAPP au moment de leur demande depuis {C5}",
    38: "Répartition des notifications de décision de VAPP depuis {C5}",
    39: "Taux (en %) d’accès direct ou avec dispense et taux (en %) d’« accès sous réserve » à une certification dans le cadre d’une VAPP selon le niveau de diplôme visé depuis {C5}",
    40: "Répartition et taux (en %) d’accès directs ou avec dispense et d’« accès sous réserve » à une certification dans le cadre d’une VAPP par EPN en {C}",
    41: "Répartition des candidats à une VAPP, de l’ensemble des notifications de décision, des taux (en %) d’accès directs et partiels par CCR/CCE en {C}",
    42: "Dispositif de validation des acquis de l’expérience (VAE) depuis {C5}",
    43: "Évolution des âges moyens à la décision (en années) des candidats à une VAE selon le genre depuis {C5}",
    44: "Évolution de la part (en %) de demandeurs d’emploi ou de « sans emploi » parmi les candidats à une VAE selon le genre depuis {C5}",
    45: "Évolution de la durée moyenne (en années) entre l’obtention du plus haut diplôme et la candidature à une VAE selon le genre depuis {C5}",
    46: "Évolution de la part (en %) des niveaux de plus hauts diplômes initiaux des candidats à une VAE au moment de leur demande depuis {C5}",
    47: "Évolution de la part (en %) des types de financement de la VAE depuis {C5}",
    48: "Répartition des notifications de décision de VAE depuis {C5}",
    49: "Taux (en %) de délivrance de diplôme et taux (en %) de validation partielle selon le niveau de diplôme visé dans le cadre de la VAE depuis {C5}",
    50: "Taux (en %) de délivrance de diplôme et taux (en %) de validation partielle selon le diplôme visé dans le cadre de la VAE depuis {C5}",
    51: "Taux (en %) de délivrance de diplômes et taux (en %) de validation partielle dans le cadre d’une VAE par EPN en {C}",
    52: "Répartition des candidats à une VAE, de l’ensemble des notifications de décision, des taux (en %) de délivrance de diplôme, de validation partielle par CCR/CCE en {C}",
    53: "Dispositif de validation des études supérieures (VES) depuis {C5}",
    54: "Évolution des âges moyens (en années) des candidats à une VES selon le genre depuis {C5}",
    55: "Répartition des notifications de décision de VES depuis {C5}",
    56: "Taux (en %) d’accord et d’« accord couplés avec un refus » dans le cadre d’une VES selon le niveau de diplôme visé depuis {C5}",
    57: "Taux (en %) de validations totales et taux (en %) de validations partielles dans le cadre d’une VES par EPN en {C}",
    58: "Répartition des candidats à une VES, de l’ensemble des notifications de décision, des taux d’accord (en %) et des taux d’« accord & refus » (en %) par CCR/CCE en {C}",
    59: "Évolution du taux (en %) de notifications de décision passant par une note de réglement depuis {C5}",
    60: "Taux (en %) de présence et de réussite aux examens selon de grandes aires géographiques en {N1} et {N}",
    61: "Taux (en %) de présence et de réussite aux examens selon la modalité des unités d’enseignement en {N}",
    62: "Complétude des données (en %), nombres d'inscriptions, taux (en %) de présence et de réussite aux examens par CCR/CCE pour {N1} et {N}",
    63: "Complétude des données (en %), nombre d’inscriptions, taux de présence et taux de réussite (en %) aux examens selon l'EPN en {N1} et {N}",
    64: "Taux (en %) de présence et réussite aux examens selon la modalité d'enseignement et le CCR/CCE en {N}",
    65: "Taux (en %) de présence et réussite aux examens selon la modalité d'enseignement et l'EPN en {N}",
    66: "Diplomation et certification par type de parchemin depuis {P4}",
    67: "Répartition des diplômes et certificats par niveau depuis {P4}",
    68: "Évolution du rapport de masculinité selon le type de diplôme depuis {P4}",
    69: "Diplomation et certification par EPN depuis {P4}",
}


def title(number: int, p: EditionParams) -> str:
    return TITLES[number].format(
        N=p.N, N1=p.n_minus(1), N2=p.n_minus(2), N4=p.n_minus(4),
        C=p.C, C5=p.C - 5, P=p.P, P4=p.SP[0],
    )
