"""Dialogs: preferences, categories, export, publishing and the file dialogs."""
