from __future__ import annotations

import pytest

from chancery.core.models import User
from chancery.core.tests.factories import UserFactory


@pytest.fixture
def member(db: None) -> User:
    user: User = UserFactory(username="member", full_name="Trần Thị Thành Viên")
    return user
