"""A realistic multilingual corpus of official documents for the search benchmark.

Vietnamese (60 %), English (25 %) and French (15 %) documents: subjects, bodies, senders and
signers built from word lists and templates (Vietnamese with its diacritics), English bodies
drawn from the UN General Debate speeches in ``/work/shared/data/ungd/`` when present (read
at run time, never copied into the repository). Rows go in with ``COPY`` through the real
trigger of migration 0006 (the vector is computed exactly as in production); the GIN indexes
are dropped during the load and rebuilt after it.

Access mix, for the benchmark's reader (unit ``bench-0``, clearance Confidential, holding
compartment ``OPEN`` but not ``CLOSED``): about 10 % of the documents are readable —

====================================================================  =======  ========
documents                                                             share    readable
====================================================================  =======  ========
unclassified, no compartment                                          6 %      yes
unclassified, compartment OPEN                                        2 %      yes
confidential, assigned to the reader's unit                           1.5 %    yes
confidential, the reader on the distribution                          0.5 %    yes
unclassified, compartment CLOSED                                      35 %     no
confidential, distributed to others / assigned to other units         30 %     no
secret, the reader on the distribution (clearance too low)            25 %     no
====================================================================  =======  ========
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

UNGD = Path("/work/shared/data/ungd")
# Recorded with a kept benchmark database: bump it whenever the generated corpus changes, so
# that the benchmark generates it again instead of reusing an older one.
VERSION = 2

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Thanh",
    "Quốc",
    "Ngọc",
    "Xuân",
    "Thu",
    "Công",
    "Đình",
]
GIVEN = [
    "Hùng",
    "Lan",
    "Minh",
    "Anh",
    "Dũng",
    "Hương",
    "Tuấn",
    "Hà",
    "Phương",
    "Sơn",
    "Thảo",
    "Long",
    "Nam",
    "Trang",
    "Quang",
    "Hải",
    "Hằng",
    "Bình",
    "Cường",
    "Đạt",
    "Khánh",
    "Linh",
    "Nga",
    "Phúc",
    "Thắng",
    "Việt",
    "Yến",
    "Châu",
    "Giang",
    "Hiếu",
]
COUNTRIES_VI = [
    "Cộng hòa Pháp",
    "Nhật Bản",
    "Hàn Quốc",
    "Trung Quốc",
    "Hoa Kỳ",
    "Liên bang Nga",
    "Cộng hòa Liên bang Đức",
    "Vương quốc Anh",
    "Ô-xtơ-rây-li-a",
    "Ấn Độ",
    "Lào",
    "Campuchia",
    "Thái Lan",
    "In-đô-nê-xi-a",
    "Xinh-ga-po",
    "Ca-na-đa",
    "Bra-xin",
    "Ai Cập",
    "Nam Phi",
    "Cu-ba",
    "Mê-hi-cô",
    "I-ta-li-a",
    "Tây Ban Nha",
    "Thụy Điển",
]
PROVINCES = [
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Quảng Ninh",
    "Thừa Thiên Huế",
    "Khánh Hòa",
    "Lâm Đồng",
    "Nghệ An",
    "Thanh Hóa",
    "Bình Dương",
    "Đồng Nai",
    "Lào Cai",
    "Điện Biên",
    "Hà Giang",
    "Cà Mau",
    "An Giang",
    "Kiên Giang",
    "Bắc Ninh",
    "Quảng Nam",
    "Hà Tĩnh",
]
MINISTRIES = [
    "Bộ Công Thương",
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Tài chính",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Nội vụ",
    "Văn phòng Chính phủ",
    "Bộ Tư pháp",
]
ACTIONS_VI = [
    "tổ chức",
    "chuẩn bị",
    "triển khai",
    "đề xuất",
    "góp ý dự thảo",
    "báo cáo kết quả",
    "tăng cường",
    "thúc đẩy",
    "phối hợp",
    "xin ý kiến về",
    "đón tiếp",
    "tham dự",
]
TOPICS_VI = [
    "đoàn công tác",
    "hợp tác kinh tế",
    "quan hệ ngoại giao",
    "hội nghị cấp cao",
    "công tác lãnh sự",
    "bảo hộ công dân",
    "phân định biên giới trên biển",
    "hợp tác văn hóa",
    "chương trình học bổng",
    "diễn đàn đầu tư",
    "thỏa thuận thương mại",
    "công tác người Việt Nam ở nước ngoài",
    "lễ kỷ niệm thiết lập quan hệ ngoại giao",
    "phòng chống dịch bệnh",
    "biến đổi khí hậu",
    "an ninh năng lượng",
    "chuyển đổi số",
    "hợp tác giáo dục",
    "viện trợ nhân đạo",
    "miễn thị thực",
]
PREFIX_VI = ["Về việc", "V/v", "Kế hoạch", "Báo cáo", "Tờ trình về", "Thông báo về", "Đề án"]
SENTENCES_VI = [
    "Thực hiện chỉ đạo của Lãnh đạo Bộ, {unit} đề nghị các đơn vị liên quan phối hợp "
    "{action} {topic}.",
    "Căn cứ kết quả chuyến thăm {country}, hai bên nhất trí {action} {topic} trong thời gian tới.",
    "Đề nghị {sender} cử đại diện tham dự cuộc họp tại {province} vào tuần tới.",
    "Nội dung chi tiết về {topic} xin gửi kèm theo công văn này.",
    "Bộ Ngoại giao trân trọng đề nghị Quý cơ quan cho ý kiến trước ngày làm việc cuối tuần.",
    "Đại sứ quán Việt Nam tại {country} đã làm việc với các cơ quan sở tại về {topic}.",
    "Ủy ban nhân dân tỉnh {province} báo cáo tình hình {topic} trong quý vừa qua.",
    "Đồng chí {signer} được giao chủ trì, phối hợp với các đơn vị liên quan.",
]
SUBJECTS_EN = [
    "Visit of the delegation of {country_en} on {topic_en}",
    "Note verbale concerning {topic_en}",
    "Report on {topic_en} with {country_en}",
    "Invitation to the conference on {topic_en}",
    "Proposal for cooperation in {topic_en}",
    "Meeting of the foreign ministers on {topic_en}",
]
TOPICS_EN = [
    "economic cooperation",
    "climate change",
    "maritime boundaries",
    "consular protection",
    "trade negotiations",
    "energy security",
    "digital transformation",
    "humanitarian aid",
    "visa exemption",
    "education exchanges",
    "peacekeeping operations",
    "public health",
]
COUNTRIES_EN = [
    "France",
    "Japan",
    "the Republic of Korea",
    "Australia",
    "Canada",
    "India",
    "Brazil",
    "Germany",
    "the United Kingdom",
    "Singapore",
    "Indonesia",
    "South Africa",
]
SUBJECTS_FR = [
    "Visite de la délégation de {country_fr} sur {topic_fr}",
    "Note verbale relative à {topic_fr}",
    "Compte rendu des négociations sur {topic_fr}",
    "Invitation à la réunion consacrée à {topic_fr}",
    "Proposition de coopération en matière de {topic_fr}",
]
TOPICS_FR = [
    "la coopération économique",
    "le changement climatique",
    "les frontières maritimes",
    "la protection consulaire",
    "les négociations commerciales",
    "la sécurité énergétique",
    "la coopération culturelle",
    "l'aide humanitaire",
    "l'exemption de visa",
    "la francophonie",
    "les échanges universitaires",
    "la santé publique",
]
COUNTRIES_FR = [
    "la France",
    "la Belgique",
    "la Suisse",
    "du Canada",
    "du Sénégal",
    "du Maroc",
    "de la Tunisie",
    "du Luxembourg",
    "de Madagascar",
    "du Cameroun",
]
SENTENCES_FR = [
    "L'Ambassade a l'honneur de porter à la connaissance du Ministère {topic_fr}.",
    "Les deux parties sont convenues de renforcer leurs échanges dans le domaine de {topic_fr}.",
    "Le Ministère des Affaires étrangères saisit cette occasion pour renouveler les "
    "assurances de sa haute considération.",
    "Une réunion de travail se tiendra à Hanoï avec les représentants de {country_fr}.",
    "Les négociations se poursuivront lors de la prochaine session de la commission mixte.",
]
TAGS = ["ASEAN", "Biển Đông", "APEC", "Liên Hợp Quốc", "lãnh sự", "kinh tế", "văn hóa", "G20"]
TYPES = ["cong-van", "quyet-dinh", "to-trinh", "bao-cao", "thong-bao", "ke-hoach", "cong-dien"]


def vietnamese_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _speeches(limit: int = 300) -> list[str]:
    """English bodies: UN General Debate speeches (read in place) or, without them, templates."""
    texts: list[str] = []
    if UNGD.is_dir():
        for path in sorted(UNGD.glob("20*/*.txt"))[:limit]:
            try:
                texts.append(" ".join(path.read_text(encoding="utf-8", errors="ignore").split()))
            except OSError:
                continue
    return texts or [
        " ".join(
            f"The parties discussed {t} and agreed to strengthen cooperation." for t in TOPICS_EN
        )
    ]


@dataclass
class Corpus:
    size: int
    reader_id: int
    readable: int
    seconds: float
    sample_signers: list[str]
    sample_numbers: list[str]
    world: dict[str, Any]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


class _Text:
    """Subjects and senders drawn per document; bodies drawn from pools (``body_pool``
    distinct texts per language), as real registers repeat formulas and enclosures."""

    def __init__(self, rng: random.Random, body_pool: int) -> None:
        self.rng = rng
        self.speeches = _speeches()
        self.bodies: dict[str, list[str]] = {
            "vi": [self._vietnamese_body() for _ in range(body_pool)],
            "en": [self._english_body() for _ in range(body_pool // 2)],
            "fr": [self._french_body() for _ in range(body_pool // 4)],
        }

    def _vietnamese_body(self) -> str:
        rng = self.rng
        return " ".join(
            rng.choice(SENTENCES_VI).format(
                unit=f"Vụ {rng.choice(TOPICS_VI)}",
                action=rng.choice(ACTIONS_VI),
                topic=rng.choice(TOPICS_VI),
                country=rng.choice(COUNTRIES_VI),
                sender=rng.choice(MINISTRIES),
                province=rng.choice(PROVINCES),
                signer=vietnamese_name(rng),
            )
            for _ in range(rng.randint(3, 7))
        )

    def _english_body(self) -> str:
        speech = self.rng.choice(self.speeches)
        start = self.rng.randrange(max(1, len(speech) - 800))
        return speech[start : start + self.rng.randint(300, 800)]

    def _french_body(self) -> str:
        rng = self.rng
        return " ".join(
            rng.choice(SENTENCES_FR).format(
                topic_fr=rng.choice(TOPICS_FR), country_fr=rng.choice(COUNTRIES_FR)
            )
            for _ in range(rng.randint(3, 6))
        )

    def vietnamese(self) -> tuple[str, str]:
        rng = self.rng
        subject = (
            f"{rng.choice(PREFIX_VI)} {rng.choice(ACTIONS_VI)} {rng.choice(TOPICS_VI)} "
            f"với {rng.choice(COUNTRIES_VI)}"
        )
        if rng.random() < 0.3:
            subject += f" năm {rng.randint(2015, 2027)}"
        kind = rng.randrange(4)
        if kind == 0:
            sender = f"Đại sứ quán {rng.choice(COUNTRIES_VI)} tại Hà Nội"
        elif kind == 1:
            sender = rng.choice(MINISTRIES)
        elif kind == 2:
            sender = f"Ủy ban nhân dân tỉnh {rng.choice(PROVINCES)}"
        else:
            sender = f"Sở Ngoại vụ {rng.choice(PROVINCES)}"
        return subject, sender

    def english(self) -> tuple[str, str]:
        rng = self.rng
        subject = rng.choice(SUBJECTS_EN).format(
            country_en=rng.choice(COUNTRIES_EN), topic_en=rng.choice(TOPICS_EN)
        )
        return subject, f"Embassy of {rng.choice(COUNTRIES_EN)} in Hanoi"

    def french(self) -> tuple[str, str]:
        rng = self.rng
        values = {"country_fr": rng.choice(COUNTRIES_FR), "topic_fr": rng.choice(TOPICS_FR)}
        subject = rng.choice(SUBJECTS_FR).format(**values)
        return subject, f"Ambassade {rng.choice(COUNTRIES_FR)} au Viet Nam"


def _setup_world() -> dict[str, Any]:
    """Units, people, compartments; the reader. Small: the ORM is fine here."""
    from chancery.core.constants import Clearance
    from chancery.core.models import Compartment, Unit, User
    from chancery.documents.models import DocumentType

    root = Unit.objects.filter(parent__isnull=True).first()
    units = [
        Unit.objects.create(
            code=f"bench-{n}",
            name_vi=f"Vụ thử nghiệm {n}",
            name_en=f"Bench department {n}",
            name_fr=f"Direction d'essai {n}",
            abbreviation=f"B{n}",
            parent=root,
            kind="department",
        )
        for n in range(40)
    ]
    open_c = Compartment.objects.create(code="bench-open", name_vi="OPEN")
    closed_c = Compartment.objects.create(code="bench-closed", name_vi="CLOSED")
    people = User.objects.bulk_create(
        [
            User(
                username=f"bench{n}",
                email=f"bench{n}@mofa.test",
                full_name=f"Bench {n}",
                unit=units[n % len(units)],
                clearance=Clearance.SECRET,
            )
            for n in range(200)
        ]
    )
    reader = User.objects.create(
        username="bench-reader",
        email="reader@mofa.test",
        full_name="Bench Reader",
        unit=units[0],
        clearance=Clearance.CONFIDENTIAL,
    )
    reader.compartments.set([open_c])
    types = {t.code: t for t in DocumentType.objects.filter(code__in=TYPES)}
    return {
        "units": units,
        "people": people,
        "reader": reader,
        "open": open_c,
        "closed": closed_c,
        "types": [types[c] for c in TYPES if c in types],
    }


def _columns(cursor: Any) -> dict[str, tuple[str, bool]]:
    cursor.execute(
        """SELECT column_name, data_type, is_nullable = 'NO' AND column_default IS NULL
           FROM information_schema.columns WHERE table_name = 'documents_document'"""
    )
    return {name: (kind, required) for name, kind, required in cursor.fetchall()}


_FILLERS = {"ARRAY": "{}", "jsonb": "{}", "boolean": "false", "date": "NULL"}


def _filler(kind: str) -> str:
    """SQL for a neutral value of NOT NULL columns other areas added (unknown to this bench)."""
    if kind in _FILLERS:
        return f"'{_FILLERS[kind]}'" if kind in ("ARRAY", "jsonb") else _FILLERS[kind]
    if kind in ("integer", "smallint", "bigint", "numeric", "double precision"):
        return "0"
    if kind.startswith("timestamp"):
        return "now()"
    if kind == "uuid":
        return "gen_random_uuid()"
    return "''"


GIN_INDEXES = (
    "documents_search_gin",
    "documents_tags_gin",
    "documents_sender_trgm",
    "documents_signer_trgm",
)
OWN_TRIGGERS = {
    "documents_document": ["documents_document_search"],
    "documents_document_compartments": ["documents_access_compartments"],
    "documents_document_distribution": ["documents_access_distribution"],
    "documents_document_assigned_units": ["documents_access_units"],
}
STAGE = """
CREATE UNLOGGED TABLE bench_stage (
  n bigint, id uuid, unit_id bigint, document_type_id text, number_symbol text, subject text,
  document_date date, urgency smallint, language text, tags varchar(60)[], sender_name text,
  signer_name text, moment timestamptz, body integer, classification smallint,
  access_compartments bigint[], access_readers bigint[], access_units bigint[]);
