# mypy: disable-error-code="no-untyped-call"
# (pyHanko's PDF object model is largely untyped; everything else here is checked strictly.)
"""PAdES baseline signing (B-B, B-T, B-LT, B-LTA) and archive timestamps, with pyHanko.

Always an incremental update: the bytes of the input are the first bytes of the output, so the
signatures already in the file stay valid. The whole result is built in memory and returned
only when complete; any failure raises and leaves the caller with its original bytes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from dataclasses import dataclass

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign._session_scope import run_and_release
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    NotYetValidError,
    PathBuildingError,
    RevokedError,
    ValidationError,
)

from chancery.signing.constants import AppearanceKind, PadesLevel
from chancery.signing.exceptions import (
    CertificateNotUsable,
    InvalidPdf,
    MalformedPdf,
    RevocationInfoUnavailable,
    SigningError,
    TimestampUnavailable,
)
from chancery.signing.pdf.appearance import (
    POINTS_PER_MM,
    AppearanceSpec,
    ChanceryStampStyle,
    field_size_mm,
)
from chancery.signing.pdf.inspect import PdfInfo, inspect_pdf, open_reader

MD_ALGORITHM = "sha256"
NEEDS_TIMESTAMP = {PadesLevel.B_T, PadesLevel.B_LT, PadesLevel.B_LTA}
NEEDS_REVOCATION = {PadesLevel.B_LT, PadesLevel.B_LTA}


@dataclass(frozen=True)
class SigningContext:
    signer: signers.Signer
    timestamper: TimeStamper | None  # needed for B-T and above
    validation_context: ValidationContext | None  # needed for B-LT and B-LTA


def next_field_name(data: bytes, prefix: str) -> str:
    """``prefix`` + the smallest number not yet used by a signature field of ``data``."""
    taken = set(inspect_pdf(data).signature_fields)
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _page_index(info: PdfInfo, page: int) -> int:
    index = page - 1 if page > 0 else info.page_count + page
    if page == 0 or not 0 <= index < info.page_count:
        raise ValueError(f"page {page} is outside a document of {info.page_count} pages")
    return index


def _field_spec(info: PdfInfo, name: str, spec: AppearanceSpec) -> fields.SigFieldSpec:
    index = _page_index(info, spec.page)
    width_mm, height_mm = field_size_mm(spec)
    x1, y1 = spec.x_mm * POINTS_PER_MM, spec.y_mm * POINTS_PER_MM
    box = (x1, y1, x1 + width_mm * POINTS_PER_MM, y1 + height_mm * POINTS_PER_MM)
    return fields.SigFieldSpec(
        sig_field_name=name,
        on_page=index,
        box=tuple(round(v) for v in box),  # type: ignore[arg-type]
    )


def _check_context(context: SigningContext, level: PadesLevel) -> None:
    # Programming errors of the caller (a missing TSA or context), not faults of the user.
    if level in NEEDS_TIMESTAMP and context.timestamper is None:
        raise ValueError(f"{level} needs a timestamper")
    if level in NEEDS_REVOCATION and context.validation_context is None:
        raise ValueError(f"{level} needs a validation context")


def _translate(exc: BaseException) -> SigningError | None:
    """The user-facing error for a pyHanko, certvalidator or network failure, if it is one.

    Anything else (a bug) is re-raised as is rather than disguised as a damaged PDF.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, SigningError):
            return current
        if isinstance(current, TimestampRequestError):
            return TimestampUnavailable()
        if isinstance(current, RevokedError | ExpiredError | NotYetValidError):
            return CertificateNotUsable()
        if isinstance(current, ValidationError | PathBuildingError):
            return RevocationInfoUnavailable()
        if isinstance(current, PdfError):
            return MalformedPdf()
        current = current.__cause__ or current.__context__
    return None


# Space reserved for the signature container, per signing certificate and kind of signature.
# pyHanko sizes it by building a whole dummy signature (a second signing operation and, with a
# timestamper, a second timestamp) and adds 50%; a batch signs many documents with one
# certificate, so the first document's estimate serves the rest.
_RESERVED: dict[tuple[str, bool, bool], int] = {}
_RESERVED_MAX = 256


