"""evidence files kept in the database, by their SHA-256, so the office can open what a unit sent

Revision ID: 0007_i19a
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = '0007_i19a'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evidence_file',
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('mime', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('stored_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('hash')
    )


def downgrade() -> None:
    op.drop_table('evidence_file')
