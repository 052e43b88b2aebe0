"""The reading view of a cable (banner, header, paragraphs with their portion marks,
attachments, references, history, the delivery panel and the step forms the reader may use),
its signed PDF and attachments, and the list of cables to work on."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET

from chancery.blobs import service as blobs
from chancery.core.service import User, can
from chancery.documents.cables import delivery, queries
from chancery.documents.cables.constants import EVENT_LABELS, AddresseeRole, CableStatus
from chancery.documents.cables.forms import steps as forms
from chancery.documents.cables.markings import banner, portion_mark
from chancery.documents.cables.policies import current_clearer
from chancery.documents.models import Cable

STEP_FORMS = "_cable_step_forms"


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def step_forms(request: HttpRequest, user: User, cable: Cable) -> dict[str, Any]:
    """The forms of the steps ``user`` may take now (a posted one comes back with errors)."""
    bound: dict[str, Any] = getattr(request, STEP_FORMS, {})
    initial = {"version": cable.version}
    shown: dict[str, Any] = {}

    def offer(key: str, allowed: bool, cls: type[Any], **kw: Any) -> None:
        # Shown as ``<key>_form``: a bare ``clear`` would call ``dict.clear`` in a template.
        if key in bound:
            shown[f"{key}_form"] = bound[key]
        elif allowed:
            shown[f"{key}_form"] = cls(initial=initial, prefix=key, **kw)

    drafter = cable.created_by_id == user.pk
    offer("submit", can(user, "edit", cable), forms.SubmitForm)
    offer("clear", can(user, "clear", cable), forms.ClearForm)
    offer("send_back", can(user, "send_back", cable), forms.SendBackForm)
    offer("release", can(user, "release", cable), forms.ReleaseForm, user=user)
    offer(
        "cancel",
        drafter
        and cable.status in (CableStatus.DRAFT, CableStatus.CLEARING, CableStatus.AWAITING_RELEASE),
        forms.CancelForm,
    )
    return shown


def detail_context(request: HttpRequest, cable: Cable) -> dict[str, Any]:
    user = _staff(request)
    paragraphs = [(portion_mark(p.classification), p) for p in cable.paragraphs.all()]
    addressees = list(cable.addressees.all())
    compartments = [c.code for c in cable.compartments.all()]
    context: dict[str, Any] = {
        "cable": cable,
        "banner": banner(cable.classification, compartments=compartments),
        "paragraphs": paragraphs,
        "action": [a for a in addressees if a.role == AddresseeRole.ACTION],
        "info": [a for a in addressees if a.role == AddresseeRole.INFO],
        "clearers": list(cable.clearers.all()),
        "turn": current_clearer(cable),
        "events": [
            (event, EVENT_LABELS.get(event.kind, event.kind)) for event in cable.events.all()
        ],
        "steps": step_forms(request, user, cable),
        "may_edit": can(user, "edit", cable),
        "has_delivery_panel": cable.is_released,
        "export_url": reverse("cables:export", kwargs={"pk": cable.pk})
        if cable.is_released
        else "",
    }
    if cable.is_released:
        context.update(delivery.panel_context(user, cable))
    return context


@login_required
@require_GET
def cable_detail(request: HttpRequest, pk: str, status: int = 200) -> HttpResponse:
    """The reading view; reading a classified cable is written to the audit chain, and the
    first reading by an addressee is kept on its delivery record."""
    user = _staff(request)
    cable = queries.get_cable_to_read(user, pk, request=request)
    if cable.is_released and status == 200:
        delivery.mark_read(user, cable)
    return render(
        request, "cables/compose/detail.html", detail_context(request, cable), status=status
    )


@login_required
@require_GET
def cable_signed_pdf(request: HttpRequest, pk: str) -> HttpResponseBase:
    """The signed PDF of a released cable, as released (the archive's export adds the
    watermark)."""
    user = _staff(request)
    cable = queries.get_cable_for_user(user, pk)
    if cable.signed_pdf_id is None:
        raise Http404
    reader = blobs.open_blob(cable.signed_pdf.address, actor=user)  # type: ignore[union-attr]
    name = f"{cable.reference.replace(' ', '_') or cable.pk}.pdf"
    return FileResponse(reader, content_type="application/pdf", filename=name)


@login_required
@require_GET
def cable_attachment(request: HttpRequest, pk: str, attachment_pk: str) -> HttpResponseBase:
    """A file attached to a cable the user may read."""
    user = _staff(request)
    cable = queries.get_cable_for_user(user, pk)
    attachment = cable.attachments.filter(pk=attachment_pk).select_related("blob").first()
    if attachment is None:
        raise Http404
    reader = blobs.open_blob(attachment.blob.address, actor=user)
    return FileResponse(
        reader,
        content_type=attachment.content_type,
        filename=attachment.filename,
        as_attachment=True,
    )


@login_required
@require_GET
def cables_to_work_on(request: HttpRequest) -> HttpResponse:
    """My drafts, cables awaiting my clearance and my release, my cables in clearance."""
    user = _staff(request)
    context = {
        "drafts": queries.my_drafts(user)[:100],
        "to_clear": queries.awaiting_my_clearance(user)[:100],
        "to_release": queries.awaiting_my_release(user)[:100],
        "submitted": queries.my_submitted(user)[:100],
    }
    return render(request, "cables/compose/work.html", context)


urlpatterns: list[URLPattern] = [
    path("work/", cables_to_work_on, name="work"),
    path("<uuid:pk>/", cable_detail, name="detail"),
    path("<uuid:pk>/signed.pdf", cable_signed_pdf, name="signed-pdf"),
    path("<uuid:pk>/attachments/<uuid:attachment_pk>/", cable_attachment, name="attachment"),
]
