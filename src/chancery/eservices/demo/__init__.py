"""Demo data of the e-services: the catalogue, applicants, and a season of dossiers.

``load_eservices_demo`` adds, on top of core's demo organisation, ``APPLICANTS`` citizens and
businesses (plus the documented account ``congdan@example.vn``) and ``DOSSIERS`` dossiers
received over the ``DAYS`` working days before the load, at the Consular Department and at the
staffed missions, in every state of the life cycle, each with the history that led there:
supplements with their reasons, approval steps, payments (online or by bank transfer),
certificates on the public register, extensions, ratings. Return dates are computed on each
unit's calendar exactly as a live submission computes them, and timeliness is judged the same
way, so the queues and statistics show what the actions would have produced.

Seed data written in bulk, not people's actions: no audit entry per dossier and no notices
or national-portal pushes (the history is imported). Results issued in the demo carry no
signed PDF (the demo loads before the PKI exists); the dossier page says so. Idempotent: the
first demo applicant is the marker; a second run creates nothing. Random choices come from a
fixed seed; dates follow the day of the load.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TextIO

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from chancery.core.service import (
    Unit,
    User,
    WorkingCalendar,
    add_working_days,
    calendar_for_unit,
    is_working_day,
)
from chancery.eservices.constants import (
    ApplicantKind,
    Channel,
    DeliveryMethod,
    PaymentState,
    State,
    VersionStatus,
)
from chancery.eservices.deadlines import judge
from chancery.eservices.models import (
    Applicant,
    ApprovalStep,
    Dossier,
    DossierEvent,
    Extension,
    IssuedCertificate,
    Payment,
    ProcedureVersion,
    SupplementRequest,
)

APPLICANTS = 160
DOSSIERS = 480
DAYS = 90
DEMO_APPLICANT = "congdan@example.vn"
# The documented password of the demo accounts (README, docs/eservices.md).
DEMO_APPLICANT_PASSWORD = "chancery-demo-2026"  # noqa: S105 - documented demo account only

# Where each dossier ends up, with weights: every state appears.
OUTCOMES: tuple[tuple[str, int], ...] = (
    (State.SUBMITTED, 30),
    (State.ACCEPTED, 30),
    (State.SUPPLEMENT_REQUESTED, 30),
    (State.REFUSED, 12),
    (State.PROCESSING, 60),
    (State.AWAITING_APPROVAL, 25),
    (State.PAYMENT_REQUESTED, 20),
    (State.APPROVED, 20),
    (State.REJECTED, 15),
    (State.RESULT_ISSUED, 70),
    (State.RETURNED, 140),
    (State.WITHDRAWN, 12),
    (State.DRAFT, 16),
)
# The path that leads to each state (the events the history shows).
PATHS: dict[str, tuple[str, ...]] = {
    State.DRAFT: (),
    State.SUBMITTED: (State.SUBMITTED,),
    State.ACCEPTED: (State.SUBMITTED, State.ACCEPTED),
    State.SUPPLEMENT_REQUESTED: (State.SUBMITTED, State.SUPPLEMENT_REQUESTED),
    State.REFUSED: (State.SUBMITTED, State.REFUSED),
    State.PROCESSING: (State.SUBMITTED, State.ACCEPTED, State.PROCESSING),
    State.AWAITING_APPROVAL: (
        State.SUBMITTED,
        State.ACCEPTED,
        State.PROCESSING,
        State.AWAITING_APPROVAL,
    ),
    State.PAYMENT_REQUESTED: (State.SUBMITTED, State.ACCEPTED, State.PAYMENT_REQUESTED),
    State.APPROVED: (State.SUBMITTED, State.ACCEPTED, State.PROCESSING, State.APPROVED),
    State.REJECTED: (State.SUBMITTED, State.ACCEPTED, State.PROCESSING, State.REJECTED),
    State.RESULT_ISSUED: (
        State.SUBMITTED,
        State.ACCEPTED,
        State.PROCESSING,
        State.APPROVED,
        State.RESULT_ISSUED,
    ),
    State.RETURNED: (
        State.SUBMITTED,
        State.ACCEPTED,
        State.PROCESSING,
        State.APPROVED,
        State.RESULT_ISSUED,
        State.RETURNED,
    ),
    State.WITHDRAWN: (State.SUBMITTED, State.WITHDRAWN),
}
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
GIVEN = ("Minh Anh", "Thu Hà", "Quốc Bảo", "Ngọc Lan", "Văn Hùng", "Thị Mai", "Đức Thắng",
         "Hoài Nam", "Thanh Tâm", "Bích Ngọc", "Hữu Phước", "Kim Chi")  # fmt: skip
COMPANIES = ("Công ty TNHH Sao Việt", "Công ty CP Thương mại Hòa Bình", "Công ty TNHH Mê Kông",
             "Công ty CP Xuất nhập khẩu Đông Dương", "Công ty TNHH Giáo dục Tương Lai")  # fmt: skip
SUPPLEMENT_REASONS = (
    "Bản chụp hộ chiếu không rõ trang thông tin nhân thân.",
    "Thiếu bản dịch giấy tờ sang tiếng Việt có chứng thực.",
    "Giấy tờ chưa được cơ quan có thẩm quyền của nước sở tại chứng nhận.",
)
DOCUMENT_TYPES = ("Giấy khai sinh", "Bằng tốt nghiệp", "Lý lịch tư pháp", "Giấy chứng nhận kết hôn",
                  "Hợp đồng thương mại", "Giấy phép kinh doanh")  # fmt: skip


def _say(stdout: TextIO | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def _at(day: date, rng: random.Random) -> datetime:
    moment = time(rng.randint(8, 16), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, moment))


def _applicants(rng: random.Random) -> list[Applicant]:
    now = timezone.now()
    rows = [
        Applicant(
            email=DEMO_APPLICANT,
            full_name="Nguyễn Thị Công Dân",
            language="vi",
            phone="+84912345678",
            id_number="C1234567",
            email_verified_at=now,
        )
    ]
    rows[0].set_password(DEMO_APPLICANT_PASSWORD)
    for n in range(1, APPLICANTS):
        business = n % 7 == 0
        name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        rows.append(
            Applicant(
                kind=ApplicantKind.BUSINESS if business else ApplicantKind.CITIZEN,
                email=f"nguoinop{n:03d}@example.vn",
                full_name=name,
                organisation=rng.choice(COMPANIES) if business else "",
                language=rng.choice(("vi", "vi", "vi", "en", "fr")),
                id_number=f"C{rng.randint(1000000, 9999999)}",
                email_verified_at=now,
            )
        )
    return Applicant.objects.bulk_create(rows)


def _offers(versions: list[ProcedureVersion]) -> list[tuple[ProcedureVersion, Unit]]:
    """Every (version, unit) a dossier may be filed at: the version's agencies."""
    offers = []
    for version in versions:
        for unit in version.agencies.all():
            offers.append((version, unit))
    return offers


