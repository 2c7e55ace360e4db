"""Corpus supplement ``negation-v1``: what did not happen, said both ways, and short facts (English).

Corpus v1 teaches negation mostly as litotes of adjectives ("never late", "not bad at all", "far from cheap"),
so a model trained on it learns "never …" as praise. Customers use "never" just as often for what *should* have
happened and did not — a callback, a refund, a reply, a delivery — which is a complaint. This supplement writes
both sides from the same themes, so the polarity has to come from what is negated, not from the word "never":

* ``unmet`` (negative): an expected event that did not happen ("nobody ever called me back", "still no
  refund", "nobody came back to check on us");
* ``no_trouble`` (positive): a bad event that did not happen ("never had to chase {support}", "never been
  overcharged", "didn't have to queue");
* ``negated_adj`` (both): a theme adjective negated without the v1 cue words ("at all", "exactly"): "{subject}
  wasn't {negative adjective}" is positive, "{subject} wasn't {positive adjective}" negative;
* ``mixed_unmet`` (mixed, negative last): a v1 opinion clause, then an unmet expectation on another theme;
* ``short_fact`` (neutral): one short statement of what happened, no opinion ("Booked {item} on {day}.").

Rows have corpus v1's schema (``training/corpus/generate.py``) and its split rule (held-out industries →
``heldout_industry``, a frozen 10% ``dev`` per style), so ``training.datasets.load_corpus`` reads them and a
config adds them as another ``[[corpus]]`` source. Measured that way and not kept in the default build (its own dev
split improves, public dev data does not: docs/benchmarks.md Q). Deterministic per seed::

    python -m training.corpus.supplement --seed 1 --out training/corpus/generated
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from training.corpus.compose import Piece, clause, glue, render, sentiment_of, themes_of
from training.corpus.generate import assign_splits, write_jsonl
from training.corpus.grammar import be, cap, fill, subject
from training.corpus.model import Industry, Theme, industries
from training.corpus.styles import opinion

NAME = "negation-v1"

#: What customers expected and did not get, per cross-industry theme (negative).
UNMET: dict[str, tuple[str, ...]] = {
    "support": (
        "{support} never got back to me", "nobody ever called me back",
        "never heard back from {support}", "no one ever answered my email",
        "I never got a reply", "still no reply from {support}", "my complaint was never answered",
        "the callback never happened", "{support} didn't bother to reply", "no one got back to me",
        "I'm still waiting to hear back", "haven't heard a word since {day}", "my ticket was never picked up",
        "they never followed up", "the promised email never came", "nobody returned my call",
        "I never got an answer to my question", "{support} didn't call back when they said they would",
        "still no answer after {n} emails", "nobody has replied to my message from {day}",
        "{support} never responded", "my emails go unanswered", "the manager never rang me"),
    "billing": (
        "the refund never came", "still no refund", "I never received the {amount} back",
        "the credit was never applied", "the refund of {amount} never showed up", "they never refunded me",
        "haven't seen a penny of my refund", "the discount was never applied to {bill}",
        "my money never came back", "the compensation never materialised", "still waiting for my {amount}",
        "the receipt never arrived", "they never cancelled the direct debit", "no refund after {n} weeks",
        "the overcharge was never corrected", "I never got the money back for {item}"),
    "wait_time": (
        "nobody came to help {wait_for}", "no one ever came", "{staff} never came back", "we were never called",
        "our turn never came", "nobody turned up {wait_for}", "{staff} never showed up",
        "we were never told how long it would be", "no one came to see us for {mins} minutes",
        "nobody was there {wait_for}", "it never got any quicker",
        "we never got seen in the end"),
    "digital": (
        "the confirmation email never arrived", "the password reset never came through", "{app} never loaded",
        "the booking never showed up in {app}", "I never got the verification code", "{app} never saved my details",
        "the update never fixed anything", "the receipt never appeared in {app}", "{app} never sent the reminder",
        "my order history never updated", "the link in the email never worked"),
    "staff": (
        "{staff} never said hello", "nobody offered to help", "{staff} never apologised", "no one even looked up",
        "{staff} didn't say a word to us", "nobody bothered to explain", "{staff} never came back to check on us",
        "not one of {staff} smiled", "nobody said sorry", "{staff} didn't even acknowledge us",
        "no one thanked us", "{staff} never introduced themselves"),
    "price_value": (
        "the promised discount never appeared", "the price match never happened",
        "never got the deal that was advertised", "the loyalty points never showed up",
        "they didn't honour the offer", "the voucher never arrived", "the free {thing} never materialised",
        "the sale price was never applied"),
}

#: Bad events that did not happen, per cross-industry theme (positive).
NO_TROUBLE: dict[str, tuple[str, ...]] = {
    "support": (
        "never had to chase {support}", "never had to call twice", "never been left on hold for long",
        "{support} have never ignored me", "never been left without an answer", "never had to repeat myself",
        "didn't have to explain it twice", "I've never had to complain", "never needed to escalate anything"),
    "billing": (
        "never been overcharged", "never had a billing mistake", "never had a problem getting a refund",
        "no surprise charges", "never been charged twice", "{bill} has never been wrong",
        "not one wrong charge in {n} years", "never had to dispute a payment"),
    "wait_time": (
        "never had to wait long", "never kept waiting {wait_for}", "we didn't have to wait", "didn't have to queue",
        "never waited more than {n} minutes", "no waiting around", "we weren't kept waiting",
        "didn't wait long {wait_for}", "no queue to speak of"),
    "digital": (
        "{app} has never crashed on me", "never had a login problem", "{app} has never let me down",
        "never had a payment fail in {app}", "never lost a booking", "{app} hasn't frozen once",
        "no glitches with {app}"),
    "staff": (
        "never had a rude word from {staff}", "no one was ever short with me",
        "{staff} never made us feel rushed", "never felt like a nuisance", "{staff} never lost patience",
        "nobody made us feel awkward", "no one talked down to us"),
    "price_value": (
        "never felt ripped off", "never paid more than I expected", "no nasty surprises on price",
        "never felt overcharged for {item}", "didn't cost a fortune", "no extras sneaked onto the bill"),
}

#: Negated adjective frames without v1's cue words; ``{s}`` subject, ``{be}`` negated copula, ``{a}`` adjective.
NEG_ADJ_FRAMES = ("{s} {be} {a} this time", "{s} {be} {a} for once", "{s} {be} that {a}", "honestly {s} {be} {a}")
#: Only for a negated positive adjective (negative): "wasn't too friendly" is a complaint, "wasn't too broken" is not
#: praise. The bare frame "{s} {be} {a}" is written for negated *positive* adjectives only: the bare negated negative
#: ("the room wasn't noisy") is left to the hand-written hard cases (benchmarks/data/hard-cases-v1.jsonl,
#: negated_negative), so that category still measures whether the model generalises to a form it was not shown.
NEG_POS_FRAMES = ("{s} {be} {a}", "{s} {be} too {a}", "{s} {be} really {a}", "{s} {be} very {a}")
#: Negative adjectives whose negation does not mean praise ("wasn't cheap" is about price, not quality).
AMBIGUOUS = frozenset({"cheap", "cheaply made", "flimsy and cheap"})
NO_PROBLEM_FRAMES = ("no problems with {s}", "nothing went wrong with {s}", "there was nothing wrong with {s}")

#: Short statements of what happened (neutral), beside the themes' own fact banks.
FACTS = ("Booked {item} on {day}.", "First time with this {place}.", "Went with my family.",
         "Came in on {day} at {time}.", "It was my {nth} time.",
         "Ordered {item} through {app}.", "Bought {item} last week.", "Visited on {day}.", "Paid {amount}.",
         "Second time this year.", "Booked it for my mum.", "Renewed on {day}.", "I went on my own.",
         "Used the {place} on {day} morning.", "Switched to you last month.", "Got {item}.", "Came back on {day}.")

STYLE_ROWS = {"unmet": 1000, "no_trouble": 650, "negated_adj": 900, "mixed_unmet": 450, "short_fact": 600}


def _theme(ind: Industry, key: str) -> Theme | None:
    return next((t for t in ind.themes if t.key == key), None)


def _fill_one(rng: random.Random, options: Sequence[str], ind: Industry) -> str:
    """One of ``options`` filled from the industry's vocabulary, skipping phrases with a slot it lacks."""
    for template in rng.sample(list(options), len(options)):
        try:
            return fill(template, rng, ind.vocab, "en")
        except KeyError:
            continue
    raise KeyError(f"no phrase of {options[:2]}… can be filled for industry {ind.id}")


