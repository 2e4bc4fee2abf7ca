"""The manifest writer: an incremental export rewrites only the lines that changed, and
the result is byte for byte what encoding the whole manifest gives."""

from __future__ import annotations

from desk.core.export import manifest as manifest_io
from desk.core.export.manifest import Entry, Manifest


def _sample() -> Manifest:
    files = {f"2024/01/{n:02d}/story-{n}/index.html": Entry(f"{n:064x}", 1000 + n, f"{n + 7:064x}",
                                                            f"article {n} v1", [n] if n % 3 == 0 else [])
             for n in range(1, 40)}
    files["category/caf\u00e9/index.html"] = Entry("a" * 64, 5, "b" * 64, "category listing")
    files['tag/"quoted"/index.html'] = Entry("c" * 64, 6, "d" * 64, "tag listing")
    index = {"version": 1, "sig": "s", "photos": {}, "nav": [["World", "/category/world/"]],
             "articles": [[n, f"story-{n}", f"Headline {n} \u00e9\u201c", "", "", None, "2024", "2024", 1, 1,
                           f"/2024/01/{n:02d}/story-{n}/", [n + 1]] for n in range(1, 40)]}
    return Manifest(files, "https://example.org", index)


def _read(tmp_path, manifest: Manifest) -> Manifest:
    (tmp_path / manifest_io.NAME).write_bytes(manifest.to_bytes())
    read = manifest_io.load(tmp_path)
    assert read is not None
    return read


def test_unchanged_manifest_is_written_as_read(tmp_path):
    old = _read(tmp_path, _sample())
    again = Manifest(dict(old.files), old.base_url, old.index, previous=old)
    assert again.to_bytes() == old._raw


def test_changed_entries_and_articles_are_spliced_into_the_same_bytes(tmp_path):
    old = _read(tmp_path, _sample())
    files = dict(old.files)
    rels = sorted(files)
    for rel in (rels[0], rels[17], rels[-1]):  # first, middle and last lines
        e = files[rel]
        files[rel] = Entry("e" * 64, e.size + 1, e.key, e.source + " \u00fc", [4, 5])
    articles = list(old.index["articles"])
    for n in (0, 20, len(articles) - 1):
        articles[n] = [*articles[n][:2], "Changed \u201cheadline\u201d", *articles[n][3:]]
    index = {**old.index, "articles": articles, "sig": "changed"}
    new = Manifest(files, old.base_url, index, previous=old)
    spliced = new.to_bytes()
    assert manifest_io._splice(new, old) == spliced  # not encoded again
    assert spliced == Manifest(files, old.base_url, index).to_bytes()
    assert manifest_io.load(_write(tmp_path, spliced)).files == files


def test_added_or_removed_files_are_encoded_again(tmp_path):
    old = _read(tmp_path, _sample())
    files = dict(old.files)
    del files[sorted(files)[3]]
    files["robots.txt"] = Entry("f" * 64, 9, "0" * 64, "robots")
    new = Manifest(files, old.base_url, old.index, previous=old)
    assert new.to_bytes() == Manifest(files, old.base_url, old.index).to_bytes()


def _write(tmp_path, data: bytes):
    (tmp_path / manifest_io.NAME).write_bytes(data)
    return tmp_path
