"""The interface in English and French (issue 16, item 3).

Four nets, so that a text added later cannot stay English in the French window:
- the catalogues are in step with the sources: lupdate run here on desk/ finds no text
  missing from resources/translations/*.ts, none unfinished, none gone; the .qm files
  are what lrelease makes of the .ts;
- the sources: no literal handed to a visible setter (setText, setToolTip, QLabel(...),
  ...) in desk/ui without translate(); translate() calls lupdate can read;
- the translations: placeholders kept, plural forms filled, French typography;
- the window: opened in French with its main dialogs, every visible text of every widget
  is walked and none is English.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from desk.core.articles import categories, editing as articles
from desk.core.site import settings as site_settings
from desk.core.articles.statuses import STATUSES
from desk.ui.i18n import core_labels, locale_format, translation as i18n

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = ROOT / "resources" / "translations"
NBSP, NNBSP = "\u00a0", "\u202f"


def _tool():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "tools" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            found[(context.findtext("name"), message.findtext("source"))] = message
    return found


def translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


# --- the catalogues and the sources ------------------------------------------------------

@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalogue_in_step_with_the_sources(tmp_path, language):
    """lupdate on today's sources changes nothing: every text has its entry, translated."""
    tool = _tool()
    committed = TRANSLATIONS / f"desk_{language}.ts"
    fresh = tmp_path / committed.name
    shutil.copy(committed, fresh)
    tool.lupdate(fresh, language)
    before, after = messages(committed), messages(fresh)
    new = sorted(set(after) - set(before))
    gone = sorted(set(before) - set(after))
    assert not new, f"texts missing from {committed.name}; run tools/update_translations.py " \
                    f"and translate them: {new}"
    assert not gone, f"texts no longer in the sources, still in {committed.name}: {gone}"
    unfinished = [key for key, m in after.items()
                  if m.find("translation").get("type") == "unfinished" or not all(translations(m))]
    assert not unfinished, f"untranslated in {committed.name}: {unfinished}"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_compiled_translations_match_their_sources(tmp_path, language):
    ts = TRANSLATIONS / f"desk_{language}.ts"
    qm = tmp_path / f"desk_{language}.qm"
    _tool().lrelease(ts, qm)
    assert qm.read_bytes() == ts.with_suffix(".qm").read_bytes(), \
        f"{ts.with_suffix('.qm').name} is older than {ts.name}: run tools/update_translations.py"


VISIBLE_ALL_ARGS = {"setText", "setPlaceholderText", "setAccessibleName", "setToolTip", "setWindowTitle",
                    "setStatusTip", "QPushButton", "QCheckBox", "QRadioButton", "QLabel", "QGroupBox",
                    "setInformativeText", "setSpecialValueText", "setSuffix", "setPrefix", "setTitle",
                    "QMenu", "addMenu", "setHeaderLabels", "setHorizontalHeaderLabels", "setDetailedText",
                    "setAccessibleDescription", "addItems", "QToolButton", "setTabText", "showMessage",
                    "setWhatsThis"}
VISIBLE_FIRST_ARG = {"QAction", "addRow", "addItem", "addButton", "addAction", "QListWidgetItem",
                     "QStandardItem", "QTreeWidgetItem", "QDockWidget", "setItemText", "_label", "_action",
                     "_dock"}
VISIBLE_TITLE_TEXT = {"question", "warning", "critical", "information", "getText", "getItem"}


