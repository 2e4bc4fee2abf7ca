"""RSS 2.0, Atom, sitemap.xml and robots.txt: text built by hand, escaped by the
standard library, dated by the articles (never "now") so exports are reproducible."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desk.core.clean_text import xml_text

FEED_SIZE = 20
SITEMAP_LIMIT = 50000  # URLs per sitemap file, by the protocol


@dataclass(frozen=True)
class FeedImage:
    url: str  # absolute
    length: int  # bytes, as RSS enclosures require
    mime: str
    width: int
    height: int
    credit: str
    alt: str


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str  # absolute
    published: dt.datetime
    updated: dt.datetime
    summary: str
    author: str = ""
    category: str = ""
    image: FeedImage | None = None
    # The article's language when it is not the feed's (languages.article_language).
    language: str = ""


@dataclass(frozen=True)
class Feed:
    title: str
    home: str  # absolute URL of the page the feed follows
    self_url: str  # absolute URL of the feed itself
    description: str
    language: str
    items: list[FeedItem]
    # The author of entries without a byline: the newsroom, as the page's JSON-LD says.
    publisher: str = ""


# xml.sax.saxutils' escape and quoteattr, here because importing that module pulls in
# urllib and http.client: most exports write a sitemap and no feed. Every text and
# attribute of the feeds and sitemaps goes through escape, so they can hold only
# characters XML allows (a vertical tab pasted from Word made feed.xml unreadable).
def escape(data: str) -> str:
    return xml_text(data).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in data:
        if "'" in data:
            return '"%s"' % data.replace('"', "&quot;")
        return "'%s'" % data
    return '"%s"' % data


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.timezone.utc)


def _rfc822(moment: dt.datetime) -> str:
    from email.utils import format_datetime

    return format_datetime(_utc(moment))


def _iso(moment: dt.datetime) -> str:
    return _utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


def _newest(feed: Feed) -> dt.datetime:
    # An empty feed still needs a stable date: the epoch, not the time of the export.
    return max((i.updated for i in feed.items), default=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))


def rss(feed: Feed) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        f"<title>{escape(feed.title)}</title>",
        f"<link>{escape(feed.home)}</link>",
        f"<description>{escape(feed.description)}</description>",
        f"<language>{escape(feed.language)}</language>",
        f"<lastBuildDate>{_rfc822(_newest(feed))}</lastBuildDate>",
        f'<atom:link href={quoteattr(feed.self_url)} rel="self" type="application/rss+xml"/>',
    ]
    for item in feed.items:
        out += [
            "<item>",
            f"<title>{escape(item.title)}</title>",
            f"<link>{escape(item.url)}</link>",
            f'<guid isPermaLink="true">{escape(item.url)}</guid>',
            f"<pubDate>{_rfc822(item.published)}</pubDate>",
            f"<description>{escape(item.summary)}</description>",
        ]
        if item.author:
            out.append(f"<dc:creator>{escape(item.author)}</dc:creator>")
        if item.language and item.language != feed.language:
            out.append(f"<dc:language>{escape(item.language)}</dc:language>")
        if item.category:
            out.append(f"<category>{escape(item.category)}</category>")
        if item.image:
            img = item.image
            out += [
                f"<enclosure url={quoteattr(img.url)} length=\"{img.length}\" type={quoteattr(img.mime)}/>",
                f"<media:content url={quoteattr(img.url)} medium=\"image\" type={quoteattr(img.mime)} "
                f"width=\"{img.width}\" height=\"{img.height}\">",
                f"<media:description>{escape(img.alt)}</media:description>",
                f"<media:credit>{escape(img.credit)}</media:credit>",
                "</media:content>",
            ]
        out.append("</item>")
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def atom(feed: Feed) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" '
        f"xml:lang={quoteattr(feed.language)}>",
        f"<title>{escape(feed.title)}</title>",
        f"<subtitle>{escape(feed.description)}</subtitle>",
        f"<id>{escape(feed.self_url)}</id>",
        f'<link rel="alternate" type="text/html" href={quoteattr(feed.home)}/>',
        f'<link rel="self" type="application/atom+xml" href={quoteattr(feed.self_url)}/>',
        f"<updated>{_iso(_newest(feed))}</updated>",
    ]
    for item in feed.items:
        lang = f" xml:lang={quoteattr(item.language)}" if item.language and item.language != feed.language else ""
        out += [
            f"<entry{lang}>",
            f"<title>{escape(item.title)}</title>",
            f'<link rel="alternate" type="text/html" href={quoteattr(item.url)}/>',
            f"<id>{escape(item.url)}</id>",
            f"<published>{_iso(item.published)}</published>",
            f"<updated>{_iso(item.updated)}</updated>",
            f"<author><name>{escape(item.author or feed.publisher or feed.title)}</name></author>",
            f"<summary>{escape(item.summary)}</summary>",
        ]
        if item.category:
            out.append(f"<category term={quoteattr(item.category)}/>")
        if item.image:
            img = item.image
            out += [
                f"<link rel=\"enclosure\" type={quoteattr(img.mime)} length=\"{img.length}\" "
                f"href={quoteattr(img.url)}/>",
                f"<media:content url={quoteattr(img.url)} medium=\"image\" type={quoteattr(img.mime)} "
                f"width=\"{img.width}\" height=\"{img.height}\">",
                f"<media:credit>{escape(img.credit)}</media:credit>",
                "</media:content>",
            ]
        out.append("</entry>")
    out += ["</feed>", ""]
    return "\n".join(out)


def sitemap(entries: list[tuple[str, dt.datetime | None]]) -> str:
    """(absolute URL, last modified) pairs; the protocol allows 50,000 URLs per file."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in entries:
        lastmod = f"<lastmod>{_iso(modified)}</lastmod>" if modified else ""
        out.append(f"<url><loc>{escape(url)}</loc>{lastmod}</url>")
    out += ["</urlset>", ""]
    return "\n".join(out)


