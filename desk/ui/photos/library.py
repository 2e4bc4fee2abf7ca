"""The photo library: a grid of thumbnails with search, filters, and imports by drop,
paste or dialog.

The model is lazy twice over: rows come a page at a time from photo_library.search, and
a thumbnail is read (or made, for a photo imported before thumbnails existed) in the
background only when its cell is painted, then kept in a small cache."""

from __future__ import annotations

import collections
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.photos import finder as photo_library, records as photos
from desk.core.store.db import Database
from desk.core.store.models import Rendition
from desk.core.photos.finder import PhotoRow, Query
from desk.core.articles.word_count import plural
from desk.ui.dialogs import file_dialogs
from desk.ui.photos.import_queue import ImportReport, PhotoImporter
from desk.ui.i18n.translation import translate

PAGE = 200
CACHE_SIZE = 400
# Small enough for several rows and columns in a laptop's dock, big enough to tell photos apart.
CELL = QSize(126, 110)
ICON = QSize(114, 80)
PHOTO_MIME = "application/x-desk-photo-id"
PhotoIdRole = Qt.ItemDataRole.UserRole
RowRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def photo_ids_from_mime(mime: QMimeData) -> list[int]:
    """The photos dragged out of the library (for an article's photo list to accept)."""
    if not mime.hasFormat(PHOTO_MIME):
        return []
    text = bytes(mime.data(PHOTO_MIME).data()).decode("ascii", "replace")
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


class _ThumbSignals(QObject):
    loaded = Signal(int, QImage)


class _ThumbJob(QRunnable):
    def __init__(self, db: Database, photo_id: int, signals: _ThumbSignals):
        super().__init__()
        self._db, self._id, self._signals = db, photo_id, signals

    def run(self) -> None:
        try:
            data = load_thumbnail(self._db, self._id)
        except Exception:  # a photo deleted meanwhile, a locked database: a blank cell
            data = None
        image = QImage.fromData(data) if data else QImage()
        self._signals.loaded.emit(self._id, image)


def load_thumbnail(db: Database, photo_id: int) -> bytes | None:
    """The stored thumbnail, made and stored first when it is missing."""
    # Pillow and the photo reader only when a thumbnail must be made: not at start-up.
    from desk.core.photos.photometa.errors import PhotoError
    from desk.core.photos.photometa.renditions import make_thumbnail as _make_thumbnail

    with db.read() as session:
        data = photos.thumbnail_bytes(session, photo_id)
        if data is not None:
            return data
        original = photos.original_bytes(session, photo_id)
    try:
        data, width, height = _make_thumbnail(original, photos.THUMB_SIDE)
    except PhotoError:
        return None
    with db.write("saving a thumbnail") as session:
        if photos.thumbnail_bytes(session, photo_id) is None:
            session.add(Rendition(photo_id=photo_id, kind="thumb", width=width, height=height,
                                  format="JPEG", data=data))
    return data


