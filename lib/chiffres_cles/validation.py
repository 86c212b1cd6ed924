"""Validation of an extraction before anything is computed (DESIGN.md, Reliability).

Two levels. Errors stop the build: missing file or column, wrong type, malformed academic
year, unknown code, duplicate key with differing rows, empty learners or inscriptions file.
Warnings let it go on and are counted in the QA report: marks outside 0–20, negative hours,
inscriptions without their learner or outside the year's catalogue, repeated rows, two rows of
one learner in one year, inconsistent exam statuses, codes that TABLES.md maps to « non
renseigné » or « Autre ». Every problem names the file, the column, the count and examples,
and all of them are reported at once.

Per-file rules are pandera schemas built from `schema.py`; rules across files are below.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .fastops import isin
from .loading import IDENTIFIER_COLUMNS, examples_for
from .problems import Report
from .reference import PROJECT_REFERENCE_DIR, Reference
from .schema import REFERENCE_FILES, FileSpec

# pandera check name -> (rule id of the QA report, French message)
CHECK_MESSAGES = {
    "not_nullable": ("valeur_manquante", "valeur manquante dans une colonne obligatoire"),
    "code_inconnu": ("code_inconnu", "code inconnu des nomenclatures"),
    "code_non_repertorie": ("code_non_repertorie", "code absent de la nomenclature, compté comme non renseigné ou « Autre »"),
    "note_hors_bornes": ("note_hors_bornes", "note hors de l'intervalle 0–20, traitée comme manquante"),
    "heures_negatives": ("heures_negatives", "volume horaire négatif, traité comme manquant"),
    "effectif_negatif": ("effectif_negatif", "effectif négatif"),
}


def _code_check(ref: Reference, col) -> pa.Check:
    name = "code_inconnu" if col.on_unknown == "error" else "code_non_repertorie"
    codes = sorted(ref.codes(col.codes))
    return pa.Check.isin(codes, name=name, error=name)


def build_schemas(spec: FileSpec, ref: Reference, present: set[str]) -> tuple[pa.DataFrameSchema, pa.DataFrameSchema]:
    """(error schema, warning schema) of one file."""
    err_cols, warn_cols = {}, {}
    for col in spec.columns:
        if col.name not in present:
            continue
        err_checks, warn_checks = [], []
        if col.kind == "code" and col.codes and col.codes != "decision":
            (err_checks if col.on_unknown == "error" else warn_checks).append(_code_check(ref, col))
        if spec.name == "inscriptions" and col.name == "note":
            warn_checks.append(pa.Check.in_range(0, 20, name="note_hors_bornes", error="note_hors_bornes"))
        if col.name in ("heures_theoriques", "heures"):
            warn_checks.append(pa.Check.ge(0, name="heures_negatives", error="heures_negatives"))
        if spec.name in ("mooc", "collecte_manuelle") and col.kind == "int":
            err_checks.append(pa.Check.ge(0, name="effectif_negatif", error="effectif_negatif"))
        err_cols[col.name] = pa.Column(nullable=col.nullable, checks=err_checks, required=False, coerce=False)
        warn_cols[col.name] = pa.Column(nullable=True, checks=warn_checks, required=False, coerce=False)
    return pa.DataFrameSchema(err_cols), pa.DataFrameSchema(warn_cols)


def _run_schema(schema: pa.DataFrameSchema, df: pd.DataFrame, label: str, level: str, report: Report) -> None:
    try:
        schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        fc = exc.failure_cases
        fc = fc[fc["column"].notna()]
        offset = df.attrs.get("line_offset", 1)
        for (column, check), group in fc.groupby(["column", "check"], sort=False):
            key = str(check).split("(")[0]
            rule, message = CHECK_MESSAGES.get(key, (key, f"contrôle « {check} » non satisfait"))
            examples = [f"« {v} » (ligne {int(i) + offset})" if pd.notna(i) else f"« {v} »"
                        for v, i in zip(group["failure_case"].head(5), group["index"].head(5))]
            if column in IDENTIFIER_COLUMNS:  # never an identifier in a message
                examples = [f"ligne {int(i) + offset}" for i in group["index"].head(5) if pd.notna(i)]
            report.add(level, label, str(column), rule, len(group), message, examples)


def check_file(spec: FileSpec, df: pd.DataFrame, ref: Reference, report: Report) -> None:
    err, warn = build_schemas(spec, ref, set(df.columns))
    label = df.attrs.get("label", spec.name)
    _run_schema(err, df, label, "erreur", report)
    _run_schema(warn, df, label, "avertissement", report)


def check_keys(spec: FileSpec, df: pd.DataFrame, report: Report, key: list[str] | None = None) -> pd.DataFrame:
    """Identical repeated rows: warning, kept once. Same key, different rows: error
    (two rows of one learner in one year: warning, resolved by the rule of TABLES.md §2.1).
    `key`: the key columns when decided on the whole file (`df` being some of its rows)."""
    label = df.attrs.get("label", spec.name)
    if key is None:
        key = list(spec.key)
        if spec.name == "inscriptions" and "session_examen" in df.columns and df["session_examen"].notna().any():
            key = key + ["session_examen"]
    key = [k for k in key if k in df.columns]
    if not key:
        return df
    key_dup = df.duplicated(subset=key, keep=False)
    repeated = pd.Series(False, index=df.index)
    if key_dup.any():  # full-row comparison only where a key repeats
        repeated[key_dup] = df[key_dup].duplicated(keep="first")
    if repeated.any():
        report.warning(label, "", "ligne_repetee", int(repeated.sum()),
                       "ligne répétée à l'identique, comptée une seule fois", examples_for(df, repeated))
        attrs = df.attrs
        df = df[~repeated]
        df.attrs = attrs
    clash = df.duplicated(subset=key, keep=False) if key_dup.any() else key_dup
    if clash.any():
        # the key and the lines sharing it; the key is shown in errors only (they stop the
        # build), never in a warning (warnings go to the QA report written into the build)
        offset = df.attrs.get("line_offset", 1)
        shared = df[clash]
        first = shared.drop_duplicates(subset=key)
        ex = []
        for i in first.index[:5]:
            same = shared.index[(shared[key] == first.loc[i, key]).all(axis=1).to_numpy()]
            lines = "lignes " + " et ".join(str(j + offset) for j in same[:3])
            ex.append(lines if spec.name == "auditeurs" else f"{' / '.join(str(first.at[i, k]) for k in key)} ({lines})")
        n = int(df[clash].duplicated(subset=key, keep="first").sum())
        if spec.name == "auditeurs":
            report.warning(label, ", ".join(key), "auditeur_plusieurs_lignes", n,
                           "plusieurs lignes pour un même auditeur et une même année (centre retenu par la règle du §2.1)", ex)
        else:
            report.error(label, ", ".join(key), "cle_dupliquee", n,
                         "identifiant partagé par des lignes différentes", ex)
    return df


def check_decisions(df: pd.DataFrame, ref: Reference, report: Report) -> None:
    label = df.attrs.get("label", "validations")
    known = ref.decisions
    pairs = set(zip(known["dispositif"], known["code"]))
    out_of_scope = set(zip(known.loc[~known["perimetre"], "dispositif"], known.loc[~known["perimetre"], "code"]))
    pair = _joined(df, ["dispositif", "decision"])
    unknown = ~isin(pair, [f"{d}\x1f{c}" for d, c in pairs]) & df["decision"].notna()
    if unknown.any():
        report.error(label, "decision", "code_inconnu", int(unknown.sum()),
                     "code de décision inconnu pour ce dispositif", examples_for(df, unknown, "decision"))
    filtered = isin(pair, [f"{d}\x1f{c}" for d, c in out_of_scope])
    if filtered.any():
        report.warning(label, "decision", "decision_hors_champ", int(filtered.sum()),
                       "décision hors champ (recevabilité, désistement, ajournement, en cours), exclue des tableaux",
                       examples_for(df, filtered, "decision"))


def _joined(df: pd.DataFrame, cols: list[str]) -> pd.Series:
    """Each row's (col1, col2) pair as one string (missing values as empty strings)."""
    return df[cols[0]].astype("string").fillna("") + "\x1f" + df[cols[1]].astype("string").fillna("")


