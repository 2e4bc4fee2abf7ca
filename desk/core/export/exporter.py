"""The static site export: plan from the snapshot, render what changed, stage, commit.

Public entry point: ``export_site``. No Qt here: the dialog and ``desk export`` both
call it, the dialog from a worker thread with a progress callback and a cancel flag.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desk.core.errors import DeskError, InputError
from desk.core.articles.word_count import plural
from desk.core.export import feeds, paths
from desk.core.export import manifest as manifest_io
from desk.core.export.errors import ExportCancelled, ExportError
from desk.core.export.manifest import Entry, Manifest
from desk.core.export.snapshot import LIVE, Item, Snapshot, _utc, digest, newest
from desk.core.export import writer
from desk.core.export.writer import INTERNAL, Layout, Stager

if TYPE_CHECKING:
    from desk.core.store.db import Database, Sql
    from desk.core.render import Site
    from desk.core.site.settings import SiteSettings
    from desk.core.render.listing import Listing
    from desk.core.site.settings import SiteSettings
    from desk.core.export import quick
    from desk.core.export.pagebuild import PageBuilder, Prepared
    from desk.core.export.render_pool import PageRenderer
    from desk.core.export.site import ListingPlan, Teasers

# SQLAlchemy, the renderer (Markdown, Jinja2, nh3) and Pillow are imported where they are
# used: an export that finds nothing (or little) to do must not pay for them.

Progress = Callable[[str, int, int], None]
RENDER_BATCH = 50
LISTING_BATCH = 20
CACHE_BATCH = 1000
FEED_IMAGE_WIDTH = 800
_MEDIA_REF = re.compile(r"/media/(\d{1,12})-\d{1,5}\.(?:jpg|webp)")
# Photos that cannot be made each cost one more pass over the plan (_Replan); more
# passes than this means something else is wrong: the export stops, the site unchanged.
MAX_PASSES = 6
NEXT_TRY = "the next export tries again"


class _Replan(Exception):
    """Photos this pass could not make: plan again without them, and without the pages
    never published before that show them (so that nothing links to those)."""

    def __init__(self, photos: dict[int, str], articles: dict[int, frozenset[int]]):
        super().__init__(f"{len(photos)} photo(s) cannot be made")
        self.photos, self.articles = photos, articles


@dataclass
class ExportSummary:
    out: Path
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The checklist's warnings and the overrides in force, for the articles exported
    # (those it blocks are not exported: a line each in ``warnings``).
    checklist: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def index(self) -> Path:
        return self.out / "index.html"

    def line(self) -> str:
        notes = f" ({len(self.checklist)} checklist notes)" if self.checklist else ""
        return (f"exported to {self.out}: {len(self.written)} written, {self.unchanged} unchanged, "
                f"{len(self.removed)} removed, {plural(len(self.warnings), 'warning')} "
                f"in {self.seconds:.2f} s{notes}")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_base_url(url: str) -> str:
    from desk.core.site.settings import check_base_url

    return check_base_url(url)


def _require_base_url(db: Database) -> None:
    """An export never invents the site's address (it used to write example.org)."""
    from desk.core.site import settings as site_settings

    if not site_settings.read(db).base_url:
        raise InputError(site_settings.BASE_URL_UNSET)


def locate_folder(out: Path) -> Layout:
    """The output folder's layout (writer.py), its parents made if need be (and the
    folder itself when it is written in place)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {out.parent}: {exc.strerror}") from None
    layout = writer.locate(out)
    if not layout.switch:
        try:
            layout.out.mkdir(exist_ok=True)
        except OSError as exc:
            raise ExportError(f"cannot create {out}: {exc.strerror}") from None
    return layout


def prepare_folder(layout: Layout, force: bool) -> Manifest | None:
    """Finish an interrupted commit, and refuse a folder with someone else's files in it
    (unless forced). Returns the previous manifest."""
    writer.recover(layout)
    previous = manifest_io.load(layout.manifest)
    if previous is None and layout.switch and layout.served_is_real_folder:
        previous = manifest_io.load(layout.legacy_manifest)  # written in place before
    if previous is None and not force and layout.out.is_dir():
        refuse_foreign(layout.out)
    return previous


def refuse_foreign(out: Path) -> None:
    """A folder without a manifest holding files that are not Desk's is refused."""
    foreign = sorted(p.name for p in out.iterdir() if p.name not in INTERNAL)
    if foreign:
        raise ExportError(
            f"{out} is not empty and was not written by Desk ({foreign[0]}"
            f"{' and more' if len(foreign) > 1 else ''}); choose an empty folder or use --force "
            f"(Desk never deletes files it did not write)")


def _holds_no_site(out: Path) -> bool:
    """Nothing in the folder but Desk's own machinery (a first export, or one after an
    interrupted first export)."""
    return not out.is_dir() or all(p.name in INTERNAL for p in out.iterdir())


