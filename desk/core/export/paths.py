"""From public URLs to files under the output folder, safely (see desk/core/sitepaths.py,
which the renderer's links use too, so every link points where the file really is)."""

from ..sitepaths import (  # noqa: F401
    MAX_COMPONENT_BYTES,
    article_url,
    author_url,
    category_url,
    check_relative,
    collision_key,
    file_for_url,
    paged_url,
    safe_component,
    tag_url,
)
