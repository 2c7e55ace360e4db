"""Margins and the markdown table of ``baselines.py`` (pure functions over the results JSON)."""

from __future__ import annotations

from typing import Any

import numpy as np
from _common import fmt, md_table

TASK_TITLES = {
    "sentiment": "1. Cross-domain sentiment (baselines trained on clothing 3-class + UCI binary; macro-F1)",
    "taxonomy": "2. Customer taxonomy, sentence level (theme micro-F1; 8-shot: mean ± sd over seeds)",
    "theme_sentiment": "3. Theme sentiment on correctly found themes (accuracy)",
    "retrain": "4. Retrained, train split → test split (category micro-F1)",
}
ORDER = ["majority", "vader", "tfidf_lr", "minilm_cosine", "minilm_lr", "setfit"]


def is_ours(method: str) -> bool:
    """An NPS Lens theme/sentiment row (``npslens``, ``npslens:<model>``, or either with `` [settings]`` from
    ``--retrain-also``), not a baseline."""
    return method == "npslens" or method.startswith(("npslens:", "npslens ["))


def _same_seeds(ours: dict[str, Any], baseline: dict[str, Any]) -> list[int] | None:
    """The baseline's shot draws when it ran on fewer of them than the NPS Lens row and that row kept each draw's
    figure (``by_seed``): the margin is then taken on those draws only (the same examples for both)."""
    seeds = baseline.get("seeds") or []
    by = ours.get("by_seed") or {}
    if seeds and set(seeds) < set(ours.get("seeds") or []) and all(str(s) in by for s in seeds):
        return list(seeds)
    return None


def add_margins(record: dict[str, Any]) -> None:
    """Each NPS Lens row's margin over the best baseline on the record's primary metric (in place); against a
    baseline run on fewer shot draws, on those draws only (``margin_seeds``)."""
    key = record["primary"]
    base = {m: r["metrics"].get(key) for m, r in record["methods"].items() if not is_ours(m)}
    base = {m: v for m, v in base.items() if v is not None}
    best = record["best_baseline"] = max(base, key=lambda m: base[m]) if base else None
    record["margin"], record["margin_seeds"] = {}, {}
    for m, r in record["methods"].items():
        if not is_ours(m):
            continue
        value = r["metrics"].get(key)
        seeds = _same_seeds(r, record["methods"][best]) if best is not None else None
        if seeds is not None:
            value = float(np.mean([r["by_seed"][str(s)] for s in seeds]))
            record["margin_seeds"][m] = seeds
        record["margin"][m] = round(value - base[best], 4) if best is not None and value is not None else None


def _cell(rec: dict[str, Any] | None, key: str) -> str:
    if rec is None:
        return "—"
    v = rec["metrics"].get(key)
    sd = rec["metrics"].get(key + "_sd")
    return fmt(v) + (f" ±{sd:.3f}" if sd is not None else "")


def _columns(records: dict[str, Any]) -> list[str]:
    seen = {m for r in records.values() for m in r["methods"]}
    ours = sorted(m for m in seen if is_ours(m))
    sent = sorted(m for m in seen if m.startswith("npslens_sentence"))
    return [m for m in ORDER if m in seen] + sent + ours


def _margin_cell(record: dict[str, Any], method: str) -> str:
    value = record["margin"].get(method)
    if value is None:
        return "—"
    seeds = record.get("margin_seeds", {}).get(method)
    return f"{value:+.3f}" + (f" (seed {', '.join(map(str, seeds))})" if seeds else "")


def task_table(task: str, records: dict[str, Any]) -> str:
    cols = _columns(records)
    ours = [m for m in cols if is_ours(m)]
    extra = task == "sentiment"
    headers = ["dataset", "n", *cols, *(f"margin {m}" for m in ours), "best baseline"]
    if extra:
        headers.insert(2, "kind")
    rows = []
    for name, r in records.items():
        key = r["primary"]
        cells: list[object] = [name, r["n"]]
        if extra:
            cells.append(r["kind"])
        cells += [_cell(r["methods"].get(m), key) for m in cols]
        cells += [_margin_cell(r, m) for m in ours]
        cells.append(r.get("best_baseline") or "—")
        rows.append(cells)
    body = md_table(headers, rows)
    if extra:  # accuracy next to macro-F1
        acc = [[name, *(_cell(r["methods"].get(m), "accuracy") for m in cols)] for name, r in records.items()]
        body += "\n\nAccuracy:\n\n" + md_table(["dataset", *cols], acc)
    notes = "\n".join(f"- {name}: {r['note']}" for name, r in records.items() if r.get("note"))
    return f"### {TASK_TITLES[task]}\n\n{body}\n\n{notes}\n"