class _Run:
    """One export: the state shared by its phases."""

    def __init__(self, db: Database, out: Path, previous: Manifest | None, full: bool,
                 progress: Progress | None, cancel: Callable[[], bool]):
        self.db, self.out, self.full = db, out, full
        self.root = str(out)
        self.old = previous.files if previous else {}
        self.new: dict[str, Entry] = {}
        self.summary = ExportSummary(out)
        self.progress, self.cancel = progress, cancel
        self.done = 0
        self.total = 0
        self.stager: Stager | None = None
        # Trust the manifest: a file it lists is what it says (no stat). quick.py only.
        self.trusted = False
        self.index: dict | None = None  # for the next run (quick.make_index)
        self.site: Site | None = None
        self.related: dict[int, list[int]] = {}
        # A page is written only with what it links to. Photos whose renditions cannot be
        # made (id -> why) and the pages held back for them, known from an earlier pass:
        self.withheld: dict[int, str] = {}
        # Articles never published before, left off the site -> the photos they show.
        self.left_out: dict[int, frozenset[int]] = {}
        self.held: set[int] = set()  # articles whose previous page stays
        self.own: dict[int, frozenset[int]] = {}  # article -> its own photos (rendered now)
        self.store_renditions = not db.read_only  # until a save fails (best effort)

    # --- bookkeeping -------------------------------------------------------------------

    def tick(self, what: str) -> None:
        self.done += 1
        if self.cancel():
            raise ExportCancelled("export cancelled; the previous site is unchanged")
        if self.progress:
            self.progress(what, self.done, self.total)

    def fresh(self, rel: str, key: str) -> bool:
        """True when the file on disk was made from the same inputs: keep it."""
        entry = self.old.get(rel)
        if self.full or entry is None or entry.key != key:
            return False
        if self.trusted:
            return True
        try:
            return os.stat(os.path.join(self.root, rel)).st_size == entry.size
        except OSError:
            return False

    def keep(self, rel: str) -> None:
        self.new[rel] = self.old[rel]
        self.summary.unchanged += 1

    def put(self, rel: str, data: bytes, key: str, source: str, photos: list[int] | None = None) -> None:
        assert self.stager is not None
        old = self.old.get(rel)
        entry = Entry(_sha(data), len(data), key, source, photos or [])
        self.new[rel] = entry
        if old is not None and old.sha256 == entry.sha256 and self._live_is(rel, entry):
            # Same bytes as the live file: only the manifest learns the new key. Replacing
            # a file costs a flush on most file systems; 10,000 of them cost seconds.
            self.summary.unchanged += 1
            return
        self.stager.put(rel, data)
        self.summary.written.append(rel)

    def _live_is(self, rel: str, entry: Entry) -> bool:
        """The live file has these bytes: by size normally, by content for --full (which
        trusts nothing it did not just read)."""
        if self.trusted:
            return True  # the old entry has these bytes (put compared the hashes)
        try:
            if not self.full:
                return os.stat(self.out / rel).st_size == entry.size
            return _sha((self.out / rel).read_bytes()) == entry.sha256
        except OSError:
            return False

    def warn(self, message: str) -> None:
        self.summary.warnings.append(message)


def export_site(
    db: Database,
    out: str | Path,
    *,
    full: bool = False,
    force: bool = False,
    base_url: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | threading.Event | None = None,
) -> ExportSummary:
    """Export the published articles as a static site into ``out``.

    Incremental unless ``full``: files whose inputs did not change are left alone.
    ``progress(item, done, total)`` is called per file; ``cancel()`` (or a set Event)
    stops before anything goes live. Raises ExportError (the previous site is intact),
    ExportCancelled, or InputError for a bad base URL.
    """
    started = time.perf_counter()
    if isinstance(cancel, threading.Event):
        cancel = cancel.is_set
    out = Path(out).expanduser().absolute()
    if base_url is not None:
        base_url = _check_base_url(base_url)
    else:
        _require_base_url(db)
    cancel = cancel or (lambda: False)
    layout = locate_folder(out)
    with writer.exclusive(layout):
        return _export_into(db, layout, full=full, force=force, base_url=base_url, progress=progress,
                            cancel=cancel, started=started)


def _export_into(db: Database, layout: Layout, *, full: bool, force: bool, base_url: str | None,
                 progress: Progress | None, cancel: Callable[[], bool], started: float) -> ExportSummary:
    out = layout.out
    with _collector_paused(not full):
        previous = prepare_folder(layout, force)
        if not full and previous is not None and previous.index is not None:
            summary = _quick(db, layout, previous, base_url, progress, cancel)
            if summary is not None:
                summary.seconds = time.perf_counter() - started
                return summary
    withheld: dict[int, str] = {}
    left_out: dict[int, frozenset[int]] = {}
    for _ in range(MAX_PASSES):
        run = _Run(db, out, previous, full, progress, cancel)
        run.withheld, run.left_out = dict(withheld), dict(left_out)
        try:
            settings = _plan(db, layout, previous, run, full, base_url)
        except _Replan as again:
            withheld.update(again.photos)
            left_out.update(again.articles)
            continue
        break
    else:
        raise ExportError(f"photos that cannot be made kept changing the plan ({len(withheld)} so far); "
                          f"the previous site is intact")
    _finish(run, previous, settings.base_url)
    run.summary.seconds = time.perf_counter() - started
    return run.summary


