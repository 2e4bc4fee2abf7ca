"""Who the editor is: --user / DESK_USER, else the OS account's full name, else its login."""

from __future__ import annotations

from desk.core.newsroom import identity, users


def test_the_environment_names_the_editor(monkeypatch):
    monkeypatch.setenv("DESK_USER", "  Marie   Lambert ")
    assert identity.default_name() == "Marie Lambert"
    assert identity.default_name("Paul Durand") == "Paul Durand"
    assert identity.new_actor().initials == "ML"


def test_without_a_name_the_os_account_is_used(monkeypatch):
    monkeypatch.delenv("DESK_USER", raising=False)
    monkeypatch.delenv("DESK_EDITOR", raising=False)
    monkeypatch.setattr(identity, "login_name", lambda: "mlambert")
    monkeypatch.setattr(identity, "full_name", lambda login: "Marie Lambert" if login == "mlambert" else "")
    assert identity.default_name() == "Marie Lambert"
    monkeypatch.setattr(identity, "full_name", lambda login: "")
    assert identity.default_name() == "mlambert"


def test_the_full_name_is_read_from_the_passwd_gecos_field():
    import pwd

    entry = pwd.getpwuid(__import__("os").getuid())
    expected = " ".join(entry.pw_gecos.split(",", 1)[0].split())
    assert identity.full_name(entry.pw_name) == expected


def test_initials():
    assert identity.initials_of("Marie Lambert") == "ML"
    assert identity.initials_of("jean-luc picard") == "JLP"
    assert identity.initials_of("ops") == "O"


def test_users_are_made_once_and_listed_by_last_seen(db):
    marie, paul = identity.new_actor("Marie Lambert"), identity.new_actor("Paul Durand")
    with db.write() as session:
        users.ensure(session, marie)
    with db.write() as session:
        users.ensure(session, paul)
    with db.write() as session:
        users.ensure(session, identity.new_actor("Marie Lambert"))  # her second window
    with db.read() as session:
        assert [u.name for u in users.known(session)] == ["Marie Lambert", "Paul Durand"]
        assert users.known(session)[0].initials == "ML"


def test_the_command_line_names_the_editor_on_imports_and_revisions(tmp_path, monkeypatch):
    import sqlite3

    from desk.cli import main

    monkeypatch.delenv("DESK_USER", raising=False)
    story = tmp_path / "one.md"
    story.write_text("---\ntitle: Council vote\n---\nThe council voted.\n", encoding="utf-8")
    db_path = tmp_path / "desk.sqlite"
    try:
        assert main(["--user", "Marie Lambert", "import", "--db", str(db_path), str(story)]) == 0
    finally:
        identity.set_current(None)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT author FROM revisions").fetchall() == [("Marie Lambert",)]
    assert conn.execute("SELECT imported_by FROM import_sources").fetchall() == [("Marie Lambert",)]
    conn.close()
