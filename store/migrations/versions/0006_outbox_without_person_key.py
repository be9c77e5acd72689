"""the outbox keeps its person id without a foreign key: on PostgreSQL the key's check locked each new row's person
(FOR KEY SHARE: a WAL record and a dirtied page a row), a fifth of a heavy Monday's round for a province's 4,500
messages. A person is never deleted, only deactivated, and a sender drops a draft whose person it cannot find.

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# SQLite reflects the key without a name: the convention gives it one to drop it by
NAMING = {"fk": "%(table_name)s_%(column_0_name)s_fkey"}     # PostgreSQL's own name for it
KEY = 'outbox_person_id_fkey'


def upgrade() -> None:
    with op.batch_alter_table('outbox', naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint(KEY, type_='foreignkey')


def downgrade() -> None:
    with op.batch_alter_table('outbox', naming_convention=NAMING) as batch_op:
        batch_op.create_foreign_key(KEY, 'person', ['person_id'], ['id'])
