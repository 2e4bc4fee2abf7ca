"""The first start on a shared database asks who is editing; the answer is kept."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog

from desk.core.newsroom import identity, users
from desk.ui.dialogs.user_choice import choose_actor


def test_a_shared_database_lists_its_editors_and_remembers_the_choice(qtbot, db, monkeypatch):
    monkeypatch.delenv("DESK_USER", raising=False)
    monkeypatch.delenv("DESK_EDITOR", raising=False)
    with db.write() as session:
        users.ensure(session, identity.new_actor("Marie Lambert"))
        users.ensure(session, identity.new_actor("Paul Durand"))
    seen = {}

    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible())
        combo = dialog.findChild(QComboBox)
        seen["choices"] = [combo.itemText(i) for i in range(combo.count())]
        combo.setCurrentText("Marie Lambert")
        dialog.accept()

    QTimer.singleShot(0, lambda: qtbot.waitUntil(lambda: any(
        isinstance(w, QInputDialog) and w.isVisible() for w in QApplication.topLevelWidgets())) or answer())
    actor = choose_actor(db, explicit=False)
    assert actor.name == "Marie Lambert" and actor.initials == "ML"
    assert {"Marie Lambert", "Paul Durand", "New editor…"} <= set(seen["choices"])
    assert choose_actor(db, explicit=False).name == "Marie Lambert"  # asked once


def test_a_named_editor_is_not_asked(db, monkeypatch):
    monkeypatch.setenv("DESK_USER", "Paul Durand")
    with db.write() as session:
        users.ensure(session, identity.new_actor("Marie Lambert"))
    assert choose_actor(db, explicit=False).name == "Paul Durand"
