"""The publishing rule: what the checklist allows to go out.

An article with blocking checklist items cannot become published or scheduled, be
exported as published, or be sent to WordPress (published or scheduled), unless the
editor overrides the checklist explicitly. An override names who and why, and is kept
in a revision of the article (reason ``checklist overridden: <why>``, author, and the
items it covers in the snapshot). It covers those items only: a blocking item that
appears later blocks again.

Every path asks this module:

* ``require(session, article, action, why=...)``: the window and the publisher (and the
  command line through them) before an article goes out; raises ChecklistBlocked;
* articles.update notes every move to published or scheduled (``note_transition``) and
  the rule is applied to all of them when the unit of work commits, on the article as
  the transaction leaves it (a hero attached after the status in the same import counts):
  no writer can publish around it. ``grant(session, why)`` is the explicit override for
  that unit of work;
* ``assess_sql`` for the export, which judges thousands of articles with plain SQL.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from desk.core.articles import checklist
from desk.core.articles.checklist import BLOCK, WARN, Item
from desk.core.errors import DeskError, InputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk.core.store.db import Sql
    from desk.core.store.models import Article
    from desk.core.site.settings import SiteSettings

# What the editor is doing when the rule is asked: the words of the messages.
ACTIONS = {
    "publish": "published",
    "schedule": "scheduled",
    "export": "exported as published",
    "wordpress": "sent to WordPress",
}
OVERRIDE_REASON = "checklist overridden"
SNAPSHOT_KEY = "checklist_override"
REASON_LIMIT = 200  # Revision.reason's length
_PENDING = "desk_release_pending"
_GRANT = "desk_release_grant"


class ChecklistBlocked(DeskError):
    """Blocking checklist items stand in the way and no override was given. The command
    ran and found problems: exit status 1."""

    exit_code = 1

    def __init__(self, verdict: Verdict, action: str, hint: str = ""):
        self.verdict = verdict
        self.action = action
        items = verdict.uncovered
        what = "item blocks" if len(items) == 1 else "items block"
        name = verdict.headline or verdict.slug or f"article {verdict.article_id}"
        text = (f"“{name}” cannot be {ACTIONS.get(action, action)}: {len(items)} checklist {what} it: "
                + "; ".join(_sentence(i.message) for i in items))
        super().__init__(text + (f" ({hint})" if hint else ""))


@dataclass(frozen=True)
class Override:
    """The editor's explicit "publish anyway": who, why, when, and the items covered."""

    by: str
    why: str
    at: str  # ISO 8601, UTC
    action: str
    items: tuple[tuple[str, str, str], ...]  # (code, field, message)

    def covers(self, item: Item) -> bool:
        return any(code == item.code and field == item.field for code, field, _ in self.items)

    def as_dict(self) -> dict[str, Any]:
        return {"by": self.by, "why": self.why, "at": self.at, "action": self.action,
                "items": [{"code": c, "field": f, "message": m} for c, f, m in self.items]}

    @classmethod
    def from_dict(cls, value: Any) -> Override | None:
        if not isinstance(value, dict):
            return None
        try:
            items = tuple((str(i["code"]), str(i["field"]), str(i.get("message", "")))
                          for i in value.get("items", ()))
            return cls(str(value.get("by", "")), str(value.get("why", "")), str(value.get("at", "")),
                       str(value.get("action", "")), items)
        except (KeyError, TypeError, AttributeError):
            return None

    def line(self) -> str:
        when = self.at[:16].replace("T", " ")
        return (f"checklist overridden by {self.by or 'someone'} on {when} UTC ({self.why}): "
                + "; ".join(_sentence(m) for _, _, m in self.items))


@dataclass(frozen=True)
class Verdict:
    """What the checklist says of one article, and what it allows."""

    article_id: int
    slug: str
    headline: str
    items: tuple[Item, ...]
    override: Override | None = None

    @property
    def blocking(self) -> list[Item]:
        return [i for i in self.items if i.severity == BLOCK]

    @property
    def uncovered(self) -> list[Item]:
        """Blocking items no override covers: these stop the article."""
        return [i for i in self.blocking if self.override is None or not self.override.covers(i)]

    @property
    def overridden(self) -> list[Item]:
        return [i for i in self.blocking if self.override is not None and self.override.covers(i)]

    @property
    def warnings(self) -> list[Item]:
        return [i for i in self.items if i.severity == WARN]

    @property
    def allowed(self) -> bool:
        return not self.uncovered

    def summary_lines(self) -> list[str]:
        """For the export and publish summaries: each warning, and the override in force."""
        name = self.slug or f"article {self.article_id}"
        lines = [f"{name}: {_sentence(i.message)}" for i in self.warnings]
        if self.overridden and self.override is not None:
            lines.append(f"{name}: {self.override.line()}")
        return lines


def _sentence(message: str) -> str:
    return message[:-1] if message.endswith(".") else message


