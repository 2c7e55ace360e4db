"""``python -m training``: the same command as ``npslens train`` (see :mod:`training.command`)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from training.command import run_training


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training", description="Retrain a model on labelled comments "
                                 "(JSONL/CSV, e.g. the /v1/feedback export), warm-started from a base model.")
    ap.add_argument("--data", action="append", required=True, metavar="FILE", help="labelled JSONL/CSV; repeatable")
    ap.add_argument("--taxonomy", help="taxonomy YAML (default: the base model's)")
    ap.add_argument("--base-model", default="default", help="folder, registry version or 'default' (the champion)")
    ap.add_argument("--config", help="training config TOML (training/configs/…)")
    ap.add_argument("--eval-data", help="labelled file to evaluate on (default: a held-out split of --data)")
    ap.add_argument("--output", help="new model folder (default: <models>/<name>-<version>)")
    ap.add_argument("--version", help="version of the new model (default: the next minor, or major on a "
                    "taxonomy change)")
    ap.add_argument("--no-register", dest="register", action="store_false", default=None,
                    help="do not add it to the registry")
    ap.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    ap.add_argument("--validate-only", action="store_true", help="check the data and stop")
    ap.add_argument("--quiet", "-q", action="store_true")
    a = ap.parse_args(argv)
    return run_training(data=a.data, output=a.output, taxonomy=a.taxonomy, base_model=a.base_model, config=a.config,
                        eval_data=a.eval_data, version=a.version, register=a.register, overwrite=a.overwrite,
                        validate_only=a.validate_only, quiet=a.quiet)


if __name__ == "__main__":
    raise SystemExit(main())
