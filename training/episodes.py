"""Further sources of matcher episodes besides the model's own labelled comments (``TrainConfig.matcher_sources``).

* ``corpus``: our generated corpus (``matcher_corpus`` rows + ``matcher_corpus_themes``), one theme group per
  industry; only ``split == "train"`` rows train and ``split == "dev"`` rows tune the decode threshold.
  ``heldout_industry`` rows are never read here: they measure zero-shot transfer (benchmarks/fewshot_dev.py).
* ``cfpb``: the CFPB complaints sample in ``shared_data`` (US public domain; read at training time, never
  copied): Product / Issue as a real customer taxonomy, one group per product.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp.encoders.base import Encoder
from nlp.errors import InputFileError
from nlp.symbols import read_as_words
from nlp.taxonomy import Taxonomy, Theme
from training.config import TrainConfig
from training.matcher import Encoded, EpisodeSource

Log = Callable[[str], None]
MIN_ROWS_PER_THEME = 3
CFPB_WORDS = 60


def _theme_id(raw: str) -> str:
    """A taxonomy-valid id (``^[a-z][a-z0-9_]*$``, ≤ 64 chars) for a corpus key such as ``hotel.check_in``."""
    tid = re.sub(r"[^a-z0-9_]+", "_", raw.lower()).strip("_")
    return (tid if tid[:1].isalpha() else f"t_{tid}")[:64]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputFileError(f"matcher source file not found: {path} (generate the corpus or drop 'corpus' from "
                             "matcher_sources)")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def corpus_source(cfg: TrainConfig, encoder: Encoder, rng: np.random.Generator) -> EpisodeSource:
    """Episodes over the generated corpus's industries (train rows; dev rows for the threshold).

    Raises:
        InputFileError: a file is missing, or a row names a theme the themes file lacks.
    """
    theme_rows = _read_jsonl(Path(cfg.matcher_corpus_themes))
    rows = [r for r in _read_jsonl(Path(cfg.matcher_corpus)) if r.get("split") in ("train", "dev")]
    key = {str(t.get("id") or t.get("theme")): t for t in theme_rows}
    unknown = sorted({k for r in rows for k in r.get("themes", {})} - set(key))
    if unknown:
        raise InputFileError(f"{cfg.matcher_corpus}: themes missing from {cfg.matcher_corpus_themes}: {unknown[:5]}")
    train = [i for i, r in enumerate(rows) if r["split"] == "train"]
    if len(train) > cfg.matcher_corpus_max_rows:  # the (smaller) dev split is kept whole
        drop = set(np.setdiff1d(train, rng.choice(train, size=cfg.matcher_corpus_max_rows, replace=False)).tolist())
        rows = [r for i, r in enumerate(rows) if i not in drop]
    counts = pd.Series([k for r in rows for k in r.get("themes", {})]).value_counts()
    keys = [k for k in key if counts.get(k, 0) >= MIN_ROWS_PER_THEME]
    industry = [str(key[k].get("industry") or k.split(".")[0]) for k in keys]
    groups = sorted(set(industry))
    themes = tuple(Theme(id=_theme_id(k), label=str(key[k].get("label") or k.split(".")[-1].replace("_", " ")),
                         description=str(key[k].get("description") or key[k].get("label") or k)) for k in keys)
    tid = dict(zip(keys, (t.id for t in themes), strict=True))
    row_themes = [{tid[k]: v for k, v in r.get("themes", {}).items() if k in tid} for r in rows]
    texts = [read_as_words(str(r["text"])) if cfg.gloss_symbols else str(r["text"]) for r in rows]
    row_group = np.array([groups.index(str(r.get("industry"))) if r.get("industry") in groups else -1 for r in rows])
    split = np.array([r.get("split") for r in rows])
    ok = row_group >= 0
    # a container of every corpus theme (episodes draw sub-taxonomies from it), so the 200-theme cap of a
    # customer taxonomy does not apply: built without validation
    every = Taxonomy.model_construct(name="corpus", themes=themes)
    return EpisodeSource("corpus", every, texts, row_themes, Encoded(texts, encoder),
                         np.flatnonzero(ok & (split == "train")), np.flatnonzero(ok & (split == "dev")), row_group,
                         np.array([groups.index(g) for g in industry]))


def cfpb_source(cfg: TrainConfig, encoder: Encoder, rng: np.random.Generator) -> EpisodeSource:
    """Episodes over the CFPB Product / Issue taxonomy (a random 80/20 train/dev split of the narratives)."""
    path = Path(cfg.shared_data) / "cfpb-consumer-complaints-sample" / "complaints_sample.csv"
    if not path.is_file():
        raise InputFileError(f"matcher source cfpb needs {path}; drop 'cfpb' from matcher_sources without it")
    raw = pd.read_csv(path, usecols=["Product", "Issue", "Consumer complaint narrative"]).dropna()
    raw = raw.groupby(["Product", "Issue"]).filter(lambda g: len(g) >= MIN_ROWS_PER_THEME).reset_index(drop=True)
    pairs = sorted(set(zip(raw["Product"], raw["Issue"], strict=True)))
    products = sorted({p for p, _ in pairs})
    themes = tuple(Theme(id=_theme_id(f"p{products.index(p)}_{i}"), label=i[:500],
                         description=f"A complaint about {p.lower()}: {i.lower()}"[:500]) for p, i in pairs)
    pid = {pair: t.id for pair, t in zip(pairs, themes, strict=True)}
    texts = [" ".join(str(t).split()[:CFPB_WORDS]) for t in raw["Consumer complaint narrative"]]
    row_themes = [{pid[(p, i)]: "negative"} for p, i in zip(raw["Product"], raw["Issue"], strict=True)]
    is_dev = rng.random(len(raw)) < 0.2
    return EpisodeSource("cfpb", Taxonomy.model_construct(name="cfpb", themes=themes), texts, row_themes,
                         Encoded(texts, encoder),
                         np.flatnonzero(~is_dev), np.flatnonzero(is_dev),
                         np.array([products.index(p) for p in raw["Product"]]),
                         np.array([products.index(p) for p, _ in pairs]))


def extra_sources(cfg: TrainConfig, encoder: Encoder, log: Log) -> list[EpisodeSource]:
    """The configured sources other than ``seed``, encoded (seeded by ``cfg.seed``)."""
    rng = np.random.default_rng(cfg.seed + 1)
    out = []
    for name in cfg.matcher_sources:
        if name == "corpus":
            out.append(corpus_source(cfg, encoder, rng))
        elif name == "cfpb":
            out.append(cfpb_source(cfg, encoder, rng))
        else:
            continue
        s = out[-1]
        log(f"matcher source {name}: {len(s.texts)} comments, {len(s.taxonomy.themes)} themes in "
            f"{int(s.theme_group.max()) + 1} groups")
    return out
