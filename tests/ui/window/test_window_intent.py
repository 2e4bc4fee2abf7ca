"""Nothing changes without intent (issue 14): the wheel over a field that was not clicked
changes nothing, going to published asks first and says what happens, and an article the
checklist blocks is published only by an explicit override with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sqlalchemy import select

from desk.core.articles import editing as articles, categories, release
from desk.core.photos import records as photos
from desk.core.store.models import Revision

from tests.ui.driving import answer_next_dialog, wheel
from tests.ui.photos.test_photo_panel import MAXPPP_LINE, REPO
from tests.ui.window.test_writing_desk import open_window


def stored(db, article_id):
    with db.read() as s:
        a = articles.get(s, article_id)
        return a.status, a.published_at


@pytest.fixture
def ready_draft(db):
    """A draft the checklist has nothing against (a hero is only a warning)."""
    with db.write() as s:
        a = articles.create(s, headline="Floods hit the valley", body="Water rose overnight.",
                            byline="Ann Lee", category="World")
    return a.id


@pytest.fixture
def blocked_draft(db):
    with db.write() as s:
        categories.by_path(s, "World", create=True)
        a = articles.create(s, headline="Budget vote delayed", body="The vote moves.")
    return a.id


# --- the wheel --------------------------------------------------------------------------


def test_the_wheel_over_unfocused_status_and_date_changes_nothing(qtbot, services, db, ready_draft):
    with db.write() as s:
        articles.update(s, articles.get(s, ready_draft),
                        published_at=dt.datetime(2024, 4, 15, 8, tzinfo=dt.timezone.utc))
    win = open_window(qtbot, services)
    win.open_article(ready_draft)
    win.editor.body.setFocus()
    status, published = win.inspector.status, win.inspector.published
    before = published.dateTime()
    for _ in range(3):
        wheel(status)
        wheel(published)
    assert status.currentText() == "draft"
    assert published.dateTime() == before
    qtbot.wait(1200)  # longer than the autosave delay: nothing was saved either
    assert stored(db, ready_draft) == ("draft", dt.datetime(2024, 4, 15, 8, tzinfo=dt.timezone.utc))


def test_the_wheel_over_the_photo_preset_changes_nothing(qtbot, services, db):
    """It turned an exact MaxPPP credit line into a Reuters one."""
    with db.write() as s:
        photos.ensure_builtin_presets(s)
        data = (REPO / "resources/demo/photos/mansu-hill.jpg").read_bytes()
        photo_id = photos.store(s, data, "mansu-hill.jpg")[0].id
    win = open_window(qtbot, services)
    win.show_photo(photo_id)
    panel = win.photo_panel
    qtbot.waitUntil(lambda: panel.preset.currentData() == "maxppp")
    win.editor.body.setFocus()
    for notches in (2, -1, 3):
        wheel(panel.preset, notches)
    assert panel.preset.currentData() == "maxppp"
    assert panel.composed_text() == MAXPPP_LINE
    qtbot.wait(1200)
    with db.read() as s:
        photo = photos.get(s, photo_id)
        assert photo.preset.key == "maxppp" and photos.credit_text(photo) == MAXPPP_LINE


def test_every_new_field_ignores_the_wheel_until_clicked_and_the_page_scrolls(qtbot, services):
    """The guard is installed once for the application: widgets made later have it too."""
    win = open_window(qtbot, services)  # installs the guard
    area = QScrollArea()
    page = QWidget()
    column = QVBoxLayout(page)
    combo, spin, double, when = QComboBox(), QSpinBox(), QDoubleSpinBox(), QDateTimeEdit()
    combo.addItems(["Reuters", "MaxPPP", "AFP"])
    spin.setRange(0, 100)
    spin.setValue(50)
    double.setValue(5.0)
    when.setDateTime(QDateTime(2024, 4, 15, 10, 0, 0))
    for widget in (combo, spin, double, when):
        column.addWidget(widget)
        column.addSpacing(400)
    area.setWidget(page)
    area.resize(300, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    win.editor.body.setFocus()
    for widget in (combo, spin, double, when):
        area.ensureWidgetVisible(widget)
        start = area.verticalScrollBar().value()
        assert wheel(widget, 1), "the wheel goes on to the page"
        assert area.verticalScrollBar().value() > start, type(widget).__name__
    assert (combo.currentText(), spin.value(), double.value()) == ("Reuters", 50, 5.0)
    assert when.dateTime() == QDateTime(2024, 4, 15, 10, 0, 0)
    for widget in (combo, spin, double, when):
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus
    # Clicked (focused), a field takes the wheel as usual.
    area.ensureWidgetVisible(spin)
    qtbot.mouseClick(spin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin, -1)
    assert spin.value() == 51


# --- going to published ------------------------------------------------------------------


def choose_status(qtbot, win, status: str) -> None:
    """As the editor does: the status field, then the first letter of the status."""
    combo = win.inspector.status
    combo.setFocus()
    # A second letter within the keyboard search interval would be searched as "pp".
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(combo, status[0])


def test_status_to_published_asks_and_says_what_happens(qtbot, services, db, ready_draft):
    win = open_window(qtbot, services)
    win.open_article(ready_draft)
    answer = answer_next_dialog(qtbot, "Cancel")
    choose_status(qtbot, win, "published")
    qtbot.waitUntil(lambda: answer.seen)
    assert "Floods hit the valley" in answer.text
    assert "publication time" in answer.text and "export" in answer.text
    assert "Publish" in answer.buttons and "Cancel" in answer.buttons
    assert win.inspector.status.currentText() == "draft"
    qtbot.wait(300)
    assert stored(db, ready_draft) == ("draft", None)

    answer = answer_next_dialog(qtbot, "Publish")
    choose_status(qtbot, win, "published")
    qtbot.waitUntil(lambda: stored(db, ready_draft)[0] == "published", timeout=10000)
    assert answer.seen and stored(db, ready_draft)[1] is not None
    # The inspector follows (it said "Published: Not set").
    qtbot.waitUntil(lambda: win.inspector.has_date.isChecked())
    assert win.inspector.published.text() != "Not set"
    assert win.inspector.status.currentText() == "published"


def test_a_blocked_article_is_published_only_with_a_reason(qtbot, services, db, blocked_draft):
    win = open_window(qtbot, services)
    win.open_article(blocked_draft)
    answer = answer_next_dialog(qtbot, "Cancel")
    choose_status(qtbot, win, "published")
    qtbot.waitUntil(lambda: answer.seen)
    assert "The byline is missing" in answer.text and "not filed under a category" in answer.text
    assert "Publish Anyway" in answer.buttons and "Publish" not in answer.buttons
    assert win.inspector.status.currentText() == "draft"
    assert stored(db, blocked_draft) == ("draft", None)

    answer = answer_next_dialog(qtbot, "Publish Anyway",
                                fill={"Reason for overriding the checklist": "Byline added on the site"})
    choose_status(qtbot, win, "published")
    qtbot.waitUntil(lambda: stored(db, blocked_draft)[0] == "published", timeout=10000)
    with db.read() as s:
        kept = [(r.reason, r.author, r.snapshot.get("checklist_override", {}).get("why"))
                for r in s.scalars(select(Revision).where(Revision.article_id == blocked_draft))]
    assert ("checklist overridden: Byline added on the site", release.editor_name(),
            "Byline added on the site") in kept


def test_a_reason_is_required_to_override(qtbot, services, db, blocked_draft):
    win = open_window(qtbot, services)
    win.open_article(blocked_draft)
    answer = answer_next_dialog(qtbot, "Publish Anyway")  # no reason typed
    choose_status(qtbot, win, "published")
    qtbot.waitUntil(lambda: answer.seen)
    assert answer.stayed  # the button does nothing without a reason; the editor cancels
    qtbot.wait(300)
    assert stored(db, blocked_draft) == ("draft", None)
    assert win.inspector.status.currentText() == "draft"
