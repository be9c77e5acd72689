"""Persistence (SQLModel tables, sessions, migrations, audit trail): see the persistence issue.

Nothing is stored yet: the deadline engine runs from the plan file and roster.
"""
