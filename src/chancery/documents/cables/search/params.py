"""What a cable search asks for: the form, the API and saved searches (``scope="cables"``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chancery.documents.cables.constants import CableStatus
from chancery.documents.search.index import normalise
from chancery.documents.search.params import JsonParams

SORTS = ("relevance", "date")
TAG_MODES = ("any", "all")
# ``status`` of a search over every status the reader may see (drafts they work on included).
ANY_STATUS = "any"


@dataclass(frozen=True)
class CableSearchParams(JsonParams):
    """A cable search. ``tags`` match when the cable has any of them (``tags_mode="any"``) or
    all of them (``"all"``); ``precedence`` is a precedence code; ``post`` the originating
    post and ``addressee_unit`` a unit addressed (action or information), both unit ids;
    ``date_from``/``date_to`` bound the release date; ``status`` is released unless asked."""

    q: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    tags_mode: str = "any"
    precedence: str = ""
    post: int | None = None
    addressee_unit: int | None = None
    classification: int | None = None
    status: str = CableStatus.RELEASED.value
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"

    @property
    def text(self) -> str:
        return normalise(self.q).strip()

    @property
    def tag_codes(self) -> list[str]:
        return [normalise(tag).strip().upper() for tag in self.tags if tag.strip()]
