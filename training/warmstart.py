"""The base model's own labelled data, re-read for a warm start (its seed corpus and earlier retraining files).

A retrained model records in ``training_config.json`` (key ``retrain``) which data it saw, so a model
retrained from it can train on the same data again plus the new rows: nothing learnt earlier is forgotten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp.artifacts.folder import LoadedArtifact
from nlp.digest import file_sha256
from training.datasets import read_labelled, read_seed_corpus
from training.split import split_indices

REPO = Path(__file__).resolve().parents[1]


def resolve_data_path(p: str | Path) -> Path:
    """A path as written in a config: absolute, relative to the working directory, or to the repo root."""
    path = Path(p)
    if path.is_absolute() or path.exists():
        return path
    return REPO / path


@dataclass
class BaseData:
    """Rows the base model trained on (``part`` = train | dev) and its held-out seed test split."""

    rows: pd.DataFrame
    test: pd.DataFrame
    lineage: list[dict[str, Any]]  # earlier retraining files (path, sha256, rows) to record again
    notes: list[str]


def training_config(art: LoadedArtifact) -> dict[str, Any]:
    path = art.path / "training_config.json"
    return json.loads(path.read_text()) if path.exists() else {}


def lineage(tc: dict[str, Any]) -> dict[str, Any]:
    """Where the model's seed data and public sets came from, and how the seed corpus was split.

    A model built by ``training.build`` says it in its top-level config; a retrained model carries its base's
    lineage under ``retrain.lineage`` (its own top-level config is the retraining config).
    """
    if "lineage" in tc.get("retrain", {}):
        return dict(tc["retrain"]["lineage"])
    return {"seed_corpus": tc.get("seed_corpus"), "dev_fraction": float(tc.get("dev_fraction", 0.15)),
            "test_fraction": float(tc.get("test_fraction", 0.15)), "seed": int(tc.get("seed", 13)),
            "public_sets": list(tc.get("public_sets") or [])}


def _seed_rows(tc: dict[str, Any], notes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    empty = pd.DataFrame(columns=["text", "sentiment", "themes", "mixed"])
    tc = lineage(tc)
    folder = tc.get("seed_corpus")
    if not folder:
        return empty, empty
    path = resolve_data_path(folder)
    if not path.is_dir():
        notes.append(f"the base model's seed corpus {folder} is not here; warm start without it")
        return empty, empty
    seed = read_seed_corpus(path)
    seed = seed[seed["text"].astype(str).str.strip() != ""].drop_duplicates("text").reset_index(drop=True)
    _, dv, te = split_indices(seed, float(tc.get("dev_fraction", 0.15)), float(tc.get("test_fraction", 0.15)),
                               int(tc.get("seed", 13)))
    seed["part"] = "train"
    seed.loc[dv, "part"] = "dev"
    seed.loc[te, "part"] = "test"
    seed["origin"] = "base seed corpus"
    return seed[seed["part"] != "test"], seed[seed["part"] == "test"].reset_index(drop=True)


def _lineage_rows(tc: dict[str, Any], seed: int, dev: float, notes: list[str]) -> tuple[pd.DataFrame, list[dict]]:
    frames, kept = [], []
    for f in tc.get("retrain", {}).get("data_files", []):
        p = Path(f["path"])
        if not p.is_file() or file_sha256(p) != f.get("sha256"):
            notes.append(f"earlier training file {p} is missing or changed; warm start without it")
            continue
        df = read_labelled(p)
        df = df[[isinstance(t, str) and t.strip() != "" for t in df["text"]]]
        df = df[df["sentiment"].notna() | df["themes_known"]].reset_index(drop=True)
        _, dv, _ = split_indices(df, dev, 0.0, seed)
        df["part"] = "train"
        df.loc[dv, "part"] = "dev"
        df["origin"] = f"earlier data {p.name}"
        frames.append(df)
        kept.append(f)
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), kept


def load_base_data(art: LoadedArtifact, *, sentiment: bool, themes: bool, seed: int, dev: float) -> BaseData:
    """The base model's labelled rows for a warm start.

    Args:
        sentiment: keep the rows' sentiment labels.
        themes: keep their theme labels (else ``themes_known`` is False: the rows only teach sentiment).
    """
    tc = training_config(art)
    notes: list[str] = []
    used = tc.get("retrain", {}).get("base_data_used", {"sentiment": True, "themes": True})
    rows, test = _seed_rows(tc, notes) if (used.get("sentiment") or used.get("themes")) else (pd.DataFrame(),) * 2
    earlier, lineage = _lineage_rows(tc, seed, dev, notes)
    rows = pd.concat([r for r in (rows, earlier) if len(r)], ignore_index=True) if len(rows) or len(earlier) \
        else pd.DataFrame(columns=["text", "sentiment", "themes", "mixed", "part", "origin"])
    if "themes_known" not in rows.columns:
        rows["themes_known"] = True
    rows["themes_known"] = rows["themes_known"].fillna(True).astype(bool) & themes
    if not sentiment:
        rows["sentiment"] = None
    if not themes:
        rows = rows[rows["sentiment"].notna()]
    keep = ["text", "sentiment", "themes", "themes_known", "mixed", "part", "origin"]
    for c in keep:
        if c not in rows.columns:
            rows[c] = None
    return BaseData(rows[keep].reset_index(drop=True), test, lineage, notes)


def theme_counts(rows: pd.DataFrame) -> dict[str, int]:
    """Examples per theme among rows whose themes are known (train and dev parts)."""
    out: dict[str, int] = {}
    for th, k in zip(rows["themes"], rows["themes_known"], strict=True):
        if k:
            for t in th:
                out[t] = out.get(t, 0) + 1
    return out


def mark_split(n: int, tr: np.ndarray, dv: np.ndarray) -> list[str]:
    part = ["test"] * n
    for i in tr:
        part[i] = "train"
    for i in dv:
        part[i] = "dev"
    return part
