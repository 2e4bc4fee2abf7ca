"""Python-Markdown's preprocessors and block loop, skipping work that cannot change
the text. Each function installs its shortcut on one converter and returns None, or the
reason it stayed off (a Markdown release whose internals differ: markdown_pipeline logs
it, a test fails on it).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.blockparser import BlockParser


def _untouched_without(needles: tuple[str, ...], run: Callable[[list[str]], list[str]]):
    """``run`` for lines holding one of ``needles``; other lines are returned as they
    are, which is what ``run`` would return for them."""
    def fast(lines: list[str]) -> list[str]:
        for line in lines:
            for needle in needles:
                if needle in line:
                    return run(lines)
        return lines

    return fast


def _normalize_whitespace(lines: list[str]) -> list[str]:
    """Python-Markdown's NormalizeWhitespace.run, each step done only when its text is
    there (the body went through guards.normalize already: usually none is)."""
    source = "\n".join(lines)
    if "\x02" in source or "\x03" in source:
        source = source.replace("\x02", "").replace("\x03", "")
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    source += "\n\n"
    if "\t" in source:
        source = source.expandtabs(4)
    if " \n" in source:
        source = _TRAILING_SPACES.sub("\n", source)
    return source.split("\n")


_TRAILING_SPACES = re.compile(r"(?<=\n) +\n")


def fast_preprocessors(md: markdown.Markdown) -> str | None:
    """The whole-text preprocessors, skipped on text they cannot change: fenced code
    needs a fence, raw HTML a '<' or an entity's '&'. Tests compare the output with the
    stock preprocessors on a corpus."""
    from markdown.preprocessors import HtmlBlockPreprocessor, NormalizeWhitespace

    from .fenced import FencedBlockPreprocessor

    registry = md.preprocessors
    replaced = 0
    if "normalize_whitespace" in registry and type(registry["normalize_whitespace"]) is NormalizeWhitespace \
            and md.tab_length == 4:
        registry["normalize_whitespace"].run = _normalize_whitespace
        replaced += 1
    if "html_block" in registry and type(registry["html_block"]) is HtmlBlockPreprocessor:
        block = registry["html_block"]
        block.run = _untouched_without(("<", "&"), block.run)
        replaced += 1
    if "fenced_code_block" in registry and type(registry["fenced_code_block"]) is FencedBlockPreprocessor:
        fenced = registry["fenced_code_block"]
        fenced.run = _untouched_without(("```", "~~~"), fenced.run)
        replaced += 1
    if replaced != 3:
        return f"Markdown {markdown.__version__}: {3 - replaced} of the 3 preprocessors unknown"
    return None


# ----------------------------------------------------------------------- block speed

# Text a block processor cannot act on a block without, by registered name: its test()
# (or, for those whose test always passes, the expression its run() searches for) needs
# one of these. The stock parser tries every processor on every block, each a regular
# expression search over the whole block; a news paragraph has none of these headers,
# rules, quotes, tables or definitions. A processor missing here is always tried.
_BLOCK_TRIGGERS: dict[str, tuple[str, ...]] = {
    "table": ("|",),  # a row needs a pipe (TableProcessor.test splits on them)
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),  # a line, then a line of = or -
    "hr": ("-", "_", "*"),
    "quote": (">",),
    "footnote": ("[^",),  # test() is True; run() searches for "[^label]:" and gives up
    "reference": ("]:",),  # likewise for "[label]:"
}
def prefilter_blocks(md: markdown.Markdown) -> str | None:
    """Python-Markdown's block loop (BlockParser.parseBlocks), skipping a processor when
    the block lacks what it needs. A skipped processor is one whose test() would have
    been False, or whose run() would have put the block back and returned False: the
    stock loop goes on to the next processor in both cases, so the tree is the same.
    Tests compare it with the stock parser on a corpus."""
    parser = md.parser
    registry = parser.blockprocessors
    if not callable(getattr(BlockParser, "parseBlocks", None)):
        return f"Markdown {markdown.__version__}: BlockParser lacks parseBlocks"
    missing = [n for n in ("_sort", "_data", "_priority") if not hasattr(registry, n)]
    if missing:  # a Markdown release whose registry we do not know: keep its own loop
        return f"Markdown {markdown.__version__}: Registry lacks {', '.join(missing)}"

    def parse_blocks(parent: etree.Element, blocks: list[str]) -> None:
        registry._sort()
        steps = [(registry._data[item.name], _BLOCK_TRIGGERS.get(item.name)) for item in registry._priority]
        while blocks:
            for processor, need in steps:
                block = blocks[0]
                if need is not None:
                    for text in need:
                        if text in block:
                            break
                    else:
                        continue
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break  # run returns True or None

    parser.parseBlocks = parse_blocks  # type: ignore[method-assign]
    return None
