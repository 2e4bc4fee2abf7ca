"""Publishing an article to a WordPress target: plan, send, record.

The work is split so that the database is never locked while the network is slow:

1. `plan()` reads the article in one short write session (renditions are made and
   stored there) and turns it into plain values: the post fields, the photos to upload
   or update, the category path and tags. It is also the dry run.
2. `publish()` sends the plan with no session open, recording each photo upload in its
   own committed transaction the moment it succeeds. An interrupted publish therefore
   resumes without uploading a photo twice.
3. The post's id, link, slug and modified time as WordPress returned them are recorded
   per target in `publications`, with the revision that was published.

Before updating a post, its remote `modified_gmt` is compared with the recorded one: an
edit made on the site is never overwritten silently (RemoteChanged, `overwrite=True`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core import articles, photos
from desk.core.db import Database
from desk.core.errors import InputError
from desk.core.models import Article, Photo, Publication, PublishTarget, Revision, utcnow
from desk.core.models import RemoteMedia as RemoteMediaRow
from desk.core.publish import errors, targets
from desk.core.publish.credentials import CredentialStore
from desk.core.publish.remote import RemotePost, raw_text, wp_datetime
from desk.core.publish.targets import TargetInfo
from desk.core.publish.wordpress import WordPressClient
from desk.core.render import render_body
from desk.core.render.page import Figure
from desk.core.slugs import slugify

STATUSES = ("draft", "publish", "future")
# Markdown figures in the body: ![alt](photo:12 "caption")
_PHOTO_REF = re.compile(r"!\[([^\]]*)\]\(photo:(\d{1,12})")
# The preview's source-line anchors mean nothing on the website.
_LINE_ANCHOR = re.compile(r' data-src-line="[^"]*"')

Progress = Callable[[str, int, int], None]


# -- the plan ------------------------------------------------------------------------


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
    fields: dict[str, Any]  # title, excerpt, slug, status, date_gmt (content: see below)
    body_markdown: str
    category_path: list[str]
    tags: list[str]
    media: list[MediaItem]
    problems: list[str] = field(default_factory=list)  # each one blocks publishing
    notes: list[str] = field(default_factory=list)
    # Known only when plan() had a client to ask: names that do not exist on the site yet.
    new_categories: list[str] | None = None
    new_tags: list[str] | None = None
    snapshot: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def hero(self) -> MediaItem | None:
        return next((m for m in self.media if m.role == "hero"), None)

    def content(self, urls: dict[int, tuple[str, int, int]] | None = None) -> str:
        """The post content: the rendered body, figures pointing at uploaded photos.

        `urls` maps photo id to (source_url, width, height) on the site; photos not
        uploaded yet (a dry run) point at their recorded URL or their local path."""
        return post_content(self.body_markdown, self.media, urls or {})

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
        lines += [f"  cannot publish: {p}" for p in self.problems]
        return lines


STATUS_WORDS = {"draft": "a draft", "publish": "published", "future": "scheduled"}


def _new_marker(new: list[str] | None, name: str) -> str:
    if new is None:
        return ""
    return " (new)" if name in new else ""


def post_content(
    body_markdown: str, media: list[MediaItem], urls: dict[int, tuple[str, int, int]]
) -> str:
    figures: dict[int, Figure] = {}
    for item in media:
        src, width, height = urls.get(item.photo_id) or (
            item.source_url or photos.media_path(item.photo_id, item.width),
            item.width, item.height,
        )
        figures[item.photo_id] = Figure(
            src=src, width=width, height=height, alt=item.alt_text, credit=item.credit,
            photo_id=item.photo_id,
        )
    return _LINE_ANCHOR.sub("", render_body(body_markdown, figures))


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
    if status == "draft":
        # A draft is not public: missing alt texts are noted, not blocking.
        notes += [f"before publishing: {p}" for p in problems if "alt text" in p]
        problems = [p for p in problems if "alt text" not in p]
    date_gmt, date_problem = _post_date(article, status, now, scheduled_at)
    if date_problem:
        problems.append(date_problem)
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
        fields=fields,
        body_markdown=article.body or "",
        category_path=category_path,
        tags=list(article.tags),
        media=media,
        problems=problems,
        notes=notes,
        snapshot=articles.snapshot(article),
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


# -- the result ----------------------------------------------------------------------


@dataclass
class PublishResult:
    target: str
    article_slug: str
    remote_id: int
    link: str
    slug: str
    status: str
    modified_gmt: str
    created: bool
    media: dict[int, int] = field(default_factory=dict)  # photo id -> media id
    featured_media: int = 0
    uploaded: int = 0
    updated_media: int = 0
    category_id: int | None = None
    tag_ids: list[int] = field(default_factory=list)
    seconds: float = 0.0
    # Seconds per phase: prepare (renditions), connect, terms, media, post, record.
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["media"] = {str(k): v for k, v in self.media.items()}
        out["id"] = self.remote_id
        return out


# -- publishing ----------------------------------------------------------------------


def publish(
    db: Database,
    article_id: int,
    target_name: str,
    status: str = "draft",
    *,
    overwrite: bool = False,
    recreate: bool = False,
    scheduled_at: dt.datetime | None = None,
    progress: Progress | None = None,
    store: CredentialStore | None = None,
    client: WordPressClient | None = None,
) -> PublishResult:
    """Publish (create or update) the article on the target; see the module's doc.

    Raises NotReady before sending anything when the article cannot be published as
    asked, RemoteChanged when the post was edited on the site (`overwrite=True` sends
    anyway), PostGone when it was deleted there (`recreate=True` creates it anew), and
    the client's PublishErrors for everything the site refuses."""
    started = time.perf_counter()
    with db.write("preparing to publish") as session:
        target = targets.info_of(targets.get(session, target_name))
        article = articles.get(session, article_id)
        the_plan = plan(session, article, target, status, with_data=True,
                        scheduled_at=scheduled_at)
    prepared = time.perf_counter() - started
    if the_plan.problems:
        raise errors.NotReady(
            f"“{the_plan.fields['title'] or the_plan.article_slug}” cannot be "
            f"{STATUS_WORDS[status]} yet: " + "; ".join(the_plan.problems) + ".",
            problems=the_plan.problems,
        )
    with _client(target, store, client) as site:
        result = _send(db, the_plan, site, overwrite=overwrite, recreate=recreate,
                       progress=progress or _quiet)
    result.seconds = time.perf_counter() - started
    result.timings = {"prepare": prepared, **result.timings}
    return result


