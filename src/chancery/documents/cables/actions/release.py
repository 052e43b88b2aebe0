"""Releasing a cable: in one transaction the row is locked, the markings checked again, the
next number of the post's series for the year taken, the PDF rendered with that number and
signed by the approver, and the cable released, made readable by its addressees, indexed and
delivered. If anything fails (a wrong PIN, an unusable certificate), everything rolls back:
the number goes back to the series, no signed document remains, nothing is delivered. A wrong
PIN is still counted toward the key's lockout after the rollback
(``signing.service.count_wrong_pin``).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.blobs import service as blobs
from chancery.core.service import Unit, User, can, record_audit
from chancery.documents.cables import delivery, search
from chancery.documents.cables.access import sync_access
from chancery.documents.cables.actions.common import check_markings, lock_cable
from chancery.documents.cables.constants import CableStatus
from chancery.documents.cables.events import record_event
from chancery.documents.cables.exceptions import CableError, NotAllowed, WrongState
from chancery.documents.cables.pdf import render_cable
from chancery.documents.models import Cable, CableSeries
from chancery.signing import service as signing

DOCUMENT_TYPE = "cable"


class ReleaseFailed(CableError):
    """The signature could not be applied; the message is the signing service's."""

    code = "release-failed"
    status = 422


def cable_reference(post: Unit, year: int, number: int) -> str:
    """The cable's number as printed and searched: ``WASHINGTON 2026-000123``."""
    return f"{post.code.upper()} {year}-{number:06d}"


def allocate_number(post: Unit, year: int) -> int:
    """The next number of ``post``'s series for ``year``, under the series row's lock (held
    until the caller's transaction ends: a rollback gives the number back)."""
    CableSeries.objects.get_or_create(post=post, year=year)
    series = CableSeries.objects.select_for_update().get(post=post, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


def _level() -> str:
    return str(
        getattr(settings, "CHANCERY_DOCUMENTS_SIGNING_LEVEL", "") or signing.PadesLevel.B_LTA
    )


def _check(user: User, cable: Cable) -> None:
    if not can(user, "view", cable):
        raise NotAllowed
    if cable.approver_id != user.pk:
        raise NotAllowed(_("Only the approver releases the cable."))
    if cable.status != CableStatus.AWAITING_RELEASE:
        raise WrongState(_("Only a cleared cable awaiting release can be released."))


def release(user: User, cable: Cable, *, certificate: signing.Certificate, pin: str) -> Cable:
    """Number, sign and release ``cable``, then deliver it to every addressee.

    Who may: the approver, once every clearer has cleared. Refuses anyone else
    (``NotAllowed``), other states (``WrongState``), a level below a paragraph's marking
    (``MarkingTooLow``) and every refusal of the signing service (``ReleaseFailed``: wrong
    PIN, locked key, unusable certificate). Must not be called inside a transaction of the
    caller's (a wrong PIN would not be counted). A failure consumes no number.
    """
    _check(user, cable)
    try:
        return _release(user, cable, certificate, pin)
    except signing.PinRefused as refused:
        pdf = render_cable(Cable.objects.get(pk=cable.pk))
        signing.count_wrong_pin(
            user,
            pdf,
            refused.certificate,
            refused.pin,
            document_type=DOCUMENT_TYPE,
            issuer_unit_id=cable.post_id,
        )
        raise ReleaseFailed(refused.error.message) from None
    except signing.SigningError as exc:
        raise ReleaseFailed(exc.message) from exc


def _release(user: User, cable: Cable, certificate: signing.Certificate, pin: str) -> Cable:
    with transaction.atomic():
        locked = lock_cable(cable, None)
        _check(user, locked)
        check_markings(locked)
        now = timezone.now()
        year = timezone.localdate(now).year
        number = allocate_number(locked.post, year)
        locked.reference = cable_reference(locked.post, year, number)
        locked.year, locked.number = year, number
        locked.released_at, locked.released_by_name = now, str(user)
        pdf = render_cable(locked)
        request = signing.SigningRequest(
            document_type=DOCUMENT_TYPE,
            issuer_unit_id=locked.post_id,
            level=_level(),
            appearance=signing.AppearanceKind.INVISIBLE,
            public_number=locked.reference,
            issued_on=timezone.localdate(now),
            classification=locked.classification,
            source=f"cables:{locked.pk}",
            filename=f"{locked.reference.replace(' ', '_')}.pdf",
            reason=str(_("Release of a cable")),
        )
        try:
            signed = signing.sign_document(
                user, pdf=pdf, certificate=certificate, pin=pin, request=request
            )
        except signing.WrongPin as exc:
            raise signing.PinRefused(certificate, pin, exc) from None
        blobs.attach(signed.blob.address, blobs.Owner.of(locked), actor=user, label="released")
        locked.status = CableStatus.RELEASED
        locked.released_by = user
        locked.signed_document = signed
        locked.signed_pdf = signed.blob
        locked.version += 1
        locked.save(
            update_fields=[
                "status",
                "reference",
                "year",
                "number",
                "released_at",
                "released_by",
                "released_by_name",
                "signed_document",
                "signed_pdf",
                "version",
                "updated_at",
            ]
        )
        sync_access(locked)
        search.reindex([locked.pk])
        delivery.deliver_released(user, locked)
        digest = _sha256(user, signed)
        record_event(locked, user, "released", reference=locked.reference)
        record_audit(
            user,
            "cables.released",
            locked,
            data={
                "reference": locked.reference,
                "number": number,
                "sha256": digest,
                "verification_code": signed.verification_code,
            },
        )
    return locked


def _sha256(user: User, signed: signing.SignedDocument) -> str:
    with blobs.open_blob(signed.blob.address, actor=user) as reader:
        return hashlib.sha256(reader.read()).hexdigest()
