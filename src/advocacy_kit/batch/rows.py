"""Per row of a merge: its audience, required cells, file name, and letter group."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from msgspec import Struct

from advocacy_kit.batch.filenames import safe_file_stem
from advocacy_kit.batch.problems import Problem, close_match
from advocacy_kit.batch.recipients import LANG_COLUMNS, Recipients, normalise_column
from advocacy_kit.errors import UsageError
from advocacy_kit.model import Library, get_audience

#: A group of letters composed once: (audience, region, lang).
GroupKey = tuple[str, str, str]


def required_columns(
    table: Recipients,
    in_name: Sequence[str],
    require: Sequence[str],
    *,
    needs_audience: bool,
    problems: list[Problem],
) -> list[str]:
    """The columns every row must fill: ``--name``'s, ``--require``'s, and ``audience``
    when there is no ``--audience``. Columns that do not exist are problems.

    Raises:
        UsageError: no ``--audience`` and no ``audience`` column.
    """
    index = set(table.keys)
    for key in in_name:
        if key not in index and key not in ("row", "line"):
            problems.append(
                Problem(
                    table.header_line,
                    f"no column '{key}', which --name uses" + close_match(key, index),
                )
            )
    required = [key for key in in_name if key in index]
    for column in require:
        key = normalise_column(column)
        if key not in index:
            problems.append(
                Problem(
                    table.header_line,
                    f"no column '{column}', which --require names" + close_match(key, index),
                )
            )
        elif key not in required:
            required.append(key)
    if needs_audience:
        if table.column("audience") is None:
            raise UsageError(
                "which audience are the letters for?",
                hint="give --audience (donors, media or workforce), or add an 'audience' "
                "column to the recipients file",
            )
        if "audience" not in required:
            required.append("audience")
    return required


class RowPlan(Struct):
    """Per row: its audience, its group and its file name."""

    audiences: list[str]
    groups_of: list[GroupKey]
    names: list[str]
    groups: dict[GroupKey, list[int]]

    @classmethod
    def of(
        cls,
        table: Recipients,
        *,
        default_audience: str | None,
        region: str | None,
        required: Sequence[str],
        pattern: str,
        in_name: Sequence[str],
        extension: str,
        problems: list[Problem],
    ) -> RowPlan:
        """Plan every row of ``table``; empty required cells and unknown audiences are
        problems."""
        index = {key: position for position, key in enumerate(table.keys) if key}
        audience_at = table.column("audience")
        region_at = table.column("region")
        lang_at = table.column(*LANG_COLUMNS)
        plan = cls(audiences=[], groups_of=[], names=[], groups={})
        for row in table.rows:
            values = row.values
            for key in required:
                if not values[index[key]]:
                    problems.append(Problem(row.line, f"the '{table.header(key)}' cell is empty"))
            chosen = default_audience or ""
            if audience_at is not None and values[audience_at]:
                try:
                    chosen = get_audience(values[audience_at]).name
                except UsageError as exc:
                    problems.append(Problem(row.line, f"{exc.message}; {exc.hint}"))
            group = (
                chosen,
                (values[region_at] if region_at is not None else "") or region or "",
                values[lang_at] if lang_at is not None else "",
            )
            if chosen:
                plan.groups.setdefault(group, []).append(len(plan.names))
            plan.audiences.append(chosen)
            plan.groups_of.append(group)
            mapping: dict[str, object] = {"row": row.number, "line": row.line}
            for key in in_name:
                if key in index:
                    mapping[key] = safe_file_stem(values[index[key]], fallback="")
            try:
                # str.format_map: string.Formatter's way in C (the pattern holds
                # plain column names only: filenames.pattern_fields)
                wanted = pattern.format_map(mapping)
            except (KeyError, ValueError, IndexError):
                wanted = ""  # a missing column is a problem already
            fallback = f"letter-{row.number:04d}"
            plan.names.append(safe_file_stem(wanted, fallback=fallback) + extension)
        return plan


class Group(Struct, frozen=True):
    """A letter composed once for a group of rows: its template data and language."""

    context: dict[str, Any]
    lang: str | None


def compose_groups(
    groups: Mapping[GroupKey, Sequence[int]],
    table: Recipients,
    *,
    library: Library,
    variants: Any | None,
    problems: list[Problem],
    **letterhead: Any,
) -> dict[GroupKey, Group]:
    """Compose the letter once per (audience, region, lang); an unknown region or
    language is a problem of the rows that name it."""
    from advocacy_kit.compose.drafts import compose_draft

    composed: dict[GroupKey, Group] = {}
    for (audience, region, lang_cell), members in groups.items():
        options: dict[str, Any] = {}
        group_library = library
        lang: str | None = lang_cell or None
        try:
            if variants is not None:
                resolution = variants.resolve(region or "global")
                group_library = resolution.library
                lang = lang or resolution.lang
            if lang:
                options["lang"] = lang
            draft = compose_draft(
                library=group_library,
                audience=audience,
                format="letter",
                **letterhead,
                **options,
            )
        except UsageError as exc:
            if not (region or lang_cell):
                raise
            first = table.rows[members[0]]
            more = f" (and {len(members) - 1} more rows like it)" if len(members) > 1 else ""
            problems.append(Problem(first.line, f"{exc.message}{more}; {exc.hint}"))
            continue
        composed[(audience, region, lang_cell)] = Group(draft.extras["context"], lang)
    return composed
