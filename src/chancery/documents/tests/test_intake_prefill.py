"""Reading the registration fields out of received letters (pure parsing, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from chancery.documents.constants import Urgency
from chancery.documents.extraction.fingerprint import hamming, normalise, simhash
from chancery.documents.extraction.prefill import find_date, read_letter

# As ``pdftotext -layout`` renders the two-column header of a Vietnamese official letter.
VIETNAMESE_LETTER = """\
      BỘ NGOẠI GIAO                     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
       CỤC LÃNH SỰ                            Độc lập - Tự do - Hạnh phúc
       -----------                           ----------------------------
  Số: 125/BNG-LS                        Hà Nội, ngày 5 tháng 3 năm 2026
V/v cấp thị thực cho đoàn công tác
      của Bộ Tư pháp
                                 THƯỢNG KHẨN

                    Kính gửi: Ủy ban nhân dân thành phố Hải Phòng

   Cục Lãnh sự, Bộ Ngoại giao xin trân trọng thông báo việc khẩn trương hoàn tất hồ sơ.
"""

PROVINCE_DECISION = """\
  ỦY BAN NHÂN DÂN                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THÀNH PHỐ HẢI PHÒNG                          Độc lập - Tự do - Hạnh phúc

  Số: 07/QĐ-UBND                       Hải Phòng, ngày 12 tháng 01 năm 2026
                                  HỎA TỐC

                               QUYẾT ĐỊNH
              Về việc thành lập Ban chỉ đạo hội nhập quốc tế

                 CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
"""

SUBMISSION = """\
BỘ TƯ PHÁP
Số: 33/TTr-BTP                          Hà Nội, ngày 30 tháng 4 năm 2026

                                 TỜ TRÌNH
                 Về dự thảo Nghị định về công chứng ở nước ngoài

Kính gửi: Chính phủ
"""

ENGLISH_NOTE = """\
EMBASSY OF THE REPUBLIC OF SINGAPORE
HANOI

No. 12/2026/SGE                                        Hanoi, 5 March 2026

URGENT

Subject: visit of the Minister for Foreign Affairs
to Viet Nam in April 2026

The Embassy of the Republic of Singapore presents its compliments to the Ministry of Foreign
Affairs of the Socialist Republic of Viet Nam and has the honour to inform...
"""

FRENCH_NOTE = """\
AMBASSADE DE FRANCE AU VIETNAM

N° 245/AMB/SCAC                                       Hanoï, le 1er mars 2026

Objet : coopération décentralisée franco-vietnamienne

L'Ambassade de France présente ses compliments au Ministère des Affaires étrangères...
"""


def test_vietnamese_letter_gives_sender_number_date_abstract_type_and_urgency() -> None:
    fields = read_letter(VIETNAMESE_LETTER)
    assert fields.sender_name == "BỘ NGOẠI GIAO CỤC LÃNH SỰ"
    assert fields.number_symbol == "125/BNG-LS"
    assert fields.document_date == dt.date(2026, 3, 5)
    assert fields.subject == "cấp thị thực cho đoàn công tác của Bộ Tư pháp"
    assert fields.document_type == "cong-van"
    assert fields.urgency == Urgency.VERY_URGENT


def test_lowercase_khan_truong_in_the_body_is_not_an_urgency_mark() -> None:
    text = VIETNAMESE_LETTER.replace("THƯỢNG KHẨN", "")
    assert read_letter(text).urgency == Urgency.NORMAL


def test_decision_title_gives_its_type_and_the_line_after_it_the_abstract() -> None:
    fields = read_letter(PROVINCE_DECISION)
    assert fields.sender_name == "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"
    assert fields.number_symbol == "07/QĐ-UBND"
    assert fields.document_date == dt.date(2026, 1, 12)
    assert fields.document_type == "quyet-dinh"
    assert fields.subject == "thành lập Ban chỉ đạo hội nhập quốc tế"
    assert fields.urgency == Urgency.FLASH


def test_submission_is_recognised_by_its_title() -> None:
    fields = read_letter(SUBMISSION)
    assert fields.document_type == "to-trinh"
    assert fields.sender_name == "BỘ TƯ PHÁP"
    assert fields.number_symbol == "33/TTr-BTP"
    assert fields.subject == "dự thảo Nghị định về công chứng ở nước ngoài"


def test_english_note_gives_embassy_reference_date_and_subject() -> None:
    fields = read_letter(ENGLISH_NOTE)
    assert fields.sender_name == "EMBASSY OF THE REPUBLIC OF SINGAPORE HANOI"
    assert fields.number_symbol == "12/2026/SGE"
    assert fields.document_date == dt.date(2026, 3, 5)
    assert fields.subject == "visit of the Minister for Foreign Affairs to Viet Nam in April 2026"
    assert fields.urgency == Urgency.URGENT


def test_french_note_gives_embassy_reference_date_and_object() -> None:
    fields = read_letter(FRENCH_NOTE)
    assert fields.sender_name == "AMBASSADE DE FRANCE AU VIETNAM"
    assert fields.number_symbol == "245/AMB/SCAC"
    assert fields.document_date == dt.date(2026, 3, 1)
    assert fields.subject == "coopération décentralisée franco-vietnamienne"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hà Nội, ngày 05 tháng 03 năm 2026", dt.date(2026, 3, 5)),
        ("London, 5 March 2026", dt.date(2026, 3, 5)),
        ("Washington, March 5, 2026", dt.date(2026, 3, 5)),
        ("Paris, le 5 mars 2026", dt.date(2026, 3, 5)),
        ("Genève, le 17 décembre 2025", dt.date(2025, 12, 17)),
        ("Date: 2026-03-05", dt.date(2026, 3, 5)),
        ("Ngày 05/03/2026", dt.date(2026, 3, 5)),
        ("ngày 31 tháng 2 năm 2026", None),  # no such day
        ("no date at all", None),
    ],
)
def test_dates_in_every_language_and_format(text: str, expected: dt.date | None) -> None:
    assert find_date(text) == expected


def test_the_vietnamese_date_wins_over_dates_cited_in_the_text() -> None:
    text = "Căn cứ Quyết định ngày 1/1/2020\nHà Nội, ngày 5 tháng 3 năm 2026"
    assert find_date(text) == dt.date(2026, 3, 5)


def test_a_text_with_nothing_recognisable_prefills_nothing() -> None:
    fields = read_letter("lorem ipsum dolor sit amet\n\nconsectetur")
    assert fields.as_initial() == {"urgency": Urgency.NORMAL}


def test_decomposed_unicode_from_scanners_is_read_like_composed_text() -> None:
    import unicodedata

    fields = read_letter(unicodedata.normalize("NFD", PROVINCE_DECISION))
    assert fields.document_type == "quyet-dinh"
    assert fields.urgency == Urgency.FLASH


def test_simhash_of_near_identical_texts_differs_by_few_bits_and_of_different_texts_by_many() -> (
    None
):
    paragraphs = " ".join(
        f"Đoạn {n} của công văn về hợp tác lãnh sự và bảo hộ công dân." for n in range(40)
    )
    body = VIETNAMESE_LETTER + paragraphs
    one_word_changed = body.replace("Đoạn 7 của", "Đoạn bảy của")
    other = ENGLISH_NOTE + " ".join(f"Paragraph {n} on trade and investment." for n in range(40))
    assert normalise("Ủy BAN  Đà Nẵng") == "uy ban da nang"
    assert 0 < hamming(simhash(body), simhash(one_word_changed)) <= 3
    assert hamming(simhash(body), simhash(other)) > 10
    assert simhash("") == 0
