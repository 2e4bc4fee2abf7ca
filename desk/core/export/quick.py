"""The incremental export after a small change, in proportion to the change.

The manifest's index records what the live site was made from: the row of every live
article (slug, headline, standfirst, byline, dates, category, version), the URL it was
written at, its Related block, the photos, and digests of the tables every page depends
on (categories, tags, presets, settings, templates, stylesheet, tag links, pinned related
articles, photo links, photos). An incremental export reads the same rows with plain
sqlite3 (no SQLAlchemy, no ORM) and compares:

* nothing changed: nothing to do (no key computed, no file stat-ed);
* only the content of some articles changed (body, headline, standfirst, byline, dates
  of update), with every article where it was (same live set, slugs, publication dates,
  categories, tags, pinned and photo links, photos): only those articles' pages, the
  pages that show their card (Related blocks, the listing pages they are on), the feeds
  and sitemaps that list them are keyed again, and rendered when their key changed;
* anything else: ``None``, and the planner (exporter.py) does the whole plan as before.

The files of the previous export are trusted to be what the manifest says (``--full``
trusts nothing). The result is the same files and the same manifest the planner would
write (tests/core/export/test_export_incremental.py holds the two together).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import sqlite3
from typing import TYPE_CHECKING, Any

from desk.core.export import feeds, paths
from desk.core.site.build import site_photo_ids
from desk.core.export.snapshot import (
    ARTICLE_COLUMNS,
    LIVE,
    Item,
    PhotoRow,
    Snapshot,
    _utc,
    read_categories,
    site_inputs,
)

if TYPE_CHECKING:
    from desk.core.render import Site
    from desk.core.site.settings import SiteSettings
    from desk.core.export.exporter import _Run
    from desk.core.export.site import Teasers

INDEX_VERSION = 2
_MEDIA_REF = re.compile(r"/media/(\d{1,12})-\d{1,5}\.(?:jpg|webp)")
# Row fields that place an article (its URL, its listings, its Related suggestions):
# slug, byline (its author pages), published_at, created_at, category_id (positions in
# the row after the id).
_PLACING = (0, 3, 4, 5, 7)


class Fallback(Exception):
    """The index cannot answer for this change: the planner must."""


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode("utf-8", "surrogatepass")).hexdigest()


@dataclasses.dataclass
class State:
    """The rows every page depends on besides the articles' own, read in one go."""

    sig: str  # site-wide inputs: if it differs, every page may differ
    tables: dict[str, str]  # digests of the link tables and the photos
    tag_rows: list[tuple]
    photo_link_rows: list[tuple]


def read_state(conn: sqlite3.Connection, base_url: str | None) -> State:
    run = conn.execute
    small = [run(f"SELECT * FROM {t} ORDER BY 1").fetchall()
             for t in ("categories", "tags", "presets", "settings")]
    sig = _digest([INDEX_VERSION, site_inputs(), small, base_url])
    # Sorted here: twice as fast as SQLite sorting 20,000 rows (same list, same digest).
    tag_rows = sorted(run("SELECT article_id, position, tag_id FROM article_tags").fetchall())
    photo_link_rows = run("SELECT article_id, photo_id, role, alt_override, caption_override, position, id "
                          "FROM article_photos ORDER BY article_id, role, position, id").fetchall()
    tables = {
        "tags": _digest(tag_rows),
        "related": _digest(run("SELECT article_id, related_id, position FROM related_articles "
                               "ORDER BY article_id, position, related_id").fetchall()),
        "photo_links": _digest(photo_link_rows),
        "photos": _digest(run("SELECT * FROM photos ORDER BY id").fetchall()),
    }
    return State(sig, tables, tag_rows, photo_link_rows)


def make_index(state: State, snap: Snapshot, site: Site, related: dict[int, list[int]],
               new_files: dict, unsafe: list[int] | None = None,
               articles: list[list] | None = None) -> dict[str, Any]:
    """What the next incremental export compares with; the same for the same database,
    whichever way the export was made."""
    used = {p for e in new_files.values() for p in e.photos}
    for item in snap.items:
        used |= item.photo_ids
        if item.hero:
            used.add(item.hero[0])
    used |= set(site_photo_ids(snap.settings))
    photos = {str(p): [r.width, r.height, r.alt_text, r.credit, r.credit_hash, r.widths]
              for p, r in sorted(snap.photos.items()) if p in used}
    cutoff = feeds.news_cutoff(dt.datetime.now(dt.timezone.utc))
    return {
        "version": INDEX_VERSION,
        "sig": state.sig,
        "tables": state.tables,
        "global": snap.global_key,
        "settings": dataclasses.asdict(snap.settings),
        "nav": [[c.name, c.url] for c in site.nav],
        "photos": photos,
        "articles": articles if articles is not None else [
            [*snap.rows[i.id], i.url, related[i.id]] for i in snap.items],
        "news": sorted(i.id for i in snap.items if i.published_text >= cutoff),
        "unsafe": unsafe if unsafe is not None else sorted(
            i.id for i in snap.items if paths.safe_component(i.slug) != i.slug),
    }


