"""Writes a planned demo year in bulk: registers, documents, access lists, assignments,
activities and files. See the package docstring for what it guarantees."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TextIO

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from chancery.blobs import service as blobs
from chancery.core.service import Role, Unit, User
from chancery.documents.actions.numbering import compose_number_symbol
from chancery.documents.constants import (
    ActivityKind,
    AssignmentRole,
    AssignmentStatus,
    Direction,
    ExtractionStatus,
    FileRole,
    Status,
)
from chancery.documents.demo import corpus
from chancery.documents.demo.plan import Planned
from chancery.documents.models import (
    Activity,
    Assignment,
    Document,
    DocumentFile,
    DocumentType,
    Register,
)
from chancery.lib.pdfgen import simple_pdf

BATCH = 500
TWO_HOURS = dt.timedelta(hours=2)
CLEARED_ACCOUNTS = ("chuyenvien.mat", "truongvu.toimat", "daisu.paris", "lanhdao.tuyetmat")


def ascii_fold(text: str) -> str:
    """``Nguyễn Đức`` -> ``Nguyen Duc``: for the Latin-1 PDF writer and file names."""
    text = text.replace("Đ", "D").replace("đ", "d").replace("–", "-")
    folded = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return folded.encode("ascii", "replace").decode("ascii")


class Staff:
    """The demo people of each holding unit: head, specialists, clerk."""

    def __init__(self, units: dict[str, Unit]) -> None:
        self.by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
        rows = User.objects.filter(is_active=True, unit__code__in=units).order_by("username")
        for row in rows.values("pk", "username", "full_name", "roles", "clearance", "unit__code"):
            self.by_unit[row["unit__code"]].append(dict(row))
        named = User.objects.filter(username__in=(*CLEARED_ACCOUNTS, "vanthu", "lanhdao"))
        self.named: dict[str, dict[str, Any]] = {
            row["username"]: dict(row) for row in named.values("pk", "username", "clearance")
        }
        self.fallback = self.named.get("vanthu") or next(iter(self.named.values()), None)

    def _with(self, unit: str, role: str, level: int) -> dict[str, Any] | None:
        people = [p for p in self.by_unit[unit] if role in p["roles"] and p["clearance"] >= level]
        return people[0] if people else None

    def head(self, unit: str, level: int = 0) -> dict[str, Any] | None:
        return self._with(unit, Role.UNIT_HEAD, level)

    def specialists(self, unit: str, level: int = 0) -> list[dict[str, Any]]:
        return [
            p
            for p in self.by_unit[unit]
            if Role.UNIT_HEAD not in p["roles"] and p["clearance"] >= level
        ]

    def creator(self, unit: str, level: int) -> dict[str, Any]:
        """Who registers or drafts: the unit's clerk, else its head, else a central account."""
        found = self._with(unit, Role.CLERK, level) or self.head(unit, level)
        if found is None and level:
            found = self.named.get("lanhdao.tuyetmat")
        found = found or self.fallback
        if found is None:
            raise LookupError("the demo needs core's demo staff")
        return found

    def leader(self, level: int) -> dict[str, Any] | None:
        return self.named.get("lanhdao.tuyetmat" if level else "lanhdao")


def _pdf(plan: Planned, number_symbol: str) -> bytes:
    # The PDF writer has Latin-1 fonts only: the printed copy is the ASCII-folded text.
    lines = ["MINISTRY OF FOREIGN AFFAIRS - BO NGOAI GIAO", f"So / No. {number_symbol}", ""]
    lines += [ascii_fold(plan.subject)[i : i + 80] for i in range(0, len(plan.subject), 80)]
    lines += ["", *(ascii_fold(line) for line in _body(plan))]
    return simple_pdf([lines], title=ascii_fold(plan.subject)[:120])


def _body(plan: Planned) -> list[str]:
    sender = plan.sender.name if plan.sender else "Bộ Ngoại giao"
    return [
        "Kính gửi: Lãnh đạo đơn vị",
        f"{sender} trân trọng đề nghị quý cơ quan xem xét nội dung nêu trên.",
        "Đề nghị phối hợp, trả lời theo thời hạn quy định.",
        "Trân trọng./.",
    ]


