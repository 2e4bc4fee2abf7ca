"""What can go wrong when publishing, in words an editor can act on.

Every error's message says what happened and what to do next; `detail` keeps the
technical part (status, WordPress's error code and text) for the log and the
"details" disclosure in the UI, never the password.
"""

from __future__ import annotations


class PublishError(Exception):
    """Base class: `str(error)` is the sentence to show the editor."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.detail = detail

    def __str__(self) -> str:
        return self.message


# -- reaching the site ---------------------------------------------------------------


class BadSiteURL(PublishError):
    """The address is not a usable http(s) URL."""


class SiteMoved(BadSiteURL):
    """The site answers from another address (http to https, www, a new domain)."""

    def __init__(self, message: str, *, new_url: str, detail: str = "") -> None:
        super().__init__(message, detail=detail)
        self.new_url = new_url


class SiteUnreachable(PublishError):
    """Connection refused, no such host, TLS failure: nothing answered as a web server."""


class SiteTimeout(PublishError):
    """The server accepted the connection or the request and then did not answer."""


class NotWordPress(PublishError):
    """Something answered, but it is not a WordPress site (no REST API to be found)."""


class RestApiDisabled(PublishError):
    """It is WordPress, but its REST API is switched off or hidden by a plugin."""


class LoginRedirect(PublishError):
    """The site sends every request to a login page (a private site or a security plugin)."""


# -- who we are ----------------------------------------------------------------------


class WrongPassword(PublishError):
    """WordPress did not accept the user name and Application Password."""


class PasswordExpired(PublishError):
    """The Application Password was accepted once but is no longer valid."""


class ApplicationPasswordsUnavailable(PublishError):
    """The site or this user cannot use Application Passwords at all."""


class PermissionDenied(PublishError):
    """Logged in, but this account may not do what was asked."""


# -- what we sent --------------------------------------------------------------------


class UploadTooLarge(PublishError):
    """The server refused a file for its size."""


class RejectedRequest(PublishError):
    """WordPress refused the request as invalid (a 4xx that has no better name)."""


class ResponseMismatch(PublishError):
    """WordPress said yes but silently dropped or changed something we sent.

    The object was saved anyway: `remote_id` names it, so the caller can record,
    repair or delete it rather than leave an orphan on the site.
    """

    def __init__(self, message: str, *, remote_id: int | None = None, detail: str = "") -> None:
        super().__init__(message, detail=detail)
        self.remote_id = remote_id


class PostGone(PublishError):
    """The post this article was published as no longer exists (or is in the trash)."""

    def __init__(
        self, message: str, *, post_id: int, in_trash: bool = False, detail: str = ""
    ) -> None:
        super().__init__(message, status=None if in_trash else 404, detail=detail)
        self.post_id = post_id
        self.in_trash = in_trash


class MediaGone(PublishError):
    """The uploaded photo no longer exists in the site's media library."""

    def __init__(self, message: str, *, media_id: int, detail: str = "") -> None:
        super().__init__(message, status=404, detail=detail)
        self.media_id = media_id


class RemoteChanged(PublishError):
    """Someone edited the post on the website since Desk last published it.

    `differences` maps a field (title, content, excerpt, status) to (on the site,
    what Desk would send), so the editor can decide whether to overwrite.
    """

    def __init__(
        self,
        message: str,
        *,
        post_id: int,
        expected: str,
        actual: str,
        differences: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.post_id = post_id
        self.expected = expected
        self.actual = actual
        self.differences = dict(differences or {})


class NotReady(PublishError):
    """The article cannot be published as it is (a photo without alt text, a scheduled
    time in the past): nothing was sent. `problems` lists each thing to fix."""

    def __init__(self, message: str, *, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = list(problems)


# -- the server itself ---------------------------------------------------------------


class ServerError(PublishError):
    """The server failed (5xx) and kept failing after the retries."""


class UnexpectedResponse(PublishError):
    """The server answered something a WordPress REST API never answers."""
