"""A small text format for phrase banks, so industries and languages stay readable and compact.

A bank is a sequence of blocks separated by blank lines. A block starts with a header line
(``@industry | Name`` or ``# key | Label | Description``) followed by ``field: a | b | c`` lines.
Fields of a theme block:

- ``S`` subjects (a trailing ``~`` marks a plural subject: "were" instead of "was")
- ``P`` / ``N`` positive / negative adjectives for the subjects (single words can also be attributive)
- ``+`` / ``-`` positive / negative opinion clauses; ``?`` questions, ``!`` requests, ``=`` plain facts (neutral)
- ``s+`` / ``s-`` one-to-three-word comments; ``n+`` / ``n-`` negated clauses meaning positive / negative
- ``x`` sarcastic negative clauses (complete, already sarcastic)
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIELDS = ("S", "P", "N", "+", "-", "?", "!", "=", "s+", "s-", "n+", "n-", "x")


@dataclass
class Block:
    """One parsed block: its header cells and its fields (field name → phrases)."""

    kind: str
    head: list[str]
    fields: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> tuple[str, ...]:
        """The phrases of a field, or an empty tuple."""
        return tuple(self.fields.get(name, ()))


def parse(text: str, where: str) -> list[Block]:
    """Parse a bank; errors name the source and the offending line."""
    blocks: list[Block] = []
    cur: Block | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            cur = None
            continue
        if line[0] in "@#" and cur is None:
            cur = Block(kind=line[0], head=[c.strip() for c in line[1:].split("|")])
            blocks.append(cur)
            continue
        if cur is None or ":" not in line:
            raise ValueError(f"{where}:{lineno}: expected a '@'/'#' header or 'field: a | b', got {line!r}")
        name, _, rest = line.partition(":")
        name = name.strip()
        cells = [c.strip() for c in rest.split("|") if c.strip()]
        cur.fields.setdefault(name, []).extend(cells)
    return blocks
