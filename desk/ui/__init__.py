"""The Qt shell. Importing it first guards against a PySide6 reference-count bug."""

from .refcount_guard import protect_none

protect_none()
