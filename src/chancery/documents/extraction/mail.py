"""Reading a received e-mail (.eml) with the standard library: body text and attachments."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedEmail:
    subject: str
    sender: str
    body: str
    attachments: list[Attachment] = field(default_factory=list)


def _html_to_text(html: str) -> str:
    text = re.sub(r"(?is)<(script|style).*?</\1>", " ", html)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
    return re.sub(r"<[^>]+>", "", text)


def parse_email(data: bytes) -> ParsedEmail:
    """Subject, sender, the plain body (HTML flattened if it has no plain part), and every
    attachment; raises ``ExtractionFailed`` for something that is not an e-mail."""
    from chancery.documents.extraction.extractors import ExtractionFailed

    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not (message.keys()):
        raise ExtractionFailed(_("The file is not an e-mail message."))
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        content = body_part.get_content()
        body = _html_to_text(content) if body_part.get_content_type() == "text/html" else content
    attachments: list[Attachment] = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        name = part.get_filename() or f"attachment-{len(attachments) + 1}"
        attachments.append(Attachment(name, part.get_content_type(), payload))
    return ParsedEmail(
        subject=str(message.get("Subject", "")),
        sender=str(message.get("From", "")),
        body=body,
        attachments=attachments,
    )