@dataclass(frozen=True)
class NewsEntry:
    url: str  # absolute
    title: str
    published: dt.datetime


NEWS_WINDOW = dt.timedelta(days=2)  # Google News: articles of the last two days
NEWS_LIMIT = 1000  # URLs per news sitemap


def news_cutoff(now: dt.datetime) -> str:
    """The oldest publication time the news sitemap lists, as the database stores times
    (naive UTC text, which compares as text): two days before ``now``."""
    return (now - NEWS_WINDOW).astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(
        sep=" ", timespec="microseconds")


def news_language(language: str) -> str:
    """The language as Google News wants it: ISO 639 (en, fr), zh-cn or zh-tw for Chinese."""
    parts = (language or "en").lower().replace("_", "-").split("-")
    if parts[0] == "zh":
        return "zh-tw" if any(p in ("tw", "hk", "hant") for p in parts[1:]) else "zh-cn"
    return parts[0]


def news_sitemap(publication: str, language: str, entries: list[NewsEntry]) -> str:
    """A Google News sitemap: the articles published in the last two days."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for entry in entries:
        out.append(
            f"<url><loc>{escape(entry.url)}</loc><news:news><news:publication>"
            f"<news:name>{escape(publication)}</news:name><news:language>{escape(news_language(language))}"
            f"</news:language></news:publication><news:publication_date>{_iso(entry.published)}"
            f"</news:publication_date><news:title>{escape(entry.title)}</news:title></news:news></url>")
    out += ["</urlset>", ""]
    return "\n".join(out)


def sitemap_index(urls: list[tuple[str, dt.datetime | None]]) -> str:
    """The index of several sitemaps, for sites past the 50,000-URL limit of one."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in urls:
        lastmod = f"<lastmod>{_iso(modified)}</lastmod>" if modified else ""
        out.append(f"<sitemap><loc>{escape(url)}</loc>{lastmod}</sitemap>")
    out += ["</sitemapindex>", ""]
    return "\n".join(out)


def robots(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
