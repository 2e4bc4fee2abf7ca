"""Where templates and the site stylesheet live: ``resources/`` at the top of a
checkout, ``desk/resources/`` in an installed wheel (see pyproject.toml)."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def resources_dir() -> Path:
    package = Path(__file__).resolve().parents[2]  # .../desk
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "templates" / "article.html").is_file():
            return candidate
    raise FileNotFoundError(f"Desk resources (templates, site.css) not found near {package}")


def templates_dir() -> Path:
    return resources_dir() / "templates"


@functools.cache
def site_css() -> str:
    return (resources_dir() / "site.css").read_text(encoding="utf-8")
