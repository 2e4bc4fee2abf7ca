"""Nothing changes without intent: the mouse wheel scrolls the page, not the fields.

Scrolling a panel used to pass over a drop-down, a date or a number and change it (and
autosave saved it at once): a MaxPPP credit line turned into a Reuters one, a draft into
a published article. Installed once for the application, the guard gives every combo box,
spin box and date/time edit StrongFocus (the wheel no longer focuses them) and lets the
wheel through to them only after the editor clicked them; otherwise the wheel is ignored
and goes on to the scroll area around them.

Why the classes' handlers and not an application event filter: a Python filter on the
application makes PySide wrap every object an event reaches, and wrapping one sets a
property, which sends an event to the filter again, mid-wrap: it crashed (PySide 6.11).
The handlers below are Python overrides of the Qt classes' own, so they reach every field
the application creates from Python (every field of Desk), and nothing else pays for them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFontComboBox,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

# Each class that has handlers of its own in Qt (a subclass' own C++ handler comes first).
GUARDED = (QComboBox, QFontComboBox, QAbstractSpinBox, QSpinBox, QDoubleSpinBox,
           QDateTimeEdit, QDateEdit, QTimeEdit)
_CLICKED = "deskWheelAllowed"  # property: focused by a click, so the wheel is intended
_installed = False


def _owner(widget: QWidget | None) -> QWidget | None:
    """The guarded field ``widget`` is, or is part of (a spin box's line edit)."""
    if widget is None:
        return None
    if isinstance(widget, GUARDED):
        return widget
    parent = widget.parentWidget()
    return parent if isinstance(parent, GUARDED) else None


def _focus_changed(old: QWidget | None, now: QWidget | None) -> None:
    """Leaving a field ends the permission; a click gives it (mousePressEvent, or here
    when the click moved the focus). Focus coming back with the window's activation
    leaves it as it was."""
    field = _owner(old)
    if field is not None and field is not _owner(now):
        field.setProperty(_CLICKED, False)
    field = _owner(now)
    if field is not None and QApplication.mouseButtons() != Qt.MouseButton.NoButton:
        field.setProperty(_CLICKED, True)


def _patch(cls: type) -> None:
    wheel, show, press = cls.wheelEvent, cls.showEvent, cls.mousePressEvent

    def wheelEvent(self: QWidget, event: Any) -> None:  # noqa: N802 (Qt's name)
        if self.hasFocus() and self.property(_CLICKED):
            wheel(self, event)
        else:
            event.ignore()  # not this field's: its parents (the scroll area) get it

    def showEvent(self: QWidget, event: Any) -> None:  # noqa: N802
        if self.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        show(self, event)

    def mousePressEvent(self: QWidget, event: Any) -> None:  # noqa: N802
        self.setProperty(_CLICKED, True)  # clicked, though it had the focus from the keyboard
        press(self, event)

    cls.wheelEvent, cls.showEvent, cls.mousePressEvent = wheelEvent, showEvent, mousePressEvent


def install(app: QApplication | None = None) -> None:
    """Once per application (later calls do nothing); fields made before are guarded too."""
    global _installed
    app = app or QApplication.instance()
    if _installed:
        return
    _installed = True
    for cls in GUARDED:
        _patch(cls)
    app.focusChanged.connect(_focus_changed)
    for widget in app.allWidgets():
        if isinstance(widget, GUARDED) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
