"""Consular certification and legalisation, at headquarters and at the missions."""

from __future__ import annotations

from typing import Any

from chancery.eservices.catalogue.seed_data.common import (
    BATCH_NOTE,
    D111,
    D196,
    EFFECTIVE_FROM,
    HQ,
    PER_COPY,
    SOURCE,
    TT01,
    TT264,
    channels,
    steps,
)
from chancery.eservices.catalogue.seed_forms import (
    COUNTRY,
    DOCUMENT_COUNT,
    OTHER_PURPOSE,
    PURPOSE,
    component,
    field,
    form,
    section,
    t,
)

LEGALISATION_STEPS = steps(
    t(
        "Nộp hồ sơ trực tuyến, trực tiếp hoặc qua bưu điện.",
        "Apply online, in person or by post.",
        "Déposer la demande en ligne, sur place ou par la poste.",
    ),
    t(
        "Cơ quan kiểm tra tính đầy đủ, hợp lệ của hồ sơ và hẹn ngày trả kết quả.",
        "The office checks the dossier is complete and gives you the return date.",
        "Le service vérifie le dossier et indique la date de retour.",
    ),
    t(
        "Đối chiếu con dấu, chữ ký, chức danh với mẫu đã được giới thiệu chính thức.",
        "Seals, signatures and titles are compared with the official specimens.",
        "Les sceaux, signatures et qualités sont comparés aux spécimens officiels.",
    ),
    t(
        "Nộp lệ phí và nhận kết quả (tem chứng nhận trên giấy tờ).",
        "Pay the fee and receive the result (a stamp on each document).",
        "Payer les droits et recevoir le résultat (un timbre sur chaque document).",
    ),
)


def _legalisation_components(foreign: bool) -> list[dict[str, Any]]:
    document = (
        t(
            "Giấy tờ, tài liệu đề nghị hợp pháp hóa (đã được cơ quan có thẩm quyền của nước ngoài "
            "chứng nhận)",
            "Document to legalise (already certified by the foreign authority)",
            "Document à légaliser (déjà certifié par l'autorité étrangère)",
        )
        if foreign
        else t(
            "Giấy tờ, tài liệu đề nghị chứng nhận", "Document to certify", "Document à certifier"
        )
    )
    parts = [
        component(
            "declaration",
            t(
                "Tờ khai chứng nhận/hợp pháp hóa lãnh sự (mẫu LS/HPH-2012/TK)",
                "Application form (model LS/HPH-2012/TK)",
                "Formulaire de demande",
            ),
            "form",
            max_files=1,
        ),
        component(
            "identity",
            t(
                "Bản chụp giấy tờ tùy thân",
                "Copy of identity document",
                "Copie de la pièce d'identité",
            ),
            "photocopy",
            max_files=2,
        ),
        component("document", document, "original", max_files=10),
        component(
            "document_copy",
            t(
                "Bản chụp giấy tờ đề nghị chứng nhận/hợp pháp hóa",
                "Photocopy of the document",
                "Photocopie du document",
            ),
            "photocopy",
            max_files=10,
        ),
    ]
    if foreign:
        parts.append(
            component(
                "translation",
                t(
                    "Bản dịch sang tiếng Việt hoặc tiếng Anh",
                    "Translation into Vietnamese or English",
                    "Traduction en vietnamien ou en anglais",
                ),
                "photocopy",
                required=False,
                max_files=10,
            )
        )
    return parts


def legalisation(code: str, slug: str, *, foreign: bool, at: str) -> dict[str, Any]:
    components = _legalisation_components(foreign)
    at_hq = at == HQ
    name = (
        t(
            "Hợp pháp hóa lãnh sự giấy tờ, tài liệu",
            "Consular legalisation of documents",
            "Légalisation consulaire de documents",
        )
        if foreign
        else t(
            "Chứng nhận lãnh sự giấy tờ, tài liệu",
            "Consular certification of documents",
            "Certification consulaire de documents",
        )
    )
    where = (
        t(" tại Bộ Ngoại giao", " at the Ministry", " au Ministère")
        if at_hq
        else t(
            " tại cơ quan đại diện ở nước ngoài",
            " at a mission abroad",
            " dans une mission à l'étranger",
        )
    )
    request = section(
        "request",
        t("Yêu cầu", "Request", "Demande"),
        [
            COUNTRY,
            DOCUMENT_COUNT,
            PURPOSE,
            OTHER_PURPOSE,
            field(
                "document_kinds",
                "textarea",
                t("Tên các giấy tờ", "Names of the documents", "Noms des documents"),
                max_length=1000,
            ),
        ],
    )
    fee = (
        channels(1, 30000, "VND", note=BATCH_NOTE, fee_note=PER_COPY)
        if at_hq
        else channels(1, 10, "USD", note=BATCH_NOTE, fee_note=PER_COPY)
    )
    unconfirmed = ["code", "level", "effective_from"] + ([] if at_hq else ["fees"])
    return {
        "code": code,
        "slug": slug,
        "field": "consular",
        "short_code": "HPH" if foreign else "CNLS",
        "public_register": True,
        "name": {k: name[k] + where[k] for k in name},
        "agencies": at,
        "version": {
            "level": "partial",
            "effective_from": EFFECTIVE_FROM,
            "channels": fee,
            "components": components,
            "steps": LEGALISATION_STEPS,
            "eligibility": t(
                "Cá nhân, tổ chức có giấy tờ cần sử dụng ở nước ngoài."
                if not foreign
                else "Cá nhân, tổ chức có giấy tờ nước ngoài cần sử dụng tại Việt Nam.",
                "Anyone with Vietnamese documents to use abroad."
                if not foreign
                else "Anyone with foreign documents to use in Viet Nam.",
                "Toute personne ayant des documents vietnamiens à utiliser à l'étranger."
                if not foreign
                else "Toute personne ayant des documents étrangers à utiliser au Viet Nam.",
            ),
            "legal_basis": [D111, D196, TT01, TT264],
            "result": t(
                "Giấy tờ, tài liệu được dán tem chứng nhận lãnh sự/hợp pháp hóa lãnh sự.",
                "The documents, each with a certification or legalisation stamp.",
                "Les documents, chacun revêtu d'un timbre de certification ou de légalisation.",
            ),
            "form_schema": form(request, components),
            "result_template": "legalisation",
            "source_url": SOURCE,
            "unconfirmed": unconfirmed,
        },
    }
