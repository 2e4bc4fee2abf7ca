"""Articles with agency photos for the publishing tests, the benchmark and the screenshot.

Photos are agency-like JPEGs (tests/photo_factory.py) carrying IIM credits, so the
credit line WordPress receives is composed by the real preset, MaxPPP's included.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from desk.core.articles import editing as articles, categories
from desk.core.photos import records as photos
from desk.core.store.db import Database
from desk.core.store.models import ArticlePhoto
from desk.core.publish import targets
from desk.core.publish.credentials import CredentialStore
from tests.photo_factory import iim_block, app13, insert_after_app0

MAXPPP_CAPTION = (
    "Soldiers salute at Mansu Hill in Pyongyang on April 15, 2024, as North Korea marks "
    "the 112th anniversary of the country's founder Kim Il Sung's birth. (Kyodo) ==Kyodo"
)
MAXPPP_LINE = (
    "©Kyodo/MAXPPP - 15/04/2024 ; " + MAXPPP_CAPTION
    + " (MaxPPP TagID: maxnewsworldsix198966.jpg) [Photo via MaxPPP]"
)


def picture(width: int, height: int, seed: int) -> bytes:
    """A JPEG with some drawing on it (a flat colour would look broken in a screenshot)."""
    image = Image.new("RGB", (width, height), (40 + 60 * seed % 200, 90, 140))
    draw = ImageDraw.Draw(image)
    for i in range(0, width + height, 48):
        draw.line([(i, 0), (i - height, height)], fill=(230, 200 - 30 * seed % 200, 80), width=14)
    draw.ellipse([width // 3, height // 4, 2 * width // 3, 3 * height // 4], fill=(250, 240, 220))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def agency_photo(width: int, height: int, seed: int, iim: dict[int, str]) -> bytes:
    return insert_after_app0(picture(width, height, seed), [app13(iim_block(iim))])


def maxppp_photo(seed: int = 0, width: int = 1200, height: int = 800, ref: str = "") -> bytes:
    return agency_photo(width, height, seed, {
        110: "Kyodo/MAXPPP",
        55: "20240415",
        120: MAXPPP_CAPTION,
        103: ref or "maxnewsworldsix198966.jpg",
    })


def afp_photo(seed: int = 1, width: int = 1000, height: int = 700, caption: str = "") -> bytes:
    return agency_photo(width, height, seed, {
        110: "AFP",
        80: "Ed Jones",
        55: "20240415",
        120: caption or f"People lay flowers at the statues in Pyongyang. {uuid.uuid4().hex[:6]}",
    })


@dataclass
class Made:
    article_id: int
    slug: str
    hero_id: int
    inline_ids: list[int]
    hero_credit: str  # the composed credit line of the hero
    ref: str  # the hero's MaxPPP reference (unique, so each article has its own photo)


def make_article(
    db: Database,
    headline: str = "",
    *,
    category: str = "World > Asia",
    tags: tuple[str, ...] = ("North Korea", "Pyongyang"),
    inline: int = 1,
    alt: bool = True,
    standfirst: str = "Ceremonies across Pyongyang for the 112th anniversary.",
    slug: str | None = None,
    size: tuple[int, int] | None = None,
    **fields: object,
) -> Made:
    """An article with a MaxPPP hero and `inline` AFP photos shown in the body;
    `size` makes every photo that big (agency originals are 3000 px and more)."""
    fields.setdefault("byline", "Jane Reporter")
    hero_size = size or (1200, 800)
    inline_size = size or (1000, 700)
    headline = headline or f"North Korea marks the Day of the Sun {uuid.uuid4().hex[:6]}"
    with db.write() as session:
        # Unique bytes per article: the same photo twice would be stored once.
        ref = f"maxnews{uuid.uuid4().hex[:8]}.jpg"
        hero, _ = photos.store(session, maxppp_photo(0, *hero_size, ref=ref), "mansu-hill.jpg")
        inline_photos = [
            photos.store(session, afp_photo(i + 1, *inline_size), f"flowers-{i}.jpg")[0]
            for i in range(inline)
        ]
        if alt:
            photos.update_fields(session, hero.id,
                                 alt_text="Rows of soldiers saluting in front of the statues")
            for p in inline_photos:
                photos.update_fields(session, p.id, alt_text="A crowd laying flowers")
        figures = "\n\n".join(
            f"![](photo:{p.id})\n\nMore paragraphs after photo {n}." for n, p in
            enumerate(inline_photos, 1)
        )
        body = (
            'North Korea marked the "Day of the Sun" on Monday with ceremonies.\n\n'
            "## A day of ceremonies\n\n" + figures + "\n\nThe end."
        )
        cat = categories.by_path(session, category, create=True) if category else None
        extra = {"slug": slug} if slug else {}
        article = articles.create(
            session, headline, body=body, standfirst=standfirst,
            category_id=cat.id if cat else None, tags=list(tags), **extra, **fields,
        )
        article.photo_links.append(ArticlePhoto(role="hero", position=0, photo_id=hero.id))
        for n, p in enumerate(inline_photos):
            article.photo_links.append(ArticlePhoto(role="inline", position=n, photo_id=p.id))
        session.flush()
        return Made(article.id, article.slug, hero.id, [p.id for p in inline_photos],
                    photos.credit_text(hero), ref)


def add_target(
    db: Database, store: CredentialStore, url: str, user: str, password: str,
    name: str = "site",
) -> None:
    with db.write() as session:
        targets.add(session, name, url, user, password, store=store)


def temporary_store(directory: Path) -> CredentialStore:
    return CredentialStore(directory=directory, use_keyring=False)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CredentialStore:
    """A credential store in the test's folder, used by `desk target` and the publisher."""
    made = temporary_store(tmp_path / "credentials")
    monkeypatch.setattr(targets, "credential_store", lambda: made)
    return made


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process: (exit status, stdout, stderr)."""
    from desk.cli.run import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
