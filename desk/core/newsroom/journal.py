"""The local journal: edits the database could not take, kept on this machine.

While the database is away (the server is down, the SQLite file locked beyond the busy
timeout or its folder gone), every article save that fails is appended to a file in the
user's data folder, one JSON line per save, flushed and fsynced before the save is
reported as kept. Each line holds the whole of the fields still unsaved, so the newest
line of an article is all it needs; the version the editor started from goes with it, so
that sending it later meets the same conflict rule as two editors. A line cut short by a
crash is ignored; lines of an article are dropped (the file rewritten atomically) once
its edits are written to the database. A window opened on the database with lines left
sends them again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import atomic
from ..errors import DeskError

_TIME = "$time"


@dataclass(frozen=True)
class Entry:
    article_id: int
    expected_version: int | None  # the version the edits were made on (None: overwrite)
    changes: dict[str, Any]
    user: str
    at: str


def path_for(data_dir: Path, database: str, user: str) -> Path:
    """One journal per database and editor (two windows of two editors on one database,
    as the tests have them, keep theirs apart)."""
    key = hashlib.sha256(f"{database}\n{user}".encode()).hexdigest()[:16]
    return Path(data_dir) / "journal" / f"{key}.jsonl"


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {_TIME: value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {_TIME}:
        return dt.datetime.fromisoformat(value[_TIME])
    return value


def _line(entry: Entry) -> str:
    return json.dumps({"article_id": entry.article_id, "expected_version": entry.expected_version,
                       "changes": {k: _encode(v) for k, v in entry.changes.items()},
                       "user": entry.user, "at": entry.at}, ensure_ascii=False) + "\n"


class Journal:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()  # the autosave thread writes, the window reads

    def append(self, entry: Entry) -> None:
        line = _line(entry)
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with open(self.path, "a", encoding="utf-8") as fh:
                    fh.write(line)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise DeskError(f"cannot keep the edit in the journal {self.path}: {exc.strerror}") from None

    def entries(self) -> list[Entry]:
        with self._lock:
            return self._read()

    def _read(self) -> list[Entry]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise DeskError(f"cannot read the journal {self.path}: {exc.strerror}") from None
        found: list[Entry] = []
        for line in text.splitlines():
            try:
                raw = json.loads(line)
                found.append(Entry(int(raw["article_id"]), raw.get("expected_version"),
                                   {k: _decode(v) for k, v in raw["changes"].items()},
                                   raw.get("user", ""), raw.get("at", "")))
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash: the line before it holds the edits
        return found

    def pending(self) -> dict[int, Entry]:
        """The edits to send, per article: the newest fields, the first expected version."""
        folded: dict[int, Entry] = {}
        for entry in self.entries():
            first = folded.get(entry.article_id)
            if first is None:
                folded[entry.article_id] = entry
            else:
                folded[entry.article_id] = Entry(entry.article_id, first.expected_version,
                                                 {**first.changes, **entry.changes}, entry.user, entry.at)
        return folded

    def holds(self, article_id: int) -> bool:
        return any(e.article_id == article_id for e in self.entries())

    def forget(self, article_id: int) -> None:
        """The article's edits reached the database: its lines go."""
        with self._lock:
            kept = [e for e in self._read() if e.article_id != article_id]
            if not self.path.exists():
                return
            if not kept:
                try:
                    self.path.unlink()
                except FileNotFoundError:
                    pass
                return
            atomic.write_text(self.path, "".join(_line(e) for e in kept))
