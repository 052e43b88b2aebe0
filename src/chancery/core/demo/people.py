"""Fictional staff: plausible Vietnamese names, a post, roles, clearance and compartments.

Generated from a fixed seed, so every run produces the same people with the same usernames;
the loader then creates only those that do not exist yet.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta
from typing import NamedTuple

from chancery.core.constants import AppointmentKind, Clearance, Role
from chancery.core.demo.missions import MISSIONS
from chancery.core.demo.units import HEADQUARTERS

SEED = 19450902

U, C, S, TS = Clearance.UNCLASSIFIED, Clearance.CONFIDENTIAL, Clearance.SECRET, Clearance.TOP_SECRET

COMPARTMENTS = (
    ("NEGOTIATIONS", "Đàm phán", "Negotiations", "Négociations"),
    ("PERSONNEL", "Nhân sự", "Personnel", "Personnel"),
    ("BOUNDARY", "Biên giới lãnh thổ", "Boundaries and territory", "Frontières et territoire"),
)


class Person(NamedTuple):
    username: str
    full_name: str
    unit: str
    title: str
    roles: tuple[str, ...]
    clearance: int
    compartments: tuple[str, ...]
    appointment: AppointmentKind
    start: date
    end: date | None


class Slot(NamedTuple):
    unit: str
    title: str
    roles: tuple[str, ...]
    clearance: int
    compartments: tuple[str, ...] = ()
    username: str = ""
    full_name: str = ""


# One account per main role that needs no security key (Unclassified), and a few cleared ones.
# fmt: off
DEMO_ACCOUNTS: tuple[Slot, ...] = (
    Slot("information-centre", "specialist", (Role.ADMIN,), U, (), "quantri", "Đinh Quang Trị"),
    Slot("office-records", "clerk", (Role.CLERK,), U, (), "vanthu", "Lê Thị Thư"),
    Slot("europe", "specialist", (Role.SPECIALIST,), U, (), "chuyenvien", "Phạm Minh Chuyên"),
    Slot("cultural-diplomacy", "head", (Role.UNIT_HEAD,), U, (), "truongvu", "Hoàng Thị Vân"),
    Slot("mofa", "deputy", (Role.LEADER,), U, (), "lanhdao", "Vũ Đức Lãnh"),
    Slot("consular-passports", "specialist", (Role.CONSULAR_OFFICER,), U, (), "lanhsu",
         "Ngô Thị Sương"),
    Slot("press", "specialist", (Role.EDITOR,), U, (), "bientap", "Đặng Thu Biên"),
    Slot("information-centre", "specialist", (Role.DATA_STEWARD,), U, (), "dulieu",
         "Bùi Văn Liệu"),
    Slot("academy", "lecturer", (Role.TRAINER,), U, (), "daotao", "Đỗ Thị Đào"),
    Slot("office-records", "specialist", (Role.ARCHIVIST,), U, (), "luutru", "Trịnh Thị Lưu"),
    Slot("cg-san-francisco", "consul", (Role.CONSULAR_OFFICER,), U, (), "lanhsu.sf",
         "Hồ Ngọc Lan"),
    Slot("law-treaties", "specialist", (Role.SPECIALIST,), C, ("NEGOTIATIONS",),
         "chuyenvien.mat", "Trần Văn Mạnh"),
    Slot("europe", "head", (Role.UNIT_HEAD,), S, ("NEGOTIATIONS",), "truongvu.toimat",
         "Nguyễn Hồng Tùng"),
    Slot("emb-fr", "head", (Role.UNIT_HEAD,), S, ("NEGOTIATIONS",), "daisu.paris",
         "Phan Thanh Sơn"),
    Slot("mofa", "deputy", (Role.LEADER,), TS, ("NEGOTIATIONS", "PERSONNEL"),
         "lanhdao.tuyetmat", "Lê Hoài Trung"),
)

SURNAMES = ("Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh",
            "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trịnh", "Đinh")
MIDDLE = {
    "m": ("Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Anh", "Tuấn"),
    "f": ("Thị", "Thu", "Ngọc", "Thanh", "Phương", "Minh", "Hồng", "Kim", "Thùy", "Bích"),
}
GIVEN = {
    "m": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phong", "Quân",
          "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Hoàng", "Khánh", "Đạt", "Hiếu", "Toàn"),
    "f": ("Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai",
          "Nga", "Ngân", "Nhung", "Phương", "Quyên", "Thảo", "Trang", "Vân", "Yến", "Hằng"),
}
# fmt: on

# Units with a deputy head in the demo, and missions staffed in it (the others exist, unstaffed).
WITH_DEPUTY = ("europe", "consular", "law-treaties", "asean", "press", "personnel", "americas")
STAFFED_MISSIONS = (
    "emb-cn",
    "emb-jp",
    "emb-la",
    "emb-sa",
    "emb-fr",
    "emb-de",
    "pm-geneva",
    "emb-us",
    "pm-un",
    "cg-san-francisco",
    "emb-eg",
    "emb-au",
)
CLEARED_UNITS = {
    "law-treaties": ("NEGOTIATIONS",),
    "multilateral-economic": ("NEGOTIATIONS",),
    "boundary": ("BOUNDARY", "NEGOTIATIONS"),
    "personnel": ("PERSONNEL",),
    "northeast-asia": ("NEGOTIATIONS",),
}


def _slots(rng: random.Random) -> list[Slot]:
    taken = {(slot.unit, slot.title) for slot in DEMO_ACCOUNTS if slot.title == "head"}
    slots = [
        Slot("mofa", "head", (Role.LEADER,), TS, ("NEGOTIATIONS", "PERSONNEL", "BOUNDARY")),
        Slot("mofa", "deputy", (Role.LEADER,), TS, ("NEGOTIATIONS",)),
        Slot("mofa", "deputy", (Role.LEADER,), S),
    ]
    for unit in HEADQUARTERS:
        compartments = CLEARED_UNITS.get(unit.code, ())
        if (unit.code, "head") not in taken:
            slots.append(
                Slot(unit.code, "head", (Role.UNIT_HEAD,), rng.choice((C, S, S)), compartments)
            )
        if unit.code in WITH_DEPUTY:
            slots.append(Slot(unit.code, "deputy", (Role.UNIT_HEAD,), C, compartments))
        if unit.kind != "division":
            slots.append(
                Slot(
                    unit.code,
                    "specialist",
                    (Role.SPECIALIST,),
                    rng.choice((U, U, C)),
                    compartments[:1],
                )
            )
    slots += [
        Slot("consular-protection", "specialist", (Role.CONSULAR_OFFICER,), C),
        Slot("consular-protection", "specialist", (Role.CONSULAR_OFFICER,), U),
        Slot("press", "specialist", (Role.EDITOR,), U),
        Slot("office", "clerk", (Role.CLERK,), C),
        Slot("office-records", "clerk", (Role.CLERK,), U),
        Slot("personnel", "specialist", (Role.SPECIALIST, Role.ADMIN), S, ("PERSONNEL",)),
        Slot("information-centre", "specialist", (Role.DATA_STEWARD,), U),
        Slot("academy", "lecturer", (Role.TRAINER,), U),
    ]
    for code in STAFFED_MISSIONS:
        if (code, "head") not in taken:
            slots.append(Slot(code, "head", (Role.UNIT_HEAD,), S, ("NEGOTIATIONS",)))
        if code.startswith("cg-"):
            slots.append(Slot(code, "consul", (Role.CONSULAR_OFFICER,), U))
        else:
            slots.append(
                Slot(code, rng.choice(("counsellor", "first-secretary")), (Role.SPECIALIST,), C)
            )
    slots += [Slot(code, "clerk", (Role.CLERK,), U) for code in ("emb-fr", "emb-cn", "pm-un")]
    return slots


def ascii_fold(text: str) -> str:
    """``Nguyễn Đức`` -> ``Nguyen Duc``: for usernames and e-mail addresses."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _name(rng: random.Random) -> str:
    gender = rng.choice("mf")
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"


