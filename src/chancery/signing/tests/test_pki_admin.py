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
    # Then the list shows it, and its page offers no way to change what it certifies
    assert leaf.common_name in client.get(changelist).content.decode()
    page = client.get(reverse("admin:signing_certificate_change", args=[leaf.pk]))
    assert page.status_code == 200
    for field in ("status", "pem", "subject", "holder", "key_locator", "not_after"):
        assert f'name="{field}"'.encode() not in page.content
    assert b'name="image"' in page.content  # only how its signatures look
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


def _png(size: tuple[int, int] = (200, 200)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", size, (200, 20, 20, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_administrator_uploads_the_real_seal_image_and_diameter(
    internal_pki: InternalPki,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chancery.core.tests.factories import UnitFactory
    from chancery.signing.queries.appearance import appearance_for

    # Given a seal certificate and an administrator
    admin = UserFactory(admin=True, is_staff=True)
    seal = issue_certificate(None, role=CertificateRole.SEAL, pin="120934", unit=UnitFactory())
    client = Client()
    client.force_login(admin)
    url = reverse("admin:signing_certificate_change", args=[seal.pk])
    image = _png()
    # When they upload the seal's scan and its diameter
    response = client.post(
        url,
        {"seal_diameter_mm": "40.0", "image": SimpleUploadedFile("seal.png", image, "image/png")},
    )
    # Then signatures with that certificate show that image at that size, and it is audited
    assert response.status_code == 302, response.content
    seal.refresh_from_db()
    assert float(seal.seal_diameter_mm) == 40.0
    spec = appearance_for(
        seal, document_type="cong-van", kind="seal", organisation="x", verification_code="C"
    )
    assert spec is not None
    assert spec.image_png == image
    assert spec.seal_diameter_mm == 40.0
    assert (
        apps.get_model("core", "AuditEntry")
        .objects.filter(action="signing.appearance_set", object_id=str(seal.pk))
        .exists()
    )


def test_a_seal_image_must_be_a_sane_png_and_a_seal_a_real_size(
    internal_pki: InternalPki,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = UserFactory(admin=True, is_staff=True)
    leaf = issue_certificate(None, role=CertificateRole.PERSON, pin="120934", holder=UserFactory())
    client = Client()
    client.force_login(admin)
    url = reverse("admin:signing_certificate_change", args=[leaf.pk])
    not_png = client.post(
        url,
        {"seal_diameter_mm": "36", "image": SimpleUploadedFile("x.png", b"GIF89a...", "image/png")},
    )
    too_big = client.post(
        url,
        {
            "seal_diameter_mm": "36",
            "image": SimpleUploadedFile("x.png", _png((5000, 10)), "image/png"),
        },
    )
    tiny_seal = client.post(url, {"seal_diameter_mm": "5"})
    for response in (not_png, too_big, tiny_seal):
        assert response.status_code == 200  # the form again, with the error
        assert b"errorlist" in response.content
    leaf.refresh_from_db()
    assert leaf.appearance_image_id is None
    assert float(leaf.seal_diameter_mm) == 36.0


def test_only_administrators_and_the_holder_set_an_appearance(internal_pki: InternalPki) -> None:
    from chancery.signing.actions.appearance import set_appearance

    holder = UserFactory()
    leaf = issue_certificate(None, role=CertificateRole.PERSON, pin="120934", holder=holder)
    with pytest.raises(PermissionError):
        set_appearance(UserFactory(), leaf, image_png=_png())
    set_appearance(holder, leaf, image_png=_png())
    leaf.refresh_from_db()
    assert leaf.appearance_image_id is not None
