"""Data tables the demo's articles are generated from: partner countries, incidents, topics.

Everything here is invented for the demo: no event, quote or figure is real, and people are
named by their position ("the Minister", "the Spokesperson") or by obviously fictional names.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple


class Partner(NamedTuple):
    code: str
    vi: str
    en: str
    fr_in: str  # "au Japon"
    fr_with: str  # "avec le Japon"
    city_vi: str
    city_en: str


# fmt: off
PARTNERS: tuple[Partner, ...] = (
    Partner("JP", "Nhật Bản", "Japan", "au Japon", "avec le Japon", "Tô-ky-ô", "Tokyo"),
    Partner("KR", "Hàn Quốc", "the Republic of Korea", "en République de Corée",
            "avec la République de Corée", "Xơ-un", "Seoul"),
    Partner("FR", "Pháp", "France", "en France", "avec la France", "Pa-ri", "Paris"),
    Partner("DE", "Đức", "Germany", "en Allemagne", "avec l'Allemagne", "Béc-lin", "Berlin"),
    Partner("AU", "Ô-xtrây-li-a", "Australia", "en Australie", "avec l'Australie", "Can-bê-ra",
            "Canberra"),
    Partner("IN", "Ấn Độ", "India", "en Inde", "avec l'Inde", "Niu Đê-li", "New Delhi"),
    Partner("SG", "Xin-ga-po", "Singapore", "à Singapour", "avec Singapour", "Xin-ga-po",
            "Singapore"),
    Partner("ID", "In-đô-nê-xi-a", "Indonesia", "en Indonésie", "avec l'Indonésie",
            "Gia-các-ta", "Jakarta"),
    Partner("US", "Hoa Kỳ", "the United States", "aux États-Unis", "avec les États-Unis",
            "Oa-sinh-tơn", "Washington"),
    Partner("GB", "Vương quốc Anh", "the United Kingdom", "au Royaume-Uni",
            "avec le Royaume-Uni", "Luân Đôn", "London"),
    Partner("BR", "Bra-xin", "Brazil", "au Brésil", "avec le Brésil", "Bra-xi-li-a", "Brasília"),
    Partner("EG", "Ai Cập", "Egypt", "en Égypte", "avec l'Égypte", "Cai-rô", "Cairo"),
    Partner("ZA", "Nam Phi", "South Africa", "en Afrique du Sud", "avec l'Afrique du Sud",
            "Prê-tô-ri-a", "Pretoria"),
    Partner("CA", "Ca-na-đa", "Canada", "au Canada", "avec le Canada", "Ốt-ta-oa", "Ottawa"),
    Partner("IT", "I-ta-li-a", "Italy", "en Italie", "avec l'Italie", "Rô-ma", "Rome"),
    Partner("TH", "Thái Lan", "Thailand", "en Thaïlande", "avec la Thaïlande", "Băng Cốc",
            "Bangkok"),
    Partner("LA", "Lào", "Laos", "au Laos", "avec le Laos", "Viêng Chăn", "Vientiane"),
    Partner("KH", "Campuchia", "Cambodia", "au Cambodge", "avec le Cambodge", "Phnôm Pênh",
            "Phnom Penh"),
    Partner("NZ", "Niu Di-lân", "New Zealand", "en Nouvelle-Zélande",
            "avec la Nouvelle-Zélande", "Oen-linh-tơn", "Wellington"),
    Partner("MX", "Mê-hi-cô", "Mexico", "au Mexique", "avec le Mexique", "Thành phố Mê-hi-cô",
            "Mexico City"),
)
# fmt: on

# (vi, en, fr) triples.
Tri = tuple[str, str, str]

INCIDENTS: tuple[Tri, ...] = (
    ("mưa lũ kéo dài", "prolonged flooding", "des inondations prolongées"),
    ("một trận động đất mạnh", "a strong earthquake", "un fort séisme"),
    ("bão lớn đổ bộ", "a severe storm", "une violente tempête"),
    ("cháy rừng lan rộng", "spreading wildfires", "des incendies de forêt"),
    (
        "một vụ tai nạn giao thông nghiêm trọng",
        "a serious road accident",
        "un grave accident de la route",
    ),
    (
        "một vụ hỏa hoạn tại khu nhà trọ",
        "a fire in a residential building",
        "un incendie dans un immeuble d'habitation",
    ),
)

RUMOURS: tuple[Tri, ...] = (
    (
        "tuyển lao động đi làm việc với mức lương cao bất thường",
        "recruitment for overseas jobs at unusually high wages",
        "un recrutement pour des emplois à l'étranger à des salaires anormalement élevés",
    ),
    (
        "trang mạng giả mạo thu phí cấp thị thực điện tử",
        "a fake website charging fees for electronic visas",
        "un faux site internet facturant des visas électroniques",
    ),
    (
        "tài khoản mạng xã hội mạo danh cơ quan đại diện",
        "social-media accounts impersonating a mission",
        "des comptes de réseaux sociaux usurpant l'identité d'une mission",
    ),
    (
        "dịch vụ 'làm nhanh' hộ chiếu qua trung gian",
        "'fast-track' passport services offered by intermediaries",
        "des services « accélérés » de passeport proposés par des intermédiaires",
    ),
    (
        "việc thay đổi quy định nhập cảnh chưa được công bố",
        "unannounced changes to entry rules",
        "des changements non annoncés des règles d'entrée",
    ),
)

ASEAN_TOPICS: tuple[Tri, ...] = (
    (
        "Hội nghị Quan chức cao cấp ASEAN (SOM ASEAN)",
        "the ASEAN Senior Officials' Meeting",
        "la réunion des hauts fonctionnaires de l'ASEAN",
    ),
    (
        "Hội nghị hẹp Bộ trưởng Ngoại giao ASEAN",
        "the ASEAN Foreign Ministers' Retreat",
        "la retraite des ministres des Affaires étrangères de l'ASEAN",
    ),
    (
        "Hội nghị Ủy ban Điều phối Cộng đồng ASEAN",
        "the ASEAN Community Coordinating Council",
        "le Conseil de coordination de la Communauté de l'ASEAN",
    ),
    ("Diễn đàn Khu vực ASEAN (ARF)", "the ASEAN Regional Forum", "le Forum régional de l'ASEAN"),
    (
        "Hội nghị Bộ trưởng Ngoại giao Đông Á (EAS)",
        "the East Asia Summit Foreign Ministers' Meeting",
        "la réunion des ministres des Affaires étrangères du Sommet de l'Asie de l'Est",
    ),
    (
        "Hội nghị Ủy ban thường trực ASEAN",
        "the Committee of Permanent Representatives to ASEAN",
        "le Comité des représentants permanents auprès de l'ASEAN",
    ),
)

UN_TOPICS: tuple[Tri, ...] = (
    (
        "khóa họp thường kỳ của Hội đồng Nhân quyền Liên hợp quốc",
        "the regular session of the UN Human Rights Council",
        "la session ordinaire du Conseil des droits de l'homme des Nations Unies",
    ),
    (
        "phiên thảo luận mở của Hội đồng Bảo an về hoạt động gìn giữ hòa bình",
        "the Security Council's open debate on peacekeeping",
        "le débat public du Conseil de sécurité sur le maintien de la paix",
    ),
    (
        "Hội nghị các quốc gia thành viên Công ước Liên hợp quốc về Luật Biển",
        "the Meeting of States Parties to the UN Convention on the Law of the Sea",
        "la Réunion des États parties à la Convention des Nations Unies sur le droit de la mer",
    ),
    (
        "phiên họp cấp cao về biến đổi khí hậu của Đại hội đồng",
        "the General Assembly's high-level meeting on climate change",
        "la réunion de haut niveau de l'Assemblée générale sur les changements climatiques",
    ),
    (
        "Diễn đàn chính trị cấp cao về phát triển bền vững",
        "the High-level Political Forum on Sustainable Development",
        "le Forum politique de haut niveau pour le développement durable",
    ),
    (
        "phiên họp của Ủy ban Luật pháp quốc tế",
        "the session of the International Law Commission",
        "la session de la Commission du droit international",
    ),
)

VI_MONTHS = [f"tháng {n}" for n in range(1, 13)]
EN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
FR_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def day_vi(at: datetime) -> str:
    return f"{at.day}/{at.month}"


def day_en(at: datetime) -> str:
    return f"{at.day} {EN_MONTHS[at.month - 1]}"


def day_fr(at: datetime) -> str:
    return f"{'1er' if at.day == 1 else at.day} {FR_MONTHS[at.month - 1]}"
