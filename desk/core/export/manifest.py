"""The manifest: every file Desk wrote into the output folder, its hash and the hash of
what it was made from. Only files listed here are ever replaced or removed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .errors import ExportError

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
    # The lines of the file this manifest was read from, by file and by article: an
    # entry that did not change is written back as it was read, not encoded again.
    _lines: dict[str, tuple[Entry, str]] = field(default_factory=dict, repr=False, compare=False)
    _article_lines: dict[int, tuple[list, str]] = field(default_factory=dict, repr=False, compare=False)

    def to_bytes(self) -> bytes:
        """One file per line, so a person can read it and diff it; built from compact
        per-entry dumps because json's indenting encoder is pure Python and slow."""
        compact = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")}
        head = {"format": FORMAT, "generator": "Desk", "base_url": self.base_url}
        out = [json.dumps(head, **compact)[:-1] + ',"files":{']
        text = _json_string
        rows = []
        cache = self._lines
        for rel in sorted(self.files):
            e = self.files[rel]
            known = cache.get(rel)
            if known is not None and known[0] is e:
                rows.append(known[1])
                continue
            photos = f'"photos":[{",".join(map(str, e.photos))}],' if e.photos else ""
            # Hashes are hex and sizes are ints: only the strings need escaping.
            rows.append(f'{text(rel)}:{{"key":{text(e.key)},{photos}"sha256":{text(e.sha256)},'
                        f'"size":{int(e.size)},"source":{text(e.source)}}}')
        out.append(",\n".join(rows))
        if self.index is None:
            out.append("}}\n")
        else:
            out.append("}," + self._index_text() + "}\n")
        return "\n".join(out).encode("utf-8")

    def _index_text(self) -> str:
        """The index, one article per line (most of its size); ASCII, so any text survives."""
        index = self.index or {}
        head = {k: v for k, v in index.items() if k != "articles"}
        encode = _COMPACT.encode
        cache = self._article_lines
        lines = []
        for article in index.get("articles", []):
            known = cache.get(article[0])
            if known is not None and (known[0] is article or known[0] == article):
                lines.append(known[1])
            else:
                lines.append(encode(article))
        return ('"index":' + json.dumps(head, sort_keys=True, separators=(",", ":"))[:-1]
                + ',"articles":[\n' + ",\n".join(lines) + "]}")


_COMPACT = json.JSONEncoder(separators=(",", ":"))


def _remember_lines(manifest: Manifest, raw: bytes) -> None:
    """Map the entries just parsed to their lines in ``raw``, when the file has the
    layout to_bytes writes (anything else is simply encoded again)."""
    lines = raw.decode("utf-8").split("\n")
    files = manifest.files
    if len(lines) < len(files) + 2:
        return
    text = _json_string
    cache = manifest._lines
    for (rel, entry), line in zip(files.items(), lines[1:len(files) + 1]):
        prefix = text(rel)
        if not line.startswith(prefix) or line[len(prefix)] != ":":
            cache.clear()
            return
        cache[rel] = (entry, line[:-1] if line.endswith(",") else line)
    if manifest.index is None:
        return
    articles = manifest.index.get("articles")
    start = len(files) + 2
    if not isinstance(articles, list) or len(lines) < start + len(articles):
        return
    by_id = manifest._article_lines
    for article, line in zip(articles, lines[start:start + len(articles)]):
        if line.endswith("]}}"):
            line = line[:-3]
        elif line.endswith(","):
            line = line[:-1]
        if not (isinstance(article, list) and article and line.startswith(f"[{article[0]},")):
            by_id.clear()
            return
        by_id[article[0]] = (article, line)


def load(out: Path) -> Manifest | None:
    """The manifest in ``out``, None when there is none. A damaged one is an error: we
    would no longer know which files are ours."""
    path = out / NAME
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
        _remember_lines(manifest, raw)
        return manifest
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExportError(f"{path} is damaged ({exc}); move it away and export with --full --force") from None