def _quiet(message: str, done: int, total: int) -> None:
    pass


class _client:
    """The given client, or one made from the target (and closed afterwards)."""

    def __init__(self, target: TargetInfo, store: CredentialStore | None,
                 given: WordPressClient | None) -> None:
        self._given = given
        self._own = None if given is not None else targets.client_for(target, store)

    def __enter__(self) -> WordPressClient:
        return self._given or self._own  # type: ignore[return-value]

    def __exit__(self, *exc: object) -> None:
        if self._own is not None:
            self._own.close()


class _Steps:
    """Reports progress, and times each phase for PublishResult.timings."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0
        self.timings: dict[str, float] = {}
        self._phase, self._since = "", time.perf_counter()

    def __call__(self, message: str, phase: str = "") -> None:
        self._close(phase)
        self.progress(message, self.done, self.total)
        self.done += 1

    def finish(self, message: str) -> None:
        self._close("")
        self.progress(message, self.total, self.total)

    def _close(self, phase: str) -> None:
        if phase == self._phase and phase:
            return  # the same phase goes on (one photo after another)
        now = time.perf_counter()
        if self._phase:
            self.timings[self._phase] = self.timings.get(self._phase, 0.0) + now - self._since
        self._phase, self._since = phase, now


def _send(
    db: Database,
    plan_: PublishPlan,
    site: WordPressClient,
    *,
    overwrite: bool,
    recreate: bool,
    progress: Progress,
) -> PublishResult:
    step = _Steps(progress, 4 + len(plan_.media))
    step(f"Connecting to {plan_.target.url}", "connect")
    info = site.check()
    if not info.can_upload and any(m.action == "upload" for m in plan_.media):
        raise errors.PermissionDenied(
            f"The account “{plan_.target.user}” may not upload photos to "
            f"{plan_.target.url}. Ask the site's administrator for the Author or Editor role."
        )

    remote_id = plan_.remote_id
    if remote_id is not None:
        # Checked before anything is uploaded: a conflict leaves the site untouched.
        try:
            current = site.get_post(remote_id)
        except errors.PostGone:
            if not recreate:
                raise
            remote_id = None
        else:
            if _edited_since(current, plan_) and not overwrite:
                raise _remote_changed(current, plan_)

    step("Creating categories and tags", "terms")
    category = site.ensure_category_path(plan_.category_path) if plan_.category_path else None
    tag_ids = site.ensure_tags(plan_.tags)

    urls: dict[int, tuple[str, int, int]] = {}
    media_ids: dict[int, int] = {}
    uploaded = updated = 0
    for item in plan_.media:
        step(f"Sending photo {item.filename}", "media")
        remote, action = _send_media(db, plan_, site, item)
        uploaded += action == "upload"
        updated += action == "update"
        media_ids[item.photo_id] = remote.id
        urls[item.photo_id] = (
            remote.source_url, remote.width or item.width, remote.height or item.height
        )

    fields: dict[str, Any] = {**plan_.fields, "content": plan_.content(urls)}
    fields["categories"] = [category.id] if category else []
    fields["tags"] = tag_ids
    hero = plan_.hero
    fields["featured_media"] = media_ids[hero.photo_id] if hero else 0

    step("Sending the article", "post")
    try:
        if remote_id is None:
            post = site.create_post(fields)
        else:
            post = site.update_post(remote_id, fields)
    except errors.ResponseMismatch as exc:
        # The post was saved even so: record it, so that the next publish updates it
        # instead of creating a second one.
        if exc.remote_id:
            saved = site.get_post(exc.remote_id)
            _record(db, plan_, saved, media_ids, fields)
        raise
    step("Recording where it was published", "record")
    _record(db, plan_, post, media_ids, fields)
    step.finish(f"Done: {post.link}")
    return PublishResult(
        target=plan_.target.name,
        article_slug=plan_.article_slug,
        remote_id=post.id,
        link=post.link,
        slug=post.slug,
        status=post.status,
        modified_gmt=post.modified_gmt,
        created=remote_id is None,
        media=media_ids,
        featured_media=post.featured_media,
        uploaded=uploaded,
        updated_media=updated,
        category_id=category.id if category else None,
        tag_ids=list(tag_ids),
        timings=step.timings,
    )


def _send_media(
    db: Database, plan_: PublishPlan, site: WordPressClient, item: MediaItem
) -> tuple[Any, str]:
    """Upload the photo, or bring the uploaded one up to date; record it at once."""
    if item.remote_id is not None:
        try:
            if item.action == "update":
                remote = site.update_media(
                    item.remote_id, caption=item.caption, alt_text=item.alt_text,
                    title=item.title, description=item.description,
                )
                _record_media(db, plan_.target, item, remote.id, remote.source_url)
                return remote, "update"
            return site.get_media(item.remote_id), "keep"
        except errors.MediaGone:
            pass  # deleted from the site's library: upload it again below
    data = item.data or _rendition(db, item)
    try:
        remote = site.upload_media(
            data, item.filename, "image/jpeg", caption=item.caption,
            alt_text=item.alt_text, title=item.title, description=item.description,
        )
    except errors.ResponseMismatch as exc:
        if exc.remote_id:
            # Uploaded but its texts were lost: keep it (no second upload next time)
            # with an empty hash, so the next publish sends the texts again.
            again = site.get_media(exc.remote_id)
            _record_media(db, plan_.target, item, again.id, again.source_url, texts_hash="")
        raise
    _record_media(db, plan_.target, item, remote.id, remote.source_url)
    return remote, "upload"


def _rendition(db: Database, item: MediaItem) -> bytes:
    with db.write("making the photo for the website") as session:
        data, _mime = photos.rendition(session, item.photo_id, item.width, "JPEG")
    return data


def _record_media(
    db: Database, target: TargetInfo, item: MediaItem, remote_id: int, source_url: str,
    *, texts_hash: str | None = None,
) -> None:
    # Its own transaction, committed now: if anything later fails, this upload is
    # remembered and reused instead of repeated.
    with db.write("recording an uploaded photo") as session:
        row = session.scalar(select(RemoteMediaRow).where(
            RemoteMediaRow.photo_id == item.photo_id, RemoteMediaRow.target_id == target.id
        ))
        if row is None:
            row = RemoteMediaRow(photo_id=item.photo_id, target_id=target.id, remote_id="")
            session.add(row)
        row.remote_id = str(remote_id)
        row.source_url = source_url
        row.credit_hash = item.texts_hash if texts_hash is None else texts_hash
        row.uploaded_at = utcnow()


def _record(
    db: Database, plan_: PublishPlan, post: RemotePost, media_ids: dict[int, int],
    fields: dict[str, Any],
) -> None:
    with db.write("recording the publication") as session:
        row = _publication(session, plan_.article_id, plan_.target.id, create=True)
        assert row is not None
        row.remote_id = str(post.id)
        row.url = post.link
        row.remote_slug = post.slug
        row.remote_status = post.status
        row.remote_modified = post.modified_gmt
        row.published_at = utcnow()
        row.revision_id = _revision_id(session, plan_)
        row.details = {
            "media": {str(k): v for k, v in media_ids.items()},
            "featured_media": post.featured_media,
            "categories": list(fields.get("categories") or []),
            "tags": list(fields.get("tags") or []),
            "date_gmt": post.date_gmt,
            "sent_status": fields.get("status"),
            "fingerprint": fingerprint(post),
        }


def _revision_id(session: Session, plan_: PublishPlan) -> int:
    """The revision holding what was published: the latest one if it matches the
    version that was sent, else a new one made from the snapshot taken then."""
    latest = session.scalar(
        select(Revision).where(Revision.article_id == plan_.article_id)
        .order_by(Revision.created_at.desc(), Revision.id.desc()).limit(1)
    )
    if latest is not None and latest.article_version == plan_.article_version:
        return latest.id
    revision = Revision(
        article_id=plan_.article_id, reason=f"published to {plan_.target.name}",
        article_version=plan_.article_version, snapshot=plan_.snapshot, created_at=utcnow(),
    )
    session.add(revision)
    session.flush()
    return revision.id


def _publication(
    session: Session, article_id: int, target_id: int, *, create: bool = False
) -> Publication | None:
    row = session.scalar(select(Publication).where(
        Publication.article_id == article_id, Publication.target_id == target_id
    ))
    if row is None and create:
        row = Publication(article_id=article_id, target_id=target_id)
        session.add(row)
    return row


def fingerprint(post: RemotePost) -> str:
    """A hash of the post's texts as WordPress keeps them (raw values, context=edit)."""
    texts = [post.title, raw_text(post.data.get("content")), raw_text(post.data.get("excerpt"))]
    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()


