"""The preview's private ``desk:`` URL scheme. It must be registered before the
QApplication exists, so this module is small: it is imported before the window's
first screen, ahead of everything the preview itself needs."""

from __future__ import annotations

from PySide6.QtWebEngineCore import QWebEngineUrlScheme

SCHEME = b"desk"


def register_scheme() -> None:
    """Must run before the QApplication exists."""
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.LocalScheme
                    | QWebEngineUrlScheme.Flag.LocalAccessAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)