class PairSet:
    """The distinct (col1, col2) pairs of a file, gathered batch by batch, that rows of another
    file are looked up in (an inscription's learner and year, its teaching and year). The second
    column has few values (academic years): the first column's values are kept per value of
    the second, and a batch of rows is looked up year by year (`_joined`'s equality: missing
    values compare as empty strings)."""

    def __init__(self, cols: list[str]):
        self.cols, self._parts, self._sets = cols, {}, {}

    def _columns(self, df: pd.DataFrame):
        import pyarrow.compute as pc

        from .fastops import _arrow_strings

        return tuple(pc.fill_null(_arrow_strings(df[c]), "") for c in self.cols)

    def add(self, df: pd.DataFrame) -> "PairSet":
        import pyarrow.compute as pc

        first, second = self._columns(df)
        for value in pc.unique(second).to_pylist():
            self._parts.setdefault(value, []).append(pc.unique(pc.filter(first, pc.equal(second, value))))
            self._sets.pop(value, None)
        return self

    def contains(self, df: pd.DataFrame) -> pd.Series:
        """Whether each row's pair (same columns) is in the set."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        first, second = self._columns(df)
        found = np.zeros(len(df), dtype=bool)
        for value in pc.unique(second).to_pylist():
            if value not in self._parts:
                continue
            if value not in self._sets:
                self._sets[value] = pc.unique(pa.concat_arrays(self._parts[value]))
            rows = pc.equal(second, value)
            hits = pc.is_in(pc.filter(first, rows), value_set=self._sets[value])
            found[np.flatnonzero(rows.to_numpy(zero_copy_only=False))] = hits.to_numpy(zero_copy_only=False)
        return pd.Series(found, index=df.index)


def _pair_in(left: pd.DataFrame, right: pd.DataFrame, cols: list[str]) -> pd.Series:
    """Whether each row's (col1, col2) pair exists in `right`."""
    return PairSet.of(right, cols).contains(left)