def markdown(results: dict[str, Any]) -> str:
    mi, models = results["machine"], results["models"]
    model_txt = "; ".join(f"`{k}` = {v['name']} {v['version']} ({v['path']})" for k, v in models.items())
    parts = [
        "## Side by side with plain baselines (issue 12)\n",
        f"Command: `{results['command']}` — {fmt(results['seconds'], 0)} s wall on {mi['nproc']} × {mi['cpu_model']}"
        f" ({results['threads']} threads; machine shared with other work), started {results['started']} UTC. "
        f"Seeds {results['seeds']}. NPS Lens: {model_txt}. Raw results: `{results['out']}`.\n",
        "NPS Lens is used as shipped: trained on its own corpus + licence-cleared public sets "
        f"({', '.join(results['npslens_public_sets'])}); none of the test sets below is in its training data. "
        "Margin = NPS Lens minus the best baseline on the table's metric (positive = NPS Lens ahead).\n",
        "Methods: **majority** (sentiment: the test set's majority class; taxonomy: the train split's most "
        "frequent category); **vader** (compound ≥ 0.05 pos, ≤ −0.05 neg; binary sets compound ≥ 0); "
        "**tfidf_lr** (word 1–2-grams + logistic regression); **minilm_cosine** (all-MiniLM-L6-v2 cosine to "
        "`label: description`, top-1 plus any other ≥ a threshold chosen on ≤600 train-split sentences); "
        "**minilm_lr** (frozen all-MiniLM-L6-v2 embeddings + logistic regression); **setfit** (SetFit 1.2 on "
        "the MiniLM body, 80 contrastive steps of 16 pairs, its LR head; where it ran and on which seeds is in the "
        "JSON: `setfit_scope`, and each row's `seeds`); **npslens** (`Analyzer.analyze`, with "
        "a Taxonomy of descriptions, or descriptions + the same 8 examples per theme); **npslens [taxonomy fit]** "
        "(8-shot rows, `--methods npslens_fit`: `npslens taxonomy fit`'s code with its default config fine-tunes "
        "the encoder the few-shot head reads on the same 8 examples per theme, then the same `analyze` call; the "
        "fit's time is in the row's seconds).\n",
        "Decoding, the same for every baseline: single-label = arg-max class (binary sets: P(pos) ≥ P(neg); "
        "complaint tweets: complaint ⇔ predicted negative); 8-shot multi-label = top category plus any other with "
        "p ≥ 0.5 (one-vs-rest, balanced weights); retrained = every category with p ≥ 0.5 (one-vs-rest, balanced "
        "weights; unweighted before stop 34). Few-shot examples: 8 train-split sentences per category, "
        "single-category sentences first (`accuracy.draw_shots`), the same "
        "draws for every method, with the same labels: the baselines train on each drawn sentence's full label set, "
        "and NPS Lens's taxonomy lists each drawn sentence under every category it carries "
        "(`accuracy.with_examples`). Sentences without opinions stay in (a predicted category there is a false "
        "positive).\n",
    ]
    for run in results.get("parallel_runs", []):
        parts.append(f"Tasks {', '.join(run['tasks'])} were measured by a second process run at the same time on the "
                     f"same machine: `{run['command']}` ({fmt(run['seconds'], 0)} s wall, {run['threads']} thread(s), "
                     f"started {run['started']} UTC).\n")
    skipped = [m for m in ("majority", "vader", "tfidf_lr", "minilm_cosine", "minilm_lr", "setfit", "npslens")
               if m not in results["methods"]]
    if skipped:
        parts.append(f"Not run here: {', '.join(skipped)}" + (f" ({results['skipped_note']})" if results.get(
            "skipped_note") else "") + ".\n")
    for task, records in results["tasks"].items():
        parts.append(task_table(task, records))
    return "\n".join(parts)
