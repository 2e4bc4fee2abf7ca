"""Issue 21 item 3 and issue 20 item 2, on a whole exported site: text full of control
characters (as typed or pasted before the window cleaned it, or from an older Desk) and
hostile bodies give feeds and sitemaps that parse as XML and pages with no active
content."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from desk.core.articles import editing as articles
from desk.core.clean_text import clean_text, xml_text
from desk.core.export import export_site
from desk.core.export.feeds import escape, quoteattr
from tests.hostile_inputs import hostile_bodies

from tests.core.html5_check import active_content

CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\x7f\x85\x9f\ufffe\uffff"


def test_site_from_hostile_text_has_valid_feeds_and_safe_pages(db, tmp_path):
    bodies = [body for _, body in hostile_bodies(seed=21, n=30)]
    when = dt.datetime(2024, 4, 15, 8, 0, tzinfo=dt.timezone.utc)
    with db.write() as session:
        for i, body in enumerate(bodies):
            articles.create(
                session,
                headline=f"Headline {i} with a Word break\x0bhere and {CONTROLS[i % len(CONTROLS)]} more",
                standfirst=f"Standfirst\x0b{i}\x01 with <tags> & \"quotes\" {CONTROLS}",
                byline=f"Byline\x0c{i}",
                body=body,
                status="published",
                published_at=when + dt.timedelta(hours=i),
                category=f"World\x0b{i % 3} > Asia\x01",
                tags=[f"Tag\x0b{i % 4}"],
            )
    out = tmp_path / "site"
    export_site(db, out, base_url="https://news.example.org")
    xml_files = [out / name for name in ("feed.xml", "atom.xml", "sitemap.xml")]
    xml_files += sorted(out.glob("category/**/*.xml")) + sorted(out.glob("tag/**/*.xml"))
    for path in xml_files:
        if path.is_file():
            ET.parse(path)  # raises on any character XML does not allow
    assert (out / "feed.xml").is_file() and (out / "atom.xml").is_file()
    problems = {}
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        found = active_content(page.read_text(encoding="utf-8"))
        if found:
            problems[str(page.relative_to(out))] = found[:3]
    assert problems == {}


def test_xml_writers_drop_what_xml_forbids():
    text = "a" + CONTROLS + "b\t\n\r\u2028é"
    for written in (escape(text), quoteattr(text)):
        ET.fromstring(f"<x a={quoteattr(text)}>{written}</x>")
    assert xml_text("a\x0bb\x00c\ufffe") == "abc"
    assert xml_text("plain") == "plain"


def test_the_xmp_writer_drops_what_xml_forbids():
    from desk.core.photos.photometa import xmp

    hostile = "Soldiers\x0bsalute" + CONTROLS + "\ud800 (Kyodo) ==Kyodo\udfff"
    packet = xmp.build_packet({"caption": hostile, "creator": [hostile], "credit_line": "Kyodo/MAXPPP" + CONTROLS,
                               "keywords": [hostile], "city": "Pyongyang\x0c"})
    text = packet.decode("utf-8")
    start, end = text.index("<x:xmpmeta"), text.index("</x:xmpmeta>") + len("</x:xmpmeta>")
    ET.fromstring(text[start:end])
    read = xmp.read_single(packet)
    assert read is not None and read.warnings == [] and read.fields()["credit_line"] == "Kyodo/MAXPPP"


def test_clean_text_for_typing_paste_and_import():
    assert clean_text("Headline\x0bfrom Word") == "Headline from Word"
    assert clean_text("Line\r\nbreak\there") == "Line break here"
    assert clean_text("Body\x0bline\u2029para\x01.", multiline=True) == "Body\nline\npara."
    assert clean_text("Keeps\r\nCRLF\tand tabs", multiline=True) == "Keeps\r\nCRLF\tand tabs"
    text = "Nothing to do"
    assert clean_text(text) is text