def _plan(db: Database, layout: Layout, previous: Manifest | None, run: _Run, full: bool,
          base_url: str | None) -> SiteSettings:
    """One pass of the planner: every file of the site staged in ``run``."""
    from desk.core.site import settings as site_settings
    from desk.core.export import quick
    from desk.core.export.render_pool import PageRenderer

    renderer = PageRenderer()
    try:
        state, published = _read_state(db, base_url)
        if full or previous is None or previous.index is None:
            # Every page will be rendered or read from the render cache: workers, if
            # there are enough pages for them, start before the snapshot is read.
            renderer.warm(published)
        # Plain SQL (no SQLAlchemy): its import alone was a fifth of a first export of
        # 1,000 articles, spent while the workers waited for pages.
        with db.read_sql("reading the articles to export") as sql:
            settings = site_settings.from_sql(sql)
            if base_url:
                settings = dataclasses.replace(settings, base_url=base_url)
            snap = Snapshot(sql, settings)
            run.stager = Stager(layout, tree=previous is None and _holds_no_site(layout.out))
            try:
                _export(sql, snap, run, renderer)
            except BaseException:
                run.stager.discard()
                raise
            if state is not None and run.site is not None:
                run.index = quick.make_index(state, snap, run.site, run.related, run.new)
                if run.withheld:
                    # What the next export must repair (quick.py leaves it to the planner).
                    run.index["missing"] = {
                        "photos": {str(p): why for p, why in sorted(run.withheld.items())},
                        "articles": sorted(run.held | set(run.left_out))}
    finally:
        renderer.close()
    return settings


@contextlib.contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """Reading a manifest makes some 200,000 objects and no reference cycle: the cyclic
    garbage collector would walk them again and again for nothing."""
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _finish(run: _Run, previous: Manifest | None, base_url: str) -> None:
    """Make the staged files live with the new manifest, or discard them."""
    assert run.stager is not None
    if (run.summary.written or set(run.old) != set(run.new) or _manifest_changed(previous, run.new)
            or previous is None or previous.index != run.index or run.stager.layout.to_switch):
        removals = sorted(set(run.old) - set(run.new))
        # Entries that did not change are written as they were read (to_bytes).
        manifest = Manifest(run.new, base_url, run.index, previous=previous)
        run.stager.commit(manifest.to_bytes(), removals)
        run.summary.removed = removals
    else:
        run.stager.discard()


def _read_state(db: Database, base_url: str | None) -> tuple[quick.State | None, int]:
    """The digests the index records, read before the snapshot: if the database changes
    in between, the next export sees a difference and plans again. With them, how many
    articles are published. (None, 0) where sqlite3 cannot read them. A connection of its
    own, closed before the render workers are forked from this process."""
    import sqlite3

    from desk.core.export import quick

    conn = db.plain_reader()
    if conn is None:
        return None, 0
    try:
        conn.execute("BEGIN")
        published = conn.execute(f"SELECT count(*) FROM articles WHERE {LIVE}").fetchone()[0]
        return quick.read_state(conn, base_url), published
    except sqlite3.Error:
        return None, 0
    finally:
        conn.close()


def _quick(db: Database, layout: Layout, previous: Manifest, base_url: str | None,
           progress: Progress | None, cancel: Callable[[], bool]) -> ExportSummary | None:
    """The export from the manifest's index (quick.py); None when the planner must do it."""
    import sqlite3

    from desk.core.export import quick

    conn = db.plain_reader()
    if conn is None:
        return None
    run = _Run(db, layout.out, previous, False, progress, cancel)
    run.trusted = True
    run.stager = Stager(layout)
    try:
        conn.execute("BEGIN")
        changed = quick.export(run, conn, previous.index, base_url)
    except (quick.Fallback, sqlite3.Error, LookupError, TypeError, ValueError, AttributeError):
        # An index it cannot use (older, damaged, or a change it does not cover): plan.
        run.stager.discard()
        return None
    except BaseException:
        run.stager.discard()
        raise
    finally:
        conn.close()
    if not changed:
        run.stager.discard()
        if layout.to_switch:
            return None  # the planner commits, and so switches the folder
        run.summary.unchanged = len(run.old)
        return run.summary
    _finish(run, previous, previous.base_url)
    return run.summary


def _manifest_changed(previous: Manifest | None, new: dict[str, Entry]) -> bool:
    return previous is None or previous.files != new


def _export(sql: Sql, snap: Snapshot, run: _Run, renderer: PageRenderer) -> None:
    from desk.core.site.build import read_site
    from desk.core.export.pagebuild import PageBuilder
    from desk.core.export.site import Teasers, listings

    blocked = _checklist(sql, snap.settings, [i.id for i in snap.items], run)
    if blocked:
        # Not on the site, not in the index: the next export judges them again.
        snap.items = [i for i in snap.items if i.id not in blocked]
        snap.by_id = {i.id: i for i in snap.items}
    if run.withheld:
        _leave_out(snap, run)
    items = _accepted(snap, run)
    related = snap.related()
    photo_ids: dict[int, set[int]] = {}
    for item in items:
        ids = set(item.photo_ids)
        entry = run.old.get(item.rel)
        if entry is not None and entry.source == _source(item):
            ids.update(entry.photos)  # inline photos found in the body when it was rendered
        photo_ids[item.id] = ids
    snap.load_photos({p for ids in photo_ids.values() for p in ids}
                     | {i.hero[0] for i in items if i.hero})
    plans = listings(snap, items)
    page_count = sum(p.page_count for p in plans)
    per_year: dict[str, int] = {}
    for item in items:
        per_year[item.url[1:5]] = per_year.get(item.url[1:5], 0) + 1
    sitemaps = 2 + sum(math.ceil(n / feeds.SITEMAP_LIMIT) for n in per_year.values())
    # pages, feeds (home and categories), sitemaps, stylesheet, robots.txt; media later
    run.total = len(items) + page_count + 2 * (1 + len(snap.categories)) + sitemaps + 2
    # Pages first: they tell which media they use.
    stale = []
    keys: dict[int, str] = {}
    for item in items:
        rel = item.rel
        key = keys[item.id] = snap.article_key(item, related[item.id], photo_ids[item.id])
        if run.fresh(rel, key):
            run.keep(rel)
            run.tick(rel)
        else:
            stale.append(item)
    teasers = Teasers.of_sql(sql)
    site = read_site(sql, snap.settings)
    run.site, run.related = site, related
    rendered: list[tuple[int, int, str, str]] = []  # render-cache rows not saved yet
    _render_articles(snap, run, stale, related, photo_ids, keys, PageBuilder(sql, snap, site, teasers),
                     renderer, rendered)
    # Listing pages queue behind the articles: no worker waits for the last article
    # batch, and this process saves the render cache while they render.
    _submit_listings(snap, run, plans, teasers, site, renderer)
    _save_render_cache(run.db, rendered)
    renderer.drain()
    _save_render_cache(run.db, rendered)
    renderer.close()
    _media(sql, snap, run)  # after every page: they tell which media they use
    _share_images(sql, snap, run)
    _static(run)
    _feeds(snap, run, plans, teasers)
    _sitemap(snap, run, items, plans)


