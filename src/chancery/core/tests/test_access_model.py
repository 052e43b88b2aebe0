"""The access model on a real guarded table (chancery.testing.guarded.SampleRecord)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from chancery.core.access import can, get_visible_or_404, policy
from chancery.core.constants import Clearance
from chancery.core.models import Delegation
from chancery.core.tests.identity_helpers import make_compartment, make_unit, staff
from chancery.testing.guarded.models import SampleRecord

pytestmark = pytest.mark.django_db

C, S, TS = Clearance.CONFIDENTIAL, Clearance.SECRET, Clearance.TOP_SECRET


def record(level: int = Clearance.UNCLASSIFIED, **links: Any) -> SampleRecord:
    obj = SampleRecord.objects.create(title=f"record {level}", classification=level)
    obj.distribution.set(links.get("to", []))
    obj.assigned_units.set(links.get("units", []))
    obj.compartments.set(links.get("compartments", []))
    return obj


def visible(user: Any) -> set[int]:
    return set(SampleRecord.objects.visible_to(user).values_list("pk", flat=True))


def test_unclassified_is_visible_to_any_active_staff_member() -> None:
    obj = record()
    assert visible(staff()) == {obj.pk}


def test_inactive_and_anonymous_see_nothing() -> None:
    me = staff(is_active=False, clearance=TS)
    record()
    record(S, to=[me])
    assert visible(me) == set()
    assert visible(AnonymousUser()) == set()


@pytest.mark.parametrize(
    ("clearance", "level", "seen"),
    [
        (Clearance.UNCLASSIFIED, C, False),
        (C, C, True),
        (C, S, False),
        (S, S, True),
        (S, TS, False),
        (TS, TS, True),
        (TS, C, True),
    ],
)
def test_clearance_must_reach_the_level(clearance: int, level: int, seen: bool) -> None:
    me = staff(clearance=clearance)
    obj = record(level, to=[me])
    assert (obj.pk in visible(me)) is seen


def test_classified_needs_distribution_or_unit_assignment() -> None:
    unit = make_unit()
    me = staff(clearance=TS, unit=unit)
    listed, by_unit, neither = record(S, to=[me]), record(S, units=[unit]), record(S)
    assert visible(me) == {listed.pk, by_unit.pk}
    assert neither.pk not in visible(staff(clearance=TS, is_superuser=True))


def test_all_compartments_are_required() -> None:
    a, b = make_compartment(), make_compartment()
    one = staff(clearance=TS, compartments=[a])
    both = staff(clearance=TS, compartments=[a, b])
    obj = record(S, to=[one, both], compartments=[a, b])
    assert obj.pk not in visible(one)
    assert obj.pk in visible(both)


def test_compartments_restrict_unclassified_objects_too() -> None:
    need = make_compartment()
    obj = record(compartments=[need])
    assert obj.pk not in visible(staff())
    assert obj.pk in visible(staff(compartments=[need]))


def _delegate(principal: Any, delegate: Any, **dates: Any) -> Delegation:
    today = timezone.localdate()
    return Delegation.objects.create(
        principal=principal,
        delegate=delegate,
        start=dates.get("start", today),
        end=dates.get("end", today + timedelta(days=3)),
    )


def test_delegate_gets_the_principals_distribution_and_unit_not_clearance() -> None:
    boss_unit = make_unit()
    boss = staff(clearance=TS, unit=boss_unit)
    me = staff(clearance=C)
    mine_level = record(C, to=[boss])
    unit_level = record(C, units=[boss_unit])
    above_me = record(S, to=[boss])
    assert visible(me) == set()
    _delegate(boss, me)
    assert visible(me) == {mine_level.pk, unit_level.pk}
    assert above_me.pk not in visible(me)


def test_delegation_outside_its_dates_revoked_or_from_an_inactive_principal_grants_nothing() -> (
    None
):
    boss, me = staff(clearance=S), staff(clearance=S)
    obj = record(C, to=[boss])
    today = timezone.localdate()
    past = _delegate(boss, me, start=today - timedelta(9), end=today - timedelta(1))
    _delegate(boss, me, start=today + timedelta(1), end=today + timedelta(5))
    assert obj.pk not in visible(me)
    current = _delegate(boss, me)
    assert obj.pk in visible(me)
    Delegation.objects.filter(pk=current.pk).update(revoked_at=timezone.now())
    assert obj.pk not in visible(me)
    Delegation.objects.filter(pk=current.pk).update(revoked_at=None)
    boss.is_active = False
    boss.save(update_fields=["is_active"])
    assert obj.pk not in visible(me)
    assert past.pk


def test_compartments_are_never_delegated() -> None:
    secret_group = make_compartment()
    boss = staff(clearance=S, compartments=[secret_group])
    me = staff(clearance=S)
    obj = record(C, to=[boss], compartments=[secret_group])
    _delegate(boss, me)
    assert obj.pk not in visible(me)


def test_get_visible_or_404_answers_404_for_denied_missing_and_malformed() -> None:
    me = staff(clearance=C)
    hidden = record(S, to=[me])
    shown = record(C, to=[me])
    assert get_visible_or_404(SampleRecord.objects.all(), me, pk=shown.pk) == shown
    for lookup in (hidden.pk, hidden.pk + 1000, "not-a-number"):
        with pytest.raises(Http404):
            get_visible_or_404(SampleRecord.objects.all(), me, pk=lookup)


def test_can_view_only_what_is_visible_and_refuses_unknown_actions() -> None:
    me = staff(clearance=S)
    obj, hidden = record(C, to=[me]), record(TS, to=[me])
    assert can(me, "view", obj)
    assert not can(me, "view", hidden)
    assert not can(me, "shred", obj)
    assert not can(AnonymousUser(), "view", record())


def test_can_asks_the_registered_policy_only_for_visible_objects() -> None:
    me, other = staff(clearance=S), staff(clearance=S)
    obj, hidden = record(C, to=[me, other]), record(TS, to=[me])

    @policy(SampleRecord, "annotate")
    def only_me(user: Any, target: Any) -> bool:
        return bool(user.pk == me.pk)

    assert can(me, "annotate", obj)
    assert not can(other, "annotate", obj)
    assert not can(me, "annotate", hidden)


def test_visible_to_is_one_query_whatever_the_number_of_rows(
    django_assert_max_num_queries: Any,
) -> None:
    unit = make_unit()
    compartment = make_compartment()
    me = staff(clearance=S, unit=unit, compartments=[compartment])
    for index in range(30):
        record(index % 3, to=[me] if index % 2 else [], units=[unit] if index % 5 == 0 else [])
    _delegate(staff(), me)
    with django_assert_max_num_queries(1):
        rows = list(SampleRecord.objects.visible_to(me))
    assert rows
