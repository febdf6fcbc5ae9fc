"""POST /graphql (and GET for queries), GraphiQL in the browser from local assets.

The same bearer authentication, roles and partner scoping as REST. Errors are GraphQL errors
whose ``extensions`` carry the status and field of the catalog error behind them; internal
errors never show their message.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import flask
import strawberry
from graphql import GraphQLError

from shared.api.auth import current_principal
from shared.api.bodies import read_json_value
from shared.api.graphql.limits import screen_query
from shared.api.graphql.schema import Context, build_schema
from shared.api.requests import request_id
from shared.domain.partners import Role
from shared.errors import CatalogError, Forbidden, InvalidField, MalformedRequest

logger = logging.getLogger(__name__)

_GRAPHIQL = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>catalog GraphQL</title>
<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style>
<link rel="stylesheet" href="/docs/assets/graphiql/graphiql.min.css"></head>
<body><div id="graphiql">Loading…</div>
<script src="/docs/assets/react/react.production.min.js"></script>
<script src="/docs/assets/react-dom/react-dom.production.min.js"></script>
<script src="/docs/assets/graphiql/graphiql.min.js"></script>
<script>
const token = () => window.localStorage.getItem("catalog.token") || "";
const fetcher = GraphiQL.createFetcher({url: "/graphql",
  fetch: (url, opts) => fetch(url, {...opts, headers: {...opts.headers,
    Authorization: "Bearer " + token()}})});
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, {fetcher, defaultEditorToolsVisibility: true}));
</script></body></html>
"""


def _error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    body: dict[str, Any] = {"message": error.message}
    if error.path:
        body["path"] = error.path
    if isinstance(original, CatalogError):
        body["message"] = original.message
        body["extensions"] = {"status": original.status, "field": getattr(original, "field", None)}
    elif original is not None:
        logger.error("graphql request %s failed", request_id(), exc_info=original)
        body["message"] = f"internal error; quote request id {request_id()}"
    return body


def _request_body() -> tuple[str, dict[str, Any] | None, str | None]:
    from shared.api.context import current_services

    settings = current_services().settings
    if flask.request.method == "GET":
        args = flask.request.args
        return args.get("query", ""), None, args.get("operationName")
    body = read_json_value(
        max_bytes=settings.api_max_body_bytes, max_depth=settings.api_max_json_depth
    )
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        raise MalformedRequest('the body must be {"query": "...", "variables": {...}}', "query")
    variables = body.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise InvalidField("variables", "must be an object")
    return body["query"], variables, body.get("operationName")


def graphql_blueprint() -> flask.Blueprint:
    """The /graphql endpoint."""
    from shared.api.context import current_services

    bp = flask.Blueprint("graphql", __name__)
    schemas: dict[str, strawberry.Schema] = {}

    def schema() -> strawberry.Schema:
        if "schema" not in schemas:
            settings = current_services().settings
            schemas["schema"] = build_schema(
                max_depth=settings.graphql_max_depth, max_complexity=settings.graphql_max_complexity
            )
        return schemas["schema"]

    @bp.route("/graphql", methods=["GET", "POST"])
    def graphql() -> flask.Response:
        if flask.request.method == "GET" and "query" not in flask.request.args:
            return flask.Response(_GRAPHIQL, mimetype="text/html")
        principal = current_principal()
        if principal.role not in (Role.ADMIN, Role.LABEL, Role.API):
            raise Forbidden(f"the {principal.role.value} role may not do this")
        query, variables, operation = _request_body()
        refused = screen_query(query)
        if refused is not None:  # before strawberry: a flood costs a parse, and one log line
            logger.warning("graphql request %s from %s refused: %s", request_id(),
                           principal.client_id or principal.subject, refused)  # fmt: skip
            response = flask.jsonify({"data": None, "errors": [{"message": refused}]})
            response.status_code = 400
            return response
        built = current_services()
        is_get = flask.request.method == "GET"
        with built.uow() as uow:
            context = Context(
                built, uow, principal, None if principal.is_admin else principal.partner_scope()
            )
            result = asyncio.run(
                schema().execute(
                    query,
                    variable_values=variables,
                    context_value=context,
                    operation_name=operation,
                    allowed_operation_types={strawberry.types.graphql.OperationType.QUERY}
                    if is_get
                    else None,
                )
            )
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [_error(e) for e in result.errors]
        status = 400 if result.errors and result.data is None else 200
        response = flask.jsonify(payload)
        response.status_code = status
        return response

    return bp
