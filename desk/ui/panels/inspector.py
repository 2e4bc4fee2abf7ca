"""The metadata inspector: status, category, tags, byline, slug, source and dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime, QStringListModel, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk.core.store.db import Database
from desk.core.store.models import STATUSES
from desk.ui.panels.category_picker import CategoryPicker
from desk.ui.editor.text_input import clean_lines
from desk.core.site.languages import LANGUAGES
from desk.ui.i18n import core_labels
from desk.ui.i18n.translation import translate


class TagsEdit(QLineEdit):
    """Comma-separated tags with completion of the tag being typed from existing tags."""

    def __init__(self) -> None:
        super().__init__()
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._complete)
        self.textEdited.connect(self._on_edit)

    def set_known(self, tags: list[str]) -> None:
        self._model.setStringList(tags)

    def tags(self) -> list[str]:
        return [t.strip() for t in self.text().split(",") if t.strip()]

    def set_tags(self, tags: list[str]) -> None:
        self.setText(", ".join(tags))

    def _current_prefix(self) -> str:
        return self.text()[: self.cursorPosition()].rsplit(",", 1)[-1].lstrip()

    def _on_edit(self) -> None:
        prefix = self._current_prefix()
        if len(prefix) < 1:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _complete(self, tag: str) -> None:
        head = self.text()[: self.cursorPosition()].rsplit(",", 1)
        before = head[0] + ", " if len(head) == 2 else ""
        after = self.text()[self.cursorPosition():]
        self.setText(f"{before}{tag}, {after.lstrip(', ')}".rstrip())
        self.editingFinished.emit()


class Inspector(QWidget):
    changed = Signal(str, object)  # field, value

    def __init__(self, db: Database, tz: dt.tzinfo, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self.stored_status = ""  # as the database has it: what a refused change goes back to
        self._db = db
        self._tz = tz
        self.status = QComboBox()
        for name in STATUSES:
            self.status.addItem(core_labels.status(name), name)
        self.status.setAccessibleName(translate("Inspector", "Status"))
        self.category = CategoryPicker(db)
        self.category.setAccessibleName(translate("Inspector", "Category"))
        self.tags = TagsEdit()
        self.tags.setAccessibleName(translate("Inspector", "Tags"))
        self.tags.setPlaceholderText(translate("Inspector", "Comma-separated"))
        self.byline = QLineEdit()
        self.byline.setAccessibleName(translate("Inspector", "Byline"))
        self.slug = QLineEdit()
        self.slug.setAccessibleName(translate("Inspector", "Slug"))
        self.slug.setToolTip(translate("Inspector", "Follows the headline until you edit it"))
        self.slug_error = QLabel()
        self.slug_error.setWordWrap(True)
        self.slug_error.setStyleSheet("color: #c62828;")
        self.slug_error.hide()
        self.source_name = QLineEdit()
        self.source_name.setAccessibleName(translate("Inspector", "Source name"))
        self.source_name.setPlaceholderText(translate("Inspector", "e.g. lindependant.fr"))
        self.source_url = QLineEdit()
        self.source_url.setAccessibleName(translate("Inspector", "Source URL"))
        self.source_url.setPlaceholderText(translate("Inspector", "https://…"))
        # The article's language: its page's labels, dates and typography, and its
        # spelling. The first entry follows the site's language (stored as none).
        self.language = QComboBox()
        self.language.setAccessibleName(translate("Inspector", "Language"))
        self.language.addItem(translate("Inspector", "Site default"), None)  # named on load
        for tag, name in LANGUAGES.items():
            self.language.addItem(f"{core_labels.language(tag, name)} ({tag})", tag)
        clean_lines(self.tags, self.byline, self.slug, self.source_name, self.source_url)
        self.has_date = QCheckBox(translate("Inspector", "Set"))
        self.has_date.setAccessibleName(translate("Inspector", "Has publication date"))
        self.published = QDateTimeEdit()
        self.published.setAccessibleName(translate("Inspector", "Publication date and time"))
        self.published.setCalendarPopup(True)
        self.published.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.published.setTimeZone(QTimeZone(str(getattr(tz, "key", "UTC")).encode()))
        # The minimum stands for "no date": shown as words, never as a fake date.
        self.published.setMinimumDateTime(QDateTime.fromSecsSinceEpoch(0, self.published.timeZone()))
        self.published.setSpecialValueText(translate("Inspector", "Not set"))
        self.zone_label = QLabel(translate("Inspector", "Times in {zone}").format(zone=getattr(tz, 'key', 'UTC')))
        self.zone_label.setStyleSheet("color: palette(mid);")

        form = QFormLayout()
        form.addRow(translate("Inspector", "&Status"), self.status)
        form.addRow(translate("Inspector", "Category"), self.category)
        form.addRow(translate("Inspector", "&Tags"), self.tags)
        form.addRow(translate("Inspector", "&Byline"), self.byline)
        form.addRow(translate("Inspector", "Lan&guage"), self.language)
        form.addRow(translate("Inspector", "S&lug"), self.slug)
        form.addRow(self.slug_error)
        form.addRow(translate("Inspector", "Source &name"), self.source_name)
        form.addRow(translate("Inspector", "Source &URL"), self.source_url)
        form.addRow(translate("Inspector", "&Published"), self.published)
        form.addRow(self.has_date, self.zone_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)

        self.status.currentIndexChanged.connect(lambda i: self._emit("status", self.status.itemData(i)))
        self.category.category_chosen.connect(self._category_chosen)
        self.tags.editingFinished.connect(lambda: self._emit("tags", self.tags.tags()))
        self.byline.textEdited.connect(lambda v: self._emit("byline", v))
        self.language.currentIndexChanged.connect(
            lambda i: self._emit("language", self.language.itemData(i)))
        self.slug.editingFinished.connect(self._slug_edited)
        self.source_name.textEdited.connect(lambda v: self._emit("source_name", v))
        self.source_url.textEdited.connect(lambda v: self._emit("source_url", v))
        self.published.dateTimeChanged.connect(lambda _v: self._date_edited())
        self.has_date.toggled.connect(self._date_toggled)
        self.setEnabled(False)

    def load(self, values: dict[str, Any], known_tags: list[str]) -> None:
        self._loading = True
        self.stored_status = values["status"]
        try:
            self.status.setCurrentIndex(self.status.findData(values["status"]))
            self.category.set_current(values.get("category_id"))
            self.tags.set_known(known_tags)
            self.tags.set_tags(values.get("tags", []))
            self.byline.setText(values.get("byline", ""))
            self._show_language(values.get("language"))
            self.slug.setText(values.get("slug", ""))
            self.slug_error.hide()
            self.source_name.setText(values.get("source_name", ""))
            self.source_url.setText(values.get("source_url", ""))
            self._show_published(values.get("published_at"))
        finally:
            self._loading = False
        self.setEnabled(True)

    def _show_language(self, language: str | None) -> None:
        at = self.language.findData(language) if language else 0
        if at < 0:  # a tag imported from front matter that the list does not offer
            self.language.addItem(language, language)
            at = self.language.count() - 1
        self.language.setCurrentIndex(at)

    def set_site_language(self, language: str) -> None:
        """Name the site's language in the first entry, which follows it."""
        name = core_labels.language(language, LANGUAGES.get(language, language))
        self.language.setItemText(0, translate("Inspector", "Site default ({language})").format(language=name))

    def _show_published(self, published: dt.datetime | None) -> None:
        self.has_date.setChecked(published is not None)
        self.published.setEnabled(published is not None)
        if published is None:
            self.published.setDateTime(self.published.minimumDateTime())
        else:
            self.published.setDateTime(QDateTime.fromSecsSinceEpoch(int(published.timestamp()),
                                                                    self.published.timeZone()))

    def show_stored(self, status: str, published: dt.datetime | None) -> None:
        """What was saved: publishing sets the publication time (it said "Not set")."""
        self.stored_status = status
        self._loading = True
        try:
            if not self.status.hasFocus() or self.status.currentData() == status:
                self.status.setCurrentIndex(self.status.findData(status))
            if not self.published.hasFocus():
                self._show_published(published)
        finally:
            self._loading = False

    def show_stored_status(self) -> None:
        """A change of status was cancelled or refused: show the stored one again."""
        self._loading = True
        try:
            self.status.setCurrentIndex(self.status.findData(self.stored_status))
        finally:
            self._loading = False

    def set_timezone(self, tz: dt.tzinfo) -> None:
        """The site's time zone changed: the publication date is shown in the new one."""
        self._tz = tz
        zone = QTimeZone(str(getattr(tz, "key", "UTC")).encode())
        self._loading = True
        try:
            moment = self.published.dateTime()
            self.published.setTimeZone(zone)
            self.published.setMinimumDateTime(QDateTime.fromSecsSinceEpoch(0, zone))
            self.published.setDateTime(moment.toTimeZone(zone))
        finally:
            self._loading = False
        self.zone_label.setText(translate("Inspector", "Times in {zone}").format(zone=getattr(tz, 'key', 'UTC')))

    def show_saved(self, slug: str) -> None:
        if not self.slug.hasFocus():
            self._loading = True
            self.slug.setText(slug)
            self._loading = False

    def show_field_error(self, field: str, message: str) -> None:
        if field == "slug":
            self.slug_error.setText(message)
            self.slug_error.show()

    def _emit(self, field: str, value: Any) -> None:
        if not self._loading:
            self.changed.emit(field, value)

    def _category_chosen(self, category_id: int | None) -> None:
        self._emit("category_id", category_id)

    def _slug_edited(self) -> None:
        slug = self.slug.text().strip()
        if slug and not self._loading:
            self.slug_error.hide()
            self._emit("slug", slug)

    def _date_toggled(self, on: bool) -> None:
        self.published.setEnabled(on)
        if on:
            if not self._loading:
                self.published.setDateTime(QDateTime.currentDateTime().toTimeZone(self.published.timeZone()))
            self._date_edited()
        else:
            self._emit("published_at", None)

    def _date_edited(self) -> None:
        if self._loading or not self.has_date.isChecked():
            return
        secs = self.published.dateTime().toSecsSinceEpoch()
        self._emit("published_at", dt.datetime.fromtimestamp(secs, dt.timezone.utc))
