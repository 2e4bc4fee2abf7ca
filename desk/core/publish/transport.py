"""HTTP for publishing: one requests.Session, timeouts, retries, plain-words errors.

Retry policy. Server errors and dropped connections are often momentary (a PHP worker
restarting, a proxy reloading), so they are retried with exponential back-off. A 4xx is
never retried: the same request would get the same answer. A request that creates
something is retried only when the server cannot have acted on it (the connection was
never made, or a gateway/overload status 502/503), because retrying a create after a
500 or a read timeout could publish the article twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from desk import __version__
from desk.core.publish import errors

log = logging.getLogger("desk.publish")

RETRY_ALWAYS = frozenset({502, 503})
RETRY_IDEMPOTENT = frozenset({500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 3
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    max_delay: float = 8.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER)
        return float(min(self.backoff * (2**attempt), self.max_delay))


def normalise_site_url(url: str) -> str:
    """The site address without trailing slash; BadSiteURL when it cannot be one."""
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        hint = f" Did you mean https://{text}?" if text and "://" not in text else ""
        raise errors.BadSiteURL(
            f"“{text}” is not a web address. Enter the site's address starting with "
            f"https:// (or http://).{hint}"
        )
    if parts.query or parts.fragment:
        raise errors.BadSiteURL(
            f"“{text}” has a query or fragment. Enter only the site's address, "
            "for example https://example.com."
        )
    return text.rstrip("/")


def host_of(url: str) -> str:
    return urlsplit(url).netloc


class Transport:
    """Sends requests to one site and turns every failure into a PublishError."""

    def __init__(
        self,
        *,
        user: str,
        password: str,
        timeout: tuple[float, float] = (5.0, 30.0),
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.session = requests.Session()
        # Desk decides where it connects: no HTTP_PROXY or .netrc from the environment.
        self.session.trust_env = False
        self.session.auth = (user, password)
        self.session.headers.update(
            {"User-Agent": f"Desk/{__version__}", "Accept": "application/json"}
        )
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.sleep = sleep

    def __repr__(self) -> str:  # the default would be harmless; keep the password out for sure
        return f"<Transport user={self.session.auth[0]!r}>"  # type: ignore[index]

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        files: Any = None,
        headers: Mapping[str, str] | None = None,
        creates: bool = False,
        timeout: tuple[float, float] | None = None,
        follow_redirects: bool | None = None,
    ) -> requests.Response:
        """Send with retries; return the last response, whatever its status.

        The caller classifies 4xx and 5xx answers itself: their meaning depends on the
        route (a 404 on a post means it was deleted; a 500 on an upload may mean the
        file was too big for PHP).
        Redirects are followed for GET only: requests would replay a redirected POST as
        a GET and lose the article, so a redirected write comes back as the 3xx.
        """
        if follow_redirects is None:
            follow_redirects = method == "GET"
        retryable = RETRY_ALWAYS if creates else RETRY_IDEMPOTENT
        attempt = 0
        while True:
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    json=json,
                    data=data,
                    files=files,
                    headers=dict(headers or {}),
                    timeout=timeout or self.timeout,
                    allow_redirects=follow_redirects,
                )
            except requests.RequestException as exc:
                failure = transport_error(exc, url)
                if attempt < self.retry.retries and _may_retry(exc, creates):
                    self._wait(attempt, None, f"{method} {url}: {type(exc).__name__}")
                    attempt += 1
                    continue
                raise failure from exc
            if response.status_code in retryable and attempt < self.retry.retries:
                self._wait(
                    attempt,
                    _retry_after(response),
                    f"{method} {url}: HTTP {response.status_code}",
                )
                attempt += 1
                response.close()
                continue
            return response

    def _wait(self, attempt: int, retry_after: float | None, why: str) -> None:
        delay = self.retry.delay(attempt, retry_after)
        log.info("retrying in %.1f s after %s", delay, why)
        self.sleep(delay)


def _may_retry(exc: requests.RequestException, creates: bool) -> bool:
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True  # nothing reached the server
    if isinstance(exc, requests.exceptions.SSLError):
        return False  # a certificate does not fix itself
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = str(exc)
        if _looks_like_dns_failure(text):
            return False
        if "NewConnectionError" in text or "Connection refused" in text:
            return True  # the request was never sent
        return not creates  # reset mid-request: the server may have acted on it
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return not creates
    return False


def _looks_like_dns_failure(text: str) -> bool:
    return any(
        marker in text
        for marker in (
            "NameResolutionError",
            "Name or service not known",
            "nodename nor servname",
            "getaddrinfo failed",
            "Temporary failure in name resolution",
            "No address associated with hostname",
        )
    )


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: rare enough to fall back to our own back-off


def transport_error(exc: requests.RequestException, url: str) -> errors.PublishError:
    """A plain-words error for a request that got no HTTP answer at all."""
    host = host_of(url) or url
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(
        exc,
        (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
        ),
    ):
        return errors.BadSiteURL(
            f"“{url}” is not a valid web address. Check the site address in the "
            "publishing settings.",
            detail=detail,
        )
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return errors.SiteTimeout(
            f"{host} did not accept a connection in time. Check the address and your "
            "internet connection, or try again later.",
            detail=detail,
        )
    if isinstance(exc, requests.exceptions.Timeout):
        return errors.SiteTimeout(
            f"{host} accepted the connection but did not answer in time. The site may be "
            "overloaded or down; try again later, or ask its administrator.",
            detail=detail,
        )
    if isinstance(exc, requests.exceptions.SSLError):
        return errors.SiteUnreachable(
            f"The secure connection to {host} failed (its certificate is not valid for "
            "this address or has expired). Check the address or tell the site's "
            "administrator.",
            detail=detail,
        )
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return errors.UnexpectedResponse(
            f"{host} redirects in a loop. Check the site address (http or https, with or "
            "without www) or tell the site's administrator.",
            detail=detail,
        )
    text = str(exc)
    if _looks_like_dns_failure(text):
        return errors.SiteUnreachable(
            f"There is no site called {urlsplit(url).hostname}. Check the spelling of the "
            "address, and that this computer is online.",
            detail=detail,
        )
    if "Connection refused" in text or "NewConnectionError" in text:
        return errors.SiteUnreachable(
            f"{host} refused the connection: nothing is listening at that address. Check "
            "the address (and port), or whether the site is down.",
            detail=detail,
        )
    return errors.SiteUnreachable(
        f"The connection to {host} failed. Check your internet connection and try again.",
        detail=detail,
    )


def wp_error(response: requests.Response) -> tuple[str, str]:
    """WordPress's error code and message from a JSON error body, or ("", "")."""
    try:
        body = response.json()
    except ValueError:
        return "", ""
    if isinstance(body, dict):
        return str(body.get("code") or ""), str(body.get("message") or "")
    return "", ""


def describe(response: requests.Response) -> str:
    code, message = wp_error(response)
    method = response.request.method if response.request is not None else "?"
    where = f"{method} {response.url}"
    if code:
        return f"HTTP {response.status_code} {code}: {message} ({where})"
    snippet = response.text[:200].replace("\n", " ") if response.content else ""
    return f"HTTP {response.status_code} ({where}) {snippet}".rstrip()


def server_error(response: requests.Response) -> errors.ServerError:
    host = host_of(response.url)
    return errors.ServerError(
        f"{host} had an internal error (HTTP {response.status_code}). Try again in a few "
        "minutes; if it keeps happening, tell the site's administrator.",
        status=response.status_code,
        code=wp_error(response)[0] or None,
        detail=describe(response),
    )
