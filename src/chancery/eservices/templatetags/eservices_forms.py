"""Template tags of e-service forms: ``{% render_form schema answers errors %}``.

``render_form`` renders ``eservices/forms/_render.html``; that template can also be included
directly with ``form_schema``, ``answers``, ``errors``, ``files`` and ``upload_url``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import template

from chancery.eservices.forms.rendering import form_view

register = template.Library()


@register.simple_tag
def eservices_form_view(
    schema: Mapping[str, Any] | None,
    answers: Mapping[str, Any] | None = None,
    errors: Mapping[str, Sequence[str]] | None = None,
    files: Mapping[str, Sequence[Any]] | None = None,
) -> dict[str, Any]:
    """The sections and error summary of a form, for ``_render.html``."""
    return form_view(schema, answers, errors, files)


@register.inclusion_tag("eservices/forms/_render.html", takes_context=True)
def render_form(
    context: template.Context,
    schema: Mapping[str, Any] | None,
    answers: Mapping[str, Any] | None = None,
    errors: Mapping[str, Sequence[str]] | None = None,
    files: Mapping[str, Sequence[Any]] | None = None,
    upload_url: str = "",
) -> dict[str, Any]:
    """The form's fields (without the ``<form>`` element and its buttons)."""
    return {
        "form_schema": schema,
        "answers": answers,
        "errors": errors,
        "files": files,
        "upload_url": upload_url,
        "csrf_token": context.get("csrf_token"),
    }
