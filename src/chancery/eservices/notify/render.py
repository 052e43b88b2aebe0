"""Rendering a notice from its kind's template, in the applicant's language.

Each kind has one template, ``eservices/notify/<kind>.txt``, with three blocks: ``subject``,
``text`` (the body of the e-mail, between the greeting and the signature) and ``sms`` (at
most a few lines). The e-mail layouts (``email.txt``, ``email.html``) add the greeting and
the signature around the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import BlockNode
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from chancery.eservices.models import Applicant, Dossier


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    sms: str


def absolute(path: str) -> str:
    """An absolute link on the public site for ``path`` (already absolute links pass)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return str(settings.CHANCERY_SITE_URL).rstrip("/") + path


def dossier_link(dossier: Dossier) -> str:
    """Where the applicant follows ``dossier``: its page if the site has one, else their list."""
    for name, kwargs in (("services:dossier", {"pk": dossier.pk}), ("services:my_dossiers", {})):
        try:
            return absolute(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return absolute("/services/")


def _block(template_name: str, name: str, context: dict[str, Any]) -> str:
    template = get_template(template_name).template  # type: ignore[attr-defined]
    ctx = Context(context, autoescape=False)
    with ctx.bind_template(template):
        for node in template.nodelist.get_nodes_by_type(BlockNode):
            if node.name == name:
                return str(node.render(ctx)).strip()
    return ""


def render(kind: str, applicant: Applicant, context: dict[str, Any]) -> Rendered:
    """The subject, e-mail text and SMS of ``kind`` for ``applicant``, in their language."""
    template = f"eservices/notify/{kind}.txt"
    with translation.override(applicant.language):
        page = {"applicant": applicant, "site": absolute("/services/"), **context}
        subject = " ".join(_block(template, "subject", page).split())
        text = render_to_string(
            "eservices/notify/email.txt", {**page, "text": _block(template, "text", page)}
        )
        sms = " ".join(_block(template, "sms", page).split())
    return Rendered(subject=subject[:255], text=text.strip() + "\n", sms=sms)


def html(notice_body: str, subject: str, language: str) -> str:
    """The HTML part of an e-mail: the same words as the text part, with live links."""
    with translation.override(language):
        return render_to_string(
            "eservices/notify/email.html",
            {"body": notice_body, "subject": subject, "language": language},
        )