# --- the incremental run ---------------------------------------------------------------


def export(run: _Run, conn: sqlite3.Connection, index: dict[str, Any], base_url: str | None) -> bool:
    """Do the export from the index. False when nothing changed; raises Fallback when the
    planner must do it. ``conn`` is in a read transaction."""
    if index.get("version") != INDEX_VERSION:
        raise Fallback("index version")
    if index.get("missing"):
        raise Fallback("the previous export held pages back: the planner tries them again")
    state = read_state(conn, base_url)
    if state.sig != index["sig"] or state.tables != index["tables"]:
        raise Fallback("site-wide inputs changed")
    stored = index["articles"]
    rows = conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE {LIVE}").fetchall()
    if len(rows) != len(stored):
        raise Fallback("live articles changed")
    by_id = {r[0]: r for r in rows}
    changed: set[int] = set()
    for entry in stored:
        row = by_id.get(entry[0])
        if row is None:
            raise Fallback("live articles changed")
        if list(row) != entry[:10]:
            for n in _PLACING:
                if row[n + 1] != entry[n + 1]:
                    raise Fallback("an article moved")
            changed.add(row[0])
    if not changed:
        # Time alone changes the news sitemap: articles leave it two days after publication.
        cutoff = feeds.news_cutoff(dt.datetime.now(dt.timezone.utc))
        recent = sorted(r[0] for r in rows if (r[5] or r[6]) >= cutoff)
        if recent != index.get("news", []):
            raise Fallback("the news sitemap's articles changed")
        return False
    _incremental(run, conn, index, state, stored, by_id, changed)
    return True


def _snapshot(index: dict[str, Any], state: State, stored: list, by_id: dict, conn: sqlite3.Connection,
              settings: SiteSettings) -> Snapshot:
    """A Snapshot from the index and the rows just read, without the ORM."""
    snap = Snapshot.__new__(Snapshot)
    snap.settings = settings
    snap.categories = read_categories(conn.execute)
    snap.tags = {t: (name, slug) for t, name, slug in conn.execute("SELECT id, name, slug FROM tags")}
    snap.tag_text = {tag_id: f"{name}\x1e{slug}" for tag_id, (name, slug) in snap.tags.items()}
    items = []
    rows = {}
    for entry in stored:
        r = by_id[entry[0]]
        # Publication times are parsed where a feed needs them (_published).
        item = Item(r[0], r[1], r[2], r[3], r[4], None, r[7], r[8], r[9])  # type: ignore[arg-type]
        item.published_text = r[5] or r[6]
        item.url = entry[10]
        item.rel = item.url[1:] + "index.html"
        item.renderer_url = item.url
        items.append(item)
        rows[r[0]] = tuple(r)
    snap.items = items
    snap.rows = rows
    snap.by_id = by_ids = {i.id: i for i in items}
    for article_id, _, tag_id in state.tag_rows:
        item = by_ids.get(article_id)
        if item is not None:
            item.tag_ids.append(tag_id)
    for article_id, photo_id, role, alt, caption, _, _ in state.photo_link_rows:
        item = by_ids.get(article_id)
        if item is not None:
            item.photo_ids.add(photo_id)
            if role == "hero" and item.hero is None:
                item.hero = (photo_id, alt, caption)
    snap.pinned = {}
    snap.photos = {int(p): PhotoRow(int(p), v[0], v[1], v[2], v[3], v[4], list(v[5]))
                   for p, v in index["photos"].items()}
    snap.global_key = index["global"]
    snap._run, snap._presets = _no_photo_rows, {}
    snap._sql = conn.execute
    return snap


def _published(items: list[Item]) -> None:
    for item in items:
        if item.published_at is None:
            item.published_at = _utc(item.published_text)


