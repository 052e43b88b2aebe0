"""Countries (ISO names from the iso-codes package), the missions there (the organisation's
mission units) and thirty travel advisories. Addresses, telephones, hours and every advisory's
text are invented for the demo and say so."""

from __future__ import annotations

import gettext
import json
from functools import cache
from pathlib import Path
from typing import NamedTuple

from chancery.portal.constants import AdvisoryLevel

ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")
LOCALE_DIR = Path("/usr/share/locale")

# Short forms where the ISO name is long or formal (what a reader looks for in a list).
SHORT = {
    "KR": {"vi": "Hàn Quốc", "en": "Republic of Korea", "fr": "République de Corée"},
    "RU": {"vi": "Liên bang Nga", "en": "Russian Federation", "fr": "Fédération de Russie"},
    "GB": {"vi": "Vương quốc Anh", "en": "United Kingdom", "fr": "Royaume-Uni"},
    "US": {"vi": "Hoa Kỳ", "en": "United States", "fr": "États-Unis"},
    "VN": {"vi": "Việt Nam", "en": "Viet Nam", "fr": "Viet Nam"},
    "LA": {"vi": "Lào", "en": "Laos", "fr": "Laos"},
}

# The ministry's current Vietnamese names where iso-codes' are dated ("Nam Dương", "Căm Bốt")
# or missing ("Czechia"): the names core's demo missions use.
VI_USAGE = {
    "AE": "Các Tiểu vương quốc Ả-rập Thống nhất", "AO": "Ăng-gô-la", "AR": "Ác-hen-ti-na",
    "AU": "Ô-xtrây-li-a", "CN": "Trung Quốc", "CZ": "Séc", "DZ": "An-giê-ri", "HT": "Ha-i-ti",
    "ID": "In-đô-nê-xi-a", "IL": "I-xra-en", "IN": "Ấn Độ", "IT": "I-ta-li-a", "JP": "Nhật Bản",
    "KH": "Campuchia", "KW": "Cô-oét", "MA": "Ma-rốc", "MM": "Mi-an-ma", "MZ": "Mô-dăm-bích",
    "NZ": "Niu Di-lân", "PH": "Phi-líp-pin", "QA": "Ca-ta", "SA": "Ả-rập Xê-út",
    "SD": "Xu-đăng", "TZ": "Tan-da-ni-a",
}  # fmt: skip
SHORT["TZ"] = {"vi": "Tan-da-ni-a", "en": "Tanzania", "fr": "Tanzanie"}


@cache
def country_names() -> dict[str, dict[str, str]]:
    """Alpha-2 code -> {vi, en, fr} names; empty when the iso-codes package is missing."""
    try:
        entries = json.loads(ISO_CODES.read_text(encoding="utf-8"))["3166-1"]
    except (OSError, ValueError, KeyError):
        return {}
    catalogues = {
        language: gettext.translation(
            "iso_3166-1", localedir=str(LOCALE_DIR), languages=[language], fallback=True
        )
        for language in ("vi", "fr")
    }
    names = {}
    for entry in entries:
        english = entry.get("common_name") or entry["name"]
        names[entry["alpha_2"]] = {
            "vi": catalogues["vi"].gettext(entry["name"]),
            "en": english,
            "fr": catalogues["fr"].gettext(entry["name"]),
        }
    for code, vietnamese in VI_USAGE.items():
        if code in names:
            names[code] = {**names[code], "vi": vietnamese}
    names.update(SHORT)
    return names


def name(code: str, language: str) -> str:
    return country_names().get(code, {}).get(language, code)


# Streets for invented addresses (no real building is meant).
STREETS = ("Avenue des Tilleuls", "Harbour Road", "Park Street", "Garden Lane", "Rue du Parc",
           "Lotus Boulevard", "Embassy Row", "Hill Street")  # fmt: skip

