"""Emoji, emoticons and ratings read as words.

The sentence encoder's vocabulary has no token for most emoji: "👍", "👎", "😡" and "😐" all reach it as the same
unknown token, and a comment without letters used to be skipped, so the shortest NPS answers ("👍👍", "10/10",
":(") got no sentiment. :func:`gloss_symbols` rewrites a text as words: each emoji or emoticon of :data:`GLOSSES`
becomes a few plain words ("👍" → "thumbs up", "😡" → "angry"), a run of stars becomes a star rating, and a rating
("10/10", "2 out of 5", "4 stars", "5*") is followed by a word for its level ("10/10 excellent", "1 star
terrible"); emoji outside the table are removed. The glosses were written by the NPS Lens team and chosen so that
the encoder reads them with the polarity customers mean (``tests/nlp/test_symbols.py`` checks some through the
shipped model). :func:`read_as_words` is what the predict path applies: only comments of symbols only are glossed.
"""

from __future__ import annotations

import re

__all__ = ["GLOSSES", "gloss_symbols", "has_letters", "has_symbol_content", "read_as_words"]

# a letter of any script (the skip rule, clause merging and symbol glossing all use this one test)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def has_letters(text: str) -> bool:
    """Whether ``text`` has at least one letter (any script)."""
    return _LETTER.search(text) is not None

# emoji → what a customer means by it in feedback (one sense, chosen for customer comments)
_EMOJI: dict[str, str] = {
    # approval, joy, love
    "👍": "thumbs up", "👌": "great", "👏": "well done", "🙌": "great", "💪": "strong", "🤝": "agreed",
    "😀": "happy", "😃": "happy", "😄": "happy", "😁": "happy", "😊": "happy", "☺": "happy", "🙂": "pleased",
    "😉": "pleased", "😇": "happy", "🤗": "happy", "😌": "relieved", "😎": "cool", "🤩": "amazing",
    "😍": "love it", "🥰": "love it", "😘": "love it", "😻": "love it", "❤": "love", "♥": "love", "💕": "love",
    "💖": "love", "💗": "love", "💓": "love", "💞": "love", "💘": "love", "💝": "love", "🧡": "love",
    "💛": "love", "💚": "love", "💙": "love", "💜": "love", "🖤": "love", "🤍": "love", "😋": "delicious",
    "🥳": "great", "🎉": "great", "🎊": "great", "🙏": "grateful", "💯": "perfect", "🔥": "amazing",
    "🚀": "fast", "🏆": "the best", "🥇": "the best", "✨": "wonderful", "😆": "haha", "😅": "phew",
    "😂": "haha", "🤣": "haha", "✅": "yes", "✔": "yes", "☑": "yes",
    # anger, disappointment, disgust
    "👎": "thumbs down", "😡": "angry", "😠": "angry", "🤬": "furious", "👿": "angry", "😤": "annoyed",
    "😒": "unimpressed", "🙄": "eye roll, unimpressed", "😞": "disappointed", "😔": "disappointed",
    "😟": "worried", "🙁": "disappointed", "☹": "disappointed", "😕": "confused", "😢": "sad", "😭": "crying",
    "😿": "sad", "💔": "heartbroken", "😩": "fed up", "😫": "fed up", "😖": "frustrated", "😣": "frustrated",
    "🤮": "disgusting", "🤢": "disgusting", "💩": "terrible", "🤡": "ridiculous", "🤦": "ridiculous",
    "😱": "shocked", "😨": "scared", "😰": "anxious", "😬": "awkward", "😴": "boring", "🥱": "boring",
    "🐌": "slow", "⏳": "waiting", "⌛": "waiting", "❌": "no", "✖": "no", "⛔": "no", "🚫": "no",
    "⚠": "warning", "😪": "tired", "🥶": "cold", "🥵": "too hot",
    # no opinion
    "😐": "meh", "😑": "meh", "😶": "speechless", "🤔": "hmm", "🤷": "whatever", "😮": "surprised",
    "😯": "surprised", "😲": "surprised", "🙃": "oh well",
}
# emoticons, matched only between spaces / text ends so that URLs ("https://") and times are left alone
_EMOTICONS: dict[str, str] = {
    ":)": "happy", ":-)": "happy", ":]": "happy", "(:": "happy", ":D": "happy", ":-D": "happy", "=)": "happy",
    ";)": "pleased", ";-)": "pleased", "<3": "love", ":(": "sad", ":-(": "sad", ":'(": "crying", "):": "sad",
    ":/": "unimpressed", ":-/": "unimpressed", ":|": "meh", ":-|": "meh", "</3": "heartbroken",
}
GLOSSES: dict[str, str] = {**_EMOJI, **_EMOTICONS}

