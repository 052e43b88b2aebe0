"""Shared by the tests of the public's questions and subscriptions: form data carrying a
valid spam stamp, running the portal's e-mail jobs, a staff member of a unit."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import time_machine
from django.db import connection
from django.utils import timezone

from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.portal import public_mail, spam
from chancery.portal.questions import ensure_topics


def stamp(salt: str, seconds_ago: int = 10) -> str:
    """A form stamp as if the form had been shown ``seconds_ago``."""
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds_ago), tick=False):
        return spam.stamp(salt)


def ask_data(**overrides: Any) -> dict[str, Any]:
    from chancery.portal.models import QuestionTopic

    topic = QuestionTopic.objects.get(code="consular")
    data: dict[str, Any] = {
        "kind": "question",
        "topic": str(topic.pk),
        "name": "Lan Nguyễn",
        "email": "lan@example.test",
        "subject": "Passport renewal abroad",
        "body": "How do I renew my passport at the embassy in Paris?",
        "consent": "on",
        "website": "",
        "stamp": stamp("ask"),
    }
    data.update(overrides)
    return data


def subscribe_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "email": "reader@example.test",
        "topic": "newsletter",
        "country": "",
        "website": "",
        "stamp": stamp("subscribe"),
    }
    data.update(overrides)
    return data


def run_mail_jobs() -> int:
    """Run the portal's pending e-mail jobs as a worker would (the job's own function),
    marking each done; returns how many ran."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, args FROM procrastinate_jobs WHERE status = 'todo' "
            "AND task_name IN ('portal.send_question_mail', 'portal.send_confirmation_mail') "
            "ORDER BY id"
        )
        jobs = cursor.fetchall()
    for job_id, task_name, raw in jobs:
        args = json.loads(raw) if isinstance(raw, str) else raw
        if task_name == "portal.send_question_mail":
            public_mail.send_question_mail(**args)
        else:
            public_mail.send_confirmation_mail(**args)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s", [job_id]
            )
    return len(jobs)


def consular_units() -> dict[str, Any]:
    """The demo's consular department with its passport division, the press department, and
    the topics routed to them."""
    consular = UnitFactory(code="consular", name_en="Consular Department")
    UnitFactory(code="consular-passports", parent=consular, kind="division")
    UnitFactory(code="consular-protection", parent=consular, kind="division")
    press = UnitFactory(code="press", name_en="Press and Information Department")
    ensure_topics()
    return {"consular": consular, "press": press}


def staff(unit: Any, *roles: str, language: str = "en") -> Any:
    return UserFactory(unit=unit, roles=list(roles), language=language)
