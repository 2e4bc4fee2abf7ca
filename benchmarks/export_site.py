"""Static site export: Desk against Pelican and Hugo on the same generated Markdown.

For each size (1,000 and 10,000 articles by default) one run measures, side by side:

* Desk full export, cold: nothing rendered before (empty render cache), empty folder.
  Up to 2,000 articles, three cold exports and three Pelican builds in turns, the
  medians compared (``--repeat``): a second-long run shows every busy moment of a
  shared machine.
* Desk full export, warm: every article rendered before (by the preview or an earlier
  export: the render cache per article version), empty folder.
* Pelican building the same Markdown files with its minimal built-in theme ("simple").
* Hugo building the same files with a two-template layout.
* After editing one article: Desk's incremental re-export (three articles edited in turn,
  each followed by one: the median) and Hugo's rebuild.
* Peak memory of Desk's cold full export: the process's ru_maxrss, and the resident
  memory of the process and its render workers together, sampled every 20 ms.

All times are wall-clock times of a command, process start-up included, for all tools;
the page cache is flushed (sync) before each one. Desk's modules are byte-compiled first,
as installing it does (benchmarks/bytecode.py); the other tools run compiled too.

Every tool writes to a fresh folder on the same disk. Nothing is installed here; the
comparison tools are looked up and skipped with a hint when missing:

    pip install pelican          # into the same virtualenv
    apt-get install -y hugo

    python benchmarks/export_site.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bytecode import compile_desk  # noqa: E402
from benchmarks.corpus import write_corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

# Runs in a child process so that its peak memory is its own.
DESK_EXPORT = textwrap.dedent("""
    import json, resource, sys, time
    sys.path.insert(0, {repo!r})
    from desk.core.store.db import open_database
    from desk.core.export import export_site
    db = open_database(sys.argv[1])
    start = time.perf_counter()
    summary = export_site(db, sys.argv[2], full=sys.argv[3] == "full")
    took = time.perf_counter() - start
    print(json.dumps({{"seconds": took, "written": len(summary.written),
                      "unchanged": summary.unchanged,
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
""")

PELICAN_CONF = """
SITENAME = "Bench"
SITEURL = ""
PATH = {content!r}
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "simple"
ARTICLE_URL = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/{{slug}}/index.html"
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
"""

HUGO_CONFIG = """
baseURL = "https://example.org/"
title = "Bench"
disableKinds = []
[pagination]
pagerSize = 20
paginate = 20
[permalinks]
posts = "/:year/:month/:day/:slug/"
[taxonomies]
tag = "tags"
category = "category"
"""
HUGO_SINGLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><p>{{ .Params.standfirst }}</p><p>{{ .Params.byline }}</p>
{{ .Content }}</body></html>
"""
HUGO_LIST = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Params.standfirst }}</p></li>{{ end }}</ul></body></html>
"""


def settle() -> None:
    """Flush what the previous step left dirty in the page cache, so that no tool pays
    for another's writes (on ext4 one fsync can wait for all of them)."""
    if hasattr(os, "sync"):
        os.sync()


def timed(cmd: list[str], **kwargs) -> float:
    settle()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    return time.perf_counter() - start


def all_published(folder: Path) -> None:
    """The same site for every tool: every article published (the corpus mixes statuses)."""
    for path in folder.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^status: \w+$", "status: published", text, count=1, flags=re.M),
                        encoding="utf-8")


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError, ValueError):
            continue  # exited meanwhile
    return total


