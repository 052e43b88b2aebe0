"""The staff workspace of the public's questions: the queue, one question, its answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.core.decorators import role_required
from chancery.portal import questions
from chancery.portal.constants import QuestionStatus
from chancery.portal.public_forms import AnswerForm, QueueFilter

workspace = role_required(*questions.WORKSPACE_ROLES)


@workspace
def queue(request: HttpRequest) -> HttpResponse:
    """The questions the user may see, open ones by default, filtered by status and topic."""
    visible = questions.visible_to(request.user)
    form = QueueFilter(request.GET or None)
    rows = visible
    status, topic = "", None
    if form.is_valid():
        status, topic = form.cleaned_data["status"], form.cleaned_data["topic"]
    if topic is not None:
        rows = rows.filter(topic=topic)
    counts = questions.counts(rows)
    rows = rows.filter(status=status) if status else rows.filter(status__in=questions.OPEN_STATUSES)
    context = {
        "form": form,
        "rows": rows[:200],
        "counts": [(label, counts[value], value) for value, label in QuestionStatus.choices],
        "sees_everything": questions.sees_everything(request.user),
    }
    return render(request, "portal/staff/questions.html", context)


def _detail(
    request: HttpRequest, question: Any, form: AnswerForm, status: int = 200
) -> HttpResponse:
    context = {
        "question": question,
        "reference": questions.reference(question),
        "form": form,
        "may_handle": questions.may_handle(request.user, question),
        "may_publish": questions.may_publish(request.user, question),
        "is_open": question.status in questions.OPEN_STATUSES,
    }
    return render(request, "portal/staff/question.html", context, status=status)


@workspace
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = questions.get_for_user(request.user, pk)
    form = AnswerForm(initial={"answer": question.answer, "publish": question.published})
    return _detail(request, question, form)


def _back(pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("portal_staff:question", kwargs={"pk": pk}))


@workspace
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = questions.get_for_user(request.user, pk)
    if not questions.may_handle(request.user, question):  # editors see, do not answer
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _detail(request, question, form, status=400)
    try:
        questions.answer_question(
            request.user, question, form.cleaned_data["answer"], form.cleaned_data["publish"]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, question, form, status=400)
    messages.success(request, _("The answer was saved and is being e-mailed to the sender."))
    return _back(pk)


@workspace
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    question = questions.get_for_user(request.user, pk)
    wanted = request.POST.get("published") == "1"
    try:
        questions.publish_question(request.user, question, wanted)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(pk)
    if wanted:
        messages.success(request, _("The question and its answer are published on the portal."))
    else:
        messages.success(request, _("The question was withdrawn from the portal."))
    return _back(pk)


def _end(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    question = questions.get_for_user(request.user, pk)
    try:
        act(request.user, question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(pk)
    messages.success(request, done)
    return HttpResponseRedirect(reverse("portal_staff:questions"))


@workspace
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _end(request, pk, questions.close_question, _("The question was closed."))


@workspace
@require_POST
def spam(request: HttpRequest, pk: int) -> HttpResponse:
    return _end(request, pk, questions.mark_spam, _("The question was marked as spam."))
