"""the office's web console: its accounts, sessions, sign-in attempts (the throttle) and one-time sign-in links

Revision ID: 0013_i24
Revises: 0011_i22
"""
import sqlalchemy as sa
from alembic import op

revision = '0013_i24'
down_revision = '0012_i23'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('console_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('password_hash', sa.String(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name'),
    sa.UniqueConstraint('person_id'),
    )
    op.create_table('console_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('address', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['console_user.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_console_session_user_id', 'console_session', ['user_id'])
    op.create_table('console_login_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('account', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_console_login_account_at', 'console_login_attempt', ['account', 'at'])
    op.create_index('ix_console_login_address_at', 'console_login_attempt', ['address', 'at'])
    op.create_table('console_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['console_user.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash'),
    )


def downgrade() -> None:
    op.drop_table('console_link')
    op.drop_index('ix_console_login_address_at', table_name='console_login_attempt')
    op.drop_index('ix_console_login_account_at', table_name='console_login_attempt')
    op.drop_table('console_login_attempt')
    op.drop_index('ix_console_session_user_id', table_name='console_session')
    op.drop_table('console_session')
    op.drop_table('console_user')
