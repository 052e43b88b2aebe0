"""Reads of intake: registers, their entries, the pre-filled registration, duplicate warnings.

Every list goes through ``documents_visible_to``: a register lists only the entries the reader
may see, and a duplicate warning never points at a document the clerk may not open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Role
from chancery.documents.constants import ExtractionStatus
from chancery.documents.extraction.prefill import LetterFields, read_letter
from chancery.documents.models import Document, Register
from chancery.documents.queries.documents import documents_visible_to

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from chancery.core.service import User

# Hamming distance of SimHashes at or below which two texts are near-duplicates.
NEAR_DUPLICATE_BITS = 3
# Trigram similarity of abstracts at or above which two documents look alike.
SIMILAR_SUBJECT = 0.7
MAX_WARNINGS = 10


def registers_for(user: User | AnonymousUser) -> QuerySet[Register]:
    """The registers of the user's unit (every unit's for ministry leaders), newest year first."""
    registers = Register.objects.select_related("unit").order_by("-year", "direction")
    if not user.is_authenticated:
        return registers.none()
    if user.has_role(Role.LEADER) or user.unit_id is None:
        return registers if user.has_role(Role.LEADER) else registers.none()
    return registers.filter(unit_id=user.unit_id)


def get_register_for_user(user: User | AnonymousUser, pk: int | str) -> Register:
    try:
        return registers_for(user).get(pk=pk)
    except (Register.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def register_entries(user: User | AnonymousUser, register: Register) -> QuerySet[Document]:
    """The register's documents the user may see, in number order."""
    return documents_visible_to(user).filter(register=register).order_by("number")


def extraction_pending(document: Document) -> bool:
    return document.files.filter(
        extraction_status__in=(ExtractionStatus.PENDING, ExtractionStatus.RUNNING)
    ).exists()


def prefill_for(document: Document) -> LetterFields:
    """The registration fields read from the main file's text (the whole text otherwise)."""
    main = document.files.filter(parent__isnull=True).order_by("created_at").first()
    text = main.extracted_text if main and main.extracted_text else document.content_text
    return read_letter(text)


@dataclass(frozen=True)
class DuplicateWarning:
    document: Document
    reason: StrOrPromise


def duplicate_warnings(
    user: User | AnonymousUser,
    document: Document,
    *,
    sender_name: str = "",
    number_symbol: str = "",
    document_date: dt.date | None = None,
    subject: str = "",
) -> list[DuplicateWarning]:
    """Documents the user may see that look like ``document``: the same file, the same sender,
    number and date, a near-identical text (SimHash) or a very similar abstract (trigrams)."""
    others = documents_visible_to(user).exclude(pk=document.pk)
    found: dict[object, DuplicateWarning] = {}

    def add(queryset: QuerySet[Document], reason: StrOrPromise) -> None:
        for other in queryset[:MAX_WARNINGS]:
            found.setdefault(other.pk, DuplicateWarning(other, reason))

    digests = list(document.files.values_list("sha256", flat=True))
    if digests:
        add(others.filter(files__sha256__in=digests).distinct(), _("the same file"))
    if number_symbol and document_date:
        add(
            others.filter(
                number_symbol__iexact=number_symbol.strip(),
                document_date=document_date,
                sender_name__iexact=sender_name.strip(),
            ),
            _("the same sender, number and date"),
        )
    if document.simhash:
        distance = RawSQL("bit_count((simhash # %s)::bit(64))", [document.simhash])
        add(
            others.exclude(simhash=0)
            .annotate(distance=distance)
            .filter(distance__lte=NEAR_DUPLICATE_BITS),
            _("almost the same text"),
        )
    if len(subject.strip()) >= 12:
        add(
            others.annotate(similarity=TrigramSimilarity("subject", subject.strip()))
            .filter(similarity__gte=SIMILAR_SUBJECT)
            .order_by("-similarity"),
            _("a very similar abstract"),
        )
    return list(found.values())[:MAX_WARNINGS]
