"""Article › Publish to…: choose a WordPress site and a status, review the plan, publish.

All the work (the plan, which asks the site what is new; the connection test; the
publish itself) runs in a background QThread, one job at a time; the dialog only lays
out and reacts. What can go wrong is answered in place: an edit made on the site offers
Overwrite or Cancel, a post deleted there offers Create Again.

    PublishDialog(db, article_id, parent).exec()
"""

from __future__ import annotations

import datetime as dt
import html
import zoneinfo
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QDateTime, QObject, QThread, QTime, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.articles import editing as articles
from desk.core.site import settings as site_settings
from desk.core.store.db import Database
from desk.core.errors import DeskError
from desk.core.publish import errors, publisher, targets
from desk.core.publish.credentials import CredentialStore
from desk.core.publish.publisher import PublishPlan, PublishResult
from desk.ui.i18n.translation import translate

STATUS_CHOICES = ((QT_TRANSLATE_NOOP("PublishDialog", "Draft"), "draft"),
                  (QT_TRANSLATE_NOOP("PublishDialog", "Publish now"), "publish"),
                  (QT_TRANSLATE_NOOP("PublishDialog", "Schedule"), "future"))
DIFF_PREVIEW = 160


class _Job(QObject):
    """Runs one callable in the worker thread; reports back by signals."""

    progress = Signal(str, int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Callable[[str, int, int], None]], Any]) -> None:
        super().__init__()
        self._work = work

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self.progress.emit)
        except Exception as exc:  # every failure is shown in the dialog, never lost
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class PublishDialog(QDialog):
    """Publish one article to one of the saved WordPress targets (or a new one)."""

    published = Signal(object)  # PublishResult

    def __init__(
        self,
        db: Database,
        article_id: int,
        parent: QWidget | None = None,
        *,
        store: CredentialStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.article_id = article_id
        self._store = store
        self._thread: QThread | None = None
        self._job: _Job | None = None
        self._on_success: Callable[[Any], None] | None = None
        self._replan_wanted = False
        self.result_value: PublishResult | None = None
        self.plan: PublishPlan | None = None

        with db.read() as session:
            article = articles.get(session, article_id, with_body=False)
            self._headline = article.headline
            scheduled = article.scheduled_at
            site = site_settings.load(session)
            names = [t.name for t in targets.list_targets(session)]
        self._zone_name = site.timezone
        self._zone = zoneinfo.ZoneInfo(site.timezone)
        self.setWindowTitle(translate("PublishDialog", "Publish “{headline}”").format(headline=self._headline))
        self.setMinimumWidth(640)

        self._replan_timer = QTimer(self)
        self._replan_timer.setSingleShot(True)
        self._replan_timer.setInterval(250)
        self._replan_timer.timeout.connect(self.refresh_plan)

        self._build(names, scheduled)
        self._show_new_target(not names)
        self._update_publish_button()
        if names:
            self._replan_timer.start()

    # -- layout ----------------------------------------------------------------------

    def _build(self, names: list[str], scheduled: dt.datetime | None) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        row = QHBoxLayout()
        self.target_combo = QComboBox()
        self.target_combo.addItems(names)
        self.target_combo.setAccessibleName(translate("PublishDialog", "Site"))
        self.target_combo.currentIndexChanged.connect(self._inputs_changed)
        self.add_target_button = QPushButton(translate("PublishDialog", "Add Site…"))
        self.add_target_button.clicked.connect(lambda: self._show_new_target(True))
        row.addWidget(self.target_combo, 1)
        row.addWidget(self.add_target_button)
        form.addRow(_label(translate("PublishDialog", "&Site:"), self.target_combo), row)

        self.new_target_box = QGroupBox(translate("PublishDialog", "New WordPress site"))
        box = QFormLayout(self.new_target_box)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("website")
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(translate("PublishDialog", "https://example.com"))
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(translate("PublishDialog", "Users › Profile › Application Passwords"))
        box.addRow(translate("PublishDialog", "&Name:"), self.name_edit)
        box.addRow(translate("PublishDialog", "&Address:"), self.url_edit)
        box.addRow(translate("PublishDialog", "&User:"), self.user_edit)
        box.addRow(translate("PublishDialog", "Application &password:"), self.password_edit)
        buttons = QHBoxLayout()
        self.test_button = QPushButton(translate("PublishDialog", "&Test Connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.save_target_button = QPushButton(translate("PublishDialog", "Save Site"))
        self.save_target_button.clicked.connect(self.save_target)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_target_button)
        buttons.addStretch(1)
        box.addRow(buttons)
        self.connection_label = QLabel()
        self.connection_label.setWordWrap(True)
        box.addRow(self.connection_label)
        layout.addWidget(self.new_target_box)

        row = QHBoxLayout()
        self.status_combo = QComboBox()
        for label, value in STATUS_CHOICES:
            self.status_combo.addItem(translate("PublishDialog", label), value)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.when_edit = QDateTimeEdit()
        self.when_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDateTime(self._to_wall(scheduled or self._next_hour()))
        self.when_edit.dateTimeChanged.connect(self._inputs_changed)
        self.zone_label = QLabel(translate("PublishDialog", "({zone_name}, the site's time zone)").format(zone_name=self._zone_name))
        row.addWidget(self.status_combo)
        row.addWidget(self.when_edit)
        row.addWidget(self.zone_label)
        row.addStretch(1)
        form.addRow(_label(translate("PublishDialog", "S&tatus:"), self.status_combo), row)

        layout.addWidget(QLabel(translate("PublishDialog", "What will be sent:")))
        self.plan_view = QPlainTextEdit()
        self.plan_view.setReadOnly(True)
        self.plan_view.setMinimumHeight(180)
        layout.addWidget(self.plan_view, 1)
        # What the plan says about the article; message_label is for what happened.
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        layout.addWidget(self.plan_label)

        self.conflict_box = QGroupBox()
        conflict = QVBoxLayout(self.conflict_box)
        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        conflict.addWidget(self.conflict_label)
        row = QHBoxLayout()
        self.overwrite_button = QPushButton(translate("PublishDialog", "&Overwrite"))
        self.overwrite_button.clicked.connect(lambda: self.start_publish(overwrite=True))
        self.recreate_button = QPushButton(translate("PublishDialog", "Create &Again"))
        self.recreate_button.clicked.connect(lambda: self.start_publish(recreate=True))
        self.cancel_conflict_button = QPushButton(translate("PublishDialog", "Cancel"))
        self.cancel_conflict_button.clicked.connect(lambda: self.conflict_box.hide())
        row.addStretch(1)
        for button in (self.overwrite_button, self.recreate_button,
                       self.cancel_conflict_button):
            row.addWidget(button)
        conflict.addLayout(row)
        self.conflict_box.hide()
        layout.addWidget(self.conflict_box)

        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        self.link_label = QLabel()
        self.link_label.setOpenExternalLinks(True)
        self.link_label.hide()
        layout.addWidget(self.link_label)

        row = QHBoxLayout()
        row.addStretch(1)
        self.publish_button = QPushButton(translate("PublishDialog", "&Publish"))
        self.publish_button.setDefault(True)
        self.publish_button.clicked.connect(lambda: self.start_publish())
        self.close_button = QPushButton(translate("PublishDialog", "Close"))
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.publish_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self._status_changed()

    def _show_new_target(self, shown: bool) -> None:
        self.new_target_box.setVisible(shown)
        self.add_target_button.setEnabled(not shown)

    # -- the scheduled time, in the site's zone -----------------------------------------

    def _next_hour(self) -> dt.datetime:
        now = dt.datetime.now(dt.timezone.utc)
        return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=2)

    def _to_wall(self, moment: dt.datetime) -> QDateTime:
        # The edit shows wall-clock time in the site's zone; only its fields are read.
        local = moment.astimezone(self._zone)
        return QDateTime(QDate(local.year, local.month, local.day),
                         QTime(local.hour, local.minute))

    def scheduled_at(self) -> dt.datetime:
        """The chosen time as an aware datetime (the site's zone)."""
        value = self.when_edit.dateTime()
        date, time = value.date(), value.time()
        return dt.datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(),
                           tzinfo=self._zone)

    def set_scheduled_at(self, moment: dt.datetime) -> None:
        self.when_edit.setDateTime(self._to_wall(moment))

    # -- state -------------------------------------------------------------------------

    @property
    def status(self) -> str:
        return str(self.status_combo.currentData())

    @property
    def target_name(self) -> str:
        return self.target_combo.currentText()

    def _status_changed(self) -> None:
        scheduled = self.status == "future"
        self.when_edit.setEnabled(scheduled)
        self.zone_label.setEnabled(scheduled)
        self._inputs_changed()

    def _inputs_changed(self) -> None:
        self.conflict_box.hide()
        if self.target_name:
            self._replan_timer.start()

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.test_button, self.save_target_button, self.overwrite_button,
                       self.recreate_button, self.target_combo, self.status_combo):
            widget.setEnabled(not busy)
        self.close_button.setEnabled(not busy)
        self._update_publish_button()

    def _update_publish_button(self) -> None:
        ready = self.plan is None or not self.plan.problems
        self.publish_button.setEnabled(not self.busy and bool(self.target_name) and ready)

    # -- jobs ----------------------------------------------------------------------------

    def _run(self, work: Callable[[Callable[[str, int, int], None]], Any],
             on_success: Callable[[Any], None]) -> None:
        assert self._thread is None, "one job at a time"
        thread = QThread(self)
        job = _Job(work)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.progress.connect(self._progress)
        job.succeeded.connect(self._succeeded)
        job.failed.connect(self._failed)
        self._thread, self._job, self._on_success = thread, job, on_success
        self._set_busy(True)
        thread.start()

    def _finish_job(self) -> None:
        thread, self._thread, self._job = self._thread, None, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        self._set_busy(False)
        self.progress_bar.hide()
        if self._replan_wanted:
            self._replan_wanted = False
            self._replan_timer.start()

    @Slot(str, int, int)
    def _progress(self, message: str, done: int, total: int) -> None:
        self.progress_bar.show()
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.message_label.setText(html.escape(message))

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        on_success, self._on_success = self._on_success, None
        self._finish_job()
        if on_success is not None:
            on_success(result)

    @Slot(object)
    def _failed(self, exc: Exception) -> None:
        self._on_success = None
        self._finish_job()
        if isinstance(exc, errors.RemoteChanged):
            self._offer(exc, overwrite=True)
        elif isinstance(exc, errors.PostGone):
            self._offer(exc, overwrite=False)
        elif isinstance(exc, (errors.PublishError, DeskError)):
            self._error(str(exc))
        else:
            self._error(f"Publishing failed unexpectedly: {exc}")

    def _error(self, text: str) -> None:
        self.message_label.setText(_red(text))

    def _offer(self, exc: errors.PublishError, *, overwrite: bool) -> None:
        text = html.escape(str(exc))
        if isinstance(exc, errors.RemoteChanged) and exc.differences:
            rows = "".join(
                f"<li><b>{html.escape(field)}</b>: on the site “{html.escape(_cut(site))}”; "
                f"in Desk “{html.escape(_cut(ours))}”</li>"
                for field, (site, ours) in exc.differences.items()
            )
            text += f"<ul>{rows}</ul>"
        self.conflict_label.setText(text)
        self.overwrite_button.setVisible(overwrite)
        self.recreate_button.setVisible(not overwrite)
        self.conflict_box.setTitle(translate("PublishDialog", "Changed on the site") if overwrite
                                   else translate("PublishDialog", "Deleted on the site"))
        self.conflict_box.show()
        self.message_label.clear()

    def reject(self) -> None:
        if self.busy:
            # Leaving now would abandon a half-sent article; it finishes within its timeouts.
            self.message_label.setText(translate("PublishDialog", "Wait for the current step to finish."))
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    # -- the plan --------------------------------------------------------------------------

    @Slot()
    def refresh_plan(self) -> None:
        if not self.target_name:
            return
        if self.busy:
            self._replan_wanted = True
            return
        db, article_id, name = self.db, self.article_id, self.target_name
        status, when, store = self.status, self.scheduled_at(), self._store

        def work(progress: Callable[[str, int, int], None]) -> tuple[PublishPlan, str]:
            with db.read() as session:
                target = targets.info_of(targets.get(session, name))
            note = ""
            client = None
            try:
                client = targets.client_for(target, store)
                client.check()
            except (errors.PublishError, DeskError) as exc:
                note = f"Could not ask the site which categories and tags are new: {exc}"
                client = None
            try:
                with db.read() as session:
                    article = articles.get(session, article_id)
                    made = publisher.plan(session, article, target, status, client=client,
                                          scheduled_at=when)
            finally:
                if client is not None:
                    client.close()
            return made, note

        self._run(work, self._show_plan)

    def _show_plan(self, result: tuple[PublishPlan, str]) -> None:
        self.plan, note = result
        self.plan_view.setPlainText("\n".join(self.plan.describe()))
        if self.plan.problems:
            self.plan_label.setText(_red("Cannot publish yet: " + "; ".join(self.plan.problems)
                                         + "."))
        else:
            self.plan_label.setText(html.escape(note))
        self._update_publish_button()

    # -- publishing ------------------------------------------------------------------------

    def start_publish(self, *, overwrite: bool = False, recreate: bool = False) -> None:
        if self.busy or not self.target_name:
            return
        db, article_id, name = self.db, self.article_id, self.target_name
        status, store = self.status, self._store
        when = self.scheduled_at() if status == "future" else None
        # Overwrite and Create Again answer a conflict of a send the editor already confirmed.
        if status != "draft" and not (overwrite or recreate) and not self._confirm(status, when):
            self.message_label.setText(translate("PublishDialog", "Nothing sent."))
            return
        self.conflict_box.hide()
        self.link_label.hide()

        def work(progress: Callable[[str, int, int], None]) -> PublishResult:
            return publisher.publish(db, article_id, name, status, overwrite=overwrite,
                                     recreate=recreate, scheduled_at=when, progress=progress,
                                     store=store)

        self._run(work, self._published)

    def _confirm(self, status: str, when: dt.datetime | None) -> bool:
        """Going public (now or at a time) is an explicit act: ask, naming the site and
        the time, with the checklist's warnings. Blocking items keep the Publish button
        disabled (the plan's problems), so they are not asked about here."""
        from desk.core.articles import release
        from desk.ui.dialogs.publish_confirm import PublishConfirmation, describe_wordpress

        try:
            with self.db.read() as session:
                verdict = release.assess(session, articles.get(session, self.article_id))
        except DeskError as exc:
            self._error(str(exc))
            return False
        what = describe_wordpress(self._headline, self.target_name, status, when, self._zone)
        act = "Schedule" if status == "future" else "Publish"
        return PublishConfirmation(verdict, None, self._zone, self, what=what, act=act).decision().publish

    def _published(self, result: PublishResult) -> None:
        self.result_value = result
        site = html.escape(result.target)
        sentences = {  # whole sentences: the translation of a verb depends on its complement
            (True, "draft"): translate("PublishDialog", "Created as a draft on {site}."),
            (True, "publish"): translate("PublishDialog", "Created and published on {site}."),
            (True, "future"): translate("PublishDialog", "Created and scheduled on {site}."),
            (False, "draft"): translate("PublishDialog", "Updated as a draft on {site}."),
            (False, "publish"): translate("PublishDialog", "Updated and published on {site}."),
            (False, "future"): translate("PublishDialog", "Updated and scheduled on {site}."),
        }
        sentence = sentences.get((bool(result.created), result.status))
        if sentence is None:
            sentence = (translate("PublishDialog", "Created ({status}) on {site}.") if result.created
                        else translate("PublishDialog", "Updated ({status}) on {site}."))
        self.message_label.setText(sentence.format(site=site, status=html.escape(result.status)))
        link = html.escape(result.link, quote=True)
        self.link_label.setText(f'<a href="{link}">{link}</a>')
        self.link_label.show()
        self.published.emit(result)
        self.refresh_plan()

    # -- a new site ------------------------------------------------------------------------

    def _new_target_values(self) -> tuple[str, str, str, str]:
        return (self.name_edit.text().strip(), self.url_edit.text().strip(),
                self.user_edit.text().strip(), self.password_edit.text().strip())

    @Slot()
    def test_connection(self) -> None:
        if self.busy:
            return
        _name, url, user, password = self._new_target_values()
        self.connection_label.setText(translate("PublishDialog", "Connecting…"))

        def work(progress: Callable[[str, int, int], None]) -> str:
            try:
                return targets.describe_site(targets.check_site(url, user, password))
            except errors.PublishError as exc:
                return f"✗ {exc}"

        self._run(work, self._tested)

    def _tested(self, text: str) -> None:
        self.connection_label.setText(html.escape(text))

    @Slot()
    def save_target(self) -> None:
        if self.busy:
            return
        name, url, user, password = self._new_target_values()
        db, store = self.db, self._store

        def work(progress: Callable[[str, int, int], None]) -> str:
            with db.write("saving the site") as session:
                return targets.add(session, name, url, user, password, store=store).name

        self._run(work, self._target_saved)

    def _target_saved(self, name: str) -> None:
        self.password_edit.clear()
        self._show_new_target(False)
        self.connection_label.clear()
        if self.target_combo.findText(name) < 0:
            self.target_combo.addItem(name)
        self.target_combo.setCurrentText(name)
        self.refresh_plan()


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= DIFF_PREVIEW else flat[: DIFF_PREVIEW - 1] + "…"


def _red(text: str) -> str:
    return f'<span style="color:#b00020">{html.escape(text)}</span>'


def _label(text: str, buddy: QWidget) -> QLabel:
    # A row whose field is a layout gets no buddy by itself: the mnemonic needs one.
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
