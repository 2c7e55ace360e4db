"""Text normalisation, skip rules and clause splitting (regex based, ~50k comments/s)."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass

from nlp.symbols import has_letters, has_symbol_content

MAX_CHARS = 5000

_WS = re.compile(r"\s+")
# sentence ends, semicolons, newlines, bullets and runs of dashes
_SENT = re.compile(r"(?<=[.!?…])\s+|[;\n\r]+|\s[-–—]{1,2}\s|\s*[•·]\s*|(?<=[a-z])[.!?]+(?=[A-Za-z])")
# contrast markers start a new clause
_CONTRAST = re.compile(
    r"(?:,\s*|\s+)(?=(?:but|however|although|though|yet|whereas|except|otherwise|while|apart from|"
    r"on the other hand|unfortunately|sadly|only thing|the only|plus)\b)",
    re.IGNORECASE,
)
_COMMA = re.compile(r",\s*")
_AND = re.compile(r"\s+(?=and\s)", re.IGNORECASE)
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Clause:
    """A span of the comment: ``text == comment[start:end]``."""

    start: int
    end: int
    text: str


def normalize(text: str) -> str:
    """NFKC, collapse whitespace, cap length at :data:`MAX_CHARS` characters."""
    text = unicodedata.normalize("NFKC", text)
    return _WS.sub(" ", text).strip()[:MAX_CHARS]


def skip_reason(value: object, symbols: bool = True) -> str | None:
    """Why a raw cell cannot be analysed, or ``None`` when it can.

    Reasons: ``empty`` (missing, NaN or blank), ``not_text`` (not a string, or no letters and nothing the models
    can read as words: a known emoji or emoticon, a star run or a rating such as "10/10" is read, see
    :mod:`nlp.symbols`; ``symbols=False``: only letters count, as for models that do not gloss symbols).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "empty"
    if not isinstance(value, str):
        return "not_text"
    if not value.strip():
        return "empty"
    if not has_letters(value) and not (symbols and has_symbol_content(value)):
        return "not_text"
    return None


def _n_words(s: str) -> int:
    return len(_WORDS.findall(s))


def _split_spans(text: str, spans: list[tuple[int, int]], pattern: re.Pattern[str], min_words: int) -> list[
    tuple[int, int]
]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        cuts = [start]
        for m in pattern.finditer(text, start, end):
            left, right = text[cuts[-1] : m.start()], text[m.end() : end]
            if _n_words(left) >= min_words and _n_words(right) >= min_words:
                cuts.append(m.end())
        bounds = [*cuts, end]
        for a, b in itertools.pairwise(bounds):
            out.append((a, b))
    return out


def split_clauses(text: str, min_words: int = 2) -> list[Clause]:
    """Split a normalised comment into sentence/clause spans.

    Splits at sentence ends, semicolons and new lines, before contrast words ("but", "although",
    "however" …), at commas and before "and" when both sides have enough words. Pieces shorter
    than ``min_words`` stay attached to their neighbour. Returns at least one clause for non-empty text.
    """
    if not text.strip():
        return []
    spans = [(0, len(text))]
    spans = _split_spans(text, spans, _SENT, 1)
    spans = _split_spans(text, spans, _CONTRAST, min_words)
    spans = _split_spans(text, spans, _COMMA, min_words)
    spans = _split_spans(text, spans, _AND, 3)
    clauses: list[Clause] = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip(" ,;-–—•·"))
        piece = piece.strip(" ,;-–—•·")
        if not piece:
            continue
        if clauses and (_n_words(piece) < min_words or not has_letters(piece)):
            prev = clauses[-1]
            clauses[-1] = Clause(prev.start, a + lead + len(piece), text[prev.start : a + lead + len(piece)])
            continue
        clauses.append(Clause(a + lead, a + lead + len(piece), piece))
    if len(clauses) > 1 and (_n_words(clauses[0].text) < min_words):
        first, second = clauses[0], clauses[1]
        clauses[:2] = [Clause(first.start, second.end, text[first.start : second.end])]
    return clauses
