"""Synthetic SIAP extraction, calibrated on the Cnam's published figures.

No real extraction can be shipped (personal data), so `generate` writes a realistic one: a
panel of learners followed over the academic years 2016-2017 to 2023-2024, their pedagogical
inscriptions, the BéDéO catalogue, MOOC sessions, VAPP/VAE/VES decisions, diplomas, and the
manual-collection supplement (Cnam Madagascar). It follows the data contract of `schema.py`
exactly (every required and optional column) and uses the codes of `data/reference/`.

The orders of magnitude come from CALIBRATION.md and are gathered in `CALIBRATION` below.
Counts of learner-level files (auditeurs, inscriptions, validations, diplomes) and the
supplement's aggregates scale linearly with `scale`; the catalogue and the MOOC sessions do not.
A few data defects are planted on purpose (duplicated rows, inscriptions without their learner,
marks outside 0-20, unmapped codes...) so that validation warnings are exercised; none of them
is an error of the contract.

Every case the counting rules of TABLES.md must handle is there, in realistic proportions, so
that each rule acts in a default build (the rule report counts them): small centres and
EPN x modality cells (« ns »), historical centre codes in the early years, learners with two
administrative rows settled by each tie-break, attributes missing on one row only, a tie at rank
10 of Tableau 15, centres opening or closing within a series, edge dates and codes for the
validation and diploma tables. Two antennas exist only in the synthetic extraction
(`SYNTHETIC_CENTRES`): it ships its own `reference/centres.csv`, the project's centres plus them.

Same seed, same bytes. Everything is vectorised with numpy and written year by year
(one Parquet row group per academic year for auditeurs and inscriptions), so scale 10 fits in a
few GB of memory.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .schema import FILES

REF_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"

YEARS: tuple[int, ...] = tuple(range(2016, 2024))      # rentrée years: 2016-2017 ... 2023-2024
DECISION_YEARS: tuple[int, ...] = tuple(range(2017, 2025))
DATE_UNIT = "datetime64[us]"                           # what pandas gives when it parses dates

# ---------------------------------------------------------------------------------------------
# Calibration targets (scale 1). Published facts (CALIBRATION.md) and interpolated paths.
# ---------------------------------------------------------------------------------------------
CALIBRATION: dict = {
    # counted learners AUD(y), network, SIAP only (Madagascar is in the supplement)
    "learners": {2016: 49_000, 2017: 50_000, 2018: 51_000, 2019: 52_000,
                 2020: 53_300, 2021: 54_700, 2022: 56_100, 2023: 57_500},
    # learners with alternance = True
    "alternants": {2016: 8_000, 2017: 8_500, 2018: 8_800, 2019: 9_200,
                   2020: 10_300, 2021: 11_800, 2022: 13_400, 2023: 15_000},
    # learners abroad, by centre (CIV opens at the rentrée 2020)
    "abroad": {
        "LBN": {2016: 3400, 2017: 3450, 2018: 3500, 2019: 3500, 2020: 3500, 2021: 3550, 2022: 3550, 2023: 3600},
        "MAR": {2016: 1900, 2017: 2000, 2018: 2100, 2019: 2250, 2020: 2350, 2021: 2450, 2022: 2550, 2023: 2650},
        "CHN": {2016: 1000, 2017: 1020, 2018: 1040, 2019: 1050, 2020: 900, 2021: 850, 2022: 900, 2023: 950},
        "CIV": {2020: 250, 2021: 400, 2022: 550, 2023: 650},
        # synthetic antenna of Cnam Maroc, closed at the rentrée 2023 (SYNTHETIC_CENTRES)
        "MAR_RAB": {2016: 30, 2017: 34, 2018: 38, 2019: 40, 2020: 36, 2021: 32, 2022: 28},
    },
    # learners of the other centres in 2019-2020; other years move with the France total
    "centres_2019": {
        "PARIS": 9100, "EPN": 1800, "ESGT": 520, "INTECHMER": 130, "ENJMIN": 225, "EICNAM": 1225,
        "IDF": 5200,
        "ARA": 2100, "BFC": 900, "BRE": 1500, "CVL": 750, "COR": 250, "GES": 5900, "HDF": 2200,
        "NOR": 1100, "NAQ": 1700, "OCC": 1500, "PDL": 5000, "PAC": 1480,
        "GLP": 500, "MTQ": 400, "GUF": 250, "REU": 900, "MYT": 150, "NCL": 300, "PYF": 120,
        "GLP_SXM": 15,                          # synthetic antenna, opened at the rentrée 2019
    },
    "default_centre_learners": 300,            # a centre of the reference absent from the lists
    # where new alternants enrol (relative weights)
    "alt_centre_weights": {
        "PARIS": 14, "EICNAM": 10, "IDF": 12, "ESGT": 1, "ENJMIN": 0.5, "INTECHMER": 0.2,
        "GES": 12, "PDL": 10, "ARA": 6, "HDF": 7, "NAQ": 5, "OCC": 4, "PAC": 4, "BRE": 4,
        "NOR": 3, "BFC": 2, "CVL": 2, "COR": 0.5, "REU": 1, "GLP": 0.5, "MTQ": 0.4,
    },
    "school_centres": ("ESGT", "INTECHMER", "ENJMIN"),    # formation initiale (FI) students
    "school_fi_share": 0.6,
    "retention": {"FC": 0.50, "ALT": 0.55, "FI": 0.60},     # re-enrolment the next year
    "min_new_share": 0.12,                                  # new entrants >= 12 % of a centre's target
    "returner_share": 0.08,       # new rows whose first inscription is older (row absent)
    "out_only_share": 0.012,      # registered FC learners with no in-scope inscription
    "ins_extra": {"FC": 4.5, "ALT": 2.4, "FI": 5.0},       # inscriptions per learner = base + extra
    "ins_base": {"FC": 1, "ALT": 1, "FI": 3},
    "ins_factor_pep": 1.3,        # Paris learners take more units
    "ua_share": 0.03,             # inscriptions to non-taught "UA" units
    "out_of_scope_share": 0.01,   # inscriptions outside the national offer / the year's catalogue
    # P(a learner-year follows distance teaching); multiplied by kind and aire factors
    "distance": {2016: 0.34, 2017: 0.35, 2018: 0.36, 2019: 0.37, 2020: 0.52, 2021: 0.58, 2022: 0.60, 2023: 0.62},
    "distance_factor": {"FC": 1.0, "ALT": 0.55, "FI": 0.3, "ETR": 0.6},
    "distance_ins_share": 0.6,
    "hyb_share": {2016: 0.10, 2017: 0.12, 2018: 0.14, 2019: 0.17, 2020: 0.30, 2021: 0.32, 2022: 0.33, 2023: 0.35},
    "foad_elsewhere": 0.09,       # FOAD inscriptions organised by another centre
    "foad_hubs": {"PARIS": 40, "EPN": 35, "GES": 6, "PDL": 6, "ARA": 4, "HDF": 3, "NAQ": 3, "BRE": 3},
    "paris_idf_cross": 0.03,      # PRES/HYB inscriptions across PARIS <-> IDF
    # ages (at 31 December of the rentrée year) and sex
    "entry_age_fc": {2010: 34.0, 2016: 33.8, 2017: 34.0, 2018: 34.1, 2019: 34.1,
                     2020: 33.1, 2021: 32.7, 2022: 33.0, 2023: 33.3},
    "entry_age_alt": 22.95,
    "entry_age_fi": 19.8,
    "men_share_fc": {2010: 0.517, 2016: 0.517, 2017: 0.512, 2018: 0.507, 2019: 0.497,
                     2020: 0.48, 2021: 0.47, 2022: 0.468, 2023: 0.465},
    "men_share_alt": 0.58,
    "men_share_fi": 0.55,
    # exams
    "exam_entered": 0.87,
    "exam_entered_low": 0.35,
    "exam_low_centres": ("CHN", "MYT", "GUF"),
    "exam_present": 0.70,
    "note_mean": 12.4,
    "note_sd": 4.0,
    # validations: notifications per calendar year (times a yearly trend)
    "validations": {"VAPP": 3000, "VAE": 750, "VES": 500},
    "validation_trend": {2017: 0.92, 2018: 0.95, 2019: 1.0, 2020: 0.88, 2021: 1.02, 2022: 1.05, 2023: 1.08, 2024: 1.10},
    # diplomas (parchemins) per jury year, Dec N-1 .. Nov N
    "diplomas": {2017: 9_600, 2018: 9_900, 2019: 10_200, 2020: 9_400, 2021: 10_400,
                 2022: 10_800, 2023: 11_200, 2024: 11_500},
    # manual collection: Cnam Madagascar learners
    "madagascar": {2016: 640, 2017: 680, 2018: 700, 2019: 720, 2020: 700, 2021: 760, 2022: 820, 2023: 860},
    "mooc_codes": 20,
    # cases the counting rules must handle (TABLES.md §2.1-§2.2), in realistic proportions
    "historical_share": {2016: 0.9, 2017: 0.6, 2018: 0.3, 2019: 0.1},  # rows still under an old code
    "attribute_row_missing": 0.015,   # sex, birth date, nationality missing on one row only
    "duplicates_per_year": 3,         # learners with two administrative rows (one per tie-break)
    "tdp_from": 2019,                 # type_diplome_prepare filled from 2019-2020 on
    "alt_flag_missing": 0.005,        # alternants whose alternance flag is missing
    "epn_missing_codes": 3,           # catalogue codes without EPN, rarely taken
    "cle_hyb": 0.01,                  # languages (CLE) are almost never taught in hybrid mode
    "note_999": 0.002,                # marks of exactly 9.99 (just under the pass mark)
    "unlocated_per_year": 1,          # inscriptions with neither organising centre nor learner row
    "validation_bad_age": 0.003,      # candidates born after the decision, or aged 95
    "unmapped_share": {"type_diplome_vise": 0.01, "financement": 0.005, "type_parchemin": 0.003},
}

# Two antennas exist only in the synthetic extraction (written to its reference/centres.csv,
# the project's centres plus these): a small one overseas that opens within the series, and one
# abroad that closes, counted with its centre de rattachement in Tableau 15.
SYNTHETIC_CENTRES: tuple[dict, ...] = (
    dict(code="GLP_SXM", libelle="Cnam Guadeloupe – antenne de Saint-Martin", aire="OM", type="CCR",
         systeme="Gescicc@", pays="MF", centre_rattachement="GLP", ordre_publication="40",
         annee_ouverture="2019", annee_fermeture=""),
    dict(code="MAR_RAB", libelle="Cnam Maroc – antenne de Rabat", aire="ETR", type="CCE",
         systeme="Gescicc@", pays="MA", centre_rattachement="MAR", ordre_publication="52",
         annee_ouverture="", annee_fermeture="2023"),
)
UNMAPPED_CODES = {"type_diplome_vise": "DU", "financement": "AGEFIPH", "type_parchemin": "DU"}

# EPN weights in inscriptions, 3-letter prefixes of their unit codes, and topics for labels
EPN_PROFILE: dict[str, tuple[float, tuple[str, ...], tuple[str, ...]]] = {
    "EPN01": (8, ("ESC", "CFA", "BNF", "ASF"), ("Économie", "Finance d'entreprise", "Banque", "Assurance")),
    "EPN02": (7, ("DRA", "DRS", "DRM", "IMB"), ("Droit des affaires", "Droit social", "Droit public", "Immobilier")),
    "EPN03": (12, ("MSE", "GRH", "CCG", "FPG"), ("Management", "Ressources humaines", "Contrôle de gestion", "Comptabilité")),
    "EPN04": (4, ("BTP", "BAT", "ENR"), ("Construction", "Énergétique du bâtiment", "Énergies renouvelables")),
    "EPN05": (15, ("NFA", "NFE", "NFP", "RSX", "SEC", "GLG"), ("Programmation", "Bases de données", "Réseaux", "Sécurité informatique", "Génie logiciel", "Systèmes d'information")),
    "EPN06": (4, ("MEC", "MTX", "PCM"), ("Mécanique", "Matériaux", "Procédés")),
    "EPN07": (5, ("CHG", "BIO", "ALI", "PHR"), ("Chimie", "Biologie", "Agroalimentaire", "Pharmacie")),
    "EPN08": (4, ("ELE", "ELN", "AUT", "MSR"), ("Électronique", "Électrotechnique", "Automatique", "Mesure")),
    "EPN09": (5, ("STA", "MVA", "MAT"), ("Statistique", "Analyse de données", "Mathématiques")),
    "EPN10": (3.6, ("TET", "PST", "ERG", "FAD"), ("Travail et emploi", "Psychologie du travail", "Ergonomie", "Formation des adultes")),
    "EPN11": (4, ("SAN", "SOL", "HSA"), ("Santé publique", "Action sociale", "Gestion hospitalière")),
    "EPN12": (3, ("INV", "PRI", "DNM"), ("Innovation", "Propriété industrielle", "Design")),
    "EPN13": (8, ("ESD", "MKT", "ENT", "CMM"), ("Stratégie", "Marketing", "Entrepreneuriat", "Commerce")),
    "EPN14": (7, ("API", "ACP", "ADM"), ("Action publique", "Administration", "Politiques publiques")),
    "EPN15": (3, ("ENV", "GEO", "AMT"), ("Environnement", "Géomatique", "Aménagement")),
    "EPN16": (4, ("LOG", "TRS", "HSE", "IQS"), ("Logistique", "Transport", "Hygiène sécurité", "Qualité")),
    "CLE": (4, ("ANG", "ALL", "ESP", "FLE"), ("Anglais", "Allemand", "Espagnol", "Français langue étrangère")),
}

PCS_DETAIL = {"1": ("10",), "2": ("21", "22", "23"), "3": ("31", "33", "34", "35", "37", "38"),
              "4": ("42", "43", "44", "45", "46", "47", "48"), "5": ("52", "53", "54", "55", "56"),
              "6": ("62", "63", "64", "65", "67", "68", "69")}
NATIONALITIES_FR = {"FR": 900, "DZ": 18, "MA": 15, "TN": 12, "PT": 8, "SN": 8, "CI": 6, "CM": 6, "RO": 4,
                    "MG": 4, "HT": 3, "IT": 3, "TR": 3, "CD": 3, "ML": 3, "CN": 3, "ES": 2, "VN": 2,
                    "BE": 2, "DE": 2}
NATIONALITIES_ABROAD = {"LBN": ("LB", ("SY", "JO", "IQ")), "MAR": ("MA", ("DZ", "TN", "SN")),
                        "CIV": ("CI", ("BF", "ML", "SN")), "CHN": ("CN", ("TW", "HK", "VN"))}
MOOC_TITLES = (                      # (title, EPN)
    ("Du manager au leader", "EPN03"), ("Sécurité numérique", "EPN05"),
    ("Recherche d'emploi : mode d'emploi", "EPN10"), ("Bases de données relationnelles", "EPN05"),
    ("Économie de l'entreprise", "EPN01"), ("Le droit du travail", "EPN02"),
    ("Statistique pour débutants", "EPN09"), ("Introduction au marketing", "EPN13"),
    ("Énergie et bâtiment", "EPN04"), ("Prévention des risques", "EPN16"), ("Santé et travail", "EPN11"),
    ("L'innovation en pratique", "EPN12"), ("Gestion de projet", "EPN03"), ("Programmer en Python", "EPN05"),
    ("Comptabilité générale", "EPN03"), ("Logistique et transport", "EPN16"),
    ("Communiquer en anglais", "CLE"), ("Entreprendre", "EPN13"), ("Action publique et territoires", "EPN14"),
    ("Qualité de vie au travail", "EPN10"), ("Ergonomie des interfaces", "EPN10"), ("Data science", "EPN09"),
    ("Cybersécurité des PME", "EPN05"), ("Finance pour tous", "EPN01"), ("Chimie du quotidien", "EPN07"),
)


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------
def _annee(y: int) -> str:
    return f"{y}-{y + 1}"


def _pick(rng: np.random.Generator, n: int, probs) -> np.ndarray:
    """n draws of indices 0..k-1 with the given (unnormalised) probabilities."""
    p = np.asarray(probs, dtype=float)
    c = np.cumsum(p / p.sum())
    return np.minimum(np.searchsorted(c, rng.random(n), side="right"), len(p) - 1)


_STR = pd.StringDtype("pyarrow", na_value=np.nan)       # pandas' default "str" dtype


def _labels(labels, idx: np.ndarray) -> pd.arrays.ArrowStringArray:
    """Map indices to strings; -1 gives a missing value."""
    idx = np.asarray(idx)
    arr = pa.DictionaryArray.from_arrays(pa.array(idx.astype(np.int32), mask=idx < 0),
                                         pa.array(list(labels), pa.large_string()))
    return pd.arrays.ArrowStringArray(arr.dictionary_decode(), dtype=_STR)


def _strs(values) -> pd.arrays.ArrowStringArray:
    """Strings (pandas "str" dtype); None gives a missing value."""
    if isinstance(values, pd.arrays.ArrowStringArray):
        return values
    return pd.arrays.ArrowStringArray(pa.array(values, pa.large_string(), from_pandas=True), dtype=_STR)


def _dates(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 (int64, missing = NAT_DAYS) to datetime64, date only."""
    out = days.astype("datetime64[D]")
    out[days == NAT_DAYS] = np.datetime64("NaT")
    return out.astype(DATE_UNIT)


