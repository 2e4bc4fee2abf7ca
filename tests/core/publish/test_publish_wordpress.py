"""Publishing articles to a real throw-away WordPress (tests/wordpress/fixtures.py).

Skipped, with the fixture's message, where the Debian packages are missing.
"""

from __future__ import annotations

import datetime as dt
import html
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from desk.core.articles import editing as articles
from desk.core.photos import records as photos
from desk.core.store.db import Database
from desk.core.store.models import RemoteMedia, Revision
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
    assert publisher.publications(db, made.article_id) == [row]


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
    # The permalink page. Debian's WordPress ships no theme: without one (package
    # wordpress-theme-twentytwentyone, which .ci/wordpress-packages installs) the page
    # is empty and the REST answer above is all there is to see.
    browser = requests.Session()
    browser.trust_env = False
    page = browser.get(result.link, timeout=30)
    assert page.status_code == 200
    if wordpress.php("echo wp_get_theme()->exists() ? 'theme' : 'none';") == "theme":
        shown = html.unescape(page.text)
        assert 'alt="Rows of soldiers saluting in front of the statues"' in shown
        caption = shown.split('<figcaption class="wp-caption-text">', 1)[1].split("</figcaption>")[0]
        assert caption.startswith("©Kyodo/MAXPPP")
        assert caption.endswith(f"(MaxPPP TagID: {made.ref}) [Photo via MaxPPP]")


# -- update, never duplicate -----------------------------------------------------------


def test_publishing_again_updates_the_same_post_and_media(
    db: Database, site: str, wordpress: WordPressServer, wp: WordPressClient  # noqa: F811
) -> None:
    made = make_article(db, inline=1)
    first = publisher.publish(db, made.article_id, site, status="publish")
    media_before = media_count(wordpress)

    with db.write() as session:
        article = articles.get(session, made.article_id)
        articles.update(session, article, headline=article.headline + " (updated)",
                        body=article.body + "\n\nA late paragraph.")
        title = article.headline
    second = publisher.publish(db, made.article_id, site, status="publish")

    assert second.remote_id == first.remote_id and not second.created
    assert second.media == first.media and second.uploaded == 0
    assert media_count(wordpress) == media_before
    assert len(posts_with_title(wordpress, title)) == 1
    post = wp.get_post(first.remote_id)
    assert post.title == title and "A late paragraph." in post.data["content"]["raw"]
    assert publication(db, made.article_id).modified_gmt == post.modified_gmt


def test_a_corrected_credit_updates_the_uploaded_photo_in_place(
    db: Database, site: str, wordpress: WordPressServer, wp: WordPressClient  # noqa: F811
) -> None:
    made = make_article(db, inline=0)
    first = publisher.publish(db, made.article_id, site, status="publish")
    media_before = media_count(wordpress)
    with db.write() as session:
        photos.update_fields(session, made.hero_id, credit_override="©Kyodo/MAXPPP (corrected)")

    with db.write() as session:
        plan = publisher.plan(session, articles.get(session, made.article_id),
                              targets.get(session, site), "publish")
    assert [m.action for m in plan.media] == ["update"]

    second = publisher.publish(db, made.article_id, site, status="publish")
    assert second.updated_media == 1 and second.uploaded == 0
    assert second.media == first.media and media_count(wordpress) == media_before
    assert wp.get_media(first.media[made.hero_id]).caption == "©Kyodo/MAXPPP (corrected)"


def test_the_slug_wordpress_gives_is_recorded(
    db: Database, site: str, wp: WordPressClient  # noqa: F811
) -> None:
    made = make_article(db, inline=0)
    # A post already on the site holds the slug: WordPress gives ours "-2".
    wp.create_post({"title": "Someone else's post", "slug": made.slug, "status": "publish"})
    result = publisher.publish(db, made.article_id, site, status="publish")
    assert result.slug == f"{made.slug}-2"
    row = publication(db, made.article_id)
    assert row.slug == f"{made.slug}-2" and row.link.endswith(f"/{made.slug}-2/")


