"""Reading request bodies and query strings strictly, into the pydantic models that describe them.

Python's json module accepts what an API must refuse: it keeps the last of duplicate keys, reads
NaN and Infinity, recurses until the interpreter's limit, and turns a 5,000-digit number into a
ValueError. Bodies are checked for those first (a number too long is a 422 naming its field),
then validated by pydantic in strict JSON mode (no "12" for 12); each problem names its field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import flask
from pydantic import BaseModel, ValidationError

from shared.errors import (
    InvalidField,
    InvalidFields,
    MalformedRequest,
    PayloadTooLarge,
    UnsupportedMediaType,
)

M = TypeVar("M", bound=BaseModel)

JSON_TYPES = ("application/json", "application/merge-patch+json")
MAX_NUMBER_CHARS = 50  # a number token; no field of ours needs more (int() of 4,300+ digits raises)


class _LongNumber(str):
    """A number token too long to convert, kept as text until its field is known."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise MalformedRequest(f"duplicate key {key!r} in a JSON object", field=key)
        seen[key] = value
    return seen


def _no_constants(name: str) -> Any:
    raise MalformedRequest(f"{name} is not a JSON number (NaN and Infinity are refused)")


def check_text(text: str, field: str | None = None) -> None:
    """Refuse what PostgreSQL cannot store in text: NUL characters and lone surrogates."""
    if "\x00" in text:
        raise MalformedRequest("text may not contain NUL (\\u0000) characters", field=field)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedRequest("text contains a lone UTF-16 surrogate", field=field) from None


def _number(text: str, convert: type[int] | type[float]) -> int | float | str:
    return _LongNumber(text) if len(text) > MAX_NUMBER_CHARS else convert(text)


def _depth(value: Any, limit: int) -> int:
    """The nesting depth of parsed JSON, walking iteratively (no recursion to exhaust); every
    string is checked on the way, and a number too long to read is refused naming its field."""
    deepest, stack = 0, [(value, 1, "")]
    while stack:
        item, level, path = stack.pop()
        if isinstance(item, _LongNumber):
            raise InvalidField(
                path or "body",
                f"is a number of {len(item):,} characters; a number has at most {MAX_NUMBER_CHARS}",
            )
        if isinstance(item, str):
            check_text(item, field=path or None)
        elif isinstance(item, dict):
            for key in item:
                check_text(key, field=path or None)
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            children = (
                (((f"{path}.{k}" if path else str(k)), v) for k, v in item.items())
                if isinstance(item, dict)
                else ((f"{path}[{i}]", v) for i, v in enumerate(item))
            )
            stack.extend((child, level + 1, where) for where, child in children)
    return deepest


