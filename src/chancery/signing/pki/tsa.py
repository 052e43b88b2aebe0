"""The internal RFC 3161 timestamping authority.

``InternalTimeStamper`` is a pyHanko ``TimeStamper`` that answers requests itself, signing
with the TSA certificate of the internal PKI: the signing service uses it in-process, and
``answer_tsa_request`` serves the same answers over HTTP (``POST /pki/tsa/``) to anyone.

Each token carries our policy OID, a fresh random serial number, an accuracy of one second,
the request's nonce, the TSA's name, and (RFC 5816) an ESSCertIDv2 naming the TSA certificate
by its SHA-256 hash. The TSA certificate chain is included when the request sets certReq.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from asn1crypto import algos, cms, core, tsp, x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError

from chancery.signing.pki.x509build import PrivateKey, new_serial

# PLACEHOLDER policy OID under a private-enterprise arc (59999 is not assigned to us). A
# production deployment registers its own arc with IANA and publishes the TSA practice
# statement under it before relying on these tokens in court.
TSA_POLICY = "1.3.6.1.4.1.59999.1.1"

# message-imprint algorithm -> digest length; weaker digests (MD5, SHA-1) are refused.
ACCEPTED_DIGESTS = {"sha256": 32, "sha384": 48, "sha512": 64, "sha3_256": 32, "sha3_512": 64}

_SIGNING_HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}


def _attribute(name: str, value: object) -> cms.CMSAttribute:
    return simple_cms_attribute(name, value)  # type: ignore[no-untyped-call]


class _StatusOnlyResp(core.Sequence):  # type: ignore[misc]
    """A TimeStampResp without a token (a refusal): asn1crypto's class requires the token."""

    _fields = [("status", tsp.PKIStatusInfo)]


def parse_status(response_der: bytes) -> dict[str, object]:
    """The PKIStatusInfo of a DER TimeStampResp, granted or not, as native values."""
    status: dict[str, object] = _StatusOnlyResp.load(response_der, strict=False)["status"].native
    return status


class Refused(Exception):
    """A request the TSA will not stamp; ``failure`` is the RFC 3161 PKIFailureInfo name."""

    def __init__(self, failure: str, text: str) -> None:
        self.failure = failure
        self.text = text
        super().__init__(text)


def refusal(failure: str, text: str) -> bytes:
    """The DER TimeStampResp refusing a request (status rejection, with ``failure`` set)."""
    status = tsp.PKIStatusInfo(
        {
            "status": "rejection",
            "status_string": [text],
            "fail_info": tsp.PKIFailureInfo({failure}),
        }
    )
    return bytes(_StatusOnlyResp({"status": status}).dump())


