"""All web renditions of many photos, made in worker processes.

Resizing and encoding are CPU-bound and Pillow holds the GIL for much of it, so threads
would take turns; processes use every core. The workers never touch the database: the
parent reads each photo's bytes and credit, a worker returns the encoded files, the
parent writes them, one transaction per photo. At most two photos per worker are in
flight, so a batch of a hundred 24 MP originals never sits in memory at once."""

from __future__ import annotations

import concurrent.futures as futures
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from desk.core.photos import records as photos
from desk.core.store.db import Database
from desk.core.errors import NotFoundError
from desk.core.store.models import Photo, Rendition, utcnow
from desk.core.photos.photometa.reader import PhotoError
from desk.core.photos.photometa.renditions import make_renditions
from desk.core.workers import Pool


@dataclass(frozen=True)
class Job:
    photo_id: int
    data: bytes
    sizes: tuple[tuple[int, str], ...]
    credit: dict[str, Any]
    credit_hash: str


@dataclass(frozen=True)
class Result:
    photo_id: int
    credit_hash: str
    files: tuple[tuple[int, str, bytes, int, int], ...] = ()
    error: str = ""


@dataclass
class Report:
    made: int = 0  # renditions written
    photos: int = 0  # photos brought up to date
    failed: dict[int, str] = field(default_factory=dict)
    cancelled: bool = False


def wanted_sizes(photo: Photo) -> list[tuple[int, str]]:
    return [(w, fmt) for w in photos.web_widths(photo) for fmt in photos.WEB_FORMATS]


def job_for(db: Database, photo_id: int) -> Job | None:
    """What is missing or stale for a photo; None when its renditions are current."""
    with db.read() as session:
        photo = photos.get(session, photo_id)
        digest = photos.credit_hash(photo)
        current = set(session.execute(
            select(Rendition.width, Rendition.format).where(
                Rendition.photo_id == photo_id, Rendition.kind == "web", Rendition.credit_hash == digest)
        ).all())
        sizes = tuple(s for s in wanted_sizes(photo) if s not in current)
        if not sizes:
            return None
        return Job(photo_id, photos.original_bytes(session, photo_id), sizes,
                   photos.embedded_credit(photo), digest)


def render(job: Job) -> Result:
    """Runs in a worker process: pure Pillow, no database."""
    try:
        files = make_renditions(job.data, job.sizes, job.credit)
    except PhotoError as exc:
        return Result(job.photo_id, job.credit_hash, error=str(exc))
    return Result(job.photo_id, job.credit_hash, tuple(files))


def save(db: Database, result: Result, *, wait: float | None = None) -> int:
    """``wait``: seconds to wait for a busy database (the database's own default)."""
    with db.write("saving renditions", wait=wait) as session:
        existing = {(r.width, r.format): r for r in session.scalars(
            select(Rendition).where(Rendition.photo_id == result.photo_id, Rendition.kind == "web"))}
        for width, fmt, data, w, h in result.files:
            row = existing.get((width, fmt))
            if row is None:
                row = Rendition(photo_id=result.photo_id, kind="web", width=width, format=fmt)
                session.add(row)
            row.height, row.data, row.credit_hash, row.created_at = h, data, result.credit_hash, utcnow()
    return len(result.files)


def new_pool(workers: int = 2) -> futures.ProcessPoolExecutor:
    # spawn, not fork: the parent may be a Qt application with threads running, and a
    # forked copy of a threaded process can deadlock on a lock some thread held.
    # Pool: the workers exit when this process dies, however it dies.
    return Pool(workers, "spawn")


def make_all(
    db: Database,
    photo_ids: Iterable[int],
    pool: futures.Executor,
    *,
    workers: int = 2,
    should_stop: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Report:
    """Bring the web renditions of these photos up to date, using the pool's workers."""
    ids = list(dict.fromkeys(photo_ids))
    report = Report()
    pending: set[futures.Future[Result]] = set()
    queue = iter(ids)
    done = 0

    def submit_next() -> bool:
        for photo_id in queue:
            try:
                job = job_for(db, photo_id)
            except NotFoundError as exc:
                report.failed[photo_id] = str(exc)
                continue
            if job is None:
                report.photos += 1
                continue
            pending.add(pool.submit(render, job))
            return True
        return False

    while len(pending) < 2 * workers and not should_stop() and submit_next():
        pass
    while pending:
        finished, _ = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
        for future in finished:
            if should_stop():
                break  # cancelled: results that came back together with the last are dropped
            pending.discard(future)
            result = future.result()
            done += 1
            if result.error:
                report.failed[result.photo_id] = result.error
            else:
                report.made += save(db, result)
                report.photos += 1
            progress(done, len(ids))
        if should_stop():
            report.cancelled = True
            for future in pending:
                future.cancel()
            futures.wait(pending)  # the running ones finish; their work is dropped
            break
        while len(pending) < 2 * workers and submit_next():
            pass
    if should_stop():
        report.cancelled = True
    return report
