"""Publishing an article to a WordPress target: plan, send, record.

The work is split so that the database is never locked while the network is slow:

1. `plan()` (plan.py) reads the article in one short write session (renditions are
   made and stored there) and turns it into plain values: the post fields, the photos
   to upload or update, the category path and tags. It is also the dry run.
2. `publish()` sends the plan with no session open, recording each photo upload in its
   own committed transaction the moment it succeeds. An interrupted publish therefore
   resumes without uploading a photo twice.
3. The post's id, link, slug and modified time as WordPress returned them are recorded
   per target in `publications`, with the revision that was published (records.py).

Before updating a post, its remote `modified_gmt` and texts are compared with those
recorded: an edit made on the site is never overwritten silently (RemoteChanged, with
what differs; `overwrite=True` sends anyway).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from desk.core.articles import editing as articles, release
from desk.core.photos import records as photos
from desk.core.store.db import Database
from desk.core.errors import InputError
from desk.core.publish import errors, targets
from desk.core.publish.credentials import CredentialStore
from desk.core.publish.plan import STATUS_WORDS, STATUSES, MediaItem, PublishPlan, plan
from desk.core.publish.records import (
    PublicationInfo,
    mark_creating,
    fingerprint,
    publication_row,
    publications,
    record_media,
    record_post,
    recorded,
    store_status,
)
from desk.core.publish.remote import RemotePost, raw_text
from desk.core.publish.targets import TargetInfo
from desk.core.publish.wordpress import WordPressClient

__all__ = [
    "STATUSES", "MediaItem", "PublicationInfo", "PublishPlan", "PublishResult", "plan",
    "publications", "publish", "pull_status", "recorded", "unpublish",
]

Progress = Callable[[str, int, int], None]


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
    # The checklist's warnings and the override in force (release.py).
    checklist: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["media"] = {str(k): v for k, v in self.media.items()}
        out["id"] = self.remote_id
        return out


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
    override_checklist: str | None = None,
    by: str | None = None,
) -> PublishResult:
    """Publish (create or update) the article on the target; see the module's doc.

    Published or scheduled, the article must pass the checklist (release.py) unless
    `override_checklist` gives the reason to send it anyway (recorded, with `by`, in a
    revision before anything is sent).

    Raises NotReady before sending anything when the article cannot be published as
    asked, RemoteChanged when the post was edited on the site (`overwrite=True` sends
    anyway), PostGone when it was deleted there (`recreate=True` creates it anew), and
    the client's PublishErrors for everything the site refuses."""
    started = time.perf_counter()
    with db.write("preparing to publish") as session:
        target = targets.info_of(targets.get(session, target_name))
        article = articles.get(session, article_id)
        if override_checklist is not None and status != "draft":
            release.require(session, article, "wordpress", why=override_checklist, by=by)
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
    result.checklist = list(the_plan.checklist)
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
    current: RemotePost | None = None
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
    if (current is not None and remote_id is not None and current.status == "future"
            and plan_.status == "publish" and "date_gmt" not in fields):
        # "Publish now" on a scheduled post: with its future date kept, WordPress would
        # leave it scheduled.
        fields["date_gmt"] = _now_gmt()

    step("Sending the article", "post")
    if remote_id is None and plan_.pending_create:
        lost = _find_lost_post(site, plan_.pending_create, fields)
        remote_id = lost.id if lost is not None else None
    try:
        if remote_id is None:
            mark_creating(db, plan_, fields, _an_hour_ago_gmt())
            post = site.create_post(fields)
        else:
            post = site.update_post(remote_id, fields)
    except errors.ResponseMismatch as exc:
        # The post was saved even so: record it, so that the next publish updates it
        # instead of creating a second one.
        if exc.remote_id:
            saved = site.get_post(exc.remote_id)
            record_post(db, plan_, saved, media_ids, fields)
        raise
    step("Recording where it was published", "record")
    record_post(db, plan_, post, media_ids, fields)
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
                record_media(db, plan_.target, item, remote.id, remote.source_url)
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
            record_media(db, plan_.target, item, again.id, again.source_url, texts_hash="")
        raise
    record_media(db, plan_.target, item, remote.id, remote.source_url)
    return remote, "upload"


def _rendition(db: Database, item: MediaItem) -> bytes:
    with db.write("making the photo for the website") as session:
        data, _mime = photos.rendition(session, item.photo_id, item.width, "JPEG")
    return data


def _edited_since(current: RemotePost, plan_: PublishPlan) -> bool:
    # modified_gmt has one-second resolution: an edit made within the second of our
    # last publish keeps it, so the texts themselves are compared as well.
    if current.modified_gmt != plan_.recorded_modified:
        return True
    return bool(plan_.recorded_fingerprint) and fingerprint(current) != plan_.recorded_fingerprint


def _now_gmt() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def _an_hour_ago_gmt() -> str:
    # The site's clock is not ours: the margin absorbs any plausible skew, and the
    # slug, title and photo must match as well.
    moment = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _find_lost_post(
    site: WordPressClient, pending: dict[str, Any], fields: dict[str, Any]
) -> RemotePost | None:
    """The post a lost create made, if WordPress saved it: same slug (or the -2 it
    gives a duplicate), same title and featured photo, modified around the attempt."""
    slug = str(pending.get("slug") or fields.get("slug") or "")
    if not slug:
        return None
    candidates = [
        post for post in site.find_posts([slug, f"{slug}-2", f"{slug}-3"])
        if post.title == pending.get("title")
        and post.featured_media == int(pending.get("featured_media") or 0)
        and post.modified_gmt >= str(pending.get("after", ""))
    ]
    # Several would mean someone else made look-alikes: creating anew is safer then.
    return candidates[0] if len(candidates) == 1 else None


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


def _recorded(db: Database, article_id: int, target_name: str) -> tuple[TargetInfo, int]:
    with db.read() as session:
        target = targets.info_of(targets.get(session, target_name))
        article = articles.get(session, article_id, with_body=False)
        row = publication_row(session, article_id, target.id)
        if row is None or not row.remote_id:
            raise InputError(
                f"“{article.slug}” has not been published to {target.name}; publish it first"
            )
        return target, int(row.remote_id)


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
    return store_status(db, article_id, target, post)


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
    return store_status(db, article_id, target, post)
