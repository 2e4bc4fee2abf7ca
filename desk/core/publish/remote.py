"""What WordPress answers, as typed values, and the checks on what it kept.

Ids to keep after publishing: the post's `id`, `link`, `slug` and `modified_gmt`; the
photo's `id` and `source_url` (`guid` is not stable).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from desk.core.publish import errors

# A post's status may legitimately flip between these two: WordPress makes a "publish"
# with a future date "future", and a "future" whose date has passed "publish".
_DATE_DRIVEN = frozenset({"publish", "future"})


@dataclass(frozen=True)
class SiteInfo:
    url: str
    api_root: str
    name: str
    user_id: int
    user_name: str
    roles: tuple[str, ...]
    can_publish: bool
    can_upload: bool


@dataclass(frozen=True)
class Term:
    id: int
    name: str  # unescaped: "Arts & Culture", not "Arts &amp; Culture"
    slug: str
    parent: int
    link: str
    taxonomy: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Term:
        return cls(
            id=int(data["id"]),
            name=html.unescape(str(data.get("name", ""))),
            slug=str(data.get("slug", "")),
            parent=int(data.get("parent") or 0),
            link=str(data.get("link", "")),
            taxonomy=str(data.get("taxonomy", "")),
        )


@dataclass(frozen=True)
class RemoteMedia:
    id: int
    source_url: str  # stable; `guid` is not
    link: str
    mime_type: str
    title: str
    caption: str  # raw values when the answer had them (context=edit)
    alt_text: str
    description: str
    width: int | None
    height: int | None
    data: Mapping[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RemoteMedia:
        details = data.get("media_details") or {}
        return cls(
            id=int(data["id"]),
            source_url=str(data.get("source_url", "")),
            link=str(data.get("link", "")),
            mime_type=str(data.get("mime_type", "")),
            title=raw_text(data.get("title")),
            caption=raw_text(data.get("caption")),
            alt_text=str(data.get("alt_text", "")),
            description=raw_text(data.get("description")),
            width=details.get("width") if isinstance(details, dict) else None,
            height=details.get("height") if isinstance(details, dict) else None,
            data=data,
        )


@dataclass(frozen=True)
class RemotePost:
    id: int
    link: str  # a draft's link is /?p=ID; the permalink exists once published
    slug: str
    status: str
    title: str
    date_gmt: str
    modified_gmt: str  # compare before updating to notice edits made on the site
    featured_media: int
    categories: tuple[int, ...]
    tags: tuple[int, ...]
    data: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def slug_text(self) -> str:
        """The slug as readable text: WordPress keeps non-Latin slugs percent-encoded."""
        return unquote(self.slug)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RemotePost:
        return cls(
            id=int(data["id"]),
            link=str(data.get("link", "")),
            slug=str(data.get("slug", "")),
            status=str(data.get("status", "")),
            title=raw_text(data.get("title")),
            date_gmt=str(data.get("date_gmt") or ""),
            modified_gmt=str(data.get("modified_gmt") or ""),
            featured_media=int(data.get("featured_media") or 0),
            categories=tuple(int(i) for i in data.get("categories") or ()),
            tags=tuple(int(i) for i in data.get("tags") or ()),
            data=data,
        )


def raw_text(value: Any) -> str:
    """The raw text of a {raw, rendered} field, else the rendered one, else the string."""
    if isinstance(value, dict):
        if "raw" in value:
            return str(value["raw"])
        return str(value.get("rendered", ""))
    return "" if value is None else str(value)


def wp_datetime(value: dt.datetime | str) -> str:
    """A date for `date_gmt`: UTC, no offset, whole seconds, as WordPress echoes it back.

    Naive values are taken as UTC (Desk stores naive UTC); ISO strings with an offset
    or "Z" are converted.
    """
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat()


def same_term_name(a: str, b: str) -> bool:
    # MySQL's default collation compares term names case-insensitively.
    return " ".join(html.unescape(a).split()).casefold() == " ".join(b.split()).casefold()


def post_body(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON body for a post from Desk's fields, in the forms WordPress echoes back."""
    body = dict(fields)
    if body.get("date_gmt"):
        body["date_gmt"] = wp_datetime(body["date_gmt"])
    if "date" in body:
        # The site's local time zone is unknown here; only UTC is unambiguous.
        raise ValueError("send date_gmt (UTC), not date")
    for key in ("categories", "tags"):
        if key in body:
            body[key] = [int(i) for i in body[key]]
    if "featured_media" in body:
        body["featured_media"] = int(body["featured_media"] or 0)
    return body


def verify_media(media: RemoteMedia, sent: Mapping[str, str]) -> None:
    """ResponseMismatch when a caption or alt text we sent did not survive."""
    for key, got in (("caption", media.caption), ("alt_text", media.alt_text)):
        if sent.get(key, "").strip() and not got.strip():
            raise errors.ResponseMismatch(
                f"WordPress stored the photo (media {media.id}) without its "
                f"{key.replace('_', ' ')}. Edit the photo's texts and publish again.",
                remote_id=media.id,
                detail=f"sent {key}={sent[key]!r}",
            )


def verify_post(post: RemotePost, sent: Mapping[str, Any]) -> None:
    """ResponseMismatch when WordPress dropped the photo, terms, status or date we sent."""
    problems: list[str] = []
    if "featured_media" in sent and post.featured_media != sent["featured_media"]:
        problems.append(
            f"the featured photo (media {sent['featured_media']}) was not attached; "
            "it may have been deleted from the media library"
        )
    for key, label in (("categories", "categories"), ("tags", "tags")):
        if key in sent:
            dropped = sorted(set(sent[key]) - set(getattr(post, key)))
            if dropped:
                problems.append(
                    f"{label} {', '.join(map(str, dropped))} were dropped; they may "
                    "have been deleted on the site"
                )
    wanted = sent.get("status")
    if wanted and post.status != wanted and not (
        {wanted, post.status} <= _DATE_DRIVEN
    ):
        problems.append(f"the status is “{post.status}”, not “{wanted}”")
    if sent.get("date_gmt") and post.date_gmt and post.date_gmt != sent["date_gmt"]:
        problems.append(f"the date is {post.date_gmt} UTC, not {sent['date_gmt']}")
    if problems:
        raise errors.ResponseMismatch(
            f"WordPress saved the post (id {post.id}) but " + "; ".join(problems)
            + ". Check the article's photo, categories and tags, then publish again.",
            remote_id=post.id,
            detail=f"post {post.id}: {problems}",
        )