def check_across_files(frames: dict[str, pd.DataFrame], report: Report) -> None:
    ins, aud, ens = frames["inscriptions"], frames["auditeurs"], frames["enseignements"]
    check_inscriptions_across(ins, PairSet.of(aud, ["auditeur_id", "annee"]),
                              PairSet.of(ens, ["code_enseignement", "annee"]), report)
    check_catalogue_type(ens, report)
    dip = frames.get("diplomes")
    if dip is not None:
        check_jury_dates(dip, report)


def check_inscriptions_across(ins: pd.DataFrame, learners: PairSet, catalogue: PairSet, report: Report) -> None:
    """Inscriptions (all, or a batch of them) against the learners' years and the catalogue."""
    label = ins.attrs.get("label", "inscriptions")
    no_learner = ~learners.contains(ins)
    no_centre = ins["centre_peda"].isna()
    if (no_learner & ~no_centre).any():
        m = no_learner & ~no_centre
        report.warning(label, "auditeur_id", "inscription_sans_auditeur", int(m.sum()),
                       "inscription sans ligne de l'auditeur pour l'année (comptée dans les tableaux d'inscriptions seulement)",
                       examples_for(ins, m, "auditeur_id"))
    if (no_learner & no_centre).any():
        m = no_learner & no_centre
        report.warning(label, "centre_peda", "inscription_non_localisable", int(m.sum()),
                       "inscription sans centre organisateur ni auditeur : hors champ", examples_for(ins, m))
    if (no_centre & ~no_learner).any():
        m = no_centre & ~no_learner
        report.warning(label, "centre_peda", "centre_peda_manquant", int(m.sum()),
                       "centre organisateur manquant : centre d'inscription administrative retenu", examples_for(ins, m))
    outside = ~catalogue.contains(ins)
    if outside.any():
        report.warning(label, "code_enseignement", "hors_catalogue", int(outside.sum()),
                       "enseignement absent du catalogue de l'année : inscription hors champ",
                       examples_for(ins, outside, "code_enseignement"))
    if "present_examen" in ins and "note" in ins:
        odd = (ins["present_examen"] == False) & (ins["note"] > 0)  # noqa: E712 (nullable boolean)
        odd = odd.fillna(False).astype(bool)
        if odd.any():
            report.warning(label, "present_examen", "statut_examen_incoherent", int(odd.sum()),
                           "absent à l'examen mais une note positive : compté présent", examples_for(ins, odd, "note"))


