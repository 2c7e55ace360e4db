"""Build the corpus: plan rows (style × industry × language), write comments, split, count, save."""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from training.corpus import VERSION
from training.corpus.compose import Piece, render, sentiment_of, themes_of
from training.corpus.model import HELDOUT_INDUSTRIES, LANGS, Industry, all_themes, industries, languages
from training.corpus.noise import socialise
from training.corpus.styles import BUILDERS
from training.corpus.styles_i18n import Writer

#: Share of each style among the rows (English and other languages alike).
STYLE_SHARES = {"plain": 0.15, "mixed": 0.14, "negation": 0.10, "sarcasm": 0.07, "question": 0.09, "request": 0.07,
                "fact": 0.07, "short": 0.10, "social": 0.13, "no_theme": 0.08}
SOCIAL_BASES = (("plain", 0.25), ("mixed", 0.15), ("short", 0.15), ("sarcasm", 0.12), ("question", 0.15),
                ("negation", 0.08), ("request", 0.05), ("no_theme", 0.05))
DEV_SHARE = 0.10
MAX_TRIES = 60


def _counts(n: int) -> list[str]:
    """Exactly ``n`` style tags in the configured shares (largest remainders)."""
    raw = {s: n * p for s, p in STYLE_SHARES.items()}
    base = {s: int(v) for s, v in raw.items()}
    for s in sorted(raw, key=lambda s: raw[s] - base[s], reverse=True)[: n - sum(base.values())]:
        base[s] += 1
    return [s for s, k in base.items() for _ in range(k)]


def _build(rng: random.Random, style: str, ind: Industry, lang: str) -> list[Piece]:
    base = rng.choices([b for b, _ in SOCIAL_BASES], [w for _, w in SOCIAL_BASES])[0] if style == "social" else style
    pieces = BUILDERS[base](rng, ind) if lang == "en" else getattr(Writer(rng, languages()[lang], ind), base)()
    if style == "social":
        _, clauses = render(pieces)
        pieces = socialise(rng, pieces, sentiment_of(clauses)[0], lang, ind.id, ind.name)
    return pieces


def _row(rng: random.Random, style: str, ind: Industry, lang: str, seen: set[str]) -> dict[str, Any]:
    for _ in range(MAX_TRIES):
        text, clauses = render(_build(rng, style, ind, lang))
        if text and text not in seen and all(c["text"] and c["text"] in text for c in clauses):
            seen.add(text)
            sentiment, mixed = sentiment_of(clauses)
            return {"id": "", "text": text, "lang": lang, "industry": ind.id, "style": style,
                    "sentiment": sentiment, "mixed": mixed, "themes": themes_of(clauses), "clauses": clauses,
                    "split": "train"}
    raise RuntimeError(f"could not write a new {style} comment for {ind.id}/{lang} in {MAX_TRIES} tries: "
                       "the phrase bank is too small for the requested rows; add phrases or lower --rows")


def _plan(rng: random.Random, rows: int, per_lang: int) -> list[tuple[str, Industry, str]]:
    inds = list(industries())
    en_styles = _counts(rows - per_lang * len(LANGS))
    rng.shuffle(en_styles)
    plan = [(s, inds[i % len(inds)], "en") for i, s in enumerate(en_styles)]
    for lang in LANGS:
        styles = _counts(per_lang)
        rng.shuffle(styles)
        plan += [(s, rng.choice(inds), lang) for s in styles]
    rng.shuffle(plan)
    return plan


def assign_splits(rng: random.Random, rows: list[dict[str, Any]]) -> None:
    """Held-out industries → ``heldout_industry``; elsewhere a frozen 10% ``dev`` per style (stratified)."""
    by_style: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        if r["industry"] in HELDOUT_INDUSTRIES:
            r["split"] = "heldout_industry"
        else:
            by_style.setdefault(r["style"], []).append(i)
    for style in sorted(by_style):
        idx = by_style[style]
        rng.shuffle(idx)
        for i in idx[: round(len(idx) * DEV_SHARE)]:
            rows[i]["split"] = "dev"


