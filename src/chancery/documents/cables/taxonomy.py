"""The reference data seeded for cables: subject tags modelled on the State Department's TAGS,
and distribution captions. Country tags come from the ISO 3166-1 list (``seeds.py``).
Administrators change all of it in the admin; seeding never overwrites their edits."""

from __future__ import annotations

# code, vi, en, fr
SUBJECT_TAGS: tuple[tuple[str, str, str, str], ...] = (
    ("PREL", "Quan hệ chính trị", "Political relations", "Relations politiques"),
    ("PGOV", "Chính trị nội bộ", "Internal governmental affairs", "Affaires gouvernementales"),
    ("PINR", "Thông tin tình báo", "Intelligence", "Renseignement"),
    ("PTER", "Chống khủng bố", "Terrorism", "Terrorisme"),
    ("PHUM", "Nhân quyền", "Human rights", "Droits de l'homme"),
    (
        "PBTS",
        "Biên giới, biển đảo",
        "Borders, seas and territory",
        "Frontières et espaces maritimes",
    ),
    ("PARM", "Giải trừ quân bị", "Arms control and disarmament", "Désarmement"),
    ("MARR", "Quốc phòng, hợp tác quân sự", "Defence relations", "Relations de défense"),
    ("ECON", "Kinh tế", "Economic conditions", "Situation économique"),
    ("ETRD", "Thương mại", "Trade", "Commerce"),
    ("EFIN", "Tài chính", "Finance", "Finances"),
    ("EINV", "Đầu tư", "Investment", "Investissement"),
    ("EAID", "Viện trợ, ODA", "Foreign aid", "Aide extérieure"),
    ("ENRG", "Năng lượng", "Energy", "Énergie"),
    ("EAGR", "Nông nghiệp", "Agriculture", "Agriculture"),
    ("ELAB", "Lao động", "Labour", "Travail"),
    ("ETTC", "Kiểm soát xuất khẩu", "Export controls", "Contrôle des exportations"),
    ("SENV", "Môi trường, khí hậu", "Environment and climate", "Environnement et climat"),
    ("TSPL", "Khoa học, công nghệ", "Science and technology", "Science et technologie"),
    ("SOCI", "Xã hội", "Social affairs", "Affaires sociales"),
    ("TBIO", "Y tế, dịch bệnh", "Health and epidemics", "Santé et épidémies"),
    ("CVIS", "Thị thực", "Visas", "Visas"),
    (
        "CASC",
        "Bảo hộ công dân, lãnh sự",
        "Citizen protection and consular affairs",
        "Protection consulaire des ressortissants",
    ),
    ("CMGT", "Quản lý lãnh sự", "Consular management", "Gestion consulaire"),
    ("KPAO", "Báo chí, thông tin", "Press and public affairs", "Presse et information"),
    ("SCUL", "Văn hóa", "Culture", "Culture"),
    ("SEDU", "Giáo dục", "Education", "Éducation"),
    ("KTIA", "Điều ước quốc tế", "Treaties and agreements", "Traités et accords"),
    ("KUNR", "Liên hợp quốc", "United Nations", "Nations unies"),
    ("KCOR", "Chống tham nhũng", "Corruption", "Corruption"),
    ("KCRM", "Tội phạm", "Crime", "Criminalité"),
    ("KOVS", "Người Việt Nam ở nước ngoài", "Overseas Vietnamese", "Vietnamiens de l'étranger"),
    ("OVIP", "Đoàn cấp cao", "High-level visits", "Visites de haut niveau"),
    ("OEXC", "Trao đổi đoàn", "Delegations and exchanges", "Échanges et délégations"),
    ("AMGT", "Quản trị, quản lý", "Management", "Gestion administrative"),
    ("AFIN", "Tài chính nội bộ", "Internal finance", "Finances internes"),
    ("APER", "Nhân sự", "Personnel", "Personnel"),
    ("ASEC", "An ninh", "Security", "Sécurité"),
)

# code, roles, vi, en, fr
CAPTIONS: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    ("LEADERS-ONLY", ("leader",), "Chỉ lãnh đạo Bộ", "Leaders only", "Dirigeants seulement"),
    (
        "HEADS-OF-UNIT",
        ("unit_head", "leader"),
        "Thủ trưởng đơn vị",
        "Heads of unit",
        "Chefs d'unité",
    ),
    ("CONSULAR", ("consular_officer", "leader"), "Lãnh sự", "Consular channel", "Voie consulaire"),
)
