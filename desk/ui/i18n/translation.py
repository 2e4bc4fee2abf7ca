"""The interface's language: Qt's translations (resources/translations/desk_*.qm, made by
pyside6-lrelease from the .ts sources) installed before any window is built.

Every visible string goes through ``translate("Context", "text")`` — Qt's own
QCoreApplication.translate, under the name pyside6-lupdate looks for. Not ``self.tr()``:
PySide6 looks a tr() text up under the class of the object at run time, so a subclass
(or a test's) would silently show English.

Which language is a choice of this computer, not of the site: kept with QSettings
("interface/language": "" for the system's, "en" or "fr"), applied at the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desk import paths

translate = QCoreApplication.translate

SETTING = "interface/language"
SYSTEM = ""
# The languages the interface speaks, by tag; the names stay in their own language.
LANGUAGES = {"en": "English", "fr": "Français"}
_installed: list[QTranslator] = []


def saved_language() -> str:
    """"" (follow the system), or a tag of LANGUAGES."""
    value = QSettings().value(SETTING, SYSTEM)
    return value if value in LANGUAGES else SYSTEM


def set_language(tag: str) -> None:
    QSettings().setValue(SETTING, tag if tag in LANGUAGES else SYSTEM)


def resolve(tag: str = SYSTEM) -> str:
    """The language the interface will speak for ``tag`` ("" = the system's first
    preferred language Desk speaks, else English)."""
    if tag in LANGUAGES:
        return tag
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def translations_dir():
    return paths.resources_dir() / "translations"


def install(tag: str = SYSTEM) -> str:
    """Install Desk's translation (and Qt's own, for standard buttons and dialogs) for
    ``tag``; set the default QLocale to match, so dates and numbers follow. Returns the
    language installed. Call before building windows: texts are looked up as widgets
    are made."""
    app = QCoreApplication.instance()
    uninstall()
    language = resolve(tag)
    QLocale.setDefault(_system_locale_for(language))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"desk_{language}", str(translations_dir())), (f"qtbase_{language}", qt_dir)):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
    return language


def uninstall() -> None:
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        app.removeTranslator(translator)
        translator.deleteLater()


# A language's formats where the system speaks another: day before month and a 24-hour
# clock, as newsrooms write them (and as Desk did before it spoke French).
FORMATS = {"en": "en_GB", "fr": "fr_FR"}


def _system_locale_for(language: str) -> QLocale:
    """The system's locale when it speaks ``language`` (fr_CA, en_US keep their own date
    order); otherwise FORMATS'."""
    system = QLocale.system()
    if QLocale.languageToCode(system.language()) == language:
        return system
    return QLocale(FORMATS.get(language, language))
