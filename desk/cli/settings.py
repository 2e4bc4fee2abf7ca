"""`desk settings get|set|unset`: the site settings the Preferences dialog edits.

    desk settings get [NAME] [--json]    every setting (NAME TAB value), or one value
    desk settings set NAME VALUE         checked first: a one-line reason and exit 2 if refused
    desk settings unset NAME             back to the default

The logo and the default share image take an image file (stored in the photo library)
or the number of a photo already there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desk.cli.base import Parser, command


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("settings", parents=[common], help="site settings (name, base URL, language, ...)")
    s = p.add_subparsers(dest="settings_command", metavar="SUBCOMMAND", parser_class=Parser,
                         required=True)
    q = s.add_parser("get", parents=[common], help="print the settings, or one setting's value")
    q.add_argument("name", nargs="?", metavar="NAME")
    q.add_argument("--json", action="store_true")
    q = s.add_parser("set", parents=[common], help="change a setting (checked first)")
    q.add_argument("name", metavar="NAME")
    q.add_argument("value", metavar="VALUE",
                   help="the value; for logo and share_image an image file or a photo number")
    q = s.add_parser("unset", parents=[common], help="give a setting back its default")
    q.add_argument("name", metavar="NAME")




@command("settings")
def cmd_settings(args: argparse.Namespace) -> int:
    return {"get": _get, "set": _set, "unset": _unset}[args.settings_command](args)


def _open(args: argparse.Namespace):
    from desk.cli.base import open_db

    return open_db(args)


def _print_json(value: Any) -> None:
    from desk.cli.base import print_json

    print_json(value)


def _public(name: str) -> str:
    from desk.core.site import settings

    return settings.names()[list(settings.SETTINGS).index(name)]


def _get(args: argparse.Namespace) -> int:
    from desk.core.site import settings

    name = settings.key_of(args.name) if args.name else None
    db = _open(args)
    with db.read() as session:
        current = settings.load(session)
        stored = settings.stored_names(session)
    wanted = [name] if name else list(settings.SETTINGS)
    if args.json:
        values = {_public(n): getattr(current, n) for n in wanted}
        _print_json(values[_public(name)] if name else values)
        return 0
    if name:
        print(settings.display(current, name))
        return 0
    for n in wanted:
        text = settings.display(current, n)
        note = "" if n in stored else ("  (not set)" if not text else "  (default)")
        print(f"{_public(n)}\t{text}{note}")
    return 0


def _set(args: argparse.Namespace) -> int:
    from desk.core.site import settings

    name = settings.key_of(args.name)
    db = _open(args)
    value = args.value
    if settings.SETTINGS[name].photo and not value.strip().isdigit():
        photo_id = settings.save_image(db, name, Path(value))
        print(f"{_public(name)}: photo {photo_id} ({Path(value).name})")
        return 0
    with db.write(f"setting {_public(name)}") as session:
        updated = settings.save(session, **{name: value})
    print(f"{_public(name)}: {settings.display(updated, name)}")
    return 0


def _unset(args: argparse.Namespace) -> int:
    from desk.core.site import settings

    name = settings.key_of(args.name)
    db = _open(args)
    with db.write(f"unsetting {_public(name)}") as session:
        updated = settings.save(session, **{name: None})
    shown = settings.display(updated, name)
    print(f"{_public(name)}: {shown or '(not set)'}", file=sys.stdout)
    return 0
