"""Publishing articles to a real throw-away WordPress (tests/wordpress/fixtures.py).

Skipped, with the fixture's message, where the Debian packages are missing.
"""

from __future__ import annotations

import datetime as dt
import html
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from desk.core import articles, photos
from desk.core.db import Database
from desk.core.models import Publication, RemoteMedia, Revision
from desk.core.publish import errors, publisher, targets
from desk.core.publish.credentials import CredentialStore
from desk.core.publish.wordpress import WordPressClient
from tests.publish_support import MAXPPP_LINE, add_target, make_article, temporary_store
from tests.wordpress.fixtures import wordpress  # noqa: F401 - the session fixture
from tests.wordpress.server import WordPressServer

pytestmark = pytest.mark.wordpress


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CredentialStore:
    made = temporary_store(tmp_path / "credentials")
    monkeypatch.setattr(targets, "credential_store", lambda: made)
    return made


@pytest.fixture
def site(db: Database, store: CredentialStore, wordpress: WordPressServer) -> str:  # noqa: F811
    add_target(db, store, wordpress.url, wordpress.user, wordpress.app_password)
    return "site"


@pytest.fixture
def wp(wordpress: WordPressServer) -> Iterator[WordPressClient]:  # noqa: F811
    with WordPressClient(wordpress.url, wordpress.user, wordpress.app_password) as client:
        yield client


def rest(wordpress: WordPressServer, route: str, **params: object) -> requests.Response:  # noqa: F811
    """A request as the editor, outside Desk's client (to see what the site holds)."""
    session = requests.Session()
    session.trust_env = False
    return session.get(
        f"{wordpress.url}/wp-json/{route}", params=params,
        auth=(wordpress.user, wordpress.app_password), timeout=30,
    )


def media_count(wordpress: WordPressServer) -> int:  # noqa: F811
    return int(rest(wordpress, "wp/v2/media", per_page=1).headers["X-WP-Total"])


def posts_with_title(wordpress: WordPressServer, title: str) -> list[dict]:  # noqa: F811
    found = rest(wordpress, "wp/v2/posts", search=title, status="draft,publish,future",
                 context="edit", per_page=100).json()
    return [p for p in found if p["title"]["raw"] == title]


def publication(db: Database, article_id: int) -> publisher.PublicationInfo:
    found = publisher.recorded(db, article_id, "site")
    assert found is not None
    return found


# -- create ----------------------------------------------------------------------------


def test_create_with_hero_inline_category_and_tags(
    db: Database, site: str, wordpress: WordPressServer, wp: WordPressClient  # noqa: F811
) -> None:
    made = make_article(db, inline=1)
    result = publisher.publish(db, made.article_id, site, status="publish")

    assert result.created and result.status == "publish"
    assert result.uploaded == 2 and set(result.media) == {made.hero_id, *made.inline_ids}
    post = rest(wordpress, f"wp/v2/posts/{result.remote_id}", context="edit").json()
    assert post["featured_media"] == result.media[made.hero_id]
    assert post["excerpt"]["raw"] == "Ceremonies across Pyongyang for the 112th anniversary."
    # The inline figure points at the uploaded file, with its own credit line.
    inline_media = wp.get_media(result.media[made.inline_ids[0]])
    content = post["content"]["raw"]
    assert f'src="{inline_media.source_url}"' in content
    assert "/media/" not in content and "data-src-line" not in content
    assert '<span class="credit">' in content and "(Photo by Ed Jones / AFP)" in content
    # Category World > Asia, with its parent, and the tags.
    asia = rest(wordpress, f"wp/v2/categories/{post['categories'][0]}").json()
    world = rest(wordpress, f"wp/v2/categories/{asia['parent']}").json()
    assert (world["name"], asia["name"], world["parent"]) == ("World", "Asia", 0)
    names = {rest(wordpress, f"wp/v2/tags/{t}").json()["name"] for t in post["tags"]}
    assert names == {"North Korea", "Pyongyang"}
    # What Desk recorded is what WordPress answered.
    row = publication(db, made.article_id)
    assert (row.remote_id, row.link, row.slug, row.status) == (
        result.remote_id, post["link"], post["slug"], "publish")
    assert row.modified_gmt == post["modified_gmt"]
    assert row.link.startswith(f"{wordpress.url}/20") and row.link.endswith(f"/{made.slug}/")
    with db.read() as session:
        revision = session.get(Revision, row.revision_id)
        assert revision is not None and revision.article_id == made.article_id


def test_featured_image_has_the_credit_as_caption_and_the_alt_text(
    db: Database, site: str, wordpress: WordPressServer  # noqa: F811
) -> None:
    made = make_article(db, inline=0)
    result = publisher.publish(db, made.article_id, site, status="publish")

    embedded = rest(wordpress, f"wp/v2/posts/{result.remote_id}", _embed="1").json()
    featured = embedded["_embedded"]["wp:featuredmedia"][0]
    assert featured["alt_text"] == "Rows of soldiers saluting in front of the statues"
    assert made.hero_credit == MAXPPP_LINE.replace("maxnewsworldsix198966.jpg", made.ref)
    media = rest(wordpress, f"wp/v2/media/{featured['id']}", context="edit").json()
    assert media["caption"]["raw"] == made.hero_credit
    # Displayed, WordPress "texturizes" it (' - ' becomes an en dash, ' a curly quote);
    # the stored caption above is exact.
    shown = html.unescape(featured["caption"]["rendered"])
    assert "Kim Il Sung’s birth. (Kyodo) ==Kyodo (MaxPPP TagID: " in shown
    assert shown.strip().startswith("<p>©Kyodo/MAXPPP") and "[Photo via MaxPPP]" in shown
    # The permalink answers; what a theme would draw is checked by the screenshot script,
    # since Debian's WordPress has no theme of its own.
    page = requests.Session()
    page.trust_env = False
    assert page.get(result.link, timeout=30).status_code == 200
