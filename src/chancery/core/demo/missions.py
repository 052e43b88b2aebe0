"""Missions abroad on every continent: embassies, consulates-general, permanent missions."""

from __future__ import annotations

from typing import NamedTuple

from chancery.core.constants import UnitKind


class MissionSpec(NamedTuple):
    code: str
    abbreviation: str
    kind: str
    host_country: str
    city: str
    time_zone: str
    languages: tuple[str, ...]
    name_vi: str
    name_en: str
    name_fr: str


def embassy(
    country: str, city: str, tz: str, languages: tuple[str, ...], vi: str, en: str, fr: str
) -> MissionSpec:
    """``vi``/``en`` name the country; ``fr`` is the country with its preposition ("en France")."""
    return MissionSpec(
        f"emb-{country.lower()}",
        f"ĐSQ-{country}",
        UnitKind.EMBASSY,
        country,
        city,
        tz,
        languages,
        f"Đại sứ quán Việt Nam tại {vi}",
        f"Embassy of Viet Nam in {en}",
        f"Ambassade du Viet Nam {fr}",
    )


def consulate(
    country: str, city: str, tz: str, languages: tuple[str, ...], vi: str, fr: str
) -> MissionSpec:
    """``vi`` and ``fr`` name the city in those languages."""
    slug = city.lower().replace(" ", "-")
    return MissionSpec(
        f"cg-{slug}",
        f"TLSQ-{city}"[:32],
        UnitKind.CONSULATE_GENERAL,
        country,
        city,
        tz,
        languages,
        f"Tổng Lãnh sự quán Việt Nam tại {vi}",
        f"Consulate General of Viet Nam in {city}",
        f"Consulat général du Viet Nam à {fr}",
    )


