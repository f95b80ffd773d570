"""The message library: YAML files read into immutable records, variants layered over
the global messages, staleness, the schema, check rules and campaigns."""
