"""An article's revisions: when, why and by whom; what changed between any two; restore.

The list reads only the revisions' small columns; a snapshot (which holds the whole
body) is loaded when it is first compared, and kept until the next refresh.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desk.core.articles import editing as articles
from desk.core.store.db import Database
from desk.core.articles.diffs import diff_snapshots, to_html
from desk.core.errors import DeskError
from desk.core.store.models import Article, Revision
from desk.ui.window.operations import Changes, Operations
from desk.ui.i18n import locale_format
from desk.ui.i18n.translation import translate

# Choices of the "compare with" box that are not a revision id.
PREVIOUS = "previous"
CURRENT = "current"


@dataclass(frozen=True)
class RevisionRow:
    id: int
    created_at: dt.datetime
    reason: str
    author: str


class HistoryPanel(QWidget):
    """Revisions of one article (``set_article``). Select a revision in the list and
    choose what to compare it with; Restore puts the article back as that revision had
    it (a new revision itself) and emits ``restored(article_id)``."""

    restored = Signal(int)

    def __init__(self, db: Database, tz: dt.tzinfo, parent: QWidget | None = None, *,
                 author: str = "", operations: Operations | None = None):
        super().__init__(parent)
        self._db = db
        self._ops = operations if operations is not None else Operations(db, parent=self)
        self._tz = tz
        self._author = author
        self._article_id: int | None = None
        self._rows: list[RevisionRow] = []
        self._snapshots: dict[int | str, dict[str, Any]] = {}
        self.setAccessibleName(translate("HistoryPanel", "Revision history"))

        self.title_label = QLabel()
        self.title_label.setAccessibleName(translate("HistoryPanel", "Article"))
        self.title_label.setWordWrap(True)

        self.revisions_view = QTreeWidget()
        self.revisions_view.setAccessibleName(translate("HistoryPanel", "Revisions"))
        self.revisions_view.setHeaderLabels([translate("HistoryPanel", "When"), translate("HistoryPanel", "Reason"), translate("HistoryPanel", "Author")])
        self.revisions_view.setRootIsDecorated(False)
        self.revisions_view.setUniformRowHeights(True)
        self.revisions_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.revisions_view.setAllColumnsShowFocus(True)

        self.compare_combo = QComboBox()
        self.compare_combo.setAccessibleName(translate("HistoryPanel", "Compare with"))
        compare_label = QLabel(translate("HistoryPanel", "&Compare with:"))
        compare_label.setBuddy(self.compare_combo)
        self.unchanged_box = QCheckBox(translate("HistoryPanel", "Show &unchanged fields"))
        self.unchanged_box.setAccessibleName(translate("HistoryPanel", "Show unchanged fields"))

        self.summary_label = QLabel()
        self.summary_label.setAccessibleName(translate("HistoryPanel", "Compared revisions"))
        self.summary_label.setWordWrap(True)
        self.diff_view = QTextBrowser()
        self.diff_view.setAccessibleName(translate("HistoryPanel", "Differences"))
        self.diff_view.setOpenLinks(False)

        self.restore_button = QPushButton(translate("HistoryPanel", "&Restore this revision"))
        self.restore_button.setAccessibleName(translate("HistoryPanel", "Restore this revision"))
        self.message_label = QLabel()
        self.message_label.setAccessibleName(translate("HistoryPanel", "Message"))
        self.message_label.setWordWrap(True)

        compare_row = QHBoxLayout()
        compare_row.addWidget(compare_label)
        compare_row.addWidget(self.compare_combo, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(compare_row)
        bottom_layout.addWidget(self.unchanged_box)  # its own line: the panel fits a narrow dock
        bottom_layout.addWidget(self.summary_label)
        bottom_layout.addWidget(self.diff_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.revisions_view)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.revisions_view.currentItemChanged.connect(self._show_diff)
        self.compare_combo.currentIndexChanged.connect(self._show_diff)
        self.unchanged_box.toggled.connect(self._show_diff)
        self.restore_button.clicked.connect(self.restore_selected)
        self._update_enabled()

    # --- public API -----------------------------------------------------------------------
    def set_timezone(self, tz: dt.tzinfo) -> None:
        self._tz = tz
        self.refresh()

    def set_article(self, article_id: int | None) -> None:
        self._article_id = article_id
        self.refresh()

    def article_id(self) -> int | None:
        return self._article_id

    def refresh(self) -> None:
        """Re-read the revision list (after a save, say); keeps the selection if it can."""
        keep = self.selected_revision_id()
        keep_base = self.compare_combo.currentData()
        self._snapshots.clear()
        self._rows = []
        headline = ""
        if self._article_id is not None:
            try:
                with self._db.read() as session:
                    article = session.get(Article, self._article_id)
                    if article is not None:
                        headline = article.headline or "(untitled)"
                        self._rows = [
                            RevisionRow(*row)
                            for row in session.execute(
                                select(Revision.id, Revision.created_at, Revision.reason,
                                       Revision.author)
                                .where(Revision.article_id == self._article_id)
                                .order_by(Revision.created_at.desc(), Revision.id.desc())
                            )
                        ]
            except DeskError as exc:
                self.message_label.setText(str(exc))
        self.title_label.setText(translate("HistoryPanel", "History of “{headline}”").format(headline=headline)
                                 if headline else translate("HistoryPanel", "No article"))

        blocked = [w.blockSignals(True) for w in (self.revisions_view, self.compare_combo)]
        self.revisions_view.clear()
        self.revisions_view.addTopLevelItems([self._item(row) for row in self._rows])
        self.compare_combo.clear()
        self.compare_combo.addItem(translate("HistoryPanel", "The revision before it"), PREVIOUS)
        self.compare_combo.addItem(translate("HistoryPanel", "The article as it is now"), CURRENT)
        for row in self._rows:
            self.compare_combo.addItem(f"{self._when(row)} — {row.reason or 'saved'}", row.id)
        base = self.compare_combo.findData(keep_base)
        self.compare_combo.setCurrentIndex(max(base, 0))
        for w, was in zip((self.revisions_view, self.compare_combo), blocked):
            w.blockSignals(was)
        for i in range(3):
            self.revisions_view.resizeColumnToContents(i)

        ids = [row.id for row in self._rows]
        select_id = keep if keep in ids else (ids[0] if ids else None)
        if select_id is not None:
            self.select_revision(select_id)
        else:
            self._show_diff()

    def select_revision(self, revision_id: int) -> None:
        for i, row in enumerate(self._rows):
            if row.id == revision_id:
                self.revisions_view.setCurrentItem(self.revisions_view.topLevelItem(i))
                return

    def selected_revision_id(self) -> int | None:
        item = self.revisions_view.currentItem()
        return int(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None

    def set_compare_with(self, revision_id: int | str) -> None:
        """A revision id, ``"previous"`` (default) or ``"current"``."""
        index = self.compare_combo.findData(revision_id)
        if index >= 0:
            self.compare_combo.setCurrentIndex(index)

    def restore_selected(self) -> bool:
        revision_id = self.selected_revision_id()
        if self._article_id is None or revision_id is None:
            return False
        article_id = self._article_id
        restored_row = next((r for r in self._rows if r.id == revision_id), None)

        def restore(session) -> int:
            article = articles.get(session, article_id)
            return articles.restore_revision(session, article, revision_id, self._author).id

        def done(new_id: int) -> None:
            if self._article_id == article_id:
                self.refresh()
                self.select_revision(new_id)
                when = self._when(restored_row) if restored_row else f"revision {revision_id}"
                self.message_label.setText(translate("HistoryPanel", "Restored the article as it was at {when}.").format(when=when))
            self.restored.emit(article_id)

        self.restore_button.setEnabled(False)  # one restore at a time
        self.message_label.setText(translate("HistoryPanel", "Restoring…"))
        self._ops.run("restoring a revision", restore,
                      Changes.of([article_id], revisions=True, attachments=True, list=True),
                      done=done, failed=self._restore_failed)
        return True

    def _restore_failed(self, exc: DeskError) -> None:
        self.message_label.setText(translate("HistoryPanel", "Not restored: {exc}").format(exc=exc))
        self._update_enabled()

    # --- internals ------------------------------------------------------------------------
    def _when(self, row: RevisionRow) -> str:
        return locale_format.long_date_time(row.created_at.astimezone(self._tz), seconds=True)

    def _item(self, row: RevisionRow) -> QTreeWidgetItem:
        item = QTreeWidgetItem([self._when(row), row.reason, row.author])
        item.setData(0, Qt.ItemDataRole.UserRole, row.id)
        item.setToolTip(0, row.created_at.isoformat())
        return item

    def _snapshot(self, key: int | str) -> dict[str, Any] | None:
        if key in self._snapshots:
            return self._snapshots[key]
        with self._db.read() as session:
            if key == CURRENT:
                article = session.get(Article, self._article_id)
                snap = articles.snapshot(articles.get(session, article.id)) if article else None
            else:
                snap = session.scalar(select(Revision.snapshot).where(Revision.id == key))
        if snap is not None:
            self._snapshots[key] = snap
        return snap

    def _base_key(self, revision_id: int) -> int | str | None:
        """What the selected revision is compared with; None: with nothing (the first)."""
        choice = self.compare_combo.currentData()
        if choice != PREVIOUS:
            return choice
        ids = [row.id for row in self._rows]
        i = ids.index(revision_id)
        return ids[i + 1] if i + 1 < len(ids) else None

    def _label(self, key: int | str | None) -> str:
        if key is None:
            return "nothing (the first revision)"
        if key == CURRENT:
            return "the article as it is now"
        row = next((r for r in self._rows if r.id == key), None)
        return f"{self._when(row)} ({row.reason or 'saved'})" if row else f"revision {key}"

    def _show_diff(self, *_args: Any) -> None:
        self._update_enabled()
        revision_id = self.selected_revision_id()
        if revision_id is None:
            self.summary_label.setText(translate("HistoryPanel", "No revisions yet.") if self._article_id else "")
            self.diff_view.clear()
            return
        base_key = self._base_key(revision_id)
        try:
            new = self._snapshot(revision_id) or {}
            old = (self._snapshot(base_key) or {}) if base_key is not None else {}
        except DeskError as exc:
            self.message_label.setText(str(exc))
            return
        self.summary_label.setText(
            translate("HistoryPanel", "From {old} to {new}:").format(old=self._label(base_key), new=self._label(revision_id))
        )
        diffs = diff_snapshots(old, new)
        self.diff_view.setHtml(to_html(diffs, only_changed=not self.unchanged_box.isChecked()))

    def _update_enabled(self) -> None:
        has = self.revisions_view.currentItem() is not None
        self.restore_button.setEnabled(has)
        self.compare_combo.setEnabled(bool(self._rows))