def _wordy(node: ast.AST) -> bool:
    """A literal (or f-string) with words in it, not a key sequence or an identifier."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return False
    text = re.sub(r"<[^>]*>|\{[^{}]*\}|https?://\S*", "", text)  # markup, placeholders, addresses
    return bool(re.search(r"[A-Za-z]{2,}", text)) and not re.fullmatch(
        r"\s*((Ctrl|Alt|Shift|Meta)\+\S*|[a-z_/.0-9]+|Desk)\s*", text)


def _shown_values(arg: ast.expr) -> list[ast.expr]:
    """The expressions a setter's argument may show: each item of a list, both sides of
    ``a if c else "text"`` and of ``x or "text"``."""
    if isinstance(arg, (ast.List, ast.Tuple)):
        return [v for item in arg.elts for v in _shown_values(item)]
    if isinstance(arg, ast.IfExp):
        return _shown_values(arg.body) + _shown_values(arg.orelse)
    if isinstance(arg, ast.BoolOp):
        return [v for item in arg.values for v in _shown_values(item)]
    return [arg]


def untranslated_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name in VISIBLE_ALL_ARGS:
            args = list(node.args)
        elif name in VISIBLE_FIRST_ARG:
            args = node.args[:1]
        elif name in VISIBLE_TITLE_TEXT:
            args = node.args[1:3]
        else:
            args = []
        # Qt's keyword properties: QToolButton(text="..."), QAction(toolTip="...").
        args += [k.value for k in node.keywords if k.arg in {"text", "title", "toolTip", "placeholderText",
                                                           "windowTitle", "statusTip"}]
        for arg in args:
            for item in _shown_values(arg):
                if _wordy(item):
                    found.append(f"{path.relative_to(ROOT)}:{item.lineno}: {ast.unparse(item)[:70]}")
    return found


def test_no_visible_literal_outside_translate():
    """A text typed straight into a setter shows English in every language."""
    found = [hit for path in sorted((ROOT / "desk" / "ui").rglob("*.py")) for hit in untranslated_literals(path)]
    assert not found, "wrap these in translate(\"Context\", ...):\n" + "\n".join(found)


def test_translate_calls_are_readable_by_lupdate():
    """lupdate reads translate("Context", "text"[, "disambiguation", count]) only with
    literal strings and a plain name (or number) as the count: anything else is left out
    of the catalogue, silently. An f-string would be looked up after formatting."""
    bad = []
    for path in sorted((ROOT / "desk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "translate"):
                continue
            args = node.args
            literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args[:3]]
            # A non-literal text is a lookup of a QT_TRANSLATE_NOOP-marked constant: allowed,
            # but never an f-string.
            fstring = any(isinstance(a, ast.JoinedStr) for a in args)
            count_ok = len(args) < 4 or isinstance(args[3], (ast.Name, ast.Constant))
            if fstring or not literal[0] or node.keywords or (len(args) >= 3 and not literal[2]) \
                    or not count_ok:
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:90]}")
    assert not bad, "\n".join(bad)


def test_core_words_the_window_shows_are_listed():
    """Statuses and site settings come from the core in English; the window's list of
    them (ui/i18n/core_labels.py) has every one, so each has a translation."""
    assert set(core_labels.STATUS_LABELS) == set(STATUSES)
    listed = set(core_labels.SETTING_TEXTS)
    for setting in site_settings.SETTINGS.values():
        assert setting.label in listed, setting.name
        assert not setting.help or setting.help in listed, setting.name
    assert set(core_labels.LANGUAGE_NAMES) == set(site_settings.LANGUAGES)


# --- the translations themselves -------------------------------------------------------

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%L?n")


def test_translations_keep_placeholders_and_plurals():
    for language in ("fr", "en"):
        for (context, source), message in messages(TRANSLATIONS / f"desk_{language}.ts").items():
            wanted = sorted(set(PLACEHOLDER.findall(source)))
            for text in translations(message):
                assert sorted(set(PLACEHOLDER.findall(text))) == wanted, (language, context, source, text)
            if "%n" in source or "%Ln" in source:
                assert message.get("numerus") == "yes" and len(translations(message)) == 2, source


def test_french_typography():
    """Typographic apostrophes, a no-break space before : and a narrow one before ; ! ?
    and inside « »."""
    for (context, source), message in messages(TRANSLATIONS / "desk_fr.ts").items():
        for text in translations(message):
            plain = re.sub(r"<[^>]*>|\{[^{}]*\}|https?://\S+|\*\.\w+|\(\*\)|;;", "", text)
            assert "'" not in plain, (context, text)
            assert not re.search(r"[^\s\u00a0\u202f][:;!?](\s|$)", plain.replace("«\u202f;\u202f»", "")), \
                (context, text)
            assert not re.search(r" [:;!?]", plain), (context, text)
            assert not re.search(r"«[^\u202f]|[^\u202f]»", plain), (context, text)
            if source.strip() == "":
                continue
            assert text.strip(), (context, source)


def test_plural_forms_in_both_languages(qapp):
    try:
        i18n.install("fr")
        say = lambda n: i18n.translate("MainWindow", "%Ln article(s)", "", n)  # noqa: E731
        assert [say(0), say(1), say(3)] == ["0 article", "1 article", "3 articles"]
        assert say(12345) == "12\u202f345 articles"
        i18n.install("en")
        assert [say(0), say(1), say(3), say(12345)] == ["0 articles", "1 article", "3 articles",
                                                        "12,345 articles"]
    finally:
        i18n.install("en")


def test_dates_and_numbers_follow_the_locale(qapp):
    moment = dt.datetime(2024, 4, 15, 14, 5, 9, tzinfo=dt.timezone.utc)
    try:
        i18n.install("fr")
        assert locale_format.day_month(moment) == "15 avr."
        assert locale_format.time(moment) == "14:05"
        assert locale_format.date(moment) == "15/04/2024"
        assert locale_format.long_date_time(moment) == "15 avril 2024, 14:05 UTC"
        assert locale_format.number(1234.5, 1) == "1\u202f234,5"
        i18n.install("en")
        assert locale_format.day_month(moment) == "15 Apr"
        assert locale_format.long_date_time(moment) == "15 April 2024, 14:05 UTC"
        assert locale_format.clock(moment) == "14:05:09 UTC"
        assert locale_format.number(1234.5, 1) == "1,234.5"
    finally:
        i18n.install("en")


def test_interface_language_kept_on_this_computer(qtbot, db):
    from desk.ui.dialogs.preferences import PreferencesDialog

    assert i18n.saved_language() == i18n.SYSTEM  # the default: the system's language
    dialog = PreferencesDialog(db)
    qtbot.addWidget(dialog)
    combo = dialog.interface_language
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "en", "fr"]
    assert combo.itemText(2) == "Français"
    combo.setCurrentIndex(combo.findData("fr"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert i18n.saved_language() == "fr"
    assert i18n.resolve(i18n.saved_language()) == "fr"
    with db.read() as session:  # the site's language is not the interface's
        assert site_settings.load(session).language == "en"


# --- the window in French --------------------------------------------------------------

# Names and codes that are the same in French; any other English word in the French window
# is a text left out of the translation.
ALLOWED = {"desk", "wordpress", "markdown", "url", "html", "pdf", "iana", "bcp", "iso", "utc",
           "python", "qt", "pyside6", "https", "www", "jpg", "png", "md", "sqlite", "db",
           "alt", "ctrl"}  # key names on French keyboards too
# Common English words that no French text uses: they catch a text the catalogue never saw.
ENGLISH = {"the", "of", "and", "to", "is", "with", "for", "not", "this", "that", "from", "your",
           "you", "are", "be", "it", "its", "at", "by", "or", "all", "new", "none", "yes", "no",
           "select", "choose", "open", "save", "saved", "edit", "file", "view", "help", "search",
           "filter", "add", "remove", "delete", "move", "show", "set", "name", "title", "date",
           "words", "word", "characters", "read", "min", "articles", "photos", "status", "category",
           "headline", "body", "caption", "credit", "library", "import", "export", "publish",
           "cancel", "close", "preview", "history", "checklist", "trash", "untitled", "saving",
           "editing", "problem", "database", "preferences", "appearance", "language", "system",
           "light", "dark", "next", "previous", "replace", "find", "case", "whole", "matches",
           "when", "reason", "author", "about", "manual", "keyboard", "shortcuts", "keys"}


def english_vocabulary() -> set[str]:
    """Words of the English texts that none of their French translations use."""
    english, french = set(ENGLISH), set()
    for (_context, source), message in messages(TRANSLATIONS / "desk_fr.ts").items():
        english |= set(words(source))
        for text in translations(message):
            french |= set(words(text))
    return english - french - ALLOWED


def words(text: str) -> list[str]:
    # Markup, placeholders, addresses, file names and paths, file patterns: no words.
    text = re.sub(r"<[^>]*>|\{[^{}]*\}|https?://\S+|[^\s<>]*/[^\s<>]*|\S+\.(fr|org|com|sqlite|md)\b|\(\*[^)]*\)",
                  " ", text)
    return [w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ’']+", text.replace("&", "")) if len(w) > 1]


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text the editor can see or hear on ``root`` and its children."""
    found: list[tuple[str, str]] = []

    def add(where: str, text: str | None) -> None:
        if text:
            found.append((where, text))

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        kind = type(w).__name__
        if w.isWindow():
            add(f"{kind} title", w.windowTitle())
        add(f"{kind} tooltip", w.toolTip())
        add(f"{kind} accessible name", w.accessibleName())
        if isinstance(w, QLabel):
            add("label", w.text())
        if isinstance(w, QAbstractButton):
            add("button", w.text())
        if isinstance(w, QGroupBox):
            add("group", w.title())
        if isinstance(w, QDockWidget):
            add("dock", w.windowTitle())
        if isinstance(w, QLineEdit):
            add("placeholder", w.placeholderText())
        if isinstance(w, (QTextEdit, QPlainTextEdit)):
            add("placeholder", w.placeholderText())
        if isinstance(w, QComboBox) and not w.isEditable():
            for i in range(w.count()):
                add("combo item", w.itemText(i))
        if isinstance(w, QMenu):
            add("menu", w.title())
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                add("tab", w.tabText(i))
        if isinstance(w, QTreeWidget):
            header = w.headerItem()
            for i in range(header.columnCount()):
                add("tree header", header.text(i))
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model (QStringListModel): no header of its own
                columns = 0
            for i in range(columns):
                add("header", model.headerData(i, Qt.Orientation.Horizontal))
        for action in w.actions():
            add("action", action.text())
            add("action tooltip", action.toolTip())
            if action.menu() is not None:
                add("menu", action.menu().title())
                for sub in action.menu().actions():
                    add("menu action", sub.text())
    for action in root.findChildren(QAction):
        add("action", action.text())
    return [(where, text) for where, text in found if isinstance(text, str)]


