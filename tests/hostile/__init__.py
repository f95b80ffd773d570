"""Hostile inputs through the real command (issue 13)."""
