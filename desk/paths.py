"""Where Desk finds its resources and migrations, from a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent


def _find(name: str) -> Path:
    # A wheel carries resources/ and db/ inside the package; a checkout keeps them at the top.
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def resources_dir() -> Path:
    return _find("resources")


def migrations_dir() -> Path:
    return _find("db")


def templates_dir() -> Path:
    return resources_dir() / "templates"


def default_database_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("desk", appauthor=False)) / "desk.sqlite"


def user_data_dir() -> Path:
    """Desk's folder in the user's data directory (DESK_DATA_DIR overrides it: the tests
    keep their journals out of the editor's)."""
    import os

    override = os.environ.get("DESK_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("desk", appauthor=False))
