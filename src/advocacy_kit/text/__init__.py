"""Text rules per platform: the table, counting, sentences, fitting posts, threads."""
