"""One consistent read of everything the site is made of, without rendering anything.

The exporter decides what to rewrite from these rows alone: a page is rewritten when
the hash of its inputs (``*_key``) differs from the one in the manifest. Loading 10,000
articles' rows takes a fraction of a second; rendering them would take minutes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desk.core.articles.pagedates import modified_time
from desk.core.export import paths
from desk.core.export import rows as row_reader

if TYPE_CHECKING:
    from desk.core.store.db import Sql
    from desk.core.site.settings import SiteSettings

# Bump when the exporter's own output (listings, feeds, file layout) or its keys change
# shape: every page is then keyed again (and the index of quick.py is not trusted).
EXPORT_FORMAT = "3"

# The columns of an article the site lists, and which articles are live.
ARTICLE_COLUMNS = ("id, slug, headline, standfirst, byline, published_at, created_at, updated_at, "
                   "category_id, version")
LIVE = "status = 'published' AND deleted_at IS NULL"


def _utc(text: str) -> dt.datetime:
    """A stored time (naive UTC, as text) as an aware UTC datetime."""
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def newest(items: list[Item]) -> dt.datetime | None:
    """The latest change among ``items`` (pagedates.modified_time of each). Stored times
    compare as text (one format, most significant first), so only the winner is parsed."""
    if not items:
        return None
    return max(items, key=_MODIFIED_TEXT).modified_at


_MODIFIED_TEXT = operator.attrgetter("modified_text")


def digest(value: Any) -> str:
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Item:
    """A published article as the site lists it."""

    id: int
    slug: str
    headline: str
    standfirst: str
    byline: str
    published_at: dt.datetime
    updated_text: str  # as stored; parsed on demand (most exports need few of them)
    category_id: int | None
    version: int
    url: str = ""  # where the exporter writes it (sanitised)
    rel: str = ""  # the file under the output folder that serves ``url``
    renderer_url: str = ""  # what the renderer links to (url_of)
    tag_ids: list[int] = field(default_factory=list)
    hero: tuple[int, str, str] | None = None  # photo id, alt override, caption override
    photo_ids: set[int] = field(default_factory=set)  # every photo the article links
    card: str = ""  # the inputs of its card on other pages, as text (see Snapshot.card_text)
    published_text: str = ""  # as stored (publication, else creation time)
    _updated: dt.datetime | None = None

    @property
    def updated_at(self) -> dt.datetime:
        if self._updated is None:
            self._updated = _utc(self.updated_text)
        return self._updated

    @property
    def modified_text(self) -> str:
        """The stored text of pagedates.modified_time: the later of the two times."""
        return max(self.updated_text, self.published_text)

    @property
    def modified_at(self) -> dt.datetime:
        """When the article last changed for its readers (pagedates.modified_time)."""
        return modified_time(_utc(self.published_text), self.updated_at)


@dataclass
class PhotoRow:
    id: int
    width: int
    height: int
    alt_text: str
    credit: str
    credit_hash: str
    widths: list[int]

    @functools.cached_property
    def key(self) -> str:
        return digest([self.id, self.width, self.height, self.alt_text, self.credit, self.credit_hash])


@dataclass
class CategoryRow:
    id: int
    name: str
    slug: str
    parent_id: int | None
    position: int
    url: str = ""
    description: str = ""


def site_inputs() -> tuple[str, str, list[tuple[str, str]], str]:
    """What every page is made with besides the rows: export format, renderer version,
    templates and stylesheet."""
    from desk.core.render import assets
    from desk.core.render.renderer import RENDERER_VERSION

    templates = sorted((p.name, p.read_text(encoding="utf-8")) for p in assets.templates_dir().glob("*.html"))
    return EXPORT_FORMAT, RENDERER_VERSION, templates, assets.site_css()


def global_key(settings: SiteSettings, categories, presets: list[str], site: list | None = None) -> str:
    """``site``: what every page shows besides these (the navigation, the site's photos)."""
    export_format, renderer, templates, css = site_inputs()
    return digest({
        "site": site,
        "format": export_format,
        "renderer": renderer,
        "templates": templates,
        "css": css,
        "settings": [settings.name, settings.base_url, settings.language, settings.timezone,
                     settings.logo_photo_id, settings.share_image_photo_id],
        "categories": sorted((c.id, c.name, c.slug, c.parent_id, c.position, c.description)
                             for c in categories),
        "presets": presets,
    })


def read_categories(run: Sql) -> dict[int, CategoryRow]:
    return {cid: CategoryRow(cid, name, slug, parent, position, paths.category_url(slug), description or "")
            for cid, name, slug, parent, position, description in run(
                "SELECT id, name, slug, parent_id, position, description FROM categories")}


class Snapshot:
    """The rows of one export, read in one transaction with plain SQL (Database.read_sql)."""

    def __init__(self, run: Sql, settings: SiteSettings):
        self.settings = settings
        self._run = run
        self._sql = run  # article rows (languages); _run may be held to the index's photos
        tz = settings.tz
        self.categories = read_categories(run)
        self.tags = {t: (name, slug) for t, name, slug in run("SELECT id, name, slug FROM tags")}
        self.tag_text = {tag_id: f"{name}\x1e{slug}" for tag_id, (name, slug) in self.tags.items()}
        items: list[Item] = []
        self.rows: dict[int, tuple] = {}  # as read, for the export's index (quick.py)
        # Times as stored (text), parsed here.
        for r in run(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE {LIVE}"):
            r = self.rows[r[0]] = tuple(r)
            moment = _utc(r[5] or r[6])
            local = moment.astimezone(tz).date()
            item = Item(r[0], r[1], r[2], r[3], r[4], moment, r[7], r[8], r[9])
            item.published_text = r[5] or r[6]
            item.url = paths.article_url(local.year, local.month, local.day, r[1])
            item.rel = item.url[1:] + "index.html"  # safe by construction (safe_component)
            item.renderer_url = item.url  # the renderer links to the same safe path
            items.append(item)
        # The order of pages.related_ids and of every listing: newest first.
        items.sort(key=lambda i: (i.published_at, i.id), reverse=True)
        self.items = items
        self.by_id = by_id = {i.id: i for i in items}
        # All links, sorted here: cheaper than SQLite joining and sorting 20,000 rows.
        links = [row for row in run("SELECT article_id, position, tag_id FROM article_tags") if row[0] in by_id]
        links.sort()
        for article_id, _, tag_id in links:
            by_id[article_id].tag_ids.append(tag_id)
        # In Article.photo_links order: the first hero link is the hero (as pages show it).
        for article_id, photo_id, role, alt, caption in run(
            "SELECT article_id, photo_id, role, alt_override, caption_override FROM article_photos "
            "ORDER BY article_id, role, position, id"
        ):
            item = by_id.get(article_id)
            if item is None:
                continue
            item.photo_ids.add(photo_id)
            if role == "hero" and item.hero is None:
                item.hero = (photo_id, alt, caption)
        self.pinned: dict[int, list[int]] = defaultdict(list)
        for article_id, related_id in run(
            "SELECT article_id, related_id FROM related_articles ORDER BY article_id, position"
        ):
            if article_id in by_id:
                self.pinned[article_id].append(related_id)
        self.photos: dict[int, PhotoRow] = {}
        self._presets = row_reader.presets(run)
        presets = [digest([p.key, p.template, p.date_format, p.match, p.options])
                   for p in self._presets.values()]
        # The sections in the navigation (those with a published article) and the photos
        # the settings name (logo, share image) are on every page.
        from desk.core.site.build import nav, site_photo_ids

        self.load_photos(set(site_photo_ids(settings)))
        site = [nav(run), [self.photo_key(p) for p in site_photo_ids(settings)]]
        self.global_key = global_key(settings, self.categories.values(), presets, site)

    # Photos whose renditions cannot be made this export (exporter._Replan): never
    # loaded, so no page, card or feed shows them.
    withheld: frozenset[int] = frozenset()

    def withhold(self, photo_ids: set[int], article_ids: set[int]) -> None:
        """Leave these photos out of every page, and these articles out of the site
        (listings, Related blocks, feeds, sitemaps, the index): nothing links to them."""
        self.withheld = frozenset(photo_ids)
        for photo_id in photo_ids:
            self.photos.pop(photo_id, None)
        if article_ids:
            self.items = [i for i in self.items if i.id not in article_ids]
            self.by_id = {i.id: i for i in self.items}
            for article_id in article_ids:
                self.rows.pop(article_id, None)

    def load_photos(self, ids: set[int]) -> None:
        """Photo rows (with their composed credit) for the ids not loaded yet."""
        withheld = self.withheld
        missing = [i for i in ids if i not in self.photos and i not in withheld]
        if not missing:
            return  # the usual case, and the incremental path's only one
        for row in row_reader.photos(self._run, missing, self._presets):
            self.photos[row[0]] = PhotoRow(*row)

    def photo_key(self, photo_id: int) -> str:
        row = self.photos.get(photo_id)
        return row.key if row else f"missing:{photo_id}"

    # --- what pages.related_ids would answer, for every article at once ----------------

    def related(self) -> dict[int, list[int]]:
        """The same answer as pages.related_ids for each live article (a test holds the
        two together): pinned live articles first, then the newest live articles of the
        same category or sharing a tag. Articles with the same category and tags share
        their candidates, so 10,000 articles cost a few hundred merges."""
        from desk.core.render.page import RELATED_COUNT

        rank = {item.id: n for n, item in enumerate(self.items)}
        by_category: dict[int, list[int]] = defaultdict(list)
        by_tag: dict[int, list[int]] = defaultdict(list)
        for item in self.items:
            if item.category_id is not None:
                by_category[item.category_id].append(item.id)
            for tag_id in item.tag_ids:
                by_tag[tag_id].append(item.id)
        # Enough candidates that, after dropping the article itself and its pinned ones,
        # RELATED_COUNT remain.
        shared: dict[tuple, list[int]] = {}
        out: dict[int, list[int]] = {}
        for item in self.items:
            chosen = [i for i in self.pinned.get(item.id, ()) if i in rank]
            if len(chosen) >= RELATED_COUNT:
                out[item.id] = chosen[:RELATED_COUNT]
                continue
            tags = tuple(sorted(set(item.tag_ids)))
            depth = RELATED_COUNT + 1 + len(chosen)
            group = (item.category_id, tags, depth)
            candidates = shared.get(group)
            if candidates is None:
                lists = [by_category[item.category_id]] if item.category_id is not None else []
                lists += [by_tag[t] for t in tags]
                merged = {i for ids in lists for i in ids[:depth]}
                candidates = sorted(merged, key=rank.__getitem__)[:depth]
                shared[group] = candidates
            excluded = {*chosen, item.id}
            more = [i for i in candidates if i not in excluded]
            out[item.id] = chosen + more[: RELATED_COUNT - len(chosen)]
        return out

    # --- input hashes ------------------------------------------------------------------

    def languages(self, ids: list[int]) -> dict[int, str]:
        """Each article's language (its own, else the site's), for the few a feed shows:
        the column sits after the body, so the snapshot's scan of every article skips it."""
        from desk.core.site.languages import article_language

        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        from types import SimpleNamespace

        own = {row[0]: row[1] for row in self._sql(
            f"SELECT id, language FROM articles WHERE id IN ({marks})", list(ids))}
        return {i: article_language(SimpleNamespace(language=own.get(i)), self.settings) for i in ids}

    def card_key(self, item: Item) -> list:
        return [self.card_text(item)]

    def card_text(self, item: Item) -> str:
        """The inputs of an article's card (and feed entry), as text, made once per
        article: keys of pages showing the card (related blocks, listings, feeds) join
        these strings. The version covers the edits Desk makes; the fields themselves
        cover a row changed behind its back (a slug or headline set by hand)."""
        if not item.card:
            item.card = "\x1d".join((
                str(item.id), str(item.version), self.photo_key(item.hero[0]) if item.hero else "",
                item.url, item.headline, item.standfirst, item.byline, str(item.category_id),
                item.published_text, item.updated_text))
        return item.card

    def article_key(self, item: Item, related: list[int], photo_ids: set[int]) -> str:
        # Called for every article on every export: a joined string, not JSON, is hashed.
        parts = [self.global_key, self.card_text(item)]
        tag_text = self.tag_text
        parts += [tag_text.get(t, "?") for t in item.tag_ids]
        parts.append("photos")
        parts += [self.photo_key(p) for p in sorted(photo_ids)]
        parts.append("related")
        by_id = self.by_id
        parts += [self.card_text(by_id[r]) for r in related if r in by_id]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def category_descendants(self) -> dict[int, set[int]]:
        children: dict[int | None, list[int]] = defaultdict(list)
        for c in self.categories.values():
            children[c.parent_id].append(c.id)
        out: dict[int, set[int]] = {}
        for cid in self.categories:
            seen, stack = set(), [cid]
            while stack:  # iterative, and a cycle in bad data cannot loop forever
                node = stack.pop()
                if node in seen:
                    continue
                seen.add(node)
                stack.extend(children.get(node, ()))
            out[cid] = seen
        return out

    def category_path(self, category_id: int | None) -> list[CategoryRow]:
        chain: list[CategoryRow] = []
        node = self.categories.get(category_id) if category_id is not None else None
        while node is not None and len(chain) < 64:
            chain.append(node)
            node = self.categories.get(node.parent_id) if node.parent_id is not None else None
        return list(reversed(chain))
