"""Shared helpers for the export tests: a demo database built once, a crawler for
internal links, a tree snapshot."""

from __future__ import annotations

import hashlib
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from desk.core.db import Database, open_database

INTERNAL_FILES = {".desk-export.json"}


def override_checklist(db: Database, *article_ids: int,
                       why: str = "test: what the exporter itself refuses") -> None:
    """An explicit override of the checklist for these articles (release.require)."""
    from desk.core import articles, release

    with db.write() as session:
        for article_id in article_ids:
            release.require(session, articles.get(session, article_id), "export", why=why, by="test")


def copy_database(template: Path, target: Path) -> Database:
    shutil.copy(template, target)
    return open_database(target)


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` -> its sha256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and ".desk-staging" not in p.relative_to(folder).parts}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [part.strip().split()[0] for part in value.split(",") if part.strip()]


def links_of(html: str, page: str | None = None) -> list[str]:
    """The href, src and srcset URLs of ``html``; with ``page`` (its path in the site,
    "category/world/index.html"), relative ones resolved to site-root paths."""
    parser = _Links()
    parser.feed(html)
    if page is None:
        return parser.urls
    base = "/" + page
    return [url if urlsplit(url).scheme or url.startswith("//") else urljoin(base, url)
            for url in parser.urls]


def file_for(site: Path, url: str) -> Path | None:
    """The file a site-root-relative URL is served from; None for external URLs."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = unquote(parts.path)
    if path.endswith("/"):
        path += "index.html"
    return site / path.lstrip("/")


def broken_links(site: Path) -> list[str]:
    """Links between the site's pages and files (relative to each page) that lead to no
    file; a link that climbs above the site's root counts as broken."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        if ".desk-staging" in page.parts:
            continue
        rel = page.relative_to(site).as_posix()
        for raw, url in zip(links_of(page.read_text(encoding="utf-8")),
                            links_of(page.read_text(encoding="utf-8"), rel)):
            if raw.startswith("/") and not raw.startswith("//"):
                broken.append(f"{rel} -> {raw} (root-relative: breaks under a base path)")
                continue
            if not urlsplit(raw).scheme and raw.count("../") > rel.count("/"):
                broken.append(f"{rel} -> {raw} (climbs above the site)")
                continue
            target = file_for(site, url)
            if target is not None and not target.is_file():
                broken.append(f"{rel} -> {url}")
    return broken


import pytest  # noqa: E402

BASE_URL = "https://example.org"


def set_base_url(db, url: str = BASE_URL) -> None:
    """An export needs the site's address (it refuses to invent one)."""
    from desk.core import settings

    with db.write() as session:
        settings.save(session, base_url=url)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo database with its renditions already made (by one export), built once:
    every test copies it instead of re-encoding the photos."""
    from desk.core import demo
    from desk.core.export import export_site

    folder = tmp_path_factory.mktemp("demo-template")
    db = open_database(folder / "demo.sqlite")
    demo.install(db)
    set_base_url(db)
    export_site(db, folder / "warm-up")
    db.close()
    return folder / "demo.sqlite"


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path):
    db = copy_database(demo_template, tmp_path / "desk.sqlite")
    yield db
    db.close()
