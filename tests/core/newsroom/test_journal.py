"""The local journal: written line by line, fsynced, folded per article, cut lines skipped."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core.errors import DeskError
from desk.core.newsroom.journal import Entry, Journal, path_for


def test_lines_fold_per_article_keeping_the_first_version_and_the_newest_text(tmp_path):
    journal = Journal(path_for(tmp_path, "sqlite:///x.sqlite", "Marie Lambert"))
    when = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.timezone.utc)
    journal.append(Entry(7, 3, {"body": "Fir"}, "Marie Lambert", "t1"))
    journal.append(Entry(7, 3, {"body": "First line", "scheduled_at": when}, "Marie Lambert", "t2"))
    journal.append(Entry(9, None, {"standfirst": "Another"}, "Marie Lambert", "t3"))
    pending = Journal(journal.path).pending()  # as a restarted window reads it
    assert pending[7].expected_version == 3
    assert pending[7].changes == {"body": "First line", "scheduled_at": when}
    assert pending[9].changes == {"standfirst": "Another"}
    journal.forget(7)
    assert list(journal.pending()) == [9]
    journal.forget(9)
    assert not journal.path.exists()


def test_a_line_cut_short_by_a_crash_is_skipped(tmp_path):
    journal = Journal(tmp_path / "journal.jsonl")
    journal.append(Entry(1, 2, {"body": "Kept"}, "M", "t"))
    with open(journal.path, "a", encoding="utf-8") as fh:
        fh.write('{"article_id": 1, "changes": {"body": "Kept and')
    assert journal.pending()[1].changes == {"body": "Kept"}


def test_a_journal_that_cannot_be_written_says_where(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    journal = Journal(blocker / "journal.jsonl")
    with pytest.raises(DeskError, match="cannot keep the edit in the journal .*not-a-folder"):
        journal.append(Entry(1, 2, {"body": "x"}, "M", "t"))


def test_two_editors_on_one_database_have_two_journals(tmp_path):
    assert path_for(tmp_path, "db", "Marie Lambert") != path_for(tmp_path, "db", "Paul Durand")
