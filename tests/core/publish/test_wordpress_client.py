"""The WordPress REST client, against a real throw-away WordPress and fake servers.

Tests marked `wordpress` use the session's real WordPress (tests/wordpress/fixtures.py)
and are skipped when its Debian packages are missing; the others run everywhere.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
import uuid
from collections.abc import Iterator

import pytest
import requests
from PIL import Image

from desk.core.publish import errors
from desk.core.publish.transport import RetryPolicy
from desk.core.publish.wordpress import RemotePost, WordPressClient, wp_datetime
from tests.wordpress.fake_http import FakeSite, Reply, Request, closed_port, silent_port
from tests.wordpress.fixtures import SKIP_MESSAGE, wordpress  # noqa: F401 - fixture
from tests.wordpress.server import WordPressServer

real = pytest.mark.wordpress


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def jpeg(width: int = 640, height: int = 480, colour: str = "steelblue") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class Sleeps(list[float]):
    """Records back-off delays instead of waiting them out."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def client(wordpress: WordPressServer) -> Iterator[WordPressClient]:  # noqa: F811
    with WordPressClient(wordpress.url, wordpress.user, wordpress.app_password) as c:
        yield c


# -- the connection check, against the real site ------------------------------------


@real
def test_check_ok(client: WordPressClient, wordpress: WordPressServer) -> None:  # noqa: F811
    info = client.check()
    assert info.url == wordpress.url
    assert info.api_root == f"{wordpress.url}/wp-json/"
    assert info.user_name == wordpress.user
    assert info.name == "Desk test site"
    assert info.can_publish and info.can_upload


@real
def test_wrong_password_is_detected(wordpress: WordPressServer) -> None:  # noqa: F811
    # WordPress runs a request with a bad password as an anonymous visitor: the public
    # index answers 200, only users/me tells.
    bad = WordPressClient(wordpress.url, wordpress.user, "abcd efgh ijkl mnop qrst uvwx")
    with pytest.raises(errors.WrongPassword) as caught:
        bad.check()
    assert caught.value.status == 401
    assert "Application Password" in str(caught.value)


@real
def test_revoked_password_is_detected(
    client: WordPressClient, wordpress: WordPressServer  # noqa: F811
) -> None:
    created = json.loads(wordpress.php(
        "list($p, $item) = WP_Application_Passwords::create_new_application_password("
        f"{wordpress.user_id}, array('name' => 'to revoke'));"
        "echo json_encode(array($p, $item['uuid']));"
    ))
    password, item = created
    second = WordPressClient(wordpress.url, wordpress.user, password)
    second.check()
    response = requests.delete(
        f"{wordpress.url}/wp-json/wp/v2/users/me/application-passwords/{item}",
        auth=(wordpress.user, wordpress.app_password), timeout=10,
    )
    assert response.status_code == 200
    with pytest.raises(errors.WrongPassword):
        second.check()


@real
def test_post_with_wrong_password_is_refused_as_wrong_password(
    wordpress: WordPressServer,  # noqa: F811
) -> None:
    bad = WordPressClient(wordpress.url, wordpress.user, "abcd efgh ijkl mnop qrst uvwx")
    with pytest.raises(errors.WrongPassword):
        bad.create_post({"title": "nope", "status": "draft"})


# -- the connection check, against things that are not a WordPress ------------------


def test_url_that_is_not_a_url() -> None:
    with pytest.raises(errors.BadSiteURL) as caught:
        WordPressClient("example.com", "u", "p")
    assert "https://example.com" in str(caught.value)


def test_html_site_is_not_wordpress() -> None:
    with FakeSite(lambda r: Reply.html(200, "<html><body>My shop</body></html>")) as site:
        with pytest.raises(errors.NotWordPress):
            WordPressClient(site.url, "u", "p").check()


def test_missing_pages_are_not_wordpress() -> None:
    with FakeSite(lambda r: Reply.html(404, "<h1>Not Found</h1>")) as site:
        with pytest.raises(errors.NotWordPress):
            WordPressClient(site.url, "u", "p").check()