def _edited_since(current: RemotePost, plan_: PublishPlan) -> bool:
    # modified_gmt has one-second resolution: an edit made within the second of our
    # last publish keeps it, so the texts themselves are compared as well.
    if current.modified_gmt != plan_.recorded_modified:
        return True
    return bool(plan_.recorded_fingerprint) and fingerprint(current) != plan_.recorded_fingerprint


def _remote_changed(current: RemotePost, plan_: PublishPlan) -> errors.RemoteChanged:
    ours = {"title": plan_.fields["title"], "content": plan_.content(),
            "excerpt": plan_.fields["excerpt"], "status": plan_.status}
    theirs = {
        "title": current.title,
        "content": raw_text(current.data.get("content")),
        "excerpt": raw_text(current.data.get("excerpt")),
        "status": current.status,
    }
    differences = {
        key: (theirs[key], ours[key]) for key in ours
        if _normal(theirs[key]) != _normal(ours[key])
    }
    changed = ", ".join(differences) or "nothing Desk sends (other fields)"
    return errors.RemoteChanged(
        f"The post “{current.title}” was edited on {plan_.target.url} at "
        f"{current.modified_gmt} UTC, after Desk last published it (changed: {changed}). "
        "Overwrite the site's version with Desk's, or cancel and review it there.",
        post_id=current.id, expected=plan_.recorded_modified, actual=current.modified_gmt,
        differences=differences,
    )