def test_non_latin_title_and_slug(
    db: Database, site: str, wp: WordPressClient  # noqa: F811
) -> None:
    made = make_article(db, "평양에서 열린 기념식 " + made_suffix(), category="세계 > 아시아",
                        tags=("북한",))
    assert not made.slug.isascii()
    result = publisher.publish(db, made.article_id, site, status="publish")
    post = wp.get_post(result.remote_id)
    assert post.title.startswith("평양에서 열린 기념식")
    # WordPress keeps non-Latin slugs percent-encoded; Desk records what it returned.
    assert urllib.parse.unquote(result.slug) == made.slug
    assert publication(db, made.article_id).slug == post.slug
    category = wp.find_category("아시아", wp.find_category("세계").id)
    assert category is not None and list(post.categories) == [category.id]


def made_suffix() -> str:
    return uuid.uuid4().hex[:6]


# -- dry run and refusals ---------------------------------------------------------------


def test_the_plan_says_what_will_be_created(
    db: Database, site: str, wp: WordPressClient, wordpress: WordPressServer  # noqa: F811
) -> None:
    category = f"Plans {made_suffix()} > Sub"
    made = make_article(db, inline=1, category=category, tags=("North Korea", "Brand new tag " + made_suffix()))
    before = media_count(wordpress)
    with db.write() as session:
        plan = publisher.plan(session, articles.get(session, made.article_id),
                              targets.get(session, site), "publish", client=wp)
    assert plan.action == "create" and not plan.problems
    assert plan.new_categories == [category.split(" > ")[0], category]
    assert plan.new_tags == [plan.tags[1]]
    assert [m.action for m in plan.media] == ["upload", "upload"]
    assert plan.media[0].caption == made.hero_credit
    text = "\n".join(plan.describe())
    assert "Create a new post" in text and "(new)" in text and "upload mansu-hill-1200.jpg" in text
    assert media_count(wordpress) == before  # a dry run sends nothing


def test_publishing_needs_alt_text_on_every_photo(
    db: Database, site: str, wordpress: WordPressServer  # noqa: F811
) -> None:
    made = make_article(db, inline=1, alt=False)
    before = media_count(wordpress)
    with pytest.raises(errors.NotReady) as caught:
        publisher.publish(db, made.article_id, site, status="publish")
    assert "no alt text" in str(caught.value) and len(caught.value.problems) == 2
    assert media_count(wordpress) == before
    # A draft is not public: it may go without, and the plan says what to fix.
    result = publisher.publish(db, made.article_id, site, status="draft")
    assert result.status == "draft" and "?p=" in result.link


def test_a_wrong_password_is_reported_and_nothing_is_sent(
    db: Database, store: CredentialStore, wordpress: WordPressServer  # noqa: F811
) -> None:
    add_target(db, store, wordpress.url, wordpress.user, "abcd efgh ijkl mnop qrst uvwx",
               name="bad")
    made = make_article(db, inline=0)
    before = media_count(wordpress)
    with pytest.raises(errors.WrongPassword) as caught:
        publisher.publish(db, made.article_id, "bad", status="publish")
    assert "did not accept" in str(caught.value)
    assert media_count(wordpress) == before
    with db.read() as session:
        info = targets.info_of(targets.get(session, "bad"))
    with pytest.raises(errors.WrongPassword):
        targets.test_connection(info, store)


# -- conflicts and things gone -----------------------------------------------------------


def test_an_edit_on_the_site_is_not_overwritten_silently(
    db: Database, site: str, wp: WordPressClient, wordpress: WordPressServer  # noqa: F811
) -> None:
    made = make_article(db, inline=0)
    first = publisher.publish(db, made.article_id, site, status="publish")
    recorded_before = publication(db, made.article_id).modified_gmt
    wp.update_post(first.remote_id, {"title": "Edited on the site"})

    with pytest.raises(errors.RemoteChanged) as caught:
        publisher.publish(db, made.article_id, site, status="publish")
    differences = caught.value.differences
    assert set(differences) == {"title"}
    assert differences["title"][0] == "Edited on the site"
    assert differences["title"][1].startswith("North Korea marks the Day of the Sun")
    assert wp.get_post(first.remote_id).title == "Edited on the site"  # untouched
    assert publication(db, made.article_id).modified_gmt == recorded_before

    second = publisher.publish(db, made.article_id, site, status="publish", overwrite=True)
    assert second.remote_id == first.remote_id
    assert wp.get_post(first.remote_id).title.startswith("North Korea marks")


