"""An article's photos: the hero and the inline photos in order, each with the article's
own caption and alt text. Attaching inline asks the editor to insert a reference at its
cursor (insert_reference); detaching offers to remove it (remove_reference)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.articles import attachments
from desk.core.photos import records as photos
from desk.core.articles.attachments import HERO, INLINE, Attached
from desk.core.store.db import Database
from desk.core.errors import DeskError
from desk.ui.window.operations import Changes, Operations
from desk.ui.photos.import_queue import ImportReport, PhotoImporter, sources_from_mime
from desk.ui.photos.library import photo_ids_from_mime
from desk.ui.editor.text_input import clean_lines
from desk.ui.i18n.translation import translate

ICON = QSize(64, 48)
LinkRole = Qt.ItemDataRole.UserRole


def ask_remove_reference(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, translate("ArticlePhotos", "Detach photo"), text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


class ArticlePhotos(QWidget):
    """Signals:
      insert_reference(str)       insert this `![alt](photo:ID)` at the body's cursor
      remove_reference(int)       remove the body's references to this photo id
                                  (attachments.remove_reference(body, id) does it)
      article_changed(int, int)   article id, its new version (the autosaver must track it)
      photo_activated(int)        the editor double-clicked an attached photo
    Slots: set_article(id or None), set_candidate(photo id) (the library's selection),
      attach_hero(photo id), attach_inline(photo id), detach_selected(), move_selected(delta).

    ``ask`` decides whether a detach also removes the body reference (default: a question
    box); a window or a test can pass its own. Given an ``importer``, image files dropped
    here are imported and then attached inline, in the order dropped."""

    insert_reference = Signal(str)
    remove_reference = Signal(int)
    article_changed = Signal(int, int)
    photo_activated = Signal(int)

    def __init__(self, db: Database, ask: Callable[[str], bool] | None = None,
                 importer: PhotoImporter | None = None, parent: QWidget | None = None, *,
                 operations: Operations | None = None):
        super().__init__(parent)
        self._db = db
        self._ops = operations if operations is not None else Operations(db, parent=self)
        self._importer = importer
        # import batch -> the article its photos were dropped on
        self._dropped: dict[int, int] = {}
        if importer is not None:
            importer.finished.connect(self._on_import_finished)
        self._ask = ask or (lambda text: ask_remove_reference(self, text))
        self._article_id: int | None = None
        self._candidate: int | None = None
        self._links: list[Attached] = []

        self.list = QListWidget()
        self.list.setIconSize(ICON)
        self.list.setAccessibleName(translate("ArticlePhotos", "Article photos"))
        # A credit line is longer than the inspector is wide: cut with "…" (the whole line
        # in the tooltip and the photo panel), never a sideways scroll bar.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setAcceptDrops(False)
        self.hero_button = QPushButton(translate("ArticlePhotos", "Set as &hero"))
        self.hero_button.setAccessibleName(translate("ArticlePhotos", "Set the selected library photo as the hero"))
        self.inline_button = QPushButton(translate("ArticlePhotos", "Insert in&line"))
        self.inline_button.setAccessibleName(translate("ArticlePhotos", "Insert the selected library photo in the body"))
        self.up_button = QPushButton(translate("ArticlePhotos", "Move up"))
        self.up_button.setAccessibleName(translate("ArticlePhotos", "Move the inline photo up"))
        self.down_button = QPushButton(translate("ArticlePhotos", "Move down"))
        self.down_button.setAccessibleName(translate("ArticlePhotos", "Move the inline photo down"))
        self.detach_button = QPushButton(translate("ArticlePhotos", "&Detach"))
        self.detach_button.setAccessibleName(translate("ArticlePhotos", "Detach the photo from the article"))
        self.caption = QLineEdit()
        self.caption.setAccessibleName(translate("ArticlePhotos", "Caption for this article"))
        self.caption.setPlaceholderText(translate("ArticlePhotos", "The photo's own caption"))
        self.alt = QLineEdit()
        self.alt.setAccessibleName(translate("ArticlePhotos", "Alt text for this article"))
        self.alt.setPlaceholderText(translate("ArticlePhotos", "The photo's own alt text"))
        clean_lines(self.caption, self.alt)
        self.message = QLabel()
        self.message.setWordWrap(True)

        attach_row = QHBoxLayout()
        attach_row.addWidget(self.hero_button)
        attach_row.addWidget(self.inline_button)
        order_row = QHBoxLayout()
        order_row.addWidget(self.up_button)
        order_row.addWidget(self.down_button)
        order_row.addStretch(1)
        order_row.addWidget(self.detach_button)
        form = QFormLayout()
        form.addRow(translate("ArticlePhotos", "Caption"), self.caption)
        form.addRow(translate("ArticlePhotos", "Alt text"), self.alt)
        layout = QVBoxLayout(self)
        layout.addLayout(attach_row)
        layout.addWidget(self.list, 1)
        layout.addLayout(order_row)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.setAcceptDrops(True)

        self.hero_button.clicked.connect(lambda: self._candidate and self.attach_hero(self._candidate))
        self.inline_button.clicked.connect(lambda: self._candidate and self.attach_inline(self._candidate))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.detach_button.clicked.connect(self.detach_selected)
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemActivated.connect(self._on_activated)
        self.caption.editingFinished.connect(lambda: self._save_override("caption"))
        self.alt.editingFinished.connect(lambda: self._save_override("alt"))
        self._update_buttons()

    # --- state ------------------------------------------------------------------------
    @property
    def links(self) -> list[Attached]:
        return list(self._links)

    @Slot(object)
    def set_article(self, article_id: int | None) -> None:
        self._article_id = article_id
        self._reload()

    @Slot(int)
    def set_candidate(self, photo_id: int) -> None:
        """The photo the attach buttons would use (connect the library's photo_selected)."""
        self._candidate = photo_id
        self._update_buttons()

    def _reload(self, select_link: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self._links = []
        thumbs: dict[int, bytes | None] = {}
        if self._article_id is not None:
            with self._db.read() as session:
                self._links = attachments.attached(session, self._article_id)
                for link in self._links:
                    thumbs[link.photo_id] = photos.thumbnail_bytes(session, link.photo_id)
        inline_no = 0
        for link in self._links:
            if link.role == HERO:
                title = translate("ArticlePhotos", "Hero")
            else:
                inline_no += 1
                title = translate("ArticlePhotos", "Inline {number}").format(number=inline_no)
            item = QListWidgetItem(f"{title}: {link.credit_text[:80] or link.filename}")
            item.setData(LinkRole, link.link_id)
            item.setToolTip(link.credit_text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, photo {link.photo_id}: {link.credit_text}")
            data = thumbs.get(link.photo_id)
            if data:
                item.setIcon(QIcon(QPixmap.fromImage(QImage.fromData(data))))
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((i for i, l in enumerate(self._links) if l.link_id == select_link), 0 if self._links else -1)
        self.list.setCurrentRow(row)
        self._on_row(row)

    def _selected(self) -> Attached | None:
        row = self.list.currentRow()
        return self._links[row] if 0 <= row < len(self._links) else None

    def _on_row(self, _row: int) -> None:
        link = self._selected()
        self.caption.setText(link.caption_override if link else "")
        self.alt.setText(link.alt_override if link else "")
        self.alt.setPlaceholderText(link.alt_text if link and link.alt_text else translate("ArticlePhotos", "The photo's own alt text"))
        self._update_buttons()

    def _on_activated(self, item: QListWidgetItem) -> None:
        link = next((l for l in self._links if l.link_id == item.data(LinkRole)), None)
        if link is not None:
            self.photo_activated.emit(link.photo_id)

    def _update_buttons(self) -> None:
        has_article = self._article_id is not None
        link = self._selected()
        self.hero_button.setEnabled(has_article and self._candidate is not None)
        self.inline_button.setEnabled(has_article and self._candidate is not None)
        inline = [l for l in self._links if l.role == INLINE]
        is_inline = link is not None and link.role == INLINE
        self.up_button.setEnabled(is_inline and link is not inline[0] if is_inline else False)
        self.down_button.setEnabled(is_inline and link is not inline[-1] if is_inline else False)
        self.detach_button.setEnabled(link is not None)
        self.caption.setEnabled(link is not None)
        self.alt.setEnabled(link is not None)

    # --- actions ----------------------------------------------------------------------
    def _change(self, action: Callable[[Any], Any], what: str,
                then: Callable[[Any], None] | None = None) -> bool:
        """One write per action, on the writer thread; ``then(result)`` once it is
        committed, and the new version goes out so the autosaver keeps up. The widget
        waits for it (a few rows; the list and the body's reference must follow at once):
        False when it was refused (said in the message line)."""
        assert self._article_id is not None
        article_id = self._article_id
        outcome: list[bool] = []

        def work(session: Any) -> tuple[Any, int]:
            result = action(session)
            return result, attachments.version(session, article_id)

        def done(answer: tuple[Any, int]) -> None:
            outcome.append(True)
            result, version = answer
            self.message.clear()
            if article_id == self._article_id and then is not None:
                then(result)
            self.article_changed.emit(article_id, version)

        def failed(exc: DeskError) -> None:
            outcome.append(False)
            self.message.setText(str(exc))

        self._ops.run(what, work, Changes.of([article_id], attachments=True), done=done, failed=failed)
        self._ops.wait()
        return bool(outcome and outcome[0])

    @Slot(int)
    def attach_hero(self, photo_id: int) -> bool:
        if self._article_id is None:
            return False
        article_id = self._article_id
        return self._change(lambda s: attachments.set_hero(s, article_id, photo_id), "setting the hero photo",
                            lambda link: self._reload(link.link_id))

    @Slot(int)
    def attach_inline(self, photo_id: int) -> bool:
        if self._article_id is None:
            return False
        article_id = self._article_id

        def then(result: Any) -> None:
            link, reference = result
            self._reload(link.link_id)
            self.insert_reference.emit(reference)

        return self._change(lambda s: attachments.add_inline(s, article_id, photo_id), "attaching a photo", then)

    @Slot()
    def detach_selected(self) -> bool:
        link = self._selected()
        if link is None:
            return False
        still_used = any(l.photo_id == link.photo_id and l.link_id != link.link_id for l in self._links)
        remove = False
        if link.role == INLINE and not still_used:
            remove = self._ask(translate("ArticlePhotos", "Also remove the photo's reference from the article body?"))
        def then(_result: Any) -> None:
            self._reload()
            if remove:
                self.remove_reference.emit(link.photo_id)

        return self._change(lambda s: attachments.detach(s, link.link_id), "detaching a photo", then)

    @Slot(int)
    def move_selected(self, delta: int) -> bool:
        link = self._selected()
        if link is None or link.role != INLINE:
            return False
        inline = [l for l in self._links if l.role == INLINE]
        target = inline.index(link) + delta
        if not 0 <= target < len(inline):
            return False
        return self._change(lambda s: attachments.move_inline(s, link.link_id, target), "reordering photos",
                            lambda _r: self._reload(link.link_id))

    def _save_override(self, which: str) -> None:
        link = self._selected()
        if link is None:
            return
        value = (self.caption if which == "caption" else self.alt).text().strip()
        if value == (link.caption_override if which == "caption" else link.alt_override):
            return
        kwargs = {which: value}

        def then(updated: Any) -> None:
            if link in self._links:
                self._links[self._links.index(link)] = updated

        self._change(lambda s: attachments.set_overrides(s, link.link_id, **kwargs), "saving the override", then)

    # --- drops: photos from the library, files from elsewhere --------------------------
    def _accepts(self, mime: Any) -> bool:
        if self._article_id is None:
            return False
        if photo_ids_from_mime(mime):
            return True
        return self._importer is not None and bool(mime.hasUrls()) and any(u.isLocalFile() for u in mime.urls())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if not self._accepts(mime):
            event.ignore()
            return
        ids = photo_ids_from_mime(mime)
        for photo_id in ids:
            self.attach_inline(photo_id)
        if not ids and self._importer is not None and self._article_id is not None:
            batch = self._importer.import_files([s for s in sources_from_mime(mime) if isinstance(s, Path)])
            if batch:
                self._dropped[batch] = self._article_id
                self.message.setText(translate("ArticlePhotos", "Importing the dropped photos…"))
        event.acceptProposedAction()

    def _on_import_finished(self, report: ImportReport) -> None:
        article_id = self._dropped.pop(report.batch, None)
        if article_id is None:
            return
        if article_id != self._article_id:
            return  # the editor moved on to another article; the photos stay in the library
        # Stored or already there, in the order dropped: both are attached.
        for photo_id in report.photo_ids:
            self.attach_inline(photo_id)
        if report.failed:
            self.message.setText("\n".join(reason for _, reason in report.failed))
