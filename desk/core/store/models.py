"""The editorial data model: every table Desk keeps, as SQLAlchemy 2 typed models.

Portable SQL only: no SQLite-only types or constructs here (see desk/core/store/sqlite.py for
what is). Times are stored as naive UTC and handed out as aware UTC (UTCDateTime).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    mapped_column,
    relationship,
)

from desk.core.articles.statuses import STATUSES  # noqa: F401  (re-exported: models.STATUSES)

PHOTO_ROLES = ("hero", "inline")

# Stable constraint names so Alembic migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out, naive UTC in the column.

    SQLite has no time zones and PostgreSQL's ``timestamptz`` converts on the way out;
    storing naive UTC behaves the same on both.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: Desk stores only aware UTC times")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Category(Base):
    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_categories_parent_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Category | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position"
    )

    def path(self) -> list[Category]:
        """Root first, this category last."""
        chain: list[Category] = []
        node: Category | None = self
        while node is not None and len(chain) < 64:  # a cycle can never hang us
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def path_names(self) -> str:
        return " > ".join(c.name for c in self.path())


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)


class ArticleTag(Base):
    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    tag: Mapped[Tag] = relationship(lazy="joined")


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'review', 'ready', 'published', 'archived')", name="status"
        ),
        Index("ix_articles_live_updated", "deleted_at", "updated_at"),
        Index("ix_articles_live_status_updated", "deleted_at", "status", "updated_at"),
        Index("ix_articles_live_category_updated", "deleted_at", "category_id", "updated_at"),
        Index("ix_articles_live_headline", "deleted_at", "headline"),
        Index("ix_articles_category_published", "category_id", "status", "published_at"),
        Index("ix_articles_published_at", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    headline: Mapped[str] = mapped_column(Text, default="")
    slug: Mapped[str] = mapped_column(String(300), unique=True)
    # True once the editor typed a slug: it then stops following the headline.
    slug_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    standfirst: Mapped[str] = mapped_column(Text, default="")
    # Stored as the table's last column (see the migration): list scans skip it.
    body: Mapped[str] = mapped_column(Text, default="", deferred=True)
    byline: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL")
    )
    source_name: Mapped[str] = mapped_column(String(300), default="")
    source_url: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    published_at: Mapped[dt.datetime | None]
    scheduled_at: Mapped[dt.datetime | None]
    # Set when the article is in the trash; cleared when restored.
    deleted_at: Mapped[dt.datetime | None]
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    # The article's own BCP 47 tag; None follows the site's language (article_language).
    # Added after the body (migration 0004), so deferred: a list that loads articles does
    # not walk every body's overflow pages to reach it.
    language: Mapped[str | None] = mapped_column(String(35), deferred=True)
    # Optimistic concurrency: every UPDATE checks and bumps it.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    category: Mapped[Category | None] = relationship(lazy="joined")
    tag_links: Mapped[list[ArticleTag]] = relationship(
        order_by="ArticleTag.position", cascade="all, delete-orphan"
    )
    photo_links: Mapped[list[ArticlePhoto]] = relationship(
        order_by="(ArticlePhoto.role, ArticlePhoto.position)",
        cascade="all, delete-orphan",
        back_populates="article",
    )
    related_links: Mapped[list[RelatedArticle]] = relationship(
        foreign_keys="RelatedArticle.article_id",
        order_by="RelatedArticle.position",
        cascade="all, delete-orphan",
    )

    @property
    def tags(self) -> list[str]:
        return [link.tag.name for link in self.tag_links]

    @property
    def hero(self) -> ArticlePhoto | None:
        return next((p for p in self.photo_links if p.role == "hero"), None)


class RelatedArticle(Base):
    """An article the editor pinned as related to another, in display order."""

    __tablename__ = "related_articles"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    related_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    related: Mapped[Article] = relationship(foreign_keys=[related_id])


class Revision(Base):
    """A full snapshot of an article (fields, tags, photos, related) at one moment."""

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_article_created", "article_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    author: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    article_version: Mapped[int] = mapped_column(Integer, default=0)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)


class Preset(Base):
    """An agency's convention: a template over credit fields that yields the credit line."""

    __tablename__ = "presets"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    template: Mapped[str] = mapped_column(Text)
    # Credit-line / source patterns that select this preset automatically.
    match: Mapped[list[Any]] = mapped_column(JSON, default=list)
    date_format: Mapped[str] = mapped_column(String(64), default="%Y-%m-%d")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Photo(Base):
    """A photo and its structured credit. The original bytes live in PhotoBlob."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    original_filename: Mapped[str] = mapped_column(String(500), default="")
    format: Mapped[str] = mapped_column(String(16))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer, default=0)
    orientation: Mapped[int] = mapped_column(Integer, default=1)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    # Credit fields, as delivered unless the editor changed them.
    creator: Mapped[list[Any]] = mapped_column(JSON, default=list)
    creator_title: Mapped[str] = mapped_column(String(200), default="")
    credit_line: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    distributor: Mapped[str] = mapped_column(String(200), default="")
    copyright_notice: Mapped[str] = mapped_column(Text, default="")
    caption: Mapped[str] = mapped_column(Text, default="")
    signoff: Mapped[str] = mapped_column(String(200), default="")
    # ISO 8601, possibly partial ("2024-04-15" or "2024-04-15T09:30:00+09:00").
    date_created: Mapped[str] = mapped_column(String(40), default="")
    agency_ref: Mapped[str] = mapped_column(String(200), default="")
    instructions: Mapped[str] = mapped_column(Text, default="")
    usage_terms: Mapped[str] = mapped_column(Text, default="")
    headline: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(200), default="")
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list)
    alt_text: Mapped[str] = mapped_column(Text, default="")
    preset_id: Mapped[int | None] = mapped_column(ForeignKey("presets.id", ondelete="SET NULL"))
    # When set, shown instead of the composed line: the editor's word always wins.
    credit_override: Mapped[str] = mapped_column(Text, default="")
    # field -> "iim" | "xmp" | "exif" | "editor"
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)

    preset: Mapped[Preset | None] = relationship(lazy="joined")
    blob: Mapped[PhotoBlob] = relationship(
        lazy="raise", cascade="all, delete-orphan", back_populates="photo"
    )


class PhotoBlob(Base):
    """Original bytes, untouched. A table of its own so lists never load them."""

    __tablename__ = "photo_blobs"

    photo_id: Mapped[int] = mapped_column(
        ForeignKey("photos.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)

    photo: Mapped[Photo] = relationship(back_populates="blob")


class Rendition(Base):
    """A derived image: a library thumbnail or a web size, with the credit embedded."""

    __tablename__ = "renditions"
    __table_args__ = (
        UniqueConstraint("photo_id", "kind", "width", "format", name="uq_renditions_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    photo_id: Mapped[int] = mapped_column(ForeignKey("photos.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "thumb" | "web"
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(16))
    # Which credit the embedded metadata carries: stale renditions are remade.
    credit_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class ArticlePhoto(Base):
    """A photo used by an article, as its hero (position 0, only one) or inline."""

    __tablename__ = "article_photos"
    __table_args__ = (
        # hero is always position 0, so this also allows only one hero per article.
        UniqueConstraint("article_id", "role", "position", name="uq_article_photos_slot"),
        CheckConstraint("role IN ('hero', 'inline')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    photo_id: Mapped[int] = mapped_column(
        ForeignKey("photos.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    caption_override: Mapped[str] = mapped_column(Text, default="")
    alt_override: Mapped[str] = mapped_column(Text, default="")

    article: Mapped[Article] = relationship(back_populates="photo_links")
    photo: Mapped[Photo] = relationship(lazy="joined")


class Setting(Base):
    """Site settings and preferences, one JSON value per key (see desk/core/site/settings.py)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class PublishTarget(Base):
    """A website Desk publishes to. The password is never here (keyring or a user file)."""

    __tablename__ = "publish_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="wordpress")
    base_url: Mapped[str] = mapped_column(Text)
    username: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Publication(Base):
    """Where an article was published and what the remote side said about it."""

    __tablename__ = "publications"
    __table_args__ = (
        UniqueConstraint("article_id", "target_id", name="uq_publications_article_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(
        ForeignKey("publish_targets.id", ondelete="CASCADE"), index=True
    )
    remote_id: Mapped[str] = mapped_column(String(100), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    remote_slug: Mapped[str] = mapped_column(String(300), default="")
    remote_status: Mapped[str] = mapped_column(String(32), default="")
    remote_modified: Mapped[str] = mapped_column(String(40), default="")
    published_at: Mapped[dt.datetime | None]
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revisions.id", ondelete="SET NULL")
    )
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RemoteMedia(Base):
    """A photo uploaded to a target: uploaded once per photo per target."""

    __tablename__ = "remote_media"
    __table_args__ = (UniqueConstraint("photo_id", "target_id", name="uq_remote_media_photo"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    photo_id: Mapped[int] = mapped_column(ForeignKey("photos.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(
        ForeignKey("publish_targets.id", ondelete="CASCADE"), index=True
    )
    remote_id: Mapped[str] = mapped_column(String(100))
    source_url: Mapped[str] = mapped_column(Text, default="")
    credit_hash: Mapped[str] = mapped_column(String(64), default="")
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RenderCache(Base):
    """The rendered page of an article at one version, so unchanged articles are not
    rendered again by lists, export or related cards."""

    __tablename__ = "render_cache"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    article_version: Mapped[int] = mapped_column(Integer)
    # Hash of everything else the page depends on (templates, settings, related, photos).
    context_hash: Mapped[str] = mapped_column(String(64))
    html: Mapped[str] = mapped_column(Text, deferred=True)


class ImportSource(Base):
    """The Markdown file an article was imported from: a file without ``slug:`` updates
    the article it made before, and an unchanged file (same bytes) is recognised."""

    __tablename__ = "import_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The file's absolute path, as resolved when it was imported.
    path: Mapped[str] = mapped_column(Text, unique=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ImportRun(Base):
    """One ``desk import`` that writes in batches: until it is done, its batches' undo
    records let it be taken back as one (after an error, or a kill: see importer.py)."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    host: Mapped[str] = mapped_column(String(255), default="")
    pid: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(16), default="running")  # running | done | undone


class ImportUndo(Base):
    """What one batch of an import run changed, enough to put it back."""

    __tablename__ = "import_undo"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id", ondelete="CASCADE"), index=True)
    batch: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class PersonalWord(Base):
    """A word one user added to their dictionary (spell check accepts it everywhere)."""

    __tablename__ = "personal_words"

    user: Mapped[str] = mapped_column(String(255), primary_key=True)
    word: Mapped[str] = mapped_column(String(255), primary_key=True)


class ArticleSpelling(Base):
    """Per article: a second language it is checked in, and the words ignored in it."""

    __tablename__ = "article_spelling"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    extra_language: Mapped[str] = mapped_column(String(35), default="")
    ignored: Mapped[Any] = mapped_column(JSON, default=list)
