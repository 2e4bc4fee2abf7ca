"""The pre-publish checklist as a panel: blocking items first; activating one asks the
window to take the editor to the field that needs fixing."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from desk.core.articles import editing as articles, checklist
from desk.core.store.db import Database
from desk.core.articles.word_count import plural
from desk.ui.window.tasks import LatestTask
from desk.ui.i18n.translation import translate


class ChecklistPanel(QWidget):
    fix_requested = Signal(str)  # the field to go to ("headline", "body", "photo:12", ...)

    def __init__(self, db: Database, pool: QThreadPool, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(translate("ChecklistPanel", "Checklist summary"))
        self.list = QListWidget()
        self.list.setAccessibleName(translate("ChecklistPanel", "Checklist"))
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.list.itemActivated.connect(lambda item: self.fix_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self._task = LatestTask(pool, self._show, self._failed, self)
        self.items: list[checklist.Item] = []
        self._article_id: int | None = None
        self._stale = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh(self._article_id)

    def refresh(self, article_id: int | None) -> None:
        self._article_id = article_id
        if article_id is None:
            self._show([])
            return
        if not self.isVisible():
            # Checked when the panel is shown: scanning a long body after every autosave
            # would compete with the editor for the interpreter while the editor types.
            self._stale = True
            return
        self._stale = False

        def run() -> list[checklist.Item]:
            with self._db.read() as session:
                return checklist.check(session, articles.get(session, article_id))

        self._task.run(run)

    def _show(self, items: list[checklist.Item]) -> None:
        self.items = sorted(items, key=lambda i: (i.severity != checklist.BLOCK, i.code))
        self.list.clear()
        style = self.style()
        for item in self.items:
            icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical
                                      if item.severity == checklist.BLOCK
                                      else QStyle.StandardPixmap.SP_MessageBoxWarning)
            row = QListWidgetItem(icon, item.message)
            row.setData(Qt.ItemDataRole.UserRole, item.field)
            row.setToolTip(translate("ChecklistPanel", "Blocks publishing") if item.severity == checklist.BLOCK
                           else translate("ChecklistPanel", "Worth a look"))
            self.list.addItem(row)
        blocking = len(checklist.blocking(self.items))
        if not self.items:
            self.summary.setText(translate("ChecklistPanel", "Ready to publish: nothing to fix."))
        else:
            looks = len(self.items) - blocking  # a plain name: lupdate reads the count's place
            self.summary.setText(" ".join((
                translate("ChecklistPanel", "%n item(s) blocking publishing,", "", blocking),
                translate("ChecklistPanel", "%n to look at.", "", looks))))

    def _failed(self, error: Exception) -> None:
        self.summary.setText(translate("ChecklistPanel", "The checklist could not be made: {error}").format(error=error))
