"""NPS Lens side by side with plain baselines on every public task in ../shared/data, in one process (issue 12).

Tasks: cross-domain sentiment (``sentiment``), customer taxonomy zero-/8-shot (``taxonomy``), theme
sentiment on found themes (``theme_sentiment``) and retrained train → test (``retrain``). Methods: majority,
VADER, TF-IDF + LR, MiniLM cosine (zero-shot), MiniLM + LR, SetFit and NPS Lens (one row per ``--model``);
``npslens_fit`` adds, in the 8-shot rows, NPS Lens after ``npslens taxonomy fit`` on the same drawn examples.

    python benchmarks/baselines.py [--tasks a,b] [--methods m1,m2] [--model PATH ...] [--quick]
        [--seeds 3] [--threads 2] [--skip-retrain] [--setfit-scope all|8shot] [--setfit-seeds N]
        [--only TEXT] [--retrain-also KEY=VALUE,...] [--out benchmarks/results/baselines.json]

Writes the JSON (and a markdown table next to it, ``.md``) after every dataset, so an interrupted run
keeps what it finished. Reads ../shared/data (relative to the repo root); exits with code 2 when absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TASK_NAMES = ("sentiment", "taxonomy", "theme_sentiment", "retrain")
METHODS = ("majority", "vader", "tfidf_lr", "minilm_cosine", "minilm_lr", "setfit", "npslens", "npslens_fit")


def parse_settings(text: str) -> dict[str, str]:
    """``"a=1,b=x"`` → ``{"a": "1", "b": "x"}`` (values stay strings: pydantic coerces them, unknown keys fail
    when the config is built)."""
    out = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        key, eq, value = part.partition("=")
        if not eq or not key.strip():
            raise ValueError(f"--retrain-also wants KEY=VALUE pairs separated by commas, got {part!r}")
        out[key.strip()] = value.strip()
    if not out:
        raise ValueError("--retrain-also needs at least one KEY=VALUE")
    return out


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--tasks", default=",".join(TASK_NAMES), help=f"comma list of {', '.join(TASK_NAMES)}")
    ap.add_argument("--methods", default=",".join(METHODS), help=f"comma list of {', '.join(METHODS)}")
    ap.add_argument("--model", action="append", default=None,
                    help="NPS Lens model folder or registry version; repeat to compare models (default: champion)")
    ap.add_argument("--quick", action="store_true", help="small subsets and one seed: a smoke run")
    ap.add_argument("--seeds", type=int, default=3, help="shot draws for the 8-shot rows (default 3)")
    ap.add_argument("--threads", type=int, default=2, help="torch / BLAS / ONNX threads (default 2)")
    ap.add_argument("--setfit-scope", choices=("all", "8shot"), default="all",
                    help="run SetFit everywhere (default) or only in the 8-shot taxonomy rows (it is the slow method)")
    ap.add_argument("--setfit-seeds", type=int, default=None, help="SetFit on the first N shot seeds only")
    ap.add_argument("--only", default=None, metavar="TEXT",
                    help="only datasets whose name contains TEXT (comma list: any of them)")
    ap.add_argument("--skip-retrain", action="store_true", help="do not retrain NPS Lens in the retrain task")
    ap.add_argument("--retrain-also", action="append", default=[], metavar="KEY=VALUE[,KEY=VALUE]",
                    help="in the retrain task, also retrain NPS Lens with these TrainConfig settings (a second row "
                         "per model, e.g. encoder_finetune=never,threshold_shrink=0); repeatable")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "baselines.json")
    args = ap.parse_args(argv)
    for name, allowed in (("tasks", TASK_NAMES), ("methods", METHODS)):
        bad = [x for x in getattr(args, name).split(",") if x not in allowed]
        if bad:
            ap.error(f"unknown --{name} {bad}; choose from {', '.join(allowed)}")
    if args.seeds < 1:
        ap.error("--seeds must be ≥ 1")
    from training.config import TrainConfig

    try:  # pydantic's ValidationError is a ValueError: unknown keys and bad values fail here, not after an hour
        args.retrain_also = [parse_settings(x) for x in args.retrain_also]
        for extra in args.retrain_also:
            TrainConfig(**extra)
    except ValueError as e:
        ap.error(f"--retrain-also: {e}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not DATA.is_dir():
        print(f"error: public data folder not found at {DATA}. This benchmark reads ../shared/data relative to "
              "the repo root (it is not shipped with the repo); put the data there and rerun.", file=sys.stderr)
        return 2
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _baseline_run import run

    return run(args, argv if argv is not None else sys.argv[1:], time.perf_counter())


if __name__ == "__main__":
    raise SystemExit(main())
