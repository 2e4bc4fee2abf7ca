"""The live preview: the website's own page, rendered off the UI thread and patched in
place as the editor types.

Pages are served from a private ``desk:`` scheme at site-root paths (``/static/site.css``,
``/media/12-800.jpg``), the same paths the exported site uses, so the HTML the preview
loads is byte for byte the HTML ``desk render`` writes. Nothing comes from the network:
every other scheme is blocked and remote images are shown as placeholders.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import time
import zlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSettings, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlSchemeHandler,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desk import paths
from desk.ui.preview.scheme import SCHEME, register_scheme  # noqa: F401  (register_scheme: re-exported)
from desk.ui.i18n.translation import translate

if TYPE_CHECKING:
    from desk.core.store.db import Database

# The renderer (Markdown, Jinja2, nh3) is imported by the worker thread on its first
# request, after the window is on screen; the core's stores (SQLAlchemy) when the pane
# is given its database: the pane itself is built with the window's first screen.

log = logging.getLogger(__name__)

PAGE_URL = QUrl("desk://site/__preview__/")
PHONE_WIDTH = 390
DESKTOP_WIDTH = 1280  # the viewport the Desktop preview lays the page out at, then scales
MIN_ZOOM = 0.25  # QtWebEngine's smallest zoom factor
MODE_KEY = "preview/mode"
OWN_SCROLL_S = 0.4  # scroll events this soon after we scrolled the page are ours
ALLOWED_SCHEMES = {"desk", "data", "blob", "about", "qrc"}

# Installed in every preview page (resources/preview/preview.js): patching in place, scroll
# sync, placeholders for remote images (which the interceptor blocks).
PREVIEW_JS = (paths.resources_dir() / "preview" / "preview.js").read_text(encoding="utf-8")


class RemoteBlocker(QWebEngineUrlRequestInterceptor):
    """The preview loads nothing from the network."""

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        if info.requestUrl().scheme() not in ALLOWED_SCHEMES:
            info.block(True)


def _photos():
    from desk.core.photos import records as photos

    return photos


class _MediaTask(QObject):
    done = Signal(object, bytes, str)  # job, data, mime


class PreviewSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers desk:// requests: the current page, the stylesheet and photo renditions."""

    def __init__(self, db: Database | None, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db  # given later when the pane is built before the database is open
        self.page_html = ""
        self._jobs: list[Any] = []
        self._relay = _MediaTask(self)
        self._relay.done.connect(self._reply)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        path = job.requestUrl().path()
        if path.startswith("/__preview__"):
            self._send(job, self.page_html.encode("utf-8"), "text/html")
        elif path == "/static/site.css":
            from desk.core.render.assets import site_css

            self._send(job, site_css().encode("utf-8"), "text/css")
        elif self.db is not None and (media := _photos().parse_media_path(path)) is not None:
            # Making a rendition takes a while: never on the UI thread.
            self._jobs.append(job)
            threading.Thread(target=self._make, args=(job, *media), daemon=True).start()
        else:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)

    def _make(self, job: QWebEngineUrlRequestJob, photo_id: int, width: int, fmt: str) -> None:
        try:
            with self.db.write("making a preview image") as session:
                data, mime = _photos().rendition(session, photo_id, width, fmt)
        except Exception as exc:  # noqa: BLE001 - a missing image must not break the preview
            log.info("preview image %s failed: %s", photo_id, exc)
            data, mime = b"", ""
        self._relay.done.emit(job, data, mime)

    def _reply(self, job: QWebEngineUrlRequestJob, data: bytes, mime: str) -> None:
        if job not in self._jobs:
            return
        self._jobs.remove(job)
        try:
            if data:
                self._send(job, data, mime)
            else:
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
        except RuntimeError:  # the page went away while the image was made
            pass

    def _send(self, job: QWebEngineUrlRequestJob, data: bytes, mime: str) -> None:
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime.encode(), buffer)


@dataclasses.dataclass
class _Request:
    article_id: int
    values: dict[str, Any] | None  # what the editor typed; None: the stored text
    serial: int
    rebuild: bool = False  # re-read the stored article (after a save) before patching
    full: bool = False  # load the page anew (another article was opened)


