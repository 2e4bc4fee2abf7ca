"""Photo metadata: reading agency credits from IIM, XMP and EXIF, composing credit lines,
and making renditions that carry the credit. Pure Python and Pillow; no Qt, no database.

Modules: jpeg (segment walker), iim, xmp, exif (one layer each), reader (read_photo:
merges the layers), credits (presets and the credit line), renditions (thumbnails and
web sizes with the credit embedded).
"""

import importlib
from typing import Any

# Names are loaded on first use: reading credits needs no Pillow, and the window should
# not pay for importing it at start-up.
_EXPORTS = {
    "PresetError": "credits", "choose_preset": "credits", "compose_credit": "credits",
    "detect_signoff": "credits", "distributor_name": "credits",
    "load_builtin_presets": "credits", "preset_by_key": "credits",
    "PhotoError": "reader", "PhotoInfo": "reader", "read_photo": "reader",
    "make_rendition": "renditions", "make_thumbnail": "renditions",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
