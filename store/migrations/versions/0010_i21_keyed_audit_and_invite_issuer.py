"""the audit trail chained with a key kept outside the database (HMAC-SHA256): the entries written before are
chained again with it, so that the trail verifies from its first entry. And who issued an invite in chat, so that
a handover can revoke the codes the outgoing person issued.

Revision ID: 0010_i21
Revises: 0009_i26
"""
import sqlalchemy as sa
from alembic import op

from store import audit

revision = '0010_i21'
down_revision = '0009_i26'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invite') as batch_op:
        batch_op.add_column(sa.Column('issued_by', sa.Integer(), nullable=True))
    audit.rechain(op.get_bind())


def downgrade() -> None:
    """The unkeyed chain is not restored: a key, once used, stays the trail's protection."""
    with op.batch_alter_table('invite') as batch_op:
        batch_op.drop_column('issued_by')
