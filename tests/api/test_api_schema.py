"""Schemathesis over the whole OpenAPI schema, in-process (ASGI): no 5xx, and every response matches the schema.

One test per operation, each with a bounded number of generated examples (positive and negative data).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from conftest import AUTH, fast_runner, make_settings
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.core.settings import Settings
from api.main import create_app

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# deterministic in CI; NPSLENS_SCHEMATHESIS_EXAMPLES=500 NPSLENS_SCHEMATHESIS_RANDOM=1 for a deeper local hunt
MAX_EXAMPLES = int(os.environ.get("NPSLENS_SCHEMATHESIS_EXAMPLES", "60"))
DERANDOMIZE = not os.environ.get("NPSLENS_SCHEMATHESIS_RANDOM")
# the operations, read from a fresh app's schema (building an app loads nothing: no lifespan runs)
_SPEC = create_app(Settings(_env_file=None)).openapi()  # type: ignore[call-arg]
OPERATIONS = [(path, method.upper()) for path, ops in _SPEC["paths"].items() for method in ops]


@pytest.fixture(scope="module")
def app_and_schema(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path
                   ) -> tuple[FastAPI, schemathesis.BaseSchema]:
    app = create_app(make_settings(tmp_path_factory.mktemp("schemathesis"), tiny_model_dir), report_runner=fast_runner)
    return app, schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture
def api_schema(app_and_schema: tuple[FastAPI, schemathesis.BaseSchema]) -> Iterator[schemathesis.BaseSchema]:
    """The schema, its app started and ready (schemathesis ends the app's lifespan after every test)."""
    app, schema = app_and_schema
    schema["/health"]["GET"].Case().call()  # starts the lifespan that serves the generated cases
    deadline = time.monotonic() + 60
    while not app.state.service.ready:
        assert time.monotonic() < deadline, "the app did not become ready"
        time.sleep(0.02)
    yield schema


def test_the_schema_lists_every_operation():
    assert len(OPERATIONS) >= 15


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_operation_conforms(api_schema, path: str, method: str):
    operation = api_schema[path][method]

    @given(case=st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                          operation.as_strategy(GenerationMode.NEGATIVE)))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              derandomize=DERANDOMIZE)
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=AUTH, checks=CHECKS)

    check()
