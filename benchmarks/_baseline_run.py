"""The run loop of ``baselines.py``: load the NPS Lens models, run each task, write JSON + markdown after
every dataset (imported only after the thread variables are set)."""

from __future__ import annotations

import argparse
import json
import resource
import shlex
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _baseline_report import add_margins, markdown
from _baseline_tasks import TASKS, Context
from _common import DATA, ROOT, code_fingerprint, machine_info

from nlp.pipeline import Analyzer


def load_models(paths: list[str] | None, threads: int) -> dict[str, Analyzer]:
    """``npslens`` for one model, ``npslens:<folder>`` per model when several are compared."""
    specs = paths or [None]
    models: dict[str, Analyzer] = {}
    for spec in specs:
        an = Analyzer.load(spec, threads=threads)
        an.fits_dir = None  # stored taxonomy fits are never read here; the "[taxonomy fit]" rows make their own
        key = "npslens" if len(specs) == 1 else f"npslens:{Path(str(an.path)).name}"
        if key in models:
            raise SystemExit(f"error: --model {spec} is given twice")
        models[key] = an
    return models


def public_sets(an: Analyzer) -> list[str]:
    cfg = Path(str(an.path)) / "training_config.json"
    if not cfg.exists():
        return ["unknown (no training_config.json)"]
    return [p["name"] for p in json.loads(cfg.read_text()).get("public_sets", [])]


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def run(args: argparse.Namespace, argv: Sequence[str], t0: float) -> int:
    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:7.1f} s] {msg}", flush=True)

    methods = set(args.methods.split(","))
    models = load_models(args.model, args.threads) if "npslens" in methods else {}
    seeds = [13 + i for i in range(1 if args.quick else args.seeds)]
    ctx = Context(data=DATA, models=models, methods=methods, seeds=seeds, threads=args.threads, quick=args.quick,
                  skip_retrain=args.skip_retrain, log=log, setfit_scope=args.setfit_scope,
                  setfit_seeds=args.setfit_seeds, only=args.only, retrain_also=args.retrain_also)
    results: dict[str, Any] = {
        "command": "python benchmarks/baselines.py" + "".join(f" {shlex.quote(a)}" for a in argv),
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"), "quick": args.quick, "seeds": seeds,
        "threads": args.threads, "methods": sorted(methods),
        "setfit_scope": args.setfit_scope, "setfit_seeds": args.setfit_seeds, "only": args.only,
        "models": {k: an.model_info | {"path": str(an.path)} for k, an in models.items()},
        "npslens_public_sets": sorted({s for an in models.values() for s in public_sets(an)}),
        "out": _rel(args.out), "machine": machine_info(), "code": code_fingerprint(), "complete": False, "tasks": {},
    }

    def save() -> None:
        results["seconds"] = round(time.perf_counter() - t0, 1)
        results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        if ctx._minilm is not None:
            results["minilm_encode_seconds"] = round(ctx._minilm.seconds, 1)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        args.out.with_suffix(".md").write_text(markdown(results))

    for task in args.tasks.split(","):
        log(f"task {task}")
        results["tasks"][task] = {}
        for name, record in TASKS[task](ctx):
            add_margins(record)
            results["tasks"][task][name] = record
            margins = ", ".join(f"{m} {v:+.3f}" if v is not None else f"{m} —" for m, v in record["margin"].items())
            log(f"{task} · {name}: best baseline {record['best_baseline']}; NPS Lens margin: {margins or 'n/a'}")
            save()
    results["complete"] = True
    save()
    print("\n" + markdown(results))
    log(f"wrote {args.out} and {args.out.with_suffix('.md')}")
    return 0