def editor_name() -> str:
    """Who the editor is, for revisions and overrides: DESK_EDITOR, else the login name."""
    name = os.environ.get("DESK_EDITOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return ""


def clean_reason(why: str | None) -> str:
    text = " ".join((why or "").split())
    if not text:
        raise InputError("an override of the checklist needs a reason")
    return text


# --- judging --------------------------------------------------------------------------------

def assess(session: Session, article: Article, *, site: SiteSettings | None = None) -> Verdict:
    """The checklist of ``article`` as it is in the session, with its override (and the
    words spell check flags, a warning)."""
    return assess_many(session, [article], site=site, spelling=True)[0]


def assess_many(session: Session, articles: list[Article], *,
                site: SiteSettings | None = None, spelling: bool = False) -> list[Verdict]:
    items = checklist.check_many(session, articles, site=site, spelling=spelling)
    overrides = stored_overrides(session, [a.id for a in articles])
    return [Verdict(a.id, a.slug, a.headline, tuple(items[a.id]), overrides.get(a.id)) for a in articles]


def assess_sql(run: Sql, ids: Iterable[int], site: SiteSettings) -> dict[int, Verdict]:
    """``assess`` for many articles, with plain SQL (the export)."""
    from desk.core.articles import checklist_sql

    wanted = sorted(set(ids))
    items = checklist_sql.check_many(run, wanted, site)
    heads: dict[int, tuple[str, str]] = {}
    overrides: dict[int, Override] = {}
    for start in range(0, len(wanted), checklist_sql.CHUNK):
        chunk = wanted[start:start + checklist_sql.CHUNK]
        marks = ",".join("?" * len(chunk))
        heads.update({row[0]: (row[1] or "", row[2] or "") for row in run(
            f"SELECT id, slug, headline FROM articles WHERE id IN ({marks})", chunk)})
        overrides.update(_overrides_from_rows(run(
            f"SELECT article_id, snapshot FROM revisions WHERE article_id IN ({marks}) "
            "AND reason LIKE ? ORDER BY created_at, id", [*chunk, OVERRIDE_REASON + "%"])))
    return {i: Verdict(i, *heads[i], tuple(items[i]), overrides.get(i)) for i in wanted if i in items}


def stored_overrides(session: Session, ids: Iterable[int]) -> dict[int, Override]:
    """The override in force for each article (its latest), if any."""
    from sqlalchemy import select

    from desk.core.store.models import Revision

    wanted = sorted(set(ids))
    found: dict[int, Override] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        found.update(_overrides_from_rows(session.execute(
            select(Revision.article_id, Revision.snapshot)
            .where(Revision.article_id.in_(chunk), Revision.reason.like(OVERRIDE_REASON + "%"))
            .order_by(Revision.created_at, Revision.id))))
    return found


def _overrides_from_rows(rows: Iterable[Any]) -> dict[int, Override]:
    from desk.core.store.sqlite import json_value

    found: dict[int, Override] = {}
    for article_id, snapshot in rows:
        snap = json_value(snapshot)
        override = Override.from_dict(snap.get(SNAPSHOT_KEY)) if isinstance(snap, dict) else None
        if override is not None:
            found[article_id] = override  # rows come oldest first: the latest wins
    return found


# --- enforcing ------------------------------------------------------------------------------

def require(session: Session, article: Article, action: str, *, why: str | None = None,
            by: str | None = None, hint: str = "") -> Verdict:
    """The rule, for an article about to be ``action``-ed. Returns the verdict when the
    article may go; with blocking items not yet overridden, raises ChecklistBlocked
    unless ``why`` is given, in which case the override is recorded (who and why, in a
    revision) and the article may go."""
    verdict = assess(session, article)
    if verdict.allowed:
        return verdict
    if why is None:
        raise ChecklistBlocked(verdict, action, hint)
    override = record_override(session, article, verdict, action, why, by)
    return replace(verdict, override=override)


def record_override(session: Session, article: Article, verdict: Verdict, action: str,
                    why: str, by: str | None = None) -> Override:
    from desk.core.articles import editing as articles

    reason = clean_reason(why)
    covered = [*verdict.overridden, *verdict.uncovered]
    override = Override(by if by is not None else editor_name(), reason,
                        dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), action,
                        tuple((i.code, i.field, i.message) for i in covered))
    revision = articles.add_revision(session, article, f"{OVERRIDE_REASON}: {reason}"[:REASON_LIMIT],
                                     override.by)
    revision.snapshot = {**revision.snapshot, SNAPSHOT_KEY: override.as_dict()}
    session.flush()
    return override


def grant(session: Session, why: str, by: str | None = None) -> None:
    """The editor overrides the checklist, with this reason, for what this unit of work
    publishes or schedules (``desk import --override-checklist``, the window's
    "Publish Anyway")."""
    session.info[_GRANT] = (clean_reason(why), by)


def note_transition(session: Session, article: Article, action: str) -> None:
    """articles.update: ``article`` is becoming published or scheduled in this session;
    the rule is applied when the unit of work commits."""
    session.info.setdefault(_PENDING, {})[id(article)] = (article, action)


def _enforce(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint (concurrent_writes): the unit of work has not ended
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # what the checklist reads: the articles as the transaction leaves them
    going = [(article, action) for article, action in pending.values()
             # not moved back within the same unit of work
             if article.status == "published" or (action == "schedule" and article.scheduled_at)]
    if not going:
        return
    why, by = session.info.get(_GRANT, (None, None))
    verdicts = assess_many(session, [article for article, _ in going])
    blocked = [(article, action, v) for (article, action), v in zip(going, verdicts) if not v.allowed]
    if blocked and why is None:
        article, action, verdict = blocked[0]
        more = f"; {len(blocked) - 1} more article(s) are blocked too" if len(blocked) > 1 else ""
        raise ChecklistBlocked(verdict, action, "fix them, or override the checklist with a reason" + more)
    for article, action, verdict in blocked:
        record_override(session, article, verdict, action, why, by)


def install() -> None:
    """Apply the rule at every commit (articles.py calls it: whoever can change an
    article has SQLAlchemy loaded; the export, which only reads, must not import it)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "before_commit", _enforce):
        event.listen(Session, "before_commit", _enforce)
