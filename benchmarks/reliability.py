"""Reliability: kill -9 at random moments, a full disk, a locked database, hostile input.

Every trial runs real ``desk`` processes (``python main.py ...``) on copies of prepared
libraries and checks what an editor and a reader would meet afterwards:

* kill -9 at a random moment of ``desk import`` (a folder of Markdown files), ``desk photo
  import`` (a batch of photos) and ``desk export`` (over a live site, --full, a first
  export), ``--trials`` each (half the kill times spread over the whole run, half over its
  last fifth, where the commit is; a third of the exports killed while their render workers
  run). Then: no process of the killed command left a second
  later (render workers included), the database passes ``PRAGMA integrity_check``, an
  import is all-or-nothing (articles) or whole files only (photos), the served folder is
  exactly the old site or the new one (never a mix), with no broken internal link and
  nothing of Desk's machinery in it; and the same command run again exits 0 and ends
  where an uninterrupted run ends.
* a full disk (a small tmpfs, filled to a random few hundred kilobytes): under the site
  (the export fails with exit 2 and one line, the old site still served, no broken link;
  freed, the next export completes), under the database (an export still publishes whole
  pages; an import and a photo import exit 2 with one line and change nothing). Needs root
  to mount the tmpfs; reported as not run otherwise.
* a locked database (another process holding the write lock): an export publishes its
  new photos anyway (no broken link); import and photo import exit 2 with one line after
  DESK_BUSY_WAIT, or wait (saying so once) and succeed when the lock goes.
* hostile front matters and bodies: benchmarks/hostile_input.py's trials (the seeded
  generators of tests/hostile_inputs.py), when this checkout has them.

Prints, per kind, the trials and the failures of each sort; exits 1 when any.

    .venv/bin/python -m benchmarks.reliability [--trials 50] [--articles 600] [--seed 20]
        [--only kill-import,kill-photo-import,kill-export,full-disk,locked,hostile]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpus import write_corpus  # noqa: E402

MARKER = "DESK_RELIABILITY_TRIAL"
ORPHAN_GRACE = 1.0  # issue 20: every worker gone within a second of its parent
FAILURES = ("tracebacks", "wrong exit codes", "orphan workers", "mixed trees", "broken links",
            "lost or half-written data", "leftovers served", "next run failed", "not one line",
            "active content", "slow runs")
KINDS = ("kill-import", "kill-photo-import", "kill-export", "full-disk", "locked", "hostile")


@dataclass
class Tally:
    """Trials and failures of one kind of trial."""

    name: str
    trials: int = 0
    failures: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    killed: int = 0  # trials killed before they ended by themselves
    with_workers: int = 0  # of those, killed while worker processes were running
    seen: Counter = field(default_factory=Counter)  # what the served folder showed afterwards

    def count_kill(self, run: Run) -> None:
        if run.code is None:
            self.killed += 1
            self.with_workers += run.processes > 1

    def fail(self, what: str, detail: str) -> None:
        self.failures[what] += 1
        if len(self.notes) < 12:
            self.notes.append(f"{what}: {detail}"[:300])
            print(f"  {self.name}: {what}: {detail}"[:300], flush=True)

    def line(self) -> str:
        parts = [f"{self.failures.get(k, 0)} {k}" for k in FAILURES]
        parts += [f"{v} {k}" for k, v in sorted(self.failures.items()) if k not in FAILURES]
        kills = f" [{self.killed} killed, {self.with_workers} with workers running]" if self.killed else ""
        if self.seen:
            kills += " [served after: " + ", ".join(f"{k} {v}" for k, v in sorted(self.seen.items())) + "]"
        return f"{self.name:<22} {self.trials:>5} trials{kills}: " + ", ".join(parts)


# --- running desk ---------------------------------------------------------------------------


def desk_command(args: list[str]) -> list[str]:
    return [sys.executable, str(REPO / "main.py"), *args]


def _env(trial: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ, **{MARKER: trial}, PYTHONDONTWRITEBYTECODE="1")
    env.pop("QT_QPA_PLATFORM", None)
    env.update(extra or {})
    return env


@dataclass
class Run:
    code: int | None  # None: killed
    out: str
    err: str
    seconds: float
    processes: int = 1  # the command's processes when it was killed (workers included)


def run_desk(args: list[str], trial: str, env: dict[str, str] | None = None, timeout: float = 600) -> Run:
    start = time.perf_counter()
    done = subprocess.run(desk_command(args), cwd=REPO, env=_env(trial, env), capture_output=True,
                          text=True, timeout=timeout)
    return Run(done.returncode, done.stdout, done.stderr, time.perf_counter() - start)


def run_and_kill(args: list[str], trial: str, delay: float, folder: Path, *, workers: bool = False) -> Run:
    """``desk args``, sent SIGKILL after ``delay`` seconds unless it ended first; with
    ``workers``, ``delay`` seconds after its worker processes started (the moment of the
    defect issue 20 found)."""
    out, err = folder / "stdout", folder / "stderr"
    start = time.perf_counter()
    with out.open("w") as o, err.open("w") as e:
        proc = subprocess.Popen(desk_command(args), cwd=REPO, env=_env(trial), stdout=o, stderr=e)
        processes = 1
        if workers:
            while proc.poll() is None and len(survivors(trial)) < 2:
                time.sleep(0.01)
        try:
            code = proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            processes = len(survivors(trial))
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            code = None
    return Run(code, out.read_text(errors="replace"), err.read_text(errors="replace"),
               time.perf_counter() - start, processes)


def survivors(trial: str) -> list[str]:
    """Processes (not zombies) started for ``trial``: the environment marks them."""
    wanted = f"{MARKER}={trial}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            if wanted not in Path(f"/proc/{entry}/environ").read_bytes().split(b"\0"):
                continue
            status = Path(f"/proc/{entry}/status").read_text()
            if "\nState:\tZ" in status:
                continue
            found.append(f"{entry} {Path(f'/proc/{entry}/cmdline').read_bytes()[:120]!r}")
        except OSError:
            continue
    return found


def orphans_after(trial: str, grace: float = ORPHAN_GRACE) -> list[str]:
    deadline = time.monotonic() + grace
    while True:
        left = survivors(trial)
        if not left or time.monotonic() >= deadline:
            break
        time.sleep(0.05)
    for line in left:  # not to disturb the next trials
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(line.split()[0]), signal.SIGKILL)
    return left


def kill_delay(rng: random.Random, seconds: float) -> float:
    """Half the kills anywhere in the run, half in its last fifth (staging and commit)."""
    if rng.random() < 0.5:
        return rng.uniform(0.02, seconds)
    return rng.uniform(0.8 * seconds, 1.05 * seconds)


def traceback_in(run: Run) -> bool:
    return "Traceback (most recent call last)" in run.err


# --- the database and the site, as a checker sees them ------------------------------------


def integrity(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def scalar(db: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def served(folder: Path) -> dict[str, str]:
    """Every file a web server serving ``folder`` serves -> sha256."""
    if not folder.exists():
        return {}
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def desk_files_served(tree: dict[str, str]) -> list[str]:
    from desk.core.export.writer import INTERNAL

    return [rel for rel in tree if rel.split("/", 1)[0] in INTERNAL]


def broken(folder: Path) -> list[str]:
    from desk.core.export.check import broken_links

    return broken_links(folder)


def copy_site(source: Path, target: Path) -> None:
    """The folder holding a site (its link, its trees, Desk's files), links kept."""
    if target.exists():
        shutil.rmtree(target)
    subprocess.run(["cp", "-a", str(source), str(target)], check=True)


def copy_db(source: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(target) + suffix).unlink()
    shutil.copy(source, target)


# --- the libraries the trials start from -----------------------------------------------------


@dataclass
class Setup:
    work: Path
    articles: int
    library: Path = None  # type: ignore[assignment]  articles imported, the site exported from it
    edited: Path = None  # type: ignore[assignment]  the same library after an editor's day
    markdown: Path = None  # type: ignore[assignment]  files for the import trials
    photos: Path = None  # type: ignore[assignment]  files for the photo import trials
    sites: Path = None  # type: ignore[assignment]  old site (folder holding the link and trees)
    old_tree: dict[str, str] = field(default_factory=dict)
    new_tree: dict[str, str] = field(default_factory=dict)


def generated_photos(folder: Path, count: int, seed: int) -> list[Path]:
    from tests.photo_factory import agency_jpeg

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        data = agency_jpeg({80: f"Photographer {n}", 110: rng.choice(["Reuters", "AFP", "Kyodo/MAXPPP"]),
                            120: f"Boats in a harbour at dawn, picture {n}."},
                           width=rng.choice([2400, 3000, 3600]), height=rng.choice([1600, 2000]))
        path = folder / f"photo-{n:03d}.jpg"
        path.write_bytes(data)
        paths.append(path)
    return paths


def prepare(work: Path, articles: int, seed: int) -> Setup:
    """A library of ``articles`` Markdown articles (a third of them with a hero photo),
    its site exported; the same library after edits (headlines, a body, new articles with
    new photos, unpublished ones) with an empty render cache, and the site it exports to."""
    from sqlalchemy import select

    from desk.core.articles import editing as article_store
    from desk.core.articles import attachments
    from desk.core.photos import records as photos
    from desk.core.store.db import open_database
    from desk.core.articles.importer import import_paths
    from desk.core.store.models import Article

    setup = Setup(work, articles)
    rng = random.Random(seed)
    write_corpus(work / "library-md", articles, seed=seed, words=250)
    for path in (work / "library-md").glob("*.md"):  # most published: pages to render
        text = path.read_text(encoding="utf-8")
        if rng.random() < 0.85:
            text = text.replace("\nstatus: draft\n", "\nstatus: published\n").replace(
                "\nstatus: review\n", "\nstatus: published\n")
        path.write_text(text, encoding="utf-8")
    setup.library = work / "library.sqlite"
    db = open_database(setup.library)
    import_paths(db, [work / "library-md"])
    pictures = generated_photos(work / "library-photos", 8, seed)
    with db.write() as session:
        ids = [photos.store(session, p.read_bytes(), p.name)[0].id for p in pictures]
    with db.write() as session:
        live = session.scalars(select(Article).where(Article.status == "published").order_by(Article.id)).all()
        for n, article in enumerate(live[::3]):
            attachments.set_hero(session, article.id, ids[n % len(ids)], alt=f"Boats, picture {n}")
    db.close()
    done = run_desk(["--db", str(setup.library), "settings", "set", "base_url", "https://news.example.org"],
                    "prepare")
    assert done.code == 0, done.err
    sites = work / "old-site"
    sites.mkdir()
    done = run_desk(["--db", str(setup.library), "export", "--out", str(sites / "site")], "prepare")
    assert done.code == 0, done.err
    setup.sites = sites
    setup.old_tree = served(sites / "site")

    setup.edited = work / "edited.sqlite"
    shutil.copy(setup.library, setup.edited)
    db = open_database(setup.edited)
    fresh = generated_photos(work / "edited-photos", 3, seed + 1)
    with db.write() as session:
        new_ids = [photos.store(session, p.read_bytes(), p.name)[0].id for p in fresh]
        live = session.scalars(select(Article).where(Article.status == "published").order_by(Article.id)).all()
        for n, article in enumerate(live):
            if n % 5 == 0:
                article_store.update(session, article, headline=article.headline + " (updated)")
            elif n % 17 == 0:
                article_store.update(session, article, status="archived")
        for n in range(12):
            made = article_store.create(session, f"A new story {n} with a new photo", status="published",
                                        category="Science", tags=["Harbours"], body="A new story.",
                                        byline="Reliability desk")
            session.flush()
            attachments.set_hero(session, made.id, new_ids[n % len(new_ids)], alt="A harbour")
    db.close()
    conn = sqlite3.connect(setup.edited)
    with conn:
        conn.execute("DELETE FROM render_cache")  # every page rendered again: the render workers start
        conn.execute("DELETE FROM renditions WHERE kind = 'web'")  # and photos made again
    conn.execute("VACUUM")
    conn.close()
    reference = work / "new-site"
    copy_site(sites, reference)
    scratch = work / "scratch.sqlite"
    copy_db(setup.edited, scratch)
    done = run_desk(["--db", str(scratch), "export", "--out", str(reference / "site")], "prepare")
    assert done.code == 0, done.err
    setup.new_tree = served(reference / "site")

    setup.markdown = work / "import-md"
    write_corpus(setup.markdown, max(40, articles // 2), seed=seed + 2, words=300)
    setup.photos = work / "import-photos"
    generated_photos(setup.photos, 16, seed + 3)
    return setup


# --- kill -9 --------------------------------------------------------------------------------


def calibrate(args: list[str], before) -> float:
    """Seconds an uninterrupted run takes (after ``before()`` sets the stage)."""
    before()
    done = run_desk(args, "calibrate")
    if done.code != 0:
        raise SystemExit(f"calibration run failed ({done.code}): {done.err[-500:]}")
    return done.seconds


def kill_import(setup: Setup, trials: int, rng: random.Random, tmp: Path) -> Tally:
    tally = Tally("kill -9 import")
    db = tmp / "import.sqlite"
    args = ["--db", str(db), "import", str(setup.markdown)]
    seconds = calibrate(args, lambda: copy_db(setup.library, db))
    before = scalar(setup.library, "SELECT count(*) FROM articles")
    after = scalar(db, "SELECT count(*) FROM articles")
    for n in range(trials):
        copy_db(setup.library, db)
        trial = f"import-{n}-{os.getpid()}"
        killed = run_and_kill(args, trial, kill_delay(rng, seconds), tmp)
        tally.trials += 1
        tally.count_kill(killed)
        left = orphans_after(trial)
        if left:
            tally.fail("orphan workers", f"trial {n}: {left}")
        if killed.code is not None and killed.code != 0:
            tally.fail("wrong exit codes", f"trial {n}: ran to the end with {killed.code}: {killed.err[-200:]}")
        if traceback_in(killed):
            tally.fail("tracebacks", f"trial {n}: {killed.err[-300:]}")
        state = integrity(db)
        count = scalar(db, "SELECT count(*) FROM articles") if state == "ok" else -1
        if state != "ok" or count not in (before, after):
            tally.fail("lost or half-written data", f"trial {n}: integrity {state!r}, {count} articles "
                       f"(before {before}, after {after})")
        again = run_desk(args, trial + "-again")
        if again.code != 0 or traceback_in(again) or scalar(db, "SELECT count(*) FROM articles") != after:
            tally.fail("next run failed", f"trial {n}: exit {again.code}: {again.err[-200:]}")
    return tally


def kill_photo_import(setup: Setup, trials: int, rng: random.Random, tmp: Path) -> Tally:
    tally = Tally("kill -9 photo import")
    db = tmp / "photos.sqlite"
    files = sorted(str(p) for p in setup.photos.glob("*.jpg"))
    args = ["--db", str(db), "photo", "import", *files]
    seconds = calibrate(args, lambda: copy_db(setup.library, db))
    before = scalar(setup.library, "SELECT count(*) FROM photos")
    after = scalar(db, "SELECT count(*) FROM photos")
    for n in range(trials):
        copy_db(setup.library, db)
        trial = f"photo-{n}-{os.getpid()}"
        killed = run_and_kill(args, trial, kill_delay(rng, seconds), tmp)
        tally.trials += 1
        tally.count_kill(killed)
        left = orphans_after(trial)
        if left:
            tally.fail("orphan workers", f"trial {n}: {left}")
        if killed.code is not None and killed.code != 0:
            tally.fail("wrong exit codes", f"trial {n}: ran to the end with {killed.code}: {killed.err[-200:]}")
        if traceback_in(killed):
            tally.fail("tracebacks", f"trial {n}: {killed.err[-300:]}")
        state = integrity(db)
        if state != "ok":
            tally.fail("lost or half-written data", f"trial {n}: integrity {state!r}")
        else:
            count = scalar(db, "SELECT count(*) FROM photos")
            halves = scalar(db, "SELECT count(*) FROM photos WHERE id NOT IN (SELECT photo_id FROM photo_blobs)")
            if not before <= count <= after or halves:
                tally.fail("lost or half-written data", f"trial {n}: {count} photos (before {before}, "
                           f"after {after}), {halves} without their original")
        again = run_desk(args, trial + "-again")
        if again.code != 0 or traceback_in(again) or scalar(db, "SELECT count(*) FROM photos") != after:
            tally.fail("next run failed", f"trial {n}: exit {again.code}: {again.err[-200:]}")
    return tally


def check_site(tally: Tally, n: int, site: Path, old: dict[str, str], new: dict[str, str]) -> None:
    """The served folder is the old site or the new one, whole, nothing of Desk's in it."""
    now = served(site)
    tally.seen["new site" if now == new else "old site" if now == old else "a mix"] += 1
    if now != old and now != new:
        extra = sorted(set(now) - set(old) - set(new))[:3]
        differing = sum(1 for rel in now if rel in old and rel in new and now[rel] not in (old[rel], new[rel]))
        tally.fail("mixed trees", f"trial {n}: {len(now)} files, neither old ({len(old)}) nor new "
                   f"({len(new)}); {differing} files of neither, extra {extra}")
    inside = desk_files_served(now)
    if inside:
        tally.fail("leftovers served", f"trial {n}: {inside[:3]}")
    bad = broken(site)
    if bad:
        tally.fail("broken links", f"trial {n}: {len(bad)}, e.g. {bad[0]}")


def kill_export(setup: Setup, trials: int, rng: random.Random, tmp: Path) -> Tally:
    tally = Tally("kill -9 export")
    db = tmp / "export.sqlite"
    sites = tmp / "sites"
    site = sites / "site"
    modes = {"over a live site": ([], setup.sites, setup.old_tree),
             "--full over a live site": (["--full"], setup.sites, setup.old_tree),
             "first export": ([], None, {})}
    timing: dict[str, float] = {}
    for name, (extra, start_from, _) in modes.items():
        def stage(start_from=start_from) -> None:
            copy_db(setup.edited, db)
            if start_from is None:
                shutil.rmtree(sites, ignore_errors=True)
                sites.mkdir()
            else:
                copy_site(start_from, sites)
        timing[name] = calibrate(["--db", str(db), "export", "--out", str(site), *extra], stage)
    names = list(modes)
    for n in range(trials):
        name = names[n % len(names)] if n % 2 else names[0]  # half over a live site, as newsrooms do
        extra, start_from, old = modes[name]
        copy_db(setup.edited, db)
        if start_from is None:
            shutil.rmtree(sites, ignore_errors=True)
            sites.mkdir()
        else:
            copy_site(start_from, sites)
        trial = f"export-{n}-{os.getpid()}"
        args = ["--db", str(db), "export", "--out", str(site), *extra]
        if n % 3 == 2:  # a third of the kills while the render workers run
            killed = run_and_kill(args, trial, rng.uniform(0.0, 0.4 * timing[name]), tmp, workers=True)
        else:
            killed = run_and_kill(args, trial, kill_delay(rng, timing[name]), tmp)
        tally.trials += 1
        tally.count_kill(killed)
        left = orphans_after(trial)
        if left:
            tally.fail("orphan workers", f"trial {n} ({name}): {left}")
        if killed.code is not None and killed.code != 0:
            tally.fail("wrong exit codes", f"trial {n} ({name}): ran to the end with {killed.code}")
        if traceback_in(killed):
            tally.fail("tracebacks", f"trial {n}: {killed.err[-300:]}")
        if integrity(db) != "ok":
            tally.fail("lost or half-written data", f"trial {n}: the database fails its integrity check")
        check_site(tally, n, site, old, setup.new_tree)
        again = run_desk(args, trial + "-again")
        if again.code != 0 or traceback_in(again) or served(site) != setup.new_tree or broken(site):
            tally.fail("next run failed", f"trial {n} ({name}): exit {again.code}: {again.err[-200:]}")
        left = orphans_after(trial + "-again")
        if left:
            tally.fail("orphan workers", f"trial {n}: after the run that completed: {left}")
    return tally


# --- a full disk ------------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(tmp: Path, megabytes: int) -> Iterator[Path | None]:
    mount = tmp / f"disk-{megabytes}m"
    mount.mkdir(exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path, leave: int) -> Path:
    """Fill the file system of ``folder``, leaving about ``leave`` bytes."""
    filler = folder / "filler"
    # Unbuffered: a buffered file keeps the chunk that did not fit and raises ENOSPC again
    # on close, outside the suppress below.
    with filler.open("wb", buffering=0) as fh:
        chunk = b"\0" * 65536
        with contextlib.suppress(OSError):
            while True:
                fh.write(chunk)
                fh.flush()
    size = filler.stat().st_size
    with filler.open("r+b") as fh:
        fh.truncate(max(0, size - leave))
    return filler


def one_line_refusal(tally: Tally, n: int, what: str, run: Run, allowed: tuple[int, ...]) -> None:
    if traceback_in(run):
        tally.fail("tracebacks", f"{what} {n}: {run.err[-300:]}")
    if run.code not in allowed:
        tally.fail("wrong exit codes", f"{what} {n}: exit {run.code} (wanted {allowed}): {run.err[-200:]}")
    elif run.code == 2 and run.err.count("\n") != 1:
        tally.fail("not one line", f"{what} {n}: {run.err[-300:]!r}")


def full_disk(setup: Setup, trials: int, rng: random.Random, tmp: Path) -> Tally:
    tally = Tally("full disk")
    # Everything copy_site copies (kept versions and export state too), not only the pages
    # served: sized on the pages alone, the copy itself could fill the disk.
    site_size = sum(f.stat().st_size for f in setup.sites.rglob("*") if f.is_file())
    db_size = setup.edited.stat().st_size
    with small_disk(tmp, (2 * site_size + 3 * db_size) // 2**20 + 16) as disk:
        if disk is None:
            tally.notes.append("not run: cannot mount a tmpfs here (needs root)")
            print("  full disk: not run (mounting a tmpfs needs root)")
            return tally
        for n in range(trials):
            case = n % 4
            trial = f"disk-{n}-{os.getpid()}"
            leave = rng.choice([0, 4096, 65536, 200_000, 600_000, 1_500_000])
            for entry in disk.iterdir():
                (shutil.rmtree if entry.is_dir() and not entry.is_symlink() else os.unlink)(entry)
            tally.trials += 1
            if case == 0:  # the site's disk fills up during an export
                db = tmp / "disk.sqlite"
                copy_db(setup.edited, db)
                copy_site(setup.sites, disk / "sites")
                site = disk / "sites" / "site"
                filler = fill(disk, leave)
                args = ["--db", str(db), "export", "--out", str(site)]
                run = run_desk(args, trial)
                one_line_refusal(tally, n, f"export, site on a full disk (leave {leave})", run, (0, 2))
                check_site(tally, n, site, setup.old_tree, setup.new_tree)
                filler.unlink()
                again = run_desk(args, trial + "-again")
                if again.code != 0 or served(site) != setup.new_tree or broken(site):
                    tally.fail("next run failed", f"export {n}: exit {again.code}: {again.err[-200:]}")
            elif case == 1:  # the database's disk is full: the export still publishes whole pages
                db = disk / "edited.sqlite"
                copy_db(setup.edited, db)
                sites = tmp / "disk-sites"
                copy_site(setup.sites, sites)
                fill(disk, leave)
                run = run_desk(["--db", str(db), "export", "--out", str(sites / "site")], trial)
                one_line_refusal(tally, n, f"export, database on a full disk (leave {leave})", run, (0, 2))
                check_site(tally, n, sites / "site", setup.old_tree, setup.new_tree)
                if run.code == 0 and served(sites / "site") != setup.new_tree:
                    tally.fail("mixed trees", f"export {n}: exit 0 but not the new site")
            else:  # an import or a photo import on a full disk: refused, nothing changed
                db = disk / "library.sqlite"
                copy_db(setup.library, db)
                before = (scalar(db, "SELECT count(*) FROM articles"), scalar(db, "SELECT count(*) FROM photos"))
                filler = fill(disk, leave)
                if case == 2:
                    args = ["--db", str(db), "import", str(setup.markdown)]
                else:
                    args = ["--db", str(db), "photo", "import", *sorted(str(p) for p in setup.photos.glob("*.jpg"))]
                run = run_desk(args, trial)
                what = ("import" if case == 2 else "photo import") + f" on a full disk (leave {leave})"
                one_line_refusal(tally, n, what, run, (0, 1, 2) if case == 3 else (0, 2))
                state = integrity(db)
                now = (scalar(db, "SELECT count(*) FROM articles"), scalar(db, "SELECT count(*) FROM photos"))
                if state != "ok" or (case == 2 and run.code != 0 and now != before):
                    tally.fail("lost or half-written data", f"{what} {n}: integrity {state!r}, {before} -> {now}")
                filler.unlink()
                again = run_desk(args, trial + "-again")
                if again.code != 0:
                    tally.fail("next run failed", f"{what} {n}: exit {again.code}: {again.err[-200:]}")
            left = orphans_after(trial) + orphans_after(trial + "-again")
            if left:
                tally.fail("orphan workers", f"trial {n}: {left}")
    return tally


# --- a locked database --------------------------------------------------------------------


@contextlib.contextmanager
def write_lock(db: Path, seconds: float | None = None) -> Iterator[None]:
    """Another program holds the database's write lock (for ``seconds``, or the block)."""
    script = ("import sqlite3, sys, time\n"
              "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "c.execute('BEGIN IMMEDIATE')\n"
              "print('locked', flush=True)\n"
              "time.sleep(float(sys.argv[2]))\n"
              "c.execute('ROLLBACK')\n")
    holder = subprocess.Popen([sys.executable, "-c", script, str(db), str(seconds or 3600)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        yield
    finally:
        if seconds is None:
            holder.kill()
        holder.wait()


def locked(setup: Setup, trials: int, rng: random.Random, tmp: Path) -> Tally:
    tally = Tally("locked database")
    for n in range(trials):
        case = n % 4
        trial = f"locked-{n}-{os.getpid()}"
        tally.trials += 1
        if case == 0:  # an export with new photos, the database locked all along
            db = tmp / "locked.sqlite"
            copy_db(setup.edited, db)
            sites = tmp / "locked-sites"
            copy_site(setup.sites, sites)
            with write_lock(db):
                run = run_desk(["--db", str(db), "export", "--out", str(sites / "site")], trial)
            one_line_refusal(tally, n, "export, database locked", run, (0,))
            check_site(tally, n, sites / "site", setup.old_tree, setup.new_tree)
            if run.code == 0 and served(sites / "site") != setup.new_tree:
                tally.fail("mixed trees", f"export {n}: exit 0 but not the new site")
        else:
            db = tmp / "locked-library.sqlite"
            copy_db(setup.library, db)
            if case in (1, 2):
                args = ["--db", str(db), "import", str(setup.markdown)]
            else:
                args = ["--db", str(db), "photo", "import", *sorted(str(p) for p in setup.photos.glob("*.jpg"))]
            before = scalar(db, "SELECT count(*) FROM articles") + scalar(db, "SELECT count(*) FROM photos")
            if case == 2:  # the lock goes after a while: the command waits, says so, succeeds
                # Held past the command's start-up and its first write.
                with write_lock(db, rng.uniform(4.0, 8.0)):
                    run = run_desk(args, trial, env={"DESK_BUSY_WAIT": "30"})
                one_line_refusal(tally, n, "import, database locked for a while", run, (0,))
                if "busy" not in run.err and "locked" not in run.err and "wait" not in run.err:
                    tally.fail("silent wait", f"import {n}: nothing said while waiting: {run.err[-200:]!r}")
            else:  # locked for longer than DESK_BUSY_WAIT: exit 2, one line, nothing changed
                with write_lock(db):
                    run = run_desk(args, trial, env={"DESK_BUSY_WAIT": "1"})
                what = "import" if case == 1 else "photo import"
                if traceback_in(run):
                    tally.fail("tracebacks", f"{what} {n}: {run.err[-300:]}")
                if run.code != 2:
                    tally.fail("wrong exit codes", f"{what} {n}: exit {run.code}: {run.err[-200:]}")
                lines = [line for line in run.err.splitlines() if line.strip()]
                if len(lines) > 2:  # the wait announced, then the refusal
                    tally.fail("not one line", f"{what} {n}: {run.err[-300:]!r}")
                after = scalar(db, "SELECT count(*) FROM articles") + scalar(db, "SELECT count(*) FROM photos")
                if after != before or integrity(db) != "ok":
                    tally.fail("lost or half-written data", f"{what} {n}: {before} -> {after}")
        left = orphans_after(trial)
        if left:
            tally.fail("orphan workers", f"trial {n}: {left}")
    return tally


# --- hostile input ------------------------------------------------------------------------


def hostile(front_matters: int, processes: int, bodies: int, seed: int, tmp: Path) -> Tally:
    tally = Tally("hostile input")
    try:
        from benchmarks import hostile_input
    except ImportError:
        tally.notes.append("not run: benchmarks/hostile_input.py (tests/hostile_inputs.py) is not in this checkout")
        print("  hostile input: not run (benchmarks/hostile_input.py is not in this checkout)")
        return tally
    folder = tmp / "hostile"
    folder.mkdir()
    results = [hostile_input.front_matters(seed, front_matters, processes, folder),
               hostile_input.bodies(seed, bodies)]
    for counts in results:
        for key, value in counts.items():
            if key == "trials":
                tally.trials += value
            elif value:
                tally.failures[key] += value
    return tally


# --- the report -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50, help="kill -9 trials of each command (50)")
    parser.add_argument("--disk-trials", type=int, default=24, help="full-disk trials (24)")
    parser.add_argument("--lock-trials", type=int, default=12, help="locked-database trials (12)")
    parser.add_argument("--articles", type=int, default=600, help="articles in the library (600)")
    parser.add_argument("--front-matters", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=50)
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--only", default=",".join(KINDS), help="comma-separated: " + ", ".join(KINDS))
    args = parser.parse_args(argv)
    only = {k.strip() for k in args.only.split(",") if k.strip()}
    unknown = only - set(KINDS)
    if unknown:
        parser.error(f"unknown kind(s): {', '.join(sorted(unknown))}")
    rng = random.Random(args.seed)
    started = time.perf_counter()
    tallies: list[Tally] = []
    with tempfile.TemporaryDirectory(prefix="desk-reliability-") as folder:
        tmp = Path(folder)
        if only & {"kill-import", "kill-photo-import", "kill-export", "full-disk", "locked"}:
            print(f"preparing a library of {args.articles} articles ...", flush=True)
            setup = prepare(tmp / "setup", args.articles, args.seed)
            print(f"  site: {len(setup.old_tree)} files, after the edits {len(setup.new_tree)}", flush=True)
        steps = [("kill-import", lambda: kill_import(setup, args.trials, rng, tmp)),
                 ("kill-photo-import", lambda: kill_photo_import(setup, args.trials, rng, tmp)),
                 ("kill-export", lambda: kill_export(setup, args.trials, rng, tmp)),
                 ("full-disk", lambda: full_disk(setup, args.disk_trials, rng, tmp)),
                 ("locked", lambda: locked(setup, args.lock_trials, rng, tmp)),
                 ("hostile", lambda: hostile(args.front_matters, args.processes, args.bodies, args.seed, tmp))]
        for kind, step in steps:
            if kind not in only:
                continue
            print(f"== {kind}", flush=True)
            t0 = time.perf_counter()
            tally = step()
            tallies.append(tally)
            print(f"  {tally.line()} ({time.perf_counter() - t0:.0f} s)", flush=True)
    print()
    print(f"reliability, seed {args.seed}, {time.perf_counter() - started:.0f} s:")
    for tally in tallies:
        print("  " + tally.line())
        for note in tally.notes:
            if note.startswith("not run"):
                print(f"    {note}")
    total = sum(t.trials for t in tallies)
    failed = sum(sum(t.failures.values()) for t in tallies)
    print(f"total: {total} trials, {failed} failures")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
