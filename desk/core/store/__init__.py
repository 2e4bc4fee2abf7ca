"""Storage: the engine and sessions, the SQLite specifics, migrations and the ORM models."""
