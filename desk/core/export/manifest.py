"""The manifest: every file Desk wrote into the output folder, its hash and the hash of
what it was made from. Only files listed here are ever replaced or removed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk.core.export import paths
from desk.core.export.errors import ExportError

NAME = ".desk-export.json"
# The C string encoder behind json.dumps(str, ensure_ascii=False), without its overhead.
_json_string = json.encoder.encode_basestring
FORMAT = 1


@dataclass(slots=True)
class Entry:
    sha256: str
    size: int
    key: str  # hash of the inputs the file was made from
    source: str  # what it came from, for people: "article 12 v5", "photo 3", "listing"
    photos: list[int] = field(default_factory=list)  # photo ids an article page shows

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sha256": self.sha256, "size": self.size, "key": self.key,
                                "source": self.source}
        if self.photos:
            data["photos"] = self.photos
        return data


@dataclass
class Manifest:
    files: dict[str, Entry] = field(default_factory=dict)
    base_url: str = ""
    # What the files were made from, for the next incremental export (see quick.py):
    # the rows of every live article, digests of the tables, related blocks, photos.
    index: dict[str, Any] | None = None
    # The manifest this one replaces, as read from disk: entries that did not change
    # are written back as they were read, not encoded again (see to_bytes).
    previous: Manifest | None = field(default=None, repr=False, compare=False)
    # The bytes this manifest was read from, and (made on demand) its lines by file and
    # by article.
    _raw: bytes | None = field(default=None, repr=False, compare=False)
    _lines: dict[str, tuple[Entry, str]] | None = field(default=None, repr=False, compare=False)
    _article_lines: dict[int, tuple[list, str]] = field(default_factory=dict, repr=False, compare=False)

    def to_bytes(self) -> bytes:
        """One file per line, so a person can read it and diff it; built from compact
        per-entry dumps because json's indenting encoder is pure Python and slow."""
        previous = self.previous
        if previous is not None and previous._raw is not None:
            spliced = _splice(self, previous)
            if spliced is not None:
                return spliced
            previous._remember_lines()
        out = [_head_line(self.base_url)]
        rows = []
        cache = previous._lines if previous is not None and previous._lines else {}
        for rel in sorted(self.files):
            e = self.files[rel]
            known = cache.get(rel)
            if known is not None and known[0] is e:
                rows.append(known[1])
                continue
            rows.append(_file_line(rel, e))
        out.append(",\n".join(rows))
        if self.index is None:
            out.append("}}\n")
        else:
            cache_by_id = previous._article_lines if previous is not None else {}
            lines = []
            for article in self.index.get("articles", []):
                known = cache_by_id.get(article[0])
                if known is not None and (known[0] is article or known[0] == article):
                    lines.append(known[1])
                else:
                    lines.append(_COMPACT.encode(article))
            out.append(_index_head_line(self.index) + "\n" + ",\n".join(lines) + "]}}\n")
        return "\n".join(out).encode("utf-8")

    def _remember_lines(self) -> None:
        """Map the entries parsed from ``_raw`` to their lines, when the file has the
        layout to_bytes writes (anything else is simply encoded again)."""
        if self._lines is not None or self._raw is None:
            return
        self._lines = {}
        lines = self._raw.decode("utf-8").split("\n")
        files = self.files
        if len(lines) < len(files) + 2:
            return
        text = _json_string
        cache = self._lines
        for (rel, entry), line in zip(files.items(), lines[1:len(files) + 1]):
            prefix = text(rel)
            if not line.startswith(prefix) or line[len(prefix)] != ":":
                cache.clear()
                return
            cache[rel] = (entry, line[:-1] if line.endswith(",") else line)
        if self.index is None:
            return
        articles = self.index.get("articles")
        start = len(files) + 2
        if not isinstance(articles, list) or len(lines) < start + len(articles):
            return
        by_id = self._article_lines
        for article, line in zip(articles, lines[start:start + len(articles)]):
            if line.endswith("]}}"):
                line = line[:-3]
            elif line.endswith(","):
                line = line[:-1]
            if not (isinstance(article, list) and article and line.startswith(f"[{article[0]},")):
                by_id.clear()
                return
            by_id[article[0]] = (article, line)


_COMPACT = json.JSONEncoder(separators=(",", ":"))


def _head_line(base_url: str) -> str:
    head = {"format": FORMAT, "generator": "Desk", "base_url": base_url}
    return json.dumps(head, ensure_ascii=False, sort_keys=True, separators=(",", ":"))[:-1] + ',"files":{'


