"""Fine-tuning examples: our generated corpus (or, until it exists, the seed corpus) + licence-cleared public sets.

Sources (public sets are read from ``../shared/data`` at training time, never copied into the repo):

- ``training/corpus/generated/corpus-<v>.jsonl`` + ``themes-<v>.jsonl``: comments with per-clause theme
  and polarity; its ``split`` field decides train / dev / ``heldout_industry`` (never trained on);
- without it, ``training/data/seed/*.jsonl`` with the default taxonomy; one industry is held out;
- womens-ecommerce-clothing-reviews (rating 1–2 / 3 / 4–5 → 3-class sentiment), UCI sentences (binary),
  Skytrax (overall rating → binary sentiment; each 1–5 sub-rating → (review, aspect) polarity),
  CFPB complaints (narrative ↔ ``product / issue`` theme, sub-issues as the theme's other texts).

Every public row is in a fixed dev part when the CRC32 of its text says so (:func:`split_of`), so the
evaluation reads the same dev rows without storing them.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp.errors import InputFileError
from training.finetune.config import TASKS
from training.finetune.tasks import DEV, LABELS, TRAIN, TaskData

LABEL_ID = {name: k for k, name in enumerate(LABELS)}
HELDOUT = 2  # split code of rows kept out of training (zero-shot checks)
SKYTRAX_ASPECTS = {  # sub-rating column → (label, description): written by us
    "seat_legroom_rating": ("Legroom", "Space for the legs at the seat: knee room, seat pitch, cramped or roomy."),
    "seat_recline_rating": ("Seat recline", "How far and how well the seat reclines, and the seat in front."),
    "seat_width_rating": ("Seat width", "How wide the seat is, armrests, shoulder room."),
    "aisle_space_rating": ("Aisle space", "Room in the aisle, getting past other passengers, trolleys."),
    "viewing_tv_rating": ("In-flight entertainment", "The seat-back screen, films, TV and entertainment system."),
    "power_supply_rating": ("Power supply", "Power sockets and USB ports at the seat for charging devices."),
    "seat_storage_rating": ("Seat storage", "Storage at the seat: pockets, overhead bins, space for bags."),
    "comfort_rating": ("Lounge comfort", "Comfort of the lounge: seating, space, quiet, places to rest."),
    "cleanliness_rating": ("Lounge cleanliness", "How clean and tidy the lounge and its furniture are."),
    "bar_beverages_rating": ("Bar and drinks", "The bar and drinks on offer: wine, spirits, coffee, soft drinks."),
    "catering_rating": ("Food and catering", "Food served: choice, quality and freshness of meals and snacks."),
    "washrooms_rating": ("Washrooms", "Toilets and showers: cleanliness, availability, amenities."),
    "wifi_connectivity_rating": ("Wi-Fi", "Wireless internet: whether it works, speed, how easy to log on."),
    "staff_service_rating": ("Staff service", "Friendliness and helpfulness of the staff and their service."),
}


def split_of(text: str, dev_fraction: float) -> int:
    """Fixed train/dev split of a public row from the CRC32 of its text (stable across runs and machines)."""
    return DEV if zlib.crc32(text.encode("utf-8")) % 10000 < dev_fraction * 10000 else TRAIN


def first_words(text: Any, n: int = 80) -> str:
    return " ".join(str(text).split()[:n])


@dataclass
class Builder:
    """Collects tasks over texts (each text stored once); :meth:`tokenise` turns it into a :class:`TaskData`."""

    texts: dict[str, int] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)
    theme_text: list[int] = field(default_factory=list)
    theme_group: list[int] = field(default_factory=list)
    theme_examples: list[list[int]] = field(default_factory=list)
    groups: dict[str, int] = field(default_factory=dict)
    sent: list[tuple[int, int, int]] = field(default_factory=list)
    match: list[tuple[int, int, int]] = field(default_factory=list)
    pol: list[tuple[int, int, int, int]] = field(default_factory=list)
    sources: dict[str, dict[str, int]] = field(default_factory=dict)

    def text(self, s: str) -> int:
        return self.texts.setdefault(s, len(self.texts))

    def theme(self, key: str, group: str, label: str, description: str, examples: Iterable[str] = ()) -> int:
        if key not in self.themes:
            self.themes[key] = len(self.theme_text)
            self.theme_text.append(self.text(f"{label}: {description}"))
            self.theme_group.append(self.groups.setdefault(group, len(self.groups)))
            self.theme_examples.append([])
        k = self.themes[key]
        known = set(self.theme_examples[k])
        self.theme_examples[k].extend(i for i in dict.fromkeys(self.text(e) for e in examples if e) if i not in known)
        return k

    def count(self, source: str, what: str, n: int = 1) -> None:
        self.sources.setdefault(source, {}).setdefault(what, 0)
        self.sources[source][what] += n

    def tokenise(self, tokenize: Callable[[list[str]], list[list[int]]], table: Any, max_tokens: int,
                 distill: int, seed: int) -> TaskData:
        """Token ids (cut to ``max_tokens``) into a compact copy of the embedding rows they use."""
        texts = list(self.texts)
        ids = [t if len(t) <= max_tokens else [*t[: max_tokens - 1], t[-1]] for t in tokenize(texts)]
        lens = np.array([len(t) for t in ids], dtype=np.int64)
        flat = np.fromiter((i for t in ids for i in t), dtype=np.int64, count=int(lens.sum()))
        uniq, compact = np.unique(flat, return_inverse=True)
        chunk = uniq % len(table.scale)
        rng = np.random.default_rng(seed)
        in_tasks = {t for t, _, s in self.sent if s == TRAIN} | {u for u, _, s in self.match if s == TRAIN}
        pool = np.array(sorted(in_tasks | set(self.theme_text)), dtype=np.int64)
        pick = np.sort(rng.choice(pool, size=min(distill, len(pool)), replace=False)) if len(pool) else pool
        ex_off = np.concatenate([[0], np.cumsum([len(e) for e in self.theme_examples])]).astype(np.int64)

        def col(rows: Sequence[tuple[int, ...]], k: int) -> np.ndarray:
            return np.array([r[k] for r in rows], dtype=np.int64)

        return TaskData(
            tok_flat=compact.astype(np.int32), tok_off=np.concatenate([[0], np.cumsum(lens)]).astype(np.int64),
            emb_q=np.ascontiguousarray(table.table[uniq]), emb_scale=table.scale[chunk].astype(np.float32),
            emb_lo=table.lo[chunk].astype(np.float32),
            sent_text=col(self.sent, 0), sent_label=col(self.sent, 1), sent_split=col(self.sent, 2),
            theme_text=np.array(self.theme_text, dtype=np.int64), theme_group=np.array(self.theme_group, np.int64),
            ex_off=ex_off, ex_text=np.array([e for ex in self.theme_examples for e in ex], dtype=np.int64),
            match_unit=col(self.match, 0), match_theme=col(self.match, 1), match_split=col(self.match, 2),
            pol_unit=col(self.pol, 0), pol_theme=col(self.pol, 1), pol_label=col(self.pol, 2),
            pol_split=col(self.pol, 3), distill=pick, groups=list(self.groups), info={"sources": self.sources})


# ---------------------------------------------------------------- our corpora
def corpus_paths(cfg: Any) -> tuple[Path, Path]:
    d = Path(cfg.data.corpus_dir)
    return d / f"corpus-{cfg.data.corpus_version}.jsonl", d / f"themes-{cfg.data.corpus_version}.jsonl"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except json.JSONDecodeError as err:
        raise InputFileError(f"{path}: not JSON lines ({err}); regenerate the corpus") from None


def corpus_units(rows: list[dict[str, Any]]) -> Iterable[tuple[dict[str, Any], str, dict[str, str]]]:
    """(row, unit text, {theme id: polarity}) for each comment and each of its clauses."""
    for r in rows:
        yield r, str(r["text"]), {k: v for k, v in (r.get("themes") or {}).items()}
        clauses = r.get("clauses") or []
        if len(clauses) > 1:
            for c in clauses:
                theme = c.get("theme") or ""  # "": a clause about no theme (still a sentiment example)
                yield r, str(c["text"]), {theme: c.get("polarity")}


ALL_TASKS = frozenset(TASKS)


def add_corpus(bld: Builder, rows: list[dict[str, Any]], themes: list[dict[str, Any]], source: str,
               split: Callable[[dict[str, Any]], int], tasks: frozenset[str] = ALL_TASKS) -> None:
    """Comments and clauses of our corpus into ``tasks`` (sentiment, match, polarity); ``HELDOUT`` rows skipped."""
    by_key = {(t["industry"], t["id"]): t for t in themes}
    for row, unit, labels in corpus_units(rows):
        s = split(row)
        if s == HELDOUT:
            continue
        is_comment = unit == str(row["text"])
        pol = row.get("sentiment") if is_comment else next(iter(labels.values()), None)
        if pol in LABEL_ID and "sentiment" in tasks:
            bld.sent.append((bld.text(unit), LABEL_ID[pol], s))
            bld.count(source, "sentiment")
        for tid, p in labels.items():
            t = by_key.get((row.get("industry"), tid))
            if t is None:
                continue
            k = bld.theme(f"{t['industry']}:{tid}", t["industry"], t["label"], t["description"], t.get("examples", ()))
            if "match" in tasks:
                bld.match.append((bld.text(unit), k, s))
                bld.count(source, "match")
            if p in LABEL_ID and "polarity" in tasks:
                bld.pol.append((bld.text(unit), k, LABEL_ID[p], s))
                bld.count(source, "polarity")


def load_corpus(cfg: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    """Rows + themes of the generated corpus when present, else the seed corpus + default taxonomy.

    Seed rows get ``split`` = ``heldout_industry`` for the configured industry, else dev/train by hash.
    """
    corpus, themes = corpus_paths(cfg)
    if corpus.exists() and themes.exists():
        return read_jsonl(corpus), read_jsonl(themes), f"corpus-{cfg.data.corpus_version}"
    from nlp.taxonomy import default_taxonomy
    from training.datasets import read_seed_corpus

    seed = read_seed_corpus(cfg.data.seed_corpus)
    rows = []
    for r in seed.to_dict("records"):
        text = str(r["text"]).strip()
        if not text:
            continue
        sp = "heldout_industry" if r.get("industry") == cfg.data.heldout_seed_industry else \
            ("dev" if split_of(text, cfg.data.dev_fraction) == DEV else "train")
        rows.append({"text": text, "lang": "en", "industry": "default", "sentiment": r.get("sentiment"),
                     "themes": dict(r.get("themes") or {}), "clauses": [], "split": sp,
                     "seed_industry": r.get("industry")})
    tax = [{"id": t.id, "industry": "default", "label": t.label, "description": t.description,
            "examples": list(t.examples)} for t in default_taxonomy().themes]
    return rows, tax, "seed"


def corpus_split(row: dict[str, Any]) -> int:
    return {"train": TRAIN, "dev": DEV}.get(str(row.get("split")), HELDOUT)


# ---------------------------------------------------------------- public sets
def shared(cfg: Any, name: str) -> Path | None:
    p = Path(cfg.data.shared_data) / name
    return p if p.exists() else None


def public_sentiment(cfg: Any, name: str) -> pd.DataFrame:
    """``text``, ``label`` (0–2) and ``split`` of a public sentiment set (all rows; empty when absent)."""
    from training.datasets import load_skytrax

    root = Path(cfg.data.shared_data)
    if name == "clothing" and shared(cfg, "womens-ecommerce-clothing-reviews"):
        raw = pd.read_csv(root / "womens-ecommerce-clothing-reviews" / "Womens Clothing E-Commerce Reviews.csv")
        raw = raw.dropna(subset=["Review Text"])
        df = pd.DataFrame({"text": raw["Review Text"].map(first_words),
                           "label": raw["Rating"].map({1: 0, 2: 0, 3: 1, 4: 2, 5: 2})})
    elif name == "uci" and shared(cfg, "uci-sentiment-labelled-sentences"):
        frames = [pd.read_csv(f, sep="\t", quoting=3, header=None, names=["text", "y"])
                  for f in sorted((root / "uci-sentiment-labelled-sentences").glob("*_labelled.txt"))]
        raw = pd.concat(frames, ignore_index=True).dropna()
        df = pd.DataFrame({"text": raw["text"].astype(str), "label": raw["y"].astype(int) * 2})
    elif name == "skytrax" and shared(cfg, "skytrax-reviews"):
        raw = load_skytrax(root)
        df = pd.DataFrame({"text": raw["text"].map(first_words), "label": raw["sentiment"].map(LABEL_ID)})
    else:
        return pd.DataFrame(columns=["text", "label", "split"])
    df = df.dropna().drop_duplicates("text").reset_index(drop=True)
    df["label"] = df["label"].astype(int)
    df["split"] = [split_of(t, cfg.data.dev_fraction) for t in df["text"]]
    return df


def _take(df: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """Up to ``n`` rows, as balanced over labels as the data allows."""
    per = max(1, n // max(1, df["label"].nunique()))
    return pd.concat([g.sample(min(len(g), per), random_state=seed) for _, g in df.groupby("label")])


def add_public(bld: Builder, cfg: Any) -> None:
    """Sentiment from clothing/UCI/Skytrax, aspect polarity from Skytrax, issue matching from CFPB."""
    seed = cfg.seed
    for name, n in (("clothing", cfg.data.clothing_rows), ("uci", cfg.data.uci_rows),
                    ("skytrax", cfg.data.skytrax_rows)):
        df = public_sentiment(cfg, name)
        if len(df) == 0 or n == 0:
            continue
        tr = _take(df[df["split"] == TRAIN], n, seed)
        dv = _take(df[df["split"] == DEV], max(50, n // 10), seed)
        for part, s in ((tr, TRAIN), (dv, DEV)):
            for text, label in zip(part["text"], part["label"], strict=True):
                bld.sent.append((bld.text(text), int(label), s))
            bld.count(name, "sentiment" if s == TRAIN else "sentiment_dev", len(part))
    add_skytrax_aspects(bld, cfg)
    add_cfpb(bld, cfg)


def add_skytrax_aspects(bld: Builder, cfg: Any) -> None:
    root = shared(cfg, "skytrax-reviews")
    if root is None or cfg.data.skytrax_rows == 0:
        return
    rows: list[tuple[str, str, int]] = []
    for f in ("seat.csv", "lounge.csv"):
        df = pd.read_csv(root / f).dropna(subset=["content"])
        for col in (c for c in SKYTRAX_ASPECTS if c in df.columns):
            for text, r in zip(df["content"], pd.to_numeric(df[col], errors="coerce"), strict=True):
                if r == r and 1 <= r <= 5:
                    rows.append((first_words(text), col, 0 if r <= 2 else (1 if r == 3 else 2)))
    rng = np.random.default_rng(cfg.seed)
    order = rng.permutation(len(rows))[: 2 * cfg.data.skytrax_rows]
    for i in order:
        text, col, label = rows[i]
        s = split_of(text, cfg.data.dev_fraction)
        label_, desc = SKYTRAX_ASPECTS[col]
        k = bld.theme(f"skytrax:{col}", "skytrax", label_, desc)
        bld.pol.append((bld.text(text), k, label, s))
        bld.count("skytrax", "polarity" if s == TRAIN else "polarity_dev")


def add_cfpb(bld: Builder, cfg: Any) -> None:
    root = shared(cfg, "cfpb-consumer-complaints-sample")
    if root is None or cfg.data.cfpb_rows == 0:
        return
    df = pd.read_csv(root / "complaints_sample.csv").dropna(subset=["Consumer complaint narrative"])
    df = df.sample(min(len(df), cfg.data.cfpb_rows), random_state=cfg.seed)
    for r in df.to_dict("records"):
        text = first_words(r["Consumer complaint narrative"], 60)
        sub = r.get("Sub-issue")
        examples = [f"{r['Product']} / {r['Issue']} / {sub}"] if isinstance(sub, str) else []
        k = bld.theme(f"cfpb:{r['Product']}|{r['Issue']}", "cfpb", str(r["Product"]), str(r["Issue"]), examples)
        s = split_of(text, cfg.data.dev_fraction)
        bld.match.append((bld.text(text), k, s))
        bld.count("cfpb", "match" if s == TRAIN else "match_dev")


def build_tasks(cfg: Any, tokenize: Callable[[list[str]], list[list[int]]], table: Any,
                log: Callable[[str], None] = lambda m: None) -> TaskData:
    """All tasks of ``cfg`` tokenised with ``tokenize`` over embedding ``table`` (``.table``, ``.scale``, ``.lo``)."""
    bld = Builder()
    rows, themes, source = load_corpus(cfg)
    add_corpus(bld, rows, themes, source, corpus_split)
    log(f"{source}: {len(rows)} rows, {len(themes)} themes")
    supplements = {}
    for path in map(Path, cfg.data.supplements):
        if source == "seed":
            raise InputFileError(f"supplement {path} needs the generated corpus's themes, and "
                                 f"{corpus_paths(cfg)[0]} is absent: python -m training.corpus")
        if not path.exists():
            raise InputFileError(f"supplement {path} not found; its generator writes it (training/corpus/DATA_CARD.md)")
        extra = read_jsonl(path)
        add_corpus(bld, extra, themes, f"supplement:{path.stem}", corpus_split, frozenset(cfg.data.supplement_tasks))
        supplements[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        log(f"supplement {path}: {len(extra)} rows")
    add_public(bld, cfg)
    data = bld.tokenise(tokenize, table, cfg.data.max_tokens, cfg.data.distill_texts, cfg.seed)
    data.info["corpus"] = source
    if supplements:
        data.info["supplements_sha256"] = supplements
    if source != "seed":
        data.info["corpus_sha256"] = hashlib.sha256(corpus_paths(cfg)[0].read_bytes()).hexdigest()
    log(f"tasks: {data.summary()}")
    return data
