"""The organisation profile's keys and values: what each key holds, the checks a value
must pass, and the :class:`Profile` in force."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from advocacy_kit.errors import UsageError, choice_hint
from advocacy_kit.library.yamlio import ID_PATTERN
from advocacy_kit.records import compare_without

_HASHTAG = re.compile(r"^#\w+$")


#: An address: plain ASCII before the "@" (mail servers without SMTPUTF8 refuse others).
_EMAIL = re.compile(r"^[\x21-\x3f\x41-\x7e]+@[^@\s]+\.[^@\s]+$")


class ProfileKey(Struct, frozen=True):
    """One key of the profile file: its name, what it is, and the names it answers to."""

    name: str
    label: str
    example: str
    multiline: bool = False
    many: bool = False
    aliases: tuple[str, ...] = ()


#: The keys of a profile file, in the order files are written and shown.
PROFILE_KEYS: tuple[ProfileKey, ...] = (
    ProfileKey(
        "organisation",
        "Your organisation",
        "Example Association of Social Workers",
        aliases=("organization", "org"),
    ),
    ProfileKey("sender", "Your name, as letters are signed", "Jane Doe", aliases=("name",)),
    ProfileKey("title", "Your title or role", "Programme Director", aliases=("role",)),
    ProfileKey(
        "address",
        "Your postal address (several lines allowed)",
        "12 Example Road\nNairobi",
        multiline=True,
    ),
    ProfileKey("email", "Your email address", "jane@example.org", aliases=("e-mail", "mail")),
    ProfileKey(
        "signature",
        "A closing line or signature block (several lines allowed)",
        "Jane Doe, on behalf of the association",
        multiline=True,
    ),
    ProfileKey(
        "region",
        "The regional or national variant to use by default",
        "east-southern-africa",
        aliases=("variant",),
    ),
    ProfileKey(
        "hashtags",
        "Hashtags to add to posts when they fit",
        "#SSWWeek #SocialServiceWorkforce",
        many=True,
        aliases=("hashtag", "tags"),
    ),
    # A handle per platform (issue 12): an account on one platform tags nobody, or
    # someone else, on another, so posts carry each only where it is an account.
    *(
        ProfileKey(
            f"handle_{platform}",
            f"An account to tag in posts on {label} only",
            example,
            aliases=(f"handle-{platform}",),
        )
        for platform, label, example in (
            ("x", "X", "@SSWAlliance"),
            ("bluesky", "Bluesky", "@example.bsky.social"),
            ("mastodon", "Mastodon", "@example@mastodon.social"),
            ("threads", "Threads", "@example"),
            ("linkedin", "LinkedIn", "@example"),
            ("facebook", "Facebook", "@example"),
        )
    ),
    ProfileKey(
        "reply-to",
        "Where answers to your e-mails go, when not to your email",
        "campaign@example.org",
        aliases=("replyto",),
    ),
    # Your own mail server, for `send` (issue 15). Never a password: see the README.
    ProfileKey(
        "smtp.host", "Your mail server, for send", "smtp.example.org", aliases=("smtp-host",)
    ),
    ProfileKey(
        "smtp.port", "Its port (587 for starttls, 465 for ssl)", "587", aliases=("smtp-port",)
    ),
    ProfileKey(
        "smtp.security",
        "How the connection is secured: starttls, ssl or none",
        "starttls",
        aliases=("smtp-security",),
    ),
    ProfileKey(
        "smtp.user", "Your user name on the mail server", "jane@example.org", aliases=("smtp-user",)
    ),
    ProfileKey(
        "card.colors",
        "Share cards: background and text colour (contrast at least 4.5:1)",
        "#1b4f72 #ffffff",
        aliases=("card.colours", "card-colors", "card-colours", "colors", "colours"),
    ),
    ProfileKey(
        "card.logo",
        "Share cards: your logo, a PNG or SVG file",
        "logo.png",
        aliases=("card-logo", "logo"),
    ),
)

#: The platforms a profile may give a handle for, in the order of :data:`PROFILE_KEYS`.
HANDLE_PLATFORMS = ("x", "bluesky", "mastodon", "threads", "linkedin", "facebook")
_HANDLE = re.compile(r"^@[\w.-]+(?:@[\w.-]+)?$")

#: The security modes of ``smtp.security``.
SMTP_SECURITY = ("starttls", "ssl", "none")


KEY_NAMES: tuple[str, ...] = tuple(key.name for key in PROFILE_KEYS)


def attribute(key: str) -> str:
    """The :class:`Profile` attribute of a key: ``smtp.host`` is ``smtp_host``."""
    return key.replace(".", "_").replace("-", "_")


@compare_without("origins")
class Profile(Struct, frozen=True):
    """The organisation profile in force: every key is optional.

    ``origins`` says, for each key that has a value, the ``path:line`` it came from.
    """

    organisation: str | None = None
    sender: str | None = None
    title: str | None = None
    address: str | None = None
    email: str | None = None
    signature: str | None = None
    region: str | None = None
    hashtags: tuple[str, ...] = ()
    handle_x: str | None = None
    handle_bluesky: str | None = None
    handle_mastodon: str | None = None
    handle_threads: str | None = None
    handle_linkedin: str | None = None
    handle_facebook: str | None = None
    reply_to: str | None = None
    smtp_host: str | None = None
    smtp_port: str | None = None
    smtp_security: str | None = None
    smtp_user: str | None = None
    card_colors: str | None = None
    card_logo: str | None = None
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def handles(self) -> tuple[tuple[str, str], ...]:
        """(platform, handle) for each platform the profile gives a handle for."""
        pairs = ((p, getattr(self, f"handle_{p}")) for p in HANDLE_PLATFORMS)
        return tuple((p, h) for p, h in pairs if h)

    def value(self, key: str) -> str | tuple[str, ...] | None:
        """The value of profile key ``key`` (a canonical name)."""
        result: str | tuple[str, ...] | None = getattr(self, attribute(key))
        return result

    def is_empty(self) -> bool:
        """True when no key has a value."""
        return all(not self.value(key) for key in KEY_NAMES)

    def layered_over(self, base: Profile) -> Profile:
        """This profile's values where it has them, ``base``'s otherwise."""
        changes: dict[str, Any] = {}
        origins = dict(base.origins)
        for key in KEY_NAMES:
            if self.value(key):
                changes[attribute(key)] = self.value(key)
                origins[key] = self.origins.get(key, "")
        return replace(base, **changes, origins=origins)

    def letter_fields(self, *, same_sender: bool = True) -> dict[str, str]:
        """The letter template fields this profile fills beyond sender and organisation.

        ``sender_title``, ``sender_address``, ``sender_email`` and ``signature``, for the
        ones that have a value. With ``same_sender`` false (a ``--sender`` flag named
        someone else) the personal ones (title, email, signature) are left out.

        Args:
            same_sender: Whether the letter is signed by the profile's sender.

        Returns:
            Template field name -> text.
        """
        personal = {"sender_title": self.title, "sender_email": self.email}
        personal["signature"] = self.signature
        chosen = {"sender_address": self.address, **(personal if same_sender else {})}
        return {name: value for name, value in chosen.items() if value}

    def to_json(self) -> dict[str, Any]:
        """A plain-data view for ``--json`` output."""
        data: dict[str, Any] = {}
        for name in KEY_NAMES:
            value = self.value(name)
            data[name] = list(value) if isinstance(value, tuple) else value
        data["origins"] = dict(self.origins)
        return data


def get_key(name: str) -> ProfileKey:
    """The profile key called ``name`` or one of its aliases, case-insensitively.

    Raises:
        UsageError: no key has that name; the hint lists them.
    """
    wanted = name.strip().lower().replace("_", "-")
    for key in PROFILE_KEYS:
        if wanted == key.name or wanted in key.aliases:
            return key
    raise UsageError(
        f"unknown profile key '{name}'", hint=choice_hint(wanted, KEY_NAMES, what="keys")
    )


def split_hashtags(values: Sequence[str]) -> list[str]:
    """The words of hashtag values, split on spaces and commas."""
    words: list[str] = []
    for value in values:
        words.extend(w for w in re.split(r"[\s,]+", value) if w)
    return words


def normalise_hashtag(word: str) -> str | None:
    """``word`` as a hashtag with its ``#``, or None when it cannot be one."""
    tag = word if word.startswith("#") else "#" + word
    return tag if _HASHTAG.match(tag) else None


