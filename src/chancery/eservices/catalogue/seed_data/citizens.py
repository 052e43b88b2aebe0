"""Procedures for citizens abroad: passports, civil status, nationality."""

from __future__ import annotations

from typing import Any

from chancery.eservices.catalogue.seed_data.common import (
    CIVIL_LAW,
    EXIT_LAW,
    NATIONALITY_LAW,
    PASSPORT_COPY,
    PHOTO,
    SEX,
    STANDARD_STEPS,
    TT264,
    simple_procedure,
)
from chancery.eservices.catalogue.seed_forms import component, field, option, t


def passport() -> dict[str, Any]:
    parts = [
        component(
            "declaration",
            t(
                "Tờ khai đề nghị cấp hộ chiếu phổ thông (mẫu TK01a)",
                "Passport application form (model TK01a)",
                "Formulaire de demande de passeport",
            ),
            "form",
            max_files=1,
        ),
        PHOTO,
        component(
            "old_passport",
            t(
                "Hộ chiếu cũ (nếu có)",
                "Previous passport, if any",
                "Ancien passeport, le cas échéant",
            ),
            "original",
            required=False,
            max_files=2,
        ),
        component(
            "nationality_proof",
            t(
                "Giấy tờ chứng minh quốc tịch Việt Nam",
                "Proof of Vietnamese nationality",
                "Preuve de la nationalité vietnamienne",
            ),
            "original_or_certified",
            required=False,
            max_files=3,
        ),
    ]
    request = [
        SEX,
        field(
            "place_of_birth",
            "text",
            t("Nơi sinh", "Place of birth", "Lieu de naissance"),
            max_length=200,
        ),
        field(
            "reason",
            "select",
            t("Lý do đề nghị", "Reason", "Motif"),
            options=[
                option("first", t("Cấp lần đầu", "First passport", "Premier passeport")),
                option("expired", t("Hết hạn", "Expired passport", "Passeport expiré")),
                option("lost", t("Bị mất", "Lost passport", "Passeport perdu")),
                option("damaged", t("Bị hỏng", "Damaged passport", "Passeport endommagé")),
            ],
        ),
        field(
            "lost_report",
            "textarea",
            t("Hoàn cảnh bị mất", "How the passport was lost", "Circonstances de la perte"),
            max_length=1000,
            show_if={"field": "reason", "equals": "lost"},
        ),
    ]
    return simple_procedure(
        "1.013401",
        "cap-ho-chieu-pho-thong-o-nuoc-ngoai",
        "exit-entry",
        "HC",
        t(
            "Cấp hộ chiếu phổ thông ở nước ngoài",
            "Ordinary passport for citizens abroad",
            "Passeport ordinaire pour les ressortissants à l'étranger",
        ),
        parts,
        request,
        days=5,
        fee=70,
        legal=[EXIT_LAW, TT264],
        result=t("Hộ chiếu phổ thông.", "An ordinary passport.", "Un passeport ordinaire."),
        eligibility=t(
            "Công dân Việt Nam đang ở nước ngoài.",
            "Vietnamese citizens abroad.",
            "Ressortissants vietnamiens à l'étranger.",
        ),
        step_list=STANDARD_STEPS,
        unconfirmed=["fees", "time_limits", "level"],
    )


