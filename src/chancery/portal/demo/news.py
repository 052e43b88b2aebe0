"""Demo news: press releases, news stories, statements and rebuttals over the last six months,
generated from templates and the tables of ``texts`` (invented, see there)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

from django.utils import timezone

from chancery.portal.constants import NewsKind
from chancery.portal.demo.texts import (
    ASEAN_TOPICS,
    INCIDENTS,
    PARTNERS,
    RUMOURS,
    UN_TOPICS,
    Partner,
    Tri,
    day_en,
    day_fr,
    day_vi,
)


class Edition(NamedTuple):
    title: str
    summary: str
    paragraphs: tuple[str, ...]


class Article(NamedTuple):
    slug: str
    kind: str
    at: datetime
    vi: Edition
    en: Edition | None
    fr: Edition | None


Maker = Callable[[Partner, Tri, int, datetime], tuple[str, Edition, Edition, Edition]]


def _visit(p: Partner, _t: Tri, n: int, at: datetime) -> tuple[str, Edition, Edition, Edition]:
    return (
        NewsKind.PRESS_RELEASE,
        Edition(
            f"Bộ trưởng Ngoại giao thăm chính thức {p.vi}",
            f"Từ ngày {day_vi(at)}, Bộ trưởng Ngoại giao thăm chính thức {p.vi} nhằm thúc đẩy "
            "quan hệ hợp tác nhiều mặt giữa hai nước.",
            (
                f"Nhận lời mời của Bộ trưởng Ngoại giao {p.vi}, Bộ trưởng Ngoại giao Việt Nam "
                f"thăm chính thức {p.vi} từ ngày {day_vi(at)}.",
                "Trong chuyến thăm, hai Bộ trưởng sẽ đồng chủ trì phiên họp Ủy ban hỗn hợp, "
                "rà soát việc triển khai các thỏa thuận đã ký và trao đổi về các vấn đề khu vực "
                "và quốc tế cùng quan tâm.",
                f"Bộ trưởng cũng sẽ gặp gỡ cộng đồng người Việt Nam tại {p.city_vi} và thăm, làm "
                "việc với Đại sứ quán.",
            ),
        ),
        Edition(
            f"Minister for Foreign Affairs pays official visit to {p.en}",
            f"From {day_en(at)}, the Minister for Foreign Affairs pays an official visit to "
            f"{p.en} to deepen cooperation between the two countries.",
            (
                f"At the invitation of the Foreign Minister of {p.en}, the Minister for Foreign "
                f"Affairs of Viet Nam pays an official visit to {p.en} from {day_en(at)}.",
                "During the visit, the two Ministers will co-chair the Joint Committee, review "
                "the implementation of the agreements signed and exchange views on regional and "
                "international issues of common interest.",
                f"The Minister will also meet the Vietnamese community in {p.city_en} and visit "
                "the Embassy.",
            ),
        ),
        Edition(
            f"Visite officielle du Ministre des Affaires étrangères {p.fr_in}",
            f"À partir du {day_fr(at)}, le Ministre des Affaires étrangères effectue une visite "
            f"officielle {p.fr_in} pour approfondir la coopération entre les deux pays.",
            (
                f"À l'invitation de son homologue, le Ministre des Affaires étrangères du Viet "
                f"Nam effectue une visite officielle {p.fr_in} à partir du {day_fr(at)}.",
                "Au cours de la visite, les deux Ministres coprésideront la Commission mixte, "
                "feront le point sur la mise en œuvre des accords signés et échangeront sur les "
                "questions régionales et internationales d'intérêt commun.",
                "Le Ministre rencontrera également la communauté vietnamienne et visitera "
                "l'Ambassade.",
            ),
        ),
    )


def _consultation(
    p: Partner, _t: Tri, n: int, at: datetime
) -> tuple[str, Edition, Edition, Edition]:
    round_ = 5 + n
    return (
        NewsKind.NEWS_STORY,
        Edition(
            f"Tham khảo chính trị cấp Thứ trưởng Ngoại giao Việt Nam – {p.vi} lần thứ {round_}",
            "Hai bên đánh giá cao những bước tiến trong quan hệ song phương và thống nhất các "
            "biện pháp thúc đẩy hợp tác trong thời gian tới.",
            (
                f"Ngày {day_vi(at)}, tại Hà Nội, Thứ trưởng Ngoại giao đồng chủ trì Tham khảo "
                f"chính trị lần thứ {round_} giữa hai Bộ Ngoại giao Việt Nam và {p.vi}.",
                "Hai bên nhất trí tăng cường trao đổi đoàn các cấp, thúc đẩy hợp tác kinh tế, "
                "thương mại, đầu tư, giáo dục, lao động và giao lưu nhân dân.",
                "Về các vấn đề quốc tế và khu vực, hai bên nhấn mạnh tầm quan trọng của việc "
                "giải quyết tranh chấp bằng biện pháp hòa bình trên cơ sở luật pháp quốc tế.",
            ),
        ),
        Edition(
            f"Viet Nam – {p.en[0].upper() + p.en[1:]}: political consultation at Deputy Minister "
            f"level, round {round_}",
            "Both sides welcomed the progress of bilateral relations and agreed on measures to "
            "advance cooperation in the coming period.",
            (
                f"On {day_en(at)}, in Ha Noi, the Deputy Minister for Foreign Affairs co-chaired "
                f"the {round_}th political consultation between the foreign ministries of Viet "
                f"Nam and {p.en}.",
                "The two sides agreed to intensify exchanges of delegations at all levels and "
                "to promote cooperation in the economy, trade, investment, education, labour "
                "and people-to-people exchanges.",
                "On international and regional issues, they stressed the importance of "
                "settling disputes by peaceful means on the basis of international law.",
            ),
        ),
        Edition(
            f"Consultations politiques au niveau des vice-ministres {p.fr_with}, {round_}e session",
            "Les deux parties ont salué les progrès des relations bilatérales et sont convenues "
            "de mesures pour faire avancer la coopération.",
            (
                f"Le {day_fr(at)}, à Hanoï, le Vice-ministre des Affaires étrangères a coprésidé "
                f"la {round_}e session des consultations politiques {p.fr_with}.",
                "Les deux parties sont convenues d'intensifier les échanges de délégations et "
                "de promouvoir la coopération économique, commerciale, éducative et humaine.",
                "Sur les questions internationales, elles ont souligné l'importance du "
                "règlement pacifique des différends sur la base du droit international.",
            ),
        ),
    )


def _economic(p: Partner, _t: Tri, n: int, at: datetime) -> tuple[str, Edition, Edition, Edition]:
    firms = 80 + 15 * n
    return (
        NewsKind.NEWS_STORY,
        Edition(
            f"Hội nghị xúc tiến thương mại và đầu tư Việt Nam – {p.vi} tại {p.city_vi}",
            f"Hơn {firms} doanh nghiệp hai nước tham dự hội nghị do Đại sứ quán phối hợp tổ chức.",
            (
                f"Ngày {day_vi(at)}, Đại sứ quán Việt Nam phối hợp với các hiệp hội doanh nghiệp "
                f"sở tại tổ chức Hội nghị xúc tiến thương mại và đầu tư tại {p.city_vi}, với sự "
                f"tham gia của hơn {firms} doanh nghiệp.",
                "Các đại biểu trao đổi về cơ hội hợp tác trong các lĩnh vực nông sản, chế biến, "
                "năng lượng tái tạo, chuyển đổi số và logistics.",
                "Đây là một trong các hoạt động triển khai công tác ngoại giao kinh tế phục vụ "
                "phát triển, lấy người dân và doanh nghiệp làm trung tâm.",
            ),
        ),
        Edition(
            f"Viet Nam – {p.en[0].upper() + p.en[1:]} trade and investment promotion conference "
            f"in {p.city_en}",
            f"More than {firms} businesses from both countries attended the conference "
            "co-organised by the Embassy.",
            (
                f"On {day_en(at)}, the Embassy of Viet Nam and local business associations held "
                f"a trade and investment promotion conference in {p.city_en}, attended by more "
                f"than {firms} businesses.",
                "Participants discussed opportunities in agricultural products, processing, "
                "renewable energy, digital transformation and logistics.",
                "The conference is part of economic diplomacy in the service of development, "
                "with people and businesses at its centre.",
            ),
        ),
        Edition(
            f"Conférence de promotion du commerce et de l'investissement {p.fr_with}",
            f"Plus de {firms} entreprises des deux pays ont participé à la conférence "
            "coorganisée par l'Ambassade.",
            (
                f"Le {day_fr(at)}, l'Ambassade du Viet Nam et des associations professionnelles "
                f"locales ont organisé une conférence de promotion réunissant plus de {firms} "
                "entreprises.",
                "Les participants ont examiné les possibilités de coopération dans les produits "
                "agricoles, la transformation, les énergies renouvelables et le numérique.",
                "Cette conférence s'inscrit dans la diplomatie économique au service du "
                "développement.",
            ),
        ),
    )


def _protection(p: Partner, t: Tri, n: int, at: datetime) -> tuple[str, Edition, Edition, Edition]:
    return (
        NewsKind.NEWS_STORY,
        Edition(
            f"Bảo hộ công dân Việt Nam sau {t[0]} tại {p.vi}",
            f"Đại sứ quán Việt Nam tại {p.vi} đã cử cán bộ đến hiện trường, hỗ trợ các công dân "
            "bị ảnh hưởng.",
            (
                f"Ngay sau khi nhận được thông tin về {t[0]} tại {p.vi}, Đại sứ quán đã liên hệ "
                "với các cơ quan chức năng sở tại và cộng đồng để xác minh tình hình công dân.",
                "Đến nay, chưa ghi nhận thêm trường hợp công dân Việt Nam bị thương. Đại sứ quán "
                "tiếp tục theo dõi sát tình hình và sẵn sàng hỗ trợ khi cần thiết.",
                "Công dân cần hỗ trợ khẩn cấp xin liên hệ đường dây nóng bảo hộ công dân của "
                "Đại sứ quán hoặc Tổng đài bảo hộ công dân của Bộ Ngoại giao.",
            ),
        ),
        Edition(
            f"Protection of Vietnamese citizens after {t[1]} in {p.en}",
            f"The Embassy of Viet Nam in {p.en} sent staff to the scene to assist the citizens "
            "affected.",
            (
                f"As soon as it learned of {t[1]} in {p.en}, the Embassy contacted the local "
                "authorities and the community to verify the situation of Vietnamese citizens.",
                "No further injuries among Vietnamese citizens have been reported so far. The "
                "Embassy continues to follow the situation closely and stands ready to help.",
                "Citizens in need of urgent help should call the Embassy's citizen-protection "
                "hotline or the Ministry's citizen-protection call centre.",
            ),
        ),
        Edition(
            f"Protection des ressortissants vietnamiens après {t[2]} {p.fr_in}",
            "L'Ambassade a dépêché du personnel sur place pour aider les ressortissants concernés.",
            (
                f"Dès qu'elle a eu connaissance de {t[2]} {p.fr_in}, l'Ambassade a pris contact "
                "avec les autorités locales et la communauté pour vérifier la situation.",
                "Aucun autre blessé parmi les ressortissants vietnamiens n'a été signalé à ce "
                "jour. L'Ambassade suit la situation de près.",
                "Les ressortissants ayant besoin d'une aide urgente peuvent appeler la ligne "
                "d'urgence de l'Ambassade ou le centre d'appel du Ministère.",
            ),
        ),
    )


def _consular(p: Partner, _t: Tri, n: int, at: datetime) -> tuple[str, Edition, Edition, Edition]:
    return (
        NewsKind.PRESS_RELEASE,
        Edition(
            f"Đại sứ quán Việt Nam tại {p.vi} tiếp nhận hồ sơ hộ chiếu trực tuyến",
            "Công dân có thể nộp hồ sơ cấp hộ chiếu phổ thông qua Cổng dịch vụ công của Bộ "
            "Ngoại giao và nhận kết quả qua đường bưu chính.",
            (
                f"Kể từ ngày {day_vi(at)}, Đại sứ quán Việt Nam tại {p.vi} tiếp nhận hồ sơ đề "
                "nghị cấp hộ chiếu phổ thông trực tuyến qua Cổng dịch vụ công của Bộ Ngoại giao.",
                "Người nộp hồ sơ theo dõi tình trạng xử lý trực tuyến, thanh toán lệ phí bằng "
                "thẻ và lựa chọn nhận kết quả tại trụ sở hoặc qua đường bưu chính.",
                "Đại sứ quán không ủy quyền cho bất kỳ tổ chức, cá nhân trung gian nào thu phí "
                "dịch vụ làm hộ chiếu.",
            ),
        ),
        Edition(
            f"Embassy of Viet Nam in {p.en} accepts passport applications online",
            "Citizens may apply for an ordinary passport through the Ministry's public-service "
            "portal and receive it by post.",
            (
                f"From {day_en(at)}, the Embassy of Viet Nam in {p.en} accepts applications for "
                "ordinary passports online through the Ministry's public-service portal.",
                "Applicants follow their application online, pay the fee by card and choose to "
                "collect the passport at the Embassy or to receive it by post.",
                "The Embassy has not authorised any intermediary to charge for passport services.",
            ),
        ),
        Edition(
            "Demandes de passeport en ligne auprès de l'Ambassade du Viet Nam",
            "Les ressortissants peuvent demander un passeport ordinaire sur le portail des "
            "services publics du Ministère et le recevoir par la poste.",
            (
                f"À compter du {day_fr(at)}, l'Ambassade du Viet Nam {p.fr_in} reçoit en ligne "
                "les demandes de passeport ordinaire.",
                "Les demandeurs suivent leur dossier en ligne, paient par carte et choisissent "
                "de retirer le passeport à l'Ambassade ou de le recevoir par la poste.",
                "L'Ambassade n'a autorisé aucun intermédiaire à facturer des services de "
                "passeport.",
            ),
        ),
    )


def _statement(p: Partner, t: Tri, n: int, at: datetime) -> tuple[str, Edition, Edition, Edition]:
    return (
        NewsKind.STATEMENT,
        Edition(
            f"Người Phát ngôn Bộ Ngoại giao chia buồn về thiệt hại do {t[0]} tại {p.vi}",
            f"Việt Nam bày tỏ sự cảm thông sâu sắc với Chính phủ và nhân dân {p.vi}.",
            (
                f"Trả lời câu hỏi của phóng viên ngày {day_vi(at)}, Người Phát ngôn Bộ Ngoại "
                f"giao bày tỏ sự chia buồn sâu sắc trước những thiệt hại về người và tài sản do "
                f"{t[0]} gây ra tại {p.vi}.",
                f"Việt Nam tin tưởng rằng Chính phủ và nhân dân {p.vi} sẽ sớm khắc phục hậu quả "
                "và ổn định cuộc sống.",
            ),
        ),
        Edition(
            f"Spokesperson expresses condolences over the damage caused by {t[1]} in {p.en}",
            f"Viet Nam expresses its deep sympathy to the Government and people of {p.en}.",
            (
                f"Answering a question on {day_en(at)}, the Spokesperson of the Ministry of "
                f"Foreign Affairs expressed deep condolences for the loss of life and property "
                f"caused by {t[1]} in {p.en}.",
                f"Viet Nam trusts that the Government and people of {p.en} will soon overcome "
                "the consequences and return to normal life.",
            ),
        ),
        Edition(
            f"Condoléances de la Porte-parole après {t[2]} {p.fr_in}",
            "Le Viet Nam exprime sa profonde sympathie au Gouvernement et au peuple du pays "
            "touché.",
            (
                f"Répondant à une question le {day_fr(at)}, la Porte-parole du Ministère a "
                f"présenté ses sincères condoléances pour les pertes causées par {t[2]} "
                f"{p.fr_in}.",
                "Le Viet Nam est convaincu que le pays surmontera rapidement les conséquences "
                "de cette catastrophe.",
            ),
        ),
    )


def _rebuttal(p: Partner, t: Tri, n: int, at: datetime) -> tuple[str, Edition, Edition, Edition]:
    return (
        NewsKind.REBUTTAL,
        Edition(
            f"Bác bỏ thông tin sai sự thật về {t[0]}",
            "Bộ Ngoại giao khẳng định thông tin lan truyền trên mạng xã hội là không chính xác "
            "và khuyến cáo người dân cảnh giác.",
            (
                f"Thời gian gần đây, trên một số trang mạng xã hội xuất hiện thông tin về {t[0]}, "
                f"được cho là liên quan đến cơ quan đại diện Việt Nam tại {p.vi}.",
                "Bộ Ngoại giao khẳng định đây là thông tin sai sự thật. Mọi thông báo chính thức "
                "chỉ được đăng trên Cổng thông tin điện tử của Bộ và trang của các cơ quan đại "
                "diện.",
                "Người dân phát hiện dấu hiệu lừa đảo xin thông báo cho cơ quan công an hoặc "
                "cơ quan đại diện gần nhất.",
            ),
        ),
        Edition(
            f"False information about {t[1]} refuted",
            "The Ministry states that the information circulating on social media is untrue "
            "and urges the public to be vigilant.",
            (
                f"Information has recently appeared on social media about {t[1]}, said to be "
                f"linked to the mission of Viet Nam in {p.en}.",
                "The Ministry of Foreign Affairs states that this information is false. Official "
                "notices are published only on the Ministry's portal and the pages of its "
                "missions.",
                "Anyone who notices signs of fraud should report it to the police or to the "
                "nearest mission.",
            ),
        ),
        Edition(
            f"Démenti : informations fausses sur {t[2]}",
            "Le Ministère affirme que les informations diffusées sur les réseaux sociaux sont "
            "inexactes et appelle à la vigilance.",
            (
                f"Des informations ont récemment circulé sur les réseaux sociaux au sujet d'{t[2]}."
                if t[2][0] in "aeiou"
                else f"Des informations ont récemment circulé sur les réseaux sociaux au sujet de "
                f"{t[2]}.",
                "Le Ministère des Affaires étrangères affirme que ces informations sont fausses. "
                "Les avis officiels ne sont publiés que sur le portail du Ministère et les pages "
                "de ses missions.",
                "Toute personne constatant des signes de fraude est invitée à le signaler à la "
                "police ou à la mission la plus proche.",
            ),
        ),
    )


def _asean(p: Partner, t: Tri, n: int, at: datetime) -> tuple[str, Edition, Edition, Edition]:
    return (
        NewsKind.NEWS_STORY,
        Edition(
            f"Việt Nam tham dự {t[0]}",
            "Đoàn Việt Nam đề xuất các biện pháp tăng cường đoàn kết nội khối và vai trò trung "
            "tâm của ASEAN.",
            (
                f"Ngày {day_vi(at)}, đoàn Việt Nam do Thứ trưởng Ngoại giao dẫn đầu tham dự "
                f"{t[0]}.",
                "Các nước thành viên rà soát tiến độ xây dựng Cộng đồng ASEAN, triển khai Tầm "
                "nhìn Cộng đồng ASEAN và chuẩn bị cho các hội nghị cấp cao sắp tới.",
                "Phát biểu tại hội nghị, Trưởng đoàn Việt Nam nhấn mạnh đoàn kết, tự cường và "
                "vai trò trung tâm của ASEAN trong cấu trúc khu vực.",
            ),
        ),
        Edition(
            f"Viet Nam attends {t[1]}",
            "The Vietnamese delegation proposed measures to strengthen ASEAN unity and centrality.",
            (
                f"On {day_en(at)}, a Vietnamese delegation led by the Deputy Minister for "
                f"Foreign Affairs attended {t[1]}.",
                "Member states reviewed progress in building the ASEAN Community, the "
                "implementation of the ASEAN Community Vision and preparations for the coming "
                "summits.",
                "Speaking at the meeting, the head of the Vietnamese delegation stressed unity, "
                "resilience and ASEAN's central role in the regional architecture.",
            ),
        ),
        Edition(
            f"Le Viet Nam participe à {t[2]}",
            "La délégation vietnamienne a proposé des mesures pour renforcer l'unité et la "
            "centralité de l'ASEAN.",
            (
                f"Le {day_fr(at)}, une délégation conduite par le Vice-ministre des Affaires "
                f"étrangères a participé à {t[2]}.",
                "Les États membres ont fait le point sur la construction de la Communauté de "
                "l'ASEAN et la préparation des prochains sommets.",
                "Le chef de la délégation a souligné l'unité, la résilience et le rôle central "
                "de l'ASEAN dans l'architecture régionale.",
            ),
        ),
    )


def _un(p: Partner, t: Tri, n: int, at: datetime) -> tuple[str, Edition, Edition, Edition]:
    return (
        NewsKind.NEWS_STORY,
        Edition(
            f"Việt Nam tích cực đóng góp tại {t[0]}",
            "Phái đoàn Việt Nam tham gia thảo luận và nêu quan điểm về các vấn đề trong chương "
            "trình nghị sự.",
            (
                f"Ngày {day_vi(at)}, Phái đoàn Đại diện thường trực Việt Nam tham gia {t[0]}.",
                "Phát biểu tại phiên họp, Đại sứ, Trưởng Phái đoàn khẳng định Việt Nam ủng hộ "
                "chủ nghĩa đa phương, tôn trọng luật pháp quốc tế và Hiến chương Liên hợp quốc.",
                "Việt Nam sẵn sàng chia sẻ kinh nghiệm và phối hợp với các nước thành viên vì hòa "
                "bình, hợp tác và phát triển bền vững.",
            ),
        ),
        Edition(
            f"Viet Nam contributes actively to {t[1]}",
            "The Vietnamese mission took part in the discussions and set out its views on the "
            "items of the agenda.",
            (
                f"On {day_en(at)}, the Permanent Mission of Viet Nam took part in {t[1]}.",
                "Speaking at the meeting, the Ambassador and Permanent Representative affirmed "
                "Viet Nam's support for multilateralism, international law and the Charter of "
                "the United Nations.",
                "Viet Nam stands ready to share its experience and to work with member states "
                "for peace, cooperation and sustainable development.",
            ),
        ),
        Edition(
            f"Contribution active du Viet Nam à {t[2]}",
            "La mission vietnamienne a participé aux débats et exposé ses positions.",
            (
                f"Le {day_fr(at)}, la Mission permanente du Viet Nam a participé à {t[2]}.",
                "L'Ambassadeur, Représentant permanent, a réaffirmé l'attachement du Viet Nam au "
                "multilatéralisme, au droit international et à la Charte des Nations Unies.",
                "Le Viet Nam est prêt à partager son expérience et à travailler avec les États "
                "membres pour la paix et le développement durable.",
            ),
        ),
    )


# (template, how many items, which table feeds it).
PLAN: tuple[tuple[Maker, int, tuple[Tri, ...]], ...] = (
    (_visit, 6, INCIDENTS),
    (_consultation, 6, INCIDENTS),
    (_economic, 6, INCIDENTS),
    (_protection, 6, INCIDENTS),
    (_consular, 5, INCIDENTS),
    (_statement, 4, INCIDENTS),
    (_rebuttal, 5, RUMOURS),
    (_asean, 6, ASEAN_TOPICS),
    (_un, 6, UN_TOPICS),
)
SPAN_DAYS = 180


def articles(now: datetime | None = None) -> list[Article]:
    """Every demo news item, newest first, the same titles and slugs on every call."""
    from chancery.portal.demo.common import ascii_slug

    now = now or timezone.now()
    specs: list[tuple[Maker, Partner, Tri, int]] = []
    for maker, count, table in PLAN:
        for n in range(count):
            partner = PARTNERS[(len(specs) * 7) % len(PARTNERS)]
            specs.append((maker, partner, table[n % len(table)], n))
    # Interleave the kinds over the six months: a fixed stride through the list.
    order = [(i * 17) % len(specs) for i in range(len(specs))]
    result: list[Article] = []
    slugs: set[str] = set()
    for position, index in enumerate(order):
        maker, partner, topic, n = specs[index]
        at = now - timedelta(days=position * SPAN_DAYS / len(specs), hours=(index % 5) * 2)
        kind, vi, en, fr = maker(partner, topic, n, at)
        slug = ascii_slug(vi.title, 70)
        while slug in slugs:
            slug += "-2"
        slugs.add(slug)
        # English lags: the four newest items and a few others wait for their translation;
        # French for one item in three.
        lagging = position < 4 or position % 13 == 7
        result.append(
            Article(slug, kind, at, vi, None if lagging else en, fr if position % 3 == 1 else None)
        )
    return result
