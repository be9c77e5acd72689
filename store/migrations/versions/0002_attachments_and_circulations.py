"""outbox attachments (reports, charts, notices) and the record of approved circulations

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

def upgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))
        batch.add_column(sa.Column('file_data', sa.LargeBinary(), nullable=True))
    op.create_table('circulation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('named', sa.Text(), nullable=False),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('approved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'period', name='uq_circulation_period')
    )
    op.create_index(op.f('ix_circulation_plan_id'), 'circulation', ['plan_id'], unique=False)

def downgrade() -> None:
    op.drop_index(op.f('ix_circulation_plan_id'), table_name='circulation')
    op.drop_table('circulation')
    with op.batch_alter_table('outbox') as batch:
        batch.drop_column('file_data')
        batch.drop_column('file_name')
