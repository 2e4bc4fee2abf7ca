"""Shared helpers for the export tests: a demo database built once, a crawler for
internal links, a tree snapshot."""

from __future__ import annotations

import hashlib
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from desk.core.store.db import Database, open_database

INTERNAL_FILES = {".desk-export.json"}
INTERNAL_FILES_NAME = ".desk-export.json"


def override_checklist(db: Database, *article_ids: int,
                       why: str = "test: what the exporter itself refuses") -> None:
    """An explicit override of the checklist for these articles (release.require)."""
    from desk.core.articles import editing as articles, release

    with db.write() as session:
        for article_id in article_ids:
            release.require(session, articles.get(session, article_id), "export", why=why, by="test")


def copy_database(template: Path, target: Path) -> Database:
    shutil.copy(template, target)
    return open_database(target)


def manifest_path(out: Path) -> Path:
    """Where the manifest of the site served from ``out`` is (next to it, or inside a
    folder written in place)."""
    from desk.core.export import writer

    return writer.locate(Path(out).absolute()).manifest


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` -> its sha256, and the site's manifest under its own
    name (wherever it is kept): two sites are equal when both are."""
    files = {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(folder.rglob("*"))
             if p.is_file() and ".desk-staging" not in p.relative_to(folder).parts}
    manifest = manifest_path(folder)
    if manifest.is_file():
        files[INTERNAL_FILES_NAME] = hashlib.sha256(manifest.read_bytes()).hexdigest()
    return files


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
    from desk.core.site import settings

    with db.write() as session:
        settings.save(session, base_url=url)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo database with its renditions already made (by one export), built once:
    every test copies it instead of re-encoding the photos."""
    from desk.core.site import demo
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


# --- killing an export at every point of its commit -------------------------------------

MUTATIONS = ("replace", "rename", "link", "symlink", "unlink", "remove", "rmdir", "mkdir")


def killed_export(db_path: Path, out: Path, kill_at: int | None, *, phase: str = "commit",
                  setup=None, whole: tuple[str, ...] = ()) -> int:
    """Run ``export_site`` in a forked child that dies (``os._exit``, no clean-up, like
    kill -9) just before its ``kill_at``-th file-system change (rename, link, unlink,
    mkdir, ...) of ``phase`` ("commit": from Stager.commit on; "stage": before it).
    ``kill_at=None`` runs to the end. Returns the number of changes the child reached
    (all of them when it was not killed). ``setup(writer)`` runs first in the child.
    ``whole``: functions of writer.py whose changes count as one (the copy of a tree
    by hard links: a hundred changes to a folder nobody serves)."""
    import os

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(read)
            from desk.core.store.db import open_database
            from desk.core.export import export_site, writer

            if setup is not None:
                setup(writer)
            count = [0]
            counting = [phase == "stage"]

            def reached() -> None:
                if not counting[0]:
                    return
                if kill_at is not None and count[0] == kill_at:
                    os.write(write, str(count[0]).encode())
                    os._exit(9)
                count[0] += 1

            for name in MUTATIONS:
                real = getattr(os, name)

                def patched(*args, _real=real, **kwargs):
                    reached()
                    return _real(*args, **kwargs)

                setattr(os, name, patched)
            real_open = os.open

            def patched_open(path, flags, *args, **kwargs):
                if flags & os.O_CREAT:
                    reached()
                return real_open(path, flags, *args, **kwargs)

            os.open = patched_open
            commit = writer.Stager.commit

            def counted_commit(self, *args, **kwargs):
                if phase == "stage":
                    os.write(write, str(count[0]).encode())
                    os._exit(0)
                counting[0] = True
                return commit(self, *args, **kwargs)

            writer.Stager.commit = counted_commit
            for name in whole:
                inner = getattr(writer, name)

                def as_one(*args, _inner=inner, **kwargs):
                    reached()
                    was, counting[0] = counting[0], False
                    try:
                        return _inner(*args, **kwargs)
                    finally:
                        counting[0] = was

                setattr(writer, name, as_one)
            export_site(open_database(db_path), out)
            os.write(write, str(count[0]).encode())
        except BaseException:  # noqa: BLE001  (a failure in the child is the test's to see)
            import traceback

            traceback.print_exc()
            code = 3
        os._exit(code)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as fh:
        reached = fh.read()
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, 9), f"the export failed in the child (exit {code})"
    return int(reached or 0)


def served(folder: Path) -> dict[str, str]:
    """Every file a web server serving ``folder`` can serve (hidden ones included) -> sha256."""
    import os

    if not folder.exists():
        return {}
    out = {}
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in files:
            path = Path(root) / name
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def snapshot_folder(tmp: Path, site: Path) -> Path:
    """A copy of the site's folder and everything Desk keeps next to it."""
    copy = tmp / "saved"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    for entry in site.parent.iterdir():
        if entry.name == site.name or entry.name.startswith(f".{site.name}"):
            target = copy / entry.name
            if entry.is_symlink():
                target.symlink_to(os.readlink(entry))
            elif entry.is_dir():
                shutil.copytree(entry, target, symlinks=True)
            else:
                shutil.copy2(entry, target)
    return copy


def restore_folder(copy: Path, site: Path) -> None:
    for entry in list(site.parent.iterdir()):
        if entry.name == site.name or entry.name.startswith(f".{site.name}"):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    for entry in copy.iterdir():
        target = site.parent / entry.name
        if entry.is_symlink():
            target.symlink_to(os.readlink(entry))
        elif entry.is_dir():
            shutil.copytree(entry, target, symlinks=True)
        else:
            shutil.copy2(entry, target)
