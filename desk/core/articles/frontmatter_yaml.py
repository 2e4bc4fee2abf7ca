"""Front matter YAML, read from the parser's events with every limit checked first.

PyYAML's loaders build whatever the text asks for: an alias bomb (nine levels of
``&a [*b, *b, ...]``) expands to billions of values, ``!!timestamp abc`` reaches a
traceback, a 5,000-digit number hits Python's integer limit, and YAML 1.1 reads
``slug: 010`` as the number 8 and ``1:30`` as 90. Desk's front matter needs none of that:
this reader walks the events of libyaml's parser and builds only mappings, lists and text
(every scalar exactly as written; a plain empty, ``~`` or ``null`` is None). Anchors,
aliases and tags are refused before any value is built, and the size, depth and number of
values are bounded, so reading costs at most a little more than the text's length.
Each value carries the line it starts on, for one-line messages.
"""

from __future__ import annotations

from typing import Any

import yaml

from desk.core.errors import InputError

# The parser in C when libyaml is there (it is in the PyYAML wheels): events are built in
# C, ten times faster than the pure-Python parser on a 10,000-file import.
_PARSER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

MAX_HEADER_CHARS = 256 * 1024  # a standfirst of a few thousand words fits many times
MAX_VALUES = 2_000  # scalars, lists and mappings together
MAX_DEPTH = 3  # the front matter, hero's mapping, a list inside it
MAX_SCALAR_CHARS = 64 * 1024

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class Text(str):
    """A scalar as written, with the (1-based, in the file) line it starts on."""

    line: int


class Seq(list):
    line: int


class Map(dict):
    """A mapping; ``key_lines`` gives the line of each key."""

    line: int
    key_lines: dict[str, int]


def load(header: str, *, path: str, first_line: int = 2) -> Any:
    """The value of ``header`` (YAML text whose first line is line ``first_line`` of the
    file ``path``): a Map, Seq, Text or None. Any problem is an InputError naming the
    file and line."""

    def fail(message: str, mark: Any = None) -> InputError:
        line = first_line + mark.line if mark is not None else None
        return InputError(message, path=path, line=line)

    if len(header) > MAX_HEADER_CHARS:
        raise InputError(f"front matter is over {MAX_HEADER_CHARS // 1024} KB", path=path, line=first_line)
    parser = _PARSER(header)
    stack: list[Any] = []  # open collections; a Map's pending key is kept beside it
    keys: list[Text | None] = []
    result: Any = None
    values = documents = 0
    done = False
    try:
        while parser.check_event():
            event = parser.get_event()
            kind = type(event)
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail("front matter holds more than one YAML document", event.start_mark)
                continue
            if kind is yaml.AliasEvent:
                raise fail(f"YAML aliases (*{event.anchor}) are not accepted in front matter",
                           event.start_mark)
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                value = stack.pop()
                keys.pop()
                if not stack:
                    result, done = value, True
                else:
                    _add(stack[-1], keys, value, fail, event.start_mark)
                continue
            # A node: scalar, or the start of a list or mapping.
            if getattr(event, "anchor", None) is not None:
                raise fail(f"YAML anchors (&{event.anchor}) are not accepted in front matter",
                           event.start_mark)
            tag = getattr(event, "tag", None)
            if tag is not None and not (kind is yaml.ScalarEvent and tag == "!"):
                raise fail(f"YAML tags ({_short_tag(tag)}) are not accepted in front matter",
                           event.start_mark)
            values += 1
            if values > MAX_VALUES:
                raise fail(f"front matter holds more than {MAX_VALUES} values", event.start_mark)
            line = first_line + event.start_mark.line
            if kind is yaml.ScalarEvent:
                if len(event.value) > MAX_SCALAR_CHARS:
                    raise fail(f"a value is over {MAX_SCALAR_CHARS // 1024} KB", event.start_mark)
                if event.implicit[0] and event.value in _NULLS:  # plain, not quoted
                    value = None
                else:
                    value = Text(event.value)
                    value.line = line
                if not stack:
                    result, done = value, True
                else:
                    _add(stack[-1], keys, value, fail, event.start_mark)
                continue
            if len(stack) >= MAX_DEPTH:
                raise fail(f"front matter nests deeper than {MAX_DEPTH} levels", event.start_mark)
            collection: Map | Seq = Map() if kind is yaml.MappingStartEvent else Seq()
            collection.line = line
            if isinstance(collection, Map):
                collection.key_lines = {}
            stack.append(collection)
            keys.append(None)
    except yaml.reader.ReaderError as exc:
        line = first_line + header[: exc.position].count("\n")
        char = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
        raise InputError(f"front matter is not valid YAML: character U+{char:04X} is not allowed",
                         path=path, line=line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "not valid YAML"
        raise fail(f"front matter is not valid YAML: {problem}", mark) from None
    finally:
        parser.dispose()
    if not done and stack:  # cannot happen with a well-formed event stream
        raise InputError("front matter is not valid YAML", path=path, line=first_line)
    return result


def _add(parent: Map | Seq, keys: list[Text | None], value: Any, fail: Any, mark: Any) -> None:
    if isinstance(parent, Seq):
        parent.append(value)
        return
    key = keys[-1]
    if key is None:
        # This value is a key.
        if not isinstance(value, Text):
            raise fail("front matter keys must be names", mark)
        if value in parent:
            raise fail(f"front matter key {str(value)!r} is given twice", mark)
        keys[-1] = value
        parent.key_lines[str(value)] = value.line
        return
    parent[str(key)] = value
    keys[-1] = None


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag
