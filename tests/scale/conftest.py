"""Fixtures of the several-instances tests: a PostgreSQL database emptied before each test (skipped without
AISOBES_TEST_POSTGRES_URL, failed when AISOBES_REQUIRE_E2E=1), and two real `python -m aisobes` instances on it."""
from __future__ import annotations

import pytest

from ..conftest import _empty


@pytest.fixture
def pg_url(shared_postgres: str) -> str:
    _empty(shared_postgres)
    return shared_postgres
