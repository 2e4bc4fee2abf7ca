"""Choosing an article's primary category from a tree that may hold thousands.

Filtering happens in C++ (QSortFilterProxyModel against a precomputed path string per
item, through one regular expression), so typing stays instant with 2,000 categories;
see benchmarks/category_picker.py for the figures.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QEvent,
    QModelIndex,
    QObject,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTreeView, QVBoxLayout, QWidget
from sqlalchemy import select

from desk.core.articles.categories import PATH_SEPARATOR
from desk.core.store.db import Database
from desk.core.store.models import Category
from desk.ui.i18n.translation import translate

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
# The "no category" row carries this instead of an id: Qt item data cannot hold None.
NONE_ID = -1


def load_rows(db: Database) -> list[tuple[int, str, int | None]]:
    """(id, name, parent id) for every category, parents before children, in order."""
    with db.read() as session:
        rows = session.execute(
            select(Category.id, Category.name, Category.parent_id).order_by(
                Category.position, Category.id
            )
        ).all()
    children: dict[int | None, list[tuple[int, str, int | None]]] = {}
    for cid, name, parent_id in rows:
        children.setdefault(parent_id, []).append((cid, name, parent_id))
    ordered: list[tuple[int, str, int | None]] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(children.get(row[0], [])))
    return ordered


def filter_expression(text: str) -> QRegularExpression:
    """Every word typed must appear somewhere in the path, in any order, any case:
    "asia japan" finds "World > Asia > Japan"."""
    words = text.split()
    pattern = "".join(f"(?=.*{QRegularExpression.escape(w)})" for w in words)
    return QRegularExpression(
        pattern,
        QRegularExpression.PatternOption.CaseInsensitiveOption
        | QRegularExpression.PatternOption.UseUnicodePropertiesOption,
    )


class CategoryTreeModel(QStandardItemModel):
    """The category tree as items holding their id and full path."""

    def __init__(self, none_label: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.none_label = none_label
        self.items: dict[int, QStandardItem] = {}
        self.setHorizontalHeaderLabels([translate("CategoryTreeModel", "Category")])

    def load(self, rows: list[tuple[int, str, int | None]]) -> None:
        # The tree is built detached, then attached with one insertion: views and the
        # filter proxy see one change instead of one per category.
        self.clear()
        self.setHorizontalHeaderLabels([translate("CategoryTreeModel", "Category")])
        self.items = {}
        top: list[QStandardItem] = []
        if self.none_label is not None:
            none = QStandardItem(self.none_label)
            none.setData(NONE_ID, ID_ROLE)
            none.setData("", PATH_ROLE)
            none.setEditable(False)
            top.append(none)
        paths: dict[int, str] = {}
        for cid, name, parent_id in rows:
            parent_item = self.items.get(parent_id) if parent_id is not None else None
            path = f"{paths[parent_id]} {PATH_SEPARATOR} {name}" if parent_id in paths else name
            paths[cid] = path
            item = QStandardItem(name)
            item.setData(cid, ID_ROLE)
            item.setData(path, PATH_ROLE)
            item.setToolTip(path)
            item.setEditable(False)
            if parent_item is None:  # top level (or an orphan, kept visible)
                top.append(item)
            else:
                parent_item.appendRow(item)
            self.items[cid] = item
        if top:
            self.invisibleRootItem().appendRows(top)


NO_CATEGORY = QT_TRANSLATE_NOOP("CategoryPicker", "(No category)")
TOP_LEVEL = QT_TRANSLATE_NOOP("CategoryPicker", "(Top level)")


class CategoryPicker(QWidget):
    """A filter field over the category tree. Enter in the field chooses the first
    match, Down moves into the tree, Enter or a double-click there chooses a row.

    ``category_chosen`` carries the id, or None for "no category".
    """

    category_chosen = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 none_label: str | None = NO_CATEGORY):
        super().__init__(parent)
        self._db = db
        self._current: int | None = None
        self._unavailable: set[int] = set()
        self.setAccessibleName(translate("CategoryPicker", "Category picker"))

        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName(translate("CategoryPicker", "Filter categories"))
        self.filter_edit.setPlaceholderText(translate("CategoryPicker", "Type to filter categories…"))
        self.filter_edit.setClearButtonEnabled(True)

        # The row for "none" (a text of NONE_LABELS) in the interface's language.
        self.model = CategoryTreeModel(translate("CategoryPicker", none_label) if none_label else none_label, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(PATH_ROLE)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.tree = QTreeView()
        self.tree.setAccessibleName(translate("CategoryPicker", "Categories"))
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)  # lets the view skip measuring 2,000 rows
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

        self.current_label = QLabel()
        self.current_label.setAccessibleName(translate("CategoryPicker", "Chosen category"))
        self.current_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.current_label)
        self.setFocusProxy(self.filter_edit)

        self.filter_edit.textChanged.connect(self.set_filter)
        self.filter_edit.returnPressed.connect(self.choose_first_match)
        self.filter_edit.installEventFilter(self)
        self.tree.installEventFilter(self)
        # activated covers Enter and a double click (or a single click where the platform
        # style says so); connecting doubleClicked too would choose twice.
        self.tree.activated.connect(self._on_activated)
        self.reload()

    # --- public API -----------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the tree from the database, keeping the filter and the choice."""
        self.model.load(load_rows(self._db))
        self._apply_unavailable()
        self.set_filter(self.filter_edit.text())
        if self._current is not None and self._current not in self.model.items:
            self._current = None  # deleted meanwhile
        self._show_current()

    def set_current(self, category_id: int | None) -> None:
        """Show ``category_id`` as the chosen one (no signal: the caller knows)."""
        self._current = category_id if category_id in self.model.items else None
        self._show_current()
        item = self._item(self._current)
        if item is None:
            none_row = self.proxy.index(0, 0)
            if self.model.none_label is not None and none_row.data(ID_ROLE) == NONE_ID:
                self.tree.setCurrentIndex(none_row)
            return
        index = self.proxy.mapFromSource(item.index())
        if not index.isValid():  # filtered out: clear the filter so it can be seen
            self.filter_edit.clear()
            index = self.proxy.mapFromSource(item.index())
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def current_id(self) -> int | None:
        return self._current

    def set_unavailable(self, category_ids: set[int] | list[int]) -> None:
        """Grey out categories that cannot be chosen here (say, a category and its
        descendants when choosing where to move it)."""
        self._unavailable = set(category_ids)
        self._apply_unavailable()

    def set_filter(self, text: str) -> None:
        self.proxy.setFilterRegularExpression(filter_expression(text))
        if text.strip():
            # Matches deep in the tree must be seen without opening branches by hand.
            self.tree.expandAll()
        else:
            self.tree.collapseAll()
            item = self._item(self._current)
            if item is not None:
                self.tree.scrollTo(self.proxy.mapFromSource(item.index()))

    def choose_first_match(self) -> bool:
        """Choose the first row whose own path matches the filter (not an ancestor kept
        only to show the way to a match). False if nothing matches."""
        index = self.first_match()
        if index is None:
            return False
        self.tree.setCurrentIndex(index)
        self._choose(index)
        return True

    def first_match(self) -> QModelIndex | None:
        regex = filter_expression(self.filter_edit.text())
        stack = [self.proxy.index(r, 0) for r in reversed(range(self.proxy.rowCount()))]
        while stack:
            index = stack.pop()
            if self._choosable(index) and regex.match(index.data(PATH_ROLE) or "").hasMatch():
                return index
            stack.extend(
                self.proxy.index(r, 0, index) for r in reversed(range(self.proxy.rowCount(index)))
            )
        return None

    # --- internals ------------------------------------------------------------------------
    def _item(self, category_id: int | None) -> QStandardItem | None:
        return self.model.items.get(category_id) if category_id is not None else None

    def _apply_unavailable(self) -> None:
        for cid, item in self.model.items.items():
            item.setEnabled(cid not in self._unavailable)

    def _choosable(self, index: QModelIndex) -> bool:
        return index.isValid() and bool(index.flags() & Qt.ItemFlag.ItemIsEnabled)

    def _on_activated(self, index: QModelIndex) -> None:
        if self._choosable(index):
            self._choose(index)

    def _choose(self, index: QModelIndex) -> None:
        value = index.data(ID_ROLE)
        self._current = None if value in (None, NONE_ID) else int(value)
        self._show_current()
        self.category_chosen.emit(self._current)

    def _show_current(self) -> None:
        item = self._item(self._current)
        if item is None:
            self.current_label.setText(translate("CategoryPicker", "Chosen: {category}").format(
                category=self.model.none_label or translate("CategoryPicker", "nothing")))
        else:
            self.current_label.setText(translate("CategoryPicker", "Chosen: {category}").format(category=item.data(PATH_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if watched is self.filter_edit and key == Qt.Key.Key_Down:
                self._enter_tree()
                return True
            if watched is self.tree and key == Qt.Key.Key_Up and self._at_top():
                self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _enter_tree(self) -> None:
        index = self.tree.currentIndex()
        if not index.isValid():
            index = self.first_match() or self.proxy.index(0, 0)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _at_top(self) -> bool:
        current = self.tree.currentIndex()
        return not current.isValid() or self.tree.indexAbove(current).isValid() is False

    def visible_paths(self) -> list[str]:
        """Paths of the rows the filter lets through, in tree order."""
        out: list[str] = []
        stack = [self.proxy.index(r, 0) for r in reversed(range(self.proxy.rowCount()))]
        while stack:
            index = stack.pop()
            out.append(index.data(PATH_ROLE))
            stack.extend(
                self.proxy.index(r, 0, index) for r in reversed(range(self.proxy.rowCount(index)))
            )
        return out
