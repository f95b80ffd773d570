"""Writing a campaign pack: every file atomically, and the whole folder as a .zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from advocacy_kit.batch.pack import Pack
from advocacy_kit.batch.writing import flush
from advocacy_kit.errors import OutputError
from advocacy_kit.files import refuse_any_existing, write_atomic


def zip_path(out: Path) -> Path:
    """Where ``--zip`` puts the pack: ``<out>.zip`` beside the folder."""
    return out.parent / f"{out.name}.zip"


def _zip_bytes(pack: Pack, folder_name: str) -> bytes:
    buffer = io.BytesIO()
    stamp = dt.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in pack.files:
            info = zipfile.ZipInfo(f"{folder_name}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8") if isinstance(text, str) else text)
    return buffer.getvalue()


def write_pack(
    pack: Pack, *, out: Path, force: bool = False, zip: bool = False
) -> tuple[Path, ...]:
    """Write ``pack`` into the folder ``out`` (and ``<out>.zip`` with ``zip``).

    Every file is written atomically (a temporary file renamed into place) and the
    files are put on disk together at the end (one ``syncfs``, not an fsync a file, as
    ``merge`` does: issue 6). When any of them exists already and ``force`` is
    false, nothing at all is written.

    Args:
        pack: The pack :func:`build_pack` made.
        out: The folder to write into; created when missing.
        force: Replace files that exist already.
        zip: Also write the whole folder as one ``.zip`` file beside it.

    Returns:
        The paths written, in order.

    Raises:
        OutputError: a file exists (without ``force``), or a folder cannot be made or
            written to.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(
            "this is a file, not a folder",
            path=out,
            hint="give --out a folder name (it is created when missing)",
        )
    folder_name = out.resolve().name or "pack"
    targets = [out / name for name, _text in pack.files]
    if zip:
        targets.append(zip_path(out))
    if not force:
        refuse_any_existing(
            targets,
            hint="run again with --force to replace the pack, or choose another --out folder",
        )
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in pack.files:
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text, force=force, sync=False)
            written.append(path)
        flush(out)  # one sync of the file system for the whole pack, as merge does
    except OSError as exc:
        raise OutputError(
            f"cannot create the folder: {exc.strerror}",
            path=exc.filename or out,
            hint="choose a folder you can write to",
        ) from None
    if zip:
        archive = zip_path(out)
        write_atomic(archive, _zip_bytes(pack, folder_name), force=force)
        written.append(archive)
    return tuple(written)
