"""The category tree: lookup by path, creation, rename, move and delete."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk.core.store import concurrent_writes
from desk.core.errors import ConflictError, InputError, NotFoundError
from desk.core.store.models import Article, Category
from desk.core.articles.slugs import slugify, unique_slug
from desk.core.articles.word_count import plural

PATH_SEPARATOR = ">"


def split_path(path: str) -> list[str]:
    parts = [p.strip() for p in path.split(PATH_SEPARATOR)]
    if not path.strip() or any(not p for p in parts):
        raise InputError(f"category {path!r} has an empty part")
    return parts


def find(session: Session, name: str, parent_id: int | None) -> Category | None:
    return session.scalar(
        select(Category).where(Category.name == name, Category.parent_id.is_(parent_id))
        if parent_id is None
        else select(Category).where(Category.name == name, Category.parent_id == parent_id)
    )


def by_path(session: Session, path: str, *, create: bool = False) -> Category:
    """``"World > Asia"`` -> the Asia category under World, created on the way if asked."""
    parent: Category | None = None
    for name in split_path(path):
        node = find(session, name, parent.id if parent else None)
        if node is None:
            if not create:
                raise NotFoundError(f"no category {path!r}")
            under = parent
            # Another editor may be creating the same category at this moment.
            node = concurrent_writes.create_once(
                session, lambda: find(session, name.strip(), under.id if under else None),
                Category.__table__, lambda: _new_category(session, name, under),
                f"category {name!r}")
        parent = node
    assert parent is not None
    return parent


def create_category(
    session: Session, name: str, parent: Category | None = None, slug: str | None = None
) -> Category:
    name = name.strip()
    if not name:
        raise InputError("a category needs a name")
    where = f" under {parent.path_names()}" if parent else ""
    if find(session, name, parent.id if parent else None) is not None:
        raise ConflictError(f"category {name!r} already exists{where}")
    node = Category(**_new_category(session, name, parent, slug))
    session.flush()
    try:
        with session.begin_nested():
            session.add(node)
    except IntegrityError:
        # Made by another editor since the look-up above.
        raise ConflictError(f"category {name!r} (or its slug) was just created by someone "
                            f"else{where}") from None
    return node


def _new_category(session: Session, name: str, parent: Category | None,
                  slug: str | None = None) -> dict[str, Any]:
    """A new category's columns: its slug free as the database stands now."""
    name = name.strip()
    if not name:
        raise InputError("a category needs a name")
    taken = set(session.scalars(select(Category.slug)))
    wanted = slugify(slug or name, fallback="category")
    if slug and wanted in taken:
        raise ConflictError(f"category slug {wanted!r} is already used")
    position = session.scalar(
        select(func.coalesce(func.max(Category.position) + 1, 0)).where(
            Category.parent_id.is_(None) if parent is None else Category.parent_id == parent.id
        )
    )
    return dict(name=name, slug=unique_slug(wanted, taken),
                parent_id=parent.id if parent else None, position=position or 0)


def rename(session: Session, category_id: int, new_name: str) -> Category:
    node = _get(session, category_id)
    new_name = new_name.strip()
    if not new_name:
        raise InputError("a category needs a name")
    other = find(session, new_name, node.parent_id)
    if other is not None and other.id != node.id:
        raise ConflictError(f"category {new_name!r} already exists there")
    node.name = new_name
    return node


def move(session: Session, category_id: int, new_parent_id: int | None, position: int) -> None:
    """Re-parent and/or reorder; siblings are renumbered so positions stay dense."""
    node = _get(session, category_id)
    if new_parent_id is not None:
        ancestor: Category | None = _get(session, new_parent_id)
        while ancestor is not None:
            if ancestor.id == node.id:
                raise InputError(f"cannot move {node.name!r} into itself")
            ancestor = ancestor.parent
    siblings = [
        c
        for c in session.scalars(
            select(Category)
            .where(
                Category.parent_id.is_(None)
                if new_parent_id is None
                else Category.parent_id == new_parent_id
            )
            .order_by(Category.position, Category.id)
        )
        if c.id != node.id
    ]
    position = max(0, min(position, len(siblings)))
    siblings.insert(position, node)
    node.parent_id = new_parent_id
    for i, sibling in enumerate(siblings):
        sibling.position = i
    session.flush()
    session.expire(node, ["parent"])


def delete(session: Session, category_id: int, move_articles_to: int | None = None) -> int:
    """Delete an emptied category, or move its articles to another one first.
    Returns how many articles were moved."""
    node = _get(session, category_id)
    if node.children:
        raise ConflictError(f"category {node.name!r} has sub-categories; move or delete them first")
    count = session.scalar(select(func.count()).where(Article.category_id == node.id)) or 0
    if count and move_articles_to is None:
        raise ConflictError(
            f"category {node.name!r} still files {plural(count, 'article')}; choose where to move them"
        )
    if count:
        target = _get(session, move_articles_to)  # type: ignore[arg-type]
        if target.id == node.id:
            raise InputError("cannot move articles into the category being deleted")
        session.execute(
            update(Article)
            .where(Article.category_id == node.id)
            .values(category_id=target.id, version=Article.version + 1)
            .execution_options(synchronize_session=False)
        )
    session.delete(node)
    session.flush()
    return count


def tree(session: Session) -> list[Category]:
    """Every category, parents before children, siblings in order."""
    nodes = list(session.scalars(select(Category).order_by(Category.position, Category.id)))
    by_parent: dict[int | None, list[Category]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)
    ordered: list[Category] = []

    def walk(parent_id: int | None) -> None:
        for child in by_parent.get(parent_id, []):
            ordered.append(child)
            walk(child.id)

    walk(None)
    return ordered


def descendant_ids(session: Session, category_id: int) -> list[int]:
    rows = session.execute(select(Category.id, Category.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for cid, pid in rows:
        children.setdefault(pid, []).append(cid)
    out, stack = [], [category_id]
    while stack:
        cid = stack.pop()
        out.append(cid)
        stack.extend(children.get(cid, []))
    return out


def _get(session: Session, category_id: int) -> Category:
    node = session.get(Category, category_id)
    if node is None:
        raise NotFoundError(f"no category with id {category_id}")
    return node