def _boolean(values: np.ndarray, missing: np.ndarray | None = None) -> pd.arrays.BooleanArray:
    mask = np.zeros(len(values), bool) if missing is None else missing.astype(bool)
    return pd.arrays.BooleanArray(values.astype(bool), mask)


def _int64(values: np.ndarray, missing: np.ndarray | None = None) -> pd.arrays.IntegerArray:
    mask = np.zeros(len(values), bool) if missing is None else missing.astype(bool)
    return pd.arrays.IntegerArray(np.asarray(values).astype(np.int64), mask)


def _day(y: int, m: int, d: int) -> int:
    return int(np.datetime64(f"{y:04d}-{m:02d}-{d:02d}", "D").astype(np.int64))


NAT_DAYS = np.iinfo(np.int64).min
_ALPHABET = np.frombuffer(b"0123456789ABCDEFGHJKMNPQRSTVWXYZ", dtype=np.uint8)
_MASK40 = np.uint64((1 << 40) - 1)


class _Ids:
    """Opaque identifiers: prefix + 8 characters, a keyed bijection of a counter (no collisions)."""

    def __init__(self, seed: int):
        self.seed = seed

    def __call__(self, prefix: str, counter: np.ndarray) -> pd.arrays.ArrowStringArray:
        h = hashlib.blake2b(f"{self.seed}/{prefix}".encode(), digest_size=24).digest()
        a, b, c = (np.uint64(int.from_bytes(h[i:i + 8], "little") & ((1 << 40) - 1)) for i in (0, 8, 16))
        a |= np.uint64(1)
        c |= np.uint64(1)
        x = np.asarray(counter, dtype=np.uint64)
        x = (x * a + b) & _MASK40
        x ^= x >> np.uint64(19)
        x = (x * c) & _MASK40
        x ^= x >> np.uint64(21)
        shifts = np.arange(35, -1, -5, dtype=np.uint64)
        digits = ((x[:, None] >> shifts) & np.uint64(31)).astype(np.intp)
        pre = np.frombuffer(prefix.encode(), dtype=np.uint8)
        width = len(pre) + 8
        buf = np.empty((len(x), width), dtype=np.uint8)
        buf[:, :len(pre)] = pre
        buf[:, len(pre):] = _ALPHABET[digits]
        offsets = np.arange(0, (len(x) + 1) * width, width, dtype=np.int64)
        arr = pa.LargeStringArray.from_buffers(len(x), pa.py_buffer(offsets), pa.py_buffer(buf.tobytes()))
        return pd.arrays.ArrowStringArray(arr, dtype=_STR)


def _frame(name: str, cols: dict) -> pd.DataFrame:
    """A frame with the columns of the contract, in its order (all of them, optional included)."""
    order = FILES[name].column_names
    missing = set(order) - set(cols)
    extra = set(cols) - set(order)
    if missing or extra:
        raise RuntimeError(f"{name}: columns missing {sorted(missing)} / unexpected {sorted(extra)}")
    return pd.DataFrame({c: cols[c] for c in order})


def _read_reference(ref_dir: Path = REF_DIR) -> dict[str, pd.DataFrame]:
    """The project's nomenclatures, the synthetic antennas added to `centres`."""
    ref = {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(ref_dir.glob("*.csv"))}
    c = ref["centres"]
    extra = pd.DataFrame([row for row in SYNTHETIC_CENTRES if row["code"] not in set(c["code"])])
    if len(extra):
        ref["centres"] = pd.concat([c, extra[c.columns]], ignore_index=True)
    return ref


@dataclass
class _Ctx:
    """What every helper needs: references, scale, identifiers, centre attributes."""

    ref: dict[str, pd.DataFrame]
    scale: float
    seed: int
    ids: _Ids
    centres: list[str] = field(default_factory=list)
    aire: np.ndarray = None
    opening: np.ndarray = None
    closing: np.ndarray = None
    manual: np.ndarray = None           # centres of the manual collection (not in SIAP)
    epn: list[str] = field(default_factory=list)
    centre_labels: list[str] = field(default_factory=list)   # current codes, then historical ones
    old_codes: dict[int, list[int]] = field(default_factory=dict)  # centre -> its old codes (labels)
    host: np.ndarray = None             # profile of nationalities abroad: own code or rattachement

    def __post_init__(self):
        c = self.ref["centres"]
        self.centres = list(c["code"])
        self.aire = c["aire"].to_numpy()
        self.opening = np.array([int(v) if v else 0 for v in c["annee_ouverture"]])
        self.closing = np.array([int(v) if v else 9999 for v in c["annee_fermeture"]])
        self.manual = c["systeme"].str.lower().str.contains("collecte").to_numpy()
        self.epn = list(self.ref["epn"]["code"])
        self.centre_labels = list(self.centres)
        hist = self.ref.get("centres_historique", pd.DataFrame(columns=["ancien_code", "code"]))
        for old, cur in zip(hist["ancien_code"], hist["code"]):
            if cur in self.centres and old not in self.centre_labels:
                self.old_codes.setdefault(self.centres.index(cur), []).append(len(self.centre_labels))
                self.centre_labels.append(old)
        parent = dict(zip(c["code"], c["centre_rattachement"]))
        self.host = np.array([code if code in NATIONALITIES_ABROAD else parent.get(code, "")
                              for code in self.centres], dtype=object)

    def n(self, x: float, minimum: int = 0) -> int:
        """A count at this scale."""
        return max(minimum, int(round(x * self.scale)))

    def open_in(self, y: int) -> np.ndarray:
        """Centres open in the academic year starting in y (closed from `annee_fermeture` on)."""
        return (self.opening <= y) & (self.closing > y) & ~self.manual

    def cidx(self, code: str) -> int:
        return self.centres.index(code) if code in self.centres else -1

    def centre_weights(self, weights: dict, y: int) -> np.ndarray:
        w = np.array([float(weights.get(c, 0.0)) for c in self.centres])
        return w * self.open_in(y)


