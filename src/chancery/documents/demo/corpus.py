"""Words of the demo correspondence: senders, subjects, comments (fictional, plausible)."""

from __future__ import annotations

from typing import NamedTuple


class Sender(NamedTuple):
    name: str
    code: str  # the symbol part of their numbers: ``1234/BTC-HTQT``
    signer: str
    language: str = "vi"


# fmt: off
MINISTRIES: tuple[Sender, ...] = (
    Sender("Văn phòng Chính phủ", "VPCP-QHQT", "Phó Chủ nhiệm Nguyễn Văn Hòa"),
    Sender("Bộ Công an", "BCA-A08", "Thứ trưởng Trần Quốc Bảo"),
    Sender("Bộ Quốc phòng", "BQP-ĐN", "Thứ trưởng Lê Minh Khang"),
    Sender("Bộ Tài chính", "BTC-HTQT", "Thứ trưởng Phạm Thị Thanh"),
    Sender("Bộ Công Thương", "BCT-ĐB", "Thứ trưởng Hoàng Đức Thắng"),
    Sender("Bộ Kế hoạch và Đầu tư", "BKHĐT-KTĐN", "Thứ trưởng Đỗ Văn Lợi"),
    Sender("Bộ Tư pháp", "BTP-PLQT", "Thứ trưởng Ngô Thị Hạnh"),
    Sender("Bộ Giáo dục và Đào tạo", "BGDĐT-HTQT", "Thứ trưởng Bùi Thu Hà"),
    Sender("Bộ Y tế", "BYT-QT", "Thứ trưởng Vũ Ngọc Lâm"),
    Sender("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL-HTQT", "Thứ trưởng Đặng Hữu Tài"),
    Sender("Bộ Nông nghiệp và Môi trường", "BNNMT-HTQT", "Thứ trưởng Trịnh Xuân Phúc"),
    Sender("Bộ Nội vụ", "BNV-HTQT", "Thứ trưởng Hồ Thị Lan"),
    Sender("Ngân hàng Nhà nước Việt Nam", "NHNN-HTQT", "Phó Thống đốc Dương Minh Tâm"),
)
PROVINCES: tuple[Sender, ...] = (
    Sender("Ủy ban nhân dân thành phố Hà Nội", "UBND-KGVX", "Phó Chủ tịch Nguyễn Mạnh Hùng"),
    Sender("Ủy ban nhân dân Thành phố Hồ Chí Minh", "UBND-NgV", "Phó Chủ tịch Trần Thị Diệu"),
    Sender("Ủy ban nhân dân thành phố Hải Phòng", "UBND-NV", "Phó Chủ tịch Lê Khắc Nam"),
    Sender("Ủy ban nhân dân thành phố Đà Nẵng", "UBND-SNgV", "Phó Chủ tịch Hồ Kỳ Minh"),
    Sender("Ủy ban nhân dân thành phố Cần Thơ", "UBND-VP", "Phó Chủ tịch Dương Tấn Hiển"),
    Sender("Ủy ban nhân dân tỉnh Quảng Ninh", "UBND-NgV", "Phó Chủ tịch Cao Tường Huy"),
    Sender("Ủy ban nhân dân tỉnh Lào Cai", "UBND-NC", "Phó Chủ tịch Hoàng Quốc Khánh"),
    Sender("Ủy ban nhân dân tỉnh Khánh Hòa", "UBND-VX", "Phó Chủ tịch Trần Hòa Nam"),
    Sender("Ủy ban nhân dân tỉnh Nghệ An", "UBND-KT", "Phó Chủ tịch Bùi Đình Long"),
    Sender("Ủy ban nhân dân tỉnh Lâm Đồng", "UBND-VP", "Phó Chủ tịch Võ Ngọc Hiệp"),
)
EMBASSIES: tuple[Sender, ...] = (
    Sender("Đại sứ quán Cộng hòa Pháp tại Hà Nội", "AMB-FR", "L'Ambassadeur", "fr"),
    Sender("Embassy of the United States of America in Hanoi", "USEMB", "Chargé d'affaires",
           "en"),
    Sender("Embassy of Japan in Viet Nam", "EOJ", "Minister-Counsellor", "en"),
    Sender("Đại sứ quán nước Cộng hòa Nhân dân Trung Hoa tại Việt Nam", "ĐSQ-TQ", "Tham tán"),
    Sender("Embassy of the Federal Republic of Germany in Hanoi", "RK", "Ambassador", "en"),
    Sender("Đại sứ quán nước Cộng hòa Dân chủ Nhân dân Lào tại Việt Nam", "ĐSQ-LA", "Đại sứ"),
    Sender("Embassy of Australia in Viet Nam", "AE-HN", "Deputy Head of Mission", "en"),
    Sender("Ambassade du Royaume de Belgique au Viet Nam", "AMB-BE", "L'Ambassadeur", "fr"),
    Sender("Embassy of the Republic of Korea in Viet Nam", "KEV", "Counsellor", "en"),
)
ORGANISATIONS: tuple[Sender, ...] = (
    Sender("United Nations Development Programme in Viet Nam", "UNDP-VN", "Resident "
           "Representative", "en"),
    Sender("UNICEF Viet Nam", "UNICEF", "Representative", "en"),
    Sender("Organisation internationale de la Francophonie", "OIF-APC", "Le Représentant",
           "fr"),
    Sender("Ban Thư ký ASEAN", "ASEC", "Phó Tổng Thư ký"),
    Sender("World Bank Viet Nam", "WB-HN", "Country Director", "en"),
    Sender("International Organization for Migration", "IOM-VN", "Chief of Mission", "en"),
)
SENDER_GROUPS = ((MINISTRIES, 40), (PROVINCES, 25), (EMBASSIES, 23), (ORGANISATIONS, 12))

