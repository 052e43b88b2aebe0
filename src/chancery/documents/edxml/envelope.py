"""Build and parse edXML envelopes (QCVN 102:2016) and their status messages.

The layout follows the single-XML form used with the national document-exchange platform
(the SDK sample ``edoc_new.edxml``): a root ``edXML`` element in the QCVN namespace holding
``edXML:edXMLEnvelope`` (``edXMLHeader`` with ``MessageHeader``, ``TraceHeaderList`` and
``DigitalSignature``; ``edXMLBody`` with the manifest of ``Reference`` elements pointing at
attachments by ``cid:``) and, outside the envelope, ``AttachmentEncoded`` with the files in
base64. See ``docs/documents-records.md`` for what is confirmed and what is assumed.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from chancery.documents.exceptions import DocumentError

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XLINK = "http://www.w3.org/1999/xlink"
SOAP_ACTOR = "http://schemas.xmlsoap.org/soap/actor/next"
MAX_ENVELOPE_BYTES = 200 * 1024 * 1024

# Bussiness/BussinessDocType (sic, as spelled by the standard's SDK).
BUSINESS_DOC_TYPES = {"new": 0, "revocation": 1, "update": 2, "replacement": 3}
# Status/StatusCode.
STATUS_CODES = {
    "received": "01",
    "rejected": "02",
    "accepted": "03",
    "processing": "05",
    "done": "06",
}

ET.register_namespace("edXML", NS)
ET.register_namespace("xlink", XLINK)


class EnvelopeInvalid(DocumentError):
    code = "edxml-invalid"
    message = _("This is not a valid edXML envelope.")
    status = 422


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str = ""


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes
    description: str = ""


@dataclass(frozen=True)
class Trace:
    organisation: str
    timestamp: dt.datetime


@dataclass
class Envelope:
    """The content of an edXML message about one document."""

    sender: Organisation
    receivers: list[Organisation]
    code_number: str
    code_notation: str
    subject: str
    promulgation_date: dt.date
    place: str = ""
    document_type: int = 0
    document_type_name: str = ""
    signer_name: str = ""
    signer_position: str = ""
    competence: str = ""
    priority: int = 0
    steering_type: int = 0
    response_date: dt.date | None = None
    message_type: str = "new"
    reason: str = ""
    document_id: str = ""
    page_amount: int = 0
    traces: list[Trace] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.document_id:
            self.document_id = (
                f"{self.sender.code},{self.promulgation_date:%Y/%m/%d},"
                f"{self.code_number}/{self.code_notation}"
            )


@dataclass(frozen=True)
class StatusMessage:
    """A status message answering an envelope (``ResponseFor`` identifies it)."""

    status: str
    sender: Organisation
    response_for_organisation: str
    response_for_code: str
    response_for_document_id: str
    response_for_date: dt.date | None
    timestamp: dt.datetime
    description: str = ""
    staff: str = ""
    department: str = ""


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _add(parent: ET.Element, tag: str, text: object = None) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    if text is not None:
        element.text = str(text)
    return element


def _organisation(parent: ET.Element, tag: str, organisation: Organisation) -> None:
    element = _add(parent, tag)
    _add(element, "OrganId", organisation.code)
    _add(element, "OrganName", organisation.name)


def _date(value: dt.date) -> str:
    return value.strftime("%Y/%m/%d")


def _timestamp(value: dt.datetime) -> str:
    return value.strftime("%Y/%m/%d %H:%M:%S")


def _serialise(root: ET.Element) -> bytes:
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def build_envelope(envelope: Envelope) -> bytes:
    """The XML bytes of ``envelope`` with its attachments in base64."""
    if envelope.message_type not in BUSINESS_DOC_TYPES:
        raise ValueError(envelope.message_type)
    root = ET.Element(_q("edXML"))
    body_envelope = _add(root, "edXMLEnvelope")
    header = _add(body_envelope, "edXMLHeader")
    message = _add(header, "MessageHeader")
    _organisation(message, "From", envelope.sender)
    for receiver in envelope.receivers:
        _organisation(message, "To", receiver)
    code = _add(message, "Code")
    _add(code, "CodeNumber", envelope.code_number)
    _add(code, "CodeNotation", envelope.code_notation)
    promulgation = _add(message, "PromulgationInfo")
    _add(promulgation, "Place", envelope.place)
    _add(promulgation, "PromulgationDate", _date(envelope.promulgation_date))
    document_type = _add(message, "DocumentType")
    _add(document_type, "Type", envelope.document_type)
    _add(document_type, "TypeName", envelope.document_type_name)
    _add(message, "Subject", envelope.subject)
    _add(message, "Content", envelope.subject)
    signer = _add(message, "SignerInfo")
    _add(signer, "Competence", envelope.competence)
    _add(signer, "Position", envelope.signer_position)
    _add(signer, "FullName", envelope.signer_name)
    _add(message, "DueDate", _date(envelope.response_date) if envelope.response_date else "")
    other = _add(message, "OtherInfo")
    _add(other, "Priority", envelope.priority)
    _add(other, "PageAmount", envelope.page_amount)
    _add(message, "SteeringType", envelope.steering_type)
    _add(message, "DocumentId", envelope.document_id)
    traces = _add(header, "TraceHeaderList")
    traces.set("id", uuid.uuid4().hex[:8])
    traces.set("version", "1.0")
    traces.set("mustUnderstand", "1")
    traces.set("actor", SOAP_ACTOR)
    for trace in envelope.traces:
        element = _add(traces, "TraceHeader")
        _add(element, "OrganId", trace.organisation)
        _add(element, "Timestamp", _timestamp(trace.timestamp))
    business = _add(traces, "Bussiness")
    _add(business, "BussinessDocType", BUSINESS_DOC_TYPES[envelope.message_type])
    _add(business, "BussinessDocReason", envelope.reason)
    _add(business, "Paper", 0)
    _add(header, "DigitalSignature")
    manifest = _add(_add(body_envelope, "edXMLBody"), "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = ET.SubElement(root, _q("AttachmentEncoded"))
    for attachment in envelope.attachments:
        content_id = uuid.uuid4().hex
        reference = _add(manifest, "Reference")
        reference.set(f"{{{XLINK}}}href", f"cid:{content_id}")
        reference.set(f"{{{XLINK}}}type", "simple")
        _add(reference, "Description", attachment.description)
        _add(reference, "AttachmentName", attachment.name)
        _add(reference, "ContentType", attachment.content_type)
        item = _add(encoded, "Attachment")
        _add(item, "ContentType", attachment.content_type)
        _add(item, "ContentId", content_id)
        _add(item, "Description", attachment.description)
        _add(item, "ContentTransferEncoded", base64.b64encode(attachment.data).decode("ascii"))
        _add(item, "AttachmentName", attachment.name)
    return _serialise(root)


def _parse(data: bytes) -> ET.Element:
    if len(data) > MAX_ENVELOPE_BYTES:
        raise EnvelopeInvalid(_("The envelope is too large."))
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise EnvelopeInvalid(_("Envelopes with a document type declaration are refused."))
    try:
        return ET.fromstring(data)  # noqa: S314 - no DTD (checked above), so no entities
    except ET.ParseError as exc:
        raise EnvelopeInvalid(
            _("The envelope is not well-formed XML (%(reason)s).") % {"reason": exc}
        ) from exc


def _find(parent: ET.Element, path: str, *, required: bool = True) -> ET.Element | None:
    element = parent.find("/".join(_q(part) for part in path.split("/")))
    if element is None and required:
        raise EnvelopeInvalid(_("The envelope has no %(element)s.") % {"element": path})
    return element


def _text(parent: ET.Element, path: str, *, required: bool = False) -> str:
    element = _find(parent, path, required=required)
    return (element.text or "").strip() if element is not None else ""


def _int(parent: ET.Element, path: str) -> int:
    value = _text(parent, path)
    try:
        return int(value) if value else 0
    except ValueError as exc:
        raise EnvelopeInvalid(_("%(element)s is not a number.") % {"element": path}) from exc


_DATE_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%d/%m/%Y")
_TIME_FORMATS = ("%Y/%m/%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def _parse_date(value: str, element: str) -> dt.date:
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise EnvelopeInvalid(_("%(element)s is not a date.") % {"element": element})


def _parse_time(value: str) -> dt.datetime:
    for pattern in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
    raise EnvelopeInvalid(_("A trace timestamp is not a date and time."))


def _read_organisation(element: ET.Element) -> Organisation:
    code = _text(element, "OrganId")
    if not code or not re.fullmatch(r"[\w.\-]{1,40}", code):
        raise EnvelopeInvalid(_("An organisation code is missing or malformed."))
    return Organisation(code=code, name=_text(element, "OrganName"))


def _attachments(root: ET.Element, manifest: ET.Element | None) -> list[Attachment]:
    names: dict[str, tuple[str, str]] = {}
    if manifest is not None:
        for reference in manifest.findall(_q("Reference")):
            href = reference.get(f"{{{XLINK}}}href", "")
            names[href.removeprefix("cid:")] = (
                _text(reference, "AttachmentName"),
                _text(reference, "Description"),
            )
    result = []
    encoded = root.find(_q("AttachmentEncoded"))
    if encoded is None:
        encoded = root.find("AttachmentEncoded")  # some senders leave it unqualified
    items = [] if encoded is None else list(encoded)
    for item in items:

        def field_text(tag: str, item: ET.Element = item) -> str:
            found = item.find(_q(tag))
            found = item.find(tag) if found is None else found
            return (found.text or "").strip() if found is not None else ""

        content_id = field_text("ContentId").removeprefix("cid:")
        name = field_text("AttachmentName") or names.get(content_id, ("", ""))[0]
        if not name:
            raise EnvelopeInvalid(_("An attachment has no name."))
        try:
            data = base64.b64decode(field_text("ContentTransferEncoded"), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise EnvelopeInvalid(
                _("The attachment %(name)s is not valid base64.") % {"name": name}
            ) from exc
        result.append(
            Attachment(
                name=name,
                content_type=field_text("ContentType") or "application/octet-stream",
                data=data,
                description=field_text("Description") or names.get(content_id, ("", ""))[1],
            )
        )
    return result


def parse_envelope(data: bytes) -> Envelope:
    """The envelope in ``data``; ``EnvelopeInvalid`` naming what is wrong otherwise."""
    root = _parse(data)
    if root.tag != _q("edXML"):
        raise EnvelopeInvalid(_("The root element is not edXML (QCVN 102:2016)."))
    envelope = _find(root, "edXMLEnvelope")
    assert envelope is not None
    message = _find(envelope, "edXMLHeader/MessageHeader")
    assert message is not None
    sender_element = _find(message, "From")
    assert sender_element is not None
    receivers = [_read_organisation(to) for to in message.findall(_q("To"))]
    if not receivers:
        raise EnvelopeInvalid(_("The envelope has no To."))
    subject = _text(message, "Subject", required=True)
    if not subject:
        raise EnvelopeInvalid(_("The envelope has no Subject."))
    business = _find(envelope, "edXMLHeader/TraceHeaderList/Bussiness", required=False)
    if business is None:
        business = _find(envelope, "edXMLHeader/TraceHeaderList/Business", required=False)
    doc_type = 0
    reason = ""
    if business is not None:
        doc_type = _int(business, "BussinessDocType") or _int(business, "BusinessDocType")
        reason = _text(business, "BussinessDocReason") or _text(business, "BusinessDocReason")
    kinds = {value: key for key, value in BUSINESS_DOC_TYPES.items()}
    if doc_type not in kinds:
        raise EnvelopeInvalid(_("Unknown message type %(type)s.") % {"type": doc_type})
    due = _text(message, "DueDate")
    traces = [
        Trace(_text(item, "OrganId"), _parse_time(_text(item, "Timestamp")))
        for item in envelope.findall(
            "/".join(_q(p) for p in ("edXMLHeader", "TraceHeaderList", "TraceHeader"))
        )
    ]
    return Envelope(
        sender=_read_organisation(sender_element),
        receivers=receivers,
        code_number=_text(message, "Code/CodeNumber"),
        code_notation=_text(message, "Code/CodeNotation"),
        subject=subject,
        promulgation_date=_parse_date(
            _text(message, "PromulgationInfo/PromulgationDate", required=True),
            "PromulgationDate",
        ),
        place=_text(message, "PromulgationInfo/Place"),
        document_type=_int(message, "DocumentType/Type"),
        document_type_name=_text(message, "DocumentType/TypeName"),
        signer_name=_text(message, "SignerInfo/FullName"),
        signer_position=_text(message, "SignerInfo/Position"),
        competence=_text(message, "SignerInfo/Competence"),
        priority=_int(message, "OtherInfo/Priority"),
        steering_type=_int(message, "SteeringType"),
        response_date=_parse_date(due, "DueDate") if due else None,
        message_type=kinds[doc_type],
        reason=reason,
        document_id=_text(message, "DocumentId"),
        page_amount=_int(message, "OtherInfo/PageAmount"),
        traces=traces,
        attachments=_attachments(root, _find(envelope, "edXMLBody/edXMLManifest", required=False)),
    )


def build_status(message: StatusMessage) -> bytes:
    """The XML bytes of a status message."""
    root = ET.Element(_q("edXML"))
    header = _add(_add(root, "edXMLEnvelope"), "edXMLHeader")
    status = _add(header, "Status")
    response_for = _add(status, "ResponseFor")
    _add(response_for, "OrganId", message.response_for_organisation)
    _add(response_for, "Code", message.response_for_code)
    _add(
        response_for,
        "PromulgationDate",
        _date(message.response_for_date) if message.response_for_date else "",
    )
    _add(response_for, "DocumentId", message.response_for_document_id)
    _organisation(status, "From", message.sender)
    _add(status, "StatusCode", STATUS_CODES[message.status])
    _add(status, "Description", message.description)
    _add(status, "Timestamp", _timestamp(message.timestamp))
    staff = _add(status, "StaffInfo")
    _add(staff, "Department", message.department)
    _add(staff, "Staff", message.staff)
    return _serialise(root)


def parse_status(data: bytes) -> StatusMessage:
    """The status message in ``data``; ``EnvelopeInvalid`` otherwise."""
    root = _parse(data)
    status = _find(root, "edXMLEnvelope/edXMLHeader/Status")
    assert status is not None
    codes = {value: key for key, value in STATUS_CODES.items()}
    code = _text(status, "StatusCode", required=True)
    if code not in codes:
        raise EnvelopeInvalid(_("Unknown status code %(code)s.") % {"code": code})
    sender = _find(status, "From")
    assert sender is not None
    when = _text(status, "ResponseFor/PromulgationDate")
    return StatusMessage(
        status=codes[code],
        sender=_read_organisation(sender),
        response_for_organisation=_text(status, "ResponseFor/OrganId"),
        response_for_code=_text(status, "ResponseFor/Code"),
        response_for_document_id=_text(status, "ResponseFor/DocumentId"),
        response_for_date=_parse_date(when, "PromulgationDate") if when else None,
        timestamp=_parse_time(_text(status, "Timestamp", required=True)),
        description=_text(status, "Description"),
        staff=_text(status, "StaffInfo/Staff"),
        department=_text(status, "StaffInfo/Department"),
    )
