"""The document page: every area's panel renders for incoming and outgoing documents."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from chancery.core.service import Clearance, Role
from chancery.core.tests.factories import UserFactory
from chancery.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("outgoing", [False, True])
def test_the_document_page_and_its_intake_panel_answer_for_both_directions(
    client: Client, outgoing: bool
) -> None:
    document = DocumentFactory(outgoing=outgoing)
    client.force_login(UserFactory(unit=document.unit, roles=[Role.CLERK]))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("documents:detail", args=[document.pk]))
    assert page.status_code == 200
    panel = client.get(reverse("documents:intake_panel", args=[document.pk]))
    # Outgoing documents have no intake panel: a plain 404, never a server error.
    assert panel.status_code == (404 if outgoing else 200)


def test_a_classified_document_is_a_404_for_someone_without_clearance(client: Client) -> None:
    document = DocumentFactory(classification=Clearance.SECRET)
    client.force_login(UserFactory(unit=document.unit))
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 404
