"""Slot filling and the paraphrase grammar: adjective clauses, intensifiers, hedges, connectors, casing."""

from __future__ import annotations

import random

DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
GENERIC_POS_ADJ = ("great", "excellent", "brilliant", "fantastic", "superb", "amazing", "lovely", "perfect",
                   "outstanding", "top notch", "spot on", "impressive", "first class", "really good", "faultless")
GENERIC_NEG_ADJ = ("awful", "terrible", "poor", "dreadful", "appalling", "rubbish", "shocking", "disappointing",
                   "a joke", "a disgrace", "not good enough", "woeful", "pathetic", "abysmal", "a shambles")
NEUTRAL_ADJ = ("okay", "average", "standard", "nothing out of the ordinary", "about what you'd expect",
               "neither good nor bad", "so-so", "much the same as before", "fine, nothing more")
INTENS_POS = ("really ", "so ", "very ", "super ", "incredibly ", "genuinely ", "absolutely ", "", "", "")
INTENS_GENERIC = ("absolutely ", "just ", "", "", "")
INTENS_NEG = ("really ", "so ", "incredibly ", "absolutely ", "pretty ", "seriously ", "properly ", "", "", "")
HEDGES = ("to be fair", "if I'm honest", "as always", "for once", "this time", "I have to say", "as usual",
          "honestly", "in fairness", "again")
CONTEXT = ("on {day}", "last {day}", "this morning", "on my last visit", "last week", "yesterday",
           "at the weekend", "on {day} evening", "this time round", "around {time}")


class Filler(dict):
    """A mapping that draws slot values on first use (industry vocabulary, numbers, days, times)."""

    def __init__(self, rng: random.Random, vocab: dict[str, tuple[str, ...]], lang: str,
                 days: tuple[str, ...] = DAYS_EN) -> None:
        super().__init__()
        self.rng, self.vocab, self.lang, self.days = rng, vocab, lang, days

    def __missing__(self, key: str) -> str:
        r = self.rng
        if key in self.vocab:
            val = r.choice(self.vocab[key])
            val = val.format_map(self) if "{" in val else val
        elif key == "mins":
            val = str(r.choice((15, 20, 25, 30, 35, 40, 45, 50, 55, 65, 75, 90, 95, 110)))
        elif key == "n":
            val = str(r.choice((2, 3, 3, 4, 4, 5, 6, 7, 8, 9, 10, 12)))
        elif key == "hours":
            val = str(r.choice((2, 2, 3, 3, 4, 5, 6)))
        elif key == "amount":
            num = r.choice((4, 7, 9, 12, 15, 18, 22, 25, 30, 35, 40, 49, 60, 75, 89, 120, 150, 240, 300))
            cents = r.choice(("", "", ".50", ".99", ".95"))
            cur = r.choice(("£", "$", "€", "£")) if self.lang == "en" else "€"
            val = f"{cur}{num}{cents}" if cur != "€" or self.lang == "en" else f"{num}{cents.replace('.', ',')} €"
        elif key in ("day", "day2"):
            val = r.choice(self.days)
        elif key in ("time", "time2"):
            if self.lang == "en":
                val = r.choice(("7pm", "8.30", "6:15pm", "noon", "10am", "9:45", "half seven", "1pm", "11pm", "7:20am"))
            else:
                val = r.choice(("19:30", "8:15", "12:00", "20:45", "10:00", "13:30", "18:10"))
        elif key == "ref":
            val = r.choice(("#", "", "ref ", "CAS-")) + str(r.randrange(10000, 999999))
        elif key == "nth":
            val = r.choice(("3rd", "4th", "5th", "6th", "2nd"))
        elif key == "hi":
            val = r.choice(("8", "9", "10"))
        elif key == "lo":
            val = r.choice(("0", "1", "2", "3"))
        else:
            raise KeyError(f"unknown slot {{{key}}}: add it to the industry vocabulary or to grammar.Filler")
        self[key] = val
        return val


def fill(template: str, rng: random.Random, vocab: dict[str, tuple[str, ...]], lang: str,
         days: tuple[str, ...] = DAYS_EN) -> str:
    """Fill ``{slots}`` and drop plural markers (``~``)."""
    return template.format_map(Filler(rng, vocab, lang, days)).replace("~", "") if "{" in template \
        else template.replace("~", "")


def subject(rng: random.Random, template: str, vocab: dict[str, tuple[str, ...]]) -> tuple[str, bool]:
    """A filled subject and whether it is plural (marked ``~`` in the bank or in the vocabulary)."""
    raw = template.format_map(Filler(rng, vocab, "en")) if "{" in template else template
    whole_slot = template.startswith("{") and template.endswith("}") and template.count("{") == 1
    return raw.replace("~", ""), template.endswith("~") or (whole_slot and raw.endswith("~"))


def be(plural: bool, present: bool, neg: bool = False) -> str:
    """was/were/is/are, optionally negated."""
    word = ("are" if plural else "is") if present else ("were" if plural else "was")
    return word + ("n't" if neg else "")


def bare(subj: str) -> str:
    """A subject without its determiner ("the waiters" → "waiters")."""
    for det in ("the ", "my ", "our ", "their ", "your "):
        if subj.startswith(det):
            return subj[len(det):]
    return subj


def single(adj: str) -> bool:
    """True for one-word adjectives, which can be intensified and used before a noun."""
    return " " not in adj and not adj.startswith("a ")


def adj_clause(rng: random.Random, subj: str, plural: bool, adj: str, pol: str, generic: bool = False) -> str:
    """"the staff were really friendly", "really friendly staff", "I found the staff friendly", with variations.
    ``generic`` adjectives ("superb", "awful") only take intensifiers that suit absolutes ("absolutely")."""
    present = rng.random() < 0.3
    pool = INTENS_GENERIC if generic else INTENS_POS if pol == "positive" else INTENS_NEG
    intens = rng.choice(pool) if single(adj) and pol != "neutral" else ""
    forms = [f"{subj} {be(plural, present)} {intens}{adj}", f"{subj} {be(plural, present)} {intens}{adj}"]
    if single(adj) and subj.startswith(("the ", "my ", "our ")) and pol != "neutral":
        forms.append(f"{intens}{adj} {bare(subj)}")
    if pol != "neutral":
        forms.append(f"I found {subj} {intens}{adj}")
        forms.append(f"{subj} {be(plural, present)} {intens}{adj}, {rng.choice(HEDGES)}")
    return rng.choice(forms)


def with_context(rng: random.Random, text: str, vocab: dict[str, tuple[str, ...]], p: float = 0.2) -> str:
    """Sometimes add a time or visit detail before or after the clause."""
    if rng.random() >= p:
        return text
    ctx = fill(rng.choice(CONTEXT), rng, vocab, "en")
    return f"{ctx}, {text}" if rng.random() < 0.35 else f"{text} {ctx}"


def cap(text: str) -> str:
    """Upper-case the first letter."""
    return text[:1].upper() + text[1:] if text else text


def end_punct(rng: random.Random, pol: str) -> str:
    """A sentence ending: '.', '!', '' or '...', weighted by polarity."""
    if pol == "positive":
        return rng.choice((".", ".", "!", "!", "", "!!"))
    if pol == "negative":
        return rng.choice((".", ".", ".", "!", "", "...", "!!"))
    return rng.choice((".", ".", ""))
