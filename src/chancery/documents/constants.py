"""Vocabularies of official documents: directions, urgency, statuses, the 29 document types of
the rules on clerical work (Decree 30/2020/ND-CP, appendix III), and the API scopes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Role, register_scope

# Ministry code used in numbers/symbols (``125/BNG-LS``); the setting
# CHANCERY_DOCUMENTS_MINISTRY_CODE overrides it.
MINISTRY_CODE = "BNG"


class Direction(models.TextChoices):
    INCOMING = "in", _("Incoming")
    OUTGOING = "out", _("Outgoing")


class Urgency(models.IntegerChoices):
    """Urgency (độ khẩn), lowest to highest."""

    NORMAL = 0, _("Normal")
    URGENT = 1, _("Urgent (Khẩn)")
    VERY_URGENT = 2, _("Very urgent (Thượng khẩn)")
    FLASH = 3, _("Flash (Hỏa tốc)")


# Handling time in working days from registration by urgency, unless a leader sets another
# deadline (0: the same working day). Settings: CHANCERY_DOCUMENTS_DEADLINES.
DEFAULT_DEADLINE_DAYS: dict[int, int] = {
    Urgency.NORMAL: 10,
    Urgency.URGENT: 3,
    Urgency.VERY_URGENT: 1,
    Urgency.FLASH: 0,
}


class Status(models.TextChoices):
    # Incoming
    RECEIVED = "received", _("Received, to register")
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("Being handled")
    COMPLETED = "completed", _("Completed")
    RETURNED = "returned", _("Returned to sender")
    # Outgoing
    DRAFTING = "drafting", _("Drafting")
    IN_REVIEW = "in_review", _("In approval")
    APPROVED = "approved", _("Approved, to issue")
    ISSUED = "issued", _("Issued")
    # Both
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_INCOMING = (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS)


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    COORDINATE = "coordinate", _("Coordinating")
    INFORMATION = "information", _("For information")


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("To handle")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActivityKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    PROGRESS = "progress", _("Progress report")
    OPINION_REQUEST = "opinion_request", _("Request for opinion")
    OPINION = "opinion", _("Opinion")
    RESULT = "result", _("Result")
    SYSTEM = "system", _("Event")


class FileRole(models.TextChoices):
    MAIN = "main", _("Main document")
    ATTACHMENT = "attachment", _("Attachment")
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued (signed)")
    RESULT = "result", _("Result")


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for text extraction")
    RUNNING = "running", _("Extracting text")
    DONE = "done", _("Text extracted")
    FAILED = "failed", _("Text extraction failed")
    NOT_APPLICABLE = "n/a", _("No text to extract")


class ApprovalStage(models.TextChoices):
    DRAFTER = "drafter", _("Drafter")
    UNIT_HEAD = "unit_head", _("Unit head")
    LEADER = "leader", _("Ministry leader")


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Sent back")


class RecipientKind(models.TextChoices):
    UNIT = "unit", _("Unit or mission")
    AGENCY = "agency", _("Other agency")
    PRINT = "print", _("Printed copy")


class DispatchStatus(models.TextChoices):
    PENDING = "pending", _("To send")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class CopyAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Downloaded")
    PRINT = "print", _("Printed")
    EXPORT = "export", _("Exported")
    FORWARD = "forward", _("Forwarded")


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RECORD = "record", _("Declared a record")
    PENDING_DISPOSITION = "pending_disposition", _("Due for disposition")
    TRANSFERRED = "transferred", _("Transferred to the archives")
    DESTROYED = "destroyed", _("Destroyed")


class DeclassificationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class EdxmlMessageType(models.TextChoices):
    """Message types of the national document-exchange envelope (QCVN 102:2016)."""

    NEW = "new", _("New document")
    REPLACEMENT = "replacement", _("Replacement")
    REVOCATION = "revocation", _("Revocation")
    UPDATE = "update", _("Update")


class EdxmlStatus(models.TextChoices):
    """Processing statuses exchanged about a document (QCVN 102:2016 status messages)."""

    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    PROCESSING = "processing", _("Processing")
    DONE = "done", _("Done")


@dataclass(frozen=True)
class DocumentTypeSeed:
    """One administrative document type: its code, abbreviation in numbers/symbols, names."""

    code: str
    abbreviation: str
    name_vi: str
    name_en: str
    name_fr: str


# The 29 types of administrative documents (Decree 30/2020/ND-CP, art. 7 and appendix III), in
# the decree's order. Công văn and Thư công have no abbreviation: their symbol is made of the
# issuing organisation and the drafting unit (``125/BNG-LS``).
DOCUMENT_TYPES: tuple[DocumentTypeSeed, ...] = (
    DocumentTypeSeed("nghi-quyet", "NQ", "Nghị quyết", "Resolution", "Résolution"),
    DocumentTypeSeed("quyet-dinh", "QĐ", "Quyết định", "Decision", "Décision"),
    DocumentTypeSeed("chi-thi", "CT", "Chỉ thị", "Directive", "Directive"),
    DocumentTypeSeed("quy-che", "QC", "Quy chế", "Regulation", "Règlement"),
    DocumentTypeSeed("quy-dinh", "QYĐ", "Quy định", "Rules", "Règles"),
    DocumentTypeSeed("thong-cao", "TC", "Thông cáo", "Communiqué", "Communiqué"),
    DocumentTypeSeed("thong-bao", "TB", "Thông báo", "Notice", "Avis"),
    DocumentTypeSeed("huong-dan", "HD", "Hướng dẫn", "Guidance", "Instructions"),
    DocumentTypeSeed("chuong-trinh", "CTr", "Chương trình", "Programme", "Programme"),
    DocumentTypeSeed("ke-hoach", "KH", "Kế hoạch", "Plan", "Plan"),
    DocumentTypeSeed("phuong-an", "PA", "Phương án", "Scheme", "Projet de mise en œuvre"),
    DocumentTypeSeed("de-an", "ĐA", "Đề án", "Proposal", "Projet"),
    DocumentTypeSeed("du-an", "DA", "Dự án", "Project", "Projet d'investissement"),
    DocumentTypeSeed("bao-cao", "BC", "Báo cáo", "Report", "Rapport"),
    DocumentTypeSeed("bien-ban", "BB", "Biên bản", "Minutes", "Procès-verbal"),
    DocumentTypeSeed("to-trinh", "TTr", "Tờ trình", "Submission", "Note de présentation"),
    DocumentTypeSeed("hop-dong", "HĐ", "Hợp đồng", "Contract", "Contrat"),
    DocumentTypeSeed("cong-van", "", "Công văn", "Official letter", "Lettre officielle"),
    DocumentTypeSeed("cong-dien", "CĐ", "Công điện", "Official telegram", "Télégramme officiel"),
    DocumentTypeSeed(
        "ban-ghi-nho", "BGN", "Bản ghi nhớ", "Memorandum of understanding", "Mémorandum d'entente"
    ),
    DocumentTypeSeed("ban-thoa-thuan", "BTT", "Bản thỏa thuận", "Agreement", "Accord"),
    DocumentTypeSeed("giay-uy-quyen", "GUQ", "Giấy ủy quyền", "Power of attorney", "Procuration"),
    DocumentTypeSeed("giay-moi", "GM", "Giấy mời", "Invitation", "Invitation"),
    DocumentTypeSeed(
        "giay-gioi-thieu",
        "GGT",
        "Giấy giới thiệu",
        "Letter of introduction",
        "Lettre d'introduction",
    ),
    DocumentTypeSeed(
        "giay-nghi-phep", "GNP", "Giấy nghỉ phép", "Leave permit", "Autorisation de congé"
    ),
    DocumentTypeSeed("phieu-gui", "PG", "Phiếu gửi", "Dispatch slip", "Bordereau d'envoi"),
    DocumentTypeSeed(
        "phieu-chuyen", "PC", "Phiếu chuyển", "Transfer slip", "Bordereau de transmission"
    ),
    DocumentTypeSeed("phieu-bao", "PB", "Phiếu báo", "Notification slip", "Bordereau d'avis"),
    DocumentTypeSeed(
        "thu-cong", "", "Thư công", "Official correspondence", "Correspondance officielle"
    ),
)

# Number/symbol patterns. ``{number}`` is zero-padded to two digits (numbering restarts at 01
# every 1 January); ``{type}`` the type's abbreviation, ``{ministry}`` the ministry's code,
# ``{unit}`` the drafting unit's abbreviation.
PATTERN_WITH_TYPE = "{number}/{type}-{ministry}"
PATTERN_WITHOUT_TYPE = "{number}/{ministry}-{unit}"


class DocumentsRole:
    """Who does what (core roles; ARCHIVIST added by this app's needs to core)."""

    CLERK = Role.CLERK
    SPECIALIST = Role.SPECIALIST
    UNIT_HEAD = Role.UNIT_HEAD
    LEADER = Role.LEADER
    ARCHIVIST = Role.ARCHIVIST


SCOPE_READ = register_scope("read:documents", _("Read official documents you may see"))
SCOPE_WRITE = register_scope(
    "write:documents", _("Register, handle, draft and approve official documents")
)
SCOPE_RECORDS = register_scope(
    "write:records",
    _("Manage records: file plan, disposition, transfer, declassification"),
    roles=(Role.ARCHIVIST, Role.ADMIN),
)
