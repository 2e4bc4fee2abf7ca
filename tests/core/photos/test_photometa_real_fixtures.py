"""The two public test images in ../shared/fixtures/iptc (see SOURCES.md there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.photos.photometa.credits import choose_preset, compose_credit, preset_by_key
from desk.core.photos.photometa.reader import read_photo
from desk.core.photos.photometa.renditions import make_rendition, make_thumbnail

REPO_ROOT = Path(__file__).resolve().parents[3]


def _fixtures_dir() -> Path:
    # ../shared next to the checkout; a git worktree nested one level deeper
    # (e.g. wt/photos) finds the same folder further up.
    for parent in REPO_ROOT.parents:
        candidate = parent / "shared" / "fixtures" / "iptc"
        if candidate.is_dir():
            return candidate
    return REPO_ROOT.parent / "shared" / "fixtures" / "iptc"


FIXTURES = _fixtures_dir()


def fixture(name: str) -> bytes:
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"{path} is not available in this checkout")
    return path.read_bytes()


def test_iptc_reference_image():
    info = read_photo(fixture("IPTC-PhotometadataRef-Std2021.1.jpg"), "IPTC-PhotometadataRef-Std2021.1.jpg")
    assert (info.format, info.width, info.height) == ("JPEG", 2000, 1000)
    assert info.iim_digest == "absent"
    assert info.creator == ["Creator1 (ref2021.1)"]
    assert info.credit_line == "Credit Line (ref2021.1)"
    assert info.source == "Source (ref2021.1)"
    assert info.copyright == "Copyright (Notice) 2021.1 IPTC - www.iptc.org  (ref2021.1)"
    assert info.caption == "The description aka caption (ref2021.1)"
    assert info.headline == "The Headline (ref2021.1)"
    assert info.agency_ref == "Job Id (ref2021.1)"
    assert info.instructions == "An Instruction (ref2021.1)"
    assert info.date_created == "2021-10-20T21:01:01+00:00"
    assert info.city == "City (Core) (ref2021.1)"
    assert info.keywords == ["Keyword1ref2021.1", "Keyword2ref2021.1", "Keyword3ref2021.1"]
    assert info.usage_terms == "Rights Usage Terms (ref2021.1)" and info.provenance["usage_terms"] == "xmp"
    assert info.alt_text.startswith("This is the Alt Text description")
    assert info.warnings == []  # IIM and XMP agree everywhere
    assert choose_preset(info.credit_line, info.source) == "generic"
    line = compose_credit(info, preset_by_key("generic"))
    assert line == "The description aka caption (ref2021.1) (Photo: Creator1 (ref2021.1) / Credit Line (ref2021.1))"


def test_unicode_keywords_image():
    info = read_photo(fixture("IMAGING-168_unicode_keywords.jpg"), "IMAGING-168_unicode_keywords.jpg")
    assert info.iim_digest == "match"
    assert info.creator == ["Yavuz Kavuş"]
    assert info.caption == "Unicode Characters Test: İ ı Ş ş Ç ç Ê ê Î î Ğ ğ Ö ö Ü ü"
    assert info.date_created.startswith("2021-03-14")
    assert info.keywords == ["Thanks", "Sipas", "Teşekkürler", "谢谢", "با تشکر", "Aitäh", "Dzięki", "شكرا", "ありがとう", "תודה"]
    assert not [w for w in info.warnings if "Windows-1252" in w or "Latin-1" in w]


def test_reference_image_credit_survives_a_rendition():
    data = fixture("IPTC-PhotometadataRef-Std2021.1.jpg")
    info = read_photo(data)
    rendition, w, h = make_rendition(data, 800, "JPEG", info.credit_fields())
    assert (w, h) == (800, 400)
    again = read_photo(rendition)
    for name in ("creator", "credit_line", "source", "copyright", "caption", "usage_terms", "alt_text", "headline"):
        assert getattr(again, name) == getattr(info, name), name
    thumb, tw, th = make_thumbnail(data)
    assert (tw, th) == (320, 160) and thumb[:2] == b"\xff\xd8"
