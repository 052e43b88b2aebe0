"""The clearance and release steps of a cable, posted from its reading view: submit for
clearance, clear, send back, release with a PIN, cancel. A refusal shows the reading view again
with the reason on the form and the refusal's status; success redirects to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.core.service import User
from chancery.documents.cables.actions import clearing, compose, release
from chancery.documents.cables.exceptions import CableError
from chancery.documents.cables.forms import steps as forms
from chancery.documents.cables.queries import get_cable_for_user
from chancery.documents.cables.views.reading import STEP_FORMS, cable_detail
from chancery.documents.models import Cable


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _step(
    request: HttpRequest,
    pk: str,
    key: str,
    make: Callable[..., Any],
    run: Callable[[User, Cable, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    user = _staff(request)
    cable = get_cable_for_user(user, pk)
    form = make(request.POST, prefix=key)
    status = 400
    if form.is_valid():
        try:
            run(user, cable, form.cleaned_data)
        except CableError as exc:
            form.add_error(None, str(exc.message))
            status = exc.status
        else:
            messages.success(request, done)
            return HttpResponseRedirect(reverse("cables:detail", kwargs={"pk": cable.pk}))
    setattr(request, STEP_FORMS, {key: form})
    request.method = "GET"
    return cable_detail(request, str(cable.pk), status=status)


@login_required
@require_POST
def cable_submit(request: HttpRequest, pk: str) -> HttpResponse:
    return _step(
        request,
        pk,
        "submit",
        forms.SubmitForm,
        lambda user, cable, data: clearing.submit_for_clearance(
            user,
            cable,
            clearers=data["clearers"],
            approver=data["approver"],
            version=data["version"],
        ),
        _("The cable was sent for clearance."),
    )


@login_required
@require_POST
def cable_clear(request: HttpRequest, pk: str) -> HttpResponse:
    return _step(
        request,
        pk,
        "clear",
        forms.ClearForm,
        lambda user, cable, data: clearing.clear(
            user, cable, version=data["version"], comment=data["comment"]
        ),
        _("You cleared the cable."),
    )


@login_required
@require_POST
def cable_send_back(request: HttpRequest, pk: str) -> HttpResponse:
    return _step(
        request,
        pk,
        "send_back",
        forms.SendBackForm,
        lambda user, cable, data: clearing.send_back(
            user, cable, reason=data["reason"], version=data["version"]
        ),
        _("The cable was sent back to its drafter."),
    )


def _release(user: User, cable: Cable, data: dict[str, Any]) -> object:
    if data["version"] != cable.version:
        from chancery.documents.cables.exceptions import StaleVersion

        raise StaleVersion
    return release.release(user, cable, certificate=data["certificate"], pin=data["pin"])


@login_required
@require_POST
def cable_release(request: HttpRequest, pk: str) -> HttpResponse:
    user = _staff(request)
    return _step(
        request,
        pk,
        "release",
        lambda *args, **kw: forms.ReleaseForm(*args, user=user, **kw),
        _release,
        _("The cable was released, signed and delivered."),
    )


@login_required
@require_POST
def cable_cancel(request: HttpRequest, pk: str) -> HttpResponse:
    return _step(
        request,
        pk,
        "cancel",
        forms.CancelForm,
        lambda user, cable, data: compose.cancel(
            user, cable, version=data["version"], reason=data["reason"]
        ),
        _("The cable was cancelled."),
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:pk>/submit/", cable_submit, name="compose-submit"),
    path("<uuid:pk>/clear/", cable_clear, name="compose-clear"),
    path("<uuid:pk>/send-back/", cable_send_back, name="compose-send-back"),
    path("<uuid:pk>/release/", cable_release, name="compose-release"),
    path("<uuid:pk>/cancel/", cable_cancel, name="compose-cancel"),
]
