"""A WordPress REST API client for publishing articles, their photos and terms.

Authentication is HTTP Basic with an Application Password (WordPress ≥ 5.6). WordPress
is lenient in ways that lose data quietly, so every write is checked against its answer:

* a wrong password is not an error on public routes, the request just runs as an
  anonymous visitor: `check()` asks for `users/me`, which needs a real login;
* unknown ids in `featured_media`, `categories` or `tags` are dropped with a 201;
* term names come back HTML-escaped (`&` → `&amp;`); slugs gain `-2` or lose accents.
  Store what WordPress returns (RemotePost.slug, .link), not what was sent.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import requests

from desk.core.publish import errors
from desk.core.publish.transport import (
    RetryPolicy,
    Transport,
    describe,
    host_of,
    normalise_site_url,
    server_error,
    wp_error,
)
from desk.core.publish.remote import (
    RemoteMedia,
    RemotePost,
    SiteInfo,
    Term,
    post_body,
    same_term_name,
    verify_media,
    verify_post,
    wp_datetime,
)

__all__ = [
    "RemoteMedia", "RemotePost", "RetryPolicy", "SiteInfo", "Term", "WordPressClient",
    "wp_datetime",
]

# WordPress's codes for "this site or this user may not use Application Passwords".
APP_PASSWORDS_OFF_CODES = frozenset(
    {"application_passwords_disabled", "application_passwords_disabled_for_user"}
)


class WordPressClient:
    """One WordPress site, one user. Not thread-safe: use one client per worker."""

    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        upload_timeout: tuple[float, float] = (5.0, 300.0),
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.site_url = normalise_site_url(url)
        self.user = user
        kwargs: dict[str, Any] = {"user": user, "password": password, "timeout": timeout}
        if retry is not None:
            kwargs["retry"] = retry
        if sleep is not None:
            kwargs["sleep"] = sleep
        self._http = Transport(**kwargs)
        self._upload_timeout = upload_timeout
        # Pretty permalinks serve the API at /wp-json/; plain ones only at ?rest_route=.
        self._api_root = f"{self.site_url}/wp-json/"
        self._rest_route = False

    def __repr__(self) -> str:
        return f"<WordPressClient {self.site_url} user={self.user!r}>"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> WordPressClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def api_root(self) -> str:
        return f"{self.site_url}/?rest_route=/" if self._rest_route else self._api_root

    # -- plumbing ------------------------------------------------------------------

    def _endpoint(
        self, route: str, params: Mapping[str, Any] | None
    ) -> tuple[str, dict[str, Any]]:
        query = dict(params or {})
        if self._rest_route:
            return f"{self.site_url}/", {"rest_route": "/" + route, **query}
        return self._api_root + route, query

    def _call(
        self,
        method: str,
        route: str,
        *,
        params: Mapping[str, Any] | None = None,
        creates: bool = False,
        **kwargs: Any,
    ) -> requests.Response:
        url, query = self._endpoint(route, params)
        response = self._http.request(method, url, params=query, creates=creates, **kwargs)
        if 300 <= response.status_code < 400:
            raise self._redirect_error(response)
        return response

    def _json(self, response: requests.Response) -> Any:
        if response.history and "login" in urlsplit(response.url).path.lower():
            raise self._login_redirect(response.url)
        try:
            return response.json()
        except ValueError:
            raise errors.UnexpectedResponse(
                f"{host_of(response.url)} answered with a web page where WordPress would "
                "answer with data. A security plugin or the hosting's firewall may be "
                "intercepting the request; tell the site's administrator.",
                status=response.status_code,
                detail=describe(response),
            ) from None

    def _ok(self, response: requests.Response) -> Any:
        if response.status_code >= 400:
            raise self._http_error(response)
        return self._json(response)

    def _redirect_error(self, response: requests.Response) -> errors.PublishError:
        target = response.headers.get("Location", "")
        if "wp-login.php" in target or "login" in urlsplit(target).path.lower():
            return self._login_redirect(target)
        return errors.SiteMoved(
            f"The site redirects to {target}. Change the site address in the publishing "
            "settings to the address it redirects to.",
            new_url=target,
            detail=describe(response),
        )

    def _login_redirect(self, target: str) -> errors.LoginRedirect:
        return errors.LoginRedirect(
            f"{host_of(self.site_url)} sends Desk to its login page ({target}) instead of "
            "answering. The site is private or a security plugin blocks the REST API; ask "
            "its administrator to allow REST requests with Application Passwords.",
            detail=target,
        )

    def _http_error(self, response: requests.Response) -> errors.PublishError:
        """The plain-words error for a 4xx/5xx answer on an API route."""
        status = response.status_code
        code, message = wp_error(response)
        detail = describe(response)
        host = host_of(self.site_url)
        said = f" WordPress said: “{html.unescape(message)}”" if message else ""
        if status >= 500:
            return server_error(response)
        if code in APP_PASSWORDS_OFF_CODES:
            return errors.ApplicationPasswordsUnavailable(
                f"{host} does not allow Application Passwords for this account. Ask the "
                "site's administrator to enable them (Users › Profile › Application "
                "Passwords), or use another account.",
                status=status, code=code, detail=detail,
            )
        if "expired" in code:
            return errors.PasswordExpired(
                f"The Application Password for {self.user} on {host} has expired. Create a "
                "new one in WordPress (Users › Profile › Application Passwords) and enter "
                "it in the publishing settings.",
                status=status, code=code, detail=detail,
            )
        if status == 401:
            return errors.WrongPassword(
                f"{host} did not accept the user name “{self.user}” with this Application "
                "Password. Check both in the publishing settings; if the password was "
                "revoked on the site, create a new one (Users › Profile › Application "
                "Passwords).",
                status=status, code=code, detail=detail,
            )
        if status == 403:
            if not code:
                return errors.PermissionDenied(
                    f"{host}'s firewall refused the request. Ask the site's administrator "
                    "to allow Desk's requests to the REST API.",
                    status=status, detail=detail,
                )
            return errors.PermissionDenied(
                f"The account “{self.user}” is not allowed to do this on {host}.{said} Ask "
                "the site's administrator for the Author or Editor role.",
                status=status, code=code, detail=detail,
            )
        if status == 413:
            return errors.UploadTooLarge(
                f"{host} refused the file because it is too large. Send a smaller rendition "
                "of the photo, or ask the site's administrator to raise the upload limit.",
                status=status, code=code or None, detail=detail,
            )
        if code == "rest_no_route":
            return errors.RestApiDisabled(
                f"{host} does not offer this part of the REST API ({response.url}). A plugin "
                "may have switched it off; tell the site's administrator.",
                status=status, code=code, detail=detail,
            )
        return errors.RejectedRequest(
            f"{host} refused the request (HTTP {status}).{said}",
            status=status, code=code or None, detail=detail,
        )

    # -- the connection check ------------------------------------------------------

    def check(self) -> SiteInfo:
        """Find the REST API and make sure the user and password are accepted.

        Raises the PublishError that names the first thing wrong: the address, the
        network, the site not being WordPress, the API being closed, the password.
        """
        index = self._discover()
        response = self._call("GET", "wp/v2/users/me", params={"context": "edit"})
        if response.status_code == 401:
            # The index lists Application Passwords only when the site accepts them;
            # without it the password was ignored, not wrong.
            if "application-passwords" not in (index.get("authentication") or {}):
                raise self._app_passwords_unavailable(response)
            raise self._http_error(response)  # 401 here is always the credentials
        me = self._ok(response)
        caps = me.get("capabilities") or {}
        return SiteInfo(
            url=self.site_url,
            api_root=self.api_root,
            name=html.unescape(str(index.get("name", ""))),
            user_id=int(me.get("id") or 0),
            user_name=str(me.get("name", "")),
            roles=tuple(me.get("roles") or ()),
            can_publish=bool(caps.get("publish_posts")),
            can_upload=bool(caps.get("upload_files")),
        )

    def _app_passwords_unavailable(
        self, response: requests.Response
    ) -> errors.ApplicationPasswordsUnavailable:
        host = host_of(self.site_url)
        if self.site_url.startswith("http://"):
            advice = (
                f"WordPress accepts them only over a secure connection: try "
                f"https://{self.site_url[len('http://'):]} as the site address."
            )
        else:
            advice = (
                "A plugin or the site's settings have switched them off; ask the site's "
                "administrator to enable them."
            )
        return errors.ApplicationPasswordsUnavailable(
            f"{host} does not accept Application Passwords. {advice}",
            status=response.status_code, code=wp_error(response)[0] or None,
            detail=describe(response),
        )

    def _discover(self) -> dict[str, Any]:
        first = self._probe(f"{self.site_url}/wp-json/")
        found = self._api_index(first)
        if found is not None:
            self._rest_route = False
            return found
        # Sites on plain permalinks (or without URL rewriting) answer only here.
        second = self._probe(f"{self.site_url}/", params={"rest_route": "/"})
        found = self._api_index(second)
        if found is not None:
            self._rest_route = True
            return found

        for response in (first, second):
            code, message = wp_error(response)
            if code and "disabled" not in code and response.status_code == 401:
                # The API is open to logged-in users only, and our login was refused.
                raise self._http_error(response)
            if code and response.status_code in (401, 403):
                said = f" (“{html.unescape(message)}”)" if message else ""
                raise errors.RestApiDisabled(
                    f"{host_of(self.site_url)} has closed its REST API{said}. Ask the "
                    "site's administrator to allow it for logged-in users.",
                    status=response.status_code, code=code, detail=describe(response),
                )
            if response.status_code >= 500:
                raise server_error(response)
        if self._looks_like_wordpress(first, second):
            raise errors.RestApiDisabled(
                f"{host_of(self.site_url)} is a WordPress site but its REST API does not "
                "answer (a plugin or the server configuration hides /wp-json/). Ask the "
                "site's administrator to enable it.",
                status=first.status_code, detail=describe(first),
            )
        raise errors.NotWordPress(
            f"{self.site_url} answers, but it is not a WordPress site (there is no "
            "WordPress REST API there). Check the address: it should be the site's home "
            "page, for example https://example.com.",
            status=first.status_code, detail=describe(first),
        )

    def _probe(self, url: str, params: Mapping[str, Any] | None = None) -> requests.Response:
        response = self._http.request("GET", url, params=params)
        # Redirects were followed; see where they ended.
        if response.history:
            final = response.url
            if "wp-login.php" in final or (
                "login" in urlsplit(final).path.lower() and "json" not in
                response.headers.get("Content-Type", "")
            ):
                raise self._login_redirect(final)
            if host_of(final) != host_of(self.site_url) or urlsplit(final).scheme != \
                    urlsplit(self.site_url).scheme:
                new_site = final.split("/wp-json", 1)[0].split("?", 1)[0].rstrip("/")
                raise errors.SiteMoved(
                    f"{self.site_url} redirects to {new_site}. Change the site address in "
                    f"the publishing settings to {new_site}.",
                    new_url=new_site,
                    detail=" → ".join([r.url for r in response.history] + [final]),
                )
        return response

    @staticmethod
    def _api_index(response: requests.Response) -> dict[str, Any] | None:
        if response.status_code != 200:
            return None
        try:
            body = response.json()
        except ValueError:
            return None
        if isinstance(body, dict) and isinstance(body.get("namespaces"), list):
            if "wp/v2" in body["namespaces"]:
                return body
            raise errors.RestApiDisabled(
                "The site's REST API is there but without WordPress's own routes (wp/v2): "
                "a plugin has removed them. Ask the site's administrator to restore them.",
                detail=f"namespaces: {body['namespaces']}",
            )
        return None

    def _looks_like_wordpress(self, *responses: requests.Response) -> bool:
        for response in responses:
            if "api.w.org" in response.headers.get("Link", ""):
                return True
            text = response.text[:200_000] if response.content else ""
            if "/wp-content/" in text or "/wp-includes/" in text:
                return True
        try:
            home = self._http.request("GET", f"{self.site_url}/")
        except errors.PublishError:
            return False
        text = home.text[:200_000] if home.content else ""
        return (
            "api.w.org" in home.headers.get("Link", "")
            or "/wp-content/" in text
            or "/wp-includes/" in text
        )

    # -- categories and tags -------------------------------------------------------

    def _find_term(
        self, taxonomy: str, name: str, parent: int | None
    ) -> Term | None:
        # Names are stored HTML-escaped, so "Arts & Culture" must be searched as
        # "Arts &amp; Culture"; the exact match is then made on the unescaped name.
        params: dict[str, Any] = {
            "search": name.strip().replace("&", "&amp;"),
            "per_page": 100,
            "hide_empty": "false",
        }
        if parent is not None:
            params["parent"] = parent
        for item in self._ok(self._call("GET", f"wp/v2/{taxonomy}", params=params)):
            if same_term_name(str(item.get("name", "")), name):
                return Term.from_json(item)
        return None

    def _term_by_slug(self, taxonomy: str, slug: str) -> Term | None:
        found = self._ok(self._call("GET", f"wp/v2/{taxonomy}", params={"slug": slug}))
        return Term.from_json(found[0]) if found else None

    def _get_term(self, taxonomy: str, term_id: int) -> Term:
        return Term.from_json(self._ok(self._call("GET", f"wp/v2/{taxonomy}/{term_id}")))

    def _create_term(self, taxonomy: str, body: dict[str, Any]) -> Term:
        response = self._call("POST", f"wp/v2/{taxonomy}", json=body, creates=True)
        code, _message = wp_error(response)
        if response.status_code == 400 and code == "term_exists":
            # Another client (or a name that normalises to an existing one) got there
            # first: WordPress tells us which term it is.
            data = response.json().get("data") or {}
            term_id = data.get("term_id") if isinstance(data, dict) else None
            if term_id:
                return self._get_term(taxonomy, int(term_id))
        term = Term.from_json(self._ok(response))
        if int(body.get("parent") or 0) != term.parent:
            raise errors.ResponseMismatch(
                f"WordPress filed the category “{term.name}” under parent {term.parent} "
                f"instead of {body.get('parent')}. Check the categories on the site.",
                remote_id=term.id,
                detail=str(body),
            )
        return term

    def find_category(self, name: str, parent: int = 0) -> Term | None:
        """The category called `name` (any case, `&` as typed) directly under `parent`."""
        return self._find_term("categories", name, parent)

    def find_category_by_slug(self, slug: str) -> Term | None:
        return self._term_by_slug("categories", slug)

    def create_category(
        self, name: str, parent: int = 0, *, slug: str | None = None,
        description: str | None = None,
    ) -> Term:
        """Create it, or return the existing one if WordPress says it already exists."""
        body: dict[str, Any] = {"name": name, "parent": parent}
        if slug:
            body["slug"] = slug
        if description is not None:
            body["description"] = description
        return self._create_term("categories", body)

    def ensure_category(self, name: str, parent: int = 0, *, slug: str | None = None) -> Term:
        return self.find_category(name, parent) or self.create_category(
            name, parent, slug=slug
        )

    def ensure_category_path(self, names: Sequence[str]) -> Term:
        """The category at the end of a path such as ["World", "Asia"], made as needed."""
        if not names:
            raise ValueError("a category path needs at least one name")
        parent = 0
        term: Term | None = None
        for name in names:
            term = self.ensure_category(name, parent)
            parent = term.id
        assert term is not None
        return term

    def find_tag(self, name: str) -> Term | None:
        return self._find_term("tags", name, None)

    def create_tag(self, name: str, *, slug: str | None = None) -> Term:
        body: dict[str, Any] = {"name": name}
        if slug:
            body["slug"] = slug
        return self._create_term("tags", body)

    def ensure_tag(self, name: str) -> Term:
        return self.find_tag(name) or self.create_tag(name)

    def ensure_tags(self, names: Iterable[str]) -> list[int]:
        return [self.ensure_tag(name).id for name in names]

    # -- media ---------------------------------------------------------------------

    def upload_media(
        self,
        data: bytes,
        filename: str,
        mime: str,
        *,
        caption: str | None = None,
        alt_text: str | None = None,
        title: str | None = None,
        description: str | None = None,
    ) -> RemoteMedia:
        """Upload one file with its texts in a single request.

        Fields left as None are filled by WordPress (from the photo's embedded metadata
        or the file name); pass "" to keep them empty.
        """
        fields = {
            key: value
            for key, value in (
                ("caption", caption), ("alt_text", alt_text),
                ("title", title), ("description", description),
            )
            if value is not None
        }
        response = self._call(
            "POST", "wp/v2/media",
            files={"file": (filename, data, mime)},
            data=fields,
            creates=True,
            timeout=self._upload_timeout,
        )
        too_big = self._upload_size_error(response, len(data), filename)
        if too_big is not None:
            raise too_big
        media = RemoteMedia.from_json(self._ok(response))
        verify_media(media, fields)
        return media

    def _upload_size_error(
        self, response: requests.Response, size: int, filename: str
    ) -> errors.UploadTooLarge | None:
        code, message = wp_error(response)
        megabytes = f"{size / 1_000_000:.1f} MB"
        advice = (
            "Send a smaller rendition of the photo, or ask the site's administrator to "
            "raise the upload limit."
        )
        if response.status_code == 413:
            return errors.UploadTooLarge(
                f"The server refused “{filename}” ({megabytes}) as too large. {advice}",
                status=413, code=code or None, detail=describe(response),
            )
        # PHP's own limits, as WordPress reports them: over upload_max_filesize PHP
        # flags the file; over post_max_size PHP drops the whole body, so WordPress
        # finds no file and complains about the raw-upload headers or the missing data.
        if ("upload_max_filesize" in message or "MAX_FILE_SIZE" in message
                or code == "rest_upload_file_too_big"
                or (size > 0 and code in ("rest_upload_no_data",
                                          "rest_upload_no_content_disposition",
                                          "rest_upload_no_content_type"))):
            return errors.UploadTooLarge(
                f"The site's PHP settings refuse “{filename}” ({megabytes}) as too large. "
                f"{advice}",
                status=response.status_code, code=code, detail=describe(response),
            )
        return None

    def get_media(self, media_id: int) -> RemoteMedia:
        response = self._call("GET", f"wp/v2/media/{media_id}", params={"context": "edit"})
        if response.status_code == 404:
            raise self._media_gone(media_id, response)
        return RemoteMedia.from_json(self._ok(response))

    def update_media(
        self,
        media_id: int,
        *,
        caption: str | None = None,
        alt_text: str | None = None,
        title: str | None = None,
        description: str | None = None,
    ) -> RemoteMedia:
        fields = {
            key: value
            for key, value in (
                ("caption", caption), ("alt_text", alt_text),
                ("title", title), ("description", description),
            )
            if value is not None
        }
        response = self._call("POST", f"wp/v2/media/{media_id}", json=fields)
        if response.status_code == 404:
            raise self._media_gone(media_id, response)
        media = RemoteMedia.from_json(self._ok(response))
        verify_media(media, fields)
        return media

    def delete_media(self, media_id: int) -> bool:
        """Delete for good (media cannot go to the trash). False if it was already gone."""
        response = self._call("DELETE", f"wp/v2/media/{media_id}", params={"force": "true"})
        if response.status_code == 404:
            return False
        self._ok(response)
        return True

    def _media_gone(self, media_id: int, response: requests.Response) -> errors.MediaGone:
        return errors.MediaGone(
            f"The photo (media {media_id}) is no longer in the site's media library. "
            "Publish again to upload it anew.",
            media_id=media_id, detail=describe(response),
        )

    # -- posts ---------------------------------------------------------------------

    def create_post(self, fields: Mapping[str, Any]) -> RemotePost:
        """Create a post from REST fields (title, content, excerpt, slug, status,
        date_gmt, categories, tags, featured_media, ...); check what WordPress kept."""
        body = post_body(fields)
        response = self._call("POST", "wp/v2/posts", json=body, creates=True)
        post = RemotePost.from_json(self._ok(response))
        verify_post(post, body)
        return post

    def update_post(
        self,
        post_id: int,
        fields: Mapping[str, Any],
        *,
        expected_modified_gmt: str | None = None,
    ) -> RemotePost:
        """Update a post. With `expected_modified_gmt`, refuse (RemoteChanged) when the
        post was edited on the site since then, instead of overwriting that edit."""
        if expected_modified_gmt is not None:
            current = self.get_post(post_id)
            if current.modified_gmt != expected_modified_gmt:
                raise errors.RemoteChanged(
                    f"The post “{current.title}” was edited on the website "
                    f"(at {current.modified_gmt} UTC) after Desk last published it. Review "
                    "the changes on the site, then choose to overwrite them or keep them.",
                    post_id=post_id, expected=expected_modified_gmt,
                    actual=current.modified_gmt,
                )
        body = post_body(fields)
        response = self._call("POST", f"wp/v2/posts/{post_id}", json=body)
        if response.status_code == 404:
            raise self._post_gone(post_id, response)
        post = RemotePost.from_json(self._ok(response))
        if post.status == "trash":
            raise self._post_trashed(post)
        verify_post(post, body)
        return post

    def get_post(self, post_id: int, context: str = "edit") -> RemotePost:
        response = self._call("GET", f"wp/v2/posts/{post_id}", params={"context": context})
        if response.status_code in (404, 410):
            raise self._post_gone(post_id, response)
        post = RemotePost.from_json(self._ok(response))
        if post.status == "trash":
            raise self._post_trashed(post)
        return post

    def find_posts(
        self,
        slugs: Sequence[str],
        statuses: Sequence[str] = ("draft", "pending", "future", "publish", "private"),
    ) -> list[RemotePost]:
        """Posts whose slug is one of `slugs`, in any of `statuses` (not the trash)."""
        response = self._call("GET", "wp/v2/posts", params={
            "slug": ",".join(slugs), "status": ",".join(statuses), "context": "edit",
            "per_page": 100,
        })
        return [RemotePost.from_json(item) for item in self._ok(response)]

    def delete_post(self, post_id: int, *, force: bool = False) -> bool:
        """Trash the post (or delete it for good with force). False if already gone."""
        params = {"force": "true"} if force else None
        response = self._call("DELETE", f"wp/v2/posts/{post_id}", params=params)
        if response.status_code in (404, 410):
            return False
        self._ok(response)
        return True

    def _post_gone(self, post_id: int, response: requests.Response) -> errors.PostGone:
        return errors.PostGone(
            f"The post this article was published as (id {post_id}) no longer exists on "
            f"{host_of(self.site_url)}: it was deleted there. Publish again to create it "
            "anew.",
            post_id=post_id, detail=describe(response),
        )

    def _post_trashed(self, post: RemotePost) -> errors.PostGone:
        return errors.PostGone(
            f"The post “{post.title}” (id {post.id}) is in the trash on "
            f"{host_of(self.site_url)}. Restore it there, or publish again to create a "
            "new post.",
            post_id=post.id, in_trash=True,
        )
