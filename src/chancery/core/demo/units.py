"""The ministry's headquarters units, with their names in Vietnamese, English and French.

Names follow the ministry's own usage; ``style`` picks the titles of the unit's posts (a *Vụ*
is led by a *Vụ trưởng*, a *Cục* by a *Cục trưởng*, and so on).
"""

from __future__ import annotations

from typing import NamedTuple

from chancery.core.constants import UnitKind


class UnitSpec(NamedTuple):
    code: str
    abbreviation: str
    kind: str
    style: str
    name_vi: str
    name_en: str
    name_fr: str
    parent: str | None = "mofa"


MINISTRY = UnitSpec(
    "mofa",
    "BNG",
    UnitKind.MINISTRY,
    "ministry",
    "Bộ Ngoại giao",
    "Ministry of Foreign Affairs",
    "Ministère des Affaires étrangères",
    None,
)

DEPT, OFFICE, DIV = UnitKind.DEPARTMENT, UnitKind.OFFICE, UnitKind.DIVISION

# fmt: off
HEADQUARTERS: tuple[UnitSpec, ...] = (
    UnitSpec("office", "VPB", OFFICE, "office", "Văn phòng Bộ", "Office of the Ministry",
             "Cabinet du Ministère"),
    UnitSpec("personnel", "TCCB", DEPT, "vu", "Vụ Tổ chức cán bộ",
             "Department of Personnel and Organisation",
             "Direction du personnel et de l'organisation"),
    UnitSpec("inspectorate", "TTB", OFFICE, "inspectorate", "Thanh tra Bộ",
             "Inspectorate of the Ministry", "Inspection du Ministère"),
    UnitSpec("asean", "ASEAN", DEPT, "vu", "Vụ ASEAN", "ASEAN Department", "Direction de l'ASEAN"),
    UnitSpec("europe", "CA", DEPT, "vu", "Vụ châu Âu", "Department of European Affairs",
             "Direction de l'Europe"),
    UnitSpec("americas", "CM", DEPT, "vu", "Vụ châu Mỹ", "Department of American Affairs",
             "Direction des Amériques"),
    UnitSpec("northeast-asia", "ĐBA", DEPT, "vu", "Vụ Đông Bắc Á",
             "Department of Northeast Asian Affairs", "Direction de l'Asie du Nord-Est"),
    UnitSpec("southeast-asia", "ĐNA", DEPT, "vu", "Vụ Đông Nam Á – Nam Á – Nam Thái Bình Dương",
             "Department of Southeast Asia, South Asia and the South Pacific",
             "Direction de l'Asie du Sud-Est, de l'Asie du Sud et du Pacifique Sud"),
    UnitSpec("middle-east-africa", "TĐCP", DEPT, "vu", "Vụ Trung Đông – châu Phi",
             "Department of Middle East and African Affairs",
             "Direction du Moyen-Orient et de l'Afrique"),
    UnitSpec("foreign-policy", "CSĐN", DEPT, "vu", "Vụ Chính sách đối ngoại",
             "Foreign Policy Department", "Direction de la politique étrangère"),
    UnitSpec("multilateral-economic", "HTKTĐP", DEPT, "vu", "Vụ Hợp tác kinh tế đa phương",
             "Department of Multilateral Economic Cooperation",
             "Direction de la coopération économique multilatérale"),
    UnitSpec("economic-affairs", "THKT", DEPT, "vu", "Vụ Tổng hợp kinh tế",
             "Department of Economic Affairs", "Direction des affaires économiques"),
    UnitSpec("international-organisations", "TCQT", DEPT, "vu", "Vụ Các tổ chức quốc tế",
             "Department of International Organisations",
             "Direction des organisations internationales"),
    UnitSpec("law-treaties", "LPQT", DEPT, "vu", "Vụ Luật pháp và Điều ước quốc tế",
             "Department of International Law and Treaties",
             "Direction du droit international et des traités"),
    UnitSpec("press", "TTBC", DEPT, "vu", "Vụ Thông tin Báo chí",
             "Press and Information Department", "Direction de la presse et de l'information"),
    UnitSpec("cultural-diplomacy", "NGVH", DEPT, "vu", "Vụ Ngoại giao văn hóa và UNESCO",
             "Department of Cultural Diplomacy and UNESCO Affairs",
             "Direction de la diplomatie culturelle et de l'UNESCO"),
    UnitSpec("planning-finance", "KHTC", DEPT, "vu", "Vụ Kế hoạch – Tài chính",
             "Department of Planning and Finance", "Direction de la planification et des finances"),
    UnitSpec("consular", "LS", DEPT, "cuc", "Cục Lãnh sự", "Consular Department",
             "Département consulaire"),
    UnitSpec("protocol", "LTNN", DEPT, "cuc", "Cục Lễ tân Nhà nước", "State Protocol Department",
             "Département du protocole d'État"),
    UnitSpec("external-relations", "NV", DEPT, "cuc", "Cục Ngoại vụ",
             "Department of External Relations", "Département des relations extérieures"),
    UnitSpec("administration", "QTTV", DEPT, "cuc", "Cục Quản trị Tài vụ",
             "Department of Administration and Finance",
             "Département de l'administration et des finances"),
    UnitSpec("boundary", "BGQG", DEPT, "cuc", "Ủy ban Biên giới quốc gia",
             "National Boundary Commission", "Commission nationale des frontières"),
    UnitSpec("diplomatic-corps-services", "PVNGĐ", DEPT, "cuc", "Cục Phục vụ Ngoại giao đoàn",
             "Department for Services to the Diplomatic Corps",
             "Département des services au corps diplomatique"),
    UnitSpec("overseas-vietnamese", "UBNV", DEPT, "committee",
             "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
             "State Committee for Overseas Vietnamese",
             "Comité d'État chargé des Vietnamiens de l'étranger"),
    UnitSpec("information-centre", "TTTT", OFFICE, "centre", "Trung tâm Thông tin",
             "Information Centre", "Centre d'information"),
    UnitSpec("academy", "HVNG", OFFICE, "academy", "Học viện Ngoại giao",
             "Diplomatic Academy of Viet Nam", "Académie diplomatique du Viet Nam"),
    # Divisions, to give the tree some depth.
    UnitSpec("consular-passports", "LS-HCTT", DIV, "division", "Phòng Hộ chiếu – Thị thực",
             "Passport and Visa Division", "Bureau des passeports et des visas", "consular"),
    UnitSpec("consular-protection", "LS-BHCD", DIV, "division", "Phòng Bảo hộ công dân",
             "Citizen Protection Division", "Bureau de la protection des ressortissants",
             "consular"),
    UnitSpec("office-records", "VPB-VTLT", DIV, "division", "Phòng Văn thư – Lưu trữ",
             "Records and Archives Division", "Bureau du courrier et des archives", "office"),
)
# fmt: on

