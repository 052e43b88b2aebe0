"""Cable workspace pages of the compose area: a new cable, the draft editor with its
attachments (here), the clearance and release steps (``compose_steps``), the reading view and
the list of cables to work on (``reading``). Routes assembled by ``cables/urls.py``.

Everything works without JavaScript: forms post, a refusal shows the page again with the
reason on the form and the refusal's status, success redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chancery.blobs import service as blobs
from chancery.core.service import User, can
from chancery.documents.cables.actions import compose as actions
from chancery.documents.cables.exceptions import CableError
from chancery.documents.cables.forms.draft import DraftForm, NewCableForm, draft_initial
from chancery.documents.cables.forms.steps import AttachForm
from chancery.documents.cables.queries import get_cable_for_user
from chancery.documents.cables.views import compose_steps, reading
from chancery.documents.models import Cable


def staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _edit_url(cable: Cable) -> str:
    return reverse("cables:compose-edit", kwargs={"pk": cable.pk})


@login_required
@require_http_methods(["GET", "POST"])
def cable_new(request: HttpRequest) -> HttpResponse:
    """Start a cable: subject, precedence, classification; then the editor."""
    user = staff(request)
    form = NewCableForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cable = actions.create_draft(
                user,
                subject=data["subject"],
                precedence=data["precedence"],
                classification=data["classification"],
            )
        except CableError as exc:
            form.add_error(None, str(exc.message))
            status = exc.status
        else:
            messages.success(request, _("The draft was created: write its paragraphs."))
            return HttpResponseRedirect(_edit_url(cable))
    elif request.method == "POST":
        status = 400
    return render(request, "cables/compose/new.html", {"form": form}, status=status)


def _editor(
    request: HttpRequest, cable: Cable, form: DraftForm, status: int = 200, **extra: object
) -> HttpResponse:
    context = {
        "cable": cable,
        "form": form,
        "attach_form": extra.get("attach_form") or AttachForm(initial={"version": cable.version}),
        "attachments": cable.attachments.all(),
    }
    return render(request, "cables/compose/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def cable_edit(request: HttpRequest, pk: str) -> HttpResponse:
    """The draft editor: everything a cable says; the drafter only, while it is a draft."""
    user = staff(request)
    cable = get_cable_for_user(user, pk)
    if not can(user, "edit", cable):
        return HttpResponseRedirect(reverse("cables:detail", kwargs={"pk": cable.pk}))
    initial, rows = draft_initial(cable)
    if request.method == "GET":
        return _editor(request, cable, DraftForm(user, initial=initial, rows=rows))
    posted_rows = int(request.POST.get("rows", rows) or rows)
    form = DraftForm(user, request.POST, initial=initial, rows=min(max(posted_rows, 1), 200))
    if not form.is_valid():
        return _editor(request, cable, form, 400)
    try:
        actions.update_draft(user, cable, form.content(), version=form.cleaned_data["version"])
    except CableError as exc:
        form.add_error(None, str(exc.message))
        return _editor(request, cable, form, exc.status)
    messages.success(request, _("The draft was saved."))
    return HttpResponseRedirect(_edit_url(cable))


@login_required
@require_POST
def cable_attach(request: HttpRequest, pk: str) -> HttpResponse:
    """Attach a file to a draft (the drafter)."""
    user = staff(request)
    cable = get_cable_for_user(user, pk)
    form = AttachForm(request.POST, request.FILES)
    initial, rows = draft_initial(cable)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.add_attachment(
                user,
                cable,
                upload.read(),
                filename=upload.name,
                version=form.cleaned_data["version"],
            )
        except CableError as exc:
            form.add_error(None, str(exc.message))
            status = exc.status
        except blobs.UploadRefused as exc:
            form.add_error("file", str(exc))
            status = 422
        else:
            messages.success(request, _("The file was attached."))
            return HttpResponseRedirect(_edit_url(cable))
    else:
        status = 400
    draft = DraftForm(user, initial=initial, rows=rows)
    return _editor(request, cable, draft, status, attach_form=form)


@login_required
@require_POST
def cable_detach(request: HttpRequest, pk: str, attachment_pk: str) -> HttpResponse:
    """Remove a file from a draft (the drafter)."""
    user = staff(request)
    cable = get_cable_for_user(user, pk)
    try:
        version = int(request.POST.get("version", ""))
        actions.remove_attachment(user, cable, attachment_pk, version=version)
    except (ValueError, CableError) as exc:
        messages.error(request, str(getattr(exc, "message", _("The file was not removed."))))
    else:
        messages.success(request, _("The file was removed."))
    return HttpResponseRedirect(_edit_url(cable))


urlpatterns: list[URLPattern] = [
    path("new/", cable_new, name="compose-new"),
    path("<uuid:pk>/edit/", cable_edit, name="compose-edit"),
    path("<uuid:pk>/attachments/", cable_attach, name="compose-attach"),
    path(
        "<uuid:pk>/attachments/<uuid:attachment_pk>/remove/",
        cable_detach,
        name="compose-detach",
    ),
    *compose_steps.urlpatterns,
    *reading.urlpatterns,
]
