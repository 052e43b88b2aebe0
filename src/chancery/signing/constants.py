"""Choices and fixed values of the signing service."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.service import register_scope


class CertificateRole(models.TextChoices):
    ROOT_CA = "root_ca", _("Root certification authority")
    ISSUING_CA = "issuing_ca", _("Issuing certification authority")
    PERSON = "person", _("Personal signing certificate")
    SEAL = "seal", _("Organisation seal")
    TSA = "tsa", _("Timestamping authority")
    OCSP = "ocsp", _("OCSP responder")
    # A root or intermediate of another authority (a national CA) that validation trusts.
    TRUST_ANCHOR = "trust_anchor", _("Trusted external authority")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    ON_HOLD = "on_hold", _("Suspended")


class RevocationReason(models.TextChoices):
    # RFC 5280 §5.3.1 reason codes that an operator chooses from.
    UNSPECIFIED = "unspecified", _("Unspecified")
    KEY_COMPROMISE = "key_compromise", _("Key compromise")
    CA_COMPROMISE = "ca_compromise", _("CA compromise")
    AFFILIATION_CHANGED = "affiliation_changed", _("Affiliation changed")
    SUPERSEDED = "superseded", _("Superseded")
    CESSATION_OF_OPERATION = "cessation_of_operation", _("Cessation of operation")
    CERTIFICATE_HOLD = "certificate_hold", _("Certificate hold")


class KeyStorage(models.TextChoices):
    NONE = "none", _("No private key here")
    FILE = "file", _("Encrypted key file")
    PKCS11 = "pkcs11", _("PKCS#11 token or HSM")


class PadesLevel(models.TextChoices):
    B_B = "B-B", "PAdES B-B"
    B_T = "B-T", "PAdES B-T"
    B_LT = "B-LT", "PAdES B-LT"
    B_LTA = "B-LTA", "PAdES B-LTA"


class AppearanceKind(models.TextChoices):
    SEAL = "seal", _("Organisation seal")
    PERSONAL = "personal", _("Handwritten signature image")
    INITIALS = "initials", _("Initials")
    INVISIBLE = "invisible", _("Invisible")


class IssuedStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


# Viet Nam time, in which appearances show the signing time (UTC+07:00, no daylight saving).
VIETNAM_TZ = "Asia/Ho_Chi_Minh"

# PIN of every key that `chancery pki init --demo` issues to demo staff. DEMO ONLY: it is
# printed in the documentation, so a real deployment never issues keys with it.
DEMO_PIN = "123456"


# API scopes, registered when the app loads (core/constants.py: scopes live with their app).
register_scope("read:signing", _("Read signed documents and your certificates"))
register_scope("write:signing", _("Sign, countersign, timestamp and revoke documents"))
register_scope("validate:signing", _("Validate signed PDF files"))
