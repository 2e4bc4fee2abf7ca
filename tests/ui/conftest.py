"""Qt fixtures. QtWebEngineWidgets is imported here, before pytest-qt creates the
QApplication, as QtWebEngine requires."""

from __future__ import annotations

import os

if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")

from PySide6 import QtWebEngineWidgets  # noqa: E402,F401
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

from desk.ui.preview.view import register_scheme  # noqa: E402

register_scheme()

import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def english_interface(qapp):
    """The window speaks English in the tests (as Desk does on an English system),
    whatever the machine's locale; tests of the French interface install it themselves."""
    from desk.ui.i18n import translation as i18n

    i18n.install("en")
    yield
    i18n.uninstall()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    """Each test gets its own QSettings store, never the editor's real one."""
    QCoreApplication.setOrganizationName("DeskTest")
    QCoreApplication.setApplicationName("DeskTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield
    QSettings().clear()


@pytest.fixture
def services(db):
    from desk.ui.window.services import Services

    svc = Services.create(db)
    yield svc
    svc.pool.waitForDone(10000)


@pytest.fixture
def window(qtbot, services):
    from desk.ui.window.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.load_initial()
    yield win
    win.close()


@pytest.fixture(scope="session", autouse=True)
def drain_deferred_deletes(qapp):
    """Let closed windows delete their web pages before the application goes away."""
    yield
    from PySide6.QtCore import QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
