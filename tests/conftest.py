"""Fixtures: a fresh database per test (SQLite, and PostgreSQL when AISOBES_TEST_POSTGRES_URL is set),
the services built by the composition root itself (`build_services`), one real server per database kind for the
whole session, and the environment for NiceGUI's `user` fixture."""
from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from aisobes.config import Settings
from aisobes.services import Services, build_services

from .helpers import LiveApp, Server, in_process_server, start_server

POSTGRES_URL = os.environ.get('AISOBES_TEST_POSTGRES_URL')  # e.g. postgresql+psycopg://postgres@/postgres?host=...
REQUIRE_E2E = os.environ.get('AISOBES_REQUIRE_E2E') == '1'


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data and transcripts dirs, and no .env of the developer leaks in."""
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith('AISOBES_') and key not in ('AISOBES_REQUIRE_E2E', 'AISOBES_TEST_POSTGRES_URL'):
            monkeypatch.delenv(key)
    monkeypatch.setenv('AISOBES_DATA_DIR', str(tmp_path / 'data'))
    monkeypatch.setenv('AISOBES_TRANSCRIPTS_DIR', str(tmp_path / 'transcripts'))
    monkeypatch.setenv('AISOBES_WHISPER', 'off')
    monkeypatch.setenv('AISOBES_ADMIN_PASSWORD', 'test-password')
    monkeypatch.setenv('AISOBES_API_TOKEN', 'test-token')
    return tmp_path


@pytest.fixture(params=['sqlite', 'postgres'])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind: a new SQLite file; on PostgreSQL one database for the session, emptied
    (every table truncated, ids restarted) before each test, which is ten times faster than creating one."""
    if request.param == 'sqlite':
        yield from _database('sqlite', tmp_path)
        return
    url = request.getfixturevalue('shared_postgres')
    _empty(url)
    yield url


@pytest.fixture(scope='session')
def shared_postgres() -> Iterator[str]:
    yield from _database('postgres', Path('.'))


def _empty(url: str) -> None:
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    import aisobes.models  # noqa: F401  (registers the tables)

    engine = sa.create_engine(url)
    try:
        existing = set(sa.inspect(engine).get_table_names())
        tables = [t.name for t in SQLModel.metadata.sorted_tables if t.name in existing]
        if tables:
            with engine.begin() as connection:
                connection.execute(sa.text(f'TRUNCATE {", ".join(tables)} RESTART IDENTITY CASCADE'))
    finally:
        engine.dispose()


def _database(kind: str, directory: Path) -> Iterator[str]:
    if kind == 'sqlite':
        (directory / 'data').mkdir(parents=True, exist_ok=True)
        yield f'sqlite:///{(directory / "data" / "test.db").as_posix()}'
        return
    if not POSTGRES_URL:
        if REQUIRE_E2E:
            pytest.fail('AISOBES_TEST_POSTGRES_URL is not set but AISOBES_REQUIRE_E2E=1')
        pytest.skip('PostgreSQL tests need AISOBES_TEST_POSTGRES_URL (see README, "Tests")')
    yield from _postgres_database()


def _postgres_database() -> Iterator[str]:
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    name = f'aisobes_test_{uuid.uuid4().hex[:12]}'
    admin = sa.create_engine(POSTGRES_URL, isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE {name}'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / 'data', transcripts_dir=tmp_path / 'transcripts', database_url=database_url,
                    whisper='off')


@pytest.fixture
async def services(settings: Settings) -> AsyncIterator[Services]:
    """The services of one server, bound to the test's loop but not started: no AI interviewer and no speech run
    (tests that want them call `await services.start()` or use the interviewer fixtures)."""
    built = build_services(settings)
    built.tasks.bind()
    yield built
    await built.stop()


SERVER_ENV = {'AISOBES_API_TOKEN': 'test-token', 'AISOBES_ADMIN_PASSWORD': 'test-password', 'AISOBES_WHISPER': 'off'}


@pytest.fixture(scope='session', params=['sqlite', 'postgres'])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real app (`python -m aisobes`) on a free loopback port, on a fresh database; one per database kind for
    the whole session (tests make their own interviews, so they do not see each other's)."""
    workdir = tmp_path_factory.mktemp(f'server-{request.param}')
    for url in _database(request.param, workdir):
        running = start_server(workdir, {**SERVER_ENV, 'AISOBES_DATABASE_URL': url})
        try:
            yield running
        finally:
            running.stop()


@pytest.fixture
async def live_app() -> AsyncIterator[LiveApp]:
    """The app in this test's process (SQLite in the test's data dir), served on a free loopback port."""
    async with in_process_server() as running:
        yield running
