"""Which PAdES baseline level (ETSI EN 319 142-1) a signature in a document reaches.

- B-B: a CAdES detached signature (``/ETSI.CAdES.detached``) with the signing-certificate-v2
  signed attribute, which binds the signer's certificate to the signature.
- B-T: and a signature timestamp that validates.
- B-LT: and a document security store (DSS) holding the signer's and the timestamping
  authority's certificate chains and revocation information (OCSP response or issuer CRL).
- B-LTA: and a valid document timestamp, added after the DSS, covering it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from chancery.signing.validation.modifications import resolve
from chancery.signing.validation.report import Level

PADES_SUBFILTER = "/ETSI.CAdES.detached"


@dataclass
class DssContents:
    """The validation material a document's DSS holds."""

    certs: list[asn1_x509.Certificate] = field(default_factory=list)
    ocsps: list[asn1_ocsp.OCSPResponse] = field(default_factory=list)
    crls: list[asn1_crl.CertificateList] = field(default_factory=list)

    def has_status_for(self, cert: asn1_x509.Certificate) -> bool:
        """An OCSP answer about ``cert`` or a CRL from its issuer is stored."""
        for response in self.ocsps:
            try:
                basic = response["response_bytes"]["response"].parsed
                for single in basic["tbs_response_data"]["responses"]:
                    if single["cert_id"]["serial_number"].native == cert.serial_number:
                        return True
            except (KeyError, ValueError, TypeError):
                continue
        return any(crl.issuer == cert.issuer for crl in self.crls)

    def holds(self, certs: Iterable[asn1_x509.Certificate]) -> bool:
        stored = {cert.sha256 for cert in self.certs}
        return all(cert.sha256 in stored for cert in certs)


def _streams(dss: Any, key: str) -> list[bytes]:
    value = dss.get(key)
    value = resolve(value)
    if not isinstance(value, generic.ArrayObject):
        return []
    out = []
    for ref in value:
        stream = resolve(ref)
        if isinstance(stream, generic.StreamObject):
            out.append(stream.data)
    return out


def read_dss(root: Any) -> DssContents | None:
    """The DSS of a catalogue (any revision's), or None when it has none."""
    dss = root.get("/DSS")
    dss = resolve(dss)
    if not isinstance(dss, generic.DictionaryObject):
        return None
    return DssContents(
        certs=[asn1_x509.Certificate.load(data) for data in _streams(dss, "/Certs")],
        ocsps=[asn1_ocsp.OCSPResponse.load(data) for data in _streams(dss, "/OCSPs")],
        crls=[asn1_crl.CertificateList.load(data) for data in _streams(dss, "/CRLs")],
    )


def is_baseline_b(embedded: EmbeddedPdfSignature) -> bool:
    subfilter = embedded.sig_object.get("/SubFilter")
    signed_attrs = embedded.signer_info["signed_attrs"]
    attr_types = {attr["type"].native for attr in signed_attrs} if signed_attrs else set()
    return subfilter == PADES_SUBFILTER and "signing_certificate_v2" in attr_types


@dataclass(frozen=True)
class LevelEvidence:
    """What validation established, which the level depends on."""

    signature_timestamp_ok: bool
    # Chains (signer first, anchor last) that the DSS must hold with status information.
    signer_chain: tuple[asn1_x509.Certificate, ...]
    tsa_chain: tuple[asn1_x509.Certificate, ...]
    # Revisions of document timestamps that validated.
    valid_doc_timestamp_revisions: tuple[int, ...]


def _dss_revision(reader: PdfFileReader, after: int) -> int | None:
    """The first revision after ``after`` whose catalogue has a DSS."""
    for revision in range(after + 1, reader.xrefs.total_revisions):
        if "/DSS" in reader.get_historical_root(revision):
            return revision
    return None


def pades_level(reader: PdfFileReader, embedded: EmbeddedPdfSignature, ev: LevelEvidence) -> Level:
    """The highest baseline level this signature meets, each level requiring the ones below."""
    if not is_baseline_b(embedded):
        return "none"
    if not ev.signature_timestamp_ok:
        return "B-B"
    dss_rev = _dss_revision(reader, embedded.signed_revision)
    dss = read_dss(reader.get_historical_root(dss_rev)) if dss_rev is not None else None
    if dss is None or not _covers(dss, ev.signer_chain) or not _covers(dss, ev.tsa_chain):
        return "B-T"
    assert dss_rev is not None  # a DSS was read from it
    if not any(rev >= dss_rev for rev in ev.valid_doc_timestamp_revisions):
        return "B-LT"
    return "B-LTA"


def _covers(dss: DssContents, chain: tuple[asn1_x509.Certificate, ...]) -> bool:
    if not chain:
        return False
    # A trust anchor needs no status information; every certificate below it does.
    below_anchor = chain[:-1] if len(chain) > 1 else chain
    return dss.holds(chain) and all(dss.has_status_for(cert) for cert in below_anchor)
