"""The main window and what it is built with: layout, operations, services, background tasks."""
