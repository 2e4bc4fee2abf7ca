"""File › Export Site…, Export Article as HTML and as PDF, against a demo database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from sqlalchemy import select

from desk.core.export import serve
from desk.core.store.models import Article
from desk.ui.dialogs.export_site import ExportDialog
from desk.ui.dialogs.single_export import export_article_html, export_article_pdf

from tests.core.export_helpers import broken_links, demo_db, demo_template, links_of  # noqa: F401


def first_published(db) -> int:
    with db.read() as session:
        return session.scalar(select(Article.id).where(Article.status == "published").order_by(Article.id))


def confirm_first_publication(qtbot, dialog: ExportDialog) -> None:
    """A first export puts every published article on the site: the dialog asks first
    (tests/ui/dialogs/test_export_confirm.py tests the question itself)."""
    dialog.show()
    qtbot.waitUntil(lambda: dialog.confirm_box.isVisible(), timeout=30000)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)


def test_export_in_the_background_with_a_summary_and_open_in_browser(qtbot, demo_db, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    out = tmp_path / "site"
    dialog = ExportDialog(demo_db, folder=out)
    qtbot.addWidget(dialog)
    dialog.show()
    seen = []
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    confirm_first_publication(qtbot, dialog)
    assert dialog.running and dialog.cancel_button.isEnabled() and not dialog.export_button.isEnabled()
    dialog._worker.progress.connect(lambda item, done, total: seen.append((item, done, total)))
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.summary is not None and dialog.summary.written
    assert "written" in dialog.result.text() and "unchanged" in dialog.result.text()
    assert dialog.bar.value() == dialog.bar.maximum()
    assert (out / "index.html").is_file() and broken_links(out) == []
    assert dialog.open_button.isEnabled() and dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    # A web server on this machine, not file://: the site works as it will online.
    assert opened and opened[0].scheme() == "http" and opened[0].host() == "127.0.0.1"
    home = _get(opened[0].toString())
    assert '<link rel="stylesheet" href="./static/site.css">' in home
    for link in links_of(home, "index.html"):
        if link.startswith("/"):  # every link of the home page reaches a file
            assert _get(opened[0].toString().rstrip("/") + link, text=False), link
    assert _status(opened[0].toString() + ".desk-export.json") == 404  # Desk's own files stay private
    # Again: incremental by default, nothing to write.
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.summary.written == [] and dialog.result.text().startswith("0 written")


def _get(url: str, text: bool = True):
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        data = response.read()
    return data.decode("utf-8") if text else data


def _status(url: str) -> int:
    import urllib.error

    try:
        _get(url)
    except urllib.error.HTTPError as exc:
        return exc.code
    return 200


@pytest.fixture(autouse=True)
def _no_server_left():
    """The servers Open in Browser starts live as long as Desk: end them with each test."""
    yield
    serve.close_shared()


def test_the_browser_tab_keeps_working_after_the_dialog_closes(qtbot, demo_db, tmp_path, monkeypatch):
    import urllib.error

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    dialog = ExportDialog(demo_db, folder=tmp_path / "site")
    qtbot.addWidget(dialog)
    dialog.start()
    confirm_first_publication(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert len({u.toString() for u in opened}) == 1  # one server for the folder
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    # The editor reads on in the browser: the next click still reaches the site.
    assert "<html" in _get(opened[0].toString() + "category/world/")
    # A new dialog on the same folder opens the same server.
    again = ExportDialog(demo_db, folder=tmp_path / "site")
    qtbot.addWidget(again)
    again.start()
    qtbot.waitUntil(lambda: not again.running, timeout=60000)
    qtbot.mouseClick(again.open_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == opened[0]
    serve.close_shared()  # what Desk's exit does to its daemon threads
    try:
        _get(opened[0].toString())
        raise AssertionError("the server still answers after it was closed")
    except (urllib.error.URLError, ConnectionError):
        pass


def test_cancel_leaves_the_folder_as_it_was(qtbot, demo_db, tmp_path):
    out = tmp_path / "site"
    dialog = ExportDialog(demo_db, folder=out)
    qtbot.addWidget(dialog)
    dialog.full.setChecked(True)
    dialog.start()
    confirm_first_publication(qtbot, dialog)
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert "cancelled" in dialog.result.text()
    assert not (out / "index.html").exists() and dialog.summary is None


def test_a_folder_with_other_files_is_refused_with_the_reason(qtbot, demo_db, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    dialog = ExportDialog(demo_db, folder=out)
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert "not empty" in dialog.result.text() and not dialog.open_button.isEnabled()
    dialog.force.setChecked(True)
    dialog.start()
    confirm_first_publication(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.summary is not None and (out / "notes.txt").read_text() == "mine"


def test_closing_while_exporting_cancels(qtbot, demo_db, tmp_path):
    out = tmp_path / "site"
    dialog = ExportDialog(demo_db, folder=out)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    dialog.reject()
    assert not dialog.running


def test_article_as_one_self_contained_html_file(demo_db, tmp_path):
    path = export_article_html(demo_db, first_published(demo_db), tmp_path / "article.html")
    html = path.read_text(encoding="utf-8")
    assert "<style>" in html and 'rel="stylesheet"' not in html
    assert 'src="data:image/jpeg;base64,' in html
    assert 'src="/media/' not in html and "srcset=" not in html
    assert 'href="/' not in html  # site links point at the website


def test_article_as_pdf(qtbot, demo_db, tmp_path):
    target = tmp_path / "article.pdf"
    job = export_article_pdf(demo_db, first_published(demo_db), target)
    with qtbot.waitSignal(job.finished, timeout=60000) as blocker:
        pass
    path, ok, message = blocker.args
    assert ok, message
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10000
