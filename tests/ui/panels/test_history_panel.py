"""The history panel: revisions in the site's time zone, diffs between any two, restore."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from desk.core.articles import editing as articles
from desk.core.store.models import Revision
from desk.ui.i18n import locale_format
from desk.ui.panels.history import HistoryPanel

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture
def story(db):
    """An article with three revisions an hour apart; returns (article id, revision ids
    oldest first)."""
    with db.write() as s:
        a = articles.create(s, headline="Soldiers salute", body="First line.\n\nSecond line.",
                            category="World > Asia", byline="Ana Li")
        r1 = articles.add_revision(s, a, "created", "ana")
        articles.update(s, a, headline="Soldiers salute at Mansu Hill",
                        body="First line.\n\nSecond line, longer.")
        r2 = articles.add_revision(s, a, "autosave", "ana")
        articles.update(s, a, status="review", tags=["North Korea"])
        r3 = articles.add_revision(s, a, "sent to review", "ben")
        ids = [r1.id, r2.id, r3.id]
        base = dt.datetime(2024, 4, 15, 0, 0, tzinfo=dt.timezone.utc)
        for i, rid in enumerate(ids):
            s.execute(update(Revision).where(Revision.id == rid)
                      .values(created_at=base + dt.timedelta(hours=i)))
        return a.id, ids


@pytest.fixture
def panel(qtbot, db, story):
    widget = HistoryPanel(db, TOKYO, author="editor")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_article(story[0])
    yield widget


def rows(panel: HistoryPanel) -> list[list[str]]:
    view = panel.revisions_view
    return [[view.topLevelItem(i).text(c) for c in range(3)] for i in range(view.topLevelItemCount())]


def shown(hour: int) -> str:
    """15 April 2024 at ``hour`` in Tokyo, as the window writes a moment (the locale's)."""
    return locale_format.long_date_time(dt.datetime(2024, 4, 15, hour, tzinfo=TOKYO), seconds=True)


def test_lists_revisions_newest_first_in_the_site_time_zone(panel):
    assert rows(panel) == [
        [shown(11), "sent to review", "ben"],
        [shown(10), "autosave", "ana"],
        [shown(9), "created", "ana"],
    ]
    assert all(row[0].endswith(" JST") for row in rows(panel))
    assert panel.title_label.text() == "History of “Soldiers salute at Mansu Hill”"


def test_newest_is_compared_with_the_one_before(panel, story):
    assert panel.selected_revision_id() == story[1][2]
    assert panel.summary_label.text().startswith(f"From {shown(10)} (autosave) to")
    text = panel.diff_view.toPlainText()
    assert "Status" in text and "draft" in text and "review" in text
    assert "Tags" in text and "North Korea" in text
    assert "Body" not in text  # unchanged fields are hidden by default


def test_selecting_with_the_keyboard_changes_the_diff(qtbot, panel):
    panel.revisions_view.setFocus()
    qtbot.keyClick(panel.revisions_view, Qt.Key.Key_Down)
    html = panel.diff_view.toHtml()
    text = panel.diff_view.toPlainText()
    assert "Headline" in text and "at Mansu Hill" in text
    assert "Body" in text and "longer" in text
    assert "line-through" in html or "text-decoration" in html  # a deletion is struck


def test_first_revision_is_compared_with_nothing(qtbot, panel):
    panel.revisions_view.setFocus()
    qtbot.keyClick(panel.revisions_view, Qt.Key.Key_End)
    assert "From nothing (the first revision)" in panel.summary_label.text()
    assert "Soldiers salute" in panel.diff_view.toPlainText()


def test_any_two_revisions_can_be_compared(qtbot, panel, story):
    first = story[1][0]
    panel.set_compare_with(first)
    text = panel.diff_view.toPlainText()
    assert "Headline" in text and "Status" in text and "Body" in text
    assert panel.summary_label.text().startswith(f"From {shown(9)} (created)")
    qtbot.mouseClick(panel.unchanged_box, Qt.MouseButton.LeftButton)
    assert "Byline (unchanged)" in panel.diff_view.toPlainText()


def test_compare_with_the_current_article(qtbot, db, panel, story):
    article_id, (r1, _r2, _r3) = story
    with db.write() as s:
        articles.update(s, articles.get(s, article_id), byline="Ana Li and Ben Oh")
    panel.refresh()
    panel.select_revision(r1)
    panel.set_compare_with("current")
    text = panel.diff_view.toPlainText()
    assert "Ben Oh" in text
    assert panel.summary_label.text().startswith("From the article as it is now")


def test_restore_puts_the_article_back_and_is_a_revision(qtbot, db, panel, story):
    article_id, (r1, _r2, _r3) = story
    panel.select_revision(r1)
    with qtbot.waitSignal(panel.restored) as blocker:
        qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [article_id]
    with db.read() as s:
        article = articles.get(s, article_id)
        assert article.headline == "Soldiers salute"
        assert article.body == "First line.\n\nSecond line."
        assert article.status == "draft"
        newest = articles.revisions(s, article_id)[0]
        newest_id, reason, author = newest.id, newest.reason, newest.author
    assert reason == f"restored revision {r1}" and author == "editor"
    assert len(rows(panel)) == 4
    assert panel.selected_revision_id() == newest_id
    assert panel.message_label.text() == f"Restored the article as it was at {shown(9)}."


def test_restore_refusal_is_shown_and_changes_nothing(qtbot, db, panel, story):
    article_id, (r1, _r2, _r3) = story
    with db.write() as s:
        # Another article now holds the slug the old revision had.
        articles.update(s, articles.get(s, article_id), slug="renamed-story")
        articles.create(s, headline="Soldiers salute")
    panel.refresh()
    panel.select_revision(r1)
    with qtbot.assertNotEmitted(panel.restored, wait=300):
        panel.restore_selected()  # written on the writer thread; refused there
        qtbot.waitUntil(lambda: panel.message_label.text().startswith("Not restored: "))
    assert "already used" in panel.message_label.text()
    with db.read() as s:
        assert articles.get(s, article_id).headline == "Soldiers salute at Mansu Hill"
        assert len(articles.revisions(s, article_id)) == 3


def test_an_article_without_revisions_and_no_article(qtbot, db, panel):
    with db.write() as s:
        fresh = articles.create(s, headline="Fresh").id
    panel.set_article(fresh)
    assert rows(panel) == []
    assert panel.summary_label.text() == "No revisions yet."
    assert not panel.restore_button.isEnabled()
    panel.set_article(None)
    assert panel.title_label.text() == "No article"