# fmt: off
MISSIONS: tuple[MissionSpec, ...] = (
    # Asia
    embassy("CN", "Beijing", "Asia/Shanghai", ("zh", "en"), "Trung Quốc", "China", "en Chine"),
    consulate("CN", "Guangzhou", "Asia/Shanghai", ("zh",), "Quảng Châu", "Canton"),
    embassy("JP", "Tokyo", "Asia/Tokyo", ("ja", "en"), "Nhật Bản", "Japan", "au Japon"),
    consulate("JP", "Osaka", "Asia/Tokyo", ("ja",), "Ô-xa-ca", "Osaka"),
    embassy("KR", "Seoul", "Asia/Seoul", ("ko", "en"), "Hàn Quốc", "the Republic of Korea",
            "en République de Corée"),
    embassy("LA", "Vientiane", "Asia/Vientiane", ("lo", "en"), "Lào", "Laos", "au Laos"),
    embassy("KH", "Phnom Penh", "Asia/Phnom_Penh", ("km", "en", "fr"), "Campuchia", "Cambodia",
            "au Cambodge"),
    embassy("TH", "Bangkok", "Asia/Bangkok", ("th", "en"), "Thái Lan", "Thailand",
            "en Thaïlande"),
    embassy("SG", "Singapore", "Asia/Singapore", ("en",), "Xin-ga-po", "Singapore",
            "à Singapour"),
    embassy("ID", "Jakarta", "Asia/Jakarta", ("id", "en"), "In-đô-nê-xi-a", "Indonesia",
            "en Indonésie"),
    embassy("PH", "Manila", "Asia/Manila", ("en", "fil"), "Phi-líp-pin", "the Philippines",
            "aux Philippines"),
    embassy("IN", "New Delhi", "Asia/Kolkata", ("en", "hi"), "Ấn Độ", "India", "en Inde"),
    embassy("SA", "Riyadh", "Asia/Riyadh", ("ar", "en"), "Ả-rập Xê-út", "Saudi Arabia",
            "en Arabie saoudite"),
    embassy("AE", "Abu Dhabi", "Asia/Dubai", ("ar", "en"),
            "Các Tiểu vương quốc Ả-rập Thống nhất", "the United Arab Emirates",
            "aux Émirats arabes unis"),
    embassy("QA", "Doha", "Asia/Qatar", ("ar", "en"), "Ca-ta", "Qatar", "au Qatar"),
    embassy("KW", "Kuwait City", "Asia/Kuwait", ("ar", "en"), "Cô-oét", "Kuwait", "au Koweït"),
    embassy("IL", "Tel Aviv", "Asia/Jerusalem", ("he", "en"), "I-xra-en", "Israel",
            "en Israël"),
    MissionSpec("pm-asean", "PĐ-ASEAN", UnitKind.PERMANENT_MISSION, "ID", "Jakarta",
                "Asia/Jakarta", ("en",), "Phái đoàn Đại diện thường trực Việt Nam tại ASEAN",
                "Permanent Mission of Viet Nam to ASEAN",
                "Mission permanente du Viet Nam auprès de l'ASEAN"),
    # Europe
    embassy("FR", "Paris", "Europe/Paris", ("fr",), "Pháp", "France", "en France"),
    embassy("DE", "Berlin", "Europe/Berlin", ("de", "en"), "Đức", "Germany", "en Allemagne"),
    consulate("DE", "Frankfurt", "Europe/Berlin", ("de",), "Frankfurt", "Francfort"),
    embassy("GB", "London", "Europe/London", ("en",), "Vương quốc Anh", "the United Kingdom",
            "au Royaume-Uni"),
    embassy("RU", "Moscow", "Europe/Moscow", ("ru",), "Liên bang Nga", "the Russian Federation",
            "en Fédération de Russie"),
    embassy("IT", "Rome", "Europe/Rome", ("it", "en"), "I-ta-li-a", "Italy", "en Italie"),
    embassy("CZ", "Prague", "Europe/Prague", ("cs", "en"), "Séc", "the Czech Republic",
            "en République tchèque"),
    embassy("PL", "Warsaw", "Europe/Warsaw", ("pl", "en"), "Ba Lan", "Poland", "en Pologne"),
    embassy("BE", "Brussels", "Europe/Brussels", ("fr", "nl", "en"), "Bỉ", "Belgium",
            "en Belgique"),
    MissionSpec("pm-geneva", "PĐ-Geneva", UnitKind.PERMANENT_MISSION, "CH", "Geneva",
                "Europe/Zurich", ("fr", "en"),
                "Phái đoàn Đại diện thường trực Việt Nam bên cạnh Liên hợp quốc, Tổ chức "
                "Thương mại thế giới và các tổ chức quốc tế khác tại Giơ-ne-vơ",
                "Permanent Mission of Viet Nam to the United Nations Office, the World Trade "
                "Organization and other international organisations in Geneva",
                "Mission permanente du Viet Nam auprès de l'Office des Nations Unies, de "
                "l'Organisation mondiale du commerce et des autres organisations "
                "internationales à Genève"),
    # Americas
    embassy("US", "Washington", "America/New_York", ("en",), "Hoa Kỳ", "the United States",
            "aux États-Unis"),
    consulate("US", "San Francisco", "America/Los_Angeles", ("en",), "San Francisco",
              "San Francisco"),
    consulate("US", "Houston", "America/Chicago", ("en",), "Houston", "Houston"),
    MissionSpec("pm-un", "PĐ-LHQ", UnitKind.PERMANENT_MISSION, "US", "New York",
                "America/New_York", ("en", "fr"),
                "Phái đoàn Đại diện thường trực Việt Nam tại Liên hợp quốc",
                "Permanent Mission of Viet Nam to the United Nations",
                "Mission permanente du Viet Nam auprès de l'Organisation des Nations Unies"),
    embassy("CA", "Ottawa", "America/Toronto", ("en", "fr"), "Ca-na-đa", "Canada",
            "au Canada"),
    embassy("BR", "Brasília", "America/Sao_Paulo", ("pt",), "Bra-xin", "Brazil", "au Brésil"),
    embassy("MX", "Mexico City", "America/Mexico_City", ("es",), "Mê-hi-cô", "Mexico",
            "au Mexique"),
    embassy("CU", "Havana", "America/Havana", ("es",), "Cu-ba", "Cuba", "à Cuba"),
    embassy("AR", "Buenos Aires", "America/Argentina/Buenos_Aires", ("es",), "Ác-hen-ti-na",
            "Argentina", "en Argentine"),
    embassy("CL", "Santiago", "America/Santiago", ("es",), "Chi-lê", "Chile", "au Chili"),
    # Africa
    embassy("EG", "Cairo", "Africa/Cairo", ("ar", "en"), "Ai Cập", "Egypt", "en Égypte"),
    embassy("ZA", "Pretoria", "Africa/Johannesburg", ("en",), "Nam Phi", "South Africa",
            "en Afrique du Sud"),
    embassy("DZ", "Algiers", "Africa/Algiers", ("ar", "fr"), "An-giê-ri", "Algeria",
            "en Algérie"),
    embassy("NG", "Abuja", "Africa/Lagos", ("en",), "Ni-giê-ri-a", "Nigeria", "au Nigeria"),
    embassy("AO", "Luanda", "Africa/Luanda", ("pt",), "Ăng-gô-la", "Angola", "en Angola"),
    embassy("MA", "Rabat", "Africa/Casablanca", ("ar", "fr"), "Ma-rốc", "Morocco", "au Maroc"),
    embassy("TZ", "Dar es Salaam", "Africa/Dar_es_Salaam", ("en", "sw"), "Tan-da-ni-a",
            "Tanzania", "en Tanzanie"),
    embassy("MZ", "Maputo", "Africa/Maputo", ("pt",), "Mô-dăm-bích", "Mozambique",
            "au Mozambique"),
    # Oceania
    embassy("AU", "Canberra", "Australia/Sydney", ("en",), "Ô-xtrây-li-a", "Australia",
            "en Australie"),
    consulate("AU", "Sydney", "Australia/Sydney", ("en",), "Xít-ni", "Sydney"),
    embassy("NZ", "Wellington", "Pacific/Auckland", ("en",), "Niu Di-lân", "New Zealand",
            "en Nouvelle-Zélande"),
)
# fmt: on

