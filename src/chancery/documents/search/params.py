"""Search parameters as JSON, shared by the searches of documents and of cables.

A saved search stores its parameters as JSON (``SavedSearch.query``); the dataclasses of both
searches inherit these two methods, which read the field types of the dataclass.
"""

from __future__ import annotations

import types
import typing
from dataclasses import asdict, fields
from datetime import date
from typing import Any, Self


def _kind(hint: Any) -> type:
    """The concrete type of a field: ``int | None`` → int, ``tuple[str, ...]`` → tuple."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        origin = typing.get_origin(hint)
    return origin or hint  # type: ignore[no-any-return]


class JsonParams:
    """``to_json``/``from_json`` for a frozen dataclass of str, int, date and tuple fields."""

    def to_json(self) -> dict[str, Any]:
        """JSON for ``SavedSearch.query`` (empty values left out)."""
        data: dict[str, Any] = {}
        for key, value in asdict(self).items():  # type: ignore[call-overload]
            if value in (None, "", (), []):
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            data[key] = value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """Parse what ``to_json`` wrote; unknown or malformed keys are ignored."""
        hints = typing.get_type_hints(cls)
        known = {f.name: _kind(hints[f.name]) for f in fields(cls)}  # type: ignore[arg-type]
        values: dict[str, Any] = {}
        for key, value in data.items():
            kind = known.get(key)
            if kind is None or value in (None, ""):
                continue
            try:
                if kind is date:
                    value = date.fromisoformat(str(value))
                elif kind is int:
                    value = int(value)
                elif kind is tuple:
                    if isinstance(value, str):
                        raise TypeError(key)
                    value = tuple(str(item) for item in value)
                else:
                    value = str(value)
            except (TypeError, ValueError):
                continue
            values[key] = value
        return cls(**values)
