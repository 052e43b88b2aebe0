"""Search never shows, snippets or counts a document the user may not read; alerts likewise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from chancery.core.constants import Clearance
from chancery.core.models import Notification
from chancery.core.tests.factories import CompartmentFactory, UserFactory
from chancery.documents.actions.search import save_search
from chancery.documents.models import Document, SavedSearch
from chancery.documents.search.alerts import check_alerts
from chancery.documents.search.query import SearchParams, search_documents, search_queryset
from chancery.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

SUBJECT = "Đàm phán biên giới trên biển"


def _world() -> dict[str, object]:
    compartment = CompartmentFactory()
    insider = UserFactory(clearance=Clearance.SECRET, compartments=[compartment])
    public = DocumentFactory(subject=SUBJECT)
    secret = DocumentFactory(
        subject=SUBJECT, classification=Clearance.SECRET, distribution=[insider]
    )
    compartmented = DocumentFactory(subject=SUBJECT, compartments=[compartment])
    top = DocumentFactory(
        subject=SUBJECT, classification=Clearance.TOP_SECRET, distribution=[insider]
    )
    for doc in (public, secret, compartmented, top):
        Document.objects.filter(pk=doc.pk).update(content_text=f"{SUBJECT} nội dung")
    return {
        "insider": insider,
        "public": public,
        "secret": secret,
        "compartmented": compartmented,
        "top": top,
    }


@pytest.mark.parametrize(
    "who",
    [
        "no clearance",
        "cleared but off the distribution",
        "on the distribution without clearance",
        "cleared without the compartment",
    ],
)
def test_unreadable_documents_never_reach_results_snippets_or_counts(who: str) -> None:
    world = _world()
    compartment_less_cleared = UserFactory(clearance=Clearance.SECRET)
    users = {
        "no clearance": UserFactory(),
        "cleared but off the distribution": compartment_less_cleared,
        "on the distribution without clearance": UserFactory(),
        "cleared without the compartment": compartment_less_cleared,
    }
    user = users[who]
    if who == "on the distribution without clearance":
        world["secret"].distribution.add(user)  # type: ignore[attr-defined]
    results = search_documents(user, SearchParams(q="bien gioi"))
    shown = {hit.document.pk for hit in results.hits}
    assert shown == {world["public"].pk}  # type: ignore[attr-defined]
    assert results.total == 1
    assert not results.capped
    filtered = search_documents(user, SearchParams(q="bien gioi", classification=Clearance.SECRET))
    assert filtered.total == 0
    assert filtered.hits == []


def test_a_reader_cleared_on_distribution_with_the_compartment_sees_all_but_top_secret() -> None:
    world = _world()
    results = search_documents(world["insider"], SearchParams(q="bien gioi"))  # type: ignore[arg-type]
    expected = {world[k].pk for k in ("public", "secret", "compartmented")}  # type: ignore[attr-defined]
    assert {hit.document.pk for hit in results.hits} == expected
    assert results.total == 3
    assert all("<mark>" in hit.snippet_html for hit in results.hits)


def test_search_matches_visible_to_exactly() -> None:
    world = _world()
    for user in (world["insider"], UserFactory(), UserFactory(clearance=Clearance.TOP_SECRET)):
        found = set(search_queryset(user, SearchParams(q="bien gioi")).values_list("pk", flat=True))  # type: ignore[arg-type]
        visible = set(
            Document.objects.visible_to(user).filter(subject=SUBJECT).values_list("pk", flat=True)  # type: ignore[arg-type]
        )
        assert found == visible


def test_anonymous_and_inactive_users_find_nothing() -> None:
    _world()
    from django.contrib.auth.models import AnonymousUser

    assert search_documents(AnonymousUser(), SearchParams(q="bien gioi")).total == 0
    inactive = UserFactory(is_active=False)
    assert search_documents(inactive, SearchParams(q="bien gioi")).total == 0


def test_alert_counts_only_new_documents_the_owner_may_read_and_names_no_subject() -> None:
    owner = UserFactory()
    DocumentFactory(subject=SUBJECT)  # before the search was saved: not new
    saved = save_search(owner, "Biển", SearchParams(q="bien gioi"), alert=True)
    DocumentFactory(subject=SUBJECT)
    DocumentFactory(subject=SUBJECT, classification=Clearance.SECRET)
    DocumentFactory(subject="Báo cáo tài chính")
    assert check_alerts() == 1
    note = Notification.objects.get(recipient=owner)
    assert "1" in str(note.title)
    assert "Biển" in str(note.title)
    assert "biên giới" not in str(note.title).lower() + str(note.body).lower()
    assert str(saved.pk) in note.url
    assert check_alerts() == 0  # nothing new since


def test_alerts_are_not_sent_for_searches_without_alert() -> None:
    owner = UserFactory()
    saved = save_search(owner, "Quiet", SearchParams(q="bien gioi"), alert=False)
    SavedSearch.objects.filter(pk=saved.pk).update(
        last_checked_at=timezone.now() - timedelta(seconds=5)
    )
    DocumentFactory(subject=SUBJECT)
    assert check_alerts() == 0
    assert not Notification.objects.filter(recipient=owner).exists()