def check_catalogue_type(ens: pd.DataFrame, report: Report) -> None:
    if "type" not in ens.columns:
        report.warning(ens.attrs.get("label", "enseignements"), "type", "type_absent", len(ens),
                       "colonne « type » absente : enseignements de l'offre nationale supposés UE ou US")


def check_jury_dates(dip: pd.DataFrame, report: Report) -> None:
    if dip["date_jury"].isna().any():
        m = dip["date_jury"].isna()
        report.warning(dip.attrs.get("label", "diplomes"), "date_jury", "date_jury_manquante", int(m.sum()),
                       "date de jury manquante : parchemin exclu des tableaux", examples_for(dip, m))


# -- reference files (the project's, or the extraction's overrides) -------------------

REFERENCE_NUMBERS = {"ordre": True, "ordre_publication": False, "annee_ouverture": False, "annee_fermeture": False}
REFERENCE_WORDS = {("decision", "perimetre"): {"oui", "non", "true", "false", "1", "0"},
                   ("type_parchemin", "groupe"): {"R", "C"}}


def check_reference(ref: Reference, report: Report) -> None:
    """The nomenclatures must be usable before any code is checked against them: codes
    present and unique, orders and years numbers, known words where the rules read them,
    centres in a known aire, historical codes mapped to a known centre."""
    def label(name):  # the extraction's override, or the project's file
        path = ref.sources[name]
        project = path.parent.resolve() == PROJECT_REFERENCE_DIR.resolve()
        return f"{'data/' if project else ''}reference/{path.name}"

    def lines(df, mask):
        return [f"ligne {i + 2}" for i in df.index[mask.to_numpy()][:5]]

    for name, df in ref.frames.items():
        where = label(name)
        if df.empty and REFERENCE_FILES[name].required:
            report.error(where, "", "fichier_vide", 1, "nomenclature vide : aucune ligne après l'en-tête")
            continue
        key = ["dispositif", "code"] if name == "decision" else ["ancien_code"] if name == "centres_historique" else ["code"]
        empty = (df[key] == "").any(axis=1)
        if empty.any():
            report.error(where, key[-1], "valeur_manquante", int(empty.sum()), "code vide dans une nomenclature",
                         lines(df, empty))
        dup = df.duplicated(subset=key, keep=False) & ~empty
        if dup.any():
            report.error(where, ", ".join(key), "cle_dupliquee", int(dup.sum()), "code en double dans une nomenclature",
                         [f"« {v} » (ligne {i + 2})" for i, v in df.loc[dup, key[-1]].head(5).items()])
        for col, required in REFERENCE_NUMBERS.items():
            if col not in df.columns:
                continue
            text = df[col].str.strip()
            bad = pd.to_numeric(text.where(text != ""), errors="coerce").isna() & ((text != "") | required)
            if bad.any():
                report.error(where, col, "type", int(bad.sum()), "valeur(s) qui ne sont pas un nombre"
                             + (" (obligatoire)" if required else ""),
                             [f"« {v} » (ligne {i + 2})" for i, v in df.loc[bad, col].head(5).items()])
    for (name, col), words in REFERENCE_WORDS.items():
        df = ref.frames.get(name)
        if df is not None:
            bad = ~df[col].str.strip().str.lower().isin({w.lower() for w in words})
            if bad.any():
                report.error(label(name), col, "code_inconnu", int(bad.sum()),
                             f"valeur(s) hors de : {', '.join(sorted(words))}",
                             [f"« {v} » (ligne {i + 2})" for i, v in df.loc[bad, col].head(5).items()])
    centres, aires = ref.frames["centres"], ref.frames["aires"]
    bad = ~centres["aire"].isin(set(aires["code"]))
    if bad.any():
        report.error(label("centres"), "aire", "code_inconnu", int(bad.sum()), "aire absente de aires.csv",
                     [f"« {v} » (ligne {i + 2})" for i, v in centres.loc[bad, "aire"].head(5).items()])
    hist = ref.frames.get("centres_historique")
    if hist is not None:
        bad = ~hist["code"].isin(set(centres["code"]))
        if bad.any():
            report.error(label("centres_historique"), "code", "code_inconnu", int(bad.sum()),
                         "ancien code rattaché à un centre absent de centres.csv",
                         [f"« {v} » (ligne {i + 2})" for i, v in hist.loc[bad, "code"].head(5).items()])
