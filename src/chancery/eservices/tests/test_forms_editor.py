"""The staff form editor: who may use it, saving drafts only, errors shown, live preview."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from chancery.core.constants import Role
from chancery.core.models import AuditEntry
from chancery.eservices.catalogue.actions import NotCatalogueEditor, VersionImmutable
from chancery.eservices.constants import VersionStatus
from chancery.eservices.forms.actions import FormRefused, save_form_schema
from chancery.eservices.models import ProcedureVersion
from chancery.eservices.tests.factories import (
    SIMPLE_FORM,
    hq_department,
    officer,
    procedure_version,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> ProcedureVersion:
    version = procedure_version()
    version.status = VersionStatus.DRAFT
    version.published_at = None
    version.save(update_fields=["status", "published_at"])
    return version


def _client(*roles: str, unit: str = "LS") -> Client:
    """Signed in as a member of ``unit`` (the consular department by default)."""
    client = Client()
    client.force_login(officer(hq_department(unit), *roles))
    return client


def _url(version: ProcedureVersion, name: str = "eservices:form_editor") -> str:
    return reverse(name, args=[version.pk])


def test_unit_head_sees_the_form_as_json_with_a_preview(draft: ProcedureVersion) -> None:
    response = _client(Role.UNIT_HEAD).get(_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "&quot;full_name&quot;" in html  # the JSON in the textarea
    assert "Save the form" in html
    # The preview is in the page's language
    assert '<legend class="usa-legend usa-legend--large">Request</legend>' in html
    vietnamese = _client(Role.UNIT_HEAD).get(_url(draft), headers={"accept-language": "vi"})
    assert (
        '<legend class="usa-legend usa-legend--large">Yêu cầu</legend>'
        in vietnamese.content.decode()
    )


def test_other_staff_are_refused_and_visitors_sent_to_sign_in(draft: ProcedureVersion) -> None:
    assert _client(Role.CONSULAR_OFFICER).get(_url(draft)).status_code == 403
    # The catalogue is the consular department's: another unit's head may not edit it
    assert _client(Role.UNIT_HEAD, unit="PR").get(_url(draft)).status_code == 403
    assert _client(Role.LEADER).post(_url(draft, "eservices:form_preview")).status_code == 403
    response = Client().get(_url(draft))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_admin_saves_a_valid_form_on_a_draft_and_it_is_audited(draft: ProcedureVersion) -> None:
    form = {"sections": [{"id": "a", "title": {"vi": "A"}, "fields": []}]}
    response = _client(Role.ADMIN).post(_url(draft), {"schema": json.dumps(form)})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.form_schema == form
    entry = AuditEntry.objects.get(action="eservices.form_saved", object_id=str(draft.pk))
    assert entry.data == {"fields": 0, "fields_before": 5}


def test_malformed_json_is_refused_with_where_it_breaks(draft: ProcedureVersion) -> None:
    response = _client(Role.UNIT_HEAD).post(_url(draft), {"schema": '{"sections": [}'})
    assert response.status_code == 422
    assert "This is not valid JSON" in response.content.decode()
    assert "line 1, column 15" in response.content.decode()
    draft.refresh_from_db()
    assert draft.form_schema == SIMPLE_FORM


def test_an_invalid_form_is_refused_with_every_problem_listed(draft: ProcedureVersion) -> None:
    form = {
        "sections": [
            {
                "id": "a",
                "title": {"vi": "A"},
                "fields": [
                    {"name": "x", "type": "html", "label": {"vi": "X"}},
                    {"name": "f", "type": "file", "label": {"vi": "F"}, "component": "ghost"},
                ],
            }
        ]
    }
    response = _client(Role.UNIT_HEAD).post(_url(draft), {"schema": json.dumps(form)})
    html = response.content.decode()
    assert response.status_code == 422
    assert "The form has 2 problems" in html
    assert "unknown type &#x27;html&#x27;" in html
    assert "ghost is not a component of this version" in html
    # What the editor typed stays in the textarea
    assert "&quot;ghost&quot;" in html
    assert not AuditEntry.objects.filter(action="eservices.form_saved").exists()


def test_a_published_version_is_read_only(draft: ProcedureVersion) -> None:
    published = procedure_version()
    client = _client(Role.ADMIN)
    html = client.get(_url(published)).content.decode()
    assert "Save the form" not in html
    assert " readonly" in html
    assert "its form cannot change" in html
    response = client.post(_url(published), {"schema": "{}"})
    assert response.status_code == 409
    published.refresh_from_db()
    assert published.form_schema == SIMPLE_FORM


def test_preview_renders_the_posted_form_in_the_chosen_language(draft: ProcedureVersion) -> None:
    client = _client(Role.UNIT_HEAD)
    response = client.post(
        _url(draft, "eservices:form_preview"),
        {"schema": json.dumps(SIMPLE_FORM), "language": "fr"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment for htmx
    assert '<legend class="usa-legend usa-legend--large">Demande</legend>' in html
    assert "Nom complet" in html
    draft.refresh_from_db()
    assert draft.form_schema == SIMPLE_FORM  # preview saves nothing


def test_preview_without_javascript_returns_the_whole_editor(draft: ProcedureVersion) -> None:
    response = _client(Role.UNIT_HEAD).post(
        _url(draft, "eservices:form_preview"), {"schema": "[1,", "language": "en"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "The preview cannot be shown until these problems are fixed" in html


def test_save_form_schema_refusals(draft: ProcedureVersion) -> None:
    head = officer(hq_department(), Role.UNIT_HEAD)
    with pytest.raises(NotCatalogueEditor):
        save_form_schema(officer(hq_department()), draft.pk, "{}")
    with pytest.raises(FormRefused) as refused:
        save_form_schema(head, draft.pk, '{"sections": 1}')
    assert refused.value.errors == ['The form needs a list of "sections".']
    with pytest.raises(VersionImmutable):
        save_form_schema(head, procedure_version().pk, "{}")


def test_editor_page_query_count(
    draft: ProcedureVersion, django_assert_max_num_queries: object
) -> None:
    client = _client(Role.UNIT_HEAD)
    client.get(_url(draft))
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get(_url(draft))
