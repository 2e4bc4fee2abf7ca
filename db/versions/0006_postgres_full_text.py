"""PostgreSQL full-text search: a tsvector per article (unaccent, word prefixes), filled
from the articles already there. SQLite keeps its FTS5 index (0001, 0002): nothing to do.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 15:00:00
"""
from alembic import op

from desk.core.store import postgres

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    postgres.create_search_index(bind)
    from sqlalchemy.orm import Session

    from desk.core.articles import search

    with Session(bind=bind) as session:
        search.reindex_all(session)
        session.flush()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        postgres.drop_search_index(op.get_bind())
