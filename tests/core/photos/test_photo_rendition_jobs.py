"""Web renditions in worker processes: every size and format, credit embedded, stale ones
remade, damaged originals reported, cancel honoured."""

from __future__ import annotations

import concurrent.futures as futures

import pytest
from sqlalchemy import select

from desk.core.photos import records as photos, rendition_jobs
from desk.core.store.models import Rendition
from desk.core.photos.photometa.reader import read_photo
from desk.core.photos.photometa.renditions import make_rendition, make_renditions
from tests.photo_factory import agency_jpeg, png_bytes

CREDIT = {110: "Kyodo/MAXPPP", 55: "20240415", 120: "Salute. (Kyodo) ==Kyodo", 103: "maxnews1.jpg",
          40: "NO ARCHIVES"}


def store(db, data: bytes, name: str) -> int:
    with db.write() as session:
        return photos.store(session, data, name)[0].id


def web_rows(db, photo_id):
    with db.read() as session:
        return {(r.width, r.format): r.credit_hash for r in session.scalars(
            select(Rendition).where(Rendition.photo_id == photo_id, Rendition.kind == "web"))}


def test_one_decode_gives_the_same_sizes_and_credit_as_one_by_one():
    data = agency_jpeg(CREDIT, width=2000, height=1000)
    credit = read_photo(data).credit_fields()
    made = make_renditions(data, [(400, "WEBP"), (1600, "JPEG"), (800, "JPEG")], credit)
    assert [(w, f, width, height) for w, f, _, width, height in made] == [
        (400, "WEBP", 400, 200), (1600, "JPEG", 1600, 800), (800, "JPEG", 800, 400)]
    single = make_rendition(data, 800, "JPEG", credit)
    assert single[1:] == made[2][3:]
    back = read_photo(made[2][2])
    assert back.credit_line == "Kyodo/MAXPPP" and back.iim_digest == "match"
    assert back.instructions == ""  # restrictions never travel with a published file
    assert read_photo(made[0][2]).credit_line == "Kyodo/MAXPPP"


def test_alpha_png_keeps_alpha_in_webp_and_flattens_in_jpeg():
    data = png_bytes(100, 50, mode="RGBA", value=(255, 0, 0, 0))
    (_, _, webp, _, _), (_, _, jpeg, _, _) = make_renditions(data, [(50, "WEBP"), (50, "JPEG")], {})
    assert read_photo(webp).format == "WEBP" and read_photo(jpeg).format == "JPEG"


@pytest.fixture(scope="module")
def pool():
    with rendition_jobs.new_pool(2) as executor:
        yield executor


def test_make_all_in_processes_then_only_what_is_stale(db, pool):
    big = store(db, agency_jpeg(CREDIT, width=1700, height=900), "big.jpg")
    small = store(db, agency_jpeg({110: "AP"}, width=500, height=300), "small.jpg")
    ticks = []
    report = rendition_jobs.make_all(db, [big, small, big], pool, progress=lambda d, t: ticks.append((d, t)))
    assert report.failed == {} and not report.cancelled
    assert report.made == 6 + 4 and report.photos == 2
    assert set(web_rows(db, big)) == {(w, f) for w in (1600, 800, 400) for f in ("JPEG", "WEBP")}
    assert set(web_rows(db, small)) == {(w, f) for w in (500, 400) for f in ("JPEG", "WEBP")}
    assert ticks[-1] == (2, 2)
    with db.read() as session:
        data, mime = photos.rendition(session, big, 800, "JPEG")  # served as made, not remade
    assert mime == "image/jpeg" and read_photo(data).credit_line == "Kyodo/MAXPPP"

    assert rendition_jobs.make_all(db, [big], pool).made == 0  # up to date
    with db.write() as session:
        photos.update_fields(session, big, caption="New caption")
    report = rendition_jobs.make_all(db, [big], pool)
    assert report.made == 6
    with db.read() as session:
        wanted = photos.credit_hash(photos.get(session, big))
    assert set(web_rows(db, big).values()) == {wanted}


def test_unknown_photo_and_cancel(db, pool):
    ids = [store(db, agency_jpeg({120: f"c{n}"}, width=420, height=300), f"p{n}.jpg") for n in range(6)]
    report = rendition_jobs.make_all(db, [999], pool)
    assert report.failed == {999: "no photo with id 999"}
    ticks = []
    report = rendition_jobs.make_all(db, ids, pool, progress=lambda d, t: ticks.append(d),
                                     should_stop=lambda: bool(ticks))
    # Stopped after the first photo came back; those already running were dropped.
    assert report.cancelled and ticks == [1] and report.photos == 1
    assert sum(1 for i in ids if web_rows(db, i)) == 1


def test_a_thread_pool_works_too(db):
    # The function only needs an Executor; the UI's tests use threads to stay light.
    photo_id = store(db, agency_jpeg({110: "AFP"}, width=450, height=300), "t.jpg")
    with futures.ThreadPoolExecutor(1) as executor:
        assert rendition_jobs.make_all(db, [photo_id], executor, workers=1).made == 4


def test_cancel_drops_results_that_came_back_together(db):
    """Cancelled while several results were ready at once: only the first is saved."""

    class Immediate(futures.Executor):
        def submit(self, fn, *args):
            future = futures.Future()
            future.set_result(fn(*args))
            return future

    ids = [store(db, agency_jpeg({120: f"c{n}"}, width=420, height=300), f"i{n}.jpg") for n in range(4)]
    ticks = []
    report = rendition_jobs.make_all(db, ids, Immediate(), progress=lambda d, t: ticks.append(d),
                                     should_stop=lambda: bool(ticks))
    assert report.cancelled and ticks == [1] and report.photos == 1
    assert sum(1 for i in ids if web_rows(db, i)) == 1