def _normal(text: str) -> str:
    return " ".join((text or "").split())


# -- unpublish and pull status -------------------------------------------------------


@dataclass(frozen=True)
class PublicationInfo:
    """What Desk recorded about an article on one target, as plain values."""

    target: str
    remote_id: int
    link: str
    slug: str
    status: str
    modified_gmt: str
    media: dict[str, int]
    revision_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "id": self.remote_id}


def _info(target_name: str, row: Publication) -> PublicationInfo:
    return PublicationInfo(
        target=target_name, remote_id=int(row.remote_id or 0), link=row.url,
        slug=row.remote_slug, status=row.remote_status, modified_gmt=row.remote_modified,
        media=dict((row.details or {}).get("media") or {}), revision_id=row.revision_id,
    )


def recorded(db: Database, article_id: int, target_name: str) -> PublicationInfo | None:
    """Where the article is on the target, as last recorded; None if never published."""
    with db.read() as session:
        target = targets.get(session, target_name)
        row = _publication(session, article_id, target.id)
        return _info(target.name, row) if row is not None and row.remote_id else None


def _recorded(db: Database, article_id: int, target_name: str) -> tuple[TargetInfo, int]:
    with db.read() as session:
        target = targets.info_of(targets.get(session, target_name))
        article = articles.get(session, article_id, with_body=False)
        row = _publication(session, article_id, target.id)
        if row is None or not row.remote_id:
            raise InputError(
                f"“{article.slug}” has not been published to {target.name}; publish it first"
            )
        return target, int(row.remote_id)


