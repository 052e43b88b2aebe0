"""Staff views of handling: the queue, the dossier page with its action panel, and file
downloads. Anyone who is not a handler of the dossier's unit (or a leader) gets 404."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from chancery.blobs import service as blobs
from chancery.core.service import User
from chancery.eservices.exceptions import EservicesError, NotAllowed
from chancery.eservices.handling import panel, queue
from chancery.eservices.handling.apology import apology_letter, apology_pdf
from chancery.eservices.handling.forms import QueueFilterForm
from chancery.eservices.handling.sweep import APOLOGY_DRAFTED
from chancery.eservices.models import Dossier
from chancery.eservices.queries import get_dossier_for_staff, is_handler
from chancery.lib.pagination import CursorQuery, paginate
from chancery.lib.problems import Problem

PER_PAGE = 25


def handler(request: HttpRequest) -> User:
    """The signed-in handler, or 404 for anyone else."""
    user = request.user
    if not isinstance(user, User) or not is_handler(user):
        raise Http404
    return user


def template_or_none(name: str) -> str | None:
    """``name`` if another area has built it yet (includes must not break the page)."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def url_or_none(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@login_required
@require_GET
def queue_view(request: HttpRequest) -> HttpResponse:
    """The tabs of the unit's work, with counts, filters, deadlines in working days."""
    user = handler(request)
    tab = request.GET.get("tab", "check")
    tab = tab if tab in queue.TAB_SLUGS else "check"
    form = QueueFilterForm(request.GET or None)
    filters = queue.Filters(**form.cleaned_data) if form.is_valid() else queue.Filters()
    today = timezone.localdate()
    rows = queue.tab_rows(user, tab, filters, today)
    ordering = ("-id",) if tab == "completed" else ("id",)
    try:
        page = paginate(
            request,
            rows,
            ordering=ordering,
            query=CursorQuery(cursor=request.GET.get("cursor") or None, limit=PER_PAGE),
        )
    except Problem:
        page = paginate(
            request, rows, ordering=ordering, query=CursorQuery(cursor=None, limit=PER_PAGE)
        )
    counts = queue.counts(user, filters, today)
    keep = {k: v for k, v in request.GET.items() if k not in {"tab", "cursor"} and v}
    context = {
        "tab": tab,
        "tabs": [(t, counts[t.slug], urlencode({**keep, "tab": t.slug})) for t in queue.TABS],
        "tab_label": next(t.label for t in queue.TABS if t.slug == tab),
        "form": form,
        "rows": [(d, queue.deadline_of(d, today)) for d in page.items],
        "next_url": page.next,
        "counter_url": url_or_none("eservices:counter_applicant")
        or reverse("eservices:counter_start"),
        "payments_url": url_or_none("eservices:payments"),
    }
    return render(request, "eservices/handling/queue.html", context)


def _dossier(request: HttpRequest, pk: int) -> tuple[User, Dossier]:
    user = handler(request)
    try:
        return user, get_dossier_for_staff(user, pk)
    except NotAllowed:
        raise Http404 from None


def _summary(dossier: Dossier) -> list[tuple[str, str]]:
    try:
        from chancery.eservices.forms.engine import summary
    except ImportError:  # the forms area not built yet
        return [(str(k), str(v)) for k, v in (dossier.form_data or {}).items()]
    return summary(dossier.version.form_schema or {}, dossier.form_data or {})


def _apology_text(dossier: Dossier) -> str:
    drafted = dossier.events.filter(action=APOLOGY_DRAFTED).order_by("-at", "-pk").first()
    if drafted is not None and drafted.data.get("due_on") == (
        dossier.due_on.isoformat() if dossier.due_on else None
    ):
        return str(drafted.data.get("text", ""))
    return apology_letter(dossier)


def render_dossier(
    request: HttpRequest, user: User, dossier: Dossier, posted: Any = None, status: int = 200
) -> HttpResponse:
    """The dossier page; ``posted`` is (action key, bound form) shown with its errors."""
    forms = []
    for action in panel.ACTIONS:
        if not action.allowed(user, dossier):
            continue
        if posted is not None and posted[0] == action.key:
            form = posted[1]
        elif action.key == "apology":
            form = panel.make_form(action, dossier, text=_apology_text(dossier))
        else:
            form = panel.make_form(action, dossier)
        forms.append((action, form))
    context = {
        "dossier": dossier,
        "deadline": queue.deadline_of(dossier),
        "summary": _summary(dossier),
        "files": dossier.files.select_related("blob").order_by("component", "round", "pk"),
        "events": dossier.events.select_related("actor").order_by("at", "pk"),
        "supplements": dossier.supplements.select_related("requested_by"),
        "extensions": dossier.extensions.select_related("by"),
        "approvals": dossier.approvals.select_related("approver"),
        "action_forms": forms,
        "sync_log_template": template_or_none("eservices/national/_sync_log.html"),
        "results_panel_template": template_or_none("eservices/results/_panel.html"),
        "issue_result_url": url_or_none("eservices:issue_result", dossier.pk),
        "request_payment_url": url_or_none("eservices:request_payment", dossier.pk),
    }
    return render(request, "eservices/handling/dossier.html", context, status=status)


@login_required
@require_GET
def dossier_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, dossier = _dossier(request, pk)
    return render_dossier(request, user, dossier)


@login_required
@require_POST
def dossier_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one action of the panel; a refusal shows the page again with the reason."""
    user, dossier = _dossier(request, pk)
    spec = panel.BY_KEY.get(action)
    if spec is None:
        raise Http404
    form = panel.make_form(spec, dossier, request.POST)
    if not form.is_valid():
        return render_dossier(request, user, dossier, (spec.key, form), 400)
    try:
        spec.run(user, dossier, form.cleaned_data, form)
    except EservicesError as exc:
        if exc.status == 404:
            raise Http404 from None
        for field, errors in getattr(exc, "errors", {}).items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        if not getattr(exc, "errors", None):
            form.add_error(None, str(exc.message))
        dossier.refresh_from_db()
        return render_dossier(request, user, dossier, (spec.key, form), exc.status)
    messages.success(request, str(spec.title))
    return HttpResponseRedirect(reverse("eservices:dossier", args=[pk]))


@login_required
@require_GET
def dossier_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """Stream a file of the dossier after the same check as the dossier page."""
    user, dossier = _dossier(request, pk)
    row = dossier.files.select_related("blob").filter(pk=file_pk).first()
    if row is None:
        raise Http404
    reader = blobs.open_blob(row.blob.address, actor=user)
    return FileResponse(
        reader,
        as_attachment=request.GET.get("view") != "1",
        filename=row.filename,
        content_type=row.content_type,
    )


@login_required
@require_GET
def dossier_apology_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The current draft letter of apology as a PDF (same check as the dossier page)."""
    _user, dossier = _dossier(request, pk)
    data = apology_pdf(_apology_text(dossier), title=dossier.code)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="apology-{dossier.code}.pdf"'
    return response
