"""Edit › Cut, Copy, Paste, Delete, Select All: the standard actions, acting on the field
that has the keyboard focus (a line, the standfirst, the body, a photo's caption, the
preview's selected text).

The text widgets handle these keys themselves, so the menu shows the keys (after a tab in
the item's text) without binding them: a window-wide Ctrl+V would be ambiguous with the
photo library's own paste, and neither would run. The items are for the mouse and the
menu's reminder of the keys; when the menu opens, each item is enabled only if the focused
field can do it now (nothing to cut without a selection, nowhere to paste in a read-only
field).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QMenu, QPlainTextEdit, QTextEdit, QWidget

from desk.ui.i18n.translation import translate

OPS = ("cut", "copy", "paste", "delete", "select_all")
_LABELS = {"cut": (QT_TRANSLATE_NOOP("EditActions", "Cu&t"), QKeySequence.StandardKey.Cut),
           "copy": (QT_TRANSLATE_NOOP("EditActions", "&Copy"), QKeySequence.StandardKey.Copy),
           "paste": (QT_TRANSLATE_NOOP("EditActions", "&Paste"), QKeySequence.StandardKey.Paste),
           "delete": (QT_TRANSLATE_NOOP("EditActions", "&Delete"), None),
           "select_all": (QT_TRANSLATE_NOOP("EditActions", "Select &All"), QKeySequence.StandardKey.SelectAll)}


def text_target(widget: QWidget | None) -> QWidget | None:
    """The text widget behind the focus: an editable combo box's line, a spin box's line."""
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return widget


def _web_view(widget: QWidget | None):
    from PySide6.QtWebEngineWidgets import QWebEngineView

    while widget is not None:  # the view's focus proxy is a child of the view
        if isinstance(widget, QWebEngineView):
            return widget
        widget = widget.parentWidget()
    return None


def can(op: str, widget: QWidget | None) -> bool:
    """Whether ``op`` can act on the focused ``widget`` now."""
    target = text_target(widget)
    if isinstance(target, QLineEdit):
        selected = target.hasSelectedText()
        editable = not target.isReadOnly()
    elif isinstance(target, (QPlainTextEdit, QTextEdit)):
        selected = target.textCursor().hasSelection()
        editable = not target.isReadOnly()
    elif (view := _web_view(target)) is not None:
        return op in ("copy", "select_all") and (op == "select_all" or view.hasSelection())
    else:
        return False
    if op in ("cut", "delete"):
        return selected and editable
    if op == "copy":
        return selected
    if op == "paste":
        mime = QGuiApplication.clipboard().mimeData()
        return editable and mime is not None and (mime.hasText() or mime.hasHtml() or mime.hasImage())
    return True  # select all


def run(op: str, widget: QWidget | None) -> bool:
    """Do ``op`` on the focused widget; False when it cannot."""
    target = text_target(widget)
    if (view := _web_view(target)) is not None:
        from PySide6.QtWebEngineCore import QWebEnginePage

        action = {"copy": QWebEnginePage.WebAction.Copy,
                  "select_all": QWebEnginePage.WebAction.SelectAll}.get(op)
        if action is None:
            return False
        view.page().triggerAction(action)
        return True
    if isinstance(target, QLineEdit):
        if op == "delete":
            target.del_()
        elif op == "select_all":
            target.selectAll()
        else:
            getattr(target, op)()
        return True
    if isinstance(target, (QPlainTextEdit, QTextEdit)):
        if op == "delete":
            target.textCursor().removeSelectedText()
        elif op == "select_all":
            target.selectAll()
        else:
            getattr(target, op)()
        return True
    return False


def install(window: QWidget, menu: QMenu) -> dict[str, QAction]:
    """Add the actions to ``menu`` (after what it holds) and to the window."""
    actions: dict[str, QAction] = {}
    menu.addSeparator()
    for op in OPS:
        text, key = _LABELS[op]
        text = translate("EditActions", text)
        if key is not None:
            text += "\t" + QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        action = QAction(text, window)
        action.triggered.connect(lambda _checked=False, o=op: run(o, QApplication.focusWidget()))
        menu.addAction(action)
        window.addAction(action)
        actions[op] = action

    def refresh() -> None:
        focused = QApplication.focusWidget()
        for op, action in actions.items():
            action.setEnabled(can(op, focused))

    def restore() -> None:
        # Shortcuts must keep working after the menu closes, whatever had focus then.
        for action in actions.values():
            action.setEnabled(True)

    menu.aboutToShow.connect(refresh)
    menu.aboutToHide.connect(restore)
    return actions