HOURS = {
    "vi": "Thứ Hai – Thứ Sáu, 9:00–12:00 và 14:00–17:00 (giờ địa phương)",
    "en": "Monday to Friday, 9:00–12:00 and 14:00–17:00 (local time)",
    "fr": "Du lundi au vendredi, 9 h–12 h et 14 h–17 h (heure locale)",
}
DEMO_NOTE = {
    "vi": "Địa chỉ, điện thoại và giờ làm việc là dữ liệu minh họa (demo).",
    "en": "Address, telephone and opening hours are demo data.",
    "fr": "Adresse, téléphone et horaires : données de démonstration.",
}
SERVICES = {
    "vi": "Cấp hộ chiếu, thị thực; chứng nhận lãnh sự, hợp pháp hóa lãnh sự; đăng ký hộ tịch; "
    "bảo hộ công dân.",
    "en": "Passports and visas; consular certification and legalisation; civil registration; "
    "protection of citizens.",
    "fr": "Passeports et visas ; certification et légalisation consulaires ; état civil ; "
    "protection des ressortissants.",
}


def relations(code: str) -> dict[str, tuple[str, str]]:
    """(summary, paragraph) of the relations with a country, in each language (generic)."""
    vi, en, fr = name(code, "vi"), name(code, "en"), name(code, "fr")
    return {
        "vi": (
            f"Quan hệ hữu nghị và hợp tác nhiều mặt giữa Việt Nam và {vi}.",
            f"Việt Nam và {vi} duy trì trao đổi đoàn các cấp, hợp tác trong các lĩnh vực kinh "
            "tế, thương mại, giáo dục, văn hóa và phối hợp tại các diễn đàn đa phương. Cộng "
            "đồng người Việt Nam tại đây là cầu nối quan trọng giữa hai nước.",
        ),
        "en": (
            f"Friendship and wide-ranging cooperation between Viet Nam and {en}.",
            f"Viet Nam and {en} maintain exchanges of delegations at all levels, cooperate in "
            "the economy, trade, education and culture, and work together in multilateral "
            "forums. The Vietnamese community there is an important bridge between the two "
            "countries.",
        ),
        "fr": (
            f"Amitié et coopération multiforme entre le Viet Nam et : {fr}.",
            "Les deux pays entretiennent des échanges de délégations à tous les niveaux, "
            "coopèrent dans l'économie, le commerce, l'éducation et la culture et se concertent "
            "dans les enceintes multilatérales. La communauté vietnamienne y constitue un pont "
            "important entre les deux pays.",
        ),
    }


class Section(NamedTuple):
    vi_title: str
    en_title: str
    vi: str
    en: str


