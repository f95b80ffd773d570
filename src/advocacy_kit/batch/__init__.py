"""Batch jobs over many documents: merge (one letter per recipient) and campaign
packs."""
