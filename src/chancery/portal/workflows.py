"""The editorial workflow of each section: its editors write, its approvers publish.

For every section page of the source-language tree, ``ensure_workflows()`` makes (or brings up
to date) two Wagtail groups, "<Section> editors" (add and change pages in the section and its
translations) and "<Section> approvers" (add, change and publish), and a Wagtail workflow
"<Section> moderation" with one group approval task for the approvers, assigned to the section
page and its translations. An editor's "Submit for moderation" then waits for an approver, who
approves (and the page goes live, or is scheduled) or asks for changes.

Holding a group is not enough to enter the CMS: the staff member also needs the ``editor`` role
(auth.py); the groups carry ``wagtailadmin.access_admin`` so that Wagtail's own checks agree.
The groups are found again by their permissions on the section page, not by name, so that a
renamed group (or a name now translated) is updated rather than duplicated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from chancery.portal.site import SECTIONS, home, languages, source_language

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
APPROVER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# What writing an article needs besides pages: choosing and uploading images and documents.
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


@dataclass(frozen=True)
class SectionWorkflow:
    section: Page
    editors: Group
    approvers: Group
    workflow: Workflow


def _names_language() -> str:
    """Group and workflow names are in the site's language (the CMS's users read them)."""
    code = str(settings.LANGUAGE_CODE)
    return code if code in languages() else source_language()


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _pages(section: Page) -> list[Page]:
    """The section page and its translations."""
    return [section, *section.get_translations()]


def _find_group(section: Page, *, approvers: bool) -> Group | None:
    """The group made for ``section`` before: the one with exactly these page permissions."""
    wanted = set(APPROVER_PAGE_PERMISSIONS if approvers else EDITOR_PAGE_PERMISSIONS)
    groups = Group.objects.filter(page_permissions__page=section).distinct().order_by("pk")
    for group in groups:
        held = set(
            GroupPagePermission.objects.filter(group=group, page=section).values_list(
                "permission__codename", flat=True
            )
        )
        if held == wanted:
            return group
    return None


def _group(section: Page, name: str, *, approvers: bool) -> Group:
    group = _find_group(section, approvers=approvers)
    if group is None:
        group = Group.objects.filter(name=name).first() or Group.objects.create(name=name)
    elif group.name != name and not Group.objects.filter(name=name).exists():
        group.name = name
        group.save(update_fields=["name"])
    codenames = APPROVER_PAGE_PERMISSIONS if approvers else EDITOR_PAGE_PERMISSIONS
    for page in _pages(section):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_page_permission(codename)
            )
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    root = Collection.get_first_root_node()
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=_permission(app_label, codename)
        )
    return group


def _workflow(section: Page, approvers: Group, name: str, task_name: str) -> Workflow:
    """The section's workflow: the one already assigned if its task is our approvers'."""
    workflow: Workflow | None = None
    assigned = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if assigned is not None:
        tasks = GroupApprovalTask.objects.filter(
            workflow_tasks__workflow=assigned.workflow, groups=approvers
        )
        if tasks.exists():
            workflow = assigned.workflow
            task = tasks.first()
            assert task is not None
            if task.name != task_name:
                task.name = task_name
                task.save(update_fields=["name"])
    if workflow is None:
        workflow = Workflow.objects.create(name=name, active=True)
        task = GroupApprovalTask.objects.create(name=task_name, active=True)
        task.groups.set([approvers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if workflow.name != name or not workflow.active:
        workflow.name, workflow.active = name, True
        workflow.save(update_fields=["name", "active"])
    for page in _pages(section):
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_workflows() -> list[SectionWorkflow]:
    """Make or update every section's groups and workflow; safe to run again (idempotent).

    Called by the demo and by ``chancery portal-setup-workflows`` (an administrator at the
    console); it changes no page and removes nobody from a group."""
    language = _names_language()
    locale = Locale.objects.filter(language_code=language).first()
    made = []
    for model, _names in SECTIONS:
        section = model.objects.child_of(home(source_language())).get()
        shown = section
        if locale is not None and section.locale_id != locale.pk:
            shown = section.get_translation_or_none(locale) or section
        with translation.override(language):
            values = {"section": shown.title}
            editors_name = _("%(section)s editors") % values
            approvers_name = _("%(section)s approvers") % values
            workflow_name = _("%(section)s moderation") % values
            task_name = _("%(section)s approval") % values
        editors = _group(section, editors_name, approvers=False)
        approvers = _group(section, approvers_name, approvers=True)
        workflow = _workflow(section, approvers, workflow_name, task_name)
        made.append(SectionWorkflow(section, editors, approvers, workflow))
    return made


def section_groups(model: type[Page]) -> tuple[Group, Group]:
    """The (editors, approvers) groups of the section of type ``model`` (after ensure)."""
    section = model.objects.child_of(home(source_language())).get()
    editors = _find_group(section, approvers=False)
    approvers = _find_group(section, approvers=True)
    if editors is None or approvers is None:
        raise LookupError(f"no workflow groups for {model.__name__}; run ensure_workflows()")
    return editors, approvers


class Command(BaseCommand):
    """``chancery portal-setup-workflows``: run by an administrator at the console."""

    help = "Create or update each portal section's editors, approvers and moderation workflow."

    def handle(self, *args: Any, **options: Any) -> None:
        for made in ensure_workflows():
            self.stdout.write(
                f"{made.section.title}: {made.editors.name}, {made.approvers.name}, "
                f"{made.workflow.name}"
            )
