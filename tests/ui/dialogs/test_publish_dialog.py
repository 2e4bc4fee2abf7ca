"""The Publish dialog against the real throw-away WordPress: add a site with Test
Connection, review the plan, publish in the background, resolve a conflict and a
deleted post. Skipped with the fixture's message without the Debian packages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desk.core.site import settings as site_settings
from desk.core.store.db import Database
from desk.core.publish import targets
from desk.core.publish.credentials import CredentialStore
from desk.core.publish.wordpress import WordPressClient
from desk.ui.dialogs.publish import PublishDialog
from tests.publish_support import add_target, make_article, temporary_store
from tests.wordpress.fixtures import wordpress  # noqa: F401 - the session fixture
from tests.wordpress.server import WordPressServer

from tests.ui.driving import answer_next_dialog

# Any Qt warning (a thread destroyed while running, a bad connection) fails the test.
pytestmark = [pytest.mark.wordpress, pytest.mark.qt_log_level_fail("WARNING")]
WAIT = 60_000


@pytest.fixture
def store(tmp_path: Path) -> CredentialStore:
    return temporary_store(tmp_path / "credentials")


def idle(dialog: PublishDialog) -> bool:
    return not dialog.busy and not dialog._replan_timer.isActive()


def test_add_a_site_then_publish_resolve_a_conflict_and_recreate(
    qtbot, db: Database, store: CredentialStore, wordpress: WordPressServer  # noqa: F811
) -> None:
    made = make_article(db, inline=1)
    dialog = PublishDialog(db, made.article_id, None, store=store)
    qtbot.addWidget(dialog)
    dialog.show()
    # No site yet: the form for a new one is open.
    assert dialog.new_target_box.isVisible() and dialog.target_combo.count() == 0

    dialog.name_edit.setText("site")
    dialog.url_edit.setText(wordpress.url)
    dialog.user_edit.setText(wordpress.user)
    dialog.password_edit.setText("wrong wrong wrong wrong wrong wrong")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.connection_label.text().startswith("✗"), timeout=WAIT)
    assert "did not accept the user name" in dialog.connection_label.text()

    dialog.password_edit.setText(wordpress.app_password)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.connection_label.text().startswith("Connected"), timeout=WAIT)
    qtbot.mouseClick(dialog.save_target_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None and idle(dialog), timeout=WAIT)
    assert dialog.target_name == "site" and not dialog.new_target_box.isVisible()
    assert store.get(targets.wordpress_key(wordpress.url, wordpress.user)) == wordpress.app_password
    assert "Create a new post" in dialog.plan_view.toPlainText()

    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("publish"))
    qtbot.waitUntil(lambda: idle(dialog) and dialog.plan.status == "publish", timeout=WAIT)
    answer = answer_next_dialog(qtbot, "Publish")  # going public asks first
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert answer.seen
    assert "goes public on site now" in answer.text
    qtbot.waitUntil(lambda: dialog.link_label.isVisible(), timeout=WAIT)
    result = dialog.result_value
    assert result is not None and result.status == "publish"
    assert result.link in dialog.link_label.text()
    assert dialog.message_label.text() == "Created and published on site."
    qtbot.waitUntil(lambda: idle(dialog), timeout=WAIT)
    assert "Update post" in dialog.plan_view.toPlainText()

    # Edited on the site: the dialog shows what differs and offers to overwrite.
    with WordPressClient(wordpress.url, wordpress.user, wordpress.app_password) as wp:
        wp.update_post(result.remote_id, {"title": "Retitled on the site"})
    answer = answer_next_dialog(qtbot, "Publish")  # going public asks first
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert answer.seen
    qtbot.waitUntil(lambda: dialog.conflict_box.isVisible(), timeout=WAIT)
    assert "Retitled on the site" in dialog.conflict_label.text()
    assert dialog.overwrite_button.isVisible() and not dialog.recreate_button.isVisible()
    qtbot.mouseClick(dialog.overwrite_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: idle(dialog) and dialog.link_label.isVisible(), timeout=WAIT)
    with WordPressClient(wordpress.url, wordpress.user, wordpress.app_password) as wp:
        assert wp.get_post(result.remote_id).title.startswith("North Korea marks")
        wp.delete_post(result.remote_id, force=True)

    # Deleted on the site: Create Again.
    answer = answer_next_dialog(qtbot, "Publish")  # going public asks first
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert answer.seen
    qtbot.waitUntil(lambda: dialog.conflict_box.isVisible(), timeout=WAIT)
    assert dialog.recreate_button.isVisible() and not dialog.overwrite_button.isVisible()
    qtbot.mouseClick(dialog.recreate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: idle(dialog) and dialog.link_label.isVisible(), timeout=WAIT)
    assert dialog.result_value.created and dialog.result_value.remote_id != result.remote_id
    dialog.close()


def test_schedule_in_the_site_time_zone(
    qtbot, db: Database, store: CredentialStore, wordpress: WordPressServer  # noqa: F811
) -> None:
    with db.write() as session:
        site_settings.save(session, timezone="Asia/Seoul")
    add_target(db, store, wordpress.url, wordpress.user, wordpress.app_password)
    made = make_article(db, inline=0)
    dialog = PublishDialog(db, made.article_id, None, store=store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None and idle(dialog), timeout=WAIT)
    assert "Asia/Seoul" in dialog.zone_label.text()

    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("future"))
    assert dialog.when_edit.isEnabled()
    year = dt.date.today().year + 1
    dialog.when_edit.setDateTime(dialog.when_edit.dateTime().fromString(
        f"{year}-03-01 09:00", "yyyy-MM-dd HH:mm"))
    qtbot.waitUntil(lambda: idle(dialog) and dialog.plan.status == "future", timeout=WAIT)
    # 09:00 in Seoul is midnight UTC.
    assert dialog.plan.fields["date_gmt"] == f"{year}-03-01T00:00:00"
    answer = answer_next_dialog(qtbot, "Schedule")  # going public asks first
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert answer.seen
    assert "is scheduled on site" in answer.text and "not public" in answer.text
    qtbot.waitUntil(lambda: dialog.link_label.isVisible(), timeout=WAIT)
    assert dialog.result_value.status == "future"
    with WordPressClient(wordpress.url, wordpress.user, wordpress.app_password) as wp:
        assert wp.get_post(dialog.result_value.remote_id).date_gmt == f"{year}-03-01T00:00:00"
    qtbot.waitUntil(lambda: idle(dialog), timeout=WAIT)
    dialog.close()


def test_missing_alt_text_blocks_publishing_but_not_a_draft(
    qtbot, db: Database, store: CredentialStore, wordpress: WordPressServer  # noqa: F811
) -> None:
    add_target(db, store, wordpress.url, wordpress.user, wordpress.app_password)
    made = make_article(db, inline=0, alt=False)
    dialog = PublishDialog(db, made.article_id, None, store=store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None and idle(dialog), timeout=WAIT)
    assert dialog.publish_button.isEnabled()  # a draft may go without alt text
    assert "before publishing" in dialog.plan_view.toPlainText()

    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("publish"))
    qtbot.waitUntil(lambda: idle(dialog) and dialog.plan.status == "publish", timeout=WAIT)
    assert not dialog.publish_button.isEnabled()
    assert "has no alt text" in dialog.plan_label.text()
    dialog.close()
