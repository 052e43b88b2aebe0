"""The public catalogue lists only what is in force, finds names without diacritics, and shows
every published component; staff pages read, edit, publish, import and export."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chancery.core.constants import Role
from chancery.eservices.catalogue import actions, queries
from chancery.eservices.constants import VersionStatus
from chancery.eservices.models import ProcedureVersion
from chancery.eservices.tests.factories import officer
from chancery.eservices.tests.factories_catalogue import (
    admin,
    consular_department,
    consular_head,
    procedure,
    version_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """Pages in English, as the assertions read them."""
    return Client(headers={"Accept-Language": "en"})


def _published(code: str, name_vi: str, on: dt.date = dt.date(2025, 7, 1), **data: Any) -> Any:
    editor = admin()
    version = actions.create_version(editor, procedure(code, name_vi), version_data(**data))
    return actions.publish_version(editor, version, on)


def _signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_search_ignores_diacritics_and_case(client: Client) -> None:
    _published("9.000101", "Hợp pháp hóa lãnh sự giấy tờ")
    _published("9.000102", "Đăng ký khai sinh")

    found = [p.code for p in queries.published_procedures(q="hop phap hoa")]
    born = list(queries.published_procedures(q="DANG KY KHAI SINH"))
    by_code = [p.code for p in queries.published_procedures(q="9.000102")]
    page = client.get(reverse("services:home"), {"q": "hop phap hoa"})

    assert "9.000101" in found
    assert "9.000102" not in found
    # The seeded catalogue has its own birth registration; every hit is one.
    assert "9.000102" in [p.code for p in born]
    assert all("khai sinh" in p.name_vi.lower() for p in born)
    assert by_code == ["9.000102"]
    assert "Hợp pháp hóa lãnh sự giấy tờ" in page.content.decode()
    assert "Đăng ký khai sinh" not in page.content.decode()


def test_the_public_list_shows_only_versions_in_force(client: Client) -> None:
    _published("9.000201", "Thủ tục đang áp dụng")
    actions.create_version(admin(), procedure("9.000202", "Thủ tục bản nháp"), version_data())
    _published("9.000203", "Thủ tục tương lai", on=dt.date(2099, 1, 1))

    codes = {p.code for p in queries.published_procedures()}
    page = client.get(reverse("services:home")).content.decode()

    assert "9.000201" in codes
    assert not {"9.000202", "9.000203"} & codes
    assert "Thủ tục đang áp dụng" in page
    assert "Thủ tục bản nháp" not in page
    assert "Thủ tục tương lai" not in page
    draft = procedure("9.000204", "x")
    assert client.get(reverse("services:procedure", args=[draft.slug])).status_code == 404


def test_filters_by_field_and_channel(client: Client) -> None:
    _published(
        "9.000301",
        "Chỉ trực tiếp",
        channels=[{"channel": "in_person", "working_days": 1, "fee": 0, "currency": "VND"}],
    )
    _published("9.000302", "Có trực tuyến")

    online = {p.code for p in queries.published_procedures(channel="online")}
    consular = {p.code for p in queries.published_procedures(field="consular")}

    assert "9.000302" in online
    assert "9.000301" not in online
    assert {"9.000301", "9.000302"} <= consular
    assert (
        client.get(reverse("services:home"), {"channel": "post", "field": "x"}).status_code == 200
    )


def test_the_procedure_page_shows_every_component_and_marks_unconfirmed_values(
    client: Client,
) -> None:
    version = _published(
        "9.000401",
        "Hợp pháp hóa lãnh sự",
        agencies=[consular_department().code],
        unconfirmed=["fees"],
    )

    page = client.get(reverse("services:procedure", args=[version.procedure.slug]))
    text = page.content.decode()

    assert page.status_code == 200
    for expected in (
        "9.000401",
        "Consular Department",
        "Apply",  # the step
        "30,000 VND",
        "1 working day",
        "Copy of passport",
        "Decree 111/2011/ND-CP",
        "A legalisation stamp",
        "Anyone",
        "Partly online",
        "Version 1",
        "Not confirmed",
    ):
        assert expected in text, expected


def test_a_page_without_unconfirmed_values_has_no_marker(client: Client) -> None:
    version = _published("9.000402", "Đã xác nhận")

    text = client.get(reverse("services:procedure", args=[version.procedure.slug])).content

    assert b"Not confirmed" not in text


def test_old_versions_stay_readable_and_say_they_are_not_in_force(client: Client) -> None:
    first = _published("9.000501", "Thủ tục có hai phiên bản")
    second = actions.create_version(admin(), first.procedure, {"level": "full"})
    actions.publish_version(admin(), second, dt.date(2025, 8, 1))

    old = client.get(reverse("services:procedure_version", args=[first.procedure.slug, 1]))
    now = client.get(reverse("services:procedure", args=[first.procedure.slug]))
    draft = actions.create_version(admin(), first.procedure)
    hidden = client.get(reverse("services:procedure_version", args=[first.procedure.slug, 3]))

    assert "This is not the version in force today." in old.content.decode()
    assert "Version 2" in now.content.decode()
    assert "Fully online" in now.content.decode()
    assert draft.number == 3
    assert hidden.status_code == 404


def test_staff_read_the_catalogue_and_editors_see_the_editing_buttons(client: Client) -> None:
    version = _published("9.000601", "Thủ tục cho cán bộ")
    reader = _signed_in(
        Client(headers={"Accept-Language": "en"}),
        officer(consular_department(), Role.CONSULAR_OFFICER.value),
    )
    editor = _signed_in(client, consular_head())

    listing = reader.get(reverse("eservices:catalogue"))
    detail = reader.get(reverse("eservices:catalogue_version", args=[version.pk]))

    assert listing.status_code == 200
    assert "9.000601" in listing.content.decode()
    assert "New version" not in listing.content.decode()
    assert detail.status_code == 200
    assert "New version" in editor.get(reverse("eservices:catalogue")).content.decode()


def test_an_editor_creates_edits_and_publishes_a_version_through_the_pages(client: Client) -> None:
    version = _published("9.000701", "Thủ tục sửa qua trang")
    _signed_in(client, consular_head())

    created = client.post(reverse("eservices:catalogue_version_new", args=[version.procedure_id]))
    draft = ProcedureVersion.objects.get(procedure=version.procedure, number=2)
    edit_url = reverse("eservices:catalogue_version_edit", args=[draft.pk])
    form = client.get(edit_url).context["form"]
    fields = {name: form.initial.get(name, "") for name in form.fields}
    bad = client.post(edit_url, {**fields, "channels": "[{oops"})
    invalid = client.post(edit_url, {**fields, "channels": "[]"})
    good = client.post(edit_url, {**fields, "level": "full"})
    published = client.post(
        reverse("eservices:catalogue_version_publish", args=[draft.pk]),
        {"effective_from": "2025-09-01"},
    )

    assert created.status_code == 302
    assert created["Location"] == edit_url
    assert bad.status_code == 422
    assert "not valid JSON (line 1" in bad.content.decode()
    assert invalid.status_code == 422
    assert "at least one channel" in invalid.content.decode()
    assert good.status_code == 302
    assert published.status_code == 302
    draft.refresh_from_db()
    assert (draft.level, draft.status) == ("full", VersionStatus.PUBLISHED)
    assert client.get(edit_url).status_code == 404  # published: no longer editable


def test_other_staff_cannot_change_the_catalogue(client: Client) -> None:
    version = _published("9.000801", "Thủ tục được bảo vệ")
    _signed_in(client, officer(consular_department(), Role.CONSULAR_OFFICER.value))

    answer = client.post(reverse("eservices:catalogue_version_new", args=[version.procedure_id]))
    importing = client.get(reverse("eservices:catalogue_import"))

    assert answer.status_code == 403
    assert importing.status_code == 403
    assert version.procedure.versions.count() == 1


def test_export_and_import_through_the_pages(client: Client) -> None:
    _published("9.000901", "Thủ tục xuất nhập")
    _signed_in(client, admin())

    exported = client.get(reverse("eservices:catalogue_export", args=["json"]))
    again = client.post(
        reverse("eservices:catalogue_import"),
        {"fmt": "json", "file": SimpleUploadedFile("c.json", exported.content)},
    )
    broken = client.post(
        reverse("eservices:catalogue_import"),
        {"fmt": "json", "file": SimpleUploadedFile("c.json", b"not json")},
    )

    assert exported["Content-Disposition"] == 'attachment; filename="catalogue.json"'
    assert again.status_code == 302
    assert broken.status_code == 422
    assert "Nothing was imported" in broken.content.decode()


def test_the_public_list_takes_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        _published(f"9.00100{n}", f"Thủ tục số {n}")

    with django_assert_max_num_queries(12):
        assert client.get(reverse("services:home")).status_code == 200