def near_key(text: str) -> str:
    """Text reduced to its letters, lower-cased (numbers, punctuation, emoji and spacing dropped)."""
    return re.sub(r"[^\w]|[\d_]", "", text.lower())


def stats(rows: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    """Counts by industry, style, language, sentiment and split, theme coverage and duplicate rates."""
    n = len(rows)
    keys = Counter(near_key(r["text"]) for r in rows)
    by: dict[str, Counter[str]] = {k: Counter(str(r[k]) for r in rows)
                                   for k in ("industry", "style", "lang", "sentiment", "split")}
    used = Counter(t for r in rows for t in r["themes"])
    return {
        "version": VERSION, "seed": seed, "rows": n, "industries": len(industries()), "themes": len(all_themes()),
        "themes_used": len(used), "non_english_languages": sorted(k for k in by["lang"] if k != "en"),
        "distinct_text_ratio": round(len({r["text"] for r in rows}) / n, 4),
        "near_duplicate_rate": round(sum(1 for r in rows if keys[near_key(r["text"])] > 1) / n, 4),
        "mixed_rows": sum(1 for r in rows if r["mixed"]),
        "rows_without_theme": sum(1 for r in rows if not r["themes"]),
        "heldout_industries": list(HELDOUT_INDUSTRIES),
        **{f"by_{k}": dict(sorted(v.items())) for k, v in by.items()},
        "style_share": {k: round(v / n, 4) for k, v in sorted(by["style"].items())},
        "sentiment_by_style": {s: dict(sorted(Counter(r["sentiment"] for r in rows if r["style"] == s).items()))
                               for s in sorted(by["style"])},
        "near_duplicate_rate_by_style": {
            s: round(sum(1 for r in rows if r["style"] == s and keys[near_key(r["text"])] > 1) / by["style"][s], 4)
            for s in sorted(by["style"])},
        "split_by_style": {s: dict(sorted(Counter(r["split"] for r in rows if r["style"] == s).items()))
                           for s in sorted(by["style"])},
    }


def generate(seed: int = 1, rows: int = 22000, per_lang: int = 330, quiet: bool = True) -> list[dict[str, Any]]:
    """The corpus rows for ``seed``: the same arguments always give the same rows."""
    if rows < per_lang * len(LANGS) + len(STYLE_SHARES):
        raise ValueError(f"--rows {rows} leaves no English rows after {per_lang} per language; raise --rows")
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for i, (style, ind, lang) in enumerate(_plan(rng, rows, per_lang), 1):
        out.append(_row(rng, style, ind, lang, seen))
        if not quiet and i % 2000 == 0:
            sys.stderr.write(f"  {i}/{rows} comments\n")
    for i, r in enumerate(out, 1):
        r["id"] = f"c{i:06d}"
    assign_splits(rng, out)
    return out


def theme_rows() -> list[dict[str, Any]]:
    """One row per theme: id, industry, label, description, examples."""
    return [{"id": t.id, "industry": t.industry, "label": t.label, "description": t.description,
             "examples": list(t.examples)} for t in all_themes()]


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """One JSON object per line, UTF-8 as written (not escaped), ``\\n`` line ends: the corpus files' format."""
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def write(out_dir: Path, seed: int = 1, rows: int = 22000, per_lang: int = 330, quiet: bool = True) -> dict[str, Any]:
    """Write ``corpus-v1.jsonl``, ``themes-v1.jsonl`` and ``stats-v1.json`` to ``out_dir``; return the stats."""
    data = generate(seed, rows, per_lang, quiet)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_jsonl(out_dir / f"corpus-{VERSION}.jsonl", data)
    write_jsonl(out_dir / f"themes-{VERSION}.jsonl", theme_rows())
    st = stats(data, seed)
    (out_dir / f"stats-{VERSION}.json").write_text(json.dumps(st, indent=2, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
    return st
