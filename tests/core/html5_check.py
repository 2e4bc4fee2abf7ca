"""What a browser would run in a page, found with an HTML5 parser (html5lib parses as
browsers do, error recovery included): scripts, event handlers, URLs that run code."""

from __future__ import annotations

import json

import html5lib

from desk.core.render.urls import LIST_ATTRIBUTES, URL_ATTRIBUTES, scheme_of

ALLOWED_SCHEMES = {None, "http", "https", "mailto"}
ACTIVE = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form",
          "meta-refresh", "style", "link-import", "noscript", "template", "svg", "math",
          "textarea", "select", "input", "button"}


def active_content(html: str, *, json_ld: int | None = None) -> list[str]:
    """Every piece of ``html`` that could run code: [] for a safe page. A page's one
    JSON-LD blocks (``<script type="application/ld+json">``) must parse as JSON; with
    ``json_ld``, exactly that many are expected."""
    root = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    found: list[str] = []
    ld_blocks = 0
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.rsplit("}", 1)[-1].lower()
        if tag.startswith("{"):
            found.append(f"foreign element <{name}> ({tag})")
        attrs = dict(element.attrib)
        if name == "script":
            if attrs.get("type") == "application/ld+json":
                ld_blocks += 1
                try:
                    json.loads(element.text or "")
                except ValueError as exc:
                    found.append(f"JSON-LD that does not parse: {exc}")
                continue
            found.append(f"<script> {(element.text or '')[:60]!r}")
        elif name == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        elif name in ACTIVE and name not in ("style",):
            found.append(f"<{name}>")
        for key, value in attrs.items():
            key_name = key.rsplit("}", 1)[-1].lower() if isinstance(key, str) else str(key)
            if key_name.startswith("on"):
                found.append(f"event handler {key_name}= on <{name}>")
            elif key_name == "style":
                found.append(f"style= on <{name}>")
            elif key_name in URL_ATTRIBUTES or key == "{http://www.w3.org/1999/xlink}href":
                if scheme_of(value) not in ALLOWED_SCHEMES:
                    found.append(f"{key_name}={value!r} on <{name}>")
            elif key_name in LIST_ATTRIBUTES:
                for candidate in value.split(","):
                    url = (candidate.split() or [""])[0]
                    if scheme_of(url) not in ALLOWED_SCHEMES:
                        found.append(f"{key_name} entry {url!r} on <{name}>")
    if json_ld is not None and ld_blocks != json_ld:
        found.append(f"{ld_blocks} JSON-LD blocks, expected {json_ld}")
    return found
