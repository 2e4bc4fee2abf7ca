"""The editorial statuses, in workflow order (a module of its own: the window's first
screen needs them before SQLAlchemy and the models are imported)."""

STATUSES = ("draft", "review", "ready", "published", "archived")
