"""What the seeded procedures share: fields, legal references, channels, steps, components,
and the shape of a simple procedure (``simple_procedure``)."""

from __future__ import annotations

from typing import Any

from chancery.eservices.catalogue.seed_forms import (
    component,
    field,
    form,
    option,
    section,
    t,
)

HQ, MISSIONS = "headquarters", "missions"
EFFECTIVE_FROM = "2025-07-01"
SOURCE = "https://lanhsuvietnam.gov.vn"

FIELDS = {
    "consular": t("Lãnh sự", "Consular affairs", "Affaires consulaires"),
    "exit-entry": t("Xuất nhập cảnh", "Passports and visas", "Passeports et visas"),
    "civil-status": t("Hộ tịch", "Civil status", "État civil"),
    "nationality": t("Quốc tịch", "Nationality", "Nationalité"),
    "protection": t("Bảo hộ công dân", "Protection of citizens", "Protection des ressortissants"),
    "judicial-records": t("Lý lịch tư pháp", "Judicial records", "Casier judiciaire"),
}


D111 = t(
    "Nghị định số 111/2011/NĐ-CP ngày 05/12/2011 của Chính phủ về chứng nhận lãnh sự, hợp pháp hóa "
    "lãnh sự",
    "Decree 111/2011/ND-CP of 5 December 2011 on consular certification and legalisation",
    "Décret 111/2011/ND-CP du 5 décembre 2011 sur la certification et la légalisation consulaires",
)
D196 = t(
    "Nghị định số 196/2025/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 111/2011/NĐ-CP",
    "Decree 196/2025/ND-CP amending Decree 111/2011/ND-CP",
    "Décret 196/2025/ND-CP modifiant le décret 111/2011/ND-CP",
)
TT01 = t(
    "Thông tư số 01/2012/TT-BNG hướng dẫn thi hành Nghị định số 111/2011/NĐ-CP",
    "Circular 01/2012/TT-BNG guiding Decree 111/2011/ND-CP",
    "Circulaire 01/2012/TT-BNG portant application du décret 111/2011/ND-CP",
)
TT264 = t(
    "Thông tư số 264/2016/TT-BTC quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí, lệ "
    "phí trong lĩnh vực ngoại giao, và các văn bản sửa đổi",
    "Circular 264/2016/TT-BTC on fees and charges in foreign affairs, as amended",
    "Circulaire 264/2016/TT-BTC sur les droits et redevances en matière d'affaires étrangères",
)
EXIT_LAW = t(
    "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14 (sửa đổi 2023)",
    "Law 49/2019/QH14 on exit and entry of Vietnamese citizens (amended 2023)",
)
FOREIGNERS_LAW = t(
    "Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam số 47/2014/QH13"
    " (sửa đổi 2019, 2023)",
    "Law 47/2014/QH13 on entry, exit, transit and residence of foreigners (amended 2019, 2023)",
)
CIVIL_LAW = t(
    "Luật Hộ tịch số 60/2014/QH13 và Nghị định số 123/2015/NĐ-CP",
    "Law 60/2014/QH13 on civil status and Decree 123/2015/ND-CP",
)
NATIONALITY_LAW = t(
    "Luật Quốc tịch Việt Nam số 24/2008/QH12 (sửa đổi 2014, 2025) và Nghị định số 16/2020/NĐ-CP",
    "Law 24/2008/QH12 on Vietnamese nationality (amended 2014, 2025) and Decree 16/2020/ND-CP",
)
MISSIONS_LAW = t(
    "Luật Cơ quan đại diện nước Cộng hòa xã hội chủ nghĩa Việt Nam ở nước ngoài số 33/2009/QH12 "
    "(sửa đổi 2017)",
    "Law 33/2009/QH12 on the representative missions of Viet Nam abroad (amended 2017)",
)
JUDICIAL_LAW = t("Luật Lý lịch tư pháp số 28/2009/QH12", "Law 28/2009/QH12 on judicial records")


def channels(
    days: int,
    fee: int | float,
    currency: str,
    *,
    post: bool = True,
    online: bool = True,
    note: dict[str, str] | None = None,
    fee_note: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    kinds = ["online"] * online + ["in_person"] + ["post"] * post
    entries = []
    for kind in kinds:
        entry: dict[str, Any] = {
            "channel": kind,
            "working_days": days,
            "fee": fee,
            "currency": currency,
        }
        if note:
            entry.update(time_note_vi=note["vi"], time_note_en=note["en"])
        if fee_note:
            entry.update(fee_note_vi=fee_note["vi"], fee_note_en=fee_note["en"])
        entries.append(entry)
    return entries


def steps(*texts: dict[str, str]) -> list[dict[str, str]]:
    return list(texts)


BATCH_NOTE = t(
    "01 ngày làm việc; từ 10 giấy tờ trở lên: không quá 05 ngày làm việc.",
    "1 working day; 10 documents or more: at most 5 working days.",
)
PER_COPY = t("Mỗi bản giấy tờ, tài liệu.", "Per document.")


def simple_procedure(
    code: str,
    slug: str,
    field_code: str,
    short: str,
    name: dict[str, str],
    components: list[dict[str, Any]],
    request: list[dict[str, Any]],
    *,
    days: int,
    fee: int | float,
    currency: str = "USD",
    legal: list[dict[str, str]],
    result: dict[str, str],
    eligibility: dict[str, str],
    step_list: list[dict[str, str]],
    unconfirmed: list[str],
    online: bool = True,
    post: bool = True,
    level: str = "partial",
    template: str = "",
) -> dict[str, Any]:
    return {
        "code": code,
        "slug": slug,
        "field": field_code,
        "short_code": short,
        "public_register": False,
        "name": name,
        "agencies": MISSIONS,
        "version": {
            "level": level,
            "effective_from": EFFECTIVE_FROM,
            "channels": channels(days, fee, currency, post=post, online=online),
            "components": components,
            "steps": step_list,
            "eligibility": eligibility,
            "legal_basis": legal,
            "result": result,
            "form_schema": form(
                section("request", t("Yêu cầu", "Request", "Demande"), request),
                components,
                post=post,
            ),
            "result_template": template,
            "source_url": SOURCE,
            "unconfirmed": ["code", "effective_from", *unconfirmed],
        },
    }


STANDARD_STEPS = steps(
    t(
        "Nộp hồ sơ trực tuyến hoặc tại cơ quan đại diện.",
        "Apply online or at the mission.",
        "Déposer la demande en ligne ou à la mission.",
    ),
    t(
        "Cơ quan đại diện kiểm tra hồ sơ, yêu cầu bổ sung nếu cần.",
        "The mission checks the dossier and asks for anything missing.",
        "La mission vérifie le dossier et demande les pièces manquantes.",
    ),
    t("Nộp lệ phí.", "Pay the fee.", "Payer les droits."),
    t(
        "Nhận kết quả tại cơ quan đại diện hoặc qua bưu điện.",
        "Receive the result at the mission or by post.",
        "Recevoir le résultat à la mission ou par la poste.",
    ),
)
PHOTO = component(
    "photo", t("Ảnh chân dung 4x6 cm", "Photograph 4x6 cm", "Photo 4x6 cm"), "photo", max_files=1
)
PASSPORT_COPY = component(
    "passport",
    t("Bản chụp hộ chiếu", "Copy of passport", "Copie du passeport"),
    "photocopy",
    max_files=2,
)
SEX = field(
    "sex",
    "radio",
    t("Giới tính", "Sex", "Sexe"),
    options=[option("f", t("Nữ", "Female", "Féminin")), option("m", t("Nam", "Male", "Masculin"))],
)
