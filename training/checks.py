"""Validate labelled training data before any training: a readable report, errors stop the run.

Errors: missing or empty text, unknown sentiment or theme-sentiment labels, theme ids not in the taxonomy,
conflicting duplicates, themes below the hard minimum of examples, too many rows in another language.
Warnings (the run goes on): exact duplicates (dropped), unlabelled rows (dropped), themes below the
recommended minimum, class imbalance, a few rows in another language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from nlp.errors import InputFileError
from nlp.schema import SENTIMENTS, THEME_SENTIMENTS
from nlp.taxonomy import Taxonomy
from nlp.text import normalize, skip_reason
from training.config import TrainConfig
from training.language_check import guess_language

MAX_WHERE = 5


@dataclass
class Issue:
    """One finding: a stable ``code``, a message that says the fix, and where (``file:line``)."""

    level: Literal["error", "warning"]
    code: str
    message: str
    where: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        more = f" (+{len(self.where) - MAX_WHERE} more)" if len(self.where) > MAX_WHERE else ""
        at = f" [{', '.join(self.where[:MAX_WHERE])}{more}]" if self.where else ""
        return f"{self.level}: {self.message}{at}"


@dataclass
class ValidationReport:
    issues: list[Issue] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    def add(self, level: Literal["error", "warning"], code: str, message: str, where: list[str] | None = None) -> None:
        self.issues.append(Issue(level, code, message, where or []))

    def to_dict(self) -> dict[str, Any]:
        return {"errors": [vars(i) | {"where": i.where[:20]} for i in self.errors],
                "warnings": [vars(i) | {"where": i.where[:20]} for i in self.warnings], "summary": self.summary}


class DataValidationError(InputFileError):
    """Training data failed validation; ``report`` holds every finding."""

    code = "invalid_training_data"

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        lines = "\n".join(f"  {i}" for i in report.errors)
        super().__init__(f"training data has {len(report.errors)} problem(s):\n{lines}")


def _where(df: pd.DataFrame, mask: Any) -> list[str]:
    sub = df[mask]
    return [f"{s}:{n}" for s, n in zip(sub["source"], sub["line"], strict=True)]


def _label_key(row: pd.Series) -> str:
    themes = sorted(row["themes"].items()) if row["themes_known"] else None
    return repr((row["sentiment"], themes))


def validate(df: pd.DataFrame, taxonomy: Taxonomy, cfg: TrainConfig, *, base_counts: dict[str, int] | None = None,
             check_counts: bool = True) -> tuple[pd.DataFrame, ValidationReport]:
    """Check labelled rows (from :func:`nlp.labelled.read_labelled`) against ``taxonomy`` and ``cfg``'s limits.

    Args:
        base_counts: examples per theme the base model's data adds (counted towards the minimums).
        check_counts: apply the too-few-examples and imbalance checks (off for evaluation files).

    Returns:
        The clean rows (exact duplicates and unlabelled rows dropped, ``text`` normalised) and the report.
    """
    rep = ValidationReport()
    df = df.reset_index(drop=True)
    if "line" not in df.columns:
        df["line"] = range(1, len(df) + 1)
    if "source" not in df.columns:
        df["source"] = "data"
    if "themes_known" not in df.columns:
        df["themes_known"] = True
    reasons = [("missing" if t is None or (isinstance(t, float) and pd.isna(t))
                else skip_reason(t, symbols=cfg.gloss_symbols)) for t in df["text"]]
    for reason, code, msg in (("missing", "missing_text", "no text (missing or null)"),
                              ("not_text", "not_text", "text is not a string or has no letters"
                               + (" and no emoji, emoticon or rating" if cfg.gloss_symbols else "")),
                              ("empty", "empty_text", "text is empty or blank")):
        mask = pd.Series([r == reason for r in reasons])
        if mask.any():
            rep.add("error", code, f"{int(mask.sum())} row(s): {msg}; fix or remove them", _where(df, mask))
    ok = pd.Series([r is None for r in reasons])
    bad_sent = ok & ~df["sentiment"].isin([*SENTIMENTS, None]) & df["sentiment"].notna()
    if bad_sent.any():
        vals = sorted(map(str, df.loc[bad_sent, "sentiment"].unique()))[:5]
        rep.add("error", "unknown_sentiment", f"{int(bad_sent.sum())} row(s) with unknown sentiment {vals}; "
                f"use one of {list(SENTIMENTS)} or leave it empty", _where(df, bad_sent))
    known = set(taxonomy.ids)
    unknown_ids = Counter(t for th, k in zip(df["themes"], ok, strict=True) if k for t in th if t not in known)
    if unknown_ids:
        mask = ok & pd.Series([any(t not in known for t in th) for th in df["themes"]])
        rep.add("error", "unknown_theme", f"theme ids not in taxonomy {taxonomy.name!r}: "
                f"{dict(unknown_ids.most_common(10))}; fix the ids or add the themes to the taxonomy (--taxonomy). "
                f"Known ids: {', '.join(taxonomy.ids[:20])}", _where(df, mask))
    bad_ts = ok & pd.Series([any(s is not None and s not in THEME_SENTIMENTS for s in th.values())
                             for th in df["themes"]])
    if bad_ts.any():
        vals = sorted({s for th in df.loc[bad_ts, "themes"] for s in th.values() if s not in THEME_SENTIMENTS})
        rep.add("error", "unknown_theme_sentiment", f"{int(bad_ts.sum())} row(s) with unknown theme sentiment "
                f"{vals[:5]}; use one of {list(THEME_SENTIMENTS)} or no sentiment", _where(df, bad_ts))

    # ---- unlabelled rows, duplicates and conflicts (on normalised text)
    clean = df[ok].copy()
    clean["text"] = [normalize(t) for t in clean["text"]]
    unlabelled = clean["sentiment"].isna() & ~clean["themes_known"]
    if unlabelled.any():
        rep.add("warning", "unlabelled", f"{int(unlabelled.sum())} row(s) have neither sentiment nor themes and are "
                "ignored (label them, e.g. the output of `npslens suggest-labels`)", _where(clean, unlabelled))
    clean = clean[~unlabelled]
    clean["_key"] = clean["text"].str.casefold()
    clean["_labels"] = [_label_key(r) for _, r in clean.iterrows()]
    n_labels = clean.groupby("_key")["_labels"].nunique()
    conflict = clean["_key"].isin(n_labels[n_labels > 1].index)
    if conflict.any():
        rep.add("error", "conflicting_duplicate", f"{int(n_labels.gt(1).sum())} text(s) appear more than once with "
                "different labels; keep one label per text", _where(clean, conflict))
    dup = clean.duplicated(["_key", "_labels"]) & ~conflict
    if dup.any():
        rep.add("warning", "duplicate", f"{int(dup.sum())} exact duplicate row(s) dropped", _where(clean, dup))
    clean = clean[~dup].drop(columns=["_key", "_labels"]).reset_index(drop=True)

    # ---- language
    langs = [guess_language(t) for t in clean["text"]]
    other = pd.Series([lang not in (None, "en") for lang in langs])
    if other.any():
        share = float(other.mean())
        found = dict(Counter(lang for lang in langs if lang not in (None, "en")).most_common(3))
        level: Literal["error", "warning"] = "error" if share > cfg.max_other_language else "warning"
        rep.add(level, "other_language", f"{int(other.sum())} row(s) ({share:.0%}) look like another language than "
                f"the model's (English): {found}; the limit is {cfg.max_other_language:.0%} (max_other_language). "
                "Remove them or train a separate model", _where(clean, other))

    # ---- counts, minimums, imbalance
    base_counts = base_counts or {}
    user_counts = Counter(t for th, k in zip(clean["themes"], clean["themes_known"], strict=True) if k for t in th
                          if t in known)
    totals = {t: user_counts.get(t, 0) + base_counts.get(t, 0) for t in taxonomy.ids}
    sent_counts = Counter(s for s in clean["sentiment"] if s in SENTIMENTS)
    ts_counts = Counter(s for th in clean["themes"] for s in th.values() if s is not None)
    if check_counts:
        if not len(clean):
            rep.add("error", "no_data", "no usable labelled rows; each row needs text and a sentiment and/or themes")
        hard = {t: n for t, n in totals.items() if n < cfg.min_examples_error}
        soft = {t: n for t, n in totals.items() if cfg.min_examples_error <= n < cfg.min_examples_warn}
        if hard:
            rep.add("error", "too_few_examples", f"themes with fewer than {cfg.min_examples_error} examples "
                    f"(min_examples_error): {hard}; label more comments for them or remove them from the taxonomy")
        if soft:
            rep.add("warning", "few_examples", f"themes with fewer than {cfg.min_examples_warn} examples "
                    f"(min_examples_warn): {soft}; expect weak recall for them")
        for name, counts in (("sentiment", sent_counts), ("theme", totals)):
            pos = {k: v for k, v in counts.items() if v > 0}
            if len(pos) > 1 and max(pos.values()) >= cfg.imbalance_warn_ratio * min(pos.values()):
                rare = min(pos, key=lambda k: pos[k])
                common = max(pos, key=lambda k: pos[k])
                rep.add("warning", "imbalance", f"{name} classes are imbalanced: {common!r} {pos[common]} vs "
                        f"{rare!r} {pos[rare]} (ratio ≥ {cfg.imbalance_warn_ratio:g}); heads use balanced class "
                        "weights, but more examples of the rare class help")
    rep.summary = {
        "rows_read": len(df), "rows_used": len(clean),
        "by_source": {str(k): int(v) for k, v in clean["source"].value_counts().items()},
        "sentiment": {s: sent_counts.get(s, 0) for s in SENTIMENTS},
        "theme_sentiment": dict(ts_counts),
        "themes_new_data": {t: user_counts.get(t, 0) for t in taxonomy.ids},
        "themes_base_data": {t: base_counts.get(t, 0) for t in taxonomy.ids},
        "languages": dict(Counter(lang or "too short" for lang in langs)),
    }
    return clean, rep
