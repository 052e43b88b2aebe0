"""Every route, every kind of user: anonymous visitors are sent to sign in, staff reach what
their roles allow and are refused (403/404) the rest, and nothing answers 500.

The table of who may reach what is ``tests/authz_routes.py``; a route missing from it fails
``test_every_route_is_in_the_authorization_table``.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chancery.core.constants import Clearance, Role
from chancery.core.decorators import holds_any_role
from chancery.core.models import Unit, User
from chancery.core.tests.factories import UnitFactory, UserFactory
from tests.authz_routes import ADMIN_SITE, GROUPS, NOT_A_PAGE, PUBLIC, ROUTES, STAFF, Route

ROLES = (Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD, Role.LEADER, Role.ADMIN)
CLEARANCES = (Clearance.UNCLASSIFIED, Clearance.TOP_SECRET)
UNIT_KINDS = ("headquarters", "mission")
PEOPLE = list(product(ROLES, CLEARANCES, UNIT_KINDS))


def _walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    """(route name or "", pattern) for every URL pattern, included namespaces too."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            yield name, prefix + str(entry.pattern)


def _in_group(name: str, pattern: str) -> bool:
    return any(name.startswith(f"{group}:") or pattern.startswith(f"{group}/") for group in GROUPS)


def test_every_route_is_in_the_authorization_table() -> None:
    routes = list(_walk(get_resolver().url_patterns))
    unknown = sorted(
        f"{name or '(unnamed)'}  {pattern}"
        for name, pattern in routes
        if name not in ROUTES and not _in_group(name, pattern)
    )
    stale = sorted(set(ROUTES) - {name for name, _ in routes})

    assert not unknown, "Routes missing from tests/authz_routes.py:\n  " + "\n  ".join(unknown)
    assert not stale, "tests/authz_routes.py lists routes that no longer exist: " + str(stale)


@pytest.fixture(scope="module")
def people(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[tuple[Any, str]]]:
    """Every kind of user with a signed-in session, made once for the module (committed,
    then removed): each route's test runs in its own transaction on top of them."""
    with django_db_blocker.unblock():
        units = {
            "headquarters": UnitFactory(code="authz-hq"),
            "mission": UnitFactory(code="authz-mission", mission=True),
        }
        made = []
        for role, clearance, kind in PEOPLE:
            user = UserFactory(
                username=f"authz-{role.value}-{clearance}-{kind}",
                roles=[role.value],
                clearance=clearance,
                unit=units[kind],
                is_staff=role == Role.ADMIN,
            )
            client = Client()
            client.force_login(user)
            made.append((user, client.cookies[settings.SESSION_COOKIE_NAME].value))
        yield made
        from django.contrib.sessions.models import Session

        Session.objects.filter(session_key__in=[key for _, key in made]).delete()
        User.objects.filter(pk__in=[user.pk for user, _ in made]).delete()
        Unit.objects.filter(pk__in=[unit.pk for unit in units.values()]).delete()


def _may_reach(route: Route, user: Any) -> bool:
    if route.access in (PUBLIC, STAFF):
        return True
    if route.access == ADMIN_SITE:
        return bool(user.is_staff) and holds_any_role(user, (Role.ADMIN.value,))
    return holds_any_role(user, tuple(route.access))


def _url(name: str, route: Route, user: Any) -> str:
    """The route's URL for ``user``; a sample may give positional arguments as ``_args``
    (Wagtail's page and file routes are regular expressions with unnamed groups)."""
    kwargs = route.sample(user) if route.sample else {}
    args = kwargs.pop("_args", ())
    return reverse(name, args=args) if args else reverse(name, kwargs=kwargs)


def _request(client: Client, name: str, route: Route, user: Any) -> Any:
    url = _url(name, route, user)
    if route.method == "get":
        return client.get(url)
    send = getattr(client, route.method)
    if not url.startswith("/api/"):
        return send(url, route.data)
    # The API checks CSRF itself for session callers: send the token as a browser would.
    client.get(reverse("core:login"))
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return send(url, route.data, headers={"X-CSRFToken": token})


def _anonymous_problem(name: str, route: Route, response: Any) -> str | None:
    status = response.status_code
    if route.access == NOT_A_PAGE:
        return None if status in (401, 404) else f"not a page but {status}"
    if route.access == PUBLIC:
        return None if status < 500 and status not in (403, 404) else f"public but {status}"
    if _url(name, route, None).startswith("/api/"):
        return None if status == 401 else f"API without credentials answered {status}, not 401"
    # The staff sign-in (with MFA) comes first, even in front of the admin site's own.
    login = reverse("core:login")
    if status == 302 and response["Location"].startswith(login):
        return None
    return f"anonymous visitor got {status}, not a redirect to {login}"


def _staff_problem(route: Route, user: Any, response: Any) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"{user.username}: server error {status}"
    if route.access == NOT_A_PAGE:
        return None if status in (401, 404) else f"{user.username}: not a page but {status}"
    if _may_reach(route, user):
        return f"{user.username}: allowed but got {status}" if status in (401, 403, 404) else None
    refused = status in (403, 404) or (
        route.access == ADMIN_SITE
        and status == 302
        and response["Location"].startswith(reverse("admin:login"))
    )
    return None if refused else f"{user.username}: should be refused but got {status}"


ALL_ROUTES = {**ROUTES, **dict(GROUPS.values())}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ALL_ROUTES))
def test_route_answers_each_kind_of_user_as_the_table_says(
    name: str, people: list[tuple[Any, str]]
) -> None:
    route = ALL_ROUTES[name]
    problems = []

    # One client, its cookies swapped per person: a new Client loads the middleware again,
    # and WhiteNoise's start-up alone costs more than the request.
    client = Client()
    problem = _anonymous_problem(name, route, _request(client, name, route, None))
    if problem:
        problems.append(problem)
    for person, session_key in people:
        client.cookies.clear()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        problem = _staff_problem(route, person, _request(client, name, route, person))
        if problem:
            problems.append(problem)

    assert not problems, f"{name} ({route.access}):\n  " + "\n  ".join(problems)