class PreviewWorker(QObject):
    """Renders in its own thread; only the newest request is ever rendered."""

    page_ready = Signal(int, str, int)  # article id, full page html, serial
    patch_ready = Signal(int, object, int)  # article id, Patch, serial
    stored_ready = Signal(int, str)  # article id, the stored article's full page html

    def __init__(self, db: Database):
        super().__init__()
        self._db = db
        self._lock = threading.Lock()
        self._pending: _Request | None = None
        self._base: Any = None  # the stored article's Page
        self._base_id: int | None = None

    def offer(self, request: _Request) -> None:
        with self._lock:
            pending = self._pending
            if pending is not None and pending.article_id == request.article_id:
                # The newer request wins, but not at the cost of what the older one asked
                # for: a first load of the page, or a re-read after a save.
                request.rebuild = request.rebuild or pending.rebuild
                request.full = request.full or pending.full
            self._pending = request

    @Slot()
    def work(self) -> None:
        while True:
            with self._lock:
                request, self._pending = self._pending, None
            if request is None:
                return
            try:
                self._render(request)
            except Exception:  # a bad render must not kill the preview thread
                log.exception("preview render failed")

    def _render(self, request: _Request) -> None:
        from desk.core.articles import editing as articles
        from desk.core.site import pages
        from desk.core.render.service import render_elsewhere

        if request.full or request.rebuild or self._base_id != request.article_id:
            with self._db.read() as session:
                article = articles.get(session, request.article_id)
                base = pages.build_page(session, article)
            before = self._base if self._base_id == request.article_id else None
            self._base, self._base_id = base, request.article_id
            # The renderer process gives render_page's bytes: the page equals `desk render`.
            stored, _pieces = render_elsewhere(base)
            # Another language changes the page outside the article (<html lang>, the
            # Related block's heading): the whole page is shown again, not patched.
            relabelled = before is not None and before.language != base.language
            if request.full or relabelled:
                self.page_ready.emit(request.article_id, stored, request.serial)
            else:
                self.stored_ready.emit(request.article_id, stored)
            if request.values is None:
                return
        assert self._base is not None
        values = request.values or {}
        page = dataclasses.replace(
            self._base,
            headline=values.get("headline", self._base.headline),
            standfirst=values.get("standfirst", self._base.standfirst),
            body_markdown=values.get("body", self._base.body_markdown),
            byline=values.get("byline", self._base.byline),
            source_name=values.get("source_name", self._base.source_name),
            source_url=values.get("source_url", self._base.source_url),
        )
        html, pieces = render_elsewhere(page)
        self.patch_ready.emit(request.article_id, Patch.of(html, pieces), request.serial)


BODY_OPEN = '<div class="article-body" dir="auto">'


@dataclasses.dataclass(frozen=True)
class Patch:
    """An update of the page in pieces: the article without its body text (small), and
    the body as a list of keyed pieces. Sending a 20,000-word body through runJavaScript
    on every keystroke costs the UI thread 15 ms; the page keeps the pieces it has, so
    only the changed ones travel."""

    shell: str
    keys: tuple[str, ...]
    pieces: dict[str, str]

    @classmethod
    def of(cls, html: str, pieces: list[str]) -> Patch:
        inner = article_inner(html)
        body = "\n".join(pieces)
        at = inner.find(BODY_OPEN)
        if at < 0 or inner.find(body, at) < 0:
            return cls(inner, (), {})  # no body to split out: send it whole
        start = inner.find(body, at)
        shell = inner[:start] + inner[start + len(body):]
        keys = tuple(f"{zlib.crc32(p.encode()):08x}{len(p):x}" for p in pieces)
        return cls(shell, keys, dict(zip(keys, pieces)))

    def message(self, known: set[str]) -> str:
        missing = {k: v for k, v in self.pieces.items() if k not in known}
        return json.dumps({"shell": self.shell, "keys": self.keys, "add": missing,
                           "split": bool(self.keys)})


def html_language(html: str) -> str:
    """The page's <html lang>: a page in another language is loaded, not patched."""
    start = html.find('<html lang="')
    return html[start + 12:html.find('"', start + 12)] if start >= 0 else ""


def article_inner(html: str) -> str:
    start = html.find('<article class="article">')
    end = html.rfind("</article>")
    if start < 0 or end < 0:
        return ""
    return html[start + len('<article class="article">'):end]


