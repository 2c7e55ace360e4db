"""VADER's scores, the same numbers as ``vaderSentiment`` 3.3.2, computed about twice as fast.

The classify path scores every comment and every clause with VADER (the lexicon features of the sentiment
heads); with the reference implementation that was about a quarter of the path's time on 18-word comments. The
reference lower-cases the whole comment again for each of up to three negation checks and one idiom check per
lexicon word, and copies the text character by character to replace emoji. :class:`FastVader` lower-cases each
text once, skips the emoji copy when the text holds no emoji character, and otherwise runs the same rules in the
same order on the same values; a text with an emoji goes to the reference code unchanged.

``tests/nlp/classifiers/test_vader.py`` checks that every score equals the reference's, float for float, on our
corpus, the hard cases and texts written to reach each rule (and on the public sets when ``../shared`` is there).
"""

from __future__ import annotations

import string

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    scalar_inc_dec,
)

_PUNCTUATION = string.punctuation
_NEGATE = frozenset(NEGATE)


def _negated(word_lower: str) -> bool:
    """``vaderSentiment.negated([word])`` for one lower-cased word."""
    return word_lower in _NEGATE or "n't" in word_lower


def _negation_check(valence: float, lower: list[str], start_i: int, i: int) -> float:
    """``SentimentIntensityAnalyzer._negation_check`` on words lower-cased once."""
    if start_i == 0 and _negated(lower[i - 1]):
        valence = valence * N_SCALAR
    if start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _negated(lower[i - 2]):
            valence = valence * N_SCALAR
    if start_i == 2:
        if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) or \
                (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _negated(lower[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence: float, lower: list[str], i: int) -> float:
    """``SentimentIntensityAnalyzer._special_idioms_check`` on words lower-cased once (same order of rules)."""
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


class FastVader(SentimentIntensityAnalyzer):  # type: ignore[misc]
    """``SentimentIntensityAnalyzer`` whose :meth:`polarity_scores` returns the reference's dict, faster."""

    def __init__(self) -> None:
        super().__init__()
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)

    def polarity_scores(self, text: str) -> dict[str, float]:
        if not isinstance(text, str) or not self._emoji_chars.isdisjoint(text):
            return super().polarity_scores(text)
        text = text.strip()  # the reference's emoji copy of a text without emoji is the text itself
        words = [w if len(s := w.strip(_PUNCTUATION)) <= 2 else s for w in text.split()]  # SentiText's words
        n_caps = sum(1 for w in words if w.isupper())
        is_cap_diff = 0 < len(words) - n_caps < len(words)  # allcap_differential
        lower = [w.lower() for w in words]
        lexicon = self.lexicon
        last = len(words) - 1
        sentiments: list[float] = []
        for i, item in enumerate(words):
            word = lower[i]
            if word in BOOSTER_DICT or (i < last and word == "kind" and lower[i + 1] == "of"):
                sentiments.append(0)
                continue
            valence: float = 0
            if word in lexicon:  # the reference's sentiment_valence, rule by rule
                valence = lexicon[word]
                if word == "no" and i != last and lower[i + 1] in lexicon:
                    valence = 0.0
                if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") \
                        or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor")):
                    valence = lexicon[word] * N_SCALAR
                if item.isupper() and is_cap_diff:
                    valence = valence + C_INCR if valence > 0 else valence - C_INCR
                for start_i in range(3):
                    if i > start_i and lower[i - (start_i + 1)] not in lexicon:
                        s = scalar_inc_dec(words[i - (start_i + 1)], valence, is_cap_diff)
                        if start_i == 1 and s != 0:
                            s = s * 0.95
                        if start_i == 2 and s != 0:
                            s = s * 0.9
                        valence = valence + s
                        valence = _negation_check(valence, lower, start_i, i)
                        if start_i == 2:
                            valence = _special_idioms_check(valence, lower, i)
                valence = self._least_check(valence, words, i)
            sentiments.append(valence)
        if "but" in lower:  # the reference's _but_check, rule for rule (``index`` finds the first equal value)
            bi = lower.index("but")
            for sentiment in sentiments:
                si = sentiments.index(sentiment)
                if si < bi:
                    sentiments.pop(si)
                    sentiments.insert(si, sentiment * 0.5)
                elif si > bi:
                    sentiments.pop(si)
                    sentiments.insert(si, sentiment * 1.5)
        return self.score_valence(sentiments, text)
