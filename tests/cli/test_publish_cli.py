"""`desk target`, `desk publish`, `desk unpublish`, `desk publish-status` against the
real throw-away WordPress (skipped with the fixture's message without its packages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk.cli.run import main
from desk.core.store.db import Database
from desk.core.publish import targets
from desk.core.publish.credentials import CredentialStore
from desk.core.publish.wordpress import WordPressClient
from tests.publish_support import make_article, run, store, temporary_store  # noqa: F401 - fixture
from tests.wordpress.fixtures import wordpress  # noqa: F401 - the session fixture
from tests.wordpress.server import WordPressServer
from tests.postgres import cli_db

pytestmark = pytest.mark.wordpress


@pytest.fixture
def cli_site(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    store: CredentialStore, db_path: Path, wordpress: WordPressServer,  # noqa: F811
) -> str:
    monkeypatch.setenv("DESK_TARGET_PASSWORD", wordpress.app_password)
    code, _, err = run(capsys, "target", "add", "site", "--url", wordpress.url,
                       "--user", wordpress.user, *cli_db(db_path))
    assert code == 0, err
    return "site"


def test_target_test(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cli_site: str,
    db_path: Path, wordpress: WordPressServer,  # noqa: F811
) -> None:
    code, out, err = run(capsys, "target", "test", cli_site, *cli_db(db_path))
    assert code == 0, err
    assert out.startswith("Connected to “Desk test site”") and "can publish" in out

    monkeypatch.setenv("DESK_TARGET_PASSWORD", "wxyz wxyz wxyz wxyz wxyz wxyz")
    run(capsys, "target", "add", "bad", "--url", wordpress.url, "--user", wordpress.user,
        *cli_db(db_path))
    code, out, err = run(capsys, "target", "test", "bad", *cli_db(db_path))
    assert code == 1 and "did not accept the user name “editor”" in err


def test_publish_json_then_update_conflict_status_and_unpublish(
    capsys: pytest.CaptureFixture[str], cli_site: str, db_path: Path, db: Database,
    wordpress: WordPressServer,  # noqa: F811
) -> None:
    made = make_article(db, inline=1)
    code, out, err = run(capsys, "publish", made.slug, "--target", cli_site, "--dry-run",
                         "--status", "publish", *cli_db(db_path))
    assert code == 0, err
    assert "Create a new post" in out and "upload mansu-hill-1200.jpg" in out

    code, out, err = run(capsys, "publish", made.slug, "--target", cli_site, "--status",
                         "publish", "--json", *cli_db(db_path))
    assert code == 0, err
    answer = json.loads(out)
    assert answer["status"] == "publish" and answer["link"].endswith(f"/{made.slug}/")
    assert set(answer["media"]) == {str(made.hero_id), *map(str, made.inline_ids)}
    assert answer["featured_media"] == answer["media"][str(made.hero_id)]

    with WordPressClient(wordpress.url, wordpress.user, wordpress.app_password) as wp:
        wp.update_post(answer["id"], {"excerpt": "Changed on the site."})
    code, out, err = run(capsys, "publish", made.slug, "--target", cli_site, "--status",
                         "publish", *cli_db(db_path))
    assert code == 1 and "was edited on" in err and "--overwrite" in err
    assert "excerpt: on the site “Changed on the site.”" in err
    code, out, err = run(capsys, "publish", made.slug, "--target", cli_site, "--status",
                         "publish", "--overwrite", *cli_db(db_path))
    assert code == 0 and out.startswith(f"updated post {answer['id']} (publish)")

    code, out, err = run(capsys, "unpublish", made.slug, "--target", cli_site, "--json",
                         *cli_db(db_path))
    assert code == 0 and json.loads(out)["status"] == "draft"
    code, out, err = run(capsys, "publish-status", made.slug, "--target", cli_site,
                         *cli_db(db_path))
    assert code == 0 and f"post {answer['id']} on site: draft" in out

    with WordPressClient(wordpress.url, wordpress.user, wordpress.app_password) as wp:
        wp.delete_post(answer["id"], force=True)
    code, out, err = run(capsys, "publish-status", made.slug, "--target", cli_site,
                         *cli_db(db_path))
    assert code == 1 and "--recreate" in err
