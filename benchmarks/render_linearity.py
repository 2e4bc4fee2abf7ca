"""Rendering time per byte on pathological bodies, doubled from 8 KB to 1 MB.

Each input is one paragraph (or one block of lines) of what a paste can bring: quote
characters, apostrophes, an interview transcript's dialogue, nested emphasis, one long
line of prose, unmatched brackets, long lists and tables with bold in every line,
paragraphs of nested emphasis. For each size the body is rendered as the export
renders it (render_body, one pass) and the time per byte is printed; linear rendering
keeps it flat (the last column compares it with the 8 KB figure of the same input).
Then a 100,000-word article (prose with quotes, emphasis and links, in paragraphs) is
rendered whole, against the 1 s target.

    .venv/bin/python benchmarks/render_linearity.py [--max-kb 1024]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk.core.render import render_body  # noqa: E402


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def dialogue(size: int) -> str:
    rng = random.Random(1)
    lines = []
    total = 0
    while total < size:
        line = rng.choice([
            "\u2014 \"Did you see him?\" she asked. 'Not since the '90s,' he said.",
            "Q: \"What's next?\" A: \"We'll see -- it's not over...\"",
            "\"I don't know,\" he said, \"and I can't say.\"",
        ])
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)[:size]


INPUTS = {
    "quotes \"'": lambda n: _repeat("\"'", n),
    "apostrophes": lambda n: _repeat("don't can't it's ", n),
    "dialogue lines": dialogue,
    "nested emphasis": lambda n: _repeat("***a** _b_ *c* __d__ ", n),
    "long line of prose": lambda n: _repeat("The minister said talks would resume next week. ", n),
    "unmatched [": lambda n: _repeat("[", n),
    "escapes \\[": lambda n: _repeat("\\[x ", n),
    "bold list items": lambda n: _repeat("- **Candidate:** 1,234 votes, *12 %*\n", n),
    "table rows": lambda n: "| Town | Votes |\n|---|---|\n" + _repeat("| **Town** | *1,234* |\n", n),
    "9 KB emphasis paras": lambda n: _repeat(_repeat("***a** _b_ *c* __d__ ", 9000) + "\n\n", n),
}


def timed(text: str, repeat: int) -> tuple[float, bool]:
    """The best time of ``repeat`` renders, and whether the guard showed the text
    verbatim (as code) instead of parsing it."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        html = render_body(text)
        best = min(best, time.perf_counter() - start)
    return best, "<pre" in html


def article(words: int) -> str:
    rng = random.Random(7)
    vocab = ("the minister said on monday that talks with unions would resume next week after "
             "protesters gathered outside parliament in the capital").split()
    paragraphs, count = [], 0
    while count < words:
        n = rng.randint(40, 90)
        text = " ".join(rng.choice(vocab) for _ in range(n)).capitalize()
        text += ' "It\'s a question of fairness," she said -- *and* [left](https://example.org/x)...'
        paragraphs.append(text)
        count += n + 8
    return "\n\n".join(paragraphs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-kb", type=int, default=1024)
    args = parser.parse_args()
    sizes = []
    size = 8 * 1024
    while size <= args.max_kb * 1024:
        sizes.append(size)
        size *= 2
    print(f"{'input':<20}" + "".join(f"{s // 1024:>9} KB" for s in sizes) + "   (µs per byte)  last/first")
    worst = 0.0
    for name, make in INPUTS.items():
        per_byte, cells = [], []
        for size in sizes:
            text = make(size)
            seconds, verbatim = timed(text, 3 if size <= 128 * 1024 else 1)
            per_byte.append(seconds / len(text) * 1e6)
            cells.append(f"{per_byte[-1]:>11.3f}" + ("v" if verbatim else " "))
        ratio = per_byte[-1] / per_byte[0]
        worst = max(worst, ratio)
        print(f"{name:<20}" + "".join(cells) + f"   {ratio:>14.2f}x")
    text = article(100_000)
    start = time.perf_counter()
    render_body(text)
    seconds = time.perf_counter() - start
    print(f"100,000-word article ({len(text) // 1024} KB): {seconds:.2f} s (target < 1 s)")
    print(f"worst growth of time per byte, {sizes[0] // 1024} KB -> {sizes[-1] // 1024} KB: {worst:.2f}x")
    print("v: shown verbatim by the inline guard (one paragraph too dense with markup to parse")
    print("   in linear time; guards.MAX_INLINE_WORK), not parsed as Markdown")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
