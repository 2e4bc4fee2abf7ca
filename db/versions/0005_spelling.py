"""spelling: a personal dictionary per user, and per article a second language and the
words ignored in it

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-03 16:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('personal_words',
    sa.Column('user', sa.String(length=255), nullable=False),
    sa.Column('word', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('user', 'word', name=op.f('pk_personal_words'))
    )
    # Its own table, not columns of articles: the body stays the table's last column.
    op.create_table('article_spelling',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('extra_language', sa.String(length=35), nullable=False),
    sa.Column('ignored', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_spelling_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_article_spelling'))
    )


def downgrade() -> None:
    op.drop_table('article_spelling')
    op.drop_table('personal_words')
