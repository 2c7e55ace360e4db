"""English comment builders, one per style. Each returns the comment as pieces (see :mod:`.compose`)."""

from __future__ import annotations

import random
from collections.abc import Callable

from training.corpus import common
from training.corpus.compose import Piece, clause, glue
from training.corpus.grammar import (
    GENERIC_NEG_ADJ,
    GENERIC_POS_ADJ,
    NEUTRAL_ADJ,
    adj_clause,
    bare,
    be,
    cap,
    end_punct,
    fill,
    single,
    subject,
    with_context,
)
from training.corpus.model import Industry, Theme

OPENERS = ("Honestly, ", "To be fair, ", "Well, ", "So ", "Just wanted to say ", "Visited last {day}. ",
           "Second time here. ", "We were a group of {n}. ", "Used you for the first time last week. ",
           "Been a customer for {n} years. ", "Where do I start. ", "Quick feedback: ", "Okay so ",
           "Long time customer here. ", "First visit. ", "Came in on {day}. ", "Me and my partner tried you out. ")
SARC_WRAP = ("Oh wonderful, {x}.", "Great, {x}. Love it.", "{X}. Thanks so much.", "Wow, {x}. Impressive.",
             "{X}. Fantastic. Just fantastic.", "{X}. Great job, guys.", "Brilliant as always: {x}.",
             "{X}. Living the dream.", "Cheers for that: {x}.", "Yay, {x}. Best day ever 🙃", "{X}. 10/10 🙃",
             "Oh good, {x}. Exactly what I needed today.", "Well done, {x}. Truly world class.",
             "So glad I picked you: {x}.", "Top marks: {x}. Really.", "Amazing service as usual... {x}.",
             "Just perfect. {X}.", "Oh lovely, {x}. Again.", "Wonderful stuff: {x}. Keep it up 👏",
             "Really impressed: {x}.", "{X}. Amazing work, honestly.", "Love that for me: {x}.",
             "{X}. Great to see nothing has changed.", "Best service ever, {x}.", "Outstanding. {X}.",
             "Always a joy: {x}.", "What a treat, {x}.", "{X}. Slow clap 👏", "Glad to see standards are high: {x}.")
SARC_GENERIC = ("Oh great, just great. Thanks for nothing", "What a fantastic way to ruin my day, well done",
                "Five stars for making everything as hard as possible", "Wow. Truly the best {place} ever. Not",
                "Great job guys, really outdid yourselves this time 🙄",
                "Thanks so much for wasting my entire afternoon",
                "Love being treated like an idiot, really", "Stellar customer experience, as in nonexistent")
QUESTION_GENERIC = ("is this the right place to leave feedback?", "who do I speak to about this?",
                    "are you open on bank holidays?", "do you have a branch near the station?",
                    "is there an email address I can use?", "can someone get in touch?", "what are your opening hours?")
Q_OPEN = ("Hi, ", "Hello, ", "Quick question: ", "Hi there, ", "Hey, ", "Morning, ", "", "", "")
R_OPEN = ("Hi, ", "Suggestion: ", "Hello, ", "One request: ", "Feedback: ", "", "", "")


def _pol_field(pol: str) -> str:
    return "+" if pol == "positive" else "-"


def opinion(rng: random.Random, ind: Industry, th: Theme, pol: str) -> str:
    """One opinion clause about a theme (free phrase, theme adjective or generic adjective), lower case."""
    bank = th.bank
    if pol == "neutral":
        if rng.random() < 0.5:
            subj, pl = subject(rng, rng.choice(bank.get("S")), ind.vocab)
            return adj_clause(rng, subj, pl, rng.choice(NEUTRAL_ADJ), "neutral")
        return fill(rng.choice(bank.get("=")), rng, ind.vocab, "en")
    r = rng.random()
    if r < 0.5:
        text = fill(rng.choice(bank.get(_pol_field(pol))), rng, ind.vocab, "en")
    else:
        subj, pl = subject(rng, rng.choice(bank.get("S")), ind.vocab)
        generic = r >= 0.8
        pool = (GENERIC_POS_ADJ if pol == "positive" else GENERIC_NEG_ADJ) if generic else bank.get(
            "P" if pol == "positive" else "N")
        text = adj_clause(rng, subj, pl, rng.choice(pool), pol, generic)
    return with_context(rng, text, ind.vocab)


