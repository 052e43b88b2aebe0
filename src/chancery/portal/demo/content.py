"""Policy pages, the hotline page and the UN General Debate speeches of Viet Nam.

The speeches are real (UN General Debate Corpus, CC0), read from the shared data folder at load
time and never copied into the repository. They were delivered in English: the Vietnamese
page carries a Vietnamese title, summary and note with the English text as its body, and the
English edition translates the title, summary and note (the body stays as delivered)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

# (slug, topic vi/en/fr, title vi/en/fr, summary vi/en/fr, paragraphs vi/en/fr)
Tri = tuple[str, str, str]


class Policy(NamedTuple):
    slug: Tri
    title: Tri
    summary: Tri
    paragraphs: tuple[Tri, ...]


POLICIES: tuple[Policy, ...] = (
    Policy(
        ("nguyen-tac-doi-ngoai", "foreign-policy-principles", "principes-politique-etrangere"),
        (
            "Đường lối đối ngoại độc lập, tự chủ",
            "An independent, self-reliant foreign policy",
            "Une politique étrangère indépendante et autonome",
        ),
        (
            "Việt Nam thực hiện đường lối đối ngoại độc lập, tự chủ, hòa bình, hữu nghị, hợp tác "
            "và phát triển, đa dạng hóa, đa phương hóa quan hệ đối ngoại.",
            "Viet Nam pursues a foreign policy of independence, self-reliance, peace, friendship, "
            "cooperation and development, diversifying and multilateralising its relations.",
            "Le Viet Nam mène une politique étrangère d'indépendance, d'autonomie, de paix, "
            "d'amitié, de coopération et de développement.",
        ),
        (
            (
                "Việt Nam là bạn, là đối tác tin cậy và là thành viên tích cực, có trách nhiệm của "
                "cộng đồng quốc tế.",
                "Viet Nam is a friend, a reliable partner and an active, responsible member of the "
                "international community.",
                "Le Viet Nam est un ami, un partenaire fiable et un membre actif et responsable de "
                "la communauté internationale.",
            ),
            (
                "Lợi ích quốc gia – dân tộc là mục tiêu cao nhất của công tác đối ngoại, trên "
                "cơ sở các nguyên tắc cơ bản của Hiến chương Liên hợp quốc và luật pháp quốc tế.",
                "The national interest is the highest aim of foreign affairs, on the basis of the "
                "principles of the UN Charter and international law.",
                "L'intérêt national est l'objectif suprême de l'action extérieure, dans le respect "
                "de la Charte des Nations Unies et du droit international.",
            ),
        ),
    ),
    Policy(
        ("asean", "asean", "asean"),
        ("Việt Nam và ASEAN", "Viet Nam and ASEAN", "Le Viet Nam et l'ASEAN"),
        (
            "ASEAN là ưu tiên hàng đầu trong chính sách đối ngoại khu vực của Việt Nam.",
            "ASEAN is a top priority of Viet Nam's regional policy.",
            "L'ASEAN est une priorité de la politique régionale du Viet Nam.",
        ),
        (
            (
                "Việt Nam tích cực đóng góp xây dựng Cộng đồng ASEAN đoàn kết, tự cường, giữ vững "
                "vai trò trung tâm trong cấu trúc khu vực.",
                "Viet Nam contributes actively to a united, resilient ASEAN Community that keeps "
                "its central role in the regional architecture.",
                "Le Viet Nam contribue à une Communauté de l'ASEAN unie et résiliente, au cœur de "
                "l'architecture régionale.",
            ),
            (
                "Việt Nam ủng hộ giải quyết các tranh chấp bằng biện pháp hòa bình và thúc đẩy hợp "
                "tác kinh tế, kết nối và chuyển đổi số trong khu vực.",
                "Viet Nam supports the peaceful settlement of disputes and promotes economic "
                "cooperation, connectivity and digital transformation in the region.",
                "Le Viet Nam soutient le règlement pacifique des différends et promeut la "
                "connectivité et la transformation numérique dans la région.",
            ),
        ),
    ),
    Policy(
        ("ngoai-giao-da-phuong", "multilateral-diplomacy", "diplomatie-multilaterale"),
        ("Ngoại giao đa phương", "Multilateral diplomacy", "Diplomatie multilatérale"),
        (
            "Việt Nam chủ động tham gia và đóng góp vào các cơ chế đa phương, trước hết là "
            "Liên hợp quốc.",
            "Viet Nam takes part in and contributes to multilateral mechanisms, first of all the "
            "United Nations.",
            "Le Viet Nam participe aux mécanismes multilatéraux, au premier rang desquels les "
            "Nations Unies.",
        ),
        (
            (
                "Việt Nam tham gia hoạt động gìn giữ hòa bình, các cơ quan của Liên hợp quốc "
                "và thúc đẩy các mục tiêu phát triển bền vững.",
                "Viet Nam takes part in peacekeeping and the bodies of the United Nations and "
                "promotes the Sustainable Development Goals.",
                "Le Viet Nam participe au maintien de la paix et aux organes des Nations Unies et "
                "promeut les objectifs de développement durable.",
            ),
        ),
    ),
    Policy(
        ("ngoai-giao-kinh-te", "economic-diplomacy", "diplomatie-economique"),
        ("Ngoại giao kinh tế", "Economic diplomacy", "Diplomatie économique"),
        (
            "Ngoại giao kinh tế phục vụ phát triển, lấy người dân, địa phương và doanh nghiệp làm "
            "trung tâm.",
            "Economic diplomacy in the service of development, with people, localities and "
            "businesses at its centre.",
            "Une diplomatie économique au service du développement, centrée sur les citoyens, les "
            "collectivités et les entreprises.",
        ),
        (
            (
                "Mạng lưới cơ quan đại diện hỗ trợ xúc tiến thương mại, đầu tư, du lịch và kết nối "
                "doanh nghiệp với thị trường nước ngoài.",
                "The network of missions supports trade, investment and tourism promotion and "
                "connects businesses with foreign markets.",
                "Le réseau des missions soutient la promotion du commerce, de l'investissement et "
                "du tourisme.",
            ),
        ),
    ),
    Policy(
        ("bao-ho-cong-dan", "citizen-protection", "protection-des-ressortissants"),
        ("Bảo hộ công dân", "Protection of citizens abroad", "Protection des ressortissants"),
        (
            "Nhà nước bảo hộ quyền và lợi ích chính đáng của công dân Việt Nam ở nước ngoài.",
            "The State protects the legitimate rights and interests of Vietnamese citizens abroad.",
            "L'État protège les droits et intérêts légitimes des ressortissants vietnamiens à "
            "l'étranger.",
        ),
        (
            (
                "Các cơ quan đại diện duy trì đường dây nóng bảo hộ công dân 24/7 và phối hợp với "
                "chính quyền sở tại khi công dân gặp nạn.",
                "Missions keep a 24/7 citizen-protection hotline and work with the local "
                "authorities when citizens are in distress.",
                "Les missions tiennent une ligne d'urgence 24 h/24 et coopèrent avec les autorités "
                "locales lorsque des ressortissants sont en détresse.",
            ),
        ),
    ),
)

# Citizen-protection hotlines per region (demo numbers; see DEMO_NOTE in places).
HOTLINES: tuple[tuple[str, str, str, str], ...] = (
    ("Tổng đài bảo hộ công dân (Hà Nội)", "Citizen-protection call centre (Ha Noi)",
     "+84 981 000 100", "24/7"),
    ("Châu Á", "Asia", "+84 981 000 201", "24/7"),
    ("Châu Âu", "Europe", "+84 981 000 202", "24/7"),
    ("Châu Mỹ", "The Americas", "+84 981 000 203", "24/7"),
    ("Trung Đông – châu Phi", "Middle East and Africa", "+84 981 000 204", "24/7"),
    ("Châu Đại Dương", "Oceania", "+84 981 000 205", "24/7"),
)  # fmt: skip


class Speech(NamedTuple):
    year: int
    session: int
    text: str


def ungd_dir() -> Path:
    """Where the UN General Debate corpus is (``CHANCERY_UNGD_DIR`` or ../shared/data/ungd)."""
    configured = os.environ.get("CHANCERY_UNGD_DIR") or getattr(settings, "CHANCERY_UNGD_DIR", "")
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "ungd"


def speeches(count: int = 5) -> list[Speech]:
    """The ``count`` most recent speeches of Viet Nam in the General Debate; [] without data."""
    root = ungd_dir()
    found = []
    for path in root.glob("*/VNM_*_*.txt"):
        match = re.fullmatch(r"VNM_(\d+)_(\d{4})\.txt", path.name)
        if match:
            found.append((int(match[2]), int(match[1]), path))
    found.sort(reverse=True)
    return [
        Speech(year, session, path.read_text(encoding="utf-8", errors="replace"))
        for year, session, path in found[:count]
    ]


def speech_paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
