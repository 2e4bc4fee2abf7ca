"""The article's language chosen in the inspector: saved, and the preview shows the page
in it (<html lang="fr">, French labels, dates and typography)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desk.core.articles import editing as articles

from tests.ui.preview.test_preview import js, open_window

LANG = "document.documentElement ? document.documentElement.lang : ''"


def test_choosing_french_in_the_inspector_shows_the_page_in_french(qtbot, services, db):
    with db.write() as s:
        article_id = articles.create(
            s, "Réforme : le gouvernement recule", category="Politique", byline="Marie Dupont",
            body='Le ministre a dit "nous irons" ; vraiment? `a ; b`',
            source_name="lindependant.fr", source_url="https://www.lindependant.fr/").id
    win = open_window(qtbot, services, article_id)
    pane = win.preview
    qtbot.waitUntil(lambda: js(qtbot, pane, LANG) == "en", timeout=15000)
    combo = win.inspector.language
    assert combo.currentData() is None and combo.currentText() == "Site default (English)"
    win.inspector_dock.show()
    combo.setFocus()
    while combo.currentData() != "fr":
        qtbot.keyClick(combo, Qt.Key.Key_Down)

    qtbot.waitUntil(lambda: js(qtbot, pane, LANG) == "fr", timeout=20000)
    text = js(qtbot, pane, "document.body.innerText")
    assert "Accueil" in text and "Home" not in text
    assert "Mis à jour le" in text and "min de lecture" in text
    assert "Cet article a été publié initialement sur" in text
    body = js(qtbot, pane, "document.querySelector('.article-body').textContent")
    assert "\u00ab\u00a0nous irons\u00a0\u00bb\u202f; vraiment\u202f?" in body
    assert js(qtbot, pane, "document.querySelector('.article-body code').textContent") == "a ; b"
    assert js(qtbot, pane, "document.querySelector('meta[property=\"og:locale\"]').content") == "fr_FR"
    with db.read() as s:
        assert articles.get(s, article_id).language == "fr"
    # Reopened, the inspector shows the stored choice.
    win.open_article(article_id)
    assert combo.currentData() == "fr"
