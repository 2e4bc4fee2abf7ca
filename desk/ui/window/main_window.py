"""The main window: article list, editor, inspector, history and preview, wired together.

The window is the controller: views emit, the window decides what to load and what to
save, and hands every write to the autosaver (never to the UI thread).

It is built in two steps so that it can be on screen before SQLAlchemy is even imported:
the shell (list, filters, status bar, menus and docks, still empty) needs only Qt and the
site settings, and can show the first page of the list read with sqlite3
(core/first_screen.py); ``attach(services)`` then builds the editor and the panels and
wires autosave. Until then there is nothing to type into, so no edit can be lost.
``MainWindow(services)`` does both at once.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.core.articles.statuses import STATUSES
from desk.core.articles.word_count import plural
from desk.ui.editor import edit_actions
from desk.ui.dialogs import file_dialogs
from desk.ui.window import palette, layout as window_layout
from desk.ui.window import help as help_dialogs
from desk.ui.window.recent import RecentMenu
from desk.ui.panels.article_list_model import ArticleListModel
from desk.ui.window.operations import Changes
from desk.ui.i18n import core_labels
from desk.ui.i18n import locale_format

from desk.ui.i18n.translation import translate

# Everything else (SQLAlchemy, the core's stores, the panels) is imported by attach(),
# after the first screen is shown.
if TYPE_CHECKING:
    from desk.core.articles.first_screen import FirstScreen
    from desk.core.site.settings import SiteSettings
    from desk.ui.editor.autosave import Saved
    from desk.ui.window.services import Services

SAVE_DELAY_MS = 700  # idle time before an edit is saved: well inside the 2 s promise
SAVE_MAX_WAIT_S = 2.0  # while typing without pause, still save this often
SEARCH_DELAY_MS = 120
TRASH = "Trash"
EDITOR_MIN_WIDTH = 420
SPELLING_KEY = "editor/spell_check"  # QSettings: spell check on or off
# Keys of self._menus stay English; the menu bar shows their translation.
MENUS = (QT_TRANSLATE_NOOP("MainWindow", "&File"), QT_TRANSLATE_NOOP("MainWindow", "&Edit"),
         QT_TRANSLATE_NOOP("MainWindow", "F&ormat"), QT_TRANSLATE_NOOP("MainWindow", "&Article"),
         QT_TRANSLATE_NOOP("MainWindow", "&View"), QT_TRANSLATE_NOOP("MainWindow", "&Help"))


class Banner(QWidget):
    """A strip across the top of the editor for problems the editor must see."""

    def __init__(self) -> None:
        super().__init__()
        self.setAutoFillBackground(True)
        self.setStyleSheet("background: #fff3cd; color: #5c4400;")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(translate("Banner", "Problem"))
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 10, 6)
        self._layout.addWidget(self.label, 1)
        self._buttons: list[QPushButton] = []
        self._return_focus: QWidget | None = None
        self.button = self._button(0)  # the first (often the only) way out
        self.hide()

    def _button(self, index: int) -> QPushButton:
        while len(self._buttons) <= index:
            button = QPushButton()
            button.hide()
            button.clicked.connect(lambda _c=False, i=len(self._buttons): self._clicked(i))
            self._layout.addWidget(button)
            self._buttons.append(button)
        return self._buttons[index]

    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)

    def show_message(self, text: str, button: str = "", action=None, *,
                     more: tuple[tuple[str, Any], ...] = ()) -> None:
        """``text``, with a button per (label, action): ``button``/``action`` first."""
        self.label.setText(text)
        choices = ([(button, action)] if button else []) + list(more)
        self._actions = [a for _, a in choices]
        for i, button_widget in enumerate(self._buttons):
            button_widget.setVisible(i < len(choices))
        for i, (label, _a) in enumerate(choices):
            self._button(i).setText(label)
            self._button(i).show()
        focus = QApplication.focusWidget()
        self._return_focus = focus if focus is not None and not self.isAncestorOf(focus) else None
        self.show()

    def _clicked(self, index: int) -> None:
        action = self._actions[index] if index < len(self._actions) else None
        back = self._return_focus
        if action is not None:
            action()
        # The editor goes on where they were typing (not with the field selected).
        now = QApplication.focusWidget()
        if back is not None and back.isVisible() and (now is None or self.isAncestorOf(now)):
            back.setFocus(Qt.FocusReason.OtherFocusReason)


class MainWindow(QMainWindow):
    list_loaded = Signal()
    list_shown = Signal()  # the list, with its rows, painted on screen for the first time
    ready = Signal()  # attached: editor, panels and autosave in place
    first_preview_ready = Signal(bool)
    article_opened = Signal(int)
    database_requested = Signal(str)  # File › Open Database…, New Database…, Open Recent
    article_saved = Signal(object)  # Saved

    def __init__(self, services: Services | None = None, *, site: SiteSettings | None = None):
        super().__init__()
        self.services: Services | None = None
        self._attached = False
        self._closed_early = False  # closed while attach_in_steps was building
        self._build_shell(site if site is not None else services.site if services else None)
        if services is not None:
            self.attach(services)

    # --- the shell: what the first screen shows -----------------------------------------
    def _build_shell(self, site: SiteSettings | None) -> None:
        if site is None:
            from desk.core.site.settings import SiteSettings

            site = SiteSettings()
        from desk.ui.window import wheel_guard

        wheel_guard.install()  # no field changes under the wheel unless clicked first
        self.setWindowTitle(translate("MainWindow", "Desk"))
        self.setObjectName("MainWindow")
        self._dirty: set[str] = set()
        self._meta_dirty: dict[str, Any] = {}
        self._save_state = ""
        self._dirty_since = 0.0
        self._list_painted = False
        self._split_restored = self._split_defaulted = False
        self._last_trashed: int | None = None
        self._after_list_change = None  # what to do once the list shows an operation's result
        self._geometry_restored = self._docks_restored = self._layout_settled = False

        # --- list ---------------------------------------------------------------------
        self.model = ArticleListModel(None, site.tz, self)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(translate("MainWindow", "Search articles"))
        self.search_box.setAccessibleName(translate("MainWindow", "Search articles"))
        self.search_box.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(translate("MainWindow", "Filter by status"))
        self.status_filter.addItem(translate("MainWindow", "All statuses"), None)
        for name in STATUSES:
            self.status_filter.addItem(core_labels.status(name), name)
        self.status_filter.addItem(translate("MainWindow", "Trash"), TRASH)
        self.category_filter = QComboBox()
        self.category_filter.setAccessibleName(translate("MainWindow", "Filter by category"))
        self.category_filter.addItem(translate("MainWindow", "All categories"), None)
        self.list_view = QTableView()
        self.list_view.setAccessibleName(translate("MainWindow", "Articles"))
        self.list_view.setModel(self.model)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setSortingEnabled(True)
        self.list_view.horizontalHeader().setSortIndicator(3, Qt.SortOrder.DescendingOrder)
        window_layout.size_list_columns(self.list_view)
        self.list_view.verticalHeader().hide()
        self.list_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.viewport().installEventFilter(self)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 0)
        left_layout.addWidget(self.search_box)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.category_filter, 1)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.list_view, 1)

        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        editor_space = QWidget()  # the editor's place, taken once attached
        editor_space.setMinimumWidth(EDITOR_MIN_WIDTH)  # so the layout does not move then
        self.splitter.addWidget(editor_space)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 560])
        self.setCentralWidget(self.splitter)

        # --- docks (their panels come with attach) -----------------------------------------
        self.inspector_dock = self._dock(translate("MainWindow", "Article"), "inspectorDock", QWidget())
        self.photos_dock = self._dock(translate("MainWindow", "Photos"), "photosDock", QWidget())
        self.history_dock = self._dock(translate("MainWindow", "History"), "historyDock", QWidget())
        self.checklist_dock = self._dock(translate("MainWindow", "Checklist"), "checklistDock", QWidget())
        # The preview's web view now, before the window is first shown (see PreviewPane).
        from desk.ui.preview.view import PreviewPane

        self.preview = PreviewPane()
        self.preview_dock = self._dock(translate("MainWindow", "Preview"), "previewDock", self.preview)
        # Preview beside the editor, the inspector (tabbed with the history) at the far
        # right, or tabbed with the preview on a narrow screen: see window_layout, once the
        # window has the size of its screen.
        self.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.preview_dock)
        for dock in (self.inspector_dock, self.history_dock, self.checklist_dock, self.photos_dock):
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)

        # --- status bar ----------------------------------------------------------------
        self.count_label = QLabel()
        self.count_label.setAccessibleName(translate("MainWindow", "Article count"))
        self.stats_label = QLabel()
        self.stats_label.setAccessibleName(translate("MainWindow", "Word count"))
        self.save_label = QLabel()
        self.save_label.setAccessibleName(translate("MainWindow", "Save state"))
        self.statusBar().addWidget(self.count_label)
        self.database_label = QLabel()
        self.database_label.setAccessibleName(translate("MainWindow", "Database"))
        self.statusBar().addPermanentWidget(self.stats_label)
        self.statusBar().addPermanentWidget(self.save_label)
        self.statusBar().addPermanentWidget(self.database_label)

        # Menu titles now (the menu bar must not appear later and shift the window);
        # their actions come with attach.
        self._menus = {title: self.menuBar().addMenu(translate("MainWindow", title)) for title in MENUS}
        self._restore_layout()
        if not self._docks_restored:
            window_layout.arrange_docks(self, EDITOR_MIN_WIDTH)

    def show_first_screen(self, first: FirstScreen) -> None:
        """Show the list's first page read before the database is opened."""
        self.model.show_first_screen(first)
        order = Qt.SortOrder.DescendingOrder if first.descending else Qt.SortOrder.AscendingOrder
        header = self.list_view.horizontalHeader()
        header.blockSignals(True)  # the model is already sorted so
        header.setSortIndicator(first.sort_column, order)
        header.blockSignals(False)
        self._update_count()
        self.list_loaded.emit()

    @property
    def attached(self) -> bool:
        """The window is complete (attach has run to its end)."""
        return self._attached

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (not self._list_painted and event.type() == QEvent.Type.Paint
                and watched is self.list_view.viewport() and self.model.loaded):
            self._list_painted = True
            watched.removeEventFilter(self)
            self.list_shown.emit()
        return super().eventFilter(watched, event)

    # --- attach: the database is open, the rest of the window is built ------------------
    def attach(self, services: Services) -> None:
        """The database is open: build the rest of the window, all at once."""
        for _step in self._attach_steps(services):
            pass

    def attach_in_steps(self, services: Services, done: Callable[[], None]) -> None:
        """The same, one step per turn of the event loop, then ``done()``: at start-up the
        window, its list on screen, answers a key or a click between the steps (none
        takes 50 ms) instead of freezing for the whole build."""
        steps = self._attach_steps(services)

        def step() -> None:
            if self._closed_early:
                return
            if next(steps, None) is None:
                done()
            else:
                QTimer.singleShot(0, step)

        step()

    def _attach_steps(self, services: Services) -> Iterator[bool]:
        from desk.ui.editor.article_editor import ArticleEditor
        from desk.ui.photos.article_photos import ArticlePhotos
        from desk.ui.editor.autosave import Autosaver
        from desk.ui.panels.checklist import ChecklistPanel
        from desk.ui.editor.find_replace import FindReplaceBar
        from desk.ui.panels.history import HistoryPanel
        from desk.ui.panels.inspector import Inspector
        from desk.ui.window.operations import Operations
        from desk.ui.photos.import_queue import PhotoImporter
        from desk.ui.photos.library import PhotoLibrary
        from desk.ui.photos.credit_panel import PhotoPanel
        from desk.ui.photos.rendition_worker import RenditionWorker

        assert self.services is None, "attached twice"
        self.services = services
        site = services.site
        self.model.attach(services.db)
        # One writer thread: the autosave's, where every other write of the window runs too.
        self.autosaver = Autosaver(services.db, self)
        self.operations = Operations(services.db, self.autosaver.thread, self,
                                     follow_versions=self.autosaver.track)

        # --- editor -------------------------------------------------------------------
        self.banner = Banner()
        self._refusals: dict[str, str] = {}  # field → why the open article's value was refused
        self.editor = ArticleEditor(site.headline_limit, site.standfirst_limit)
        self.editor.setMinimumWidth(EDITOR_MIN_WIDTH)
        self.editor.spelling.enabled = QSettings().value(SPELLING_KEY, True, type=bool)
        self.editor.spelling.add_word.connect(lambda w: self._store_spelling("add", w))
        self.editor.spelling.ignore_word.connect(lambda w: self._store_spelling("ignore", w))
        self.editor.spelling.unavailable.connect(
            lambda why: self.statusBar().showMessage(
                translate("MainWindow", "Spell check unavailable: {reason}").format(reason=why), 10000))
        self.find_bar = FindReplaceBar(self.editor.body)
        self.find_bar.hide()
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.banner)
        from desk.ui.window.welcome import Welcome

        self.welcome = Welcome(services.db)
        centre_layout.addWidget(self.welcome)
        centre_layout.addWidget(self.editor, 1)
        centre_layout.addWidget(self.find_bar)
        sizes = self.splitter.sizes()
        # Kept: PySide does not hand a widget given to replaceWidget over to Qt, and
        # Python would delete it (and the editor in it) at the end of this method.
        self._centre = centre
        placeholder = self.splitter.replaceWidget(1, centre)
        if placeholder is not None:
            placeholder.deleteLater()
        self.splitter.setStretchFactor(1, 1)  # the editor's (it lives in the widget replaced)
        self.splitter.setSizes(sizes)
        yield True

        # --- docks: inspector, history, preview -----------------------------------------
        self.inspector = Inspector(services.db, site.tz)
        self.inspector.set_site_language(site.language)
        self.history = HistoryPanel(services.db, site.tz, operations=self.operations)
        self.checklist = ChecklistPanel(services.db, services.pool)
        yield True
        self.renditions = RenditionWorker(services.db, parent=self)
        self.importer = PhotoImporter(services.db, renditions=self.renditions, parent=self)
        # Its photos on the next turn of the event loop: the window answers in between.
        self.photo_library = PhotoLibrary(services.db, self.importer, services.pool, load=False)
        QTimer.singleShot(0, self.photo_library.reload)
        self.photo_panel = PhotoPanel(services.db, operations=self.operations)
        self.article_photos = ArticlePhotos(services.db, ask=self._ask, importer=self.importer,
                                            operations=self.operations)
        photos_box = QSplitter(Qt.Orientation.Vertical)
        photos_box.setObjectName("photosSplitter")
        photos_box.addWidget(self.photo_library)
        photos_box.addWidget(self.photo_panel)
        photos_box.setSizes([650, 350])  # several rows of thumbnails, the credits below
        inspector_box = QSplitter(Qt.Orientation.Vertical)
        inspector_box.setObjectName("inspectorSplitter")
        inspector_box.addWidget(self.inspector)
        inspector_box.addWidget(self.article_photos)
        inspector_box.setSizes([600, 220])
        self.preview.attach(services.db)
        self._first_preview_pending = True
        self.preview.loaded.connect(self._on_preview_loaded)
        for dock, widget in ((self.inspector_dock, inspector_box), (self.photos_dock, photos_box),
                             (self.history_dock, self.history), (self.checklist_dock, self.checklist)):
            placeholder = dock.widget()
            dock.setWidget(widget)
            if placeholder is not None:
                placeholder.deleteLater()
        yield True

        # --- autosave -------------------------------------------------------------------
        self.autosaver.saved.connect(self._on_saved)
        self.autosaver.failed.connect(self._on_save_failed)
        self.autosaver.conflict.connect(self._on_conflict)
        self.autosaver.rejected.connect(self._on_rejected)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)

        from desk.ui.editor.zoom import EditorZoom

        self.zoom = EditorZoom([self.editor.headline, self.editor.standfirst, self.editor.body])
        palette.on_change(self, lambda: self.editor.highlighter.set_palette(QApplication.palette(self.editor.body)))
        self._show_database()
        self._build_actions()
        self._connect()
        self._attached = True
        self.ready.emit()

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    # --- actions and menus -------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, menu=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        if menu is not None:
            menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        menus = self._menus
        std = QKeySequence.StandardKey
        m = menus["&File"]
        self.new_action = self._action(translate("MainWindow", "&New Article"), self.new_article, std.New, m)
        self.save_action = self._action(translate("MainWindow", "&Save Revision"), self.save_revision, std.Save, m)
        m.addSeparator()
        self.new_database_action = self._action(translate("MainWindow", "New &Database…"), self.new_database, None, m)
        self.open_database_action = self._action(translate("MainWindow", "&Open Database…"), self.open_database, std.Open, m)
        self.recent_menu = RecentMenu(self.services.db.path, self)
        self.recent_menu.chosen.connect(self.database_requested.emit)
        m.addMenu(self.recent_menu)
        m.addSeparator()
        self.import_action = self._action(translate("MainWindow", "&Import Markdown…"), self.import_markdown, None, m)
        self.import_photos_action = self._action(translate("MainWindow", "Import &Photos…"), self._import_photos, "Ctrl+Shift+I", m)
        m.addSeparator()
        self.export_site_action = self._action(translate("MainWindow", "&Export Site…"), self.export_site, "Ctrl+Shift+E", m)
        self.export_html_action = self._action(translate("MainWindow", "Export Article as &HTML…"), self.export_article_html, None, m)
        self.export_pdf_action = self._action(translate("MainWindow", "Export Article as P&DF…"), self.export_article_pdf, None, m)
        m.addSeparator()
        self.quit_action = self._action(translate("MainWindow", "&Quit"), self.close, std.Quit, m)

        m = menus["&Edit"]
        self.undo_action = self._action(translate("MainWindow", "&Undo"), self.undo, std.Undo, m)
        self.redo_action = self._action(translate("MainWindow", "&Redo"), lambda: self._focused_edit("redo"), None, m)
        self.undo_action.setShortcutVisibleInContextMenu(True)
        edits = edit_actions.install(self, m)
        self.cut_action, self.copy_action, self.paste_action = edits["cut"], edits["copy"], edits["paste"]
        self.delete_action, self.select_all_action = edits["delete"], edits["select_all"]
        m.addSeparator()
        # The find bar owns its actions (Ctrl+F, Ctrl+H, F3): shown here, bound once.
        bar_actions = (self.find_bar.find_action, self.find_bar.replace_action,
                       self.find_bar.find_next_action, self.find_bar.find_previous_action)
        for action in bar_actions:
            m.addAction(action)
        self.find_action, self.replace_action = bar_actions[:2]
        m.addSeparator()
        self.search_action = self._action(translate("MainWindow", "Search &Articles"), self._focus_search, "Ctrl+Shift+F", m)
        m.addSeparator()
        preferences_key = QKeySequence(std.Preferences) if not QKeySequence(std.Preferences).isEmpty() \
            else QKeySequence("Ctrl+,")
        self.preferences_action = self._action(translate("MainWindow", "Pre&ferences…"), self.preferences, preferences_key, m)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)

        m = menus["F&ormat"]
        body = self.editor.body
        self.bold_action = self._action(translate("MainWindow", "&Bold"), lambda: body.wrap_selection("**", "bold text"), std.Bold, m)
        self.italic_action = self._action(translate("MainWindow", "&Italic"), lambda: body.wrap_selection("*", "italic text"), std.Italic, m)
        self.link_action = self._action(translate("MainWindow", "Insert &Link…"), self.insert_link, "Ctrl+K", m)
        m.addSeparator()
        for level in (1, 2, 3):
            self._action(translate("MainWindow", "Heading {level}").format(level=level), lambda lv=level: body.set_heading(lv), f"Ctrl+{level}", m)
        # Ctrl+0 is Actual Size (View), as in every editor that zooms.
        self._action(translate("MainWindow", "&Paragraph"), lambda: body.set_heading(0), "Ctrl+Shift+0", m)
        self.quote_action = self._action(translate("MainWindow", "&Quote"), lambda: body.prefix_lines("> "), "Ctrl+Shift+9", m)
        self.list_action = self._action(translate("MainWindow", "Bulleted &List"), lambda: body.prefix_lines("- "), "Ctrl+Shift+8", m)
        self.numbered_action = self._action(translate("MainWindow", "&Numbered List"), lambda: body.prefix_lines("1. "), "Ctrl+Shift+7", m)

        m = menus["&Article"]
        self.open_action = self._action(translate("MainWindow", "&Open Selected"), self._open_selected_and_edit, None, m)
        self.duplicate_action = self._action(translate("MainWindow", "&Duplicate"), self.duplicate_article, "Ctrl+Shift+D", m)
        self.archive_action = self._action(translate("MainWindow", "&Archive"), self.archive_article, None, m)
        m.addSeparator()
        # Not Ctrl+Delete: in a text field that deletes the next word. Delete in the list.
        self.trash_action = self._action(translate("MainWindow", "Move to &Trash"), self.trash_article, None, m)
        self.list_trash_action = QAction(translate("MainWindow", "Move to Trash"), self.list_view)
        self.list_trash_action.setShortcut(QKeySequence(std.Delete))
        self.list_trash_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list_trash_action.triggered.connect(lambda _c=False: self.trash_article())
        self.list_view.addAction(self.list_trash_action)
        self.restore_action = self._action(translate("MainWindow", "&Restore from Trash"), self.restore_article, None, m)
        m.addSeparator()
        # Publishing asks first, and is never bound to Ctrl+P (printing keeps it).
        self.publish_action = self._action(translate("MainWindow", "&Publish to…"), self.publish_article, "Ctrl+Shift+P", m)
        m.addSeparator()
        self.categories_action = self._action(translate("MainWindow", "&Categories…"), self.manage_categories, None, m)

        m = menus["&View"]
        self.refresh_action = self._action(translate("MainWindow", "&Refresh List"), self.refresh_list, std.Refresh, m)
        m.addSeparator()
        self.spelling_action = QAction(translate("MainWindow", "Check &Spelling"), self)
        self.spelling_action.setCheckable(True)
        self.spelling_action.setChecked(QSettings().value(SPELLING_KEY, True, type=bool))
        self.spelling_action.toggled.connect(self._toggle_spelling)
        m.addAction(self.spelling_action)
        m.addSeparator()
        self.zoom_in_action = self._action(translate("MainWindow", "Zoom &In"), self.zoom.zoom_in, std.ZoomIn, m)
        self.zoom_in_action.setShortcuts([QKeySequence(std.ZoomIn), QKeySequence("Ctrl+=")])
        self.zoom_out_action = self._action(translate("MainWindow", "Zoom &Out"), self.zoom.zoom_out, std.ZoomOut, m)
        self.zoom_reset_action = self._action(translate("MainWindow", "&Actual Size"), self.zoom.reset, "Ctrl+0", m)
        self.appearance_menu = palette.appearance_menu(self)
        m.addMenu(self.appearance_menu)
        m.addSeparator()
        for dock in (self.inspector_dock, self.history_dock, self.checklist_dock, self.photos_dock,
                     self.preview_dock):
            m.addAction(dock.toggleViewAction())

        m = menus["&Help"]
        helps = help_dialogs.add_actions(self, m)
        self.manual_action, self.shortcuts_action = helps["manual"], helps["shortcuts"]
        m.addSeparator()
        self.about_action = self._action(translate("MainWindow", "&About Desk"), self.about, None, m)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _connect(self) -> None:
        self.list_view.activated.connect(lambda _i: self._open_selected_and_edit())
        self.list_view.doubleClicked.connect(lambda _i: self._open_selected_and_edit())
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(self._apply_search)
        self.status_filter.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.category_filter.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.editor.changed.connect(self._on_text_changed)
        self.editor.stats_changed.connect(self._show_stats)
        self.inspector.changed.connect(self._on_meta_changed)
        self.history.restored.connect(self._on_restored)
        self.operations.changed.connect(self._on_changes)
        self.operations.failed.connect(lambda what, message: self.banner.show_message(message))
        self.checklist.fix_requested.connect(self.go_to_field)
        self.photo_library.photo_selected.connect(self.photo_panel.set_photo)
        self.photo_library.photo_selected.connect(self.article_photos.set_candidate)
        self.photo_panel.photo_changed.connect(self.photo_library.refresh_photo)
        self.article_photos.article_changed.connect(self._on_article_photos_changed)
        self.article_photos.insert_reference.connect(self._insert_reference)
        self.article_photos.remove_reference.connect(self._remove_reference)
        self.article_photos.photo_activated.connect(self.show_photo)
        # The reason names the file already ("/path/x.jpg: not an image").
        self.importer.failed.connect(lambda _name, reason: self.statusBar().showMessage(reason, 8000))
        self.setAcceptDrops(True)
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(30)
        self._scroll_timer.timeout.connect(self._sync_preview_scroll)
        self.editor.body.verticalScrollBar().valueChanged.connect(self._on_editor_scrolled)
        self.preview.scrolled_to_line.connect(self._follow_preview)
        self.welcome.demo_loaded.connect(self._on_demo_loaded)
        self.welcome.import_requested.connect(self.import_markdown)
        self.welcome.new_requested.connect(self.new_article)
        self.model.modelReset.connect(lambda: self.model.total and self.welcome.hide())
        self._editor_follows_until = 0.0

    # --- loading -----------------------------------------------------------------------
    def load_initial(self) -> None:
        """After attach: fill the list (unless the first screen did) and open the article
        the editor had open last, or the first one."""
        self._fill_category_filter()
        if not self.model.loaded:
            self.model.reload()
            self._update_count()
            self.list_loaded.emit()
        self.list_view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        last = QSettings().value(self._last_article_key())
        row = self.model.row_of(int(last)) if last not in (None, "") else -1
        if self.list_view.currentIndex().isValid():
            row = self.list_view.currentIndex().row()  # chosen while the window was completing
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            # The list shows first; the article opens on the next turn of the event loop.
            QTimer.singleShot(0, lambda: self.editor.article_id is None and self._open_row(row))
        else:
            from desk.core.site.pages import empty_page
            from desk.ui.window.welcome import database_is_empty

            self.preview.show_html(empty_page(self.services.site))
            try:
                if database_is_empty(self.services.db):
                    self.welcome.show()
            except DeskError:
                pass  # nothing to offer on a database that cannot be read; the list says so

    def _open_row(self, row: int) -> None:
        if self.list_view.currentIndex().row() == row:  # selected already: no change signal
            article_id = self.model.article_id(row)
            if article_id is not None:
                self.open_article(article_id)
        else:
            self.list_view.selectRow(row)

    def article_count(self) -> int:
        return self.model.total

    def refresh_list(self) -> None:
        current = self.editor.article_id
        self._fill_category_filter()
        self.model.reload()
        self._update_count()
        if current is not None:
            row = self.model.row_of(current)
            if row >= 0:
                self.list_view.selectionModel().blockSignals(True)
                self.list_view.selectRow(row)
                self.list_view.selectionModel().blockSignals(False)

    def _fill_category_filter(self) -> None:
        from desk.core.articles import categories

        current = self.category_filter.currentData()
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem(translate("MainWindow", "All categories"), None)
        with self.services.db.read() as session:
            for node in categories.tree(session):
                depth = len(node.path()) - 1
                self.category_filter.addItem("    " * depth + node.name, node.id)
        index = self.category_filter.findData(current)
        self.category_filter.setCurrentIndex(max(index, 0))
        self.category_filter.blockSignals(False)

    def _on_current_changed(self, current, _previous) -> None:
        article_id = self.model.article_id(current.row())
        if article_id is not None and article_id != self.editor.article_id:
            self.open_article(article_id)

    def open_article(self, article_id: int) -> None:
        from sqlalchemy import select

        from desk.core.articles import editing as articles
        from desk.core.store.models import Tag

        if article_id == self.editor.article_id:
            # Open already: read back, the stored text would go over keys typed since the
            # last save. A deliberate reload (Reload, a restored revision) clears
            # editor.article_id first.
            return
        self.save_now()
        # The article's own pending edits must be in the database before it is read back.
        self.autosaver.flush()
        try:
            with self.services.db.read() as session:
                article = articles.get(session, article_id)
                snapshot = articles.snapshot(article)
                version = article.version
                published = article.published_at
                known_tags = list(session.scalars(select(Tag.name).order_by(Tag.name)))
                spell_languages, spell_accepted = self._spelling_of(session, article)
        except DeskError as exc:
            self.banner.show_message(str(exc))
            return
        snapshot["published_at"] = published
        if article_id != self.editor.article_id:
            self._refusals.clear()  # they were the previous article's
        self.autosaver.track(article_id, version)
        self.editor.spelling.load(spell_languages, spell_accepted)
        self.editor.load(article_id, snapshot)
        self.inspector.load(snapshot, known_tags)
        self.setWindowTitle(translate("MainWindow", "{value} — Desk").format(value=snapshot['headline'] or translate("MainWindow", "Untitled")))
        QSettings().setValue(self._last_article_key(), article_id)
        self.article_opened.emit(article_id)
        # The editor and the inspector are painted first; the history, checklist, photos
        # and preview on the next turn of the event loop (a key typed between is answered).
        QTimer.singleShot(0, lambda: self._open_panels(article_id))

    @staticmethod
    def _spelling_of(session, article) -> tuple[list[str], set[str]]:
        """The article's spell-check languages and the words accepted in it."""
        from desk.core.spelling import personal_words as store

        languages = [store.article_language(session, article), store.extra_language(session, article.id)]
        accepted = store.personal_words(session) | set(store.ignored_words(session, article.id))
        return languages, accepted

    def _store_spelling(self, what: str, word: str) -> None:
        """Add to Dictionary (the user's) or Ignore (this article's), on the writer thread."""
        from desk.core.spelling import personal_words as store
        from desk.ui.window.operations import Changes

        article_id = self.editor.article_id
        if what == "add":
            self.operations.run("adding a word to the dictionary",
                                lambda s: store.add_personal_word(s, word), Changes.of())
        elif article_id is not None:
            self.operations.run("ignoring a word", lambda s: store.ignore_word(s, article_id, word),
                                Changes.of())

    def _toggle_spelling(self, on: bool) -> None:
        QSettings().setValue(SPELLING_KEY, on)
        if self.services is not None:
            self.editor.spelling.set_enabled(on)

    def _open_panels(self, article_id: int) -> None:
        if self.editor.article_id != article_id:
            return  # another article was opened in between: it fills them
        self.history.set_article(article_id)
        self.checklist.refresh(article_id)
        self.article_photos.set_article(article_id)
        self.preview.show_article(article_id)

    def _open_selected_and_edit(self) -> None:
        index = self.list_view.currentIndex()
        article_id = self.model.article_id(index.row())
        if article_id is None:
            return
        if article_id != self.editor.article_id:
            self.open_article(article_id)
        self.editor.body.setFocus()

    def _on_editor_scrolled(self, _value: int) -> None:
        if time.monotonic() >= self._editor_follows_until:
            self._scroll_timer.start()

    def _follow_preview(self, line: int) -> None:
        """The reader scrolled the preview: bring the same source line to the editor's top."""
        block = self.editor.body.document().findBlockByNumber(line)
        if not block.isValid():
            return
        # This scroll is the preview's doing: it must not be sent back to the preview.
        self._editor_follows_until = time.monotonic() + 0.4
        self.editor.body.verticalScrollBar().setValue(block.firstLineNumber())

    def _sync_preview_scroll(self) -> None:
        """Editor and preview scroll together: the preview shows the block whose source
        line is at the top of the editor."""
        block = self.editor.body.firstVisibleBlock()
        self.preview.scroll_to_line(block.blockNumber() if block.isValid() else 0)

    def _on_preview_loaded(self, ok: bool) -> None:
        if self._first_preview_pending:
            self._first_preview_pending = False
            self.first_preview_ready.emit(ok)

    def _update_count(self) -> None:
        total = self.model.total
        self.count_label.setText(translate("MainWindow", "%Ln article(s)", "", total))

    # --- filters and search ------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(query=self.search_box.text())
        self._update_count()

    def _apply_filters(self) -> None:
        from desk.core.articles import categories

        status = self.status_filter.currentData()
        category_id = self.category_filter.currentData()
        ids = None
        if category_id is not None:
            with self.services.db.read() as session:
                ids = tuple(categories.descendant_ids(session, category_id))
        self.model.set_filter(
            status=status if status in STATUSES else None,
            trash=status == TRASH,
            category_ids=ids,
        )
        self._update_count()

    # --- editing and saving ------------------------------------------------------------
    def _on_text_changed(self, field: str) -> None:
        if self.editor.article_id is not None:
            # The preview shows the keystroke at once; its worker keeps only the newest.
            self.preview.update_text(self.editor.article_id, self.editor.values())
        now = time.monotonic()
        if not self._dirty:
            self._dirty_since = now
        self._dirty.add(field)
        self._set_save_state(translate("MainWindow", "Editing…"))
        if now - self._dirty_since >= SAVE_MAX_WAIT_S:
            self.save_now()
        else:
            self._save_timer.start()

    def _on_meta_changed(self, field: str, value: Any) -> None:
        override = None
        if field == "status" and value == "published" and self.inspector.stored_status != "published":
            decision = self._confirm_publish()
            if not decision.publish:
                self.inspector.show_stored_status()
                return
            override = decision.why
        self._meta_dirty[field] = value
        reason = f"status: {value}" if field == "status" else None
        self.save_now(reason=reason, override=override)

    def _confirm_publish(self):
        """Ask before an article becomes published: what happens, and the checklist."""
        from desk.core.articles import editing as articles, release
        from desk.ui.dialogs.publish_confirm import Decision, PublishConfirmation

        article_id = self.editor.article_id
        self.save_now()
        self.autosaver.flush()  # judge the article as the editor sees it
        try:
            with self.services.db.read() as session:
                article = articles.get(session, article_id)
                verdict = release.assess(session, article, site=self.services.site)
                published = article.published_at
        except DeskError as exc:
            self.banner.show_message(str(exc))
            return Decision(False)
        return PublishConfirmation(verdict, published, self.services.site.tz, self).decision()

    def save_now(self, reason: str | None = None, force: bool = False,
                 override: str | None = None) -> None:
        self._save_timer.stop()
        article_id = self.editor.article_id
        if article_id is None or (not self._dirty and not self._meta_dirty and not reason):
            return
        changes = self.editor.values(self._dirty)
        changes.update(self._meta_dirty)
        self._dirty.clear()
        self._meta_dirty = {}
        self._set_save_state(translate("MainWindow", "Saving…"))
        self.autosaver.submit(article_id, changes, reason=reason, force=force, override=override)

    def save_revision(self) -> None:
        self.save_now(reason="save")
        self.statusBar().showMessage(translate("MainWindow", "Revision saved"), 3000)

    def _on_saved(self, saved: Saved) -> None:
        if saved.article_id == self.editor.article_id:
            for name in saved.fields:
                self._refusals.pop(name, None)
        # A refused field stays refused (and said) until that field is saved: the rest of
        # the edit saving around it must not take the message away.
        if not self._refusals:
            self.banner.hide()
        self._set_save_state(translate("MainWindow", "Saved {clock}").format(clock=self._clock()))
        row = self.model.row_of(saved.article_id)
        status_moved = ((row >= 0 and self.model.row(row).status != saved.status)
                        or (saved.article_id == self.editor.article_id
                            and self.inspector.stored_status != saved.status))
        if saved.article_id == self.editor.article_id:
            self.inspector.show_stored(saved.status, saved.published_at)
            self.inspector.show_saved(saved.slug)
            self.setWindowTitle(translate("MainWindow", "{value} — Desk").format(value=saved.headline or translate("MainWindow", "Untitled")))
            if saved.revision_id is not None:
                self.history.refresh()
            if not self._dirty:
                # Only when no newer edit is pending. While the editor is still typing
                # (this was the save made every 2 s), the checklist and the preview's
                # re-read of the stored article wait for the save after the next pause (a
                # save always follows the last edit): their work in other threads would
                # compete with the keystrokes for the interpreter lock and the two cores.
                self.checklist.refresh(saved.article_id)
                # What surrounds the text (slug, category, related) may have changed.
                self.preview.update_text(saved.article_id, self.editor.values(), rebuild=True)
        self.model.update_row(saved.article_id, headline=saved.headline, status=saved.status)
        if status_moved and self.model.filter.status is not None:
            self.refresh_list()  # a list filtered by status gains or loses it (it took F5)
        self.article_saved.emit(saved)

    def _on_save_failed(self, _article_id: int, message: str) -> None:
        self._set_save_state(translate("MainWindow", "Not saved"))
        db = self.services.db
        if db.file_missing():
            self.banner.show_message(
                translate("MainWindow", "The database file {path} was deleted or moved. Your text is safe in this window; recreate the file from what Desk still holds.").format(path=db.path),
                "Recreate database file", self._rescue_database)
            return
        self.banner.show_message(
            translate("MainWindow", "{message}. Your text is kept in this window and Desk keeps trying to save it.").format(message=message),
            "Retry now", lambda: self.autosaver.submit(self.editor.article_id or 0, {}, None)
            if self.editor.article_id else None)

    def _rescue_database(self) -> None:
        try:
            path = self.services.db.rescue_file()
        except Exception as exc:  # noqa: BLE001 - shown to the editor, who can save elsewhere
            self.banner.show_message(translate("MainWindow", "Could not recreate the database file: {exc}").format(exc=exc))
            return
        self.banner.show_message(translate("MainWindow", "Database file recreated at {path}; saving again.").format(path=path))
        if self.editor.article_id is not None:
            self.autosaver.submit(self.editor.article_id, {}, None)

    def _on_conflict(self, article_id: int, message: str) -> None:
        self._set_save_state(translate("MainWindow", "Not saved"))
        self.banner.show_message(
            translate("MainWindow", "{message}. Keep your version (overwrite) or reload the saved one?").format(message=message),
            "Keep Mine", lambda: self.autosaver.submit(article_id, {}, None, force=True),
            more=(("Reload", lambda: self._reload_article(article_id)),))

    def _reload_article(self, article_id: int) -> None:
        """The conflict's other way out: give up the unsaved edits, show the stored one."""
        self._save_timer.stop()
        self._dirty.clear()
        self._meta_dirty = {}
        self.autosaver.discard(article_id)
        self._refusals.clear()
        self.banner.hide()
        if self.editor.article_id == article_id:
            self.editor.article_id = None  # open_article reads it again
            self.open_article(article_id)

    def _on_rejected(self, article_id: int, field: str, message: str) -> None:
        if article_id != self.editor.article_id:
            return
        if field == "slug":
            self.inspector.show_field_error("slug", message)
        if field == "status":
            self.inspector.show_stored_status()
        self._refusals[field] = message
        self.banner.show_message(message)

    def _set_save_state(self, text: str) -> None:
        self._save_state = text
        self.save_label.setText(text)

    def _show_stats(self, words: int, chars: int, minutes: int) -> None:
        self.stats_label.setText(" · ".join((translate("MainWindow", "%Ln word(s)", "", words),
                                        translate("MainWindow", "%Ln character(s)", "", chars),
                                        translate("MainWindow", "%Ln min read", "", minutes))))

    def _focused_edit(self, op: str) -> None:
        widget = self.focusWidget()
        if widget is not None and hasattr(widget, op):
            getattr(widget, op)()

    def insert_link(self) -> None:
        url, ok = QInputDialog.getText(self, translate("MainWindow", "Insert Link"), translate("MainWindow", "Address (URL):"), text="https://")
        if ok and url.strip():
            self.editor.body.insert_link(url.strip())

    # --- article actions ---------------------------------------------------------------
    def new_article(self) -> None:
        from desk.core.articles import editing as articles

        byline = self.services.site.author

        def create(session):
            article = articles.create(session, byline=byline)
            articles.add_revision(session, article, "created")
            return article.id

        def done(article_id: int) -> None:
            self._reset_filters()

            def show() -> None:
                self._select(article_id)
                self.editor.headline.setFocus()

            self._after_list_change = show

        self._run(translate("MainWindow", "creating an article"), create, lambda article_id: Changes.of([article_id], list=True),
                  done=done)

    def duplicate_article(self) -> None:
        from desk.core.articles import editing as articles

        article_id = self._require_article()
        if article_id is None:
            return

        def duplicate(session):
            copy = articles.duplicate(session, articles.get(session, article_id))
            articles.add_revision(session, copy, f"duplicated from article {article_id}")
            return copy.id

        def done(new_id: int) -> None:
            self._after_list_change = lambda: self._select(new_id)

        self._run("duplicating", duplicate, lambda new_id: Changes.of([new_id], list=True), done=done)

    def archive_article(self) -> None:
        article_id = self._require_article()
        if article_id is not None:
            self.inspector.status.setCurrentIndex(self.inspector.status.findData("archived"))

    def trash_article(self) -> None:
        """Article › Move to Trash: the article leaves the editor, the preview, the title
        and the list; Undo (Ctrl+Z, or the status bar's words) brings it back."""
        from desk.core.articles import editing as articles

        article_id = self._require_article()
        if article_id is None:
            return
        headline = self.editor.headline.text() or translate("MainWindow", "Untitled")

        def done(_result) -> None:
            self._last_trashed = article_id
            if self.editor.article_id == article_id:
                self._close_article()
            self.statusBar().showMessage(
                translate("MainWindow", "Moved “{headline}” to the Trash. Undo with Ctrl+Z (Edit › Undo), or Article › Restore from Trash.").format(headline=headline), 10000)

        self._run(translate("MainWindow", "moving to the trash"),
                  lambda session: articles.trash(session, articles.get(session, article_id)),
                  Changes.of([article_id], list=True), done=done)

    def restore_article(self, article_id: int | None = None) -> None:
        """Article › Restore from Trash: the article selected in the Trash (else the one
        last trashed) comes back to the list and opens in the editor."""
        from desk.core.articles import editing as articles

        if article_id is None and self.status_filter.currentData() == TRASH:
            article_id = self.model.article_id(self.list_view.currentIndex().row())
        if article_id is None:
            article_id = self._last_trashed
        if article_id is None:
            self.statusBar().showMessage(translate("MainWindow", "Select an article in the Trash first"), 3000)
            return

        def done(_result) -> None:
            if self._last_trashed == article_id:
                self._last_trashed = None
            self._reset_filters()
            self._after_list_change = lambda: self._open_restored(article_id)
            self.statusBar().showMessage(translate("MainWindow", "Restored from the Trash"), 5000)

        self._run(translate("MainWindow", "restoring from the trash"),
                  lambda session: articles.restore_from_trash(session, articles.get(session, article_id)),
                  Changes.of([article_id], list=True), done=done)

    def _open_restored(self, article_id: int) -> None:
        self._select(article_id)
        if self.editor.article_id != article_id:
            self.open_article(article_id)

    def undo(self) -> None:
        """Edit › Undo: in a text field its own undo; elsewhere the last Move to Trash."""
        widget = QApplication.focusWidget()
        text_undo = ((isinstance(widget, QLineEdit) and widget.isUndoAvailable())
                     or (isinstance(widget, QPlainTextEdit) and widget.document().isUndoAvailable()))
        if text_undo:
            widget.undo()
        elif self._last_trashed is not None:
            self.restore_article(self._last_trashed)

    def _close_article(self) -> None:
        """Nothing open: editor, inspector, panels, preview and title are emptied."""
        from desk.core.site.pages import empty_page

        self._save_timer.stop()
        self._dirty.clear()
        self._meta_dirty = {}
        self.editor.clear()
        self.inspector.setEnabled(False)
        self.history.set_article(None)
        self.article_photos.set_article(None)
        self.checklist.refresh(None)
        self.preview.show_html(empty_page(self.services.site))
        self._refusals.clear()
        self.banner.hide()
        self.setWindowTitle(translate("MainWindow", "Desk"))
        QSettings().remove("editor/last_article")

    def _run(self, what: str, work, changes, *, done=None, unit: bool = True) -> None:
        """An operation of the window: the editor's pending edits are handed to the
        writer first (they are written before it, in the same thread), then ``work``."""
        self.save_now()
        self.operations.run(what, work, changes, done=done,
                            failed=lambda exc: self.banner.show_message(str(exc)), unit=unit)

    # --- what changed: every panel follows ---------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        for article_id, version in changes.versions.items():
            self.autosaver.track(article_id, version)
        current = self.editor.article_id
        if changes.categories:
            self.inspector.category.reload()
        if changes.list or changes.categories:
            self.refresh_list()
        after, self._after_list_change = self._after_list_change, None
        if after is not None:
            after()
        touched = current is not None and current in changes.articles
        if touched and changes.saved:
            self._set_save_state(translate("MainWindow", "Saved {clock}").format(clock=self._clock()))
        if touched:
            self._show_stored_dates(current)
            if changes.revisions:
                self.history.refresh()
        if current is not None and (touched or changes.photos or changes.categories):
            if not self._dirty:
                self.checklist.refresh(current)
            if changes.attachments or changes.photos or changes.categories:
                self._article_context_changed()
        for photo_id in changes.photos:
            self.photo_library.refresh_photo(photo_id)

    def _show_stored_dates(self, article_id: int) -> None:
        """The inspector's status and publication time as stored (publishing sets it)."""
        from desk.core.articles import editing as articles

        try:
            with self.services.db.read() as session:
                article = articles.get(session, article_id, with_body=False)
                status, published = article.status, article.published_at
        except DeskError:
            return
        self.inspector.show_stored(status, published)

    def _clock(self) -> str:
        """Now, in the site's time zone (the preview's), with the zone's name."""
        return locale_format.clock(dt.datetime.now(self.services.site.tz))

    def export_site(self) -> None:
        from desk.ui.dialogs.export_site import ExportDialog

        self.save_now()
        self.autosaver.flush()
        ExportDialog(self.services.db, self).exec()

    def export_article_html(self) -> None:
        from desk.ui.dialogs.single_export import choose_and_export_html

        article_id = self._require_article()
        if article_id is not None:
            self.save_now()
            self.autosaver.flush()
            path = choose_and_export_html(self, self.services.db, article_id)
            if path is not None:
                self.statusBar().showMessage(translate("MainWindow", "Saved {path}").format(path=path), 5000)

    def export_article_pdf(self) -> None:
        from desk.ui.dialogs.single_export import choose_and_export_pdf

        article_id = self._require_article()
        if article_id is not None:
            self.save_now()
            self.autosaver.flush()
            # Kept on the window: the PDF is printed in the background.
            self._pdf_job = choose_and_export_pdf(self, self.services.db, article_id)

    def publish_article(self) -> None:
        from desk.ui.dialogs.publish import PublishDialog

        article_id = self._require_article()
        if article_id is None:
            return
        self.save_now()
        self.autosaver.flush()  # publish what is on screen
        dialog = PublishDialog(self.services.db, article_id, self)
        dialog.exec()

    def manage_categories(self) -> None:
        from desk.ui.dialogs.categories import CategoriesDialog

        # Its writes go through the operations layer: the picker, the filter and the list
        # follow its Changes.
        dialog = CategoriesDialog(self.services.db, self, operations=self.operations)
        dialog.exec()

    def _on_restored(self, article_id: int) -> None:
        if self.editor.article_id == article_id:
            self.editor.article_id = None  # force a reload of the restored state
            self.open_article(article_id)

    def go_to_field(self, field: str) -> None:
        """Take the editor to what a checklist item asks to fix."""
        editor_fields = {"headline": self.editor.headline, "standfirst": self.editor.standfirst,
                         "body": self.editor.body}
        inspector_fields = {"category": self.inspector.category, "byline": self.inspector.byline,
                            "slug": self.inspector.slug, "source_url": self.inspector.source_url,
                            "tags": self.inspector.tags}
        if field in editor_fields:
            editor_fields[field].setFocus()
        elif field in inspector_fields:
            self.inspector_dock.show()
            self.inspector_dock.raise_()
            inspector_fields[field].setFocus()
        elif field.startswith("photo:"):
            self.show_photo(int(field.split(":", 1)[1]))
        else:
            self.article_photos.setFocus()

    # --- photos ----------------------------------------------------------------------------
    def show_photo(self, photo_id: int) -> None:
        self.photos_dock.show()
        self.photos_dock.raise_()
        self.photo_library.select_photo(photo_id)
        self.photo_panel.set_photo(photo_id)

    def _import_photos(self) -> None:
        self.photos_dock.show()
        self.photos_dock.raise_()
        self.photo_library.open_import_dialog()

    def _on_article_photos_changed(self, article_id: int, version: int) -> None:
        # The attachment bumped the version: autosave must not take it for someone else.
        self.autosaver.track(article_id, version)
        self._article_context_changed()

    def _article_context_changed(self) -> None:
        """Photos or credits changed: the page around the text must be built again."""
        article_id = self.editor.article_id
        if article_id is not None:
            self.preview.update_text(article_id, self.editor.values(), rebuild=True)
            self.checklist.refresh(article_id)

    def _insert_reference(self, reference: str) -> None:
        cursor = self.editor.body.textCursor()
        block_empty = not cursor.block().text().strip()
        cursor.insertText(reference if block_empty else f"\n\n{reference}\n\n")
        self.editor.body.setTextCursor(cursor)
        self.editor.body.setFocus()

    def _remove_reference(self, photo_id: int) -> None:
        from desk.core.articles.attachments import remove_reference

        from desk.ui.editor.text_input import plain_text

        body = self.editor.body
        text = plain_text(body)  # toPlainText would turn no-break spaces into spaces
        new = remove_reference(text, photo_id)
        if new != text:
            cursor = body.textCursor()
            cursor.beginEditBlock()
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(new)  # one undo step
            cursor.endEditBlock()

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, translate("MainWindow", "Desk"), question)
        return answer == QMessageBox.StandardButton.Yes

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        """Photos dropped anywhere on the window go to the library."""
        if self.photo_library.handle_drop(event.mimeData()):
            self.photos_dock.show()
            self.photos_dock.raise_()
            event.acceptProposedAction()

    def _require_article(self) -> int | None:
        if self.editor.article_id is None:
            self.statusBar().showMessage(translate("MainWindow", "Open an article first"), 3000)
        return self.editor.article_id

    def _select(self, article_id: int) -> None:
        row = self.model.row_of(article_id)
        if row >= 0:
            self.list_view.selectRow(row)
        else:
            self.open_article(article_id)

    def _reset_filters(self) -> None:
        for widget in (self.search_box, self.status_filter, self.category_filter):
            widget.blockSignals(True)
        self.search_box.clear()
        self.status_filter.setCurrentIndex(0)
        self.category_filter.setCurrentIndex(0)
        for widget in (self.search_box, self.status_filter, self.category_filter):
            widget.blockSignals(False)
        self.model.set_filter(query="", status=None, trash=False, category_ids=None)

    def import_markdown(self) -> None:
        from desk.core.articles.importer import import_paths

        files = file_dialogs.open_files(self, translate("MainWindow", "Import Markdown"), file_dialogs.DOCUMENTS,
                                        translate("MainWindow", "Markdown (*.md *.markdown);;All files (*)"))
        if not files:
            return
        db, paths = self.services.db, [Path(f) for f in files]

        def done(report) -> None:
            self.statusBar().showMessage(
                translate("MainWindow", "Imported {count} new, {count2} updated").format(count=len(report.created), count2=len(report.updated)), 5000)

        self.save_now()
        self.statusBar().showMessage(translate("MainWindow", "Importing…"))
        self.operations.run(
            "importing Markdown", lambda: import_paths(db, paths),
            Changes(list=True, categories=True, saved=False),
            done=done, failed=lambda exc: QMessageBox.warning(self, translate("MainWindow", "Import"), str(exc)), unit=False)

    def about(self) -> None:
        self._about_box = help_dialogs.show_about(self, self.services.db if self.services else None)

    # --- databases and settings ----------------------------------------------------------
    def _on_demo_loaded(self) -> None:
        """The demo is in: every panel that lists articles, categories or photos reads again."""
        self.refresh_list()
        self.inspector.category.reload()
        self.photo_library.reload()
        if self.model.rowCount() > 0:
            self.list_view.selectRow(0)
        self.statusBar().showMessage(translate("MainWindow", "Demo articles loaded"), 5000)

    def _last_article_key(self) -> str:
        """The article open last, remembered per database (ids mean nothing in another)."""
        import hashlib

        where = help_dialogs.database_label(self.services.db)
        return "editor/last_article/" + hashlib.sha1(where.encode("utf-8")).hexdigest()[:16]

    def _show_database(self) -> None:
        """Which database is open: its name in the status bar, where it is in the tip."""
        where = help_dialogs.database_label(self.services.db)
        path = self.services.db.path
        self.database_label.setText(translate("MainWindow", "Database: {value}").format(value=path.name if path else where))
        self.database_label.setToolTip(where)
        self.setWindowFilePath(str(path) if path else "")

    def new_database(self) -> None:
        path = file_dialogs.save_file(self, translate("MainWindow", "New Database"), file_dialogs.DATABASES, "newsroom.sqlite",
                                      "Desk database (*.sqlite *.db);;All files (*)")
        if path is not None:
            if path.exists():
                QMessageBox.warning(self, translate("MainWindow", "New Database"), translate("MainWindow", "{path} already exists; use Open Database…").format(path=path))
                return
            self.database_requested.emit(str(path))

    def open_database(self) -> None:
        path = file_dialogs.open_file(self, translate("MainWindow", "Open Database"), file_dialogs.DATABASES,
                                      translate("MainWindow", "Desk database (*.sqlite *.db);;All files (*)"))
        if path is not None:
            self.database_requested.emit(str(path))

    def preferences(self) -> None:
        from desk.ui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.services.db, self)
        dialog.saved.connect(self._on_site_settings_saved)
        self._preferences = dialog
        dialog.exec()

    def _on_site_settings_saved(self, site: SiteSettings) -> None:
        """The site's settings changed: everything that shows them follows."""
        self.services.site = site
        self.editor.set_limits(site.headline_limit, site.standfirst_limit)
        self.model.set_timezone(site.tz)
        self.inspector.set_timezone(site.tz)
        self.inspector.set_site_language(site.language)
        self.history.set_timezone(site.tz)
        article_id = self.editor.article_id
        if article_id is not None:
            self.preview.update_text(article_id, self.editor.values(), rebuild=True)
            self.checklist.refresh(article_id)
        else:
            from desk.core.site.pages import empty_page

            self.preview.show_html(empty_page(site))
        self.statusBar().showMessage(translate("MainWindow", "Preferences saved"), 3000)

    # --- layout memory and closing -----------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self._geometry_restored = self.restoreGeometry(geometry)
        if self._geometry_restored:
            window_layout.keep_on_screen(self)
        else:
            window_layout.size_to_screen(self)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self._docks_restored = self.restoreState(state)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self._split_restored = self.splitter.restoreState(splitter)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._split_defaulted:
            self._split_defaulted = True
            # Its frame is known now: within the screen, title bar and borders included.
            QTimer.singleShot(0, lambda: window_layout.keep_on_screen(self))
            # First run: Qt would leave the list only what the docks and the editor's
            # minimum width leave over (its headline column squeezed out); once the window
            # has its size, lay the columns out for it (window_layout).
            QTimer.singleShot(0, self._default_layout)

    def _default_layout(self) -> None:
        columns = window_layout.plan_columns(self.width(), EDITOR_MIN_WIDTH)
        if not self._docks_restored:
            window_layout.size_docks(self, columns)
        if not self._split_restored:
            window_layout.split_list_and_editor(self, columns)
        self._layout_settled = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._layout_settled and self.isVisible():
            window_layout.share_growth(self, event.oldSize().width(), event.size().width())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.attached:  # closed before the window was complete: nothing to save
            self._closed_early = True
            for name in ("importer", "photo_library", "renditions"):
                if hasattr(self, name):
                    getattr(self, name).shutdown()
            if hasattr(self, "autosaver"):  # made first (the operations write in its thread)
                self.autosaver.stop()
            self.preview.shutdown()
            super().closeEvent(event)
            return
        self.save_now()
        self.photo_panel.flush()
        self.operations.wait()
        if not self.autosaver.flush(timeout_s=10):
            if not self._confirm_unsaved_close():
                event.ignore()
                return
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        self.autosaver.stop()
        self.photo_panel.flush()
        for worker in (self.importer, self.photo_library, self.renditions):
            worker.shutdown()
        self.preview.shutdown()
        super().closeEvent(event)

    def _confirm_unsaved_close(self) -> bool:
        """The database refuses the last edits: offer to keep them in a file."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("MainWindow", "Unsaved changes"))
        box.setText(translate("MainWindow", "Desk could not save your latest changes to the database."))
        box.setInformativeText(translate("MainWindow", "Save the article as a Markdown file so nothing is lost?"))
        save = box.addButton(translate("MainWindow", "Save as File…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(translate("MainWindow", "Keep Window Open"), QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton(translate("MainWindow", "Quit Without Saving"), QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        if box.clickedButton() is discard:
            return True
        if box.clickedButton() is save:
            path = file_dialogs.save_file(self, translate("MainWindow", "Save Article"), file_dialogs.DOCUMENTS, "article.md",
                                          "Markdown (*.md)")
            if path is not None:
                import yaml

                values = self.editor.values()
                front = yaml.safe_dump({"title": values["headline"] or "Untitled",
                                        "standfirst": values["standfirst"]}, allow_unicode=True)
                Path(path).write_text(f"---\n{front}---\n{values['body']}\n", encoding="utf-8")
                return True
        return False
