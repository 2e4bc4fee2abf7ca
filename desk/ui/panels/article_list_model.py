"""A lazy table model over the articles: rows are fetched a page at a time, sorted and
filtered in SQL, so a 100,000-article database shows its first screen at once.

The model can start from the first page read without SQLAlchemy (core/first_screen.py)
and be given the database a moment later (attach); until then it asks nothing of it:
a sort or filter asked for meanwhile is applied when the database comes. SQLAlchemy is
imported when the first query is made, not with this module."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desk.core.articles.first_screen import PAGE, FirstScreen, Row  # noqa: F401  (PAGE, Row: used by callers)
from desk.core.articles.first_screen import row as make_row
from desk.ui.i18n import core_labels
from desk.ui.i18n import locale_format
from desk.ui.i18n.translation import translate

if TYPE_CHECKING:
    from desk.core.store.db import Database

COLUMNS = (QT_TRANSLATE_NOOP("ArticleListModel", "Headline"), QT_TRANSLATE_NOOP("ArticleListModel", "Status"),
           QT_TRANSLATE_NOOP("ArticleListModel", "Category"), QT_TRANSLATE_NOOP("ArticleListModel", "Updated"))
SEARCH_LIMIT = 1000  # newest matches shown while typing; more words narrow it down
Index = QModelIndex | QPersistentModelIndex


@dataclass
class Filter:
    status: str | None = None
    category_ids: tuple[int, ...] | None = None
    query: str = ""
    trash: bool = False


def short_time(moment: dt.datetime, now: dt.datetime) -> str:
    """Today's times as 14:05, this year's as 27 Nov, older ones as the locale's short
    date (15/04/2024 in French)."""
    if moment.date() == now.date():
        return locale_format.time(moment)
    if moment.year == now.year:
        return locale_format.day_month(moment)
    return locale_format.date(moment)


class ArticleListModel(QAbstractTableModel):
    def __init__(self, db: Database | None, tz: dt.tzinfo, parent: Any = None):
        super().__init__(parent)
        self._db = db
        self._tz = tz
        self._rows: list[Row] = []
        self._total = 0
        self._filter = Filter()
        self._sort_column = 3
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._in_search: Any = None  # search.among(...): the search's matches, a condition on a column
        self._loaded = False
        self._stale = False  # asked to reload before the database was attached

    # --- loading ----------------------------------------------------------------------
    def show_first_screen(self, first: FirstScreen) -> None:
        """Show the first page read without the ORM (the same rows reload would give)."""
        self._loaded = True
        self.beginResetModel()
        self._filter = Filter()
        self._in_search = None
        self._sort_column = first.sort_column
        self._sort_order = (Qt.SortOrder.DescendingOrder if first.descending
                            else Qt.SortOrder.AscendingOrder)
        self._total = first.total
        self._rows = list(first.rows)
        self.endResetModel()

    def set_timezone(self, tz: dt.tzinfo) -> None:
        """The site's time zone changed: the times shown follow."""
        self._tz = tz
        if self._rows:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self._rows) - 1, 3))

    def attach(self, db: Database) -> None:
        """The database, once it is open; a reload asked for meanwhile runs now."""
        self._db = db
        if self._stale:
            self.reload()

    @property
    def attached(self) -> bool:
        return self._db is not None

    @property
    def loaded(self) -> bool:
        return self._loaded

    def reload(self) -> None:
        self._loaded = True
        if self._db is None:
            self._stale = True
            return
        self._stale = False
        from desk.core.articles import search

        self.beginResetModel()
        self._rows = []
        self._in_search = None
        with self._db.read() as session:
            if self._filter.query.strip() and not self._filter.trash:
                ids = search.search_ids(session, self._filter.query, limit=SEARCH_LIMIT)
                self._in_search = search.among(session, ids)
            self._total = session.scalar(self._count_stmt()) or 0
            self._rows = self._fetch(session, 0, PAGE)
        self.endResetModel()

    def _base(self, stmt: Any) -> Any:
        from desk.core.store.models import Article

        f = self._filter
        if self._in_search is not None:
            # The search index holds no trashed article, and without the trash condition
            # SQLite looks the few ids up directly instead of walking an index of all rows.
            stmt = stmt.where(self._in_search(Article.id))
        elif f.trash:
            stmt = stmt.where(Article.deleted_at.is_not(None))
            if f.query.strip():
                stmt = stmt.where(Article.headline.ilike(f"%{f.query.strip()}%"))
        else:
            stmt = stmt.where(Article.deleted_at.is_(None))
        if f.status:
            stmt = stmt.where(Article.status == f.status)
        if f.category_ids is not None:
            stmt = stmt.where(Article.category_id.in_(f.category_ids))
        return stmt

    def _count_stmt(self) -> Any:
        from sqlalchemy import func, select

        from desk.core.store.models import Article

        return self._base(select(func.count(Article.id)))

    def _fetch(self, session: Any, offset: int, limit: int) -> list[Row]:
        from sqlalchemy import select

        from desk.core.store.models import Article, Category

        order_col = {
            0: Article.headline, 1: Article.status, 2: Category.name, 3: Article.updated_at,
        }[self._sort_column]
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        stmt = self._base(
            select(Article.id, Article.headline, Article.status, Category.name, Article.updated_at)
            .select_from(Article)
            .outerjoin(Category, Category.id == Article.category_id)
        )
        # NULLs where SQLite puts them (smallest) on PostgreSQL too (as first_screen).
        stmt = stmt.order_by(order_col.desc().nulls_last() if descending else order_col.asc().nulls_first(),
                             Article.id.desc() if descending else Article.id.asc())
        stmt = stmt.offset(offset).limit(limit)
        return [make_row(*r) for r in session.execute(stmt)]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return self._db is not None and not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._db is None:
            return
        with self._db.read() as session:
            more = self._fetch(session, len(self._rows), PAGE)
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    # --- filters ----------------------------------------------------------------------
    def set_filter(self, **changes: Any) -> None:
        for name, value in changes.items():
            setattr(self._filter, name, value)
        self.reload()

    @property
    def filter(self) -> Filter:
        return self._filter

    @property
    def total(self) -> int:
        return self._total

    # --- Qt model ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("ArticleListModel", COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return row.headline
            if col == 1:
                return core_labels.status(row.status)
            if col == 2:
                return row.category
            return short_time(row.updated.astimezone(self._tz), dt.datetime.now(self._tz))
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 3:
                return locale_format.long_date_time(row.updated.astimezone(self._tz))
            return row.headline if index.column() == 0 else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        changed = (column, order) != (self._sort_column, self._sort_order)
        self._sort_column = column
        self._sort_order = order
        # The view asks for a sort when sorting is switched on: no query before the first load.
        if self._loaded and changed:
            self.reload()

    def update_row(self, article_id: int, **changes: Any) -> None:
        """Show a just-saved headline or status without re-querying the list."""
        row = self.row_of(article_id)
        if row < 0:
            return
        self._rows[row] = dataclasses.replace(self._rows[row], **changes)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row(self, row: int) -> Any:
        """The row's record (id, headline, status, category, updated)."""
        return self._rows[row]

    def article_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == article_id), -1)
