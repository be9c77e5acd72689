"""the /start throttle in the database: each wrong invite code kept with who sent it and when, so that several
receiving processes count the same failures

Revision ID: 0011_i22
Revises: 0010_i21
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_i22'
down_revision = '0010_i21'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('start_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_start_failure_telegram_user_id'), 'start_failure', ['telegram_user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_start_failure_telegram_user_id'), table_name='start_failure')
    op.drop_table('start_failure')