def negated(rng: random.Random, ind: Industry, th: Theme, pol: str) -> str:
    """A clause whose polarity depends on negation, double negation or litotes."""
    bank = th.bank
    if rng.random() < 0.35:
        return fill(rng.choice(bank.get("n+" if pol == "positive" else "n-")), rng, ind.vocab, "en")
    s, pl = subject(rng, rng.choice(bank.get("S")), ind.vocab)
    present = rng.random() < 0.3
    if pol == "positive":
        a = rng.choice(bank.get("N"))
        forms = [f"{s} {be(pl, present, True)} {a} at all", f"I wouldn't say {s} {be(pl, present)} {a}",
                 f"{s} {be(pl, present)} far from {a}", f"can't fault {s}", f"no complaints about {s}",
                 f"nothing wrong with {s}", f"{s} {be(pl, present)} not bad at all", f"not unhappy with {s}",
                 f"never had a problem with {s}", f"{s} {be(pl, present)} never {a}",
                 f"I can't say {s} {be(pl, False)} {a}", f"couldn't find anything wrong with {s}"]
    else:
        a = rng.choice(bank.get("P"))
        forms = [f"{s} {be(pl, present, True)} exactly {a}", f"{s} {be(pl, present)} not {a} at all",
                 f"{s} {be(pl, present)} far from {a}", f"{s} {be(pl, present)} anything but {a}",
                 f"nothing {a} about {s}", f"{s} {be(pl, present)} never {a}", f"I can't say {s} impressed me",
                 f"not impressed with {s}", f"{s} {be(pl, present, True)} what I'd call {a}",
                 f"I wouldn't call {s} {a}", f"{s} {be(pl, present, True)} {a}, not even close"]
        if single(a) and s.startswith("the "):
            forms.append(f"not the most {a} {bare(s)}")
    return rng.choice(forms)


def _maybe_open(rng: random.Random, ind: Industry, p: float = 0.25) -> list[Piece]:
    return [glue(fill(rng.choice(OPENERS), rng, ind.vocab, "en"))] if rng.random() < p else []


def _sentences(rng: random.Random, parts: list[Piece], pol: str, opened: bool) -> list[Piece]:
    """Join clauses of one polarity: sentences, commas or 'and'; capitalise where a sentence starts."""
    out: list[Piece] = []
    for i, p in enumerate(parts):
        if i == 0:
            if not opened or (out and out[-1].text.endswith(". ")):
                p.text = cap(p.text)
        else:
            j = rng.choice((". ", ", ", ", and ", ". ", " and ", "! " if pol == "positive" else ". "))
            out.append(glue(j))
            if j.endswith(("! ", ". ")):
                p.text = cap(p.text)
        out.append(p)
    out.append(glue(end_punct(rng, pol)))
    return out


def _lead(rng: random.Random, ind: Industry, first: Piece) -> list[Piece]:
    op = _maybe_open(rng, ind)
    if not op or op[0].text.endswith((". ", ": ")):
        first.text = cap(first.text)
    return op


