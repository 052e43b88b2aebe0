# ruff: noqa: E501  (sentences of the demo corpus are kept whole, one per line)
"""Texts of the demo cables: themes with subject tags, subjects and paragraphs in Vietnamese
(most) and English. ``{place}`` is the mission's country or city, ``{q}`` a quarter."""

from __future__ import annotations

from typing import NamedTuple


class Theme(NamedTuple):
    tags: tuple[str, ...]
    # Relative frequency; the most urgent precedence it may take (1 FLASH ... 4 ROUTINE).
    weight: int
    urgent: int
    subjects_vi: tuple[str, ...]
    subjects_en: tuple[str, ...]
    body_vi: tuple[str, ...]
    body_en: tuple[str, ...]


# Reports of missions to headquarters.
REPORTS: tuple[Theme, ...] = (
    Theme(
        ("PREL", "PGOV"),
        14,
        3,
        (
            "Tình hình chính trị nội bộ {place} tháng này",
            "Đánh giá chính sách đối ngoại mới của {place}",
            "Kết quả tiếp xúc của Đại sứ với lãnh đạo Bộ Ngoại giao {place}",
        ),
        ("Political situation in {place} this month", "Assessment of {place}'s new foreign policy"),
        (
            "Chính phủ sở tại tiếp tục ưu tiên ổn định kinh tế vĩ mô và cải cách hành chính.",
            "Phe đối lập tăng cường chỉ trích chính sách đối ngoại của chính phủ trên nghị trường.",
            "Lãnh đạo Bộ Ngoại giao sở tại khẳng định coi trọng quan hệ Đối tác với Việt Nam.",
            "Dư luận đánh giá chuyến thăm gần đây góp phần tăng cường tin cậy chính trị giữa hai nước.",
            "Cơ quan đại diện đã trao đổi với các đại sứ ASEAN tại địa bàn về diễn biến này.",
        ),
        (
            "The government continues to prioritise macroeconomic stability and administrative reform.",
            "The opposition has stepped up its criticism of the government's foreign policy.",
            "The Foreign Ministry reaffirmed the importance it attaches to its partnership with Viet Nam.",
            "The Embassy consulted ASEAN colleagues on these developments.",
        ),
    ),
    Theme(
        ("ECON", "ETRD", "EINV"),
        12,
        4,
        (
            "Tình hình kinh tế {place} quý {q}",
            "Triển vọng hợp tác thương mại, đầu tư với {place}",
            "Đề xuất thúc đẩy xuất khẩu nông sản sang {place}",
        ),
        ("Economic outlook of {place}, Q{q}", "Trade and investment prospects with {place}"),
        (
            "Tăng trưởng GDP quý vừa qua thấp hơn dự báo do nhu cầu bên ngoài suy giảm.",
            "Kim ngạch thương mại song phương tăng khoảng 12% so với cùng kỳ năm trước.",
            "Một số tập đoàn lớn của sở tại bày tỏ quan tâm mở rộng đầu tư vào Việt Nam.",
            "Đề nghị các bộ, ngành liên quan phối hợp tháo gỡ rào cản kỹ thuật đối với hàng nông sản.",
            "Cơ quan đại diện sẽ tiếp tục theo dõi và báo cáo diễn biến chính sách thương mại mới.",
        ),
        (
            "GDP growth last quarter fell short of forecasts as external demand weakened.",
            "Bilateral trade grew by about 12 per cent year on year.",
            "Several major companies expressed interest in expanding their investment in Viet Nam.",
        ),
    ),
    Theme(
        ("CASC", "KOVS"),
        9,
        1,
        (
            "Vụ việc công dân Việt Nam gặp nạn tại {place}",
            "Bảo hộ công dân Việt Nam bị tạm giữ tại {place}",
            "Tình hình cộng đồng người Việt Nam tại {place}",
        ),
        (
            "Vietnamese citizens in distress in {place}",
            "Consular protection: Vietnamese nationals detained in {place}",
        ),
        (
            "Cơ quan đại diện đã cử cán bộ lãnh sự đến hiện trường và liên hệ với nhà chức trách sở tại.",
            "Các công dân bị nạn đã được đưa đến bệnh viện, hiện sức khỏe ổn định.",
            "Đề nghị Cục Lãnh sự thông báo cho gia đình và phối hợp thủ tục đưa công dân về nước.",
            "Cộng đồng người Việt tại địa bàn đã hỗ trợ kịp thời về nơi ở và phiên dịch.",
            "Cơ quan đại diện tiếp tục theo dõi sát và sẽ báo cáo khi có diễn biến mới.",
        ),
        (
            "A consular officer went to the scene and contacted the local authorities.",
            "The injured citizens were taken to hospital and are in stable condition.",
            "The Consular Department is asked to inform the families and help arrange repatriation.",
        ),
    ),
    Theme(
        ("KPAO",),
        6,
        4,
        ("Dư luận báo chí {place} về Việt Nam", "Điểm báo {place} về kinh tế Việt Nam"),
        ("Press coverage of Viet Nam in {place}",),
        (
            "Báo chí sở tại đăng nhiều bài viết tích cực về triển vọng kinh tế Việt Nam.",
            "Một số trang mạng đưa thông tin sai lệch, cơ quan đại diện đã có thư phản hồi.",
            "Đề nghị Vụ Thông tin Báo chí cung cấp tài liệu để cơ quan đại diện trả lời phỏng vấn.",
        ),
        (
            "Local media published several positive articles on Viet Nam's economic prospects.",
            "The Embassy replied in writing to a misleading online report.",
        ),
    ),
    Theme(
        ("OVIP", "PREL"),
        7,
        2,
        (
            "Chuẩn bị chuyến thăm cấp cao tới {place}",
            "Kết quả chuyến thăm của đoàn cấp cao tại {place}",
        ),
        ("Preparations for the high-level visit to {place}",),
        (
            "Phía sở tại nhất trí về chương trình và thời gian dự kiến của chuyến thăm.",
            "Đề nghị Cục Lễ tân Nhà nước phối hợp thống nhất nghi thức đón tiếp.",
            "Dự kiến ký kết một số văn kiện hợp tác trong các lĩnh vực giáo dục, khoa học, công nghệ.",
            "Các vấn đề an ninh, hậu cần cho đoàn đã được phía bạn cam kết bảo đảm.",
        ),
        (
            "The host side agreed on the programme and dates of the visit.",
            "Several cooperation documents are expected to be signed during the visit.",
        ),
    ),
    Theme(
        ("KTIA", "ETRD"),
        5,
        3,
        (
            "Tiến triển đàm phán hiệp định thương mại với {place}",
            "Lập trường của {place} tại phiên đàm phán mới nhất",
        ),
        ("Progress of the trade agreement negotiations with {place}",),
        (
            "Phía bạn vẫn giữ quan điểm cứng rắn về quy tắc xuất xứ và mở cửa dịch vụ tài chính.",
            "Đề xuất ta cân nhắc linh hoạt ở một số dòng thuế để đổi lấy ưu đãi cho hàng dệt may.",
            "Phiên đàm phán tiếp theo dự kiến tổ chức trong quý tới.",
            "Thông tin trên chỉ sử dụng nội bộ, không phổ biến ra ngoài.",
        ),
        (
            "The other side maintains a firm position on rules of origin and financial services.",
            "The next round is expected next quarter.",
        ),
    ),
    Theme(
        ("ASEC", "PTER"),
        4,
        1,
        (
            "Tình hình an ninh tại {place} sau vụ việc nghiêm trọng",
            "Cảnh báo an ninh đối với công dân Việt Nam tại {place}",
        ),
        ("Security situation in {place}",),
        (
            "Nhà chức trách sở tại đã nâng mức cảnh báo an ninh tại thủ đô.",
            "Chưa ghi nhận công dân Việt Nam bị ảnh hưởng; cơ quan đại diện đã khuyến cáo hạn chế đi lại.",
            "Đề nghị xem xét ra thông báo khuyến cáo đi lại đối với công dân Việt Nam.",
        ),
        (
            "The authorities raised the security alert level in the capital.",
            "No Vietnamese citizen is known to be affected.",
        ),
    ),
    Theme(
        ("SENV", "TBIO"),
        4,
        3,
        (
            "Hợp tác ứng phó biến đổi khí hậu với {place}",
            "Tình hình dịch bệnh tại {place} và khuyến cáo",
        ),
        ("Climate cooperation with {place}",),
        (
            "Phía bạn công bố gói hỗ trợ chuyển đổi năng lượng cho các nước đang phát triển.",
            "Cơ quan đại diện đề xuất đưa hợp tác khí hậu vào chương trình đối thoại chiến lược.",
            "Ngành y tế sở tại ghi nhận số ca mắc tăng, chưa có khuyến cáo hạn chế đi lại.",
        ),
        ("The host government announced an energy-transition support package.",),
    ),
    Theme(
        ("SCUL", "SEDU"),
        4,
        4,
        ("Tổ chức Ngày Văn hóa Việt Nam tại {place}", "Hợp tác giáo dục, học bổng với {place}"),
        ("Viet Nam Culture Days in {place}",),
        (
            "Chương trình dự kiến gồm triển lãm ảnh, biểu diễn nghệ thuật và ẩm thực.",
            "Phía bạn đề nghị tăng số suất học bổng sau đại học cho sinh viên Việt Nam.",
            "Đề nghị Vụ Ngoại giao văn hóa và UNESCO hỗ trợ kinh phí và đoàn nghệ thuật.",
        ),
        ("The programme includes a photo exhibition, performances and food.",),
    ),
)