def _username(full_name: str, used: set[str]) -> str:
    # The ministry's habit: given name then initials of family and middle names ("anhnt").
    *others, given = ascii_fold(full_name).lower().split()
    base = given + "".join(word[0] for word in others)
    username, n = base, 1
    while username in used:
        n += 1
        username = f"{base}{n}"
    used.add(username)
    return username


def _term(rng: random.Random, unit: str) -> tuple[AppointmentKind, date, date | None]:
    if any(mission.code == unit for mission in MISSIONS):
        start = date(rng.choice((2024, 2025)), rng.choice((7, 8, 9)), 1)
        return AppointmentKind.POSTING, start, date(start.year + 3, start.month, 1) - timedelta(1)
    return AppointmentKind.SUBSTANTIVE, date(rng.randint(2012, 2024), rng.randint(1, 12), 1), None


def people() -> list[Person]:
    """Everyone in the demo ministry, the same list on every call."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets
    used = {slot.username for slot in DEMO_ACCOUNTS}
    result = []
    for slot in (*DEMO_ACCOUNTS, *_slots(rng)):
        full_name = slot.full_name or _name(rng)
        username = slot.username or _username(full_name, used)
        kind, start, end = _term(rng, slot.unit)
        result.append(
            Person(
                username,
                full_name,
                slot.unit,
                slot.title,
                slot.roles,
                slot.clearance,
                slot.compartments,
                kind,
                start,
                end,
            )
        )
    return result


def past_postings(staff: list[Person]) -> list[tuple[str, str, str, date, date]]:
    """Earlier terms abroad of some headquarters staff: (username, mission, title, start, end)."""
    rng = random.Random(SEED + 1)  # noqa: S311 - reproducible demo data, not secrets
    at_home = [p for p in staff if p.appointment == AppointmentKind.SUBSTANTIVE]
    postings = []
    for person in rng.sample(at_home, k=min(20, len(at_home))):
        mission = rng.choice(MISSIONS)
        title = "consul" if mission.code.startswith("cg-") else "first-secretary"
        start = date(rng.randint(2010, 2018), rng.choice((7, 8, 9)), 1)
        postings.append(
            (
                person.username,
                mission.code,
                title,
                start,
                date(start.year + 3, start.month, 1) - timedelta(1),
            )
        )
    return postings
