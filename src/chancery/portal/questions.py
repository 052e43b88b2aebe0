"""Questions and feedback from the public: receiving, routing, answering, publishing.

Every write goes through one of these actions; each owns its transaction, writes the audit
entry and defers its e-mail job in the same transaction (a rolled-back write sends nothing).

Who may do what with a question (``may_handle`` / ``may_publish``):

* handlers (clerks, specialists, consular officers, unit heads) of the question's unit or of a
  unit above it see and answer it; staff of any other unit get 404;
* ministry leaders and administrators see and answer every question;
* editors see every question, and publish or withdraw answered ones on the portal.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.core.decorators import holds_any_role
from chancery.core.service import Role, Unit, User, notify, record_audit
from chancery.portal.constants import QuestionKind, QuestionStatus
from chancery.portal.models import PublicQuestion, QuestionTopic

HANDLER_ROLES = (
    Role.CLERK.value,
    Role.SPECIALIST.value,
    Role.CONSULAR_OFFICER.value,
    Role.UNIT_HEAD.value,
)
OVERSEER_ROLES = (Role.LEADER.value, Role.ADMIN.value)
PUBLISHER_ROLES = (Role.EDITOR.value,)
WORKSPACE_ROLES = HANDLER_ROLES + OVERSEER_ROLES + PUBLISHER_ROLES
# Who is told, in the workspace and by e-mail, that a question reached the unit: the clerks who
# register incoming mail and the head who assigns it (not every specialist of the unit).
NOTIFIED_ROLES = (Role.CLERK.value, Role.UNIT_HEAD.value)
DUPLICATE_WINDOW = timedelta(days=1)
OPEN_STATUSES = (QuestionStatus.RECEIVED, QuestionStatus.ASSIGNED)

# The topics people ask about, each routed to the first unit code that exists (demo codes of
# core/demo/units.py first, then the ministry itself).
TOPICS: tuple[tuple[str, tuple[str, str, str], tuple[str, ...]], ...] = (
    (
        "consular",
        ("Dịch vụ lãnh sự", "Consular services", "Services consulaires"),
        ("consular", "consular-passports"),
    ),
    (
        "citizen-protection",
        ("Bảo hộ công dân", "Citizen protection", "Protection des ressortissants"),
        ("consular-protection", "consular"),
    ),
    ("visas", ("Thị thực", "Visas", "Visas"), ("consular-passports", "consular")),
    (
        "foreign-policy",
        ("Chính sách đối ngoại", "Foreign policy", "Politique étrangère"),
        ("foreign-policy", "press"),
    ),
    ("press", ("Báo chí", "Press", "Presse"), ("press",)),
    (
        "website",
        ("Góp ý về trang thông tin", "Website feedback", "Remarques sur le site"),
        ("information-centre", "press", "office"),
    ),
)


@dataclass(frozen=True)
class Submitted:
    question: PublicQuestion
    created: bool  # False: the same message from the same address within a day (duplicate)


def reference(question: PublicQuestion) -> str:
    """The number the sender quotes: HD (hỏi đáp), the year, the record's id."""
    return f"HD-{question.created_at:%Y}-{question.pk:06d}"


def sender_hash(email: str) -> str:
    """A keyed hash of the normalised address (for throttling and spam review)."""
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def ensure_topics() -> list[QuestionTopic]:
    """Create the standard topics where missing, each routed to an existing unit. Leaves
    topics an administrator changed alone. Called by the demo and the tests; without any unit
    (a fresh database) there is nothing to route to and nothing is created."""
    fallback = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    made = []
    for position, (code, (vi, en, fr), unit_codes) in enumerate(TOPICS):
        existing = QuestionTopic.objects.filter(code=code).first()
        if existing is not None:
            made.append(existing)
            continue
        units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes, active=True)}
        unit = next((units[c] for c in unit_codes if c in units), fallback)
        if unit is None:
            continue
        made.append(
            QuestionTopic.objects.create(
                code=code, name_vi=vi, name_en=en, name_fr=fr, unit=unit, position=position
            )
        )
    return made


