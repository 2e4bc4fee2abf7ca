"""The suite's PostgreSQL: a database per test on the server DESK_TEST_DATABASE_URL names
(a maintenance database such as ``postgresql+psycopg://desk@127.0.0.1:5432/postgres``;
.ci/postgres starts a throw-away one). Each test's database is a copy of a template
migrated once per run, so a test starts from a fresh schema in a few milliseconds."""

from __future__ import annotations

import os
import uuid

URL_VARIABLE = "DESK_TEST_DATABASE_URL"
TEMPLATE = "desk_test_template"


def server_url() -> str | None:
    return os.environ.get(URL_VARIABLE) or None


def _admin():
    from sqlalchemy import create_engine

    url = server_url()
    assert url, URL_VARIABLE + " is not set"
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=_null_pool())


def _null_pool():
    from sqlalchemy.pool import NullPool

    return NullPool


def url_for(name: str) -> str:
    from sqlalchemy import make_url

    return make_url(server_url()).set(database=name).render_as_string(hide_password=False)


def prepare_template() -> None:
    """The template database at this Desk's schema (made again on every run)."""
    from sqlalchemy import text

    from desk.core.store.db import open_database

    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{TEMPLATE}"'))
    engine.dispose()
    database = open_database(url=url_for(TEMPLATE))
    database.close()


def create_database() -> str:
    """A new database copied from the template; returns its name."""
    from sqlalchemy import text

    name = "desk_test_" + uuid.uuid4().hex[:16]
    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"'))
    engine.dispose()
    return name


def drop_database(name: str) -> None:
    from sqlalchemy import text

    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


# The database each test's ``db_path`` stands for on PostgreSQL (conftest's db_url).
_URLS: dict[str, str] = {}


def remember(db_path, url: str) -> None:
    _URLS[str(db_path)] = url


def forget(db_path) -> None:
    _URLS.pop(str(db_path), None)


def cli_db(db_path) -> list[str]:
    """The command line's database arguments for this test: ``--database-url`` of its
    PostgreSQL database when the ``db`` fixture made one, else ``--db`` and the file."""
    url = _URLS.get(str(db_path))
    return ["--database-url", url] if url else ["--db", str(db_path)]


DATA_VARIABLE = "DESK_TEST_PGDATA"


def pg_ctl(action: str) -> None:
    """``pg_ctl stop`` / ``start`` / ``restart`` on the suite's server: its data folder
    is DESK_TEST_PGDATA (.ci/postgres sets it up; as root, the cluster is the postgres
    account's)."""
    import glob
    import shutil
    import subprocess

    data = os.environ.get(DATA_VARIABLE)
    assert data, DATA_VARIABLE + " is not set"
    # Debian's own folder (the newest version), else /usr/local/bin or the PATH.
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    binary = found[-1] if found else shutil.which("pg_ctl", path="/usr/local/bin:" + os.defpath) \
        or shutil.which("pg_ctl")
    assert binary, "no pg_ctl under /usr/lib/postgresql/*/bin, /usr/local/bin or the PATH"
    command = [binary, "-D", data, "-w", "-m", "fast", action]
    if action != "stop":
        command[1:1] = ["-l", os.path.join(os.path.dirname(data), "server.log")]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def where(db_path) -> str:
    """What first_screen.read takes for this test's database: its URL on PostgreSQL, else
    the file."""
    return _URLS.get(str(db_path), str(db_path))
