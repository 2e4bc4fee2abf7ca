"""What Desk remembers about publishing: the photos uploaded to each target
(RemoteMedia) and each article's post per target (Publication), every write in its own
short transaction so that nothing is held locked while the network is slow."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.db import Database
from desk.core.newsroom.identity import author_of
from desk.core.models import Publication, PublishTarget, Revision, utcnow
from desk.core.models import RemoteMedia as RemoteMediaRow
from desk.core.publish import targets
from desk.core.publish.plan import MediaItem, PublishPlan
from desk.core.publish.remote import RemotePost, raw_text
from desk.core.publish.targets import TargetInfo


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


def info_of(target_name: str, row: Publication) -> PublicationInfo:
    return PublicationInfo(
        target=target_name, remote_id=int(row.remote_id or 0), link=row.url,
        slug=row.remote_slug, status=row.remote_status, modified_gmt=row.remote_modified,
        media=dict((row.details or {}).get("media") or {}), revision_id=row.revision_id,
    )


def recorded(db: Database, article_id: int, target_name: str) -> PublicationInfo | None:
    """Where the article is on the target, as last recorded; None if never published."""
    with db.read() as session:
        target = targets.get(session, target_name)
        row = publication_row(session, article_id, target.id)
        return info_of(target.name, row) if row is not None and row.remote_id else None


def publications(db: Database, article_id: int) -> list[PublicationInfo]:
    """Every target the article was published to, as recorded."""
    with db.read() as session:
        rows = session.execute(
            select(Publication, PublishTarget.name)
            .join(PublishTarget, PublishTarget.id == Publication.target_id)
            .where(Publication.article_id == article_id, Publication.remote_id != "")
            .order_by(PublishTarget.name)
        ).all()
        return [info_of(name, row) for row, name in rows]


def publication_row(
    session: Session, article_id: int, target_id: int, *, create: bool = False
) -> Publication | None:
    row = session.scalar(select(Publication).where(
        Publication.article_id == article_id, Publication.target_id == target_id
    ))
    if row is None and create:
        row = Publication(article_id=article_id, target_id=target_id)
        session.add(row)
    return row


def record_media(
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


def record_post(
    db: Database, plan_: PublishPlan, post: RemotePost, media_ids: dict[int, int],
    fields: dict[str, Any],
) -> None:
    with db.write("recording the publication") as session:
        row = publication_row(session, plan_.article_id, plan_.target.id, create=True)
        assert row is not None
        row.remote_id = str(post.id)
        row.url = post.link
        row.remote_slug = post.slug
        row.remote_status = post.status
        row.remote_modified = post.modified_gmt
        row.published_at = utcnow()
        row.published_by = author_of(session)
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
        article_id=plan_.article_id, reason=f"published to {plan_.target.name}", author=author_of(session),
        article_version=plan_.article_version, snapshot=plan_.snapshot, created_at=utcnow(),
    )
    session.add(revision)
    session.flush()
    return revision.id


def fingerprint(post: RemotePost) -> str:
    """A hash of the post's texts as WordPress keeps them (raw values, context=edit)."""
    texts = [post.title, raw_text(post.data.get("content")), raw_text(post.data.get("excerpt"))]
    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()


def store_status(
    db: Database, article_id: int, target: TargetInfo, post: RemotePost
) -> PublicationInfo:
    with db.write("recording the publication") as session:
        row = publication_row(session, article_id, target.id)
        assert row is not None
        row.url, row.remote_slug = post.link, post.slug
        row.remote_status, row.remote_modified = post.status, post.modified_gmt
        return info_of(target.name, row)


def mark_creating(db: Database, plan_: PublishPlan, fields: dict[str, Any], after: str) -> None:
    """Note, before sending it, that a post is being created: should the answer be lost
    (a timeout after WordPress saved it), the next publish looks for that post instead
    of creating a second one."""
    with db.write("recording the publication") as session:
        row = publication_row(session, plan_.article_id, plan_.target.id, create=True)
        assert row is not None
        row.remote_id = ""
        row.details = {"creating": {
            "after": after, "slug": fields.get("slug", ""), "title": fields.get("title", ""),
            "featured_media": fields.get("featured_media", 0),
        }}