def submit_question(
    *,
    kind: str,
    topic: QuestionTopic,
    name: str,
    email: str,
    subject: str,
    body: str,
    language: str,
    request: Any = None,
) -> Submitted:
    """Receive a question or feedback from the public and route it to the topic's unit.

    Anyone may call it (the public form has already applied the spam defences). The same
    message from the same address within a day returns the first record and sends nothing
    again. Otherwise: the record, assigned to ``topic.unit``; the acknowledgement e-mail to
    the sender in ``language``; a notification to the unit's clerks and head; an audit entry.
    Refuses (``ValidationError``) an unknown kind or language.
    """
    from chancery.portal import public_mail

    if kind not in QuestionKind.values:
        raise ValidationError(_("Unknown kind of message."))
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Unknown language."))
    hashed = sender_hash(email)
    with transaction.atomic():
        earlier = (
            PublicQuestion.objects.select_for_update()
            .filter(
                sender_hash=hashed,
                body=body,
                created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            )
            .first()
        )
        if earlier is not None:
            return Submitted(earlier, created=False)
        question = PublicQuestion.objects.create(
            kind=kind,
            topic=topic,
            unit=topic.unit,
            name=name,
            email=email.strip(),
            subject=subject,
            body=body,
            language=language,
            status=QuestionStatus.ASSIGNED,
            sender_hash=hashed,
        )
        record_audit(
            None,
            "portal.question.receive",
            question,
            data={"topic": topic.code, "unit": topic.unit.code, "kind": kind},
            request=request,
        )
        public_mail.defer_acknowledgement(question)
        _notify_unit(question)
    return Submitted(question, created=True)


def _notify_unit(question: PublicQuestion) -> None:
    from django.urls import reverse

    url = reverse("portal_staff:question", kwargs={"pk": question.pk})
    recipients = User.objects.filter(
        unit=question.unit, is_active=True, roles__overlap=list(NOTIFIED_ROLES)
    )
    for recipient in recipients:
        notify(
            recipient,
            "portal.question",
            gettext_lazy("A question from the public: %(reference)s")
            % {"reference": reference(question)},
            gettext_lazy("Topic: %(topic)s.") % {"topic": question.topic.name},
            url,
        )


# Access ---------------------------------------------------------------------------------


