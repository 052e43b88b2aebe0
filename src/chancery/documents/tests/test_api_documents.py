"""The general documents API and the reports API: filters, pagination, 404, files, access."""

from __future__ import annotations

import hashlib
import io
from typing import Any, TypedDict

import pytest
from django.test import Client

from chancery.blobs import service as blobs
from chancery.core.tests.factories import UserFactory, issue_token
from chancery.documents.models import Document, DocumentFile
from chancery.documents.tests.factories_reports import YEAR, ReportWorld, build_report_world
from chancery.lib.pdfgen import sample_letter

pytestmark = pytest.mark.django_db

BASE = "/api/v1/documents"
LIST = f"{BASE}/"


class _Headers(TypedDict):
    HTTP_AUTHORIZATION: str


def _headers(user: Any, *scopes: str) -> _Headers:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, *(scopes or ('read:documents',)))}"}


def _attach(document: Document, user: Any) -> DocumentFile:
    data = sample_letter(number=document.number_symbol or "1/BNG")
    blob = blobs.store(
        io.BytesIO(data),
        filename="letter.pdf",
        actor=None,
        classification=document.classification,
        owner=blobs.Owner.of(document),
        declared_type="application/pdf",
    )
    return DocumentFile.objects.create(
        document=document,
        blob=blob,
        role="main",
        filename="letter.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )


def _ids(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.fixture
def world() -> ReportWorld:
    return build_report_world()


def test_list_shows_only_documents_the_caller_may_read(client: Client, world: ReportWorld) -> None:
    plain = _ids(client.get(LIST, {"limit": 200}, **_headers(world.plain)))
    cleared = _ids(client.get(LIST, {"limit": 200}, **_headers(world.cleared)))
    hidden = {str(world.secret_doc.pk), str(world.compartment_doc.pk)}
    assert len(plain) == Document.objects.count() - 2
    assert not plain & hidden
    assert hidden <= cleared


def test_list_filters_combine(client: Client, world: ReportWorld) -> None:
    headers = _headers(world.cleared)
    visa = _ids(client.get(LIST, {"tags": ["visa"], "direction": "in"}, **headers))
    assert visa == {
        str(d.pk) for d in Document.objects.filter(tags__contains=["visa"], direction="in")
    }
    both = _ids(client.get(LIST, {"tags": ["visa", "asean"]}, **headers))
    assert both == {str(world.outsider_doc.pk)}
    secret = _ids(client.get(LIST, {"classification": "2"}, **headers))
    assert secret == {str(world.secret_doc.pk)}
    urgent = _ids(client.get(LIST, {"urgency": "1", "unit": "hq"}, **headers))
    assert urgent == {str(world.outsider_doc.pk)}
    decisions = _ids(client.get(LIST, {"type": "quyet-dinh", "status": "issued"}, **headers))
    assert len(decisions) == 1


def test_list_filters_on_document_dates(client: Client, world: ReportWorld) -> None:
    Document.objects.filter(pk=world.outsider_doc.pk).update(document_date=f"{YEAR}-03-09")
    found = _ids(
        client.get(
            LIST,
            {"date_from": f"{YEAR}-03-01", "date_to": f"{YEAR}-03-31"},
            **_headers(world.plain),
        )
    )
    assert found == {str(world.outsider_doc.pk)}


def test_list_pages_with_a_cursor_without_repeating_or_skipping(
    client: Client, world: ReportWorld, django_assert_max_num_queries: Any
) -> None:
    headers = _headers(world.cleared)
    seen: list[str] = []
    url, params = LIST, {"limit": "3"}
    while url:
        with django_assert_max_num_queries(8):
            response = client.get(url, params, **headers)
        body = response.json()
        seen += [item["id"] for item in body["items"]]
        url, params = body["next"], {}
    assert len(seen) == len(set(seen)) == Document.objects.count()


def test_a_forged_cursor_is_refused(client: Client, world: ReportWorld) -> None:
    response = client.get(LIST, {"cursor": "forged"}, **_headers(world.plain))
    assert response.status_code == 400


def test_get_one_and_404_for_an_invisible_or_unknown_document(
    client: Client, world: ReportWorld
) -> None:
    headers = _headers(world.plain)
    response = client.get(f"{BASE}/{world.outsider_doc.pk}", **headers)
    assert response.status_code == 200
    body = response.json()
    assert (body["unit"], body["document_type"], body["tags"]) == (
        "hq",
        "cong-van",
        ["visa", "asean"],
    )
    assert client.get(f"{BASE}/{world.secret_doc.pk}", **headers).status_code == 404
    assert client.get(f"{BASE}/{world.compartment_doc.pk}", **headers).status_code == 404
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"{BASE}/{missing}", **headers).status_code == 404
    cleared = client.get(f"{BASE}/{world.secret_doc.pk}", **_headers(world.cleared))
    assert cleared.status_code == 200


def test_files_list_and_download(client: Client, world: ReportWorld) -> None:
    document_file = _attach(world.outsider_doc, world.plain)
    headers = _headers(world.plain)
    listed = client.get(f"{BASE}/{world.outsider_doc.pk}/files", **headers)
    assert [f["id"] for f in listed.json()] == [str(document_file.pk)]
    download = client.get(
        f"{BASE}/{world.outsider_doc.pk}/files/{document_file.pk}/content", **headers
    )
    assert download.status_code == 200
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(content).hexdigest() == document_file.sha256


def test_files_of_an_invisible_document_are_404(client: Client, world: ReportWorld) -> None:
    document_file = _attach(world.secret_doc, world.cleared)
    headers = _headers(world.plain)
    assert client.get(f"{BASE}/{world.secret_doc.pk}/files", **headers).status_code == 404
    url = f"{BASE}/{world.secret_doc.pk}/files/{document_file.pk}/content"
    assert client.get(url, **headers).status_code == 404
    # A file id of another document does not open through a visible one
    other = f"{BASE}/{world.outsider_doc.pk}/files/{document_file.pk}/content"
    assert client.get(other, **_headers(world.cleared)).status_code == 404


def test_classified_file_read_is_audited(client: Client, world: ReportWorld) -> None:
    from chancery.core.models import AuditEntry

    document_file = _attach(world.secret_doc, world.cleared)
    url = f"{BASE}/{world.secret_doc.pk}/files/{document_file.pk}/content"
    before = AuditEntry.objects.filter(action="blobs.read").count()
    response = client.get(url, **_headers(world.cleared))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="blobs.read").count() == before + 1


