"""``desk export --check``: is the site in a folder whole, as Desk wrote it?

Read only: nothing is changed, not even Desk's own folder next to the site. Checks that
every file the manifest lists is there with the bytes Desk wrote, that every internal
link and asset of every page (``href``, ``src``, ``srcset``, and the site's own absolute
URLs: canonical links, feeds, sitemaps) names a file the site serves, that feeds and
sitemaps are well-formed XML, and that nothing of Desk's machinery (staging, journal)
is in the served tree. Each problem is one line naming the file.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from desk.core.export import writer
from desk.core.export.errors import ExportError
from desk.core.export.manifest import NAME as MANIFEST
from desk.core.export.manifest import load

# Desk's pages quote their attributes; a hand-edited page may not.
_HTML_URLS = re.compile(
    r"""\s(href|src|srcset|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)
_XML_URLS = re.compile(r"<(?:loc|link|id|uri)>([^<]*)</|\s(?:href|url)=\"([^\"]*)\"")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass
class Report:
    out: Path
    problems: list[str] = field(default_factory=list)
    files: int = 0
    links: int = 0

    def line(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem(s) in the site in {self.out}"
        return f"no problem found in {self.out}: {self.files} files, {self.links} internal links"


def served_tree(out: Path) -> tuple[Path, Path, Path | None]:
    """(the folder served, its manifest, the journal of an unfinished commit or None),
    without changing anything. ExportError when Desk did not write the folder."""
    out = Path(out).expanduser().absolute()
    if not out.is_dir():
        raise ExportError(f"{out} is not a folder")
    meta = writer.meta_of(out)
    if out.is_symlink() and os.readlink(out) in {f"{meta.name}/{t}" for t in writer.TREES}:
        manifest, journal = meta / "manifest.json", meta / "journal.json"
    else:
        manifest, journal = out / MANIFEST, out / writer.JOURNAL
    if not manifest.is_file():
        raise ExportError(f"{out} is not a site Desk exported (no manifest); nothing to check")
    return out, manifest, journal if journal.exists() else None


def check_site(out: Path) -> Report:
    root, manifest_file, journal = served_tree(out)
    manifest = load(manifest_file)
    assert manifest is not None
    report = Report(root)
    problems = report.problems
    if journal is not None:
        problems.append(f"{journal}: an export was interrupted; the next export finishes it")
    in_place = manifest_file.parent == root
    for name in sorted(writer.INTERNAL):
        if (root / name).exists() and not (in_place and name == MANIFEST):
            problems.append(f"{name}: Desk's own file in the served folder (left by an interrupted export)")
    served = _served_files(root)
    report.files = len(served)
    for rel, entry in sorted(manifest.files.items()):
        path = root / rel
        if rel not in served:
            problems.append(f"{rel}: missing (Desk wrote it; the next export --full writes it again)")
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(f"{rel}: cannot be read ({exc.strerror})")
            continue
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            problems.append(f"{rel}: changed since Desk wrote it (the next export --full writes it again)")
    report.links = _check_links(root, served, manifest.base_url, problems)
    return report


def broken_links(root: Path, base_url: str = "") -> list[str]:
    """Every internal link of the pages, feeds and sitemaps served from ``root`` that
    names no file there (and every malformed feed or sitemap), one line each: what a
    visitor would meet, whatever the manifest says."""
    problems: list[str] = []
    root = Path(root)
    if root.is_dir():
        _check_links(root, _served_files(root), base_url, problems)
    return problems


def _check_links(root: Path, served: set[str], base_url: str, problems: list[str]) -> int:
    base = base_url.rstrip("/")
    links = 0
    for rel in sorted(served):
        if rel.endswith(".html"):
            urls = _page_urls(root / rel)
        elif rel.endswith(".xml"):
            urls = _xml_urls(root / rel, rel, problems)
        else:
            continue
        for url in urls:
            target = _target(rel, url, base)
            if target is None:
                continue
            links += 1
            if target not in served and f"{target}/index.html".lstrip("/") not in served:
                problems.append(f"{rel}: link to {url[:200]}: missing")
    return links


def _served_files(root: Path) -> set[str]:
    """Every file a web server serving ``root`` can serve, as relative paths."""
    out: set[str] = set()
    prefix = len(str(root)) + 1
    for folder, _, files in os.walk(root):
        for name in files:
            out.add(os.path.join(folder, name)[prefix:].replace(os.sep, "/"))
    return out


def _page_urls(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    urls = []
    for match in _HTML_URLS.finditer(text):
        value = html.unescape(next(v for v in match.groups()[1:] if v is not None))
        if match.group(1).lower() == "srcset":
            urls += [part.split()[0] for part in value.split(",") if part.strip()]
        else:
            urls.append(value.strip())
    return urls


def _xml_urls(path: Path, rel: str, problems: list[str]) -> list[str]:
    data = path.read_bytes()
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        problems.append(f"{rel}: not well-formed XML ({exc})")
        return []
    text = data.decode("utf-8", errors="replace")
    return [html.unescape(a or b).strip() for a, b in _XML_URLS.findall(text)]


def _target(page: str, url: str, base: str) -> str | None:
    """The served file (relative path) an internal URL of ``page`` names; None for
    links elsewhere (another site, mailto:, a fragment of the page itself)."""
    if not url or url.startswith("#"):
        return None
    if base and (url == base or url.startswith(base + "/")):
        url = url[len(base):] or "/"
    elif _SCHEME.match(url) or url.startswith("//"):
        return None
    here = "/" + page
    path = unquote(urlsplit(urljoin(here, url)).path)
    if not path or path == here:
        return None
    if path.endswith("/"):
        path += "index.html"
    return path.lstrip("/")
