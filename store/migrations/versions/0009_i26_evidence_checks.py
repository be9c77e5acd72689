"""evidence checks: each link, file and reply text of a reply checked for dead links and unmasked personal data

Revision ID: 0009_i26
Revises: 0008_i25
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = '0009_i26'
down_revision = '0008_i25'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evidence_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('capped', sa.Boolean(), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['due_item.id']),
    sa.ForeignKeyConstraint(['reply_id'], ['reply.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reply_id', 'source', name='uq_evidence_check_source')
    )
    op.create_index(op.f('ix_evidence_check_item_id'), 'evidence_check', ['item_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_evidence_check_item_id'), table_name='evidence_check')
    op.drop_table('evidence_check')
