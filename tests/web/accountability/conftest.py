"""Municipality A's map assessed (see accountability_data)."""

from __future__ import annotations

from typing import Any

import pytest
from accountability_data import assessed

from weerbaar.web.accounts.models import Role


@pytest.fixture
def account(world: dict[str, Any]) -> dict[str, Any]:
    return {**assessed(world), "ciso": world["users"][Role.CISO]}
