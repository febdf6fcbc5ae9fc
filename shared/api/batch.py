"""REST endpoints of imports, exports and validation (the web UI's and API users').

/api/v1/imports: create a job (then upload to its signed URL, or post the file as multipart),
preview the detected mapping, start with a mapping and a mode, read status and the row report.
/api/v1/exports: start an export and get its status with a signed download URL.
/api/v1/releases/<id>/validation: findings for a release, each pointing at the field to fix.
/api/v1/validate: findings for a posted DDEX, CSV, JSON or CWR file.
Other partners' jobs and releases answer 404.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from uuid import UUID

import flask

from shared.api.auth import current_principal, requires
from shared.api.bodies import parse_json
from shared.domain.partners import Role
from shared.errors import InvalidField, PayloadTooLarge
from shared.ports import JsonObject
from shared.services.exports import request_from_json
from shared.services.imports import options_from_json

_ROLES = (Role.ADMIN, Role.LABEL, Role.API)


def _services() -> Any:
    from shared.api.context import current_services

    return current_services()


def _partner() -> UUID:
    requested = flask.request.args.get("partner_id")
    try:
        wanted = UUID(requested) if requested else None
    except ValueError:
        raise InvalidField("partner_id", f"{requested!r} is not an id") from None
    return current_principal().partner_scope(wanted)


def _scope() -> str | None:
    """The partner whose jobs the caller may see (None: an admin sees every partner's)."""
    principal = current_principal()
    return (
        None if principal.is_admin and not flask.request.args.get("partner_id") else str(_partner())
    )


def _body() -> dict[str, Any]:
    """The JSON object of a small request body, read by the same strict rules as every API body
    (duplicate keys, NaN, NUL and lone surrogates 400; a number too long 422 naming its field)."""
    raw = flask.request.get_data(cache=True)
    if not raw.strip():
        return {}
    body = parse_json(raw, max_depth=_services().settings.api_max_json_depth)
    if not isinstance(body, dict):
        raise InvalidField("body", "must be a JSON object")
    return body


def _now() -> datetime:
    from shared.api.context import current_services

    return current_services().clock()


def _with_import_links(doc: JsonObject) -> JsonObject:
    if doc.get("report_object"):
        doc = {**doc, "report_url": f"/api/v1/imports/{doc['id']}/report"}
    return doc


def batch_blueprint() -> flask.Blueprint:
    """The imports, exports and validation routes."""
    bp = flask.Blueprint("batch", __name__, url_prefix="/api/v1")

    @bp.post("/imports")
    @requires(*_ROLES)
    def create_import() -> tuple[flask.Response, int]:
        built, partner_id = _services(), _partner()
        principal = current_principal()
        upload = flask.request.files.get("file")
        if upload is not None:  # multipart: the file comes with the request
            doc = built.imports.create_job(
                partner_id, upload.filename or "import", principal.actor(), now=_now()
            )
            doc = built.imports.store_file(partner_id, str(doc["id"]), upload.stream, now=_now())
            preview = built.imports.preview(partner_id, str(doc["id"]))
            return flask.jsonify({**doc, "preview": preview}), 201
        body = _body()
        name = body.get("file_name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidField(
                "file_name", "name the file to import (or post it as multipart 'file')"
            )
        doc = built.imports.create_job(partner_id, name, principal.actor(), now=_now())
        return flask.jsonify({**doc, "upload_url": built.imports.upload_url(doc)}), 201

    @bp.get("/imports")
    @requires(*_ROLES)
    def list_imports() -> flask.Response:
        return flask.jsonify(
            {"imports": [_with_import_links(d) for d in _services().imports.jobs.list(_scope())]}
        )

    @bp.get("/imports/<job_id>")
    @requires(*_ROLES)
    def get_import(job_id: str) -> flask.Response:
        return flask.jsonify(_with_import_links(_services().imports.jobs.get(job_id, _scope())))

    @bp.post("/imports/<job_id>/preview")
    @requires(*_ROLES)
    def preview_import(job_id: str) -> flask.Response:
        options = options_from_json(_body())
        return flask.jsonify(_services().imports.preview(_partner(), job_id, options))

    @bp.post("/imports/<job_id>/start")
    @requires(*_ROLES)
    def start_import(job_id: str) -> tuple[flask.Response, int]:
        options = options_from_json(_body())
        doc = _services().imports.start(_partner(), job_id, options, now=_now())
        return flask.jsonify(doc), 202

    @bp.get("/imports/<job_id>/report")
    @requires(*_ROLES)
    def import_report(job_id: str) -> flask.Response:
        partner = _scope()
        stream = _services().imports.read_report(UUID(partner) if partner else None, job_id)
        return flask.send_file(
            stream,
            mimetype="text/csv",
            as_attachment=True,
            download_name=f"import-{job_id}-report.csv",
        )

    @bp.post("/exports")
    @requires(*_ROLES)
    def start_export() -> tuple[flask.Response, int]:
        request = request_from_json(_body())
        doc = _services().exports.start(
            _partner(), request, current_principal().actor(), now=_now()
        )
        return flask.jsonify(doc), 202

    @bp.get("/exports")
    @requires(*_ROLES)
    def list_exports() -> flask.Response:
        return flask.jsonify({"exports": _services().exports.jobs.list(_scope())})

    @bp.get("/exports/<job_id>")
    @requires(*_ROLES)
    def get_export(job_id: str) -> flask.Response:
        built, scope = _services(), _scope()
        doc = built.exports.jobs.get(job_id, scope)
        if doc.get("state") == "succeeded":
            doc = {
                **doc,
                "download_url": built.exports.download_url(UUID(scope) if scope else None, job_id),
            }
        return flask.jsonify(doc)

    @bp.get("/releases/<release_id>/validation")
    @requires(*_ROLES)
    def release_validation(release_id: str) -> flask.Response:
        try:
            wanted = UUID(release_id)
        except ValueError:
            raise InvalidField("release_id", f"{release_id!r} is not an id") from None
        return flask.jsonify(
            _services().validation.release_findings(_partner(), wanted, now=_now())
        )

    @bp.post("/validate")
    @requires(*_ROLES)
    def validate_file() -> flask.Response:
        _partner()  # the caller must be scoped to a partner like every other route
        upload = flask.request.files.get("file")
        data = upload.read() if upload is not None else flask.request.get_data()
        if not data:
            raise InvalidField("file", "post the file as the body or as multipart 'file'")
        if len(data) > 16 * 1024 * 1024:
            raise PayloadTooLarge(
                "validate files up to 16 MB here; use `catalog validate` for more"
            )
        name = (
            upload.filename if upload is not None else flask.request.args.get("name")
        ) or "upload"
        result = _services().validation.validate_file(lambda: io.BytesIO(data), name)
        return flask.jsonify(
            {
                "kind": result.kind,
                "valid": result.exit_code == 0,
                "unreadable": result.unreadable,
                "findings": [f.to_json() for f in result.findings],
            }
        )

    return bp