def _source(item: Item) -> str:
    return f"article {item.id} v{item.version}"


def _previous_page(run: _Run, item: Item) -> bool:
    """The site has a page of this article where it would be written now."""
    entry = run.old.get(item.rel)
    return entry is not None and entry.source.startswith(f"article {item.id} v")


def _why(run: _Run, photos: Iterable[int]) -> str:
    shown = sorted(p for p in photos if p in run.withheld) or sorted(run.withheld)
    first = shown[0]
    more = f" (and {len(shown) - 1} other photo(s))" if len(shown) > 1 else ""
    return f"photo {first} cannot be made ({run.withheld[first]}){more}"


def _leave_out(snap: Snapshot, run: _Run) -> None:
    """Photos that cannot be made are left out of every page and card; the articles never
    published before that show them are left out of the site, and said so."""
    for article_id in sorted(run.left_out):
        item = snap.by_id.get(article_id)
        if item is not None:
            run.warn(f"article {item.id} {item.headline[:120]!r} not published: "
                     f"{_why(run, run.left_out[article_id])}; it was never published and "
                     f"stays off the site; {NEXT_TRY}")
    snap.withhold(set(run.withheld), set(run.left_out))


def _hold(run: _Run, p: Prepared) -> bool:
    """True when the page must wait for a photo that cannot be made: its previous version
    stays (the manifest keeps the old entry, so the next export renders it again)."""
    if not run.withheld or run.withheld.keys().isdisjoint(p.photos):
        return False
    item = p.item
    if not _previous_page(run, item):
        # Never published, and only learnt now (a page rendered for the first time in
        # this pass): plan again with it left out, so that no listing links to it.
        raise _Replan({}, {item.id: p.photos})
    run.keep(item.rel)
    run.held.add(item.id)
    run.warn(f"article {item.id} {item.headline[:120]!r} ({item.slug[:80]}) not published: "
             f"{_why(run, p.photos)}; the previous page stays; {NEXT_TRY}")
    return True


def _accepted(snap: Snapshot, run: _Run) -> list[Item]:
    """Live articles minus those that would overwrite another's file (oldest wins)."""
    owners: dict[str, Item] = {}
    refused: set[int] = set()
    for item in sorted(snap.items, key=lambda i: i.id):
        if paths.safe_component(item.slug) != item.slug:
            run.warn(unsafe_slug_warning(item))
        key = paths.collision_key(item.rel)
        owner = owners.get(key)
        if owner is not None:
            run.warn(f"article {item.id} {item.headline!r} not exported: its page {item.url[:160]} "
                     f"is already written by article {owner.id} {owner.headline!r}")
            refused.add(item.id)
        else:
            owners[key] = item
    return [i for i in snap.items if i.id not in refused]


def unsafe_slug_warning(item: Item) -> str:
    return (f"article {item.id} {item.headline!r}: slug {item.slug[:80]!r} is not a safe "
            f"file name; written at {item.url[:160]}")


def _checklist(sql: Sql, settings: SiteSettings, ids: list[int], run: _Run) -> set[int]:
    """The publishing rule (core/release.py) for the articles this export would publish.
    Returns those it blocks (not exported, a warning each); the checklist's warnings and
    the overrides of the others go to the summary."""
    from desk.core.articles import release

    blocked: set[int] = set()
    for article_id, verdict in release.assess_sql(sql, ids, settings).items():
        if verdict.allowed:
            run.summary.checklist.extend(verdict.summary_lines())
        else:
            blocked.add(article_id)
            run.warn(str(release.ChecklistBlocked(verdict, "export")))
    return blocked


