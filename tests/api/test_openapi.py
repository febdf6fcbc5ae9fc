"""/openapi.json is a valid OpenAPI 3.1 document, Swagger UI is served locally, and the running
app is exercised by schemathesis from that document."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from shared.bootstrap import Services
from shared.domain.partners import Partner, Role
from tests.auth_helpers import bearer_headers
from tests.e2e.conftest import free_port


def test_the_document_is_valid_openapi_3_1_and_describes_every_api_route(
    client: FlaskClient,
) -> None:
    document = client.get("/openapi.json").json

    validate(document)
    assert document["openapi"] == "3.1.0"
    paths = document["paths"]
    for path in (
        "/api/v1/tracks",
        "/api/v1/tracks/{obj_id}",
        "/api/v1/changes/{change_id}/undo",
        "/oauth/token",
        "/api/v1/audit",
        "/api/v1/users",
    ):
        assert path in paths
    patch = paths["/api/v1/tracks/{obj_id}"]["patch"]
    body = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/TrackPatch")
    assert document["components"]["schemas"]["TrackPatch"]["additionalProperties"] is False


def test_every_api_route_is_in_the_document(client: FlaskClient) -> None:
    """Routes whose views read their own request (files, raw bodies) are described too."""
    import re

    document = client.get("/openapi.json").json
    described = {(m.upper(), path) for path, ops in document["paths"].items() for m in ops}
    routes = {
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in client.application.url_map.iter_rules()
        if rule.rule.startswith(("/api/", "/oauth/", "/auth/"))
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }

    assert routes - described == set()
    validate_file = document["paths"]["/api/v1/validate"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in validate_file
    report = document["paths"]["/api/v1/imports/{job_id}/report"]["get"]["responses"]["200"]
    assert list(report["content"]) == ["text/csv"]


def test_swagger_ui_loads_its_assets_from_this_server(client: FlaskClient) -> None:
    page = client.get("/docs").get_data(as_text=True)
    asset = client.get("/docs/assets/swagger/swagger-ui-bundle.js")
    asset.close()

    assert "/docs/assets/swagger/swagger-ui-bundle.js" in page
    assert "http" not in page.split("<script>")[-1].split("url:")[0]
    assert asset.status_code == 200


@pytest.fixture
def served(services: Services) -> Iterator[str]:
    from waitress.server import create_server

    from shared.api import create_app

    port = free_port()
    server = create_server(create_app(lambda: services), host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.close()
    thread.join(timeout=5)


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors_or_schema_violations(
    served: str, services: Services, partner: Partner
) -> None:
    """The running app against its own document: no 5xx, responses match their schemas."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    # meaning is checked beyond the schema (cursors, filter names, check digits): a schema-valid
    # value may still be refused with a 422 naming it, so "accept every schema-valid request"
    # does not apply; every other check (5xx, undocumented status, response schema...) does

    schema = schemathesis.openapi.from_url(f"{served}/openapi.json")
    headers = bearer_headers(services, partner_id=partner.id, role=Role.LABEL)
    failures: list[str] = []
    tried: list[str] = []

    def exercise(op: Any) -> None:
        label = f"{op.method.upper()} {op.path}"
        # an optional feature documents its 503 (similar tracks on a server without pgvector)
        optional = "503" in op.definition.raw.get("responses", {})
        excluded = [positive_data_acceptance, *([not_a_server_error] if optional else [])]

        # one test per operation, built by this factory: @given refuses a function with
        # defaults, and an operation's failure must not stop the others from being tried
        @settings(
            max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(case=op.as_strategy())
        def run(case: Any) -> None:
            tried.append(label)
            case.call_and_validate(
                base_url=served, headers=headers, timeout=10, excluded_checks=excluded
            )

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report
            failures.append(f"{label}: {str(exc)[:600]}")

    operations = [r.ok() for r in schema.get_all_operations() if r.ok().method != "delete"]
    for op in operations:
        exercise(op)
    assert len(set(tried)) == len(operations)  # every operation really ran
    assert failures == []


def test_the_document_the_web_types_come_from_is_built_without_services() -> None:
    """`make web-types` builds it from the declarations alone (no database, no server)."""
    from shared.api.openapi_export import openapi_document

    document = openapi_document()

    status = document["components"]["schemas"]["UploadStatus"]
    notice = document["components"]["schemas"]["StatusNotice"]
    assert status["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/StatusNotice"}
    assert set(notice["required"]) == {"code", "message"}
