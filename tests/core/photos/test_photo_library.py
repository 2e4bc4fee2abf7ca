"""Library search: text over the credit fields, agency and "missing" filters, paging."""

from __future__ import annotations

import pytest

from desk.core.photos import finder as photo_library, records as photos
from desk.core.photos.finder import MISSING_ALT, MISSING_CREDIT, RESTRICTED, Query
from tests.photo_factory import agency_jpeg


def add(db, name: str, iim: dict, **edits) -> int:
    with db.write() as session:
        photo, _ = photos.store(session, agency_jpeg(iim, width=40, height=30), name)
        if edits:
            photos.update_fields(session, photo.id, **edits)
        return photo.id


@pytest.fixture
def library(db):
    ids = {
        "ap": add(db, "ap.jpg", {80: ["Paul Sancya"], 110: "AP", 120: "Detroit. (AP Photo/Paul Sancya)"}),
        "kyodo": add(db, "kyodo.jpg", {110: "Kyodo/MAXPPP", 120: "Salute. (Kyodo) ==Kyodo",
                                       103: "maxnewsworldsix198966.jpg"}, alt_text="Soldiers saluting"),
        "reuters": add(db, "reuters.jpg", {80: ["Tyrone Siu"], 110: "REUTERS", 40: "CHINA OUT",
                                           120: "Hong Kong skyline"}),
        "nothing": add(db, "nothing.jpg", {120: "An unattributed picture"}),
        "accent": add(db, "accent.jpg", {80: ["Yavuz Kavuş"], 110: "AFP", 120: "Istanbul"}),
    }
    return ids


def found(db, query: Query) -> set[int]:
    with db.read() as session:
        rows = photo_library.search(session, query)
        assert photo_library.count(session, query) == len(rows)
        return {r.id for r in rows}


def test_text_search_covers_caption_credit_creator_source_and_reference(db, library):
    assert found(db, Query(text="detroit")) == {library["ap"]}
    assert found(db, Query(text="maxppp")) == {library["kyodo"]}
    assert found(db, Query(text="SANCYA")) == {library["ap"]}
    assert found(db, Query(text="maxnewsworldsix")) == {library["kyodo"]}
    assert found(db, Query(text="Kavuş")) == {library["accent"]}
    assert found(db, Query(text="100%")) == set()  # LIKE wildcards are taken literally
    assert found(db, Query()) == set(library.values())


def test_agency_filter_by_preset_key_or_distributor(db, library):
    assert found(db, Query(agency="maxppp")) == {library["kyodo"]}
    assert found(db, Query(agency="MaxPPP")) == {library["kyodo"]}
    assert found(db, Query(agency="reuters")) == {library["reuters"]}
    with db.read() as session:
        keys = {key for key, _ in photo_library.agencies(session)}
    assert {"ap", "maxppp", "reuters", "afp"} <= keys


def test_flag_filters(db, library):
    assert found(db, Query(flags=(RESTRICTED,))) == {library["reuters"]}
    assert found(db, Query(flags=(MISSING_CREDIT,))) == {library["nothing"]}
    assert library["kyodo"] not in found(db, Query(flags=(MISSING_ALT,)))
    assert found(db, Query(text="skyline", flags=(MISSING_ALT, RESTRICTED))) == {library["reuters"]}
    with db.write() as session:
        photos.update_fields(session, library["nothing"], credit_override="Desk staff")
    assert found(db, Query(flags=(MISSING_CREDIT,))) == set()
    with pytest.raises(ValueError):
        found(db, Query(flags=("bogus",)))


def test_rows_and_paging(db, library):
    with db.read() as session:
        first = photo_library.search(session, Query(), offset=0, limit=2)
        rest = photo_library.search(session, Query(), offset=2, limit=10)
    assert len(first) == 2 and len(rest) == 3
    assert not {r.id for r in first} & {r.id for r in rest}
    reuters = next(r for r in rest + first if r.id == library["reuters"])
    assert reuters.restricted and not reuters.has_alt and reuters.creator == ("Tyrone Siu",)
    assert reuters.preset == "reuters" and (reuters.width, reuters.height) == (40, 30)
