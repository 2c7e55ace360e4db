"""Industries, themes and language banks built from the phrase banks (see :mod:`training.corpus.dsl`)."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from functools import lru_cache

from training.corpus import (
    common,
    industries_digital,
    industries_food,
    industries_retail,
    industries_services,
    industries_travel,
    languages_a,
    languages_b,
)
from training.corpus.dsl import Block, parse

CROSS_KEYS = ("price_value", "staff", "wait_time", "digital", "billing", "support")
#: Industries whose rows all go to the ``heldout_industry`` split (zero-shot transfer to unseen industries).
HELDOUT_INDUSTRIES = ("cinema", "veterinary", "car_repair")
LANGS = ("es", "fr", "de", "pt", "it", "nl")


@dataclass(frozen=True)
class Theme:
    """A theme of one industry: ``id`` is ``industry.key``; ``bank`` holds its phrase fields."""

    id: str
    key: str
    industry: str
    label: str
    description: str
    examples: tuple[str, ...]
    bank: Block
    cross: bool


@dataclass(frozen=True)
class Industry:
    """An industry: its vocabulary (slot name → values) and its themes."""

    id: str
    name: str
    vocab: dict[str, tuple[str, ...]]
    themes: tuple[Theme, ...]


@dataclass(frozen=True)
class Language:
    """A non-English bank: connectors, openers, generic phrases and cross-theme banks by key."""

    code: str
    meta: Block
    themes: dict[str, Block]


def _first_fill(template: str, vocab: dict[str, tuple[str, ...]], seed_text: str) -> str:
    """Fill a template deterministically (for descriptions and examples)."""
    from training.corpus.grammar import fill  # local import: grammar imports this module's types

    return fill(template, random.Random(zlib.crc32(seed_text.encode())), vocab, "en")


def _theme(block: Block, industry: str, vocab: dict[str, tuple[str, ...]], cross: bool) -> Theme:
    if len(block.head) != 3:
        raise ValueError(f"theme header of {industry} must be '# key | Label | Description', got {block.head}")
    key, label, desc = block.head
    tid = f"{industry}.{key}"
    picks = [*block.get("+")[:2], *block.get("-")[:2], *block.get("s-")[:1], *block.get("?")[:1]]
    examples = tuple(dict.fromkeys(_first_fill(p, vocab, tid + p) for p in picks))
    missing = [f for f in ("S", "P", "N", "+", "-", "?", "!", "=", "s+", "s-", "n+", "n-") if not block.get(f)]
    if missing:
        raise ValueError(f"theme {tid} lacks fields {missing}; every theme needs them (see training/corpus/dsl.py)")
    return Theme(id=tid, key=key, industry=industry, label=label, description=_first_fill(desc, vocab, tid),
                 examples=examples, bank=block, cross=cross)


@lru_cache(maxsize=1)
def industries() -> tuple[Industry, ...]:
    """All industries, in bank order, each with its cross-industry themes first."""
    cross = {b.head[0]: b for b in parse(common.CROSS_BANK, "common.CROSS_BANK")}
    out: list[Industry] = []
    for mod in (industries_food, industries_travel, industries_services, industries_retail, industries_digital):
        cur: tuple[str, str, dict[str, tuple[str, ...]], list[Theme]] | None = None
        for block in [*parse(mod.BANK, mod.__name__), Block(kind="@", head=["", ""])]:
            if block.kind == "@":
                if cur is not None:
                    out.append(Industry(id=cur[0], name=cur[1], vocab=cur[2], themes=tuple(cur[3])))
                if not block.head[0]:
                    break
                vocab = {k: tuple(v) for k, v in block.fields.items()}
                skip = set(vocab.get("skip", ()))
                themes = [_theme(cross[k], block.head[0], vocab, True) for k in CROSS_KEYS if k not in skip]
                cur = (block.head[0], block.head[1], vocab, themes)
            else:
                if cur is None:
                    raise ValueError(f"{mod.__name__}: theme block {block.head} before any '@industry' header")
                cur[3].append(_theme(block, cur[0], cur[2], False))
    return tuple(out)


@lru_cache(maxsize=1)
def languages() -> dict[str, Language]:
    """The non-English banks by ISO 639-1 code."""
    out: dict[str, Language] = {}
    for mod in (languages_a, languages_b):
        cur: Language | None = None
        for block in parse(mod.BANK, mod.__name__):
            if block.kind == "@":
                cur = Language(code=block.head[0], meta=block, themes={})
                out[cur.code] = cur
            elif cur is None:
                raise ValueError(f"{mod.__name__}: theme block before a '@lang' header")
            else:
                cur.themes[block.head[0]] = block
    return out


def all_themes() -> list[Theme]:
    """Every theme of every industry."""
    return [t for ind in industries() for t in ind.themes]
