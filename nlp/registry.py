"""The model registry (``models/registry.json``): versions, champion, history; promote with a gate, rollback.

Used by ``npslens models`` and by the API's promote endpoint, so it lives in the library. Every write is
read-modify-write under an exclusive lock file, then a temporary file and ``os.replace``: readers see
the old or the new registry, never half of one, and two writers never lose each other's change.

Layout::

    {"champion": "1.1.0",
     "models": [{"name": "npslens-default", "version": "1.0.0", "path": "npslens-default-1.0.0", ...}],
     "history": [{"action": "promote", "version": "1.1.0", "previous": "1.0.0", "at": "...", ...}],
     "eval_set": {"path": "eval/seed-test-v1.jsonl", "sha256": "..."},
     "gate": {"tolerance": 0.01}}
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp.artifacts import models_root, read_artifact
from nlp.encoders import can_share
from nlp.errors import ArtifactError, ConfigError, ModelNotFoundError, NPSLensError
from nlp.gate import DEFAULT_TOLERANCE, GateResult, compare_on_eval_set, compare_stored, file_sha256
from nlp.metrics import headline
from nlp.pipeline import Analyzer

REGISTRY = "registry.json"
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


class ModelEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: str = Field(pattern=_SEMVER.pattern)
    path: str = Field(description="Folder, relative to the registry's folder (or absolute).")
    created: str | None = None
    taxonomy: str | None = None
    taxonomy_fingerprint: str | None = None
    themes: int | None = None
    base: str | None = Field(None, description="Version it was retrained from.")
    headline: dict[str, float | None] = Field(default_factory=dict)


class HistoryEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["register", "promote", "rollback"]
    version: str
    previous: str | None = None
    at: str
    forced: bool = False
    note: str = ""


class EvalSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    sha256: str
    description: str = ""


class GateSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tolerance: float = Field(DEFAULT_TOLERANCE, ge=0, le=1)


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    champion: str | None = None
    models: list[ModelEntry] = Field(default_factory=list)
    history: list[HistoryEvent] = Field(default_factory=list)
    eval_set: EvalSet | None = None
    gate: GateSettings = Field(default_factory=GateSettings)

    def entry(self, version: str) -> ModelEntry:
        """The entry for ``version`` (or ``name-version``).

        Raises:
            ModelNotFoundError: not registered (the message lists the known versions).
        """
        for e in self.models:
            if version in (e.version, f"{e.name}-{e.version}"):
                return e
        raise ModelNotFoundError(f"no model version {version!r} in the registry; known: "
                                 f"{[e.version for e in self.models] or 'none'}")

    def rollback_stack(self) -> list[str | None]:
        """Champions to go back to, most recent last (promotes push, rollbacks pop)."""
        stack: list[str | None] = []
        for ev in self.history:
            if ev.action == "promote":
                stack.append(ev.previous)
            elif ev.action == "rollback" and stack:
                stack.pop()
        return stack


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def registry_file(root: Path | None = None) -> Path:
    return (root or models_root()) / REGISTRY


def load_registry(root: Path | None = None) -> Registry:
    """Read the registry (an empty one when the file does not exist).

    Raises:
        ArtifactError: the file is not valid JSON or breaks the schema.
    """
    path = registry_file(root)
    if not path.exists():
        return Registry()
    try:
        return Registry.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, ValueError) as err:
        raise ArtifactError(f"{path} is not a valid model registry: {err}") from None


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


def model_dir(entry: ModelEntry, root: Path | None = None) -> Path:
    return (root or models_root()) / entry.path


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

    return update_registry(add, root)  # type: ignore[no-any-return]


def gate_check(version: str, *, root: Path | None = None, tolerance: float | None = None,
               eval_data: str | Path | None = None, loaded: dict[str, Analyzer] | None = None) -> GateResult:
    """Compare ``version`` with the champion: live on the fixed evaluation set (``eval_data`` or the
    registry's ``eval_set``), else from the challenger's metrics.json when it was evaluated against the champion.

    ``loaded`` maps versions to analyzers already in memory (reused, and filled with what this loads).
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
                loaded[e.version] = Analyzer.from_artifact(art, encoder=encoder if can_share(encoder, art) else None)
        return compare_on_eval_set(loaded[chal.version], loaded[champ.version], path, tolerance=tol, eval_name=name)
    metrics = read_artifact(model_dir(chal, root), verify=False).metrics
    stored = compare_stored(metrics, chal.version, champ.version, tolerance=tol)
    if stored is None:
        return GateResult(False, chal.version, champ.version, tol, "-", reasons=[
            f"no common evaluation: the registry has no fixed evaluation set and {chal.version} was not evaluated "
            f"against champion {champ.version} when trained; pass an evaluation file"])
    return stored


def promote(version: str, *, root: Path | None = None, force: bool = False, tolerance: float | None = None,
            eval_data: str | Path | None = None, loaded: dict[str, Analyzer] | None = None,
            note: str = "", checked: GateResult | None = None) -> GateResult:
    """Make ``version`` the champion if it passes the gate (or ``force``); record it in the history.

    ``checked`` is a :func:`gate_check` result computed just before (the API checks, loads and warms the
    challenger, then promotes), so the gate does not run twice.

    Raises:
        ModelNotFoundError: unknown version.
        GateRefusedError: the gate refused and ``force`` is false (``.result`` says why).
    """
    root = root or models_root()
    result = checked or gate_check(version, root=root, tolerance=tolerance, eval_data=eval_data, loaded=loaded)
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

    return update_registry(apply, root or models_root())  # type: ignore[no-any-return]


class GateRefusedError(NPSLensError):
    """The promote gate refused the challenger."""

    code = "promote_refused"

    def __init__(self, result: GateResult) -> None:
        self.result = result
        super().__init__(result.explain())