def civil_status(kind: str) -> dict[str, Any]:
    specs = {
        "birth": (
            "1.013402",
            "dang-ky-khai-sinh-tai-co-quan-dai-dien",
            "KS",
            t(
                "Đăng ký khai sinh tại cơ quan đại diện",
                "Birth registration at a mission",
                "Déclaration de naissance dans une mission",
            ),
            component(
                "birth_proof",
                t(
                    "Giấy chứng sinh hoặc giấy tờ thay thế",
                    "Medical birth certificate or equivalent",
                    "Certificat médical de naissance ou équivalent",
                ),
                "original",
            ),
            [
                field(
                    "child_name",
                    "text",
                    t("Họ tên trẻ", "Child's full name", "Nom de l'enfant"),
                    max_length=200,
                ),
                field(
                    "child_birth_date",
                    "date",
                    t(
                        "Ngày sinh của trẻ",
                        "Child's date of birth",
                        "Date de naissance de l'enfant",
                    ),
                ),
                SEX,
                field(
                    "place_of_birth",
                    "text",
                    t("Nơi sinh", "Place of birth", "Lieu de naissance"),
                    max_length=200,
                ),
            ],
            t(
                "Giấy khai sinh (bản chính) và trích lục.",
                "A birth certificate.",
                "Un acte de naissance.",
            ),
            1,
        ),
        "marriage": (
            "1.013403",
            "dang-ky-ket-hon-tai-co-quan-dai-dien",
            "KH",
            t(
                "Đăng ký kết hôn tại cơ quan đại diện",
                "Marriage registration at a mission",
                "Enregistrement du mariage dans une mission",
            ),
            component(
                "single_status",
                t(
                    "Giấy xác nhận tình trạng hôn nhân của hai bên",
                    "Proof of single status of both partners",
                    "Certificat de célibat des deux conjoints",
                ),
                "original",
                count=2,
            ),
            [
                field(
                    "partner_name",
                    "text",
                    t("Họ tên người kia", "Partner's full name", "Nom du conjoint"),
                    max_length=200,
                ),
                field(
                    "partner_nationality",
                    "text",
                    t("Quốc tịch người kia", "Partner's nationality", "Nationalité du conjoint"),
                    max_length=100,
                ),
                field(
                    "partner_birth_date",
                    "date",
                    t(
                        "Ngày sinh người kia",
                        "Partner's date of birth",
                        "Date de naissance du conjoint",
                    ),
                ),
            ],
            t("Giấy chứng nhận kết hôn.", "A marriage certificate.", "Un certificat de mariage."),
            5,
        ),
        "death": (
            "1.013404",
            "dang-ky-khai-tu-tai-co-quan-dai-dien",
            "KT",
            t(
                "Đăng ký khai tử tại cơ quan đại diện",
                "Death registration at a mission",
                "Déclaration de décès dans une mission",
            ),
            component(
                "death_proof",
                t(
                    "Giấy báo tử hoặc giấy tờ thay thế",
                    "Medical death notice or equivalent",
                    "Certificat médical de décès ou équivalent",
                ),
                "original",
            ),
            [
                field(
                    "deceased_name",
                    "text",
                    t("Họ tên người chết", "Full name of the deceased", "Nom du défunt"),
                    max_length=200,
                ),
                field("date_of_death", "date", t("Ngày chết", "Date of death", "Date du décès")),
                field(
                    "relationship",
                    "text",
                    t(
                        "Quan hệ với người chết",
                        "Your relationship to the deceased",
                        "Lien avec le défunt",
                    ),
                    max_length=100,
                ),
            ],
            t("Trích lục khai tử.", "A death certificate extract.", "Un extrait d'acte de décès."),
            1,
        ),
    }
    code, slug, short, name, proof, request, result, days = specs[kind]
    parts = [
        component(
            "declaration",
            t("Tờ khai theo mẫu", "Declaration form", "Formulaire"),
            "form",
            max_files=1,
        ),
        PASSPORT_COPY,
        proof,
    ]
    return simple_procedure(
        code,
        slug,
        "civil-status",
        short,
        name,
        parts,
        request,
        days=days,
        fee=5,
        legal=[CIVIL_LAW, TT264],
        result=result,
        eligibility=t(
            "Công dân Việt Nam cư trú ở nước ngoài và người thân.",
            "Vietnamese citizens living abroad and their relatives.",
            "Ressortissants vietnamiens à l'étranger et leurs proches.",
        ),
        step_list=STANDARD_STEPS,
        unconfirmed=["fees", "time_limits", "level"],
        template=f"civil-{kind}",
    )


def nationality(kind: str) -> dict[str, Any]:
    specs = {
        "renunciation": (
            "1.013405",
            "thoi-quoc-tich-viet-nam-o-nuoc-ngoai",
            "TQT",
            t(
                "Thôi quốc tịch Việt Nam ở nước ngoài",
                "Renunciation of Vietnamese nationality abroad",
                "Renonciation à la nationalité vietnamienne à l'étranger",
            ),
            t(
                "Quyết định cho thôi quốc tịch Việt Nam của Chủ tịch nước.",
                "The President's decision allowing the renunciation.",
                "La décision du Président autorisant la renonciation.",
            ),
            65,
            100,
        ),
        "restoration": (
            "1.013406",
            "tro-lai-quoc-tich-viet-nam-o-nuoc-ngoai",
            "TLQT",
            t(
                "Trở lại quốc tịch Việt Nam ở nước ngoài",
                "Restoration of Vietnamese nationality abroad",
                "Réintégration dans la nationalité vietnamienne à l'étranger",
            ),
            t(
                "Quyết định cho trở lại quốc tịch Việt Nam của Chủ tịch nước.",
                "The President's decision restoring nationality.",
                "La décision du Président de réintégration.",
            ),
            65,
            100,
        ),
        "confirmation": (
            "1.013407",
            "xac-nhan-co-quoc-tich-viet-nam",
            "XNQT",
            t(
                "Xác nhận có quốc tịch Việt Nam ở nước ngoài",
                "Confirmation of Vietnamese nationality abroad",
                "Attestation de nationalité vietnamienne à l'étranger",
            ),
            t(
                "Giấy xác nhận có quốc tịch Việt Nam.",
                "A certificate of Vietnamese nationality.",
                "Une attestation de nationalité vietnamienne.",
            ),
            10,
            20,
        ),
    }
    code, slug, short, name, result, days, fee = specs[kind]
    parts = [
        component(
            "application",
            t("Đơn theo mẫu", "Application form", "Formulaire de demande"),
            "form",
            max_files=1,
        ),
        PASSPORT_COPY,
        component(
            "nationality_proof",
            t("Giấy tờ chứng minh quốc tịch", "Proof of nationality", "Preuve de nationalité"),
            "certified_copy",
            max_files=5,
        ),
    ]
    if kind != "confirmation":
        parts.append(PHOTO)
    request = [
        field(
            "current_nationality",
            "text",
            t("Quốc tịch hiện nay", "Current nationality", "Nationalité actuelle"),
            max_length=100,
            required=kind != "confirmation",
        ),
        field("reason", "textarea", t("Lý do", "Reason", "Motif"), max_length=2000),
    ]
    return simple_procedure(
        code,
        slug,
        "nationality",
        short,
        name,
        parts,
        request,
        days=days,
        fee=fee,
        legal=[NATIONALITY_LAW, TT264],
        result=result,
        eligibility=t(
            "Người đề nghị cư trú ở nước ngoài.",
            "Applicants living abroad.",
            "Demandeurs résidant à l'étranger.",
        ),
        step_list=STANDARD_STEPS,
        unconfirmed=["fees", "time_limits", "level"],
        post=False,
    )