def test_an_interrupted_publish_resumes_without_uploading_twice(
    db: Database, site: str, wordpress: WordPressServer, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    made = make_article(db, inline=2)
    before = media_count(wordpress)

    def cut(self: WordPressClient, fields: object) -> None:
        raise errors.SiteTimeout("The connection dropped.")

    with monkeypatch.context() as patch:
        patch.setattr(WordPressClient, "create_post", cut)
        with pytest.raises(errors.SiteTimeout):
            publisher.publish(db, made.article_id, site, status="publish")
    assert media_count(wordpress) == before + 3
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(RemoteMedia).where(
            RemoteMedia.photo_id.in_([made.hero_id, *made.inline_ids]))) == 3
    assert publisher.recorded(db, made.article_id, site) is None

    result = publisher.publish(db, made.article_id, site, status="publish")
    assert result.created and result.uploaded == 0 and len(result.media) == 3
    assert media_count(wordpress) == before + 3


@pytest.mark.parametrize("force", [True, False], ids=["deleted", "trashed"])
def test_a_post_deleted_on_the_site_is_created_again_when_asked(
    db: Database, site: str, wp: WordPressClient, force: bool  # noqa: F811
) -> None:
    made = make_article(db, inline=0)
    first = publisher.publish(db, made.article_id, site, status="publish")
    wp.delete_post(first.remote_id, force=force)

    with pytest.raises(errors.PostGone) as caught:
        publisher.publish(db, made.article_id, site, status="publish")
    assert caught.value.in_trash is (not force)
    again = publisher.publish(db, made.article_id, site, status="publish", recreate=True)
    assert again.created and again.remote_id != first.remote_id
    assert again.media == first.media and again.uploaded == 0
    assert publication(db, made.article_id).remote_id == again.remote_id


# -- scheduling, unpublishing, status ----------------------------------------------------


def test_scheduled_publishing_sends_utc(
    db: Database, site: str, wp: WordPressClient, wordpress: WordPressServer  # noqa: F811
) -> None:
    wordpress.php("update_option('timezone_string', 'Asia/Tokyo');")
    try:
        when = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)).replace(
            minute=30, second=0, microsecond=0)
        made = make_article(db, inline=0, scheduled_at=when)
        result = publisher.publish(db, made.article_id, site, status="future")
        post = wp.get_post(result.remote_id)
        assert post.status == "future" == result.status
        assert post.date_gmt == when.strftime("%Y-%m-%dT%H:%M:%S")
        # The site shows it in its own zone, nine hours ahead.
        local = dt.datetime.fromisoformat(post.data["date"])
        assert local - when.replace(tzinfo=None) == dt.timedelta(hours=9)
        wordpress.run_cron()
        assert wp.get_post(result.remote_id).status == "future"
        # Publish now after all: the scheduled date must not keep it waiting.
        now = publisher.publish(db, made.article_id, site, status="publish")
        assert now.status == "publish" and now.remote_id == result.remote_id
        assert wp.get_post(result.remote_id).date_gmt < when.strftime("%Y-%m-%dT%H:%M:%S")
    finally:
        wordpress.php("update_option('timezone_string', 'UTC');")


def test_scheduling_needs_a_time_in_the_future(db: Database, site: str) -> None:
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)
    made = make_article(db, inline=0, scheduled_at=past)
    with pytest.raises(errors.NotReady, match="has passed"):
        publisher.publish(db, made.article_id, site, status="future")
    made = make_article(db, inline=0)
    with pytest.raises(errors.NotReady, match="scheduled time"):
        publisher.publish(db, made.article_id, site, status="future")


