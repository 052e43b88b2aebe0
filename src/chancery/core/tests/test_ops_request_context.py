"""Every request has an id, returned to the caller and carried by every log line it causes."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from chancery.core.tests.factories import UserFactory
from chancery.lib import logcontext
from chancery.lib.jsonlog import JsonFormatter


@pytest.fixture
def context_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.handler.addFilter(logcontext.ContextFilter())
    caplog.set_level(logging.INFO)
    return caplog


def test_response_carries_a_new_request_id(client: Client) -> None:
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_request_id_from_the_proxy_is_kept(client: Client) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "edge-7f3a.42"})

    assert response["X-Request-ID"] == "edge-7f3a.42"


def test_request_id_that_could_forge_log_lines_is_replaced(client: Client) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": 'x" level=critical'})

    assert response["X-Request-ID"] != 'x" level=critical'
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_of_a_request_carry_its_id_user_and_route(
    client: Client, db: None, context_logs: pytest.LogCaptureFixture
) -> None:
    user = UserFactory()
    client.force_login(user)

    response = client.get("/ops/jobs/", headers={"X-Request-ID": "req-123"})

    assert response.status_code == 403
    forbidden = [r for r in context_logs.records if r.name == "django.request"]
    assert forbidden, "Django logs the refused request"
    record = forbidden[0]
    assert (record.request_id, record.user_id, record.route) == (  # type: ignore[attr-defined]
        "req-123",
        user.pk,
        "core:jobs",
    )


def test_context_ends_with_the_request(
    client: Client, context_logs: pytest.LogCaptureFixture
) -> None:
    client.get("/healthz")

    logging.getLogger("chancery.test").warning("after the request")

    assert not hasattr(context_logs.records[-1], "request_id")


def test_json_log_line_includes_the_bound_context() -> None:
    record = logging.LogRecord("chancery.test", logging.INFO, __file__, 1, "hello", None, None)

    with logcontext.bound(request_id="abc", user_id=7, route="core:home"):
        logcontext.ContextFilter().filter(record)

    line = json.loads(JsonFormatter().format(record))
    assert (line["request_id"], line["user_id"], line["route"], line["msg"]) == (
        "abc",
        7,
        "core:home",
        "hello",
    )