def _unit_scope(unit_id: int) -> set[int]:
    """The unit and every unit below it (its divisions)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    scope, todo = set(), [unit_id]
    while todo:
        current = todo.pop()
        if current not in scope:
            scope.add(current)
            todo.extend(children.get(current, []))
    return scope


def sees_everything(user: Any) -> bool:
    return holds_any_role(user, OVERSEER_ROLES + PUBLISHER_ROLES)


def visible_to(user: Any) -> QuerySet[PublicQuestion]:
    """The questions ``user`` may see in the workspace (see the module's docstring)."""
    questions = PublicQuestion.objects.select_related("topic", "unit", "answered_by")
    if sees_everything(user):
        return questions
    if not holds_any_role(user, HANDLER_ROLES) or not user.unit_id:
        return questions.none()
    return questions.filter(unit_id__in=_unit_scope(user.unit_id))


def get_for_user(user: Any, pk: int) -> PublicQuestion:
    """One question ``user`` may see; any other answers 404 (its existence does not leak)."""
    question = visible_to(user).filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


def may_handle(user: Any, question: PublicQuestion) -> bool:
    if holds_any_role(user, OVERSEER_ROLES):
        return True
    return (
        holds_any_role(user, HANDLER_ROLES)
        and bool(user.unit_id)
        and question.unit_id in _unit_scope(user.unit_id)
    )


def may_publish(user: Any, question: PublicQuestion) -> bool:
    return may_handle(user, question) or holds_any_role(user, PUBLISHER_ROLES)


def counts(questions: QuerySet[PublicQuestion]) -> dict[str, int]:
    """How many questions of each status (the queue's tabs)."""
    found = dict(
        questions.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: int(found.get(status, 0)) for status in QuestionStatus.values}


# Handling -------------------------------------------------------------------------------


def _locked(question: PublicQuestion) -> PublicQuestion:
    return PublicQuestion.objects.select_for_update().select_related("topic").get(pk=question.pk)


def _purge_when_published(was: bool, now: bool, pk: int) -> None:
    if was or now:
        from chancery.portal import cache

        transaction.on_commit(lambda: cache.purge(f"question {pk}"))


def answer_question(
    user: Any, question: PublicQuestion, answer: str, publish: bool
) -> PublicQuestion:
    """Answer a question: the answer is e-mailed to the sender in their language and, if
    ``publish``, the question and answer (without the sender's name or address) appear on the
    questions page of its language.

    For handlers of the question's unit (or a unit above it), leaders and administrators.
    Refuses (``PermissionDenied``) anyone else, and (``ValidationError``) an empty answer or a
    question closed or marked as spam. Answering again corrects the answer and e-mails it again.
    """
    answer = answer.strip()
    if not may_handle(user, question):
        raise PermissionDenied
    if not answer:
        raise ValidationError(_("Write the answer."))
    with transaction.atomic():
        row = _locked(question)
        if row.status in (QuestionStatus.CLOSED, QuestionStatus.SPAM):
            raise ValidationError(_("This question is closed; it can no longer be answered."))
        was_published = row.published
        row.answer = answer
        row.answered_by = user
        row.answered_at = timezone.now()
        row.status = QuestionStatus.ANSWERED
        row.published = bool(publish)
        row.answer_emailed_at = None
        row.save(
            update_fields=[
                "answer",
                "answered_by",
                "answered_at",
                "status",
                "published",
                "answer_emailed_at",
            ]
        )
        record_audit(user, "portal.question.answer", row, data={"published": row.published})
        from chancery.portal import public_mail

        public_mail.defer_answer(row)
        _purge_when_published(was_published, row.published, row.pk)
    return row


def publish_question(user: Any, question: PublicQuestion, published: bool) -> PublicQuestion:
    """Publish an answered question on the portal, or withdraw it.

    For whoever may answer it, and for editors. Refuses (``PermissionDenied``) anyone else
    and (``ValidationError``) publishing a question that has no answer.
    """
    if not may_publish(user, question):
        raise PermissionDenied
    with transaction.atomic():
        row = _locked(question)
        if published and row.status != QuestionStatus.ANSWERED:
            raise ValidationError(_("Only an answered question can be published."))
        if row.published != published:
            row.published = published
            row.save(update_fields=["published"])
            record_audit(user, "portal.question.publish", row, data={"published": published})
            _purge_when_published(True, True, row.pk)
    return row


def close_question(user: Any, question: PublicQuestion) -> PublicQuestion:
    """Close a question without answering it (it needs none, or was answered elsewhere).

    For whoever may answer it. Refuses (``PermissionDenied``) anyone else and
    (``ValidationError``) a question already answered, closed or marked as spam."""
    return _end(user, question, QuestionStatus.CLOSED, "portal.question.close")


def mark_spam(user: Any, question: PublicQuestion) -> PublicQuestion:
    """Mark a question as spam (it leaves the queue; nothing is sent to its sender).

    For whoever may answer it. Refuses (``PermissionDenied``) anyone else and
    (``ValidationError``) a question already answered, closed or marked as spam."""
    return _end(user, question, QuestionStatus.SPAM, "portal.question.spam")


def _end(user: Any, question: PublicQuestion, status: str, action: str) -> PublicQuestion:
    if not may_handle(user, question):
        raise PermissionDenied
    with transaction.atomic():
        row = _locked(question)
        if row.status not in OPEN_STATUSES:
            raise ValidationError(_("This question is no longer open."))
        row.status = status
        row.save(update_fields=["status"])
        record_audit(user, action, row)
    return row


def published_for(language: str) -> QuerySet[PublicQuestion]:
    """The answered questions published on the questions page of ``language``, newest first.
    Only the subject, the message and the answer may be shown: never the name or address."""
    return PublicQuestion.objects.filter(
        published=True, status=QuestionStatus.ANSWERED, language=language
    ).order_by("-answered_at")