class PhotoLibraryModel(QAbstractListModel):
    """Photos matching a Query, newest first; a page of rows at a time."""

    def __init__(self, db: Database, pool: QThreadPool, parent: QObject | None = None):
        super().__init__(parent)
        self._db = db
        self._pool = pool
        self._query = Query()
        self._rows: list[PhotoRow] = []
        self._total = 0
        self._cache: collections.OrderedDict[int, QPixmap] = collections.OrderedDict()
        self._loading: set[int] = set()
        self._signals = _ThumbSignals(self)
        self._signals.loaded.connect(self._on_thumb)
        self._placeholder = QPixmap(ICON)
        self._placeholder.fill(QColor("#d9d9d9"))

    # --- rows -------------------------------------------------------------------------
    @property
    def query(self) -> Query:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    def set_query(self, query: Query) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        with self._db.read() as session:
            self._total = photo_library.count(session, self._query)
            self._rows = photo_library.search(session, self._query, offset=0, limit=PAGE)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        with self._db.read() as session:
            more = photo_library.search(session, self._query, offset=len(self._rows), limit=PAGE)
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def add_photo(self, photo_id: int) -> bool:
        """Show a just-imported photo at the top when it matches the current search."""
        if self.row_of(photo_id) >= 0:
            return True
        with self._db.read() as session:
            found = photo_library.search(session, Query(self._query.text, self._query.agency,
                                                        self._query.flags, ids=(photo_id,)))
        if not found:
            return False
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, found[0])
        self._total += 1
        self.endInsertRows()
        return True

    def refresh_photo(self, photo_id: int) -> None:
        """Re-read one photo after an edit; it leaves the grid when it no longer matches."""
        row = self.row_of(photo_id)
        if row < 0:
            return
        with self._db.read() as session:
            found = photo_library.search(session, Query(self._query.text, self._query.agency,
                                                        self._query.flags, ids=(photo_id,)))
        if found:
            self._rows[row] = found[0]
            self.dataChanged.emit(self.index(row), self.index(row))
        else:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self._total -= 1
            self.endRemoveRows()

    def photo_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, photo_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == photo_id), -1)

    # --- Qt model ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            label = row.credit_line or (row.creator[0] if row.creator else "") or row.filename
            # Words, not a symbol: not every system font has the glyph.
            return ("RESTRICTED · " if row.restricted else "") + label
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(row.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [row.filename, f"{row.width} × {row.height}"]
            if row.credit_line:
                lines.append(f"Credit: {row.credit_line}")
            if row.caption:
                lines.append(row.caption[:300])
            if row.restricted:
                lines.append("Has restrictions (see the photo panel)")
            if not row.has_alt:
                lines.append("No alt text yet")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Photo {row.id}: {row.credit_line or 'no credit'}; {row.caption[:120] or row.filename}"
        if role == Qt.ItemDataRole.ForegroundRole and row.restricted:
            return QColor("#b00020")
        if role == PhotoIdRole:
            return row.id
        if role == RowRole:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [PHOTO_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = [str(self._rows[i.row()].id) for i in indexes if i.isValid()]
        mime.setData(PHOTO_MIME, QByteArray(",".join(ids).encode("ascii")))
        return mime

    # --- thumbnails -------------------------------------------------------------------
    def _thumbnail(self, photo_id: int) -> QPixmap:
        cached = self._cache.get(photo_id)
        if cached is not None:
            self._cache.move_to_end(photo_id)
            return cached
        if photo_id not in self._loading:
            self._loading.add(photo_id)
            self._pool.start(_ThumbJob(self._db, photo_id, self._signals))
        return self._placeholder

    def _on_thumb(self, photo_id: int, image: QImage) -> None:
        self._loading.discard(photo_id)
        pixmap = QPixmap.fromImage(image).scaled(ICON, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation) \
            if not image.isNull() else self._placeholder
        self._cache[photo_id] = pixmap
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        row = self.row_of(photo_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.DecorationRole])

    def has_thumbnail(self, photo_id: int) -> bool:
        return photo_id in self._cache


class PhotoLibrary(QWidget):
    """The library pane.

    Signals: photo_selected(photo id), photo_activated(photo id) (double-click or Enter).
    Slots: reload(), select_photo(id), refresh_photo(id), paste(), open_import_dialog().
    Accepts drops of image files; Ctrl+V pastes an image or files from the clipboard.
    """

    photo_selected = Signal(int)
    photo_activated = Signal(int)

    def __init__(self, db: Database, importer: PhotoImporter, pool: QThreadPool | None = None,
                 parent: QWidget | None = None, load: bool = True):
        super().__init__(parent)
        self._db = db
        self._importer = importer
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(2)
        self._pool = pool
        self.model = PhotoLibraryModel(db, pool, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(translate("PhotoLibrary", "Search caption, credit, creator, source, reference"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(translate("PhotoLibrary", "Search photos"))
        self.agency = QComboBox()
        self.agency.setAccessibleName(translate("PhotoLibrary", "Agency filter"))
        self.filter = QComboBox()
        self.filter.setAccessibleName(translate("PhotoLibrary", "Photo filter"))
        self.filter.addItem(translate("PhotoLibrary", "All photos"), "")
        for key, label in photo_library.FLAGS.items():
            self.filter.addItem(translate("PhotoFlag", label), key)
        self.import_button = QPushButton(translate("PhotoLibrary", "&Import…"))
        self.import_button.setAccessibleName(translate("PhotoLibrary", "Import photos"))

        self.view = QListView()
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setUniformItemSizes(True)
        self.view.setGridSize(CELL)
        self.view.setIconSize(ICON)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setAccessibleName(translate("PhotoLibrary", "Photo library"))
        self.view.setModel(self.model)

        self.count_label = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(translate("PhotoLibrary", "Import messages"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(translate("PhotoLibrary", "Import progress"))
        self.cancel_button = QPushButton(translate("PhotoLibrary", "Cancel"))
        self.cancel_button.setAccessibleName(translate("PhotoLibrary", "Cancel import"))
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self._progress_box = QWidget()
        self._progress_box.setLayout(progress_row)
        self._progress_box.hide()

        # Two rows: the search, then filters and Import, so that a narrow dock never
        # scrolls sideways.
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.import_button)
        filters = QHBoxLayout()
        filters.addWidget(self.agency, 1)
        filters.addWidget(self.filter, 1)
        for combo in (self.agency, self.filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self._progress_box)
        layout.addWidget(self.status)
        layout.addWidget(self.count_label)
        self.status.hide()
        self.setAcceptDrops(True)
        # Drops land on the library, not on a cell: the grid has no drop targets.
        self.view.setAcceptDrops(False)
        self.view.viewport().setAcceptDrops(False)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._apply_query)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._apply_query)
        self.agency.currentIndexChanged.connect(self._apply_query)
        self.filter.currentIndexChanged.connect(self._apply_query)
        self.import_button.clicked.connect(self.open_import_dialog)
        self.cancel_button.clicked.connect(self._importer.cancel)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.activated.connect(self._on_activated)
        self.model.modelReset.connect(self._show_count)
        self.model.rowsInserted.connect(self._show_count)
        self.model.rowsRemoved.connect(self._show_count)
        QShortcut(QKeySequence.StandardKey.Paste, self, activated=self.paste,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        importer.started.connect(self._on_import_started)
        importer.progress.connect(self._on_import_progress)
        importer.photo_imported.connect(self._on_imported)
        importer.finished.connect(self._on_import_finished)

        if load:  # else the owner calls reload(), e.g. on a later turn of the event loop
            self.reload()

    # --- queries ----------------------------------------------------------------------
    def _fill_agencies(self) -> None:
        current = self.agency.currentData()
        with self._db.read() as session:
            found = photo_library.agencies(session)
        self.agency.blockSignals(True)
        self.agency.clear()
        self.agency.addItem(translate("PhotoLibrary", "All agencies"), "")
        for key, name in found:
            self.agency.addItem(name, key)
        at = self.agency.findData(current) if current else 0
        self.agency.setCurrentIndex(max(0, at))
        self.agency.blockSignals(False)

    def _apply_query(self) -> None:
        self._search_timer.stop()
        flag = self.filter.currentData()
        query = Query(text=self.search.text().strip(), agency=self.agency.currentData() or "",
                      flags=(flag,) if flag else ())
        if query != self.model.query:
            self.model.set_query(query)

    def _show_count(self, *_: Any) -> None:
        shown = self.model.total
        self.count_label.setText(translate("PhotoLibrary", "%Ln photo(s)", "", shown))

    @Slot()
    def reload(self) -> None:
        self._fill_agencies()
        self.model.reload()

    @Slot(int)
    def refresh_photo(self, photo_id: int) -> None:
        self.model.refresh_photo(photo_id)

    @Slot(int)
    def select_photo(self, photo_id: int) -> bool:
        row = self.model.row_of(photo_id)
        while row < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(photo_id)
        if row < 0:
            return False
        index = self.model.index(row)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def current_photo(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.photo_id(index.row()) if index.isValid() else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        photo_id = self.model.photo_id(current.row()) if current.isValid() else None
        if photo_id is not None:
            self.photo_selected.emit(photo_id)

    def _on_activated(self, index: QModelIndex) -> None:
        photo_id = self.model.photo_id(index.row())
        if photo_id is not None:
            self.photo_activated.emit(photo_id)

    # --- imports ----------------------------------------------------------------------
    @Slot()
    def open_import_dialog(self) -> None:
        files = file_dialogs.open_files(
            self, translate("PhotoLibrary", "Import Photos"), file_dialogs.PHOTOS,
            translate("PhotoLibrary", "Photos (*.jpg *.jpeg *.png *.webp *.tif *.tiff);;All files (*)"))
        if files:
            self._importer.import_files(files)

    @Slot()
    def paste(self) -> bool:
        """Import the image or image files on the clipboard."""
        ok = self._importer.import_mime(QApplication.clipboard().mimeData())
        if not ok:
            self._say("The clipboard holds no image or image file.")
        return ok

    def handle_drop(self, mime: QMimeData) -> bool:
        return self._importer.import_mime(mime)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if (mime.hasUrls() and any(u.isLocalFile() for u in mime.urls())) or mime.hasImage():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.handle_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def _say(self, text: str) -> None:
        """The import message line, only taking room when it has something to say."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _on_import_started(self, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(0)
        self.progress.setFormat("%v of %m")
        self._progress_box.show()
        self._say("")

    def _on_import_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"%v of %m  {name}" if name else "%v of %m")

    def _on_imported(self, photo_id: int, duplicate: bool) -> None:
        if not duplicate:
            self.model.add_photo(photo_id)

    def _on_import_finished(self, report: ImportReport) -> None:
        if not self._importer.busy:
            self._progress_box.hide()
        parts = [f"{len(report.imported)} imported"]
        if report.duplicates:
            parts.append(f"{len(report.duplicates)} already in the library")
        if report.cancelled:
            parts.append("cancelled")
        if report.failed:
            parts.append(f"{len(report.failed)} refused")
        text = ", ".join(parts) + "."
        if report.failed:
            text += "\n" + "\n".join(reason for _, reason in report.failed[:5])
            if len(report.failed) > 5:
                text += f"\n… and {len(report.failed) - 5} more"
        self._say(text)
        self.status.setToolTip("\n".join(reason for _, reason in report.failed))
        if report.imported:
            self._fill_agencies()
            if self.current_photo() is None:
                self.select_photo(report.imported[-1])
        elif report.duplicates:
            self.select_photo(report.duplicates[-1])

    def shutdown(self) -> None:
        """Wait for the thumbnail jobs (the window calls this before closing the database)."""
        self._pool.waitForDone(5000)
