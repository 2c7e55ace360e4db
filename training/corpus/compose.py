"""Comments as pieces: labelled clauses and unlabelled glue (openers, connectors, punctuation, noise)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Piece:
    """A clause (``pol`` set; ``theme`` may be None) or, with ``pol`` None, glue text between clauses."""

    text: str
    theme: str | None = None
    pol: str | None = None


def glue(text: str) -> Piece:
    """Unlabelled text between clauses."""
    return Piece(text)


def clause(text: str, theme: str | None, pol: str) -> Piece:
    """A labelled clause."""
    return Piece(text, theme, pol)


def render(pieces: list[Piece]) -> tuple[str, list[dict[str, str | None]]]:
    """The comment text and its clauses (each clause text is a substring of the comment)."""
    text = "".join(p.text for p in pieces).strip()
    clauses = [{"text": " ".join(p.text.split()), "theme": p.theme, "polarity": p.pol}
               for p in pieces if p.pol is not None]
    return " ".join(text.split()), clauses


def sentiment_of(clauses: list[dict[str, str | None]]) -> tuple[str, bool]:
    """The comment-level rule: all positive → positive, all negative → negative, no opinion → neutral;
    both → ``mixed`` and the polarity of the last clause with an opinion (the conclusion a reader weights,
    e.g. the clause after "but", or a closing verdict)."""
    pols = [c["polarity"] for c in clauses if c["polarity"] != "neutral"]
    if not pols:
        return "neutral", False
    if all(p == "positive" for p in pols):
        return "positive", False
    if all(p == "negative" for p in pols):
        return "negative", False
    return str(pols[-1]), True


def themes_of(clauses: list[dict[str, str | None]]) -> dict[str, str]:
    """Theme id → polarity; ``conflict`` when a theme has both positive and negative clauses, and a
    neutral clause never overrides an opinion about the same theme."""
    out: dict[str, str] = {}
    for c in clauses:
        tid, pol = c["theme"], str(c["polarity"])
        if tid is None:
            continue
        prev = out.get(tid)
        if prev is None or prev == "neutral":
            out[tid] = pol
        elif pol != "neutral" and pol != prev:
            out[tid] = "conflict"
    return out
