"""The two times a published article shows: when it was published and when it last
changed. One rule for the page ("Updated", article:modified_time, JSON-LD dateModified),
the feeds (Atom <updated>) and the sitemaps (<lastmod>), so they never disagree.

No imports beyond the standard library: the export uses these without the renderer.
"""

from __future__ import annotations

import datetime as dt

# An edit this soon after publication (a typo fixed, a photo swapped) is not news: the
# page says "Updated" only for a change later than this.
UPDATED_AFTER = dt.timedelta(minutes=10)


def modified_time(published: dt.datetime | None, updated: dt.datetime) -> dt.datetime:
    """When the article last changed, as readers and search engines are told: never
    before its publication (an article written in advance and published later was
    last changed, for them, when it went out)."""
    if published is None:
        return updated
    return max(published, updated)


def shows_updated(published: dt.datetime | None, updated: dt.datetime) -> bool:
    """Whether the page shows an "Updated" time: for a draft (nothing else to show),
    or for a change more than UPDATED_AFTER after publication."""
    if published is None:
        return True
    return modified_time(published, updated) - published > UPDATED_AFTER
