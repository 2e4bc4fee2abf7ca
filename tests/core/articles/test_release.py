"""The publishing rule (core/release.py): an article the checklist blocks does not become
published or scheduled, is not exported as published and is not sent to WordPress, from
any path, unless the editor overrides the checklist explicitly (who and why in a
revision). Issue 14: "'Blocks publishing' blocks nothing"."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest
from sqlalchemy import select, text

from desk.cli.run import main
from desk.core.articles import editing as articles, checklist, checklist_sql, release
from desk.core.export import export_site
from desk.core.store.models import Article, ArticlePhoto, Photo, Revision
from desk.core.publish import errors, publisher, targets
from desk.core.site.settings import load as load_settings

from tests.publish_support import store  # noqa: F401
from tests.core.export_helpers import demo_db, demo_template  # noqa: F401
from tests.postgres import cli_db

WHEN = dt.datetime(2024, 5, 6, 8, tzinfo=dt.timezone.utc)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def blocked_draft(db, headline: str = "Budget vote delayed") -> int:
    """Two blocking items: no byline, no category."""
    with db.write() as s:
        return articles.create(s, headline, body="The vote moves to next week.").id


def status_of(db, article_id: int) -> tuple[str, dt.datetime | None]:
    with db.read() as s:
        a = articles.get(s, article_id)
        return a.status, a.published_at


# --- the rule in the core --------------------------------------------------------------


def test_a_blocked_article_cannot_become_published(db):
    article_id = blocked_draft(db)
    with pytest.raises(release.ChecklistBlocked) as caught:
        with db.write() as s:
            articles.update(s, articles.get(s, article_id), status="published")
    message = str(caught.value)
    assert "cannot be published" in message and "2 checklist items" in message
    assert "The byline is missing" in message and "not filed under a category" in message
    assert caught.value.exit_code == 1
    assert status_of(db, article_id) == ("draft", None)  # nothing changed


def test_a_blocked_article_cannot_be_scheduled(db):
    article_id = blocked_draft(db)
    with pytest.raises(release.ChecklistBlocked, match="cannot be scheduled"):
        with db.write() as s:
            articles.update(s, articles.get(s, article_id), scheduled_at=WHEN)
    with db.read() as s:
        assert articles.get(s, article_id).scheduled_at is None


def test_a_published_article_created_in_one_go_is_judged_as_the_transaction_leaves_it(db):
    """The rule is applied at commit: a hero without alt text attached after the status
    (as an import does) still blocks."""
    with db.write() as s:
        photo = Photo(sha256="a" * 64, format="JPEG", width=10, height=10, credit_line="AFP")
        s.add(photo)
    with pytest.raises(release.ChecklistBlocked, match="has no alt text"):
        with db.write() as s:
            a = articles.create(s, "Lake levels fall", byline="Ann Lee", category="World",
                                status="published", body="Text.")
            a.photo_links.append(ArticlePhoto(photo_id=photo.id, role="hero", position=0))
    with db.read() as s:
        assert s.scalar(select(Article).where(Article.headline == "Lake levels fall")) is None


def test_an_explicit_override_publishes_and_is_recorded_with_who_and_why(db):
    article_id = blocked_draft(db)
    with db.write() as s:
        release.grant(s, "  Breaking news:   byline follows ", by="Marie Lambert")
        articles.update(s, articles.get(s, article_id), status="published")
    status, published = status_of(db, article_id)
    assert status == "published" and published is not None
    with db.read() as s:
        revision = s.scalars(select(Revision).where(Revision.article_id == article_id)
                             .order_by(Revision.id.desc())).first()
        verdict = release.assess(s, articles.get(s, article_id))
    assert revision.reason == "checklist overridden: Breaking news: byline follows"
    assert revision.author == "Marie Lambert"
    stored = revision.snapshot[release.SNAPSHOT_KEY]
    assert stored["by"] == "Marie Lambert" and stored["why"] == "Breaking news: byline follows"
    assert {i["code"] for i in stored["items"]} == {"byline-missing", "category-missing"}
    assert revision.snapshot["status"] == "published"  # the revision holds the article too
    assert verdict.allowed and {i.code for i in verdict.overridden} == {"byline-missing", "category-missing"}
    assert any("checklist overridden by Marie Lambert" in line for line in verdict.summary_lines())


def test_an_override_needs_a_reason(db):
    article_id = blocked_draft(db)
    with pytest.raises(release.InputError, match="needs a reason"):
        with db.write() as s:
            release.require(s, articles.get(s, article_id), "publish", why="   ")


def test_an_override_covers_its_items_only(db):
    article_id = blocked_draft(db)
    with db.write() as s:
        release.require(s, articles.get(s, article_id), "publish", why="agreed with the desk")
    with db.write() as s:
        articles.update(s, articles.get(s, article_id), source_name="lindependant.fr")
    with db.read() as s:
        verdict = release.assess(s, articles.get(s, article_id))
    assert not verdict.allowed
    assert [i.code for i in verdict.uncovered] == ["source-url-missing"]


def test_the_orm_and_plain_sql_checklists_agree(demo_db):  # noqa: F811
    with demo_db.write() as s:
        photo_ids = list(s.scalars(select(Photo.id).order_by(Photo.id)))
        for n in range(12):
            body = f"Story {n} [a link](www.example.org) and [bad](javascript:x).\n\n"
            body += f"![{'' if n % 2 else 'A crowd'}](photo:{photo_ids[n % len(photo_ids)]})"
            if n % 3 == 0:
                body += "\n\n![Gone](photo:999999)"
            a = articles.create(s, "" if n == 5 else f"Varied {n}", body=body,
                                byline="" if n % 4 == 0 else "Staff",
                                category="Science" if n % 3 else None,
                                source_name="AFP" if n % 5 == 0 else "",
                                standfirst="x" * (300 if n == 7 else 10))
            if n % 2:
                a.photo_links.append(ArticlePhoto(photo_id=photo_ids[0], role="hero", position=0,
                                                  alt_override="IMG_1.JPG" if n == 3 else ""))
        s.flush()
        s.execute(text("UPDATE articles SET slug = 'Varied-1' WHERE headline = 'Varied 2'"))
    with demo_db.read() as s:
        every = list(s.scalars(select(Article)))
        orm = {a.id: checklist.check(s, a) for a in every}
        site = load_settings(s)
    with demo_db.read_sql() as sql:
        plain = checklist_sql.check_many(sql, [a.id for a in every], site)
    assert plain == orm
    assert any(i.code == "slug-duplicate" for items in orm.values() for i in items)
    assert any(i.code == "photo-unknown" for items in orm.values() for i in items)


# --- the command line ------------------------------------------------------------------


def test_desk_check_and_status_obey_the_rule(capsys, db, db_path, monkeypatch):
    monkeypatch.setenv("DESK_EDITOR", "Marie Lambert")
    article_id = blocked_draft(db)
    with db.read() as s:
        slug = articles.get(s, article_id).slug
    code, out, _ = run(capsys, "check", slug, *cli_db(db_path))
    assert code == 1 and "byline-missing" not in out and "The byline is missing." in out

    code, _, err = run(capsys, "status", slug, "published", *cli_db(db_path))
    assert code == 1 and "cannot be published: 2 checklist items block it" in err
    assert status_of(db, article_id) == ("draft", None)

    code, out, err = run(capsys, "status", slug, "published", *cli_db(db_path),
                         "--override-checklist", "the byline is added on the site")
    assert code == 0, err
    assert out.startswith(f"{slug}: draft -> published (publication time ")
    assert status_of(db, article_id)[0] == "published"

    code, out, _ = run(capsys, "check", slug, *cli_db(db_path), "--json")
    items = json.loads(out)
    assert code == 0 and {i["code"]: i["overridden"] for i in items if i["severity"] == "block"} == {
        "byline-missing": True, "category-missing": True}
    with db.read() as s:
        reasons = [(r.reason, r.author) for r in articles.revisions(s, article_id)]
    assert ("checklist overridden: the byline is added on the site", "Marie Lambert") in reasons
    assert ("status: published", "Marie Lambert") in reasons


def test_desk_check_override_records_what_blocks_now(capsys, db, db_path):
    article_id = blocked_draft(db)
    with db.read() as s:
        slug = articles.get(s, article_id).slug
    code, out, _ = run(capsys, "check", slug, *cli_db(db_path), "--override-checklist", "wire copy")
    assert code == 0 and "(overridden)" in out and "# checklist overridden by" in out
    code, _, err = run(capsys, "status", slug, "published", *cli_db(db_path))
    assert code == 0, err


def test_desk_import_refuses_a_blocked_published_file_unless_overridden(capsys, tmp_path, db_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text(textwrap.dedent("""\
        ---
        title: Storm closes the coast road
        status: published
        ---
        The road is closed.
        """), encoding="utf-8")
    code, _, err = run(capsys, "import", str(src), *cli_db(db_path))
    assert code == 1 and "“Storm closes the coast road” cannot be published" in err
    code, out, _ = run(capsys, "list", *cli_db(db_path))
    assert out == ""  # all or nothing: the import wrote nothing
    code, out, err = run(capsys, "import", str(src), *cli_db(db_path),
                         "--override-checklist", "agency copy, filed as is")
    assert code == 0, err
    code, out, _ = run(capsys, "list", *cli_db(db_path))
    assert "\tpublished\t" in out


# --- the export --------------------------------------------------------------------------


def test_the_export_leaves_out_blocked_articles_and_lists_warnings_and_overrides(
        demo_db, tmp_path, capsys):  # noqa: F811
    with demo_db.write() as s:
        legacy = articles.create(s, "Published before the rule", body="Old.", published_at=WHEN)
        overridden = articles.create(s, "Published anyway", body="New.", published_at=WHEN)
        s.flush()
        # Made published behind the core's back (a database from before the rule).
        s.execute(text("UPDATE articles SET status = 'published' WHERE id = :i"), {"i": legacy.id})
        legacy_slug, overridden_slug = legacy.slug, overridden.slug
    with demo_db.write() as s:
        release.grant(s, "the desk agreed", by="Marie Lambert")
        articles.update(s, articles.get(s, overridden.id), status="published")
    out = tmp_path / "site"
    summary = export_site(demo_db, out)
    assert not (out / f"2024/05/06/{legacy_slug}").exists()
    assert (out / f"2024/05/06/{overridden_slug}/index.html").is_file()
    assert [w for w in summary.warnings if legacy_slug in w or "Published before" in w] == [
        "“Published before the rule” cannot be exported as published: 2 checklist items block it: "
        "The article is not filed under a category; The byline is missing"]
    assert any(line.startswith(f"{overridden_slug}: checklist overridden by Marie Lambert")
               for line in summary.checklist)
    assert f"{overridden_slug}: There is no hero photo" in summary.checklist
    assert "checklist notes" in summary.line()

    # The command line prints them; the refused article makes it exit 1.
    code, _, err = run(capsys, "export", "--out", str(out), "--db", str(demo_db.path))
    assert code == 1 and "desk: checklist: " in err and "cannot be exported as published" in err


def test_an_edit_that_blocks_a_published_article_takes_it_off_the_next_export(
        demo_db, tmp_path):  # noqa: F811
    out = tmp_path / "site"
    export_site(demo_db, out)
    with demo_db.read() as s:
        article = articles.by_slug(s, "tokyo-rail-timetable-change")
        page = next(out.glob("*/*/*/tokyo-rail-timetable-change/index.html"))
    with demo_db.write() as s:  # what autosave writes while the editor types
        articles.update_text(s, article.id, byline="")
    summary = export_site(demo_db, out)  # incremental
    assert not page.exists()
    assert any("cannot be exported as published" in w and "byline" in w for w in summary.warnings)
    with demo_db.write() as s:
        articles.update_text(s, article.id, byline="Kenji Sato")
    export_site(demo_db, out)
    assert page.is_file()


# --- WordPress --------------------------------------------------------------------------


def test_wordpress_publishing_obeys_the_rule(db, store, monkeypatch):  # noqa: F811
    with db.write() as s:
        targets.add(s, "site", "https://news.example.org", "editor", "abcd efgh ijkl mnop", store=store)
    article_id = blocked_draft(db)
    with db.read() as s:
        article = articles.get(s, article_id)
        target = targets.get(s, "site")
        public = publisher.plan(s, article, target, "publish")
        future = publisher.plan(s, article, target, "future", scheduled_at=WHEN + dt.timedelta(days=3650))
        draft = publisher.plan(s, article, target, "draft")
    assert "the checklist: The byline is missing" in public.problems
    assert "the checklist: The byline is missing" in future.problems
    assert not any(p.startswith("the checklist") for p in draft.problems)
    assert any("cannot publish: the checklist" in line for line in public.describe())
    with pytest.raises(errors.NotReady, match="checklist"):
        publisher.publish(db, article_id, "site", "publish", store=store)

    class Refused(Exception):
        pass

    def no_network(*_a, **_k):
        raise Refused  # the override passed the rule: the publisher went on to connect

    monkeypatch.setattr(publisher, "_client", no_network)
    with pytest.raises(Refused):
        publisher.publish(db, article_id, "site", "publish", store=store,
                          override_checklist="correction of a live post", by="Marie Lambert")
    with db.read() as s:
        assert release.assess(s, articles.get(s, article_id)).allowed
        again = publisher.plan(s, articles.get(s, article_id), targets.get(s, "site"), "publish")
    assert not any(p.startswith("the checklist") for p in again.problems)
    assert any("checklist overridden by Marie Lambert" in line for line in again.checklist)


def test_the_demo_articles_pass_the_checklist(demo_db):  # noqa: F811
    with demo_db.read() as s:
        live = list(s.scalars(select(Article).where(Article.status == "published")))
        assert live and all(release.assess(s, a).allowed for a in live)