# Instructions of headquarters to missions.
INSTRUCTIONS: tuple[Theme, ...] = (
    Theme(
        ("PREL",),
        10,
        3,
        (
            "Đề nghị báo cáo phản ứng của {place} về sự kiện khu vực",
            "Chỉ thị tiếp xúc Bộ Ngoại giao {place}",
        ),
        ("Request for {place}'s reaction to regional developments",),
        (
            "Đề nghị cơ quan đại diện tiếp xúc Bộ Ngoại giao sở tại để nắm quan điểm chính thức.",
            "Trong trao đổi, nhấn mạnh lập trường nhất quán của Việt Nam về hòa bình, ổn định khu vực.",
            "Báo cáo kết quả về Bộ trước ngày làm việc cuối tuần.",
        ),
        (
            "Please seek the host government's official position.",
            "Report back before the end of the week.",
        ),
    ),
    Theme(
        ("PBTS", "PREL"),
        4,
        2,
        (
            "Thông báo lập trường của Việt Nam về vấn đề Biển Đông",
            "Chỉ thị vận động ủng hộ lập trường về luật biển",
        ),
        ("Viet Nam's position on maritime issues: talking points",),
        (
            "Gửi kèm nội dung thông tin để cơ quan đại diện chủ động trao đổi với phía sở tại.",
            "Khẳng định việc giải quyết tranh chấp bằng biện pháp hòa bình, trên cơ sở luật pháp quốc tế, UNCLOS 1982.",
            "Đề nghị báo cáo phản ứng của phía bạn và của đoàn ngoại giao tại địa bàn.",
        ),
        ("Talking points are attached for use with the host authorities.",),
    ),
    Theme(
        ("OVIP", "OEXC"),
        7,
        2,
        (
            "Chỉ thị chuẩn bị đoàn cấp cao thăm {place}",
            "Về đoàn công tác của Bộ thăm và làm việc tại {place}",
        ),
        ("Preparing the high-level delegation to {place}",),
        (
            "Đề nghị cơ quan đại diện làm việc với phía bạn để thống nhất chương trình, thành phần.",
            "Lưu ý bố trí gặp gỡ cộng đồng người Việt và doanh nghiệp Việt Nam tại địa bàn.",
            "Báo cáo đề xuất nội dung văn kiện có thể ký kết.",
        ),
        ("Please agree the programme and composition of the delegation with the host side.",),
    ),
    Theme(
        ("CASC", "CVIS"),
        7,
        2,
        (
            "Hướng dẫn công tác bảo hộ công dân tại {place}",
            "Về việc cấp thị thực cho đoàn khách {place}",
        ),
        ("Consular instructions for {place}",),
        (
            "Đề nghị cơ quan đại diện rà soát danh sách công dân Việt Nam đang cư trú tại địa bàn.",
            "Bảo đảm trực đường dây nóng bảo hộ công dân 24/7 trong thời gian cao điểm.",
            "Thị thực được cấp theo danh sách kèm theo, miễn phí theo nguyên tắc có đi có lại.",
        ),
        ("Please keep the consular hotline staffed around the clock.",),
    ),
    Theme(
        ("AMGT", "AFIN", "APER"),
        5,
        4,
        (
            "Về quyết toán kinh phí hoạt động năm của cơ quan đại diện",
            "Thông báo luân chuyển cán bộ nhiệm kỳ mới",
        ),
        ("Annual budget settlement of the mission",),
        (
            "Đề nghị cơ quan đại diện hoàn thành quyết toán và gửi về Cục Quản trị Tài vụ đúng hạn.",
            "Cán bộ nhận nhiệm vụ mới sẽ có mặt tại cơ quan đại diện trong tháng tới.",
            "Thông tin nhân sự chỉ phổ biến trong phạm vi cần thiết.",
        ),
        ("Please send the settlement to the Administration Department on time.",),
    ),
    Theme(
        ("KUNR", "PHUM"),
        4,
        3,
        (
            "Phối hợp lập trường tại phiên họp Hội đồng Nhân quyền",
            "Chỉ thị bỏ phiếu tại Đại hội đồng Liên hợp quốc",
        ),
        ("Voting instructions: United Nations General Assembly",),
        (
            "Đề nghị Phái đoàn tham vấn nhóm ASEAN trước khi biểu quyết.",
            "Việt Nam bỏ phiếu ủng hộ dự thảo nghị quyết, có giải thích lập trường.",
            "Báo cáo kết quả biểu quyết và phản ứng của các đoàn.",
        ),
        (
            "Please consult the ASEAN group before the vote.",
            "Viet Nam will vote in favour and explain its position.",
        ),
    ),
)

OPENINGS_VI = (
    "Tham chiếu điện trước về cùng vấn đề.",
    "Thực hiện chỉ đạo của Lãnh đạo Bộ, xin báo cáo như sau.",
    "Tóm tắt: nội dung chính của điện được nêu tại các đoạn dưới đây.",
)
OPENINGS_EN = ("Summary: the main points are set out below.", "Reference the previous cable.")
CLOSINGS_VI = ("Đề nghị Bộ cho ý kiến chỉ đạo.", "Xin báo cáo để Lãnh đạo Bộ nắm.", "Hết.")
CLOSINGS_EN = ("Guidance requested.", "End of cable.")
