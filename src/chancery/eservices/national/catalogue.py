"""Pulling the national catalogue: each national procedure becomes a draft version here.

A procedure unknown to Chancery is created with a first draft version; a known one whose
national time limits or fees differ from its latest version gets a new draft (or its existing
draft is brought up to date). Published versions are never touched: an officer reviews the
draft (components, steps and form come from the current version, not from the portal) and
publishes it through the catalogue. Everything the portal does not tell us is listed in the
draft's ``unconfirmed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from chancery.core.service import User, record_audit
from chancery.eservices.constants import Channel, ServiceLevel, VersionStatus
from chancery.eservices.models import Procedure, ProcedureField, ProcedureVersion
from chancery.eservices.national.client import NationalPortal

# KENH (confirmed labels: 1 in person, 2 online, 3 public postal service).
KENH = {"1": Channel.IN_PERSON, "2": Channel.ONLINE, "3": Channel.POST}
# MUCDO: the portal's level of online service (assumed: 4 full, 3 partial, lower information).
MUCDO = {"4": ServiceLevel.FULL, "3": ServiceLevel.PARTIAL}
CODE = re.compile(r"^[0-9A-Za-z.\-]{1,32}$")
UNCONFIRMED_NEW = ["components", "steps", "form", "eligibility", "legal_basis", "result"]


@dataclass
class PullReport:
    created: list[str] = field(default_factory=list)  # new procedure with a first draft
    drafted: list[str] = field(default_factory=list)  # new draft next to a published version
    updated: list[str] = field(default_factory=list)  # an existing draft brought up to date
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unreadable entries, with the reason

    def lines(self) -> list[str]:
        out = [f"created {code}" for code in self.created]
        out += [f"new draft {code}" for code in self.drafted]
        out += [f"draft updated {code}" for code in self.updated]
        out += [f"unchanged {code}" for code in self.unchanged]
        out += [f"skipped {item}" for item in self.skipped]
        return out


def _amount(value: Any) -> int | float:
    try:
        number = Decimal(str(value).replace(",", "").strip() or "0")
    except InvalidOperation:
        return 0
    return int(number) if number == number.to_integral_value() else float(number)


def _currency(value: Any) -> str:
    text = str(value or "").strip().upper()
    return text if re.fullmatch(r"[A-Z]{3}", text) else "VND"


def channels_of(item: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """Our channel entries for a national procedure, and whether they are all confirmed
    (a time limit not counted in working days, or missing, is flagged)."""
    entries: list[dict[str, Any]] = []
    confirmed = True
    for way in item.get("CACHTHUCTHUCHIEN") or []:
        channel = KENH.get(str(way.get("KENH", "")))
        if channel is None or any(e["channel"] == channel for e in entries):
            continue
        time = (way.get("THOIGIAN") or [{}])[0]
        try:
            days = int(str(time.get("THOIGIANGIAIQUYET", "")).strip())
        except ValueError:
            days, confirmed = 0, False
        if "làm việc" not in str(time.get("DONVITINH", "")).lower():
            confirmed = False
        fees = time.get("PHILEPHI") or []
        fee = sum(_amount(f.get("SOTIEN")) for f in fees)
        currency = _currency(fees[0].get("DONVI")) if fees else "VND"
        entries.append({"channel": channel, "working_days": days, "fee": fee, "currency": currency})
    return entries, confirmed


def pull(client: NationalPortal, actor: User | None = None) -> PullReport:
    """Map the portal's catalogue onto draft procedure versions; see the module docstring.

    Who may call: the ``eservices-national pull-catalogue`` command (operators). Never edits a
    published version; refuses (skips) entries without a valid code or name.
    """
    report = PullReport()
    for item in client.pull_catalogue():
        code = str(item.get("MATTHC") or "").strip()
        name = str(item.get("TENTTHC") or "").strip()
        if not CODE.match(code) or not name:
            report.skipped.append(f"{code or '?'}: no valid MATTHC/TENTTHC")
            continue
        channels, confirmed = channels_of(item)
        with transaction.atomic():
            outcome = _apply(item, code, name, channels, confirmed)
            getattr(report, outcome).append(code)
            if outcome != "unchanged":
                record_audit(
                    actor, "eservices.national_pull", data={"code": code, "outcome": outcome}
                )
    return report


def _field(item: dict[str, Any]) -> ProcedureField:
    area = (item.get("LINHVUCTHUCHIEN") or [{}])[0]
    code = str(area.get("MALINHVUC") or "national").strip()[:32]
    found, _ = ProcedureField.objects.get_or_create(
        code=code, defaults={"name_vi": str(area.get("TENLINHVUC") or code)[:255]}
    )
    return found


def _apply(
    item: dict[str, Any], code: str, name: str, channels: list[dict[str, Any]], confirmed: bool
) -> str:
    unconfirmed = [] if confirmed else ["time_limits"]
    level = MUCDO.get(str(item.get("MUCDO", "")), ServiceLevel.INFORMATION)
    procedure = Procedure.objects.select_for_update().filter(code=code).first()
    if procedure is None:
        procedure = Procedure.objects.create(
            code=code,
            slug=slugify(f"tthc-{code}")[:120],
            field=_field(item),
            name_vi=name[:500],
            short_code=re.sub(r"[^0-9A-Za-z]", "", code)[-12:] or "TTHC",
        )
        ProcedureVersion.objects.create(
            procedure=procedure,
            number=1,
            status=VersionStatus.DRAFT,
            level=level,
            channels=channels,
            unconfirmed=[*UNCONFIRMED_NEW, *unconfirmed],
        )
        return "created"
    versions = procedure.versions.order_by("-number")
    latest = versions.first()
    if latest is not None and latest.channels == channels and latest.level == level:
        return "unchanged"
    draft = versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        draft.channels, draft.level = channels, level
        draft.unconfirmed = sorted({*draft.unconfirmed, *unconfirmed})
        draft.save(update_fields=["channels", "level", "unconfirmed"])
        return "updated"
    base = latest
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        status=VersionStatus.DRAFT,
        level=level,
        channels=channels,
        components=base.components if base else [],
        steps=base.steps if base else [],
        eligibility=base.eligibility if base else {},
        legal_basis=base.legal_basis if base else [],
        result=base.result if base else {},
        form_schema=base.form_schema if base else {},
        result_template=base.result_template if base else "",
        other_agencies=base.other_agencies if base else [],
        unconfirmed=sorted({*(base.unconfirmed if base else []), *unconfirmed}),
    )
    if base is not None:
        version.agencies.set(base.agencies.all())
    return "drafted"
