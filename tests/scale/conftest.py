"""Fixtures of the several-instances tests: a PostgreSQL database emptied before each test (skipped without
AISOBES_TEST_POSTGRES_URL, failed when AISOBES_REQUIRE_E2E=1), and two real `python -m aisobes` instances on it."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import SERVER_ENV, _empty
from ..helpers import Server, start_server


@pytest.fixture
def pg_url(shared_postgres: str) -> str:
    _empty(shared_postgres)
    return shared_postgres


@dataclass
class Pair:
    """Two instances of the app on one PostgreSQL database (one transcripts directory, as on a shared volume)."""
    a: Server
    b: Server
    transcripts_dir: Path
    database_url: str

    @property
    def both(self) -> tuple[Server, Server]:
        return self.a, self.b

    def stop(self) -> None:
        for server in self.both:
            server.stop()


# the secrets are the same on every instance (as the README says a deployment must set them)
INSTANCE_ENV = {**SERVER_ENV, 'AISOBES_STORAGE_SECRET': 'test-storage-secret', 'AISOBES_AI_DEBOUNCE': '0.3',
                'AISOBES_LLM': 'scripted'}


def start_pair(workdir: Path, database_url: str, **env: str) -> Pair:
    transcripts = workdir / 'transcripts'
    common = {**INSTANCE_ENV, 'AISOBES_DATABASE_URL': database_url, 'AISOBES_TRANSCRIPTS_DIR': str(transcripts),
              **env}
    for name in ('a', 'b'):
        (workdir / name).mkdir(parents=True)
    a = start_server(workdir / 'a', common)
    try:
        b = start_server(workdir / 'b', common)
    except Exception:
        a.stop()
        raise
    return Pair(a, b, transcripts, database_url)


@pytest.fixture(scope='module')
def pair(shared_postgres: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    """Two instances for a module's tests (each test makes its own interviews)."""
    running = start_pair(tmp_path_factory.mktemp('pair'), shared_postgres)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def own_pair(pg_url: str, tmp_path: Path) -> Iterator[Pair]:
    """Two instances for one test that kills or restarts one of them."""
    running = start_pair(tmp_path / 'pair', pg_url)
    try:
        yield running
    finally:
        running.stop()
