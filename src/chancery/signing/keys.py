"""Opening a certificate's private key for signing, wherever it lives.

``unlocked_signer`` is the low-level step: it checks nothing but the PIN. Callers that act
for a person go through ``signing.actions.keys.unlock_for_signing``, which checks who may
sign, the certificate's status and the PIN lockout first.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.conf import settings
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from chancery.lib.files import write_atomic
from chancery.signing.constants import KeyStorage
from chancery.signing.exceptions import KeyFileDamaged, TokenUnavailable
from chancery.signing.models import Certificate
from chancery.signing.pki import keyfiles, pkcs11
from chancery.signing.pki.material import key_to_asn1
from chancery.signing.pki.x509build import PrivateKey


def asn1_certificate(certificate: Certificate) -> asn1_x509.Certificate:
    """The certificate of a row, as pyHanko and asn1crypto want it."""
    return asn1_x509.Certificate.load(pem_to_der(certificate.pem))


def pem_to_der(pem: str) -> bytes:
    return x509.load_pem_x509_certificate(pem.encode()).public_bytes(serialization.Encoding.DER)


def issuer_chain(certificate: Certificate) -> list[Certificate]:
    """The issuers of ``certificate`` known here, nearest first (the root last)."""
    chain: list[Certificate] = []
    current = certificate
    while current.issuer_id is not None and current.issuer_id != current.pk:
        parent = Certificate.objects.get(pk=current.issuer_id)
        if parent in chain:
            break
        chain.append(parent)
        current = parent
    return chain


def key_file_path(certificate: Certificate) -> Path:
    """Where the key file of ``certificate`` lives (its locator, under CHANCERY_PKI_DIR)."""
    base = Path(settings.CHANCERY_PKI_DIR).resolve()
    path = (base / certificate.key_locator).resolve()
    # A locator is written by our own actions; refuse one that escapes the PKI directory.
    if base not in path.parents:
        raise KeyFileDamaged()
    return path


def open_key_file(certificate: Certificate, pin: str) -> PrivateKey:
    """The clear private key of a FILE certificate; ``WrongPin`` or ``KeyFileDamaged``."""
    return keyfiles.read_key_file(
        key_file_path(certificate), pin, fingerprint=certificate.fingerprint
    )


class OpenedKeySigner(SimpleSigner):
    """pyHanko's in-memory signer, keeping the key it was given as a live key object.

    ``SimpleSigner`` re-reads the key from its DER form for every signature, and reading an
    RSA key checks it (tens of milliseconds): a batch would pay that twice per document
    (pyHanko signs once more to size the signature container). The key was checked once when
    its file was opened; this signer reuses it.
    """

    def __init__(self, *, key: PrivateKey, **kwargs: Any) -> None:
        super().__init__(signing_key=key_to_asn1(key), **kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algorithm = mechanism.signature_algo
        except ValueError:
            return super().sign_raw(data, digest_algorithm)
        digest = get_pyca_cryptography_hash(digest_algorithm)
        if algorithm == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), digest)
        if algorithm == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(digest))
        # Anything else (RSASSA-PSS parameters, ...): pyHanko's own path.
        return super().sign_raw(data, digest_algorithm)


@contextmanager
def unlocked_signer(certificate: Certificate, pin: str) -> Iterator[Signer]:
    """A pyHanko signer for ``certificate``'s key, usable inside the ``with`` block.

    Key files are opened with ``pin``; tokens get a session logged in with ``pin`` and closed
    on exit. Raises ``WrongPin``, ``KeyFileDamaged`` or ``TokenUnavailable``. No permission or
    lockout check: see ``signing.actions.keys.unlock_for_signing``.
    """
    cert = asn1_certificate(certificate)
    chain = [asn1_certificate(parent) for parent in issuer_chain(certificate)]
    if certificate.key_storage == KeyStorage.FILE:
        key = open_key_file(certificate, pin)
        yield OpenedKeySigner(
            signing_cert=cert,
            key=key,
            cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),  # type: ignore[no-untyped-call]
        )
        return
    if certificate.key_storage == KeyStorage.PKCS11:
        token_label, key_label = pkcs11.split_locator(certificate.key_locator)
        with pkcs11.token_session(settings.CHANCERY_PKCS11_MODULE, token_label, pin) as session:
            yield pkcs11.token_signer(session, key_label, cert, chain)
        return
    raise TokenUnavailable()


SERVICE_PIN_FILE = "service.pin"


def service_pin(*, create: bool = False) -> str:
    """The passphrase sealing the key files of the internal CA, TSA and OCSP responder.

    ``CHANCERY_PKI_SERVICE_PIN`` when set; otherwise the content of
    ``CHANCERY_PKI_DIR/service.pin``, generated (random, mode 0600) when ``create`` is true
    (``chancery pki init``) and missing. Raises ``KeyFileDamaged`` when there is none.
    """
    if settings.CHANCERY_PKI_SERVICE_PIN:
        return str(settings.CHANCERY_PKI_SERVICE_PIN)
    path = Path(settings.CHANCERY_PKI_DIR) / SERVICE_PIN_FILE
    if not path.exists():
        if not create:
            raise KeyFileDamaged()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, secrets.token_urlsafe(32).encode(), mode=0o600)
    return path.read_text().strip()
