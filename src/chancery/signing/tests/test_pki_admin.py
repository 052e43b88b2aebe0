"""The certificate admin: read-only rows, revocation only through the audited action."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from chancery.core.tests.factories import UserFactory
from chancery.signing.actions.pki import InternalPki, issue_certificate
from chancery.signing.constants import CertificateRole, CertificateStatus

pytestmark = pytest.mark.django_db


def test_an_administrator_revokes_with_a_reason_and_cannot_edit(internal_pki: InternalPki) -> None:
    # Given an administrator and a personal certificate
    admin = UserFactory(admin=True, is_staff=True)
    leaf = issue_certificate(None, role=CertificateRole.PERSON, pin="120934", holder=UserFactory())
    client = Client()
    client.force_login(admin)
    changelist = reverse("admin:signing_certificate_changelist")
    # Then the list shows it, and its page offers no way to change it
    assert leaf.common_name in client.get(changelist).content.decode()
    page = client.get(reverse("admin:signing_certificate_change", args=[leaf.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert leaf.fingerprint.encode() in page.content
    # When they choose "revoke", they are asked for a reason first
    asked = client.post(changelist, {"action": "revoke", "_selected_action": [leaf.pk]})
    assert asked.status_code == 200
    assert b'name="reason"' in asked.content
    leaf.refresh_from_db()
    assert leaf.status == CertificateStatus.VALID
    # And with the reason, the certificate is revoked and the revocation audited
    client.post(
        changelist,
        {"action": "revoke", "_selected_action": [leaf.pk], "apply": "1", "reason": "superseded"},
    )
    leaf.refresh_from_db()
    assert leaf.status == CertificateStatus.REVOKED
    assert leaf.revocation_reason == "superseded"
    entry = apps.get_model("core", "AuditEntry").objects.get(
        action="signing.certificate_revoked", object_id=str(leaf.pk)
    )
    assert entry.actor_id == admin.pk


def test_staff_without_the_admin_role_do_not_see_certificates(internal_pki: InternalPki) -> None:
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:signing_certificate_changelist"))
    assert response.status_code in (302, 403)