# skin tones, variation selectors, zero-width joiners and gender signs that decorate an emoji
_MODIFIERS = re.compile("[\U0001F3FB-\U0001F3FF\uFE0E\uFE0F\u200D\u2640\u2642]")
# every pictographic emoji (the blocks customers' keyboards use) and the older dingbat/symbol ones
_ANY_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2190-\u21FF\u2300-\u23FF\u2460-\u27BF\u2900-\u297F"
                        "\u2B00-\u2BFF\u3030\u303D\u3297\u3299]")
_EMOJI_RE = re.compile("|".join(re.escape(k) for k in sorted(_EMOJI, key=len, reverse=True)))
_ONE_EMOTICON = re.compile("|".join(re.escape(k) for k in sorted(_EMOTICONS, key=len, reverse=True)))
_EMOTICON_RE = re.compile(r"(?:(?<=\s)|^)(?:" + _ONE_EMOTICON.pattern + r")+(?=\s|$|[.,!?])")
_STARS = re.compile("[⭐🌟★]{1,10}")
_RATING = re.compile(r"(?<![\w./])(\d{1,3}(?:[.,]\d)?)\s*(?:/|out of)\s*(5|10|100)(?![\w/])"
                     r"|(?<![\w./])([0-5](?:[.,]5)?)\s*(?:stars?\b|\*(?!\w))", re.IGNORECASE)


def _level(value: float, scale: float) -> str:
    r = value / scale
    return ("terrible" if r <= 0.2 else "poor" if r < 0.5 else "average" if r < 0.7 else "good" if r < 0.8
            else "very good" if r < 0.9 else "excellent")


def _rating(m: re.Match[str]) -> str:
    text = m.group(0)
    if m.group(1) is not None:
        value, scale = float(m.group(1).replace(",", ".")), float(m.group(2))
    else:
        value, scale = float(m.group(3).replace(",", ".")), 5.0
    level = _level(value, scale)
    if value > scale or m.string[m.end():].lstrip().startswith(level):  # not a rating, or glossed already
        return text
    return f"{text} {level}"


def _emoticons(m: re.Match[str]) -> str:
    return " ".join(_EMOTICONS[f] for f in _ONE_EMOTICON.findall(m.group(0)))


def gloss_symbols(text: str) -> str:
    """The text the models read: emoji, emoticons and star runs glossed as words, ratings followed by their level.

    Text without symbols comes back unchanged (the same object). A text that would be left with no letters comes
    back unchanged too, so the encoder never receives an empty string.
    """
    if text.isascii() and not any(c in text for c in ":;(<=") and not any(c.isdigit() for c in text):
        return text
    out = _STARS.sub(lambda m: f" {len(m.group(0))} stars ", text)
    out = _RATING.sub(_rating, out)
    out = _EMOTICON_RE.sub(_emoticons, out)
    if not out.isascii():
        out = _MODIFIERS.sub("", out)
        out = _EMOJI_RE.sub(lambda m: f" {_EMOJI[m.group(0)]} ", out)
        out = _ANY_EMOJI.sub(" ", out)
    if out == text:
        return text
    out = re.sub(r"\s+", " ", out).strip()
    out = re.sub(r"\s+([.,!?])", r"\1", out)
    return out if has_letters(out) else text


def has_symbol_content(text: str) -> bool:
    """Whether a text without letters still says something the models can read: a known emoji or emoticon, a star
    run or a rating ("👍", ":(", "⭐⭐⭐⭐⭐", "10/10")."""
    glossed = gloss_symbols(text)
    return glossed is not text and has_letters(glossed)


def read_as_words(text: str) -> str:
    """The text the models read when a model glosses symbols (``ModelConfig.gloss_symbols``): a comment of symbols
    only ("👍👍", "10/10", ":(") glossed as words; any comment with a letter unchanged (the same object).

    Glossing symbols *inside* text was measured and not kept: on the public comments that carry symbols it moved
    2.7.0's sentiment macro-F1 by −0.076 to +0.085 per set (`docs/benchmarks.md` section O) — a rating glossed
    "excellent" outweighs the complaint around it in a long review, and ":)" is often politeness, not praise.
    """
    return text if has_letters(text) else gloss_symbols(text)
