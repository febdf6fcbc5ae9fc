"""Routes declared with the pydantic models that validate them, and the OpenAPI 3.1 document
generated from exactly those models.

``ApiSpec.operation`` wraps a view: it authenticates (every operation but the public ones),
checks the role, reads the query string and the JSON body into their models (problem+json 4xx
naming the field otherwise), and serialises the returned model. ``ApiSpec.document`` describes
every registered operation; /openapi.json serves it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import flask
from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import models_json_schema

from shared.api.auth import current_principal
from shared.api.bodies import read_file, read_form, read_json_body, read_query
from shared.domain.partners import Role
from shared.errors import Forbidden

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
_PATH_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_REF = "#/components/schemas/{model}"


class Problem(BaseModel):
    """RFC 9457 problem details, as every error is answered."""

    model_config = ConfigDict(title="Problem")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    request_id: str
    field: str | None = None
    errors: list[dict[str, str]] | None = None


_ERROR_STATUSES = {
    400: "Malformed JSON (syntax, duplicate keys, NaN, nesting)",
    401: "No, expired or invalid access token",
    403: "The role may not do this",
    404: "Not found (also another partner's object)",
    409: "Conflict with a later change or a duplicate",
    413: "Body too large",
    415: "Body is not application/json",
    422: "A field is invalid; `field` names it",
    429: "Rate limit spent; see Retry-After",
    503: "An optional feature this server cannot offer (see /healthz features)",
}


@dataclass(frozen=True)
class Operation:
    """One registered route and the models that describe it."""

    method: Method
    rule: str
    summary: str
    tag: str
    roles: tuple[Role, ...]
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    public: bool
    operation_id: str
    form: type[BaseModel] | None = None
    description: str | None = None
    uploads: bool = False  # the body may also be a file: multipart 'file' (or the raw bytes)
    produces: str = "application/json"  # the success response's media type
    optional_feature: bool = False  # 503 when the server lacks what it needs (pgvector)


@dataclass
class ApiSpec:
    """The registry of operations for one app."""

    title: str = "catalog API"
    version: str = "1.0.0"
    max_body_bytes: Callable[[], int] = lambda: 4 * 1024 * 1024
    max_json_depth: Callable[[], int] = lambda: 32
    max_file_bytes: Callable[[], int] = lambda: 16 * 1024 * 1024
    operations: list[Operation] = field(default_factory=list)

    def operation(
        self, blueprint: flask.Blueprint, method: Method, rule: str, *, summary: str, tag: str,
        roles: tuple[Role, ...] = (), body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None, response: type[BaseModel] | None = None,
        status: int = 200, public: bool = False, description: str | None = None,
        form: type[BaseModel] | None = None, name: str | None = None,
        upload: Literal["none", "multipart", "raw"] = "none", optional_body: bool = False,
        produces: str = "application/json", optional_feature: bool = False,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:  # fmt: skip
        """Register ``view`` on ``blueprint`` and describe it in the document.

        ``upload``: the view gets ``file`` (an UploadedFile or None): "multipart" takes a
        multipart 'file' instead of the JSON ``body``, "raw" a multipart 'file' or the raw body.
        ``optional_body``: an empty body reads as the body model's defaults. ``produces``: the
        success response's media type when the view answers a file (a flask.Response).
        ``optional_feature``: documents a 503 for a server without what the feature needs.
        """

        def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
            endpoint = name or view.__name__
            self.operations.append(
                Operation(method, rule, summary, tag, roles, body, query, response, status,
                          public, endpoint, form, description or view.__doc__,
                          upload != "none", produces, optional_feature)
            )  # fmt: skip

            @functools.wraps(view)
            def handle(**path: Any) -> flask.Response:
                if not public:
                    principal = current_principal()
                    if roles and principal.role not in roles:
                        raise Forbidden(f"the {principal.role.value} role may not do this")
                kwargs = dict(path)
                if query is not None:
                    kwargs["query"] = read_query(query, flask.request.args.to_dict(flat=False))
                if form is not None:
                    kwargs["form"] = read_form(form)
                if upload != "none":
                    kwargs["file"] = read_file(max_bytes=self.max_file_bytes(), raw=upload == "raw")
                if body is not None and kwargs.get("file") is None:
                    kwargs["body"] = read_json_body(
                        body, max_bytes=self.max_body_bytes(), max_depth=self.max_json_depth(),
                        optional=optional_body,
                    )  # fmt: skip
                elif body is not None:
                    kwargs["body"] = None
                return _reply(view(**kwargs), status)

            blueprint.add_url_rule(rule, endpoint, handle, methods=[method])
            return handle

        return decorate

    def document(self, server_url: str | None = None) -> dict[str, Any]:
        """The OpenAPI 3.1 document of every registered operation."""
        models = _models_of(self.operations)
        keyed, defs = models_json_schema(models, ref_template=_REF)
        schemas = dict(defs.get("$defs", {}))
        _refuse_twice_named(schemas)
        schemas["__query__"] = {}
        paths: dict[str, dict[str, Any]] = {}
        for op in self.operations:
            path, params = _openapi_path(op.rule)
            paths.setdefault(path, {})[op.method.lower()] = _describe(op, params, keyed, schemas)
        del schemas["__query__"]
        document: dict[str, Any] = {
            "openapi": "3.1.0",
            "info": {"title": self.title, "version": self.version,
                     "description": "REST API of the music catalog. Errors are RFC 9457 "
                                    "problem+json. Authenticate with an OAuth2 access token."},
            "paths": paths,
            "components": {"schemas": schemas, "securitySchemes": _SECURITY_SCHEMES},
            "security": [{"bearer": []}],
        }  # fmt: skip
        if server_url:
            document["servers"] = [{"url": server_url}]
        return document


_SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    "oauth2": {
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {}}},
    },
}


def _reply(result: Any, status: int) -> flask.Response:
    if isinstance(result, flask.Response):
        return result
    if status == 204:
        return flask.Response(status=204)
    response = flask.jsonify(result.model_dump(mode="json") if isinstance(result, BaseModel)
                             else result)  # fmt: skip
    response.status_code = status
    return response


def _refuse_twice_named(schemas: dict[str, Any]) -> None:
    """pydantic publishes two models of one name under module-qualified names
    (``shared__api__stats__X``), and the UI's generated types would lose the short one: refuse
    it when the document is built, naming both."""
    qualified = sorted(name for name in schemas if "__" in name)
    if qualified:
        raise TypeError(f"API models share a name: {', '.join(qualified)}; rename one")


def _models_of(operations: list[Operation]) -> list[tuple[type[BaseModel], Any]]:
    seen: dict[tuple[type[BaseModel], str], None] = {(Problem, "serialization"): None}
    for op in operations:
        for model, mode in ((op.body, "validation"), (op.query, "validation"),
                            (op.form, "validation"), (op.response, "serialization")):  # fmt: skip
            if model is not None:
                seen[(model, mode)] = None
    return list(seen)


def _openapi_path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    params = []
    for converter, name in _PATH_PARAM.findall(rule):
        schema: dict[str, Any] = {"type": "string"}
        if converter == "uuid":
            schema["format"] = "uuid"
        elif converter == "int":
            schema = {"type": "integer"}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return _PATH_PARAM.sub(r"{\2}", rule), params


def _query_parameters(
    model: type[BaseModel], keyed: dict[Any, Any], schemas: dict[str, Any]
) -> list[dict[str, Any]]:
    ref = keyed[(model, "validation")]["$ref"].rsplit("/", 1)[-1]
    component = schemas["__query__"].get(ref) or schemas[ref]
    schemas["__query__"][ref] = component
    schemas.pop(ref, None)  # parameters, not a body: no component of its own
    required = set(component.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": schema,
         **({"description": schema["description"]} if "description" in schema else {})}
        for name, schema in component.get("properties", {}).items()
    ]  # fmt: skip


def _describe(
    op: Operation, params: list[dict[str, Any]], keyed: dict[Any, Any], schemas: dict[str, Any]
) -> dict[str, Any]:
    parameters = list(params)
    if op.query is not None:
        parameters += _query_parameters(op.query, keyed, schemas)
    described: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": [op.tag],
        "parameters": parameters,
        "responses": _responses(op, keyed),
    }
    if op.description:
        described["description"] = op.description.strip()
    if op.body is not None or op.uploads:
        described["requestBody"] = {"required": True, "content": _request_content(op, keyed)}
    if op.form is not None:
        described["requestBody"] = {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {"schema": keyed[(op.form, "validation")]}
            },
        }
    if op.public:
        described["security"] = []
    if op.roles:
        described["x-roles"] = [role.value for role in op.roles]
    return described


def _request_content(op: Operation, keyed: dict[Any, Any]) -> dict[str, Any]:
    content: dict[str, Any] = {}
    if op.body is not None:
        content["application/json"] = {"schema": keyed[(op.body, "validation")]}
    if op.uploads:
        file = {"type": "string", "format": "binary"}
        content["multipart/form-data"] = {
            "schema": {"type": "object", "properties": {"file": file}, "required": ["file"]}
        }
    return content


def _responses(op: Operation, keyed: dict[Any, Any]) -> dict[str, Any]:
    problem = {"application/problem+json": {"schema": {"$ref": _REF.format(model="Problem")}}}
    responses: dict[str, Any] = {}
    if op.status == 204:
        responses["204"] = {"description": "Done"}
    else:
        ok: dict[str, Any] = {"description": "OK"}
        if op.response is not None:
            schema = keyed[(op.response, "serialization")]
            ok["content"] = {op.produces: {"schema": schema}}
        elif op.produces != "application/json":
            ok["content"] = {op.produces: {"schema": {"type": "string"}}}
        responses[str(op.status)] = ok
        if op.operation_id.startswith("bulk_edit"):  # large bulk edits run in the background
            responses["202"] = {**ok, "description": "Accepted: follow Location for progress"}
    has_body = op.body is not None or op.form is not None or op.uploads
    statuses = [400, 413, 415, 422] if has_body else []
    statuses += [422] if op.query is not None and 422 not in statuses else []
    statuses += [401] if op.public and op.rule.startswith(("/auth", "/oauth")) else []
    statuses += [] if op.public else [401, 403, 429]
    statuses += [404] if not op.public else []  # another partner's (or a missing) object
    statuses += [409] if op.method in ("POST", "PATCH", "DELETE") else []
    statuses += [503] if op.optional_feature else []
    for status in sorted(set(statuses)):
        responses[str(status)] = {"description": _ERROR_STATUSES[status], "content": problem}
    return responses
