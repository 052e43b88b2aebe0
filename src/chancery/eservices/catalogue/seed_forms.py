"""Building blocks of the seeded forms and components (see ``seed_data``).

Every seeded form opens with the applicant's identity and contact details, continues with the
procedure's own questions, and ends with one file field per dossier component, so that each
component has its slot.
"""

from __future__ import annotations

from typing import Any

T = dict[str, str]


def t(vi: str, en: str, fr: str = "") -> T:
    """A text in the three languages (French falls back to English when not given)."""
    return {"vi": vi, "en": en, "fr": fr or en}


def field(name: str, kind: str, label: T, *, required: bool = True, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "label": label, "required": required, **extra}


def option(value: str, label: T) -> dict[str, Any]:
    return {"value": value, "label": label}


def component(
    code: str,
    name: T,
    kind: str,
    *,
    count: int = 1,
    required: bool = True,
    max_files: int = 3,
) -> dict[str, Any]:
    return {
        "code": code,
        "name_vi": name["vi"],
        "name_en": name["en"],
        "name_fr": name["fr"],
        "kind": kind,
        "count": count,
        "required": required,
        "max_files": max_files,
    }


APPLICANT = {
    "id": "applicant",
    "title": t("Người đề nghị", "Applicant", "Demandeur"),
    "fields": [
        field("full_name", "text", t("Họ và tên", "Full name", "Nom complet"), max_length=200),
        field("date_of_birth", "date", t("Ngày sinh", "Date of birth", "Date de naissance")),
        field(
            "id_number",
            "text",
            t(
                "Số hộ chiếu hoặc căn cước",
                "Passport or identity card number",
                "Numéro de passeport ou de carte d'identité",
            ),
            max_length=20,
            pattern=r"^[A-Za-z0-9]{6,20}$",
            help=t(
                "Chỉ gồm chữ và số, không có dấu cách.",
                "Letters and digits only, no spaces.",
                "Lettres et chiffres uniquement, sans espaces.",
            ),
        ),
        field("email", "email", t("Thư điện tử", "E-mail", "Courriel"), max_length=254),
        field(
            "phone",
            "tel",
            t("Số điện thoại", "Telephone", "Téléphone"),
            max_length=20,
            pattern=r"^\+?[0-9 ]{6,20}$",
        ),
        field(
            "address",
            "textarea",
            t("Địa chỉ liên hệ", "Contact address", "Adresse de contact"),
            max_length=500,
        ),
    ],
}


def delivery(post: bool = True) -> dict[str, Any]:
    choices = [
        option("counter", t("Nhận tại nơi nộp", "Collect where I applied", "Retrait sur place"))
    ]
    if post:
        choices.append(option("post", t("Gửi qua bưu điện", "Send by post", "Envoi postal")))
    return {
        "id": "delivery",
        "title": t("Nhận kết quả", "Receiving the result", "Réception du résultat"),
        "fields": [
            field(
                "delivery",
                "radio",
                t("Cách nhận kết quả", "How to receive the result", "Mode de réception"),
                options=choices,
            ),
            field(
                "postal_address",
                "textarea",
                t("Địa chỉ nhận kết quả", "Postal address for the result", "Adresse postale"),
                max_length=500,
                show_if={"field": "delivery", "equals": "post"},
            ),
        ],
    }


def files(components: list[dict[str, Any]]) -> dict[str, Any]:
    """A section with one file slot per dossier component."""
    return {
        "id": "files",
        "title": t("Thành phần hồ sơ", "Documents", "Pièces du dossier"),
        "fields": [
            field(
                f"file_{c['code']}",
                "file",
                t(c["name_vi"], c["name_en"], c["name_fr"]),
                required=bool(c["required"]),
                component=c["code"],
            )
            for c in components
        ],
    }


def form(
    request: dict[str, Any], components: list[dict[str, Any]], *, post: bool = True
) -> dict[str, Any]:
    return {"sections": [APPLICANT, request, delivery(post), files(components)]}


def section(section_id: str, title: T, fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": section_id, "title": title, "fields": fields}


COUNTRY = field(
    "country_of_use",
    "text",
    t("Nước sử dụng giấy tờ", "Country where the documents will be used", "Pays d'utilisation"),
    max_length=100,
)
DOCUMENT_COUNT = field(
    "document_count",
    "number",
    t("Số giấy tờ", "Number of documents", "Nombre de documents"),
    help=t(
        "Từ 10 giấy tờ trở lên, thời hạn có thể kéo dài đến 5 ngày làm việc.",
        "From 10 documents on, the time limit may extend to 5 working days.",
        "À partir de 10 documents, le délai peut aller jusqu'à 5 jours ouvrables.",
    ),
)
PURPOSE = field(
    "purpose",
    "select",
    t("Mục đích sử dụng", "Purpose", "Objet"),
    options=[
        option("study", t("Học tập", "Study", "Études")),
        option("work", t("Lao động, làm việc", "Work", "Travail")),
        option(
            "marriage", t("Kết hôn, hộ tịch", "Marriage or civil status", "Mariage, état civil")
        ),
        option("business", t("Kinh doanh, đầu tư", "Business or investment", "Affaires")),
        option("other", t("Khác", "Other", "Autre")),
    ],
)
OTHER_PURPOSE = field(
    "other_purpose",
    "text",
    t("Mục đích khác", "Other purpose", "Autre objet"),
    max_length=200,
    show_if={"field": "purpose", "equals": "other"},
)
