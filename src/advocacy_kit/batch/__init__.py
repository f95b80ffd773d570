"""Batch jobs over many documents: merge (one letter per recipient) and campaign packs.

Merge, in the order the data flows: ``tables`` (raw CSV or xlsx records) ->
``recipients`` (rows and named columns) -> ``filenames``, ``rows``, ``fields`` ->
``letters`` (every letter made in memory) -> ``plan`` (all checked, nothing written) ->
``merge`` (writing, signals, resuming) and ``manifest`` (the output folder's record);
``problems`` collects what is wrong with a recipients file. Packs: ``pack_text``,
``pack_posts``, ``pack_days`` -> ``pack`` (building) -> ``pack_write``.
"""
