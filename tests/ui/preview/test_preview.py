"""The live preview: it follows the typing, it is the page `desk render` writes, and it
loads nothing from the network."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desk.cli.run import main
from desk.core.articles import editing as articles
from tests.postgres import cli_db


def js(qtbot, pane, script: str):
    """Run JavaScript in the preview and return its result."""
    box = {}
    pane.page.runJavaScript(script, 0, lambda value: box.setdefault("value", value))
    with qtbot.waitCallback(timeout=10000) as callback:
        # waitCallback, not waitUntil: these calls are made inside waitUntil conditions.
        pane.page.runJavaScript("0", 0, callback)
    return box.get("value")


def open_window(qtbot, services, article_id):
    from desk.ui.window.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.preview.loaded, timeout=30000):
        win.show()
        win.load_initial()
        win.open_article(article_id)
    return win


def make(db, **fields):
    with db.write() as s:
        return articles.create(s, category="World", byline="Kim Lee", **fields).id


def test_typing_changes_the_page(qtbot, services, db):
    article_id = make(db, headline="Quiet day", body="First paragraph.")
    win = open_window(qtbot, services, article_id)
    qtbot.waitUntil(lambda: js(qtbot, win.preview, "document.querySelector('h1').textContent") == "Quiet day")
    win.editor.body.setFocus()
    win.editor.body.moveCursor(win.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClick(win.editor.body, Qt.Key.Key_Return)
    qtbot.keyClick(win.editor.body, Qt.Key.Key_Return)
    qtbot.keyClicks(win.editor.body, 'The "minister" arrived -- late...')
    expected = "The \u201cminister\u201d arrived \u2013 late\u2026"
    qtbot.waitUntil(lambda: expected in js(qtbot, win.preview, "document.querySelector('.article-body').innerText"),
                    timeout=10000)
    win.editor.headline.end(False)
    qtbot.keyClicks(win.editor.headline, " ends")
    qtbot.waitUntil(lambda: js(qtbot, win.preview, "document.querySelector('h1').textContent") == "Quiet day ends",
                    timeout=10000)


def test_preview_is_byte_for_byte_desk_render(qtbot, services, db, db_path, capsys):
    article_id = make(db, headline="Same bytes", body="Alpha.", source_name="lindependant.fr",
                      source_url="https://www.lindependant.fr/")
    win = open_window(qtbot, services, article_id)
    qtbot.keyClicks(win.editor.body, " Beta.")
    qtbot.waitUntil(lambda: "Beta." in win.preview.current_html, timeout=10000)
    with db.read() as s:
        slug = articles.get(s, article_id).slug
    assert main(["render", slug, *cli_db(db_path)]) == 0
    assert capsys.readouterr().out == win.preview.current_html


def test_remote_images_are_blocked_and_active_content_never_runs(qtbot, services, db):
    body = ('![a remote photo](https://example.org/photo.jpg)\n\n'
            '<script>document.title = "pwned"</script>\n\n'
            '<img src="x" onerror="document.title = \'pwned\'">\n\n[click](javascript:alert(1))')
    article_id = make(db, headline="Hostile body", body=body)
    win = open_window(qtbot, services, article_id)
    qtbot.waitUntil(lambda: js(qtbot, win.preview, "document.querySelectorAll('.desk-blocked-image').length") == 1)
    assert js(qtbot, win.preview, "document.querySelectorAll('.article-body script').length") == 0
    assert js(qtbot, win.preview, "document.querySelectorAll('[onerror]').length") == 0
    assert js(qtbot, win.preview, "document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
    assert js(qtbot, win.preview, "document.title") != "pwned"
    with db.read() as s:
        assert articles.get(s, article_id).body == body  # the editor's text is untouched


def test_desktop_is_a_desktop_page_scaled_to_the_dock_and_phone_a_phone_page(qtbot, services, db):
    """The Desktop preview was as wide as its dock (250-375 px: narrower than Phone)."""
    article_id = make(db, headline="Small screen", body="Text.")
    win = open_window(qtbot, services, article_id)
    pane = win.preview
    win.resize(1366, 768)  # a laptop's screen (the test screen is smaller)
    qtbot.waitUntil(lambda: win.width() == 1366)
    win.resizeDocks([win.preview_dock], [540], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: js(qtbot, pane, "window.innerWidth") == 1280, timeout=10000)
    assert pane.width() < 1280
    assert abs(pane.view.zoomFactor() - pane.view.width() / 1280) < 0.01
    assert "1280 px" in pane.state_label.text()

    qtbot.mouseClick(pane.phone_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: js(qtbot, pane, "window.innerWidth") == 390, timeout=10000)
    if pane.width() >= 390:  # a phone page at its real size when it fits
        assert pane.view.width() == 390 and pane.view.zoomFactor() == 1.0

    # A dock narrower than a phone: the phone page is scaled, still laid out at 390 px.
    win.resizeDocks([win.preview_dock], [320], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: pane.width() < 390)
    qtbot.waitUntil(lambda: abs(pane.view.zoomFactor() - pane.width() / 390) < 0.01)
    assert js(qtbot, pane, "window.innerWidth") == 390

    qtbot.mouseClick(pane.desktop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: js(qtbot, pane, "window.innerWidth") == 1280, timeout=10000)


def test_the_preview_width_is_remembered(qtbot, db):
    from desk.ui.preview.view import PreviewPane

    pane = PreviewPane(db)
    qtbot.addWidget(pane)
    pane.phone_button.click()
    pane.shutdown()
    again = PreviewPane(db)
    qtbot.addWidget(again)
    assert again.phone_button.isChecked() and again.viewport_width == 390
    again.shutdown()


def test_scroll_follows_the_editor(qtbot, services, db):
    body = "\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(80))
    article_id = make(db, headline="Long read", body=body)
    win = open_window(qtbot, services, article_id)
    win.resize(1400, 800)
    bar = win.editor.body.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    qtbot.waitUntil(lambda: js(qtbot, win.preview, "window.scrollY") > 500, timeout=10000)


def test_the_editor_follows_the_preview(qtbot, services, db):
    body = "\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(80))
    article_id = make(db, headline="Long read", body=body)
    win = open_window(qtbot, services, article_id)
    win.resize(1400, 800)
    bar = win.editor.body.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert bar.value() == 0
    js(qtbot, win.preview, "window.scrollTo(0, document.body.scrollHeight / 2)")
    qtbot.waitUntil(lambda: bar.value() > bar.maximum() // 4, timeout=10000)
    first = win.editor.body.firstVisibleBlock().blockNumber()
    top = js(qtbot, win.preview, "deskTopLine()")
    assert abs(first - top) <= 2  # the same paragraph at the top of both


def test_checklist_panel_lists_and_goes_to_fields(qtbot, services, db):
    with db.write() as s:
        article_id = articles.create(s, headline="No byline here", category="World").id
    win = open_window(qtbot, services, article_id)
    win.checklist_dock.raise_()
    qtbot.waitUntil(lambda: any(i.code == "byline-missing" for i in win.checklist.items), timeout=5000)
    row = next(i for i, item in enumerate(win.checklist.items) if item.code == "byline-missing")
    win.checklist.list.setCurrentRow(row)
    win.checklist.list.itemActivated.emit(win.checklist.list.item(row))
    qtbot.waitUntil(lambda: win.inspector.byline.hasFocus() or win.focusWidget() is win.inspector.byline)
    qtbot.keyClicks(win.inspector.byline, "Ann Lee")
    qtbot.waitUntil(lambda: not any(i.code == "byline-missing" for i in win.checklist.items), timeout=5000)
