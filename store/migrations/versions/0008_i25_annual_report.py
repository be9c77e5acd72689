"""annual_report: the 政府信息公开工作年度报告 workbooks units return, their figures and whether they passed the checks

Revision ID: 0008_i25
Revises: 0007_i19a
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0008_i25'
down_revision = '0007_i19a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'annual_report',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('unit_id', sa.Integer(), sa.ForeignKey('unit.id'), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), sa.ForeignKey('due_item.id'), nullable=True),
        sa.Column('cells', sa.Text(), nullable=False),
        sa.Column('passed', sa.Boolean(), nullable=False),
        sa.Column('errors', sa.Integer(), nullable=False),
        sa.Column('warnings', sa.Integer(), nullable=False),
        sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('file_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
    )
    op.create_index('ix_annual_report_unit_year', 'annual_report', ['unit_id', 'year'])


def downgrade() -> None:
    op.drop_index('ix_annual_report_unit_year', table_name='annual_report')
    op.drop_table('annual_report')
