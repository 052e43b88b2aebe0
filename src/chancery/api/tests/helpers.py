"""Assertions shared by the API's tests."""

from __future__ import annotations

from typing import Any


def bearer(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with ``status``; returns its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["type"] == "about:blank" or body["type"].startswith("urn:chancery:problem:")
    assert body["instance"] == response.wsgi_request.path
    assert "Traceback" not in response.content.decode()
    return body