def test_wordpress_without_rest_api() -> None:
    page = '<html><link rel="stylesheet" href="/wp-content/themes/x/style.css"></html>'

    def respond(request: Request) -> Reply:
        return Reply.html(200 if request.path == "/" else 404, page)

    with FakeSite(respond) as site:
        with pytest.raises(errors.RestApiDisabled):
            WordPressClient(site.url, "u", "p").check()


def test_rest_api_closed_by_plugin() -> None:
    body = {"code": "rest_disabled", "message": "The REST API is disabled on this site.",
            "data": {"status": 403}}
    with FakeSite(lambda r: Reply.json(403, body)) as site:
        with pytest.raises(errors.RestApiDisabled) as caught:
            WordPressClient(site.url, "u", "p").check()
    assert "disabled" in str(caught.value)


def test_redirect_to_login_page() -> None:
    def respond(request: Request) -> Reply:
        if request.path.startswith("/wp-login.php"):
            return Reply.html(200, "<form id='loginform'></form>")
        return Reply(302, headers={"Location": "/wp-login.php?redirect_to=%2F"})

    with FakeSite(respond) as site:
        with pytest.raises(errors.LoginRedirect):
            WordPressClient(site.url, "u", "p").check()


def test_site_that_moved() -> None:
    with FakeSite(lambda r: Reply.json(200, {"namespaces": ["wp/v2"]})) as new:
        with FakeSite(lambda r: Reply(301, headers={"Location": new.url + r.path})) as old:
            with pytest.raises(errors.SiteMoved) as caught:
                WordPressClient(old.url, "u", "p").check()
    assert caught.value.new_url == new.url
    assert new.url in str(caught.value)


def test_redirected_write_is_not_replayed_as_a_get() -> None:
    def respond(request: Request) -> Reply:
        return Reply(301, headers={"Location": "https://example.com" + request.path})

    with FakeSite(respond) as site:
        with pytest.raises(errors.SiteMoved):
            WordPressClient(site.url, "u", "p").create_post({"title": "t"})
        assert [r.method for r in site.requests] == ["POST"]


def wordpress_index(authentication: dict[str, object]) -> Reply:
    return Reply.json(200, {"name": "Site", "namespaces": ["oembed/1.0", "wp/v2"],
                            "authentication": authentication})


def site_refusing_login(code: str, index: Reply) -> FakeSite:
    def respond(request: Request) -> Reply:
        if "users/me" in request.path:
            return Reply.json(401, {"code": code, "message": "No.", "data": {"status": 401}})
        return index

    return FakeSite(respond)


def test_application_passwords_unavailable_over_http() -> None:
    with site_refusing_login("rest_not_logged_in", wordpress_index({})) as site:
        with pytest.raises(errors.ApplicationPasswordsUnavailable) as caught:
            WordPressClient(site.url, "u", "p").check()
    assert "https://127.0.0.1" in str(caught.value)


def test_expired_password() -> None:
    index = wordpress_index({"application-passwords": {}})
    with site_refusing_login("application_password_expired", index) as site:
        with pytest.raises(errors.PasswordExpired):
            WordPressClient(site.url, "u", "p").check()


def test_application_passwords_disabled_for_user() -> None:
    index = wordpress_index({"application-passwords": {}})
    with site_refusing_login("application_passwords_disabled_for_user", index) as site:
        with pytest.raises(errors.ApplicationPasswordsUnavailable):
            WordPressClient(site.url, "u", "p").check()


def test_connection_refused() -> None:
    sleeps = Sleeps()
    client = WordPressClient(closed_port(), "u", "p", sleep=sleeps)
    with pytest.raises(errors.SiteUnreachable) as caught:
        client.check()
    assert "refused" in str(caught.value)
    assert sleeps == [0.5, 1.0, 2.0]  # nothing was sent, so it was safe to retry


