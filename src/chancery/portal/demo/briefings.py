"""Demo press briefings and leaders' activities (invented; positions, not real people)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from chancery.portal.demo.texts import PARTNERS, day_en, day_vi

# An obviously fictional spokesperson.
SPOKESPERSON = {"vi": "Người Phát ngôn Đoàn Minh Châu", "en": "Spokesperson Doan Minh Chau"}
OUTLETS = ("VTV", "Reuters", "AFP", "TTXVN", "Kyodo", "Yonhap", "Bloomberg", "VnExpress",
           "Nhân Dân", "Sputnik", "Bernama", "Tuổi Trẻ")  # fmt: skip

# (question vi, answer vi, question en, answer en); {vi}/{en} is a partner country.
QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Bộ Ngoại giao có thông tin gì về công dân Việt Nam bị ảnh hưởng bởi thiên tai tại {vi}?",
        "Ngay khi nhận được thông tin, Bộ Ngoại giao đã chỉ đạo Đại sứ quán tại {vi} liên hệ với "
        "các cơ quan sở tại để xác minh. Đến nay chưa có thông tin công dân Việt Nam bị thương.",
        "Does the Ministry have information about Vietnamese citizens affected by the natural "
        "disaster in {en}?",
        "As soon as it was informed, the Ministry instructed the Embassy in {en} to verify with "
        "the local authorities. So far no Vietnamese citizen has been reported injured.",
    ),
    (
        "Đề nghị Người Phát ngôn cho biết kết quả chuyến thăm của Bộ trưởng Ngoại giao tới {vi}?",
        "Chuyến thăm đã thành công tốt đẹp. Hai bên nhất trí tăng cường trao đổi đoàn, thúc đẩy "
        "hợp tác kinh tế, giáo dục và giao lưu nhân dân.",
        "Could the Spokesperson tell us the results of the Minister's visit to {en}?",
        "The visit was a success. The two sides agreed to increase exchanges of delegations and "
        "to promote cooperation in the economy, education and people-to-people exchanges.",
    ),
    (
        "Việt Nam phản ứng thế nào trước việc một số tàu nước ngoài hoạt động trái phép trong "
        "vùng biển của Việt Nam?",
        "Việt Nam kiên quyết bảo vệ chủ quyền, quyền chủ quyền và quyền tài phán của mình phù hợp "
        "với Công ước Liên hợp quốc về Luật Biển năm 1982 và đề nghị các bên liên quan tôn trọng.",
        "How does Viet Nam respond to foreign vessels operating illegally in Viet Nam's waters?",
        "Viet Nam firmly protects its sovereignty, sovereign rights and jurisdiction in "
        "accordance with the 1982 UN Convention on the Law of the Sea and asks the parties "
        "concerned to respect them.",
    ),
    (
        "Bộ Ngoại giao có khuyến cáo gì đối với công dân dự định đi du lịch {vi} dịp cuối năm?",
        "Công dân nên tham khảo khuyến cáo đi lại được cập nhật trên Cổng thông tin của Bộ, mua "
        "bảo hiểm du lịch và lưu số đường dây nóng bảo hộ công dân.",
        "Does the Ministry have advice for citizens planning to travel to {en} at the end of "
        "the year?",
        "Citizens should read the travel advice updated on the Ministry's portal, take out "
        "travel insurance and keep the citizen-protection hotline number at hand.",
    ),
    (
        "Người Phát ngôn bình luận gì về việc ASEAN chuẩn bị thông qua văn kiện về kinh tế số?",
        "Việt Nam ủng hộ việc ASEAN thúc đẩy hợp tác kinh tế số và sẽ tích cực đóng góp vào quá "
        "trình đàm phán vì lợi ích chung của khu vực.",
        "What is the Spokesperson's comment on ASEAN's preparations to adopt a digital economy "
        "instrument?",
        "Viet Nam supports ASEAN's efforts to advance digital economic cooperation and will "
        "contribute actively to the negotiations in the common interest of the region.",
    ),
    (
        "Đề nghị cho biết tiến độ cấp hộ chiếu trực tuyến tại các cơ quan đại diện?",
        "Việc tiếp nhận hồ sơ trực tuyến đã được triển khai tại nhiều cơ quan đại diện. Bộ Ngoại "
        "giao sẽ tiếp tục mở rộng trong thời gian tới.",
        "What progress has been made on online passport applications at missions abroad?",
        "Online applications are already accepted at many missions. The Ministry will extend "
        "the service further in the coming period.",
    ),
    (
        "Việt Nam có kế hoạch đóng góp thêm lực lượng cho hoạt động gìn giữ hòa bình của Liên "
        "hợp quốc không?",
        "Việt Nam coi trọng việc tham gia hoạt động gìn giữ hòa bình và sẽ tiếp tục đóng góp phù "
        "hợp với điều kiện và khả năng của mình.",
        "Does Viet Nam plan to contribute more personnel to UN peacekeeping operations?",
        "Viet Nam attaches importance to peacekeeping and will continue to contribute in line "
        "with its conditions and capacity.",
    ),
    (
        "Bộ Ngoại giao có thông tin về vụ việc lao động Việt Nam bị lừa đi làm việc tại {vi}?",
        "Cơ quan đại diện đã phối hợp với cơ quan chức năng sở tại giải cứu và hỗ trợ các công "
        "dân về nước. Bộ Ngoại giao khuyến cáo người dân tìm hiểu kỹ thông tin tuyển dụng.",
        "Does the Ministry have information about Vietnamese workers lured to work in {en}?",
        "The mission worked with the local authorities to rescue the citizens and help them "
        "return home. The Ministry advises people to check job offers carefully.",
    ),
)


class Briefing(NamedTuple):
    number: int
    at: datetime
    slug: str
    vi: dict[str, object]
    en: dict[str, str]  # source text -> English


def briefings(now: datetime) -> list[Briefing]:
    """Ten weekly briefings, the newest last Thursday, numbered on from 41."""
    last_thursday = now - timedelta(days=(now.weekday() - 3) % 7 or 7)
    last_thursday = last_thursday.replace(hour=16, minute=0, second=0, microsecond=0)
    result = []
    for k in range(10):
        number = 50 - k
        at = last_thursday - timedelta(weeks=k)
        partner = PARTNERS[(k * 3) % len(PARTNERS)]
        other = PARTNERS[(k * 3 + 5) % len(PARTNERS)]
        count = 3 + (k % 4)
        picked = [QUESTIONS[(k + j * 3) % len(QUESTIONS)] for j in range(count)]
        questions = []
        en: dict[str, str] = {}
        for j, (qv, av, qe, ae) in enumerate(picked):
            country = partner if j % 2 == 0 else other
            q_vi, a_vi = qv.format(vi=country.vi), av.format(vi=country.vi)
            en[q_vi], en[a_vi] = qe.format(en=country.en), ae.format(en=country.en)
            questions.append(
                {
                    "type": "question",
                    "value": {
                        "outlet": OUTLETS[(k * 5 + j) % len(OUTLETS)],
                        "question": q_vi,
                        "answer": f"<p>{a_vi}</p>",
                    },
                }
            )
        title_vi = f"Họp báo thường kỳ của Bộ Ngoại giao lần thứ {number} năm {at.year}"
        summary_vi = (
            f"Ngày {day_vi(at)}, Người Phát ngôn Bộ Ngoại giao chủ trì họp báo thường kỳ, thông "
            f"báo hoạt động đối ngoại sắp tới và trả lời {count} câu hỏi của phóng viên."
        )
        ann_vi = (
            f"Nhận lời mời của Bộ trưởng Ngoại giao {partner.vi}, Bộ trưởng Ngoại giao sẽ thăm "
            f"chính thức {partner.vi} trong tuần tới.",
            f"Thứ trưởng Ngoại giao sẽ dẫn đầu đoàn Việt Nam tham dự phiên tham khảo chính trị "
            f"với {other.vi} tại Hà Nội.",
        )
        ann_en = (
            f"At the invitation of the Foreign Minister of {partner.en}, the Minister for "
            f"Foreign Affairs will pay an official visit to {partner.en} next week.",
            f"The Deputy Minister will lead the Vietnamese delegation to the political "
            f"consultation with {other.en} in Ha Noi.",
        )
        en.update(dict(zip(ann_vi, ann_en, strict=True)))
        en[title_vi] = f"Regular press briefing of the Ministry of Foreign Affairs No. {number}"
        en[summary_vi] = (
            f"On {day_en(at)}, the Spokesperson held the regular press briefing, announced "
            f"upcoming foreign-affairs activities and answered {count} questions."
        )
        en[SPOKESPERSON["vi"]] = SPOKESPERSON["en"]
        en[f"hop-bao-thuong-ky-so-{number}"] = f"regular-press-briefing-{number}"
        result.append(
            Briefing(
                number,
                at,
                f"hop-bao-thuong-ky-so-{number}",
                {
                    "title": title_vi,
                    "summary": summary_vi,
                    "body": ann_vi,
                    "questions": questions,
                },
                en,
            )
        )
    return result


class Activity(NamedTuple):
    slug: str
    leader: str
    starts_at: datetime
    ends_at: datetime
    location: str
    title: str
    summary: str
    en: dict[str, str]


LEADERS = (
    ("Bộ trưởng Ngoại giao", "Minister for Foreign Affairs"),
    ("Thứ trưởng Thường trực Bộ Ngoại giao", "Permanent Deputy Minister for Foreign Affairs"),
    ("Thứ trưởng Bộ Ngoại giao", "Deputy Minister for Foreign Affairs"),
)

# (title vi, title en, summary vi, summary en, location vi, location en, hours)
KINDS: tuple[tuple[str, str, str, str, str, str, int], ...] = (
    ("{leader} tiếp Đại sứ {vi} chào từ biệt",
     "{leader_en} receives the outgoing Ambassador of {en}",
     "{leader} tiếp Đại sứ {vi} đến chào từ biệt nhân dịp kết thúc nhiệm kỳ.",
     "The {leader_en} receives the Ambassador of {en} at the end of the Ambassador's term.",
     "Trụ sở Bộ Ngoại giao, Hà Nội", "Ministry of Foreign Affairs, Ha Noi", 1),
    ("{leader} tiếp nhận bản sao Thư ủy nhiệm của Đại sứ {vi}",
     "{leader_en} receives a copy of the credentials of the Ambassador of {en}",
     "{leader} tiếp nhận bản sao Thư ủy nhiệm của Đại sứ {vi} mới được bổ nhiệm.",
     "The {leader_en} receives a copy of the credentials of the new Ambassador of {en}.",
     "Trụ sở Bộ Ngoại giao, Hà Nội", "Ministry of Foreign Affairs, Ha Noi", 1),
    ("{leader} hội đàm với Bộ trưởng Ngoại giao {vi}",
     "{leader_en} holds talks with the Foreign Minister of {en}",
     "Hai bên trao đổi về quan hệ song phương và các vấn đề quốc tế cùng quan tâm.",
     "The two sides discuss bilateral relations and international issues of common interest.",
     "Nhà khách Chính phủ, Hà Nội", "Government Guest House, Ha Noi", 2),
    ("{leader} làm việc với tỉnh Quảng Ninh về công tác đối ngoại địa phương",
     "{leader_en} works with Quang Ninh province on local external relations",
     "{leader} làm việc với lãnh đạo tỉnh về hợp tác quốc tế và thu hút đầu tư.",
     "The {leader_en} meets provincial leaders on international cooperation and investment.",
     "Hạ Long, Quảng Ninh", "Ha Long, Quang Ninh", 3),
    ("{leader} dự Hội nghị Ngoại giao kinh tế với doanh nghiệp",
     "{leader_en} attends the Economic Diplomacy Forum with businesses",
     "Hội nghị kết nối doanh nghiệp với mạng lưới cơ quan đại diện ở nước ngoài.",
     "The forum connects businesses with the network of missions abroad.",
     "Thành phố Hồ Chí Minh", "Ho Chi Minh City", 4),
    ("{leader} chủ trì giao ban công tác bảo hộ công dân",
     "{leader_en} chairs the citizen-protection coordination meeting",
     "Giao ban trực tuyến với các cơ quan đại diện về công tác bảo hộ công dân.",
     "An online meeting with the missions on the protection of citizens abroad.",
     "Trụ sở Bộ Ngoại giao, Hà Nội", "Ministry of Foreign Affairs, Ha Noi", 2),
)  # fmt: skip


def activities(now: datetime) -> list[Activity]:
    """Twenty-five activities from six weeks ago to three weeks ahead."""
    start = now.replace(minute=0, second=0, microsecond=0)
    result = []
    for k in range(25):
        leader_vi, leader_en = LEADERS[k % len(LEADERS)]
        partner = PARTNERS[(k * 5 + 2) % len(PARTNERS)]
        tv, te, sv, se, lv, le, hours = KINDS[k % len(KINDS)]
        days = -42 + k * 63 // 24
        starts = (start + timedelta(days=days)).replace(hour=9 + (k % 3) * 2)
        ctx_vi = {"leader": leader_vi, "vi": partner.vi}
        ctx_en = {"leader_en": leader_en, "en": partner.en}
        title, summary = tv.format(**ctx_vi), sv.format(**ctx_vi)
        title_en = te.format(**ctx_en)
        title_en = title_en[0].upper() + title_en[1:]
        slug = f"hoat-dong-{k + 1:02d}"
        result.append(
            Activity(
                slug,
                leader_vi,
                starts,
                starts + timedelta(hours=hours),
                lv,
                title,
                summary,
                {
                    title: title_en,
                    summary: se.format(**ctx_en),
                    leader_vi: leader_en,
                    lv: le,
                    slug: f"activity-{k + 1:02d}",
                },
            )
        )
    return result
