"""Visas issued by missions, citizen protection, judicial records."""

from __future__ import annotations

from typing import Any

from chancery.eservices.catalogue.seed_data.common import (
    FOREIGNERS_LAW,
    JUDICIAL_LAW,
    MISSIONS_LAW,
    PASSPORT_COPY,
    PHOTO,
    STANDARD_STEPS,
    TT264,
    simple_procedure,
    steps,
)
from chancery.eservices.catalogue.seed_forms import component, field, option, t


def visa() -> dict[str, Any]:
    parts = [
        component(
            "declaration",
            t(
                "Tờ khai đề nghị cấp thị thực (mẫu NA1)",
                "Visa application form (model NA1)",
                "Formulaire de demande de visa",
            ),
            "form",
            max_files=1,
        ),
        PASSPORT_COPY,
        PHOTO,
        component(
            "sponsor_letter",
            t(
                "Công văn của cơ quan, tổ chức mời, bảo lãnh (nếu có)",
                "Letter of the inviting organisation, if any",
                "Lettre de l'organisme invitant, le cas échéant",
            ),
            "original",
            required=False,
        ),
    ]
    request = [
        field("nationality", "text", t("Quốc tịch", "Nationality", "Nationalité"), max_length=100),
        field(
            "entries",
            "radio",
            t("Loại thị thực", "Kind of visa", "Type de visa"),
            options=[
                option("single", t("Một lần", "Single entry", "Entrée unique")),
                option("multiple", t("Nhiều lần", "Multiple entries", "Entrées multiples")),
            ],
        ),
        field(
            "arrival",
            "date",
            t("Ngày dự kiến nhập cảnh", "Planned arrival date", "Date d'arrivée prévue"),
        ),
        field(
            "purpose_of_visit",
            "textarea",
            t("Mục đích nhập cảnh", "Purpose of the visit", "Objet du voyage"),
            max_length=1000,
        ),
    ]
    return simple_procedure(
        "1.013408",
        "cap-thi-thuc-tai-co-quan-dai-dien",
        "exit-entry",
        "TT",
        t(
            "Cấp thị thực tại cơ quan đại diện ở nước ngoài",
            "Visa issued by a mission",
            "Visa délivré par une mission",
        ),
        parts,
        request,
        days=3,
        fee=25,
        legal=[FOREIGNERS_LAW, TT264],
        result=t("Thị thực Việt Nam.", "A Vietnamese visa.", "Un visa vietnamien."),
        eligibility=t(
            "Người nước ngoài nhập cảnh Việt Nam.",
            "Foreigners travelling to Viet Nam.",
            "Étrangers se rendant au Viet Nam.",
        ),
        step_list=STANDARD_STEPS,
        unconfirmed=["fees", "time_limits", "level"],
    )


def protection() -> dict[str, Any]:
    parts = [
        component(
            "identity",
            t(
                "Giấy tờ tùy thân (nếu còn)",
                "Identity document, if you have it",
                "Pièce d'identité, si disponible",
            ),
            "photocopy",
            required=False,
        ),
        component(
            "evidence",
            t(
                "Giấy tờ liên quan đến sự việc",
                "Documents about the situation",
                "Documents sur la situation",
            ),
            "photocopy",
            required=False,
            max_files=10,
        ),
    ]
    request = [
        field(
            "situation",
            "select",
            t("Tình huống", "Situation", "Situation"),
            options=[
                option("lost_documents", t("Mất giấy tờ", "Lost documents", "Documents perdus")),
                option("detained", t("Bị bắt, tạm giữ", "Arrested or detained", "Arrestation")),
                option(
                    "accident", t("Tai nạn, ốm đau", "Accident or illness", "Accident, maladie")
                ),
                option("repatriation", t("Cần hồi hương", "Need to return home", "Rapatriement")),
                option("other", t("Khác", "Other", "Autre")),
            ],
        ),
        field(
            "where",
            "text",
            t("Địa điểm hiện tại", "Where you are now", "Lieu actuel"),
            max_length=300,
        ),
        field(
            "details",
            "textarea",
            t("Mô tả sự việc", "What happened", "Description"),
            max_length=4000,
        ),
    ]
    return simple_procedure(
        "1.013409",
        "bao-ho-cong-dan",
        "protection",
        "BH",
        t(
            "Đề nghị bảo hộ công dân Việt Nam ở nước ngoài",
            "Request for the protection of a Vietnamese citizen abroad",
            "Demande de protection d'un ressortissant vietnamien à l'étranger",
        ),
        parts,
        request,
        days=1,
        fee=0,
        legal=[MISSIONS_LAW],
        result=t(
            "Cơ quan đại diện tiếp nhận và hỗ trợ.",
            "The mission takes up your case.",
            "La mission prend en charge votre demande.",
        ),
        eligibility=t(
            "Công dân Việt Nam gặp khó khăn ở nước ngoài, hoặc người thân của họ.",
            "Vietnamese citizens in difficulty abroad, or their relatives.",
            "Ressortissants vietnamiens en difficulté à l'étranger ou leurs proches.",
        ),
        step_list=steps(
            t(
                "Gửi yêu cầu trực tuyến hoặc gọi đường dây nóng bảo hộ công dân.",
                "Send the request online or call the citizen protection hotline.",
                "Envoyer la demande en ligne ou appeler la ligne d'urgence.",
            ),
            t(
                "Cơ quan đại diện liên hệ lại và hỗ trợ.",
                "The mission calls you back and helps.",
                "La mission vous rappelle et vous aide.",
            ),
        ),
        unconfirmed=["time_limits", "level"],
        post=False,
        level="full",
    )


def judicial_record() -> dict[str, Any]:
    parts = [
        component(
            "declaration",
            t(
                "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
                "Application for a judicial record certificate",
                "Demande d'extrait de casier judiciaire",
            ),
            "form",
            max_files=1,
        ),
        PASSPORT_COPY,
        component(
            "residence_proof",
            t("Giấy tờ chứng minh nơi cư trú", "Proof of residence", "Justificatif de résidence"),
            "photocopy",
        ),
    ]
    request = [
        field(
            "certificate_kind",
            "radio",
            t("Loại phiếu", "Kind of certificate", "Type d'extrait"),
            options=[
                option("1", t("Phiếu số 1", "Certificate no. 1", "Extrait n° 1")),
                option("2", t("Phiếu số 2", "Certificate no. 2", "Extrait n° 2")),
            ],
        ),
        field(
            "residences",
            "textarea",
            t(
                "Nơi cư trú tại Việt Nam",
                "Places of residence in Viet Nam",
                "Lieux de résidence au Viet Nam",
            ),
            max_length=2000,
        ),
    ]
    return simple_procedure(
        "1.013410",
        "ly-lich-tu-phap-qua-co-quan-dai-dien",
        "judicial-records",
        "LLTP",
        t(
            "Đề nghị cấp Phiếu lý lịch tư pháp qua cơ quan đại diện",
            "Judicial record certificate through a mission",
            "Extrait de casier judiciaire par l'intermédiaire d'une mission",
        ),
        parts,
        request,
        days=15,
        fee=200000,
        currency="VND",
        legal=[JUDICIAL_LAW, TT264],
        result=t(
            "Phiếu lý lịch tư pháp.",
            "A judicial record certificate.",
            "Un extrait de casier judiciaire.",
        ),
        eligibility=t(
            "Công dân Việt Nam ở nước ngoài.",
            "Vietnamese citizens abroad.",
            "Ressortissants vietnamiens à l'étranger.",
        ),
        step_list=STANDARD_STEPS,
        unconfirmed=["fees", "time_limits", "level"],
    )
