"""Cable workspace pages of the archive: search (``/cables/archive/``, a GET form that works
without JavaScript), saved searches with alerts, and PDF export (routes assembled by
``cables/urls.py``)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chancery.core.service import User
from chancery.documents.actions.search import (
    SavedSearchRefused,
    delete_saved_search,
    get_saved_search,
    save_search,
    saved_searches_of,
    set_saved_search_alert,
)
from chancery.documents.cables.search.alerts import SCOPE
from chancery.documents.cables.search.export import export_cable
from chancery.documents.cables.search.forms import CableSearchForm, SaveCableSearchForm
from chancery.documents.cables.search.params import CableSearchParams
from chancery.documents.cables.search.query import search_cables
from chancery.documents.forms.search import initial_from


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _archive_url(params: CableSearchParams, **extra: object) -> str:
    return f"{reverse('cables:archive')}?{urlencode({**initial_from(params), **extra})}"


@login_required
@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    """Search the cables I may read: results, exact total and facets over those only."""
    form = CableSearchForm(request.GET or None)
    context: dict[str, object] = {"form": form, "save_form": SaveCableSearchForm()}
    if form.is_bound and form.is_valid():
        params = form.params()
        results = search_cables(_user(request), params, page=form.cleaned_data.get("page") or 1)
        codes = set(params.tag_codes)
        context.update(
            results=results,
            rows=[(hit, reverse("cables:detail", args=[hit.cable.pk])) for hit in results.hits],
            query_string=urlencode(initial_from(params)),
            previous_url=_archive_url(params, page=results.page - 1),
            next_url=_archive_url(params, page=results.page + 1),
            tag_links=[
                (facet, _archive_url(_with_tag(params, facet.value)), facet.value in codes)
                for facet in results.tags
            ],
            precedence_links=[
                (facet, _archive_url(_with_precedence(params, facet.value)))
                for facet in results.precedences
            ],
        )
    return render(request, "cables/archive/search.html", context)


def _with_tag(params: CableSearchParams, tag: str) -> CableSearchParams:
    tags = params.tags if tag in params.tag_codes else (*params.tags, tag)
    return replace(params, tags=tags)


def _with_precedence(params: CableSearchParams, code: str) -> CableSearchParams:
    return replace(params, precedence=code)


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    """Save the search of the query string under a name (with or without alerts)."""
    search_form = CableSearchForm(request.GET)
    form = SaveCableSearchForm(request.POST)
    back = f"{reverse('cables:archive')}?{request.GET.urlencode()}"
    if not (search_form.is_valid() and form.is_valid()):
        messages.error(request, _("Give the search a name."))
        return redirect(back)
    try:
        save_search(
            _user(request),
            form.cleaned_data["name"],
            search_form.params(),
            alert=form.cleaned_data["alert"],
            scope=SCOPE,
        )
    except SavedSearchRefused as exc:
        messages.error(request, str(exc.message))
        return redirect(back)
    messages.success(request, _("Search saved."))
    return redirect("cables:saved_searches")


@login_required
@require_GET
def saved_searches(request: HttpRequest) -> HttpResponse:
    searches = saved_searches_of(_user(request), SCOPE)
    return render(request, "cables/archive/saved.html", {"searches": searches})


@login_required
@require_GET
def run_saved(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_saved_search(_user(request), pk, SCOPE)
    return redirect(_archive_url(CableSearchParams.from_json(saved.query)))


@login_required
@require_POST
def toggle_alert(request: HttpRequest, pk: int) -> HttpResponse:
    alert = request.POST.get("alert") == "on"
    set_saved_search_alert(_user(request), pk, alert=alert, scope=SCOPE)
    messages.success(request, _("Alerts turned on.") if alert else _("Alerts turned off."))
    return redirect("cables:saved_searches")


@login_required
@require_POST
def delete_saved(request: HttpRequest, pk: int) -> HttpResponse:
    delete_saved_search(_user(request), pk, SCOPE)
    messages.success(request, _("Saved search deleted."))
    return redirect("cables:saved_searches")


@login_required
@require_GET
def export(request: HttpRequest, pk: str) -> HttpResponse:
    """The cable as PDF (watermarked for me when classified); 404 if I may not read it."""
    result = export_cable(_user(request), pk)
    response = HttpResponse(result.data, content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(request.GET.get("view") != "1", result.filename) or "attachment"
    )
    response["Cache-Control"] = "no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("archive/", archive, name="archive"),
    path("archive/save/", save, name="saved_search_save"),
    path("archive/saved/", saved_searches, name="saved_searches"),
    path("archive/saved/<int:pk>/", run_saved, name="saved_search_run"),
    path("archive/saved/<int:pk>/alert/", toggle_alert, name="saved_search_alert"),
    path("archive/saved/<int:pk>/delete/", delete_saved, name="saved_search_delete"),
    path("<uuid:pk>/export.pdf", export, name="export"),
]
