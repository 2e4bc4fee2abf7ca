"""Recent databases: the files this computer opened last, newest first, for File › Open
Recent. Kept with Qt's settings (they belong to the computer, not to any database)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget
from desk.ui.i18n.translation import translate

KEY = "recent/databases"
LIMIT = 8


def entries() -> list[Path]:
    value = QSettings().value(KEY, [], list)
    if isinstance(value, str):  # a single entry comes back as a string from some formats
        value = [value]
    seen: list[Path] = []
    for item in value or []:
        path = Path(str(item))
        if path not in seen:
            seen.append(path)
    return seen[:LIMIT]


def add(path: str | Path) -> None:
    """``path`` was opened: first in the list."""
    path = Path(path).expanduser().absolute()
    rest = [p for p in entries() if p != path]
    QSettings().setValue(KEY, [str(p) for p in [path, *rest][:LIMIT]])


def remove(path: str | Path) -> None:
    QSettings().setValue(KEY, [str(p) for p in entries() if p != Path(path)])


def clear() -> None:
    QSettings().remove(KEY)


class RecentMenu(QMenu):
    """File › Open Recent: filled each time it opens. ``chosen(path)`` when one is picked;
    the database open now is listed but not offered (it is open)."""

    chosen = Signal(str)

    def __init__(self, current: Path | None, parent: QWidget | None = None):
        super().__init__(translate("RecentMenu", "Open &Recent"), parent)
        self.setObjectName("recentMenu")
        self._current = current.absolute() if current else None
        self.aboutToShow.connect(self.fill)
        self.fill()

    def fill(self) -> None:
        self.clear()
        shown = 0
        for number, path in enumerate(entries(), start=1):
            label = f"&{number} {path.name}  —  {path.parent}" if number < 10 else f"{path.name}  —  {path.parent}"
            action = QAction(label, self)
            action.setData(str(path))
            action.setToolTip(str(path))
            if path == self._current:
                action.setText(label + "  (open)")
                action.setEnabled(False)
            elif not path.exists():
                action.setText(label + "  (missing)")
                action.setEnabled(False)
            action.triggered.connect(lambda _checked=False, p=str(path): self.chosen.emit(p))
            self.addAction(action)
            shown += 1
        if not shown:
            empty = QAction(translate("RecentMenu", "No recent databases"), self)
            empty.setEnabled(False)
            self.addAction(empty)
        self.addSeparator()
        clear_action = QAction(translate("RecentMenu", "&Clear Menu"), self)
        clear_action.setEnabled(shown > 0)
        clear_action.triggered.connect(lambda: (clear(), self.fill()))
        self.addAction(clear_action)
