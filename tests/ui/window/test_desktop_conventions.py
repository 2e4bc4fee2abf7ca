"""What every editor expects of a desktop program: the Edit menu's standard actions on
the focused field, Help (shortcuts, manual, About), Open Database and recent databases,
editor zoom, a palette that follows the system, file dialogs that start in a sensible
folder, an offer on an empty database, plurals, and the open database shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from desk.core.articles import editing as articles
from desk.core.articles.word_count import plural


def open_window(qtbot, services):
    from desk.ui.window.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.load_initial()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def one_article(db, **fields) -> int:
    with db.write() as s:
        return articles.create(s, headline=fields.pop("headline", "Floods hit the valley"),
                               body=fields.pop("body", "Water rose overnight."), **fields).id


def menu_texts(menu) -> list[str]:
    return [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if not a.isSeparator()]


# --- Edit ------------------------------------------------------------------------------

def test_the_edit_menu_has_the_standard_actions(qtbot, services, db):
    one_article(db)
    win = open_window(qtbot, services)
    texts = menu_texts(win._menus["&Edit"])
    for name in ("Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Select All", "Preferences…"):
        assert name in texts, name
    assert texts.index("Cut") < texts.index("Copy") < texts.index("Paste") < texts.index("Select All")
    # The keys are shown in the menu (the fields bind them themselves).
    assert win.cut_action.text().endswith("\tCtrl+X") and win.paste_action.text().endswith("\tCtrl+V")


def test_cut_copy_paste_and_select_all_act_on_the_focused_field(qtbot, services, db):
    one_article(db)
    win = open_window(qtbot, services)
    qtbot.waitUntil(lambda: win.editor.article_id is not None)
    headline, standfirst, body = win.editor.headline, win.editor.standfirst, win.editor.body
    headline.setFocus()
    qtbot.waitUntil(headline.hasFocus)
    win.select_all_action.trigger()
    assert headline.selectedText() == "Floods hit the valley"
    win.cut_action.trigger()
    assert headline.text() == "" and QApplication.clipboard().text() == "Floods hit the valley"
    standfirst.setFocus()
    qtbot.waitUntil(standfirst.hasFocus)
    win.paste_action.trigger()
    assert standfirst.toPlainText() == "Floods hit the valley"
    body.setFocus()
    qtbot.waitUntil(body.hasFocus)
    win.select_all_action.trigger()
    win.copy_action.trigger()
    assert QApplication.clipboard().text() == "Water rose overnight."
    win.delete_action.trigger()
    assert body.toPlainText() == ""


def test_edit_items_are_enabled_by_what_the_focused_field_can_do(qtbot, services, db):
    one_article(db)
    win = open_window(qtbot, services)
    qtbot.waitUntil(lambda: win.editor.article_id is not None)
    win.editor.body.setFocus()
    qtbot.waitUntil(win.editor.body.hasFocus)
    menu = win._menus["&Edit"]
    menu.aboutToShow.emit()
    assert not win.cut_action.isEnabled() and not win.copy_action.isEnabled()  # no selection
    assert win.select_all_action.isEnabled()
    menu.aboutToHide.emit()
    assert win.cut_action.isEnabled()  # back for the next time


# --- Help ------------------------------------------------------------------------------

def test_keyboard_shortcuts_lists_the_menus_own_shortcuts(qtbot, services):
    from desk.ui.window.help import ShortcutsDialog

    win = open_window(qtbot, services)
    texts = menu_texts(win._menus["&Help"])
    assert texts == ["Desk Manual", "Keyboard Shortcuts", "About Desk"]
    win.shortcuts_action.trigger()
    dialog = win.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    assert ("File", "Save Revision", "Ctrl+S") in rows
    assert ("View", "Actual Size", "Ctrl+0") in rows
    assert ("Edit", "Paste", "Ctrl+V") in rows
    assert any(r[1] == "Zoom In" and "Ctrl++" in r[2] for r in rows)
    assert any(r[0] == "Text fields" and r[2] == "Ctrl+Delete" for r in rows)
    qtbot.keyClicks(dialog.filter, "zoom")
    shown = [r for r in range(dialog.table.rowCount()) if not dialog.table.isRowHidden(r)]
    assert sorted(dialog.table.item(r, 1).text() for r in shown) == ["Zoom In", "Zoom Out"]
    dialog.close()


def test_the_manual_opens_from_help(qtbot, services):
    from desk.ui.window.help import ManualDialog

    win = open_window(qtbot, services)
    win.manual_action.trigger()
    dialog = win.findChild(ManualDialog)
    assert dialog is not None
    text = dialog.browser.toPlainText()
    assert "Desk, the short manual" in text and "Preferences" in text and "Open Database" in text
    dialog.close()


@pytest.mark.sqlite_only
def test_about_gives_version_database_and_data_folder(qtbot, services, db_path):
    from desk import __version__
    from desk.ui.window.help import data_folder

    win = open_window(qtbot, services)
    win.about_action.trigger()
    box = win._about_box
    text = box.text()
    assert f"Desk {__version__}" in text
    assert str(db_path) in text and str(data_folder()) in text
    box.close()


@pytest.mark.sqlite_only
def test_the_open_database_is_shown(qtbot, services, db_path):
    win = open_window(qtbot, services)
    assert win.database_label.text() == f"Database: {db_path.name}"
    assert win.database_label.toolTip() == str(db_path)
    assert win.database_label.isVisible()


# --- databases -------------------------------------------------------------------------

@pytest.fixture
def workstation(qtbot, services):
    from desk.app import Workstation

    host = Workstation()
    win = open_window(qtbot, services)
    host.adopt(win, services)
    yield host
    if host.window is not None:
        host.window.close()
    if host.services is not services:
        host.services.shutdown()


@pytest.mark.sqlite_only
def test_open_database_replaces_the_window_and_is_remembered(qtbot, workstation, db_path, tmp_path, monkeypatch):
    from desk.core.store.db import open_database
    from desk.ui.dialogs import file_dialogs
    from desk.ui.window import recent

    other_path = tmp_path / "other.sqlite"
    other = open_database(other_path)
    with other.write() as s:
        articles.create(s, headline="From the other newsroom", body="Hello.")
    other.close()
    old = workstation.window
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: other_path)
    old.open_database_action.trigger()
    new = workstation.window
    assert new is not old and not old.isVisible()
    qtbot.addWidget(new)
    qtbot.waitUntil(lambda: new.model.rowCount() == 1)
    assert new.model.data(new.model.index(0, 0)) == "From the other newsroom"
    assert new.database_label.text() == "Database: other.sqlite"
    assert recent.entries()[:2] == [other_path.absolute(), db_path.absolute()]
    # File › Open Recent offers the first one again (the open one is listed, not offered).
    menu = new.recent_menu
    menu.fill()
    offered = [a for a in menu.actions() if a.data() and a.isEnabled()]
    assert [a.data() for a in offered] == [str(db_path.absolute())]
    offered[0].trigger()
    back = workstation.window
    qtbot.addWidget(back)
    assert back.database_label.text() == f"Database: {db_path.name}"


@pytest.mark.sqlite_only
def test_a_file_that_is_not_a_database_leaves_the_window_as_it_was(qtbot, workstation, tmp_path, monkeypatch):
    from desk.ui.dialogs import file_dialogs

    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: bad)
    old = workstation.window
    old.open_database_action.trigger()
    assert workstation.window is old and old.isVisible()
    assert len(warned) == 1 and str(bad) in warned[0] and "\n" not in warned[0]


@pytest.mark.sqlite_only
def test_new_database_creates_an_empty_one_and_offers_the_demo(qtbot, workstation, tmp_path, monkeypatch):
    from desk.ui.dialogs import file_dialogs

    fresh = tmp_path / "fresh.sqlite"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: fresh)
    workstation.window.new_database_action.trigger()
    win = workstation.window
    qtbot.addWidget(win)
    assert fresh.exists() and win.database_label.text() == "Database: fresh.sqlite"
    qtbot.waitUntil(win.welcome.isVisible)


# --- first run -------------------------------------------------------------------------

def test_an_empty_database_offers_the_demo_and_loads_it(qtbot, services):
    win = open_window(qtbot, services)
    qtbot.waitUntil(win.welcome.isVisible)
    assert "no articles yet" in win.welcome.label.text()
    qtbot.mouseClick(win.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.model.rowCount() == 6, timeout=30000)
    assert not win.welcome.isVisible()
    qtbot.waitUntil(lambda: win.editor.article_id is not None)
    assert win.photo_library.model.rowCount() > 0
    assert win.inspector.category.tree.model().rowCount() > 1  # the demo's categories
    assert win.count_label.text() == "6 articles"


def test_the_offer_is_not_made_on_a_database_with_articles(qtbot, services, db):
    one_article(db)
    win = open_window(qtbot, services)
    qtbot.wait(50)
    assert not win.welcome.isVisible()


def test_the_offer_to_import_opens_the_markdown_dialog(qtbot, services, tmp_path, monkeypatch):
    from desk.ui.dialogs import file_dialogs

    story = tmp_path / "story.md"
    story.write_text("---\ntitle: Imported story\n---\nText.\n", encoding="utf-8")
    asked = []
    monkeypatch.setattr(file_dialogs, "open_files", lambda *a, **k: asked.append(a) or [story])
    win = open_window(qtbot, services)
    qtbot.waitUntil(win.welcome.isVisible)
    qtbot.mouseClick(win.welcome.import_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0][2] == file_dialogs.DOCUMENTS
    qtbot.waitUntil(lambda: win.model.rowCount() == 1)
    assert not win.welcome.isVisible()


# --- zoom ------------------------------------------------------------------------------

def test_editor_zoom_in_out_reset_and_remembered(qtbot, services, db):
    from desk.ui.window.main_window import MainWindow

    one_article(db)
    win = open_window(qtbot, services)
    body = win.editor.body
    base = body.font().pointSizeF()
    headline_base = win.editor.headline.font().pointSizeF()
    qtbot.keyClick(body, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(body, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert body.font().pointSizeF() == pytest.approx(base * 1.21, rel=0.01)
    assert win.editor.headline.font().pointSizeF() == pytest.approx(headline_base * 1.21, rel=0.01)
    assert win.editor.headline.font().bold() or win.editor.headline.font().weight() > 500
    qtbot.keyClick(body, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert body.font().pointSizeF() == pytest.approx(base * 1.1, rel=0.01)
    win.close()
    again = MainWindow(services)
    qtbot.addWidget(again)
    assert again.editor.body.font().pointSizeF() == pytest.approx(base * 1.1, rel=0.01)
    again.zoom_reset_action.trigger()
    assert again.editor.body.font().pointSizeF() == pytest.approx(base)
    assert QSettings().value("editor/zoom") in (0, "0")


# --- palette ---------------------------------------------------------------------------

def test_dark_light_and_as_the_system(qtbot, services, monkeypatch):
    from desk.ui.window import palette

    win = open_window(qtbot, services)
    colours = []
    win.editor.highlighter.set_palette = lambda p: colours.append(p.color(QPalette.ColorRole.Base))
    try:
        assert palette.set_mode(palette.DARK)
        window_colour = QGuiApplication.palette().color(QPalette.ColorRole.Window)
        assert window_colour.lightness() < 80
        assert colours and colours[-1].lightness() < 80  # the highlighting follows
        assert not palette.set_mode(palette.LIGHT)
        assert QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() > 160
        monkeypatch.setattr(palette, "system_is_dark", lambda: True)
        assert palette.set_mode(palette.SYSTEM)
        assert QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
        monkeypatch.setattr(palette, "system_is_dark", lambda: False)
        assert not palette.apply()  # what a change of the system's scheme calls
        menu = win.appearance_menu
        menu.aboutToShow.emit()
        assert [a.isChecked() for a in menu.actions()] == [True, False, False]
    finally:
        palette.set_mode(palette.LIGHT)
        QSettings().remove(palette.KEY)


# --- file dialogs ----------------------------------------------------------------------

def test_file_dialogs_start_in_pictures_or_documents_then_the_last_folder(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from desk.ui.dialogs import file_dialogs

    pictures = tmp_path / "Pictures"
    documents = tmp_path / "Documents"
    for folder in (pictures, documents):
        folder.mkdir()
    where = {QStandardPaths.StandardLocation.PicturesLocation: str(pictures),
             QStandardPaths.StandardLocation.DocumentsLocation: str(documents)}
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda loc: where.get(loc, str(tmp_path)))
    seen = []
    chosen = tmp_path / "agency" / "a.jpg"
    chosen.parent.mkdir()
    chosen.write_bytes(b"x")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda parent, title, folder, filters: seen.append(folder) or ([str(chosen)], ""))
    assert file_dialogs.open_files(None, "Import Photos", file_dialogs.PHOTOS, "*") == [chosen]
    assert seen == [str(pictures)]
    file_dialogs.open_files(None, "Import Photos", file_dialogs.PHOTOS, "*")
    assert seen[-1] == str(chosen.parent)  # the last folder used for photos
    assert file_dialogs.start_folder(file_dialogs.DOCUMENTS) == str(documents)
    assert file_dialogs.start_folder(file_dialogs.PHOTOS) != str(Path.cwd())


# --- plurals and messages --------------------------------------------------------------

@pytest.mark.parametrize(("count", "text"), [(0, "0 articles"), (1, "1 article"), (2, "2 articles"),
                                             (12345, "12,345 articles")])
def test_plural(count, text):
    assert plural(count, "article") == text
    assert plural(1, "match", "matches") == "1 match" and plural(3, "match", "matches") == "3 matches"


def test_one_article_one_word(qtbot, services, db):
    one_article(db, headline="Alone", body="Word")
    win = open_window(qtbot, services)
    assert win.count_label.text() == "1 article"
    qtbot.waitUntil(lambda: win.stats_label.text().startswith("1 word · 4 characters"))


def test_checklist_summary_agrees_with_its_count(qtbot, db):
    """It said "1 item(s) block publishing"."""
    from desk.core.articles import checklist
    from desk.ui.panels.checklist import ChecklistPanel

    panel = ChecklistPanel(db, None)
    qtbot.addWidget(panel)
    block = checklist.Item("byline-missing", checklist.BLOCK, "The byline is missing.", "byline")
    warn = checklist.Item("hero-missing", checklist.WARN, "There is no hero photo.", "photos")
    panel._show([block, warn])
    assert panel.summary.text() == "1 item blocks publishing, 1 to look at."
    panel._show([block, block, warn])
    assert panel.summary.text() == "2 items block publishing, 1 to look at."


def test_a_refused_photo_is_named_once(qtbot, services, tmp_path):
    win = open_window(qtbot, services)
    bad = tmp_path / "notes.jpg"
    bad.write_text("meeting notes, not a photo")
    win.importer.import_files([bad])
    qtbot.waitUntil(lambda: "notes.jpg" in win.statusBar().currentMessage(), timeout=10000)
    assert win.statusBar().currentMessage().count(str(bad)) == 1


# --- Preferences -----------------------------------------------------------------------

def image(path: Path, size) -> Path:
    Image.new("RGB", size, (20, 90, 160)).save(path, "PNG")
    return path


def test_preferences_check_each_field_and_save_them_together(qtbot, services, db):
    from desk.core.site import settings
    from desk.ui.dialogs.preferences import PreferencesDialog

    one_article(db)
    win = open_window(qtbot, services)
    dialog = PreferencesDialog(db, win)
    qtbot.addWidget(dialog)
    dialog.saved.connect(win._on_site_settings_saved)
    dialog.show()
    qtbot.keyClicks(dialog.base_url, "news.example.org")
    assert dialog.errors["base_url"].isVisible()
    assert "must look like https://news.example.org" in dialog.errors["base_url"].text()
    assert not dialog.save_button.isEnabled()
    dialog.base_url.clear()
    qtbot.keyClicks(dialog.base_url, "https://news.example.org/")
    assert not dialog.errors["base_url"].isVisible() and dialog.save_button.isEnabled()
    dialog.timezone.setCurrentText("Mars/Olympus")
    assert "unknown time zone" in dialog.errors["timezone"].text() and not dialog.save_button.isEnabled()
    dialog.timezone.setCurrentText("Asia/Tokyo")
    dialog.name.clear()
    assert "cannot be empty" in dialog.errors["name"].text()
    qtbot.keyClicks(dialog.name, "Le Quotidien")
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    dialog.headline_limit.setValue(90)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with db.read() as s:
        stored = settings.load(s)
    assert (stored.name, stored.base_url, stored.language, stored.timezone, stored.headline_limit) == (
        "Le Quotidien", "https://news.example.org", "fr", "Asia/Tokyo", 90)
    # The window follows at once: the headline counter and the time zone.
    assert win.editor.headline_limit.limit == 90
    assert "Asia/Tokyo" in win.inspector.zone_label.text()


def test_preferences_logo_and_share_image(qtbot, db, tmp_path):
    from desk.core.site import settings
    from desk.ui.dialogs.preferences import PreferencesDialog

    dialog = PreferencesDialog(db)
    qtbot.addWidget(dialog)
    dialog.share_image.set_file(image(tmp_path / "small.png", (120, 90)))
    assert "at least 200 x 200" in dialog.errors["share_image_photo_id"].text()
    assert not dialog.save_button.isEnabled()
    dialog.share_image.set_file(image(tmp_path / "share.png", (1200, 630)))
    dialog.logo.set_file(image(tmp_path / "logo.png", (300, 80)))
    assert dialog.save_button.isEnabled()
    dialog.save()
    with db.read() as s:
        stored = settings.load(s)
    assert stored.logo_photo_id is not None and stored.share_image_photo_id is not None
    again = PreferencesDialog(db)
    qtbot.addWidget(again)
    assert "logo.png" in again.logo.info.text() and again.logo.remove.isEnabled()
    again.logo.clear()
    again.save()
    with db.read() as s:
        assert settings.load(s).logo_photo_id is None