CREATE UNLOGGED TABLE bench_body (id integer PRIMARY KEY, language text, content text,
  vec_vi tsvector, vec_lang tsvector);
"""
# The vector exactly as documents_search_vector() computes it, with the body's parts computed
# once per distinct body: A (number, subject) and B (sender, signer, tags) per row.
VECTOR = """
  setweight(to_tsvector('public.chancery_vi'::regconfig, s.number_symbol || ' ' || s.subject), 'A')
  || setweight(to_tsvector('public.chancery_vi'::regconfig,
               s.sender_name || ' ' || s.signer_name || ' ' || array_to_string(s.tags, ' ')), 'B')
  || b.vec_vi
  || CASE WHEN s.language IN ('en', 'fr') THEN
       setweight(to_tsvector(documents_search_config(s.language),
                             s.number_symbol || ' ' || s.subject), 'A')
       || setweight(to_tsvector(documents_search_config(s.language),
                    s.sender_name || ' ' || s.signer_name || ' '
                    || array_to_string(s.tags, ' ')), 'B')
       || b.vec_lang
     ELSE ''::tsvector END
"""


def _copy(cursor: Any, sql_text: str, lines: Iterator[str], every: int = 5000) -> None:
    with cursor.copy(sql_text) as copy:
        buffer: list[str] = []
        for line in lines:
            buffer.append(line)
            if len(buffer) >= every:
                copy.write("".join(buffer))
                buffer.clear()
        copy.write("".join(buffer))


def _in_parallel(statements: list[str]) -> None:
    """Run each statement on a connection of its own, at the same time (2 cores)."""
    import threading

    from django.db import connections

    errors: list[BaseException] = []

    def work(statement: str) -> None:
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute(statement)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(s,)) for s in statements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def generate(
    size: int,
    seed: int = 20261126,
    progress: bool = True,
    world: dict[str, Any] | None = None,
) -> Corpus:
    """Insert ``size`` documents (plus their access rows) into the current database; pass the
    ``world`` of a previous call (``Corpus.world``) to add to the same corpus.

    Rows are staged with COPY, then moved into ``documents_document`` by two concurrent
    ``INSERT ... SELECT`` with the vector computed in SQL exactly as the trigger computes it
    (each distinct body once), the search and access triggers off for the load and the access
    columns written directly; the GIN indexes are rebuilt afterwards, and a sample of rows is
    checked against the trigger's own function.
    """
    from django.db import connection

    started = time.perf_counter()

    def say(message: str) -> None:
        if progress:
            print(f"  [{time.perf_counter() - started:5.0f} s] {message}", flush=True)

    rng = random.Random(seed)
    world = world or _setup_world()
    text = _Text(rng, body_pool=min(40_000, max(2_000, size // 25)))
    units, people, reader = world["units"], world["people"], world["reader"]
    creator = people[0].pk
    readable = 0
    signers: list[str] = []
    numbers: list[str] = []
    links: dict[str, list[tuple[str, int]]] = {"compartments": [], "distribution": [], "units": []}
    epoch = date(2015, 1, 1)
    types = [str(t.pk) for t in world["types"]]
    bodies = [("vi", b) for b in text.bodies["vi"]]
    bodies += [("en", b) for b in text.bodies["en"]] + [("fr", b) for b in text.bodies["fr"]]
    first = {
        lang: next(i for i, (l2, _) in enumerate(bodies) if l2 == lang) for lang in text.bodies
    }

    def body_lines() -> Iterator[str]:
        for n, (language, body) in enumerate(bodies):
            yield f"{n}\t{language}\t{_escape(body)}\n"

    def stage_lines() -> Iterator[str]:
        nonlocal readable
        for n in range(size):
            doc_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            unit = units[rng.randrange(1, len(units))]
            roll = rng.random()
            language = "vi" if roll < 0.6 else ("en" if roll < 0.85 else "fr")
            if language == "vi":
                subject, sender = text.vietnamese()
            elif language == "en":
                subject, sender = text.english()
            else:
                subject, sender = text.french()
            body = first[language] + rng.randrange(len(text.bodies[language]))
            signer = vietnamese_name(rng)
            issuer = rng.choice(("BNG", "UBND", "BCT", "VPCP"))
            number = f"{rng.randint(1, 9999)}/{issuer}-{unit.abbreviation}"
            if n % 997 == 0:
                signers.append(signer)
                numbers.append(number)
            before = {k: len(v) for k, v in links.items()}
            classification, visible = _access(rng, doc_id, reader, units, people, world, links)
            readable += visible
            arrays = [
                "{" + ",".join(str(v) for _, v in links[k][before[k] :]) + "}"
                for k in ("compartments", "distribution", "units")
            ]
            day = epoch + timedelta(days=rng.randrange(4300))
            tags = "{" + ",".join(f'"{t}"' for t in rng.sample(TAGS, rng.randint(0, 2))) + "}"
            values = [
                str(n),
                doc_id,
                str(unit.pk),
                rng.choice(types),
                number,
                subject,
                day.isoformat(),
                str(rng.choice((0, 0, 0, 1, 2))),
                language,
                tags,
                sender,
                signer,
                f"{day.isoformat()} 09:00:00+00",
                str(body),
                str(classification),
                *arrays,
            ]
            if progress and n and n % 200_000 == 0:
                say(f"staged {n:,} documents")
            yield "\t".join(_escape(v) for v in values) + "\n"

    with connection.cursor() as cursor:
        columns = _columns(cursor)
        cursor.execute("DROP TABLE IF EXISTS bench_stage, bench_body")
        cursor.execute(STAGE)
        _copy(cursor, "COPY bench_body (id, language, content) FROM STDIN", body_lines())
        cursor.execute(
            """UPDATE bench_body SET
                 vec_vi = setweight(to_tsvector('public.chancery_vi'::regconfig, content), 'C'),
                 vec_lang = CASE WHEN language = 'vi' THEN ''::tsvector ELSE
                   setweight(to_tsvector(documents_search_config(language), content), 'C') END"""
        )
        say(f"{len(bodies):,} distinct bodies indexed")
        _copy(cursor, "COPY bench_stage FROM STDIN", stage_lines())
        say(f"staged {size:,} documents")
        # Secondary indexes are rebuilt after the load (faster than row by row); constraint
        # checks and triggers are off during it (the rows are consistent by construction).
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
               WHERE i.tablename = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary""",
            [list(OWN_TRIGGERS)],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = bool(cursor.fetchone()[0])
        for table, triggers in OWN_TRIGGERS.items():
            for trigger in ["ALL"] if superuser else triggers:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    extra = [c for c, (_, required) in columns.items() if required and c not in _MINE]
    target = ", ".join(_MINE + extra)
    source = ", ".join(
        [
            "s.id",
            "'in'",
            "'registered'",
            "s.unit_id",
            "s.document_type_id",
            "s.number_symbol",
            "s.subject",
            "s.document_date",
            "s.urgency",
            "s.language",
            "s.tags",
            "s.sender_name",
            "''",
            "s.signer_name",
            "s.moment",
            "'active'",
            "false",
            "b.content",
            "0",
            str(creator),
            "s.moment",
            "s.moment",
            "1",
            "s.classification",
            "''",
            "s.access_compartments",
            "s.access_readers",
            "s.access_units",
            VECTOR,
        ]
        + [_filler(columns[c][0]) for c in extra]
    )
    _in_parallel(
        [
            # Column names and SQL of this module only, no outside input.
            f"INSERT INTO documents_document ({target}) SELECT {source} "  # noqa: S608
            f"FROM bench_stage s JOIN bench_body b ON b.id = s.body WHERE s.n % 2 = {part}"
            for part in (0, 1)
        ]
    )
    say("documents inserted")
    with connection.cursor() as cursor:
        for table, column, key in (
            ("documents_document_compartments", "compartment_id", "compartments"),
            ("documents_document_distribution", "user_id", "distribution"),
            ("documents_document_assigned_units", "unit_id", "units"),
        ):
            _copy(
                cursor,
                f"COPY {table} (document_id, {column}) FROM STDIN",
                (f"{d}\t{v}\n" for d, v in links[key]),
            )
        for table, triggers in OWN_TRIGGERS.items():
            for trigger in ["ALL"] if superuser else triggers:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        cursor.execute("DROP TABLE bench_stage, bench_body")
        say("access rows inserted")
        cursor.execute("SET maintenance_work_mem = '512MB'")
    definitions = [definition for _, definition in indexes]
    # Two sessions (two cores), each building half of the indexes, biggest first.
    definitions.sort(key=lambda d: "gin" not in d)
    _in_parallel(
        [
            "SET maintenance_work_mem = '512MB';\n" + ";\n".join(definitions[half::2])
            for half in (0, 1)
        ]
    )
    say("indexes rebuilt")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE documents_document")
        for table in ("compartments", "distribution", "assigned_units"):
            cursor.execute(f"VACUUM ANALYZE documents_document_{table}")
        cursor.execute(
            """SELECT count(*) FROM (SELECT * FROM documents_document TABLESAMPLE SYSTEM (1)
                 LIMIT 500) d
               WHERE search_vector IS DISTINCT FROM documents_search_vector(number_symbol,
                 subject, sender_name, signer_name, tags, content_text, language)"""
        )
        wrong = cursor.fetchone()[0]
        if wrong:
            raise RuntimeError(f"{wrong} sampled vectors differ from the trigger's function")
    say("analysed; sampled vectors equal the trigger's")
    return Corpus(
        size=size,
        reader_id=reader.pk,
        readable=readable,
        seconds=time.perf_counter() - started,
        sample_signers=signers,
        sample_numbers=numbers,
        world=world,
    )


