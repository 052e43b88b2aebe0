"""A default file plan with retention periods, to start from.

ILLUSTRATIVE ONLY: this is a plausible schedule modelled on the general retention periods of
Vietnamese clerical and archival rules (permanent for treaties, legal and policy documents;
fixed terms for routine work). It is NOT the ministry's official retention schedule, which
the ministry's archives service must approve and load in its place (admin site, or edit
``DEFAULT_FILE_PLAN`` and run ``chancery archive seed-file-plan``).
"""

from __future__ import annotations

from django.db import transaction

from chancery.documents.models import FilePlanCategory

# (code, parent code, Vietnamese, English, French, retention years or None for permanent)
DEFAULT_FILE_PLAN: tuple[tuple[str, str | None, str, str, str, int | None], ...] = (
    (
        "01",
        None,
        "Điều ước, chính sách và pháp luật",
        "Treaties, policy and law",
        "Traités, politique et droit",
        None,
    ),
    (
        "01.01",
        "01",
        "Điều ước quốc tế, thỏa thuận quốc tế",
        "Treaties and international agreements",
        "Traités et accords internationaux",
        None,
    ),
    (
        "01.02",
        "01",
        "Văn bản quy phạm pháp luật, chính sách của Bộ",
        "Legal and policy instruments",
        "Textes normatifs et politiques du ministère",
        None,
    ),
    (
        "01.03",
        "01",
        "Chiến lược, quy hoạch, kế hoạch dài hạn",
        "Strategies and long-term plans",
        "Stratégies et plans à long terme",
        None,
    ),
    (
        "02",
        None,
        "Quan hệ song phương và đa phương",
        "Bilateral and multilateral relations",
        "Relations bilatérales et multilatérales",
        None,
    ),
    ("02.01", "02", "Hồ sơ đoàn cấp cao", "High-level visits", "Visites de haut niveau", None),
    (
        "02.02",
        "02",
        "Công hàm, thư từ với cơ quan đại diện nước ngoài",
        "Notes and correspondence with foreign missions",
        "Notes et correspondance avec les missions étrangères",
        20,
    ),
    (
        "02.03",
        "02",
        "Báo cáo năm của cơ quan đại diện",
        "Annual reports of missions",
        "Rapports annuels des missions",
        None,
    ),
    (
        "02.04",
        "02",
        "Báo cáo định kỳ, tháng, quý",
        "Periodic, monthly and quarterly reports",
        "Rapports périodiques, mensuels et trimestriels",
        10,
    ),
    ("03", None, "Lãnh sự", "Consular affairs", "Affaires consulaires", None),
    ("03.01", "03", "Chính sách lãnh sự", "Consular policy", "Politique consulaire", None),
    ("03.02", "03", "Bảo hộ công dân", "Protection of citizens", "Protection des citoyens", 20),
    (
        "03.03",
        "03",
        "Thị thực, hộ chiếu (thường xuyên)",
        "Visas and passports (routine)",
        "Visas et passeports (courant)",
        10,
    ),
    ("04", None, "Hành chính, quản trị", "Administration", "Administration", None),
    (
        "04.01",
        "04",
        "Công văn trao đổi thông thường",
        "Routine correspondence",
        "Correspondance courante",
        10,
    ),
    (
        "04.02",
        "04",
        "Giấy mời, thông báo, phiếu gửi",
        "Invitations, notices and slips",
        "Invitations, avis et bordereaux",
        5,
    ),
    (
        "04.03",
        "04",
        "Hồ sơ tài chính, kế toán",
        "Finance and accounting",
        "Finances et comptabilité",
        10,
    ),
    ("04.04", "04", "Hồ sơ nhân sự", "Personnel files", "Dossiers du personnel", 70),
)


def seed_file_plan() -> int:
    """Create the default categories that do not exist yet (idempotent: existing codes are
    left as they are, so local edits survive). Returns how many were created."""
    created = 0
    with transaction.atomic():
        by_code = {c.code: c for c in FilePlanCategory.objects.all()}
        for code, parent, name_vi, name_en, name_fr, years in DEFAULT_FILE_PLAN:
            if code in by_code:
                continue
            by_code[code] = FilePlanCategory.objects.create(
                code=code,
                parent=by_code.get(parent) if parent else None,
                name_vi=name_vi,
                name_en=name_en,
                name_fr=name_fr,
                retention_years=years,
            )
            created += 1
    return created
