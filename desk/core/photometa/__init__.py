"""Photo metadata: reading agency credits from IIM, XMP and EXIF, composing credit lines,
and making renditions that carry the credit. Pure Python and Pillow; no Qt, no database.

Entry points: reader.read_photo, credits.compose_credit / choose_preset /
load_builtin_presets, renditions.make_thumbnail / make_rendition.
"""
