"""Reference nomenclatures: codes, printed labels, publication order, centre attributes.

The project's `data/reference/*.csv` apply unless the extraction ships its own file of the
same name in `<data>/reference/`, which then replaces the project's file.
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pandas as pd
from babel import Locale

from .params import REFERENCE_DIR as PROJECT_REFERENCE_DIR
from .schema import REFERENCE_FILES

PARIS_EP = "PEP"  # the single row « Cnam Paris – Établissement public » of centre tables
PARIS_EP_LABEL = "Cnam Paris – Établissement public"


class ReferenceError(ValueError):
    pass


def _read_csv(path: Path) -> pd.DataFrame:
    """Every cell as text ("" when empty), read by the extraction's CSV reader (same encodings
    and separators, same refusal of a broken file, named)."""
    from .loading import FileProblem, read_csv_text

    try:
        df = read_csv_text(path)
    except FileProblem as exc:
        examples = f" ; exemples : {', '.join(exc.examples)}" if exc.examples else ""
        raise ReferenceError(f"{path} : {exc.message}{examples}") from None
    except OSError as exc:
        raise ReferenceError(f"{path} : fichier illisible ({exc.strerror or exc})") from None
    return df.astype("object").where(df.notna(), "").astype(str)


class Reference:
    """All nomenclatures of one extraction (project files overridden by the extraction's)."""

    def __init__(self, override_dir: Path | None = None, project_dir: Path = PROJECT_REFERENCE_DIR):
        self.frames: dict[str, pd.DataFrame] = {}
        self.sources: dict[str, Path] = {}
        for name, spec in REFERENCE_FILES.items():
            path = None
            if override_dir is not None and (override_dir / f"{name}.csv").exists():
                path = override_dir / f"{name}.csv"
            elif (project_dir / f"{name}.csv").exists():
                path = project_dir / f"{name}.csv"
            if path is None:
                if spec.required:
                    raise ReferenceError(f"fichier de référence manquant : {name}.csv")
                continue
            df = _read_csv(path)
            missing = [c for c in spec.columns if c not in df.columns]
            if missing:
                raise ReferenceError(f"{path} : colonne(s) manquante(s) {', '.join(missing)}")
            self.frames[name] = df
            self.sources[name] = path

    # -- generic nomenclatures --------------------------------------------------------
    def codes(self, name: str) -> set[str]:
        """Valid codes of a nomenclature (centres: current and historical codes; PCS 2020: a
        group digit, or a two-digit category mapped by its first digit)."""
        if name == "centres":
            return set(self.frames["centres"]["code"]) | set(self.historique)
        if name == "ref_nationalite":
            return set(self.nationalites)
        if name == "decision":
            return set(self.frames["decision"]["code"])
        if name == "pcs":
            groups = set(self.frames["pcs"]["code"])
            return groups | {f"{g}{d}" for g in groups for d in "0123456789"}
        return set(self.frames[name]["code"])

    def labels(self, name: str) -> dict[str, str]:
        df = self.frames[name]
        return dict(zip(df["code"], df["libelle"]))

    def ordered_labels(self, name: str) -> list[str]:
        """Distinct printed labels in publication order (several codes may share a label)."""
        df = self.frames[name].copy()
        df["_o"] = pd.to_numeric(df["ordre"], errors="coerce")
        return list(dict.fromkeys(df.sort_values(["_o", "code"], kind="stable")["libelle"]))

    # -- geography -------------------------------------------------------------------
    @cached_property
    def historique(self) -> dict[str, str]:
        df = self.frames.get("centres_historique")
        if df is None:
            return {}
        return dict(zip(df["ancien_code"], df["code"]))

    @cached_property
    def centres(self) -> pd.DataFrame:
        df = self.frames["centres"].copy()
        for col in ("ordre_publication", "annee_ouverture", "annee_fermeture"):
            df[col] = pd.to_numeric(df[col].replace("", None), errors="coerce")
        return df.set_index("code")

    def current_code(self, code: str) -> str:
        return self.historique.get(code, code)

    @cached_property
    def centre_group(self) -> dict[str, str]:
        """Centre code (current or historical) -> row of centre tables (EP codes merged)."""
        out = {}
        centres = self.centres
        for code in list(centres.index) + list(self.historique):
            cur = self.current_code(code)
            out[code] = PARIS_EP if centres.at[cur, "type"] == "EP" else cur
        return out

    @cached_property
    def centre_rows(self) -> pd.DataFrame:
        """Rows of centre tables in publication order: group code, label, aire, opening years."""
        c = self.centres.copy()
        c["group"] = [self.centre_group[code] for code in c.index]
        aires = self.aires
        rows = []
        for group, sub in c.groupby("group", sort=False):
            first = sub.iloc[0]
            rows.append({
                "group": group,
                "libelle": PARIS_EP_LABEL if group == PARIS_EP else first["libelle"],
                "aire": first["aire"],
                "ordre": sub["ordre_publication"].min(),
                "annee_ouverture": sub["annee_ouverture"].min() if sub["annee_ouverture"].notna().all() else None,
                "annee_fermeture": sub["annee_fermeture"].max() if sub["annee_fermeture"].notna().all() else None,
                "pays": first["pays"],
            })
        df = pd.DataFrame(rows)
        df["aire_ordre"] = df["aire"].map(aires["ordre"])
        df = df.sort_values(["aire_ordre", "ordre", "libelle"], kind="stable")
        return df.set_index("group")

    @cached_property
    def aires(self) -> pd.DataFrame:
        df = self.frames["aires"].copy()
        df["ordre"] = pd.to_numeric(df["ordre"])
        return df.sort_values("ordre").set_index("code")

    def centre_open(self, group: str, annee: str) -> bool:
        """Whether a centre row exists in the academic year (opening/closing years)."""
        row = self.centre_rows.loc[group]
        start = int(annee[:4])
        opened, closed = row["annee_ouverture"], row["annee_fermeture"]
        if pd.notna(opened) and start < int(opened):
            return False
        if pd.notna(closed) and start >= int(closed):
            return False
        return True

    # -- EPN -------------------------------------------------------------------------
    @cached_property
    def epn(self) -> pd.DataFrame:
        df = self.frames["epn"].copy()
        df["ordre_publication"] = pd.to_numeric(df["ordre_publication"], errors="coerce")
        return df.sort_values(["ordre_publication", "code"], kind="stable").set_index("code")

    # -- nationalities ---------------------------------------------------------------
    @cached_property
    def nationalites(self) -> dict[str, str]:
        """ISO 3166-1 alpha-2 code -> French country name (ref_nationalite, else CLDR via Babel)."""
        df = self.frames.get("ref_nationalite")
        if df is not None:
            return dict(zip(df["code"], df["libelle"]))
        territories = Locale("fr").territories
        return {k: v for k, v in territories.items() if len(k) == 2 and k.isalpha()}

    # -- decisions and diplomas ------------------------------------------------------
    @cached_property
    def decisions(self) -> pd.DataFrame:
        df = self.frames["decision"].copy()
        df["ordre"] = pd.to_numeric(df["ordre"])
        df["perimetre"] = df["perimetre"].str.lower().isin(["oui", "true", "1"])
        return df

    @cached_property
    def parchemins(self) -> pd.DataFrame:
        df = self.frames["type_parchemin"].copy()
        df["ordre"] = pd.to_numeric(df["ordre"])
        return df.sort_values("ordre").set_index("code")


# -- code → label mapping ------------------------------------------------------------

def map_codes(values: pd.Series, mapping: dict[str, str]) -> tuple[pd.Series, int]:
    """Codes → printed labels; a filled code absent from `mapping` becomes missing (non
    renseigné). Returns the labels and the number of such unmapped codes."""
    v = values.astype("string").astype("object")
    filled = values.notna().to_numpy()
    lab = v.map(mapping)
    unmapped = int((filled & lab.isna().to_numpy()).sum())
    return lab.astype("object"), unmapped


def pcs_mapping(ref: "Reference") -> dict[str, str]:
    """PCS code → group label: a group digit, or a two-digit category mapped by its first
    digit (the codes the loader accepts, `Reference.codes("pcs")`)."""
    groups = ref.labels("pcs")
    return {c: groups[c[0]] for c in ref.codes("pcs") if c[:1] in groups}


