"""Attaching photos to articles: one hero, ordered inline photos, overrides, detach."""

from __future__ import annotations

import pytest

from desk.core import articles, attachments, pages, photos
from desk.core.render import photo_refs
from desk.core.errors import InputError
from tests.photo_factory import agency_jpeg


@pytest.fixture
def setup(db):
    with db.write() as session:
        article = articles.create(session, "Mansu Hill", body="First paragraph.\n\nSecond.")
        ids = []
        for n in range(3):
            photo, _ = photos.store(session, agency_jpeg({110: "AP", 120: f"Caption {n}"},
                                                         width=60 + n, height=40), f"p{n}.jpg")
            ids.append(photo.id)
        return article.id, ids


def roles(db, article_id):
    with db.read() as session:
        return [(a.role, a.photo_id, a.position) for a in attachments.attached(session, article_id)]


def test_hero_is_one_and_replaced(db, setup):
    article_id, (a, b, _) = setup
    with db.write() as session:
        before = attachments.version(session, article_id)
        attachments.set_hero(session, article_id, a, alt="Soldiers", caption="Their caption")
        assert attachments.version(session, article_id) > before
    with db.write() as session:
        hero = attachments.set_hero(session, article_id, b)
    assert roles(db, article_id) == [("hero", b, 0)]
    assert hero.alt_override == "" and hero.caption_override == ""  # described the old photo


def test_inline_reference_order_and_overrides(db, setup):
    article_id, (a, b, c) = setup
    with db.write() as session:
        attachments.set_hero(session, article_id, a)
        first, ref = attachments.add_inline(session, article_id, b)
        second, _ = attachments.add_inline(session, article_id, c)
    assert ref == f"![](photo:{b})"
    assert photo_refs.reference(7, "A [bracketed]\nalt") == "![A bracketed alt](photo:7)"
    assert roles(db, article_id) == [("hero", a, 0), ("inline", b, 0), ("inline", c, 1)]
    with db.write() as session:
        attachments.move_inline(session, second.link_id, 0)
    assert roles(db, article_id) == [("hero", a, 0), ("inline", c, 0), ("inline", b, 1)]
    with db.write() as session:
        with pytest.raises(InputError):
            attachments.move_inline(session, attachments.attached(session, article_id)[0].link_id, 1)
    with db.write() as session:
        attachments.set_overrides(session, first.link_id, caption="Per-article caption", alt="Per-article alt")
        article = articles.get(session, article_id)
        articles.update(session, article, body=article.body + "\n\n" + ref + "\n")
    with db.write() as session:
        html = pages.render_article(session, articles.get(session, article_id))
    # The renderer resolves the body reference with the article's own overrides.
    assert 'alt="Per-article alt"' in html and "Per-article caption" in html


def test_detach_renumbers_and_can_remove_the_reference(db, setup):
    article_id, (a, b, c) = setup
    with db.write() as session:
        one, ref_b = attachments.add_inline(session, article_id, b)
        two, ref_c = attachments.add_inline(session, article_id, c)
        article = articles.get(session, article_id)
        articles.update(session, article, body=f"Intro.\n\n{ref_b}\n\nMiddle.\n\n{ref_c}\n\nEnd.")
    with db.write() as session:
        assert attachments.detach(session, one.link_id, remove_from_body=True) == b
    assert roles(db, article_id) == [("inline", c, 0)]
    with db.read() as session:
        body = articles.get(session, article_id).body
    assert body == f"Intro.\n\nMiddle.\n\n{ref_c}\n\nEnd."
    with db.write() as session:
        attachments.detach(session, two.link_id)  # the body keeps its text unless asked
    with db.read() as session:
        assert ref_c in articles.get(session, article_id).body


def test_remove_reference_is_exact():
    body = "A ![x](photo:12) B ![y](photo:1) C ![z](photo:12 \"cap\")"
    assert photo_refs.remove_reference(body, 1) == "A ![x](photo:12) BC ![z](photo:12 \"cap\")"
    assert photo_refs.has_reference(body, 12) and not photo_refs.has_reference(body, 3)
