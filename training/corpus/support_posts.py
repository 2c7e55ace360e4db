"""Corpus supplement ``support-v1``: posts to a company's support account (English).

Corpus v1 writes questions and requests as neutral ("can you DM me?", "please add a family plan"), which they are
when nothing has gone wrong. Posts to a support account are often something else: a problem the customer reports,
with a request for help after it ("I've been charged twice for my order, can you help?"). Public labels count these
as complaints, and a reader counts them as negative: the request is how the complaint is made. And a thank-you
after a problem has been fixed ("thanks, the refund has come through") is praise, not a polite closing. This
supplement writes both from the cross-industry themes:

* ``problem_help`` (negative): a first-person report of what went wrong (the theme's clause, negative), and a
  request for help before or after it (a clause without a theme, neutral); sometimes a closing "Thanks";
* ``thanks_resolved`` (positive): thanks for a fix, a refund, a reply or a delivery (the theme's clause, positive).

Either may start with an invented brand handle, as posts to a support account do. Rows have corpus v1's schema
and split rule (``training/corpus/generate.py``), so a config adds them as another ``[[corpus]]`` source; the
default build does (``training/configs/default.toml``, at half weight). Deterministic per seed::

    python -m training.corpus.support_posts --seed 1 --out training/corpus/generated
"""

from __future__ import annotations

import random
from collections.abc import Callable

from training.corpus.compose import Piece, clause, glue
from training.corpus.grammar import cap
from training.corpus.model import Industry
from training.corpus.noise import handle
from training.corpus.supplement import Supplement, theme_phrase

NAME = "support-v1"

#: What went wrong, told in the first person, per cross-industry theme (negative).
PROBLEMS: dict[str, tuple[str, ...]] = {
    "digital": ("I can't log in to {app}", "{app} keeps crashing", "{app} won't let me pay",
                "I'm locked out of my account", "the password reset link doesn't work",
                "{app} shows an error every time I try to check out", "my account has been suspended for no reason",
                "I can't update my card details in {app}", "{app} won't load since the update",
                "my order disappeared from {app}", "I can't find my booking in {app}",
                "{app} logged me out and my points are gone"),
    "billing": ("I've been charged twice for {item}", "I was charged {amount} for something I cancelled",
                "my refund still hasn't come through", "there's a charge on my statement I don't recognise",
                "my direct debit went out twice this month", "the promo code didn't work and I paid full price",
                "I was billed {amount} after I closed my account",
                "I returned {item} {n} weeks ago and I'm still waiting for the money"),
    "support": ("I've been on hold for {mins} minutes", "I've emailed {n} times and had no reply",
                "my ticket was closed without anything being fixed",
                "I was promised a callback on {day} and nobody rang",
                "your live chat keeps cutting me off", "I've explained this to {n} different people now",
                "I sent you a message on {day} and heard nothing"),
    "wait_time": ("my order from {day} still hasn't arrived", "I've been waiting {n} weeks for {item}",
                  "the delivery was due on {day} and there's no sign of it", "I've been waiting since {day} for {item}",
                  "we've been waiting {mins} minutes and nobody has come"),
    "staff": ("{staff} refused to help me", "{staff} told me to ring {support} instead",
              "I was given the wrong information by {staff}", "{staff} hung up on me"),
    "price_value": ("the price went up without any warning", "I was charged more than the price on the website",
                    "the discount I was promised isn't on {bill}"),
}

#: Requests for help that presuppose a problem (no theme, neutral: the report before or after them carries the
#: opinion). Requests a customer also sends with nothing wrong ("can you DM me?", "any update?", "please advise") are
#: left out, so corpus v1's neutral requests are not contradicted.
ASKS = ("can you help?", "please help", "can someone help me?", "what do I do now?", "how do I fix this?",
        "what's going on?", "is there a problem at your end?", "any idea why?", "can this be sorted?", "help!",
        "what are you doing about it?", "when will this be fixed?", "can someone sort this out?",
        "why does this keep happening?")

#: Thanks for a fix, per cross-industry theme (positive).
THANKS: dict[str, tuple[str, ...]] = {
    "support": ("thanks for getting back to me so fast", "thank you, that fixed it", "all sorted now, thank you",
                "that worked, thanks for the help", "thanks {support}, really appreciate the quick reply",
                "thanks for fixing it so quickly", "thank you for your patience with me", "cheers, problem solved",
                "thanks for the help today, all working again", "thank you for going the extra mile"),
    "billing": ("thanks for refunding me so quickly", "thanks, the refund has come through",
                "thank you for sorting the charge out", "thanks for correcting {bill}"),
    "digital": ("thanks, I can log in again now", "thanks, {app} is working again", "thank you, the reset link worked"),
    "wait_time": ("thanks, {item} arrived this morning", "thank you, it turned up today"),
}

GREET = ("", "", "", "Hi, ", "Hello, ", "Hi there, ", "Hey, ", "Morning, ")
STYLE_ROWS = {"problem_help": 1500, "thanks_resolved": 600}


def problem_help(rng: random.Random, ind: Industry) -> list[Piece]:
    """A reported problem (negative) with a request for help after it, or before it."""
    th, p = theme_phrase(rng, ind, PROBLEMS)
    ask = rng.choice(ASKS)
    g = rng.choice(GREET)
    report = clause(p if g else cap(p), th.id, "negative")
    if rng.random() < 0.75:
        j = rng.choice((". ", ", ", " - ", "... ", "! "))
        out = [glue(g), report, glue(j), clause(cap(ask) if j != ", " else ask, None, "neutral")]
    else:
        out = [glue(g), clause(cap(ask) if not g else ask, None, "neutral"), glue(" "),
               clause(cap(p), th.id, "negative"), glue(".")]
    if rng.random() < 0.2:
        out.append(glue(rng.choice((" Thanks", " Thanks in advance", " Thank you", " Cheers"))))
    if rng.random() < 0.4:
        out.insert(0, glue(handle(rng, ind.id, ind.name) + " "))
    return out


def thanks_resolved(rng: random.Random, ind: Industry) -> list[Piece]:
    """Thanks for a fix, a refund, a reply or a delivery (positive)."""
    th, t = theme_phrase(rng, ind, THANKS)
    out = [clause(cap(t), th.id, "positive"), glue(rng.choice(("!", ".", "", " 👍", " :)")))]
    if rng.random() < 0.4:
        out.insert(0, glue(handle(rng, ind.id, ind.name) + " "))
    return out


BUILDERS: dict[str, Callable[[random.Random, Industry], list[Piece]]] = {
    "problem_help": problem_help, "thanks_resolved": thanks_resolved}


SUPPLEMENT = Supplement(NAME, "s", BUILDERS, STYLE_ROWS, "python -m training.corpus.support_posts",
                        "problems reported to a support account with a request for help, and thanks for a fix")
generate = SUPPLEMENT.generate
write = SUPPLEMENT.write
main = SUPPLEMENT.main


if __name__ == "__main__":
    raise SystemExit(main())
