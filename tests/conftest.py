"""Shared fixtures: a fresh database per test, and where the shared fixtures live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = REPO.parent / "shared" / "fixtures"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite"


@pytest.fixture
def db(db_path: Path):
    from desk.core.db import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def shared_fixtures() -> Path:
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {SHARED_FIXTURES}")
    return SHARED_FIXTURES


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """The newsroom's journal goes in a folder of the test, never the editor's."""
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "desk-data"))
