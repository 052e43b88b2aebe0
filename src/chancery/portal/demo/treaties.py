"""Treaties to which Viet Nam is a party, from the HUGGO data set (globalgov/manytreaties,
CC BY 4.0), read from the shared data folder at load time (never copied into the repository).

Rows of ``HUGGO_MEM_*.csv`` with ``stateID == "VNM"`` give Viet Nam's own dates (signature,
ratification, entry into force); rows of ``HUGGO_clean.csv`` whose title names Viet Nam add the
bilateral agreements. Values are messy: ``NA``, ``31.12.9999`` for "no end", dates as
``02.12.1972`` or ``1972-12-02`` (sometimes with ``?``), files partly in Mac Roman. The
Vietnamese titles are the demo's own translations; a title without one is shown in English in
both editions."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

from chancery.portal.constants import TreatyKind, TreatyStatus
from chancery.portal.demo.content import ungd_dir


def huggo_dir() -> Path:
    return ungd_dir().parent / "treaties" / "huggo"


def parse_date(value: str | None) -> date | None:
    """``02.12.1972``, ``1972-12-02``, ``1972-12``, ``1972-12-02?`` -> a date; ``NA``, empty,
    ``31.12.9999`` (no end) or anything unreadable -> None."""
    value = (value or "").strip().rstrip("?").strip()
    if not value or value.upper() == "NA":
        return None
    for pattern, order in (
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{4})-(\d{1,2})", "ym"),
    ):
        match = re.fullmatch(pattern, value)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        if order == "dmy":
            day, month, year = parts
        elif order == "ymd":
            year, month, day = parts
        else:
            (year, month), day = parts, 1
        if year >= 9999:
            return None
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def _lines(path: Path) -> Iterator[str]:
    """Lines of a file that is UTF-8 except for some Mac Roman rows."""
    with path.open("rb") as handle:
        for raw in handle:
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                yield raw.decode("mac_roman")


class TreatyRow(NamedTuple):
    external_id: str
    title_en: str
    kind: str
    signed_on: date
    in_force_on: date | None
    status: str


def _kind(title: str, ambit: str = "") -> str:
    bilateral = ambit == "Bilateral" or bool(
        re.search(r"\bbetween\b.*\band\b|^\w[\w ()]* viet nam$|^viet nam \w+$", title, re.I)
    )
    return TreatyKind.BILATERAL if bilateral else TreatyKind.MULTILATERAL


def rows() -> list[TreatyRow]:
    """Viet Nam's treaties, one per title, oldest first; [] when the data set is missing."""
    folder = huggo_dir()
    if not folder.is_dir():
        return []
    found: dict[str, TreatyRow] = {}
    for path in sorted(folder.glob("HUGGO_MEM_*.csv")):
        for row in csv.DictReader(_lines(path)):
            if row.get("stateID") != "VNM":
                continue
            title = " ".join((row.get("Title") or "").split())
            signed = parse_date(row.get("Signature")) or parse_date(row.get("Begin"))
            if not title or signed is None or title.lower() in found:
                continue
            state_force = (
                row.get("stateForce") or row.get("StateForce") or row.get("Accession") or ""
            )
            in_force = parse_date(state_force)
            ended = parse_date(row.get("stateWithdrawal") or row.get("StateEnd"))
            status = (
                TreatyStatus.TERMINATED
                if ended
                else TreatyStatus.IN_FORCE
                if in_force
                else TreatyStatus.SIGNED
            )
            found[title.lower()] = TreatyRow(
                row.get("manyID") or "", title, _kind(title), signed, in_force, status
            )
    clean = folder / "HUGGO_clean.csv"
    if clean.exists():
        for row in csv.DictReader(_lines(clean)):
            title = " ".join((row.get("Title") or "").split())
            if not re.search(r"viet ?nam", title, re.I) or title.lower() in found:
                continue
            signed = parse_date(row.get("Signature")) or parse_date(row.get("Begin"))
            if signed is None:
                continue
            in_force = parse_date(row.get("Force"))
            status = TreatyStatus.IN_FORCE if in_force else TreatyStatus.SIGNED
            found[title.lower()] = TreatyRow(
                "HUGGO:" + re.sub(r"\W+", "-", title.lower())[:50],
                title,
                _kind(title, row.get("TypeAmbit") or ""),
                signed,
                in_force,
                status,
            )
    return sorted(found.values(), key=lambda r: (r.signed_on, r.title_en))


TITLES_FILE = Path(__file__).with_name("treaty_titles_vi.tsv")


@cache
def vi_titles() -> dict[str, str]:
    """The demo's Vietnamese titles, by English title in lower case (a tab-separated file)."""
    titles = {}
    for line in TITLES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            english, vietnamese = line.split("\t", 1)
            titles[english] = vietnamese
    return titles


def vietnamese_title(title_en: str) -> str:
    return vi_titles().get(title_en.lower(), title_en)


def parties(row: TreatyRow) -> tuple[str, str]:
    """(vi, en) parties: Viet Nam and the other party named in a bilateral title."""
    if row.kind == TreatyKind.MULTILATERAL:
        return "Đa phương", "Multilateral"
    return "Việt Nam và đối tác song phương", "Viet Nam and its bilateral partner"