def theme_phrase(rng: random.Random, ind: Industry, bank: dict[str, tuple[str, ...]]) -> tuple[Theme, str]:
    """One of the industry's themes that ``bank`` has phrases for (by theme key), and one of those phrases filled."""
    themes = [t for t in ind.themes if t.key in bank]
    th = rng.choice(themes)
    return th, _fill_one(rng, bank[th.key], ind)


def _end(rng: random.Random, pol: str) -> str:
    return rng.choice((".", ".", "", "!" if pol == "positive" else "...", "." if pol != "negative" else "!"))


VERDICTS = {"negative": ("Not good enough", "Really disappointing", "Fed up", "Shocking", "Sort it out",
                         "Unacceptable"),
            "positive": ("Very happy", "Great service", "Keep it up", "Love it", "Brilliant", "Would recommend")}


def _events(rng: random.Random, ind: Industry, bank: dict[str, tuple[str, ...]], pol: str) -> list[Piece]:
    """One event phrase of ``bank`` labelled ``pol``, sometimes with a second one or a short verdict."""
    th, text = theme_phrase(rng, ind, bank)
    out = [clause(cap(text) if rng.random() < 0.7 else text, th.id, pol)]
    r = rng.random()
    if r < 0.25:
        th2, text2 = theme_phrase(rng, ind, bank)
        if text2 == text:
            th2, text2 = theme_phrase(rng, ind, bank)
        out += [glue(rng.choice((". ", ", ", " and "))), clause(text2, th2.id, pol)]
    elif r < 0.4:
        out += [glue(". "), clause(rng.choice(VERDICTS[pol]), None, pol)]
    out.append(glue(_end(rng, pol)))
    return out


