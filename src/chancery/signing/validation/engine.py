"""Validate every signature and document timestamp of a PDF (ETSI EN 319 102-1, PAdES).

Any code may call :func:`validate_pdf` (the public verification page, the API, ``chancery
verify``); it needs no user because it reads nothing from the database itself: the trust
anchors and revocation material come from the ``context_factory`` the caller passes.

Order of the checks, as a person would reason: do the signed bytes match the signature
(integrity)? Was the document changed after signing beyond archival updates and further
signatures (modification)? Was the signer's certificate trusted, valid and unrevoked when the
signature was made, as proven by timestamps and the embedded validation material (trust)?
Signatures are validated with pyHanko's long-term (AdES LTA) procedure, so a B-LTA document
stays valid after its signer's certificate expired.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections.abc import Callable

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESStatus
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY
from pyhanko.sign.validation.ades import (
    AdESBasicValidationResult,
    ades_basic_validation,
    ades_lta_validation,
    ades_timestamp_validation,
    ades_with_time_validation,
)
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko.sign.validation.status import DocumentTimestampStatus, PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.revinfo.archival import CRLContainer, OCSPContainer

from chancery.signing.exceptions import MalformedPdf
from chancery.signing.validation import levels, modifications, verdicts
from chancery.signing.validation.report import (
    SignatureReport,
    ValidationReport,
    overall_verdict,
)
from chancery.signing.validation.sniff import open_pdf

ContextFactory = Callable[[dt.datetime | None], ValidationContext]


def validate_pdf(
    data: bytes,
    *,
    context_factory: ContextFactory,
    moment: dt.datetime | None = None,
) -> ValidationReport:
    """Validate every signature in ``data`` as of ``moment`` (default: now).

    Raises an :class:`InvalidPdf` subclass when ``data`` is not a readable, unencrypted PDF;
    anything wrong with a signature itself is reported, never raised.
    """
    validated_at = moment or dt.datetime.now(dt.UTC)
    reader = open_pdf(data)
    try:
        embedded = list(reader.embedded_signatures)
        page_count = modifications.page_count(reader)
    except (PdfError, KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise MalformedPdf() from exc
    spec = _spec_from_context(context_factory(moment))
    timing = (
        ValidationTimingInfo(validated_at, validated_at, point_in_time_validation=True)
        if moment is not None
        else ValidationTimingInfo.now()
    )
    # Document timestamps first: a signature's level depends on which of them validated.
    by_index: dict[int, SignatureReport] = {
        index: _validate_doc_timestamp(sig, spec, timing)
        for index, sig in enumerate(embedded)
        if sig.sig_object_type == "/DocTimeStamp"
    }
    valid_ts_revisions = tuple(
        embedded[index].signed_revision
        for index, report in by_index.items()
        if report.verdict == "valid"
    )
    for index, sig in enumerate(embedded):
        if index not in by_index:
            by_index[index] = _validate_signature(reader, sig, spec, timing, valid_ts_revisions)
    reports = [by_index[index] for index in range(len(embedded))]
    signatures = tuple(reports)
    return ValidationReport(
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        page_count=page_count,
        signatures=signatures,
        verdict=overall_verdict(signatures),
        validated_at=validated_at,
    )


def _spec_from_context(context: ValidationContext) -> PdfSignatureValidationSpec:
    """The stateless validation policy equivalent to a (stateful) validation context.

    pyHanko's long-term validation works from a policy, while the rest of Chancery hands out
    validation contexts; the context's trust anchors, revocation policy and the certificates
    and revocation material it already holds carry over.
    """
    cert_policy = CertValidationPolicySpec(
        trust_manager=context.path_builder.trust_manager,
        revinfo_policy=context.revinfo_policy,
        time_tolerance=context.time_tolerance,
        algorithm_usage_policy=context.algorithm_policy,
    )
    ocsps = [c for resp in context.ocsps for c in OCSPContainer.load_multi(resp)]
    knowledge = LocalKnowledge(
        known_certs=list(context.certificate_registry),
        known_crls=[CRLContainer(crl) for crl in context.crls],
        known_ocsps=ocsps,
    )
    fetching = (
        RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH
        if context.fetching_allowed
        else RevinfoOnlineFetchingRule.LOCAL_ONLY
    )
    return PdfSignatureValidationSpec(
        signature_validation_spec=SignatureValidationSpec(
            cert_validation_policy=cert_policy,
            revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=fetching),
            local_knowledge=knowledge,
        ),
        diff_policy=DEFAULT_DIFF_POLICY,
    )


def _integrity(sig: EmbeddedPdfSignature) -> bool:
    """Compute digest, coverage and modifications; False if the file is too damaged to tell."""
    try:
        # pyHanko leaves this method untyped.
        getattr(sig, "compute_integrity_info")(diff_policy=DEFAULT_DIFF_POLICY)  # noqa: B009
    except (SignatureValidationError, PdfError, KeyError, ValueError, TypeError):
        return False
    return True


def _validate_signature(
    reader: PdfFileReader,
    sig: EmbeddedPdfSignature,
    spec: PdfSignatureValidationSpec,
    timing: ValidationTimingInfo,
    valid_ts_revisions: tuple[int, ...],
) -> SignatureReport:
    if not _integrity(sig):
        return verdicts.unreadable(sig, "signature")
    try:
        result = asyncio.run(_ades_validation(sig, spec, timing))
    except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
        return verdicts.unreadable(sig, "signature", str(exc))
    status = result.api_status
    ts_status = status.timestamp_validity if isinstance(status, PdfSignatureStatus) else None
    ts_ok = ts_status is not None and ts_status.intact and ts_status.valid and ts_status.trusted
    evidence = levels.LevelEvidence(
        signature_timestamp_ok=ts_ok,
        signer_chain=verdicts.chain_of(status),
        tsa_chain=verdicts.chain_of(ts_status),
        valid_doc_timestamp_revisions=valid_ts_revisions,
    )
    try:
        level = levels.pades_level(reader, sig, evidence)
    except (PdfError, ValueError, KeyError, TypeError):
        level = "none"
    return verdicts.build_report(
        reader,
        sig,
        kind="signature",
        result=result,
        status=status,
        timestamp_time=ts_status.timestamp if ts_status else None,
        timestamp_trusted=(ts_status.trusted if ts_status else None),
        pades_level=level,
    )


async def _ades_validation(
    sig: EmbeddedPdfSignature, spec: PdfSignatureValidationSpec, timing: ValidationTimingInfo
) -> AdESBasicValidationResult[PdfSignatureStatus]:
    """The AdES result of a signature: at the validation time first, then long-term.

    pyHanko's long-term procedure demands proof of existence for the whole chain even when
    the signature validates now, so a B-T or B-LT signature without document timestamps would
    come out indeterminate; it is only consulted when validation at the current time does not
    pass (an expired or since-revoked certificate), and kept only if it passes.
    """
    kwargs = {
        "signed_data": sig.signed_data,
        "validation_spec": spec.signature_validation_spec,
        "timing_info": timing,
        "raw_digest": sig.compute_digest(),
        "extra_status_kwargs": sig.summarise_integrity_info(),
        "status_cls": PdfSignatureStatus,
    }
    has_timestamp = next(extract_tst_data_iter(sig.signer_info, signed=False), None) is not None
    current: AdESBasicValidationResult[PdfSignatureStatus]
    if has_timestamp:
        current = await ades_with_time_validation(**kwargs)
    else:
        # pyHanko 0.38's basic validation builds its status with a fixed class that takes no
        # PDF integrity fields; the report reads coverage and changes from ``sig`` instead.
        del kwargs["extra_status_kwargs"], kwargs["status_cls"]
        current = await ades_basic_validation(**kwargs)
    if current.ades_subindic.status != AdESStatus.INDETERMINATE:
        return current
    long_term = await ades_lta_validation(sig, spec, timing_info=timing)
    return long_term if long_term.ades_subindic.status == AdESStatus.PASSED else current


def _validate_doc_timestamp(
    sig: EmbeddedPdfSignature, spec: PdfSignatureValidationSpec, timing: ValidationTimingInfo
) -> SignatureReport:
    if not _integrity(sig):
        return verdicts.unreadable(sig, "document_timestamp")
    try:
        result: AdESBasicValidationResult[DocumentTimestampStatus] = asyncio.run(
            ades_timestamp_validation(
                sig.signed_data,
                spec.signature_validation_spec,
                sig.compute_digest,
                timing_info=timing,
                extra_status_kwargs={
                    "coverage": sig.coverage,
                    "diff_result": sig.diff_result,
                },
                status_cls=DocumentTimestampStatus,
            )
        )
    except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
        return verdicts.unreadable(sig, "document_timestamp", str(exc))
    status = result.api_status
    ts_time = status.timestamp if isinstance(status, DocumentTimestampStatus) else None
    trusted = status.trusted if status is not None else None
    return verdicts.build_report(
        sig.reader,
        sig,
        kind="document_timestamp",
        result=result,
        status=status,
        timestamp_time=ts_time,
        timestamp_trusted=trusted,
        pades_level="none",
    )