# Titles by style: (key, Vietnamese, English, French, heads the unit, rank).
Title = tuple[str, str, str, str, bool, int]
# fmt: off
TITLES: dict[str, tuple[Title, ...]] = {
    "ministry": (
        ("head", "Bộ trưởng", "Minister", "Ministre", True, 1),
        ("deputy", "Thứ trưởng", "Deputy Minister", "Vice-ministre", False, 5),
        ("assistant", "Trợ lý Bộ trưởng", "Assistant to the Minister",
         "Assistant du Ministre", False, 20),
    ),
    "vu": (
        ("head", "Vụ trưởng", "Director-General", "Directeur général", True, 1),
        ("deputy", "Phó Vụ trưởng", "Deputy Director-General", "Directeur général adjoint",
         False, 5),
    ),
    "cuc": (
        ("head", "Cục trưởng", "Director-General", "Directeur général", True, 1),
        ("deputy", "Phó Cục trưởng", "Deputy Director-General", "Directeur général adjoint",
         False, 5),
    ),
    "office": (
        ("head", "Chánh Văn phòng", "Chief of Office", "Directeur de cabinet", True, 1),
        ("deputy", "Phó Chánh Văn phòng", "Deputy Chief of Office",
         "Directeur adjoint de cabinet", False, 5),
    ),
    "inspectorate": (
        ("head", "Chánh Thanh tra", "Chief Inspector", "Inspecteur général", True, 1),
        ("deputy", "Phó Chánh Thanh tra", "Deputy Chief Inspector", "Inspecteur général adjoint",
         False, 5),
    ),
    "committee": (
        ("head", "Chủ nhiệm", "Chairman", "Président", True, 1),
        ("deputy", "Phó Chủ nhiệm", "Vice-Chairman", "Vice-président", False, 5),
    ),
    "centre": (
        ("head", "Giám đốc", "Director", "Directeur", True, 1),
        ("deputy", "Phó Giám đốc", "Deputy Director", "Directeur adjoint", False, 5),
    ),
    "academy": (
        ("head", "Giám đốc Học viện", "President", "Président", True, 1),
        ("deputy", "Phó Giám đốc Học viện", "Vice-President", "Vice-président", False, 5),
        ("lecturer", "Giảng viên", "Lecturer", "Enseignant", False, 30),
    ),
    "division": (
        ("head", "Trưởng phòng", "Head of Division", "Chef de bureau", True, 1),
        ("deputy", "Phó Trưởng phòng", "Deputy Head of Division", "Chef de bureau adjoint",
         False, 5),
    ),
}

# Every headquarters unit also has these posts.
HQ_COMMON: tuple[Title, ...] = (
    ("counsellor", "Tham tán", "Counsellor", "Conseiller", False, 10),
    ("first-secretary", "Bí thư thứ nhất", "First Secretary", "Premier secrétaire", False, 15),
    ("specialist", "Chuyên viên", "Specialist", "Chargé d'études", False, 40),
    ("clerk", "Văn thư", "Clerk", "Agent du courrier", False, 60),
)
# fmt: on
