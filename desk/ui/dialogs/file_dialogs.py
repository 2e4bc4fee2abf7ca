"""File dialogs that start where the editor last was: the last folder used for that kind
of file, else the user's Pictures (photos, images) or Documents (everything else), never
the folder Desk happened to be started from.

    paths = open_files(parent, "Import Photos", PHOTOS, "Photos (*.jpg *.png)")
    path = save_file(parent, "Export Article as HTML", DOCUMENTS, "story.html", "HTML (*.html)")
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

PHOTOS = "photos"  # photos to import, a logo, a share image: Pictures
DOCUMENTS = "documents"  # Markdown, exported pages, saved articles: Documents
DATABASES = "databases"  # Desk's database files: Documents
EXPORTS = "exports"  # the folder a site is exported into: Documents

_KEY = "dialogs/last_folder/"
_STANDARD = {PHOTOS: QStandardPaths.StandardLocation.PicturesLocation}


def start_folder(kind: str) -> str:
    """The folder a dialog for ``kind`` opens in."""
    last = QSettings().value(_KEY + kind, "", str)
    if last and Path(last).is_dir():
        return last
    location = _STANDARD.get(kind, QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in (QStandardPaths.writableLocation(location),
                   QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)):
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


def remember(kind: str, path: str | Path) -> None:
    """Remember the folder of a file (or the folder) the editor chose."""
    chosen = Path(path)
    folder = chosen if chosen.is_dir() else chosen.parent
    QSettings().setValue(_KEY + kind, str(folder))


def open_files(parent: QWidget | None, title: str, kind: str, filters: str) -> list[Path]:
    files, _ = QFileDialog.getOpenFileNames(parent, title, start_folder(kind), filters)
    if files:
        remember(kind, files[0])
    return [Path(f) for f in files]


def open_file(parent: QWidget | None, title: str, kind: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, start_folder(kind), filters)
    if not name:
        return None
    remember(kind, name)
    return Path(name)


def save_file(parent: QWidget | None, title: str, kind: str, suggested: str, filters: str) -> Path | None:
    """``suggested`` is a file name (put in the start folder) or a full path."""
    start = suggested if Path(suggested).is_absolute() else str(Path(start_folder(kind)) / suggested)
    name, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    if not name:
        return None
    remember(kind, name)
    return Path(name)


def existing_folder(parent: QWidget | None, title: str, kind: str, current: str = "") -> Path | None:
    start = current if current and Path(current).is_dir() else start_folder(kind)
    chosen = QFileDialog.getExistingDirectory(parent, title, start)
    if not chosen:
        return None
    remember(kind, chosen)
    return Path(chosen)
