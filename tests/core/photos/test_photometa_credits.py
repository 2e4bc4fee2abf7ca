"""Credit presets: every agency convention of the reference, the template syntax, and the
MaxPPP line from DESIGN.md reproduced exactly."""

from __future__ import annotations

import json

import pytest

from desk.core.photos.photometa import credits
from desk.core.photos.photometa.credits import (
    PresetError,
    choose_preset,
    compose_credit,
    detect_signoff,
    distributor_name,
    load_builtin_presets,
    preset_by_key,
    render_template,
    split_credit_chain,
)
from desk.core.photos.photometa.reader import read_photo
from desk.paths import resources_dir
from tests.photo_factory import agency_jpeg

PRESETS = load_builtin_presets()

MAXPPP_CAPTION = (
    "Soldiers salute at Mansu Hill in Pyongyang on April 15, 2024, as North Korea marks the 112th "
    "anniversary of the country's founder Kim Il Sung's birth. (Kyodo) ==Kyodo"
)
MAXPPP_LINE = (
    "©Kyodo/MAXPPP - 15/04/2024 ; Soldiers salute at Mansu Hill in Pyongyang on April 15, 2024, as North "
    "Korea marks the 112th anniversary of the country's founder Kim Il Sung's birth. (Kyodo) ==Kyodo "
    "(MaxPPP TagID: maxnewsworldsix198966.jpg) [Photo via MaxPPP]"
)


def test_maxppp_line_from_a_photo_exactly():
    data = agency_jpeg({110: "Kyodo/MAXPPP", 55: "20240415", 120: MAXPPP_CAPTION, 103: "maxnewsworldsix198966.jpg"})
    info = read_photo(data, "maxnewsworldsix198966.jpg")
    assert info.distributor == "MaxPPP"
    assert info.signoff == "(Kyodo) ==Kyodo"
    assert info.caption == MAXPPP_CAPTION  # kept as delivered, sign-off included
    key = choose_preset(info.credit_line, info.source, PRESETS)
    assert key == "maxppp"
    assert compose_credit(info, preset_by_key(key, PRESETS)) == MAXPPP_LINE


def test_maxppp_line_from_database_style_fields():
    row = {"credit_line": "Kyodo/MAXPPP", "date_created": "2024-04-15", "caption": MAXPPP_CAPTION,
           "agency_ref": "maxnewsworldsix198966.jpg", "distributor": "MaxPPP", "copyright_notice": "", "creator": []}
    assert compose_credit(row, preset_by_key("maxppp", PRESETS)) == MAXPPP_LINE


def test_maxppp_without_reference_or_date_drops_those_parts():
    row = {"credit_line": "AFP/MAXPPP", "caption": "Caption."}
    assert compose_credit(row, preset_by_key("maxppp", PRESETS)) == "©AFP/MAXPPP ; Caption. [Photo via MaxPPP]"


def test_override_always_wins():
    row = {"credit_line": "Kyodo/MAXPPP", "caption": MAXPPP_CAPTION}
    assert compose_credit(row, preset_by_key("maxppp", PRESETS), override="  Photo: the editor  ") == "Photo: the editor"


