"""Filing at the counter: a member of staff opens a dossier for an applicant who came in
person, fills the form and uploads the papers on their behalf, and submits it (``filed_by``).
Every write goes through the submission area's actions, as the applicant's own would."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chancery.core.service import Role, User
from chancery.eservices.constants import Channel, DeliveryMethod, State, VersionStatus
from chancery.eservices.exceptions import EservicesError, InvalidSubmission
from chancery.eservices.handling.views import handler, url_or_none
from chancery.eservices.models import Applicant, Dossier, ProcedureVersion
from chancery.eservices.queries import scope_unit_ids


def _versions(user: User) -> list[ProcedureVersion]:
    """Published versions offered in person by the user's department or mission."""
    scope = scope_unit_ids(user)
    versions = (
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED, agencies__in=scope)
        .select_related("procedure")
        .distinct()
        .order_by("procedure__code", "-number")
    )
    return [v for v in versions if v.channel(Channel.IN_PERSON) is not None]


@login_required
@require_http_methods(["GET", "POST"])
def counter_start(request: HttpRequest) -> HttpResponse:
    """Choose the procedure for the applicant (``?applicant=<pk>``) and open the draft."""
    user = handler(request)
    applicant_pk = request.POST.get("applicant") or request.GET.get("applicant") or ""
    applicant = (
        Applicant.objects.filter(pk=int(applicant_pk), is_active=True).first()
        if applicant_pk.isdigit()
        else None
    )
    versions = _versions(user)
    error = ""
    if request.method == "POST" and applicant is not None:
        chosen = next((v for v in versions if str(v.pk) == request.POST.get("version")), None)
        unit = chosen.agencies.filter(pk__in=scope_unit_ids(user)).first() if chosen else None
        if chosen is None or unit is None:
            error = _("Choose one of the procedures your unit handles.")
        else:
            from chancery.eservices.submission import actions as submission

            try:
                draft = submission.start_draft(
                    applicant,
                    chosen,
                    unit=unit,
                    channel=Channel.IN_PERSON,
                    delivery=request.POST.get("delivery") or DeliveryMethod.COUNTER,
                    postal_address=request.POST.get("postal_address", ""),
                    filed_by=user,
                )
            except EservicesError as exc:
                error = str(exc.message)
            else:
                return HttpResponseRedirect(reverse("eservices:counter_draft", args=[draft.pk]))
    elif request.method == "POST":
        error = _("Find or register the applicant first.")
    context = {
        "applicant": applicant,
        "versions": versions,
        "error": error,
        "delivery_choices": DeliveryMethod.choices,
        "find_applicant_url": url_or_none("eservices:counter_applicant"),
    }
    return render(
        request, "eservices/handling/counter_start.html", context, status=400 if error else 200
    )


def _draft(user: User, pk: int) -> Dossier:
    """A counter draft of the user's department or mission (leaders: any); else 404."""
    rows = Dossier.objects.select_related("version__procedure", "applicant", "unit").filter(
        pk=pk, state=State.DRAFT, filed_by__isnull=False
    )
    if not user.has_role(Role.LEADER):
        rows = rows.filter(unit_id__in=scope_unit_ids(user))
    draft = rows.first()
    if draft is None:
        raise Http404
    return draft


def _upload(applicant: Applicant, draft: Dossier, request: HttpRequest) -> dict[str, list[str]]:
    from chancery.eservices.forms import engine
    from chancery.eservices.submission import actions as submission

    slots = {
        f["name"]: f.get("component", f["name"])
        for f in engine.iter_fields(draft.version.form_schema)
        if f.get("type") == "file"
    }
    errors: dict[str, list[str]] = defaultdict(list)
    for name, uploads in request.FILES.lists():
        for upload in uploads:
            try:
                submission.attach_file(applicant, draft.pk, slots.get(name, name), upload)
            except EservicesError as exc:
                errors[name].append(str(exc.message))
    return dict(errors)


@login_required
@require_http_methods(["GET", "POST"])
def counter_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The staff side of a counter draft: the applicant's form, the papers, and submit."""
    user = handler(request)
    draft = _draft(user, pk)
    applicant = draft.applicant
    errors: dict[str, Any] = {}
    if request.method == "POST":
        from chancery.eservices.submission import actions as submission

        try:
            errors = submission.save_answers(applicant, draft.pk, request.POST.dict())
            errors.update(_upload(applicant, draft, request))
            if "submit" in request.POST and not errors:
                filed = submission.submit(
                    applicant, draft.pk, idempotency_key=request.POST.get("idempotency_key", "")
                )
                return HttpResponseRedirect(reverse("eservices:dossier", args=[filed.pk]))
        except InvalidSubmission as exc:
            errors = dict(exc.errors) or {"": [str(exc.message)]}
        except EservicesError as exc:
            errors = {"": [str(exc.message)]}
        if not errors:
            return HttpResponseRedirect(reverse("eservices:counter_draft", args=[draft.pk]))
        draft.refresh_from_db()
    files: dict[str, list[Any]] = defaultdict(list)
    for row in draft.files.filter(superseded=False).order_by("component", "pk"):
        files[row.component].append(row)
    context = {
        "draft": draft,
        "form_schema": draft.version.form_schema,
        "answers": draft.form_data,
        "errors": errors,
        "general_errors": errors.get("", []),
        "files": dict(files),
        "upload_url": reverse("eservices:counter_draft", args=[draft.pk]),
        "idempotency_key": request.POST.get("idempotency_key") or uuid.uuid4().hex,
    }
    return render(
        request, "eservices/handling/counter_draft.html", context, status=400 if errors else 200
    )
