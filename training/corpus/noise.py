"""Social-media noise that keeps the label: @handles, URLs, #hashtags, emoji, slang, typos, caps, repeated letters."""

from __future__ import annotations

import random
import re

from training.corpus.compose import Piece, glue

SLANG = (("you", "u"), ("your", "ur"), ("please", "pls"), ("please", "plz"), ("thanks", "thx"), ("really", "rly"),
         ("because", "cos"), ("people", "ppl"), ("going to", "gonna"), ("want to", "wanna"), ("I am", "im"),
         ("don't", "dont"), ("it's", "its"), ("can't", "cant"), ("I'm", "im"), ("to be honest", "tbh"),
         ("minutes", "mins"), ("tomorrow", "tmrw"), ("great", "gr8"), ("before", "b4"), ("with", "w/"),
         ("and", "&"), ("seriously", "srsly"), ("anyone", "any1"), ("would", "wud"))
EMOJI = {"positive": ("😍", "🙌", "👍", "😊", "🔥", "❤️", "👏", "💯", "🥰", "✨"),
         "negative": ("😡", "🤬", "👎", "😤", "🙄", "😒", "😠", "🤦", "💀", "😩"),
         "neutral": ("🤔", "🙏", "👀", "📦", "❓", "")}
TAGS = {"positive": ("#happycustomer", "#recommend", "#love", "#goodvibes", "#impressed", "#thankyou"),
        "negative": ("#fail", "#disappointed", "#notimpressed", "#sortitout", "#ripoff", "#neveragain"),
        "neutral": ("#help", "#question", "#customerservice", "#queries", "#update")}
PROTECT = re.compile(r"(n't|\bnot\b|\bnever\b|\bno\b|\bnothing\b|\bnobody\b|\bnone\b|\bwithout\b|\bhardly\b)",
                     re.IGNORECASE)


def handle(rng: random.Random, industry: str, name: str) -> str:
    """An invented brand handle for an industry ("@QuickBiteHelp")."""
    stems = {"": ("Go", "Blue", "Nova", "Metro", "Prime", "Swift", "Urban", "Bright", "Core", "Peak")}
    stem = rng.choice(stems[""]) + "".join(w.capitalize() for w in name.split()[:1])
    return "@" + stem + rng.choice(("", "UK", "Help", "Support", "_official", "Care", "HQ"))


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.random()
    if kind < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind < 0.8:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def _stretch(word: str, rng: random.Random) -> str:
    vowels = [i for i, c in enumerate(word) if c.lower() in "aeiouy"]
    if not vowels or not word.isalpha():
        return word
    i = vowels[-1]
    return word[: i + 1] + word[i] * rng.randint(2, 4) + word[i + 1:]


def noisy_text(rng: random.Random, text: str, lang: str) -> str:
    """Slang, typos, stretched words, caps and case changes on one clause; negation words are left alone."""
    if lang == "en":
        for a, b in SLANG:
            if rng.random() < 0.35:
                text = re.sub(rf"\b{re.escape(a)}\b", b, text)
    words = text.split(" ")
    for i, w in enumerate(words):
        if PROTECT.search(w):
            continue
        r = rng.random()
        if r < 0.05:
            words[i] = _typo(rng, w)
        elif r < 0.08:
            words[i] = _stretch(w, rng)
        elif r < 0.1:
            words[i] = w.upper()
    text = " ".join(words)
    r = rng.random()
    if r < 0.45:
        text = text.lower()
    elif r < 0.55:
        text = text.upper()
    return text


def socialise(rng: random.Random, pieces: list[Piece], pol: str, lang: str, industry: str, name: str) -> list[Piece]:
    """Add noise inside clauses and handles, URLs, hashtags and emoji around them."""
    out = [Piece(noisy_text(rng, p.text, lang), p.theme, p.pol) if p.pol is not None else p for p in pieces]
    if rng.random() < 0.55:
        out.insert(0, glue(handle(rng, industry, name) + rng.choice((" ", " ", ": ", " hey "))))
    tail: list[str] = []
    if rng.random() < 0.5:
        tail.append("".join(rng.choice(EMOJI[pol]) for _ in range(rng.choice((1, 1, 2, 3)))))
    if rng.random() < 0.35:
        tail.append(" ".join(rng.sample(TAGS[pol], rng.choice((1, 2)))))
    if rng.random() < 0.15:
        tail.append(rng.choice(("https://t.co/", "bit.ly/", "https://imgur.com/")) +
                    "".join(rng.choice("abcdefghijkmnpqrstuvwxyzABCDEFGH23456789") for _ in range(8)))
    if tail:
        out.append(glue(" " + " ".join(tail)))
    return out