def test_silent_server_times_out() -> None:
    with silent_port() as url:
        client = WordPressClient(
            url, "u", "p", timeout=(1.0, 0.3), retry=RetryPolicy(retries=1, backoff=0.01)
        )
        started = time.monotonic()
        with pytest.raises(errors.SiteTimeout) as caught:
            client.check()
        assert time.monotonic() - started < 5
    assert "did not answer in time" in str(caught.value)


# -- retries and back-off (recorded responses) ---------------------------------------


def flaky(failures: int, status: int = 503) -> tuple[FakeSite, list[int]]:
    calls: list[int] = []

    def respond(request: Request) -> Reply:
        calls.append(1)
        if len(calls) <= failures:
            return Reply.html(status, "<h1>Service Unavailable</h1>")
        return Reply.json(200, {"id": 7, "status": "draft", "link": "x", "slug": "s"})

    return FakeSite(respond), calls


def test_503_twice_then_200_is_retried_with_exponential_back_off() -> None:
    site, calls = flaky(2)
    sleeps = Sleeps()
    with site:
        post = WordPressClient(site.url, "u", "p", sleep=sleeps).get_post(7)
    assert post.id == 7
    assert len(calls) == 3
    assert sleeps == [0.5, 1.0]


def test_real_back_off_waits() -> None:
    site, calls = flaky(2)
    with site:
        client = WordPressClient(site.url, "u", "p", retry=RetryPolicy(backoff=0.05))
        started = time.monotonic()
        client.get_post(7)
        elapsed = time.monotonic() - started
    assert len(calls) == 3
    assert 0.15 <= elapsed < 2


def test_retry_after_header_is_honoured() -> None:
    calls: list[int] = []

    def respond(request: Request) -> Reply:
        calls.append(1)
        if len(calls) == 1:
            return Reply(503, headers={"Retry-After": "3"})
        return Reply.json(200, {"id": 7})

    sleeps = Sleeps()
    with FakeSite(respond) as site:
        WordPressClient(site.url, "u", "p", sleep=sleeps).get_post(7)
    assert sleeps == [3.0]


def test_server_error_gives_up_after_the_retries() -> None:
    site, calls = flaky(99, status=500)
    sleeps = Sleeps()
    with site, pytest.raises(errors.ServerError) as caught:
        WordPressClient(site.url, "u", "p", sleep=sleeps).get_post(7)
    assert len(calls) == 4
    assert sleeps == [0.5, 1.0, 2.0]
    assert caught.value.status == 500


def test_create_is_not_retried_after_a_500() -> None:
    # The post may exist already: a second POST could publish the article twice.
    site, calls = flaky(1, status=500)
    with site, pytest.raises(errors.ServerError):
        WordPressClient(site.url, "u", "p", sleep=Sleeps()).create_post({"title": "t"})
    assert len(calls) == 1


def test_4xx_is_never_retried() -> None:
    calls: list[int] = []

    def respond(request: Request) -> Reply:
        calls.append(1)
        return Reply.json(400, {"code": "rest_invalid_param",
                                "message": "Invalid parameter(s): status",
                                "data": {"status": 400}})

    with FakeSite(respond) as site, pytest.raises(errors.RejectedRequest) as caught:
        WordPressClient(site.url, "u", "p", sleep=Sleeps()).create_post({"status": "bogus"})
    assert len(calls) == 1
    assert "Invalid parameter(s): status" in str(caught.value)


def test_upload_refused_with_413() -> None:
    with FakeSite(lambda r: Reply.html(413, "<h1>413 Request Entity Too Large</h1>")) as site:
        client = WordPressClient(site.url, "u", "p")
        with pytest.raises(errors.UploadTooLarge) as caught:
            client.upload_media(b"x" * 2_000_000, "big.jpg", "image/jpeg")
    assert "big.jpg" in str(caught.value) and "2.0 MB" in str(caught.value)