def _render_articles(snap: Snapshot, run: _Run, stale: list[Item],
                     related: dict[int, list[int]], photo_ids: dict[int, set[int]],
                     keys: dict[int, str], builder: PageBuilder, renderer: PageRenderer,
                     fresh_cache: list[tuple[int, int, str, str]]) -> None:
    """Pages in batches: this process reads batch n+1 from the database while workers
    render batch n (render_pool); files are staged in the snapshot's order. The
    render-cache rows of pages rendered now join ``fresh_cache`` as their results come
    back (until the renderer is drained)."""
    renderer.expect(len(stale))
    for start in range(0, len(stale), RENDER_BATCH):
        prepared = []
        for p in builder.prepare(stale[start:start + RENDER_BATCH], related):
            if _hold(run, p):
                run.tick(p.item.rel)
            else:
                prepared.append(p)
        todo = [p for p in prepared if p.html is None]
        renderer.submit([p.page for p in todo], functools.partial(
            _write_pages, snap, run, photo_ids, related, keys, prepared, todo, fresh_cache))
        if len(fresh_cache) >= CACHE_BATCH:  # one commit (one flush to disk) per thousand
            _save_render_cache(run.db, fresh_cache)


def _write_pages(snap: Snapshot, run: _Run, photo_ids: dict[int, set[int]],
                 related: dict[int, list[int]], keys: dict[int, str], prepared: list[Prepared],
                 todo: list[Prepared], fresh_cache: list[tuple], htmls: list[str]) -> None:
    """Stage one batch of pages; the rows of those rendered now join ``fresh_cache``.
    ``keys``: each article's key for the photos of ``photo_ids`` (_export made them)."""
    from desk.core.render.renderer import public_page

    rendered = dict(zip((id(p) for p in todo), htmls))
    for p in prepared:
        item, html, cache_row = p.finish(rendered.get(id(p), p.html))
        shown = {int(m) for m in _MEDIA_REF.findall(html)}
        snap.load_photos(shown)  # those not loaded yet
        # What the page shows now, not what an older rendering recorded.
        ids = item.photo_ids | shown
        if ids == photo_ids[item.id]:
            key = keys[item.id]
        else:
            photo_ids[item.id] = ids
            key = snap.article_key(item, related[item.id], ids)
        rel = item.rel
        run.own[item.id] = p.photos
        # The render cache holds the preview's page; the site gets it without preview aids.
        run.put(rel, public_page(html).encode("utf-8"), key, _source(item), sorted(ids))
        run.tick(rel)
        if cache_row is not None:
            fresh_cache.append(cache_row)


def _save_render_cache(db: Database, rows: list[tuple[int, int, str, str]]) -> None:
    """What this export rendered, so the preview and the next export need not: one
    statement for a thousand rows (the ORM's per-object work was most of this process's
    time in a first export), best effort (render_cache.py). ``rows`` is emptied."""
    from desk.core.site.render_cache import save

    save(db, rows)


def _media(sql: Sql, snap: Snapshot, run: _Run) -> None:
    """The renditions of every photo the pages show. One that cannot be made (its
    original damaged or gone) holds back the pages that show it: a new failure means
    another pass (_Replan) that leaves it out; a photo already left out keeps the files
    the previous export wrote, for the previous pages that still show it."""
    from desk.core.photos.credit import WEB_FORMATS
    from desk.core.site.addresses import media_path

    used = sorted({p for rel, e in run.new.items() if e.photos for p in e.photos})
    snap.load_photos(set(used))  # those of pages kept as they were, too
    heroes = {i.hero[0] for i in snap.items if i.hero}
    used = sorted(set(used) | (heroes & set(snap.photos)))
    run.total += sum(len(snap.photos[p].widths) * 2 for p in used if p in snap.photos)
    failed: dict[int, str] = {}
    for photo_id in used:
        if photo_id in run.withheld:
            _keep_previous_media(run, photo_id)
            continue
        row = snap.photos.get(photo_id)
        if row is None:
            if not _keep_previous_media(run, photo_id):
                run.warn(f"photo {photo_id} is used by a page but no longer exists")
            continue
        key = row.key
        wanted = [(w, fmt) for w in row.widths for fmt in WEB_FORMATS]
        missing = []
        for width, fmt in wanted:
            rel = media_path(photo_id, width, fmt).lstrip("/")
            if run.fresh(rel, key):
                run.keep(rel)
                run.tick(rel)
            else:
                missing.append((rel, width, fmt))
        if not missing:
            continue
        try:
            made = _renditions(sql, run, row.id, row.credit_hash, [(w, f) for _, w, f in missing])
        except _CannotMake as exc:
            failed[photo_id] = str(exc)
            continue
        for rel, width, fmt in missing:
            run.put(rel, made[(width, fmt)], key, f"photo {photo_id} credit {row.credit_hash}")
            run.tick(rel)
    if failed:
        never = {article_id: own for article_id, own in run.own.items()
                 if not failed.keys().isdisjoint(own) and not _previous_page(run, snap.by_id[article_id])}
        raise _Replan(failed, never)


def _keep_previous_media(run: _Run, photo_id: int) -> bool:
    """The files the previous export made of this photo stay; False when there are none."""
    prefix = f"media/{photo_id}-"
    kept = False
    for rel in run.old:
        if rel.startswith(prefix) and rel not in run.new and os.path.isfile(os.path.join(run.root, rel)):
            run.keep(rel)
            kept = True
    return kept


class _CannotMake(Exception):
    """A photo's renditions cannot be made: its original is damaged or gone."""