class PreviewPane(QWidget):
    """The preview widget: a web view with desktop/phone widths, fed by PreviewWorker.

    Built with the window's first screen, before the database is open (``db`` None):
    a web view made after the window is shown turns the window into one drawn with the
    GPU's help, which recreates it (a black flash of the whole window), and Chromium's
    start-up is then paid while the editor waits. ``attach(db)`` gives it its database
    and its render thread."""

    loaded = Signal(bool)
    updated = Signal(int)  # serial of the request now shown
    scrolled_to_line = Signal(int)  # the reader scrolled: source line now at the top
    _kick = Signal()

    def __init__(self, db: Database | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self.worker: PreviewWorker | None = None
        self._serial = 0
        self._shown_serial = 0
        self._article_id: int | None = None
        self._loaded = False
        self._queued_patch: tuple[Patch, int] | None = None
        self._known: set[str] = set()  # body pieces the loaded page already has
        self._in_flight = False
        self._next_patch: tuple[Patch, int] | None = None
        self._hidden_request: tuple[int, dict[str, Any] | None, bool] | None = None

        self._closed = False
        # Off the record: nothing written to disk. Not a child of this widget: the page
        # must be deleted before its profile (see shutdown), whatever order Qt picks.
        self.profile = QWebEngineProfile()
        self.handler = PreviewSchemeHandler(db, self)
        self.blocker = RemoteBlocker(self)
        self.profile.installUrlSchemeHandler(SCHEME, self.handler)
        self.profile.setUrlRequestInterceptor(self.blocker)
        script = QWebEngineScript()
        script.setName("desk-preview")
        script.setSourceCode(PREVIEW_JS)
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
        self.profile.scripts().insert(script)

        self.view = QWebEngineView(self)
        self.view.setAccessibleName(translate("PreviewPane", "Page preview"))
        self.page = QWebEnginePage(self.profile)
        # Until the first page: the page's white, not the default black of an empty surface.
        self.page.setBackgroundColor(Qt.GlobalColor.white)
        self.view.setPage(self.page)
        self.page.loadFinished.connect(self._on_loaded)
        self._own_scroll_until = 0.0
        self.page.scrollPositionChanged.connect(self._on_scrolled)

        phone = QSettings().value(MODE_KEY, "desktop", str) == "phone"
        self.desktop_button = QToolButton(text=translate("PreviewPane", "Desktop"), checkable=True, checked=not phone)
        self.desktop_button.setAccessibleName(translate("PreviewPane", "Desktop width"))
        self.desktop_button.setToolTip(translate("PreviewPane", "The page at a {width}-pixel desktop width, scaled to fit").format(width=DESKTOP_WIDTH))
        self.phone_button = QToolButton(text=translate("PreviewPane", "Phone"), checkable=True, checked=phone)
        self.phone_button.setAccessibleName(translate("PreviewPane", "Phone width"))
        self.phone_button.setToolTip(translate("PreviewPane", "The page at a {width}-pixel phone width").format(width=PHONE_WIDTH))
        group = QButtonGroup(self)
        group.addButton(self.desktop_button)
        group.addButton(self.phone_button)
        group.buttonToggled.connect(lambda _b, on: on and self._mode_chosen())
        self.state_label = QLabel()
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self.desktop_button)
        bar.addWidget(self.phone_button)
        bar.addStretch(1)
        bar.addWidget(self.state_label)
        # The view between two spacers that take what a phone page leaves (stretch set
        # in _apply_width; a layout alignment would shrink the view to its size hint).
        self._frame = QHBoxLayout()
        self._frame.setContentsMargins(0, 0, 0, 0)
        self._frame.setSpacing(0)
        self._frame.addStretch(0)
        self._frame.addWidget(self.view, 1)
        self._frame.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addLayout(self._frame, 1)
        self._thread = QThread(self)
        self._thread.setObjectName("desk-preview")
        if db is not None:
            self.attach(db)

    def attach(self, db: Database) -> None:
        """The database is open: pages can be rendered and photos served."""
        assert self.worker is None, "attached twice"
        self._db = db
        self.handler.db = db
        self.worker = PreviewWorker(db)
        self.worker.moveToThread(self._thread)
        self._kick.connect(self.worker.work)
        self.worker.page_ready.connect(self._on_page)
        self.worker.patch_ready.connect(self._on_patch)
        self.worker.stored_ready.connect(self._on_stored)
        self._thread.start()

    # --- requests --------------------------------------------------------------------
    def show_article(self, article_id: int) -> int:
        """Load the stored article (full page)."""
        return self._request(article_id, None, full=True)

    def update_text(self, article_id: int, values: dict[str, Any], rebuild: bool = False) -> int:
        """Show what the editor has typed (not yet saved); ``rebuild`` after a save, when
        what the page shows around the text (slug, category, related) may have changed.
        A hidden preview renders nothing; it catches up when shown."""
        if not self.isVisible() and self._loaded:
            earlier = self._hidden_request
            self._hidden_request = (article_id, values, rebuild or bool(earlier and earlier[2]))
            return self._serial
        return self._request(article_id, values, rebuild)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._hidden_request is not None:
            article_id, values, rebuild = self._hidden_request
            self._hidden_request = None
            self._request(article_id, values, rebuild)

    def show_html(self, html: str) -> None:
        self._article_id = None
        self.handler.page_html = html
        self._loaded = False
        self.page.load(PAGE_URL)

    def _request(self, article_id: int, values: dict[str, Any] | None, rebuild: bool = False,
                 full: bool = False) -> int:
        assert self.worker is not None, "the preview has no database yet (attach)"
        self._serial += 1
        self.worker.offer(_Request(article_id, values, self._serial, rebuild, full))
        self._kick.emit()
        return self._serial

    # --- results ---------------------------------------------------------------------
    def _on_page(self, article_id: int, html: str, serial: int) -> None:
        if serial < self._shown_serial:
            return
        self._shown_serial = serial
        same = (article_id == self._article_id and self._loaded
                and html_language(html) == html_language(self.handler.page_html or ""))
        self._article_id = article_id
        self.handler.page_html = html
        self._hidden_request = None
        if same:
            # The stored page changed (a save): patch it in, no reload and no flicker.
            self._patch(Patch(article_inner(html), (), {}), serial)
        else:
            self._loaded = False
            self._known = set()
            self.page.load(PAGE_URL)

    def _on_stored(self, article_id: int, html: str) -> None:
        if article_id == self._article_id:
            self.handler.page_html = html

    def _on_patch(self, article_id: int, patch: Patch, serial: int) -> None:
        if serial < self._shown_serial or article_id != self._article_id:
            return
        self._shown_serial = serial
        if not self._loaded:
            self._queued_patch = (patch, serial)
            return
        self._patch(patch, serial)

    def _patch(self, patch: Patch, serial: int) -> None:
        if self._closed:
            return
        if self._in_flight:
            # One update at a time: while the page applies one, newer ones replace each
            # other here, so fast typing costs one call per page update, not per key.
            self._next_patch = (patch, serial)
            return
        self._in_flight = True
        message = patch.message(self._known)
        self._known = set(patch.keys)
        self.page.runJavaScript(f"deskApply({message})", 0,
                                lambda _ok, s=serial: self._patched(s))

    def _patched(self, serial: int) -> None:
        self._in_flight = False
        self.updated.emit(serial)
        if self._next_patch is not None:
            patch, later = self._next_patch
            self._next_patch = None
            self._patch(patch, later)

    def _on_loaded(self, ok: bool) -> None:
        self._loaded = ok
        self._apply_width()  # a load may reset the page's zoom
        if ok and self._queued_patch is not None:
            patch, serial = self._queued_patch
            self._queued_patch = None
            self._patch(patch, serial)
        self.loaded.emit(ok)
        self.updated.emit(self._shown_serial)

    @property
    def current_html(self) -> str:
        """The full page HTML last loaded or refreshed from the stored article."""
        return self.handler.page_html

    # --- scrolling and widths --------------------------------------------------------
    def scroll_to_line(self, line: int) -> None:
        if self._loaded and not self._closed:
            # Our own scrolling must not come back as the reader's (see _on_scrolled).
            self._own_scroll_until = time.monotonic() + OWN_SCROLL_S
            self.page.runJavaScript(f"deskScrollToLine({int(line)})", 0)

    def _on_scrolled(self, _position) -> None:
        if self._closed or not self._loaded or time.monotonic() < self._own_scroll_until:
            return
        self.page.runJavaScript("deskTopLine()", 0, self._report_line)

    def _report_line(self, line) -> None:
        if isinstance(line, (int, float)) and line >= 0:
            self.scrolled_to_line.emit(int(line))

    @property
    def viewport_width(self) -> int:
        """The CSS width the page is laid out at: a desktop's or a phone's."""
        return PHONE_WIDTH if self.phone_button.isChecked() else DESKTOP_WIDTH

    def _mode_chosen(self) -> None:
        QSettings().setValue(MODE_KEY, "phone" if self.phone_button.isChecked() else "desktop")
        self._apply_width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_width()

    def _apply_width(self) -> None:
        """Lay the page out at the chosen viewport and scale it to the pane: a phone's
        390 pixels at their real size when they fit, a desktop's 1280 scaled down."""
        room = max(1, self.width())
        target = self.viewport_width
        # Never a minimum width: the dock must stay free to narrow.
        self.view.setMinimumWidth(0)
        phone = self.phone_button.isChecked()
        self.view.setMaximumWidth(PHONE_WIDTH if phone else 16777215)
        for index in (0, 2):
            self._frame.setStretch(index, 1 if phone else 0)
        self._frame.setStretch(1, 1000 if phone else 1)
        zoom = max(MIN_ZOOM, min(1.0, min(room, target) / target))
        if abs(self.view.zoomFactor() - zoom) > 1e-3:
            self.view.setZoomFactor(zoom)
        self.state_label.setText(translate("PreviewPane", "{width} px").format(width=target) if zoom == 1.0
                                 else translate("PreviewPane", "{width} px at {percent} %").format(
                                     width=target, percent=round(zoom * 100)))

    def shutdown(self) -> None:
        if self._closed:
            return  # a window can be closed twice
        self._closed = True
        if self.worker is not None:
            self.worker.page_ready.disconnect(self._on_page)
            self.worker.patch_ready.disconnect(self._on_patch)
            self.worker.stored_ready.disconnect(self._on_stored)
            self._thread.quit()
            self._thread.wait(5000)
        # Deferred deletes run in the order they were asked for: page, then profile.
        self.view.setPage(None)
        self.page.deleteLater()
        self.profile.deleteLater()
