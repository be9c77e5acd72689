"""the /start throttle in the database: each wrong invite code kept with who sent it and when, so that several
receiving processes count the same failures. And what a person's next message answers (person.awaiting) in one
typed form, JSON (store/awaiting.py), instead of "submit:17" and "choose:{…}" / "move:{…}"

Revision ID: 0011_i22
Revises: 0010_i21
"""
import json

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
    person = sa.table('person', sa.column('id', sa.Integer), sa.column('awaiting', sa.Text))
    connection = op.get_bind()
    waiting = connection.execute(sa.select(person.c.id, person.c.awaiting).where(person.c.awaiting != '')).all()
    for person_id, old in waiting:
        connection.execute(person.update().where(person.c.id == person_id).values(awaiting=_typed(old)))


def _typed(old: str) -> str:
    """An awaited answer as it was written before ("submit:17", "choose:{…}", "move:{…}"), in the typed form."""
    what, _, rest = old.partition(':')
    value = {'what': what, 'item': None, 'items': [], 'status': '', 'moved_from': None, 'before': None}
    if what in ('choose', 'move'):
        kept = json.loads(rest)
        value.update(items=kept['items'], status=kept.get('status', ''), moved_from=kept.get('from'),
                     before=kept.get('before'))
        value['kept'] = {k: kept.get(k, '' if k != 'urls' else []) for k in ('text', 'urls', 'file_id', 'file_hash')}
    else:
        value.update(item=int(rest), kept={'text': '', 'urls': [], 'file_id': '', 'file_hash': ''})
    return json.dumps(value, ensure_ascii=False)


def downgrade() -> None:
    """What was awaited lapses (as after a command): the old versions read only their own forms."""
    person = sa.table('person', sa.column('awaiting', sa.Text))
    op.get_bind().execute(person.update().values(awaiting=''))
    op.drop_index(op.f('ix_start_failure_telegram_user_id'), table_name='start_failure')
    op.drop_table('start_failure')
