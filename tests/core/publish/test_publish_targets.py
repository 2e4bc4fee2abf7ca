"""Publishing targets and the publish plan without a site: passwords stay out of the
database, bad input is refused with exit status 2, a plan is made offline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desk.cli.run import main
from desk.core.articles import editing as articles
from desk.core.store.db import Database
from desk.core.publish import errors, publisher, targets
from desk.core.publish.credentials import CredentialStore, wordpress_key
from tests.publish_support import make_article, run, store, temporary_store  # noqa: F401 - fixture
from tests.postgres import cli_db

SECRET = "abcd EFGH ijkl MNOP qrst UVWX"


def test_target_add_keeps_the_password_out_of_the_database(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    store: CredentialStore, db_path: Path,
) -> None:
    monkeypatch.setenv("DESK_TARGET_PASSWORD", SECRET)
    code, out, err = run(capsys, "target", "add", "site", "--url", "https://news.example.org/",
                         "--user", "editor", *cli_db(db_path))
    assert code == 0, err
    assert "site (https://news.example.org) saved" in out and SECRET not in out + err
    assert store.get(wordpress_key("https://news.example.org", "editor")) == SECRET
    assert SECRET.encode() not in db_path.read_bytes()
    for extra in db_path.parent.glob(db_path.name + "-*"):  # WAL and shared memory
        assert SECRET.encode() not in extra.read_bytes()

    code, out, _ = run(capsys, "target", "list", "--json", *cli_db(db_path))
    assert code == 0 and json.loads(out) == [
        {"name": "site", "kind": "wordpress", "url": "https://news.example.org", "user": "editor"}
    ]
    # The same name again is refused unless replacing.
    code, _, err = run(capsys, "target", "add", "site", "--url", "https://x.example",
                       "--user", "u", *cli_db(db_path))
    assert code == 2 and "exists already" in err

    code, _, _ = run(capsys, "target", "remove", "site", *cli_db(db_path))
    assert code == 0
    assert store.get(wordpress_key("https://news.example.org", "editor")) is None


def test_target_add_refuses_bad_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    store: CredentialStore, db_path: Path,
) -> None:
    monkeypatch.delenv("DESK_TARGET_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, "target", "add", "site", "--url", "https://x.example",
                       "--user", "u", *cli_db(db_path))
    assert code == 2 and "DESK_TARGET_PASSWORD" in err
    monkeypatch.setenv("DESK_TARGET_PASSWORD", SECRET)
    code, _, err = run(capsys, "target", "add", "site", "--url", "news.example.org",
                       "--user", "u", *cli_db(db_path))
    assert code == 2 and "https://news.example.org" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, "target", "test", "nowhere", *cli_db(db_path))
    assert code == 2 and "no publishing target named “nowhere”" in err


def test_target_test_reports_a_site_that_is_not_wordpress_in_plain_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    store: CredentialStore, db_path: Path,
) -> None:
    from tests.wordpress.fake_http import FakeSite, Reply

    monkeypatch.setenv("DESK_TARGET_PASSWORD", SECRET)
    with FakeSite(lambda request: Reply.html(200, "<html><body>A shop</body></html>")) as shop:
        run(capsys, "target", "add", "shop", "--url", shop.url, "--user", "u",
            *cli_db(db_path))
        code, _, err = run(capsys, "target", "test", "shop", *cli_db(db_path))
    assert code == 1 and "is not a WordPress site" in err
    assert err.startswith("desk: ") and SECRET not in err and "Traceback" not in err


def test_a_plan_is_made_offline(db: Database, store: CredentialStore) -> None:
    with db.write() as session:
        targets.add(session, "site", "https://news.example.org", "editor", SECRET, store=store)
    made = make_article(db, inline=1)
    with db.read() as session:
        plan = publisher.plan(session, articles.get(session, made.article_id),
                              targets.get(session, "site"), "publish")
    assert plan.action == "create" and plan.problems == []
    assert plan.category_path == ["World", "Asia"] and plan.tags == ["North Korea", "Pyongyang"]
    assert plan.fields["slug"] == made.slug and "date_gmt" not in plan.fields
    assert [(m.role, m.action) for m in plan.media] == [("hero", "upload"), ("inline", "upload")]
    assert plan.media[0].caption == made.hero_credit and plan.media[0].alt_text
    assert plan.new_categories is None  # unknown without asking the site
    # Not uploaded yet: the figure points at the local rendition path.
    assert f'src="/media/{made.inline_ids[0]}-' in plan.content()
    described = "\n".join(plan.describe())
    assert "Create a new post on https://news.example.org as published" in described


def test_alt_text_blocks_publishing_but_not_a_draft(db: Database, store: CredentialStore) -> None:
    with db.write() as session:
        targets.add(session, "site", "https://news.example.org", "editor", SECRET, store=store)
    made = make_article(db, inline=0, alt=False)
    with db.read() as session:
        article = articles.get(session, made.article_id)
        target = targets.get(session, "site")
        public = publisher.plan(session, article, target, "publish")
        draft = publisher.plan(session, article, target, "draft")
    assert len(public.problems) == 1 and "has no alt text" in public.problems[0]
    assert draft.problems == [] and "has no alt text" in draft.notes[0]
    with pytest.raises(errors.NotReady):
        publisher.publish(db, made.article_id, "site", "publish")


def test_future_needs_a_future_time_and_sends_it_in_utc(db: Database, store: CredentialStore) -> None:
    with db.write() as session:
        targets.add(session, "site", "https://news.example.org", "editor", SECRET, store=store)
    paris = dt.timezone(dt.timedelta(hours=2))
    when = dt.datetime(2031, 6, 1, 9, 30, tzinfo=paris)
    made = make_article(db, inline=0, scheduled_at=when)
    with db.read() as session:
        plan = publisher.plan(session, articles.get(session, made.article_id),
                              targets.get(session, "site"), "future")
    assert plan.problems == [] and plan.fields["date_gmt"] == "2031-06-01T07:30:00"


def test_the_cli_reports_a_missing_alt_text_with_status_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    store: CredentialStore, db_path: Path, db: Database,
) -> None:
    with db.write() as session:
        targets.add(session, "site", "https://news.example.org", "editor", SECRET, store=store)
    made = make_article(db, inline=0, alt=False)
    code, _, err = run(capsys, "publish", made.slug, "--target", "site", "--status", "publish",
                       *cli_db(db_path))
    assert code == 1 and "has no alt text" in err
    code, _, err = run(capsys, "publish", "no-such-article", "--target", "site",
                       *cli_db(db_path))
    assert code == 2 and "no article with slug" in err
    code, _, err = run(capsys, "publish", made.slug, "--target", "site", "--status", "later",
                       *cli_db(db_path))
    assert code == 2


def test_a_dry_run_without_the_password_still_shows_the_plan(
    capsys: pytest.CaptureFixture[str], store: CredentialStore, db_path: Path, db: Database,
) -> None:
    with db.write() as session:
        targets.add(session, "site", "https://news.example.org", "editor", SECRET, store=store)
    store.delete(wordpress_key("https://news.example.org", "editor"))  # another computer
    made = make_article(db, inline=0)
    code, out, err = run(capsys, "publish", made.slug, "--target", "site", "--dry-run",
                         "--json", *cli_db(db_path))
    assert code == 0 and "no password is stored" in err
    plan = json.loads(out)
    assert plan["action"] == "create" and plan["post"]["slug"] == made.slug
    assert plan["media"][0]["caption"] == made.hero_credit and plan["new_categories"] is None
