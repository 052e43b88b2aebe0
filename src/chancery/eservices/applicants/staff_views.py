"""The counter page: staff find or create the applicant they file a dossier for."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from chancery.core.service import User
from chancery.eservices.applicants import actions, forms, queries
from chancery.eservices.exceptions import InvalidSubmission
from chancery.eservices.queries import is_handler


def _next_step(applicant_pk: int) -> str:
    """The handling area's counter filing page for this applicant (the queue until it exists)."""
    try:
        url = reverse("eservices:counter_start")
    except NoReverseMatch:
        return reverse("eservices:queue")
    return f"{url}?{urlencode({'applicant': applicant_pk})}"


@require_http_methods(["GET", "POST"])
def counter_applicant(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or not is_handler(user):
        raise PermissionDenied
    search = forms.CounterSearchForm(request.GET or None)
    matches = (
        queries.find_for_counter(user, search.cleaned_data["query"]) if search.is_valid() else []
    )
    create = forms.CounterCreateForm(request.POST or None)
    if request.method == "POST" and create.is_valid():
        try:
            applicant = actions.create_at_counter(user, **create.action_kwargs())
        except InvalidSubmission as error:
            create.add_action_errors(error)
        else:
            return HttpResponseRedirect(_next_step(applicant.pk))
    context = {
        "search": search,
        "matches": [(match, _next_step(match.pk)) for match in matches],
        "searched": search.is_bound and search.is_valid(),
        "form": create,
    }
    return render(
        request,
        "eservices/applicants/counter.html",
        context,
        status=400 if create.errors else 200,
    )
