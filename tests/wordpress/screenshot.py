"""A published article on the local WordPress, as a reader sees it, in a PNG.

    python -m tests.wordpress.screenshot [--out docs/wordpress-article.png] [--theme T]

Starts a throw-away WordPress, activates a real theme (Debian's WordPress ships none:
install `wordpress-theme-twentytwentyone`), publishes the demo article about Mansu Hill
with its MaxPPP hero and an inline photo through Desk's publisher, and has headless
Chromium photograph the permalink page. Prints one JSON line with the link and timings.
The tests never need a theme; only this script does.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desk.core.articles import editing as articles
from desk.core.site import demo
from desk.core.photos import records as photos
from desk.core.store.db import open_database
from desk.core.store.models import ArticlePhoto
from desk.core.publish import publisher
from tests.publish_support import add_target, temporary_store
from tests.wordpress.server import WORDPRESS_SOURCE, WordPressServer, available

DEMO_SLUG = "north-korea-marks-kim-il-sung-anniversary"
THEMES = ("twentytwentyone", "twentytwentythree", "twentytwentytwo")


def pick_theme(wanted: str | None) -> str:
    installed = WORDPRESS_SOURCE / "wp-content" / "themes"
    for name in ([wanted] if wanted else list(THEMES)):
        if (installed / name / "style.css").is_file():
            return name
    raise SystemExit(
        "no WordPress theme installed: apt-get install wordpress-theme-twentytwentyone "
        "(or see apt-cache search wordpress-theme)"
    )


def activate_theme(server: WordPressServer, theme: str) -> None:
    out = server.php(
        f"switch_theme({json.dumps(theme)}); echo get_stylesheet();"
    ).strip()
    if out != theme:
        raise SystemExit(f"WordPress did not activate the theme {theme}: {out!r}")


def demo_article(db_dir: Path) -> tuple[object, int]:
    """The demo library with an inline photo added to the Mansu Hill article."""
    db = open_database(db_dir / "desk.sqlite")
    demo.install(db)
    with db.write() as session:
        article = articles.by_slug(session, DEMO_SLUG)
        data = (demo.demo_dir() / "photos" / "seoul-blossoms.jpg").read_bytes()
        inline, _ = photos.store(session, data, "seoul-blossoms.jpg")
        if not inline.alt_text:
            photos.update_fields(session, inline.id,
                                 alt_text="Cherry trees in full bloom along a river path.")
        if all(link.photo_id != inline.id for link in article.photo_links):
            article.photo_links.append(ArticlePhoto(role="inline", position=0,
                                                    photo_id=inline.id))
        body = article.body.replace(
            "## A day of ceremonies", f"![](photo:{inline.id})\n\n## A day of ceremonies", 1
        )
        articles.update(session, article, body=body)
        return db, article.id


def screenshot(url: str, out: Path, size: str = "1280,1600") -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--hide-scrollbars",
             f"--user-data-dir={profile}", f"--window-size={size}",
             f"--screenshot={out}", url],
            check=True, capture_output=True, timeout=120,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/wordpress-article.png"))
    parser.add_argument("--theme", help=f"one of the installed themes (default: {THEMES[0]})")
    parser.add_argument("--size", default="1280,1600", help="window size WIDTH,HEIGHT")
    args = parser.parse_args()
    ok, reason = available()
    if not ok:
        raise SystemExit(f"{reason}: run .ci/wordpress-packages")
    theme = pick_theme(args.theme)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with WordPressServer() as server, tempfile.TemporaryDirectory() as work:
        activate_theme(server, theme)
        db, article_id = demo_article(Path(work))
        store = temporary_store(Path(work) / "credentials")
        add_target(db, store, server.url, server.user, server.app_password)  # type: ignore[arg-type]
        started = time.perf_counter()
        result = publisher.publish(db, article_id, "site", "publish", store=store)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        screenshot(result.link, args.out.resolve(), args.size)
        db.close()  # type: ignore[attr-defined]
    print(json.dumps({"link": result.link, "theme": theme, "out": str(args.out),
                      "publish_seconds": round(seconds, 2),
                      "server_start_seconds": round(server.timings.get("total", 0), 2)}))


if __name__ == "__main__":
    sys.exit(main())
