"""The public certificate register: exact number, public fields only, revocation shown,
lookups rate limited; certificate numbers gapless under concurrency."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from chancery.eservices.constants import CertificateStatus, State
from chancery.eservices.exceptions import InvalidTransition, NotAllowed
from chancery.eservices.models import Dossier, IssuedCertificate
from chancery.eservices.results import views
from chancery.eservices.results.actions import (
    InvalidInput,
    MayNotRevoke,
    issue_result,
    revoke_certificate,
)
from chancery.eservices.results.numbering import allocate_certificate_number, normalise_number
from chancery.eservices.tests.factories import procedure_version
from chancery.eservices.tests.factories_results import (  # noqa: F401
    APPLICANT_ID_NUMBER,
    PIN,
    Desk,
    hierarchy,
    pki_dir,
    pki_port,
    results_desk_fixture,
    signing_desk_fixture,
)
from chancery.signing import service as signing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def english() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def registered(desk: Desk, number: str = "HPH-LS-2026-000007") -> IssuedCertificate:
    dossier = desk.approved(state=State.RESULT_ISSUED)
    return IssuedCertificate.objects.create(
        number=number,
        dossier=dossier,
        procedure=desk.version.procedure,
        unit=desk.unit,
        issued_on=dossier.submitted_at.date(),  # type: ignore[union-attr]
        signer_name="Lê Thị Hoa",
        signer_title="Thủ trưởng đơn vị / Head of unit",
        document_type="Birth certificate",
    )


def test_the_register_shows_a_certificate_without_personal_data(results_desk: Desk) -> None:
    desk = results_desk
    entry = registered(desk)
    response = english().get(reverse("services:certificate", args=[entry.number]))
    html = response.content.decode()
    assert response.status_code == 200
    for public in (entry.number, "Lê Thị Hoa", "Head of unit", "Consular Department", "Valid"):
        assert public in html
    assert desk.applicant.full_name not in html
    assert APPLICANT_ID_NUMBER not in html
    assert desk.applicant.email not in html
    assert entry.dossier.code not in html


def test_a_search_by_number_is_exact_but_forgiving_of_case_and_dashes(
    results_desk: Desk,
) -> None:
    entry = registered(results_desk)
    client = english()
    found = client.get(reverse("services:certificates"), {"number": " hph–ls–2026–000007 "})
    assert found.status_code == 302
    assert found["Location"] == reverse("services:certificate", args=[entry.number])
    missing = client.get(reverse("services:certificates"), {"number": "HPH-LS-2026-00000"})
    assert missing.status_code == 404
    assert "No certificate was issued with this number." in missing.content.decode()
    assert client.get(reverse("services:certificates")).status_code == 200


def test_lookups_are_rate_limited_per_address(results_desk: Desk, settings: Any) -> None:
    entry = registered(results_desk)
    client = english()
    url = reverse("services:certificate", args=[entry.number])
    for _ in range(views.LOOKUPS_PER_WINDOW):
        assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
    limited = client.get(reverse("services:certificates"), {"number": entry.number})
    assert limited.status_code == 429


def test_the_public_api_answers_the_public_fields_only(results_desk: Desk) -> None:
    entry = registered(results_desk)
    response = english().get(f"/api/v1/eservices/certificates/{entry.number.lower()}")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == entry.number
    assert body["status"] == "valid"
    assert body["issuing_unit"] == "Consular Department"
    assert results_desk.applicant.full_name not in response.content.decode()
    assert english().get("/api/v1/eservices/certificates/NOPE-1").status_code == 404


def test_revoking_shows_revoked_on_the_register_and_the_verification_page(
    signing_desk: Desk,
) -> None:
    desk = signing_desk
    dossier = desk.approved()
    issue_result(
        desk.head,
        dossier.pk,
        certificate_id=desk.certificates["head"].pk,
        pin=PIN,
        revision=dossier.revision,
    )
    entry = IssuedCertificate.objects.get(dossier=dossier)
    revoked = revoke_certificate(desk.head, entry.pk, "Issued on a forged birth certificate")
    assert revoked.status == CertificateStatus.REVOKED
    html = english().get(reverse("services:certificate", args=[entry.number])).content.decode()
    assert "Revoked" in html
    assert "forged birth certificate" in html
    record = signing.public_record(entry.verification_code)
    assert record is not None
    assert record.is_revoked
    api = english().get(f"/api/v1/eservices/certificates/{entry.number}").json()
    assert api["status"] == "revoked"
    with pytest.raises(InvalidTransition):
        revoke_certificate(desk.head, entry.pk, "again")


def test_only_the_unit_head_or_a_leader_revokes(results_desk: Desk) -> None:
    desk = results_desk
    entry = registered(desk)
    with pytest.raises(MayNotRevoke):
        revoke_certificate(desk.officer, entry.pk, "reason")
    with pytest.raises(NotAllowed):
        revoke_certificate(desk.outsider, entry.pk, "reason")
    with pytest.raises(InvalidInput):
        revoke_certificate(desk.head, entry.pk, "   ")
    assert revoke_certificate(desk.leader, entry.pk, "reason").status == "revoked"


def test_numbers_are_normalised_or_refused() -> None:
    assert normalise_number(" hph ls 2026 000001") == "HPH-LS-2026-000001"
    assert normalise_number("HPH—LS—2026—000001") == "HPH-LS-2026-000001"
    assert normalise_number("<script>") is None
    assert normalise_number("") is None


@pytest.mark.django_db(transaction=True)
def test_certificate_numbers_are_gapless_under_concurrency() -> None:
    version = procedure_version()
    unit = version.agencies.get()
    procedure = version.procedure
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def allocate(fail: bool) -> None:
        try:
            start.wait()
            with transaction.atomic():
                number = allocate_certificate_number(procedure, unit, 2026)
                if fail:
                    raise RuntimeError("signature failed")
            with lock:
                numbers.append(number)
        except RuntimeError:
            pass
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(i == 2,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(numbers) == [f"HPH-LS-2026-{n:06d}" for n in range(1, 6)]
    assert Dossier.objects.count() == 0


def test_the_register_page_stays_within_a_query_ceiling(
    results_desk: Desk, django_assert_max_num_queries: Any
) -> None:
    entry = registered(results_desk)
    client = english()
    url = reverse("services:certificate", args=[entry.number])
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
