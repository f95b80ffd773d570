"""The files ``check`` reads, read leniently: a broken file is reported and hides no
other file's problems. A file whose content an earlier run parsed comes from the
user's cache (:class:`~advocacy_kit.library.loader.FolderCache`, issue 17)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from advocacy_kit.errors import LibraryError, UsageError
from advocacy_kit.library.loader import (
    FolderCache,
    Layering,
    LibraryFolder,
    library_folders,
    message_files,
    records_of,
)
from advocacy_kit.library.message_file import MessageFile
from advocacy_kit.library.report import display_path
from advocacy_kit.library.variants import Variant
from advocacy_kit.library.yamlio import read_text


def folders_to_check(
    paths: Sequence[str | Path], library: Sequence[str | Path], here: Path
) -> tuple[list[Path], list[LibraryFolder]]:
    """The paths to check (made absolute) and the library folders, with any path outside
    them layered over them as a folder of its own."""
    wanted = [Path(p) if Path(p).is_absolute() else here / p for p in paths]
    for path in wanted:
        if not path.exists():
            raise UsageError(
                "no such file or folder", path=path, hint="give a .yaml file or a folder of them"
            )
    folders = library_folders(library=library, cwd=here)
    roots = [f.path.resolve() for f in folders]
    for path in wanted:
        inside = any(path.resolve() == r or r in path.resolve().parents for r in roots)
        if not inside:
            folders.append(LibraryFolder(path, str(path)))
            roots.append(path.resolve())
    return wanted, folders


def layer_leniently(
    folders: Sequence[LibraryFolder],
    selected: set[Path],
    add: Callable[[str, LibraryError], None],
    on_problem: Callable[[LibraryError], None],
    here: Path,
) -> tuple[Layering, list[str]]:
    """Every file of ``folders`` layered, each broken file of ``selected`` reported
    (``add(rule, error)``) and left out; problems layering finds go to ``on_problem``.

    A file whose content is the one an earlier run (of ``check``, ``list``, ``draft``)
    parsed is taken from the user's cache: only a new or changed file is parsed again,
    so a check of an unchanged library loads no YAML parser (issue 17).

    Returns:
        The layering and the checked files, as shown.
    """
    layering = Layering(on_problem=on_problem)
    files: list[str] = []
    for folder in folders:
        layering.start_folder(folder)
        parsed = FolderCache(folder)
        for path in message_files(folder.path):
            chosen = path.resolve() in selected
            if chosen:
                files.append(display_path(path, here))
            try:
                built = parsed.build(path, read_text(path), folder.label, parse=_parsed)
            except LibraryError as error:  # unreadable: a YAML problem, as parse_yaml's
                if chosen:
                    add("yaml", error)
                continue
            except _Broken as broken:
                if chosen:
                    add(broken.rule, broken.error)
                continue
            try:
                layering.add(built)
            except LibraryError as error:
                if chosen:
                    add("schema", error)
        parsed.save()
    return layering, files


class _Broken(Exception):
    """A file that cannot be read or parsed (``yaml``) or is not of the expected shape
    (``schema``)."""

    def __init__(self, rule: str, error: LibraryError) -> None:
        super().__init__(rule)
        self.rule = rule
        self.error = error


def _parsed(path: Path, text: str, label: str) -> MessageFile | Variant:
    """The records of ``text``, the file at ``path``, parsed now.

    Raises:
        _Broken: the YAML cannot be parsed, or the file is not of the expected shape.
    """
    from advocacy_kit.library.yamlio import parse_yaml

    try:
        node = parse_yaml(text, path)
    except LibraryError as error:
        raise _Broken("yaml", error) from None
    try:
        return records_of(node, path, text, label)
    except LibraryError as error:
        raise _Broken("schema", error) from None


def selected_files(paths: Sequence[Path], folders: Iterable[Path]) -> set[Path]:
    """The files checked: those under ``paths``, or every file of ``folders``."""
    chosen = list(paths) or list(folders)
    return {p.resolve() for folder in chosen for p in message_files(folder)}
