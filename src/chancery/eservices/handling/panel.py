"""The action panel of the dossier page: which actions the user may take now, their forms,
and how a valid form runs its action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chancery.core.service import User
from chancery.eservices.constants import CLOSED_STATES, State
from chancery.eservices.handling import actions, forms, rules
from chancery.eservices.models import Dossier

Run = Callable[[User, Dossier, dict[str, Any], Any], object]
SAVE = _("Save")


@dataclass(frozen=True)
class Action:
    key: str
    title: Promise
    form: type[django_forms.Form]
    allowed: Callable[[User, Dossier], bool]
    run: Run
    needs_dossier: bool = False
    button: Promise = SAVE


def _step_allowed(user: User, dossier: Dossier) -> bool:
    if dossier.state != State.AWAITING_APPROVAL:
        return False
    step = actions.current_step(dossier)
    return step is not None and rules.may_decide_step(user, dossier, step)


def _late(dossier: Dossier) -> bool:
    return (
        dossier.state not in CLOSED_STATES
        and dossier.due_on is not None
        and dossier.due_on < timezone.localdate()
    )


ACTIONS: tuple[Action, ...] = (
    Action(
        "accept",
        _("Accept: the dossier is complete"),
        forms.RevisionForm,
        lambda u, d: d.state == State.SUBMITTED and rules.may_handle(u, d),
        lambda u, d, c, f: actions.accept(u, d.pk, revision=c["revision"]),
        button=_("Accept"),
    ),
    Action(
        "supplement",
        _("Ask the applicant for a supplement"),
        forms.SupplementForm,
        lambda u, d: (
            d.state in (State.SUBMITTED, State.ACCEPTED, State.PROCESSING)
            and rules.may_handle(u, d)
        ),
        lambda u, d, c, f: actions.request_supplement(
            u, d.pk, items=f.items(), reason=c["reason"], revision=c["revision"]
        ),
        needs_dossier=True,
        button=_("Send the request"),
    ),
    Action(
        "refuse",
        _("Refuse at intake"),
        forms.ReasonForm,
        lambda u, d: (
            d.state in (State.SUBMITTED, State.SUPPLEMENT_REQUESTED) and rules.may_handle(u, d)
        ),
        lambda u, d, c, f: actions.refuse(u, d.pk, reason=c["reason"], revision=c["revision"]),
        button=_("Refuse"),
    ),
    Action(
        "assign",
        _("Assign"),
        forms.AssignForm,
        lambda u, d: d.state not in CLOSED_STATES and rules.may_assign(u, d),
        lambda u, d, c, f: actions.assign(u, d.pk, assignee=c["assignee"], revision=c["revision"]),
        needs_dossier=True,
        button=_("Assign"),
    ),
    Action(
        "start",
        _("Start processing"),
        forms.RevisionForm,
        lambda u, d: (
            d.state == State.ACCEPTED
            and rules.may_handle(u, d)
            and (d.assignee_id in (None, u.pk) or rules.may_assign(u, d))
        ),
        lambda u, d, c, f: actions.start_processing(u, d.pk, revision=c["revision"]),
        button=_("Start processing"),
    ),
    Action(
        "approval",
        _("Send for approval"),
        forms.ApprovalForm,
        lambda u, d: d.state == State.PROCESSING and rules.may_handle(u, d),
        lambda u, d, c, f: actions.submit_for_approval(
            u, d.pk, steps=forms.APPROVAL_PRESETS[c["steps"]], revision=c["revision"]
        ),
        button=_("Send for approval"),
    ),
    Action(
        "decide",
        _("Decide the approval step"),
        forms.DecideForm,
        _step_allowed,
        lambda u, d, c, f: actions.decide_step(
            u, d.pk, decision=c["decision"], note=c["note"], revision=c["revision"]
        ),
        button=_("Record the decision"),
    ),
    Action(
        "approve",
        _("Approve (no approval steps)"),
        forms.NoteForm,
        lambda u, d: d.state == State.PROCESSING and rules.may_decide_directly(u, d),
        lambda u, d, c, f: actions.approve(u, d.pk, note=c["note"], revision=c["revision"]),
        button=_("Approve"),
    ),
    Action(
        "reject",
        _("Reject (no approval steps)"),
        forms.ReasonForm,
        lambda u, d: d.state == State.PROCESSING and rules.may_decide_directly(u, d),
        lambda u, d, c, f: actions.reject(u, d.pk, reason=c["reason"], revision=c["revision"]),
        button=_("Reject"),
    ),
    Action(
        "extend",
        _("Extend the return date"),
        forms.ExtendForm,
        lambda u, d: (
            d.state not in CLOSED_STATES and d.due_on is not None and rules.may_extend(u, d)
        ),
        lambda u, d, c, f: actions.extend(
            u, d.pk, new_due_on=c["new_due_on"], reason=c["reason"], revision=c["revision"]
        ),
        button=_("Extend"),
    ),
    Action(
        "apology",
        _("Send the letter of apology"),
        forms.ApologyForm,
        lambda u, d: _late(d) and rules.may_extend(u, d),
        lambda u, d, c, f: actions.send_apology(u, d.pk, text=c["text"], revision=c["revision"]),
        button=_("Send the letter"),
    ),
    Action(
        "return",
        _("Record the return of the result"),
        forms.ReturnForm,
        lambda u, d: d.state == State.RESULT_ISSUED and rules.may_handle(u, d),
        lambda u, d, c, f: actions.mark_returned(
            u, d.pk, how=c["how"], note=c["note"], revision=c["revision"]
        ),
        button=_("Record the return"),
    ),
)
BY_KEY = {action.key: action for action in ACTIONS}


def make_form(action: Action, dossier: Dossier, data: Any = None, **initial: Any) -> Any:
    kwargs: dict[str, Any] = {
        "prefix": action.key,
        "initial": {"revision": dossier.revision, **initial},
    }
    if action.needs_dossier:
        kwargs["dossier"] = dossier
    return action.form(data, **kwargs)
