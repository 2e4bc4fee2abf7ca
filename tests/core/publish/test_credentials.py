"""Publishing passwords: the system keyring when real, else a user-only file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from desk.core.publish import credentials
from desk.core.publish.credentials import CredentialStore, usable_keyring, wordpress_key

SECRET = "abcd EFGH ijkl MNOP qrst UVWX"


class MemoryKeyring(KeyringBackend):
    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_fallback_round_trip_and_permissions(tmp_path: Path) -> None:
    store = CredentialStore(directory=tmp_path / "desk", use_keyring=False)
    key = wordpress_key("https://example.com/", "editor")
    assert store.get(key) is None

    store.set(key, SECRET)

    assert store.get(key) == SECRET
    assert mode(store.path) == 0o600
    assert mode(store.path.parent) == 0o700
    assert json.loads(store.path.read_text()) == {key: SECRET}
    assert [p.name for p in store.path.parent.iterdir()] == ["credentials.json"]
    assert "file" in store.backend


def test_file_keeps_other_targets_and_deletes_one(tmp_path: Path) -> None:
    store = CredentialStore(directory=tmp_path, use_keyring=False)
    store.set("a", "one")
    store.set("b", "two")
    store.set("a", "three")

    assert store.delete("a") is True
    assert store.delete("a") is False
    assert store.get("a") is None
    assert CredentialStore(directory=tmp_path, use_keyring=False).get("b") == "two"
    assert mode(store.path) == 0o600


def test_rewrite_tightens_a_file_made_too_open(tmp_path: Path) -> None:
    store = CredentialStore(directory=tmp_path, use_keyring=False)
    store.set("a", "one")
    store.path.chmod(0o644)
    store.set("b", "two")
    assert mode(store.path) == 0o600


def test_corrupt_file_reads_as_empty(tmp_path: Path) -> None:
    store = CredentialStore(directory=tmp_path, use_keyring=False)
    tmp_path.joinpath("credentials.json").write_text("{not json")
    assert store.get("a") is None
    store.set("a", "one")
    assert store.get("a") == "one"


def test_password_never_in_repr(tmp_path: Path) -> None:
    store = CredentialStore(directory=tmp_path, use_keyring=False)
    store.set("a", SECRET)
    assert SECRET not in repr(store)


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_fail_and_null_backends_are_not_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, backend: KeyringBackend
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    assert usable_keyring() is None
    store = CredentialStore(directory=tmp_path)
    store.set("a", SECRET)
    assert store.get("a") == SECRET
    assert store.path.exists()


def test_real_keyring_is_used_and_file_left_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    memory = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: memory)
    store = CredentialStore(directory=tmp_path)

    store.set("a", SECRET)

    assert memory.items == {(credentials.SERVICE, "a"): SECRET}
    assert not store.path.exists()
    assert store.get("a") == SECRET
    assert "keyring" in store.backend
    assert store.delete("a") is True
    assert store.get("a") is None


def test_keyring_that_refuses_falls_back_to_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: LockedKeyring())
    store = CredentialStore(directory=tmp_path)
    store.set("a", SECRET)
    assert store.get("a") == SECRET
    assert mode(store.path) == 0o600
