"""Where publishing passwords live: the system keyring, or a file only the user can read.

The keyring (GNOME Keyring / KWallet via Secret Service, macOS Keychain, Windows
Credential Locker) is used when `keyring` finds a real backend. On machines without
one (a headless Linux box, a minimal desktop) `keyring` falls back to backends that
fail or silently drop secrets; those are detected and the passwords go to
`<user config dir>/desk/credentials.json` instead, mode 0600, written atomically.

Passwords are never logged and never part of a repr.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path

import keyring
import keyring.errors
import platformdirs
from keyring.backend import KeyringBackend

log = logging.getLogger("desk.publish")

SERVICE = "desk"
FILE_NAME = "credentials.json"


def usable_keyring() -> KeyringBackend | None:
    """The system keyring when it can really keep a secret, else None."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration must not stop publishing
        log.warning("the system keyring could not be loaded", exc_info=True)
        return None
    return backend if _is_real(backend) else None


def _is_real(backend: KeyringBackend) -> bool:
    from keyring.backends import chainer, fail, null

    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(_is_real(b) for b in backend.backends)
    # `priority` is a class property; below 1 keyring itself calls a backend unsuitable.
    try:
        return float(backend.priority) >= 1  # type: ignore[arg-type]
    except Exception:
        return False


class CredentialStore:
    """Passwords by key (for example "wordpress:https://example.com:editor").

    `directory` overrides where the fallback file lives (tests); `use_keyring=False`
    forces the file even when a keyring exists.
    """

    def __init__(
        self,
        *,
        directory: Path | str | None = None,
        use_keyring: bool = True,
        service: str = SERVICE,
    ) -> None:
        self.directory = Path(directory) if directory else Path(
            platformdirs.user_config_dir("desk")
        )
        self.service = service
        self._keyring = usable_keyring() if use_keyring else None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<CredentialStore {self.backend}>"

    @property
    def path(self) -> Path:
        return self.directory / FILE_NAME

    @property
    def backend(self) -> str:
        """Where passwords are kept, in words for the settings dialog."""
        if self._keyring is not None:
            return f"system keyring ({type(self._keyring).__name__})"
        return f"file {self.path} (readable only by you)"

    def set(self, key: str, password: str) -> None:
        if self._keyring is not None:
            try:
                self._keyring.set_password(self.service, key, password)
                # A copy left in the file by an earlier fallback would shadow nothing
                # but would still sit on disk: remove it.
                self._file_delete(key)
                return
            except keyring.errors.KeyringError:
                log.warning("the system keyring refused to store a password; using the file")
        self._file_set(key, password)

    def get(self, key: str) -> str | None:
        if self._keyring is not None:
            try:
                found = self._keyring.get_password(self.service, key)
                if found is not None:
                    return found
            except keyring.errors.KeyringError:
                log.warning("the system keyring could not be read; trying the file")
        return self._file_read().get(key)

    def delete(self, key: str) -> bool:
        """Forget the password; True when there was one."""
        removed = False
        if self._keyring is not None:
            try:
                self._keyring.delete_password(self.service, key)
                removed = True
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring.errors.KeyringError:
                log.warning("the system keyring could not delete a password")
        return self._file_delete(key) or removed

    # -- the file ------------------------------------------------------------------

    def _file_read(self) -> dict[str, str]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(raw)
        except ValueError:
            log.warning("%s is not valid JSON; ignoring it", self.path)
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def _file_set(self, key: str, password: str) -> None:
        with self._lock:
            data = self._file_read()
            data[key] = password
            self._file_write(data)

    def _file_delete(self, key: str) -> bool:
        with self._lock:
            data = self._file_read()
            if key not in data:
                return False
            del data[key]
            self._file_write(data)
            return True

    def _file_write(self, data: dict[str, str]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        # mkstemp creates the file 0600 from the start: the password is never readable
        # by others, not even between creating and renaming.
        fd, tmp = tempfile.mkstemp(prefix=".credentials-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(self.directory)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def wordpress_key(site_url: str, user: str) -> str:
    """The key a WordPress target's Application Password is stored under."""
    return f"wordpress:{site_url.rstrip('/')}:{user}"
