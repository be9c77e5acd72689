"""channel_identity: a person's DingTalk or WeCom identity (a string) and the number person and outbox key a chat by.

Revision ID: 0012_i23
Revises: 0011_i22
"""
import sqlalchemy as sa
from alembic import op


revision = '0012_i23'
down_revision = '0011_i22'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'channel_identity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('platform_id', sa.String(length=128), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('channel', 'platform_id', name='uq_channel_identity'),
    )


def downgrade() -> None:
    op.drop_table('channel_identity')
