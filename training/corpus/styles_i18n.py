"""Comment builders for the non-English languages (banks in :mod:`.languages_a` and :mod:`.languages_b`)."""

from __future__ import annotations

import random

from training.corpus.compose import Piece, clause, glue
from training.corpus.grammar import cap, end_punct, fill
from training.corpus.model import Industry, Language


class Writer:
    """Builds one comment in one language for one industry (only the cross themes both have)."""

    def __init__(self, rng: random.Random, lang: Language, ind: Industry) -> None:
        self.rng, self.lang, self.ind = rng, lang, ind
        own = {t.key: t.id for t in ind.themes if t.cross}
        self.keys = [k for k in lang.themes if k in own]
        self.ids = own
        self.days = tuple(lang.meta.get("days"))

    def _p(self, template: str) -> str:
        return fill(template, self.rng, {}, self.lang.code, self.days)

    def phrase(self, key: str, field: str) -> str:
        """A filled phrase of one theme field."""
        return self._p(self.rng.choice(self.lang.themes[key].get(field)))

    def _opener(self, p: float = 0.25) -> list[Piece]:
        return [glue(self._p(self.rng.choice(self.lang.meta.get("open"))) + " ")] if self.rng.random() < p else []

    def _themed(self, field: str, pol: str, k: int) -> list[Piece]:
        keys = self.rng.sample(self.keys, min(k, len(self.keys)))
        return [clause(self.phrase(key, field), self.ids[key], pol) for key in keys]

    def _join(self, parts: list[Piece], pol: str) -> list[Piece]:
        out = self._opener()
        for i, p in enumerate(parts):
            if i == 0:
                if not out or out[-1].text.rstrip().endswith((".", ":")):
                    p.text = cap(p.text)
            else:
                j = self.rng.choice((". ", ", ", ". "))
                out.append(glue(j))
                p.text = cap(p.text) if j == ". " else p.text
            out.append(p)
        out.append(glue(end_punct(self.rng, pol)))
        return out

    def _verdict(self, pol: str) -> list[Piece]:
        pool = self.lang.meta.get("ver+" if pol == "positive" else "ver-")
        return [glue(" "), clause(self._p(self.rng.choice(pool)), None, pol), glue(end_punct(self.rng, pol))]

    def plain(self) -> list[Piece]:
        """One or two clauses of one polarity."""
        pol = self.rng.choices(("positive", "negative", "neutral"), (0.42, 0.42, 0.16))[0]
        field = {"positive": "+", "negative": "-", "neutral": "="}[pol]
        out = self._join(self._themed(field, pol, self.rng.choice((1, 2, 2))), pol)
        return out + self._verdict(pol) if pol != "neutral" and self.rng.random() < 0.2 else out

    def mixed(self) -> list[Piece]:
        """Opposite polarities; the clause after the contrast (or a verdict) carries the comment."""
        rng = self.rng
        first = rng.choice(("positive", "negative"))
        second = "negative" if first == "positive" else "positive"
        k1, k2 = rng.sample(self.keys, 2)
        a = clause(self.phrase(k1, "+" if first == "positive" else "-"), self.ids[k1], first)
        b = clause(self.phrase(k2, "+" if second == "positive" else "-"), self.ids[k2], second)
        fronted = self.lang.meta.get("although")
        if fronted and rng.random() < 0.25:
            out = [glue(rng.choice(fronted) + " "), a, glue(", "), b]
        else:
            word = rng.choice(self.lang.meta.get("but"))
            opener = self._opener(0.15)
            a.text = a.text if opener and opener[0].text.rstrip().endswith(",") else cap(a.text)
            if word == ";":
                j = "; "
            elif word in ("—", "–"):
                j = " — "
            elif word.endswith(","):
                j = ". " + cap(word) + " "
            else:
                j = ", " + word + " "
            out = [*opener, a, glue(j), b]
        out.append(glue(end_punct(rng, second)))
        if rng.random() < 0.2:
            if out[-1].text in ("", "..."):
                out.append(glue("."))
            out += self._verdict(rng.choice(("positive", "negative")))
        return out

    def negation(self) -> list[Piece]:
        """Negated or litotes clauses, sometimes with a plain clause of the same polarity."""
        pol = self.rng.choice(("positive", "positive", "negative"))
        parts = self._themed("n+" if pol == "positive" else "n-", pol, 1)
        if self.rng.random() < 0.35:
            key = self.rng.choice([k for k in self.keys if self.ids[k] != parts[0].theme])
            parts.append(clause(self.phrase(key, "+" if pol == "positive" else "-"), self.ids[key], pol))
        return self._join(parts, pol)

    def sarcasm(self) -> list[Piece]:
        """A sarcastic complaint: negative."""
        key = self.rng.choice(self.keys)
        if self.rng.random() < 0.35:
            text = self.phrase(key, "x")
        else:
            wrap = self.rng.choice(self.lang.meta.get("sarc"))
            text = wrap.replace("{x}", self.phrase(key, "-"))
        return [clause(cap(text), self.ids[key], "negative"), glue(self.rng.choice((".", "", " 🙄", "!")))]

    def _neutral(self, field: str) -> list[Piece]:
        rng, meta = self.rng, self.lang.meta
        key = rng.choice(self.keys)
        out: list[Piece] = []
        if rng.random() < 0.5:
            out.append(glue(self._p(rng.choice(meta.get("hi"))) + " "))
        if rng.random() < 0.4:
            k2 = rng.choice(self.keys)
            fact = self.phrase(k2, "=")
            out += [clause(fact if out else cap(fact), self.ids[k2], "neutral"), glue(". ")]
        q = self.phrase(key, field)
        out += [clause(q if out and out[-1].text.endswith(", ") else cap(q), self.ids[key],
                       "neutral"), glue("" if q.endswith("?") else ".")]
        if rng.random() < 0.35:
            out.append(glue(" " + rng.choice(meta.get("thx"))))
        return out

    def question(self) -> list[Piece]:
        """A question without an opinion."""
        return self._neutral("?")

    def request(self) -> list[Piece]:
        """A request without an opinion."""
        return self._neutral("!")

    def fact(self) -> list[Piece]:
        """One or two plain facts."""
        return self._join(self._themed("=", "neutral", self.rng.choice((1, 2))), "neutral")

    def short(self) -> list[Piece]:
        """One to three words."""
        rng = self.rng
        pol = rng.choice(("positive", "negative", "neutral"))
        if pol != "neutral" and rng.random() < 0.7:
            key = rng.choice(self.keys)
            c = clause(self.phrase(key, "s+" if pol == "positive" else "s-"), self.ids[key], pol)
        else:
            pool = [p for p in self.lang.meta.get({"positive": "gen+", "negative": "gen-", "neutral": "gen0"}[pol])
                    if len(p.split()) <= 3]
            c = clause(self._p(rng.choice(pool)), None, pol)
        c.text = cap(c.text) if rng.random() < 0.5 else c.text
        return [c, glue(rng.choice(("", "!", ".", "!!")))]

    def no_theme(self) -> list[Piece]:
        """Generic praise, complaint or non-answer."""
        pol = self.rng.choices(("positive", "negative", "neutral"), (0.4, 0.4, 0.2))[0]
        pool = self.lang.meta.get({"positive": "gen+", "negative": "gen-", "neutral": "gen0"}[pol])
        picks = self.rng.sample(pool, self.rng.choice((1, 2)) if pol != "neutral" else 1)
        return self._join([clause(self._p(p), None, pol) for p in picks], pol)
