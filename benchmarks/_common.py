"""Helpers shared by the benchmark scripts: where the public data is, the machine, markdown tables."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def models_args(doc: str | None, argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line of a dev comparison: ``--model`` (repeat; a folder or registry name) and ``--json``."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    ap.add_argument("--model", action="append", required=True, help="model folder or name (repeat)")
    ap.add_argument("--json", help="write the results here")
    return ap.parse_args(argv)


def require_data() -> Path:
    """The shared data folder (``../shared/data`` from the repo root); exit with a clear message when absent."""
    if not DATA.is_dir():
        sys.exit(f"error: public data folder not found at {DATA} (this benchmark reads ../shared/data "
                 "relative to the repo root; it is not shipped with the repo)")
    return DATA


def _cpuinfo(key: str) -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def machine_info() -> dict[str, object]:
    """nproc, CPU model, RAM, Python and library versions: recorded next to every result."""
    ram_gb: float | None = None
    try:
        kb = int(Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1])
        ram_gb = round(kb / 1024**2, 1)
    except (OSError, ValueError, IndexError):
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": nproc,
        "cpu_model": _cpuinfo("model name"),
        "cpu_family": _cpuinfo("cpu family"),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def code_fingerprint() -> dict[str, str]:
    """Short hashes of the predict-path source (``nlp/**/*.py``) and of the champion model's checksum file, so a
    result can be tied to the code and weights it measured (the code changes while benchmarks run)."""
    h = hashlib.sha256()
    for f in sorted((ROOT / "nlp").rglob("*.py")):
        h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    out = {"nlp_sources_sha256": h.hexdigest()[:16]}
    for sums in sorted((ROOT / "models").glob("*/checksums.sha256")):
        out[f"{sums.parent.name}_checksums_sha256"] = hashlib.sha256(sums.read_bytes()).hexdigest()[:16]
    return out


def fmt(value: object, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def md_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub markdown table (floats to 3 decimals, ``None`` as a dash)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def run_record(script: str, argv: Sequence[str] | None, started: float, **fields: object) -> dict[str, object]:
    """The results record of a dev script: its command line (``python benchmarks/{script}`` and ``argv``, default
    ``sys.argv[1:]``), ``fields``, the machine, the code fingerprint and the seconds since ``started``
    (``time.perf_counter()``)."""
    command = " ".join([f"python benchmarks/{script}", *(argv if argv is not None else sys.argv[1:])])
    return {"command": command, **fields, "machine": machine_info(), "code": code_fingerprint(),
            "seconds": round(time.perf_counter() - started, 1)}


def write_results(path: Path, out: object, *, ensure_ascii: bool = True,
                  default: Callable[[object], object] | None = None, newline: bool = False, lead: str = "",
                  announce: bool = True) -> None:
    """Write ``out`` as indented JSON to ``path`` (making its folder) and print ``{lead}wrote {path}``.

    The keywords keep each script's existing file and console format: ``ensure_ascii``/``default`` go to
    ``json.dumps``, ``newline`` adds a final newline, ``lead`` prefixes the message, ``announce=False`` prints nothing.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2, ensure_ascii=ensure_ascii, default=default) + ("\n" if newline else ""))
    if announce:
        print(f"{lead}wrote {path}")
