"""The publish plan: an article turned into what WordPress will receive.

`plan()` reads the article and makes plain values (no ORM objects, safe to hand to a
worker thread): the post fields, every photo with its texts and whether it must be
uploaded, updated or kept, the category path and the tags. It is the dry run, and
`publisher.publish()` sends exactly what it describes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.articles import editing as articles, release
from desk.core.photos import records as photos
from desk.core.site import settings as site_settings
from desk.core.site.languages import article_language
from desk.core.errors import InputError
from desk.core.store.models import Article, Photo, Publication, utcnow
from desk.core.store.models import RemoteMedia as RemoteMediaRow
from desk.core.publish import targets
from desk.core.publish.remote import wp_datetime
from desk.core.publish.targets import TargetInfo
from desk.core.publish.wordpress import WordPressClient
from desk.core.render import render_body
from desk.core.render.page import Figure
from desk.core.render.renderer import public_page
from desk.core.articles.slugs import slugify

STATUSES = ("draft", "publish", "future")
# Markdown figures in the body: ![alt](photo:12 "caption")
_PHOTO_REF = re.compile(r"!\[([^\]]*)\]\(photo:(\d{1,12})")


@dataclass(frozen=True)
class MediaItem:
    """One photo as it goes to the site: the file, its texts, and what will be done."""

    photo_id: int
    role: str  # "hero" or "inline"
    filename: str
    width: int
    height: int
    caption: str  # the composed credit line
    alt_text: str
    title: str
    description: str
    credit: str  # the composed credit line again, for the figure in the body
    texts_hash: str
    action: str  # "upload", "update" (texts changed) or "keep"
    remote_id: int | None = None
    source_url: str = ""
    data: bytes = field(default=b"", repr=False, compare=False)

    def public(self) -> dict[str, Any]:
        out = asdict(self)
        del out["data"]
        out["bytes"] = len(self.data)
        return out


@dataclass
class PublishPlan:
    """What publishing would create or change on the site (the dry run)."""

    target: TargetInfo
    article_id: int
    article_slug: str
    article_version: int
    action: str  # "create" or "update"
    status: str
    remote_id: int | None
    recorded_modified: str
    recorded_fingerprint: str  # of the post's texts as WordPress kept them last time
    # Set when a create was sent and its answer never came back (see publisher).
    pending_create: dict[str, Any] | None
    fields: dict[str, Any]  # title, excerpt, slug, status, date_gmt (content: see below)
    body_markdown: str
    category_path: list[str]
    tags: list[str]
    media: list[MediaItem]
    problems: list[str] = field(default_factory=list)  # each one blocks publishing
    notes: list[str] = field(default_factory=list)
    # The checklist's warnings and the override in force (release.py), for the summary.
    checklist: list[str] = field(default_factory=list)
    # Known only when plan() had a client to ask: names that do not exist on the site yet.
    new_categories: list[str] | None = None
    new_tags: list[str] | None = None
    snapshot: dict[str, Any] = field(default_factory=dict, repr=False)
    # The article's language (languages.article_language): the body's typography.
    language: str = "en"

    @property
    def hero(self) -> MediaItem | None:
        return next((m for m in self.media if m.role == "hero"), None)

    def content(self, urls: dict[int, tuple[str, int, int]] | None = None) -> str:
        """The post content: the rendered body, figures pointing at uploaded photos.

        `urls` maps photo id to (source_url, width, height) on the site; photos not
        uploaded yet (a dry run) point at their recorded URL or their local path."""
        return post_content(self.body_markdown, self.media, urls or {}, self.language)

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target.name,
            "site": self.target.url,
            "article": self.article_slug,
            "action": self.action,
            "remote_id": self.remote_id,
            "post": {**self.fields, "content": self.content()},
            "category": self.category_path,
            "tags": self.tags,
            "new_categories": self.new_categories,
            "new_tags": self.new_tags,
            "media": [m.public() for m in self.media],
            "problems": self.problems,
            "notes": self.notes,
            "checklist": self.checklist,
        }

    def describe(self) -> list[str]:
        """The plan in sentences, for the dialog and `desk publish --dry-run`."""
        verb = "Create a new post" if self.action == "create" else (
            f"Update post {self.remote_id}"
        )
        lines = [f"{verb} on {self.target.url} as {STATUS_WORDS[self.status]}:"]
        lines.append(f"  title: {self.fields['title']}")
        lines.append(f"  slug: {self.fields['slug']}")
        if self.fields.get("excerpt"):
            lines.append(f"  excerpt: {self.fields['excerpt']}")
        if self.fields.get("date_gmt"):
            lines.append(f"  date: {self.fields['date_gmt']} UTC")
        if self.category_path:
            new = _new_marker(self.new_categories, " > ".join(self.category_path))
            lines.append(f"  category: {' > '.join(self.category_path)}{new}")
        if self.tags:
            shown = ", ".join(t + _new_marker(self.new_tags, t) for t in self.tags)
            lines.append(f"  tags: {shown}")
        for item in self.media:
            what = {"upload": "upload", "update": "update the texts of",
                    "keep": "keep"}[item.action]
            remote = f" (media {item.remote_id})" if item.remote_id else ""
            size = f", {len(item.data) // 1024} KB" if item.data else ""
            lines.append(
                f"  {item.role} photo: {what} {item.filename}{remote} "
                f"({item.width}×{item.height}{size}); caption “{item.caption}”"
            )
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  checklist: {n}" for n in self.checklist]
        lines += [f"  cannot publish: {p}" for p in self.problems]
        return lines


STATUS_WORDS = {"draft": "a draft", "publish": "published", "future": "scheduled"}


def _new_marker(new: list[str] | None, name: str) -> str:
    if new is None:
        return ""
    return " (new)" if name in new else ""


def post_content(
    body_markdown: str, media: list[MediaItem], urls: dict[int, tuple[str, int, int]],
    language: str = "en",
) -> str:
    figures: dict[int, Figure] = {}
    for item in media:
        src, width, height = urls.get(item.photo_id) or (
            item.source_url or photos.media_path(item.photo_id, item.width),
            item.width, item.height,
        )
        # One file per photo on the site (WordPress makes its own sizes): no srcset.
        figures[item.photo_id] = Figure(
            src=src, srcset=(), width=width, height=height, alt=item.alt_text,
            credit=item.credit, photo_id=item.photo_id,
        )
    # The preview's source-line anchors mean nothing on the website.
    return public_page(render_body(body_markdown, figures, language=language))


def _texts_hash(photo: Photo, *parts: object) -> str:
    # The embedded credit (what the file carries) plus every text sent with it: any
    # change means the media on the site must be brought up to date.
    blob = json.dumps([photos.credit_hash(photo), *parts], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _media_items(
    session: Session, article: Article, target: TargetInfo, with_data: bool
) -> tuple[list[MediaItem], list[str]]:
    """The hero, inline photos and photos the body shows, each once; and problems."""
    body = article.body or ""
    body_alts: dict[int, str] = {}
    order: list[tuple[int, str]] = []
    links = {link.photo_id: link for link in article.photo_links}
    for link in article.photo_links:
        order.append((link.photo_id, link.role))
    for alt, ref in _PHOTO_REF.findall(body):
        photo_id = int(ref)
        if alt.strip():
            body_alts.setdefault(photo_id, alt.strip())
        order.append((photo_id, "inline"))
    seen: set[int] = set()
    items: list[MediaItem] = []
    problems: list[str] = []
    recorded = {
        row.photo_id: row for row in session.scalars(
            select(RemoteMediaRow).where(RemoteMediaRow.target_id == target.id)
        )
    }
    for photo_id, role in order:
        if photo_id in seen:
            continue
        seen.add(photo_id)
        photo = session.get(Photo, photo_id)
        if photo is None:
            problems.append(f"the body shows photo {photo_id}, which is not in the library")
            continue
        link = links.get(photo_id)
        alt = ((link.alt_override if link else "") or photo.alt_text
               or body_alts.get(photo_id, "")).strip()
        name = photo.original_filename or f"photo-{photo_id}.jpg"
        if not alt:
            problems.append(
                f"the {role} photo “{name}” has no alt text; describe it for readers who "
                "cannot see it (photo inspector › Alt text)"
            )
        width = photos.web_widths(photo)[0]
        height = max(1, round(photo.height * width / photo.width))
        credit = photos.credit_text(photo)
        title = (photo.headline or _stem(name)).strip()
        description = photo.caption.strip()
        stem = slugify(_stem(name), fallback=f"photo-{photo_id}")[:80]
        filename = f"{stem}-{width}.jpg"
        texts_hash = _texts_hash(photo, credit, alt, title, description, width)
        row = recorded.get(photo_id)
        if row is None:
            action, remote_id, source_url = "upload", None, ""
        else:
            remote_id, source_url = int(row.remote_id), row.source_url
            action = "keep" if row.credit_hash == texts_hash else "update"
        data = b""
        if with_data and action == "upload":
            data, _mime = photos.rendition(session, photo_id, width, "JPEG")
        items.append(MediaItem(
            photo_id=photo_id, role=role, filename=filename, width=width, height=height,
            caption=credit, alt_text=alt, title=title, description=description,
            credit=credit, texts_hash=texts_hash, action=action, remote_id=remote_id,
            source_url=source_url, data=data,
        ))
    return items, problems


def _stem(filename: str) -> str:
    return filename.rsplit(".", 1)[0] if "." in filename else filename


def _post_date(
    article: Article, status: str, now: dt.datetime, scheduled_at: dt.datetime | None
) -> tuple[str | None, str]:
    """date_gmt to send (UTC) and a problem, if the status cannot have that date."""
    if status == "future":
        when = scheduled_at or article.scheduled_at or article.published_at
        if when is None:
            return None, "scheduling needs a publication time: set the article's scheduled time"
        if when <= now:
            return None, (
                f"the scheduled time {wp_datetime(when)} UTC has passed; choose a time in "
                "the future, or publish now"
            )
        return wp_datetime(when), ""
    when = article.published_at
    if status == "publish" and when is not None and when > now:
        # Sent as "publish", a future date would make WordPress schedule it unasked.
        return None, (
            f"the article's publication time {wp_datetime(when)} UTC is in the future; "
            "schedule it instead, or clear the time to publish now"
        )
    return (wp_datetime(when) if when is not None else None), ""


def plan(
    session: Session,
    article: Article,
    target: TargetInfo | Any,
    status: str = "draft",
    *,
    client: WordPressClient | None = None,
    with_data: bool = False,
    scheduled_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> PublishPlan:
    """What publishing `article` to `target` would create or change: the dry run.

    With a `client`, the site is asked which categories and tags are new (reads only).
    `with_data` loads the rendition bytes of the photos to upload (publish needs them,
    a dry run does not). `scheduled_at` (aware) overrides the article's scheduled time
    for status "future"."""
    if scheduled_at is not None and scheduled_at.tzinfo is None:
        raise InputError("the scheduled time needs a time zone")
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    info = target if isinstance(target, TargetInfo) else targets.info_of(target)
    now = now or utcnow()
    media, problems = _media_items(session, article, info, with_data)
    notes: list[str] = []
    # A draft is not public: missing alt texts are noted, not blocking. Published or
    # scheduled, the checklist says what blocks (alt texts among it), below.
    if status == "draft":
        notes += [f"before publishing: {p}" for p in problems if "alt text" in p]
    problems = [p for p in problems if "alt text" not in p]
    date_gmt, date_problem = _post_date(article, status, now, scheduled_at)
    if date_problem:
        problems.append(date_problem)
    checklist_lines: list[str] = []
    if status != "draft":
        # The publishing rule: what the checklist blocks (and no override covers) is not
        # sent as published or scheduled.
        verdict = release.assess(session, article)
        problems += [f"the checklist: {release._sentence(i.message)}" for i in verdict.uncovered]
        checklist_lines = verdict.summary_lines()
    if not article.headline.strip():
        problems.append("the article has no headline")
    publication = session.scalar(
        select(Publication).where(Publication.article_id == article.id,
                                  Publication.target_id == info.id)
    )
    remote_id = int(publication.remote_id) if publication and publication.remote_id else None
    fields: dict[str, Any] = {
        "title": article.headline.strip(),
        "excerpt": article.standfirst.strip(),
        "slug": article.slug,
        "status": status,
    }
    if date_gmt:
        fields["date_gmt"] = date_gmt
    category_path = [c.name for c in article.category.path()] if article.category else []
    result = PublishPlan(
        target=info,
        article_id=article.id,
        article_slug=article.slug,
        article_version=article.version,
        action="update" if remote_id else "create",
        status=status,
        remote_id=remote_id,
        recorded_modified=publication.remote_modified if publication else "",
        recorded_fingerprint=str((publication.details or {}).get("fingerprint", ""))
        if publication else "",
        pending_create=(publication.details or {}).get("creating")
        if publication and not remote_id else None,
        fields=fields,
        body_markdown=article.body or "",
        category_path=category_path,
        tags=list(article.tags),
        media=media,
        problems=problems,
        notes=notes,
        checklist=checklist_lines,
        snapshot=articles.snapshot(article),
        language=article_language(article, site_settings.load(session)),
    )
    if client is not None:
        _ask_site_what_is_new(client, result)
    return result


def _ask_site_what_is_new(client: WordPressClient, plan_: PublishPlan) -> None:
    path = plan_.category_path
    new_categories: list[str] = []
    parent = 0
    for depth, name in enumerate(path):
        found = client.find_category(name, parent)
        if found is None:
            # This level and every one below it will be created.
            new_categories = [" > ".join(path[: i + 1]) for i in range(depth, len(path))]
            break
        parent = found.id
    plan_.new_categories = new_categories
    plan_.new_tags = [t for t in plan_.tags if client.find_tag(t) is None]
