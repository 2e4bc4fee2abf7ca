"""The one owner of the `photo:N` body syntax and of /media/ rendition paths."""

from desk.core import sitepaths
from desk.core.render import photo_refs


def test_every_form_of_photo_reference_is_found_with_one_limit():
    body = ('![a](photo:12 "cap") text [link](photo:7) ![r][x]\n\n[x]: photo:900000000000000001\n'
            "not a ref: xphoto:5 /photo:6 photo:abc")
    assert photo_refs.photo_ids(body) == {12, 7, 900000000000000001}
    assert photo_refs.image_refs(body) == [("a", 12)]
    assert photo_refs.photo_id_of("photo:12") == 12
    assert photo_refs.photo_id_of("photo:12x") is None


def test_a_reference_written_is_found_and_removed():
    ref = photo_refs.reference(31, "A [b]\nc")
    assert ref == "![A b c](photo:31)"
    body = f"One\n\n{ref}\n\nTwo ![x](photo:310)"
    assert photo_refs.image_refs(body) == [("A b c", 31), ("x", 310)]
    assert photo_refs.has_reference(body, 31)
    assert photo_refs.remove_reference(body, 31) == "One\n\nTwo ![x](photo:310)"


def test_media_paths_are_read_back_as_written():
    path = sitepaths.media_path(42, 800, "WEBP")
    assert sitepaths.parse_media_path(path) == (42, 800, "WEBP")
    assert sitepaths.parse_media_path("/media/42-800.png") is None
    html = f'<img src="{sitepaths.media_path(3, 400)}" srcset="/media/9-1200.webp 1200w">'
    assert sitepaths.media_photo_ids(html) == {3, 9}
