"""Issuing a result: numbered at the moment of signing, signed, registered, RESULT_ISSUED; a
failed signature uses no number and leaves the dossier approved; refusals."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from chancery.blobs import service as blobs
from chancery.eservices.constants import CertificateStatus, State
from chancery.eservices.exceptions import InvalidTransition, NotAllowed, StaleRevision
from chancery.eservices.models import Dossier, DossierEvent, IssuedCertificate, NumberSeries
from chancery.eservices.results.actions import (
    InvalidInput,
    MayNotSign,
    SigningFailed,
    issue_result,
)
from chancery.eservices.tests.factories_results import (  # noqa: F401
    PIN,
    Desk,
    hierarchy,
    pki_dir,
    pki_port,
    signing_desk_fixture,
)
from chancery.signing import service as signing
from chancery.signing.models import Certificate
from chancery.signing.tests.independent import pdfsig_report

pytestmark = pytest.mark.django_db


def issue(desk: Desk, dossier: Dossier, who: str = "head", **overrides: Any) -> Dossier:
    values: dict[str, Any] = {
        "certificate_id": desk.certificates[who].pk,
        "pin": PIN,
        "revision": dossier.revision,
    }
    values.update(overrides)
    return issue_result(getattr(desk, who), dossier.pk, **values)


def signed_pdf(dossier: Dossier) -> bytes:
    dossier.refresh_from_db()
    assert dossier.result_document is not None
    with blobs.open_blob(dossier.result_document.blob.address, actor=None) as reader:
        return reader.read()


def test_the_unit_head_issues_a_numbered_signed_result(signing_desk: Desk, tmp_path: Path) -> None:
    desk = signing_desk
    dossier = desk.approved()
    issued = issue(desk, dossier)
    assert issued.state == State.RESULT_ISSUED
    certificate = IssuedCertificate.objects.get(dossier=dossier)
    assert certificate.number.startswith("HPH-LS-")
    assert certificate.number.endswith("-000001")
    assert certificate.status == CertificateStatus.VALID
    assert certificate.signer_name == "Lê Thị Hoa"
    assert certificate.document_type == "Birth certificate"
    assert certificate.verification_code == issued.result_verification_code
    data = signed_pdf(dossier)
    report = signing.validate(data)
    assert report.verdict == "valid"
    assert len(report.signatures) == 1
    path = tmp_path / "result.pdf"
    path.write_bytes(data)
    pdfsig = pdfsig_report(path)
    assert len(pdfsig) == 1
    assert pdfsig[0]["valid"]
    assert pdfsig[0]["total_document_signed"]
    event = DossierEvent.objects.get(dossier=dossier, action="result_issued")
    assert event.public
    assert event.data["number"] == certificate.number
    record = signing.public_record(issued.result_verification_code)
    assert record is not None
    assert record.number == certificate.number
    assert desk.applicant.full_name not in record.title


def test_a_consular_officer_and_a_leader_may_sign(signing_desk: Desk) -> None:
    desk = signing_desk
    assert issue(desk, desk.approved(), "officer").state == State.RESULT_ISSUED
    assert issue(desk, desk.approved(), "leader").state == State.RESULT_ISSUED
    numbers = sorted(IssuedCertificate.objects.values_list("number", flat=True))
    assert [n[-6:] for n in numbers] == ["000001", "000002"]


def test_the_qr_code_on_the_result_leads_to_its_register_entry(
    signing_desk: Desk, tmp_path: Path
) -> None:
    desk = signing_desk
    dossier = desk.approved()
    issue(desk, dossier)
    number = IssuedCertificate.objects.get(dossier=dossier).number
    (tmp_path / "result.pdf").write_bytes(signed_pdf(dossier))
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "result.pdf", "page"],
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    page = next(tmp_path.glob("page*.png"))
    found = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(page)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout.split()
    assert f"https://dichvu.example.test/services/certificates/{number}/" in found


@pytest.mark.django_db(transaction=True)
def test_a_wrong_pin_uses_no_number_leaves_the_dossier_approved_and_counts(
    signing_desk: Desk,
) -> None:
    desk = signing_desk
    dossier = desk.approved()
    with pytest.raises(SigningFailed) as refused:
        issue(desk, dossier, pin="000000")
    assert "PIN" in str(refused.value.message)
    dossier.refresh_from_db()
    assert dossier.state == State.APPROVED
    assert dossier.result_document_id is None
    assert not IssuedCertificate.objects.exists()
    assert not NumberSeries.objects.filter(last__gt=0).exists()
    assert Certificate.objects.get(pk=desk.certificates["head"].pk).pin_failures == 1
    issued = issue(desk, dossier)
    assert IssuedCertificate.objects.get(dossier=issued).number.endswith("-000001")


@pytest.mark.django_db(transaction=True)
def test_a_locked_key_is_refused_with_its_message(signing_desk: Desk, settings: Any) -> None:
    desk = signing_desk
    settings.CHANCERY_SIGNING_PIN_MAX_FAILURES = 1
    dossier = desk.approved()
    with pytest.raises(SigningFailed):
        issue(desk, dossier, pin="000000")
    with pytest.raises(SigningFailed) as refused:
        issue(desk, dossier)
    assert "lock" in str(refused.value.message).lower()
    dossier.refresh_from_db()
    assert dossier.state == State.APPROVED


def test_a_clerk_may_not_sign(signing_desk: Desk) -> None:
    desk = signing_desk
    dossier = desk.approved()
    with pytest.raises(MayNotSign):
        issue(desk, dossier, "clerk")


def test_another_units_head_does_not_even_see_the_dossier(signing_desk: Desk) -> None:
    desk = signing_desk
    with pytest.raises(NotAllowed):
        issue(desk, desk.approved(), "outsider")


def test_a_dossier_not_approved_gets_no_result(signing_desk: Desk) -> None:
    desk = signing_desk
    dossier = desk.approved(state=State.PROCESSING)
    with pytest.raises(InvalidTransition):
        issue(desk, dossier)
    assert not NumberSeries.objects.exists()


def test_someone_elses_certificate_is_refused(signing_desk: Desk) -> None:
    desk = signing_desk
    dossier = desk.approved()
    with pytest.raises(InvalidInput):
        issue(desk, dossier, certificate_id=desk.certificates["officer"].pk)


def test_a_stale_revision_is_refused(signing_desk: Desk) -> None:
    desk = signing_desk
    dossier = desk.approved()
    with pytest.raises(StaleRevision):
        issue(desk, dossier, revision=dossier.revision + 5)
    assert not IssuedCertificate.objects.exists()


def test_a_procedure_off_the_register_gets_a_signed_result_without_entry(
    signing_desk: Desk,
) -> None:
    desk = signing_desk
    procedure = desk.version.procedure
    procedure.public_register = False
    procedure.save(update_fields=["public_register"])
    dossier = desk.approved()
    issued = issue(desk, dossier)
    assert issued.state == State.RESULT_ISSUED
    assert not IssuedCertificate.objects.exists()
    assert signing.validate(signed_pdf(dossier)).verdict == "valid"


def test_issuing_stays_within_a_query_ceiling(
    signing_desk: Desk, django_assert_max_num_queries: Any
) -> None:
    desk = signing_desk
    dossier = desk.approved()
    with django_assert_max_num_queries(60):  # 51 today, signing and notices included
        issue(desk, dossier)


@pytest.mark.django_db(transaction=True)
def test_concurrent_signers_get_consecutive_numbers_and_a_failure_leaves_no_gap(
    signing_desk: Desk,
) -> None:
    desk = signing_desk
    work = [(desk.approved(), "head", PIN), (desk.approved(), "officer", PIN)]
    work += [(desk.approved(), "leader", "000000"), (desk.approved(), "leader", PIN)]
    outcomes: dict[int, str] = {}
    start = threading.Barrier(len(work))

    def run(dossier: Dossier, who: str, pin: str) -> None:
        try:
            start.wait()
            issue(desk, dossier, who, pin=pin)
            outcomes[dossier.pk] = "issued"
        except SigningFailed:
            outcomes[dossier.pk] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes.values()) == ["issued", "issued", "issued", "refused"]
    numbers = sorted(IssuedCertificate.objects.values_list("number", flat=True))
    assert [int(number[-6:]) for number in numbers] == [1, 2, 3]
    assert Dossier.objects.filter(state=State.APPROVED).count() == 1