def _incremental(run: _Run, conn: sqlite3.Connection, index: dict[str, Any], state: State,
                 stored: list, by_id: dict, changed: set[int]) -> None:
    from desk.core.site.settings import SiteSettings
    from desk.core.site.build import read_site
    from desk.core.export import exporter
    from desk.core.export.site import PAGE_SIZE, Teasers, listings

    settings = SiteSettings(**index["settings"])
    snap = _snapshot(index, state, stored, by_id, conn, settings)
    site = read_site(conn.execute, settings)
    if [[c.name, c.url] for c in site.nav] != index["nav"]:
        raise Fallback("the navigation changed")
    related = {entry[0]: entry[11] for entry in stored}
    items = snap.items
    # The planner's warnings, from the same rows: slugs and URLs did not change, and an
    # export that refused an article (two sharing a file) is never continued here.
    if len({i.rel for i in items}) != len(items):
        raise Fallback("refused articles")
    for article_id in index["unsafe"]:
        run.warn(exporter.unsafe_slug_warning(snap.by_id[article_id]))
    if exporter._checklist(conn.execute, settings, sorted(changed), run):
        raise Fallback("the checklist blocks a changed article")
    plans = listings(snap, items)
    run.total = len(run.old)
    teasers = Teasers.of_sql(conn.execute)
    # Every file stays as the manifest says, but for those replaced below.
    run.new.update(run.old)
    old = run.old
    if any(i.rel not in old for i in items):
        raise Fallback("a page is missing from the manifest")

    # Article pages: the changed ones and those whose Related block shows one.
    affected = set(changed)
    affected.update(a for a, shown in related.items() if not changed.isdisjoint(shown))
    stale: list[Item] = []
    for item in items:
        if item.id not in affected:
            continue
        entry = old[item.rel]
        ids = set(item.photo_ids)
        if entry.source == exporter._source(item):
            ids.update(entry.photos)
        if ids - set(snap.photos):
            raise Fallback("a photo not in the index")
        if not run.fresh(item.rel, snap.article_key(item, related[item.id], ids)):
            stale.append(item)
    _render(run, conn, snap, site, teasers, stale, related)
    # Media and the stylesheet: the same photos as before, unchanged (the photos digest).
    used = {p for rel, e in run.new.items() if e.photos for p in e.photos}
    used |= {i.hero[0] for i in items if i.hero} & set(snap.photos)
    used |= set(site_photo_ids(settings)) & set(snap.photos)
    media = {rel for rel in run.old if rel.startswith("media/")}
    if {int(rel[6:].split("-", 1)[0]) for rel in media} != used:
        raise Fallback("the photos used changed")
    # Listing pages that show a changed article's card.
    only = {index: {n // PAGE_SIZE + 1 for n, i in enumerate(plan.items) if i.id in changed}
            for index, plan in enumerate(plans)}
    from desk.core.export.render_pool import PageRenderer

    # Rendered here: a few pages, not worth starting worker processes for.
    exporter._listings(snap, run, plans, teasers, site, PageRenderer(), only)
    _published([i for plan in plans if plan.feeds for i in plan.items[:feeds.FEED_SIZE]])
    exporter._feeds(snap, run, plans, teasers)
    exporter._sitemap(snap, run, items, plans, changed)
    if len(run.new) != len(run.old):
        raise Fallback("files would be added or removed")
    run.summary.unchanged = len(run.new) - len(run.summary.written)
    # The index's articles as they were, but for the rows that changed.
    articles = [entry if entry[0] not in changed else [*snap.rows[entry[0]], *entry[10:]]
                for entry in stored]
    run.index = make_index(state, snap, site, related, run.new, index["unsafe"], articles)


def _render(run: _Run, conn: sqlite3.Connection, snap: Snapshot, site: Site, teasers: Teasers,
            stale: list[Item], related: dict[int, list[int]]) -> None:
    """Article pages built by pagebuild.PageBuilder (the planner's own) and looked up in
    the render cache with the same key."""
    if not stale:
        return
    from desk.core.render import render_page
    from desk.core.render.renderer import public_page
    from desk.core.export import exporter
    from desk.core.export.pagebuild import PageBuilder

    for prepared in PageBuilder(conn.execute, snap, site, teasers).prepare(stale, related):
        # Not written back to the render cache: a write would cost the export more (a
        # commit and a checkpoint, each an fsync) than rendering these few pages costs
        # the preview. The planner fills the cache when it renders many.
        item, html, _ = prepared.finish(prepared.html if prepared.html is not None
                                        else render_page(prepared.page))
        shown = {int(m) for m in _MEDIA_REF.findall(html)}
        if shown - set(snap.photos):
            raise Fallback("a page shows a photo not in the index")
        photo_ids = item.photo_ids | shown
        run.put(item.rel, public_page(html).encode("utf-8"), snap.article_key(item, related[item.id], photo_ids),
                exporter._source(item), sorted(photo_ids))


def _no_photo_rows(sql: str, params: Any = ()) -> Any:
    """The reader of this snapshot's photos: a photo the index does not hold (a body or
    a link naming a new one) is for the planner, which writes its renditions."""
    raise Fallback("a photo not in the index")