def _store_status(
    db: Database, article_id: int, target: TargetInfo, post: RemotePost
) -> PublicationInfo:
    with db.write("recording the publication") as session:
        row = _publication(session, article_id, target.id)
        assert row is not None
        row.url, row.remote_slug = post.link, post.slug
        row.remote_status, row.remote_modified = post.status, post.modified_gmt
        return _info(target.name, row)


def unpublish(
    db: Database,
    article_id: int,
    target_name: str,
    *,
    store: CredentialStore | None = None,
    client: WordPressClient | None = None,
) -> PublicationInfo:
    """Take the post off the site by making it a draft again (nothing is deleted)."""
    target, remote_id = _recorded(db, article_id, target_name)
    with _client(target, store, client) as site:
        post = site.update_post(remote_id, {"status": "draft"})
    return _store_status(db, article_id, target, post)


def pull_status(
    db: Database,
    article_id: int,
    target_name: str,
    *,
    store: CredentialStore | None = None,
    client: WordPressClient | None = None,
) -> PublicationInfo:
    """Refresh the recorded link, slug, status and modified time from the site.

    A post deleted on the site raises PostGone and the record is left as it was (the
    next publish with `recreate=True` makes a new post)."""
    target, remote_id = _recorded(db, article_id, target_name)
    with _client(target, store, client) as site:
        post = site.get_post(remote_id)
    return _store_status(db, article_id, target, post)


def publications(db: Database, article_id: int) -> list[PublicationInfo]:
    """Every target the article was published to, as recorded."""
    with db.read() as session:
        rows = session.execute(
            select(Publication, PublishTarget.name)
            .join(PublishTarget, PublishTarget.id == Publication.target_id)
            .where(Publication.article_id == article_id, Publication.remote_id != "")
            .order_by(PublishTarget.name)
        ).all()
        return [_info(name, row) for row, name in rows]
