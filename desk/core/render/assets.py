"""Where templates and the site stylesheet live: ``resources/`` at the top of a
checkout, ``desk/resources/`` in an installed wheel (see pyproject.toml)."""

from __future__ import annotations

import functools
from pathlib import Path

from desk import paths


@functools.cache
def resources_dir() -> Path:
    found = paths.resources_dir()
    if not (found / "templates" / "article.html").is_file():
        raise FileNotFoundError(f"Desk resources (templates, site.css) not found at {found}")
    return found


def templates_dir() -> Path:
    return resources_dir() / "templates"


@functools.cache
def site_css() -> str:
    return (resources_dir() / "site.css").read_text(encoding="utf-8")