def plain(rng: random.Random, ind: Industry) -> list[Piece]:
    """1-3 clauses of one polarity (positive, negative or neutral), maybe a generic closer."""
    pol = rng.choices(("positive", "negative", "neutral"), (0.42, 0.42, 0.16))[0]
    k = rng.choice((1, 1, 2, 2, 3)) if pol != "neutral" else rng.choice((1, 2))
    themes = rng.sample(ind.themes, k)
    parts = [clause(opinion(rng, ind, t, pol), t.id, pol) for t in themes]
    op = _maybe_open(rng, ind)
    out = [*op, *_sentences(rng, parts, pol, bool(op) and not op[0].text.endswith(". "))]
    if pol != "neutral" and rng.random() < 0.25:
        pool = common.VERDICT_POS if pol == "positive" else common.VERDICT_NEG
        out += [glue(" "), clause(fill(rng.choice(pool), rng, ind.vocab, "en"), None, pol), glue(end_punct(rng, pol))]
    elif pol != "neutral" and rng.random() < 0.2:  # an opinion followed by a question or request, as in replies
        th = rng.choice(ind.themes)
        ask = fill(rng.choice(th.bank.get(rng.choice(("?", "!")))), rng, ind.vocab, "en")
        if out[-1].text in ("", "..."):
            out.append(glue("."))
        out += [glue(" "), clause(cap(ask), th.id, "neutral"), glue("" if ask.endswith("?") else ".")]
    return out


def mixed(rng: random.Random, ind: Industry) -> list[Piece]:
    """Two or three clauses of opposite polarity; the last opinion (after the contrast) carries the comment."""
    first = rng.choice(("positive", "negative"))
    second = "negative" if first == "positive" else "positive"
    t1, t2 = rng.sample(ind.themes, 2)
    if rng.random() < 0.25:  # compact: "great food, slow service"
        a = clause(fill(rng.choice(t1.bank.get("s" + _pol_field(first))), rng, ind.vocab, "en"), t1.id, first)
        b = clause(fill(rng.choice(t2.bank.get("s" + _pol_field(second))), rng, ind.vocab, "en"), t2.id, second)
        a.text = cap(a.text) if rng.random() < 0.6 else a.text
        joins = (", ", ", but ", " but ", "; ", " - ", " — ", " / ")
        return [a, glue(rng.choice(joins)), b, glue(end_punct(rng, second))]
    a = clause(opinion(rng, ind, t1, first), t1.id, first)
    b = clause(opinion(rng, ind, t2, second), t2.id, second)
    form = rng.choice(("but", "but", "although", "however", "yet", "semi", "dash", "though", "but_no_comma", "while"))
    op = _lead(rng, ind, a)
    if form == "although":
        word = rng.choice(("Although ", "Even though ", "Though ", "While "))
        a.text = a.text[:1].lower() + a.text[1:]
        out = [*op, glue(word if not op or op[0].text.endswith(". ") else word.lower()), a, glue(", "), b]
    elif form == "while":
        out = [*op, a, glue(". " + rng.choice(("That said, ", "Having said that, ", "On the other hand, "))), b]
    elif form == "though":
        b.text = cap(b.text)
        out = [*op, a, glue(". "), b, glue(" though")]
    else:
        j = {"but": ", but ", "however": ". However, ", "yet": ", yet ", "semi": "; ", "dash": " — ",
             "but_no_comma": " but "}[form]
        out = [*op, a, glue(j), b]
    out.append(glue(end_punct(rng, second)))
    if rng.random() < 0.25:  # a closing verdict decides the overall tone
        vp = rng.choice(("positive", "negative"))
        pool = common.VERDICT_POS if vp == "positive" else common.VERDICT_NEG
        if out[-1].text in ("", "..."):
            out.append(glue("."))
        out += [glue(" "), clause(fill(rng.choice(pool), rng, ind.vocab, "en"), None, vp), glue(end_punct(rng, vp))]
    elif rng.random() < 0.2:  # a third clause agreeing with the second
        t3 = rng.choice([t for t in ind.themes if t.id not in (t1.id, t2.id)])
        c = clause(cap(opinion(rng, ind, t3, second)), t3.id, second)
        if out[-1].text in ("", "..."):
            out.append(glue("."))
        out += [glue(" "), c, glue(end_punct(rng, second))]
    return out


