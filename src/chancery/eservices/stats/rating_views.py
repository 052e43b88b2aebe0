"""The applicant's rating page (``services:rate``): a 1–5 radio scale and a comment."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from chancery.eservices.applicants.session import applicant_required
from chancery.eservices.exceptions import NotAllowed
from chancery.eservices.public import render_public
from chancery.eservices.queries import get_dossier_for_applicant
from chancery.eservices.stats.rating import MAX_COMMENT, InvalidRating, can_rate, rate

SCALE = [
    ("5", _("5 · Very satisfied")),
    ("4", _("4 · Satisfied")),
    ("3", _("3 · Neither satisfied nor dissatisfied")),
    ("2", _("2 · Dissatisfied")),
    ("1", _("1 · Very dissatisfied")),
]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with how your dossier was handled?"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 4}),
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def rate_view(request: HttpRequest, pk: int) -> HttpResponse:
    applicant = request.applicant  # type: ignore[attr-defined]
    try:
        dossier = get_dossier_for_applicant(applicant, pk)
    except NotAllowed as exc:
        raise Http404 from exc
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and can_rate(dossier) and form.is_valid():
        try:
            rate(
                applicant,
                dossier.pk,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except InvalidRating as exc:
            form.add_error("rating", str(exc.message))
        else:
            return HttpResponseRedirect(reverse("services:rate", args=[dossier.pk]))
    return render_public(
        request,
        "eservices/stats/rate.html",
        {"dossier": dossier, "form": form, "can_rate": can_rate(dossier)},
        status=422 if form.errors else 200,
    )
