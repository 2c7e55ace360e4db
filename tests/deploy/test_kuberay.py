"""deploy/kuberay/rayjob.yaml is a valid RayJob (schema written from KubeRay's CRD) whose entrypoint is a valid
`npslens classify` folder-mode command line; broken manifests fail the same check."""

from __future__ import annotations

import copy
import json
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from cli.main import app

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "kuberay"
jsonschema = pytest.importorskip("jsonschema")


def manifest() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "rayjob.yaml").read_text(encoding="utf-8"))


def errors(doc: dict[str, Any]) -> list[str]:
    schema = json.loads((DEPLOY / "rayjob.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads((DEPLOY / "rayjob.schema.json").read_text()))


def test_manifest_is_valid():
    assert errors(manifest()) == []


def set_path(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    node: Any = out
    keys = [int(k) if k.isdigit() else k for k in path.split("/")]
    for k in keys[:-1]:
        node = node[k]
    if value is KeyError:
        del node[keys[-1]]
    else:
        node[keys[-1]] = value
    return out


@pytest.mark.parametrize(("path", "value", "why"), [
    ("spec/entrypoint", KeyError, "'entrypoint' is a required property"),
    ("kind", "RayCluster", "'RayJob' was expected"),
    ("spec/rayClusterSpec/headGroupSpec/rayStartParams/num-cpus", 0, "is not of type 'string'"),
    ("spec/shutdownAfterJobFinish", True, "Additional properties are not allowed"),
    ("spec/rayClusterSpec/workerGroupSpecs/0/replicas", "4", "is not of type 'integer'"),
    ("spec/rayClusterSpec/workerGroupSpecs/0/template/spec/containers/0/resources/limits/memory", "16 GB",
     "is not valid under any of the given schemas"),
    ("spec/rayClusterSpec/headGroupSpec/template", KeyError, "'template' is a required property"),
    ("metadata/name", "NPSLens_Q3", "does not match"),
])
def test_broken_manifest_fails(path, value, why):
    found = errors(set_path(manifest(), path, value))
    assert found and any(why in e for e in found), found


def test_entrypoint_is_a_valid_classify_folder_command():
    import typer.main

    args = shlex.split(manifest()["spec"]["entrypoint"])
    assert args[:2] == ["npslens", "classify"]
    command = typer.main.get_command(app).commands["classify"]  # type: ignore[attr-defined]
    ctx = command.make_context("classify", args[2:])  # unknown options or bad values raise here
    assert ctx.params["engine"] == "ray" and ctx.params["ray_address"] == "auto"
    assert ctx.params["output_format"] == "parquet-dir" and ctx.params["output"].endswith("/")
