"""Going to published is an explicit act: the question that names what happens.

Asked before an article's status becomes published in the window. It says what follows
(the publication time that is set, the next export putting it on the site), lists the
checklist's warnings, and when blocking items stand in the way offers only "Publish
Anyway", which needs the editor's reason (the core records it, with who, in a revision:
release.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.release import Verdict

REASON_NAME = "Reason for overriding the checklist"


@dataclass(frozen=True)
class Decision:
    publish: bool
    why: str | None = None  # the override's reason, when the checklist blocks


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def describe(verdict: Verdict, published_at: dt.datetime | None, tz: dt.tzinfo,
             now: dt.datetime | None = None) -> str:
    """What publishing this article does, in the editor's words."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if published_at is None:
        when = now.astimezone(tz).strftime("%d %b %Y, %H:%M %Z")
        time_line = f"Its publication time is set to now ({when})."
    else:
        when = published_at.astimezone(tz).strftime("%d %b %Y, %H:%M %Z")
        time_line = f"Its publication time stays {when}."
    return (f"“{verdict.headline or 'Untitled'}” becomes published. {time_line} "
            "The next export puts it on the site, on its category page and the home page.")


class PublishConfirmation(QDialog):
    def __init__(self, verdict: Verdict, published_at: dt.datetime | None, tz: dt.tzinfo,
                 parent: QWidget | None = None):
        super().__init__(parent)
        blocked = not verdict.allowed
        self.setWindowTitle("Publish Anyway?" if blocked else "Publish?")
        layout = QVBoxLayout(self)
        what = QLabel(describe(verdict, published_at, tz))
        what.setWordWrap(True)
        layout.addWidget(what)
        self.reason: QLineEdit | None = None
        if blocked:
            items = QLabel("The checklist blocks publishing:\n"
                           + _bullets([i.message for i in verdict.uncovered]))
            items.setWordWrap(True)
            items.setStyleSheet("color: #c62828;")
            layout.addWidget(items)
            layout.addWidget(QLabel("Publish anyway only with a reason; it is kept in the "
                                    "article's history with your name."))
            self.reason = QLineEdit()
            self.reason.setAccessibleName(REASON_NAME)
            self.reason.setPlaceholderText("Why it may go out as it is")
            layout.addWidget(self.reason)
        if verdict.warnings:
            warnings = QLabel("Warnings:\n" + _bullets([i.message for i in verdict.warnings]))
            warnings.setWordWrap(True)
            layout.addWidget(warnings)
        buttons = QDialogButtonBox()
        self.publish_button = QPushButton("Publish Anyway" if blocked else "Publish")
        buttons.addButton(self.publish_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # Return must not publish
        self.publish_button.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.reason is not None:
            self.publish_button.setEnabled(False)
            self.reason.textChanged.connect(
                lambda text: self.publish_button.setEnabled(bool(text.strip())))
            self.reason.setFocus()

    def decision(self) -> Decision:
        if self.exec() != QDialog.DialogCode.Accepted:
            return Decision(False)
        return Decision(True, self.reason.text().strip() if self.reason is not None else None)
