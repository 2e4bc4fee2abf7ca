"""The publishing commands: `desk target ...`, `desk publish`, `desk unpublish`,
`desk publish-status`.

Exit status as everywhere: 0 done, 1 the site or the article has a problem (wrong
password, an edit made on the site, a photo without alt text), 2 bad input.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from desk.cli.base import Parser, command

PASSWORD_ENV = "DESK_TARGET_PASSWORD"


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("target", parents=[common], help="WordPress sites to publish to")
    t = p.add_subparsers(dest="target_command", metavar="SUBCOMMAND", parser_class=Parser,
                         required=True)
    q = t.add_parser("add", parents=[common], help="add a site (password from "
                     f"{PASSWORD_ENV} or asked for)")
    q.add_argument("name")
    q.add_argument("--url", required=True, help="the site's address, e.g. https://example.com")
    q.add_argument("--user", required=True, help="the WordPress user name")
    q.add_argument("--replace", action="store_true", help="change an existing target")
    q = t.add_parser("list", parents=[common], help="the sites")
    q.add_argument("--json", action="store_true")
    q = t.add_parser("test", parents=[common], help="check the address, user and password")
    q.add_argument("name")
    q = t.add_parser("remove", parents=[common], help="forget a site and its password")
    q.add_argument("name")

    p = sub.add_parser("publish", parents=[common], help="publish an article to a WordPress site")
    p.add_argument("slug")
    p.add_argument("--target", required=True, metavar="NAME")
    p.add_argument("--status", choices=("draft", "publish", "future"), default="draft")
    p.add_argument("--dry-run", action="store_true", help="show what would be sent; send nothing")
    p.add_argument("--json", action="store_true")
    p.add_argument("--overwrite", action="store_true",
                   help="replace changes made to the post on the site")
    p.add_argument("--recreate", action="store_true",
                   help="create the post again if it was deleted on the site")
    p.add_argument("--override-checklist", metavar="REASON",
                   help="publish or schedule even though the checklist blocks: the reason is "
                        "recorded, with who (DESK_EDITOR or the login name), in a revision")

    p = sub.add_parser("unpublish", parents=[common], help="make the published post a draft again")
    p.add_argument("slug")
    p.add_argument("--target", required=True, metavar="NAME")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("publish-status", parents=[common],
                       help="refresh the post's link and status from the site")
    p.add_argument("slug")
    p.add_argument("--target", required=True, metavar="NAME")
    p.add_argument("--json", action="store_true")




def _fail(message: str, code: int = 1) -> int:
    print(f"desk: {message}", file=sys.stderr)
    return code


def _password(url: str, user: str) -> str | None:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(f"Application Password for {user} on {url}: ")


@command("target")
def cmd_target(args: argparse.Namespace) -> int:
    return {"add": _target_add, "list": _target_list, "test": _target_test,
            "remove": _target_remove}[args.target_command](args)


def _target_add(args: argparse.Namespace) -> int:
    from desk.cli.base import open_db
    from desk.core.publish import targets

    password = _password(args.url, args.user)
    if not password:
        return _fail(f"no password: set {PASSWORD_ENV} or run on a terminal to be asked", 2)
    db = open_db(args)
    store = targets.credential_store()
    with db.write("adding the target") as session:
        target = targets.add(session, args.name, args.url, args.user, password, store=store,
                             replace=args.replace)
        name, url = target.name, target.base_url
    print(f"target {name} ({url}) saved; its password is kept in the {store.backend}")
    return 0


def _target_list(args: argparse.Namespace) -> int:
    from desk.cli.base import open_db, print_json
    from desk.core.publish import targets

    db = open_db(args)
    with db.read() as session:
        rows = [{"name": t.name, "kind": t.kind, "url": t.base_url, "user": t.username}
                for t in targets.list_targets(session)]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['name']}\t{row['url']}\t{row['user']}")
    return 0


def _target_test(args: argparse.Namespace) -> int:
    from desk.cli.base import open_db
    from desk.core.publish import errors, targets

    db = open_db(args)
    with db.read() as session:
        info = targets.info_of(targets.get(session, args.name))
    try:
        site = targets.test_connection(info)
    except errors.PublishError as exc:
        return _fail(str(exc), 1)
    print(targets.describe_site(site))
    return 0


def _target_remove(args: argparse.Namespace) -> int:
    from desk.cli.base import open_db
    from desk.core.publish import targets

    db = open_db(args)
    with db.write("removing the target") as session:
        targets.remove(session, args.name)
    print(f"target {args.name} removed (posts on the site are left as they are)")
    return 0


def _article_id(args: argparse.Namespace) -> tuple[Any, int]:
    from desk.cli.base import open_db
    from desk.core.articles import editing as articles

    db = open_db(args)
    with db.read() as session:
        return db, articles.by_slug(session, args.slug).id


@command("publish")
def cmd_publish(args: argparse.Namespace) -> int:
    from desk.cli.base import print_json
    from desk.core.publish import errors, publisher

    db, article_id = _article_id(args)
    if args.dry_run:
        return _dry_run(db, article_id, args)
    try:
        result = publisher.publish(db, article_id, args.target, args.status,
                                   overwrite=args.overwrite, recreate=args.recreate,
                                   override_checklist=args.override_checklist)
    except errors.RemoteChanged as exc:
        lines = [str(exc)] + [
            f"  {field}: on the site “{_short(site)}”, in Desk “{_short(ours)}”"
            for field, (site, ours) in exc.differences.items()
        ] + ["Run again with --overwrite to replace the site's version."]
        return _fail("\n".join(lines))
    except errors.PostGone as exc:
        return _fail(f"{exc} Run again with --recreate to create it anew.")
    except errors.PublishError as exc:
        return _fail(str(exc))
    if args.json:
        print_json(result.as_dict())
    else:
        verb = "created" if result.created else "updated"
        print(f"{verb} post {result.remote_id} ({result.status}): {result.link}")
        for note in result.checklist:
            print(f"desk: checklist: {note}", file=sys.stderr)
    return 0


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _dry_run(db: Any, article_id: int, args: argparse.Namespace) -> int:
    from desk.cli.base import print_json
    from desk.core.articles import editing as articles
    from desk.core.errors import DeskError
    from desk.core.publish import errors, publisher, targets

    with db.read() as session:
        target = targets.info_of(targets.get(session, args.target))
    client = None
    try:
        client = targets.client_for(target)
        client.check()
    except (errors.PublishError, DeskError) as exc:  # DeskError: no password stored here
        # Still show the plan: only which categories and tags are new stays unknown.
        print(f"desk: could not ask the site: {exc}", file=sys.stderr)
        client = None
    try:
        with db.read() as session:
            plan = publisher.plan(session, articles.get(session, article_id), target,
                                  args.status, client=client)
    except errors.PublishError as exc:
        return _fail(str(exc))
    finally:
        if client is not None:
            client.close()
    if args.json:
        print_json(plan.as_dict())
    else:
        print("\n".join(plan.describe()))
    return 1 if plan.problems else 0


@command("unpublish")
def cmd_unpublish(args: argparse.Namespace) -> int:
    from desk.core.publish import publisher

    return _status_command(args, publisher.unpublish)


@command("publish-status")
def cmd_publish_status(args: argparse.Namespace) -> int:
    from desk.core.publish import publisher

    return _status_command(args, publisher.pull_status)


def _status_command(args: argparse.Namespace, action: Any) -> int:
    from desk.cli.base import print_json
    from desk.core.publish import errors

    db, article_id = _article_id(args)
    try:
        info = action(db, article_id, args.target)
    except errors.PostGone as exc:
        return _fail(f"{exc} Run desk publish with --recreate to create it anew.")
    except errors.PublishError as exc:
        return _fail(str(exc))
    if args.json:
        print_json(info.as_dict())
    else:
        print(f"post {info.remote_id} on {info.target}: {info.status}, {info.link} "
              f"(modified {info.modified_gmt} UTC)")
    return 0
