"""The category picker: type to filter, Enter to choose, keyboard into the tree."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from desk.ui.panels.category_picker import CategoryPicker
from tests.ui.helpers import make_big_tree, make_tree

TREE = {
    "World": {"Asia": {"Japan": {}, "Korea": {}}, "Europe": {"France": {}}},
    "Politics": {"Foreign Policy": {}},
    "Sport": {},
}


@pytest.fixture
def ids(db):
    return make_tree(db, TREE)


@pytest.fixture
def picker(qtbot, db, ids):
    widget = CategoryPicker(db)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.filter_edit.setFocus()
    qtbot.waitUntil(widget.filter_edit.hasFocus)
    return widget


def test_lists_the_tree_with_a_no_category_row(picker):
    assert picker.proxy.rowCount() == 4  # (No category), World, Politics, Sport
    assert picker.visible_paths()[:3] == ["", "World", "World > Asia"]
    assert picker.current_id() is None


def test_typing_filters_on_any_part_of_the_path(qtbot, picker):
    qtbot.keyClicks(picker.filter_edit, "asia")
    assert picker.visible_paths() == [
        "World", "World > Asia", "World > Asia > Japan", "World > Asia > Korea",
    ]
    picker.filter_edit.clear()
    qtbot.keyClicks(picker.filter_edit, "WORLD kor")  # words in any order, any case
    assert picker.visible_paths() == ["World", "World > Asia", "World > Asia > Korea"]


def test_enter_chooses_the_first_real_match(qtbot, picker, ids):
    qtbot.keyClicks(picker.filter_edit, "japan")
    with qtbot.waitSignal(picker.category_chosen) as blocker:
        qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    # "World" and "World > Asia" are shown only as the way to Japan: Japan is chosen.
    assert blocker.args == [ids["World > Asia > Japan"]]
    assert picker.current_id() == ids["World > Asia > Japan"]
    assert picker.current_label.text() == "Chosen: World > Asia > Japan"


def test_enter_with_no_match_chooses_nothing(qtbot, picker):
    qtbot.keyClicks(picker.filter_edit, "zzz")
    with qtbot.assertNotEmitted(picker.category_chosen):
        qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert picker.current_id() is None


def test_down_moves_into_the_tree_and_enter_chooses(qtbot, picker, ids):
    qtbot.keyClicks(picker.filter_edit, "europe")
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    assert picker.tree.hasFocus()
    assert picker.tree.currentIndex().data() == "Europe"
    qtbot.keyClick(picker.tree, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.category_chosen) as blocker:
        qtbot.keyClick(picker.tree, Qt.Key.Key_Return)
    assert blocker.args == [ids["World > Europe > France"]]
    # Up from the top row goes back to the filter.
    qtbot.keyClick(picker.tree, Qt.Key.Key_Up)
    qtbot.keyClick(picker.tree, Qt.Key.Key_Up)
    qtbot.keyClick(picker.tree, Qt.Key.Key_Up)
    assert picker.filter_edit.hasFocus()


def test_double_click_chooses_and_no_category_gives_none(qtbot, picker, ids):
    picker.set_current(ids["Sport"])
    assert picker.current_label.text() == "Chosen: Sport"
    index = picker.proxy.index(0, 0)  # (No category)
    rect = picker.tree.visualRect(index)
    chosen = []
    picker.category_chosen.connect(chosen.append)
    # A real double click: the press of the first click, then the double-click event.
    qtbot.mouseClick(picker.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(picker.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen == [None]
    assert picker.current_id() is None


def test_set_current_reveals_a_filtered_out_category(qtbot, picker, ids):
    qtbot.keyClicks(picker.filter_edit, "sport")
    picker.set_current(ids["World > Asia > Korea"])
    assert picker.filter_edit.text() == ""
    assert picker.tree.currentIndex().data() == "Korea"
    assert picker.current_id() == ids["World > Asia > Korea"]


def test_reload_sees_new_categories_and_forgets_deleted(qtbot, db, picker, ids):
    from desk.core.articles import categories

    picker.set_current(ids["Sport"])
    with db.write() as s:
        categories.create_category(s, "Tennis", s.get(categories.Category, ids["Sport"]))
        categories.delete(s, ids["Politics > Foreign Policy"])
    picker.reload()
    assert "Sport > Tennis" in picker.visible_paths()
    assert "Politics > Foreign Policy" not in picker.visible_paths()
    assert picker.current_id() == ids["Sport"]


def test_unavailable_categories_cannot_be_chosen(qtbot, picker, ids):
    picker.set_unavailable({ids["World > Asia > Japan"]})
    qtbot.keyClicks(picker.filter_edit, "japan")
    with qtbot.assertNotEmitted(picker.category_chosen):
        qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)


def test_filtering_two_thousand_categories_is_fast(qtbot, db):
    count = make_big_tree(db)
    assert count == 2010
    picker = CategoryPicker(db)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    # Its speed is measured in benchmarks/category_picker.py.
    qtbot.keyClicks(picker.filter_edit, "leaf 7.3.1")
    assert picker.visible_paths()[:3] == [
        "Region 7", "Region 7 > Topic 7.3", "Region 7 > Topic 7.3 > Leaf 7.3.1",
    ]
    assert len(picker.visible_paths()) == 2 + 10  # Leaf 7.3.1 and 7.3.10 to 7.3.18
    with qtbot.waitSignal(picker.category_chosen) as blocker:
        qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert picker.current_label.text() == "Chosen: Region 7 > Topic 7.3 > Leaf 7.3.1"
    assert isinstance(blocker.args[0], int)


def test_set_current_none_highlights_the_no_category_row(picker, ids):
    picker.set_current(ids["Sport"])
    picker.set_current(None)
    assert picker.current_id() is None
    assert picker.tree.currentIndex().data() == "(No category)"
    assert picker.current_label.text() == "Chosen: (No category)"