def parse_json(raw: bytes, *, max_depth: int) -> Any:
    """Parse ``raw`` as strict JSON; MalformedRequest says what is wrong and where."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedRequest(f"the body is not UTF-8 (byte {exc.start})") from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constants,
            parse_int=lambda token: _number(token, int),
            parse_float=lambda token: _number(token, float),
        )
    except json.JSONDecodeError as exc:
        raise MalformedRequest(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise MalformedRequest(f"JSON nested deeper than {max_depth} levels") from None
    if _depth(value, max_depth) > max_depth:
        raise MalformedRequest(f"JSON nested deeper than {max_depth} levels")
    return value


def read_json_value(*, max_bytes: int, max_depth: int) -> Any:
    """The request's JSON body as plain JSON, through the same checks as ``read_json_body``
    (for GraphQL, whose variables no model describes)."""
    request = flask.request
    if request.mimetype not in JSON_TYPES:
        raise UnsupportedMediaType(
            f"send the body as application/json (got {request.mimetype or 'no content type'})"
        )
    request.max_content_length = max_bytes
    return parse_json(request.get_data(cache=True), max_depth=max_depth)


def read_json_body(model: type[M], *, max_bytes: int, max_depth: int, optional: bool = False) -> M:
    """The request's JSON body as ``model``: 415, 413, 400 or 422 problem+json otherwise.
    ``optional``: no body at all reads as ``{}`` (the model's defaults)."""
    request = flask.request
    if optional and not request.content_length and not request.get_data(cache=True).strip():
        return model.model_validate({}, strict=True)
    if request.mimetype not in JSON_TYPES:
        raise UnsupportedMediaType(
            f"send the body as application/json (got {request.mimetype or 'no content type'})"
        )
    request.max_content_length = max_bytes  # werkzeug answers 413 while reading past it
    raw = request.get_data(cache=True)
    parse_json(raw, max_depth=max_depth)
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        raise invalid_fields(exc) from None


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file posted as multipart 'file', or as the raw body (its name from ``?name=``)."""

    name: str | None
    data: bytes


def is_multipart() -> bool:
    """True when the request carries multipart/form-data (a file)."""
    return flask.request.mimetype == "multipart/form-data"


def read_file(*, max_bytes: int, raw: bool) -> UploadedFile | None:
    """The multipart part 'file' (or, with ``raw``, the whole body), at most ``max_bytes``:
    413 past it. None when there is no file (a JSON body instead)."""
    request = flask.request
    request.max_content_length = max_bytes  # werkzeug answers 413 while reading past it
    if is_multipart():
        part = request.files.get("file")
        if part is None:
            raise InvalidField("file", "post the file as multipart 'file'")
        data = part.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise PayloadTooLarge(f"the file is over {max_bytes:,} bytes")
        return UploadedFile(part.filename or None, data)
    if not raw:
        return None
    return UploadedFile(request.args.get("name"), request.get_data(cache=True))


def form_value(name: str) -> str | None:
    """One field of a form-encoded body, e.g. the client a refused token request claimed to be
    (read_form has already bounded the body of a token request); None when absent."""
    value = flask.request.form.get(name)
    return value if isinstance(value, str) else None


def read_form(model: type[M]) -> M:
    """An application/x-www-form-urlencoded body as ``model``; a repeated parameter is refused."""
    request = flask.request
    if request.mimetype != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType("send the form as application/x-www-form-urlencoded")
    request.max_content_length = 64 * 1024
    values: dict[str, Any] = {}
    for name, items in request.form.to_dict(flat=False).items():
        if len(items) > 1:  # RFC 6749 section 3.2: parameters must not be repeated
            raise MalformedRequest(f"parameter {name!r} is repeated", field=name)
        values[name] = items[0]
    try:
        return model.model_validate(values, strict=True)
    except ValidationError as exc:
        raise invalid_fields(exc) from None


def read_query(model: type[M], args: Mapping[str, list[str]]) -> M:
    """Query parameters as ``model`` (lax: query strings are text); 422 naming the parameter."""
    values: dict[str, Any] = {}
    for name, items in args.items():
        for item in items:
            try:
                check_text(item, field=name)
            except MalformedRequest as exc:
                raise InvalidField(name, exc.message) from None
        field = model.model_fields.get(name)
        many = field is not None and "list" in str(field.annotation)
        values[name] = items if many else items[-1]
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise invalid_fields(exc) from None


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


_FORBIDDEN = {"id", "partner_id", "version", "created_at", "updated_at", "deleted_at", "role"}


def _reason(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        name = str(error["loc"][-1]) if error["loc"] else ""
        if name in _FORBIDDEN:
            return "may not be set here (it is assigned by the server or by an admin)"
        return "is not a field of this request"
    if kind == "missing":
        return "is required"
    message = str(error["msg"]).removeprefix("Value error, ")
    got = error.get("input")
    if kind.endswith("_type") and not isinstance(got, dict | list):
        return f"{message} (got {type(got).__name__ if got is not None else 'null'})"
    return message


def invalid_fields(exc: ValidationError) -> InvalidFields:
    """One InvalidFields naming every bad field, in pydantic's order."""
    return InvalidFields([(_location(e["loc"]), _reason(e)) for e in exc.errors()])
