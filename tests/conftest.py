"""Shared fixtures: a fresh database per test, and where the shared fixtures live.

The ``db`` fixture is a SQLite file, or, when DESK_TEST_DATABASE_URL names a PostgreSQL
server, a fresh PostgreSQL database (tests/postgres.py). Tests that are about SQLite
itself (its file, its locks, its FTS5 index) are marked ``sqlite_only`` and skipped in
the PostgreSQL run, which says so in its summary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import postgres

REPO = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = REPO.parent / "shared" / "fixtures"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config: pytest.Config) -> None:
    if postgres.server_url() and not hasattr(config, "workerinput"):
        postgres.prepare_template()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not postgres.server_url():
        return
    skip = pytest.mark.skip(reason="SQLite only (this run is on PostgreSQL)")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str:
    url = postgres.server_url()
    return f"database: PostgreSQL at {url}" if url else "database: SQLite"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite"


@pytest.fixture
def db_url(db_path: Path):
    """The URL of this test's database: what ``--database-url`` takes."""
    if not postgres.server_url():
        yield "sqlite:///" + str(db_path)
        return
    name = postgres.create_database()
    url = postgres.url_for(name)
    postgres.remember(db_path, url)
    yield url
    postgres.forget(db_path)
    postgres.drop_database(name)


@pytest.fixture
def db(db_url: str):
    from desk.core.store.db import open_database

    database = open_database(url=db_url)
    yield database
    database.close()


@pytest.fixture
def on_postgres() -> bool:
    return postgres.server_url() is not None


@pytest.fixture
def shared_fixtures() -> Path:
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {SHARED_FIXTURES}")
    return SHARED_FIXTURES
