"""What every command group shares: the parser class, the command registry, the
database of ``--db`` / ``--database-url`` and JSON output. Command modules import this,
never each other, so the command line has no import cycle."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Command] = {}
# Adds a group's subcommands: (the subparsers action, the options every command takes).
ParserBuilder = Callable[[Any, argparse.ArgumentParser], None]


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see --help)")


def command(name: str) -> Callable[[Command], Command]:
    def register(fn: Command) -> Command:
        COMMANDS[name] = fn
        return fn

    return register


def open_db(args: argparse.Namespace, *, reading: bool = False):
    """The database of ``--db`` / ``--database-url``. A write that finds it busy waits
    (DESK_BUSY_WAIT seconds) and says so on stderr. ``reading``: the command only reads,
    so a database Desk cannot write is opened read-only."""
    from desk.core.store import sqlite
    from desk.core.store.db import open_database

    db = open_database(getattr(args, "db", None), getattr(args, "database_url", None), for_reading=reading)
    db.busy_wait = sqlite.command_wait()
    db.on_busy = _tell_busy
    return db


def _tell_busy(message: str | None) -> None:
    if message is not None:
        print(f"desk: {message}", file=sys.stderr, flush=True)


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, sort_keys=False))