def test_upload_over_php_limit() -> None:
    body = {"code": "rest_upload_unknown_error",
            "message": "The uploaded file exceeds the upload_max_filesize directive in php.ini.",
            "data": {"status": 500}}
    with FakeSite(lambda r: Reply.json(500, body)) as site:
        with pytest.raises(errors.UploadTooLarge):
            WordPressClient(site.url, "u", "p").upload_media(b"x", "big.jpg", "image/jpeg")


def test_password_not_in_repr() -> None:
    client = WordPressClient("https://example.com", "editor", "secret pass word")
    assert "secret" not in repr(client)
    assert "secret" not in repr(client._http)


# -- categories and tags --------------------------------------------------------------


@real
def test_category_with_parent(client: WordPressClient) -> None:
    world = client.create_category(unique("World"))
    child_name = unique("Asia & Pacific")
    asia = client.create_category(child_name, world.id)

    assert asia.parent == world.id
    assert asia.name == child_name  # not "Asia &amp; Pacific"
    assert client.find_category(child_name, world.id) == asia
    assert client.find_category(child_name.upper(), world.id) == asia
    assert client.find_category(child_name, 0) is None
    # Creating it again answers term_exists, which names the existing term.
    assert client.create_category(child_name, world.id) == asia
    assert client.ensure_category(child_name, world.id) == asia
    assert client.find_category_by_slug(asia.slug) == asia


@real
def test_category_path(client: WordPressClient) -> None:
    top = unique("Sport")
    leaf = client.ensure_category_path([top, "Football"])
    again = client.ensure_category_path([top, "Football"])
    assert leaf == again
    parent = client.find_category(top)
    assert parent is not None and leaf.parent == parent.id


@real
def test_tags(client: WordPressClient) -> None:
    name = unique("North Korea")
    tag = client.create_tag(name)
    assert tag.name == name and tag.taxonomy == "post_tag"
    assert client.find_tag(name) == tag
    assert client.create_tag(name.lower()) == tag  # term_exists
    assert client.ensure_tags([name, unique("Kim & Co")])[0] == tag.id


# -- media ----------------------------------------------------------------------------


@real
def test_upload_media_with_caption_and_alt_text(client: WordPressClient) -> None:
    caption = ("Soldiers salute at Mansu Hill in Pyongyang on April 15, 2024. "
               "(Kyodo) ==Kyodo")
    media = client.upload_media(
        jpeg(), "mansu-hill.jpg", "image/jpeg",
        caption=caption, alt_text="Soldiers saluting in front of bronze statues",
        title="Mansu Hill", description="©Kyodo/MAXPPP",
    )
    assert media.source_url.endswith(".jpg")
    assert (media.width, media.height) == (640, 480)

    fetched = client.get_media(media.id)
    assert fetched.caption == caption  # raw, not "<p>...</p>\n"
    assert fetched.alt_text == "Soldiers saluting in front of bronze statues"
    assert fetched.title == "Mansu Hill"
    assert fetched.description == "©Kyodo/MAXPPP"
    assert requests.get(media.source_url, timeout=10).content[:2] == b"\xff\xd8"

    updated = client.update_media(media.id, caption="New caption", alt_text="New alt")
    assert (updated.caption, updated.alt_text) == ("New caption", "New alt")
    assert client.get_media(media.id).caption == "New caption"

    assert client.delete_media(media.id) is True
    assert client.delete_media(media.id) is False
    with pytest.raises(errors.MediaGone):
        client.get_media(media.id)


@pytest.fixture(scope="module")
def small_uploads() -> Iterator[WordPressServer]:
    """A second WordPress whose PHP takes files up to 1 MB and bodies up to 2 MB."""
    if not WordPressServer.available()[0]:
        pytest.skip(SKIP_MESSAGE)
    with WordPressServer(php_ini={"upload_max_filesize": "1M", "post_max_size": "2M"}) as s:
        yield s