def test_a_token_without_the_read_scope_is_refused(client: Client, world: ReportWorld) -> None:
    headers = _headers(world.plain, "read:org")
    assert client.get(LIST, **headers).status_code == 403
    assert client.get(f"{BASE}/reports", **headers).status_code == 403


def test_anonymous_callers_are_refused(client: Client, world: ReportWorld) -> None:
    assert client.get(LIST).status_code == 401


def test_report_json_counts_visible_documents_only(client: Client, world: ReportWorld) -> None:
    plain = client.get(f"{BASE}/reports", {"year": YEAR}, **_headers(world.plain)).json()
    cleared = client.get(f"{BASE}/reports", {"year": YEAR}, **_headers(world.cleared)).json()
    assert (plain["totals"]["incoming"], cleared["totals"]["incoming"]) == (5, 7)
    months = {m["month"]: m["incoming"] for m in plain["months"]}
    assert months[3] == 2
    hq = next(row for row in plain["timeliness"] if row["unit"] == "hq")
    assert (hq["on_time"], hq["late"], hq["overdue"]) == (1, 1, 1)
    assert hq["on_time_rate"] == pytest.approx(1 / 3)


def test_report_json_filters_by_unit_and_refuses_an_unknown_one(
    client: Client, world: ReportWorld
) -> None:
    headers = _headers(world.plain)
    mission = client.get(f"{BASE}/reports", {"year": str(YEAR), "unit": "mi"}, **headers).json()
    assert [u["unit"] for u in mission["units"]] == ["mi"]
    unknown = client.get(f"{BASE}/reports", {"unit": "nowhere"}, **headers)
    assert unknown.status_code == 422


def test_outsider_with_top_clearance_but_no_unit_link_sees_no_classified_document(
    client: Client, world: ReportWorld
) -> None:
    outsider = UserFactory(clearance=3)
    found = _ids(client.get(LIST, {"limit": 200}, **_headers(outsider)))
    assert str(world.secret_doc.pk) not in found
    assert str(world.compartment_doc.pk) not in found