class DemoWriter:
    def __init__(self, units: dict[str, Unit], stdout: TextIO | None) -> None:
        self.units = units
        self.stdout = stdout
        self.staff = Staff(units)
        self.types = {t.code: t for t in DocumentType.objects.all()}

    def write(self, plans: list[Planned], id_of: Callable[[int], uuid.UUID]) -> int:
        numbers = self._numbers(plans)
        documents = [self._document(plan, numbers.get(plan.key), id_of) for plan in plans]
        Document.objects.bulk_create(documents, batch_size=BATCH)
        # Created when received or issued (drafts: now), in one UPDATE rather than per row.
        ids = [document.pk for document in documents]
        Document.objects.filter(pk__in=ids).update(
            created_at=Coalesce("received_at", "issued_at", "created_at")
        )
        self._access(documents, plans)
        self._assignments(documents, plans)
        self._files(documents, plans)
        return len(documents)

    def _numbers(self, plans: list[Planned]) -> dict[int, int]:
        """Register numbers in date order, per unit, direction and year, after those given."""
        ordered = sorted((p for p in plans if p.registered), key=lambda p: (p.moment, p.key))
        groups: dict[tuple[str, str, int], list[Planned]] = defaultdict(list)
        for plan in ordered:
            groups[(plan.unit, plan.direction, timezone.localtime(plan.moment).year)].append(plan)
        numbers: dict[int, int] = {}
        self.registers: dict[tuple[str, str, int], Register] = {}
        for (unit, direction, year), members in sorted(groups.items()):
            Register.objects.get_or_create(unit=self.units[unit], direction=direction, year=year)
            register = Register.objects.select_for_update().get(
                unit=self.units[unit], direction=direction, year=year
            )
            for offset, plan in enumerate(members, start=1):
                numbers[plan.key] = register.last_number + offset
            register.last_number += len(members)
            register.save(update_fields=["last_number"])
            self.registers[(unit, direction, year)] = register
        return numbers

    def _document(
        self, plan: Planned, number: int | None, id_of: Callable[[int], uuid.UUID]
    ) -> Document:
        unit, kind = self.units[plan.unit], self.types[plan.type_code]
        creator = self.staff.creator(plan.unit, plan.classification)
        incoming = plan.direction == Direction.INCOMING
        register = None
        if number is not None:
            year = timezone.localtime(plan.moment).year
            register = self.registers[(plan.unit, plan.direction, year)]
        symbol = plan.sender_number if incoming else ""
        if not incoming and number is not None:
            symbol = compose_number_symbol(number, kind, unit)
        signer = self.staff.head(plan.unit) or self.staff.leader(0) or {}
        registered_at = plan.moment + dt.timedelta(minutes=20) if number and incoming else None
        return Document(
            id=id_of(plan.key),
            direction=plan.direction,
            status=plan.status,
            unit=unit,
            document_type=kind,
            register=register,
            number=number,
            number_symbol=symbol,
            subject=plan.subject,
            document_date=plan.document_date,
            urgency=plan.urgency,
            language=plan.language,
            tags=plan.tags,
            classification=plan.classification,
            sender_name=plan.sender.name if plan.sender else "",
            signer_name=plan.sender.signer if plan.sender else signer.get("full_name", ""),
            received_at=plan.moment if incoming else None,
            registered_at=registered_at,
            registered_by_id=creator["pk"] if registered_at else None,
            due_date=plan.due_date,
            completed_at=plan.completed_at,
            issued_at=plan.moment if plan.status == Status.ISSUED else None,
            in_reply_to_id=id_of(plan.reply_to) if plan.reply_to is not None else None,
            content_text="\n".join([plan.subject, *_body(plan)]),
            created_by_id=creator["pk"],
        )

    def _access(self, documents: list[Document], plans: list[Planned]) -> None:
        """Classified documents: assigned to their unit, distributed to the cleared accounts."""
        units_through: Any = Document.assigned_units.through
        people_through: Any = Document.distribution.through
        compartments_through: Any = Document.compartments.through
        compartment = self._negotiations()
        assigned, distributed, compartmented = [], [], []
        for document, plan in zip(documents, plans, strict=True):
            if not plan.classification:
                continue
            assigned.append(units_through(document_id=document.pk, unit_id=document.unit_id))
            for username in CLEARED_ACCOUNTS:
                person = self.staff.named.get(username)
                if person and person["clearance"] >= plan.classification:
                    distributed.append(
                        people_through(document_id=document.pk, user_id=person["pk"])
                    )
            if plan.compartmented and compartment is not None:
                compartmented.append(
                    compartments_through(document_id=document.pk, compartment_id=compartment)
                )
        units_through.objects.bulk_create(assigned)
        people_through.objects.bulk_create(distributed)
        compartments_through.objects.bulk_create(compartmented)

    def _negotiations(self) -> int | None:
        model: Any = Document._meta.get_field("compartments").related_model
        found = model.objects.filter(code="NEGOTIATIONS").values_list("pk", flat=True).first()
        return int(found) if found is not None else None

    def _assignments(self, documents: list[Document], plans: list[Planned]) -> None:
        leads: list[tuple[Assignment, Planned]] = []
        for document, plan in zip(documents, plans, strict=True):
            if plan.status not in (Status.ASSIGNED, Status.IN_PROGRESS, Status.COMPLETED):
                continue
            leads.append((self._assignment(document, plan, plan.unit, None), plan))
            if plan.coordinating_unit and not plan.classification:
                coordinate = self._assignment(document, plan, plan.coordinating_unit, None)
                coordinate.role = AssignmentRole.COORDINATE
                leads.append((coordinate, plan))
        Assignment.objects.bulk_create([a for a, _p in leads], batch_size=BATCH)
        children = []
        for lead, plan in leads:
            if lead.role == AssignmentRole.LEAD and plan.status != Status.ASSIGNED:
                specialists = self.staff.specialists(plan.unit, plan.classification)
                if specialists:
                    child = self._assignment(lead.document, plan, plan.unit, lead)
                    child.assignee_id = specialists[plan.key % len(specialists)]["pk"]
                    children.append((child, plan))
        Assignment.objects.bulk_create([a for a, _p in children], batch_size=BATCH)
        every = leads + children
        # Assigned when registered (one UPDATE); sub-assignments two hours later.
        registered = Document.objects.filter(pk=OuterRef("document_id")).values("registered_at")
        mine = Assignment.objects.filter(document_id__in=[d.pk for d in documents])
        mine.update(assigned_at=Subquery(registered[:1]))
        mine.filter(parent__isnull=False).update(assigned_at=F("assigned_at") + TWO_HOURS)
        self._activities(every)

    def _assignment(
        self, document: Document, plan: Planned, unit: str, parent: Assignment | None
    ) -> Assignment:
        if plan.status == Status.COMPLETED:
            status = AssignmentStatus.DONE
        elif plan.status == Status.IN_PROGRESS:
            status = AssignmentStatus.IN_PROGRESS
        else:
            status = AssignmentStatus.OPEN
        by = self.staff.head(unit, plan.classification) if parent else None
        by = by or self.staff.leader(plan.classification) or self.staff.creator(unit, 0)
        done = plan.completed_at if status == AssignmentStatus.DONE else None
        return Assignment(
            document=document,
            parent=parent,
            unit=self.units[unit],
            role=AssignmentRole.LEAD,
            status=status,
            due_date=plan.due_date,
            assigned_by_id=by["pk"],
            completed_at=done,
            result=corpus.RESULTS[plan.key % len(corpus.RESULTS)] if done else "",
            instructions="Đề nghị xử lý theo quy định." if parent is None else "",
        )

    def _activities(self, assignments: list[tuple[Assignment, Planned]]) -> None:
        rows: list[tuple[Activity, dt.datetime]] = []
        for assignment, plan in assignments:
            author = assignment.assignee_id or assignment.assigned_by_id
            if assignment.parent_id is None and assignment.role == AssignmentRole.LEAD:
                for when, text in plan.comments:
                    activity = Activity(document=assignment.document, kind=ActivityKind.COMMENT)
                    activity.author_id, activity.body = author, text
                    rows.append((activity, when))
            if assignment.completed_at and assignment.role == AssignmentRole.LEAD:
                activity = Activity(
                    document=assignment.document,
                    assignment=assignment,
                    kind=ActivityKind.RESULT,
                    body=assignment.result,
                )
                activity.author_id = author
                rows.append((activity, assignment.completed_at))
        Activity.objects.bulk_create([a for a, _w in rows], batch_size=BATCH)
        for activity, when in rows:
            activity.created_at = when
        Activity.objects.bulk_update([a for a, _w in rows], ["created_at"], batch_size=BATCH)

    def _files(self, documents: list[Document], plans: list[Planned]) -> None:
        files = []
        for document, plan in zip(documents, plans, strict=True):
            data = _pdf(plan, document.number_symbol or "-")
            name = f"{(document.number_symbol or 'du-thao').replace('/', '-')}.pdf"
            blob = blobs.store(
                io.BytesIO(data),
                filename=name,
                actor=None,
                classification=document.classification,
                owner=blobs.Owner.of(document),
                declared_type="application/pdf",
            )
            files.append(
                DocumentFile(
                    document=document,
                    blob=blob,
                    role=FileRole.DRAFT if plan.status == Status.DRAFTING else FileRole.MAIN,
                    filename=ascii_fold(name),
                    content_type="application/pdf",
                    size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    extraction_status=ExtractionStatus.DONE,
                    extraction_method="text",
                    extracted_text=document.content_text,
                    page_count=1,
                    uploaded_by_id=document.created_by_id,
                )
            )
        DocumentFile.objects.bulk_create(files, batch_size=BATCH)
