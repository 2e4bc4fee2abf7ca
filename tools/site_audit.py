"""Lighthouse's accessibility and SEO scores of the exported demo site (home, a category,
an article, a tag, an author; desktop and mobile), served by Desk's SiteServer on
127.0.0.1; with --screenshots, the pictures in docs/ of a text lead and of an article
page at 1366 and 390 px.

    npm ci --prefix tools/lighthouse        # once (Lighthouse, from npm)
    .venv/bin/python tools/site_audit.py [--screenshots]

Lighthouse runs Debian's Chromium headless; every figure is printed. Exit status 1 when
a score is below 100.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desk.core.articles import editing as articles
from desk.core.site import demo
from desk.core.site import settings as site_settings  # noqa: E402
from desk.core.store.db import open_database  # noqa: E402
from desk.core.export import export_site  # noqa: E402
from desk.core.export.serve import SiteServer  # noqa: E402
from tests.core.site_browser import CHROMIUM_FLAGS, chromium, screenshot  # noqa: E402

LIGHTHOUSE = REPO / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "category": "category/world/",
         "article": "2024/04/15/north-korea-marks-kim-il-sung-anniversary/",
         "tag": "tag/north-korea/", "author": "author/desk-demo-newsroom/"}
# Lighthouse's desktop run (the window as it is) and its default mobile emulation
# (a 412 px phone, throttled).
FORM_FACTORS = {"desktop": ["--form-factor=desktop", "--screenEmulation.disabled"], "mobile": []}


def demo_site(folder: Path, text_lead: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder / "desk.sqlite")
    demo.install(db)
    with db.write() as session:
        from sqlalchemy import select

        from desk.core.store.models import Photo

        site_settings.save(session, share_image_photo_id=session.scalar(select(Photo.id).order_by(Photo.id)))
        if text_lead:  # the newest story has no photo: the home page leads with text
            articles.create(
                session, "Council approves the night-bus plan after a late vote", category="Politics",
                byline="Desk newsroom", status="published",
                standfirst="Buses will run every 20 minutes on the four busiest lines from March, "
                           "the first change to the network in a decade.",
                published_at=dt.datetime(2024, 11, 4, 21, 30, tzinfo=dt.timezone.utc),
                body="The council approved the plan by 31 votes to 24 shortly before midnight.")
    out = folder / "site"
    export_site(db, out, base_url="https://news.example.org")
    db.close()
    return out


def lighthouse(url: str, profile: str, form_factor: str) -> dict[str, object]:
    flags = " ".join([*CHROMIUM_FLAGS, f"--user-data-dir={profile}"])
    done = subprocess.run([str(LIGHTHOUSE), url, "--only-categories=accessibility,seo", "--output=json",
                           "--quiet", f"--chrome-flags={flags}", *FORM_FACTORS[form_factor]],
                          capture_output=True, text=True, timeout=300,
                          env={"CHROME_PATH": chromium() or "", "PATH": "/usr/bin:/bin"})
    report = json.loads(done.stdout)
    failed = [f"{a['id']}: {a['title']}" for a in report["audits"].values()
              if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
    scores = {name: round(c["score"] * 100) for name, c in report["categories"].items()}
    return {**scores, "failed": failed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--screenshots", action="store_true", help="also write docs/site-*.png")
    args = parser.parse_args()
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    browser = subprocess.run([chromium() or "chromium", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Lighthouse {version}, {browser}")
    below = 0
    with tempfile.TemporaryDirectory() as tmp:
        site = demo_site(Path(tmp) / "demo")
        with SiteServer(site) as server:
            for form_factor in FORM_FACTORS:
                for name, path in PAGES.items():
                    with tempfile.TemporaryDirectory() as profile:
                        scores = lighthouse(server.url + path, profile, form_factor)
                        below += any(v < 100 for k, v in scores.items() if k != "failed")
                        print(f"{form_factor:8} {name:9} /{path}: {json.dumps(scores)}", flush=True)
            if args.screenshots:
                docs = REPO / "docs"
                for width, height in ((1366, 1800), (390, 2400)):
                    out = docs / f"site-article-{width}.png"
                    screenshot(server.url + PAGES["article"], out, width, height)
                    print("wrote", out)
        if args.screenshots:
            lead = demo_site(Path(tmp) / "lead", text_lead=True)
            with SiteServer(lead) as server:
                for width, height in ((1366, 1100), (390, 1400)):
                    out = REPO / "docs" / f"site-text-lead-{width}.png"
                    screenshot(server.url, out, width, height)
                    print("wrote", out)
    sys.exit(1 if below else 0)


if __name__ == "__main__":
    main()
