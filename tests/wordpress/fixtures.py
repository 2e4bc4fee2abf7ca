"""The `wordpress` pytest fixture: one throw-away WordPress for the whole test session.

Enable it in a test module with either

    pytest_plugins = ["tests.wordpress.fixtures"]      # in the root tests/conftest.py

or, in the test module itself,

    from tests.wordpress.fixtures import wordpress  # noqa: F401  (a fixture)

and mark the tests `@pytest.mark.wordpress`. Importing the fixture into several modules
makes pytest see several session fixtures; they share one server through the module
state below, so WordPress still starts once per session and stops after the last user.
Without the Debian packages the tests are skipped, not failed.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator

import pytest

from tests.wordpress.server import WordPressServer, available

SKIP_MESSAGE = (
    "WordPress tests need Debian packages wordpress mariadb-server php-cli php-mysql: "
    "run .ci/wordpress-packages"
)

_server: WordPressServer | None = None
_users = 0


def _acquire() -> WordPressServer:
    global _server, _users
    if _server is None:
        server = WordPressServer()
        server.start()
        # A crashed or interrupted session still stops MariaDB and PHP.
        atexit.register(server.stop)
        _server = server
    _users += 1
    return _server


def _release() -> None:
    global _server, _users
    _users -= 1
    if _users == 0 and _server is not None:
        _server.stop()
        _server = None


@pytest.fixture(scope="session")
def wordpress() -> Iterator[WordPressServer]:
    ok, _reason = available()
    if not ok:
        pytest.skip(SKIP_MESSAGE)
    server = _acquire()
    try:
        yield server
    finally:
        _release()
