"""What every documents API router shares: the caller as a staff member, and an action's
refusal as an RFC 9457 problem."""

from __future__ import annotations

from django.http import HttpRequest

from chancery.core.service import User
from chancery.documents.exceptions import DocumentError
from chancery.lib.problems import Problem, ProblemType


def problem(exc: DocumentError) -> Problem:
    """The refusal as a problem with its stable type, status and translated message."""
    return Problem(kind=ProblemType(exc.code, exc.status, exc.message), detail=exc.message)


def staff(request: HttpRequest) -> User:
    """The signed-in member of staff (API authentication has already refused anyone else)."""
    user = request.user
    assert isinstance(user, User)
    return user
