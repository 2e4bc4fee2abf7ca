"""The background importer: files, drops and pastes, progress, cancel, errors, and a
window that keeps running while 100 photos come in."""

from __future__ import annotations

import concurrent.futures as futures
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from sqlalchemy import func, select

from desk.core.photos import records as photos
from desk.core.store.models import Photo, Rendition
from desk.ui.photos.import_queue import PhotoImporter, sources_from_mime
from desk.ui.photos.library import PhotoLibrary
from desk.ui.photos.rendition_worker import RenditionWorker
from tests.photo_factory import agency_jpeg


def photo_count(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(Photo.id)))


def write_photos(folder: Path, count: int, size=(640, 480)) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"agency-{n:03d}.jpg"
        path.write_bytes(agency_jpeg({110: "AFP", 80: [f"Photographer {n}"], 120: f"Caption {n}"},
                                     width=size[0], height=size[1]))
        paths.append(path)
    return paths


@pytest.fixture
def importer(db):
    imp = PhotoImporter(db)
    yield imp
    imp.shutdown()


@pytest.fixture
def library(qtbot, db, importer):
    widget = PhotoLibrary(db, importer)
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    yield widget
    widget.shutdown()


def test_hundred_photos_import_while_the_event_loop_keeps_running(qtbot, db, importer, library, tmp_path):
    paths = write_photos(tmp_path, 100)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    progress: list[tuple[int, int, str]] = []
    importer.progress.connect(lambda d, t, name: progress.append((d, t, name)))
    with qtbot.waitSignal(importer.finished, timeout=60000) as finished:
        started = time.perf_counter()
        importer.import_files(paths)
        assert time.perf_counter() - started < 0.05  # the call only queues the batch
    timer.stop()
    report = finished.args[0]
    assert len(report.imported) == 100 and not report.failed
    assert photo_count(db) == 100
    # The UI thread ran all along: the timer kept ticking. The bound on the longest gap
    # leaves room for a busy test machine; a frozen loop would show the whole import.
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) > 10 and max(gaps) < 1.0, (len(ticks), max(gaps))
    assert progress[0][:2] == (0, 100) and progress[0][2] == "agency-000.jpg"
    assert progress[-1][:2] == (100, 100)
    # Each photo appeared in the grid as it came in.
    assert library.model.rowCount() == 100
    assert library.count_label.text() == "100 photos"


def test_cancel_stops_the_batch_and_keeps_what_was_stored(qtbot, db, importer, tmp_path):
    paths = write_photos(tmp_path, 40, size=(1600, 1200))
    importer.progress.connect(lambda done, total, name: done == 3 and importer.cancel())
    with qtbot.waitSignal(importer.finished, timeout=60000) as finished:
        importer.import_files(paths)
    report = finished.args[0]
    assert report.cancelled and 3 <= len(report.imported) < 40
    assert photo_count(db) == len(report.imported)
    assert not importer.busy


def test_errors_are_collected_and_the_batch_goes_on(qtbot, db, importer, library, tmp_path):
    good = write_photos(tmp_path, 2)
    bad = tmp_path / "notes.jpg"
    bad.write_text("just text\n")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    failed = []
    importer.failed.connect(lambda name, reason: failed.append(name))
    with qtbot.waitSignal(importer.finished, timeout=20000) as finished:
        importer.import_files([bad, good[0], empty, good[1], good[0]])
    report = finished.args[0]
    assert len(report.imported) == 2 and len(report.duplicates) == 1
    assert [f for f, _ in report.failed] == [str(bad), str(empty)] == failed
    assert "notes.jpg: not an image" in report.failed[0][1]
    assert "2 imported, 1 already in the library, 2 refused." in library.status.text()
    assert "notes.jpg" in library.status.text()


def test_drop_of_files_imports_them(qtbot, db, importer, library, tmp_path):
    paths = write_photos(tmp_path, 2)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QGuiApplication.sendEvent(library, enter)
    assert enter.isAccepted()
    # Outside a real drag Qt does not route a Drop event; the handler gets it directly.
    with qtbot.waitSignal(importer.finished, timeout=20000):
        library.dropEvent(event)
    assert event.isAccepted()
    assert photo_count(db) == 2
    qtbot.waitUntil(lambda: library.model.rowCount() == 2)