class InternalTimeStamper(TimeStamper):
    """An RFC 3161 TSA signing with ``tsa_key``; ``chain`` is the TSA's issuers (no root needed)."""

    def __init__(
        self,
        tsa_cert: x509.Certificate,
        tsa_key: PrivateKey,
        chain: Sequence[x509.Certificate] = (),
        *,
        signing_hash: str = "sha256",
        include_nonce: bool = True,
    ) -> None:
        super().__init__(include_nonce=include_nonce)  # type: ignore[no-untyped-call]
        self.tsa_cert = tsa_cert
        self.tsa_key = tsa_key
        self.chain = list(chain)
        self.signing_hash = signing_hash
        for cert in [tsa_cert, *self.chain]:
            self.cert_registry.register(cert)

    # -- answering -------------------------------------------------------------------------
    def respond(
        self, req: tsp.TimeStampReq, *, now: dt.datetime | None = None
    ) -> tsp.TimeStampResp:
        """Stamp ``req``; raises ``Refused`` for a request RFC 3161 says to reject."""
        imprint = req["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        if algorithm not in ACCEPTED_DIGESTS:
            raise Refused("bad_alg", f"unsupported digest algorithm {algorithm}")
        if len(imprint["hashed_message"].native) != ACCEPTED_DIGESTS[algorithm]:
            raise Refused("bad_data_format", "the digest length does not match its algorithm")
        requested_policy = req["req_policy"].native
        if requested_policy is not None and requested_policy != TSA_POLICY:
            raise Refused("unaccepted_policy", f"this TSA issues under policy {TSA_POLICY} only")
        if req["extensions"].native:
            raise Refused("unaccepted_extensions", "this TSA accepts no request extensions")
        moment = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        info: dict[str, object] = {
            "version": "v1",
            "policy": TSA_POLICY,
            "message_imprint": imprint,
            "serial_number": new_serial(),
            "gen_time": moment,
            "accuracy": {"seconds": 1},
            "ordering": False,
            "tsa": x509.GeneralName(name="directory_name", value=self.tsa_cert.subject),
        }
        if req["nonce"].native is not None:
            info["nonce"] = req["nonce"]
        tst_info = tsp.TSTInfo(info).dump()
        token = self._signed_token(tst_info, moment, with_certs=bool(req["cert_req"].native))
        return tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token})

    def _signed_token(
        self, tst_info: bytes, moment: dt.datetime, *, with_certs: bool
    ) -> cms.ContentInfo:
        digest_name = self.signing_hash
        signed_attrs = cms.CMSAttributes(
            [
                _attribute("content_type", "tst_info"),
                _attribute("signing_time", cms.Time({"utc_time": core.UTCTime(moment)})),
                _attribute("signing_certificate_v2", as_signing_certificate_v2(self.tsa_cert)),
                _attribute("message_digest", getattr(hashlib, digest_name)(tst_info).digest()),
            ]
        )
        signature, mechanism = self._sign(signed_attrs.dump(), digest_name)
        digest_algorithm = algos.DigestAlgorithm({"algorithm": digest_name})
        signer_info = cms.SignerInfo(
            {
                "version": "v1",
                "sid": cms.SignerIdentifier(
                    {
                        "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                            {
                                "issuer": self.tsa_cert.issuer,
                                "serial_number": self.tsa_cert.serial_number,
                            }
                        )
                    }
                ),
                "digest_algorithm": digest_algorithm,
                "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": mechanism}),
                "signed_attrs": signed_attrs,
                "signature": signature,
            }
        )
        signed_data: dict[str, object] = {
            "version": "v3",
            "digest_algorithms": cms.DigestAlgorithms((digest_algorithm,)),
            "encap_content_info": {
                "content_type": "tst_info",
                "content": cms.ParsableOctetString(tst_info),
            },
            "signer_infos": [signer_info],
        }
        if with_certs:
            signed_data["certificates"] = [self.tsa_cert, *self.chain]
        return cms.ContentInfo(
            {"content_type": "signed_data", "content": cms.SignedData(signed_data)}
        )

    def _sign(self, data: bytes, digest_name: str) -> tuple[bytes, str]:
        algorithm = _SIGNING_HASHES[digest_name]
        if isinstance(self.tsa_key, rsa.RSAPrivateKey):
            return self.tsa_key.sign(data, padding.PKCS1v15(), algorithm), f"{digest_name}_rsa"
        return self.tsa_key.sign(data, ec.ECDSA(algorithm)), f"{digest_name}_ecdsa"

    # -- pyHanko's TimeStamper interface ----------------------------------------------------
    def request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        try:
            return self.respond(req)
        except Refused as refused:
            raise TimestampRequestError(f"the internal TSA refused: {refused.text}") from refused

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return self.request_tsa_response(req)


def answer_tsa_request(request_der: bytes, timestamper: InternalTimeStamper) -> bytes:
    """The DER TimeStampResp for a DER TimeStampReq; a bad request gets a refusal, not an error."""
    try:
        req = tsp.TimeStampReq.load(request_der, strict=True)
        if req["version"].native != "v1":
            raise Refused("bad_request", "only version 1 requests are understood")
        # Touch every field so that a malformed inner value fails here, not while signing.
        req.native  # noqa: B018
        return bytes(timestamper.respond(req).dump())
    except Refused as refused:
        return refusal(refused.failure, refused.text)
    except (ValueError, TypeError, KeyError):
        return refusal("bad_data_format", "the request is not a DER TimeStampReq")
