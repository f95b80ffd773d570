"""advocacy-kit: letters, talking points and posts from the social service workforce key messages."""

__version__ = "0.1.0"
