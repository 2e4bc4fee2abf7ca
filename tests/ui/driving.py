"""Driving what a test cannot reach with keyClicks alone: the wheel, modal dialogs, the
window with a seeded article."""

from __future__ import annotations

from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


def wheel(widget: QWidget, notches: int = 1) -> bool:
    """Turn the mouse wheel over the middle of ``widget`` (down for positive notches), as
    the window system delivers it: to the child under the pointer, then to its parents
    while ignored (Qt propagates only spontaneous wheel events itself, so this does).
    Returns whether someone accepted it."""
    centre = widget.rect().center()
    target = widget.childAt(centre) or widget
    point = QPoint(target.mapFrom(widget, centre))
    while target is not None:
        event = QWheelEvent(QPointF(point), QPointF(target.mapToGlobal(point)), QPoint(0, 0),
                            QPoint(0, -120 * notches), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(target, event)
        if event.isAccepted() or target.isWindow():
            return event.isAccepted()
        point = target.mapToParent(point)
        target = target.parentWidget()
    return False


def _plain(text: str) -> str:
    return text.replace("&", "")


@dataclass
class Answer:
    """What the dialog said, once it was answered (``seen`` stays False if none came)."""

    seen: bool = False
    stayed: bool = False  # the click did not close it (the test then closed it)
    title: str = ""
    text: str = ""
    buttons: list[str] = field(default_factory=list)


def answer_next_dialog(qtbot, button: str, *, fill: dict[str, str] | None = None,
                       wait_ms: int = 3000) -> Answer:
    """Click ``button`` on the next modal dialog once it is shown, after typing ``fill``
    (accessible name -> text) into its fields. Call it before the action that opens the
    dialog (whose exec() blocks the test)."""
    answer = Answer()
    tries = [wait_ms // 20]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(20, poll)
            return
        answer.seen = True
        answer.title = dialog.windowTitle()
        answer.text = "\n".join(label.text() for label in dialog.findChildren(QLabel) if label.text())
        buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
        answer.buttons = [_plain(b.text()) for b in buttons]
        for name, value in (fill or {}).items():
            edits = [*dialog.findChildren(QLineEdit), *dialog.findChildren(QPlainTextEdit)]
            edit = next(w for w in edits if w.accessibleName() == name)
            edit.setFocus()
            qtbot.keyClicks(edit, value)
        chosen = next((b for b in buttons if _plain(b.text()) == button), None)
        if chosen is None:
            dialog.reject()  # not the dialog the test expected: leave it, the test fails
            return
        qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)
        QTimer.singleShot(300, lambda: still_open(dialog))

    def still_open(dialog: QWidget) -> None:
        # The test (and its window with the dialog) may be over by now.
        if shiboken6.isValid(dialog) and dialog.isVisible():
            answer.stayed = True
            dialog.close()

    QTimer.singleShot(0, poll)
    return answer