async def _reserved_size(
    pdf_signer: signers.PdfSigner,
    session: PdfSigningSession,
    validation_info: object,
) -> int:
    cert = pdf_signer.signer.signing_cert
    if cert is None:
        return int(await session.estimate_signature_container_size(validation_info))  # type: ignore[arg-type]
    key = (
        cert.sha256.hex(),
        pdf_signer.default_timestamper is not None,
        validation_info is not None,
    )
    if key not in _RESERVED:
        if len(_RESERVED) >= _RESERVED_MAX:
            _RESERVED.clear()
        _RESERVED[key] = int(await session.estimate_signature_container_size(validation_info))  # type: ignore[arg-type]
    return _RESERVED[key]


async def _sign(
    pdf_signer: signers.PdfSigner, writer: IncrementalPdfFileWriter, moment: dt.datetime
) -> bytes:
    # pyHanko's own async_sign_pdf, except that the session's clock is ``moment``, so the /M
    # entry, the signing-time attribute and the time printed in the appearance are one value.
    session = pdf_signer.init_signing_session(writer)
    session.system_time = moment
    validation_info = await session.perform_presign_validation(writer)
    reserved = await _reserved_size(pdf_signer, session, validation_info)
    tbs = session.prepare_tbs_document(validation_info=validation_info, bytes_reserved=reserved)
    digest, output = tbs.digest_tbs_document(in_place=False, output=None)
    post = await tbs.perform_signature(
        document_digest=digest.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(
            signing_time=moment,
            adobe_revinfo_attr=None
            if validation_info is None
            else validation_info.adobe_revinfo_attr,
        ),
    )
    await post.post_signature_processing(output)
    return bytes(output.getvalue())  # type: ignore[attr-defined]


def sign_pdf(
    data: bytes,
    *,
    context: SigningContext,
    level: PadesLevel,
    field_name: str,
    appearance: AppearanceSpec | None,
    reason: str = "",
    location: str = "",
    signing_time: dt.datetime | None = None,
) -> bytes:
    """Sign ``data`` at PAdES ``level`` in a new field ``field_name``; return the signed file.

    Callers: ``signing.actions.documents`` after it checked that the actor may use the key.
    Refuses an unusable input (``InvalidPdf`` subclasses), an existing field name
    (``ValueError``), an unreachable TSA (``TimestampUnavailable``) and missing revocation
    information for B-LT/B-LTA (``RevocationInfoUnavailable``); nothing is returned then.
    """
    info = inspect_pdf(data)
    _check_context(context, level)
    if field_name in info.signature_fields:
        raise ValueError(f"the document already has a signature field {field_name!r}")
    moment = (signing_time or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    long_term = level in NEEDS_REVOCATION
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm=MD_ALGORITHM,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        embed_validation_info=long_term,
        use_pades_lta=level == PadesLevel.B_LTA,
        timestamp_field_name=next_field_name(data, "Timestamp"),
        validation_context=context.validation_context if long_term else None,
    )
    visible = appearance is not None and appearance.kind != AppearanceKind.INVISIBLE
    pdf_signer = signers.PdfSigner(
        meta,
        signer=context.signer,
        timestamper=context.timestamper if level in NEEDS_TIMESTAMP else None,
        stamp_style=ChanceryStampStyle.for_spec(appearance, moment) if visible else None,  # type: ignore[arg-type]
        new_field_spec=_field_spec(info, field_name, appearance) if visible else None,  # type: ignore[arg-type]
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        signed = asyncio.run(
            run_and_release(_sign(pdf_signer, writer, moment), meta.validation_context)
        )
    except InvalidPdf:
        raise
    except Exception as exc:
        raise _translate(exc) or exc from exc
    if not signed.startswith(data):  # the update must be incremental; never hand back less
        raise MalformedPdf()
    return signed


def add_document_timestamp(
    data: bytes, *, timestamper: TimeStamper, validation_context: ValidationContext
) -> bytes:
    """Renew the archive chain: DSS for the last timestamp, then a new document timestamp.

    Callers: the LTA renewal job, before the last timestamp's TSA certificate expires.
    Refuses what ``sign_pdf`` refuses (bad input, TSA down, no revocation information).
    """
    reader = open_reader(data)
    inspect_pdf(data)
    stamper = signers.PdfTimeStamper(timestamper, field_name=next_field_name(data, "Timestamp"))
    try:
        output = stamper.update_archival_timestamp_chain(
            reader, validation_context, in_place=False, default_md_algorithm=MD_ALGORITHM
        )
    except InvalidPdf:
        raise
    except Exception as exc:
        raise _translate(exc) or exc from exc
    stamped = bytes(output.getvalue())
    if not stamped.startswith(data):
        raise MalformedPdf()
    return stamped
