"""``npslens train``: the same code as ``python -m training`` (:func:`training.command.run_training`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from training.command import run_training


def run_train(*, data: Sequence[Path], output: Path | None, taxonomy: Path | None, base_model: str,
              config: Path | None, eval_data: Path | None, version: str | None, register: bool | None,
              overwrite: bool, validate_only: bool, quiet: bool) -> int:
    return run_training(data=list(data), output=output, taxonomy=taxonomy, base_model=base_model, config=config,
                        eval_data=eval_data, version=version, register=register, overwrite=overwrite,
                        validate_only=validate_only, quiet=quiet)
