"""An article's photos widget: hero, inline with a body reference, overrides, reorder,
detach with the offer to remove the reference, drops from the library."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desk.core.articles import editing as articles, attachments
from desk.core.photos import records as photos
from desk.ui.photos.article_photos import ArticlePhotos
from desk.ui.photos.import_queue import PhotoImporter
from desk.ui.photos.library import PHOTO_MIME
from tests.photo_factory import agency_jpeg


@pytest.fixture
def setup(db):
    with db.write() as session:
        article = articles.create(session, "Mansu Hill", body="Intro.")
        ids = [photos.store(session, agency_jpeg({110: "AP", 120: f"Caption {n}"}, width=80 + n, height=60),
                            f"p{n}.jpg")[0].id for n in range(3)]
        return article.id, ids


@pytest.fixture
def widget(qtbot, db, setup):
    answers: list[str] = []
    w = ArticlePhotos(db, ask=lambda text: answers.append(text) or True)
    w.answers = answers
    qtbot.addWidget(w)
    w.show()
    w.set_article(setup[0])
    return w


def roles(widget):
    return [(link.role, link.photo_id) for link in widget.links]


def test_hero_then_replaced(qtbot, db, widget, setup):
    article_id, (a, b, _) = setup
    widget.set_candidate(a)
    with qtbot.waitSignal(widget.article_changed) as changed:
        qtbot.mouseClick(widget.hero_button, Qt.MouseButton.LeftButton)
    assert changed.args[0] == article_id
    with db.read() as session:
        assert changed.args[1] == articles.get(session, article_id).version
    widget.set_candidate(b)
    qtbot.mouseClick(widget.hero_button, Qt.MouseButton.LeftButton)
    assert roles(widget) == [("hero", b)]


def test_inline_emits_the_reference_and_overrides_are_saved(qtbot, db, widget, setup):
    article_id, (a, b, c) = setup
    widget.set_candidate(b)
    with qtbot.waitSignal(widget.insert_reference) as inserted:
        qtbot.mouseClick(widget.inline_button, Qt.MouseButton.LeftButton)
    assert inserted.args == [f"![](photo:{b})"]
    widget.list.setCurrentRow(0)
    widget.caption.setFocus()
    qtbot.keyClicks(widget.caption, "Soldiers at the monument")
    qtbot.keyClick(widget.caption, Qt.Key.Key_Return)
    qtbot.keyClicks(widget.alt, "Rows of soldiers")
    qtbot.keyClick(widget.alt, Qt.Key.Key_Return)
    with db.read() as session:
        [link] = attachments.attached(session, article_id)
    assert (link.caption_override, link.alt_override) == ("Soldiers at the monument", "Rows of soldiers")


def test_reorder_and_detach(qtbot, db, widget, setup):
    article_id, (a, b, c) = setup
    widget.attach_hero(a)
    widget.attach_inline(b)
    widget.attach_inline(c)
    assert roles(widget) == [("hero", a), ("inline", b), ("inline", c)]
    assert widget.list.currentRow() == 2  # the photo just attached
    assert widget.up_button.isEnabled() and not widget.down_button.isEnabled()
    widget.list.setCurrentRow(1)
    assert not widget.up_button.isEnabled() and widget.down_button.isEnabled()
    widget.list.setCurrentRow(2)
    qtbot.mouseClick(widget.up_button, Qt.MouseButton.LeftButton)
    assert roles(widget) == [("hero", a), ("inline", c), ("inline", b)]
    assert widget.list.currentRow() == 1  # the moved photo stays selected

    with qtbot.waitSignal(widget.remove_reference) as removed:
        qtbot.mouseClick(widget.detach_button, Qt.MouseButton.LeftButton)
    assert removed.args == [c] and widget.answers
    assert roles(widget) == [("hero", a), ("inline", b)]
    widget.list.setCurrentRow(0)
    widget.answers.clear()
    widget.detach_selected()
    assert widget.answers == []  # a hero has no body reference to offer removing
    assert roles(widget) == [("inline", b)]
    with db.read() as session:
        assert [(l.role, l.position) for l in attachments.attached(session, article_id)] == [("inline", 0)]


def test_drop_from_the_library_attaches_inline(qtbot, widget, setup):
    _, (a, b, _) = setup
    mime = QMimeData()
    mime.setData(PHOTO_MIME, QByteArray(f"{a},{b}".encode()))
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    references = []
    widget.insert_reference.connect(references.append)
    widget.dropEvent(event)
    assert references == [f"![](photo:{a})", f"![](photo:{b})"]
    assert roles(widget) == [("inline", a), ("inline", b)]


def test_no_article_means_nothing_to_do(qtbot, db, setup):
    w = ArticlePhotos(db, ask=lambda text: False)
    qtbot.addWidget(w)
    w.set_candidate(setup[1][0])
    assert not w.hero_button.isEnabled() and not w.attach_inline(setup[1][0])
    w.set_article(999)
    assert not w.attach_hero(setup[1][0])
    assert "no article with id 999" in w.message.text()


def test_files_dropped_on_the_article_are_imported_then_attached(qtbot, db, setup, tmp_path):
    article_id, (a, _, _) = setup
    importer = PhotoImporter(db)
    w = ArticlePhotos(db, ask=lambda text: False, importer=importer)
    qtbot.addWidget(w)
    try:
        w.set_article(article_id)
        new = tmp_path / "new.jpg"
        new.write_bytes(agency_jpeg({110: "EPA-EFE", 120: "Dropped"}, width=70, height=50))
        bad = tmp_path / "bad.jpg"
        bad.write_bytes(b"\0" * 100)
        with db.read() as session:
            known = tmp_path / "known.jpg"
            known.write_bytes(photos.original_bytes(session, a))
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (new, bad, known)])
        references = []
        w.insert_reference.connect(references.append)
        with qtbot.waitSignal(importer.finished, timeout=20000):
            w.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                                   Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
        qtbot.waitUntil(lambda: len(references) == 2)
        [(_, new_id), (_, known_id)] = roles(w)
        assert known_id == a and references == [f"![](photo:{new_id})", f"![](photo:{a})"]
        assert "bad.jpg" in w.message.text()
    finally:
        importer.shutdown()