def _renditions(sql: Sql, run: _Run, photo_id: int, credit_hash: str,
                wanted: list[tuple[int, str]]) -> dict[tuple[int, str], bytes]:
    """Renditions from the database when they carry the current credit; the others are
    made here, from one decode of the original, and stored best effort: a database that
    is locked, read-only or on a full disk does not keep them, the site has them anyway."""
    made: dict[tuple[int, str], bytes] = {
        (width, fmt): data for width, fmt, data in sql(
            "SELECT width, format, data FROM renditions WHERE photo_id = ? AND kind = 'web' "
            "AND credit_hash = ?", (photo_id, credit_hash))}
    todo = [(w, f) for w, f in wanted if (w, f) not in made]
    if not todo:
        return made
    # With SQLAlchemy and Pillow: only when renditions are made.
    from desk.core.photos import credit as photo_credit
    from desk.core.photos import rendition_jobs
    from desk.core.errors import NotFoundError
    from desk.core.photos.photometa.reader import PhotoError
    from desk.core.photos.photometa.renditions import make_renditions

    rows = list(sql("SELECT data FROM photo_blobs WHERE photo_id = ?", (photo_id,)))
    if not rows or rows[0][0] is None:
        raise _CannotMake("its original is missing from the database")
    with run.db.read() as session:
        from desk.core.photos import records as photo_store

        try:
            photo = photo_store.get(session, photo_id)
        except NotFoundError:
            raise _CannotMake("it is no longer in the database") from None
        credit = photo_credit.embedded_credit(photo)
        digest = photo_credit.credit_hash(photo)
    try:
        files = make_renditions(bytes(rows[0][0]), todo, credit)
    except PhotoError as exc:
        raise _CannotMake(str(exc)) from None
    for width, fmt, data, _, _ in files:
        made[(width, fmt)] = data
    if run.store_renditions and digest == credit_hash:
        run.store_renditions = _store(run.db, rendition_jobs.Result(photo_id, digest, tuple(files)))
    return made


def _store(db: Database, result) -> bool:
    """Keep renditions for the next export and the preview; False when the database
    would not take them (the export stops trying: it would only wait again)."""
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from desk.core.photos import rendition_jobs
    from desk.core.site.render_cache import WAIT

    try:
        rendition_jobs.save(db, result, wait=WAIT)
    except (DeskError, SQLAlchemyError, sqlite3.Error, OSError):
        return False
    return True


def _share_images(sql: Sql, snap: Snapshot, run: _Run) -> None:
    """The 16:9, 4:3 and 1:1 crops of every hero and of the default share image (the
    pages' og:image and JSON-LD images), and the site's logo and icons (siteicons.py)."""
    from desk.core.photos.crops import RATIOS
    from desk.core.site.build import site_photo_ids
    from desk.core.site.addresses import crop_path

    settings = snap.settings
    snap.load_photos(set(site_photo_ids(settings)))
    share = settings.share_image_photo_id
    wanted = sorted({i.hero[0] for i in snap.items if i.hero} | ({share} if share is not None else set()))
    for photo_id in wanted:
        row = snap.photos.get(photo_id)
        if row is None:
            if photo_id == share:
                run.warn(f"the default share image (photo {photo_id}) no longer exists")
            continue
        rels = {ratio: crop_path(photo_id, ratio).lstrip("/") for ratio in RATIOS}
        run.total += len(rels)
        missing = [ratio for ratio, rel in rels.items() if not run.fresh(rel, row.key)]
        for ratio, rel in rels.items():
            if ratio not in missing:
                run.keep(rel)
                run.tick(rel)
        if not missing:
            continue
        try:
            made = _crops(sql, run, photo_id, row.credit_hash)
        except DeskError as exc:
            run.warn(f"photo {photo_id}: share crops could not be made ({exc})")
            continue
        for ratio in missing:
            run.put(rels[ratio], made[ratio], row.key, f"photo {photo_id} crop credit {row.credit_hash}")
            run.tick(rels[ratio])
    _site_icons(sql, snap, run)


def _crops(sql: Sql, run: _Run, photo_id: int, credit_hash: str) -> dict[tuple[int, int], bytes]:
    """The crops from the database when they carry the current credit; else made with
    Pillow (photo_crops.py) and stored best effort, like renditions (_renditions): a
    database that is locked, read-only or on a full disk does not keep them."""
    from desk.core.photos.crops import CROP_SQL, RATIOS, kind_of

    stored = {kind: data for kind, data in sql(CROP_SQL, (photo_id, credit_hash))}
    if all(kind_of(r) in stored for r in RATIOS):
        return {r: stored[kind_of(r)] for r in RATIOS}
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError  # with SQLAlchemy and Pillow: only when crops must be made

    from desk.core.photos import stored_crops as photo_crops
    from desk.core.site.render_cache import WAIT
    from desk.core.photos.photometa.reader import PhotoError

    try:
        if run.store_renditions:
            try:
                with run.db.write("making share crops", wait=WAIT) as writer:
                    return photo_crops.crops(writer, photo_id)
            except PhotoError:
                raise
            except (DeskError, SQLAlchemyError, sqlite3.Error, OSError):
                run.store_renditions = False  # made below, not kept
        with run.db.read() as session:
            return photo_crops.crops(session, photo_id, keep=False)
    except PhotoError as exc:
        raise DeskError(str(exc)) from None


