"""The categories manager: create, rename, reorder, re-parent and delete categories.

Every change is one ``db.write()`` through desk.core.articles.categories, written at once; the
tree is then re-read from the database, so what is shown is what is stored. A refused
change (a duplicate name, a move into itself, a category that still has children)
is explained in the message line and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from desk.core.articles import categories
from desk.core.store.db import Database
from desk.core.errors import DeskError
from desk.core.store.models import Article, Category
from desk.ui.panels.category_picker import ID_ROLE, TOP_LEVEL, CategoryPicker, load_rows
from desk.ui.window.operations import Changes, Operations
from desk.ui.editor.text_input import clean_lines
from desk.ui.i18n.translation import translate

MIME_TYPE = "application/x-desk-category-id"
Index = QModelIndex | QPersistentModelIndex


class CategoryEditModel(QStandardItemModel):
    """The tree, editable in place and rearranged by drag and drop.

    Drops and renames are not applied to the items here: they are handed to
    ``on_move`` / ``on_rename``, which write the database; the tree is then rebuilt
    from what was stored. A refused change leaves the items as they were.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.items: dict[int, QStandardItem] = {}
        self.on_move: Callable[[int, int | None, int], None] | None = None
        self.on_rename: Callable[[int, str], bool] | None = None

    def load(self, rows: list[tuple[int, str, int | None]]) -> None:
        self.clear()
        self.setHorizontalHeaderLabels([translate("CategoryEditModel", "Category")])
        self.items = {}
        top: list[QStandardItem] = []
        for cid, name, parent_id in rows:
            item = QStandardItem(name)
            item.setData(cid, ID_ROLE)
            flags = (
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
            )
            item.setFlags(flags)
            parent_item = self.items.get(parent_id) if parent_id is not None else None
            if parent_item is None:
                top.append(item)
            else:
                parent_item.appendRow(item)
            self.items[cid] = item
        if top:
            self.invisibleRootItem().appendRows(top)

    def category_id(self, index: Index) -> int | None:
        value = index.data(ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    # --- renaming -------------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.EditRole and self.on_rename is not None:
            cid = self.category_id(index)
            if cid is None or value == index.data(Qt.ItemDataRole.DisplayRole):
                return False
            if not self.on_rename(cid, str(value)):
                return False
            value = str(value).strip()
        return super().setData(index, value, role)

    # --- drag and drop --------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = [self.category_id(i) for i in indexes if i.isValid() and i.column() == 0]
        if ids and ids[0] is not None:
            data.setData(MIME_TYPE, QByteArray(str(ids[0]).encode()))
        return data

    def dragged_id(self, data: QMimeData) -> int | None:
        if not data.hasFormat(MIME_TYPE):
            return None
        try:
            return int(bytes(data.data(MIME_TYPE).data()).decode())
        except ValueError:
            return None

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        cid = self.dragged_id(data)
        if cid is None or action != Qt.DropAction.MoveAction:
            return False
        # Not onto itself nor into one of its own descendants.
        index = QModelIndex(parent)
        while index.isValid():
            if self.category_id(index) == cid:
                return False
            index = index.parent()
        return True

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        cid = self.dragged_id(data)
        item = self.items.get(cid) if cid is not None else None
        if item is None or self.on_move is None:
            return False
        new_parent_id = self.category_id(parent) if parent.isValid() else None
        siblings = self.rowCount(QModelIndex(parent)) if parent.isValid() else self.rowCount()
        position = siblings if row < 0 else row
        old_parent = item.parent()
        old_parent_id = self.category_id(old_parent.index()) if old_parent is not None else None
        if old_parent_id == new_parent_id and item.row() < position:
            position -= 1  # the row index counted the item itself, still above the drop
        self.on_move(cid, new_parent_id, position)
        # False: the view must not remove the dragged row itself; the tree is rebuilt
        # from the database instead.
        return False


class MoveToDialog(QDialog):
    """Where should a category go: another category, or the top level."""

    def __init__(self, db: Database, category_id: int, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("MoveToDialog", "Move “{name}” to…").format(name=name))
        self.chosen: int | None = None
        self.picker = CategoryPicker(db, self, none_label=TOP_LEVEL)
        with db.read() as session:
            self.picker.set_unavailable(categories.descendant_ids(session, category_id))
        self.picker.category_chosen.connect(self._on_chosen)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("MoveToDialog", "Choose the new parent of “{name}” (Enter or double-click):").format(name=name)))
        layout.addWidget(self.picker)
        layout.addWidget(buttons)
        self.picker.filter_edit.setFocus()

    def _on_chosen(self, category_id: int | None) -> None:
        self.chosen = category_id
        self.accept()


