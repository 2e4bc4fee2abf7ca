"""The photo panel: typing in the fields, the composed line following live, provenance
badges, restrictions, preset and override, and saves that lose nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desk.core.photos import records as photos
from desk.ui.photos.credit_panel import PhotoPanel
from tests.photo_factory import agency_jpeg

REPO = Path(__file__).resolve().parents[3]
MAXPPP_LINE = (
    "©Kyodo/MAXPPP - 15/04/2024 ; Soldiers salute at Mansu Hill in Pyongyang on April 15, 2024, "
    "as North Korea marks the 112th anniversary of the country's founder Kim Il Sung's birth. "
    "(Kyodo) ==Kyodo (MaxPPP TagID: maxnewsworldsix198966.jpg) [Photo via MaxPPP]"
)


def store(db, data: bytes, name: str) -> int:
    with db.write() as session:
        return photos.store(session, data, name)[0].id


def saved(db, photo_id):
    with db.read() as session:
        photo = photos.get(session, photo_id)
        return (photos.fields_of(photo), dict(photo.provenance), photos.credit_text(photo),
                (photo.preset.key if photo.preset else None, photo.credit_override))


@pytest.fixture
def panel(qtbot, db):
    widget = PhotoPanel(db)
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show()
    return widget


@pytest.fixture
def mansu(db):
    return store(db, (REPO / "resources/demo/photos/mansu-hill.jpg").read_bytes(), "mansu-hill.jpg")


def test_shows_fields_provenance_and_the_composed_line(panel, mansu):
    panel.set_photo(mansu)
    assert panel.composed_text() == MAXPPP_LINE
    assert panel.edits["credit_line"].text() == "Kyodo/MAXPPP"
    assert panel.badges["credit_line"].text() == "XMP"
    assert panel.badges["creator"].text() == ""
    assert panel.preset.currentData() == "maxppp"
    assert not panel.alt_required.isHidden()  # no alt text yet: required before publishing
    assert panel.restrictions.isHidden()


def test_typing_updates_the_line_live_and_saves_debounced(qtbot, db, panel, mansu):
    panel.set_photo(mansu)
    edit = panel.edits["agency_ref"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "maxnews42.jpg")
    assert "(MaxPPP TagID: maxnews42.jpg)" in panel.composed_text()  # before any save
    assert panel.badges["agency_ref"].text() == "edited"
    with qtbot.waitSignal(panel.photo_changed, timeout=10000) as changed:
        pass
    assert changed.args == [mansu]
    fields, provenance, line, _ = saved(db, mansu)
    assert fields["agency_ref"] == "maxnews42.jpg" and provenance["agency_ref"] == "editor"
    assert line == panel.composed_text()


def test_alt_text_and_creators(qtbot, db, panel, mansu):
    panel.set_photo(mansu)
    qtbot.keyClicks(panel.edits["alt_text"], "Rows of soldiers saluting before two statues")
    qtbot.keyClicks(panel.edits["creator"], "KIM Jae-hwan; Lee Jin-man")
    assert panel.alt_required.isHidden()
    assert panel.flush()
    fields, provenance, _, _ = saved(db, mansu)
    assert fields["alt_text"] == "Rows of soldiers saluting before two statues"
    assert fields["creator"] == ["KIM Jae-hwan", "Lee Jin-man"]  # not re-cased
    assert fields["caption"].endswith("(Kyodo) ==Kyodo")  # the caption is a separate field
    assert provenance["creator"] == "editor"


def test_override_wins_and_preset_can_be_changed(qtbot, db, panel, mansu):
    panel.set_photo(mansu)
    qtbot.keyClicks(panel.override, "Kyodo via MaxPPP")
    assert panel.composed_text() == "Kyodo via MaxPPP"
    panel.override.selectAll()
    qtbot.keyClick(panel.override, Qt.Key.Key_Backspace)
    assert panel.composed_text() == MAXPPP_LINE
    panel.preset.setCurrentIndex(panel.preset.findData("generic"))
    generic_line = panel.composed_text()
    # The generic preset adds nothing to a caption that already ends with its sign-off.
    assert generic_line != MAXPPP_LINE and generic_line.endswith("(Kyodo) ==Kyodo")
    assert panel.flush()
    _, _, line, (preset, override) = saved(db, mansu)
    assert preset == "generic" and line == generic_line and override == ""


def test_restrictions_banner(qtbot, db, panel):
    photo_id = store(db, agency_jpeg({110: "REUTERS", 40: "CHINA OUT", 120: "Skyline"}), "r.jpg")
    panel.set_photo(photo_id)
    assert not panel.restrictions.isHidden()
    assert "never published" in panel.restrictions.text() and "CHINA OUT" in panel.restrictions.text()
    assert "CHINA OUT" not in panel.composed_text()
    panel.edits["instructions"].setFocus()
    panel.edits["instructions"].selectAll()
    qtbot.keyClick(panel.edits["instructions"], Qt.Key.Key_Delete)
    assert panel.restrictions.isHidden()


def test_bad_date_is_not_saved_and_marked(qtbot, db, panel, mansu):
    panel.set_photo(mansu)
    date = panel.edits["date_created"]
    date.selectAll()
    qtbot.keyClicks(date, "15/04/2024")
    assert "ISO 8601" in panel.save_state.text()
    assert panel.flush()
    assert saved(db, mansu)[0]["date_created"] == "2024-04-15"
    date.selectAll()
    qtbot.keyClicks(date, "2024-04-16")
    assert "16/04/2024" in panel.composed_text()
    assert panel.flush()
    assert saved(db, mansu)[0]["date_created"] == "2024-04-16"


def test_switching_photos_saves_first(qtbot, db, panel, mansu):
    other = store(db, agency_jpeg({110: "AFP", 120: "Paris"}), "afp.jpg")
    panel.set_photo(mansu)
    panel.edits["source"].setFocus()
    panel.edits["source"].end(False)
    qtbot.keyClicks(panel.edits["source"], " Agency")
    panel.set_photo(other)  # before the debounce fired
    assert saved(db, mansu)[0]["source"] == "Kyodo Agency"
    assert panel.edits["credit_line"].text() == "AFP"
    panel.set_photo(None)
    assert not panel.isEnabled() and panel.composed_text() == ""
    panel.set_photo(9999)
    assert panel.photo_id is None and "no photo with id 9999" in panel.info.text()


def test_keyboard_reaches_every_field(panel, mansu):
    panel.set_photo(mansu)
    for name, edit in panel.edits.items():
        assert edit.focusPolicy() & Qt.FocusPolicy.TabFocus, name
        assert edit.accessibleName()
    assert panel.preset.accessibleName() and panel.override.accessibleName()