def test_paste_of_a_bitmap_and_of_file_urls(qtbot, db, importer, library, tmp_path):
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    clipboard = QGuiApplication.clipboard()
    clipboard.setImage(image)
    with qtbot.waitSignal(importer.finished, timeout=20000) as finished:
        library.activateWindow()
        library.view.setFocus()
        qtbot.keyClick(library.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    report = finished.args[0]
    assert len(report.imported) == 1
    with db.read() as session:
        photo = photos.get(session, report.imported[0])
        assert (photo.format, photo.width, photo.height) == ("PNG", 120, 80)
        assert photo.original_filename == "pasted image.png"

    [path] = write_photos(tmp_path, 1)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    clipboard.setMimeData(mime)
    with qtbot.waitSignal(importer.finished, timeout=20000) as finished:
        assert library.paste()
    assert finished.args[0].imported and photo_count(db) == 2
    clipboard.setText("no picture here")
    assert not library.paste()
    assert "no image" in library.status.text()


def test_mime_without_local_files_offers_nothing():
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/a.jpg")])
    assert sources_from_mime(mime) == []


def test_renditions_are_made_after_an_import(qtbot, db, tmp_path):
    renditions = RenditionWorker(db, workers=1, make_pool=lambda: futures.ThreadPoolExecutor(1))
    importer = PhotoImporter(db, renditions=renditions)
    try:
        [path] = write_photos(tmp_path, 1, size=(900, 600))
        with qtbot.waitSignal(renditions.finished, timeout=30000) as done:
            importer.import_files([path])
        assert done.args[0].made == 6 and not done.args[0].failed  # 900, 800, 400; JPEG and WebP
        with db.read() as session:
            kinds = session.execute(select(Rendition.width, Rendition.format).where(Rendition.kind == "web")).all()
        assert sorted(kinds) == [(w, f) for w in (400, 800, 900) for f in ("JPEG", "WEBP")]
    finally:
        importer.shutdown()
        renditions.shutdown()


def test_drag_enter_refuses_what_is_not_a_file(qtbot, library):
    mime = QMimeData()
    mime.setText("hello")
    event = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QGuiApplication.sendEvent(library, event)
    assert not event.isAccepted()


def test_hostile_files_are_each_refused_in_one_line_and_the_batch_goes_on(qtbot, db, importer, library, tmp_path):
    """Issue 15 through the window: a progressive JPEG cut between its scans, a PNG
    declaring 1 × 89,000,000 pixels, a file named with a newline; and XMP nested 4,000 deep
    (which once raised RecursionError and ended the batch), which imports."""
    import io

    from PIL import Image

    from tests.photo_factory import app1_xmp, insert_after_app0, png_header_only, xmp_packet

    out = io.BytesIO()
    Image.effect_noise((400, 264), 60).convert("RGB").save(out, "JPEG", quality=90, progressive=True)
    whole = out.getvalue()
    cut = tmp_path / "cut-progressive.jpg"
    cut.write_bytes(whole[: whole.find(b"\xff\xda", whole.find(b"\xff\xda") + 2)] + b"\xff\xd9")
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header_only(1, 89_000_000))
    newline = tmp_path / "two\nlines.jpg"
    newline.write_text("not a photo")
    inner = "<a>" * 4000 + "deep" + "</a>" * 4000
    deep = tmp_path / "deep-xmp.jpg"
    deep.write_bytes(insert_after_app0(agency_jpeg({110: "AFP"}), [app1_xmp(xmp_packet(
        {"photoshop:Credit": "AFP"}, extra_xml=f"<photoshop:Headline>{inner}</photoshop:Headline>"))]))
    good = write_photos(tmp_path, 1)[0]
    with qtbot.waitSignal(importer.finished, timeout=30000) as finished:
        importer.import_files([cut, bomb, deep, newline, good])
    report = finished.args[0]
    assert len(report.imported) == 2 and photo_count(db) == 2
    reasons = dict(report.failed)
    assert list(reasons) == [str(cut), str(bomb), str(newline)]
    assert "truncated JPEG: the progressive scans stop early (1 scan); part of the picture is missing" in reasons[str(cut)]
    assert "1×89000000 PNG would take about 340 MB of memory" in reasons[str(bomb)]
    assert all("\n" not in reason for reason in reasons.values())
    assert "2 imported, 3 refused." in library.status.text()
