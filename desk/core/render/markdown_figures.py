"""Photo figures in Markdown: `![alt](photo:ID "caption")` alone in a paragraph becomes a
<figure> with its credit line; inside running text, an image without a figure."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .page import Figure, FigureSource, resolve_figure
from .photo_refs import PHOTO_SCHEME, photo_id_of

AssetUrl = Callable[[str], str]

# The article column: 42rem, or the page less its 1rem margins (site.css; measured in
# Chromium by tests/core/test_page_sizes.py).
BODY_IMAGE_SIZES = "(max-width: 44rem) calc(100vw - 2rem), 42rem"
_CONTROL = re.compile("[\x02\x03]")


def srcset_attr(figure: Figure, asset_url: AssetUrl) -> str:
    # Spaces and commas are srcset syntax, so they must not appear raw inside a URL.
    entries = sorted(figure.srcset, key=lambda entry: (entry[1], entry[0]))
    return ", ".join(
        f"{asset_url(url).replace(' ', '%20').replace(',', '%2C')} {int(width)}w"
        for url, width in entries
    )


def plain(text: str) -> str:
    return _CONTROL.sub("", text or "")



class FigureTreeprocessor(Treeprocessor):
    """Turn a paragraph holding only `![alt](photo:ID "caption")` into a <figure>."""

    def __init__(self, md: markdown.Markdown, ext: FigureExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and self._only_photo(child):
                    parent.remove(child)
                    parent.insert(index, self._figure(child))
                elif child.tag == "img" and child.get("src", "").startswith(PHOTO_SCHEME):
                    self._inline(parent, index, child)

    @staticmethod
    def _only_photo(p: etree.Element) -> bool:
        if len(p) != 1 or (p.text or "").strip() or (p[0].tail or "").strip():
            return False
        img = p[0]
        return img.tag == "img" and img.get("src", "").startswith(PHOTO_SCHEME)

    def _lookup(self, img: etree.Element) -> tuple[str, Figure | None]:
        src = img.get("src", "")
        photo_id = photo_id_of(src)
        label = src[len(PHOTO_SCHEME):]
        if photo_id is None:
            return label, None
        try:
            return label, resolve_figure(self.ext.figures, photo_id)
        except (LookupError, ValueError):
            return label, None

    def _img(self, figure: Figure, alt: str) -> etree.Element:
        """The image, in a <picture> offering its WebP renditions first when it has them."""
        asset_url = self.ext.asset_url
        img = etree.Element("img")
        img.set("src", asset_url(figure.src))
        if figure.srcset:
            img.set("srcset", srcset_attr(figure, asset_url))
            img.set("sizes", BODY_IMAGE_SIZES)
        img.set("alt", alt)
        if figure.width and figure.height:
            img.set("width", str(int(figure.width)))
            img.set("height", str(int(figure.height)))
        img.set("loading", "lazy")
        if not (figure.srcset and figure.webp):
            return img
        picture = etree.Element("picture")
        webp = Figure(src="", srcset=figure.webp, width=0, height=0, alt="", credit="")
        etree.SubElement(picture, "source", {"type": "image/webp", "srcset": srcset_attr(webp, asset_url),
                                             "sizes": BODY_IMAGE_SIZES})
        picture.append(img)
        return picture

    def _figure(self, p: etree.Element) -> etree.Element:
        img = p[0]
        label, figure = self._lookup(img)
        out = etree.Element("figure", dict(p.attrib))
        alt_override = plain(img.get("alt", "")).strip()
        caption = plain(img.get("title", "")).strip()
        if figure is None:
            out.set("class", "figure figure-missing")
            note = etree.SubElement(out, "p", {"class": "figure-missing-note"})
            note.text = f"Photo {plain(label)} not found"
            return out
        out.set("class", "figure")
        caption = caption or plain(figure.caption).strip()
        alt = alt_override or plain(figure.alt).strip() or caption
        out.append(self._img(figure, alt))
        credit = plain(figure.credit).strip()
        if caption or credit:
            figcaption = etree.SubElement(out, "figcaption")
            if caption:
                span = etree.SubElement(figcaption, "span", {"class": "caption"})
                span.text = caption
                span.tail = " " if credit else None
            if credit:
                etree.SubElement(figcaption, "span", {"class": "credit"}).text = credit
        return out

    def _inline(self, parent: etree.Element, index: int, img: etree.Element) -> None:
        # A photo inside running text or a link: an image without a figure, so that
        # 'photo:' never reaches the page.
        label, figure = self._lookup(img)
        tail = img.tail
        parent.remove(img)
        if figure is None:
            new = etree.Element("span", {"class": "figure-missing-note"})
            new.text = f"Photo {plain(label)} not found"
        else:
            alt = plain(img.get("alt", "")).strip() or plain(figure.alt).strip()
            new = self._img(figure, alt)
        new.tail = tail
        parent.insert(index, new)


class FigureExtension(Extension):
    def __init__(self, figures: FigureSource, asset_url: AssetUrl) -> None:
        super().__init__()
        self.figures = figures
        self.asset_url = asset_url

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After 'inline' (20) has built the <img> elements, before 'prettify' (10).
        md.treeprocessors.register(FigureTreeprocessor(md, self), "desk_figure", 15)

