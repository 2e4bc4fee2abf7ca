"""What an export into a folder would do to the site, by article, before it runs.

Going to published is an explicit act (issue 14): an article that is published in Desk
but was never exported reaches the readers with the next export, so the window asks
first and names it. ``outgoing(db, out)`` compares the live articles with the previous
export's manifest (every article page it wrote is listed there with its source,
``article <id> v<version>``; see docs/export.md) and the publishing rule (release.py):

* ``first_time``: published, passing the checklist, not in the previous export;
* ``updated``: in the previous export, changed since (another version);
* ``leaving``: in the previous export, no longer live or now blocked by the checklist
  (the export removes their pages);
* ``held``: would be new but the checklist blocks them (the export leaves them out).

It only reads (the manifest and the database, with plain SQL like the export) and
never touches the folder. It reads every live article's row and judges the new ones, so
the window calls it off the UI thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desk.core.articles.word_count import plural
from desk.core.export import manifest as manifest_io
from desk.core.export.errors import ExportError
from desk.core.export.snapshot import LIVE

if TYPE_CHECKING:
    from desk.core.store.db import Database, Sql

_ARTICLE_SOURCE = re.compile(r"article (\d+) v(\d+)")
NAMED = 5  # headlines a sentence names before "and N more"


@dataclass(frozen=True)
class ArticleRef:
    id: int
    headline: str
    slug: str

    @property
    def name(self) -> str:
        return f"“{self.headline or self.slug or f'article {self.id}'}”"


@dataclass(frozen=True)
class Outgoing:
    first_export: bool  # no manifest in the folder: nothing of Desk's is there yet
    first_time: list[ArticleRef] = field(default_factory=list)
    updated: list[ArticleRef] = field(default_factory=list)
    leaving: list[ArticleRef] = field(default_factory=list)
    held: list[ArticleRef] = field(default_factory=list)

    @property
    def asks(self) -> bool:
        """Whether the export publishes something: only then is the editor asked."""
        return bool(self.first_time)

    def headline(self, limit: int = NAMED) -> str:
        verb = "goes" if len(self.first_time) == 1 else "go"
        return (f"{plural(len(self.first_time), 'article')} {verb} on the site for the first time: "
                f"{_names(self.first_time, limit)}.")

    def consequences(self, limit: int = NAMED) -> list[str]:
        """What else the export does, a sentence each."""
        lines = []
        if self.updated:
            verb = "is" if len(self.updated) == 1 else "are"
            lines.append(f"{plural(len(self.updated), 'article')} already on the site {verb} updated.")
        if self.leaving:
            verb = "is" if len(self.leaving) == 1 else "are"
            lines.append(f"{plural(len(self.leaving), 'article')} {verb} taken off the site: "
                         f"{_names(self.leaving, limit)}.")
        if self.held:
            verb = "is" if len(self.held) == 1 else "are"
            lines.append(f"{plural(len(self.held), 'article')} {verb} held back by the checklist: "
                         f"{_names(self.held, limit)}.")
        if self.first_time or self.leaving:
            lines.append("The home page, the category, tag and author pages, the feeds and the "
                         "sitemap list the change.")
        return lines

    def describe(self, limit: int = NAMED) -> str:
        return " ".join([self.headline(limit), *self.consequences(limit)])


def _names(refs: list[ArticleRef], limit: int) -> str:
    shown = ", ".join(r.name for r in refs[:limit])
    more = len(refs) - limit
    return f"{shown} and {more} more" if more > 0 else shown


def exported_articles(previous: manifest_io.Manifest | None) -> dict[int, int]:
    """Article id -> version, of every article page the previous export wrote."""
    if previous is None:
        return {}
    found: dict[int, int] = {}
    for entry in previous.files.values():
        match = _ARTICLE_SOURCE.fullmatch(entry.source)
        if match:
            found[int(match[1])] = int(match[2])
    return found


def _index_headlines(previous: manifest_io.Manifest | None) -> dict[int, tuple[str, str]]:
    """Headline and slug as exported (for an article deleted since), from the index."""
    rows = (previous.index or {}).get("articles") if previous is not None else None
    found: dict[int, tuple[str, str]] = {}
    for row in rows if isinstance(rows, list) else ():
        # [id, slug, headline, ...]: snapshot.ARTICLE_COLUMNS, then the url and Related.
        if isinstance(row, list) and len(row) > 2 and isinstance(row[0], int):
            found[row[0]] = (str(row[2] or ""), str(row[1] or ""))
    return found


def previous_manifest(out: Path) -> manifest_io.Manifest | None:
    """The manifest of the last export into ``out``, found as the exporter finds it
    (writer.locate), without making anything: next to the folder (``.<name>.desk/``),
    or inside it for a folder written in place before. Raises ExportError as the export
    would (a file where the folder should be, a damaged manifest)."""
    from desk.core.export import writer

    if out.is_symlink():  # Desk's link (or the user's to a folder): locate makes nothing
        layout = writer.locate(out)
        found = manifest_io.load(layout.manifest) if layout.meta.is_dir() else None
        return found if found is not None else manifest_io.load(layout.legacy_manifest)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file, not a folder")
    meta = writer.meta_of(out)
    found = manifest_io.load(meta / "manifest.json") if meta.is_dir() else None
    if found is None and out.is_dir():
        found = manifest_io.load(out / manifest_io.NAME)  # written in place
    return found


def outgoing(db: Database, out: str | Path, *, force: bool = False) -> Outgoing:
    """What exporting into ``out`` now would publish, update and remove (see the module's
    doc). Raises ExportError where the export would refuse the folder too (a file, a
    damaged manifest, someone else's files without ``force``)."""
    from desk.core.articles import release
    from desk.core.site import settings as site_settings
    from desk.core.export.exporter import refuse_foreign

    out = Path(out).expanduser().absolute()
    previous = previous_manifest(out)
    served = out.resolve() if out.is_symlink() else out
    if previous is None and served.is_dir() and not out.is_symlink() and not force:
        refuse_foreign(served)
    before = exported_articles(previous)
    with db.read_sql("reading what the export would publish") as sql:
        live = {row[0]: (ArticleRef(row[0], row[2] or "", row[1] or ""), row[3]) for row in sql(
            f"SELECT id, slug, headline, version FROM articles WHERE {LIVE} ORDER BY id")}
        judged = release.assess_sql(sql, live, site_settings.from_sql(sql))
        allowed = {i for i, verdict in judged.items() if verdict.allowed}
        gone = sorted(set(before) - allowed)
        names = _rows_of(sql, [i for i in gone if i not in live])
    exported_as = _index_headlines(previous)
    first_time, updated, held = [], [], []
    for article_id, (ref, version) in live.items():
        if article_id not in allowed:
            if article_id not in before:
                held.append(ref)
        elif article_id not in before:
            first_time.append(ref)
        elif before[article_id] != version:
            updated.append(ref)
    leaving = []
    for article_id in gone:
        if article_id in live:
            leaving.append(live[article_id][0])
        elif article_id in names:
            leaving.append(names[article_id])
        else:
            headline, slug = exported_as.get(article_id, ("", ""))
            leaving.append(ArticleRef(article_id, headline, slug))
    return Outgoing(previous is None, first_time, updated, leaving, held)


def _rows_of(sql: Sql, ids: list[int]) -> dict[int, ArticleRef]:
    found: dict[int, ArticleRef] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in sql(f"SELECT id, slug, headline FROM articles WHERE id IN ({marks})", chunk):
            found[row[0]] = ArticleRef(row[0], row[2] or "", row[1] or "")
    return found
