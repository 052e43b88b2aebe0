"""Procrastinate hooks: where the app is configured when Django is ready."""

from __future__ import annotations

from typing import Any


def on_app_ready(app: Any) -> None:
    """Register every Chancery app's ``tasks`` module with Procrastinate."""
    app.import_paths = [*app.import_paths, "chancery.core.tasks"]
