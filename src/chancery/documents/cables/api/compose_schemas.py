"""Schemas of the compose API (``api/compose.py``)."""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Schema


class ParagraphIO(Schema):
    text: str = Field(min_length=1, max_length=100000)
    marking: int = Field(0, ge=0, le=3)


class ContentIn(Schema):
    """Parts left out (null) stay as they are; a list replaces the part."""

    subject: str | None = Field(None, min_length=1, max_length=255)
    precedence: str | None = Field(None, description="FLASH, IMMEDIATE, PRIORITY, ROUTINE...")
    classification: int | None = Field(None, ge=0, le=3)
    compartments: list[str] | None = Field(None, description="Compartment codes")
    captions: list[str] | None = Field(None, description="Caption codes")
    tags: list[str] | None = None
    paragraphs: list[ParagraphIO] | None = None
    action_units: list[str] | None = Field(None, description="Codes of units and missions")
    info_units: list[str] | None = None
    action_people: list[str] | None = Field(None, description="User names")
    info_people: list[str] | None = None
    references: list[UUID] | None = Field(None, description="Ids of cables")
    document_references: list[UUID] | None = Field(None, description="Ids of documents")


class CreateIn(ContentIn):
    subject: str = Field(min_length=1, max_length=255)
    precedence: str = "ROUTINE"
    classification: int = Field(0, ge=0, le=3)


class UpdateIn(ContentIn):
    version: int


class SubmitIn(Schema):
    clearers: list[str] = Field([], description="User names, in clearing order")
    approver: str = Field(description="User name of the approver")
    version: int


class ClearIn(Schema):
    comment: str = ""
    version: int


class SendBackIn(Schema):
    reason: str = Field(min_length=1, max_length=20000)
    version: int


class ReleaseIn(Schema):
    certificate: str = Field(description="Fingerprint of your signing certificate")
    pin: str
    version: int


class AddresseeOut(Schema):
    role: str
    unit: str | None
    person: str | None


class ClearerOut(Schema):
    round: int
    position: int
    clearer: str = Field(alias="clearer.username")
    status: str
    comment: str
    decided_at: dt.datetime | None


class CableOut(Schema):
    id: UUID
    status: str
    version: int
    reference: str
    subject: str
    precedence: str = Field(alias="precedence.code")
    classification: int
    post: str = Field(alias="post.code")
    drafting_unit: str = Field(alias="drafting_unit.code")
    tags: list[str]
    captions: list[str]
    paragraphs: list[ParagraphIO]
    addressees: list[AddresseeOut]
    clearers: list[ClearerOut]
    approver: str | None
    released_at: dt.datetime | None
    released_by: str

    @staticmethod
    def resolve_captions(obj: Any) -> list[str]:
        return [c.code for c in obj.captions.all()]

    @staticmethod
    def resolve_paragraphs(obj: Any) -> list[dict[str, Any]]:
        return [{"text": p.text, "marking": p.classification} for p in obj.paragraphs.all()]

    @staticmethod
    def resolve_addressees(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "role": a.role,
                "unit": a.unit.code if a.unit_id else None,
                "person": a.person.username if a.person_id else None,
            }
            for a in obj.addressees.all()
        ]

    @staticmethod
    def resolve_approver(obj: Any) -> str | None:
        return obj.approver.username if obj.approver_id else None

    @staticmethod
    def resolve_released_by(obj: Any) -> str:
        return str(obj.released_by_name)
