"""Persistence: SQLModel tables and Alembic migrations, the unit of work and its audit chain, the outbox, backups,
and the queries the rest asks (views: the read models of the chat; leader: the scheduler's lock; settings: what
Duban learns at run time). Everything that speaks SQL lives here."""
