"""Labelled data: the training input format (see :mod:`nlp.labelled`), the seed corpus and public sets."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from nlp.errors import InputFileError
from nlp.labelled import parse_themes, read_labelled, write_labelled
from nlp.schema import SENTIMENTS, THEME_SENTIMENTS

__all__ = ["LICENCES", "check_labels", "load_corpus", "load_public_sentiment", "parse_themes", "read_labelled",
           "read_seed_corpus", "write_labelled"]

LICENCES = {
    "seed": ("NPS Lens seed corpus (written by the NPS Lens team)", "Apache-2.0"),
    "clothing": ("Women's E-Commerce Clothing Reviews", "CC0-1.0"),
    "uci": ("UCI Sentiment Labelled Sentences (Kotzias et al. 2015)", "CC BY 4.0"),
    "cfpb": ("CFPB Consumer Complaint Database sample", "US public domain"),
    "skytrax": ("Skytrax airline seat/lounge reviews (2015 scrape)", "CC0-1.0"),
    "corpus": ("NPS Lens generated corpus (scripts written by the NPS Lens team)", "Apache-2.0"),
}
CORPUS_COLUMNS = ("text", "sentiment", "style", "lang", "industry", "split", "mixed", "clauses")


def read_seed_corpus(folder: str | Path) -> pd.DataFrame:
    files = sorted(Path(folder).glob("*.jsonl"))
    if not files:
        raise InputFileError(f"no *.jsonl seed corpus files in {folder}")
    return pd.concat([read_labelled(f) for f in files], ignore_index=True)


def check_labels(df: pd.DataFrame, theme_ids: list[str]) -> list[str]:
    """Problems with sentiment and theme labels (empty list when clean)."""
    problems = []
    bad = df.loc[~df["sentiment"].isin([*SENTIMENTS, None]), "sentiment"].unique()
    if len(bad):
        problems.append(f"unknown sentiment labels {list(bad)[:5]}")
    known = set(theme_ids)
    unknown = sorted({t for th in df["themes"] for t in th} - known)
    if unknown:
        problems.append(f"unknown theme ids {unknown[:10]}")
    bad_ts = sorted({s for th in df["themes"] for s in th.values() if s is not None} - set(THEME_SENTIMENTS))
    if bad_ts:
        problems.append(f"unknown theme sentiments {bad_ts}")
    return problems


# ---------------------------------------------------------------- public sets (sentiment only)
def _balanced(df: pd.DataFrame, per_class: int, seed: int) -> pd.DataFrame:
    parts = [g.sample(min(len(g), per_class), random_state=seed) for _, g in df.groupby("sentiment")]
    return pd.concat(parts, ignore_index=True)


def _first_words(text: str, n: int = 80) -> str:
    words = str(text).split()
    return " ".join(words[:n])


def load_public_sentiment(name: str, root: str | Path, per_class: int, seed: int) -> pd.DataFrame:
    """Sentiment-labelled texts from a licence-cleared set in ``../shared/data``.

    Raises:
        InputFileError: the folder is not there.
    """
    root = Path(root)
    if name == "clothing":
        raw = pd.read_csv(root / "womens-ecommerce-clothing-reviews" / "Womens Clothing E-Commerce Reviews.csv")
        raw = raw.dropna(subset=["Review Text"])
        df = pd.DataFrame({"text": raw["Review Text"].map(_first_words),
                           "sentiment": raw["Rating"].map({1: "negative", 2: "negative", 3: "neutral",
                                                           4: "positive", 5: "positive"})})
    elif name == "uci":
        frames = [pd.read_csv(f, sep="\t", quoting=3, header=None, names=["text", "y"])
                  for f in sorted((root / "uci-sentiment-labelled-sentences").glob("*_labelled.txt"))]
        raw = pd.concat(frames, ignore_index=True).dropna()
        df = pd.DataFrame({"text": raw["text"], "sentiment": raw["y"].map({0: "negative", 1: "positive"})})
    elif name == "cfpb":
        raw = pd.read_csv(root / "cfpb-consumer-complaints-sample" / "complaints_sample.csv")
        raw = raw.dropna(subset=["Consumer complaint narrative"])
        df = pd.DataFrame({"text": raw["Consumer complaint narrative"].map(_first_words), "sentiment": "negative"})
    elif name == "skytrax":
        df = load_skytrax(root)
    else:
        raise InputFileError(f"unknown public set {name!r}")
    df = df.dropna()
    df = _balanced(df, per_class, seed)
    df["themes"] = [{} for _ in range(len(df))]
    df["source"] = name
    return df


def load_skytrax(root: str | Path) -> pd.DataFrame:
    """Skytrax seat (1-10: ≤3 neg, ≥8 pos) and lounge (1-5: ≤2 neg, ≥4 pos) reviews, binary."""
    root = Path(root) / "skytrax-reviews"
    seat = pd.read_csv(root / "seat.csv").dropna(subset=["content", "overall_rating"])
    lounge = pd.read_csv(root / "lounge.csv").dropna(subset=["content", "overall_rating"])
    lounge = lounge[lounge["overall_rating"] <= 5]
    s = seat["overall_rating"].map(lambda r: "negative" if r <= 3 else ("positive" if r >= 8 else None))
    lo = lounge["overall_rating"].map(lambda r: "negative" if r <= 2 else ("positive" if r >= 4 else None))
    df = pd.concat([pd.DataFrame({"text": seat["content"], "sentiment": s}),
                    pd.DataFrame({"text": lounge["content"], "sentiment": lo})], ignore_index=True)
    return df.dropna().reset_index(drop=True)


# ---------------------------------------------------------------- our generated corpus (sentiment rows)
def load_corpus(path: str | Path, splits: Sequence[str] | None = None) -> pd.DataFrame:
    """Rows of the generated corpus (JSONL) in ``splits`` (all when ``None``) that carry a sentiment label.

    Columns: :data:`CORPUS_COLUMNS` plus ``themes`` (``{}``: the corpus's theme ids are not the default
    taxonomy's, so its rows teach sentiment only) and ``source`` (``"corpus"``).

    Raises:
        InputFileError: the file is missing, a line is not JSON, or rows lack ``text``/``sentiment``/``split``.
    """
    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"corpus file {p} not found; generate it (training/corpus) or fix the config's "
                             "corpus path")
    rows = []
    with p.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise InputFileError(f"{p}:{n}: not JSON ({err.msg})") from None
    df = pd.DataFrame(rows)
    missing = [c for c in ("text", "sentiment", "split") if c not in df.columns]
    if missing:
        raise InputFileError(f"{p}: corpus rows lack {missing} (expected {list(CORPUS_COLUMNS)})")
    for c in CORPUS_COLUMNS:
        if c not in df.columns:
            df[c] = None
    df = df[df["sentiment"].isin(SENTIMENTS) & df["text"].astype(str).str.strip().ne("")]
    if splits is not None:
        df = df[df["split"].isin(list(splits))]
    out = df[list(CORPUS_COLUMNS)].reset_index(drop=True)
    out["text"] = out["text"].astype(str)
    out["themes"] = [{} for _ in range(len(out))]
    out["source"] = "corpus"
    return out
