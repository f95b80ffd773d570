"""A JSON Schema of the message file format, for editors.

``advocacy-kit schema`` prints it. With the Red Hat YAML extension, VS Code completes
and validates a message or variant file as it is typed when the file's first line is::

    # yaml-language-server: $schema=../message-file.schema.json

The readers (:mod:`advocacy_kit.library.message_file` and
:mod:`advocacy_kit.library.variant_file`) stay the judge: they give located errors with
hints and checks what a schema cannot (ids that exist, parents, staleness). The schema
is built from the loader's own field tables, so the two cannot drift apart on which
fields exist.
"""

from __future__ import annotations

from typing import Any

from advocacy_kit.library.message_file import DEFINITION_FIELDS, MESSAGE_FIELDS
from advocacy_kit.library.variant_file import (
    CHANGE_FIELDS,
    DEFINITION_CHANGE_FIELDS,
    LANG_PATTERN,
    VARIANT_FIELDS,
)
from advocacy_kit.model import AUDIENCES

#: The schema's ``$id``.
SCHEMA_ID = "https://advocacy-kit.invalid/schema/message-file.schema.json"


def _text(description: str) -> dict[str, Any]:
    return {"type": ["string", "number"], "description": description}


def _texts(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string", "minLength": 1}},
            {"type": "null"},
        ],
    }


_ID = {
    "type": "string",
    "pattern": r"^[a-z0-9][a-z0-9-]*$",
    "description": "A stable id: lower-case letters, digits and hyphens.",
}
_EVIDENCE = {
    "type": "object",
    "description": "A claim the message makes and who says so.",
    "required": ["claim", "source"],
    "additionalProperties": False,
    "properties": {
        "claim": _text("The claim, e.g. 'more than 65% of the SDG targets'."),
        "source": _text("The organisation or document it comes from."),
        "url": _text("Where to read the source."),
    },
}
_EVIDENCE_LIST = {"type": "array", "items": {"$ref": "#/$defs/evidence"}}
_AUDIENCE_NAMES = sorted({a.name for a in AUDIENCES} | {x for a in AUDIENCES for x in a.aliases})
_HASH = {
    "type": ["string", "integer"],
    "description": "Written by `advocacy-kit variant refresh`: a hash of the parent text "
    "this change was reviewed against. Do not edit.",
}

_MESSAGE_PROPERTIES: dict[str, Any] = {
    "id": _ID,
    "audience": {
        "type": "string",
        "enum": _AUDIENCE_NAMES,
        "description": "donors, media or workforce (or an alias).",
    },
    "role": {
        "type": "string",
        "enum": ["message", "introduction"],
        "description": "'introduction' leads into the audience's other messages.",
    },
    "title": _text("A short title."),
    "text": _text("The full message."),
    "short": _texts("Hand-written post-length versions, best first."),
    "evidence": _EVIDENCE_LIST,
    "ask": _text("The call to action."),
    "tags": _texts("Words to find the message by."),
    "note": _text("A note for editors (not printed)."),
}

_DEFINITION_PROPERTIES: dict[str, Any] = {
    key: _MESSAGE_PROPERTIES[key] for key in DEFINITION_FIELDS
}

_CHANGE_PROPERTIES: dict[str, Any] = {
    "id": _ID,
    "replace": _text("A new text in place of the parent's (e.g. a translation)."),
    "amplify": _text("Text added after the parent's."),
    "based_on": _HASH,
    "title": _text("A new title."),
    "short": _texts("Post-length versions of the changed message."),
    "evidence": _EVIDENCE_LIST,
    "ask": _text("A new call to action."),
    "tags": _texts("Tags added."),
    "note": _text("A note for editors."),
}

_VARIANT_PROPERTIES: dict[str, Any] = {
    "name": {**_ID, "description": "The variant's name, used with --region."},
    "parent": {**_ID, "description": "The variant it layers over; default 'global'."},
    "lang": {
        "type": "string",
        "pattern": LANG_PATTERN.pattern,
        "description": "Its language as a BCP 47 tag, e.g. fr.",
    },
    "title": _text("A readable name, e.g. 'East and Southern Africa'."),
    "hashtags": {
        "description": 'Hashtags its posts carry, in quotes: ["#SSWWeek"].',
        "type": "array",
        "items": {"type": "string", "pattern": r"^#\S+$"},
    },
    "handles": {
        "description": 'Handles its posts carry, in quotes: ["@SSWAlliance"].',
        "type": "array",
        "items": {"type": "string", "pattern": r"^@\S+$"},
    },
    "note": _text("A note for editors."),
}


def _strict(properties: dict[str, Any], fields: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    """An object schema allowing exactly the loader's ``fields``."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {key: properties[key] for key in fields},
        **extra,
    }


def _variant_file() -> dict[str, Any]:
    """The schema of a variant file's top level."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["variant"],
        "properties": {
            "variant": _strict(
                _VARIANT_PROPERTIES,
                VARIANT_FIELDS,
                required=["name"],
                description="The variant's name, parent, language, hashtags and handles.",
            ),
            "definition": {"anyOf": [{"$ref": "#/$defs/definition_change"}, {"type": "null"}]},
            "messages": {
                "anyOf": [
                    {
                        "type": "array",
                        "items": {
                            "if": {"required": ["text"]},
                            "then": {"$ref": "#/$defs/message"},
                            "else": {"$ref": "#/$defs/change"},
                        },
                    },
                    {"type": "null"},
                ]
            },
        },
    }


def message_file_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of message files and variant files.

    Returns:
        The schema as plain data, ready for :func:`json.dumps`.
    """
    message = _strict(
        _MESSAGE_PROPERTIES,
        MESSAGE_FIELDS,
        required=["id", "audience", "title", "text"],
        description="A key message.",
    )
    definition = _strict(
        _DEFINITION_PROPERTIES,
        DEFINITION_FIELDS,
        required=["text"],
        description="The definition of the social service workforce.",
    )
    change = _strict(
        _CHANGE_PROPERTIES,
        CHANGE_FIELDS,
        required=["id"],
        description="A change to a parent message: replace or amplify its text, or give "
        "a new title, short versions, ask or evidence.",
        allOf=[{"not": {"required": ["replace", "amplify"]}}],
    )
    definition_change = _strict(
        _CHANGE_PROPERTIES,
        DEFINITION_CHANGE_FIELDS,
        description="A change to the definition: amplify (add to it) or replace it.",
        allOf=[{"not": {"required": ["replace", "amplify"]}}],
    )
    campaign = {
        "type": "object",
        "description": "A campaign such as Social Service Workforce Week (see README).",
        "required": ["id", "name"],
        "properties": {"id": _ID, "name": _text("The campaign's name.")},
    }
    message_file = {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {
            "definition": {"$ref": "#/$defs/definition"},
            "messages": {"type": "array", "items": {"$ref": "#/$defs/message"}},
            "campaign": {"$ref": "#/$defs/campaign"},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "advocacy-kit message file",
        "description": "A file of key messages, or a regional or national variant of them.",
        "oneOf": [
            {"$ref": "#/$defs/variant_file"},
            {"$ref": "#/$defs/message_file"},
        ],
        "$defs": {
            "message_file": message_file,
            "variant_file": _variant_file(),
            "message": message,
            "definition": definition,
            "change": change,
            "definition_change": definition_change,
            "evidence": _EVIDENCE,
            "campaign": campaign,
        },
    }