def negation(rng: random.Random, ind: Industry) -> list[Piece]:
    """Negation, double negation and litotes; 'never late, never cold, never wrong' lists."""
    pol = rng.choice(("positive", "positive", "negative"))
    if pol == "positive" and rng.random() < 0.2:
        cands = [t for t in ind.themes if any(single(a) for a in t.bank.get("N"))]
        picks = rng.sample(cands, min(len(cands), rng.choice((2, 3, 3))))
        out: list[Piece] = []
        for i, t in enumerate(picks):
            a = rng.choice([a for a in t.bank.get("N") if single(a)])
            if i:
                out.append(glue(", "))
            out.append(clause(f"{'Never' if i == 0 else 'never'} {a}", t.id, "positive"))
        out.append(glue(". "))
        if rng.random() < 0.6:
            out += [clause(rng.choice(("Five stars", "Ten out of ten", "Brilliant", "Keep it up", "Top service")),
                           None, "positive"), glue(rng.choice((".", "!", "")))]
        return out
    k = rng.choice((1, 1, 2))
    themes = rng.sample(ind.themes, k)
    parts = [clause(negated(rng, ind, themes[0], pol), themes[0].id, pol)]
    if k == 2:
        parts.append(clause(opinion(rng, ind, themes[1], pol) if rng.random() < 0.5
                            else negated(rng, ind, themes[1], pol), themes[1].id, pol))
    op = _maybe_open(rng, ind)
    return [*op, *_sentences(rng, parts, pol, bool(op) and not op[0].text.endswith(". "))]


def sarcasm(rng: random.Random, ind: Industry) -> list[Piece]:
    """Positive words, negative meaning; labelled negative."""
    if rng.random() < 0.1:
        return [clause(fill(rng.choice(SARC_GENERIC), rng, ind.vocab, "en"), None, "negative"),
                glue(rng.choice((".", "!", " 🙄", "")))]
    th = rng.choice([t for t in ind.themes if t.bank.get("x")] if rng.random() < 0.4 else list(ind.themes))
    if th.bank.get("x") and rng.random() < 0.6:
        text = cap(fill(rng.choice(th.bank.get("x")), rng, ind.vocab, "en"))
        out = [clause(text, th.id, "negative"), glue(rng.choice((".", "", " 🙄", "!", ". Cheers")))]
    else:
        x = fill(rng.choice(th.bank.get("-")), rng, ind.vocab, "en")
        text = rng.choice(SARC_WRAP).replace("{X}", cap(x)).replace("{x}", x)
        out = [clause(text, th.id, "negative")]
    if rng.random() < 0.15:
        t2 = rng.choice([t for t in ind.themes if t.id != th.id])
        out += [glue(" "), clause(cap(opinion(rng, ind, t2, "negative")), t2.id, "negative"), glue(".")]
    return out


def question(rng: random.Random, ind: Industry) -> list[Piece]:
    """A plain question: no opinion, neutral theme (or no theme)."""
    out: list[Piece] = [glue(rng.choice(Q_OPEN))]
    if rng.random() < 0.2:
        th = rng.choice(ind.themes)
        out = [clause(cap(fill(rng.choice(th.bank.get("=")), rng, ind.vocab, "en")), th.id, "neutral"), glue(". ")]
    if rng.random() < 0.12:
        q, tid = fill(rng.choice(QUESTION_GENERIC), rng, ind.vocab, "en"), None
    else:
        th = rng.choice(ind.themes)
        q, tid = fill(rng.choice(th.bank.get("?")), rng, ind.vocab, "en"), th.id
    if not out[-1].text or out[-1].text.endswith(". "):
        q = cap(q)
    if rng.random() < 0.2:
        q = q.rstrip("?") + rng.choice(("??", " ?", ""))
    out.append(clause(q, tid, "neutral"))
    if rng.random() < 0.2:
        out.append(glue(rng.choice((" Thanks", " Thank you!", " Cheers", " Thx"))))
    return out


