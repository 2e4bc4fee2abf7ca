"""The library grid: thumbnails in the background, search and filters, selection signals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import delete

from desk.core.photos import records as photos
from desk.core.store.models import Rendition
from desk.ui.photos.import_queue import PhotoImporter
from desk.ui.photos.library import PHOTO_MIME, PhotoIdRole, PhotoLibrary, photo_ids_from_mime
from tests.photo_factory import agency_jpeg


def add(db, name: str, iim: dict, **edits) -> int:
    with db.write() as session:
        photo, _ = photos.store(session, agency_jpeg(iim, width=90, height=60), name)
        if edits:
            photos.update_fields(session, photo.id, **edits)
        return photo.id


@pytest.fixture
def stocked(db):
    return {
        "ap": add(db, "ap.jpg", {80: ["Paul Sancya"], 110: "AP", 120: "Detroit. (AP Photo/Paul Sancya)"}),
        "kyodo": add(db, "kyodo.jpg", {110: "Kyodo/MAXPPP", 120: "Salute. (Kyodo) ==Kyodo"}, alt_text="Soldiers"),
        "reuters": add(db, "reuters.jpg", {110: "REUTERS", 40: "CHINA OUT", 120: "Skyline"}),
    }


@pytest.fixture
def library(qtbot, db, stocked):
    importer = PhotoImporter(db)
    widget = PhotoLibrary(db, importer)
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    yield widget
    widget.shutdown()
    importer.shutdown()


def shown(library) -> set[int]:
    return {library.model.data(library.model.index(r), PhotoIdRole) for r in range(library.model.rowCount())}


def test_grid_lists_photos_and_loads_thumbnails_in_the_background(qtbot, db, library, stocked):
    assert shown(library) == set(stocked.values())
    assert library.view.viewMode() == library.view.ViewMode.IconMode
    qtbot.waitUntil(lambda: all(library.model.has_thumbnail(i) for i in stocked.values()), timeout=5000)
    icon = library.model.data(library.model.index(0), Qt.ItemDataRole.DecorationRole)
    assert not icon.isNull() and icon.width() <= 150


def test_missing_thumbnail_is_made_and_stored(qtbot, db, stocked):
    with db.write() as session:
        session.execute(delete(Rendition).where(Rendition.photo_id == stocked["ap"]))
    importer = PhotoImporter(db)
    widget = PhotoLibrary(db, importer)
    qtbot.addWidget(widget)
    widget.show()
    try:
        qtbot.waitUntil(lambda: widget.model.has_thumbnail(stocked["ap"]), timeout=5000)
        with db.read() as session:
            assert photos.thumbnail_bytes(session, stocked["ap"]) is not None
    finally:
        widget.shutdown()
        importer.shutdown()


def test_search_box_and_filters(qtbot, library, stocked):
    qtbot.keyClicks(library.search, "sancya")
    qtbot.waitUntil(lambda: shown(library) == {stocked["ap"]}, timeout=10000)
    library.search.clear()
    qtbot.waitUntil(lambda: len(shown(library)) == 3, timeout=10000)

    library.filter.setCurrentIndex(library.filter.findData("restricted"))
    assert shown(library) == {stocked["reuters"]}
    row = library.model.index(0)
    assert library.model.data(row, Qt.ItemDataRole.DisplayRole).startswith("RESTRICTED")
    library.filter.setCurrentIndex(library.filter.findData("missing_alt"))
    assert shown(library) == {stocked["ap"], stocked["reuters"]}
    library.filter.setCurrentIndex(0)

    library.agency.setCurrentIndex(library.agency.findData("maxppp"))
    assert shown(library) == {stocked["kyodo"]}
    assert library.count_label.text() == "1 photo"


def test_selection_and_activation_signals(qtbot, library, stocked):
    with qtbot.waitSignal(library.photo_selected) as selected:
        assert library.select_photo(stocked["kyodo"])
    assert selected.args == [stocked["kyodo"]]
    library.view.setFocus()
    with qtbot.waitSignal(library.photo_activated) as activated:
        qtbot.keyClick(library.view, Qt.Key.Key_Return)
    assert activated.args == [stocked["kyodo"]]
    with qtbot.waitSignal(library.photo_selected) as selected:
        qtbot.keyClick(library.view, Qt.Key.Key_Right)
    assert selected.args[0] in stocked.values()


def test_edited_photo_is_refreshed_or_leaves_the_filtered_grid(db, library, stocked):
    library.filter.setCurrentIndex(library.filter.findData("missing_alt"))
    with db.write() as session:
        photos.update_fields(session, stocked["ap"], alt_text="A man at a desk")
    library.refresh_photo(stocked["ap"])
    assert shown(library) == {stocked["reuters"]}


def test_dragging_out_carries_the_photo_id(library, stocked):
    row = library.model.row_of(stocked["ap"])
    mime = library.model.mimeData([library.model.index(row)])
    assert mime.hasFormat(PHOTO_MIME) and photo_ids_from_mime(mime) == [stocked["ap"]]
