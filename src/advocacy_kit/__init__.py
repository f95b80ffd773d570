"""advocacy-kit: letters, talking points and posts for the social service workforce."""

__version__ = "0.1.0"
