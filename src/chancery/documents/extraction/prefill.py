"""Reading the registration fields of a received letter out of its extracted text.

Pure functions, no database: ``read_letter(text)`` returns what it could find (sender, number
and symbol, date, abstract, document type, urgency); the clerk confirms or corrects it. Texts
come from ``pdftotext -layout`` or OCR, so the two-column header of Vietnamese administrative
documents arrives as lines with a wide gap between the columns: lines are split into columns
on runs of three or more spaces.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from chancery.documents.constants import DOCUMENT_TYPES, Urgency

# How many lines from the top the letterhead and title are looked for in.
HEAD_LINES = 40

ORGANISATION_WORDS = (
    "BỘ ",
    "ỦY BAN",
    "UỶ BAN",
    "UBND",
    "SỞ ",
    "CỤC ",
    "TỔNG CỤC",
    "VỤ ",
    "VĂN PHÒNG",
    "BAN ",
    "HỘI ĐỒNG",
    "THANH TRA",
    "TÒA ÁN",
    "TOÀ ÁN",
    "VIỆN ",
    "HỌC VIỆN",
    "TRƯỜNG ",
    "CÔNG TY",
    "TẬP ĐOÀN",
    "NGÂN HÀNG",
    "ĐẠI SỨ QUÁN",
    "TỔNG LÃNH SỰ QUÁN",
    "LÃNH SỰ QUÁN",
    "PHÁI ĐOÀN",
    "CHÍNH PHỦ",
    "QUỐC HỘI",
    "THỦ TƯỚNG",
    "EMBASSY OF",
    "EMBASSY ",
    "CONSULATE",
    "MINISTRY OF",
    "MINISTRY ",
    "PERMANENT MISSION",
    "DEPARTMENT OF",
    "OFFICE OF",
    "AMBASSADE",
    "CONSULAT",
    "MINISTÈRE",
    "MISSION PERMANENTE",
)
NOT_SENDER = ("CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "ĐỘC LẬP", "SOCIALIST REPUBLIC", "RÉPUBLIQUE")

_COLUMNS = re.compile(r"\s{3,}")
_NUMBER_VI = re.compile(r"\bSố\s*[:.]?\s*(\d[\w./-]*[\w])", re.IGNORECASE)
_NUMBER_EN = re.compile(r"(?:\bNo|\bRef|\bRéf|N°|Nº)\s*[.:]?\s*[:.]?\s*(\d[\w./-]*\w)")
_DATE_VI = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({_MONTH_NAMES})\s+(\d{{4}})\b", re.I)
_DATE_MDY = re.compile(rf"\b({_MONTH_NAMES})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
_ABSTRACT = re.compile(r"^\s*(?:V/v|V/V|Về việc|Subject|Re|Objet)\s*[:.]?\s*(.+)$", re.IGNORECASE)
_ABOUT = re.compile(r"^\s*(?:Về|Về việc)\s+(.+)$")

URGENCY_WORDS = (
    (Urgency.FLASH, ("HỎA TỐC", "HOẢ TỐC", "FLASH", "IMMEDIATE")),
    (Urgency.VERY_URGENT, ("THƯỢNG KHẨN", "TRÈS URGENT", "MOST URGENT", "VERY URGENT")),
    (Urgency.URGENT, ("KHẨN", "URGENT")),
)


@dataclass(frozen=True)
class LetterFields:
    """What the text says; empty strings and ``None`` where it says nothing recognisable."""

    sender_name: str = ""
    number_symbol: str = ""
    document_date: dt.date | None = None
    subject: str = ""
    document_type: str | None = None
    urgency: int = Urgency.NORMAL

    def as_initial(self) -> dict[str, object]:
        """Form initial values (only what was found)."""
        found: dict[str, object] = {
            "sender_name": self.sender_name,
            "number_symbol": self.number_symbol,
            "document_date": self.document_date,
            "subject": self.subject,
            "document_type": self.document_type,
            "urgency": self.urgency,
        }
        return {key: value for key, value in found.items() if value not in ("", None)}


def _columns(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines()[:HEAD_LINES]:
        cells = [cell.strip() for cell in _COLUMNS.split(line.strip()) if cell.strip()]
        rows.append(cells)
    return rows


def _is_upper(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


def _is_organisation(cell: str) -> bool:
    upper = cell.upper()
    return (
        _is_upper(cell)
        and upper.startswith(ORGANISATION_WORDS)
        and not upper.startswith(NOT_SENDER)
    )


def find_sender(rows: list[list[str]]) -> str:
    """The letterhead: the first upper-case organisation line of the left column, with the
    upper-case lines under it (``ỦY BAN NHÂN DÂN`` / ``THÀNH PHỐ HẢI PHÒNG``)."""
    for index, cells in enumerate(rows):
        if cells and _is_organisation(cells[0]):
            parts = [cells[0]]
            for following in rows[index + 1 : index + 3]:
                cell = following[0].strip("-_ ") if following else ""
                if not cell or not _is_upper(cell) or cell.upper().startswith(NOT_SENDER):
                    break
                if cell.upper().startswith(("SỐ", "NO")) or title_type(cell):
                    break
                parts.append(cell)
            return " ".join(parts)
    return ""


def find_number(text: str) -> str:
    head = "\n".join(text.splitlines()[:HEAD_LINES])
    for pattern in (_NUMBER_VI, _NUMBER_EN):
        match = pattern.search(head)
        if match and ("/" in match.group(1) or "-" in match.group(1)):
            return match.group(1).rstrip(".")
    return ""


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first date of the head: Vietnamese, then English/French day-month-year,
    month-day-year, ISO, and day/month/year."""
    head = "\n".join(text.splitlines()[:HEAD_LINES])
    candidates: list[tuple[int, dt.date | None]] = []
    for match in _DATE_VI.finditer(head):
        day, month, year = (int(group) for group in match.groups())
        candidates.append((match.start() - 100_000, _date(year, month, day)))
    for match in _DATE_DMY.finditer(head):
        month = MONTHS[match.group(2).lower()]
        candidates.append((match.start(), _date(int(match.group(3)), month, int(match.group(1)))))
    for match in _DATE_MDY.finditer(head):
        month = MONTHS[match.group(1).lower()]
        candidates.append((match.start(), _date(int(match.group(3)), month, int(match.group(2)))))
    for match in _DATE_ISO.finditer(head):
        year, month, day = (int(group) for group in match.groups())
        candidates.append((match.start(), _date(year, month, day)))
    for match in _DATE_NUMERIC.finditer(head):
        day, month, year = (int(group) for group in match.groups())
        candidates.append((match.start(), _date(year, month, day)))
    found = sorted((position, date) for position, date in candidates if date is not None)
    return found[0][1] if found else None