COUNTRIES = ("Pháp", "Nhật Bản", "Hoa Kỳ", "Đức", "Lào", "Ô-xtrây-li-a", "Hàn Quốc", "Trung Quốc",
             "Ai Cập", "Ả-rập Xê-út", "Thụy Sĩ", "Bỉ", "Xinh-ga-po", "Ấn Độ", "Bra-xin")
EVENTS = ("Hội nghị Bộ trưởng Ngoại giao ASEAN", "Diễn đàn Kinh tế Việt Nam – châu Âu",
          "Kỳ họp Ủy ban liên chính phủ", "Tuần lễ Văn hóa Việt Nam", "Hội nghị Ngoại vụ toàn quốc",
          "Đối thoại Chiến lược", "Hội nghị Cấp cao APEC", "Phiên họp Hội đồng Nhân quyền")

INCOMING_SUBJECTS_VI = (
    "Về việc đề nghị cho ý kiến đối với dự thảo Bản ghi nhớ hợp tác với {country}",
    "Về việc tổ chức đón tiếp đoàn đại biểu cấp cao {country} thăm Việt Nam",
    "Về việc xin chủ trương tổ chức {event} năm {year}",
    "Về việc cử cán bộ tham dự {event}",
    "Về việc cấp thị thực cho đoàn chuyên gia {country}",
    "Về việc hỗ trợ công dân Việt Nam gặp nạn tại {country}",
    "Về việc hợp pháp hóa lãnh sự giấy tờ phục vụ dự án đầu tư",
    "Về việc báo cáo tình hình thực hiện các thỏa thuận quốc tế năm {year}",
    "Về việc đề nghị thẩm định điều ước quốc tế với {country}",
    "Về việc góp ý dự thảo Kế hoạch hội nhập quốc tế của địa phương",
    "Về việc xin phép cho đoàn phóng viên nước ngoài tác nghiệp tại địa phương",
    "Về việc phối hợp chuẩn bị nội dung {event}",
    "Về việc thông báo lịch làm việc của đoàn công tác {country}",
    "Về việc đề nghị cung cấp thông tin phục vụ xúc tiến thương mại tại {country}",
)
INCOMING_SUBJECTS_EN = (
    "Request for courtesy call on the Deputy Minister ahead of {event}",
    "Note verbale on the visit of a parliamentary delegation",
    "Invitation to the national day reception",
    "Proposal for a joint workshop on climate resilience",
)
INCOMING_SUBJECTS_FR = (
    "Note verbale relative à la visite d'une délégation ministérielle",
    "Demande d'accréditation de journalistes pour {event}",
    "Invitation à la réception de la Fête nationale",
)
OUTGOING_SUBJECTS_VI = (
    "Về việc trả lời đề nghị của {sender}",
    "Về việc chuẩn bị chuyến thăm chính thức {country} của Lãnh đạo cấp cao",
    "Báo cáo kết quả {event}",
    "Về việc triển khai Kế hoạch công tác đối ngoại năm {year}",
    "Về việc cho ý kiến đối với dự thảo Hiệp định với {country}",
    "Về việc cử đoàn công tác tham dự {event}",
    "Về việc bảo hộ công dân Việt Nam tại {country}",
    "Về việc đề xuất nội dung hợp tác với {country} giai đoạn {year}–{next_year}",
    "Về việc tổng hợp tình hình người Việt Nam ở nước ngoài năm {year}",
    "Thông báo kết luận của Lãnh đạo Bộ tại cuộc họp giao ban",
    "Về việc hướng dẫn thủ tục hợp pháp hóa lãnh sự",
)
OUTGOING_SUBJECTS_EN = (
    "Reply to the request for a courtesy call",
    "Note verbale on the accreditation of the new Ambassador",
)
OUTGOING_SUBJECTS_FR = ("Note verbale relative au programme de la visite officielle",)
CLASSIFIED_SUBJECTS = (
    "Phương án đàm phán vòng {round} với {country}",
    "Báo cáo tình hình an ninh khu vực và kiến nghị đối sách",
    "Đánh giá quan hệ song phương với {country} và đề xuất",
    "Về việc chuẩn bị nội dung tiếp xúc cấp cao với {country}",
)

COMMENTS = (
    "Đề nghị phòng khẩn trương nghiên cứu, báo cáo Lãnh đạo Vụ trước hạn.",
    "Đã trao đổi với đơn vị phối hợp, đang hoàn thiện dự thảo trả lời.",
    "Xin ý kiến Vụ Luật pháp và Điều ước quốc tế về nội dung điều khoản 5.",
    "Đồng ý với đề xuất của chuyên viên; trình Lãnh đạo Bộ ký.",
    "Cần bổ sung số liệu năm trước để so sánh.",
    "Đã gửi bản dự thảo cho Cơ quan đại diện lấy ý kiến.",
    "Please share the draft with the Embassy before Friday.",
    "Đã làm việc với đối tác qua điện thoại, chờ văn bản chính thức.",
)
RESULTS = (
    "Đã có văn bản trả lời đơn vị gửi.",
    "Đã báo cáo Lãnh đạo Bộ và thông báo kết quả cho đơn vị liên quan.",
    "Đã tổ chức thực hiện theo chỉ đạo.",
    "Lưu hồ sơ, không cần trả lời.",
)
# fmt: on