def unmet(rng: random.Random, ind: Industry) -> list[Piece]:
    """An expected event that did not happen (negative)."""
    return _events(rng, ind, UNMET, "negative")


def no_trouble(rng: random.Random, ind: Industry) -> list[Piece]:
    """A bad event that did not happen (positive)."""
    return _events(rng, ind, NO_TROUBLE, "positive")


def negated_adj(rng: random.Random, ind: Industry) -> list[Piece]:
    """'{subject} wasn't {negative adjective}' (positive) or '… wasn't {positive adjective}' (negative)."""
    th = rng.choice(ind.themes)
    pol = rng.choice(("positive", "positive", "negative"))
    s, pl = subject(rng, rng.choice(th.bank.get("S")), ind.vocab)
    if pol == "positive" and rng.random() < 0.3:
        text = rng.choice(NO_PROBLEM_FRAMES).format(s=s)
    else:
        adjs = [a for a in th.bank.get("N" if pol == "positive" else "P") if a not in AMBIGUOUS or pol == "negative"]
        a = rng.choice(adjs or th.bank.get("P"))
        if pol == "positive" and not adjs:
            pol = "negative"  # every negative adjective of the theme is ambiguous: write the negated positive
        frames: tuple[str, ...] = (NEG_ADJ_FRAMES + NEG_POS_FRAMES) if pol == "negative" else NEG_ADJ_FRAMES
        frames = frames if " " not in a else (NEG_POS_FRAMES[:1] if pol == "negative" else NEG_ADJ_FRAMES[:2])
        text = rng.choice(frames).format(s=s, be=be(pl, rng.random() < 0.3, True), a=a)
    out = [clause(cap(text), th.id, pol)]
    if rng.random() < 0.3:
        t2 = rng.choice([t for t in ind.themes if t.id != th.id])
        out += [glue(rng.choice((". ", ", and ", ", "))), clause(opinion(rng, ind, t2, pol), t2.id, pol)]
    out.append(glue(_end(rng, pol)))
    return out


def mixed_unmet(rng: random.Random, ind: Industry) -> list[Piece]:
    """Praise for one theme, then an unmet expectation on another: mixed, negative last."""
    th, text = theme_phrase(rng, ind, UNMET)
    t1 = rng.choice([t for t in ind.themes if t.id != th.id])
    first = clause(cap(opinion(rng, ind, t1, "positive")), t1.id, "positive")
    join = rng.choice((". ", ", but ", " but ", ". But ", ". Shame ", "; ", ". However, "))
    second = clause(cap(text) if join == ". " else text, th.id, "negative")
    return [first, glue(join), second, glue(_end(rng, "negative"))]


def short_fact(rng: random.Random, ind: Industry) -> list[Piece]:
    """One short statement of what happened: neutral, with the theme when it comes from a theme's fact bank."""
    if rng.random() < 0.5:
        f = _fill_one(rng, FACTS, ind)
        return [clause(f.rstrip("."), None, "neutral"), glue(rng.choice((".", ".", "")))]
    th = rng.choice(ind.themes)
    f = fill(rng.choice(th.bank.get("=")), rng, ind.vocab, "en")
    return [clause(cap(f), th.id, "neutral"), glue(rng.choice((".", ".", "")))]


