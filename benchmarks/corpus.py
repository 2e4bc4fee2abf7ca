"""A generated corpus of news-like Markdown articles, shared by the benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "government minister said vote budget parliament city council police report river "
    "storm flood school teachers hospital doctors election party leader crowd street "
    "market prices energy gas oil trains station airport museum festival music film "
    "court judge trial company workers strike union farmers harvest weather summer "
    "winter spring autumn village mayor region country border talks agreement deal"
).split()
CATEGORIES = ["World > Asia", "World > Europe", "World > Americas", "Politics", "Economy",
              "Culture", "Science", "Sport", "Local > North", "Local > South"]
TAGS = ["Budget", "Elections", "Climate", "Transport", "Health", "Education", "Energy",
        "Courts", "Music", "Film", "Football", "Tennis"]
STATUSES = ["published"] * 6 + ["draft", "review", "ready", "archived"]


def sentence(rnd: random.Random, n: int) -> str:
    words = [rnd.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rnd: random.Random, words: int) -> str:
    paras, count = [], 0
    while count < words:
        n = rnd.randint(3, 6)
        para = " ".join(sentence(rnd, rnd.randint(8, 18)) for _ in range(n))
        count += len(para.split())
        paras.append(para)
        if rnd.random() < 0.15:
            paras.append("## " + sentence(rnd, 4)[:-1])
        if rnd.random() < 0.1:
            paras.append("> \"" + sentence(rnd, 10) + "\"")
    return "\n\n".join(paras)


def write_corpus(folder: Path, n: int, seed: int = 1, words: int = 400) -> list[Path]:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        title = sentence(rnd, rnd.randint(5, 10))[:-1] + f" {i}"
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        year = 2020 + (i // 336) % 6
        front = (
            f"---\ntitle: \"{title}\"\nslug: story-{i}\ncategory: {rnd.choice(CATEGORIES)}\n"
            f"tags: [{rnd.choice(TAGS)}, {rnd.choice(TAGS)}]\nbyline: Reporter {i % 40}\n"
            f"standfirst: \"{sentence(rnd, 20)}\"\nstatus: {rnd.choice(STATUSES)}\n"
            f"date: {year}-{month:02d}-{day:02d}T{8 + i % 10:02d}:00:00+00:00\n---\n"
        )
        path = folder / f"story-{i:06d}.md"
        path.write_text(front + body(rnd, words) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
