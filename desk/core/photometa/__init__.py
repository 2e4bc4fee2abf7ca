"""Photo metadata: reading agency credits from IIM, XMP and EXIF, composing credit lines,
and making renditions that carry the credit. Pure Python and Pillow; no Qt, no database.

Modules: jpeg (segment walker), iim, xmp, exif (one layer each), reader (read_photo:
merges the layers), credits (presets and the credit line), renditions (thumbnails and
web sizes with the credit embedded).
"""

from .credits import (
    PresetError,
    choose_preset,
    compose_credit,
    detect_signoff,
    distributor_name,
    load_builtin_presets,
    preset_by_key,
)
from .reader import PhotoError, PhotoInfo, read_photo
from .renditions import make_rendition, make_thumbnail

__all__ = [
    "PhotoError",
    "PhotoInfo",
    "PresetError",
    "choose_preset",
    "compose_credit",
    "detect_signoff",
    "distributor_name",
    "load_builtin_presets",
    "make_rendition",
    "make_thumbnail",
    "preset_by_key",
    "read_photo",
]
