"""Completes the OpenAPI 3.1 document Ninja builds with what the API adds around operations:
problem responses, rate-limit headers, ``Idempotency-Key``, and scopes per operation."""

from __future__ import annotations

from typing import Any

from chancery.lib.problems import CONTENT_TYPE, PROBLEM_TYPES, STATUS_TITLES

_RATE_HEADERS = {
    "RateLimit-Limit": "Requests allowed in the current window.",
    "RateLimit-Remaining": "Requests left in the current window.",
    "RateLimit-Reset": "Seconds until the window ends.",
    "RateLimit-Policy": "The limit and its window, e.g. `1200;w=60`.",
}
_EVERY_OPERATION = (400, 401, 403, 422, 429, 500)
_WITH_BODY = (409, 413, 415)
_WITH_PATH_PARAMETERS = (404,)

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details, sent as `application/problem+json`.",
    "properties": {
        "type": {
            "type": "string",
            "format": "uri-reference",
            "description": "`about:blank` for plain HTTP failures, otherwise one of: "
            + ", ".join(f"`{kind.uri}`" for kind in PROBLEM_TYPES),
        },
        "title": {"type": "string", "description": "Short summary, in the request language."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What happened, in the request language."},
        "instance": {"type": "string", "format": "uri-reference"},
        "errors": {
            "type": "array",
            "description": "Validation failures, one per field.",
            "items": {"$ref": "#/components/schemas/ProblemError"},
        },
    },
    "required": ["type", "title", "status"],
}
PROBLEM_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "ProblemError",
    "properties": {
        "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"type": "string"},
        "type": {"type": "string"},
    },
    "required": ["loc", "msg", "type"],
}


def _header_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


def _problem_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": str(STATUS_TITLES[status]),
        "content": {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    if status == 429:
        response["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before retrying.",
                "schema": {"type": "integer"},
            },
            **{name: _header_ref(name) for name in _RATE_HEADERS},
        }
    return response


def _components(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {}).update(
        {"Problem": PROBLEM_SCHEMA, "ProblemError": PROBLEM_ERROR_SCHEMA}
    )
    components["responses"] = {
        f"Problem{status}": _problem_response(status)
        for status in sorted({*_EVERY_OPERATION, *_WITH_BODY, *_WITH_PATH_PARAMETERS})
    }
    components["headers"] = {
        name: {
            "description": text,
            "schema": {"type": "integer" if "Policy" not in name else "string"},
        }
        for name, text in _RATE_HEADERS.items()
    }
    components["headers"]["Idempotent-Replayed"] = {
        "description": "`true` when this is the stored response of an earlier request.",
        "schema": {"type": "string", "enum": ["true"]},
    }
    components["parameters"] = {
        "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "description": "Makes the request safe to retry for 24 hours: a retry with the same "
            "key and body gets the first response back instead of creating again.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
        }
    }


def _operation(path: str, method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    statuses = list(_EVERY_OPERATION)
    if method in {"post", "put", "patch"}:
        statuses += _WITH_BODY
    if "{" in path:
        statuses += _WITH_PATH_PARAMETERS
    for status, response in responses.items():
        if 200 <= int(status) < 300:
            headers = response.setdefault("headers", {})
            headers.update({name: _header_ref(name) for name in _RATE_HEADERS})
            if method == "post":
                headers["Idempotent-Replayed"] = _header_ref("Idempotent-Replayed")
    existing = {int(status) for status in responses}
    for status in statuses:
        if status not in existing:
            responses[status] = {"$ref": f"#/components/responses/Problem{status}"}
    if method == "post":
        operation.setdefault("parameters", []).append(
            {"$ref": "#/components/parameters/IdempotencyKey"}
        )
    scopes = operation.pop("x-required-scopes", None)
    if scopes:
        operation["security"] = [
            {name: (scopes if name == "TokenAuth" else [])}
            for requirement in operation.get("security", [])
            for name in requirement
        ]
        note = "Token scopes: " + ", ".join(f"`{scope}`" for scope in scopes) + "."
        operation["description"] = f"{operation.get('description', '')}\n\n{note}".strip()


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the API-wide parts to a schema Ninja generated; returns the same dict."""
    _components(schema)
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            _operation(path, method, operation)
    return schema
