"""Child process for the layout tests: open the window on a screen of a given size (the
offscreen platform's configfile), let it settle, and print one JSON line of what an
editor would see: the window against the screen, the list's columns, which panels are in
view and whether any scrolls sideways, the photo grid's rows, the preview's viewport.

Usage: layout_probe.py DB_PATH SETTINGS_DIR"""

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from PySide6 import QtWebEngineWidgets  # noqa: E402,F401
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QAbstractScrollArea, QApplication  # noqa: E402

from desk.ui.preview.view import register_scheme  # noqa: E402

register_scheme()


def wait(app, seconds: float, until=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until is not None and until():
            return
        time.sleep(0.01)


def js(app, page, script: str):
    box = []
    page.runJavaScript(script, 0, box.append)
    wait(app, 10, lambda: bool(box))
    return box[0] if box else None


def sideways(widget) -> list[str]:
    """Scroll areas under ``widget`` (lists and text fields too) that show a horizontal
    scroll bar."""
    found = []
    for area in widget.findChildren(QAbstractScrollArea):
        bar = area.horizontalScrollBar()
        if area.isVisible() and bar.isVisible() and bar.maximum() > 0:
            found.append(area.objectName() or area.accessibleName() or type(area).__name__)
    return found


def main() -> None:
    db_path, settings_dir = sys.argv[1], sys.argv[2]
    app = QApplication([])
    QCoreApplication.setOrganizationName("DeskLayoutProbe")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    from desk.core.store.db import open_database
    from desk.ui.window.main_window import MainWindow
    from desk.ui.window.services import Services

    window = MainWindow(Services.create(open_database(db_path)))
    ready = []
    window.first_preview_ready.connect(ready.append)
    window.show()
    window.load_initial()
    wait(app, 30, lambda: bool(ready))
    # The demo article with the agency photo: its long credit line in the inspector's list.
    from desk.core.articles import editing as articles

    with window.services.db.read() as session:
        article_id = articles.by_slug(session, "north-korea-marks-kim-il-sung-anniversary").id
    window.list_view.selectRow(window.model.row_of(article_id))
    wait(app, 1.0, lambda: window.article_photos.list.count() > 0)
    wait(app, 1.0)
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    table = window.list_view
    header = table.horizontalHeader()
    report = {
        "screen": [screen.width(), screen.height()],
        "window": [frame.x(), frame.y(), frame.width(), frame.height()],
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "list_width": table.viewport().width(),
        "columns": {window.model.headerData(c, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal):
                    (0 if table.isColumnHidden(c) else header.sectionSize(c)) for c in range(4)},
        "editor_width": window.editor.width(),
        "char_width": table.fontMetrics().averageCharWidth(),
        "tabbed_with_preview": [d.windowTitle() for d in window.tabifiedDockWidgets(window.preview_dock)],
        "preview_dock_width": window.preview_dock.width(),
        "preview_visible": not window.preview.visibleRegion().isEmpty(),
    }
    # Each panel in turn in front: its width, and whether anything in it scrolls sideways.
    panels = {}
    for dock in (window.inspector_dock, window.photos_dock, window.checklist_dock, window.history_dock):
        dock.raise_()
        wait(app, 0.3)
        widget = dock.widget()
        panels[dock.windowTitle()] = {
            "width": widget.width(), "min_width": widget.minimumSizeHint().width(),
            "sideways": sideways(widget),
        }
    report["panels"] = panels
    # The photo grid, with the photos dock in front.
    window.photos_dock.raise_()
    wait(app, 0.3)
    view = window.photo_library.view
    grid = view.gridSize()
    report["photo_grid"] = {"rows": view.viewport().height() // grid.height(),
                            "columns": view.viewport().width() // grid.width(),
                            "photos": window.photo_library.model.rowCount(),
                            "viewport": [view.viewport().width(), view.viewport().height()],
                            "splitter": window.photos_dock.widget().sizes()}
    if window.photo_library.model.rowCount():
        window.photo_library.select_photo(window.photo_library.model.photo_id(0))
        wait(app, 0.5)
        report["panels"]["Photos"]["sideways"] = sideways(window.photos_dock.widget())
    # The preview, in front, at each width.
    window.preview_dock.raise_()
    wait(app, 0.5)
    pane = window.preview
    modes = {}
    for name, button in (("desktop", pane.desktop_button), ("phone", pane.phone_button)):
        button.click()
        wait(app, 0.8)
        modes[name] = {"inner_width": js(app, pane.page, "window.innerWidth"),
                       "view_width": pane.view.width(), "zoom": round(pane.view.zoomFactor(), 3),
                       "label": pane.state_label.text()}
    pane.desktop_button.click()
    report["preview"] = modes
    print("PROBE " + json.dumps(report), flush=True)
    window.close()
    from PySide6.QtCore import QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


if __name__ == "__main__":
    main()
