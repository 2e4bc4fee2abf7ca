"""Keystroke-to-body-HTML latency of the live preview.

Generates a 1,500-word and a 20,000-word article, types 200 characters at random
positions in the middle of each, and times, per keystroke, the incremental BodyRenderer
and (in the same run, on the same texts) Python-Markdown's plain full conversion.

    /work/venv/bin/python benchmarks/preview_render.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk.core.render import BodyRenderer, Figure, render_body  # noqa: E402

WORDS = (
    "the minister said on monday that talks with unions would resume next week after "
    "protesters gathered outside parliament in the capital where police estimated the "
    "crowd at several thousand people while organisers claimed far more had joined the "
    "march which passed peacefully despite tensions over the pension reform plan"
).split()

FIGURES = {
    n: Figure(src=f"/media/{n}/1600.jpg", srcset=[(f"/media/{n}/480.jpg", 480)], width=1600,
              height=1067, alt=f"Photo {n}", credit=f"©Agency/MAXPPP - photo {n}", photo_id=n)
    for n in range(1, 50)
}


def paragraph(rng: random.Random, words: int) -> str:
    picked = [rng.choice(WORDS) for _ in range(words)]
    picked[0] = picked[0].capitalize()
    text = " ".join(picked)
    if rng.random() < 0.4:
        text += ' "It is a question of fairness," she said -- and left...'
    return text + "."


def article(words: int, seed: int) -> str:
    rng = random.Random(seed)
    blocks, count, photo = [], 0, 1
    while count < words:
        roll = rng.random()
        if roll < 0.08:
            blocks.append("## " + paragraph(rng, 5).rstrip("."))
        elif roll < 0.13:
            blocks.append("> " + paragraph(rng, 30))
        elif roll < 0.17:
            blocks.append("\n".join("- " + paragraph(rng, 8) for _ in range(4)))
        elif roll < 0.20:
            blocks.append(f'![](photo:{photo} "A caption for photo {photo}")')
            photo = photo % 49 + 1
        else:
            blocks.append(paragraph(rng, rng.randrange(40, 90)))
        count += len(blocks[-1].split())
    return "\n\n".join(blocks) + "\n"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(words: int, keystrokes: int = 200, seed: int = 7, variant: str = "") -> None:
    text = article(words, seed)
    if variant == "footnote":
        # Footnotes: the chunks that define or use them are rendered together.
        text = text.replace(".", ".[^1]", 1) + "\n[^1]: The agency's own account.\n"
    elif variant == "raw-html":
        # Raw HTML may span blocks: the renderer falls back to one full pass.
        text = text.replace("\n\n", "\n\n<aside>An aside.</aside>\n\n", 1)
    rng = random.Random(seed)
    renderer = BodyRenderer(FIGURES)
    start = time.perf_counter()
    renderer.render(text)
    cold = time.perf_counter() - start

    incremental, plain = [], []
    for _ in range(keystrokes):
        pos = rng.randrange(len(text) // 4, 3 * len(text) // 4)
        text = text[:pos] + rng.choice("abcdefghijklmnopqrstuvwxyz ") + text[pos:]
        start = time.perf_counter()
        renderer.render(text)
        incremental.append(time.perf_counter() - start)
        start = time.perf_counter()
        markdown.markdown(text)
        plain.append(time.perf_counter() - start)

    # Correctness of the measured path, outside the timings.
    assert renderer.render(text) == render_body(text, FIGURES)

    def ms(value: float) -> str:
        return f"{value * 1000:7.2f} ms"

    inc50, inc95 = statistics.median(incremental), percentile(incremental, 95)
    md50, md95 = statistics.median(plain), percentile(plain, 95)
    label = {"footnote": " (one footnote: grouped pass)",
             "raw-html": " (raw HTML: full-pass fallback)"}.get(variant, "")
    print(f"{words:>6} words, {len(text):>7} chars, {keystrokes} keystrokes{label}")
    print(f"  BodyRenderer cold full render      {ms(cold)}")
    print(f"  BodyRenderer per keystroke   p50 {ms(inc50)}   p95 {ms(inc95)}")
    print(f"  markdown.markdown(text)      p50 {ms(md50)}   p95 {ms(md95)}")
    print(f"  plain Markdown / incremental p50 {md50 / inc50:7.1f}x   p95 {md95 / inc95:7.1f}x")


if __name__ == "__main__":
    print(f"Python {sys.version.split()[0]}, Markdown {markdown.__version__}")
    for words in (1_500, 20_000):
        run(words)
    for variant in ("footnote", "raw-html"):
        for words in (1_500, 20_000):
            run(words, keystrokes=40, variant=variant)
