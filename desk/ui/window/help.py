"""Help: the keyboard shortcuts (read from the window's own menus, so the list is never
out of date), the short manual (resources/manual.md) and About.

    show_shortcuts(window)    Help › Keyboard Shortcuts
    show_manual(window)       Help › Manual
    show_about(window, db)    Help › About Desk: version, database and data folder
"""

from __future__ import annotations

import html
import platform
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMenuBar,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk import __version__, paths
from desk.ui.i18n.translation import translate

if TYPE_CHECKING:
    from desk.core.store.db import Database

# Keys the text fields handle themselves (no menu item): listed so an editor finds them.
TEXT_KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+Backspace", "Delete the word before the cursor"),
    ("Ctrl+Delete", "Delete the word after the cursor"),
    ("Ctrl+Left / Ctrl+Right", "Move a word left / right"),
    ("Ctrl+Home / Ctrl+End", "Go to the start / end of the text"),
    ("Tab", "Headline and standfirst: go to the next field"),
)


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu action with a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if sub is not None:
                walk(sub, f"{path} › {_plain(action.text())}")
                continue
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
                    if not k.isEmpty()]
            text, _, shown = action.text().partition("\t")
            if not keys and shown:  # keys a field handles itself, shown in the menu text
                keys = [shown]
            if keys and not action.isSeparator():
                rows.append((path, _plain(text), ", ".join(dict.fromkeys(keys))))

    for top in menu_bar.actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.text()))
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class ShortcutsDialog(QDialog):
    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("ShortcutsDialog", "Keyboard Shortcuts"))
        self.setObjectName("ShortcutsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        rows = shortcut_rows(menu_bar) + [("Text fields", what, keys) for keys, what in TEXT_KEYS]
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(translate("ShortcutsDialog", "Filter: a command or a key"))
        self.filter.setAccessibleName(translate("ShortcutsDialog", "Filter shortcuts"))
        self.filter.setClearButtonEnabled(True)
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName(translate("ShortcutsDialog", "Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([translate("ShortcutsDialog", "Menu"), translate("ShortcutsDialog", "Command"), translate("ShortcutsDialog", "Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.resize(620, 560)

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        for r in range(self.table.rowCount()):
            line = " ".join(self.table.item(r, c).text().lower() for c in range(3))
            self.table.setRowHidden(r, not all(w in line for w in words))

    def rows(self) -> list[tuple[str, str, str]]:
        return [tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
                for r in range(self.table.rowCount())]


def manual_path() -> Path:
    return paths.resources_dir() / "manual.md"


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("ManualDialog", "Desk Manual"))
        self.setObjectName("ManualDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(translate("ManualDialog", "Manual"))
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # the manual has no links to follow off-line
        try:
            text = manual_path().read_text(encoding="utf-8")
        except OSError as exc:
            text = f"The manual could not be read: {exc.strerror} ({manual_path()})."
        self.browser.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(680, 620)


def data_folder() -> Path:
    return paths.default_database_path().parent


def database_label(db: Database) -> str:
    """Where the open database is: its file, or its URL without the password."""
    if db.path is not None:
        return str(db.path)
    return db.engine.url.render_as_string(hide_password=True)


def about_html(db: Database | None) -> str:
    where = html.escape(database_label(db)) if db is not None else translate("Help", "not open yet")
    return (
        f"<h3>Desk {html.escape(__version__)}</h3>"
        "<p>" + translate("Help", "The offline editorial workstation: write, credit, preview, export and publish.")
        + "</p><p><b>" + translate("Help", "Database:") + f"</b> {where}<br>"
        "<b>" + translate("Help", "Data folder:") + f"</b> {html.escape(str(data_folder()))}</p>"
        f"<p style='color: palette(mid)'>Python {html.escape(platform.python_version())}, "
        f"Qt {html.escape(qVersion())}, PySide6 {html.escape(pyside_version)}</p>"
    )


def show_about(parent: QWidget, db: Database | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(translate("Help", "About Desk"))
    box.setObjectName("AboutBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_html(db))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setIcon(QMessageBox.Icon.Information)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def add_actions(owner: QWidget, menu: QMenu) -> dict[str, QAction]:
    """Help › Keyboard Shortcuts and Manual (About is added by the window, which knows
    the database)."""
    shortcuts = QAction(translate("Help", "&Keyboard Shortcuts"), owner)
    shortcuts.setShortcut(QKeySequence("Ctrl+/"))
    shortcuts.triggered.connect(lambda: ShortcutsDialog(owner.menuBar(), owner).open())
    manual = QAction(translate("Help", "Desk &Manual"), owner)
    manual.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    manual.triggered.connect(lambda: ManualDialog(owner).open())
    for action in (manual, shortcuts):
        menu.addAction(action)
        owner.addAction(action)
    return {"shortcuts": shortcuts, "manual": manual}
