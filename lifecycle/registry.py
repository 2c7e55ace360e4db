"""Model lifecycle: register a model folder, promote it past the gate, roll back.

Used by ``npslens models``, training and the API's promote endpoint. The registry file's schema and its
one reader are :mod:`nlp.artifacts.registry_file`; this module only writes it. Every write is
read-modify-write under an exclusive lock file, then a temporary file and ``os.replace``: readers see
the old or the new registry, never half of one, and two writers never lose each other's change.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lifecycle.gate import GateResult, Progress, compare_on_eval_set, compare_stored
from nlp.artifacts.folder import read_artifact
from nlp.artifacts.names import REGISTRY
from nlp.artifacts.registry_file import (
    HistoryEvent,
    ModelEntry,
    Registry,
    load_registry,
    model_dir,
    models_root,
    registry_file,
)
from nlp.digest import file_sha256
from nlp.errors import ArtifactError, ConfigError, ModelNotFoundError, NPSLensError
from nlp.metrics import headline
from nlp.pipeline import Analyzer

_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write(reg: Registry, root: Path) -> None:
    path = registry_file(root)
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{REGISTRY}.", suffix=".tmp", dir=root)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(reg.model_dump_json(indent=2, exclude_defaults=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with (root / f".{REGISTRY}.lock").open("a") as lock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: single-writer only
            yield
            return
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def update_registry(fn: Callable[[Registry], Any], root: Path | None = None) -> Any:
    """Apply ``fn`` to the registry under the lock and write it atomically; returns what ``fn`` returns.

    Nothing is written when ``fn`` raises.
    """
    root = root or models_root()
    with _locked(root):
        reg = load_registry(root)
        out = fn(reg)
        _write(reg, root)
        return out


# ------------------------------------------------------------------ versions
def parse_version(v: str) -> tuple[int, int, int]:
    m = _SEMVER.match(v)
    if not m:
        raise ConfigError(f"version {v!r} is not MAJOR.MINOR.PATCH")
    return int(m[1]), int(m[2]), int(m[3])


def next_version(reg: Registry, base: str | None, *, major: bool) -> str:
    """The next free version: a major bump for a taxonomy/label change, else a minor bump of ``base``'s line."""
    known = [parse_version(e.version) for e in reg.models]
    if major or base is None:
        return f"{max((k[0] for k in known), default=0) + 1}.0.0"
    b = parse_version(base)[0]
    return f"{b}.{max((k[1] for k in known if k[0] == b), default=0) + 1}.0"


# ------------------------------------------------------------------ operations
def register(path: str | Path, *, root: Path | None = None, base: str | None = None) -> ModelEntry:
    """Add a model folder (verified) to the registry as a challenger; idempotent for the same folder.

    Its headline metrics are those on the fixed reference set when training recorded them (``base_test``:
    comparable across versions), else its own test metrics.

    Raises:
        ArtifactError: the folder is not a complete model, or its version is taken by another folder.
    """
    root = root or models_root()
    art = read_artifact(path)
    p = Path(path).resolve()
    rel = str(p.relative_to(root.resolve())) if p.is_relative_to(root.resolve()) else str(p)
    entry = ModelEntry(name=art.meta.name, version=art.meta.version, path=rel, created=art.meta.created,
                       taxonomy=art.taxonomy.name, taxonomy_fingerprint=art.meta.taxonomy_fingerprint,
                       themes=len(art.taxonomy.themes), base=base,
                       headline=art.metrics.get("base_test", {}).get("new") or headline(art.metrics))

    def add(reg: Registry) -> ModelEntry:
        for e in reg.models:
            if e.version == entry.version:
                if e.path != entry.path:
                    raise ArtifactError(f"version {entry.version} is already registered for {e.path}; "
                                        "retrain with a new version")
                return e
        reg.models.append(entry)
        reg.history.append(HistoryEvent(action="register", version=entry.version, at=_now()))
        return entry

    return update_registry(add, root)


