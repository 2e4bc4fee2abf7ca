"""Photos through the window: dropped on the window, chosen in the library, attached as
the hero, and shown in the preview with the composed credit line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desk.core.articles import editing as articles, attachments
from desk.core.store.models import Photo
from tests.photo_factory import agency_jpeg

MAXPPP = ("©Kyodo/MAXPPP - 15/04/2024 ; Soldiers salute at Mansu Hill. (Kyodo) ==Kyodo "
          "(MaxPPP TagID: maxnewsworldsix198966.jpg) [Photo via MaxPPP]")


def js(qtbot, pane, script):
    box = {}
    pane.page.runJavaScript(script, 0, lambda v: box.setdefault("v", v))
    with qtbot.waitCallback(timeout=10000) as callback:
        pane.page.runJavaScript("0", 0, callback)
    return box.get("v")


def test_drop_attach_and_see_the_credit(qtbot, services, db, tmp_path: Path):
    from desk.ui.window.main_window import MainWindow

    photo_file = tmp_path / "mansu.jpg"
    photo_file.write_bytes(agency_jpeg({110: "Kyodo/MAXPPP", 55: "20240415",
                                        103: "maxnewsworldsix198966.jpg",
                                        120: "Soldiers salute at Mansu Hill. (Kyodo) ==Kyodo"}))
    with db.write() as s:
        article_id = articles.create(s, headline="Anniversary", body="Text.", category="World",
                                     byline="Desk").id
    win = MainWindow(services)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.preview.loaded, timeout=30000):
        win.show()
        win.load_initial()

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo_file))])
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    win.dropEvent(drop)
    qtbot.waitUntil(lambda: _photo_count(db) == 1, timeout=15000)
    with db.read() as s:
        photo_id = s.query(Photo.id).scalar()

    win.photo_library.reload()
    qtbot.waitUntil(lambda: win.photo_library.select_photo(photo_id), timeout=5000)
    qtbot.waitUntil(lambda: win.photo_panel.composed_text() == MAXPPP, timeout=5000)
    assert win.article_photos.attach_hero(photo_id)
    with db.read() as s:
        assert [(p.photo_id, p.role) for p in attachments.attached(s, article_id)] == [(photo_id, "hero")]
    qtbot.waitUntil(lambda: js(qtbot, win.preview,
                               "(document.querySelector('figure.hero .credit') || {}).textContent") == MAXPPP,
                    timeout=15000)
    # The editor keeps saving after the attachment changed the article's version.
    win.editor.body.moveCursor(win.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.editor.body, " More.")
    qtbot.waitUntil(lambda: _body(db, article_id).endswith("More."), timeout=5000)
    assert not win.banner.isVisible()


def _photo_count(db) -> int:
    with db.read() as s:
        return s.query(Photo).count()


def _body(db, article_id) -> str:
    with db.read() as s:
        return articles.get(s, article_id).body
