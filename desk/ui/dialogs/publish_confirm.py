"""Going to published is an explicit act: the question that names what happens.

Asked before an article's status becomes published in the window, and before Article ›
Publish to… sends it to WordPress as published or scheduled. It says what follows (the
publication time that is set, the next export putting it on the site; the site and the
time WordPress publishes it), lists the checklist's warnings, and when blocking items
stand in the way offers only "Publish Anyway", which needs the editor's reason (the core
records it, with who, in a revision: release.py). Cancel is the default.
The export's own question (articles going on the site for the first time) is in
export_dialog.py, its list from core/export/outgoing.py.
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

from desk.core.articles.release import Verdict
from desk.ui.i18n import locale_format
from desk.ui.i18n.translation import translate

REASON_NAME = "Reason for overriding the checklist"


@dataclass(frozen=True)
class Decision:
    publish: bool
    why: str | None = None  # the override's reason, when the checklist blocks


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def _moment(when: dt.datetime, tz: dt.tzinfo) -> str:
    return locale_format.long_date_time(when.astimezone(tz))


def describe(verdict: Verdict, published_at: dt.datetime | None, tz: dt.tzinfo,
             now: dt.datetime | None = None) -> str:
    """What publishing this article does, in the editor's words."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if published_at is None:
        time_line = translate("PublishConfirmation", "Its publication time is set to now ({time}).").format(
            time=_moment(now, tz))
    elif published_at > now:
        # Desk's site has no embargo: a future time is a date on the page, not a schedule.
        time_line = translate("PublishConfirmation", "Its publication time stays {time}, in the future: "
                              "the site has no embargo, so the next export shows it at once, dated then."
                              ).format(time=_moment(published_at, tz))
    else:
        time_line = translate("PublishConfirmation", "Its publication time stays {time}.").format(
            time=_moment(published_at, tz))
    headline = verdict.headline or translate("PublishConfirmation", "Untitled")
    return translate("PublishConfirmation", "“{headline}” becomes published. {time_line} The next export "
                     "puts it on the site, on its category page and the home page.").format(
        headline=headline, time_line=time_line)


def describe_wordpress(headline: str, site: str, status: str, when: dt.datetime | None,
                       tz: dt.tzinfo) -> str:
    """What sending the article to a WordPress site as ``status`` does."""
    headline = headline or translate("PublishConfirmation", "Untitled")
    if status == "future" and when is not None:
        return translate("PublishConfirmation", "“{headline}” is scheduled on {site}: WordPress publishes it "
                         "on {time} without asking again. Until then it is not public.").format(
            headline=headline, site=site, time=_moment(when, tz))
    return translate("PublishConfirmation", "“{headline}” goes public on {site} now, at its address on "
                     "that site, for every reader.").format(headline=headline, site=site)


def _act_text(act: str, where: str, blocked: bool) -> str:
    """The dialog's title or button for its verb ("Publish", "Schedule"), whole
    sentences for the translators rather than a verb glued to "Anyway"."""
    texts = {
        ("Publish", "title", False): translate("PublishConfirmation", "Publish?"),
        ("Publish", "title", True): translate("PublishConfirmation", "Publish Anyway?"),
        ("Publish", "button", False): translate("PublishConfirmation", "Publish"),
        ("Publish", "button", True): translate("PublishConfirmation", "Publish Anyway"),
        ("Schedule", "title", False): translate("PublishConfirmation", "Schedule?"),
        ("Schedule", "title", True): translate("PublishConfirmation", "Schedule Anyway?"),
        ("Schedule", "button", False): translate("PublishConfirmation", "Schedule"),
        ("Schedule", "button", True): translate("PublishConfirmation", "Schedule Anyway"),
    }
    return texts[(act, where, blocked)]


class PublishConfirmation(QDialog):
    def __init__(self, verdict: Verdict, published_at: dt.datetime | None, tz: dt.tzinfo,
                 parent: QWidget | None = None, *, what: str | None = None,
                 act: str = "Publish"):
        """``what``: the sentence that says what happens (``describe``'s by default);
        ``act``: the verb of the title and the button ("Publish", "Schedule")."""
        super().__init__(parent)
        blocked = not verdict.allowed
        self.setWindowTitle(_act_text(act, "title", blocked))
        layout = QVBoxLayout(self)
        what = QLabel(what if what is not None else describe(verdict, published_at, tz))
        what.setWordWrap(True)
        layout.addWidget(what)
        self.reason: QLineEdit | None = None
        if blocked:
            items = QLabel(translate("PublishConfirmation", "The checklist blocks publishing:") + "\n"
                           + _bullets([i.message for i in verdict.uncovered]))
            items.setWordWrap(True)
            items.setStyleSheet("color: #c62828;")
            layout.addWidget(items)
            layout.addWidget(QLabel(translate("PublishConfirmation", "Publish anyway only with a reason; it is kept in the article's history with your name.")))
            self.reason = QLineEdit()
            self.reason.setAccessibleName(REASON_NAME)
            self.reason.setPlaceholderText(translate("PublishConfirmation", "Why it may go out as it is"))
            layout.addWidget(self.reason)
        if verdict.warnings:
            warnings = QLabel(translate("PublishConfirmation", "Warnings:") + "\n" + _bullets([i.message for i in verdict.warnings]))
            warnings.setWordWrap(True)
            layout.addWidget(warnings)
        buttons = QDialogButtonBox()
        self.publish_button = QPushButton(_act_text(act, "button", blocked))
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