BUILDERS: dict[str, Callable[[random.Random, Industry], list[Piece]]] = {
    "unmet": unmet, "no_trouble": no_trouble, "negated_adj": negated_adj, "mixed_unmet": mixed_unmet,
    "short_fact": short_fact}


def generate_rows(seed: int, builders: dict[str, Callable[[random.Random, Industry], list[Piece]]],
                  rows: dict[str, int], prefix: str) -> list[dict[str, Any]]:
    """A supplement's rows: ``rows[style]`` comments of each style from ``builders[style]``, in a seeded shuffled
    order across the industries, ids ``{prefix}000001``…, corpus v1's schema and split rule. Same arguments, same
    rows; a text already written is drawn again (80 tries, then that row is left out and the stats show it)."""
    rng = random.Random(seed)
    inds = list(industries())
    plan = [s for s, k in rows.items() for _ in range(k)]
    rng.shuffle(plan)
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for i, style in enumerate(plan):
        ind = inds[i % len(inds)]
        for _ in range(80):
            text, clauses = render(builders[style](rng, ind))
            if text and text not in seen and all(c["text"] and c["text"] in text for c in clauses):
                break
        else:
            continue  # the bank is exhausted for this industry and style: fewer rows, counted in the stats
        seen.add(text)
        sentiment, mixed = sentiment_of(clauses)
        out.append({"id": f"{prefix}{len(out) + 1:06d}", "text": text, "lang": "en", "industry": ind.id,
                    "style": style, "sentiment": sentiment, "mixed": mixed, "themes": themes_of(clauses),
                    "clauses": clauses, "split": "train"})
    assign_splits(rng, out)
    return out


def write_supplement(out_dir: Path, name: str, seed: int, data: list[dict[str, Any]],
                     requested: dict[str, int]) -> dict[str, Any]:
    """Write ``corpus-{name}.jsonl`` and ``stats-{name}.json`` under ``out_dir``; return the stats."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_jsonl(out_dir / f"corpus-{name}.jsonl", data)
    st = {"name": name, "seed": seed, "rows": len(data), "requested": requested,
          "distinct_text_ratio": round(len({r["text"] for r in data}) / len(data), 4),
          "by_style": dict(sorted(Counter(r["style"] for r in data).items())),
          "sentiment_by_style": {s: dict(sorted(Counter(r["sentiment"] for r in data if r["style"] == s).items()))
                                 for s in sorted(requested)},
          "by_split": dict(sorted(Counter(r["split"] for r in data).items())),
          "themes_used": len({t for r in data for t in r["themes"]})}
    (out_dir / f"stats-{name}.json").write_text(json.dumps(st, indent=2) + "\n", encoding="utf-8")
    return st


@dataclass(frozen=True)
class Supplement:
    """A corpus supplement: its name, id prefix, style builders and rows per style; ``generate``, ``write`` and the
    command line (``main``) every supplement module exposes."""

    name: str
    prefix: str
    builders: dict[str, Callable[[random.Random, Industry], list[Piece]]]
    rows: dict[str, int]
    prog: str
    summary: str

    def generate(self, seed: int = 1, rows: dict[str, int] | None = None) -> list[dict[str, Any]]:
        """The supplement's rows for ``seed`` (``rows``: comments per style); same arguments, same rows."""
        return generate_rows(seed, self.builders, rows or self.rows, self.prefix)

    def write(self, out_dir: Path, seed: int = 1) -> dict[str, Any]:
        """Write ``corpus-{name}.jsonl`` and ``stats-{name}.json``; return the stats."""
        return write_supplement(out_dir, self.name, seed, self.generate(seed), self.rows)

    def main(self, argv: Sequence[str] | None = None) -> int:
        ap = argparse.ArgumentParser(prog=self.prog, description=f"Generate the corpus supplement {self.name}: "
                                                                 f"{self.summary}.")
        ap.add_argument("--seed", type=int, default=1, help="random seed (default 1, the committed file)")
        ap.add_argument("--out", default="training/corpus/generated", help="output folder")
        a = ap.parse_args(argv)
        st = self.write(Path(a.out), a.seed)
        sys.stderr.write(f"{self.name}: {st['rows']} comments, {st['themes_used']} themes, by style "
                         f"{st['by_style']}\n")
        return 0


SUPPLEMENT = Supplement(NAME, "n", BUILDERS, STYLE_ROWS, "python -m training.corpus.supplement",
                        "unmet expectations, bad events that did not happen, negated adjectives, short facts")
generate = SUPPLEMENT.generate
write = SUPPLEMENT.write
main = SUPPLEMENT.main


if __name__ == "__main__":
    raise SystemExit(main())
