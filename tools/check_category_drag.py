"""Drag categories with the mouse in a real categories manager and check what is stored.

The offscreen platform the tests use has no drag and drop (QDrag.exec returns at once),
so the view's side of it is checked here, on a real display or a virtual one:

    QT_QPA_PLATFORM=xcb xvfb-run -a python tools/check_category_drag.py

Exit status 0 when every drop stored what the editor saw, 1 otherwise.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import desk.ui  # noqa: E402,F401  (the PySide6 reference-count guard comes first)
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desk.core.articles import categories  # noqa: E402
from desk.core.store.db import open_database  # noqa: E402
from desk.ui.dialogs.categories import CategoriesDialog  # noqa: E402
from tests.ui.helpers import make_tree  # noqa: E402

TREE = {"Politics": {"Europe": {}, "Africa": {}}, "Sport": {}, "Culture": {}}


def drag(app: QApplication, dialog: CategoriesDialog, source_id: int, target_id: int,
         where: str) -> None:
    """Drag one category onto ("on") or just above ("above") another."""
    view = dialog.tree
    rect = view.visualRect(dialog.model.items[target_id].index())
    point = rect.center() if where == "on" else QPoint(rect.center().x(), rect.top() + 1)
    window = dialog.windowHandle()

    def send(kind: QEvent.Type, p: QPoint, button: Qt.MouseButton, buttons: Qt.MouseButton) -> None:
        local = QPointF(view.viewport().mapTo(dialog, p))
        event = QMouseEvent(kind, local, local, QPointF(view.viewport().mapToGlobal(p)),
                            button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(window, event)

    def during_drag() -> None:
        # QDrag.exec runs its own loop; these arrive inside it, as the hand would.
        for p in (point + QPoint(0, 1), point):
            send(QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)
        send(QEvent.Type.MouseButtonRelease, point, Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)

    dialog.select(source_id)
    QTimer.singleShot(200, during_drag)
    view.startDrag(Qt.DropAction.MoveAction)
    QTest.qWait(300)  # the dialog rebuilds its tree once the drop has returned


def main() -> int:
    app = QApplication.instance() or QApplication([])
    if app.platformName() in ("offscreen", "minimal"):
        print(f"needs a display with drag and drop, not {app.platformName()!r}", file=sys.stderr)
        return 2
    db = open_database(Path(tempfile.mkdtemp()) / "drag.sqlite")
    ids = make_tree(db, TREE)
    dialog = CategoriesDialog(db)
    dialog.show()
    dialog.tree.expandAll()
    QTest.qWaitForWindowExposed(dialog)

    def stored() -> list[str]:
        with db.read() as s:
            return [c.path_names() for c in categories.tree(s)]

    checks = [
        (ids["Sport"], ids["Politics > Africa"], "on", "Politics > Africa > Sport"),
        (ids["Culture"], ids["Politics"], "above", "Culture"),
    ]
    failed = 0
    for source, target, where, expected in checks:
        drag(app, dialog, source, target, where)
        paths = stored()
        ok = expected in paths and (where == "on" or paths[0] == expected)
        failed += not ok
        print(f"{'ok ' if ok else 'BAD'} drop {where}: {paths}")
    shown = dialog.model.rowCount()
    if shown != 2:  # Culture and Politics at the top: the view removed nothing itself
        print(f"BAD the tree shows {shown} top-level rows")
        failed += 1
    db.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