class ReassignDialog(QDialog):
    """A category being deleted still files articles: which category receives them."""

    def __init__(self, db: Database, category_id: int, name: str, count: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("ReassignDialog", "Delete “{name}”").format(name=name))
        self.chosen: int | None = None
        self.picker = CategoryPicker(db, self, none_label=None)
        self.picker.set_unavailable({category_id})
        self.picker.category_chosen.connect(self._on_chosen)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(translate("ReassignDialog", "“{name}” still files %n article(s). Move them to (Enter or "
                                 "double-click):", "", count).format(name=name))
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.picker)
        layout.addWidget(buttons)
        self.picker.filter_edit.setFocus()

    def _on_chosen(self, category_id: int | None) -> None:
        if category_id is None:
            return
        self.chosen = category_id
        self.accept()


class CategoriesDialog(QDialog):
    """Manage the category tree. Emits ``categories_changed`` after each stored change."""

    categories_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 operations: Operations | None = None):
        super().__init__(parent)
        self._db = db
        self._ops = operations if operations is not None else Operations(db, parent=self)
        self.setWindowTitle(translate("CategoriesDialog", "Categories"))
        self.resize(520, 640)
        self.move_dialog: MoveToDialog | None = None
        self.reassign_dialog: ReassignDialog | None = None

        self.model = CategoryEditModel(self)
        self.model.on_move = self._move_from_drop
        self.model.on_rename = self.rename

        self.tree = QTreeView()
        self.tree.setAccessibleName(translate("CategoriesDialog", "Category tree"))
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )

        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(translate("CategoriesDialog", "New category name"))
        self.name_edit.setPlaceholderText(translate("CategoriesDialog", "New category name"))
        clean_lines(self.name_edit)
        self.name_edit.setToolTip(translate("CategoriesDialog", "Enter adds it inside the selected category, or at the top level when none is selected"))
        self.add_top_button = QPushButton(translate("CategoriesDialog", "Add &top-level"))
        self.add_top_button.setAccessibleName(translate("CategoriesDialog", "Add top-level category"))
        self.add_child_button = QPushButton(translate("CategoriesDialog", "Add &inside selected"))
        self.add_child_button.setAccessibleName(translate("CategoriesDialog", "Add category inside the selected one"))

        self.message_label = QLabel()
        self.message_label.setAccessibleName(translate("CategoriesDialog", "Message"))
        self.message_label.setWordWrap(True)

        self.rename_action = self._action(translate("CategoriesDialog", "&Rename"), QKeySequence(Qt.Key.Key_F2), self.start_rename)
        self.up_action = self._action(
            translate("CategoriesDialog", "Move &up"), QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Up), lambda: self.move_by(-1)
        )
        self.down_action = self._action(
            translate("CategoriesDialog", "Move d&own"), QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Down), lambda: self.move_by(1)
        )
        self.move_to_action = self._action(
            translate("CategoriesDialog", "&Move to…"), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_M), self.ask_move_to
        )
        self.delete_action = self._action(
            translate("CategoriesDialog", "&Delete"), QKeySequence(QKeySequence.StandardKey.Delete), self.delete_selected
        )

        add_row = QHBoxLayout()
        add_row.addWidget(self.name_edit, 1)
        add_row.addWidget(self.add_top_button)
        add_row.addWidget(self.add_child_button)

        actions = QGridLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for column, action in enumerate(
            (self.rename_action, self.up_action, self.down_action, self.move_to_action,
             self.delete_action)
        ):
            button = QPushButton(action.text())
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            button.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
            button.clicked.connect(action.trigger)
            button.setAutoDefault(False)
            actions.addWidget(button, 0, column)
            self.action_buttons[action.text().replace("&", "")] = button
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for button in close.buttons():
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(add_row)
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message_label)
        layout.addWidget(close)

        # Enter in the name field must add, not press a default button and close.
        for button in (self.add_top_button, self.add_child_button):
            button.setAutoDefault(False)
        self.add_top_button.clicked.connect(lambda: self.add_from_field(inside_selected=False))
        self.add_child_button.clicked.connect(lambda: self.add_from_field(inside_selected=True))
        self.name_edit.returnPressed.connect(lambda: self.add_from_field(inside_selected=True))
        self.reload()

    def _action(self, text: str, key: QKeySequence, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(key)
        # Only while the tree has focus: Delete or F2 typed in the name field is text.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.tree.addAction(action)
        return action

    # --- reading --------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Re-read the tree, keeping open branches and the selection."""
        expanded = {cid for cid, item in self.model.items.items() if self.tree.isExpanded(item.index())}
        keep = select_id if select_id is not None else self.selected_id()
        self.model.load(load_rows(self._db))
        for cid in expanded:
            item = self.model.items.get(cid)
            if item is not None:
                self.tree.expand(item.index())
        if keep is not None:
            self.select(keep)

    def selected_id(self) -> int | None:
        return self.model.category_id(self.tree.currentIndex())

    def select(self, category_id: int) -> None:
        item = self.model.items.get(category_id)
        if item is None:
            return
        index = item.index()
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def path_of(self, category_id: int) -> str:
        with self._db.read() as session:
            node = session.get(Category, category_id)
            return node.path_names() if node else ""

    # --- writing --------------------------------------------------------------------------
    def _apply(self, what: str, change: Callable[[Any], Any]) -> tuple[bool, Any]:
        """Run one change in its own write transaction: (True, its result), or, when
        refused, (False, None) with the reason in the message line and nothing stored."""
        outcome: list[tuple[bool, Any]] = []

        def failed(exc: DeskError) -> None:
            # Said plainly, so a refusal is not mistaken for a confirmation.
            self.message_label.setText(translate("CategoriesDialog", "Not changed: {exc}").format(exc=exc))
            outcome.append((False, None))

        # On the writer thread; the dialog waits for the answer (the tree shows it next).
        self._ops.run(what, change, Changes(categories=True, list=True, saved=False),
                      done=lambda result: outcome.append((True, result)), failed=failed)
        self._ops.wait()
        if not outcome or not outcome[0][0]:
            return False, None
        self.categories_changed.emit()
        return outcome[0]

    def add_from_field(self, *, inside_selected: bool) -> int | None:
        parent_id = self.selected_id() if inside_selected else None
        new_id = self.add(self.name_edit.text(), parent_id)
        if new_id is not None:
            self.name_edit.clear()
        return new_id

    def add(self, name: str, parent_id: int | None) -> int | None:
        def change(session: Any) -> int:
            parent = session.get(Category, parent_id) if parent_id is not None else None
            return categories.create_category(session, name, parent).id

        ok, new_id = self._apply(translate("CategoriesDialog", "adding a category"), change)
        if not ok:
            return None
        self.reload(select_id=new_id)
        self.message_label.setText(translate("CategoriesDialog", "Added “{path}”.").format(path=self.path_of(new_id)))
        return new_id

    def start_rename(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid():
            self.tree.edit(index)

    def rename(self, category_id: int, name: str) -> bool:
        ok, _ = self._apply(translate("CategoriesDialog", "renaming a category"), lambda s: categories.rename(s, category_id, name))
        if ok:
            self.message_label.setText(translate("CategoriesDialog", "Renamed to “{name}”.").format(name=name.strip()))
        return ok

    def move(self, category_id: int, new_parent_id: int | None, position: int) -> bool:
        ok, _ = self._apply(
            translate("CategoriesDialog", "moving a category"),
            lambda s: categories.move(s, category_id, new_parent_id, position),
        )
        if ok:
            self.reload(select_id=category_id)
            self.message_label.setText(translate("CategoriesDialog", "Moved to “{path}”.").format(path=self.path_of(category_id)))
        return ok

    def _move_from_drop(self, category_id: int, new_parent_id: int | None, position: int) -> None:
        # The view is still inside its drop handling: rebuild the items once it is done.
        QTimer.singleShot(0, lambda: self.move(category_id, new_parent_id, position))

    def move_by(self, step: int) -> bool:
        index = self.tree.currentIndex()
        cid = self.model.category_id(index)
        if cid is None:
            return False
        target = index.row() + step
        siblings = self.model.rowCount(index.parent())
        if not 0 <= target < siblings:
            self.message_label.setText(translate("CategoriesDialog", "Already first.") if step < 0
                                       else translate("CategoriesDialog", "Already last."))
            return False
        return self.move(cid, self.model.category_id(index.parent()), target)

    def ask_move_to(self) -> None:
        cid = self.selected_id()
        if cid is None:
            self.message_label.setText(translate("CategoriesDialog", "Select a category to move."))
            return
        name = self.model.items[cid].text()
        self.move_dialog = MoveToDialog(self._db, cid, name, self)
        self.move_dialog.accepted.connect(
            lambda: self.move(cid, self.move_dialog.chosen, 1 << 30)  # last among siblings
        )
        self.move_dialog.open()

    def delete_selected(self) -> None:
        cid = self.selected_id()
        if cid is None:
            self.message_label.setText(translate("CategoriesDialog", "Select a category to delete."))
            return
        name = self.model.items[cid].text()
        with self._db.read() as session:
            count = session.scalar(
                select(func.count()).select_from(Article).where(Article.category_id == cid)
            ) or 0
            has_children = bool(session.scalar(
                select(func.count()).select_from(Category).where(Category.parent_id == cid)
            ))
        if count and not has_children:
            self.reassign_dialog = ReassignDialog(self._db, cid, name, count, self)
            self.reassign_dialog.accepted.connect(
                lambda: self.delete(cid, self.reassign_dialog.chosen)
            )
            self.reassign_dialog.open()
            return
        # An empty category, or one with sub-categories (the core refuses and says why).
        self.delete(cid, None)

    def delete(self, category_id: int, move_articles_to: int | None) -> bool:
        name = self.model.items[category_id].text() if category_id in self.model.items else ""
        index = self.model.items[category_id].index() if category_id in self.model.items else None
        ok, moved = self._apply(
            translate("CategoriesDialog", "deleting a category"),
            lambda s: categories.delete(s, category_id, move_articles_to=move_articles_to),
        )
        if not ok:
            return False
        # Keep the selection near where the deleted row was.
        neighbour = None
        if index is not None:
            above = self.tree.indexAbove(index)
            neighbour = self.model.category_id(above) if above.isValid() else None
        self.reload(select_id=neighbour)
        if moved:
            target = self.path_of(move_articles_to)
            self.message_label.setText(translate("CategoriesDialog", "Deleted “{name}”; %n article(s) moved to “{target}”.", "",
                          moved).format(name=name, target=target))
        else:
            self.message_label.setText(translate("CategoriesDialog", "Deleted “{name}”.").format(name=name))
        return True