def sections(code: str, level: str, count: int) -> list[Section]:
    vi, en = name(code, "vi"), name(code, "en")
    risky = level in (AdvisoryLevel.WARNING, AdvisoryLevel.REQUEST)
    all_sections = [
        Section(
            "An ninh và an toàn",
            "Safety and security",
            (
                f"Tình hình an ninh tại một số khu vực của {vi} diễn biến phức tạp. Công dân "
                "tránh xa nơi tụ tập đông người và theo dõi thông báo của chính quyền sở tại."
            )
            if risky
            else (
                f"Tình hình an ninh tại {vi} nhìn chung ổn định. Công dân cần đề phòng trộm cắp "
                "tại nơi công cộng và giữ gìn giấy tờ tùy thân."
            ),
            (
                f"The security situation in parts of {en} is volatile. Citizens should avoid "
                "crowds and follow the announcements of the local authorities."
            )
            if risky
            else (
                f"The security situation in {en} is generally stable. Citizens should beware of "
                "pickpockets in public places and keep their documents safe."
            ),
        ),
        Section(
            "Điều kiện nhập cảnh",
            "Entry requirements",
            "Hộ chiếu phải còn hạn ít nhất sáu tháng. Công dân kiểm tra yêu cầu thị thực với cơ "
            "quan đại diện của nước sở tại trước khi khởi hành.",
            "Passports must be valid for at least six months. Citizens should check visa "
            "requirements with the country's mission before leaving.",
        ),
        Section(
            "Y tế",
            "Health",
            "Nên mua bảo hiểm y tế du lịch có chi trả chi phí điều trị và vận chuyển cấp cứu. "
            "Mang theo đơn thuốc đối với thuốc điều trị dài ngày.",
            "Take out travel health insurance covering treatment and medical evacuation. Carry "
            "prescriptions for long-term medication.",
        ),
        Section(
            "Pháp luật và phong tục địa phương",
            "Local laws and customs",
            "Tôn trọng pháp luật và phong tục sở tại. Hình phạt đối với tội phạm ma túy có thể "
            "rất nghiêm khắc.",
            "Respect local laws and customs. Penalties for drug offences can be severe.",
        ),
        Section(
            "Liên hệ khẩn cấp",
            "Emergency contacts",
            "Trong trường hợp khẩn cấp, liên hệ đường dây nóng bảo hộ công dân của cơ quan đại "
            "diện Việt Nam hoặc Tổng đài bảo hộ công dân của Bộ Ngoại giao (số minh họa).",
            "In an emergency, call the citizen-protection hotline of the Vietnamese mission or "
            "the Ministry's citizen-protection call centre (demo number).",
        ),
    ]
    if count == 3:
        return [all_sections[0], all_sections[1], all_sections[4]]
    if count == 4:
        return [all_sections[0], all_sections[1], all_sections[2], all_sections[4]]
    return all_sections


# Countries with an advisory beyond the missions' host countries, and invented levels.
EXTRA_ADVISORIES = ("MM", "SD", "HT")
LEVELS = {
    "SD": AdvisoryLevel.REQUEST,
    "HT": AdvisoryLevel.REQUEST,
    "MM": AdvisoryLevel.WARNING,
    "IL": AdvisoryLevel.WARNING,
    "NG": AdvisoryLevel.ADVISORY,
    "EG": AdvisoryLevel.ADVISORY,
    "MZ": AdvisoryLevel.ADVISORY,
    "ZA": AdvisoryLevel.ADVISORY,
    "BR": AdvisoryLevel.ADVISORY,
    "MX": AdvisoryLevel.ADVISORY,
    "PH": AdvisoryLevel.ADVISORY,
}
SUMMARY = {
    AdvisoryLevel.NORMAL: (
        "Công dân đi lại bình thường, lưu ý các biện pháp phòng ngừa thông thường.",
        "Citizens may travel normally, taking the usual precautions.",
    ),
    AdvisoryLevel.ADVISORY: (
        "Công dân cần thận trọng, theo dõi tình hình tại một số khu vực.",
        "Citizens should be cautious and follow the situation in some areas.",
    ),
    AdvisoryLevel.WARNING: (
        "Công dân cân nhắc kỹ sự cần thiết của chuyến đi và tránh các khu vực có xung đột.",
        "Citizens should consider carefully whether travel is necessary and avoid areas of "
        "conflict.",
    ),
    AdvisoryLevel.REQUEST: (
        "Đề nghị công dân không đi đến và khẩn trương rời khỏi khu vực bằng các phương tiện "
        "thương mại còn hoạt động.",
        "Citizens are asked not to travel and to leave now by commercial means while they "
        "remain available.",
    ),
}
# (kind, note vi, note en) of the later updates of some advisories, oldest first.
UPDATES = (
    ("minor", "Cập nhật số điện thoại đường dây nóng của cơ quan đại diện.",
     "Updated the mission's hotline number."),
    ("major", "Điều chỉnh khuyến cáo về an ninh sau diễn biến mới tại một số khu vực.",
     "Security advice revised after new developments in some areas."),
    ("minor", "Bổ sung thông tin về điều kiện nhập cảnh.", "Added information on entry rules."),
)  # fmt: skip