def desk_export(db_path: Path, out: Path, mode: str) -> dict:
    """Timed from outside, process start-up included, like the other tools' commands.
    Memory is sampled every 20 ms over the process and its render workers together."""
    script = DESK_EXPORT.format(repo=str(REPO))
    settle()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script, str(db_path), str(out), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    stdout, stderr = proc.communicate()
    if proc.returncode:
        raise RuntimeError(f"desk export failed: {stderr[-2000:]}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["wall"] = wall
    figures["tree_peak_mb"] = peak / 1024
    return figures


def edit_markdown(path: Path) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\nOne more sentence, added by the benchmark.\n")


def edit_desk(db_path: Path, slug: str) -> None:
    from sqlalchemy import select

    from desk.core.articles import editing as articles
    from desk.core.store.db import open_database
    from desk.core.store.models import Article

    db = open_database(db_path)
    with db.write() as session:
        article = session.scalar(select(Article).where(Article.slug == slug))
        articles.update(session, article, body=article.body + "\n\nOne more sentence, added by the benchmark.")
    db.close()


def clear_render_cache(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.execute("DELETE FROM render_cache")
    finally:
        conn.close()


def run_size(n: int, work: Path, pelican: str | None, hugo: str | None, repeat: int) -> dict:
    from desk.core.store.db import open_database
    from desk.core.articles.importer import import_paths

    md = work / "md"
    paths = write_corpus(md, n)
    all_published(md)
    db_path = work / "desk.sqlite"
    db = open_database(db_path)
    start = time.perf_counter()
    import_paths(db, [md])
    figures: dict = {"import": time.perf_counter() - start}
    from desk.core.site import settings

    with db.write() as session:  # an export refuses a site without its address
        settings.save(session, base_url="https://bench.example.org")
    db.close()

    # The full exports that decide the ratio, in turns with Pelican: one busy moment of
    # this shared machine would otherwise decide it. Each cold run starts from an empty
    # render cache and an empty folder.
    colds, pelicans = [], []
    if pelican:
        conf = work / "pelicanconf.py"
        conf.write_text(PELICAN_CONF.format(content=str(md)))
    for turn in range(repeat):
        clear_render_cache(db_path)
        colds.append(desk_export(db_path, work / f"desk-cold-{turn}", "full"))
        if pelican:
            pelicans.append(timed([pelican, "-s", str(conf), "-o", str(work / f"pelican-out-{turn}"), "-q"]))
    cold = sorted(colds, key=lambda r: r["wall"])[len(colds) // 2]
    figures["desk_cold_runs"] = [r["wall"] for r in colds]
    if pelican:
        figures["pelican_runs"] = pelicans
        figures["pelican"] = sorted(pelicans)[len(pelicans) // 2]
    warm = desk_export(db_path, work / "desk-warm", "full")
    figures["desk_cold"], figures["desk_warm"] = cold["wall"], warm["wall"]
    figures["desk_cold_rss_mb"] = max(r["maxrss_mb"] for r in colds)
    figures["desk_cold_tree_mb"] = max(r["tree_peak_mb"] for r in colds)
    figures["files"] = cold["written"]

    if hugo:
        site = work / "hugo"
        (site / "content").mkdir(parents=True)
        (site / "layouts" / "_default").mkdir(parents=True)
        (site / "config.toml").write_text(HUGO_CONFIG)
        (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
        (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
        shutil.copytree(md, site / "content" / "posts")
        figures["hugo"] = timed([hugo, "--quiet", "-s", str(site), "-d", str(work / "hugo-out")])

    # One article edited: the same file for Hugo, the same article for Desk. Desk's
    # incremental export is a second or less, where one busy moment of this shared machine
    # shows: three articles are edited in turn, each followed by an export (the median
    # is the figure, every run is printed).
    victims = [paths[n // 2 + 1], paths[n // 3], paths[2 * n // 3]]
    runs = []
    for victim in victims:
        slug = re.search(r"^slug: (\S+)$", victim.read_text(encoding="utf-8"), re.M).group(1)
        edit_desk(db_path, slug)
        runs.append(desk_export(db_path, work / "desk-warm", "incremental"))
    figures["desk_incremental_runs"] = [r["wall"] for r in runs]
    inc = sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]
    figures["desk_incremental"], figures["desk_incremental_written"] = inc["wall"], inc["written"]
    figures["desk_incremental_inner"] = inc["seconds"]
    victim = victims[0]
    if hugo:
        edit_markdown(work / "hugo" / "content" / "posts" / victim.name)
        figures["hugo_rebuild"] = timed([hugo, "--quiet", "-s", str(work / "hugo"), "-d", str(work / "hugo-out")])
    return figures


def runs_of(runs: list[float]) -> str:
    return f"   (median of {'/'.join(f'{x:.2f}' for x in runs)} s)" if len(runs) > 1 else ""


def report(n: int, f: dict) -> None:
    def ratio(other: str, ours: str) -> str:
        return f"{f[other] / f[ours]:5.1f}x" if other in f else "   - "

    print(f"\n{n:,} articles ({f['files']:,} files; import {f['import']:.1f} s)")
    print(f"  Desk full export, warm render cache  {f['desk_warm']:7.2f} s   "
          f"Pelican/Desk {ratio('pelican', 'desk_warm')}   Hugo/Desk {ratio('hugo', 'desk_warm')}")
    print(f"  Desk full export, cold (first ever)  {f['desk_cold']:7.2f} s   "
          f"Pelican/Desk {ratio('pelican', 'desk_cold')}   Hugo/Desk {ratio('hugo', 'desk_cold')}"
          + runs_of(f["desk_cold_runs"]))
    if "pelican" in f:
        print(f"  Pelican (theme 'simple')             {f['pelican']:7.2f} s" + runs_of(f["pelican_runs"]))
    if "hugo" in f:
        print(f"  Hugo (two templates)                 {f['hugo']:7.2f} s")
    print(f"  After editing one article: Desk incremental {f['desk_incremental']:.2f} s, median of "
          f"{'/'.join(f'{x:.2f}' for x in f['desk_incremental_runs'])} s "
          f"(export_site itself {f['desk_incremental_inner']:.2f} s; "
          f"{f['desk_incremental_written']} files written)"
          + (f", Hugo rebuild {f['hugo_rebuild']:.2f} s" if "hugo_rebuild" in f else ""))
    print(f"  Peak memory of the cold full export: {f['desk_cold_rss_mb']:.0f} MB (ru_maxrss); "
          f"with its render workers, sampled together: {f['desk_cold_tree_mb']:.0f} MB")


def repeats(asked: int | None, n: int) -> int:
    if asked is not None:
        return max(1, asked)
    return 3 if n <= 2000 else 1  # Pelican takes over a minute for 10,000 articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--repeat", type=int, default=None,
                        help="cold exports and Pelican builds per size, in turns, the median "
                             "counting (default: 3 up to 2,000 articles, 1 above)")
    args = parser.parse_args()
    pelican = shutil.which("pelican") or shutil.which("pelican", path=str(Path(sys.executable).parent))
    hugo = shutil.which("hugo")
    if not pelican:
        print("Pelican not found: pip install pelican (into this virtualenv) to compare", file=sys.stderr)
    if not hugo:
        print("Hugo not found: apt-get install -y hugo to compare", file=sys.stderr)
    compile_desk()
    for n in args.sizes:
        if args.keep:
            work = args.keep / str(n)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            report(n, run_size(n, work, pelican, hugo, repeats(args.repeat, n)))
        else:
            with tempfile.TemporaryDirectory(prefix="desk-bench-") as tmp:
                report(n, run_size(n, Path(tmp), pelican, hugo, repeats(args.repeat, n)))


if __name__ == "__main__":
    main()
