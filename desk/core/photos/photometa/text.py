"""Text values as Desk keeps them: control characters out, placeholders recognised.

Rules (docs/photo-metadata.md gives the reasons):

* Control characters (C0 but tab and line feed, DEL, C1, U+FFFE/U+FFFF) are removed,
  escape sequences whole:
  IIM and EXIF carry raw bytes (ESC, BEL, VT are seen), and XML cannot hold them, so a
  rendition's XMP would not be well-formed. CR and CR LF become LF.
* A placeholder counts as empty: no letter or digit ("-", "...", "’"), "n/a"-like fillers, a
  value that is only a language tag ("x-default", "en-US"), a field's own name
  ("Caption", "Copyright"), and in a caption a camera's stamp ("OLYMPUS DIGITAL CAMERA").
  Keywords are never judged: "photo" is a keyword like any other.
"""

from __future__ import annotations

import re

# Escape sequences go whole: a terminal's (CSI "ESC [ 0 m", OSC "ESC ] ... BEL") and
# ISO 2022's character-set switches ("ESC ( B", "ESC % G") that legacy IIM writers embed;
# removing only the ESC would leave "[0m" in a caption.
_ESCAPES = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)?|\x1b[ -/]+[0-~]|\x1b[@-Z\\\\^_]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# "x-default", "fr-FR", "zh-Hans", "es-419": a lower-case language and a region or script.
# A bare "en" or "me" may be a name; case matters: "EPA-EFE" is an agency, not a language.
_LANGUAGE_TAG = re.compile(r"^(?:x-default|[a-z]{2,3}(?:-[A-Z][a-z]{3}(?:-(?:[A-Za-z]{2}|\d{3}))?|-(?:[A-Za-z]{2}|\d{3})))$")

FILLERS = frozenset({"n/a", "na", "n.a.", "none", "null", "nil", "unknown", "untitled", "no caption",
                     "no description", "no title", "(none)", "xxx", "default", "no instructions",
                     "no restrictions", "no reference", "no credit", "no source", "no headline"})
# The field's own name, as writers leave it in an empty form.
OWN_NAMES: dict[str, frozenset[str]] = {
    "caption": frozenset({"caption", "description", "caption/description", "caption-abstract",
                          "image description", "abstract", "legende", "légende"}),
    "creator": frozenset({"creator", "author", "artist", "by-line", "byline", "photographer", "name"}),
    "creator_title": frozenset({"by-line title", "byline title", "title", "position", "job title", "authors position"}),
    "copyright": frozenset({"copyright", "copyright notice", "(c)", "©", "rights", "copyright (c)", "all rights reserved"}),
    "credit_line": frozenset({"credit", "credit line", "provider"}),
    "source": frozenset({"source"}),
    "headline": frozenset({"headline", "title"}),
    "title": frozenset({"title", "object name", "document title"}),
    "city": frozenset({"city"}),
    "country": frozenset({"country", "country name"}),
    "instructions": frozenset({"instructions", "special instructions"}),
    "agency_ref": frozenset({"job id", "job identifier", "transmission reference", "reference"}),
    "usage_terms": frozenset({"usage terms", "rights usage terms", "terms"}),
    "alt_text": frozenset({"alt text", "alt text (accessibility)", "alternative text"}),
}
# What cameras write into ImageDescription, and tools then copy into the IPTC caption.
CAMERA_STAMPS = frozenset({
    "olympus digital camera", "sony dsc", "digital camera", "minolta digital camera",
    "kodak digital still camera", "samsung digital camera", "nikon digital camera",
    "konica minolta digital camera", "digimax", "sanyo digital camera", "hp digital camera",
    "casio qv digital camera", "exif_jpeg_picture",
})
NOT_JUDGED = frozenset({"keywords"})


def clean(text: str) -> tuple[str, bool]:
    """(text with CR LF → LF and control characters removed, whether any were removed)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _CONTROL.sub("", _ESCAPES.sub("", text)) if "\x1b" in text else _CONTROL.sub("", text)
    return cleaned, cleaned != text


def placeholder_reason(field: str, value: str) -> str:
    """Why ``value`` is a placeholder in ``field`` ("" when it is a real value)."""
    if field in NOT_JUDGED:
        return ""
    squashed = " ".join(value.split())
    folded = squashed.casefold()
    if not folded:
        return ""
    if not any(ch.isalnum() for ch in folded):
        return "no letter or digit"
    if folded in FILLERS:
        return "a filler"
    if field not in ("city", "country") and _LANGUAGE_TAG.match(squashed):
        return "only a language tag"
    if folded.rstrip(":") in OWN_NAMES.get(field, ()):
        return "the field's own name"
    if field == "caption" and folded in CAMERA_STAMPS:
        return "a camera's stamp"
    return ""


def is_placeholder(text: str, field: str = "caption") -> bool:
    """True for an empty value or a placeholder in ``field`` (the caption by default)."""
    return not text.strip() or bool(placeholder_reason(field, text))
