"""The newsroom: several editors on one database.

identity (who is typing), users (the editors a database knows), locks (who holds an
article), changes (what others changed, for live lists) and journal (edits kept on this
machine while the database is away). Plain SQL through SQLAlchemy Core and the ORM, the
same on SQLite and PostgreSQL.
"""
