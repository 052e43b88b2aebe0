"""Each section's editorial workflow: its editors write and submit, its approvers publish."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from chancery.core.constants import Role
from chancery.core.tests.factories import UserFactory
from chancery.portal import models as m
from chancery.portal.site import SECTIONS, section
from chancery.portal.workflows import ensure_workflows, section_groups

pytestmark = pytest.mark.django_db


def _staff(group: Group) -> tuple[Any, Client]:
    user = UserFactory(roles=[Role.EDITOR.value])
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return user, client


def _news_form(title: str, slug: str, action: str) -> dict[str, Any]:
    data: dict[str, Any] = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "kind": m.NewsPage._meta.get_field("kind").default,
            "date": "2026-01-15 09:00",
            "summary": "Tóm tắt.",
            "image_alt": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data[action] = "on"
    return data


def test_every_section_gets_its_editors_approvers_and_moderation_workflow(site: Any) -> None:
    # When the workflows are set up, twice
    ensure_workflows()
    call_command("portal-setup-workflows", stdout=io.StringIO())
    # Then each section has one editors group, one approvers group and one workflow
    assert Group.objects.filter(name="News editors").count() == 1
    assert Group.objects.filter(name="News approvers").count() == 1
    assert Workflow.objects.filter(name="News moderation").count() == 1
    assert Workflow.objects.filter(name__endswith=" moderation").count() == len(SECTIONS)
    for language in ("vi", "en", "fr"):
        news = section(m.NewsIndexPage, language)
        assert WorkflowPage.objects.get(page=news).workflow.name == "News moderation"
    editors, approvers = section_groups(m.NewsIndexPage)
    news = section(m.NewsIndexPage, "vi")
    assert set(
        GroupPagePermission.objects.filter(group=editors, page=news).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page"}
    assert "publish_page" in GroupPagePermission.objects.filter(
        group=approvers, page=news
    ).values_list("permission__codename", flat=True)
    assert editors.permissions.filter(codename="access_admin").exists()


def test_a_renamed_group_is_updated_not_duplicated(site: Any) -> None:
    ensure_workflows()
    editors, _approvers = section_groups(m.NewsIndexPage)
    editors.name = "Old name"
    editors.save()
    ensure_workflows()
    assert section_groups(m.NewsIndexPage)[0].pk == editors.pk
    assert Group.objects.get(pk=editors.pk).name == "News editors"


def test_an_editor_submits_an_approver_publishes_and_unpublishing_withdraws_it(
    site: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ensure_workflows()
    editors, approvers = section_groups(m.NewsIndexPage)
    editor, as_editor = _staff(editors)
    _approver, as_approver = _staff(approvers)
    news = section(m.NewsIndexPage, "vi")

    # Given an editor of the news section who writes an item and submits it for moderation
    add = reverse("wagtailadmin_pages:add", args=("portal", "newspage", news.pk))
    response = as_editor.post(add, _news_form("Thông cáo chờ duyệt", "cho-duyet", "action-submit"))
    assert response.status_code == 302, response.content.decode()[:2000]
    item = m.NewsPage.objects.get(slug="cho-duyet")
    # Then it waits for approval, unpublished
    assert not item.live
    assert item.workflow_in_progress
    assert Client().get(f"{news.url}cho-duyet/").status_code == 404
    # And the editor may not publish it
    assert not item.permissions_for_user(editor).can_publish()
    edit = reverse("wagtailadmin_pages:edit", args=(item.pk,))
    as_editor.post(edit, _news_form("Thông cáo chờ duyệt", "cho-duyet", "action-publish"))
    item.refresh_from_db()
    assert not item.live

    # When an approver of the news section approves it
    task_state = item.current_workflow_task_state
    assert task_state is not None
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=(item.pk, "approve", task_state.pk)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_approver.post(approve, {"comment": "Đồng ý."})
    assert response.status_code in (200, 302)
    # Then it is live for readers
    item.refresh_from_db()
    assert item.live
    reader = Client()
    assert reader.get(item.url).status_code == 200
    assert reader.get(item.url)["X-Cache"] == "HIT"

    # And when the approver saves a correction as a draft, the CMS compares the two revisions
    correction = _news_form("Thông cáo đã duyệt (sửa)", "cho-duyet", "action-save")
    del correction["action-save"]
    assert as_approver.post(edit, correction).status_code == 302
    revisions = list(item.revisions.order_by("created_at").values_list("pk", flat=True))
    assert len(revisions) >= 2
    compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=(item.pk, revisions[0], revisions[-1])
    )
    assert as_approver.get(compare).status_code == 200

    # When the approver unpublishes it
    unpublish = reverse("wagtailadmin_pages:unpublish", args=(item.pk,))
    with django_capture_on_commit_callbacks(execute=True):
        response = as_approver.post(unpublish)
    assert response.status_code == 302
    # Then readers no longer get it, not even from the cache
    assert reader.get(f"{news.url}cho-duyet/").status_code == 404


def test_an_editor_of_another_section_may_not_write_news(site: Any) -> None:
    ensure_workflows()
    briefing_editors, _approvers = section_groups(m.BriefingIndexPage)
    editor, _client = _staff(briefing_editors)
    news = section(m.NewsIndexPage, "vi")
    assert not news.permissions_for_user(editor).can_add_subpage()
    assert section(m.BriefingIndexPage, "vi").permissions_for_user(editor).can_add_subpage()