def _site_icons(sql: Sql, snap: Snapshot, run: _Run) -> None:
    """logo.png, favicon.ico and the touch icons: from the logo photo, else Desk's own."""
    from desk.core.site.icons import FILES

    logo = snap.settings.logo_photo_id
    row = snap.photos.get(logo) if logo is not None else None
    if logo is not None and row is None:
        run.warn(f"the logo (photo {logo}) no longer exists; the site gets Desk's own icons")
    key = digest({"icons": 1, "logo": row.key if row else None})
    rels = [path.lstrip("/") for path in FILES]
    run.total += len(rels)
    if all(run.fresh(rel, key) for rel in rels):
        for rel in rels:
            run.keep(rel)
            run.tick(rel)
        return
    from desk.core.site import icons as siteicons

    made = None
    if row is not None:
        from desk.core.photos.photometa.reader import PhotoError

        data = next(iter(sql("SELECT data FROM photo_blobs WHERE photo_id = ?", (row.id,))), (None,))[0]
        try:
            made = siteicons.icons_from(data) if data is not None else None
        except PhotoError as exc:
            run.warn(f"the logo (photo {logo}) cannot be read ({exc}); the site gets Desk's own icons")
    made = made or siteicons.default_icons()
    for path, data in made.items():
        rel = path.lstrip("/")
        run.put(rel, data, key, "site icons")
        run.tick(rel)


def _static(run: _Run) -> None:
    from desk.core.render import assets

    css = assets.site_css().encode("utf-8")
    rel = "static/site.css"
    key = _sha(css)
    if run.fresh(rel, key):
        run.keep(rel)
    else:
        run.put(rel, css, key, "site.css")
    run.tick(rel)


def _listings(snap: Snapshot, run: _Run, plans: list[ListingPlan], teasers: Teasers, site: Site,
              renderer: PageRenderer, only: dict[int, set[int]] | None = None) -> None:
    """Every listing's pages; with ``only`` (quick.py, which starts from the previous
    manifest's entries: plan index -> page numbers), just those pages are examined."""
    _submit_listings(snap, run, plans, teasers, site, renderer, only)
    renderer.drain()


def _submit_listings(snap: Snapshot, run: _Run, plans: list[ListingPlan], teasers: Teasers, site: Site,
                     renderer: PageRenderer, only: dict[int, set[int]] | None = None) -> None:
    from desk.core.export.site import listing_key

    stale: list[tuple[ListingPlan, int, str, str, str]] = []
    for index, plan in enumerate(plans):
        numbers = range(1, plan.page_count + 1) if only is None else sorted(only.get(index, ()))
        for number in numbers:
            url = paths.paged_url(plan.first_url, number)
            rel = paths.file_for_url(url)
            key = listing_key(snap, plan, number)
            if run.fresh(rel, key):
                run.keep(rel)
                run.tick(rel)
            else:
                stale.append((plan, number, url, rel, key))
    renderer.expect(len(stale))
    # Smaller batches than articles': they come last, and the workers should finish together.
    for start in range(0, len(stale), LISTING_BATCH):
        batch = stale[start:start + LISTING_BATCH]
        renderer.submit([_listing(snap, teasers, site, *job[:3]) for job in batch],
                        functools.partial(_write_listings, run, batch))


def _listing(snap: Snapshot, teasers: Teasers, site: Site, plan: ListingPlan, number: int,
             url: str) -> Listing:
    from desk.core.render.listing import Listing
    from desk.core.export.site import card

    shown = plan.page_items(number)
    teasers.prefetch(shown)
    return Listing(
        site=site, heading=plan.heading, url=url,
        cards=[card(snap, i, teasers) for i in shown],
        page=number, pages=plan.page_count,
        description=plan.description + (f" Page {number} of {plan.page_count}." if number > 1 else ""),
        noindex=plan.noindex,
        breadcrumb=plan.breadcrumb,
        prev_url=paths.paged_url(plan.first_url, number - 1) if number > 1 else "",
        next_url=paths.paged_url(plan.first_url, number + 1) if number < plan.page_count else "",
        feeds=plan.feeds, kind=plan.kind)


def _write_listings(run: _Run, batch: list[tuple], htmls: list[str]) -> None:
    for (plan, _, _, rel, key), html in zip(batch, htmls):
        run.put(rel, html.encode("utf-8"), key, f"{plan.kind} listing")
        run.tick(rel)


def _feed_image(snap: Snapshot, run: _Run, item: Item) -> feeds.FeedImage | None:
    if item.hero is None or item.hero[0] not in snap.photos:
        return None
    from desk.core.render.renderer import absolute_url
    from desk.core.site.addresses import media_path

    row = snap.photos[item.hero[0]]
    width = min(row.widths, key=lambda w: (abs(w - FEED_IMAGE_WIDTH), w))
    path = media_path(row.id, width)
    entry = run.new.get(path.lstrip("/"))
    if entry is None:
        return None
    return feeds.FeedImage(
        url=absolute_url(snap.settings.base_url, path), length=entry.size, mime="image/jpeg",
        width=width, height=max(1, round(row.height * width / row.width)), credit=row.credit,
        alt=item.hero[1] or row.alt_text)