@real
@pytest.mark.parametrize("size", [1_500_000, 3_000_000], ids=["file-limit", "body-limit"])
def test_upload_over_the_sites_php_limits(small_uploads: WordPressServer, size: int) -> None:
    client = WordPressClient(small_uploads.url, small_uploads.user, small_uploads.app_password)
    with pytest.raises(errors.UploadTooLarge) as caught:
        client.upload_media(b"\xff" * size, "big.jpg", "image/jpeg")
    assert f"{size / 1_000_000:.1f} MB" in str(caught.value)


# -- posts ----------------------------------------------------------------------------


@real
def test_create_post_with_everything(client: WordPressClient) -> None:
    category = client.create_category(unique("Foreign Policy"))
    tag = client.create_tag(unique("Diplomacy"))
    media = client.upload_media(jpeg(), "hero.jpg", "image/jpeg", alt_text="Hero")
    slug = "summit-" + uuid.uuid4().hex[:8]
    when = dt.datetime(2024, 4, 15, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))

    post = client.create_post({
        "title": "Summit “ends” in Geneva & Bern",
        "content": "<p>Leaders met.</p>",
        "excerpt": "Leaders met.",
        "slug": slug,
        "status": "publish",
        "date_gmt": when,
        "categories": [category.id],
        "tags": [tag.id],
        "featured_media": media.id,
    })

    assert post.slug == slug
    assert post.date_gmt == "2024-04-15T06:30:00"  # sent as UTC
    assert post.link.endswith(f"/2024/04/15/{slug}/")
    fetched = client.get_post(post.id)
    assert fetched.title == "Summit “ends” in Geneva & Bern"  # raw, not &#038;
    assert fetched.featured_media == media.id
    assert fetched.categories == (category.id,)
    assert fetched.tags == (tag.id,)
    assert fetched.status == "publish"
    assert requests.get(post.link, timeout=10).status_code == 200


@real
def test_duplicate_slug_gets_suffix(client: WordPressClient) -> None:
    slug = "twice-" + uuid.uuid4().hex[:8]
    first = client.create_post({"title": "One", "slug": slug, "status": "publish"})
    second = client.create_post({"title": "Two", "slug": slug, "status": "publish"})
    assert first.slug == slug
    assert second.slug == f"{slug}-2"


@real
def test_non_latin_title_and_slug(client: WordPressClient) -> None:
    slug = "привет-мир-" + uuid.uuid4().hex[:6]
    post = client.create_post({"title": "Привет, мир — 你好", "slug": slug, "status": "publish"})
    assert post.slug_text == slug
    assert client.get_post(post.id).title == "Привет, мир — 你好"
    accented = client.create_post({"title": unique("Grüße aus Köln"), "status": "publish"})
    assert accented.slug.startswith("gruse-aus-koln-")


@real
def test_update_post(client: WordPressClient) -> None:
    post = client.create_post({"title": "Draft", "status": "draft"})
    tag = client.create_tag(unique("Update"))
    updated = client.update_post(
        post.id, {"title": "Final", "content": "<p>Done.</p>", "tags": [tag.id]},
        expected_modified_gmt=post.modified_gmt,
    )
    assert updated.id == post.id
    assert updated.title == "Final"
    assert updated.tags == (tag.id,)
    assert client.get_post(post.id).data["content"]["raw"] == "<p>Done.</p>"


@real
def test_edit_by_another_client_changes_modified_and_is_noticed(
    client: WordPressClient, wordpress: WordPressServer  # noqa: F811
) -> None:
    post = client.create_post({"title": "Mine", "status": "draft"})
    time.sleep(1.1)  # modified_gmt has a resolution of one second
    other = WordPressClient(wordpress.url, wordpress.user, wordpress.app_password)
    other.update_post(post.id, {"title": "Theirs"})

    assert client.get_post(post.id).modified_gmt != post.modified_gmt
    with pytest.raises(errors.RemoteChanged) as caught:
        client.update_post(post.id, {"title": "Mine again"},
                           expected_modified_gmt=post.modified_gmt)
    assert caught.value.expected == post.modified_gmt
    assert client.get_post(post.id).title == "Theirs"