def _received_day(unit: Unit, today: date, rng: random.Random) -> date:
    calendar = calendar_for_unit(unit)
    day = today - timedelta(days=rng.randint(1, DAYS * 7 // 5))
    while not is_working_day(day, calendar):
        day -= timedelta(days=1)
    return day


class _Writer:
    """Builds the rows of one dossier and its history, then writes them in bulk."""

    def __init__(self, rng: random.Random, today: date):
        self.rng, self.today = rng, today
        self.dossiers: list[Dossier] = []
        self.events: list[list[DossierEvent]] = []
        self.extras: list[list[object]] = []
        self.serial: dict[tuple[str, date], int] = {}
        self.certificates = 0
        self.staff: dict[int, int] = {}

    def add(
        self, version: ProcedureVersion, unit: Unit, applicant: Applicant, outcome: str
    ) -> None:
        rng = self.rng
        calendar = calendar_for_unit(unit)
        channel = Channel.ONLINE if rng.random() < 0.72 else Channel.IN_PERSON
        offered = version.channel(channel) or (version.channels[0] if version.channels else {})
        limit = int(offered.get("working_days", 5))
        received = _received_day(unit, self.today, rng)
        # Dossiers still open were received recently enough to be mostly on time.
        if outcome not in (State.RETURNED, State.RESULT_ISSUED, State.REJECTED, State.REFUSED):
            received = max(received, self.today - timedelta(days=limit * 2 + 10))
            while not is_working_day(received, calendar):
                received -= timedelta(days=1)
        due = add_working_days(received, limit, calendar)
        code = ""
        if outcome != State.DRAFT:
            serial = self.serial.get((unit.code, received), 0) + 1
            self.serial[(unit.code, received)] = serial
            code = f"{unit.code.upper()}-{received:%y%m%d}-{serial:04d}"
        dossier = Dossier(
            code=code,
            version=version,
            applicant=applicant,
            unit=unit,
            channel=channel,
            state=outcome,
            language=applicant.language,
            form_data={
                "full_name": applicant.full_name,
                "document_type": rng.choice(DOCUMENT_TYPES),
            },
            delivery=rng.choice(
                (DeliveryMethod.ACCOUNT, DeliveryMethod.ACCOUNT, DeliveryMethod.POST)
            ),
            fee=offered.get("fee", 0) or 0,
            currency=offered.get("currency", "VND"),
        )
        events: list[DossierEvent] = []
        extras: list[object] = []
        if outcome != State.DRAFT:
            dossier.submitted_at = _at(received, rng)
            dossier.received_on, dossier.due_on = received, due
            self._history(dossier, calendar, events, extras)
        self.dossiers.append(dossier)
        self.events.append(events)
        self.extras.append(extras)

    def _history(
        self,
        dossier: Dossier,
        calendar: WorkingCalendar,
        events: list[DossierEvent],
        extras: list[object],
    ) -> None:
        rng, path = self.rng, PATHS[dossier.state]
        assert dossier.received_on is not None
        assert dossier.due_on is not None
        day = dossier.received_on
        previous, last_at = "", None
        # Completed dossiers finish around their return date: most on time, some early, a few late.
        drift = rng.choice((-2, -1, -1, 0, 0, 0, 0, 1, 2))
        finish = add_working_days(dossier.due_on, drift, calendar)
        span = max((min(finish, self.today) - day).days, len(path))
        for index, state in enumerate(path):
            if index:
                day = min(
                    dossier.received_on + timedelta(days=span * index // len(path)), self.today
                )
            at = _at(day, rng)
            if last_at is not None and at <= last_at:
                # Two steps on one day (a short span, or both clipped to today): in order.
                at = last_at + timedelta(minutes=rng.randint(5, 40))
            last_at = at
            events.append(
                DossierEvent(
                    dossier=dossier,
                    by_applicant=state in (State.SUBMITTED, State.WITHDRAWN),
                    action=state,
                    from_state=previous,
                    to_state=state,
                    note="",
                    data={"imported": True},
                )
            )
            events[-1].at = at
            previous = state
            if state == State.SUPPLEMENT_REQUESTED:
                dossier.paused_since = day
                extras.append(
                    SupplementRequest(
                        dossier=dossier,
                        round=1,
                        reason=rng.choice(SUPPLEMENT_REASONS),
                        requested_by_id=self.staff_of(dossier.unit),
                        items=[{"component": "passport", "problem": "wrong", "note": ""}],
                    )
                )
            if state in (State.RESULT_ISSUED, State.REJECTED) and dossier.completed_at is None:
                dossier.completed_at = at
                dossier.timeliness = judge(dossier, day)
            if state == State.RETURNED:
                dossier.returned_at = at
        if dossier.state == State.AWAITING_APPROVAL:
            extras.append(ApprovalStep(dossier=dossier, order=1, role="unit_head"))
        if dossier.state in (State.PROCESSING, State.APPROVED) and rng.random() < 0.08:
            new_due = add_working_days(dossier.due_on, 3, calendar)
            extras.append(
                Extension(
                    dossier=dossier,
                    old_due_on=dossier.due_on,
                    new_due_on=new_due,
                    reason="Cần xác minh thêm với cơ quan cấp giấy tờ.",
                    by_id=self.staff_of(dossier.unit),
                )
            )
            dossier.due_on = new_due
        paid = dossier.state in (State.APPROVED, State.RESULT_ISSUED, State.RETURNED)
        if dossier.fee and (paid or dossier.state == State.PAYMENT_REQUESTED):
            online = dossier.channel == Channel.ONLINE and rng.random() < 0.8
            state = PaymentState.SUCCESS if paid else PaymentState.CREATED
            extras.append(
                Payment(
                    dossier=dossier,
                    provider="vnpay" if online else "bank_transfer",
                    amount=dossier.fee,
                    currency=dossier.currency,
                    state=state,
                    reference=f"DEMO-{dossier.code}",
                    receipt_number=f"BL-{dossier.code}" if paid else "",
                    settled_at=_at(dossier.received_on, rng) if paid else None,
                )
            )
        issued = dossier.state in (State.RESULT_ISSUED, State.RETURNED)
        if issued and dossier.version.procedure.public_register:
            self.certificates += 1
            completed = timezone.localdate(dossier.completed_at) if dossier.completed_at else day
            extras.append(
                IssuedCertificate(
                    number=f"DEMO-{dossier.unit.code.upper()}-{completed:%Y}-{self.certificates:06d}",
                    dossier=dossier,
                    procedure=dossier.version.procedure,
                    unit=dossier.unit,
                    issued_on=completed,
                    signer_name="Hồ Ngọc Lan" if dossier.unit.is_mission else "Ngô Thị Sương",
                    signer_title="Lãnh sự" if dossier.unit.is_mission else "Phó Cục trưởng",
                    document_type=str(dossier.form_data.get("document_type", "")),
                )
            )
        if issued and rng.random() < 0.55:
            dossier.rating = rng.choice((3, 4, 4, 5, 5, 5))
            dossier.rated_at = dossier.completed_at

    def write(self) -> int:
        Dossier.objects.bulk_create(self.dossiers)
        events = [e for group in self.events for e in group]
        # ``at`` is auto_now_add: bulk_create keeps the value set on the instance only if the
        # field is written as given, so write the imported times explicitly afterwards.
        stamps = [e.at for e in events]
        DossierEvent.objects.bulk_create(events)
        for event, at in zip(events, stamps, strict=True):
            event.at = at
        DossierEvent.objects.bulk_update(events, ["at"], batch_size=500)
        by_model: dict[type, list[object]] = {}
        for group in self.extras:
            for row in group:
                by_model.setdefault(type(row), []).append(row)
        for model, rows in by_model.items():
            model.objects.bulk_create(rows)  # type: ignore[attr-defined]
        return len(self.dossiers)

    def staff_of(self, unit: Unit) -> int:
        """A member of ``unit`` who made the imported staff steps (the administrator if none)."""
        if unit.pk not in self.staff:
            member = User.objects.filter(unit=unit).order_by("pk").values_list("pk", flat=True)
            admin = User.objects.filter(username="admin").values_list("pk", flat=True)
            self.staff[unit.pk] = member.first() or admin.first() or 0
        return self.staff[unit.pk]


@transaction.atomic
def load_eservices_demo(stdout: TextIO | None = None) -> int:
    """Create the demo applicants and dossiers if missing; return how many were created.

    Needs the catalogue (seeded after migrate) and core's demo organisation."""
    if Applicant.objects.filter(email__iexact=DEMO_APPLICANT).exists():
        _say(stdout, "Demo e-services: already loaded.")
        return 0
    versions = list(
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .prefetch_related("agencies")
    )
    offers = _offers(versions)
    if not offers or not Unit.objects.filter(code="consular").exists():
        _say(stdout, "Demo e-services: seed the catalogue and core's demo organisation first.")
        return 0
    rng = random.Random(20261126)  # noqa: S311 - reproducible demo data, not secrets
    applicants = _applicants(rng)
    # Headquarters and the staffed missions take most of the work.
    weights = [
        6
        if unit.code == "consular"
        else (3 if unit.code.startswith(("cg-", "emb-fr", "emb-jp")) else 1)
        for _, unit in offers
    ]
    outcomes = [state for state, weight in OUTCOMES for _ in range(weight)]
    writer = _Writer(rng, timezone.localdate())
    for n in tqdm(range(DOSSIERS), desc="Demo dossiers", disable=None, leave=False):
        version, unit = rng.choices(offers, weights=weights)[0]
        applicant = applicants[0] if n % 40 == 0 else rng.choice(applicants)
        writer.add(version, unit, applicant, outcomes[n % len(outcomes)])
    created = writer.write()
    _say(stdout, f"Demo e-services: {len(applicants)} applicants, {created} dossiers.")
    return created + len(applicants)
