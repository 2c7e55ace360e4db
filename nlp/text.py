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
# links: with a scheme, or a bare link of a common shortener / image host ("t.co/…", "bit.ly/…"); a domain named in a
# sentence ("www.acme.com is down") is words of the comment and stays
_LINK = re.compile(r"\bhttps?://\S+|\b(?:t\.co|bit\.ly|imgur\.com|tinyurl\.com|goo\.gl|ow\.ly|buff\.ly)/\S+",
                   re.IGNORECASE)
# a word of a post's addressing: an @mention (".@brand" and "@brand:" at the start), or the ":" after one (an e-mail
# address is no mention)
_MENTION = re.compile(r"\.?@\w[\w\-]*[:,.]?|[:,]")


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


def strip_social(text: str) -> str:
    """A social-media post without its addressing: the @mentions it starts or ends with and its links.

    "@AcmeSupport thanks, sorted now https://t.co/x1" → "thanks, sorted now"; a mention inside the sentence stays
    ("shout out to @AcmeCare for sorting me out"). Addressing and links are not the customer's opinion, yet the
    encoder reads a support handle ("@AcmeService", "@AcmeHelp") as words about service and a link as characters
    (docs/benchmarks.md R). A text that would keep no letter and nothing of :func:`nlp.symbols.has_symbol_content`
    comes back as it was (the same object), as does a text with nothing to strip.
    """
    if "@" not in text and "/" not in text:
        return text
    unlinked = _LINK.sub(" ", text) if "/" in text else text
    words = unlinked.split()
    a, b = 0, len(words)
    while a < b and _MENTION.fullmatch(words[a]) and (a or words[a][0] in ".@"):  # ":" only after a mention
        a += 1
    while b > a and words[b - 1].startswith("@") and _MENTION.fullmatch(words[b - 1]):
        b -= 1
    if unlinked == text and (a, b) == (0, len(words)):
        return text
    out = " ".join(words[a:b])
    return out if has_letters(out) or has_symbol_content(out) else text


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
