"""Desk: an offline editorial workstation."""

__version__ = "0.1.0"