def _file_line(rel: str, e: Entry) -> str:
    text = _json_string
    photos = f'"photos":[{",".join(map(str, e.photos))}],' if e.photos else ""
    # Hashes are hex and sizes are ints: only the strings need escaping.
    return (f'{text(rel)}:{{"key":{text(e.key)},{photos}"sha256":{text(e.sha256)},'
            f'"size":{int(e.size)},"source":{text(e.source)}}}')


def _index_head_line(index: dict[str, Any]) -> str:
    """The line that closes the files and opens the index, up to its article rows (one
    per line, most of its size; ASCII, so any text survives)."""
    head = {k: v for k, v in index.items() if k != "articles"}
    return ('},"index":' + json.dumps(head, sort_keys=True, separators=(",", ":"))[:-1]
            + ',"articles":[')


def _splice(new: Manifest, old: Manifest) -> bytes | None:
    """``new`` written as the bytes of ``old`` with only the lines that changed replaced:
    an incremental export changes a few entries of a file of 20,000 lines. None when the
    two differ in more than entries (files added or removed, articles reordered), or
    when ``old`` was not written in to_bytes's layout."""
    raw = old._raw
    if (raw is None or new.index is None or old.index is None or new.base_url != old.base_url
            or new.files.keys() != old.files.keys()):
        return None
    articles, old_articles = new.index.get("articles"), old.index.get("articles")
    if not isinstance(articles, list) or not isinstance(old_articles, list) \
            or len(articles) != len(old_articles):
        return None
    head_end = raw.find(b"\n")
    index_at = raw.find(b'\n},"index":{')
    if head_end < 0 or index_at < 0 or raw[:head_end] != _head_line(old.base_url).encode("utf-8"):
        return None
    index_end = raw.find(b"\n", index_at + 1)
    if index_end < 0:
        return None
    # (start, end, replacement) of each line to replace, by position in the file.
    edits: list[tuple[int, int, bytes]] = []
    old_files = old.files
    # In the file's (sorted) order, so that each search starts where the last ended.
    search_from = head_end
    for rel in sorted(rel for rel, entry in new.files.items() if old_files[rel] is not entry):
        start = raw.find(b"\n" + _json_string(rel).encode("utf-8") + b":{", search_from, index_at + 1)
        if start < 0:
            return None
        end = raw.find(b"\n", start + 1)
        search_from = end
        if raw[end - 1:end] == b",":
            end -= 1
        edits.append((start + 1, end, _file_line(rel, new.files[rel]).encode("utf-8")))
    edits.append((index_at + 1, index_end, _index_head_line(new.index).encode("utf-8")))
    search_from = index_end
    for article, was in zip(articles, old_articles):
        if article is was or article == was:
            continue
        if not isinstance(article, list) or not article or not isinstance(was, list) \
                or not was or article[0] != was[0] or type(article[0]) is not int:
            return None
        start = raw.find(b"\n[%d," % article[0], search_from)
        if start < 0:
            return None
        end = raw.find(b"\n", start + 1)
        if end < 0:
            return None
        line_end = end - 1 if raw[end - 1:end] == b"," else end - 3
        if line_end == end - 3 and raw[line_end:end] != b"]}}":
            return None
        edits.append((start + 1, line_end, _COMPACT.encode(article).encode("utf-8")))
        search_from = end
    edits.sort()
    out, at = [], 0
    for start, end, text in edits:
        out += (raw[at:start], text)
        at = end
    out.append(raw[at:])
    return b"".join(out)


def load(path: Path) -> Manifest | None:
    """The manifest file ``path`` (or the one in folder ``path``, as written in place),
    None when there is none. A damaged one is an error: we would no longer know which
    files are ours."""
    if path.is_dir():
        path = path / NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ExportError(f"cannot read {path}: {exc.strerror}") from None
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}")
        files = {}
        check = paths.check_relative
        for rel, e in data["files"].items():
            # Converted only when not already of the right type (12,000 entries a run).
            sha, size, key, source = e["sha256"], e["size"], e["key"], e.get("source", "")
            photos = e.get("photos")
            if "/." in rel or "//" in rel or "\\" in rel or "\x00" in rel or rel[:1] in ("/", ".", "") \
                    or rel[-1:] == "/":
                check(rel)
            files[rel] = Entry(
                sha if type(sha) is str else str(sha), size if type(size) is int else int(size),
                key if type(key) is str else str(key), source if type(source) is str else str(source),
                [int(p) for p in photos] if photos else [])
        index = data.get("index")
        manifest = Manifest(files, str(data.get("base_url", "")), index if isinstance(index, dict) else None)
        manifest._raw = raw
        return manifest
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExportError(f"{path} is damaged ({exc}); move it away and export with --full --force") from None
