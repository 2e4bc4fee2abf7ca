"""One article as one HTML file that opens anywhere, offline: the renderer's page with
the stylesheet inlined and the images embedded as data: URLs.

The body sanitiser rightly refuses data: URLs, so the embedding happens here, on the
finished page, and touches only what the page itself points at (/media/ renditions,
the stylesheet link); links to the rest of the site become absolute.
"""

from __future__ import annotations

import base64
import html as html_lib
import re
from urllib.parse import urljoin

from sqlalchemy.orm import Session

from desk.core.site import pages
from desk.core.photos import records as photo_store
from desk.core.site import settings as site_settings
from desk.core.store.models import Article
from desk.core.render import assets
from desk.core.render.renderer import absolute_url, public_page

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*">')
_SRCSET = re.compile(r' (?:srcset|sizes)="[^"]*"')
_SOURCES = re.compile(r'<source [^>]*>|</?picture>')
# The page's images, linked relative to it (../../../../media/12-800.jpg).
_MEDIA_SRC = re.compile(r'src="(?:\./|(?:\.\./)*)(media/\d{1,12}-\d{1,5}\.(?:jpg|webp))"')
# Links to the site's own pages and files: relative (no scheme, not a fragment).
_SITE_HREF = re.compile(r'href="((?![a-zA-Z][a-zA-Z0-9+.-]*:|#|//)[^"]*)"')


def embed(page_html: str, base_url: str, image: callable, page_url: str = "/") -> str:
    """``page_html`` (the page at ``page_url``) made self-contained. ``image(path) ->
    (bytes, mime)`` gives the bytes of a /media/ path."""
    css = assets.site_css()
    out = _STYLESHEET.sub(lambda _m: "<style>\n" + css.replace("</", "<\\/") + "</style>",
                          public_page(page_html), count=1)
    # One image per figure is enough for a file: the srcset and WebP alternatives would
    # triple it.
    out = _SOURCES.sub("", _SRCSET.sub("", out))
    cache: dict[str, str] = {}

    def data_url(match: re.Match) -> str:
        path = "/" + html_lib.unescape(match.group(1))
        if path not in cache:
            data, mime = image(path)
            cache[path] = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        return f'src="{cache[path]}"'

    out = _MEDIA_SRC.sub(data_url, out)
    page = absolute_url(base_url, page_url)
    return _SITE_HREF.sub(lambda m: f'href="{html_lib.escape(urljoin(page, html_lib.unescape(m.group(1))))}"',
                          out)


def standalone_html(session: Session, article: Article) -> str:
    """The article page exactly as rendered, self-contained. Needs a write session when
    a rendition has to be made (it is stored for next time)."""
    settings = site_settings.load(session)
    page = pages.render_article(session, article, settings)

    def image(path: str) -> tuple[bytes, str]:
        parsed = photo_store.parse_media_path(path)
        if parsed is None:
            raise ValueError(path)
        photo_id, width, fmt = parsed
        return photo_store.rendition(session, photo_id, width, fmt)

    return embed(page, settings.base_url, image, pages.url_of(article, settings.tz))
