"""Cable workspace pages of delivery: the inbox at ``/cables/``, acknowledging a delivery, and
the duty rosters (routes assembled by ``cables/urls.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chancery.core.service import User
from chancery.documents.cables.delivery import inbox as queries
from chancery.documents.cables.delivery import roster
from chancery.documents.cables.delivery.acknowledge import acknowledge
from chancery.documents.cables.delivery.forms import ShiftForm
from chancery.documents.cables.delivery.recipients import cable_url
from chancery.documents.cables.exceptions import CableError
from chancery.documents.exceptions import DocumentError
from chancery.documents.models import DutyShift

PER_PAGE = 25


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """My cables by tab, with counts over what I may read only."""
    user = _user(request)
    tab = request.GET.get("tab", "action")
    if tab not in queries.TAB_SLUGS:
        tab = "action"
    cables = queries.inbox(user, tab)
    if tab == "sent":
        cables = queries.with_delivery_status(cables)
    page = Paginator(cables, PER_PAGE).get_page(request.GET.get("page"))
    open_deliveries = queries.my_open_deliveries(user, [cable.pk for cable in page])
    counts = queries.inbox_counts(user)
    context = {
        "tab": tab,
        "tabs": [(t, counts[t.slug]) for t in queries.TABS],
        "page": page,
        "rows": [(cable, cable_url(cable), open_deliveries.get(cable.pk)) for cable in page],
        "may_keep_roster": roster.units_managed_by(user).exists(),
    }
    return render(request, "cables/delivery/inbox.html", context)


@login_required
@require_POST
def acknowledge_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    """Acknowledge one delivery, then back where the form was (the inbox by default); a
    refusal comes back as a message there, with the refusal's status for clients that look."""
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("cables:inbox")
    try:
        acknowledge(_user(request), pk)
    except DocumentError as exc:
        messages.error(request, str(exc.message))
        return render(
            request,
            "cables/delivery/refused.html",
            {"message": exc.message, "back": target},
            status=exc.status,
        )
    messages.success(request, _("The cable is acknowledged."))
    return HttpResponseRedirect(target)


@login_required
@require_GET
def roster_units(request: HttpRequest) -> HttpResponse:
    """The units whose duty roster I keep (a unit head goes straight to their unit)."""
    units = roster.units_managed_by(_user(request))
    if units.count() == 1:
        unit = units.get()
        return HttpResponseRedirect(reverse("cables:roster", args=[unit.pk]))
    return render(request, "cables/delivery/roster_units.html", {"units": units})


@login_required
@require_http_methods(["GET", "POST"])
def roster_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The duty roster of one unit, and the form to add a shift."""
    user = _user(request)
    unit = roster.get_managed_unit(user, unit_id)
    form = ShiftForm(request.POST or None, unit=unit)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                roster.add_shift(user, unit, **form.cleaned_data)
            except CableError as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("The shift is on the roster."))
                return HttpResponseRedirect(reverse("cables:roster", args=[unit.pk]))
        else:
            status = 400
    context = {"unit": unit, "shifts": roster.shifts_of(user, unit), "form": form}
    return render(request, "cables/delivery/roster.html", context, status=status)


@login_required
@require_POST
def roster_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a shift off its unit's roster."""
    user = _user(request)
    unit_id = DutyShift.objects.filter(pk=pk).values_list("unit_id", flat=True).first()
    roster.remove_shift(user, pk)
    messages.success(request, _("The shift is off the roster."))
    return HttpResponseRedirect(reverse("cables:roster", args=[unit_id]))


urlpatterns: list[URLPattern] = [
    path("", inbox, name="inbox"),
    path("deliveries/<int:pk>/acknowledge/", acknowledge_delivery, name="acknowledge"),
    path("roster/", roster_units, name="roster-units"),
    path("roster/<int:unit_id>/", roster_page, name="roster"),
    path("roster/shifts/<int:pk>/remove/", roster_remove, name="roster-remove"),
]
