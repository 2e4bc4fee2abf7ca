"""Scheduling is going to published too (issue 14): Article › Publish to… asks before it
sends an article as published or scheduled, naming the site and the time, with Cancel as
the default; a draft is sent without a question. And a publication time in the future,
set before the status goes to published, is named for what it is: the static site has no
embargo. No WordPress needed: the site here refuses every connection at once (no
retries), which the dialog notes."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desk.core.articles import editing as articles
from desk.core.site import settings as site_settings
from desk.core.publish import errors, targets
from desk.core.publish.credentials import CredentialStore
from desk.ui.dialogs.publish import PublishDialog
from desk.ui.i18n import locale_format
from tests.publish_support import add_target, temporary_store

from tests.ui.driving import answer_next_dialog
from tests.ui.window.test_window_intent import choose_status, ready_draft, stored  # noqa: F401
from tests.ui.window.test_writing_desk import open_window

NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens
WAIT = 30_000


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CredentialStore:
    def refused(target, store=None):
        raise errors.PublishError(f"cannot connect to {target.url}: connection refused")

    # What the client's retries (3.5 s a connection) would end in, at once.
    monkeypatch.setattr(targets, "client_for", refused)
    return temporary_store(tmp_path / "credentials")


def open_publish(qtbot, db, store, article_id: int) -> PublishDialog:
    add_target(db, store, NOWHERE, "editor", "abcd efgh ijkl mnop qrst uvwx", name="newsroom")
    dialog = PublishDialog(db, article_id, None, store=store)
    # A job still running when the test ends is waited for (a QThread destroyed while
    # running aborts the process).
    qtbot.addWidget(dialog, before_close_func=lambda d: qtbot.waitUntil(lambda: not d.busy, timeout=WAIT))
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy
                    and not dialog._replan_timer.isActive(), timeout=WAIT)
    return dialog


def choose(qtbot, dialog: PublishDialog, status: str) -> None:
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(status))
    qtbot.waitUntil(lambda: not dialog.busy and not dialog._replan_timer.isActive()
                    and dialog.plan is not None and dialog.plan.status == status, timeout=WAIT)
    assert dialog.publish_button.isEnabled(), dialog.plan_label.text()


def test_scheduling_asks_naming_the_site_and_the_time(qtbot, db, store, ready_draft):  # noqa: F811
    with db.write() as s:
        site_settings.save(s, timezone="Asia/Seoul")
    dialog = open_publish(qtbot, db, store, ready_draft)
    choose(qtbot, dialog, "future")
    year = dt.date.today().year + 1
    dialog.set_scheduled_at(dt.datetime(year, 3, 1, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Seoul")))
    qtbot.waitUntil(lambda: not dialog.busy and not dialog._replan_timer.isActive(), timeout=WAIT)

    answer = answer_next_dialog(qtbot, "Cancel")
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert answer.seen
    assert answer.title == "Schedule?"
    assert "“Floods hit the valley” is scheduled on newsroom" in answer.text
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    assert locale_format.long_date_time(dt.datetime(year, 3, 1, 9, tzinfo=seoul)) in answer.text
    assert "KST" in answer.text
    assert "Schedule" in answer.buttons and "Cancel" in answer.buttons
    assert "There is no hero photo" in answer.text  # the checklist's warnings
    # Cancelled: nothing was sent, nothing is being sent.
    assert not dialog.busy and dialog.result_value is None
    assert "Nothing sent" in dialog.message_label.text()

    answer = answer_next_dialog(qtbot, "Schedule")
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert answer.seen
    # Confirmed, it is sent: this site refuses the connection, which the dialog says.
    qtbot.waitUntil(lambda: not dialog.busy and "connection refused" in dialog.message_label.text(),
                    timeout=WAIT)
    assert dialog.result_value is None


def test_publish_now_asks_and_a_draft_does_not(qtbot, db, store, ready_draft):  # noqa: F811
    dialog = open_publish(qtbot, db, store, ready_draft)
    choose(qtbot, dialog, "publish")
    answer = answer_next_dialog(qtbot, "Cancel")
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert answer.seen and answer.title == "Publish?"
    assert "“Floods hit the valley” goes public on newsroom now" in answer.text
    assert "Nothing sent" in dialog.message_label.text()

    choose(qtbot, dialog, "draft")
    answer = answer_next_dialog(qtbot, "Cancel", wait_ms=600)
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    qtbot.wait(700)
    assert not answer.seen  # a draft is not public: sent without a question
    assert "Nothing sent" not in dialog.message_label.text()


def test_a_future_publication_time_is_named_when_publishing(qtbot, services, db, ready_draft):  # noqa: F811
    later = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(days=3)
    with db.write() as s:
        articles.update(s, articles.get(s, ready_draft), published_at=later)
    win = open_window(qtbot, services)
    win.open_article(ready_draft)
    answer = answer_next_dialog(qtbot, "Cancel")
    choose_status(qtbot, win, "published")
    qtbot.waitUntil(lambda: answer.seen)
    assert "in the future" in answer.text and "no embargo" in answer.text
    assert stored(db, ready_draft) == ("draft", later)
