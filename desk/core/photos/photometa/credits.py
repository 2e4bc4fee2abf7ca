"""Credit presets: choosing an agency's convention and composing the displayed line.

A preset (resources/presets/<key>.json) is a dict:

    key               stable identifier ("afp", "maxppp", "generic")
    name              display name, also the normalised distributor name ("MaxPPP")
    match             regexes; one matching a whole element of the credit chain
                      (case-insensitive) selects the preset
    template          the credit line, in the syntax below
    date_format       strftime format for {date}
    signoff_patterns  regexes for the sign-off that ends a caption; "{NAME}" stands for a
                      person's name (capitalised words, initials, particles)
    signoff_template  the sign-off to add when the caption has none ("" = never add one)

Template syntax
    {field}       the field's value; unknown fields are an error when the preset loads
    [ ... ]       optional section: dropped whole when any {field} directly inside it is
                  empty, or when it holds no field and all its nested sections dropped
    [[  ]]        a literal "[" / "]"     {{  }}  a literal "{" / "}"
    Pairs are read left to right, so "]]]" is a literal "]" then the end of a section.
After rendering, surrounding whitespace and separators left dangling at the start
(" ; ", " - ") are trimmed.

Fields: every text field of PhotoInfo (caption, credit_line, source, distributor,
copyright, agency_ref, headline, city, country, title, creator_title, signoff, ...), and
    creator           creators joined with ", "
    date              date_created formatted with the preset's date_format
    missing_signoff   the preset's signoff_template, or "" when the caption already ends
                      with a sign-off (any agency's) or already contains that text
    creator_credit    "Creator / Credit line", either alone when the other is empty
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
from typing import Any, Iterable, Mapping, Sequence

from desk.paths import resources_dir

GENERIC = "generic"
REQUIRED_KEYS = ("key", "name", "match", "template", "date_format", "signoff_patterns", "signoff_template")

# A person's name in a sign-off: up to five capitalised words or initials, with the
# lower-case particles of European names. A sentence's last word ("Paris.") never
# qualifies, which keeps the match from swallowing the caption.
NAME_PATTERN = (
    r"(?:(?:[A-ZÀ-ÖØ-Þ][\w'’-]*|[A-Z]\.|de|da|di|du|dos|das|van|von|der|den|le|la|del|bin|al|el|y)\s+){0,4}"
    r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
)

TEMPLATE_FIELDS = frozenset(
    {
        "caption", "credit_line", "source", "distributor", "copyright", "agency_ref", "headline",
        "city", "country", "title", "creator_title", "signoff", "instructions", "usage_terms",
        "alt_text", "keywords", "date_created", "creator", "date", "missing_signoff", "creator_credit",
    }
)


class PresetError(ValueError):
    """A preset file or template that cannot be used."""


# --- template ------------------------------------------------------------------------


@dataclasses.dataclass
class _Section:
    parts: list[Any]  # str (literal) | _Field | _Section


@dataclasses.dataclass
class _Field:
    name: str


@functools.lru_cache(maxsize=256)
def parse_template(template: str) -> _Section:
    root = _Section([])
    stack = [root]
    literal: list[str] = []

    def flush() -> None:
        if literal:
            stack[-1].parts.append("".join(literal))
            literal.clear()

    i = 0
    while i < len(template):
        pair = template[i : i + 2]
        char = template[i]
        if pair in ("[[", "]]", "{{", "}}"):
            literal.append(char)
            i += 2
            continue
        if char == "[":
            flush()
            section = _Section([])
            stack[-1].parts.append(section)
            stack.append(section)
        elif char == "]":
            if len(stack) == 1:
                raise PresetError(f"template: unmatched ']' at position {i}")
            flush()
            stack.pop()
        elif char == "{":
            end = template.find("}", i)
            if end == -1:
                raise PresetError(f"template: unclosed '{{' at position {i}")
            name = template[i + 1 : end].strip()
            if name not in TEMPLATE_FIELDS:
                raise PresetError(f"template: unknown field {{{name}}}")
            flush()
            stack[-1].parts.append(_Field(name))
            i = end
        elif char == "}":
            raise PresetError(f"template: unmatched '}}' at position {i}")
        else:
            literal.append(char)
        i += 1
    if len(stack) != 1:
        raise PresetError("template: unclosed '['")
    flush()
    return root


def _render(section: _Section, values: Mapping[str, str], optional: bool) -> str:
    out: list[str] = []
    has_field = False
    kept_nested = False
    for part in section.parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, _Field):
            value = values.get(part.name, "")
            if not value and optional:
                return ""
            has_field = True
            out.append(value)
        else:
            rendered = _render(part, values, optional=True)
            kept_nested = kept_nested or bool(rendered)
            out.append(rendered)
    if optional and not has_field and not kept_nested:
        return ""
    return "".join(out)


_DANGLING_START = re.compile(r"^[\s;,:·|–—-]+")


def render_template(template: str, values: Mapping[str, str]) -> str:
    rendered = _render(parse_template(template), values, optional=False)
    return _DANGLING_START.sub("", rendered).strip()


# --- presets -------------------------------------------------------------------------


def validate_preset(preset: Mapping[str, Any]) -> None:
    missing = [k for k in REQUIRED_KEYS if k not in preset]
    if missing:
        raise PresetError(f"preset {preset.get('key', '?')}: missing {', '.join(missing)}")
    parse_template(preset["template"])
    parse_template(preset["signoff_template"])
    for pattern in [*preset["match"], *preset["signoff_patterns"]]:
        try:
            re.compile(pattern.replace("{NAME}", NAME_PATTERN))
        except re.error as err:
            raise PresetError(f"preset {preset['key']}: bad pattern {pattern!r}: {err}") from None


@functools.lru_cache(maxsize=1)
def _builtin_presets() -> tuple[str, ...]:
    folder = resources_dir() / "presets"
    texts = []
    for path in sorted(folder.glob("*.json")):
        texts.append(path.read_text(encoding="utf-8"))
    return tuple(texts)


def load_builtin_presets() -> list[dict[str, Any]]:
    """The presets shipped in resources/presets, validated, generic last. Fresh dicts on
    every call, so callers may edit them."""
    presets = []
    for text in _builtin_presets():
        preset = json.loads(text)
        validate_preset(preset)
        presets.append(preset)
    presets.sort(key=lambda p: (p["key"] == GENERIC, p["key"]))
    return presets


def _presets(presets: Sequence[Mapping[str, Any]] | None) -> Sequence[Mapping[str, Any]]:
    return presets if presets is not None else load_builtin_presets()


def split_credit_chain(credit: str) -> list[str]:
    """'Kyodo/MAXPPP' -> ['Kyodo', 'MAXPPP']; 'Name/Outlet via AP' -> ['Name', 'Outlet', 'AP']."""
    credit = re.sub(r"^\s*(?:©|\(c\)|copyright)\s*", "", credit or "", flags=re.IGNORECASE)
    return [part.strip() for part in re.split(r"\s*/\s*|\s+via\s+", credit, flags=re.IGNORECASE) if part.strip()]


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern.replace("{NAME}", NAME_PATTERN), flags)


def _matching_preset(element: str, presets: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    for preset in presets:
        if any(_compiled(p, re.IGNORECASE).fullmatch(element) for p in preset["match"]):
            return preset
    return None


def choose_preset(credit_line: str, source: str, presets: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The key of the preset for this credit: the last element of the chain (the party
    that licensed the photo to us) decides, then earlier elements, then the source."""
    presets = _presets(presets)
    for text in (credit_line, source):
        for element in reversed(split_credit_chain(text)):
            found = _matching_preset(element, presets)
            if found is not None:
                return str(found["key"])
    return GENERIC


