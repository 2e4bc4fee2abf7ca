"""The categories manager: every change stored at once, refusals explained, nothing lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desk.core.articles import categories
from desk.core.store.models import Article, Category
from desk.ui.dialogs.categories import CategoriesDialog
from tests.ui.helpers import file_article, make_tree

TREE = {
    "World": {"Asia": {"Japan": {}}, "Europe": {}},
    "Politics": {"Foreign Policy": {}},
    "Sport": {},
}


@pytest.fixture
def ids(db):
    return make_tree(db, TREE)


@pytest.fixture
def dialog(qtbot, db, ids):
    dlg = CategoriesDialog(db)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    yield dlg
    dlg.close()


def stored_tree(db) -> list[str]:
    with db.read() as s:
        return [c.path_names() for c in categories.tree(s)]


def focus_tree_on(qtbot, dialog: CategoriesDialog, category_id: int) -> None:
    dialog.select(category_id)
    dialog.tree.setFocus()
    qtbot.waitUntil(dialog.tree.hasFocus)


def test_add_top_level_and_inside_selected(qtbot, db, dialog, ids):
    qtbot.keyClicks(dialog.name_edit, "Culture")
    with qtbot.waitSignal(dialog.categories_changed):
        qtbot.mouseClick(dialog.add_top_button, Qt.MouseButton.LeftButton)
    assert stored_tree(db)[-1] == "Culture"
    assert dialog.name_edit.text() == ""
    dialog.select(ids["World > Asia"])
    qtbot.keyClicks(dialog.name_edit, "Korea")
    with qtbot.waitSignal(dialog.categories_changed):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert "World > Asia > Korea" in stored_tree(db)
    assert dialog.tree.currentIndex().data() == "Korea"
    assert dialog.isVisible()  # Enter added; it did not close the dialog


def test_duplicate_name_is_refused_with_a_message(qtbot, db, dialog):
    before = stored_tree(db)
    qtbot.keyClicks(dialog.name_edit, "Sport")
    with qtbot.assertNotEmitted(dialog.categories_changed):
        qtbot.mouseClick(dialog.add_top_button, Qt.MouseButton.LeftButton)
    assert dialog.message_label.text().startswith("Not changed: ")
    assert "already exists" in dialog.message_label.text()
    assert stored_tree(db) == before
    assert dialog.name_edit.text() == "Sport"  # kept, so the editor can fix it


def test_f2_renames_inline(qtbot, db, dialog, ids):
    focus_tree_on(qtbot, dialog, ids["Sport"])
    qtbot.keyClick(dialog.tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Sports")
    with qtbot.waitSignal(dialog.categories_changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "Sports" in stored_tree(db)
    assert dialog.model.items[ids["Sport"]].text() == "Sports"


def test_rename_to_a_sibling_name_is_refused(qtbot, db, dialog, ids):
    index = dialog.model.items[ids["Sport"]].index()
    assert not dialog.model.setData(index, "Politics")
    assert "already exists" in dialog.message_label.text()
    assert dialog.model.items[ids["Sport"]].text() == "Sport"
    assert "Sport" in stored_tree(db)


def test_move_up_and_down_with_the_keyboard(qtbot, db, dialog, ids):
    focus_tree_on(qtbot, dialog, ids["Sport"])
    with qtbot.waitSignal(dialog.categories_changed):
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    tops = [p for p in stored_tree(db) if ">" not in p]
    assert tops == ["World", "Sport", "Politics"]
    assert dialog.tree.currentIndex().data() == "Sport"  # still selected after the reload
    with qtbot.waitSignal(dialog.categories_changed):
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [p for p in stored_tree(db) if ">" not in p] == ["World", "Politics", "Sport"]
    with qtbot.assertNotEmitted(dialog.categories_changed):
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert dialog.message_label.text() == "Already last."


def test_move_to_another_parent_through_the_small_dialog(qtbot, db, dialog, ids):
    focus_tree_on(qtbot, dialog, ids["Politics > Foreign Policy"])
    qtbot.keyClick(dialog.tree, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    chooser = dialog.move_dialog
    assert chooser is not None and chooser.isVisible()
    qtbot.keyClicks(chooser.picker.filter_edit, "world")
    with qtbot.waitSignal(dialog.categories_changed):
        qtbot.keyClick(chooser.picker.filter_edit, Qt.Key.Key_Return)
    assert "World > Foreign Policy" in stored_tree(db)
    assert dialog.message_label.text() == "Moved to “World > Foreign Policy”."


def test_move_to_offers_top_level_but_not_its_own_subtree(qtbot, db, dialog, ids):
    focus_tree_on(qtbot, dialog, ids["World > Asia"])
    dialog.move_to_action.trigger()
    chooser = dialog.move_dialog
    qtbot.keyClicks(chooser.picker.filter_edit, "japan")  # inside Asia itself
    with qtbot.assertNotEmitted(dialog.categories_changed):
        qtbot.keyClick(chooser.picker.filter_edit, Qt.Key.Key_Return)
    chooser.picker.filter_edit.clear()
    with qtbot.waitSignal(dialog.categories_changed):
        qtbot.keyClick(chooser.picker.filter_edit, Qt.Key.Key_Return)  # (Top level)
    assert "Asia > Japan" in stored_tree(db)
    assert stored_tree(db).index("Asia") > stored_tree(db).index("Sport")


def test_drop_reparents_and_reorders_through_the_core(qtbot, db, dialog, ids):
    # Called as QTreeView's drop handling calls it. InternalMove views accept only drags
    # they started themselves (a real QDrag), which a test cannot synthesise.
    model = dialog.model
    sport = model.items[ids["Sport"]].index()
    world = model.items[ids["World"]].index()
    data = model.mimeData([sport])
    # Dropped onto World: becomes its last child.
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, world) is False
    qtbot.waitUntil(lambda: "World > Sport" in stored_tree(db))
    # Dropped between the top-level rows, before World: first at the top level.
    politics = model.items[ids["Politics"]].index()
    assert model.dropMimeData(model.mimeData([politics]), Qt.DropAction.MoveAction, 0, 0,
                              QModelIndex()) is False
    qtbot.waitUntil(lambda: [p for p in stored_tree(db) if ">" not in p] == ["Politics", "World"])
    # Reordering downwards within the same parent lands where it was dropped.
    asia = model.items[ids["World > Asia"]].index()
    world = model.items[ids["World"]].index()
    model.dropMimeData(model.mimeData([asia]), Qt.DropAction.MoveAction, 2, 0, world)
    qtbot.waitUntil(lambda: [p for p in stored_tree(db) if p.count(">") == 1 and p.startswith("World")] ==
                    ["World > Europe", "World > Asia", "World > Sport"])


def test_drop_into_its_own_subtree_is_not_offered(qtbot, dialog, ids):
    model = dialog.model
    world = model.items[ids["World"]].index()
    japan = model.items[ids["World > Asia > Japan"]].index()
    data = model.mimeData([world])
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, japan)
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0,
                                 model.items[ids["Sport"]].index())


def test_delete_an_empty_category(qtbot, db, dialog, ids):
    focus_tree_on(qtbot, dialog, ids["Sport"])
    with qtbot.waitSignal(dialog.categories_changed):
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Delete)
    assert "Sport" not in stored_tree(db)
    assert dialog.message_label.text() == "Deleted “Sport”."


def test_delete_with_sub_categories_is_refused(qtbot, db, dialog, ids):
    focus_tree_on(qtbot, dialog, ids["Politics"])
    with qtbot.assertNotEmitted(dialog.categories_changed):
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Delete)
    assert "sub-categories" in dialog.message_label.text()
    assert "Politics" in stored_tree(db)


def test_delete_asks_where_the_articles_go(qtbot, db, dialog, ids):
    article_id = file_article(db, "Olympics open", ids["Sport"])
    focus_tree_on(qtbot, dialog, ids["Sport"])
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Delete)
    chooser = dialog.reassign_dialog
    assert chooser is not None and chooser.isVisible()
    assert "Sport" in stored_tree(db)  # nothing deleted until a target is chosen
    qtbot.keyClicks(chooser.picker.filter_edit, "europe")
    with qtbot.waitSignal(dialog.categories_changed):
        qtbot.keyClick(chooser.picker.filter_edit, Qt.Key.Key_Return)
    assert "Sport" not in stored_tree(db)
    with db.read() as s:
        assert s.get(Article, article_id).category_id == ids["World > Europe"]
    assert "1 article moved to “World > Europe”" in dialog.message_label.text()


def test_cancelling_the_reassignment_keeps_everything(qtbot, db, dialog, ids):
    file_article(db, "Olympics open", ids["Sport"])
    focus_tree_on(qtbot, dialog, ids["Sport"])
    dialog.delete_action.trigger()
    with qtbot.assertNotEmitted(dialog.categories_changed):
        qtbot.keyClick(dialog.reassign_dialog.picker.filter_edit, Qt.Key.Key_Escape)
    assert not dialog.reassign_dialog.isVisible()
    assert "Sport" in stored_tree(db)
    with db.read() as s:
        assert s.query(Category).count() == len(TREE) + 4


def test_keyboard_actions_have_buttons_and_names(dialog):
    names = {b.accessibleName() for b in dialog.action_buttons.values()}
    assert names == {"Rename", "Move up", "Move down", "Move to", "Delete"}
    assert dialog.tree.accessibleName() == "Category tree"

