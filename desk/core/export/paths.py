"""From public URLs to files under the output folder, safely (see desk/core/site/addresses.py,
which the renderer's links use too, so every link points where the file really is)."""

from desk.core.site.addresses import (
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