def _feeds(snap: Snapshot, run: _Run, plans: list[ListingPlan], teasers: Teasers) -> None:
    from desk.core.render.renderer import absolute_url

    base = snap.settings.base_url
    for plan in plans:
        if not plan.feeds:
            continue
        shown = plan.items[: feeds.FEED_SIZE]
        category = snap.categories
        key = digest({"global": snap.global_key, "feed": plan.first_url, "heading": plan.heading,
                      "items": [snap.card_key(i) + [i.updated_text] for i in shown]})
        for kind, name in (("rss", "feed.xml"), ("atom", "atom.xml")):
            rel = paths.file_for_url(plan.first_url + name)
            if run.fresh(rel, key):
                run.keep(rel)
                run.tick(rel)
                continue
            teasers.prefetch(shown)
            languages = snap.languages([i.id for i in shown])
            entries = [feeds.FeedItem(
                title=i.headline, url=absolute_url(base, i.url), published=i.published_at,
                updated=i.modified_at, summary=teasers.of(i), author=i.byline,
                category=category[i.category_id].name if i.category_id in category else "",
                image=_feed_image(snap, run, i), language=languages[i.id]) for i in shown]
            title = plan.heading if plan.kind == "home" else f"{snap.settings.name}: {plan.heading}"
            feed = feeds.Feed(title=title, home=absolute_url(base, plan.first_url),
                              self_url=absolute_url(base, "/" + rel), description=title,
                              language=snap.settings.language, items=entries,
                              publisher=snap.settings.name)
            text = feeds.rss(feed) if kind == "rss" else feeds.atom(feed)
            run.put(rel, text.encode("utf-8"), key, f"{kind} feed")
            run.tick(rel)


def _news_sitemap(snap: Snapshot, run: _Run, items: list[Item], parts: list) -> None:
    """sitemap-news.xml: the articles published in the last two days (Google News), in
    the index while there are any."""
    from desk.core.render.renderer import absolute_url

    cutoff = feeds.news_cutoff(dt.datetime.now(dt.timezone.utc))
    recent = [i for i in items if i.published_text >= cutoff][:feeds.NEWS_LIMIT]
    if not recent:
        return
    settings = snap.settings
    entries = [feeds.NewsEntry(absolute_url(settings.base_url, i.url), i.headline, i.published_at or
                               _utc(i.published_text)) for i in recent]
    key = digest({"global": snap.global_key, "news": [[e.url, e.title, e.published.isoformat()] for e in entries]})
    text = feeds.news_sitemap(settings.name, settings.language, entries)
    parts.append(("sitemap-news.xml", text, key, newest(recent)))


def _sitemap(snap: Snapshot, run: _Run, items: list[Item], plans: list[ListingPlan],
             changed: set[int] | None = None) -> None:
    """sitemap.xml is an index: one sitemap for the listing pages, one per year of
    articles (split again past 50,000), so an edit rewrites one year's file, not all.
    With ``changed`` (quick.py: nothing else moved), the files of the other years are
    kept unexamined."""
    from desk.core.render.renderer import absolute_url

    base = snap.settings.base_url
    newest_all = newest(items)
    # Empty sections are written (noindex) but not offered to search engines.
    listing_entries = [(absolute_url(base, "/"), newest_all)] + [
        (absolute_url(base, p.first_url), newest(p.items))
        for p in plans if p.kind != "home" and not p.noindex]
    parts: list[tuple[str, list[tuple[str, dt.datetime | None]] | None, str, dt.datetime | None]] = []
    key = digest({"global": snap.global_key, "entries": listing_entries})
    parts.append(("sitemap-pages.xml", listing_entries, key, newest_all))
    by_year: dict[str, list[Item]] = {}
    for item in items:
        by_year.setdefault(item.url[1:5], []).append(item)
    limit = feeds.SITEMAP_LIMIT
    for year in sorted(by_year):
        year_items = by_year[year]
        for number, start in enumerate(range(0, len(year_items), limit), 1):
            chunk = year_items[start:start + limit]
            name = f"sitemap-{year}.xml" if number == 1 else f"sitemap-{year}-{number}.xml"
            if changed is not None and not any(i.id in changed for i in chunk):
                parts.append((name, None, run.old[name].key, newest(chunk)))
                continue
            key = hashlib.sha256("\x1f".join(
                [snap.global_key, base] + [f"{i.id}:{i.version}:{i.url}" for i in chunk]
            ).encode("utf-8", "surrogatepass")).hexdigest()
            parts.append((name, None, key, newest(chunk)))
            if not run.fresh(name, key):
                entries = [(absolute_url(base, i.url), i.modified_at) for i in chunk]
                parts[-1] = (name, entries, key, parts[-1][3])
    _news_sitemap(snap, run, items, parts)
    for name, entries, key, _ in parts:
        if run.fresh(name, key):
            run.keep(name)
        else:
            assert entries is not None
            text = entries if isinstance(entries, str) else feeds.sitemap(entries)
            run.put(name, text.encode("utf-8"), key, "sitemap")
        run.tick(name)
    index = [(absolute_url(base, "/" + name), newest) for name, _, _, newest in parts]
    data = feeds.sitemap_index(index).encode("utf-8")
    if run.fresh("sitemap.xml", _sha(data)):
        run.keep("sitemap.xml")
    else:
        run.put("sitemap.xml", data, _sha(data), "sitemap index")
    run.tick("sitemap.xml")
    robots = feeds.robots(absolute_url(base, "/sitemap.xml")).encode("utf-8")
    rel = "robots.txt"
    if run.fresh(rel, _sha(robots)):
        run.keep(rel)
    else:
        run.put(rel, robots, _sha(robots), "robots")
    run.tick(rel)
