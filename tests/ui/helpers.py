"""Seeding helpers shared by the widget tests."""

from __future__ import annotations

from desk.core.articles import editing as articles, categories
from desk.core.store.db import Database
from desk.core.store.models import Category


def make_tree(db: Database, spec: dict) -> dict[str, int]:
    """Create categories from a nested dict {"World": {"Asia": {}}}; returns path -> id."""
    ids: dict[str, int] = {}
    with db.write() as s:
        def walk(children: dict, parent: Category | None, prefix: str) -> None:
            for name, sub in children.items():
                node = categories.create_category(s, name, parent)
                path = f"{prefix} > {name}" if prefix else name
                ids[path] = node.id
                walk(sub, node, path)

        walk(spec, None, "")
    return ids


def make_big_tree(db: Database, top: int = 10, mid: int = 10, leaves: int = 19) -> int:
    """top x mid x leaves categories, three levels deep, inserted in bulk (the core's
    one-by-one creation checks every slug each time, fine for editors, slow for 2,000)."""
    count = 0
    with db.write() as s:
        for t in range(top):
            region = Category(name=f"Region {t}", slug=f"region-{t}", position=t)
            s.add(region)
            s.flush()
            count += 1
            for m in range(mid):
                topic = Category(name=f"Topic {t}.{m}", slug=f"topic-{t}-{m}", position=m,
                                 parent_id=region.id)
                s.add(topic)
                s.flush()
                count += 1
                for leaf in range(leaves):
                    s.add(Category(name=f"Leaf {t}.{m}.{leaf}", slug=f"leaf-{t}-{m}-{leaf}",
                                   position=leaf, parent_id=topic.id))
                    count += 1
    return count


def file_article(db: Database, headline: str, category_id: int | None) -> int:
    with db.write() as s:
        return articles.create(s, headline=headline, category_id=category_id).id
