"""All web renditions (photos.WEB_WIDTHS × WEB_FORMATS) of 100 24-megapixel photos on
two worker processes; target: within 60 s. In the same run, as a reference figure, a
plain Pillow full decode of each photo on one core.

The photos are stored in a fresh SQLite database first (as an import would); the timed
part is rendition_jobs.make_all: reading each original from the database, rendering in
the workers, writing the renditions back.

    python benchmarks/photo_renditions.py [--photos 100] [--workers 2]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.photo_import import CREDIT, make_photo  # noqa: E402
from desk.core.photos import records as photos, rendition_jobs  # noqa: E402
from desk.core.store.db import open_database  # noqa: E402
from desk.core.photos.photometa import iim  # noqa: E402


def variant(base: bytes, n: int) -> bytes:
    # Same pixels, another job id: a distinct file (sha256) with the same decode cost.
    return iim.embed_in_jpeg(base, {iim.CAPTION: f"{CREDIT['caption']} #{n}", iim.CREDIT: CREDIT["credit_line"],
                                    iim.DATE_CREATED: "20240415", iim.JOB_ID: f"maxnews{n:04d}.jpg"})


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    base = make_photo()
    files = [variant(base, n) for n in range(args.photos)]
    print(f"{args.photos} photos of 6000×4000, {len(base) / 1e6:.1f} MB each; Pillow {Image.__version__}; "
          f"{os.cpu_count()} CPUs here, {args.workers} worker processes")

    started, cpu_started = time.perf_counter(), time.process_time()
    for data in files:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    decode_s = time.perf_counter() - started
    decode_cpu = time.process_time() - cpu_started
    print(f"reference: plain Pillow decode of each photo, one core   {decode_s:6.1f} s wall, "
          f"{decode_cpu:5.1f} s CPU ({decode_cpu / args.photos * 1000:.0f} ms a photo)")

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite")
        ids = []
        started = time.perf_counter()
        for n, data in enumerate(files):
            with db.write() as session:
                photo, _ = photos.store(session, data, f"bench-{n}.jpg")
                ids.append(photo.id)
        store_s = time.perf_counter() - started
        print(f"import (metadata + thumbnail + insert), one core         {store_s:6.1f} s "
              f"({store_s / args.photos * 1000:.0f} ms a photo)")

        with rendition_jobs.new_pool(args.workers) as pool:
            # Workers start before the clock: the window keeps its pool for the session.
            list(pool.map(abs, range(args.workers)))
            children_before = _children_cpu()
            started, cpu_started = time.perf_counter(), time.process_time()
            report = rendition_jobs.make_all(db, ids, pool, workers=args.workers)
            render_s = time.perf_counter() - started
            parent_cpu = time.process_time() - cpu_started
        # The workers' CPU time is known once they have exited (the with block joins them).
        workers_cpu = _children_cpu() - children_before
        per_photo = len(photos.WEB_WIDTHS) * len(photos.WEB_FORMATS)
        print(f"all renditions ({per_photo} a photo, {report.made} in all), {args.workers} workers "
              f"{render_s:6.1f} s wall   target < 60 s: {'OK' if render_s < 60 and not report.failed else 'MISSED'}")
        print(f"  CPU: workers {workers_cpu:.1f} s ({workers_cpu / args.photos * 1000:.0f} ms a photo), "
              f"parent {parent_cpu:.1f} s; on {args.workers} free cores: "
              f"{max(workers_cpu / args.workers, parent_cpu):.1f} s")
        print(f"  = {workers_cpu / decode_cpu:.2f} × the decode reference in CPU time; "
              f"load average now {os.getloadavg()[0]:.1f}; failed: {len(report.failed)}")
        with db.read() as session:
            data, _ = photos.rendition(session, ids[-1], 800, "JPEG")
        from desk.core.photos.photometa.reader import read_photo
        info = read_photo(data)
        print(f"credit read back from an 800 px JPEG: {info.credit_line!r}, ref {info.agency_ref!r}")
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
