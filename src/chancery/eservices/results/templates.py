"""Result documents as data: what each kind of result says, composed from the dossier.

Kinds (``ProcedureVersion.result_template``):
- ``legalisation`` / ``certification``: the consular legalisation (or certification) page of
  Decree 111/2011/NĐ-CP: certificate number, the document certified (type, number, issuing
  authority, date, from the dossier's answers), the signer's name and title, the unit, the date
  and the statement of the decree;
- ``decision``: a generic approval letter;
- ``refusal``: a reasoned rejection letter.

Languages: Vietnamese first, always (it is the official text), followed on every label and
statement by the language the dossier was filed in (``Dossier.language``) when it is English or
French; a Vietnamese applicant's
legalisation page also carries English, because the legalised paper is shown to foreign
authorities, while Vietnamese-only letters stay Vietnamese-only. The texts are fixed legal
wording kept here per language (like the catalogue's ``name_vi``/``name_en``) rather than in
the gettext catalogues: a translator of the interface must not change what a certificate says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chancery.eservices.models import Dossier

KINDS = ("legalisation", "certification", "decision", "refusal")
DEFAULT_KIND = "decision"

T: dict[str, dict[str, str]] = {
    "nation": {
        "vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "en": "SOCIALIST REPUBLIC OF VIET NAM",
        "fr": "RÉPUBLIQUE SOCIALISTE DU VIET NAM",
    },
    "motto": {
        "vi": "Độc lập - Tự do - Hạnh phúc",
        "en": "Independence - Freedom - Happiness",
        "fr": "Indépendance - Liberté - Bonheur",
    },
    "ministry": {
        "vi": "BỘ NGOẠI GIAO",
        "en": "MINISTRY OF FOREIGN AFFAIRS",
        "fr": "MINISTÈRE DES AFFAIRES ÉTRANGÈRES",
    },
    "legalisation": {
        "vi": "HỢP PHÁP HÓA LÃNH SỰ",
        "en": "CONSULAR LEGALISATION",
        "fr": "LÉGALISATION CONSULAIRE",
    },
    "certification": {
        "vi": "CHỨNG NHẬN LÃNH SỰ",
        "en": "CONSULAR CERTIFICATION",
        "fr": "CERTIFICATION CONSULAIRE",
    },
    "decision": {
        "vi": "THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
        "en": "DECISION ON YOUR APPLICATION",
        "fr": "DÉCISION SUR VOTRE DEMANDE",
    },
    "refusal": {
        "vi": "THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ",
        "en": "REFUSAL OF YOUR APPLICATION",
        "fr": "REFUS DE VOTRE DEMANDE",
    },
    "number": {"vi": "Số", "en": "No.", "fr": "N°"},
    "dossier": {"vi": "Mã hồ sơ", "en": "Dossier code", "fr": "Code du dossier"},
    "procedure": {"vi": "Thủ tục", "en": "Procedure", "fr": "Procédure"},
    "document_type": {"vi": "Giấy tờ", "en": "Document", "fr": "Document"},
    "document_number": {"vi": "Số giấy tờ", "en": "Document number", "fr": "Numéro du document"},
    "issuing_authority": {"vi": "Cơ quan cấp", "en": "Issued by", "fr": "Délivré par"},
    "document_date": {"vi": "Ngày cấp", "en": "Date of issue", "fr": "Date de délivrance"},
    "document_signer": {
        "vi": "Người ký giấy tờ",
        "en": "Signed on the document by",
        "fr": "Signé sur le document par",
    },
    "applicant": {"vi": "Người yêu cầu", "en": "Applicant", "fr": "Demandeur"},
    "reason": {"vi": "Lý do", "en": "Reason", "fr": "Motif"},
    "signer": {"vi": "Người ký", "en": "Signed by", "fr": "Signé par"},
    "date": {"vi": "Ngày", "en": "Date", "fr": "Date"},
    "verify": {
        "vi": "Tra cứu tại",
        "en": "Check at",
        "fr": "Vérifier sur",
    },
    "legalisation.statement": {
        "vi": "Căn cứ Nghị định số 111/2011/NĐ-CP ngày 05/12/2011 của Chính phủ về chứng nhận "
        "lãnh sự, hợp pháp hóa lãnh sự (được sửa đổi, bổ sung bởi Nghị định số 196/2025/NĐ-CP), "
        "{unit} hợp pháp hóa con dấu, chữ ký và chức danh trên giấy tờ nêu trên. Việc hợp pháp "
        "hóa lãnh sự không bao hàm chứng nhận về nội dung và hình thức của giấy tờ.",
        "en": "Under Decree No. 111/2011/ND-CP of 5 December 2011 on consular certification and "
        "legalisation (as amended by Decree No. 196/2025/ND-CP), {unit} legalises the seal, "
        "signature and title on the document above. Legalisation does not certify the content "
        "or the form of the document.",
        "fr": "En vertu du décret n° 111/2011/ND-CP du 5 décembre 2011 relatif à la "
        "certification et à la légalisation consulaires (modifié par le décret n° "
        "196/2025/ND-CP), {unit} légalise le sceau, la signature et la qualité du signataire "
        "du document ci-dessus. La légalisation ne certifie ni le contenu ni la forme du "
        "document.",
    },
    "certification.statement": {
        "vi": "Căn cứ Nghị định số 111/2011/NĐ-CP ngày 05/12/2011 của Chính phủ về chứng nhận "
        "lãnh sự, hợp pháp hóa lãnh sự (được sửa đổi, bổ sung bởi Nghị định số 196/2025/NĐ-CP), "
        "{unit} chứng nhận con dấu, chữ ký và chức danh trên giấy tờ nêu trên. Việc chứng nhận "
        "lãnh sự không bao hàm chứng nhận về nội dung và hình thức của giấy tờ.",
        "en": "Under Decree No. 111/2011/ND-CP of 5 December 2011 on consular certification and "
        "legalisation (as amended by Decree No. 196/2025/ND-CP), {unit} certifies the seal, "
        "signature and title on the document above. Certification does not certify the content "
        "or the form of the document.",
        "fr": "En vertu du décret n° 111/2011/ND-CP du 5 décembre 2011 relatif à la "
        "certification et à la légalisation consulaires (modifié par le décret n° "
        "196/2025/ND-CP), {unit} certifie le sceau, la signature et la qualité du signataire "
        "du document ci-dessus. La certification ne porte ni sur le contenu ni sur la forme du "
        "document.",
    },
    "decision.statement": {
        "vi": "{unit} đã xem xét hồ sơ {code} về thủ tục «{procedure}» và chấp thuận yêu cầu "
        "của {applicant}. Văn bản này được ký số; có thể kiểm tra chữ ký bằng mã xác thực in "
        "trên văn bản.",
        "en": "{unit} has examined dossier {code} for the procedure “{procedure}” and approves "
        "the request of {applicant}. This letter is digitally signed; its signature can be "
        "checked with the verification code printed on it.",
        "fr": "{unit} a examiné le dossier {code} relatif à la procédure « {procedure} » et "
        "approuve la demande de {applicant}. Cette lettre est signée électroniquement ; sa "
        "signature peut être vérifiée avec le code imprimé sur la lettre.",
    },
    "refusal.statement": {
        "vi": "{unit} đã xem xét hồ sơ {code} về thủ tục «{procedure}» của {applicant} và không "
        "thể giải quyết yêu cầu vì lý do nêu dưới đây. Người yêu cầu có quyền khiếu nại theo "
        "quy định của pháp luật.",
        "en": "{unit} has examined dossier {code} for the procedure “{procedure}” submitted by "
        "{applicant} and cannot grant the request for the reason below. The applicant may "
        "complain or appeal as the law provides.",
        "fr": "{unit} a examiné le dossier {code} relatif à la procédure « {procedure} » déposé "
        "par {applicant} et ne peut accorder la demande pour le motif ci-dessous. Le demandeur "
        "peut former un recours dans les conditions prévues par la loi.",
    },
}

# Where each detail of the certified document is found in the dossier's answers: the version
# may name its own keys in ``result["answers"]`` (``{"document_type": "paper_kind"}``).
ANSWER_KEYS: dict[str, tuple[str, ...]] = {
    "document_type": ("document_type", "document_kind", "paper_type"),
    "document_number": ("document_number", "paper_number"),
    "issuing_authority": ("issuing_authority", "document_issuer", "issued_by", "authority"),
    "document_date": ("document_date", "issued_on", "date_of_issue"),
    "document_signer": ("document_signer", "signed_by_on_document"),
}


@dataclass
class Row:
    key: str
    value: str


@dataclass
class ResultSheet:
    """Everything printed on a result document; the PDF reads no rows."""

    kind: str
    languages: tuple[str, ...]
    number: str
    unit_name: str
    issued_on: dt.date
    signer_name: str
    signer_title: str
    statement: dict[str, str]
    rows: list[Row] = field(default_factory=list)
    reason: str = ""
    register_url: str = ""

    def text(self, key: str) -> list[str]:
        """The fixed text ``key`` in each language of the sheet."""
        return [T[key][language] for language in self.languages]


def languages_for(kind: str, applicant_language: str) -> tuple[str, ...]:
    """Vietnamese, then the applicant's language (see the module docstring)."""
    second = applicant_language[:2] if applicant_language[:2] in ("en", "fr") else ""
    if not second and kind in ("legalisation", "certification"):
        second = "en"
    return ("vi", second) if second else ("vi",)


