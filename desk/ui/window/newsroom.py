"""The window in a newsroom: edit locks, presence, others' changes live, offline journal.

A worker in its own thread (never the UI thread, never the writer thread, which may be
waiting for a busy database) polls the change feed every ``Feed.poll_s``, renews the
window's edit lock every ``locks.HEARTBEAT_S`` and takes or gives up locks when asked. The
``Newsroom`` on the UI thread turns what it reports into what the editor sees: "Marie
Lambert is editing" in the list and over the editor (read-only, with Take Over), the
list, inspector and preview following others' saves, and "Offline" while the database
refuses saves (which the autosaver then keeps in the journal).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, QThread, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel

from ... import paths
from ...core.errors import DeskError
from ...core.newsroom import changes, identity, locks, users
from ...core.newsroom.journal import Journal, path_for

log = logging.getLogger(__name__)

LOCK_WAIT_S = 1.0  # a lock write waits this long for a busy database, then tries later


def _taken(holder_name: str) -> str:
    return f"{holder_name} took over this article. Your unsaved text is kept as a revision (History)."


class PresenceWorker(QObject):
    """Lives in the newsroom thread: every database call of the newsroom happens here."""

    acquired = Signal(int, object)  # article id, locks.Holder after the attempt
    lost = Signal(int, object)  # article id, the Holder that took it
    holders = Signal(object)  # {article id: Holder}
    changed = Signal(object)  # [ChangeRow] made by other sessions

    def __init__(self, db: Any, actor: identity.Actor):
        super().__init__()
        self._db = db
        self._actor = actor
        self._feed = changes.feed_for(db)
        self._held: set[int] = set()
        self._retry: int | None = None  # a lock the database was too busy to give
        self._last = 0
        self._timer: QTimer | None = None
        self._beat: QTimer | None = None

    @Slot()
    def start(self) -> None:
        try:
            self._last = self._feed.latest()
            with self._db.write("registering the editor", wait=LOCK_WAIT_S) as session:
                users.ensure(session, self._actor)
        except DeskError as exc:
            log.info("newsroom start: %s", exc)
        self._timer = QTimer(self)
        self._timer.setInterval(int(self._feed.poll_s * 1000))
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        self._beat = QTimer(self)
        self._beat.setInterval(int(locks.HEARTBEAT_S * 1000))
        self._beat.timeout.connect(self.heartbeat)
        self._beat.start()
        self._send_holders()

    @Slot()
    def stop(self) -> None:
        for timer in (self._timer, self._beat):
            if timer is not None:
                timer.stop()
        try:
            with self._db.write("giving up the edit lock", wait=LOCK_WAIT_S) as session:
                locks.release(session, self._actor)
        except DeskError as exc:  # it expires on its own
            log.info("newsroom stop: %s", exc)

    @Slot(int, bool)
    def acquire(self, article_id: int, take_over: bool) -> None:
        self._retry = None
        try:
            with self._db.write("taking the edit lock", wait=LOCK_WAIT_S) as session:
                for other in self._held - {article_id}:
                    locks.release(session, self._actor, other)
                holder = locks.acquire(session, article_id, self._actor, take_over=take_over)
        except DeskError as exc:
            log.info("edit lock of %s: %s", article_id, exc)
            self._retry = article_id  # the heartbeat asks again
            return
        self._held = {article_id} if holder.session_id == self._actor.session_id else set()
        self.acquired.emit(article_id, holder)
        self._send_holders()

    @Slot()
    def release(self) -> None:
        held, self._held = self._held, set()
        if held:
            try:
                with self._db.write("giving up the edit lock", wait=LOCK_WAIT_S) as session:
                    locks.release(session, self._actor)
            except DeskError as exc:
                log.info("edit lock release: %s", exc)

    @Slot()
    def heartbeat(self) -> None:
        if self._retry is not None:
            self.acquire(self._retry, False)
        try:
            with self._db.write("renewing the edit lock", wait=LOCK_WAIT_S) as session:
                lost = locks.renew(session, self._actor, sorted(self._held))
                changes.prune(session)
        except DeskError as exc:
            log.info("heartbeat: %s", exc)
            return
        self._report_lost(lost)

    @Slot()
    def poll(self) -> None:
        try:
            rows = self._feed.since(self._last)
        except DeskError:
            return  # the database is away: the autosaver says so
        if not rows:
            return
        self._last = rows[-1].id
        if any(r.kind == changes.LOCK for r in rows):
            live = self._send_holders()
            mine = self._actor.session_id
            lost = {a for a in self._held if a in live and live[a].session_id != mine}
            self._report_lost(lost, live)
        others = [r for r in rows if r.origin != self._actor.session_id and r.kind != changes.LOCK]
        if others:
            self.changed.emit(others)

    def _report_lost(self, lost: set[int], live: dict[int, locks.Holder] | None = None) -> None:
        if not lost:
            return
        if live is None:
            live = self._send_holders()
        for article_id in lost:
            self._held.discard(article_id)
            if article_id in live:
                self.lost.emit(article_id, live[article_id])

    def _send_holders(self) -> dict[int, locks.Holder]:
        try:
            with self._db.read() as session:
                live = locks.holders(session)
        except DeskError:
            return {}
        self.holders.emit(live)
        return live


class Newsroom(QObject):
    """The UI-thread face. ``install(window)`` once the window is attached."""

    _acquire = Signal(int, bool)
    _release = Signal()

    def __init__(self, window: Any, journal_dir: Any = None):
        super().__init__(window)
        self.window = window
        db = window.services.db
        if db.actor is None:
            db.actor = identity.new_actor()
        self.actor: identity.Actor = db.actor
        self._holders: dict[int, locks.Holder] = {}
        self.read_only = False
        self.offline = False
        database = str(db.path or db.engine.url.render_as_string(hide_password=True))
        self.journal = Journal(path_for(journal_dir or paths.user_data_dir(), database, self.actor.name))

        self.offline_label = QLabel()
        self.offline_label.setAccessibleName("Connection")
        self.offline_label.setStyleSheet("color: #a33; font-weight: 600;")
        self.offline_label.hide()
        window.statusBar().addPermanentWidget(self.offline_label)

        self._thread = QThread()
        self._thread.setObjectName("desk-newsroom")
        self.worker = PresenceWorker(db, self.actor)
        self.worker.moveToThread(self._thread)
        self._thread.finished.connect(self.worker.deleteLater)
        self._thread.started.connect(self.worker.start)
        self._acquire.connect(self.worker.acquire)
        self._release.connect(self.worker.release)
        self.worker.acquired.connect(self._on_acquired)
        self.worker.lost.connect(self._on_lost)
        self.worker.holders.connect(self._on_holders)
        self.worker.changed.connect(self._on_changed)

        autosaver = window.autosaver
        autosaver.lock_taken.connect(self._on_kept_as_revision)
        autosaver.failed.connect(self._on_save_failed)
        autosaver.journaled.connect(lambda _a: self._show_offline())
        autosaver.saved.connect(lambda _s: self._maybe_online())
        window.article_opened.connect(self._on_opened)
        self._thread.start()
        self.replayed = autosaver.use_journal(self.journal)

    # --- locks -----------------------------------------------------------------------
    def _on_opened(self, article_id: int) -> None:
        holder = self._holders.get(article_id)
        self._set_read_only(holder is not None and holder.session_id != self.actor.session_id, holder)
        self._acquire.emit(article_id, False)

    def take_over(self) -> None:
        article_id = self.window.editor.article_id
        if article_id is not None:
            self._acquire.emit(article_id, True)

    def _on_acquired(self, article_id: int, holder: locks.Holder) -> None:
        if article_id != self.window.editor.article_id:
            return
        mine = holder.session_id == self.actor.session_id
        self._holders[article_id] = holder
        was_read_only = self.read_only
        self._set_read_only(not mine, holder)
        if mine and was_read_only:
            self._reload(article_id)  # what the other editor last saved

    def _on_lost(self, article_id: int, holder: locks.Holder) -> None:
        window = self.window
        if article_id != window.editor.article_id:
            return
        # Edits not yet written go to the autosaver, which keeps them as a revision
        # (locks.guard refuses them a place in the article).
        window.save_now()
        window.autosaver.flush()
        self._set_read_only(True, holder, taken=True)
        self._reload(article_id)

    def _on_kept_as_revision(self, article_id: int, holder_name: str, _revision_id: int) -> None:
        if article_id == self.window.editor.article_id:
            self.window.history.refresh()
            self._banner(_taken(holder_name))

    def _set_read_only(self, read_only: bool, holder: locks.Holder | None, taken: bool = False) -> None:
        window = self.window
        self.read_only = read_only
        editor = window.editor
        for widget in (editor.headline, editor.standfirst, editor.body):
            widget.setReadOnly(read_only)
        window.inspector.setEnabled(not read_only and editor.article_id is not None)
        if read_only and holder is not None:
            if taken:
                self._banner(_taken(holder.user_name))
            else:
                self._banner(f"{holder.editing()} this article. It is open read-only.",
                             "Take Over", self.take_over)
        elif window.banner.label.text().endswith(("read-only.", "revision (History).")):
            window.banner.hide()

    def _banner(self, text: str, button: str = "", action=None) -> None:
        self.window.banner.show_message(text, button, action)

    def _reload(self, article_id: int) -> None:
        window = self.window
        window.editor.article_id = None  # open_article reads it again
        window.open_article(article_id)

    def _on_holders(self, live: dict[int, locks.Holder]) -> None:
        self._holders = live
        others = {a: h.user_name for a, h in live.items() if h.session_id != self.actor.session_id}
        self.window.model.set_presence(others)
        current = self.window.editor.article_id
        if self.read_only and current is not None and current not in others:
            self._acquire.emit(current, False)  # the other editor let it go: it is ours to take

    # --- others' changes -------------------------------------------------------------
    def _on_changed(self, rows: list[changes.ChangeRow]) -> None:
        window = self.window
        if any(r.kind == changes.LIST or r.article_id is None for r in rows):
            window.refresh_list()
        else:  # saves: the rows shown are updated in place, the list is not read again
            self._update_rows({r.article_id for r in rows})
        current = window.editor.article_id
        if current is not None and any(r.article_id in (current, None) for r in rows):
            if self.read_only:
                self._reload(current)  # editor, inspector and preview show the new text
            else:
                window._show_stored_dates(current)

    def _update_rows(self, article_ids: set[int]) -> None:
        from sqlalchemy import select

        from ...core.models import Article

        model = self.window.model
        shown = [a for a in article_ids if model.row_of(a) >= 0]
        if not shown:
            return
        try:
            with self.window.services.db.read() as session:
                found = session.execute(select(Article.id, Article.headline, Article.status)
                                        .where(Article.id.in_(shown))).all()
        except DeskError:
            return
        for article_id, headline, status in found:
            model.update_row(article_id, headline=headline, status=status)

    # --- offline ---------------------------------------------------------------------
    def _on_save_failed(self, _article_id: int, _message: str) -> None:
        self._show_offline()

    def _show_offline(self) -> None:
        self.offline = True
        self.offline_label.setText("Offline: edits kept on this computer")
        self.offline_label.setToolTip(f"Journal: {self.journal.path}")
        self.offline_label.show()

    def _maybe_online(self) -> None:
        if self.offline and not self.window.autosaver.has_pending() and not self.journal.path.exists():
            self.offline = False
            self.offline_label.hide()

    def shutdown(self) -> None:
        if not self._thread.isRunning():
            return
        # Waited for: the lock is given up before the window goes (others see it free at
        # once rather than after the timeout).
        QMetaObject.invokeMethod(self.worker, "stop", Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.quit()
        self._thread.wait(10000)


def install(window: Any) -> Newsroom:
    return Newsroom(window)
