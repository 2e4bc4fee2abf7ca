"""Show the photo library and the photo panel side by side on a database, with the
demo's MaxPPP photo selected: the screenshot in docs/photo-panel.png comes from this.

    desk --db /tmp/demo.sqlite init --demo
    python tools/photo_panel_demo.py /tmp/demo.sqlite [--quit-after SECONDS]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter  # noqa: E402
from sqlalchemy import select  # noqa: E402

from desk.core.store.db import open_database  # noqa: E402
from desk.core.store.models import Photo  # noqa: E402
from desk.ui.photos.import_queue import PhotoImporter  # noqa: E402
from desk.ui.photos.library import PhotoLibrary  # noqa: E402
from desk.ui.photos.credit_panel import PhotoPanel  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--photo", default="mansu-hill.jpg", help="file name of the photo to select")
    parser.add_argument("--quit-after", type=float, default=0, help="close after this many seconds")
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    db = open_database(args.db)
    importer = PhotoImporter(db)
    library = PhotoLibrary(db, importer)
    panel = PhotoPanel(db)
    library.photo_selected.connect(panel.set_photo)
    panel.photo_changed.connect(library.refresh_photo)

    window = QMainWindow()
    window.setWindowTitle("Desk — photos")
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(library)
    splitter.addWidget(panel)
    splitter.setSizes([620, 780])
    window.setCentralWidget(splitter)
    window.resize(1400, 900)
    window.move(0, 0)
    window.show()

    with db.read() as session:
        photo_id = session.scalar(select(Photo.id).where(Photo.original_filename == args.photo))
    if photo_id is not None:
        library.select_photo(photo_id)
    if args.quit_after:
        QTimer.singleShot(int(args.quit_after * 1000), app.quit)
    code = app.exec()
    panel.flush()
    library.shutdown()
    importer.shutdown()
    db.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
