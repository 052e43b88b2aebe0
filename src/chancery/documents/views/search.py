"""Workspace views of search: the search page (GET form, works without JavaScript) and the
user's saved searches."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chancery.documents.actions.search import (
    DOCUMENTS,
    SavedSearchRefused,
    delete_saved_search,
    get_saved_search,
    save_search,
)
from chancery.documents.forms.search import SaveSearchForm, SearchForm, initial_from
from chancery.documents.models import SavedSearch
from chancery.documents.search.query import SearchParams, search_documents

if TYPE_CHECKING:
    from chancery.documents.models import Document


def _page(form: SearchForm) -> int:
    return int(form.cleaned_data.get("page") or 1)


def _querystring(params: SearchParams, page: int) -> str:
    return urlencode({**initial_from(params), "page": page})


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"form": form, "save_form": SaveSearchForm()}
    if form.is_bound and form.is_valid():
        params = form.params()
        results = search_documents(request.user, params, page=_page(form))
        context.update(
            results=results,
            params_json=params.to_json(),
            query_string=urlencode(initial_from(params)),
            previous_qs=_querystring(params, results.page - 1),
            next_qs=_querystring(params, results.page + 1),
        )
    return render(request, "documents/search/search.html", context)


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    search_form = SearchForm(request.GET)
    form = SaveSearchForm(request.POST)
    if not (search_form.is_valid() and form.is_valid()):
        messages.error(request, _("Give the search a name."))
        return redirect(f"{reverse('documents:search')}?{request.GET.urlencode()}")
    try:
        save_search(
            request.user,  # type: ignore[arg-type]
            form.cleaned_data["name"],
            search_form.params(),
            alert=form.cleaned_data["alert"],
        )
    except SavedSearchRefused as exc:
        messages.error(request, str(exc.message))
        return redirect(f"{reverse('documents:search')}?{request.GET.urlencode()}")
    messages.success(request, _("Search saved."))
    return redirect("documents:saved_searches")


@login_required
@require_GET
def saved_searches(request: HttpRequest) -> HttpResponse:
    searches = SavedSearch.objects.filter(owner=request.user, scope=DOCUMENTS)  # type: ignore[misc]
    return render(request, "documents/search/saved.html", {"searches": searches})


@login_required
@require_GET
def run_saved(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_saved_search(request.user, pk)  # type: ignore[arg-type]
    params = SearchParams.from_json(saved.query)
    return redirect(f"{reverse('documents:search')}?{urlencode(initial_from(params))}")


@login_required
@require_POST
def delete_saved(request: HttpRequest, pk: int) -> HttpResponse:
    delete_saved_search(request.user, pk)  # type: ignore[arg-type]
    messages.success(request, _("Saved search deleted."))
    return redirect("documents:saved_searches")


urlpatterns: list[URLPattern] = [
    path("search/", search, name="search"),
    path("search/save/", save, name="saved_search_save"),
    path("search/saved/", saved_searches, name="saved_searches"),
    path("search/saved/<int:pk>/", run_saved, name="saved_search_run"),
    path("search/saved/<int:pk>/delete/", delete_saved, name="saved_search_delete"),
]


def panel(request: HttpRequest, document: Document) -> dict[str, object] | None:
    """Search has no section on the document page."""
    return None