# ---------------------------------------------------------------------------------------------
# Catalogue (BéDéO)
# ---------------------------------------------------------------------------------------------
@dataclass
class _Catalogue:
    codes: np.ndarray            # labels: master codes then codes absent from BéDéO
    n_master: int
    true_epn: np.ndarray         # EPN index used for sampling (every code has one)
    hours: np.ndarray
    ua: np.ndarray
    in_offer: np.ndarray         # national offer and type UE/US
    active: dict[int, np.ndarray]
    popularity: np.ndarray
    frame: pd.DataFrame


def _catalogue(rng: np.random.Generator, ctx: _Ctx) -> _Catalogue:
    """One row per teaching and year; a code keeps its attributes across years."""
    epn_codes = ctx.epn
    prof = [EPN_PROFILE.get(e, (3, (f"X{i:02d}"[:3],), ("Enseignement",))) for i, e in enumerate(epn_codes)]
    weights = np.array([p[0] for p in prof])
    n_regular = 4250
    per_epn = np.maximum(60, np.round(n_regular * weights / weights.sum())).astype(int)
    codes, epn_i, topic = [], [], []
    for e, (k, (_, prefixes, topics)) in enumerate(zip(per_epn, prof)):
        pool = [f"{p}{d:03d}" for p in prefixes for d in range(1, 1000)]
        chosen = rng.choice(len(pool), size=min(k, len(pool)), replace=False)
        chosen.sort()
        codes += [pool[i] for i in chosen]
        epn_i += [e] * len(chosen)
        topic += [topics[(i // 999) % len(topics)] for i in chosen]      # the topic of its prefix
    n_reg = len(codes)
    # non-taught units (professional experience, tests, thesis)
    n_ua = 130
    ua_digits = rng.choice(np.arange(100, 1000), size=n_ua, replace=False)
    ua_letters = rng.choice(list("ABCDEFGHKLMNPRST"), size=n_ua)
    codes += [f"UA{l}{d}" for l, d in zip(ua_letters, ua_digits)]
    epn_i += list(_pick(rng, n_ua, weights))
    topic += list(rng.choice(["Expérience professionnelle", "Mémoire", "Projet tutoré", "Test d'évaluation"], n_ua))
    n = len(codes)
    epn_i = np.array(epn_i)
    ua = np.zeros(n, bool)
    ua[n_reg:] = True

    typ = np.where(ua, 0, _pick(rng, n, [85, 12, 3]))               # UE / US / AUTRE
    national = rng.random(n) >= 0.03
    ects_values = np.array([3, 4, 5, 6, 8, 9, 10, 12, 15])
    ects = ects_values[_pick(rng, n, [12, 8, 5, 35, 5, 12, 8, 10, 5])].astype(float)
    ects[ua] = np.array([3, 6, 10, 15])[_pick(rng, n_ua, [3, 4, 2, 1])]
    per_ects = np.array([8, 9, 10, 12])[_pick(rng, n, [20, 20, 30, 30])]
    hours = (ects * per_ects).astype(float)
    hours[ua] = 0.0
    popularity = rng.lognormal(0.0, 0.9, n)
    popularity[ua] = 1.0

    # years of activity: most codes every year, some open or close during the period
    start = np.where(rng.random(n) < 0.8, YEARS[0], rng.choice(YEARS, n))
    end = np.where(rng.random(n) < 0.8, YEARS[-1], np.maximum(start, rng.choice(YEARS, n)))
    active = {y: (start <= y) & (end >= y) for y in YEARS}
    # a few codes of the national offer, active every year, have no EPN in BéDéO and are rarely
    # taken: the « EPN non renseignée » rows of the EPN tables stay small (« ns » cells)
    in_offer = national & (typ < 2)
    always = (start == YEARS[0]) & (end == YEARS[-1]) & in_offer & ~ua
    no_epn = rng.choice(np.flatnonzero(always), size=CALIBRATION["epn_missing_codes"], replace=False)
    shown_epn = epn_i.copy()
    shown_epn[no_epn] = -1
    popularity[no_epn] *= 0.05

    suffix = np.array(["", " 1", " 2", " : fondamentaux", " : approfondissement", " appliqué(e)", " avancé(e)"])
    libelle = np.array([f"{t}{suffix[s]}" for t, s in zip(topic, rng.integers(0, len(suffix), n))], dtype=object)
    rows = np.concatenate([np.flatnonzero(active[y]) for y in YEARS])
    years = np.concatenate([np.full(active[y].sum(), y) for y in YEARS])
    frame = _frame("enseignements", {
        "code_enseignement": _labels(codes, rows),
        "annee": _labels([_annee(y) for y in YEARS], years - YEARS[0]),
        "libelle": pd.array(libelle[rows], dtype="str"),
        "type": _labels(["UE", "US", "AUTRE"], typ[rows]),
        "epn": _labels(epn_codes, shown_epn[rows]),
        "ects": ects[rows],
        "heures_theoriques": hours[rows],
        "offre_nationale": _boolean(national[rows]),
    })
    # codes absent from BéDéO altogether ("hors catalogue")
    bogus = [f"HBD{d:03d}" for d in rng.choice(np.arange(1, 1000), size=40, replace=False)]
    return _Catalogue(
        codes=np.array(codes + bogus, dtype=object), n_master=n, true_epn=epn_i, hours=hours, ua=ua,
        in_offer=in_offer, active=active, popularity=popularity, frame=frame,
    )


# ---------------------------------------------------------------------------------------------
# Learners: a panel followed year by year
# ---------------------------------------------------------------------------------------------
KINDS = ("FC", "ALT", "FI")
ACTIVITIES = ("HTT", "JOUR", "ALT", "FI", "AUTRE")
NIVEAUX = ("0", "3", "4", "5", "6", "7", "8", "9")          # "9": unmapped (warning)
SITUATIONS = ("EMP", "DE", "INA")
PCS_CODES = tuple(["1", "2", "3", "4", "5", "6"] + [c for g in PCS_DETAIL.values() for c in g] + ["99"])
QUOTITES = ("TC", "TP")
CONTRATS = ("APP", "PRO")
DIPLOMES_PREPARES = ("ING", "MASTER", "LIC", "LICPRO", "DEUST", "RNCP", "AUTRE")
NATIONALITY_CODES = (list(NATIONALITIES_FR)
                     + sorted({c for h, nb in NATIONALITIES_ABROAD.values() for c in (h, *nb)} - set(NATIONALITIES_FR))
                     + ["XX"])                                  # "XX": invalid (warning)


class _Panel:
    """Static attributes of every learner ever drawn (numpy arrays indexed by learner number)."""

    FIELDS = ("kind", "centre", "sex", "birth", "apin", "nat", "niv", "sit", "pcs", "quot", "contract",
              "tdp", "epn_cursus", "activity", "main_epn", "intensity")

    def __init__(self):
        self.a = {f: np.empty(0, dtype=np.int64) for f in self.FIELDS}
        self.a["intensity"] = np.empty(0, dtype=float)
        self.present = np.empty(0, dtype=np.int64)
        self.present_by_year: dict[int, np.ndarray] = {}

    @property
    def size(self) -> int:
        return len(self.a["kind"])

    def add(self, cohort: dict) -> np.ndarray:
        start = self.size
        for f in self.FIELDS:
            self.a[f] = np.concatenate([self.a[f], cohort[f]])
        return np.arange(start, self.size)


def _draw_niveau(rng, n, kind) -> np.ndarray:
    p_fc = [3, 6, 24, 27, 25, 13, 2]
    p_alt = [1, 2, 40, 35, 18, 4, 0]
    out = np.where(kind == 1, _pick(rng, n, p_alt), _pick(rng, n, p_fc))
    u = rng.random(n)
    out[u < 0.12] = -1
    out[(u >= 0.12) & (u < 0.1212)] = 7                        # "9", unmapped
    return out


def _draw_situation(rng, n, kind) -> np.ndarray:
    out = np.where(kind == 0, _pick(rng, n, [76, 10, 14]), _pick(rng, n, [60, 3, 37]))
    out[rng.random(n) < 0.08] = -1
    return out


def _draw_pcs(rng, n, sit) -> np.ndarray:
    """PCS 2020, one digit (group) or two (category); only for employed learners."""
    group = _pick(rng, n, [0.5, 4, 24, 30, 33, 8.5])            # 0..5 -> groups 1..6
    detail = rng.random(n) < 0.5
    out = group.copy()                                          # one-digit codes are indices 0..5
    offsets = np.cumsum([6] + [len(PCS_DETAIL[str(g + 1)]) for g in range(6)])[:-1]
    sizes = np.array([len(PCS_DETAIL[str(g + 1)]) for g in range(6)])
    out[detail] = offsets[group[detail]] + (rng.random(detail.sum()) * sizes[group[detail]]).astype(int)
    out[rng.random(n) < 0.20] = -1
    out[rng.random(n) < 0.001] = len(PCS_CODES) - 1              # "99", unmapped
    out[sit != 0] = -1
    return out


def _draw_quotite(rng, n, sit) -> np.ndarray:
    out = _pick(rng, n, [80, 20])
    out[rng.random(n) < 0.25] = -1
    out[sit != 0] = -1
    return out


def _cohort(rng, ctx: _Ctx, y: int, centre: np.ndarray, kind: np.ndarray, initial: bool) -> dict:
    """Draw the static attributes of new learners entering the extraction in year y."""
    n = len(centre)
    cal = CALIBRATION
    # year of first inscription: this year, or older (a returning learner, or the stock in 2016)
    if initial:
        k = np.where(kind == 0, np.minimum(rng.geometric(0.5, n) - 1, 12),
                     np.where(kind == 1, _pick(rng, n, [60, 40]), _pick(rng, n, [50, 35, 15])))
    else:
        k = np.where((kind == 0) & (rng.random(n) < cal["returner_share"]), rng.integers(2, 11, n), 0)
    apin = y - k
    # age at 31 December of the entry year
    mean_fc = np.array([cal["entry_age_fc"].get(a, cal["entry_age_fc"][2010]) for a in range(y - 13, y + 1)])[
        np.clip(apin - (y - 13), 0, 13)]
    age_fc = 17 + rng.gamma(2.4, (mean_fc - 17) / 2.4, n)
    age_alt = 16 + rng.gamma(4.0, (cal["entry_age_alt"] - 16) / 4.0, n)
    age_fi = 17 + rng.gamma(3.0, (cal["entry_age_fi"] - 17) / 3.0, n)
    age = np.select([kind == 0, kind == 1], [np.minimum(age_fc, 72), np.minimum(age_alt, 34)], age_fi)
    birth_year = apin - np.floor(age).astype(int)
    birth = np.array([_day(v, 1, 1) for v in range(1900, 2031)])[birth_year - 1900] + rng.integers(0, 365, n)
    u = rng.random(n)
    birth[u < 0.005] = NAT_DAYS
    odd = (u >= 0.005) & (u < 0.0055)                           # implausible birth dates
    if n and not odd.any():                                     # at least one per cohort
        odd[int(np.argmax(u))] = True
    birth[odd] = np.where(rng.random(odd.sum()) < 0.5, _day(y - 8, 6, 1), _day(1905, 3, 1))
    # sex
    p_men = np.array([cal["men_share_fc"].get(a, cal["men_share_fc"][2010]) for a in range(y - 13, y + 1)])[
        np.clip(apin - (y - 13), 0, 13)]
    p_men = np.select([kind == 0, kind == 1], [p_men, cal["men_share_alt"]], cal["men_share_fi"])
    sex = (rng.random(n) >= p_men).astype(np.int64)             # 0 = H, 1 = F
    sex[rng.random(n) < 0.002] = -1
    # nationality: host country abroad, mostly FR in France
    nat_codes = NATIONALITY_CODES
    nat = _pick(rng, n, list(NATIONALITIES_FR.values()))
    for code, (host, neighbours) in NATIONALITIES_ABROAD.items():
        m = ctx.host[centre] == code                            # the centre, or an antenna of it
        if m.any():
            choice = np.array([nat_codes.index(c) for c in (host, "FR", *neighbours)])
            nat[m] = choice[_pick(rng, m.sum(), [85, 5] + [10 / len(neighbours)] * len(neighbours))]
    u = rng.random(n)
    nat[u < 0.03] = -1
    nat[(u >= 0.03) & (u < 0.031)] = len(nat_codes) - 1        # "XX", invalid
    # declared at first inscription
    niv = _draw_niveau(rng, n, kind)
    sit = _draw_situation(rng, n, kind)
    pcs = _draw_pcs(rng, n, sit)
    quot = _draw_quotite(rng, n, sit)
    # alternance contract
    alt = kind == 1
    contract = np.where(alt, _pick(rng, n, [80, 17, 3]), -1)
    contract[contract == 2] = -1
    tdp = np.where(alt, _pick(rng, n, [25, 15, 15, 20, 5, 15, 5]), -1)
    main_epn = _pick(rng, n, [p[0] for p in (EPN_PROFILE.get(e, (3,)) for e in ctx.epn)])
    epn_cursus = np.where(alt & (rng.random(n) < 0.7), main_epn, -1)
    activity = np.select([kind == 1, kind == 2], [2, 3], _pick(rng, n, [77, 21, 0, 0, 2]))
    intensity = np.select([kind == 0], [rng.gamma(2.0, CALIBRATION["ins_extra"]["FC"] / 2.0, n)],
                          CALIBRATION["ins_extra"]["ALT"])
    intensity = np.where(kind == 2, CALIBRATION["ins_extra"]["FI"], intensity)
    intensity = np.where(ctx.aire[centre] == "PEP", intensity * CALIBRATION["ins_factor_pep"], intensity)
    return dict(kind=kind, centre=centre, sex=sex, birth=birth, apin=apin, nat=nat, niv=niv, sit=sit,
                pcs=pcs, quot=quot, contract=contract, tdp=tdp, epn_cursus=epn_cursus, activity=activity,
                main_epn=main_epn, intensity=intensity)


def _centre_targets(ctx: _Ctx, y: int) -> np.ndarray:
    """Registered learners wanted per centre in year y (scaled)."""
    cal = CALIBRATION
    abroad = {c: v.get(y, 0) for c, v in cal["abroad"].items()}
    france_total = cal["learners"][y] - sum(abroad.values())
    base = np.array([0.0 if c in abroad else float(cal["centres_2019"].get(c, cal["default_centre_learners"]))
                     for c in ctx.centres])
    base[ctx.manual] = 0.0
    base *= france_total / base.sum()
    for c, v in abroad.items():
        if c in ctx.centres:
            base[ctx.cidx(c)] = v
    base *= ctx.open_in(y)
    return base * ctx.scale


def _learners(rng, ctx: _Ctx, panel: _Panel, y: int) -> tuple[pd.DataFrame, dict]:
    """Advance the panel to year y; return the auditeurs rows of y and the learner-year arrays."""
    cal = CALIBRATION
    a = panel.a
    nc = len(ctx.centres)
    prev = panel.present
    kind_prev = a["kind"][prev]
    r = np.array([cal["retention"][k] for k in KINDS])[kind_prev]
    stay = prev[(rng.random(len(prev)) < r) & ctx.open_in(y)[a["centre"][prev]]]
    targets = _centre_targets(ctx, y) * (1 + cal["out_only_share"])
    stay_c = np.bincount(a["centre"][stay], minlength=nc)
    new_c = np.maximum(np.round(targets - stay_c), np.ceil(cal["min_new_share"] * targets)).astype(int)
    new_c[targets == 0] = 0
    # alternants among the new entrants
    alt_need = max(0, ctx.n(cal["alternants"][y]) - int((a["kind"][stay] == 1).sum()))
    w_alt = ctx.centre_weights(cal["alt_centre_weights"], y)
    alt_c = np.minimum(rng.multinomial(alt_need, w_alt / w_alt.sum()), np.floor(0.75 * new_c)).astype(int)
    school = np.isin(ctx.centres, cal["school_centres"])
    fi_c = np.where(school, np.round(cal["school_fi_share"] * (new_c - alt_c)), 0).astype(int)
    fc_c = new_c - alt_c - fi_c
    centre = np.concatenate([np.repeat(np.arange(nc), fc_c), np.repeat(np.arange(nc), alt_c),
                             np.repeat(np.arange(nc), fi_c)])
    kind = np.concatenate([np.zeros(fc_c.sum(), int), np.ones(alt_c.sum(), int), np.full(fi_c.sum(), 2)])
    new = panel.add(_cohort(rng, ctx, y, centre, kind, initial=(len(prev) == 0)))
    present = np.sort(np.concatenate([stay, new]))
    panel.present = present
    panel.present_by_year[y] = present
    n = len(present)

    kind = a["kind"][present]
    apin = a["apin"][present]
    first_row = apin == y

    def varied(values: np.ndarray, redraw: np.ndarray, p: float = 0.04) -> np.ndarray:
        """Later rows repeat the first-inscription value, sometimes changed."""
        change = (~first_row) & (rng.random(n) < p)
        return np.where(change, redraw, values)

    niv = varied(a["niv"][present], _draw_niveau(rng, n, kind))
    sit_new = _draw_situation(rng, n, kind)
    sit = varied(a["sit"][present], sit_new)
    pcs = varied(a["pcs"][present], _draw_pcs(rng, n, sit))
    pcs[sit != 0] = -1
    quot = varied(a["quot"][present], _draw_quotite(rng, n, sit))
    quot[sit != 0] = -1
    alt = kind == 1
    # flag missing: mostly non-alternants, a few alternants (then found by their inscriptions)
    alt_missing = ((~alt) & (rng.random(n) < 0.01)) | (alt & (rng.random(n) < cal["alt_flag_missing"]))
    activity = a["activity"][present]
    act_shown = np.where(rng.random(n) < 0.7, activity, -1)
    if y >= 2021:
        sit_y = np.where(rng.random(n) < 0.8, a["sit"][present], sit_new)
        sit_y[rng.random(n) < 0.10] = -1
        pcs_y = np.where(rng.random(n) < 0.85, a["pcs"][present], _draw_pcs(rng, n, sit_y))
        pcs_y[sit_y != 0] = -1
    else:
        sit_y = np.full(n, -1)
        pcs_y = np.full(n, -1)
    d_admin = _day(y, 9, 1) + rng.integers(0, 122, n)
    ctr = a["centre"][present]
    # time-invariant attributes missing on one row while other rows hold them (abroad, the
    # nationality stays complete or always missing: Tableau 15's counts are planted exactly)
    sex, birth, nat = a["sex"][present].copy(), a["birth"][present].copy(), a["nat"][present].copy()
    miss = rng.random((3, n)) < cal["attribute_row_missing"]
    sex[miss[0]] = -1
    birth[miss[1]] = NAT_DAYS
    nat[miss[2] & (ctx.aire[ctr] != "ETR")] = -1
    shown = _shown_centres(ctx, present, ctr, y)
    tdp = a["tdp"][present] if y >= cal["tdp_from"] else np.full(n, -1)
    cols = {
        "auditeur_id": _strs(ctx.ids("AU", present)),
        "annee": _labels([_annee(y)], np.zeros(n, int)),
        "sexe": _labels(["H", "F"], sex),
        "date_naissance": _dates(birth),
        "nationalite": _labels(NATIONALITY_CODES, nat),
        "centre_admin": _labels(ctx.centre_labels, shown),
        "annee_premiere_inscription": _strs([_annee(v) for v in range(2000, 2031)])[apin - 2000],
        "niveau_diplome_entree": _labels(NIVEAUX, niv),
        "situation_emploi_entree": _labels(SITUATIONS, sit),
        "pcs_entree": _labels(PCS_CODES, pcs),
        "quotite_travail": _labels(QUOTITES, quot),
        "alternance": _boolean(alt, alt_missing),
        "type_contrat": _labels(CONTRATS, a["contract"][present]),
        "type_diplome_prepare": _labels(DIPLOMES_PREPARES, tdp),
        "type_activite": _labels(ACTIVITIES, act_shown),
        "epn_cursus": _labels(ctx.epn, a["epn_cursus"][present]),
        "date_inscription_admin": _dates(d_admin),
        "situation_emploi_annee": _labels(SITUATIONS, sit_y),
        "pcs_annee": _labels(PCS_CODES, pcs_y),
    }
    df = _frame("auditeurs", cols)

    # learner-year arrays for the inscriptions
    out_only = (kind == 0) & (rng.random(n) < cal["out_only_share"])
    p_dist = cal["distance"][y] * np.array([cal["distance_factor"][k] for k in KINDS])[kind]
    p_dist = np.where(ctx.aire[ctr] == "ETR", p_dist * cal["distance_factor"]["ETR"], p_dist)
    distance = rng.random(n) < p_dist

    # defect: a few learners with a second row in another centre (QA warning), one for each
    # tie-break of TABLES.md §2.1: settled by the majority of their non-FOAD inscriptions while
    # the earlier date points to the other row (mode 0), by the date (1), by the centre code (2);
    # `_inscriptions` gives them the inscriptions that make it so
    dup_mode = np.full(n, -1)
    paris, idf = ctx.cidx("PARIS"), ctx.cidx("IDF")
    france = np.flatnonzero(((ctr == paris) | np.isin(ctx.aire[ctr], ["IDF", "MET"]))
                            & (kind == 0) & ~out_only & ~distance)
    k = ctx.n(cal["duplicates_per_year"], minimum=cal["duplicates_per_year"])
    dup = np.sort(rng.choice(france, size=min(k, len(france)), replace=False))
    if len(dup):
        mode = np.arange(len(dup)) % 3
        dup_mode[dup] = mode
        extra = df.iloc[dup].copy()
        other = np.where(ctr[dup] == paris, idf, paris)
        extra["centre_admin"] = _labels(ctx.centre_labels, other)
        shift = np.array([-20, 20, 0])[mode]
        extra["date_inscription_admin"] = extra["date_inscription_admin"] + pd.to_timedelta(shift, unit="D")
        df = pd.concat([df, extra], ignore_index=True)

    lay = dict(
        id_counter=present, centre=ctr, shown=shown, kind=kind, main_epn=a["main_epn"][present],
        activity=activity, intensity=a["intensity"][present], out_only=out_only, distance=distance,
        dup_mode=dup_mode, new=np.isin(present, new), phantom=np.zeros(n, bool),
    )
    return df, lay


GOLDEN = (np.sqrt(5.0) - 1) / 2


def _shown_centres(ctx: _Ctx, learner: np.ndarray, centre: np.ndarray, y: int) -> np.ndarray:
    """The centre code a row carries (index into ctx.centre_labels): in the early years, some
    learners of a merged region are still recorded under the old code of their former
    region (`centres_historique`), the same learner every year until the migration."""
    shown = centre.copy()
    share = CALIBRATION["historical_share"].get(y, 0.0)
    if not share:
        return shown
    u = (learner * GOLDEN) % 1.0                     # a fixed draw per learner: the migration is monotone
    for c, olds in ctx.old_codes.items():
        m = (centre == c) & (u < share)
        which = ((learner[m] * GOLDEN * GOLDEN * 7) % 1.0 * len(olds)).astype(int)
        shown[m] = np.array(olds)[which]
    return shown


def _phantoms(rng, ctx: _Ctx, y: int, n_learners: int, counter_start: int) -> dict:
    """Learners with inscriptions but no auditeurs row this year (QA warning)."""
    w = _centre_targets(ctx, y)
    centre = _pick(rng, n_learners, w)
    return dict(
        id_counter=counter_start + np.arange(n_learners), centre=centre, shown=centre.copy(),
        kind=np.zeros(n_learners, int),
        main_epn=_pick(rng, n_learners, [EPN_PROFILE.get(e, (3,))[0] for e in ctx.epn]),
        activity=np.zeros(n_learners, int), intensity=np.full(n_learners, 3.0),
        out_only=np.zeros(n_learners, bool), distance=rng.random(n_learners) < 0.3,
        dup_mode=np.full(n_learners, -1), new=np.zeros(n_learners, bool), phantom=np.ones(n_learners, bool),
    )


# ---------------------------------------------------------------------------------------------
# Inscriptions
# ---------------------------------------------------------------------------------------------
def _inscriptions(rng, ctx: _Ctx, cat: _Catalogue, y: int, lay: dict,
                  first_counter: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Pedagogical inscriptions of year y for the learner-year arrays `lay` (no repeated row
    yet, see `_with_repeats`), and for each learner of `lay` whether he has one in scope."""
    cal = CALIBRATION
    kind = lay["kind"]
    base = np.array([cal["ins_base"][k] for k in KINDS])[kind]
    n_l = base + rng.poisson(lay["intensity"])
    out_only = lay["out_only"]
    n_l[out_only] = _pick(rng, out_only.sum(), [25, 55, 20])   # 0, 1 or 2 inscriptions
    li = np.repeat(np.arange(len(kind)), n_l)
    n = len(li)
    first = np.zeros(n, bool)
    starts = np.concatenate([[0], np.cumsum(n_l)[:-1]])[n_l > 0]
    first[starts] = True

    # teaching unit: in scope mostly, EPN of the learner mostly, popular codes more often
    active = cat.active[y]
    n_epn = len(ctx.epn)
    epn_w = np.array([EPN_PROFILE.get(e, (3,))[0] for e in ctx.epn])
    epn = np.where(rng.random(n) < 0.7, lay["main_epn"][li], _pick(rng, n, epn_w))
    code = np.empty(n, dtype=np.int64)
    pool_ok = active & cat.in_offer & ~cat.ua
    for e in range(n_epn):
        m = epn == e
        pool = np.flatnonzero(pool_ok & (cat.true_epn == e))
        if not pool.size:
            pool = np.flatnonzero(pool_ok)
        code[m] = pool[_pick(rng, m.sum(), cat.popularity[pool])]
    ua_pool = np.flatnonzero(active & cat.in_offer & cat.ua)
    is_ua = (rng.random(n) < cal["ua_share"]) & (kind[li] != 2)
    code[is_ua] = ua_pool[rng.integers(0, len(ua_pool), is_ua.sum())]
    # out of scope: local offer or other type (listed), not listed this year, or never in BéDéO
    oos = (rng.random(n) < cal["out_of_scope_share"]) | out_only[li]
    how = _pick(rng, n, [30, 20, 50])
    local = np.flatnonzero(active & ~cat.in_offer)
    inactive = np.flatnonzero(~active & ~cat.ua)
    bogus = np.arange(cat.n_master, len(cat.codes))
    for h, pool in enumerate((local, inactive, bogus)):
        pool = pool if pool.size else bogus
        m = oos & (how == h)
        code[m] = pool[rng.integers(0, len(pool), m.sum())]
    listed = code < cat.n_master
    is_ua = listed & cat.ua[np.minimum(code, cat.n_master - 1)]    # no exam planned for UA units

    # modality: distance learners follow part of their units at a distance (the first one at least)
    dist = lay["distance"][li] & (first | (rng.random(n) < cal["distance_ins_share"]))
    hyb = rng.random(n) < cal["hyb_share"][y]
    cle = ctx.epn.index("CLE") if "CLE" in ctx.epn else -1
    hyb &= (epn != cle) | (rng.random(n) < cal["cle_hyb"])     # small CLE x HYB cells
    modalite = np.where(dist, np.where(hyb, 2, 1), 0)           # PRES, FOAD, HYB
    # organising centre: the learner's own mostly; FOAD hubs; Paris <-> Ile-de-France
    ctr = lay["centre"][li]
    peda = ctr.copy()
    hubs = ctx.centre_weights(cal["foad_hubs"], y)
    elsewhere = (modalite == 1) & (rng.random(n) < cal["foad_elsewhere"])
    peda[elsewhere] = _pick(rng, elsewhere.sum(), hubs)
    same = elsewhere & (peda == ctr)                            # try once more for a hub's own learners
    peda[same] = _pick(rng, same.sum(), hubs)
    paris, idf = ctx.cidx("PARIS"), ctx.cidx("IDF")
    cross = (modalite != 1) & (rng.random(n) < cal["paris_idf_cross"])
    peda[cross & (ctr == paris)] = idf
    peda[cross & (ctr == idf)] = paris
    ep_small = np.isin(ctr, [ctx.cidx(c) for c in ("ESGT", "INTECHMER", "ENJMIN", "EICNAM", "EPN")])
    peda[ep_small & (modalite != 1) & (rng.random(n) < 0.05)] = paris
    # the code shown: the learner's own centre as his row shows it (an old code in early years)
    peda_label = np.where(peda == ctr, lay["shown"][li], peda)
    peda_shown = np.where(rng.random(n) < 0.005, -1, peda_label)
    modalite[rng.random(n) < 0.003] = -1
    listed_code = np.minimum(code, cat.n_master - 1)
    in_scope = listed & cat.in_offer[listed_code] & active[listed_code]
    _plant_inscription_cases(cat, y, lay, li, code, modalite, peda_shown, in_scope)
    listed = code < cat.n_master
    is_ua = listed & cat.ua[np.minimum(code, cat.n_master - 1)]

    # activity type and cursus
    act = lay["activity"][li]
    fc = kind[li] == 0
    act = np.where(fc & (rng.random(n) < 0.1), _pick(rng, n, [80, 20]), act)
    act[rng.random(n) < 0.01] = -1
    cursus = np.where(kind[li] > 0, 1, 0)

    # theoretical hours: the catalogue's mostly, sometimes missing or different, a few negative
    cat_hours = np.where(listed, cat.hours[np.minimum(code, cat.n_master - 1)], np.nan)
    cat_hours = np.where(np.isnan(cat_hours), rng.choice([24.0, 30.0, 45.0, 60.0], n), cat_hours)
    hours = cat_hours.copy()
    u = rng.random(n)
    hours[u < 0.2] = np.nan
    diff = (u >= 0.2) & (u < 0.24)
    hours[diff] = np.round(cat_hours[diff] * rng.choice([0.8, 0.9, 1.1, 1.25], diff.sum()))
    neg = rng.choice(n, size=min(n, ctx.n(5, minimum=1)), replace=False)
    hours[neg] = -np.abs(cat_hours[neg]) - 1

    # exams: entered mostly (less in a few centres), 70 % present, marks mostly 4-18
    planned = ~is_ua
    low = np.isin(np.where(peda_shown >= 0, peda, ctr), [ctx.cidx(c) for c in cal["exam_low_centres"]])
    entered = planned & (rng.random(n) < np.where(low, cal["exam_entered_low"], cal["exam_entered"]))
    present = entered & (rng.random(n) < cal["exam_present"])
    note = np.round(np.clip(rng.normal(cal["note_mean"], cal["note_sd"], n), 0, 20) * 2) / 2
    note = np.where(rng.random(n) < 0.2, np.round(note * 4) / 4, note)
    note = np.where(present, note, np.nan)
    absent_zero = entered & ~present & (rng.random(n) < 0.1)
    note[absent_zero] = 0.0
    note[present & (rng.random(n) < 0.005)] = np.nan            # present without a mark
    note[present & (rng.random(n) < cal["note_999"])] = 9.99    # just under the pass mark
    k = ctx.n(6, minimum=1)
    bad = rng.choice(np.flatnonzero(present), size=min(k, present.sum()), replace=False)
    note[bad] = rng.choice([21.5, 25.0, -1.0], len(bad))        # outside 0-20
    incons = rng.choice(np.flatnonzero(entered & ~present), size=min(ctx.n(12, minimum=1), (entered & ~present).sum()),
                        replace=False)
    note[incons] = rng.choice([8.0, 11.5, 14.0], len(incons))   # absent with a mark
    present_col = _boolean(present, ~entered)

    cols = {
        "inscription_id": _strs(ctx.ids("IN", first_counter + np.arange(n))),
        "auditeur_id": _strs(ctx.ids("AU", lay["id_counter"][li])),
        "annee": _labels([_annee(y)], np.zeros(n, int)),
        "code_enseignement": _labels(cat.codes, code),
        "centre_peda": _labels(ctx.centre_labels, peda_shown),
        "modalite": _labels(["PRES", "FOAD", "HYB"], modalite),
        "type_activite": _labels(ACTIVITIES, act),
        "cursus": _labels(["CARTE", "BLOQUE"], cursus),
        "heures_theoriques": hours,
        "present_examen": present_col,
        "note": note,
        "session_examen": _labels(["1"], np.zeros(n, int)),
        "evaluation_prevue": _boolean(planned),
    }
    df = _frame("inscriptions", cols)
    has_in_scope = np.bincount(li[in_scope], minlength=len(kind)) > 0
    return df, has_in_scope


def _with_repeats(rng, ctx: _Ctx, df: pd.DataFrame) -> pd.DataFrame:
    """Defect: a few rows repeated identically (same inscription_id, QA warning)."""
    n = len(df)
    rep = np.sort(rng.choice(n, size=min(n, ctx.n(4, minimum=1)), replace=False))
    return pd.concat([df, df.iloc[rep]], ignore_index=True)


def _plant_inscription_cases(cat: _Catalogue, y: int, lay: dict, li: np.ndarray, code: np.ndarray,
                             modalite: np.ndarray, peda_shown: np.ndarray, in_scope: np.ndarray) -> None:
    """Inscriptions that make the planted cases happen (arrays changed in place).

    - Learners with two administrative rows (`lay["dup_mode"]`), each with an in-scope
      inscription: mode 0, their non-FOAD inscriptions at their own centre (the majority rule
      keeps that row, the date would keep the other one); modes 1 and 2, FOAD only (no majority:
      the date, or the centre code, decides).
    - Inscriptions of a learner without a row this year and without an organising centre:
      not placeable, out of scope (TABLES.md §2.1), at least one a year.
    """
    cal = CALIBRATION
    fallback = -1
    for p in np.flatnonzero(lay["dup_mode"] >= 0):
        rows = np.flatnonzero(li == p)
        if not rows.size:
            continue
        if not in_scope[rows].any():
            if fallback < 0:
                pool = np.flatnonzero(cat.active[y] & cat.in_offer & ~cat.ua)
                fallback = int(pool[np.argmax(cat.popularity[pool])])
            code[rows[0]], in_scope[rows[0]] = fallback, True
        first_in = rows[in_scope[rows]][0]
        if lay["dup_mode"][p] == 0:
            local = rows[modalite[rows] != 1]
            peda_shown[local] = lay["shown"][p]
            modalite[first_in], peda_shown[first_in] = 0, lay["shown"][p]
        else:
            modalite[rows] = 1
    phantom_rows = np.flatnonzero(lay["phantom"][li] & in_scope & (peda_shown >= 0))
    k = min(len(phantom_rows), cal["unlocated_per_year"])
    peda_shown[phantom_rows[:k]] = -1


def _plant_rank_tie(ctx: _Ctx, panel: _Panel, aud: pd.DataFrame, lay: dict, has_in_scope: np.ndarray,
                    rank: int = 10) -> None:
    """Tableau 15 ranks the nationalities of the learners abroad and breaks ties at rank 10
    alphabetically: make the 10th and 11th nationalities of this year's counted learners
    abroad tie, by giving the 11th nationality to a few learners new this year who had the
    nationality of their host country (their later rows keep it). Abroad, a nationality is
    never missing on one row only, so the counts are those the table will see."""
    n = int((~lay["phantom"]).sum())                  # auditeurs rows 0..n-1 are the learners of lay
    learner, centre = lay["id_counter"][:n], lay["centre"][:n]
    counted = has_in_scope[:n] & (ctx.aire[centre] == "ETR")
    nat = panel.a["nat"][learner]
    valid = counted & (nat >= 0) & (nat != NATIONALITY_CODES.index("XX"))
    counts = np.bincount(nat[valid], minlength=len(NATIONALITY_CODES))
    order = np.argsort(-counts, kind="stable")
    if counts[order[rank]] == 0 or counts[order[rank - 1]] == counts[order[rank]]:
        return
    gap = int(counts[order[rank - 1]] - counts[order[rank]])
    host = np.array([NATIONALITY_CODES.index(NATIONALITIES_ABROAD[h][0]) if h in NATIONALITIES_ABROAD else -1
                     for h in ctx.host[centre]])
    cand = np.flatnonzero(counted & lay["new"][:n] & (nat == host) & (host >= 0))[:gap]
    if len(cand) < gap:
        return
    panel.a["nat"][learner[cand]] = order[rank]
    col = aud["nationalite"].to_numpy(dtype=object, na_value=None)
    col[cand] = NATIONALITY_CODES[order[rank]]
    aud["nationalite"] = _strs(col)


# ---------------------------------------------------------------------------------------------
# MOOC
# ---------------------------------------------------------------------------------------------
def _mooc(rng, ctx: _Ctx) -> pd.DataFrame:
    """One row per MOOC session; 1-3 sessions a year per MOOC, opening dates spread over the year."""
    k = min(CALIBRATION["mooc_codes"], len(MOOC_TITLES))
    chosen = np.sort(rng.choice(len(MOOC_TITLES), k, replace=False))
    titles = np.array([MOOC_TITLES[i][0] for i in chosen], dtype=object)
    epn = np.array([ctx.epn.index(MOOC_TITLES[i][1]) if MOOC_TITLES[i][1] in ctx.epn else -1 for i in chosen])
    slugs = [f"MOOC-{EPN_PROFILE.get(MOOC_TITLES[i][1], (0, ('GEN',)))[1][0]}{j + 1:02d}" for j, i in enumerate(chosen)]
    first = rng.choice(YEARS, k)
    first[: k // 2] = YEARS[0]
    rows = []
    for j in range(k):
        for y in YEARS:
            if y < first[j]:
                continue
            n_s = int(_pick(rng, 1, [40, 40, 20])[0]) + 1
            start = _day(y, 9, 1)
            for d in np.sort(rng.choice(365, n_s, replace=False)):
                rows.append((j, start + int(d)))
    j_arr = np.array([r[0] for r in rows])
    d_arr = np.array([r[1] for r in rows], dtype=np.int64)
    d_arr[0] = _day(2021, 8, 30)        # last day but one of 2020-2021
    d_arr[1] = _day(2021, 9, 1)         # first day of 2021-2022
    n = len(rows)
    inscrits = np.clip(np.round(rng.lognormal(np.log(2500), 0.8, n)), 500, 15000).astype(int)
    att = np.round(inscrits * rng.uniform(0.05, 0.20, n)).astype(int)
    order = np.lexsort((j_arr, d_arr))
    return _frame("mooc", {
        "session_id": _strs(ctx.ids("SE", np.arange(n))),
        "code_mooc": pd.array(np.array(slugs, dtype=object)[j_arr[order]], dtype="str"),
        "libelle": pd.array(titles[j_arr[order]], dtype="str"),
        "epn": _labels(ctx.epn, epn[j_arr[order]]),
        "date_ouverture": _dates(d_arr[order]),
        "inscrits": _int64(inscrits[order]),
        "attestations": _int64(att[order], rng.random(n) < 0.05),
    })


# ---------------------------------------------------------------------------------------------
# Validations (VAPP, VAE, VES)
# ---------------------------------------------------------------------------------------------
NIVEAU_OF_TYPE = {"DEUST": (5,), "LIC": (6,), "LICPRO": (6,), "MASTER": (7,), "DOCTORAT": (8,), "ING": (7,),
                  "RNCP": (5, 6, 7, 4), "DE": (5, 6, 7), "DETAT": (5, 6), "CERT": (4, 5, 6, 3),
                  "MAGISTERE": (7,), "MBA": (7,), "MS": (7,), "AUTRE": (3, 4, 5)}
VISE_WEIGHTS = {
    "VAPP": {"LIC": 25, "LICPRO": 15, "MASTER": 20, "ING": 10, "DEUST": 5, "RNCP": 15, "DE": 5, "CERT": 5},
    "VAE": {"RNCP": 35, "LICPRO": 15, "LIC": 10, "MASTER": 15, "ING": 5, "DE": 10, "CERT": 10},
    "VES": {"LIC": 30, "MASTER": 30, "ING": 15, "LICPRO": 10, "DEUST": 5, "RNCP": 10},
}
DECISION_WEIGHTS = {"VAPP": {"DIRECT": 30, "DISPENSE": 35, "RESERVE": 20, "REFUS": 15},
                    "VAE": {"TOTALE": 60, "PARTIELLE": 30, "REFUS": 10},
                    "VES": {"ACCORD": 55, "ACCORD_REFUS": 20, "REFUS": 25}}
MEN_SHARE_VALIDATION = {"VAPP": 0.46, "VAE": 0.36, "VES": 0.5}


def _validations(rng, ctx: _Ctx) -> pd.DataFrame:
    """One row per notified decision; candidates may get two a year, or come back later."""
    cal = CALIBRATION
    dec = ctx.ref["decision"]
    types = list(ctx.ref["type_parchemin"]["code"])
    fin = list(ctx.ref["financement"]["code"])
    niv_dipl = NIVEAUX
    frames = []
    cand_counter = dossier_counter = notif_counter = 0
    previous: dict[str, dict] = {}
    for c_year in DECISION_YEARS:
        for disp in ("VAPP", "VAE", "VES"):
            n = ctx.n(cal["validations"][disp] * cal["validation_trend"][c_year], minimum=3)
            n_cand = max(2, int(round(n / 1.05)))
            # candidates: new ones, and a few seen the year before
            back = previous.get(disp)
            n_back = min(int(0.04 * n_cand), 0 if back is None else len(back["cand"]))
            cand = np.arange(cand_counter, cand_counter + n_cand)
            cand_counter += n_cand
            sex = (rng.random(n_cand) >= MEN_SHARE_VALIDATION[disp]).astype(int)
            sex[rng.random(n_cand) < 0.005] = -1
            age = np.clip(rng.normal(38, 9, n_cand), 20, 66)
            ref_day = _day(c_year, 7, 1)
            birth = (ref_day - age * 365.25).astype(np.int64)
            birth[rng.random(n_cand) < 0.005] = NAT_DAYS
            # implausible ages (TABLES.md §2.5, 18-90): born after the year's decisions, or aged 95
            odd = np.flatnonzero(rng.random(n_cand) < cal["validation_bad_age"])
            birth[odd] = np.where(np.arange(len(odd)) % 2 == 0, _day(c_year + 1, 3, 1), int(ref_day - 95 * 365.25))
            if n_back:
                j = rng.choice(len(back["cand"]), n_back, replace=False)
                cand[:n_back], sex[:n_back], birth[:n_back] = back["cand"][j], back["sex"][j], back["birth"][j]
            previous[disp] = {"cand": cand, "sex": sex, "birth": birth}
            # notifications: one per candidate, plus a second one for about 5 % of them
            ci = np.concatenate([np.arange(n_cand), rng.choice(n_cand, n - n_cand, replace=True)])
            second = np.zeros(n, bool)
            second[n_cand:] = True
            dossier = np.arange(dossier_counter, dossier_counter + n)
            dossier_counter += n
            same_dossier = second & (rng.random(n) < 0.5)
            first_of = np.arange(n_cand)
            dossier[same_dossier] = dossier[first_of[ci[same_dossier]]]
            # decisions
            w = DECISION_WEIGHTS[disp]
            codes_in = list(w)
            codes_out = list(dec.loc[(dec["dispositif"] == disp) & (dec["perimetre"] != "oui"), "code"])
            d_idx = _pick(rng, n, list(w.values()))
            decision = np.array(codes_in, dtype=object)[d_idx]
            oos = rng.random(n) < 0.03
            decision[oos] = np.array(codes_out, dtype=object)[rng.integers(0, len(codes_out), oos.sum())]
            month_w = np.array([6, 7, 8, 8, 9, 12, 12, 5, 10, 9, 8, 6], float)
            start, end = _day(c_year, 1, 1), _day(c_year + 1, 1, 1)
            days = np.arange(start, end)
            months = (days.astype("datetime64[D]").astype("datetime64[M]").astype(int) % 12)
            d_dec = rng.choice(days, n, p=month_w[months] / month_w[months].sum())
            d_dec[0] = start                               # 1 January
            d_dec[1] = end - 1                             # 31 December
            # the second notification comes after the first
            d_dec[second] = np.maximum(d_dec[second], d_dec[first_of[ci[second]]] + 1)
            d_dec = np.minimum(d_dec, end - 1)
            # declared situation and diploma
            situation = _pick(rng, n, [65, 15, 8, 7])     # EMP DE SE AUTRE
            situation[rng.random(n) < 0.05] = -1
            sit_codes = ["EMP", "DE", "SE", "AUTRE"]
            niv = _pick(rng, n, [4, 8, 25, 30, 22, 9, 2])
            u = rng.random(n)
            niv[u < 0.05] = -1
            niv[(u >= 0.05) & (u < 0.053)] = 7             # "9", unmapped
            b = birth[ci]
            by = np.where(b == NAT_DAYS, c_year - 38, b.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970)
            dip_year = np.minimum(by + rng.integers(18, 31, n), c_year - 1)
            dip_day = np.array([_day(v, 1, 1) for v in range(1900, 2031)])[np.clip(dip_year, 1900, 2030) - 1900] \
                + rng.integers(0, 365, n)
            d_cand = d_dec - rng.integers(90, 900, n)
            if disp == "VAE":
                late = rng.random(n) < 0.01                # obtained after the candidature
                dip_day[late] = d_cand[late] + rng.integers(10, 200, late.sum())
            as_date = np.datetime_as_string(dip_day.astype("datetime64[D]"))
            as_year = np.array([s[:4] for s in as_date], dtype=object)
            dphd = np.where(rng.random(n) < 0.3, as_year, as_date.astype(object))
            filled = rng.random(n) < (0.92 if disp == "VAE" else 0.6)
            dphd = np.where(filled, dphd, None)
            # the diploma sought
            vw = VISE_WEIGHTS[disp]
            t_codes = [t for t in vw if t in types]
            t_idx = _pick(rng, n, [vw[t] for t in t_codes])
            t_vise = np.array(t_codes, dtype=object)[t_idx]
            epn = _pick(rng, n, [EPN_PROFILE.get(e, (3,))[0] for e in ctx.epn])
            topic = np.array([EPN_PROFILE.get(e, (0, (), ("Spécialité",)))[2][0] for e in ctx.epn], dtype=object)
            t_label = dict(zip(ctx.ref["type_parchemin"]["code"], ctx.ref["type_parchemin"]["libelle"]))
            diplome_vise = np.array([f"{t_label[t]} {s}" for t, s in zip(t_vise, topic[epn])], dtype=object)
            nv_by_type = {t: np.array([str(v) for v in NIVEAU_OF_TYPE.get(t, (6,))], dtype=object) for t in t_codes}
            niv_vise = np.empty(n, dtype=object)
            for t in t_codes:
                m = t_vise == t
                niv_vise[m] = nv_by_type[t][rng.integers(0, len(nv_by_type[t]), m.sum())]
            niv_vise[rng.random(n) < 0.05] = None
            t_vise[rng.random(n) < 0.02] = None
            t_vise[rng.random(n) < cal["unmapped_share"]["type_diplome_vise"]] = UNMAPPED_CODES["type_diplome_vise"]
            epn_shown = np.where(rng.random(n) < 0.01, -1, epn)
            centre = _pick(rng, n, _centre_targets(ctx, c_year - 1))
            centre[rng.random(n) < 0.01] = -1
            note_reg = rng.random(n) < (0.10 if disp == "VES" else 0.05)
            frames.append(_frame("validations", {
                "notification_id": _strs(ctx.ids("NO", notif_counter + np.arange(n))),
                "dossier_id": _strs(ctx.ids("DO", dossier)),
                "dispositif": _strs(np.full(n, disp, dtype=object)),
                "candidat_id": _strs(ctx.ids("CA", cand[ci])),
                "sexe": _labels(["H", "F"], sex[ci]),
                "date_naissance": _dates(b),
                "situation_emploi": _labels(sit_codes, situation),
                "niveau_diplome": _labels(niv_dipl, niv),
                "date_plus_haut_diplome": pd.array(dphd, dtype="str"),
                "diplome_vise": pd.array(diplome_vise, dtype="str"),
                "type_diplome_vise": pd.array(t_vise, dtype="str"),
                "niveau_vise": pd.array(niv_vise, dtype="str"),
                "epn": _labels(ctx.epn, epn_shown),
                "centre": _labels(ctx.centres, centre),
                "date_candidature": _dates(np.where((disp == "VAE") & (rng.random(n) >= 0.10), d_cand, NAT_DAYS)),
                "date_decision": _dates(d_dec),
                "decision": pd.array(decision, dtype="str"),
                "note_reglement": _boolean(note_reg, rng.random(n) < 0.02),
                "financement": _labels(fin + [UNMAPPED_CODES["financement"]], np.where(
                    (disp == "VAE") & (rng.random(n) >= 0.08),
                    np.where(rng.random(n) < cal["unmapped_share"]["financement"], len(fin),
                             _pick(rng, n, [35, 25, 12, 6, 8, 9, 5][:len(fin)] + [1] * (len(fin) - 7))),
                    -1)),
            }))
            notif_counter += n
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Diplomas
# ---------------------------------------------------------------------------------------------
DIPLOMA_TYPE_WEIGHTS = {"LIC": 10, "LICPRO": 12, "MASTER": 8, "ING": 6, "DEUST": 2, "DOCTORAT": 0.3,
                        "RNCP": 25, "CERT": 15, "DE": 15, "MBA": 1, "MS": 1.5, "MAGISTERE": 0.5,
                        "DETAT": 1, "AUTRE": 2.7}
DIPLOMA_PREFIX = {"LIC": "LG0", "LICPRO": "LP1", "MASTER": "MR1", "ING": "CYC", "DEUST": "DUS", "DOCTORAT": "DOC",
                  "RNCP": "CPN", "CERT": "CC0", "DE": "DIE", "MBA": "MBA", "MS": "MSP", "MAGISTERE": "MAG",
                  "DETAT": "DET", "AUTRE": "DIV"}


def _diplomas(rng, ctx: _Ctx, panel: _Panel) -> pd.DataFrame:
    """One row per parchemin, juries from December 2016 to November 2024."""
    cal = CALIBRATION
    tp = ctx.ref["type_parchemin"]
    types = list(tp["code"])
    group = dict(zip(tp["code"], tp["groupe"]))
    label = dict(zip(tp["code"], tp["libelle"]))
    # a small catalogue of diplomas per type: code, title, EPN, level
    d_type, d_code, d_title, d_epn, d_niv = [], [], [], [], []
    for t in types:
        k = max(2, int(round(DIPLOMA_TYPE_WEIGHTS.get(t, 1) * 3)))
        nums = rng.choice(np.arange(10, 1000), k, replace=False)
        for i, num in enumerate(nums):
            e = int(_pick(rng, 1, [EPN_PROFILE.get(x, (3,))[0] for x in ctx.epn])[0])
            topics = EPN_PROFILE.get(ctx.epn[e], (0, (), ("Spécialité",)))[2]
            d_type.append(t)
            d_code.append(f"{DIPLOMA_PREFIX.get(t, 'DIV')}{num:03d}{'ABCD'[i % 4]}")
            d_title.append(f"{label[t]} {topics[i % len(topics)]}")
            d_epn.append(e)
            d_niv.append(str(rng.choice(NIVEAU_OF_TYPE.get(t, (6,)))))
    d_type = np.array(d_type, dtype=object)
    # jury dates: rectorat types in Feb, Jun, Jul, Oct and December; the others every month
    juries = {"R": [], "C": []}
    for y in range(2016, 2025):
        for m, d in ((2, 12), (6, 25), (7, 9), (10, 15), (12, 10)):
            juries["R"].append(_day(y, m, d))
        for m in range(1, 13):
            juries["C"].append(_day(y, m, int(rng.integers(5, 26))))
    juries["R"] += [_day(2020, 12, 15)] * 3          # several Covid-year juries on 15/12/2020
    juries["C"] += [_day(2020, 12, 15)]
    # juries on the edges of the promotion windows (TABLES.md §2.8)
    for y in range(2016, 2025):
        juries["R"] += [_day(y, 11, 30), _day(y, 12, 1)]
    for g in ("R", "C"):
        juries[g] += [_day(2020, 11, 30), _day(2020, 12, 1), _day(2020, 12, 31), _day(2021, 1, 1)]
    lo, hi = _day(2016, 12, 1), _day(2024, 11, 30)
    frames = []
    counter = 0
    fresh = 3_000_000_000                            # learner numbers never used in auditeurs
    type_w = np.array([DIPLOMA_TYPE_WEIGHTS.get(t, 1.0) for t in types])
    for jy, volume in cal["diplomas"].items():
        n = ctx.n(volume, minimum=len(types))
        t_idx = _pick(rng, n, type_w)
        t_idx[: len(types)] = np.arange(len(types))   # every type every year
        t = np.array(types, dtype=object)[t_idx]
        grp = np.array([group.get(v, "C") for v in t])
        jury = np.empty(n, dtype=np.int64)
        for g in ("R", "C"):
            js = np.array(sorted(juries[g]))
            js = js[(js >= max(lo, _day(jy - 1, 12, 1))) & (js <= min(hi, _day(jy, 11, 30)))]
            m = grp == g
            jury[m] = js[rng.integers(0, len(js), m.sum())]
        # the diploma of its type
        code_i = np.empty(n, dtype=np.int64)
        for v in types:
            m = t == v
            cand = np.flatnonzero(d_type == v)
            code_i[m] = cand[rng.integers(0, len(cand), m.sum())]
        # holders: mostly learners of the panel in the academic year of the jury or the one before
        ay = jy - 1
        pool = np.concatenate([panel.present_by_year.get(ay, np.empty(0, int)),
                               panel.present_by_year.get(ay - 1, np.empty(0, int))])
        known = (rng.random(n) < 0.93) & (len(pool) > 0)
        holder = np.where(known, pool[rng.integers(0, max(1, len(pool)), n)] if len(pool) else 0,
                          fresh + counter + np.arange(n))
        sex = np.where(known, panel.a["sex"][np.where(known, holder, 0)], (rng.random(n) < 0.5).astype(int))
        sex[rng.random(n) < 0.01] = -1
        w_c = _centre_targets(ctx, min(max(ay, YEARS[0]), YEARS[-1]))
        w_c[ctx.manual] = w_c.sum() * 0.01
        centre = np.where(known, panel.a["centre"][np.where(known, holder, 0)], _pick(rng, n, w_c))
        niv = np.array(d_niv, dtype=object)[code_i]
        niv[rng.random(n) < 0.03] = None
        jury[rng.random(n) < 0.002] = NAT_DAYS
        frames.append(_frame("diplomes", {
            "parchemin_id": _strs(ctx.ids("PA", counter + np.arange(n))),
            "auditeur_id": _strs(ctx.ids("AU", holder)),
            "sexe": _labels(["H", "F"], sex),
            "type_parchemin": pd.array(np.where(rng.random(n) < cal["unmapped_share"]["type_parchemin"],
                                                UNMAPPED_CODES["type_parchemin"], t), dtype="str"),
            "code_diplome": pd.array(np.array(d_code, dtype=object)[code_i], dtype="str"),
            "intitule": pd.array(np.array(d_title, dtype=object)[code_i], dtype="str"),
            "niveau": pd.array(niv, dtype="str"),
            "epn": _labels(ctx.epn, np.array(d_epn)[code_i]),
            "centre": _labels(ctx.centres, centre),
            "date_jury": _dates(jury),
        }))
        counter += n
    df = pd.concat(frames, ignore_index=True)
    rep = np.sort(rng.choice(len(df), ctx.n(10, minimum=1), replace=False))
    return pd.concat([df, df.iloc[rep]], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Manual collection supplement
# ---------------------------------------------------------------------------------------------
def _supplement(rng, ctx: _Ctx) -> pd.DataFrame:
    """Aggregates of the centres outside the warehouse (Cnam Madagascar), one row per year."""
    rows = []
    manual = [c for c, m in zip(ctx.centres, ctx.manual) if m]
    for c in manual:
        for y in YEARS:
            aud = ctx.n(CALIBRATION["madagascar"][y] * rng.uniform(0.97, 1.03), minimum=5)
            foad = int(round(aud * rng.uniform(0.12, 0.2)))
            ins = int(round(aud * rng.uniform(3.8, 4.2)))
            ouverts = int(min(round(150 * rng.uniform(0.9, 1.1)), max(1, ins // 3)))
            heures = float(round(ins * rng.uniform(55, 65)))
            rens = int(round(ins * rng.uniform(0.75, 0.85)))
            pres = int(round(rens * rng.uniform(0.7, 0.8)))
            recus = int(round(pres * rng.uniform(0.7, 0.8)))
            rows.append((c, _annee(y), aud, foad, ins, ouverts, heures, rens, pres, recus))
    cols = list(zip(*rows)) if rows else [[]] * 10
    n = len(rows)
    ints = lambda i: _int64(np.array(cols[i], dtype=np.int64))  # noqa: E731
    return _frame("collecte_manuelle", {
        "centre": pd.array(list(cols[0]), dtype="str"),
        "annee": pd.array(list(cols[1]), dtype="str"),
        "modalite": pd.array([None] * n, dtype="str"),
        "auditeurs": ints(2), "auditeurs_foad_hyb": ints(3), "inscriptions": ints(4),
        "enseignements_ouverts": ints(5), "heures": np.array(cols[6], dtype=float),
        "inscriptions_renseignees": ints(7), "presents": ints(8), "recus": ints(9),
    })


# ---------------------------------------------------------------------------------------------
# A corrected variant: the same extraction as the warehouse gives it after later corrections
# ---------------------------------------------------------------------------------------------
CORRECTIONS: dict = {
    # learners whose administrative centre is corrected (and their inscriptions organised there),
    # in each academic year of the earlier edition's long series (scale 1)
    "moved_per_year": 60,
    # inscriptions recorded after the earlier extraction: its last year (about 0.6 % of the
    # year's inscriptions), and the year before
    "late_inscriptions": {0: 1800, 1: 300},
    # a centre code corrected in the earlier edition's last year: a share of the learners
    # recorded under the first code belonged to the second
    "code_fix": ("MYT", "REU", 0.3),
    "moved_centres_aire": "MET",   # learners are moved between the CCR of this aire
    "late_id_offset": 10**11,      # counters of the late inscriptions' ids (never those of the base)
}


@dataclass
class _Corrections:
    """The corrections a later extraction brings to the years of edition `edition` (its long
    series, rentrée years edition-5 … edition-1): centres of a few learners moved, some late
    inscriptions, one centre code corrected. Deterministic: their own random stream, keyed by
    the seed, the edition and the year, so the base extraction's draws are untouched."""

    edition: int
    seed: int

    @property
    def years(self) -> range:
        return range(self.edition - 5, self.edition)

    def rng(self, y: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, self.edition, y, 0xC0AA])

    def apply(self, ctx: _Ctx, cat: _Catalogue, y: int, aud: pd.DataFrame,
              ins: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        if y not in self.years:
            return aud, ins
        cfg = CORRECTIONS
        rng = self.rng(y)
        ids = aud["auditeur_id"].astype(str).to_numpy()
        unique = ~pd.Series(ids).duplicated(keep=False).to_numpy()     # learners with one row only
        centre = aud["centre_admin"].to_numpy(dtype=object, na_value=None)
        moves: dict[str, str] = {}                                     # auditeur_id -> new centre
        ccr = [c for c, a, t in zip(ctx.centres, ctx.aire, ctx.ref["centres"]["type"])
               if a == cfg["moved_centres_aire"] and t == "CCR"]
        eligible = np.flatnonzero(unique & np.isin(centre, ccr))
        k = min(len(eligible), ctx.n(cfg["moved_per_year"], minimum=2))
        for i in np.sort(rng.choice(eligible, size=k, replace=False)) if k else []:
            others = [c for c in ccr if c != centre[i]]
            moves[ids[i]] = others[int(rng.integers(0, len(others)))]
        if y == self.years[-1]:
            old, new, share = cfg["code_fix"]
            fix = np.flatnonzero(unique & (centre == old))
            n_fix = int(round(share * len(fix)))
            for i in np.sort(rng.choice(fix, size=n_fix, replace=False)) if n_fix else []:
                moves[ids[i]] = new
        if moves:
            moved = np.array([moves.get(a) for a in ids], dtype=object)
            was = {a: c for a, c in zip(ids, centre) if a in moves}
            centre = np.where(moved != None, moved, centre)  # noqa: E711 (element-wise)
            aud = aud.copy()
            aud["centre_admin"] = _strs(centre)
            learner = ins["auditeur_id"].astype(str).to_numpy()
            peda = ins["centre_peda"].to_numpy(dtype=object, na_value=None)
            before = np.array([was.get(a) for a in learner], dtype=object)
            after = np.array([moves.get(a) for a in learner], dtype=object)
            modalite = ins["modalite"].to_numpy(dtype=object, na_value=None)
            organised_there = (before != None) & (peda == before) & (modalite != "FOAD")  # noqa: E711
            peda = np.where(organised_there, after, peda)
            ins = ins.copy()
            ins["centre_peda"] = _strs(peda)
        late = cfg["late_inscriptions"].get(self.years[-1] - y, 0)
        if late:
            ins = self._late(ctx, cat, y, ins, set(ids), ctx.n(late, minimum=1), rng)
        return aud, ins

    def _late(self, ctx: _Ctx, cat: _Catalogue, y: int, ins: pd.DataFrame, learners: set,
              k: int, rng: np.random.Generator) -> pd.DataFrame:
        """k inscriptions added late: copies of in-scope inscriptions of learners of the year,
        another in-scope teaching unit of the year, a new identifier, the catalogue's hours."""
        ok = cat.active[y][:cat.n_master] & cat.in_offer[:cat.n_master] & ~cat.ua[:cat.n_master]
        in_scope_codes = set(cat.codes[:cat.n_master][ok])
        code = ins["code_enseignement"].astype(str).to_numpy()
        pool = np.flatnonzero(np.isin(code, list(in_scope_codes))
                              & ins["auditeur_id"].astype(str).isin(learners).to_numpy()
                              & ins["centre_peda"].notna().to_numpy())
        pool = np.unique(pool)
        k = min(k, len(pool))
        if not k:
            return ins
        src = np.sort(rng.choice(pool, size=k, replace=False))
        other = rng.choice(pool, size=k)
        extra = ins.iloc[src].copy()
        start = CORRECTIONS["late_id_offset"] + (y - YEARS[0]) * 10**7
        extra["inscription_id"] = _strs(ctx.ids("IN", start + np.arange(k)))
        extra["code_enseignement"] = _strs(code[other])
        extra["heures_theoriques"] = np.nan
        return pd.concat([ins, extra], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------------------------
class _YearWriter:
    """Parquet writer with one row group per academic year and a schema fixed by the first one."""

    def __init__(self, path: Path):
        self.path = path
        self.writer: pq.ParquetWriter | None = None
        self.rows = 0

    def write(self, df: pd.DataFrame) -> None:
        if self.writer is None:
            table = pa.Table.from_pandas(df, preserve_index=False)
            self.writer = pq.ParquetWriter(self.path, table.schema)
        else:
            table = pa.Table.from_pandas(df, schema=self.writer.schema, preserve_index=False)
        self.writer.write_table(table, row_group_size=max(1, len(table)))
        self.rows += len(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def generate(out_dir: Path, scale: float = 1.0, seed: int = 2023,
             corrige_de: int | None = None) -> dict[str, int]:
    """Write a synthetic extraction (one Parquet file per contract file) into `out_dir`.

    The files are written into a temporary sibling folder that replaces `out_dir` only once
    complete: a failure leaves a previous extraction untouched. Returns the row count per file.

    `corrige_de=E`: the same extraction (same seed, same scale) as a later extraction of the
    warehouse gives it, corrected in the years of edition E's long series (`_Corrections`):
    building edition E on the plain extraction and edition E+1 on this one shows modest,
    non-zero revisions (`chiffres-cles compare`).
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    corrections = _Corrections(corrige_de, seed) if corrige_de is not None else None
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    counts: dict[str, int] = {}
    try:
        ctx = _Ctx(ref=_read_reference(), scale=scale, seed=seed, ids=_Ids(seed))
        streams = [np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(7)]
        rng_cat, rng_learn, rng_ins, rng_mooc, rng_val, rng_dipl, rng_sup = streams

        # the synthetic antennas exist only here: the extraction ships its centres reference
        (tmp / "reference").mkdir()
        ctx.ref["centres"].to_csv(tmp / "reference" / "centres.csv", index=False, encoding="utf-8")

        cat = _catalogue(rng_cat, ctx)
        cat.frame.to_parquet(tmp / "enseignements.parquet", index=False)
        counts["enseignements"] = len(cat.frame)

        panel = _Panel()
        aud_w = _YearWriter(tmp / "auditeurs.parquet")
        ins_w = _YearWriter(tmp / "inscriptions.parquet")
        ins_counter = 0
        phantom_counter = 1_000_000_000             # learner numbers without an auditeurs row
        try:
            for y in YEARS:
                aud, lay = _learners(rng_learn, ctx, panel, y)
                n_ph = ctx.n(CALIBRATION["learners"][y] * 0.00135, minimum=1)
                ph = _phantoms(rng_learn, ctx, y, n_ph, phantom_counter)
                phantom_counter += n_ph
                lay = {k: np.concatenate([lay[k], ph[k]]) for k in lay}
                ins, has_in_scope = _inscriptions(rng_ins, ctx, cat, y, lay, ins_counter)
                _plant_rank_tie(ctx, panel, aud, lay, has_in_scope)
                ins = _with_repeats(rng_ins, ctx, ins)
                ins_counter += len(ins)
                if corrections is not None:
                    aud, ins = corrections.apply(ctx, cat, y, aud, ins)
                aud_w.write(aud)
                del aud
                ins_w.write(ins)
                del ins
        finally:
            aud_w.close()
            ins_w.close()
        counts["auditeurs"], counts["inscriptions"] = aud_w.rows, ins_w.rows

        for name, df in (("mooc", _mooc(rng_mooc, ctx)),
                         ("validations", _validations(rng_val, ctx)),
                         ("diplomes", _diplomas(rng_dipl, ctx, panel)),
                         ("collecte_manuelle", _supplement(rng_sup, ctx))):
            df.to_parquet(tmp / f"{name}.parquet", index=False)
            counts[name] = len(df)
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {name: counts[name] for name in FILES}


def _swap(tmp: Path, out_dir: Path) -> None:
    """Replace out_dir by tmp; the old folder is removed only once the new one is in place."""
    old = None
    if out_dir.exists():
        old = out_dir.parent / f".{out_dir.name}.old-{uuid.uuid4().hex[:8]}"
        os.replace(out_dir, old)
    try:
        os.replace(tmp, out_dir)
    except BaseException:
        if old is not None:
            os.replace(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