def request(rng: random.Random, ind: Industry) -> list[Piece]:
    """A request or suggestion without an opinion: neutral."""
    th = rng.choice(ind.themes)
    r = fill(rng.choice(th.bank.get("!")), rng, ind.vocab, "en")
    op = rng.choice(R_OPEN)
    out = [glue(op), clause(cap(r) if not op or op.endswith(": ") else r, th.id, "neutral")]
    if r.endswith("?"):
        ends: tuple[str, ...] = ("", " Thanks", " Thank you!", " Cheers")
    else:
        ends = (".", "", ". Thanks", "!", ". Thank you", ". Cheers") + (() if "please" in r.lower() else (" please",))
    out.append(glue(rng.choice(ends)))
    return out


def fact(rng: random.Random, ind: Industry) -> list[Piece]:
    """One or two plain facts: neutral."""
    themes = rng.sample(ind.themes, rng.choice((1, 2, 2, 3)))
    out: list[Piece] = []
    for i, th in enumerate(themes):
        f = fill(rng.choice(th.bank.get("=")), rng, ind.vocab, "en")
        if i:
            out.append(glue(rng.choice((", ", ". ", " and "))))
        out.append(clause(cap(f) if i == 0 or out[-1].text == ". " else f, th.id, "neutral"))
    out.append(glue(rng.choice((".", "", "."))))
    return out


def short(rng: random.Random, ind: Industry) -> list[Piece]:
    """One to three words, with or without a theme."""
    r = rng.random()
    if r < 0.7:
        th = rng.choice(ind.themes)
        pol = rng.choice(("positive", "negative"))
        text, tid = fill(rng.choice(th.bank.get("s" + _pol_field(pol))), rng, ind.vocab, "en"), th.id
        if len(text.split()) == 1 and rng.random() < 0.3:
            text = rng.choice(("so ", "very ", "really ", "")) + text if pol == "negative" else "super " + text
        elif rng.random() < 0.2:
            longer = text + (" again" if pol == "negative" else rng.choice((" today", " as always", " thanks")))
            text = longer if len(longer.split()) <= 3 else text
    else:
        pol = rng.choice(("positive", "negative", "neutral"))
        pool = {"positive": common.GENERIC_POS, "negative": common.GENERIC_NEG, "neutral": common.GENERIC_NEU}[pol]
        text, tid = fill(rng.choice([p for p in pool if len(p.split()) <= 3]), rng, ind.vocab, "en"), None
    if len(text.split()) > 3:
        text = " ".join(text.split()[:2]) if tid is None else text
    case = rng.random()
    text = cap(text) if case < 0.45 else text.upper() if case < 0.55 else text
    return [clause(text, tid, pol), glue(rng.choice(("", "", "!", ".", "!!", "...")))]


def no_theme(rng: random.Random, ind: Industry) -> list[Piece]:
    """Generic praise or complaint, or a non-answer; no theme."""
    pol = rng.choices(("positive", "negative", "neutral"), (0.4, 0.4, 0.2))[0]
    pool = {"positive": common.GENERIC_POS, "negative": common.GENERIC_NEG, "neutral": common.GENERIC_NEU}[pol]
    picks = rng.sample(pool, rng.choice((1, 2, 2, 3)) if pol != "neutral" else 1)
    parts = [clause(fill(p, rng, ind.vocab, "en"), None, pol) for p in picks]
    op = _maybe_open(rng, ind, 0.15)
    return [*op, *_sentences(rng, parts, pol, bool(op) and not op[0].text.endswith(". "))]


BUILDERS: dict[str, Callable[[random.Random, Industry], list[Piece]]] = {
    "plain": plain, "mixed": mixed, "negation": negation, "sarcasm": sarcasm, "question": question,
    "request": request, "fact": fact, "short": short, "no_theme": no_theme,
}
