"""search terms: the index's term list, to spell out a prefix as the terms it stands for

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 04:40:00
"""
from alembic import op

from desk.core.store import sqlite

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite.create_search_terms(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite.drop_search_terms(op.get_bind())
