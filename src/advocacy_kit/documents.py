"""Writers: a draft into .txt, .md or .html, written atomically and never over a file
without ``force``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advocacy_kit.errors import OutputError
from advocacy_kit.model import Draft

#: Output kinds by file extension.
EXTENSIONS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def output_kind(path: Path) -> str:
    """The output kind a file name asks for, from its extension.

    Raises:
        OutputError: the extension is not one advocacy-kit writes.
    """
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise OutputError(
            f"cannot write '{path.suffix or path.name}' files",
            path=path,
            hint="end the file name in " + ", ".join(sorted(set(EXTENSIONS))),
        )
    return kind


def posts_text(draft: Draft) -> str:
    """Posts as plain text: each post, then a line with its length against the limit.

    Written in Python rather than a template so that drafting posts does not load
    Jinja2 (start-up time, issue 2).
    """
    blocks = []
    for piece in draft.pieces:
        line = piece.text
        if piece.limit is not None:
            status = f"{', '.join(piece.message_ids)}: {piece.length}/{piece.limit}"
            status += f" on {draft.platform}"
            if piece.fits is False:
                status += f", {(piece.length or 0) - piece.limit} over"
            line += f"\n[{status}]"
        blocks.append(line + "\n")
    return "\n".join(blocks)


def render_draft(draft: Draft, kind: str) -> str:
    """The whole document of ``draft`` as ``kind`` (``txt``, ``md`` or ``html``)."""
    if draft.format == "post" and kind == "txt":
        return posts_text(draft)
    from advocacy_kit.render import render

    templates: Sequence[Path] = draft.extras.get("templates", ())
    if draft.format == "post":
        context: dict[str, Any] = {
            "pieces": [piece.to_json() for piece in draft.pieces],
            "platform": draft.platform,
        }
        return render(f"post.{kind}.j2", context, kind=kind, templates=templates)
    return render(
        f"{draft.format}.{kind}.j2", draft.extras["context"], kind=kind, templates=templates
    )


def write_atomic(path: Path, data: str | bytes, *, force: bool = False, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename in the same folder.

    A reader never sees a half-written file, and an interrupted write leaves the old file
    (or none) in place. ``sync=False`` skips the fsync, for a batch that flushes all its
    files to disk once at the end (``merge``, issue 6).

    Raises:
        OutputError: ``path`` exists and ``force`` is false, or the folder is missing or
            not writable.
    """
    if path.exists() and not force:
        raise OutputError(
            "the file exists already",
            path=path,
            hint="run again with --force to replace it, or choose another name with -o",
        )
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise OutputError(
            "the folder does not exist",
            path=folder,
            hint="create it first, or write somewhere else with -o",
        )
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"cannot write in this folder: {exc.strerror}",
            path=folder,
            hint="choose a folder you can write to",
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        tmp.chmod(0o644)
        if force:
            tmp.replace(path)
        else:
            # link() fails if the file appeared meanwhile, so a file is never replaced
            # without --force even in a race.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise OutputError(
                    "the file exists already",
                    path=path,
                    hint="run again with --force to replace it",
                ) from None
            except OSError:
                tmp.replace(path)  # file systems without hard links
    except OSError as exc:
        raise OutputError(
            f"cannot write the file: {exc.strerror}", path=path, hint="check the folder"
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_draft(draft: Draft, path: Path, *, force: bool = False) -> str:
    """Render ``draft`` for ``path``'s extension and write it atomically.

    Returns:
        The output kind written.
    """
    kind = output_kind(path)
    write_atomic(path, render_draft(draft, kind), force=force)
    return kind