def test_unpublish_makes_the_post_a_draft(
    db: Database, site: str, wp: WordPressClient  # noqa: F811
) -> None:
    made = make_article(db, inline=0)
    first = publisher.publish(db, made.article_id, site, status="publish")
    info = publisher.unpublish(db, made.article_id, site)
    assert info.status == "draft" == wp.get_post(first.remote_id).status
    assert publication(db, made.article_id).status == "draft"


def test_pull_status_refreshes_what_was_recorded(
    db: Database, site: str, wp: WordPressClient  # noqa: F811
) -> None:
    made = make_article(db, inline=0)
    first = publisher.publish(db, made.article_id, site, status="draft")
    assert "?p=" in first.link
    # Published on the site by someone else: the permalink now exists.
    changed = wp.update_post(first.remote_id, {"status": "publish"})
    info = publisher.pull_status(db, made.article_id, site)
    assert info.status == "publish" and info.link == changed.link and "?p=" not in info.link
    row = publication(db, made.article_id)
    assert (row.status, row.link, row.modified_gmt) == ("publish", changed.link,
                                                       changed.modified_gmt)


def test_a_create_whose_answer_was_lost_is_not_made_twice(
    db: Database, site: str, wordpress: WordPressServer, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    made = make_article(db, inline=0)
    real_create = WordPressClient.create_post

    def saved_then_cut(self: WordPressClient, fields: dict) -> None:
        real_create(self, fields)  # WordPress saves it...
        raise errors.SiteTimeout("The site did not answer in time.")  # ...the answer is lost

    with monkeypatch.context() as patch:
        patch.setattr(WordPressClient, "create_post", saved_then_cut)
        with pytest.raises(errors.SiteTimeout):
            publisher.publish(db, made.article_id, site, status="publish")
    with db.read() as session:
        title = articles.get(session, made.article_id).headline
    assert len(posts_with_title(wordpress, title)) == 1

    result = publisher.publish(db, made.article_id, site, status="publish")
    assert not result.created and result.uploaded == 0
    found = posts_with_title(wordpress, title)
    assert [p["id"] for p in found] == [result.remote_id]


def test_a_photo_deleted_from_the_media_library_is_uploaded_again(
    db: Database, site: str, wp: WordPressClient  # noqa: F811
) -> None:
    made = make_article(db, inline=1)
    first = publisher.publish(db, made.article_id, site, status="publish")
    wp.delete_media(first.media[made.hero_id])

    second = publisher.publish(db, made.article_id, site, status="publish")
    assert second.remote_id == first.remote_id and second.uploaded == 1
    new_hero = second.media[made.hero_id]
    assert new_hero != first.media[made.hero_id]
    assert second.media[made.inline_ids[0]] == first.media[made.inline_ids[0]]
    assert wp.get_post(first.remote_id).featured_media == new_hero


def test_a_category_name_wordpress_escapes_is_found_not_duplicated(
    db: Database, site: str, wp: WordPressClient  # noqa: F811
) -> None:
    name = f"Arts & Culture {made_suffix()}"
    one = make_article(db, inline=0, category=f"{name} > Film")
    two = make_article(db, inline=0, category=f"{name} > Film")
    first = publisher.publish(db, one.article_id, site, status="publish")
    second = publisher.publish(db, two.article_id, site, status="publish")
    assert first.category_id == second.category_id
    parent = wp.find_category(name)
    assert parent is not None and parent.name == name
    assert wp.find_category("Film", parent.id).id == first.category_id


def test_a_photo_too_large_for_the_site_is_named(
    db: Database, store: CredentialStore, wordpress: WordPressServer  # noqa: F811
) -> None:
    # The session's server is only used for the skip; this one refuses uploads over 20 KB.
    with WordPressServer(php_ini={"upload_max_filesize": "20K", "post_max_size": "40K"}) as small:
        add_target(db, store, small.url, small.user, small.app_password, name="small")
        made = make_article(db, inline=0)
        with pytest.raises(errors.UploadTooLarge) as caught:
            publisher.publish(db, made.article_id, "small", status="publish")
        assert "mansu-hill-1200.jpg" in str(caught.value) and "too large" in str(caught.value)
        assert publisher.recorded(db, made.article_id, "small") is None