def _answer(dossier: Dossier, name: str) -> str:
    mapping: dict[str, Any] = (dossier.version.result or {}).get("answers", {})
    keys = (mapping[name],) if name in mapping else ANSWER_KEYS[name]
    for key in keys:
        value = (dossier.form_data or {}).get(key)
        if value not in (None, "", [], {}):
            return str(value)
    return ""


def certified_document(dossier: Dossier) -> dict[str, str]:
    """The certified document's details from the answers (type, number, authority, date...)."""
    return {name: _answer(dossier, name) for name in ANSWER_KEYS}


def _named(obj: Any, language: str) -> str:
    return str(getattr(obj, f"name_{language}", "") or getattr(obj, "name_vi", "") or obj)


def kind_of(dossier: Dossier) -> str:
    kind = dossier.version.result_template
    return kind if kind in KINDS and kind != "refusal" else DEFAULT_KIND


def compose(
    dossier: Dossier,
    *,
    kind: str,
    number: str,
    signer_name: str,
    signer_title: str,
    issued_on: dt.date,
    register_url: str = "",
    reason: str = "",
) -> ResultSheet:
    """The sheet of ``dossier``'s result of ``kind`` (see ``KINDS``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown result template {kind!r}")
    languages = languages_for(kind, dossier.language or dossier.applicant.language)
    procedure = dossier.version.procedure
    applicant = dossier.applicant.organisation or dossier.applicant.full_name
    unit = dossier.unit
    statement = {
        language: T[f"{kind}.statement"][language].format(
            unit=_named(unit, language),
            code=dossier.code,
            procedure=_named(procedure, language),
            applicant=applicant,
        )
        for language in languages
    }
    rows = [Row("number", number)]
    if kind in ("legalisation", "certification"):
        details = certified_document(dossier)
        if not details["document_type"]:
            details["document_type"] = procedure.name_vi
        rows += [Row(name, value) for name, value in details.items() if value]
    else:
        rows += [
            Row("dossier", dossier.code),
            Row("procedure", procedure.name_vi),
            Row("applicant", applicant),
        ]
    return ResultSheet(
        kind=kind,
        languages=languages,
        number=number,
        unit_name=_named(unit, "vi"),
        issued_on=issued_on,
        signer_name=signer_name,
        signer_title=signer_title,
        statement=statement,
        rows=rows,
        reason=reason,
        register_url=register_url,
    )
