"""The ``train`` command shared by ``python -m training`` and ``npslens train``: options in, report out.

Prints the validation report, progress bars and the evaluation tables on stderr, the new model's folder
on stdout; returns the exit code (0 ok, 2 invalid data or any other error).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from nlp.errors import NPSLensError
from training.checks import DataValidationError, ValidationReport
from training.config import TrainConfig, load_config
from training.console import no_progress, print_metrics, print_validation, rich_progress
from training.retrain import retrain


def run_training(*, data: Sequence[str | Path], output: str | Path | None = None, taxonomy: str | Path | None = None,
                 base_model: str | None = "default", config: str | Path | None = None,
                 eval_data: str | Path | None = None, version: str | None = None, register: bool | None = None,
                 overwrite: bool = False, validate_only: bool = False, quiet: bool = False,
                 console: Console | None = None, out: Console | None = None) -> int:
    console = console or Console(stderr=True)
    out = out or Console(soft_wrap=True)
    t0 = time.time()

    def log(message: str) -> None:
        if not quiet:
            console.print(f"[dim][{time.time() - t0:6.1f}s][/] {message}", highlight=False)

    def shown(report: ValidationReport) -> None:
        if not quiet or report.errors:  # --quiet still shows why nothing was trained
            print_validation(report, console)

    try:
        cfg = load_config(config) if config else TrainConfig()
        result = retrain(list(data), output=output, taxonomy=taxonomy, base_model=base_model, config=cfg,
                         eval_data=eval_data, version=version, register_model=register, overwrite=overwrite,
                         log=log, progress=no_progress if quiet else rich_progress(console), on_validated=shown,
                         validate_only=validate_only)
    except DataValidationError as err:
        console.print(f"[red]error[/]: {len(err.report.errors)} problem(s) in the training data (see above); "
                      "nothing was trained", highlight=False)
        return 2
    except NPSLensError as err:
        console.print(f"[red]error[/]: {err}", highlight=False)
        return 2
    except KeyboardInterrupt:
        console.print("[red]error[/]: interrupted; no model folder was written")
        return 2
    if result.path is None:
        console.print("validation passed; nothing trained (--validate-only)")
        return 0
    out.print(str(result.path), highlight=False)
    if quiet:
        return 0
    print_metrics(result.metrics, console)
    if result.registered:
        console.print(f"registered {result.name} {result.version} as a challenger; promote it with "
                      f"`npslens models promote {result.version}`", highlight=False)
    else:
        console.print("not registered (the output is outside the models folder)", highlight=False)
    return 0
