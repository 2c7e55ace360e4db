"""Write the registry's fixed evaluation set: the default config's held-out seed test split, as labelled JSONL.

    python -m training.evalset --config training/configs/default.toml --output models/eval/seed-test-v1.jsonl

With ``--register`` the registry (``NPSLENS_MODELS_DIR`` or ``models/``) points its promote gate at it.
The champion trained from that config never saw these comments, and retraining leaves them out.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from lifecycle.registry import update_registry
from nlp.artifacts.registry_file import EvalSet, models_root
from nlp.digest import file_sha256
from nlp.labelled import write_labelled
from training.config import load_config
from training.datasets import read_seed_corpus
from training.split import split_indices
from training.warmstart import resolve_data_path


def write_seed_test(config: str | Path, output: str | Path) -> tuple[Path, int]:
    cfg = load_config(config)
    seed = read_seed_corpus(resolve_data_path(cfg.seed_corpus))
    seed = seed[seed["text"].astype(str).str.strip() != ""].drop_duplicates("text").reset_index(drop=True)
    _, _, te = split_indices(seed, cfg.dev_fraction, cfg.test_fraction, cfg.seed)
    rows = [{"text": r.text, "sentiment": r.sentiment, "themes": r.themes,
             "mixed": r.mixed if isinstance(r.mixed, bool) else None} for r in seed.iloc[te].itertuples()]
    return write_labelled(rows, output), len(rows)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default="training/configs/default.toml")
    ap.add_argument("--output", default=str(models_root() / "eval" / "seed-test-v1.jsonl"))
    ap.add_argument("--register", action="store_true", help="make it the registry's fixed evaluation set")
    a = ap.parse_args(argv)
    path, n = write_seed_test(a.config, a.output)
    print(f"wrote {n} comments to {path}")  # noqa: T201
    if a.register:
        root = models_root().resolve()
        rel = str(path.resolve().relative_to(root)) if path.resolve().is_relative_to(root) else str(path.resolve())
        update_registry(lambda reg: setattr(reg, "eval_set", EvalSet(
            path=rel, sha256=file_sha256(path), description=f"held-out seed test split of {a.config}")))
        print(f"registry {root / 'registry.json'}: fixed evaluation set {rel}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