@real
def test_deleted_post_is_gone(client: WordPressClient) -> None:
    post = client.create_post({"title": "Short-lived", "status": "draft"})
    assert client.delete_post(post.id, force=True)
    with pytest.raises(errors.PostGone) as caught:
        client.get_post(post.id)
    assert caught.value.post_id == post.id and not caught.value.in_trash
    with pytest.raises(errors.PostGone):
        client.update_post(post.id, {"title": "again"})


@real
def test_trashed_post_is_gone(client: WordPressClient) -> None:
    post = client.create_post({"title": "Binned", "status": "draft"})
    assert client.delete_post(post.id)
    with pytest.raises(errors.PostGone) as caught:
        client.get_post(post.id)
    assert caught.value.in_trash


@real
def test_dropped_fields_are_reported(client: WordPressClient) -> None:
    with pytest.raises(errors.ResponseMismatch) as caught:
        client.create_post({"title": "Orphan", "status": "draft",
                            "featured_media": 999999, "categories": [999999]})
    message = str(caught.value)
    assert "featured photo" in message and "categories 999999" in message
    assert caught.value.remote_id is not None
    client.delete_post(caught.value.remote_id, force=True)


@real
def test_scheduled_post_is_published_by_cron(
    client: WordPressClient, wordpress: WordPressServer  # noqa: F811
) -> None:
    # WordPress schedules only dates at least a minute ahead; rather than wait, the
    # test then moves the post's date and its cron event into the past.
    when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)
    post = client.create_post({"title": "Later", "status": "future", "date_gmt": when})
    assert post.status == "future"
    wordpress.php(
        f"$id = {post.id}; $past = time() - 60;"
        "global $wpdb; $wpdb->update($wpdb->posts, array("
        "'post_date' => gmdate('Y-m-d H:i:s', $past),"
        "'post_date_gmt' => gmdate('Y-m-d H:i:s', $past)), array('ID' => $id));"
        "clean_post_cache($id);"
        "wp_clear_scheduled_hook('publish_future_post', array($id));"
        "wp_schedule_single_event($past, 'publish_future_post', array($id));"
    )
    assert client.get_post(post.id).status == "future"  # nothing runs cron by itself
    wordpress.run_cron()
    assert client.get_post(post.id).status == "publish"


def test_future_status_too_soon_is_published_at_once_without_error() -> None:
    # WordPress turns "future" less than a minute ahead into "publish"; that is not a
    # dropped field, so no ResponseMismatch.
    def respond(request: Request) -> Reply:
        return Reply.json(201, {"id": 5, "status": "publish", "date_gmt": "2030-01-01T00:00:00"})

    with FakeSite(respond) as site:
        post = WordPressClient(site.url, "u", "p").create_post(
            {"status": "future", "date_gmt": "2030-01-01T00:00:00"}
        )
    assert post.status == "publish"


def test_dates_are_sent_as_utc_without_offset() -> None:
    paris = dt.timezone(dt.timedelta(hours=2))
    assert wp_datetime(dt.datetime(2024, 4, 15, 10, 30, 5, 999, tzinfo=paris)) == (
        "2024-04-15T08:30:05"
    )
    assert wp_datetime(dt.datetime(2024, 4, 15, 8, 30)) == "2024-04-15T08:30:00"
    assert wp_datetime("2024-04-15T08:30:00Z") == "2024-04-15T08:30:00"
    assert wp_datetime("2024-04-15T10:30:00+02:00") == "2024-04-15T08:30:00"


def test_remote_post_from_minimal_json() -> None:
    post = RemotePost.from_json({"id": 3, "title": {"rendered": "A &#038; B"}})
    assert post.id == 3 and post.categories == () and post.title == "A &#038; B"
