"""The CMS edit form of a travel advisory: every new edit starts as a minor update.

Why in the form and not by rewriting the page after publication: ``update_kind`` is part of
the published revision, and wagtail-localize copies it (a synchronised field) into each
translation when the editor syncs them later. Rewriting the stored value to "minor" right
after publishing would turn the translations' edition of a major change into a minor one
(their readers would never be alerted), and writing into a published revision's content is
rewriting history. So the stored revision keeps what the editor chose; only the form that
starts the *next* edit proposes "minor" and an empty change note.
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm

from chancery.portal.constants import UpdateKind


class AdvisoryPageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and _latest_revision_was_published(self.instance):
            # A draft not yet published keeps the kind its editor chose; an edit that starts
            # from a published edition is a new update, minor unless the editor says otherwise.
            self.initial["update_kind"] = UpdateKind.MINOR.value
            self.initial["change_note"] = ""


def _latest_revision_was_published(page: Any) -> bool:
    from wagtail.models import Page

    from chancery.portal.models import AdvisoryUpdate

    if page is None or page.pk is None:
        return False
    latest = Page.objects.filter(pk=page.pk).values_list("latest_revision_id", flat=True).first()
    return latest is not None and AdvisoryUpdate.objects.filter(revision_id=latest).exists()
