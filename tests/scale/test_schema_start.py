"""Several instances starting at once on an empty PostgreSQL database: the schema is created by one of them while the
others wait (an advisory lock), so none fails with a duplicate table or type."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from aisobes.db import Database

from ..conftest import POSTGRES_URL, REQUIRE_E2E, _postgres_database


def test_four_instances_create_the_schema_at_once() -> None:
    if not POSTGRES_URL:
        if REQUIRE_E2E:
            pytest.fail('AISOBES_TEST_POSTGRES_URL is not set but AISOBES_REQUIRE_E2E=1')
        pytest.skip('needs AISOBES_TEST_POSTGRES_URL')
    for url in _postgres_database():
        databases = [Database(url) for _ in range(4)]
        try:
            with ThreadPoolExecutor(4) as pool:
                for future in [pool.submit(db.create_tables) for db in databases]:
                    future.result()  # raises what a start-up would have died of
            tables = set(sa.inspect(databases[0].engine).get_table_names())
            assert {'interviews', 'chat_messages'} <= tables, tables
        finally:
            for db in databases:
                db.dispose()
