"""The API under ``/api/v1``: one NinjaAPI assembling the router of every app.

An app contributes endpoints by defining ``router = ninja.Router(...)`` in ``<app>/api.py``
(optionally ``prefix = "/something"``); every installed Chancery app's router is mounted here
in INSTALLED_APPS order. See docs/api.md.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.translation import get_language
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger

from chancery.api import handlers, openapi
from chancery.api.pipeline import envelope
from chancery.core.service import api_auth

if TYPE_CHECKING:
    from ninja.operation import Operation

DESCRIPTION = """\
Chancery's machine-to-machine interface.

Authenticate with a personal API token (`Authorization: Bearer chy_…`, created at
`/account/tokens/`) or, from the browser, with your signed-in session (unsafe methods need the
`X-CSRFToken` header). Errors are RFC 9457 problem details. Lists use cursor pagination: follow
`next`. `POST` requests accept an `Idempotency-Key` header. See `docs/api.md`.
"""


class ChanceryAPI(NinjaAPI):
    """NinjaAPI with stable operation ids and the API-wide parts in its OpenAPI document."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._schemas: dict[tuple[str | None, str | None], dict[str, Any]] = {}

    def get_openapi_operation_id(self, operation: Operation) -> str:
        # "core_list_units": the app and the endpoint, stable across refactorings of modules.
        module = operation.view_func.__module__.split(".")
        app = module[1] if len(module) > 1 and module[0] == "chancery" else module[0]
        return f"{app}_{operation.view_func.__name__}"

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        # Built once per language: the document never changes while the process runs.
        key = (path_prefix, get_language())
        if key not in self._schemas:
            schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            self._schemas[key] = openapi.complete(dict(schema))
        return self._schemas[key]


def app_routers() -> list[tuple[str, Router]]:
    """Every installed Chancery app's ``api.router``, with its ``prefix`` (default: none)."""
    found = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.api"
        if not config.name.startswith("chancery.") or config.name == "chancery.api":
            continue
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        router = getattr(module, "router", None)
        if isinstance(router, Router):
            found.append((str(getattr(module, "prefix", "")), router))
        extra = getattr(module, "extra_routers", None)
        if extra is not None:
            found.extend(extra())
    return found


def build() -> ChanceryAPI:
    api = ChanceryAPI(
        title="Chancery API",
        version="1.0.0",
        description=DESCRIPTION,
        auth=api_auth(),
        parser=handlers.JsonParser(),
        # validatorUrl null: Swagger UI would otherwise call an outside validator service.
        docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    )
    handlers.install(api)
    api.add_decorator(envelope, mode="view")
    for prefix, router in app_routers():
        api.add_router(prefix, router)
    return api


api = build()
