"""Procrastinate hooks: where the job app is configured when Django is ready."""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

from django.apps import apps


def on_app_ready(app: Any) -> None:
    """Register the ``tasks`` module of every installed Chancery app with Procrastinate."""
    modules = [
        f"{config.name}.tasks"
        for config in apps.get_app_configs()
        if config.name.startswith("chancery.") and find_spec(f"{config.name}.tasks") is not None
    ]
    app.import_paths = [*app.import_paths, *modules]
