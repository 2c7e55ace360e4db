"""The promote gate: compare a challenger with the champion on a fixed evaluation set.

Both models analyse the same labelled comments; the headline metrics (:data:`GATE_METRICS`) are compared
on the themes both taxonomies share. A challenger worse than the champion by more than ``tolerance`` on
any of them is refused (unless forced), and the result says which metric and by how much.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.artifacts.registry_file import DEFAULT_TOLERANCE
from nlp.errors import InputFileError
from nlp.labelled import read_labelled
from nlp.metrics import evaluate, headline
from nlp.pipeline import DEFAULT_BATCH, Analyzer
from nlp.schema import CommentResult

GATE_METRICS = ("sentiment_macro_f1", "theme_micro_f1", "theme_sentiment_accuracy")
Progress = Callable[[int, int], None]
"""``progress(done, total)``: examples evaluated so far; ``total`` is 2 × the evaluation set (both models)."""


@dataclass
class GateResult:
    """``ok`` when no gate metric dropped by more than ``tolerance``; ``rows``: metric, champion, challenger, delta."""

    ok: bool
    challenger: str
    champion: str | None
    tolerance: float
    eval_set: str
    n: int = 0
    shared_themes: int = 0
    rows: list[tuple[str, float | None, float | None, float | None]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "challenger": self.challenger, "champion": self.champion, "tolerance": self.tolerance,
                "eval_set": self.eval_set, "n": self.n, "shared_themes": self.shared_themes,
                "metrics": [{"metric": m, "champion": a, "challenger": b, "delta": d} for m, a, b, d in self.rows],
                "reasons": self.reasons, "notes": self.notes}

    def explain(self) -> str:
        if self.ok:
            return (f"{self.challenger} passes the gate against {self.champion} on {self.eval_set} "
                    f"({self.n} comments, tolerance {self.tolerance})")
        where = f" on {self.eval_set} ({self.n} comments)" if self.n else ""
        return (f"refusing to promote {self.challenger}: " + "; ".join(self.reasons) + where
                + ". Improve the model, or pass force to promote anyway")


def load_eval_set(path: str | Path) -> tuple[list[str], list[str | None], list[dict[str, str | None] | None]]:
    """Texts, sentiments and themes (``None`` when unknown) of a labelled evaluation file."""
    df = read_labelled(path)
    df = df[[isinstance(t, str) and t.strip() != "" for t in df["text"]]]
    if not len(df):
        raise InputFileError(f"evaluation set {path} has no labelled rows")
    themes = [th if k else None for th, k in zip(df["themes"], df["themes_known"], strict=True)]
    return df["text"].tolist(), df["sentiment"].tolist(), themes


def _analyze(analyzer: Analyzer, texts: list[str], progress: Progress | None, offset: int,
             total: int) -> list[CommentResult]:
    """``analyzer.analyze(texts)`` in the same batches it uses itself, calling ``progress`` after each one."""
    if progress is None:
        return analyzer.analyze(texts)
    out: list[CommentResult] = []
    for i in range(0, len(texts), DEFAULT_BATCH):
        out += analyzer.analyze(texts[i:i + DEFAULT_BATCH])
        progress(offset + len(out), total)
    return out


def _scores(results: list[CommentResult], sentiments: list[str | None],
            themes: list[dict[str, str | None] | None], ids: list[str]) -> dict[str, float | None]:
    return headline(evaluate(results, sentiments, themes, ids))


def compare_on_eval_set(challenger: Analyzer, champion: Analyzer | None, eval_path: str | Path, *,
                        tolerance: float = DEFAULT_TOLERANCE, metrics: tuple[str, ...] = GATE_METRICS,
                        eval_name: str | None = None, progress: Progress | None = None) -> GateResult:
    """Run both models on the labelled file ``eval_path`` and apply the gate.

    Theme metrics use the theme ids both models' taxonomies and the gold labels share; with none shared,
    only the sentiment metrics are compared (noted in the result). ``progress(done, total)`` is called after
    each batch: the champion's examples count first, then the challenger's (``total`` = 2 × the set).
    """
    texts, sentiments, themes = load_eval_set(eval_path)
    name = eval_name or Path(eval_path).name
    chal_v = challenger.model_info["version"]
    if champion is None:
        return GateResult(True, chal_v, None, tolerance, name, len(texts), notes=["no champion yet"])
    gold_ids = {t for th in themes if th for t in th}
    shared = [t for t in champion.taxonomy.ids if t in set(challenger.taxonomy.ids)]
    labelled_shared = [t for t in shared if t in gold_ids]
    total = 2 * len(texts)
    if progress is not None:
        progress(0, total)
    a = _scores(_analyze(champion, texts, progress, 0, total), sentiments, themes, labelled_shared)
    b = _scores(_analyze(challenger, texts, progress, len(texts), total), sentiments, themes, labelled_shared)
    result = GateResult(True, chal_v, champion.model_info["version"], tolerance, name, len(texts),
                        len(labelled_shared))
    if not labelled_shared:
        result.notes.append("the two taxonomies share no labelled theme: only sentiment metrics are compared")
    elif len(labelled_shared) < len(challenger.taxonomy.ids):
        result.notes.append(f"theme metrics on the {len(labelled_shared)} labelled themes both models know")
    for m in metrics:
        if labelled_shared == [] and m.startswith("theme"):
            continue
        delta = None if a[m] is None or b[m] is None else round(b[m] - a[m], 4)  # type: ignore[operator]
        result.rows.append((m, a[m], b[m], delta))
        if delta is not None and delta < -tolerance:
            result.ok = False
            result.reasons.append(f"{m} {b[m]:.3f} vs champion {champion.model_info['version']} {a[m]:.3f} "
                                  f"({delta:+.3f}, tolerance {tolerance})")
    return result


def compare_stored(challenger_metrics: dict[str, Any], challenger: str, champion: str, *,
                   tolerance: float = DEFAULT_TOLERANCE, metrics: tuple[str, ...] = GATE_METRICS) -> GateResult | None:
    """The gate from a challenger's metrics.json when it was evaluated against ``champion`` at training time
    (its ``comparison`` block, same eval data); ``None`` when it was not."""
    base = challenger_metrics.get("base_model", {})
    comp = challenger_metrics.get("comparison")
    if base.get("version") != champion or not isinstance(comp, dict):
        return None
    ev = challenger_metrics.get("eval", {})
    result = GateResult(True, challenger, champion, tolerance, f"{ev.get('name', 'training eval data')} "
                        "(from the challenger's metrics.json)", int(ev.get("n", 0)))
    for m in metrics:
        row = comp.get(m, {})
        a, b, d = row.get("base"), row.get("new"), row.get("delta")
        if a is None and b is None:
            continue
        result.rows.append((m, a, b, d))
        if d is not None and d < -tolerance:
            result.ok = False
            result.reasons.append(f"{m} {b:.3f} vs champion {champion} {a:.3f} ({d:+.3f}, tolerance {tolerance})")
    return result
