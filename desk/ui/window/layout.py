"""How the window fits the screen it opens on.

- The first window takes the screen's available area, less a margin on a large screen
  (never a fixed size that runs off a 1366 × 768 laptop); a size remembered from a
  bigger screen is brought back within this one.
- Its columns (list | editor | preview | inspector) are planned from the width: on a
  laptop the preview and the article panels share one column as tabs, the preview in
  front, so that none is squeezed below what it needs; from WIDE up they stand side by
  side.
- When the window grows, the editor and the preview share the extra width (the lists and
  forms around them do not need it); when it shrinks they give it back.
- The list's columns are sized by what they show, and the category column steps aside
  when the list is too narrow for headline, status and date to stay readable.

``plan_columns`` is plain arithmetic, so it can be checked for any screen size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

if TYPE_CHECKING:
    from desk.ui.window.main_window import MainWindow

WIDE = 1600  # from this width on, preview and inspector side by side
LARGE_SCREEN = QSize(2000, 1150)  # above this, the first window leaves a margin
LARGE_SHARE = 0.9
MAX_FIRST = QSize(2200, 1400)  # a first window on a huge screen: no wider than useful
LIST_MIN = 330
LIST_SHARE = 0.22
LIST_SHARE_NARROW = 0.26
INSPECTOR_WIDTH = 340
PREVIEW_SHARE_WIDE = 0.29
RIGHT_SHARE_NARROW = 0.38
RIGHT_MIN_NARROW = 470
PREVIEW_GROWTH = 0.5  # of the width a window gains (or loses), what the preview takes
HEADLINE_MIN_CHARS = 22  # below this the headline is not readable: the category gives way


@dataclass(frozen=True)
class Columns:
    """Widths in pixels for a window ``width`` wide. ``tabbed``: preview and inspector
    share one column (its width is ``preview``; ``inspector`` is then 0)."""

    list: int
    editor: int
    preview: int
    inspector: int
    tabbed: bool


def first_geometry(available: QRect) -> QRect:
    """The first window on a screen whose free area is ``available``."""
    if available.width() <= LARGE_SCREEN.width() or available.height() <= LARGE_SCREEN.height():
        return QRect(available)
    size = QSize(int(available.width() * LARGE_SHARE), int(available.height() * LARGE_SHARE))
    size = size.boundedTo(MAX_FIRST)
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return rect


def fit_into(frame: QRect, available: QRect) -> QRect:
    """A remembered window brought within the screen: shrunk if bigger, moved if out."""
    rect = QRect(frame)
    rect.setWidth(min(rect.width(), available.width()))
    rect.setHeight(min(rect.height(), available.height()))
    if rect.right() > available.right():
        rect.moveRight(available.right())
    if rect.bottom() > available.bottom():
        rect.moveBottom(available.bottom())
    if rect.left() < available.left():
        rect.moveLeft(available.left())
    if rect.top() < available.top():
        rect.moveTop(available.top())
    return rect


def plan_columns(width: int, editor_min: int, separator: int = 6) -> Columns:
    """The first-run column widths of a window ``width`` pixels wide."""
    if width >= WIDE:
        list_w = max(LIST_MIN, int(width * LIST_SHARE))
        inspector = INSPECTOR_WIDTH
        preview = int(width * PREVIEW_SHARE_WIDE)
        editor = width - list_w - inspector - preview - 3 * separator
        return Columns(list_w, max(editor, editor_min), preview, inspector, tabbed=False)
    right = max(RIGHT_MIN_NARROW, int(width * RIGHT_SHARE_NARROW))
    list_w = max(LIST_MIN, int(width * LIST_SHARE_NARROW))
    editor = width - list_w - right - 2 * separator
    if editor < editor_min:  # a small window: the list and the right column give way
        short = editor_min - editor
        list_w -= short // 2
        right -= short - short // 2
        editor = editor_min
    return Columns(list_w, editor, right, 0, tabbed=True)


def size_to_screen(window: MainWindow) -> None:
    """The first window, before anything is remembered."""
    screen = window.screen()
    if screen is None:
        return
    available = screen.availableGeometry()
    geometry = first_geometry(available)
    window.setGeometry(geometry)
    if geometry == available:
        # A laptop's screen: the window manager makes it fill the screen, title bar and
        # frame included (keep_on_screen fits the frame where there is no manager).
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def keep_on_screen(window: MainWindow) -> None:
    """After a remembered geometry was restored: within this screen (it may be smaller
    than the one it was saved on)."""
    screen = window.screen()
    if screen is None:
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    fitted = fit_into(frame, available)
    if fitted.size() != frame.size():
        margins = frame.size() - window.geometry().size()
        window.resize(fitted.size() - margins)
        # The window may not shrink that far (its minimum size): place what it became.
        fitted = fit_into(window.frameGeometry(), available)
    if fitted.topLeft() != window.frameGeometry().topLeft():
        window.move(fitted.topLeft())


def arrange_docks(window: MainWindow, editor_min: int) -> Columns:
    """Dock the panels as planned for the window's width (first run only): preview and
    inspector side by side, or tabbed together with the preview in front."""
    columns = plan_columns(window.width(), editor_min)
    preview, inspector = window.preview_dock, window.inspector_dock
    others = (window.history_dock, window.checklist_dock, window.photos_dock)
    right = Qt.DockWidgetArea.RightDockWidgetArea
    for dock in (preview, inspector, *others):
        window.removeDockWidget(dock)
    window.addDockWidget(right, preview)
    if columns.tabbed:
        window.tabifyDockWidget(preview, inspector)
    else:
        window.splitDockWidget(preview, inspector, Qt.Orientation.Horizontal)
    previous = inspector
    for dock in others:
        window.tabifyDockWidget(previous, dock)
        previous = dock
    for dock in (preview, inspector, *others):
        dock.show()
    inspector.raise_()
    preview.raise_()  # in front where they share a column
    size_docks(window, columns)
    return columns


def size_docks(window: MainWindow, columns: Columns) -> None:
    if columns.tabbed:
        window.resizeDocks([window.preview_dock], [columns.preview], Qt.Orientation.Horizontal)
    else:
        window.resizeDocks([window.preview_dock, window.inspector_dock],
                           [columns.preview, columns.inspector], Qt.Orientation.Horizontal)


def split_list_and_editor(window: MainWindow, columns: Columns) -> None:
    total = sum(window.splitter.sizes())
    if total <= 0:
        return
    share = columns.list / max(1, columns.list + columns.editor)
    left = int(total * share)
    window.splitter.setSizes([left, total - left])


# --- the article list's columns -------------------------------------------------------

HEADLINE, STATUS, CATEGORY, UPDATED = range(4)


def list_column_widths(table: QTableView) -> dict[int, int]:
    """Widths from what the columns show (measuring rows would read a 100,000-row list)."""
    metrics = table.fontMetrics()
    pad = 18  # cell margins and the sort arrow
    return {
        STATUS: max(metrics.horizontalAdvance(w) for w in ("published", "archived", "Status")) + pad,
        CATEGORY: metrics.horizontalAdvance("Foreign Policy") + pad,
        UPDATED: max(metrics.horizontalAdvance(w) for w in ("2024-04-15", "Updated", "27 Nov")) + pad,
    }


def size_list_columns(table: QTableView) -> None:
    header = table.horizontalHeader()
    header.setSectionResizeMode(HEADLINE, QHeaderView.ResizeMode.Stretch)
    for column, width in list_column_widths(table).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width)
    fitter = _ListFitter(table)
    table.installEventFilter(fitter)
    table._desk_fitter = fitter  # type: ignore[attr-defined]  (kept with the table)


class _ListFitter(QObject):
    """Hides the category column while the list is too narrow for it."""

    def __init__(self, table: QTableView):
        super().__init__(table)
        self._table = table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._table:
            fit_list_columns(self._table)
        return False


def fit_list_columns(table: QTableView) -> None:
    widths = list_column_widths(table)
    headline_min = table.fontMetrics().averageCharWidth() * HEADLINE_MIN_CHARS
    # The table's own size: its viewport is resized after the table's resize event.
    room = table.contentsRect().width()
    bar = table.verticalScrollBar()
    if bar.isVisible():
        room -= bar.width()
    needed = headline_min + widths[STATUS] + widths[UPDATED] + widths[CATEGORY]
    hide = room < needed
    if table.isColumnHidden(CATEGORY) != hide:
        table.setColumnHidden(CATEGORY, hide)


# --- growing and shrinking ------------------------------------------------------------

def share_growth(window: MainWindow, old_width: int, new_width: int) -> None:
    """Give the preview its share of what the window gained (the editor, in the centre,
    gets the rest from Qt); take it back when the window shrinks."""
    delta = new_width - old_width
    preview = window.preview_dock
    if (delta == 0 or old_width <= 0 or preview.isFloating() or not preview.isVisible()
            or window.dockWidgetArea(preview) == Qt.DockWidgetArea.NoDockWidgetArea):
        return
    target = max(preview.minimumSizeHint().width(), preview.width() + int(delta * PREVIEW_GROWTH))
    window.resizeDocks([preview], [target], Qt.Orientation.Horizontal)
