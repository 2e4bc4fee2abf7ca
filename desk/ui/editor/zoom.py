"""Editor zoom: View › Zoom In / Zoom Out / Actual Size (Ctrl+plus, Ctrl+minus, Ctrl+0)
scale the headline, standfirst and body text together, and the step is remembered.

Each widget keeps the font it was built with (the headline is larger and bolder than
the body); zooming scales that font, so Actual Size gives back exactly the original."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

KEY = "editor/zoom"
STEP = 1.1  # each step scales the text by 10 %
LOWEST, HIGHEST = -5, 10  # about 60 % to 260 %


class EditorZoom:
    def __init__(self, widgets: Sequence[QWidget]):
        self._widgets = list(widgets)
        self._base = [QWidget.font(w) for w in self._widgets]
        self.level = 0
        saved = QSettings().value(KEY, 0)
        try:
            self.set_level(int(saved))
        except (TypeError, ValueError):
            self.set_level(0)

    @property
    def factor(self) -> float:
        return STEP ** self.level

    def zoom_in(self) -> None:
        self.set_level(self.level + 1)

    def zoom_out(self) -> None:
        self.set_level(self.level - 1)

    def reset(self) -> None:
        self.set_level(0)

    def set_level(self, level: int) -> None:
        self.level = max(LOWEST, min(HIGHEST, level))
        for widget, base in zip(self._widgets, self._base):
            font = type(base)(base)
            font.setPointSizeF(base.pointSizeF() * self.factor)
            widget.setFont(font)
            # Fields sized to a number of lines (the standfirst) grow with their text.
            fit = getattr(widget, "fit_to_font", None)
            if callable(fit):
                fit()
        QSettings().setValue(KEY, self.level)