# credit line, caption ending with the sign-off, expected preset, expected sign-off
CONVENTIONS = [
    ("AP", "President speaks in Detroit. (AP Photo/Paul Sancya)", "ap", "(AP Photo/Paul Sancya)"),
    ("AP", "A file photo. (AP Photo/J. Scott Applewhite, File)", "ap", "(AP Photo/J. Scott Applewhite, File)"),
    ("The Gazette via AP", "Flooded streets. (Jane Doe/The Gazette via AP)", "ap", "(Jane Doe/The Gazette via AP)"),
    ("AFP", "Leaders meet in Paris. (Photo by Ludovic MARIN / AFP)", "afp", "(Photo by Ludovic MARIN / AFP)"),
    ("AFP", "Leaders meet in Paris. © Ludovic MARIN / AFP", "afp", "© Ludovic MARIN / AFP"),
    ("AFP", "Leaders meet in Paris. AFP PHOTO / LUDOVIC MARIN", "afp", "AFP PHOTO / LUDOVIC MARIN"),
    ("AFP via Getty Images", "Leaders meet in Paris. LUDOVIC MARIN/AFP via Getty Images", "getty",
     "LUDOVIC MARIN/AFP via Getty Images"),
    ("AFP/Getty Images", "Leaders meet. (Photo by Ludovic Marin/AFP via Getty Images)", "getty",
     "(Photo by Ludovic Marin/AFP via Getty Images)"),
    ("REUTERS", "Workers in Beijing. REUTERS/Tingshu Wang", "reuters", "REUTERS/Tingshu Wang"),
    ("REUTERS", "Workers in Beijing. REUTERS/Stringer CHINA OUT. NO COMMERCIAL OR EDITORIAL SALES IN CHINA",
     "reuters", "REUTERS/Stringer CHINA OUT. NO COMMERCIAL OR EDITORIAL SALES IN CHINA"),
    ("EPA", "Rally in Madrid. EPA/JUAN CARLOS HIDALGO", "epa", "EPA/JUAN CARLOS HIDALGO"),
    ("EPA-EFE", "Rally in Madrid. EPA-EFE/JUAN CARLOS HIDALGO", "epa", "EPA-EFE/JUAN CARLOS HIDALGO"),
    ("Kyodo", "Cherry blossoms in Tokyo. (Kyodo) ==Kyodo", "kyodo", "(Kyodo) ==Kyodo"),
    ("Yonhap", "Snow in Seoul. (Yonhap)", "yonhap", "(Yonhap)"),
    ("YONHAP", "A handout photo. (PHOTO NOT FOR SALE) (Yonhap)", "yonhap", "(PHOTO NOT FOR SALE) (Yonhap)"),
    ("Getty Images", "Fans cheer at Wembley. Photo by Jane Doe/Getty Images", "getty", "Photo by Jane Doe/Getty Images"),
    ("Bloomberg via Getty Images", "Traders at work. Jane Doe/Bloomberg via Getty Images", "getty",
     "Jane Doe/Bloomberg via Getty Images"),
    ("THE CANADIAN PRESS", "Parliament Hill in Ottawa. THE CANADIAN PRESS/Sean Kilpatrick", "canadian_press",
     "THE CANADIAN PRESS/Sean Kilpatrick"),
    ("Kyodo/MAXPPP", MAXPPP_CAPTION, "maxppp", "(Kyodo) ==Kyodo"),
]


@pytest.mark.parametrize("credit_line, caption, key, signoff", CONVENTIONS)
def test_agency_convention(credit_line, caption, key, signoff):
    assert choose_preset(credit_line, "", PRESETS) == key
    assert detect_signoff(caption, PRESETS) == signoff
    fields = {"credit_line": credit_line, "caption": caption, "creator": ["Someone Else"], "signoff": signoff}
    line = compose_credit(fields, preset_by_key(key, PRESETS))
    # The sign-off is there once: never appended a second time.
    assert line.count(signoff) == 1
    if key != "maxppp":
        assert line == caption


@pytest.mark.parametrize(
    "key, creator, expected",
    [
        ("ap", "Paul Sancya", "Caption. (AP Photo/Paul Sancya)"),
        ("afp", "Ludovic MARIN", "Caption. (Photo by Ludovic MARIN / AFP)"),
        ("reuters", "Tingshu Wang", "Caption. REUTERS/Tingshu Wang"),
        ("epa", "JUAN CARLOS HIDALGO", "Caption. EPA-EFE/JUAN CARLOS HIDALGO"),
        ("kyodo", "", "Caption. (Kyodo) ==Kyodo"),
        ("yonhap", "", "Caption. (Yonhap)"),
        ("getty", "Jane Doe", "Caption. Photo by Jane Doe/Getty Images"),
        ("canadian_press", "Sean Kilpatrick", "Caption. THE CANADIAN PRESS/Sean Kilpatrick"),
        ("generic", "Jane Doe", "Caption. (Photo: Jane Doe / Getty Images)"),
    ],
)
def test_missing_signoff_is_added_in_the_agency_form(key, creator, expected):
    fields = {"caption": "Caption.", "creator": [creator] if creator else [], "credit_line": "Getty Images"}
    assert compose_credit(fields, preset_by_key(key, PRESETS)) == expected


def test_creator_is_never_recased():
    fields = {"caption": "Caption.", "creator": ["LUDOVIC MARIN"]}
    assert compose_credit(fields, preset_by_key("afp", PRESETS)) == "Caption. (Photo by LUDOVIC MARIN / AFP)"


def test_signoff_without_creator_drops_the_name():
    assert compose_credit({"caption": "C."}, preset_by_key("ap", PRESETS)) == "C. (AP Photo)"
    assert compose_credit({"caption": "C."}, preset_by_key("afp", PRESETS)) == "C."
    assert compose_credit({}, preset_by_key("generic", PRESETS)) == ""
    assert compose_credit({"credit_line": "Desk"}, preset_by_key("generic", PRESETS)) == "(Photo: Desk)"


