"""`desk photo import|list|show`: what was read, what was refused, and nothing half-stored."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desk.cli.run import main
from tests.photo_factory import (
    agency_jpeg,
    app1_xmp,
    app13,
    base_jpeg,
    iim_block,
    insert_after_app0,
    jpeg_with_size,
    png_bytes,
    png_header_only,
)
from tests.postgres import cli_db

REPO = Path(__file__).resolve().parents[2]
MANSU_HILL = REPO / "resources" / "demo" / "photos" / "mansu-hill.jpg"

MAXPPP_LINE = (
    "©Kyodo/MAXPPP - 15/04/2024 ; Soldiers salute at Mansu Hill in Pyongyang on April 15, 2024, "
    "as North Korea marks the 112th anniversary of the country's founder Kim Il Sung's birth. "
    "(Kyodo) ==Kyodo (MaxPPP TagID: maxnewsworldsix198966.jpg) [Photo via MaxPPP]"
)
MAXPPP_CAPTION = (
    "Soldiers salute at Mansu Hill in Pyongyang on April 15, 2024, as North Korea marks the 112th "
    "anniversary of the country's founder Kim Il Sung's birth. (Kyodo) ==Kyodo"
)
KEYS = {
    "file", "id", "creator", "creator_title", "credit_line", "source", "distributor", "copyright",
    "caption", "signoff", "date_created", "agency_ref", "instructions", "usage_terms", "keywords",
    "city", "country", "preset", "credit_text", "provenance", "warnings", "width", "height", "duplicate",
}


def run(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def photo_count(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM photos").fetchone()[0]


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def maxppp_iim_only() -> bytes:
    # Only IIM, as the issue states the example: credit, date, caption with sign-off, job id.
    return agency_jpeg({110: "Kyodo/MAXPPP", 55: "20240415", 120: MAXPPP_CAPTION,
                        103: "maxnewsworldsix198966.jpg"}, width=120, height=80)


def test_maxppp_example_is_reproduced_exactly(capsys, tmp_path, db_path):
    path = write(tmp_path, "maxppp.jpg", maxppp_iim_only())
    code, [record], err = run(capsys, "photo", "import", *cli_db(db_path), "--json", str(path))
    assert code == 0, err
    assert KEYS <= set(record)
    assert record["credit_text"] == MAXPPP_LINE
    assert record["preset"] == "maxppp"
    assert record["distributor"] == "MaxPPP"
    assert record["signoff"] == "(Kyodo) ==Kyodo"
    assert record["date_created"] == "2024-04-15"
    assert record["provenance"]["credit_line"] == "iim"
    assert (record["width"], record["height"], record["duplicate"]) == (120, 80, False)


def test_demo_photo_gives_the_same_line(capsys, db_path):
    code, [record], _ = run(capsys, "photo", "import", *cli_db(db_path), "--json", str(MANSU_HILL))
    assert code == 0 and record["credit_text"] == MAXPPP_LINE


def test_same_bytes_twice_are_stored_once(capsys, tmp_path, db_path):
    a = write(tmp_path, "a.jpg", maxppp_iim_only())
    b = write(tmp_path, "copy of a.jpg", maxppp_iim_only())
    code, records, _ = run(capsys, "photo", "import", *cli_db(db_path), "--json", str(a), str(b))
    assert code == 0
    assert [r["duplicate"] for r in records] == [False, True]
    assert records[0]["id"] == records[1]["id"]
    code, again, _ = run(capsys, "photo", "import", *cli_db(db_path), "--json", str(a))
    assert again[0]["duplicate"] is True and again[0]["id"] == records[0]["id"]
    assert photo_count(db_path) == 1


BAD = {
    "truncated.jpg": (lambda: agency_jpeg({120: "c"}, width=300, height=300)[:-400], "truncated JPEG"),
    "zeros.jpg": (lambda: b"\x00" * 4096, "only zero bytes"),
    "text.jpg": (lambda: b"<html>404 Not Found</html>\n", "holds text"),
    "empty.jpg": (lambda: b"", "0 bytes"),
    "bomb.jpg": (lambda: jpeg_with_size(50_000, 50_000), "decompression bomb"),
    "bomb.png": (lambda: png_header_only(50_000, 50_000), "decompression bomb"),
    "IMG_0001.HEIC": (lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
                      "HEIC is not supported"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_file_is_named_refused_and_the_batch_goes_on(capsys, tmp_path, db_path, name):
    make, reason = BAD[name]
    bad = write(tmp_path, name, make())
    good = write(tmp_path, "good.jpg", maxppp_iim_only())
    code, records, err = run(capsys, "photo", "import", *cli_db(db_path), "--json", str(bad), str(good))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and reason in lines[0]
    assert [r["file"] for r in records] == [str(good)]
    assert photo_count(db_path) == 1


def test_whole_bad_batch(capsys, tmp_path, db_path):
    paths = [str(write(tmp_path, name, make())) for name, (make, _) in BAD.items()]
    code, records, err = run(capsys, "photo", "import", *cli_db(db_path), "--json", *paths)
    assert code == 1 and records == []
    assert len(err.strip().splitlines()) == len(BAD)
    assert photo_count(db_path) == 0


def test_damaged_metadata_imports_with_warnings(capsys, tmp_path, db_path):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="&lol2;"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    files = [
        write(tmp_path, "malformed-xmp.jpg", insert_after_app0(
            agency_jpeg({110: "AFP"}), [app1_xmp(b"<x:xmpmeta><rdf:RDF><unclosed></x:xmpmeta>")])),
        write(tmp_path, "entities.jpg", insert_after_app0(base_jpeg(40, 30), [app1_xmp(laughs)])),
        write(tmp_path, "iim-overrun.jpg", agency_jpeg(extra_segments=[app13(
            iim_block({120: "kept caption"}) + b"\x1c\x02\x50\x7f\x00short", digest=None)])),
        write(tmp_path, "cmyk.jpg", agency_jpeg({110: "EPA-EFE"}, mode="CMYK", width=120, height=80)),
        write(tmp_path, "scan16.png", png_bytes(40, 20, mode="I;16", value=32896)),
    ]
    code, records, err = run(capsys, "photo", "import", *cli_db(db_path), "--json", *map(str, files))
    assert code == 0, err
    by_name = {Path(r["file"]).name: r for r in records}
    assert by_name["malformed-xmp.jpg"]["credit_line"] == "AFP"
    assert any("malformed XML" in w for w in by_name["malformed-xmp.jpg"]["warnings"])
    assert by_name["entities.jpg"]["credit_line"] == ""
    assert any("unsafe XML" in w for w in by_name["entities.jpg"]["warnings"])
    assert by_name["iim-overrun.jpg"]["caption"] == "kept caption"
    assert any("2:80" in w for w in by_name["iim-overrun.jpg"]["warnings"])
    assert by_name["cmyk.jpg"]["credit_line"] == "EPA-EFE" and by_name["cmyk.jpg"]["width"] == 120
    assert (by_name["scan16.png"]["width"], by_name["scan16.png"]["height"]) == (40, 20)
    assert photo_count(db_path) == 5


def test_no_existing_path_is_a_usage_error(capsys, tmp_path, db_path):
    code, records, err = run(capsys, "photo", "import", *cli_db(db_path), str(tmp_path / "nope.jpg"))
    assert code == 2 and records == [] and "nope.jpg" in err


def test_missing_file_among_good_ones(capsys, tmp_path, db_path):
    good = write(tmp_path, "good.jpg", maxppp_iim_only())
    code, records, err = run(capsys, "photo", "import", *cli_db(db_path), "--json",
                             str(tmp_path / "gone.jpg"), str(good))
    assert code == 1 and len(records) == 1 and "gone.jpg" in err


def test_usage_without_files(capsys, db_path):
    assert main(["photo", "import", *cli_db(db_path)]) == 2
    assert "FILE" in capsys.readouterr().err
    assert main(["photo", *cli_db(db_path)]) == 2


def test_shared_fixtures_import(capsys, db_path, shared_fixtures):
    files = sorted((shared_fixtures / "iptc").glob("*.jpg"))
    code, records, err = run(capsys, "photo", "import", *cli_db(db_path), "--json", *map(str, files))
    assert code == 0, err
    by_name = {Path(r["file"]).name: r for r in records}
    ref = by_name["IPTC-PhotometadataRef-Std2021.1.jpg"]
    assert ref["creator"] == ["Creator1 (ref2021.1)"]
    assert ref["credit_line"] == "Credit Line (ref2021.1)"
    assert ref["instructions"] == "An Instruction (ref2021.1)"
    assert ref["keywords"] == ["Keyword1ref2021.1", "Keyword2ref2021.1", "Keyword3ref2021.1"]
    unicode = by_name["IMAGING-168_unicode_keywords.jpg"]
    assert unicode["creator"] == ["Yavuz Kavuş"]
    assert {"谢谢", "با تشکر", "ありがとう", "תודה"} <= set(unicode["keywords"])


def test_list_and_show(capsys, tmp_path, db_path):
    restricted = write(tmp_path, "r.jpg", agency_jpeg({110: "REUTERS", 40: "CHINA OUT", 120: "Cap"}))
    plain = write(tmp_path, "p.jpg", maxppp_iim_only())
    assert main(["photo", "import", *cli_db(db_path), str(restricted), str(plain)]) == 0
    capsys.readouterr()
    code, [rows], _ = run(capsys, "photo", "list", *cli_db(db_path), "--json")
    assert code == 0 and {r["file"] for r in rows} == {"r.jpg", "p.jpg"}
    code, [rows], _ = run(capsys, "photo", "list", *cli_db(db_path), "--json", "--restricted")
    assert [r["file"] for r in rows] == ["r.jpg"]
    code, [rows], _ = run(capsys, "photo", "list", *cli_db(db_path), "--json", "--search", "tagid")
    assert rows == []
    code, [rows], _ = run(capsys, "photo", "list", *cli_db(db_path), "--json", "--search", "maxnewsworld")
    assert [r["file"] for r in rows] == ["p.jpg"]
    photo_id = rows[0]["id"]
    code, [shown], _ = run(capsys, "photo", "show", *cli_db(db_path), "--json", str(photo_id))
    assert code == 0 and shown["credit_text"] == MAXPPP_LINE and KEYS - {"duplicate"} <= set(shown)
    assert main(["photo", "show", *cli_db(db_path), "999"]) == 2
    assert "no photo with id 999" in capsys.readouterr().err


# --- every file is its own unit (issue 15) ----------------------------------------------


def deep_xmp_jpeg(levels: int = 4000) -> bytes:
    inner = "<a>" * levels + "x" + "</a>" * levels
    packet = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="AFP">'
              b"<photoshop:Headline>" + inner.encode() + b"</photoshop:Headline></rdf:Description></rdf:RDF></x:xmpmeta>")
    return insert_after_app0(base_jpeg(40, 30), [app1_xmp(packet)])


def cut_scan_jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((200, 120), 60).convert("RGB").save(out, "JPEG", quality=90)
    data = out.getvalue()
    sos = data.find(b"\xff\xda")
    return data[: sos + (len(data) - sos) // 2] + b"\xff\xd9"


def test_deep_xmp_does_not_end_the_batch(capsys, tmp_path, db_path):
    # It used to raise RecursionError: a traceback, exit 1, and the later files never read.
    deep = write(tmp_path, "deep.jpg", deep_xmp_jpeg())
    bad = write(tmp_path, "cut.jpg", cut_scan_jpeg())
    good = write(tmp_path, "good.jpg", maxppp_iim_only())
    code, records, err = run(capsys, "photo", "import", *cli_db(db_path), "--json", str(deep), str(bad), str(good))
    assert code == 1
    assert [Path(r["file"]).name for r in records] == ["deep.jpg", "good.jpg"]
    assert records[0]["credit_line"] == "AFP"
    assert any("nested deeper than" in w for w in records[0]["warnings"])
    [line] = err.strip().splitlines()
    assert line.startswith(f"desk: {bad}: truncated JPEG: the image data ends early")
    assert photo_count(db_path) == 2  # the refused file left nothing behind


def test_a_bug_in_desk_is_its_own_exit_status_and_the_batch_goes_on(capsys, tmp_path, db_path, monkeypatch):
    from desk.core.photos import importing as photo_import

    real = photo_import.read_photo

    def broken(data: bytes, filename: str = ""):
        if filename == "trigger.jpg":
            raise KeyError("unexpected")
        return real(data, filename)

    monkeypatch.setattr(photo_import, "read_photo", broken)
    trigger = write(tmp_path, "trigger.jpg", base_jpeg())
    bad = write(tmp_path, "zeros.jpg", b"\x00" * 100)
    good = write(tmp_path, "good.jpg", maxppp_iim_only())
    code, records, err = run(capsys, "photo", "import", *cli_db(db_path), "--json", str(trigger), str(bad), str(good))
    assert code == 3
    assert [Path(r["file"]).name for r in records] == ["good.jpg"]
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"desk: {trigger}: Desk failed reading this file (KeyError")
    assert "this is a bug in Desk" in lines[0]
    assert str(bad) in lines[1] and "only zero bytes" in lines[1]
    assert "hit a bug in Desk" in lines[2]
    assert photo_count(db_path) == 1


def test_a_file_name_with_a_newline_keeps_its_refusal_on_one_line(capsys, tmp_path, db_path):
    bad = write(tmp_path, "evil\nname.jpg", b"\x00" * 100)
    good = write(tmp_path, "tab\tname.jpg", maxppp_iim_only())
    code = main(["photo", "import", *cli_db(db_path), str(bad), str(good)])
    out, err = capsys.readouterr()
    assert code == 1
    [line] = err.strip().splitlines()
    assert "evil\\nname.jpg: not an image" in line
    [printed] = out.strip().splitlines()
    assert printed.startswith(f"{tmp_path}/tab\\tname.jpg\timported as photo ")


def test_control_characters_never_reach_the_output(capsys, tmp_path, db_path):
    path = write(tmp_path, "ctrl.jpg", agency_jpeg({120: b"Bell\x07 escape\x1b[2J vertical\x0btab", 110: "AP\x1b"}))
    code, [record], err = run(capsys, "photo", "import", *cli_db(db_path), "--json", str(path))
    assert code == 0, err
    assert record["caption"] == "Bell escape verticaltab" and record["credit_line"] == "AP"
    assert any("control characters removed" in w for w in record["warnings"])
    main(["photo", "show", *cli_db(db_path), str(record["id"])])
    shown = capsys.readouterr().out
    assert not any(ch in shown for ch in "\x07\x1b\x0b")


def test_decoder_messages_name_the_file(capfd, tmp_path, db_path):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((64, 64), 40).convert("RGB").save(out, "TIFF", compression="tiff_lzw")
    data = bytearray(out.getvalue())
    for i in range(200, 600, 7):
        data[i] ^= 0x5A
    bad = write(tmp_path, "broken-lzw.tif", bytes(data))
    code = main(["photo", "import", *cli_db(db_path), str(bad)])
    err = capfd.readouterr().err
    assert code == 1
    [line] = err.strip().splitlines()  # libtiff's own message is inside the file's line
    assert line.startswith(f"desk: {bad}: cannot decode the image")
