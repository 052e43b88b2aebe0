"""Signing keys inside a PKCS#11 token or HSM (SoftHSM2 in tests and the demo).

A key is named by a locator ``"<token label>/<key label>"``. The private key is generated in
the token (``generate_token_key``) and never leaves it: the CA certifies the public key it
returns, and signing opens a session with the holder's PIN and hands pyHanko a
``PKCS11Signer`` bound to that session, which is closed when the ``with`` block ends.

The module path is ``CHANCERY_PKCS11_MODULE``. python-pkcs11 loads one module per process.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pkcs11
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import load_der_public_key
from pkcs11 import exceptions as p11_errors
from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
from pkcs11.util.rsa import encode_rsa_public_key
from pyhanko.sign.pkcs11 import PKCS11Signer

from chancery.signing.exceptions import TokenUnavailable, WrongPin
from chancery.signing.pki.x509build import PublicKey

_PIN_ERRORS = (p11_errors.PinIncorrect, p11_errors.PinLenRange, p11_errors.PinInvalid)


def split_locator(locator: str) -> tuple[str, str]:
    """``("token label", "key label")`` of a PKCS#11 key locator."""
    token_label, sep, key_label = locator.partition("/")
    if not sep or not token_label or not key_label:
        raise TokenUnavailable()
    return token_label, key_label


def _token(module: str, token_label: str) -> Any:
    try:
        lib = pkcs11.lib(module)
        try:
            return lib.get_token(token_label=token_label)
        except p11_errors.NoSuchToken:
            # A token plugged in (or initialised) after the module was loaded shows only
            # after the module is initialised again.
            lib.reinitialize()
            return lib.get_token(token_label=token_label)
    except (p11_errors.NoSuchToken, p11_errors.MultipleTokensReturned) as exc:
        raise TokenUnavailable() from exc
    # A missing or broken module surfaces as OSError/RuntimeError from the loader.
    except (OSError, RuntimeError, p11_errors.PKCS11Error) as exc:
        raise TokenUnavailable() from exc


@contextmanager
def token_session(module: str, token_label: str, pin: str, *, rw: bool = False) -> Iterator[Any]:
    """An open, logged-in session on token ``token_label``; closed on exit.

    Refuses with ``WrongPin`` (the token counts the failure too) or ``TokenUnavailable``.
    """
    token = _token(module, token_label)
    try:
        session = token.open(user_pin=pin, rw=rw)
    except _PIN_ERRORS:
        raise WrongPin() from None
    except p11_errors.PinLocked as exc:
        raise TokenUnavailable() from exc
    except p11_errors.PKCS11Error as exc:
        raise TokenUnavailable() from exc
    try:
        yield session
    finally:
        session.close()


def token_signer(
    session: Any,
    key_label: str,
    certificate: asn1_x509.Certificate,
    chain: Sequence[asn1_x509.Certificate],
) -> PKCS11Signer:
    """A pyHanko signer using the private key ``key_label`` of an open session."""
    return PKCS11Signer(
        session,
        key_label=key_label,
        signing_cert=certificate,
        ca_chain=list(chain),
        other_certs_to_pull=(),
    )


def _public_key_of(public: Any, algorithm: str) -> PublicKey:
    if algorithm.startswith("rsa"):
        spki = asn1_keys.PublicKeyInfo(
            {
                "algorithm": {"algorithm": "rsa"},
                "public_key": asn1_keys.RSAPublicKey.load(encode_rsa_public_key(public)),
            }
        )
        der = spki.dump()
    else:
        der = encode_ec_public_key(public)
    return load_der_public_key(der)  # type: ignore[return-value]


def generate_token_key(
    module: str, token_label: str, pin: str, key_label: str, *, algorithm: str = "rsa2048"
) -> PublicKey:
    """Generate a key pair inside the token (private key non-extractable); return its public key.

    Refuses with ``ValueError`` if the token already holds a key with that label, so that a
    certificate never points at a key another certificate uses.
    """
    with token_session(module, token_label, pin, rw=True) as session:
        existing = list(
            session.get_objects(
                {
                    pkcs11.Attribute.CLASS: pkcs11.ObjectClass.PRIVATE_KEY,
                    pkcs11.Attribute.LABEL: key_label,
                }
            )
        )
        if existing:
            raise ValueError(f"token {token_label!r} already holds a key {key_label!r}")
        key_id = secrets.token_bytes(8)
        private_template = {
            pkcs11.Attribute.SENSITIVE: True,
            pkcs11.Attribute.EXTRACTABLE: False,
            pkcs11.Attribute.SIGN: True,
        }
        if algorithm.startswith("rsa"):
            public, _private = session.generate_keypair(
                pkcs11.KeyType.RSA,
                int(algorithm[3:]),
                store=True,
                label=key_label,
                id=key_id,
                private_template=private_template,
            )
        else:
            curve = {"p256": "secp256r1", "p384": "secp384r1"}[algorithm]
            parameters = session.create_domain_parameters(
                pkcs11.KeyType.EC,
                {pkcs11.Attribute.EC_PARAMS: encode_named_curve_parameters(curve)},
                local=True,
            )
            public, _private = parameters.generate_keypair(
                store=True, label=key_label, id=key_id, private_template=private_template
            )
        return _public_key_of(public, algorithm)
