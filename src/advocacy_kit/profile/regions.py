"""The profile's region checked against the library: when it is set, and when it is used."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from advocacy_kit.errors import UsageError
from advocacy_kit.library.loader import load_variants
from advocacy_kit.library.resolve import UnknownRegion
from advocacy_kit.profile.fields import Profile

_CHANGE_IT = "change it with `advocacy-kit profile set region NAME`, or give --region"


def check_region(
    value: str, *, library: Iterable[str | Path] = (), cwd: Path | None = None
) -> None:
    """Refuse a region no variant has, when it is set (``profile set region``).

    Raises:
        UnknownRegion: no variant of the library folders in force has that name; the
            hint offers the closest.
    """
    variants = load_variants(library=library, cwd=cwd)
    if value != "global":
        variants.get(value)


@contextmanager
def region_in_force(profile: Profile, *, region: str | None) -> Iterator[str | None]:
    """The region to use: ``--region`` when given, else the profile's.

    An unknown region raised inside the ``with`` block, when it came from the profile,
    names the profile file and line it is set on, so the user knows where to fix it
    (issue 14).

    Args:
        profile: The profile in force.
        region: The ``--region`` flag (None when not given).

    Yields:
        The region's name, or None for the global messages.

    Raises:
        UsageError: the profile's region names no variant.
    """
    chosen = region or profile.region
    try:
        yield chosen
    except UnknownRegion as error:
        origin = profile.origins.get("region")
        if region or not origin:
            raise
        path, _, line = origin.rpartition(":")
        raise UsageError(
            f"{error.message}: it is the region your profile sets",
            path=path,
            line=int(line) if line.isdigit() else None,
            hint=f"{error.hint}; {_CHANGE_IT}" if error.hint else _CHANGE_IT,
        ) from None