def english_left(root: QWidget, vocabulary: set[str], data: set[str]) -> list[str]:
    left = []
    for where, text in visible_texts(root):
        if text in data:
            continue  # the articles' and categories' own words
        english = [w for w in words(text) if w in vocabulary]
        if english:
            left.append(f"{where}: {text!r} ({', '.join(english)})")
    return sorted(set(left))


@pytest.fixture
def french(qapp):
    i18n.install("fr")
    assert QLocale().language() == QLocale.Language.French
    yield
    i18n.install("en")


@pytest.fixture
def french_newsroom(db):
    """A French newsroom's database: its own words are French, so any English is Desk's."""
    with db.write() as s:
        monde = categories.create_category(s, "Monde", None)
        first = articles.create(s, headline="La rédaction prépare l’édition du soir", category_id=monde.id,
                                body="Le conseil municipal s’est réuni hier soir.\n\n## Les décisions\n\nTrois votes.",
                                standfirst="Un chapô court.", byline="Rédaction")
        articles.create(s, headline="Le marché de Noël ouvre samedi", category_id=monde.id,
                        body="Des chalets place de la Mairie.")
    return first.id


def test_window_speaks_french(qtbot, french, services, db, french_newsroom):
    from desk.ui.window.main_window import MainWindow

    vocabulary = english_vocabulary()
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.load_initial()
    qtbot.waitUntil(lambda: win.model.rowCount() == 2, timeout=20000)
    win.open_article(french_newsroom)
    qtbot.waitUntil(lambda: win.editor.article_id == french_newsroom, timeout=20000)
    win.find_bar.show_replace() if hasattr(win.find_bar, "show_replace") else win.find_bar.show_find()
    # The newsroom's own words, and "English": Preferences names each interface language
    # in that language.
    data = {"Monde", "Rédaction", "La rédaction prépare l’édition du soir — Desk", "English"}
    assert win.menuBar().actions()[0].text() == "&Fichier"
    assert win.count_label.text() == "2 articles"
    left = english_left(win, vocabulary, data)
    assert left == [], "\n".join(left)

    # The main dialogs, each opened on the window as the menus open them.
    from desk.ui.window import help as help_dialogs
    from desk.ui.dialogs.categories import CategoriesDialog
    from desk.ui.dialogs.export_site import ExportDialog
    from desk.ui.dialogs.preferences import PreferencesDialog
    from desk.ui.dialogs.publish import PublishDialog

    dialogs = [
        PreferencesDialog(db, win),
        ExportDialog(db, win),
        PublishDialog(db, french_newsroom, win),
        CategoriesDialog(db, win, operations=win.operations),
        help_dialogs.ShortcutsDialog(win.menuBar(), win),
        help_dialogs.show_about(win, db),
    ]
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        left = english_left(dialog, vocabulary, data)
        assert left == [], f"{type(dialog).__name__}: " + "\n".join(left)
        dialog.close()
    assert i18n.translate("Status", "draft") == "brouillon"
    assert win.status_filter.itemText(1) == "brouillon"


def test_french_catches_an_english_text(qtbot, french):
    """The walk finds a text nobody translated (the net the other tests rely on)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    label = QLabel("Choose a folder", widget)
    label.setToolTip(i18n.translate("ExportDialog", "Choose…"))
    assert english_left(widget, english_vocabulary(), set()) == ["label: 'Choose a folder' (choose, folder)"]
