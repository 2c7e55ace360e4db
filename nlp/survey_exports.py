"""Survey-platform exports as they come: Qualtrics (3 header rows) and SurveyMonkey (2 header rows), CSV or XLSX.

* Qualtrics: row 1 the column names (``Q1``, ``ResponseId`` …), row 2 each question's text, row 3 an
  ``{"ImportId":"QID1"}`` JSON cell per column.
* SurveyMonkey: row 1 the question text (blank under the 2nd, 3rd … option of one question), row 2 the
  sub-labels (``Response``, ``Open-Ended Response``, option names).

The extra header rows are detected from their content, skipped (neither data nor rejects, and data row 0 is
the first respondent), and give each column a second name: its question text, so ``--text-column "Why did you
give this score?"`` works as well as ``--text-column Q2``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from nlp.errors import InputFileError

_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"\s*:')
SURVEYMONKEY_LABELS = frozenset({"response", "open-ended response", "other (please specify)", "comment",
                                 "other", "response text"})
_NUMBER = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")


@dataclass(frozen=True)
class SurveyLayout:
    """How a table's header rows are laid out.

    Attributes:
        kind: ``"plain"``, ``"qualtrics"`` or ``"surveymonkey"``.
        names: the column names data rows are read under.
        extra_rows: header rows after the first that are skipped (0, 1 or 2).
        questions: question text → column name, for columns that may be named by their question.
    """

    kind: str
    names: list[str]
    extra_rows: int = 0
    questions: dict[str, list[str]] = field(default_factory=dict)


def question_key(text: str) -> str:
    """A question text with its whitespace runs (line breaks included) made single spaces."""
    return " ".join(text.split())


def _cells(row: Sequence[object] | None, width: int) -> list[str]:
    cells = ["" if v is None else str(v).strip() for v in (row or [])]
    return (cells + [""] * width)[:width]


def _is_qualtrics(row3: list[str]) -> bool:
    filled = [c for c in row3 if c]
    return bool(filled) and sum(bool(_IMPORT_ID.match(c)) for c in filled) * 2 >= len(filled)


def _is_surveymonkey(header: list[str], row2: list[str]) -> bool:
    """Sub-labels under the questions, blank under the first column, no number; and either the first column is
    SurveyMonkey's ``Respondent ID`` or every sub-label is one of :data:`SURVEYMONKEY_LABELS`."""
    filled = [c for c in row2 if c]
    if not row2 or row2[0] or not any(c.lower() in SURVEYMONKEY_LABELS for c in filled) \
            or any(_NUMBER.match(c) for c in filled):
        return False
    return header[0].lower().startswith("respondent") or all(c.lower() in SURVEYMONKEY_LABELS for c in filled)


def _plain_names(header: Sequence[object]) -> list[str]:
    return [("" if v is None else str(v)) or f"Unnamed: {i}" for i, v in enumerate(header)]


def detect_layout(header: Sequence[object], row2: Sequence[object] | None, row3: Sequence[object] | None
                  ) -> SurveyLayout:
    """The layout from a table's first three rows (the 2nd and 3rd may be missing)."""
    width = len(header)
    names = _plain_names(header)
    second, third = _cells(row2, width), _cells(row3, width)
    if row3 is not None and _is_qualtrics(third):
        questions: dict[str, list[str]] = {}
        for name, question in zip(names, second, strict=True):
            if question and question != name:
                questions.setdefault(question_key(question), []).append(name)
        return SurveyLayout("qualtrics", names, 2, questions)
    if row2 is not None and _is_surveymonkey(_cells(header, width), second):
        return _surveymonkey(header, second)
    return SurveyLayout("plain", names)


def _surveymonkey(header: Sequence[object], sub: list[str]) -> SurveyLayout:
    """SurveyMonkey names: the question (row 1, carried right over blanks), `` - option`` when it has several."""
    raw = _cells(header, len(sub))
    owner: list[str] = []
    for i, cell in enumerate(raw):
        owner.append(cell or (owner[i - 1] if i else f"Unnamed: {i}"))
    span: dict[str, int] = {}
    for q in owner:
        span[q] = span.get(q, 0) + 1
    names: list[str] = []
    questions: dict[str, list[str]] = {}
    for q, label in zip(owner, sub, strict=True):
        single = span[q] == 1 or label.lower() in ("", "response", "open-ended response")
        name = q if single and q not in names else f"{q} - {label or len(names)}"
        names.append(name)
        if name != question_key(q):
            questions.setdefault(question_key(q), []).append(name)
    return SurveyLayout("surveymonkey", names, 1, questions)


def add_question_columns(chunk: pd.DataFrame, required: Sequence[str], layout: SurveyLayout,
                         source: str) -> pd.DataFrame:
    """Make each required name that is a question text (not a column name) a column of ``chunk``, a copy of the
    question's column; whitespace runs and line breaks in question texts compare as single spaces.

    Raises:
        InputFileError: a question text shared by several columns (name the column instead).
    """
    for name in required:
        if name in chunk.columns or question_key(name) not in layout.questions:
            continue
        cols = layout.questions[question_key(name)]
        if len(cols) > 1:
            raise InputFileError(f"{source}: the question {name!r} has {len(cols)} columns "
                                 f"({', '.join(map(repr, cols[:6]))}); name one of them instead")
        chunk[name] = chunk[cols[0]]
    return chunk


def missing_columns(columns: Sequence[str], required: Sequence[str], layout: SurveyLayout) -> list[str]:
    """Required names that are neither a column nor the question text of exactly one column."""
    have = set(columns)
    return [c for c in required if c not in have and question_key(c) not in layout.questions]


def describe(layout: SurveyLayout) -> str:
    """A note on the detected export, for error messages (empty for a plain table)."""
    if layout.kind == "plain":
        return ""
    platform = {"qualtrics": "Qualtrics", "surveymonkey": "SurveyMonkey"}[layout.kind]
    return f" (read as a {platform} export with {layout.extra_rows + 1} header rows)"
