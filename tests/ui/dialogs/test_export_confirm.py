"""File › Export Site… asks before it puts articles on the site for the first time, naming
them (issue 14: going to published is an explicit act with a confirmation that names what
happens); Cancel is the default and writes nothing; with nothing new there is no question."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from desk.core.articles import editing as articles, release
from desk.core.export import export_site
from desk.core.store.models import Article
from desk.ui.dialogs.export_site import ExportDialog

from tests.core.export_helpers import demo_db, demo_template, manifest_path  # noqa: F401

WHEN = dt.datetime(2024, 5, 6, 8, tzinfo=dt.timezone.utc)


def publish_new(db, headline: str) -> int:
    with db.write() as s:
        article = articles.create(s, headline, body="The council met.", byline="Marie Lambert",
                                  category="World", published_at=WHEN)
        s.flush()
        article_id = article.id
    with db.write() as s:
        release.grant(s, "test: no hero photo", by="test")
        articles.update(s, articles.get(s, article_id), status="published")
    return article_id


def slug_of(db, article_id: int) -> str:
    with db.read() as s:
        return s.scalar(select(Article.slug).where(Article.id == article_id))


def open_dialog(qtbot, db, out) -> ExportDialog:
    dialog = ExportDialog(db, folder=out)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click_export_until_asked(qtbot, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm_box.isVisible(), timeout=30000)
    assert not dialog.running


def test_a_newly_published_article_is_named_and_cancel_exports_nothing(qtbot, demo_db, tmp_path):  # noqa: F811
    out = tmp_path / "site"
    export_site(demo_db, out)
    before = manifest_path(out).read_bytes()
    new_id = publish_new(demo_db, "Council votes the budget")
    dialog = open_dialog(qtbot, demo_db, out)
    click_export_until_asked(qtbot, dialog)
    text = dialog.confirm_text.text()
    assert "1 article goes on the site for the first time: “Council votes the budget”" in text
    assert "home page" in dialog.confirm_more.text()
    # Cancel is the default: Return does not publish.
    assert dialog.confirm_cancel.isDefault() and not dialog.confirm_button.isDefault()
    assert not dialog.export_button.isEnabled()
    qtbot.keyClick(dialog.confirm_cancel, Qt.Key.Key_Return)
    assert not dialog.confirm_box.isVisible()
    assert "Nothing exported" in dialog.result.text() and dialog.summary is None
    assert manifest_path(out).read_bytes() == before
    assert not list(out.glob(f"*/*/*/{slug_of(demo_db, new_id)}"))
    assert dialog.export_button.isEnabled()


def test_confirming_exports_the_named_article(qtbot, demo_db, tmp_path):  # noqa: F811
    out = tmp_path / "site"
    export_site(demo_db, out)
    new_id = publish_new(demo_db, "Bridge reopens")
    dialog = open_dialog(qtbot, demo_db, out)
    click_export_until_asked(qtbot, dialog)
    assert "“Bridge reopens”" in dialog.confirm_text.text()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=60000)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert list(out.glob(f"*/*/*/{slug_of(demo_db, new_id)}/index.html"))
    assert not dialog.confirm_box.isVisible()


def test_nothing_new_exports_without_a_question(qtbot, demo_db, tmp_path):  # noqa: F811
    out = tmp_path / "site"
    export_site(demo_db, out)
    with demo_db.read() as s:  # an edit of an article already on the site: no question
        edited = s.scalar(select(Article.id).where(Article.status == "published").order_by(Article.id))
    with demo_db.write() as s:
        articles.update(s, articles.get(s, edited), standfirst="Changed standfirst.")
    dialog = open_dialog(qtbot, demo_db, out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary is not None and not dialog.running, timeout=60000)
    assert not dialog.confirm_box.isVisible()
    assert dialog.summary is not None and dialog.summary.written


def test_a_first_export_names_what_goes_out_and_lists_them_all(qtbot, demo_db, tmp_path):  # noqa: F811
    out = tmp_path / "site"
    dialog = open_dialog(qtbot, demo_db, out)
    click_export_until_asked(qtbot, dialog)
    with demo_db.read() as s:
        count = len(s.scalars(select(Article.id).where(Article.status == "published",
                                                       Article.deleted_at.is_(None))).all())
    assert f"{count} articles go on the site for the first time" in dialog.confirm_text.text()
    qtbot.mouseClick(dialog.confirm_cancel, Qt.MouseButton.LeftButton)
    assert not (out / "index.html").exists() and not manifest_path(out).exists()


def test_file_export_site_in_the_window_asks_before_publishing(qtbot, services, db, tmp_path):
    """The whole path: File › Export Site… from the window, its modal dialog, the question."""
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desk.core.site import settings as site_settings
    from desk.ui.dialogs.export_site import FOLDER_KEY

    from tests.ui.window.test_writing_desk import open_window

    with db.write() as s:
        site_settings.save(s, base_url="https://example.org")
    new_id = publish_new(db, "Floods hit the valley")
    out = tmp_path / "site"
    QSettings().setValue(FOLDER_KEY, str(out))
    win = open_window(qtbot, services)
    seen: dict[str, str] = {}

    def drive(confirm: bool) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(20, lambda: drive(confirm))
            return
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.confirm_box.isVisible(), timeout=30000)
        seen["text"] = dialog.confirm_text.text()
        qtbot.mouseClick(dialog.confirm_button if confirm else dialog.confirm_cancel,
                         Qt.MouseButton.LeftButton)
        if confirm:
            qtbot.waitUntil(lambda: dialog.summary is not None and not dialog.running, timeout=60000)
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, lambda: drive(False))
    win.export_site_action.trigger()
    assert seen["text"] == "1 article goes on the site for the first time: “Floods hit the valley”."
    assert not (out / "index.html").exists() and not manifest_path(out).exists()

    seen.clear()
    QTimer.singleShot(0, lambda: drive(True))
    win.export_site_action.trigger()
    assert "“Floods hit the valley”" in seen["text"]
    assert list(out.glob(f"*/*/*/{slug_of(db, new_id)}/index.html"))