def distributor_name(credit_line: str, source: str = "", presets: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The last element of the credit chain, under its preset's display name if one
    matches ('Kyodo/MAXPPP' -> 'MaxPPP'); the source's when there is no credit."""
    chain = split_credit_chain(credit_line) or split_credit_chain(source)
    if not chain:
        return ""
    found = _matching_preset(chain[-1], _presets(presets))
    return str(found["name"]) if found is not None and found["key"] != GENERIC else chain[-1]


def detect_signoff(caption: str, presets: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The agency sign-off ending the caption ('(Kyodo) ==Kyodo'), or ''. When several
    conventions match, the longest (earliest-starting) wins."""
    text = (caption or "").rstrip()
    best: re.Match[str] | None = None
    for preset in _presets(presets):
        for pattern in preset["signoff_patterns"]:
            found = _compiled(rf"(?:{pattern})\s*$").search(text)
            if found and (best is None or found.start() < best.start()):
                best = found
    return best.group(0).strip() if best else ""


def format_date(iso: str, date_format: str) -> str:
    """An ISO 8601 date (or date-time) in the preset's format; partial dates unchanged."""
    iso = (iso or "").strip()
    try:
        return dt.date.fromisoformat(iso[:10]).strftime(date_format)
    except ValueError:
        return iso


def _as_dict(fields: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(fields) and not isinstance(fields, type):
        return dataclasses.asdict(fields)
    return dict(fields)


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v).strip() for v in value if str(v).strip())
    return "" if value is None else str(value).strip()


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def template_values(fields: Any, preset: Mapping[str, Any], presets: Sequence[Mapping[str, Any]] | None = None) -> dict[str, str]:
    """Everything a template can name, as text, for these fields under this preset."""
    data = _as_dict(fields)
    if "copyright" not in data and "copyright_notice" in data:  # the database's column name
        data["copyright"] = data["copyright_notice"]
    values = {name: _text(data.get(name)) for name in TEMPLATE_FIELDS}
    values["creator"] = _text(data.get("creator"))
    values["date"] = format_date(values["date_created"], preset.get("date_format") or "%Y-%m-%d")
    if not values["distributor"]:
        values["distributor"] = distributor_name(values["credit_line"], values["source"], presets) or (
            str(preset["name"]) if preset["key"] != GENERIC else ""
        )
    creator, credit = values["creator"], values["credit_line"]
    values["creator_credit"] = " / ".join(p for p in (creator, credit if _squash(credit) != _squash(creator) else "") if p)
    values["missing_signoff"] = ""
    caption = values["caption"]
    signoff_present = values["signoff"] or detect_signoff(caption, presets)
    if not signoff_present:
        signoff = render_template(preset.get("signoff_template", ""), {**values, "missing_signoff": ""})
        if signoff and _squash(signoff) not in _squash(caption):
            values["missing_signoff"] = signoff
    return values


def compose_credit(
    fields: Any,
    preset: Mapping[str, Any],
    override: str = "",
    presets: Sequence[Mapping[str, Any]] | None = None,
) -> str:
    """The credit line to display. ``fields`` is a PhotoInfo, or a mapping with the same
    names (the database row's ``copyright_notice`` is accepted for ``copyright``).

    The editor's override always wins. The caption is used as delivered; a sign-off it
    already carries is never appended again. ``presets`` (default: the built-in ones)
    supplies the sign-off conventions recognised in the caption.
    """
    if override and override.strip():
        return override.strip()
    return render_template(preset["template"], template_values(fields, preset, presets))


def preset_by_key(key: str, presets: Sequence[Mapping[str, Any]] | None = None) -> Mapping[str, Any]:
    for preset in _presets(presets):
        if preset["key"] == key:
            return preset
    raise KeyError(key)
