"""Workspace views of handling: the personal inbox, the unit dashboard, and the handling
section of the document page with its forms (assign, sub-assign, comment, consult, report
progress, complete, cancel).

The forms post to one view per action. A refusal or an invalid form shows the document page
again with the form's errors (status 400, 403 or 409); success redirects to the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chancery.core.service import Role, User, can
from chancery.documents.actions import handling as actions
from chancery.documents.constants import OPEN_INCOMING, ActivityKind, AssignmentRole, Direction
from chancery.documents.forms import handling as forms
from chancery.documents.policies import may_cancel, may_handle, may_sub_assign
from chancery.documents.queries import handling as queries
from chancery.documents.queries.documents import get_document_for_user
from chancery.documents.views.common import PanelForms

if TYPE_CHECKING:
    from django import forms as django_forms

    from chancery.documents.models import Activity, Assignment, Document

PER_PAGE = 25
PANEL_FORMS = "_handling_forms"
FORMS = PanelForms(PANEL_FORMS, anchor="handling", file_field="attachment")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """My documents: to handle, to follow, for information; counts over what I may read."""
    user = _user(request)
    tab = request.GET.get("tab", "handle")
    if tab not in {t.slug for t in queries.TABS}:
        tab = "handle"
    page = Paginator(queries.inbox(user, tab), PER_PAGE).get_page(request.GET.get("page"))
    rows = [(document, queries.deadline_of(document.my_due)) for document in page]  # type: ignore[attr-defined]
    counts = queries.inbox_counts(user)
    tabs = [(t, counts[t.slug]) for t in queries.TABS]
    context = {
        "tab": tab,
        "tabs": tabs,
        "page": page,
        "rows": rows,
        "may_receive": user.has_role(Role.CLERK) and user.unit_id is not None,
        "may_keep_records": user.has_role(Role.ARCHIVIST),
    }
    return render(request, "documents/inbox.html", context)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Handling figures of my unit (heads and leaders may pick another unit)."""
    user = _user(request)
    units = queries.units_for_dashboard(user)
    form = forms.DashboardForm(request.GET or None, units=units)
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    unit = unit or units.filter(pk=user.unit_id or 0).first() or units.first()
    figures = queries.unit_figures(user, unit) if unit is not None else None
    context = {
        "form": form,
        "unit": unit,
        "figures": figures,
        "may_pick": units.count() > 1,
        "bars": (bars := _bars(figures)),
        "chart_height": len(bars) * 32 + 8,
    }
    return render(request, "documents/handling/dashboard.html", context)


# The chart's bars are drawn in a 300-unit band after a 180-unit label column.
_BAR_BAND = 300


def _bars(figures: queries.UnitFigures | None) -> list[dict[str, Any]]:
    if figures is None:
        return []
    values = [
        ("overdue", _("Overdue"), figures.overdue),
        ("week", _("Due this week"), figures.due_this_week),
        ("on-time", _("Completed on time"), figures.on_time),
        ("late", _("Completed late"), figures.late),
    ]
    top = max([value for _key, _label, value in values] + [1])
    return [
        {
            "key": key,
            "label": label,
            "value": value,
            "y": index * 32,
            "width": value * _BAR_BAND // top,
        }
        for index, (key, label, value) in enumerate(values)
    ]


# The document page's section ----------------------------------------------------------------


def panel(request: HttpRequest, document: Document) -> dict[str, object] | None:
    """Assignments tree, activity timeline and the forms of what the user may do."""
    if document.direction != Direction.INCOMING:
        return None
    user = _user(request)
    bound: dict[str, django_forms.Form] = getattr(request, PANEL_FORMS, {})
    tree = queries.assignments_of(document)
    for node in tree:
        _node_actions(user, document, node, bound)
        for child in node.sub:  # type: ignore[attr-defined]
            _node_actions(user, document, child, bound)
    version = {"version": document.version}
    open_ = document.status in OPEN_INCOMING
    has_lead = any(n.role == AssignmentRole.LEAD and n.status in actions.ACTIVE for n in tree)
    timeline = queries.activity_of(document)
    for entry in timeline:
        entry.answer_form = _answer_form(user, entry, bound, version)  # type: ignore[attr-defined]
    return {
        "tree": tree,
        "timeline": timeline,
        "assign_form": _form(bound, "assign", forms.AssignForm, version)
        if open_ and not has_lead and can(user, "assign", document)
        else None,
        "comment_form": _form(bound, "comment", forms.CommentForm, version)
        if can(user, "comment", document) and not document.is_record
        else None,
        "opinion_form": _form(bound, "opinion", forms.OpinionRequestForm, version)
        if open_ and can(user, "request_opinion", document)
        else None,
    }


def _form(
    bound: dict[str, Any], key: str, form_class: type[Any], initial: dict[str, Any], **kw: Any
) -> Any:
    return bound.get(key) or form_class(initial=initial, prefix=key, **kw)


def _node_actions(user: User, document: Document, node: Assignment, bound: dict[str, Any]) -> None:
    active = node.status in actions.ACTIVE
    busy = any(c.status in actions.ACTIVE for c in getattr(node, "sub", []))
    handled = node.role != AssignmentRole.INFORMATION
    version = {"version": document.version}
    key = f"a{node.pk}"
    may_sub = active and handled and not busy and node.parent_id is None
    may = active and not busy and may_handle(user, node)
    offered = {
        "sub_form": (forms.SubAssignForm, may_sub and may_sub_assign(user, node)),
        "progress_form": (forms.ProgressForm, may and handled),
        "complete_form": (forms.CompleteForm, may),
        "cancel_form": (forms.CancelForm, active and may_cancel(user, node)),
    }
    for name, (form_class, allowed) in offered.items():
        extra = {"unit_id": node.unit_id} if name == "sub_form" else {}
        prefix = f"{key}-{name.removesuffix('_form')}"
        form = _form(bound, prefix, form_class, version, **extra) if allowed else None
        setattr(node, name, form)


def _answer_form(
    user: User, entry: Activity, bound: dict[str, Any], version: dict[str, Any]
) -> Any:
    if entry.kind != ActivityKind.OPINION_REQUEST or entry.target_unit_id != user.unit_id:
        return None
    if any(True for _reply in entry.replies.all()):
        return None
    return _form(bound, f"r{entry.pk}", forms.OpinionForm, version)


# Posting the forms --------------------------------------------------------------------------


@login_required
@require_POST
def assign(request: HttpRequest, pk: str) -> HttpResponse:
    user, document = _user(request), get_document_for_user(request.user, pk)
    form = forms.AssignForm(request.POST, prefix="assign")

    def run(data: dict[str, Any]) -> object:
        routing = actions.Routing(
            lead=data["lead"],
            coordinating=list(data["coordinating"]),
            information=list(data["information"]),
            due_date=data["due_date"],
            working_days=data["working_days"],
            instructions=data["instructions"],
        )
        return actions.assign_document(user, document, routing, version=data["version"])

    allowed = can(user, "assign", document)
    return FORMS.act(
        request, document, "assign", form, run, _("The document was assigned."), allowed=allowed
    )


@login_required
@require_POST
def sub_assign(request: HttpRequest, pk: str, assignment_pk: int) -> HttpResponse:
    user = _user(request)
    assignment = queries.get_assignment_for_user(user, pk, assignment_pk)
    key = f"a{assignment.pk}-sub"
    form = forms.SubAssignForm(request.POST, prefix=key, unit_id=assignment.unit_id)

    def run(data: dict[str, Any]) -> object:
        return actions.sub_assign(
            user,
            assignment,
            data["assignee"],
            version=data["version"],
            instructions=data["instructions"],
            due_date=data["due_date"],
        )

    allowed = may_sub_assign(user, assignment)
    return FORMS.act(
        request,
        assignment.document,
        key,
        form,
        run,
        _("The specialist was assigned."),
        allowed=allowed,
    )


@login_required
@require_POST
def progress(request: HttpRequest, pk: str, assignment_pk: int) -> HttpResponse:
    user = _user(request)
    assignment = queries.get_assignment_for_user(user, pk, assignment_pk)
    key = f"a{assignment.pk}-progress"
    form = forms.ProgressForm(request.POST, request.FILES, prefix=key)

    def run(data: dict[str, Any]) -> object:
        return actions.report_progress(
            user, assignment, data["body"], uploads=form.uploads(), version=data["version"]
        )

    allowed = may_handle(user, assignment)
    return FORMS.act(
        request, assignment.document, key, form, run, _("Progress reported."), allowed=allowed
    )


