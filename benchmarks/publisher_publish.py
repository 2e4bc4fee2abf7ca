"""How long Desk's publisher takes, end to end, against a throw-away WordPress.

    python -m benchmarks.publisher_publish [--rounds 3] [--size 3000x2000]

Each round makes a fresh article with three agency photos (a MaxPPP hero and two
inline AFP photos, all `--size` originals) and times, through `publisher.publish`:

* create: renditions (1600 px JPEG with the credit embedded), categories and tags,
  three uploads, the post;
* update_unchanged: publishing again with nothing changed (conflict check, media
  checks, the post update);
* update_edited: publishing again after a headline edit and a corrected credit (one
  media update plus the post).

Prints one JSON line with every round and the medians. Needs the Debian packages
(.ci/wordpress-packages).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from desk.core.articles import editing as articles
from desk.core.photos import records as photos
from desk.core.store.db import Database, open_database
from desk.core.publish import publisher, targets
from tests.publish_support import add_target, make_article, temporary_store
from tests.wordpress.server import WordPressServer, available


def one_round(db: Database, size: tuple[int, int]) -> dict[str, float]:
    # Agency-sized originals: the rendition to 1600 px is part of what is measured.
    made = make_article(db, inline=2, size=size)
    timings: dict[str, float] = {}

    started = time.perf_counter()
    first = publisher.publish(db, made.article_id, "site", "publish")
    timings["create_3_photos"] = time.perf_counter() - started
    assert first.uploaded == 3, first
    timings.update({f"create.{k}": v for k, v in first.timings.items()})

    started = time.perf_counter()
    again = publisher.publish(db, made.article_id, "site", "publish")
    timings["update_unchanged"] = time.perf_counter() - started
    assert again.remote_id == first.remote_id and again.uploaded == 0
    timings.update({f"update.{k}": v for k, v in again.timings.items()})

    with db.write() as session:
        article = articles.get(session, made.article_id)
        articles.update(session, article, headline=article.headline + " (updated)")
        photos.update_fields(session, made.hero_id, credit_override="©Kyodo/MAXPPP (corrected)")
    started = time.perf_counter()
    edited = publisher.publish(db, made.article_id, "site", "publish")
    timings["update_edited"] = time.perf_counter() - started
    assert edited.updated_media == 1 and edited.remote_id == first.remote_id
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", default="3000x2000")
    args = parser.parse_args()
    ok, reason = available()
    if not ok:
        raise SystemExit(f"{reason}: run .ci/wordpress-packages")
    size = tuple(int(n) for n in args.size.split("x"))
    with WordPressServer() as server, tempfile.TemporaryDirectory() as work:
        db = open_database(Path(work) / "desk.sqlite")
        store = temporary_store(Path(work) / "credentials")
        add_target(db, store, server.url, server.user, server.app_password)
        # publish() finds the password where the CLI and the dialog do: point it here.
        targets.credential_store = lambda: store  # type: ignore[assignment]
        rounds = [one_round(db, (size[0], size[1])) for _ in range(args.rounds)]
        db.close()

    def median(key: str) -> float:
        return round(statistics.median(r[key] for r in rounds), 3)

    print(json.dumps({
        "photo_size": args.size,
        "rounds": [{k: round(v, 3) for k, v in r.items()} for r in rounds],
        "median_create_3_photos_s": median("create_3_photos"),
        "median_update_unchanged_s": median("update_unchanged"),
        "median_update_edited_s": median("update_edited"),
        "median_create_phases_s": {k[len("create."):]: median(k) for k in rounds[0]
                                   if k.startswith("create.")},
        "median_update_phases_s": {k[len("update."):]: median(k) for k in rounds[0]
                                   if k.startswith("update.")},
    }))


if __name__ == "__main__":
    main()
