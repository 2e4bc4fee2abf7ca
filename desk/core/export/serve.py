"""A small web server on 127.0.0.1 for an exported site: "Open in Browser" shows the site
as a web server would (folder URLs served by their index.html, the right types), which
a file:// URL cannot.

Only this machine can reach it (127.0.0.1, a port the system picks); it serves the
export folder read-only and nothing of Desk's own (the manifest, the staging folder,
any name starting with a dot). shared() keeps one per folder for as long as Desk runs,
so the browser tab keeps working after the export dialog closes.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TYPES = {".xml": "application/xml", ".webp": "image/webp", ".ico": "image/x-icon",
          ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **_TYPES}

    def send_head(self):  # type: ignore[override]
        parts = [p for p in unquote(urlsplit(self.path).path).split("/") if p]
        if any(p.startswith(".") for p in parts):
            self.send_error(404)
            return None
        return super().send_head()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the window has no console; a request log would go nowhere useful


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - the base class's
        # A browser that stops a download (a new page clicked, a tab closed) is no error.
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SiteServer:
    """Serves ``folder`` at http://127.0.0.1:<port>/ until close()."""

    def __init__(self, folder: str | Path, handler: type[http.server.BaseHTTPRequestHandler] = _Handler):
        self.folder = Path(folder)
        self._server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(self.folder)))
        self._thread = threading.Thread(target=self._server.serve_forever, name="desk-site-server",
                                        daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_shared: dict[Path, SiteServer] = {}
_shared_lock = threading.Lock()


def shared(folder: str | Path) -> SiteServer:
    """The server of ``folder`` until Desk exits (its threads are daemons) or
    close_shared(): one per folder however often the site is opened."""
    key = Path(folder).absolute()
    with _shared_lock:
        server = _shared.get(key)
        if server is None:
            server = _shared[key] = SiteServer(key)
        return server


def close_shared() -> None:
    with _shared_lock:
        servers = list(_shared.values())
        _shared.clear()
    for server in servers:
        server.close()
