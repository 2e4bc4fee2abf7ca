"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 23:28:56.321623
"""
from alembic import op
import sqlalchemy as sa

from desk.core.store import sqlite


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['categories.id'], name=op.f('fk_categories_parent_id_categories'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_categories')),
    sa.UniqueConstraint('parent_id', 'name', name='uq_categories_parent_name'),
    sa.UniqueConstraint('slug', name=op.f('uq_categories_slug'))
    )
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_categories_parent_id'), ['parent_id'], unique=False)

    op.create_table('presets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('template', sa.Text(), nullable=False),
    sa.Column('match', sa.JSON(), nullable=False),
    sa.Column('date_format', sa.String(length=64), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_presets')),
    sa.UniqueConstraint('key', name=op.f('uq_presets_key'))
    )
    op.create_table('publish_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('base_url', sa.Text(), nullable=False),
    sa.Column('username', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publish_targets')),
    sa.UniqueConstraint('name', name=op.f('uq_publish_targets_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('name', name=op.f('uq_tags_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_tags_slug'))
    )
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('headline', sa.Text(), nullable=False),
    sa.Column('slug', sa.String(length=300), nullable=False),
    sa.Column('slug_locked', sa.Boolean(), nullable=False),
    sa.Column('standfirst', sa.Text(), nullable=False),
    sa.Column('byline', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('source_name', sa.String(length=300), nullable=False),
    sa.Column('source_url', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('scheduled_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('word_count', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    # Last, so that scans of the list columns never walk the body's overflow pages.
    sa.Column('body', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'review', 'ready', 'published', 'archived')", name=op.f('ck_articles_status')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_articles_category_id_categories'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('slug', name=op.f('uq_articles_slug'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        # The list asks "not in the trash, newest first", with or without a status or
        # category: each has an index that answers it in order, without a sort.
        batch_op.create_index('ix_articles_live_updated', ['deleted_at', 'updated_at'], unique=False)
        batch_op.create_index('ix_articles_live_status_updated', ['deleted_at', 'status', 'updated_at'], unique=False)
        batch_op.create_index('ix_articles_live_category_updated', ['deleted_at', 'category_id', 'updated_at'], unique=False)
        batch_op.create_index('ix_articles_live_headline', ['deleted_at', 'headline'], unique=False)
        batch_op.create_index('ix_articles_category_published', ['category_id', 'status', 'published_at'], unique=False)
        batch_op.create_index('ix_articles_published_at', ['published_at'], unique=False)

    op.create_table('photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('original_filename', sa.String(length=500), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('orientation', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('creator', sa.JSON(), nullable=False),
    sa.Column('creator_title', sa.String(length=200), nullable=False),
    sa.Column('credit_line', sa.String(length=500), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('distributor', sa.String(length=200), nullable=False),
    sa.Column('copyright_notice', sa.Text(), nullable=False),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('signoff', sa.String(length=200), nullable=False),
    sa.Column('date_created', sa.String(length=40), nullable=False),
    sa.Column('agency_ref', sa.String(length=200), nullable=False),
    sa.Column('instructions', sa.Text(), nullable=False),
    sa.Column('usage_terms', sa.Text(), nullable=False),
    sa.Column('headline', sa.Text(), nullable=False),
    sa.Column('city', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=200), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('alt_text', sa.Text(), nullable=False),
    sa.Column('preset_id', sa.Integer(), nullable=True),
    sa.Column('credit_override', sa.Text(), nullable=False),
    sa.Column('provenance', sa.JSON(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['preset_id'], ['presets.id'], name=op.f('fk_photos_preset_id_presets'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photos')),
    sa.UniqueConstraint('sha256', name=op.f('uq_photos_sha256'))
    )
    op.create_table('article_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('caption_override', sa.Text(), nullable=False),
    sa.Column('alt_override', sa.Text(), nullable=False),
    sa.CheckConstraint("role IN ('hero', 'inline')", name=op.f('ck_article_photos_role')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_photos_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['photo_id'], ['photos.id'], name=op.f('fk_article_photos_photo_id_photos'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_photos')),
    sa.UniqueConstraint('article_id', 'role', 'position', name='uq_article_photos_slot')
    )
    with op.batch_alter_table('article_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_photos_photo_id'), ['photo_id'], unique=False)

    op.create_table('article_tags',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_tags_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_article_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'tag_id', name=op.f('pk_article_tags'))
    )
    with op.batch_alter_table('article_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('photo_blobs',
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photos.id'], name=op.f('fk_photo_blobs_photo_id_photos'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('photo_id', name=op.f('pk_photo_blobs'))
    )
    op.create_table('related_articles',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('related_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_related_articles_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['related_id'], ['articles.id'], name=op.f('fk_related_articles_related_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'related_id', name=op.f('pk_related_articles'))
    )
    op.create_table('remote_media',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('remote_id', sa.String(length=100), nullable=False),
    sa.Column('source_url', sa.Text(), nullable=False),
    sa.Column('credit_hash', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photos.id'], name=op.f('fk_remote_media_photo_id_photos'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['publish_targets.id'], name=op.f('fk_remote_media_target_id_publish_targets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remote_media')),
    sa.UniqueConstraint('photo_id', 'target_id', name='uq_remote_media_photo')
    )
    with op.batch_alter_table('remote_media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remote_media_target_id'), ['target_id'], unique=False)

    op.create_table('render_cache',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('article_version', sa.Integer(), nullable=False),
    sa.Column('context_hash', sa.String(length=64), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_render_cache_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_render_cache'))
    )
    op.create_table('renditions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('credit_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photos.id'], name=op.f('fk_renditions_photo_id_photos'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_renditions')),
    sa.UniqueConstraint('photo_id', 'kind', 'width', 'format', name='uq_renditions_key')
    )
    with op.batch_alter_table('renditions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_renditions_photo_id'), ['photo_id'], unique=False)

    op.create_table('revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('article_version', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_revisions_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revisions'))
    )
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.create_index('ix_revisions_article_created', ['article_id', 'created_at'], unique=False)

    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('remote_id', sa.String(length=100), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('remote_slug', sa.String(length=300), nullable=False),
    sa.Column('remote_status', sa.String(length=32), nullable=False),
    sa.Column('remote_modified', sa.String(length=40), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('revision_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_publications_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_publications_revision_id_revisions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['target_id'], ['publish_targets.id'], name=op.f('fk_publications_target_id_publish_targets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
    sa.UniqueConstraint('article_id', 'target_id', name='uq_publications_article_target')
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publications_target_id'), ['target_id'], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        sqlite.create_search_index(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite.drop_search_index(op.get_bind())
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publications_target_id'))

    op.drop_table('publications')
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.drop_index('ix_revisions_article_created')

    op.drop_table('revisions')
    with op.batch_alter_table('renditions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_renditions_photo_id'))

    op.drop_table('renditions')
    op.drop_table('render_cache')
    with op.batch_alter_table('remote_media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remote_media_target_id'))

    op.drop_table('remote_media')
    op.drop_table('related_articles')
    op.drop_table('photo_blobs')
    with op.batch_alter_table('article_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_tags_tag_id'))

    op.drop_table('article_tags')
    with op.batch_alter_table('article_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_photos_photo_id'))

    op.drop_table('article_photos')
    op.drop_table('photos')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_published_at')
        batch_op.drop_index('ix_articles_category_published')
        batch_op.drop_index('ix_articles_live_headline')
        batch_op.drop_index('ix_articles_live_category_updated')
        batch_op.drop_index('ix_articles_live_status_updated')
        batch_op.drop_index('ix_articles_live_updated')

    op.drop_table('articles')
    op.drop_table('tags')
    op.drop_table('settings')
    op.drop_table('publish_targets')
    op.drop_table('presets')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_categories_parent_id'))

    op.drop_table('categories')