_MINE = [
    "id",
    "direction",
    "status",
    "unit_id",
    "document_type_id",
    "number_symbol",
    "subject",
    "document_date",
    "urgency",
    "language",
    "tags",
    "sender_name",
    "sender_code",
    "signer_name",
    "received_at",
    "record_status",
    "legal_hold",
    "content_text",
    "simhash",
    "created_by_id",
    "created_at",
    "updated_at",
    "version",
    "classification",
    "returned_reason",
    "access_compartments",
    "access_readers",
    "access_units",
    "search_vector",
]


def _access(
    rng: random.Random,
    doc_id: str,
    reader: Any,
    units: list[Any],
    people: list[Any],
    world: dict[str, Any],
    links: dict[str, list[tuple[str, int]]],
) -> tuple[int, int]:
    """Classification of one document and its access rows; whether the reader may read it."""
    roll = rng.random()
    other_person = people[rng.randrange(len(people))].pk
    other_unit = units[rng.randrange(1, len(units))].pk
    if roll < 0.06:
        return 0, 1
    if roll < 0.08:
        links["compartments"].append((doc_id, world["open"].pk))
        return 0, 1
    if roll < 0.095:
        links["units"].append((doc_id, reader.unit_id))
        links["distribution"].append((doc_id, other_person))
        return 1, 1
    if roll < 0.10:
        links["distribution"].append((doc_id, reader.pk))
        return 1, 1
    if roll < 0.45:
        links["compartments"].append((doc_id, world["closed"].pk))
        return 0, 0
    if roll < 0.75:
        links["distribution"].append((doc_id, other_person))
        links["units"].append((doc_id, other_unit))
        return 1, 0
    links["distribution"].append((doc_id, reader.pk))
    return 2, 0
