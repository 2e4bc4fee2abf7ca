"""Light or dark: the window's colours follow the system unless the editor chose one.

Qt tells the system's colour scheme (QStyleHints.colorScheme, and colorSchemeChanged when
the desktop switches); where the platform gives no palette of its own for it (Fusion on
X11 without a desktop theme, Windows' classic style), Desk sets a dark or light palette
itself. The preview keeps the website's own colours: it shows the page as readers see it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QMenu
from desk.ui.i18n.translation import translate

SYSTEM, LIGHT, DARK = "system", "light", "dark"
MODES = {SYSTEM: QT_TRANSLATE_NOOP("Palette", "As the system"), LIGHT: QT_TRANSLATE_NOOP("Palette", "Light"),
         DARK: QT_TRANSLATE_NOOP("Palette", "Dark")}  # shown through translate("Palette", …)
KEY = "appearance/mode"

_state: dict[str, object] = {}


def saved_mode() -> str:
    mode = QSettings().value(KEY, SYSTEM, str)
    return mode if mode in MODES else SYSTEM


def system_is_dark() -> bool:
    app = QGuiApplication.instance()
    return app is not None and app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(mode: str | None = None) -> bool:
    mode = mode or saved_mode()
    return mode == DARK or (mode == SYSTEM and system_is_dark())


def dark_palette() -> QPalette:
    window, base, text = QColor("#2b2d30"), QColor("#1e1f22"), QColor("#dfe1e5")
    mid, highlight = QColor("#4e5157"), QColor("#2f65ca")
    p = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, window)
        p.setColor(group, QPalette.ColorRole.WindowText, text)
        p.setColor(group, QPalette.ColorRole.Base, base)
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor("#26282b"))
        p.setColor(group, QPalette.ColorRole.ToolTipBase, QColor("#3c3f41"))
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#8c8f94"))
        p.setColor(group, QPalette.ColorRole.Text, text)
        p.setColor(group, QPalette.ColorRole.Button, QColor("#393b40"))
        p.setColor(group, QPalette.ColorRole.ButtonText, text)
        p.setColor(group, QPalette.ColorRole.BrightText, QColor("#ff6b6b"))
        p.setColor(group, QPalette.ColorRole.Highlight, highlight)
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        p.setColor(group, QPalette.ColorRole.Link, QColor("#6aa1ff"))
        p.setColor(group, QPalette.ColorRole.LinkVisited, QColor("#b48ead"))
        p.setColor(group, QPalette.ColorRole.Light, QColor("#4a4d52"))
        p.setColor(group, QPalette.ColorRole.Midlight, QColor("#3c3f44"))
        p.setColor(group, QPalette.ColorRole.Mid, mid)
        p.setColor(group, QPalette.ColorRole.Dark, QColor("#1a1b1e"))
        p.setColor(group, QPalette.ColorRole.Shadow, QColor("#000000"))
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(disabled, role, QColor("#6f737a"))
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.Base, QColor("#252629")),
                         (QPalette.ColorRole.Button, QColor("#323438")),
                         (QPalette.ColorRole.Highlight, QColor("#3d4450")),
                         (QPalette.ColorRole.HighlightedText, QColor("#a0a4aa"))):
        p.setColor(disabled, role, colour)
    return p


def apply(mode: str | None = None) -> bool:
    """Give the application the palette ``mode`` (default: the saved one) asks for;
    returns whether it is dark. Follows later system changes while the mode is "system"."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    if "light" not in _state:
        _state["light"] = QPalette(app.palette())  # the style's own, before any change
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply())
    dark = is_dark(mode)
    app.setPalette(dark_palette() if dark else _state["light"])  # type: ignore[arg-type]
    _state["dark"] = dark
    for _owner, callback in list(_listeners):
        callback()
    return dark


def set_mode(mode: str) -> bool:
    """Remember the editor's choice and apply it now."""
    if mode not in MODES:
        raise ValueError(mode)
    QSettings().setValue(KEY, mode)
    return apply(mode)


_listeners: list[tuple[QObject, Callable[[], None]]] = []


def on_change(owner: QObject, callback: Callable[[], None]) -> None:
    """Call ``callback`` after apply() changed the palette, for as long as ``owner``
    lives (colours made from the palette, like the editor's highlighting). Not an event
    filter on the application: that would run Python for every event of every widget."""
    entry = (owner, callback)
    _listeners.append(entry)
    owner.destroyed.connect(lambda *_: entry in _listeners and _listeners.remove(entry))


def appearance_menu(parent) -> QMenu:
    """View › Appearance: As the System, Light, Dark (checked: the current choice)."""
    menu = QMenu(translate("Palette", "Appearance"), parent)
    menu.setObjectName("appearanceMenu")
    group = QActionGroup(menu)
    current = saved_mode()
    for mode, label in MODES.items():
        action = QAction(translate("Palette", label), menu)
        action.setCheckable(True)
        action.setChecked(mode == current)
        action.setData(mode)
        action.triggered.connect(lambda _checked=False, m=mode: set_mode(m))
        group.addAction(action)
        menu.addAction(action)

    def sync() -> None:
        for action in group.actions():
            action.setChecked(action.data() == saved_mode())

    menu.aboutToShow.connect(sync)
    return menu