def gate_check(version: str, *, root: Path | None = None, tolerance: float | None = None,
               eval_data: str | Path | None = None, loaded: dict[str, Analyzer] | None = None,
               progress: Progress | None = None) -> GateResult:
    """Compare ``version`` with the champion: live on the fixed evaluation set (``eval_data`` or the
    registry's ``eval_set``), else from the challenger's metrics.json when it was evaluated against the champion.

    ``loaded`` maps versions to analyzers already in memory (reused, and filled with what this loads).
    ``progress(done, total)`` reports the live evaluation's examples (:data:`lifecycle.gate.Progress`); it is not
    called when nothing is evaluated (no champion, or the stored comparison).
    """
    root = root or models_root()
    reg = load_registry(root)
    chal = reg.entry(version)
    tol = reg.gate.tolerance if tolerance is None else tolerance
    if reg.champion is None:
        return GateResult(True, chal.version, None, tol, "-", notes=["no champion yet"])
    champ = reg.entry(reg.champion)
    loaded = loaded if loaded is not None else {}
    path: Path | None = Path(eval_data) if eval_data else None
    name = None
    if path is None and reg.eval_set is not None:
        path = root / reg.eval_set.path
        if not path.exists() or file_sha256(path) != reg.eval_set.sha256:
            raise ArtifactError(f"the registry's fixed evaluation set {path} is missing or was modified "
                                f"(sha256 should be {reg.eval_set.sha256[:12]}…); restore it")
        name = f"fixed evaluation set {reg.eval_set.path}"
    if path is not None:
        for e in (champ, chal):
            if e.version not in loaded:
                encoder = next(iter(loaded.values())).encoder if loaded else None
                art = read_artifact(model_dir(e, root))
                loaded[e.version] = Analyzer.from_artifact(art, share=encoder)
        return compare_on_eval_set(loaded[chal.version], loaded[champ.version], path, tolerance=tol, eval_name=name,
                                   progress=progress)
    metrics = read_artifact(model_dir(chal, root), verify=False).metrics
    stored = compare_stored(metrics, chal.version, champ.version, tolerance=tol)
    if stored is None:
        return GateResult(False, chal.version, champ.version, tol, "-", reasons=[
            f"no common evaluation: the registry has no fixed evaluation set and {chal.version} was not evaluated "
            f"against champion {champ.version} when trained; pass an evaluation file"])
    return stored


def promote(version: str, *, root: Path | None = None, force: bool = False, tolerance: float | None = None,
            eval_data: str | Path | None = None, loaded: dict[str, Analyzer] | None = None,
            note: str = "", checked: GateResult | None = None, progress: Progress | None = None) -> GateResult:
    """Make ``version`` the champion if it passes the gate (or ``force``); record it in the history.

    ``checked`` is a :func:`gate_check` result computed just before (the API checks, loads and warms the
    challenger, then promotes), so the gate does not run twice. ``progress`` goes to :func:`gate_check`.

    Raises:
        ModelNotFoundError: unknown version.
        GateRefusedError: the gate refused and ``force`` is false (``.result`` says why).
    """
    root = root or models_root()
    result = checked or gate_check(version, root=root, tolerance=tolerance, eval_data=eval_data, loaded=loaded,
                                   progress=progress)
    if not result.ok and not force:
        raise GateRefusedError(result)

    def apply(reg: Registry) -> None:
        entry = reg.entry(version)
        if reg.champion == entry.version:
            return
        forced = force and not result.ok
        reg.history.append(HistoryEvent(action="promote", version=entry.version, previous=reg.champion, at=_now(),
                                        forced=forced, note=note or ("; ".join(result.reasons) if forced else "")))
        reg.champion = entry.version

    update_registry(apply, root)
    return result


def rollback(*, root: Path | None = None, note: str = "") -> tuple[str, str]:
    """Restore the champion that the last (not yet rolled back) promote replaced.

    Returns:
        (restored version, the version that was champion).

    Raises:
        ModelNotFoundError: nothing to roll back to.
    """
    def apply(reg: Registry) -> tuple[str, str]:
        stack = reg.rollback_stack()
        if not stack or stack[-1] is None or reg.champion is None:
            raise ModelNotFoundError("nothing to roll back: no earlier champion in the registry's history")
        current, restored = reg.champion, stack[-1]
        reg.entry(restored)
        reg.history.append(HistoryEvent(action="rollback", version=restored, previous=current, at=_now(), note=note))
        reg.champion = restored
        return restored, current

    return update_registry(apply, root or models_root())


class GateRefusedError(NPSLensError):
    """The promote gate refused the challenger."""

    code = "promote_refused"

    def __init__(self, result: GateResult) -> None:
        self.result = result
        super().__init__(result.explain())
