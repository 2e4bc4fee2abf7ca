"""`desk photo import|list|show`: photos and their credits."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desk.cli.base import Parser, command, open_db, print_json


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("photo", parents=[common], help="photos and their credits")
    photo_sub = p.add_subparsers(dest="photo_command", metavar="SUBCOMMAND", parser_class=Parser,
                                 required=True)
    q = photo_sub.add_parser("import", parents=[common], help="store photos with their embedded metadata")
    q.add_argument("files", nargs="+", type=Path, metavar="FILE")
    q.add_argument("--json", action="store_true", help="print what was read, one JSON object per file")
    q = photo_sub.add_parser("list", parents=[common], help="list the photos in the library")
    q.add_argument("--json", action="store_true")
    q.add_argument("--search", default="", metavar="TEXT",
                   help="only photos whose caption, credit, creator, source or reference hold TEXT")
    q.add_argument("--agency", default="", metavar="KEY", help="only photos of this preset or distributor")
    q.add_argument("--missing-alt", action="store_true")
    q.add_argument("--missing-credit", action="store_true")
    q.add_argument("--restricted", action="store_true")
    q = photo_sub.add_parser("show", parents=[common], help="one photo's credit fields")
    q.add_argument("id", type=int)
    q.add_argument("--json", action="store_true")


@command("photo")
def cmd_photo(args: argparse.Namespace) -> int:
    return {"import": _photo_import, "list": _photo_list, "show": _photo_show}[args.photo_command](args)


# `desk photo import`: a file Desk itself failed on (a bug, not the file's fault).
EXIT_BUG = 3


def _photo_import(args: argparse.Namespace) -> int:
    from desk.core.photos import importing as photo_import, records as photos
    from desk.core.errors import DatabaseError, DeskError

    if not any(path.exists() for path in args.files):
        names = ", ".join(photo_import.shown_name(str(p)) for p in args.files)
        print(f"desk: no such file: {names}", file=sys.stderr)
        return 2
    db = open_db(args)
    failed = bugs = 0
    for path in args.files:
        try:
            done = photo_import.import_file(db, path)
        except DatabaseError:
            raise  # the database, not this file: exit 2 like every command (a locked database)
        except photo_import.ReaderBug as exc:
            bugs += 1
            print(f"desk: {exc}", file=sys.stderr)
            continue
        except DeskError as exc:
            failed += 1
            print(f"desk: {exc}", file=sys.stderr)
            continue
        with db.read() as session:
            photo = photos.get(session, done.photo_id)
            if args.json:
                print_json(photo_import.record(photo, file=str(path), duplicate=done.duplicate))
            else:
                state = "already in the library" if done.duplicate else "imported"
                print(f"{done.file}\t{state} as photo {photo.id}\t{photos.credit_text(photo)}")
    if bugs:
        print(f"desk: {bugs} file(s) hit a bug in Desk (see above); the others were imported or refused",
              file=sys.stderr)
        return EXIT_BUG
    return 1 if failed else 0


def _photo_list(args: argparse.Namespace) -> int:
    from desk.core.photos import finder as photo_library

    flags = tuple(flag for flag, wanted in (
        (photo_library.MISSING_ALT, args.missing_alt),
        (photo_library.MISSING_CREDIT, args.missing_credit),
        (photo_library.RESTRICTED, args.restricted),
    ) if wanted)
    query = photo_library.Query(text=args.search, agency=args.agency, flags=flags)
    db = open_db(args, reading=True)
    with db.read() as session:
        rows, offset = [], 0
        while batch := photo_library.search(session, query, offset=offset, limit=500):
            rows.extend(batch)
            offset += len(batch)
    if args.json:
        print_json([{
            "id": r.id, "file": r.filename, "credit_line": r.credit_line, "creator": list(r.creator),
            "preset": r.preset or None, "width": r.width, "height": r.height,
            "has_alt_text": r.has_alt, "restricted": r.restricted, "caption": r.caption,
        } for r in rows])
    else:
        for r in rows:
            print(f"{r.id}\t{r.preset or '-'}\t{r.width}x{r.height}\t{r.credit_line or '-'}\t{r.filename}")
    return 0


def _photo_show(args: argparse.Namespace) -> int:
    from desk.core.photos import importing as photo_import, records as photos

    db = open_db(args, reading=True)
    with db.read() as session:
        record = photo_import.record(photos.get(session, args.id))
    if args.json:
        print_json(record)
    else:
        for key, value in record.items():
            print(f"{key}: {value}")
    return 0
