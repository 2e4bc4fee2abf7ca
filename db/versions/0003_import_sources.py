"""import sources and runs: re-import identity, unchanged files, imports in batches

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 09:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_import_sources_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_sources')),
    sa.UniqueConstraint('path', name=op.f('uq_import_sources_path'))
    )
    with op.batch_alter_table('import_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_sources_article_id'), ['article_id'], unique=False)
    op.create_table('import_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs'))
    )
    op.create_table('import_undo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('batch', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['import_runs.id'], name=op.f('fk_import_undo_run_id_import_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_undo'))
    )
    with op.batch_alter_table('import_undo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_undo_run_id'), ['run_id'], unique=False)


def downgrade() -> None:
    op.drop_table('import_undo')
    op.drop_table('import_runs')
    op.drop_table('import_sources')
