"""Seeded generators of hostile input: front matters Desk must refuse, and Markdown bodies
it must render safely and quickly. Used by the tests and by benchmarks/hostile_input.py
(a reliability suite can import them too): the same seed gives the same cases.

``hostile_front_matters(seed, n)`` yields (label, file text) pairs; every one of them
must be refused by ``desk import`` with exit status 2 and a one-line reason.
``hostile_bodies(seed, n)`` yields (label, Markdown body) pairs; rendered, none may hold
a script, an event handler or a URL that runs code.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

# ------------------------------------------------------------------ front matters

_TEXT_KEYS = ("title", "slug", "byline", "standfirst", "status", "date", "updated",
              "source_name", "source_url", "category")

BAD_DATES = [
    "0000-00-00", "2024-13-45", "2024-02-30T10:00:00Z", "0001-01-01", "0001-01-01T00:00:00",
    "9999-12-31T23:59:59-12:00", "9999-12-31", "2024-04-15T10:00:00+25:00",
    "2024-04-15T10:00:00-99:99", "2024-04-15T24:00:00", "2024-04-15T23:60:00",
    "2024-04-15T23:59:61", "2024-00-10", "2024-04-00", "-2024-04-15", "2024-4-15T9:3",
    "yesterday", "15/04/2024", "2024-04-15T10:00:00+05:75", "1799-12-31", "2201-01-01",
    "10000-01-01", "2024-W15-1", "2024-02-29T25:00:00", "2023-02-29",
    "2024-04-15T10:00:00.1234567890123+01:00x", "2024-04-15 10:00:00 +1:00:00",
    "\u0662\u0660\u0662\u0664-04-15",  # Arabic-Indic digits
]

YAML_TAGS = ["!!timestamp abc", "!!int abc", "!!float xyz", "!!binary '!!!'", "!!bool maybe",
             "!!null x", "!!str text", "!!python/object:os.system ls", "!!set {a, b}",
             "!!omap [a: 1]", "!custom thing", "!!map {a: 1}", "!!seq [1]",
             "!<tag:yaml.org,2002:int> abc", "!!timestamp 2024-13-45", "!!int 0x"]


def _alias_bomb(rng: random.Random, key: str) -> str:
    levels = rng.randint(2, 9)
    width = rng.randint(2, 9)
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"{key}: *a{levels - 1}")
    return "\n".join(lines)


def _huge_int(rng: random.Random) -> str:
    return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(rng.randint(4301, 9000)))


def _front_matter_case(rng: random.Random) -> tuple[str, str, str]:
    """(label, front matter lines, body)."""
    title = "title: A headline"
    kind = rng.randrange(30)
    if kind == 0:
        date = rng.choice(BAD_DATES)
        quote = rng.choice(["", "'", '"'])
        key = rng.choice(["date", "updated"])
        return "bad date", f"{title}\n{key}: {quote}{date}{quote}", ""
    if kind == 1:
        key = rng.choice(_TEXT_KEYS + ("tags", "related", "hero"))
        if key == "title":
            return "tag on title", f"title: {rng.choice(YAML_TAGS)}", ""
        return "YAML tag", f"{title}\n{key}: {rng.choice(YAML_TAGS)}", ""
    if kind == 2:
        key = rng.choice(("title", "slug", "status", "date", "byline", "tags", "category"))
        body = _alias_bomb(rng, key)
        return "alias bomb", (body if key == "title" else f"{title}\n{body}"), ""
    if kind == 3:
        return "alias bomb in hero alt", f"{title}\nhero:\n  file: x.jpg\n  alt: *a\nx: &a [1]", ""
    if kind == 4:
        return "anchor", f"{title}\nslug: &s my-slug\nbyline: *s", ""
    if kind == 5:
        key = rng.choice(("slug", "status", "date", "related", "tags"))
        return "huge integer", f"{title}\n{key}: {_huge_int(rng)}", ""
    if kind == 6:
        n = rng.choice([101, 1000, 10_000])
        key = rng.choice(["tags", "related"])
        items = ", ".join(f"t{i}" for i in range(n)) if key == "tags" else ", ".join(f"s-{i}" for i in range(n))
        return "long list", f"{title}\n{key}: [{items}]", ""
    if kind == 7:
        value = rng.choice(["[a, b]", "{a: 1}", "[[nested]]", "\n  - a\n  - b"])
        key = rng.choice(("title", "slug", "byline", "standfirst", "status", "date", "source_url",
                          "category", "source_name"))
        if key == "title":
            return "title not text", f"title: {value}", ""
        return "not text", f"{title}\n{key}: {value}", ""
    if kind == 8:
        value = rng.choice(["[[a]]", "[{a: b}]", "{a: b}", "[a, [b]]"])
        return "list of non-names", f"{title}\n{rng.choice(['tags', 'related'])}: {value}", ""
    if kind == 9:
        depth = rng.choice([5, 50, 5000, 50_000])
        return "deep nesting", f"{title}\ntags: " + "[" * depth + "x" + "]" * depth, ""
    if kind == 10:
        return "not a mapping", rng.choice(["- a\n- b", "just text", "[1, 2]", "42", "'quoted'"]), ""
    if kind == 11:
        return "duplicate key", f"{title}\nslug: a\nslug: b", ""
    if kind == 12:
        key = rng.choice(["? [a, b]", "? {a: 1}", "~", "null", "1", "true", "'unknown'", "<<", "\"\""])
        return "odd key", f"{title}\n{key}: x", ""
    if kind == 13:
        return "merge key", f"{title}\nbase: &b {{slug: x}}\n<<: *b", ""
    if kind == 14:
        n = rng.choice([300_000, 1_000_000])
        return "huge front matter", f"{title}\nstandfirst: " + "a" * n, ""
    if kind == 15:
        ch = rng.choice(["\x00", "\x01", "\x0b", "\x1b", "\x7f", "\ufffe"])
        return "control character", f"{title}\nbyline: a{ch}b", ""
    if kind == 16:
        value = rng.choice(["010", "1:30", "Hello", "a b", "UPPER", "-x-", "a--b", "é",
                            "a/b", "../etc", "x" * 400, "'a_b'"])
        if value in ("010", "1:30"):
            value = value + " x"  # a slug that is still invalid as written
        return "bad slug", f"{title}\nslug: {value}", ""
    if kind == 17:
        value = rng.choice(["Draft", "deleted", "yes", "0", "published!", "[draft]"])
        return "bad status", f"{title}\nstatus: {value}", ""
    if kind == 18:
        value = rng.choice(["''", "' > World'", "'World > '", "'A >  > B'", "' > '",
                            "'" + " > ".join(["x"] * 11) + "'", "'" + "x" * 300 + "'"])
        return "bad category", f"{title}\ncategory: {value}", ""
    if kind == 19:
        value = rng.choice(["nope.jpg", "/dev/zero", "/", ".", "''", "[a]", "{file: [x]}",
                            "{file: a.jpg, size: 3}", "{alt: no file}", "{file: 'a\\0b'}",
                            "{file: " + "x" * 1200 + "}", "42", "'../../../../../etc/shadow.jpg'"])
        return "bad hero", f"{title}\nhero: {value}", ""
    if kind == 20:
        return "unknown key", f"{title}\n{rng.choice(['author', 'Title', 'tag', 'image', 'é'])}: x", ""
    if kind == 21:
        return "no title", rng.choice(["slug: x", "title:", "title: ''", "title: '   '", "title: ~",
                                       "title: null"]), ""
    if kind == 22:
        value = rng.choice(["javascript:alert(1)", "ftp://x", "not a url", "//host/x", "http://",
                            "https://" + "x" * 2100, "data:text/html,x", "http:// spaced"])
        return "bad source_url", f"{title}\nsource_url: '{value}'", ""
    if kind == 23:
        return "broken YAML", f"{title}\n" + rng.choice(
            ["slug: [unclosed", "byline: 'unclosed", "a: b: c", "\tslug: x", "slug: {", "- x",
             "slug: x\n  bad indent", "%YAML 1.1", "&a", "*", "!!", "key: \"\\xZZ\""]), ""
    if kind == 24:
        return "two documents", f"{title}\n--- slug: x", ""
    if kind == 25:
        n = rng.choice([1200, 3000])
        return "many values", f"{title}\nhero: {{file: x.jpg, alt: [" + ", ".join("a" * 2 for _ in range(n)) + "]}", ""
    if kind == 26:
        return "long text", f"{title}\n" + rng.choice(
            ["byline: " + "b" * 301, "source_name: " + "s" * 301, "title2: x",
             "standfirst: " + "w " * 6000]), ""
    if kind == 27:
        return "updated before date", f"{title}\ndate: 2024-04-15\nupdated: 2024-04-14", ""
    if kind == 28:
        return "bad related", f"{title}\nrelated: [{rng.choice(['Not A Slug', 'a b', '../x', 'x' * 200])}]", ""
    return "tabs and oddities", f"{title}\n" + rng.choice(
        ["slug:\tx\ty", "? slug\n: x\n? slug\n: y", "status: !!str", "date: !!timestamp",
         "date: 2024-04-15 extra"]), ""


def hostile_front_matters(seed: int = 20, n: int = 2000) -> Iterator[tuple[str, str]]:
    """(label, whole file text) pairs Desk must refuse with exit status 2."""
    rng = random.Random(seed)
    for _ in range(n):
        label, header, body = _front_matter_case(rng)
        style = rng.randrange(4)
        newline = "\r\n" if style == 3 else "\n"
        text = "---\n" + header + "\n---\n" + (body or "Body text.\n")
        if style == 3:
            text = text.replace("\n", newline)
        yield label, text


def refusal_for_raw_bytes(seed: int = 20, n: int = 100) -> Iterator[tuple[str, bytes]]:
    """Files that are not UTF-8, or have no usable front matter, as bytes."""
    rng = random.Random(seed)
    cases = [
        ("invalid UTF-8", b"---\ntitle: \xff\xfe\n---\n"),
        ("latin-1", "---\ntitle: caf\xe9\n---\n".encode("latin-1")),
        ("no front matter", b"# Just a heading\n"),
        ("unclosed", b"---\ntitle: x\n"),
        ("empty", b""),
        ("UTF-16", "---\ntitle: x\n---\n".encode("utf-16")),
        ("NUL in header", b"---\ntitle: a\x00b\n---\n"),
    ]
    for _ in range(n):
        label, data = rng.choice(cases)
        yield label, data


# ------------------------------------------------------------------------- bodies

DANGEROUS_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "\x01javascript:alert(1)", " javascript:alert(1)",
    "java\nscript:alert(1)", "java\tscript:alert(1)", "java\rscript:alert(1)", "\x00javascript:alert(1)",
    "jav&#x09;ascript:alert(1)", "javascript&colon;alert(1)", "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>", "file:///etc/passwd", "blob:https://x/y",
    "\u2028javascript:alert(1)", "\x0bjavascript:alert(1)", "\x7fjavascript:alert(1)",
    "&Tab;javascript:alert(1)", "&NewLine;javascript:alert(1)", "photo:1", "livescript:x",
    "jar:file:///x!/y", "ms-its:x", "%6Aavascript:alert(1)",
]

URL_ATTRIBUTES = ["href", "src", "srcset", "poster", "action", "formaction", "xlink:href", "cite",
                  "background", "longdesc", "data", "codebase", "ping", "manifest", "icon",
                  "lowsrc", "dynsrc", "usemap", "profile", "archive", "classid", "formaction"]

_TAGS_WITH_URLS = ["a", "img", "source", "video", "audio", "form", "button", "input", "blockquote",
                   "q", "del", "ins", "object", "embed", "iframe", "svg", "math", "body", "table",
                   "td", "link", "base", "meta", "area", "track", "picture", "image", "use", "frame"]

_SCRIPTS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//x.js></SCRIPT>", "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<svg><script>alert(1)</script></svg>", "<svg onload=alert(1)>",
    "<body onload=alert(1)>", "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<style>@import 'javascript:alert(1)'</style>", "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "<a href='javascript:alert(1)'>x</a>", "<div style='background:url(javascript:alert(1))'>x</div>",
    "<object data='javascript:alert(1)'></object>", "<embed src='javascript:alert(1)'>",
    "<meta http-equiv='refresh' content='0;url=javascript:alert(1)'>", "<base href='javascript:/'>",
    "<form action='javascript:alert(1)'><button formaction='javascript:alert(1)'>x</button></form>",
    "<video poster='javascript:alert(1)'></video>", "<details open ontoggle=alert(1)>",
    "<p onclick=alert(1)>x</p>", "<p/onclick=alert(1)>x</p>", "<p\nonclick=alert(1)>x</p>",
    "<img src=\"x\" `onerror`=alert(1)>", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<!--><img src=x onerror=alert(1)>-->", "<![CDATA[<script>alert(1)</script>]]>",
    "<template><script>alert(1)</script></template>", "<textarea><script>alert(1)</script></textarea>",
    "<select><option><script>alert(1)</script></select>", "<xmp><script>alert(1)</script></xmp>",
    "<plaintext><script>alert(1)</script>", "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<img srcset=\"\x01javascript:alert(1) 1x, /ok.jpg 2x\">", "<source srcset=\"\x01javascript:alert(1)\">",
    "<picture><source srcset=\"javascript:alert(1) 2x\"><img src=/a.jpg></picture>",
    "<img srcset=\"/ok.jpg 1x,javascript:alert(1) 2x\">", "<img srcset=\"data:image/svg+xml,x 1x\">",
    "<a href=\"  \tjavascript:alert(1)\">x</a>", "<blockquote cite=\"javascript:alert(1)\">x</blockquote>",
    "<q cite=\"\x01javascript:alert(1)\">x</q>", "<del cite=\"vbscript:x\">x</del>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<isindex action=javascript:alert(1) type=image>", "<input type=image src=javascript:alert(1)>",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
]

_MARKDOWN_URLS = ["[x]({u})", "![x]({u})", "[x]({u} \"t\")", "<{u}>", "[x][r]\n\n[r]: {u}",
                  "![x][r]\n\n[r]: {u}", "[x](<{u}>)"]


def _html_with_url(rng: random.Random) -> str:
    tag = rng.choice(_TAGS_WITH_URLS)
    attr = rng.choice(URL_ATTRIBUTES)
    url = rng.choice(DANGEROUS_URLS)
    if attr == "srcset":
        url = rng.choice([f"{url} 1x", f"/ok.jpg 1x, {url} 2x", f"{url}", f"/a.jpg 100w,{url} 200w"])
    quote = rng.choice(['"', "'", ""])
    if not quote:
        url = url.replace(" ", "%20")
    return f"<{tag} {attr}={quote}{url}{quote}>text</{tag}>"


def _pathological(rng: random.Random) -> str:
    n = rng.choice([1000, 5000, 20_000])
    kind = rng.randrange(10)
    if kind == 0:
        return "\"'" * (n // 2)
    if kind == 1:
        return " ".join(rng.choice(["don't", "can't", "it's", "'80s", "rock 'n' roll"]) for _ in range(n // 6))
    if kind == 2:
        return "\n".join(f"\u2014 \"{rng.choice(['Yes', 'No', 'Why?'])},\" she said. 'Really?'" for _ in range(n // 30))
    if kind == 3:
        return "*" * 10 + "_a_ " * (n // 4) + "*" * 10
    if kind == 4:
        return "[" * n
    if kind == 5:
        return "> " * min(n, 2000) + "deep"
    if kind == 6:
        return "\n".join("  " * i + "- item" for i in range(min(n // 10, 500)))
    if kind == 7:
        return "<div>" * min(n, 3000) + "x"
    if kind == 8:
        return "`" * n
    return "&" * (n // 2) + "<" * (n // 2)


def hostile_bodies(seed: int = 20, n: int = 1000) -> Iterator[tuple[str, str]]:
    """(label, Markdown body) pairs; each mixes prose with one or more attacks."""
    rng = random.Random(seed)
    for _ in range(n):
        parts = ["An opening paragraph with \"quotes\" and it's fine."]
        labels = []
        for _ in range(rng.randint(1, 4)):
            kind = rng.randrange(5)
            if kind == 0:
                parts.append(rng.choice(_SCRIPTS))
                labels.append("script")
            elif kind == 1:
                parts.append(_html_with_url(rng))
                labels.append("url attribute")
            elif kind == 2:
                parts.append(rng.choice(_MARKDOWN_URLS).format(u=rng.choice(DANGEROUS_URLS)))
                labels.append("markdown url")
            elif kind == 3:
                parts.append(_pathological(rng))
                labels.append("pathological")
            else:
                # Attacks glued to Markdown syntax around them.
                parts.append(rng.choice(["> ", "- ", "1. ", "# ", "    ", "| a |\n|---|\n| "])
                             + rng.choice(_SCRIPTS))
                labels.append("in block")
        sep = rng.choice(["\n\n", "\n", " "])
        yield "+".join(labels), sep.join(parts) + "\n"
