"""The pre-publish checklist: every item, with its severity and where to fix it."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from desk.cli.run import main
from desk.core.articles import editing as articles, checklist
from desk.core.photos import records as photos
from desk.core.store.models import ArticlePhoto
from tests.postgres import cli_db


def jpeg(color=(10, 120, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (320, 200), color).save(buf, "JPEG")
    return buf.getvalue()


def codes(db, article_id):
    with db.read() as s:
        return {(i.code, i.severity, i.field) for i in checklist.check(s, articles.get(s, article_id))}


@pytest.fixture
def ready(db):
    """An article with nothing to complain about."""
    with db.write() as s:
        photo, _ = photos.store(s, jpeg(), "lake.jpg")
        photos.update_fields(s, photo.id, credit_line="AFP", alt_text="A lake under a grey sky",
                             caption="A lake. (Photo by A B / AFP)")
        a = articles.create(s, headline="Lake levels fall", byline="Ann Lee", category="World",
                            body="Levels fell, [says the agency](https://example.org/report).")
        a.photo_links.append(ArticlePhoto(photo_id=photo.id, role="hero", position=0))
        s.flush()
        return a.id, photo.id


def test_a_complete_article_has_no_items(db, ready):
    assert codes(db, ready[0]) == set()


def test_missing_fields_block(db):
    with db.write() as s:
        a = articles.create(s, source_name="lindependant.fr")
    found = codes(db, a.id)
    assert ("headline-missing", "block", "headline") in found
    assert ("category-missing", "block", "category") in found
    assert ("byline-missing", "block", "byline") in found
    assert ("source-url-missing", "block", "source_url") in found
    assert ("hero-missing", "warn", "photos") in found


@pytest.mark.parametrize("alt,code", [
    ("", "alt-missing"),
    ("https://cdn.example.org/img/123.jpg", "alt-is-url"),
    ("IMG_1234.JPG", "alt-is-file-name"),
    ("Lake levels fall", "alt-is-headline"),
])
def test_bad_alt_text_blocks(db, ready, alt, code):
    article_id, photo_id = ready
    with db.write() as s:
        photos.update_fields(s, photo_id, alt_text=alt)
    assert (code, "block", f"photo:{photo_id}") in codes(db, article_id)


def test_missing_credit_and_restrictions(db, ready):
    article_id, photo_id = ready
    with db.write() as s:
        photos.update_fields(s, photo_id, credit_line="", caption="", instructions="NO ARCHIVES")
    found = codes(db, article_id)
    assert ("credit-missing", "block", f"photo:{photo_id}") in found
    assert ("photo-restrictions", "warn", f"photo:{photo_id}") in found


def test_limits_links_and_inline_photos(db, ready):
    article_id, _ = ready
    with db.write() as s:
        a = articles.get(s, article_id)
        articles.update(s, a, headline="H" * 200, standfirst="S" * 400,
                        body="[bad](javascript:alert(1)) [www](www.example.org) ![](photo:999)")
    found = codes(db, article_id)
    assert ("headline-too-long", "warn", "headline") in found
    assert ("standfirst-too-long", "warn", "standfirst") in found
    assert ("link-malformed", "block", "body") in found
    assert ("link-malformed", "warn", "body") in found
    assert ("photo-unknown", "block", "body") in found


def test_cli_check_json(db, db_path, ready, capsys):
    article_id, _ = ready
    with db.read() as s:
        slug = articles.get(s, article_id).slug
    assert main(["check", slug, "--json", *cli_db(db_path)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    with db.write() as s:
        articles.update(s, articles.get(s, article_id), byline="")
    assert main(["check", slug, "--json", *cli_db(db_path)]) == 1
    items = json.loads(capsys.readouterr().out)
    assert items == [{"code": "byline-missing", "severity": "block",
                      "message": "The byline is missing.", "field": "byline", "overridden": False}]
