# mypy: disable-error-code="no-untyped-call"
# (pyHanko's PDF object model is largely untyped; everything else here is checked strictly.)
"""What a visible signature looks like on the page.

Follows the rules for electronic documents of Decree 30/2020/NĐ-CP, Appendix I:

* the organisation's signature shows the seal image in red at the seal's real size (never
  scaled to the box), overlapping the left part of the signature text, with the organisation's
  name and the signing time to the second in Viet Nam time, ISO 8601;
* a person's signature shows the handwritten-signature image with the signer's name below;
* initials are a small version of the same for the drafter.

Every visible appearance also carries the verification code and, when asked, a QR code linking
to the public verification page. pyHanko's stamp styles scale their content to the box and
cannot place a fixed-size image next to text and a QR code, so the appearance stream is built
here (a ``BaseStampStyle`` that pyHanko calls while it writes the signature field). Text goes
through pyHanko's OpenType engine with the embedded Noto Sans subset, so Vietnamese renders.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import qrcode
from django.conf import settings
from django.utils.translation import gettext
from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import ResourceType
from pyhanko.pdf_utils.font.api import FontEngine
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import pil_image
from pyhanko.pdf_utils.writer import BasePdfFileWriter, init_xobject_dictionary
from pyhanko.stamp.base import BaseStamp, BaseStampStyle

from chancery.signing.constants import VIETNAM_TZ, AppearanceKind
from chancery.signing.pdf.fonts import appearance_font

POINTS_PER_MM = 72 / 25.4
PAD = 2.0  # points between the box edge and its content
TEXT_SIZE = 10.0  # the decree asks for 10 pt
MIN_TEXT_SIZE = 5.0
CODE_SIZE = 6.5
BLACK = (0.0, 0.0, 0.0)
MAX_QR_MM = 24.0


@dataclass(frozen=True)
class AppearanceSpec:
    kind: AppearanceKind
    page: int  # 1-based; negative counts from the end
    x_mm: float  # box, from the bottom-left corner of the page
    y_mm: float
    width_mm: float
    height_mm: float
    organisation: str  # e.g. "Bộ Ngoại giao"
    signer_name: str  # the person's full name (personal/initials), the organisation (seal)
    image_png: bytes | None  # the seal (seal) or the handwritten signature (personal/initials)
    seal_diameter_mm: float = 36.0  # the seal is drawn at its real size
    verification_code: str = ""  # printed under or next to the QR code
    verification_url: str = ""  # encoded in the QR code
    show_qr: bool = True


def field_size_mm(spec: AppearanceSpec) -> tuple[float, float]:
    """The box, grown where needed so that a real-size seal is never clipped."""
    width, height = spec.width_mm, spec.height_mm
    if spec.kind == AppearanceKind.SEAL and spec.image_png:
        width = max(width, spec.seal_diameter_mm + 2 * PAD / POINTS_PER_MM)
        height = max(height, spec.seal_diameter_mm + 2 * PAD / POINTS_PER_MM)
    return width, height


def vietnam_time(moment: dt.datetime) -> str:
    """``2026-11-25T14:03:27+07:00``: the signing time as the decree wants it printed."""
    return moment.astimezone(ZoneInfo(VIETNAM_TZ)).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class ChanceryStampStyle(BaseStampStyle):
    """pyHanko stamp style drawing ``spec``; ``signing_time`` is the one in the signature."""

    spec: AppearanceSpec | None = None
    signing_time: dt.datetime | None = None
    font_path: str = ""
    bold_font_path: str = ""
    border_width: int = 0

    @classmethod
    def for_spec(cls, spec: AppearanceSpec, signing_time: dt.datetime) -> ChanceryStampStyle:
        regular: str = settings.CHANCERY_SIGNING_FONT
        bold = regular.replace("-Regular", "-Bold")
        try:
            open(bold, "rb").close()
        except OSError:
            bold = regular
        return cls(spec=spec, signing_time=signing_time, font_path=regular, bold_font_path=bold)

    def create_stamp(
        self, writer: BasePdfFileWriter, box: layout.BoxConstraints, text_params: dict[str, object]
    ) -> ChanceryStamp:
        return ChanceryStamp(writer, self, box)


class ChanceryStamp(BaseStamp):
    style: ChanceryStampStyle

    def __init__(
        self, writer: BasePdfFileWriter, style: ChanceryStampStyle, box: layout.BoxConstraints
    ) -> None:
        super().__init__(writer, style, box)
        self._fonts: dict[str, FontEngine] = {}

    # -- drawing primitives -------------------------------------------------------------------

    @property
    def _writer(self) -> BasePdfFileWriter:
        assert self.writer is not None  # pyHanko always gives the stamp its writer
        return self.writer

    def _font(self, bold: bool) -> tuple[str, FontEngine]:
        name = "FB" if bold else "FR"
        if name not in self._fonts:
            path = appearance_font(self.style.bold_font_path if bold else self.style.font_path)
            engine = GlyphAccumulatorFactory(font_file=path).create_font_engine(self._writer)
            self._fonts[name] = engine
            self.set_resource(ResourceType.FONT, pdf_name("/" + name), engine.as_resource())
        return name, self._fonts[name]

    def _width(self, text: str, size: float, bold: bool = False) -> float:
        engine = self._font(bold)[1]
        engine.font_size = size  # type: ignore[assignment]  # the engine accepts any size
        return float(engine.shape(unicodedata.normalize("NFC", text)).x_advance) * size

    def _text(self, text: str, size: float, x: float, y: float, bold: bool = False) -> bytes:
        name, engine = self._font(bold)
        engine.font_size = size  # type: ignore[assignment]
        # Precomposed letters: the appearance font carries no mark-positioning tables.
        ops = engine.shape(unicodedata.normalize("NFC", text)).graphics_ops
        return b"BT %g %g %g rg /%s %g Tf 1 0 0 1 %g %g Tm %s ET" % (
            *BLACK,
            name.encode(),
            size,
            x,
            y,
            ops,
        )

    def _fit(self, text: str, width: float, size: float, bold: bool = False) -> float:
        """The largest size up to ``size`` at which ``text`` fits ``width`` (not below 5 pt)."""
        while size > MIN_TEXT_SIZE and self._width(text, size, bold) > width:
            size -= 0.5
        return size

    def _wrap(self, text: str, width: float, size: float, bold: bool) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            candidate = f"{lines[-1]} {word}" if lines else word
            if lines and self._width(candidate, size, bold) <= width:
                lines[-1] = candidate
            else:
                lines.append(word)
        return lines or [""]

    def _image(self, png: bytes, name: str, x: float, y: float, w: float, h: float) -> bytes:
        with Image.open(io.BytesIO(png)) as img:
            img.load()
            mode = "RGBA" if img.mode not in ("RGB", "L", "LA") else img.mode
            ref = pil_image(img.convert(mode), self._writer)
        self.set_resource(ResourceType.XOBJECT, pdf_name("/" + name), ref)
        return b"q %g 0 0 %g %g %g cm /%s Do Q" % (w, h, x, y, name.encode())

    def _image_aspect(self, png: bytes) -> float:
        with Image.open(io.BytesIO(png)) as img:
            return img.width / img.height if img.height else 1.0

    def _qr(self, url: str, x: float, y: float, size: float) -> bytes:
        """The QR code as a vector form XObject ``/QR``: crisp at any zoom, easy to find."""
        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        qr.add_data(url)
        qr.make(fit=True)
        matrix = qr.get_matrix()
        n = len(matrix)
        rects = b" ".join(
            b"%d %d 1 1 re" % (col, n - 1 - row)
            for row, cells in enumerate(matrix)
            for col, dark in enumerate(cells)
            if dark
        )
        xobj = init_xobject_dictionary(b"0 g " + rects + b" f", n, n)
        xobj.compress()
        self.set_resource(ResourceType.XOBJECT, pdf_name("/QR"), self._writer.add_object(xobj))
        scale = size / n
        return b"q %g 0 0 %g %g %g cm /QR Do Q" % (scale, scale, x, y)

    # -- layout ---------------------------------------------------------------------------------

    def _qr_column(self, width: float, height: float) -> tuple[list[bytes], float]:
        """Draw the QR code and the code under it at the right; return where the text must end."""
        spec = self.style.spec
        assert spec is not None
        if not (spec.show_qr and spec.verification_url):
            return [], width - PAD
        code_h = CODE_SIZE + 1.5 if spec.verification_code else 0.0
        size = min(height - 2 * PAD - code_h, width * 0.3, MAX_QR_MM * POINTS_PER_MM)
        if size < 8 * POINTS_PER_MM:  # too small to scan: print the code as text instead
            return [], width - PAD
        x = width - PAD - size
        y = height - PAD - size
        ops = [self._qr(spec.verification_url, x, y, size)]
        if spec.verification_code:
            fit = self._fit(spec.verification_code, size + PAD, CODE_SIZE)
            code_w = self._width(spec.verification_code, fit)
            ops.append(
                self._text(spec.verification_code, fit, x + (size - code_w) / 2, y - fit - 1)
            )
        return ops, x - 2 * PAD

    def _lines_block(
        self, lines: list[tuple[str, bool]], left: float, right: float, top: float, bottom: float
    ) -> list[bytes]:
        """Set ``(text, bold)`` lines, wrapped and shrunk to fit, centred vertically."""
        width = max(right - left, 10.0)
        size = TEXT_SIZE
        while True:
            wrapped = [
                (part, bold) for text, bold in lines for part in self._wrap(text, width, size, bold)
            ]
            fits = all(self._width(part, size, bold) <= width for part, bold in wrapped)
            if (fits and len(wrapped) * size * 1.2 <= top - bottom) or size <= MIN_TEXT_SIZE:
                break
            size -= 0.5
        leading = size * 1.2
        y = bottom + (top - bottom + len(wrapped) * leading) / 2 - size
        ops = []
        for part, bold in wrapped:
            ops.append(self._text(part, size, left, y, bold))
            y -= leading
        return ops

    def _code_line(self) -> list[tuple[str, bool]]:
        spec = self.style.spec
        assert spec is not None
        if spec.verification_code and not (spec.show_qr and spec.verification_url):
            return [
                (gettext("Verification code: %(code)s") % {"code": spec.verification_code}, False)
            ]
        return []

    def _render_inner_content(self) -> list[bytes]:
        spec, moment = self.style.spec, self.style.signing_time
        assert spec is not None
        assert moment is not None
        width, height = float(self.box.width), float(self.box.height)
        ops, text_right = self._qr_column(width, height)
        if spec.kind == AppearanceKind.SEAL:
            ops += self._seal(spec, moment, height, text_right)
        else:
            ops += self._handwritten(spec, height, text_right)
        return ops

    def _seal(
        self, spec: AppearanceSpec, moment: dt.datetime, height: float, right: float
    ) -> list[bytes]:
        diameter = spec.seal_diameter_mm * POINTS_PER_MM
        lines = [(spec.organisation, True), (vietnam_time(moment), False), *self._code_line()]
        if not spec.image_png:
            return self._lines_block(lines, PAD, right, height - PAD, PAD)
        # The text starts under the seal's right edge; the seal, drawn after it, overlaps the
        # beginning of the lines (as the decree wants) while its star leaves them readable.
        ops = self._lines_block(lines, PAD + diameter * 0.8, right, height - PAD, PAD)
        ops.append(
            self._image(spec.image_png, "Seal", PAD, (height - diameter) / 2, diameter, diameter)
        )
        return ops

    def _handwritten(self, spec: AppearanceSpec, height: float, right: float) -> list[bytes]:
        small = spec.kind == AppearanceKind.INITIALS
        lines = [(spec.signer_name, True), *self._code_line()]
        ops: list[bytes] = []
        if small:
            # Initials: the image on the left, at the box height; name and code beside it.
            left = PAD
            if spec.image_png:
                h = height - 2 * PAD
                w = min(h * self._image_aspect(spec.image_png), (right - PAD) * 0.5)
                ops.append(self._image(spec.image_png, "Sig", PAD, (height - h) / 2, w, h))
                left = PAD * 2 + w
            return ops + self._lines_block(lines, left, right, height - PAD, PAD)
        # Personal: the signature image centred over the name, the name below it.
        text_h = len(lines) * TEXT_SIZE * 1.25 + PAD
        if spec.image_png:
            room_w, room_h = right - PAD, height - 2 * PAD - text_h
            aspect = self._image_aspect(spec.image_png)
            w = min(room_w, room_h * aspect)
            h = w / aspect
            x = PAD + (room_w - w) / 2
            ops.append(self._image(spec.image_png, "Sig", x, PAD + text_h, w, h))
        return ops + self._centred(lines, PAD, right, PAD + text_h, PAD)

    def _centred(
        self, lines: list[tuple[str, bool]], left: float, right: float, top: float, bottom: float
    ) -> list[bytes]:
        ops = []
        y = top - TEXT_SIZE
        for text, bold in lines:
            size = self._fit(text, right - left, TEXT_SIZE, bold)
            w = self._width(text, size, bold)
            ops.append(self._text(text, size, left + max(0.0, (right - left - w) / 2), y, bold))
            y -= size * 1.25
        return ops