@login_required
@require_POST
def complete(request: HttpRequest, pk: str, assignment_pk: int) -> HttpResponse:
    user = _user(request)
    assignment = queries.get_assignment_for_user(user, pk, assignment_pk)
    key = f"a{assignment.pk}-complete"
    form = forms.CompleteForm(request.POST, request.FILES, prefix=key)

    def run(data: dict[str, Any]) -> object:
        return actions.complete_assignment(
            user, assignment, data["result"], uploads=form.uploads(), version=data["version"]
        )

    allowed = may_handle(user, assignment)
    return FORMS.act(
        request, assignment.document, key, form, run, _("The assignment is done."), allowed=allowed
    )


@login_required
@require_POST
def cancel(request: HttpRequest, pk: str, assignment_pk: int) -> HttpResponse:
    user = _user(request)
    assignment = queries.get_assignment_for_user(user, pk, assignment_pk)
    key = f"a{assignment.pk}-cancel"
    form = forms.CancelForm(request.POST, prefix=key)

    def run(data: dict[str, Any]) -> object:
        return actions.cancel_assignment(
            user, assignment, version=data["version"], reason=data["reason"]
        )

    allowed = may_cancel(user, assignment)
    return FORMS.act(
        request,
        assignment.document,
        key,
        form,
        run,
        _("The assignment was cancelled."),
        allowed=allowed,
    )


@login_required
@require_POST
def comment(request: HttpRequest, pk: str) -> HttpResponse:
    user, document = _user(request), get_document_for_user(request.user, pk)
    form = forms.CommentForm(request.POST, request.FILES, prefix="comment")

    def run(data: dict[str, Any]) -> object:
        return actions.add_comment(
            user, document, data["body"], uploads=form.uploads(), version=data["version"]
        )

    allowed = can(user, "comment", document)
    return FORMS.act(
        request, document, "comment", form, run, _("Your comment was added."), allowed=allowed
    )


@login_required
@require_POST
def request_opinion(request: HttpRequest, pk: str) -> HttpResponse:
    user, document = _user(request), get_document_for_user(request.user, pk)
    form = forms.OpinionRequestForm(request.POST, prefix="opinion")

    def run(data: dict[str, Any]) -> object:
        return actions.request_opinion(
            user, document, data["unit"], data["question"], version=data["version"]
        )

    allowed = can(user, "request_opinion", document)
    return FORMS.act(
        request,
        document,
        "opinion",
        form,
        run,
        _("The unit was asked for its opinion."),
        allowed=allowed,
    )


@login_required
@require_POST
def answer_opinion(request: HttpRequest, pk: str, activity_pk: int) -> HttpResponse:
    user = _user(request)
    asked = queries.get_opinion_request_for_user(user, pk, activity_pk)
    key = f"r{asked.pk}"
    form = forms.OpinionForm(request.POST, request.FILES, prefix=key)

    def run(data: dict[str, Any]) -> object:
        return actions.give_opinion(
            user, asked, data["body"], uploads=form.uploads(), version=data["version"]
        )

    allowed = user.unit_id is not None and asked.target_unit_id == user.unit_id
    return FORMS.act(
        request, asked.document, key, form, run, _("Your unit's opinion was sent."), allowed=allowed
    )


_ASSIGNMENT = "<uuid:pk>/handling/assignments/<int:assignment_pk>"
urlpatterns: list[URLPattern] = [
    path("", inbox, name="inbox"),
    path("dashboard/", dashboard, name="dashboard"),
    path("<uuid:pk>/handling/assign/", assign, name="assign"),
    path("<uuid:pk>/handling/comment/", comment, name="comment"),
    path("<uuid:pk>/handling/opinion-request/", request_opinion, name="request-opinion"),
    path("<uuid:pk>/handling/opinions/<int:activity_pk>/", answer_opinion, name="answer-opinion"),
    path(f"{_ASSIGNMENT}/sub-assign/", sub_assign, name="sub-assign"),
    path(f"{_ASSIGNMENT}/progress/", progress, name="progress"),
    path(f"{_ASSIGNMENT}/complete/", complete, name="complete"),
    path(f"{_ASSIGNMENT}/cancel/", cancel, name="cancel-assignment"),
]
