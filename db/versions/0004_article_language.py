"""article language: each article's own language, or NULL for the site's

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 15:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table rebuild): NULL means "the site's language", so every
    # existing article keeps rendering as before. The column lands after the body; the
    # model defers it so that list scans stay off the bodies' overflow pages.
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=35), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('language')
