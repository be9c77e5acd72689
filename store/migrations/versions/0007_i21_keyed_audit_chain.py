"""the audit trail chained with a key kept outside the database (HMAC-SHA256): the entries written before are
chained again with it, so that the trail verifies from its first entry. No table changes.

Revision ID: 0007_i21
Revises: 0006
"""
from alembic import op

from store import audit

revision = '0007_i21'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    audit.rechain(op.get_bind())


def downgrade() -> None:
    """The unkeyed chain is not restored: a key, once used, stays the trail's protection."""