def check_value(key: ProfileKey, value: str) -> str | None:
    """Why ``value`` is wrong for ``key``, or None when it is fine."""
    if key.name in ("email", "reply-to") and not _EMAIL.match(value):
        return f"'{value}' does not look like an email address"
    if key.name == "region" and not ID_PATTERN.match(value):
        return f"'{value}' is not a region name"
    if key.name.startswith("handle_") and not _HANDLE.match(value):
        return f"'{value}' is not an account name"
    if key.name == "smtp.port" and not (value.isdigit() and 0 < int(value) < 65536):
        return f"'{value}' is not a port number"
    if key.name == "smtp.security" and value not in SMTP_SECURITY:
        return f"'{value}' is not a security mode"
    if key.name in ("smtp.host", "smtp.user") and (not value or any(c.isspace() for c in value)):
        return f"{key.name} must be one word, without spaces"
    if not key.multiline and "\n" in value:
        return f"{key.name} must be one line"
    if key.name == "card.colors":
        from advocacy_kit.profile.brand import parse_palette

        try:
            parse_palette(value)
        except UsageError as error:
            return error.message
    return None


def value_hint(key: ProfileKey) -> str:
    """What to write instead of a value ``key`` refuses."""
    if key.name == "region":
        return "use the variant's name: lower-case letters, digits and hyphens, e.g. kenya"
    if key.name in ("email", "reply-to"):
        return "write it like name@example.org"
    if key.name.startswith("smtp."):
        return f"e.g. {key.example}; security is one of {', '.join(SMTP_SECURITY)}"
    if key.many:
        return "write each hashtag as # followed by letters or digits, e.g. #SSWWeek"
    if key.name.startswith("handle_"):
        return f"write it with its @, e.g. {key.example}"
    if key.name == "card.colors":
        return (
            'give a background and a text colour, e.g. "#1b4f72 #ffffff", with a contrast '
            "of at least 4.5:1"
        )
    return f"write it on one line, e.g. {key.example}"


def parse_value(key: ProfileKey, value: str) -> str | tuple[str, ...]:
    """Check and normalise a value typed for ``key`` (``profile set``).

    Hashtags are split on spaces and commas and given their ``#``. In one-line keys a
    literal ``\\n`` is not special; multi-line keys keep the newlines they are given.

    Raises:
        UsageError: the value is not valid for the key.
    """
    if key.many:
        tags: list[str] = []
        for word in split_hashtags([value]):
            tag = normalise_hashtag(word)
            if tag is None:
                raise UsageError(f"'{word}' is not a hashtag", hint=value_hint(key))
            tags.append(tag)
        return tuple(dict.fromkeys(tags))
    text = value.strip()
    problem = check_value(key, text)
    if problem is not None:
        raise UsageError(problem, hint=value_hint(key))
    if key.name == "card.colors":
        from advocacy_kit.profile.brand import parse_palette

        palette = parse_palette(text)
        return f"{palette.background} {palette.text}"
    if key.name == "card.logo":
        from pathlib import Path

        from advocacy_kit.profile.brand import check_logo

        # Kept whole, so the cards find it from whatever folder they are made in.
        return str(check_logo(Path(text).expanduser()).resolve())
    return text
