"""Preferences: the site settings (name, base URL, language, time zone, limits, default
byline, logo, default share image) and this machine's appearance.

Each field is checked as it is typed, by the core's rule for that setting
(core/settings.py), and its one-line reason shown under it; Save stays disabled until
every field is acceptable, and then writes them all in one transaction (settings.apply).
The appearance (light, dark, or as the system) and the interface language belong to this
computer, not to the site, and are kept with Qt's settings; a new language applies at the next
start (the texts are looked up as the widgets are made).
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk.core.site import settings as site_settings
from desk.core.store.db import Database
from desk.core.errors import DeskError
from desk.ui.dialogs import file_dialogs
from desk.ui.window import palette
from desk.ui.i18n import core_labels
from desk.ui.i18n import translation as i18n
from desk.ui.i18n.translation import translate

THUMB = QSize(96, 54)
IMAGE_FILTER = QT_TRANSLATE_NOOP("ImageField", "Images (*.png *.jpg *.jpeg *.webp);;All files (*)")
ERROR_STYLE = "color: #c62828;"


class ImageField(QWidget):
    """A logo or share image: its thumbnail, what it is, Choose… and Remove."""

    changed = Signal()

    def __init__(self, name: str, db: Database, photo_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = name
        self._db = db
        self.photo_id = photo_id
        self.chosen_file: Path | None = None  # a new image, stored when the dialog saves
        self.error = ""
        label = core_labels.setting(site_settings.SETTINGS[name].label)
        self.thumb = QLabel()
        self.thumb.setFixedSize(THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setStyleSheet("QLabel { border: 1px solid palette(mid); }")
        self.thumb.setAccessibleName(translate("ImageField", "{label}: preview").format(label=label))
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.choose = QPushButton(translate("ImageField", "Choose…"))
        self.choose.setAccessibleName(translate("ImageField", "Choose the {lower}").format(lower=label.lower()))
        self.remove = QPushButton(translate("ImageField", "Remove"))
        self.remove.setAccessibleName(translate("ImageField", "Remove the {lower}").format(lower=label.lower()))
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.thumb)
        row.addWidget(self.info, 1)
        row.addLayout(buttons)
        self.choose.clicked.connect(self._choose)
        self.remove.clicked.connect(self.clear)
        self._show_stored()

    def value_changed(self, original: int | None) -> bool:
        return self.chosen_file is not None or self.photo_id != original

    def _show_stored(self) -> None:
        if self.photo_id is None:
            self._show(None, translate("ImageField", "None"))
            return
        from desk.core.photos import records as photos

        try:
            with self._db.read() as session:
                photo = photos.get(session, self.photo_id)
                data = photos.thumbnail_bytes(session, photo.id)
                text = translate("ImageField", "{name}, {width} × {height} (photo {id})").format(
                    name=photo.original_filename, width=photo.width, height=photo.height, id=photo.id)
        except DeskError as exc:
            self._show(None, str(exc))
            return
        self._show(data, text)

    def _show(self, data: bytes | None, text: str) -> None:
        image = QImage.fromData(data) if data else QImage()
        self.thumb.setPixmap(QPixmap.fromImage(image).scaled(
            THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            if not image.isNull() else QPixmap())
        self.info.setText(text)
        self.remove.setEnabled(self.photo_id is not None or self.chosen_file is not None)

    def _choose(self) -> None:
        path = file_dialogs.open_file(self, translate("ImageField", "Choose the {lower}").format(
            lower=core_labels.setting(site_settings.SETTINGS[self.name].label).lower()),
                                      file_dialogs.PHOTOS, translate("ImageField", IMAGE_FILTER))
        if path is not None:
            self.set_file(path)

    def set_file(self, path: Path) -> None:
        """Check an image file at once (readable, big enough); kept until Save."""
        from desk.core.photos import records as photos

        try:
            data, info = photos.read_file(path)
            site_settings.check_image_size(self.name, info.width, info.height)
        except DeskError as exc:
            self.error = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
            self.changed.emit()
            return
        self.error = ""
        self.chosen_file = path
        self._show(data, translate("ImageField", "{name}, {width} × {height} (added to the library on Save)").format(
            name=path.name, width=info.width, height=info.height))
        self.changed.emit()

    def clear(self) -> None:
        self.chosen_file = None
        self.photo_id = None
        self.error = ""
        self._show(None, translate("ImageField", "None"))
        self.changed.emit()


class PreferencesDialog(QDialog):
    """``PreferencesDialog(db, parent).exec()``; ``saved`` carries the new SiteSettings."""

    saved = Signal(object)  # SiteSettings

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("PreferencesDialog", "Preferences"))
        self.setObjectName("PreferencesDialog")
        self._db = db
        with db.read() as session:
            self._site = site_settings.load(session)
        site = self._site

        self.name = QLineEdit(site.name)
        self.base_url = QLineEdit(site.base_url)
        self.base_url.setPlaceholderText(translate("PreferencesDialog", "https://news.example.org (needed to export)"))
        self.language = QComboBox()
        self.language.setEditable(True)
        for tag, label in site_settings.LANGUAGES.items():
            self.language.addItem(f"{core_labels.language(tag, label)} ({tag})", tag)
        at = self.language.findData(site.language)
        if at >= 0:
            self.language.setCurrentIndex(at)
        else:
            self.language.setEditText(site.language)
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        zones = sorted(zoneinfo.available_timezones())
        self.timezone.addItems(zones)
        completer = QCompleter(zones, self.timezone)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.timezone.setCompleter(completer)
        self.timezone.setCurrentText(site.timezone)
        self.headline_limit = self._spin("headline_limit", site.headline_limit)
        self.standfirst_limit = self._spin("standfirst_limit", site.standfirst_limit)
        self.author = QLineEdit(site.author)
        self.author.setPlaceholderText(translate("PreferencesDialog", "Given to new articles, e.g. the newsroom's name"))
        self.logo = ImageField("logo_photo_id", db, site.logo_photo_id)
        self.share_image = ImageField("share_image_photo_id", db, site.share_image_photo_id)

        self.fields: dict[str, QWidget] = {
            "name": self.name, "base_url": self.base_url, "language": self.language,
            "timezone": self.timezone, "headline_limit": self.headline_limit,
            "standfirst_limit": self.standfirst_limit, "author": self.author,
            "logo_photo_id": self.logo, "share_image_photo_id": self.share_image,
        }
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, widget in self.fields.items():
            setting = site_settings.SETTINGS[name]
            label = core_labels.setting(setting.label)
            widget.setAccessibleName(label)
            widget.setToolTip(core_labels.setting(setting.help))
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setAccessibleName(translate("PreferencesDialog", "{label}: problem").format(label=label))
            error.hide()
            self.errors[name] = error
            form.addRow(translate("PreferencesDialog", "{label}:").format(label=label), widget)
            form.addRow("", error)
        site_box = QGroupBox(translate("PreferencesDialog", "Site"))
        site_box.setLayout(form)

        self.appearance = QComboBox()
        self.appearance.setAccessibleName(translate("PreferencesDialog", "Appearance"))
        for mode, label in palette.MODES.items():
            self.appearance.addItem(translate("Palette", label), mode)
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(palette.saved_mode())))
        self.interface_language = QComboBox()
        self.interface_language.setAccessibleName(translate("PreferencesDialog", "Interface language"))
        self.interface_language.addItem(translate("PreferencesDialog", "System"), i18n.SYSTEM)
        for tag, name in i18n.LANGUAGES.items():
            self.interface_language.addItem(name, tag)  # each in its own language
        self.interface_language.setCurrentIndex(max(0, self.interface_language.findData(i18n.saved_language())))
        restart = QLabel(translate("PreferencesDialog", "A new interface language applies when Desk is next started."))
        restart.setWordWrap(True)
        restart.setStyleSheet("color: palette(mid);")
        look = QFormLayout()
        look.addRow(translate("PreferencesDialog", "Appearance:"), self.appearance)
        look.addRow(translate("PreferencesDialog", "Interface language:"), self.interface_language)
        look.addRow("", restart)
        look_box = QGroupBox(translate("PreferencesDialog", "This computer"))
        look_box.setLayout(look)

        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(site_box)
        layout.addWidget(look_box)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        for widget in (self.name, self.base_url, self.author):
            widget.textChanged.connect(self._validate)
        for combo in (self.language, self.timezone):
            combo.currentTextChanged.connect(self._validate)
        for spin in (self.headline_limit, self.standfirst_limit):
            spin.valueChanged.connect(self._validate)
        self.logo.changed.connect(self._validate)
        self.share_image.changed.connect(self._validate)
        self._validate()

    def _spin(self, name: str, value: int) -> QSpinBox:
        spin = QSpinBox()
        low, high = site_settings.SETTINGS[name].bounds or (0, 100000)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(translate("PreferencesDialog", " characters"))
        return spin

    # --- values ----------------------------------------------------------------------
    def raw(self, name: str) -> Any:
        """What the field holds now, as the editor typed it."""
        widget = self.fields[name]
        if name == "language":
            index = self.language.currentIndex()
            text = self.language.currentText()
            return self.language.itemData(index) if index >= 0 and self.language.itemText(index) == text \
                else text.strip()
        if isinstance(widget, QComboBox):
            return widget.currentText().strip()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, ImageField):
            return widget.photo_id
        return widget.text()

    def _validate(self) -> bool:
        ok = True
        for name in self.fields:
            widget = self.fields[name]
            reason = ""
            if isinstance(widget, ImageField):
                reason = widget.error
            elif name == "base_url" and not self.base_url.text().strip():
                reason = ""  # may stay unset (the export then asks for it)
            else:
                try:
                    site_settings.check(name, self.raw(name))
                except DeskError as exc:
                    reason = str(exc)
            self.errors[name].setText(reason)
            self.errors[name].setVisible(bool(reason))
            ok = ok and not reason
        self.save_button.setEnabled(ok)
        return ok

    def changes(self) -> tuple[dict[str, Any], dict[str, Path]]:
        """(settings changed, images chosen): only what differs from what is stored."""
        changes: dict[str, Any] = {}
        images: dict[str, Path] = {}
        for name, widget in self.fields.items():
            before = getattr(self._site, name)
            if isinstance(widget, ImageField):
                if widget.chosen_file is not None:
                    images[name] = widget.chosen_file
                elif widget.photo_id != before:
                    changes[name] = widget.photo_id
                continue
            value = self.raw(name)
            if name == "base_url" and not str(value).strip():
                if before:
                    changes[name] = None  # unset
                continue
            if site_settings.check(name, value) != before:
                changes[name] = value
        return changes, images

    def save(self) -> None:
        if not self._validate():
            return
        palette.set_mode(self.appearance.currentData())
        i18n.set_language(self.interface_language.currentData())
        try:
            changes, images = self.changes()
            if changes or images:
                self._site = site_settings.apply(self._db, changes, images)
                self.saved.emit(self._site)
        except DeskError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
