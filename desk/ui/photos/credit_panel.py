"""The photo panel: every credit field of one photo, where each value came from, the
preset and the editor's override, and the composed credit line as it will be published.

Edits are saved a moment after the last keystroke (and at once when another photo is
shown or the panel closes) with photos.update_fields, which marks them "editor"."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMimeData, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QHideEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk.core.photos import records as photos
from desk.core.store.db import Database
from desk.core.errors import DeskError
from desk.core.photos.photometa import credits as credit_rules
from desk.ui.window.operations import Changes, Operations
from desk.ui.editor.text_input import clean_lines, insert_clean, plain_text
from desk.ui.i18n.translation import translate

SAVE_DELAY_MS = 600
PREVIEW = QSize(360, 240)
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?")

# (field, label, multi-line); the order editors read a credit in.
FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("creator", QT_TRANSLATE_NOOP("PhotoPanel", "Creator(s)"), False),
    ("creator_title", QT_TRANSLATE_NOOP("PhotoPanel", "Creator's title"), False),
    ("credit_line", QT_TRANSLATE_NOOP("PhotoPanel", "Credit line"), False),
    ("source", QT_TRANSLATE_NOOP("PhotoPanel", "Source"), False),
    ("distributor", QT_TRANSLATE_NOOP("PhotoPanel", "Distributor"), False),
    ("copyright", QT_TRANSLATE_NOOP("PhotoPanel", "Copyright"), False),
    ("date_created", QT_TRANSLATE_NOOP("PhotoPanel", "Date created"), False),
    ("agency_ref", QT_TRANSLATE_NOOP("PhotoPanel", "Agency reference"), False),
    ("caption", QT_TRANSLATE_NOOP("PhotoPanel", "Caption"), True),
    ("signoff", QT_TRANSLATE_NOOP("PhotoPanel", "Sign-off"), False),
    ("alt_text", QT_TRANSLATE_NOOP("PhotoPanel", "Alt text"), True),
    ("instructions", QT_TRANSLATE_NOOP("PhotoPanel", "Instructions"), True),
    ("usage_terms", QT_TRANSLATE_NOOP("PhotoPanel", "Usage terms"), True),
)
BADGES = {"iim": "IIM", "xmp": "XMP", "exif": "EXIF", "editor": QT_TRANSLATE_NOOP("PhotoPanel", "edited")}
BADGE_TIPS = {
    "iim": QT_TRANSLATE_NOOP("PhotoPanel", "Read from the IPTC-IIM block"),
    "xmp": QT_TRANSLATE_NOOP("PhotoPanel", "Read from the XMP packet"),
    "exif": QT_TRANSLATE_NOOP("PhotoPanel", "Read from the camera's EXIF"),
    "editor": QT_TRANSLATE_NOOP("PhotoPanel", "Changed by an editor"),
}


class _Badge(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setMinimumWidth(46)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_layer("")

    def set_layer(self, layer: str) -> None:
        shown = translate("PhotoPanel", BADGES[layer]) if layer in BADGES else layer.upper()
        self.setText(shown)
        self.setToolTip(translate("PhotoPanel", BADGE_TIPS[layer]) if layer in BADGE_TIPS
                        else translate("PhotoPanel", "Not in the file"))
        self.setAccessibleName(translate("_Badge", "Provenance: {layer}").format(
            layer=shown or translate("_Badge", "none")))
        colour = {"editor": "#1b5e20", "iim": "#0d47a1", "xmp": "#4a148c", "exif": "#5d4037"}.get(layer)
        self.setStyleSheet(
            f"QLabel {{ color: white; background: {colour}; border-radius: 3px; padding: 1px 4px; font-size: 8pt; }}"
            if colour else "QLabel { color: transparent; }"
        )


class _Picture(QLabel):
    """The photo, scaled to the room the panel has: as large as PREVIEW, as small as a
    narrow dock needs (a fixed size made the panel scroll sideways)."""

    MIN_WIDTH = 120

    def __init__(self) -> None:
        super().__init__()
        self._source = QPixmap()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(self.MIN_WIDTH, self.MIN_WIDTH * PREVIEW.height() // PREVIEW.width())
        self.setMaximumSize(PREVIEW)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return PREVIEW

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return min(PREVIEW.height(), width * PREVIEW.height() // PREVIEW.width())

    def set_image(self, pixmap: QPixmap) -> None:
        self._source = pixmap
        self._rescale()

    def clear(self) -> None:
        self._source = QPixmap()
        super().clear()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._source.isNull():
            super().clear()
            return
        self.setPixmap(self._source.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))


class _PlainEdit(QPlainTextEdit):
    """A short multi-line field: Tab moves focus (the panel is a form, not an editor)."""

    def __init__(self, lines: int = 3) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 12
        self.setFixedHeight(height)

    def text(self) -> str:
        return plain_text(self)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt's name)
        insert_clean(self, source)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming, like QLineEdit)
        self.setPlainText(text)


class PhotoPanel(QWidget):
    """Signals: photo_changed(photo id) after each save.
    Slots: set_photo(photo id or None), flush() (save now)."""

    photo_changed = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 operations: Operations | None = None):
        super().__init__(parent)
        self._db = db
        self._ops = operations if operations is not None else Operations(db, parent=self)
        self._photo_id: int | None = None
        self._loading = False
        self._pending: dict[str, Any] = {}
        self._fixed: dict[str, Any] = {}  # fields the panel shows but does not edit
        self._provenance: dict[str, str] = {}
        self._presets: dict[str, dict[str, Any]] = {}

        self.preview = _Picture()
        self.preview.setAccessibleName(translate("PhotoPanel", "Photo preview"))
        self.info = QLabel()
        self.info.setWordWrap(True)
        # Long file names and credit lines wrap where they can and are cut where they
        # cannot, never widening the panel past its dock.
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.restrictions = QLabel()
        self.restrictions.setWordWrap(True)
        self.restrictions.setAccessibleName(translate("PhotoPanel", "Restrictions"))
        self.restrictions.setStyleSheet(
            "QLabel { background: #b00020; color: white; font-weight: bold; padding: 6px; border-radius: 3px; }")
        self.restrictions.hide()

        self.preset = QComboBox()
        self.preset.setAccessibleName(translate("PhotoPanel", "Credit preset"))
        self.override = QLineEdit()
        self.override.setAccessibleName(translate("PhotoPanel", "Credit override"))
        self.override.setPlaceholderText(translate("PhotoPanel", "Leave empty to use the preset's line"))
        clean_lines(self.override)
        self.composed = QLabel()
        self.composed.setWordWrap(True)
        self.composed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.composed.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.composed.setAccessibleName(translate("PhotoPanel", "Composed credit line"))
        self.composed.setFrameShape(QFrame.Shape.StyledPanel)
        self.composed.setStyleSheet("QLabel { background: palette(base); padding: 6px; }")
        self.composed.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)

        self.alt_required = QLabel(translate("PhotoPanel", "Alt text is required before publishing."))
        self.alt_required.setStyleSheet("QLabel { color: #b00020; }")
        self.edits: dict[str, QLineEdit | _PlainEdit] = {}
        self.badges: dict[str, _Badge] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # In a narrow dock a label goes above its field rather than the panel scrolling.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name, label, multi in FIELDS:
            edit: QLineEdit | _PlainEdit = _PlainEdit(4 if name == "caption" else 2) if multi else QLineEdit()
            label = translate("PhotoPanel", label)
            edit.setAccessibleName(label)
            badge = _Badge()
            self.edits[name], self.badges[name] = edit, badge
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
            text = label
            if name == "alt_text":
                text = translate("PhotoPanel", "Alt text *")
                edit.setToolTip(translate("PhotoPanel", "Describes the picture for readers who cannot see it; required before publishing. Not the caption."))
            form.addRow(text, row)
            if name == "alt_text":
                form.addRow("", self.alt_required)
            if isinstance(edit, QLineEdit):
                edit.textEdited.connect(lambda _t, n=name: self._edited(n))
            else:
                edit.textChanged.connect(lambda n=name: self._edited(n))
        self.edits["creator"].setToolTip(translate("PhotoPanel", "Several creators are separated by ';'"))
        self.edits["date_created"].setPlaceholderText(translate("PhotoPanel", "YYYY-MM-DD"))
        form.addRow(translate("PhotoPanel", "Preset"), self.preset)
        form.addRow(translate("PhotoPanel", "Override"), self.override)

        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName(translate("PhotoPanel", "Warnings"))
        self.warnings.setStyleSheet("QLabel { color: #8a5300; }")
        self.warnings.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.save_state = QLabel()
        self.save_state.setAccessibleName(translate("PhotoPanel", "Save state"))

        body = QWidget()
        inner = QVBoxLayout(body)
        top = QHBoxLayout()
        top.addWidget(self.preview, 3)
        top.addWidget(self.info, 2, Qt.AlignmentFlag.AlignTop)
        inner.addLayout(top)
        inner.addWidget(self.restrictions)
        inner.addWidget(QLabel(translate("PhotoPanel", "<b>Credit line as published</b>")))
        inner.addWidget(self.composed)
        inner.addLayout(form)
        inner.addWidget(self.warnings)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.save_state)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(lambda: self.flush(wait=False))
        self.override.textEdited.connect(lambda _t: self._edited("credit_override"))
        self.preset.currentIndexChanged.connect(lambda _i: self._edited("preset"))
        self.set_photo(None)

    # --- loading ----------------------------------------------------------------------
    @property
    def photo_id(self) -> int | None:
        return self._photo_id

    @Slot(object)
    def set_photo(self, photo_id: int | None) -> None:
        """Show a photo (None: nothing). Unsaved edits of the previous one are saved first."""
        if self._pending:
            self.flush()
        self._photo_id = photo_id
        self._loading = True
        try:
            self._load(photo_id)
        except DeskError as exc:  # deleted meanwhile, or the database went away
            self._photo_id = None
            self._load(None)
            self.info.setText(str(exc))
        finally:
            self._loading = False
        self._update_composed()

    def _load(self, photo_id: int | None) -> None:
        thumb = None
        with self._db.read() as session:
            if photo_id is not None:  # with no photo shown, start-up need not read presets
                self._presets = {p.key: photos.preset_dict(p) for p in photos.presets(session)}
            photo = photos.get(session, photo_id) if photo_id is not None else None
            if photo is not None:
                thumb = photos.thumbnail_bytes(session, photo.id)
                fields = photos.fields_of(photo)
                preset_key = photo.preset.key if photo.preset else ""
                override = photo.credit_override or ""
                self._provenance = dict(photo.provenance or {})
                warnings = list(photo.warnings or [])
                info = (f"<b>{_html(photo.original_filename)}</b><br>{photo.format}, "
                        f"{photo.width} × {photo.height}, {photo.byte_size / 1e6:.1f} MB<br>"
                        f"{_html(', '.join(filter(None, (fields['city'], fields['country']))))}")
        self.preset.blockSignals(True)
        self.preset.clear()
        for key, preset in self._presets.items():
            self.preset.addItem(preset["name"], key)
        self.preset.blockSignals(False)
        self.setEnabled(photo is not None)
        if photo is None:
            for edit in self.edits.values():
                edit.setText("")
            for badge in self.badges.values():
                badge.set_layer("")
            self.override.setText("")
            self.preview.clear()
            self.info.setText(translate("PhotoPanel", "No photo selected"))
            self.warnings.clear()
            self._fixed = {}
            self._provenance = {}
            self.restrictions.hide()
            return
        self._fixed = {k: fields[k] for k in ("headline", "city", "country", "keywords")}
        for name, edit in self.edits.items():
            value = fields[name]
            edit.setText("; ".join(value) if name == "creator" else (value or ""))
            self.badges[name].set_layer(self._provenance.get(name, ""))
        self.preset.setCurrentIndex(max(0, self.preset.findData(preset_key or "generic")))
        self.override.setText(override)
        self.info.setText(info)
        self.warnings.setText("<b>Warnings</b><br>" + "<br>".join(_html(w) for w in warnings) if warnings else "")
        image = QImage.fromData(thumb) if thumb else QImage()
        self.preview.set_image(QPixmap.fromImage(image) if not image.isNull() else QPixmap())
        self.save_state.setText("")

    # --- editing ----------------------------------------------------------------------
    def value(self, name: str) -> Any:
        """The field as the panel holds it now (what will be saved)."""
        if name == "credit_override":
            return self.override.text().strip()
        if name == "preset":
            return self.preset.currentData() or ""
        text = self.edits[name].text()
        if name == "creator":
            return [part.strip() for part in text.split(";") if part.strip()]
        return text.strip() if name != "caption" else text.rstrip()

    def _edited(self, name: str) -> None:
        if self._loading or self._photo_id is None:
            return
        if name == "date_created":
            ok = self._date_ok()
            self.edits[name].setStyleSheet("" if ok else "QLineEdit { border: 2px solid #b00020; }")
            if not ok:
                self.save_state.setText(translate("PhotoPanel", "Date created must be ISO 8601: YYYY-MM-DD"))
                self._pending.pop(name, None)
                self._update_composed()
                return
        self._pending[name] = self.value(name)
        if name in self.badges:
            self.badges[name].set_layer("editor")
        self.save_state.setText(translate("PhotoPanel", "Unsaved changes"))
        self._update_composed()
        self._timer.start()

    def _date_ok(self) -> bool:
        text = self.edits["date_created"].text().strip()
        return not text or _ISO_DATE.fullmatch(text) is not None

    def current_fields(self) -> dict[str, Any]:
        fields = dict(self._fixed)
        for name in self.edits:
            fields[name] = self.value(name)
        if not self._date_ok():
            fields["date_created"] = ""
        return fields

    def composed_text(self) -> str:
        return self.composed.text()

    def _update_composed(self) -> None:
        if self._photo_id is None:
            self.composed.setText("")
            self.alt_required.hide()
            return
        preset = self._presets.get(self.value("preset")) or credit_rules.preset_by_key("generic")
        line = credit_rules.compose_credit(self.current_fields(), preset, override=self.value("credit_override"))
        self.composed.setText(line)
        self.alt_required.setVisible(not self.value("alt_text"))
        restrictions = self.value("instructions")
        self.restrictions.setVisible(bool(restrictions))
        self.restrictions.setText(translate("PhotoPanel", "RESTRICTIONS (never published): {restrictions}").format(restrictions=restrictions))

    @Slot()
    def flush(self, wait: bool = True) -> bool:
        """Save the pending edits now, on the writer thread; with ``wait`` (switching
        photos, closing), until it is committed: False (the edits kept for a retry) when
        it failed. Without, the result comes in ``save_state`` and ``photo_changed``."""
        self._timer.stop()
        if not self._pending or self._photo_id is None:
            return True
        changes, photo_id = dict(self._pending), self._photo_id
        outcome: list[bool] = []

        def save(session: Any) -> dict[str, str]:
            return dict(photos.update_fields(session, photo_id, **changes).provenance or {})

        def done(provenance: dict[str, str]) -> None:
            outcome.append(True)
            if photo_id == self._photo_id:
                self._provenance = provenance
                self.save_state.setText(translate("PhotoPanel", "Saved") if not self._pending
                                        else translate("PhotoPanel", "Unsaved changes"))
            self.photo_changed.emit(photo_id)

        def failed(exc: DeskError) -> None:
            outcome.append(False)
            if photo_id != self._photo_id:
                return  # unreachable while switching waits for the save; never misfiled
            self._pending = {**changes, **self._pending}  # kept; newer edits win
            self.save_state.setText(translate("PhotoPanel", "Not saved: {exc}").format(exc=exc))
            self._timer.start(SAVE_DELAY_MS * 5)  # try again

        for name in changes:
            if self._pending.get(name) == changes[name]:
                del self._pending[name]
        self.save_state.setText(translate("PhotoPanel", "Saving…"))
        self._ops.run("saving the photo's credit", save, Changes(photos=frozenset({photo_id})),
                      done=done, failed=failed)
        if wait:
            self._ops.wait()
            return bool(outcome and outcome[0])
        return True

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