def test_other_agencys_signoff_in_the_caption_is_not_doubled():
    fields = {"caption": "Caption. (AP Photo/Paul Sancya)", "creator": ["Paul Sancya"], "credit_line": "AP"}
    assert compose_credit(fields, preset_by_key("generic", PRESETS)) == "Caption. (AP Photo/Paul Sancya)"


def test_signoff_text_anywhere_in_caption_is_not_appended():
    fields = {"caption": "REUTERS/Tingshu Wang took this in Beijing", "creator": ["Tingshu Wang"]}
    assert compose_credit(fields, preset_by_key("reuters", PRESETS)) == fields["caption"]


def test_no_signoff_detected_inside_ordinary_prose():
    assert detect_signoff("Protesters gathered in Paris. Reuters reported the number.", PRESETS) == ""
    assert detect_signoff("The agency (Yonhap) said it would report more.", PRESETS) == ""
    assert detect_signoff("", PRESETS) == ""
    assert detect_signoff("President speaks in Paris. (Photo by Ludovic MARIN / AFP)", PRESETS) == "(Photo by Ludovic MARIN / AFP)"


@pytest.mark.parametrize(
    "credit, expected",
    [
        ("Kyodo/MAXPPP", "MaxPPP"),
        ("AFP/Getty Images", "Getty Images"),
        ("Jane Doe/The Gazette via AP", "AP"),
        ("REUTERS", "Reuters"),
        ("EPA-EFE", "EPA"),
        ("© Picture Desk Ltd", "Picture Desk Ltd"),
        ("", ""),
    ],
)
def test_distributor_is_the_last_element_of_the_chain(credit, expected):
    assert distributor_name(credit, "", PRESETS) == expected


def test_chain_splitting_and_source_fallback():
    assert split_credit_chain("Name/Outlet via AP") == ["Name", "Outlet", "AP"]
    assert split_credit_chain("AFP / Getty Images") == ["AFP", "Getty Images"]
    assert choose_preset("Unknown Photo Agency", "Kyodo News", PRESETS) == "kyodo"
    assert choose_preset("Unknown Photo Agency", "", PRESETS) == "generic"
    assert choose_preset("Reuters/Someone Local", "", PRESETS) == "reuters"  # an earlier element still counts
    assert distributor_name("", "MAXPPP", PRESETS) == "MaxPPP"


# --- template syntax -----------------------------------------------------------------


def test_template_optional_sections_and_literals():
    values = {"caption": "Cap", "date": "", "credit_line": "AP", "distributor": "X"}
    assert render_template("[©{credit_line}][ - {date}][ ; {caption}]", values) == "©AP ; Cap"
    assert render_template("[ [[Photo via {distributor}]]]", values) == "[Photo via X]"
    assert render_template("{{literal}} {caption}", values) == "{literal} Cap"
    assert render_template("[a[ {date}] ]", values) == ""  # no field of its own, nested dropped
    assert render_template("[{caption}[ {date}]!]", values) == "Cap!"
    assert render_template("[ - {date}][ ; {caption}]", values) == "Cap"  # dangling separator trimmed
    assert render_template("{caption} {date}", values) == "Cap"


@pytest.mark.parametrize("bad", ["[{caption}", "{caption}]", "{nonsense}", "{caption", "x}"])
def test_template_errors(bad):
    with pytest.raises(PresetError):
        render_template(bad, {})


def test_builtin_presets_load_one_file_each():
    keys = [p["key"] for p in PRESETS]
    assert keys[-1] == "generic"
    assert sorted(keys) == sorted(
        ["afp", "ap", "reuters", "epa", "getty", "kyodo", "yonhap", "canadian_press", "maxppp", "generic"]
    )
    folder = resources_dir() / "presets"
    for preset in PRESETS:
        on_disk = json.loads((folder / f"{preset['key']}.json").read_text(encoding="utf-8"))
        assert on_disk == preset
        assert set(credits.REQUIRED_KEYS) <= set(preset)
    # Callers get their own copies.
    PRESETS[0]["name"] = "changed"
    assert load_builtin_presets()[0]["name"] != "changed"


def test_invalid_preset_is_refused():
    with pytest.raises(PresetError):
        credits.validate_preset({"key": "x"})
    broken = dict(preset_by_key("ap", load_builtin_presets()), signoff_patterns=["(unclosed"])
    with pytest.raises(PresetError):
        credits.validate_preset(broken)


def test_dates_in_preset_format():
    assert credits.format_date("2024-04-15T09:30:00+09:00", "%d/%m/%Y") == "15/04/2024"
    assert credits.format_date("2024-04", "%d/%m/%Y") == "2024-04"
    assert credits.format_date("", "%d/%m/%Y") == ""
