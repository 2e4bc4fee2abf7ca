"""Revision diffs: which fields changed and what was inserted or deleted, without Qt."""

from __future__ import annotations


from desk.core.articles.diffs import diff_lines, diff_snapshots, diff_words, to_html

BASE = {
    "headline": "Soldiers salute at Mansu Hill",
    "standfirst": "A birthday in Pyongyang.",
    "body": "First paragraph.\n\nSecond paragraph about the hill.\n\nThird.",
    "status": "draft",
    "category": "World > Asia",
    "tags": ["North Korea", "Kim Il Sung"],
    "byline": "Ana Li",
    "slug": "soldiers-salute",
    "source_name": "",
    "source_url": "",
}


def by_name(diffs):
    return {d.name: d for d in diffs}


def test_identical_snapshots_have_no_changes():
    diffs = diff_snapshots(BASE, dict(BASE))
    assert not any(d.changed for d in diffs)
    assert [d.name for d in diffs][:3] == ["headline", "standfirst", "body"]
    assert "No differences" in to_html(diffs)


def test_headline_word_change_is_a_word_level_diff():
    new = dict(BASE, headline="Soldiers salute at Mirae Hill")
    d = by_name(diff_snapshots(BASE, new))["headline"]
    assert d.changed
    assert ("delete", "Mansu") in d.segments and ("insert", "Mirae") in d.segments
    assert ("equal", "Soldiers salute at ") in d.segments


def test_body_changes_stay_inside_the_changed_paragraph():
    new = dict(BASE, body=BASE["body"].replace("about the hill", "about the old hill"))
    segments = by_name(diff_snapshots(BASE, new))["body"].segments
    inserted = [t for k, t in segments if k == "insert"]
    assert inserted == ["old "]
    assert not [t for k, t in segments if k == "delete"]
    assert "".join(t for k, t in segments if k != "insert") == BASE["body"]
    assert "".join(t for k, t in segments if k != "delete") == new["body"]


def test_metadata_fields_are_compared_as_values():
    new = dict(BASE, status="published", category="World", tags=["North Korea"],
               source_name="L'Indépendant", source_url="https://lindependant.fr/x")
    d = by_name(diff_snapshots(BASE, new))
    assert d["status"].segments == [("delete", "draft"), ("insert", "published")]
    assert d["category"].segments == [("delete", "World > Asia"), ("insert", "World")]
    assert d["tags"].old == "North Korea, Kim Il Sung" and d["tags"].new == "North Korea"
    assert d["source_name"].segments == [("insert", "L'Indépendant")]
    assert d["source_url"].changed and not d["byline"].changed


def test_missing_keys_read_as_empty():
    d = by_name(diff_snapshots({}, {"headline": "New"}))
    assert d["headline"].segments == [("insert", "New")]
    assert not d["body"].changed


def test_html_marks_insertions_and_deletions_and_escapes():
    new = dict(BASE, headline="Soldiers <salute> at Mirae Hill & more")
    page = to_html(diff_snapshots(BASE, new))
    assert "&lt;" in page and "&gt;" in page and "&amp;" in page
    assert "<salute>" not in page
    assert "line-through" in page and "background-color:#c8f0c8" in page


def test_long_unchanged_body_stretches_are_folded():
    body = "\n".join(f"Line {i}." for i in range(50))
    new = dict(BASE, body=body + "\nAdded line.")
    page = to_html(diff_snapshots(dict(BASE, body=body), new))
    assert "unchanged lines" in page and "Added line." in page
    assert "Line 20." not in page


def test_a_large_body_diff_is_quick():
    words = " ".join(f"word{i}" for i in range(200))
    old = "\n\n".join(f"Paragraph {p}: {words}" for p in range(100))  # 20,000 words
    new = old.replace("Paragraph 50:", "Paragraph fifty:").replace("word7 ", "")
    segments = diff_lines(old, new)
    assert "".join(t for k, t in segments if k != "delete") == new


def test_word_diff_round_trips():
    old, new = "Le président a dit « non ».", "Le président n'a pas dit « oui »."
    segments = diff_words(old, new)
    assert "".join(t for k, t in segments if k != "insert") == old
    assert "".join(t for k, t in segments if k != "delete") == new


def test_replaced_values_read_old_to_new():
    page = to_html(diff_snapshots(BASE, dict(BASE, status="review")))
    assert "draft</span> → <span" in page
