"""Composing drafts: which messages, in what order, for whom; letters and talking
points as a context for the templates, posts fitted to each platform."""