_TITLES: dict[str, str] = {}
for seed in DOCUMENT_TYPES:
    _TITLES[unicodedata.normalize("NFC", seed.name_vi.upper())] = seed.code
for english, code in (
    ("DECISION", "quyet-dinh"),
    ("REPORT", "bao-cao"),
    ("INVITATION", "giay-moi"),
    ("NOTICE", "thong-bao"),
    ("MEMORANDUM OF UNDERSTANDING", "ban-ghi-nho"),
    ("DÉCISION", "quyet-dinh"),
    ("RAPPORT", "bao-cao"),
    ("COMMUNIQUÉ", "thong-cao"),
):
    _TITLES[english] = code
_ABBREVIATIONS = {seed.abbreviation: seed.code for seed in DOCUMENT_TYPES if seed.abbreviation}


def title_type(cell: str) -> str | None:
    """The type code of a title line (``QUYẾT ĐỊNH``, ``TỜ TRÌNH``), if it is one."""
    return (
        _TITLES.get(unicodedata.normalize("NFC", cell.strip(" .:").upper()))
        if _is_upper(cell)
        else None
    )


def find_type_and_title_index(rows: list[list[str]]) -> tuple[str | None, int | None]:
    for index, cells in enumerate(rows):
        if len(cells) == 1 and (code := title_type(cells[0])):
            return code, index
    return None, None


def _type_from_symbol(number_symbol: str) -> str | None:
    match = re.match(r"^\d+(?:/\d{4})?/([^-/]+)-", number_symbol)
    return _ABBREVIATIONS.get(match.group(1)) if match else None


def find_subject(rows: list[list[str]], title_index: int | None) -> str:
    """``V/v ...`` (with its continuation line), ``Subject:``/``Objet :``, or the line after
    the type title (``Về việc ...``)."""
    for index, cells in enumerate(rows):
        match = _ABSTRACT.match(cells[0]) if cells else None
        if match:
            parts = [match.group(1).strip()]
            following = rows[index + 1] if index + 1 < len(rows) else []
            if following and following[0][:1].islower():
                parts.append(following[0])
            return " ".join(parts)
    if title_index is not None:
        for cells in rows[title_index + 1 : title_index + 4]:
            if cells:
                match = _ABOUT.match(cells[0])
                return (match.group(1) if match else cells[0]).strip()
    return ""


def find_urgency(text: str) -> int:
    """The highest urgency mark printed in capitals in the head (``HỎA TỐC``, ``KHẨN``)."""
    head = unicodedata.normalize("NFC", "\n".join(text.splitlines()[:HEAD_LINES]))
    for level, words in URGENCY_WORDS:
        for word in words:
            if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", head):
                return int(level)
    return int(Urgency.NORMAL)


def read_letter(text: str) -> LetterFields:
    """Every field the head of ``text`` gives."""
    text = unicodedata.normalize("NFC", text or "")
    rows = _columns(text)
    number_symbol = find_number(text)
    document_type, title_index = find_type_and_title_index(rows)
    subject = find_subject(rows, title_index)
    if document_type is None:
        document_type = _type_from_symbol(number_symbol)
    if document_type is None and re.search(r"^\s*V/v", text, re.MULTILINE | re.IGNORECASE):
        document_type = "cong-van"
    return LetterFields(
        sender_name=find_sender(rows),
        number_symbol=number_symbol,
        document_date=find_date(text),
        subject=subject[:1000],
        document_type=document_type,
        urgency=find_urgency(text),
    )
