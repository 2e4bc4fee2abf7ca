"""Publishing targets: the WordPress sites an editor publishes to.

A target is a row in `publish_targets` (name, address, user); its Application Password
lives in the CredentialStore (system keyring or a user-only file), never in the
database, so a database copied to another machine carries no secret.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.errors import ConflictError, InputError, NotFoundError
from desk.core.store.models import PublishTarget
from desk.core.publish import errors
from desk.core.publish.credentials import CredentialStore, wordpress_key
from desk.core.publish.transport import normalise_site_url
from desk.core.publish.wordpress import SiteInfo, WordPressClient

MAX_NAME = 100


@dataclass(frozen=True)
class TargetInfo:
    """A target as plain values, safe to hand to another thread (no session)."""

    id: int
    name: str
    kind: str
    url: str
    user: str

    @property
    def credential_key(self) -> str:
        return wordpress_key(self.url, self.user)


def credential_store() -> CredentialStore:
    """Where passwords are kept; tests replace this function to use a temporary file."""
    return CredentialStore()


def info_of(target: PublishTarget) -> TargetInfo:
    return TargetInfo(id=target.id, name=target.name, kind=target.kind,
                      url=target.base_url, user=target.username)


def _clean_name(name: str) -> str:
    text = " ".join((name or "").split())
    if not text:
        raise InputError("a target needs a name, for example “website”")
    if len(text) > MAX_NAME:
        raise InputError(f"a target name has at most {MAX_NAME} characters")
    return text


def _clean_url(url: str) -> str:
    try:
        return normalise_site_url(url)
    except errors.BadSiteURL as exc:
        raise InputError(str(exc)) from None


def find(session: Session, name: str) -> PublishTarget | None:
    return session.scalar(select(PublishTarget).where(PublishTarget.name == name.strip()))


def get(session: Session, name: str) -> PublishTarget:
    target = find(session, name)
    if target is None:
        known = ", ".join(t.name for t in list_targets(session)) or "none yet"
        raise NotFoundError(
            f"no publishing target named “{name}” (known: {known}); add one with "
            "desk target add NAME --url URL --user USER"
        )
    return target


def list_targets(session: Session) -> list[PublishTarget]:
    return list(session.scalars(select(PublishTarget).order_by(PublishTarget.name)))


def add(
    session: Session,
    name: str,
    url: str,
    user: str,
    password: str,
    *,
    store: CredentialStore | None = None,
    replace: bool = False,
) -> PublishTarget:
    """Add a target (or, with `replace`, change an existing one) and keep its password."""
    name = _clean_name(name)
    url = _clean_url(url)
    user = (user or "").strip()
    if not user:
        raise InputError("a target needs the WordPress user name")
    password = (password or "").strip()
    if not password:
        raise InputError(
            "a target needs an Application Password (WordPress: Users › Profile › "
            "Application Passwords)"
        )
    store = store or credential_store()
    target = find(session, name)
    if target is not None and not replace:
        raise ConflictError(f"a target named “{name}” exists already; remove it first")
    if target is None:
        target = PublishTarget(name=name, kind="wordpress", base_url=url, username=user)
        session.add(target)
    else:
        old_key = wordpress_key(target.base_url, target.username)
        if old_key != wordpress_key(url, user):
            store.delete(old_key)
        target.base_url, target.username = url, user
    session.flush()
    # The row first: should the keyring fail, the transaction rolls the row back.
    store.set(wordpress_key(url, user), password)
    return target


def remove(session: Session, name: str, *, store: CredentialStore | None = None) -> None:
    """Forget a target, its password and its publication records (not the remote posts)."""
    target = get(session, name)
    key = wordpress_key(target.base_url, target.username)
    session.delete(target)
    session.flush()
    (store or credential_store()).delete(key)


def password_of(target: TargetInfo, store: CredentialStore | None = None) -> str:
    found = (store or credential_store()).get(target.credential_key)
    if not found:
        raise InputError(
            f"no password is stored for the target “{target.name}” on this computer; "
            f"add it again with desk target add {target.name} --url {target.url} "
            f"--user {target.user} --replace"
        )
    return found


# A seam for tests and the benchmark: how a client is made from a target and password.
ClientFactory = Callable[[str, str, str], WordPressClient]


def client_for(
    target: TargetInfo,
    store: CredentialStore | None = None,
    factory: ClientFactory = WordPressClient,
) -> WordPressClient:
    return factory(target.url, target.user, password_of(target, store))


def test_connection(target: TargetInfo, store: CredentialStore | None = None) -> SiteInfo:
    """check() against a saved target: SiteInfo, or the PublishError naming what is wrong."""
    return check_site(target.url, target.user, password_of(target, store))


def check_site(url: str, user: str, password: str) -> SiteInfo:
    """check() with an address, user and password not saved yet (the dialog's Test
    Connection). Being logged in is not enough to publish: an account that may not
    upload is reported here rather than half-way through a publish."""
    with WordPressClient(url, user, password) as client:
        info = client.check()
    if not info.can_upload:
        raise errors.PermissionDenied(
            f"The account “{user}” may not upload photos to {info.url}. Ask the site's "
            "administrator for the Author or Editor role."
        )
    return info


def describe_site(info: SiteInfo) -> str:
    roles = ", ".join(info.roles) or "no role"
    can = "can publish" if info.can_publish else "can write drafts only"
    return f"Connected to “{info.name}” ({info.url}) as {info.user_name} ({roles}); {can}."