# Posts in a mission, by kind: (key, Vietnamese, English, French, heads the unit, rank).
_CLERK = ("clerk", "Văn thư", "Clerk", "Agent du courrier", False, 60)
_ATTACHE = ("attache", "Tùy viên", "Attaché", "Attaché", False, 40)
# fmt: off
MISSION_TITLES: dict[str, tuple[tuple[str, str, str, str, bool, int], ...]] = {
    UnitKind.EMBASSY: (
        ("head", "Đại sứ", "Ambassador", "Ambassadeur", True, 1),
        ("minister-counsellor", "Công sứ", "Minister-Counsellor", "Ministre-conseiller", False, 5),
        ("counsellor", "Tham tán", "Counsellor", "Conseiller", False, 10),
        ("first-secretary", "Bí thư thứ nhất", "First Secretary", "Premier secrétaire", False, 15),
        ("consul", "Lãnh sự", "Consul", "Consul", False, 20),
        _ATTACHE, _CLERK,
    ),
    UnitKind.CONSULATE_GENERAL: (
        ("head", "Tổng Lãnh sự", "Consul-General", "Consul général", True, 1),
        ("deputy", "Phó Tổng Lãnh sự", "Deputy Consul-General", "Consul général adjoint",
         False, 5),
        ("consul", "Lãnh sự", "Consul", "Consul", False, 20),
        ("vice-consul", "Phó Lãnh sự", "Vice-Consul", "Vice-consul", False, 25),
        _ATTACHE, _CLERK,
    ),
    UnitKind.PERMANENT_MISSION: (
        ("head", "Đại sứ, Trưởng Phái đoàn", "Ambassador, Permanent Representative",
         "Ambassadeur, Représentant permanent", True, 1),
        ("deputy", "Phó Trưởng Phái đoàn", "Deputy Permanent Representative",
         "Représentant permanent adjoint", False, 5),
        ("counsellor", "Tham tán", "Counsellor", "Conseiller", False, 10),
        ("first-secretary", "Bí thư thứ nhất", "First Secretary", "Premier secrétaire", False, 15),
        _ATTACHE, _CLERK,
    ),
}
# fmt: on
