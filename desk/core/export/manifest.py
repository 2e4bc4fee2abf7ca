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


@dataclass
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

    def to_bytes(self) -> bytes:
        """One file per line, so a person can read it and diff it; built from compact
        per-entry dumps because json's indenting encoder is pure Python and slow."""
        compact = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")}
        head = {"format": FORMAT, "generator": "Desk", "base_url": self.base_url}
        lines = [json.dumps(head, **compact)[:-1] + ',"files":{']
        text = _json_string
        rows = []
        for rel in sorted(self.files):
            e = self.files[rel]
            photos = f'"photos":[{",".join(map(str, e.photos))}],' if e.photos else ""
            # Hashes are hex and sizes are ints: only the strings need escaping.
            rows.append(f'{text(rel)}:{{"key":{text(e.key)},{photos}"sha256":{text(e.sha256)},'
                        f'"size":{int(e.size)},"source":{text(e.source)}}}')
        lines.append(",\n".join(rows))
        if self.index is None:
            lines.append("}}\n")
        else:
            lines.append("}," + _index_text(self.index) + "}\n")
        return "\n".join(lines).encode("utf-8")


def _index_text(index: dict[str, Any]) -> str:
    """The index, one article per line (most of its size); ASCII, so any text survives."""
    compact = {"sort_keys": True, "separators": (",", ":")}
    head = {k: v for k, v in index.items() if k != "articles"}
    articles = index.get("articles", [])
    body = ",\n".join(json.dumps(a, separators=(",", ":")) for a in articles)
    return f'"index":{json.dumps(head, **compact)[:-1]},"articles":[\n{body}]}}'


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
        for rel, e in data["files"].items():
            files[paths.check_relative(rel)] = Entry(
                str(e["sha256"]), int(e["size"]), str(e["key"]), str(e.get("source", "")),
                [int(p) for p in e.get("photos", [])])
        index = data.get("index")
        return Manifest(files, str(data.get("base_url", "")), index if isinstance(index, dict) else None)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExportError(f"{path} is damaged ({exc}); move it away and export with --full --force") from None
