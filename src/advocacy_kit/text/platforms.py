"""Exact post length on every platform advocates post to, with the rules kept as data.

One table, :data:`PLATFORMS`, says how each platform counts: X's weighted length
(twitter-text v3), Bluesky's grapheme clusters and bytes, Mastodon's grapheme clusters
with links and remote mentions discounted, Threads' characters with emoji counted as
their UTF-8 bytes, LinkedIn's and Facebook's characters, and SMS segments (GSM-7 or
UCS-2). :func:`count` measures a text by a platform's rule; :func:`fit_post` picks the
longest version of a message that fits; :func:`split_thread` splits a long text into
numbered posts that each fit.

Emoji come from the ``emoji`` package's current data and grapheme clusters from the
``regex`` package's ``\\X``, so emoji newer than the reference libraries (Unicode 15.1
and later) count as one emoji. Links are found the way twitter-text finds them, bare
domains included; the list of top-level domains ships in ``data/tlds.txt``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING

from advocacy_kit.errors import ContentWanting, UsageError, choice_hint

if TYPE_CHECKING:
    import regex

# --------------------------------------------------------------------------------------
# The platform table
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Platform:
    """How one platform counts a post, and its limit.

    Attributes:
        name: What users type (``x``, ``bluesky``, ...).
        label: How the platform calls itself.
        limit: The default limit, in ``unit``; for SMS the characters of one message.
        unit: What is counted, in plain words.
        description: The counting rule in one sentence, for help and tables.
        counting: Which counting rule applies (a key of the rule functions below).
        max_bytes: A second limit in UTF-8 bytes, if any.
        max_links: At most this many links, if limited.
        link_length: Every link counts this many, or None when links count in full.
        limit_configurable: Whether a server may set its own limit (Mastodon).
    """

    name: str
    label: str
    limit: int
    unit: str
    description: str
    counting: str
    max_bytes: int | None = None
    max_links: int | None = None
    link_length: int | None = None
    limit_configurable: bool = False


#: Every platform, in the order tables show them.
PLATFORMS: Mapping[str, Platform] = MappingProxyType(
    {
        p.name: p
        for p in (
            Platform(
                name="x",
                label="X",
                limit=280,
                unit="weighted characters",
                description=(
                    "twitter-text v3: Latin and common punctuation weigh 1, other "
                    "characters 2, every emoji 2, every link 23"
                ),
                counting="x-weighted",
                link_length=23,
            ),
            Platform(
                name="bluesky",
                label="Bluesky",
                limit=300,
                unit="graphemes",
                description="300 grapheme clusters and 3000 UTF-8 bytes; links count in full",
                counting="graphemes",
                max_bytes=3000,
            ),
            Platform(
                name="mastodon",
                label="Mastodon",
                limit=500,
                unit="graphemes",
                description=(
                    "grapheme clusters, content warning included; every http(s) link "
                    "counts 23 and @user@server counts as @user; servers may set their "
                    "own limit"
                ),
                counting="mastodon",
                link_length=23,
                limit_configurable=True,
            ),
            Platform(
                name="threads",
                label="Threads",
                limit=500,
                unit="characters",
                description="characters, each emoji counting its UTF-8 bytes; at most 5 links",
                counting="threads",
                max_links=5,
            ),
            Platform(
                name="linkedin",
                label="LinkedIn",
                limit=3000,
                unit="characters",
                description=(
                    "characters as its composer counts them (UTF-16 code units: most emoji count 2)"
                ),
                counting="utf16",
            ),
            Platform(
                name="facebook",
                label="Facebook",
                limit=5000,
                unit="characters",
                description=(
                    "characters as its composer counts them (UTF-16 code units); 5000 is "
                    "safe for schedulers, 63,206 natively"
                ),
                counting="utf16",
            ),
            Platform(
                name="sms",
                label="SMS",
                limit=160,
                unit="septets or UTF-16 units",
                description=(
                    "GSM-7: 160 in one message, 153 per part; ^ { } \\ [ ~ ] | € cost 2; any "
                    "other character makes it UCS-2: 70 in one, 67 per part"
                ),
                counting="sms",
            ),
        )
    }
)

#: Platform names in display order.
PLATFORM_NAMES: tuple[str, ...] = tuple(PLATFORMS)

#: Other names users type for a platform.
PLATFORM_ALIASES: Mapping[str, str] = MappingProxyType({"twitter": "x", "text": "sms"})


def get_platform(name: str) -> Platform:
    """Return the platform called ``name`` (case-insensitive; ``twitter`` means ``x``).

    Args:
        name: A platform name or alias.

    Returns:
        The :class:`Platform`.

    Raises:
        UsageError: ``name`` is not a platform; the hint lists them.
    """
    key = name.strip().lower()
    key = PLATFORM_ALIASES.get(key, key)
    try:
        return PLATFORMS[key]
    except KeyError:
        raise UsageError(
            f"unknown platform '{name}'",
            hint=choice_hint(key, PLATFORM_NAMES, what="platforms"),
        ) from None


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LengthCheck:
    """A text measured by one platform's rule.

    Attributes:
        platform: The platform's name.
        length: The length by the platform's rule (for SMS: septets in GSM-7, UTF-16
            units in UCS-2).
        limit: The limit it is measured against (for SMS: what the allowed number of
            parts holds in the text's encoding).
        fits: Whether the text may be posted as it is.
        over: How far over the limit, 0 when it fits. When the length is within the
            limit but a second rule fails, this is how far that rule is exceeded (bytes
            for Bluesky, links for Threads, units for SMS) and ``notes`` says which.
        encoding: ``GSM-7`` or ``UCS-2`` for SMS, else None.
        segments: How many SMS parts the text takes, else None.
        forced_ucs2: The characters that made an SMS UCS-2, in order of appearance.
        notes: Plain-language remarks, e.g. ``3001 bytes, at most 3000``.
    """

    platform: str
    length: int
    limit: int
    fits: bool
    over: int = 0
    encoding: str | None = None
    segments: int | None = None
    forced_ucs2: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The check as JSON-ready data: platform, length, limit, fits (+ SMS details)."""
        data: dict[str, object] = {
            "platform": self.platform,
            "length": self.length,
            "limit": self.limit,
            "fits": self.fits,
        }
        if self.encoding is not None:
            data["encoding"] = self.encoding
            data["segments"] = self.segments
        return data


@dataclass(frozen=True)
class XParse:
    """What twitter-text's ``parseTweet`` reports, computed by our own counter.

    Ranges are UTF-16 code-unit indices, both ends inclusive, as in twitter-text.
    """

    weighted_length: int
    valid: bool
    permillage: int
    valid_range_start: int
    valid_range_end: int
    display_range_start: int
    display_range_end: int


@dataclass(frozen=True)
class Fit:
    """The post :func:`fit_post` chose.

    Attributes:
        text: The post.
        check: Its measure on the platform.
        candidate_index: Which candidate it was made from.
        dropped_extras: The extras left out so that it fits.
        fits: Whether it fits (False when nothing did: then it is the shortest try).
    """

    text: str
    check: LengthCheck
    candidate_index: int
    dropped_extras: tuple[str, ...]
    fits: bool


# --------------------------------------------------------------------------------------
# Links: found as twitter-text finds them (its conformance suite is in tests/)
# --------------------------------------------------------------------------------------


def _load_tlds() -> dict[str, tuple[str, ...]]:
    """Read the shipped TLD list: ``{"country": (...), "generic": (...)}``."""
    text = resources.files("advocacy_kit.text").joinpath("data/tlds.txt").read_text("utf-8")
    kinds: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = kinds.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return {kind: tuple(names) for kind, names in kinds.items()}


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Sequence[str]) -> str:
    """A regex matching any of ``words``, longest first, as a compact trie.

    Trying longer words first is what twitter-text's reverse-sorted alternation does.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(trie)


_INVALID = "\ufffe\ufeff\uffff"
_DIRECTIONAL = "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
_SPACES = "\t-\r \x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]\^_{|}~$"
_LATIN_ACCENTS = (
    "\xc0-\xd6\xd8-\xf6\xf8-\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b"
    "\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_CYRILLIC = "\u0400-\u04ff"


@functools.lru_cache(maxsize=1)
def _link_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compile (once, on first use) the link, ASCII-domain and t.co patterns."""
    tlds = _load_tlds()
    after_tld = r"(?=[^0-9a-zA-Z@+\-]|$)"
    generic = f"(?:{_trie_pattern(tlds['generic'])}){after_tld}"
    country = f"(?:{_trie_pattern(tlds['country'])}){after_tld}"
    punycode = r"xn--[\-0-9a-z]+"
    tld = f"(?:{generic}|{country}|{punycode})"

    char = f"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
    subdomain = f"(?:(?:{char}(?:[_\\-]|{char})*)?{char}\\.)"
    domain_name = f"(?:(?:{char}(?:-|{char})*)?{char}\\.)"
    domain = f"{subdomain}*{domain_name}{tld}"

    path_char = f"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~@|&{_LATIN_ACCENTS}]"
    parens = f"\\((?:{path_char}+|{path_char}*\\({path_char}+\\){path_char}*)\\)"
    path_end = f"(?:[+\\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]|{parens})"
    path_piece = f"(?:{path_char}*(?:{parens}{path_char}*)*{path_end}|@{path_char}+/)"
    query = r"\?[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/]"

    link = (
        f"(?P<before>[^A-Za-z0-9@＠$#＃{_INVALID}]|^)"
        "(?P<url>"
        r"(?P<protocol>https?://)?"
        f"(?P<domain>{domain})"
        r"(?::[0-9]+)?"
        f"(?P<path>/{path_piece}*)?"
        f"(?:{query})?"
        ")"
    )
    ascii_domain = f"(?:[\\-a-z0-9{_LATIN_ACCENTS}]+\\.)+{tld}"
    tco = f"^https?://t\\.co/([a-z0-9]+)(?:{query})?"
    return (
        re.compile(link, re.IGNORECASE),
        re.compile(ascii_domain, re.IGNORECASE),
        re.compile(tco, re.IGNORECASE),
    )


_MAX_URL_UTF16 = 4096
_MAX_TCO_SLUG = 40
_MAX_LABEL = 63
_IDN_DOTS = re.compile("[\u3002\uff0e\uff61]")


def _utf16_len(text: str) -> int:
    """Length in UTF-16 code units (lone surrogates count 1)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _ascii_label_length(label: str) -> int:
    """Length of ``label`` once IDNA-encoded (``xn--`` plus Punycode when non-ASCII)."""
    total = 0
    parts = _IDN_DOTS.split(label)
    for part in parts:
        if part and max(part) >= "\x7f":
            try:
                total += 4 + len(part.encode("punycode"))
            except UnicodeError:  # pragma: no cover - lone surrogates and the like
                return _MAX_LABEL + 1
        else:
            total += len(part)
    return total + len(parts) - 1


def _domain_is_valid(domain: str, url: str, protocol: str) -> bool:
    """Whether a matched domain can be a real host (DNS label lengths, URL length)."""
    _, ascii_domain, _ = _link_patterns()
    if domain.startswith("xn--") and ascii_domain.search(domain) is None:
        return False
    for label in domain.split("."):
        if not 1 <= _ascii_label_length(label) <= _MAX_LABEL:
            return False
    return len(protocol) + _utf16_len(url) <= _MAX_URL_UTF16


_MAYBE_LINK = re.compile(r"\.[^\W\d_]")


def _find_links(text: str, *, bare: bool = True) -> list[tuple[str, int, int]]:
    """Links in ``text`` as (url, start, end), string indices, end exclusive."""
    # Every link has a dot directly followed by the first letter of its top-level
    # domain. Prose rarely has one, and this check spares a post with no link the
    # compilation of the full pattern (a quarter of a second; start-up, issue 2).
    if _MAYBE_LINK.search(text) is None:
        return []
    link, ascii_domain, tco = _link_patterns()
    found: list[tuple[str, int, int]] = []
    for match in link.finditer(text):
        url = match.group("url")
        protocol = match.group("protocol")
        domain = match.group("domain")
        start, end = match.span("url")
        if not _domain_is_valid(domain, url, protocol or "https://"):
            continue
        if protocol:
            slug = tco.match(url)
            if slug:
                if len(slug.group(1)) > _MAX_TCO_SLUG:
                    continue
                url = slug.group()
                end = start + len(url)
            found.append((url, start, end))
            continue
        before = match.group("before")
        if not bare or (before and before in "-_./"):
            continue
        path = match.group("path")
        # Only the ASCII domains inside what matched are links (twitter-text's rule).
        last_start: int | None = None
        searched = 0
        for piece in ascii_domain.finditer(domain):
            name = piece.group()
            piece_start = domain.find(name, searched)
            searched = piece_start + len(name)
            last_start = start + piece_start
            found.append((name, last_start, start + searched))
        if last_start is not None and path:
            # The path belongs to the last ASCII domain: the link runs from it to the end.
            found[-1] = (text[last_start:end], last_start, end)
    return found


def extract_urls(text: str) -> list[tuple[str, int, int]]:
    """Find the links in ``text`` as X does, bare domains (``example.org``) included.

    Args:
        text: Any text.

    Returns:
        ``(url, start, end)`` for each link, in order; ``start``/``end`` are Python
        string indices (``text[start:end] == url``).
    """
    return _find_links(text)


# --------------------------------------------------------------------------------------
# Emoji and grapheme clusters
# --------------------------------------------------------------------------------------


# The emoji data and the `regex` module (for \X and Unicode properties) are loaded on
# first need: most advocacy text has no emoji, and a post draft should start fast.
@dataclass(frozen=True)
class _UnicodeData:
    emoji: frozenset[str]
    # A cluster that may be an emoji: keycaps, or one starting with an emoji character
    # other than the bare keycap bases.
    emoji_candidate: regex.Pattern[str]
    emoji_presentation: regex.Pattern[str]
    grapheme: regex.Pattern[str]


@functools.lru_cache(maxsize=1)
def _unicode_data() -> _UnicodeData:
    import emoji
    import regex

    return _UnicodeData(
        emoji=frozenset(emoji.EMOJI_DATA),
        emoji_candidate=regex.compile(r"[#*0-9]\uFE0F?\u20E3|(?![#*0-9])(?=\p{Emoji})\X"),
        emoji_presentation=regex.compile(r"\p{Emoji_Presentation}"),
        grapheme=regex.compile(r"\X"),
    )


# Every emoji has a code point from U+203C (‼) up, or U+FE0F: below it are only
# © ® # * and the digits, which are text unless U+FE0F or U+20E3 follow.
_FIRST_EMOJI_CODE_POINT = "\u203c"
_VARIATION_16 = "\ufe0f"


def _emoji_spans(text: str) -> list[tuple[int, int]]:
    """Where the emoji are in ``text``: one span per emoji, ZWJ sequences and all.

    A lone character counts as an emoji only when it shows as one by default
    (``Emoji_Presentation``): a bare © or ☺ is text, ©️ and ☺️ are emoji.
    """
    if not text or max(text) < _FIRST_EMOJI_CODE_POINT:
        return []
    data = _unicode_data()
    spans: list[tuple[int, int]] = []
    for match in data.emoji_candidate.finditer(text):
        cluster = match.group()
        start = match.start()
        if len(cluster) == 1:
            if data.emoji_presentation.match(cluster):
                spans.append((start, start + 1))
            continue
        if cluster in data.emoji or cluster.replace(_VARIATION_16, "") in data.emoji:
            spans.append((start, match.end()))
            continue
        spans.extend(_emoji_within(cluster, start))
    return spans


def _emoji_within(cluster: str, offset: int) -> list[tuple[int, int]]:
    """Emoji inside a cluster that is not one emoji as a whole, longest match first."""
    data = _unicode_data()
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(cluster):
        for j in range(len(cluster), i, -1):
            piece = cluster[i:j]
            if piece in data.emoji and (j - i > 1 or data.emoji_presentation.match(piece)):
                spans.append((offset + i, offset + j))
                i = j
                break
        else:
            i += 1
    return spans


def _graphemes(text: str) -> int:
    """Number of extended grapheme clusters in ``text``."""
    # Below U+0300 (ASCII, Latin-1, Latin Extended) no character extends a cluster:
    # every code point is one, but CR LF (issue 17: French accents load no regex data).
    if not text or max(text) < "\u0300":
        return len(text) - text.count("\r\n")
    return len(_unicode_data().grapheme.findall(text))


def _utf8_len(text: str) -> int:
    """Length in UTF-8 bytes (lone surrogates as their 3-byte form)."""
    return len(text.encode("utf-8", "surrogatepass"))


# --------------------------------------------------------------------------------------
# X: twitter-text v3 weighted length
# --------------------------------------------------------------------------------------

_X = PLATFORMS["x"]
_X_LINK_WEIGHT = _X.link_length or 23
_X_EMOJI_WEIGHT = 2
# Code points outside these ranges weigh 2 (twitter-text config v3).
_X_HEAVY = re.compile(r"[^\x00-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
_X_INVALID = frozenset(_INVALID)


def _x_char_weight(char: str) -> int:
    """Weight of one code point under twitter-text v3."""
    return 2 if _X_HEAVY.match(char) else 1


def _x_plain_weight(text: str) -> int:
    """Weighted length of a text holding no link."""
    if text.isascii():
        return len(text)
    weight = len(text) + len(_X_HEAVY.findall(text))
    for start, end in _emoji_spans(text):
        piece = text[start:end]
        weight += _X_EMOJI_WEIGHT - len(piece) - len(_X_HEAVY.findall(piece))
    return weight


def _x_weight(text: str) -> int:
    """Weighted length of ``text`` (already NFC) under twitter-text v3."""
    weight = 0
    position = 0
    for _url, start, end in _find_links(text):
        weight += _x_plain_weight(text[position:start]) + _X_LINK_WEIGHT
        position = end
    return weight + _x_plain_weight(text[position:])


def _x_units(text: str) -> list[tuple[str, int]]:
    """``text`` cut into what X weighs as one: links, emoji, single code points."""
    units: list[tuple[str, int]] = []

    def plain(segment: str) -> None:
        position = 0
        for start, end in _emoji_spans(segment):
            units.extend((char, _x_char_weight(char)) for char in segment[position:start])
            units.append((segment[start:end], _X_EMOJI_WEIGHT))
            position = end
        units.extend((char, _x_char_weight(char)) for char in segment[position:])

    position = 0
    for url, start, end in _find_links(text):
        plain(text[position:start])
        units.append((url, _X_LINK_WEIGHT))
        position = end
    plain(text[position:])
    return units


def x_parse(text: str) -> XParse:
    """Measure ``text`` as X does, field for field like twitter-text's ``parseTweet``.

    The text is NFC-normalised; code points in U+0000–10FF, 2000–200D, 2010–201F and
    2032–2037 weigh 1 and others 2; every emoji (ZWJ sequences, skin tones, flags,
    keycaps, current Unicode emoji included) weighs 2; every link, bare domains
    included, weighs 23. U+FFFE, U+FEFF and U+FFFF make a post invalid.

    Args:
        text: The post.

    Returns:
        An :class:`XParse` with the weighted length, validity, permillage and the valid
        and display ranges (UTF-16 indices, inclusive).
    """
    normal = unicodedata.normalize("NFC", text)
    weighted = 0
    valid = True
    valid_end = 0
    utf16_end = -1
    for piece, weight in _x_units(normal):
        weighted += weight
        utf16_end += _utf16_len(piece)
        valid = valid and _X_INVALID.isdisjoint(piece)
        if valid and weighted <= _X.limit:
            valid_end = utf16_end
    text_units = _utf16_len(text)
    return XParse(
        weighted_length=weighted,
        valid=valid and 0 < weighted <= _X.limit,
        permillage=weighted * 1000 // _X.limit,
        valid_range_start=0,
        # twitter-text adds the length NFC saved, in the original text's units.
        valid_range_end=valid_end + text_units - _utf16_len(normal),
        display_range_start=0,
        display_range_end=max(text_units - 1, 0),
    )


# --------------------------------------------------------------------------------------
# SMS: GSM-7 or UCS-2 segments
# --------------------------------------------------------------------------------------

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
_SMS_RULES = {
    # encoding: (units in one message, units per part of a longer one)
    "GSM-7": (160, 153),
    "UCS-2": (70, 67),
}


@dataclass(frozen=True)
class _SmsMeasure:
    encoding: str
    units: int
    segments: int
    forced_ucs2: tuple[str, ...]


def _sms_measure(text: str) -> _SmsMeasure:
    """Encoding, length in its units and number of parts of an SMS, text as given."""
    forced = tuple(
        dict.fromkeys(c for c in text if c not in _GSM7_BASIC and c not in _GSM7_EXTENSION)
    )
    if forced:
        encoding = "UCS-2"
        costs = [2 if ord(c) > 0xFFFF else 1 for c in text]
    else:
        encoding = "GSM-7"
        costs = [2 if c in _GSM7_EXTENSION else 1 for c in text]
    units = sum(costs)
    single, per_part = _SMS_RULES[encoding]
    if units <= single:
        return _SmsMeasure(encoding, units, 1, forced)
    # A part never splits an escape pair or a surrogate pair: a two-unit character that
    # would straddle the boundary starts the next part.
    segments, used = 1, 0
    for cost in costs:
        if used + cost > per_part:
            segments += 1
            used = 0
        used += cost
    return _SmsMeasure(encoding, units, segments, forced)


def visible_char(char: str) -> str:
    """``char`` as a reader can see it: itself, or ``U+XXXX`` when invisible or a control.

    Args:
        char: One character.

    Returns:
        The character, or its code point for spaces, marks, format and control characters.
    """
    if char.isprintable() and unicodedata.category(char) not in ("Mn", "Me", "Cf", "Zs"):
        return char
    return f"U+{ord(char):04X}"


def _sms_capacity(encoding: str, parts: int) -> int:
    """Units that ``parts`` SMS parts hold in ``encoding`` (ignoring straddling)."""
    single, per_part = _SMS_RULES[encoding]
    return single if parts <= 1 else per_part * parts


# --------------------------------------------------------------------------------------
# count()
# --------------------------------------------------------------------------------------

_MASTODON_MENTION = re.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*)(?:@[\w.\-]*\w)?", re.IGNORECASE
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _check(
    platform: Platform,
    length: int,
    limit: int,
    *,
    extra_over: int = 0,
    notes: Sequence[str] = (),
) -> LengthCheck:
    """Build a :class:`LengthCheck`; ``extra_over`` is a second rule's excess."""
    over = max(length - limit, 0) or extra_over
    all_notes = list(notes)
    if length > limit:
        all_notes.insert(0, f"{length - limit} {platform.unit} over {limit}")
    return LengthCheck(
        platform=platform.name,
        length=length,
        limit=limit,
        fits=over == 0,
        over=over,
        notes=tuple(all_notes),
    )


def _count_x(text: str, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    return _check(platform, _x_weight(unicodedata.normalize("NFC", text)), limit)


def _count_graphemes(text: str, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    length = _graphemes(text)
    notes: list[str] = []
    extra = 0
    if platform.max_bytes is not None:
        size = _utf8_len(text)
        if size > platform.max_bytes:
            extra = size - platform.max_bytes
            notes.append(f"{size} bytes, at most {platform.max_bytes}")
    return _check(platform, length, limit, extra_over=extra, notes=notes)


def _count_mastodon(text: str, platform: Platform, limit: int, content_warning: str) -> LengthCheck:
    link_length = platform.link_length or 0
    pieces: list[str] = []
    position = 0
    for _url, start, end in _find_links(text, bare=False):
        pieces.append(_MASTODON_MENTION.sub(r"@\1", text[position:start]))
        pieces.append("x" * link_length)
        position = end
    pieces.append(_MASTODON_MENTION.sub(r"@\1", text[position:]))
    length = _graphemes(content_warning + "".join(pieces))
    notes = ("content warning included",) if content_warning else ()
    return _check(platform, length, limit, notes=notes)


def _count_threads(text: str, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    length = len(text)
    for start, end in _emoji_spans(text):
        length += _utf8_len(text[start:end]) - (end - start)
    notes: list[str] = []
    extra = 0
    if platform.max_links is not None:
        links = len(_find_links(text))
        if links > platform.max_links:
            extra = links - platform.max_links
            notes.append(f"{_plural(links, 'link')}, at most {platform.max_links}")
    return _check(platform, length, limit, extra_over=extra, notes=notes)


def _count_utf16(text: str, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    return _check(platform, _utf16_len(text), limit)


def _count_sms(text: str, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    # For SMS, ``limit`` is how many parts are acceptable.
    parts = max(limit, 1)
    measure = _sms_measure(text)
    capacity = _sms_capacity(measure.encoding, parts)
    notes: list[str] = [f"{measure.encoding}, {_plural(measure.segments, 'part')}"]
    over = 0
    if measure.segments > parts:
        over = max(measure.units - capacity, 1)
        notes.append(f"at most {_plural(parts, 'part')}")
    if measure.forced_ucs2:
        shown = " ".join(visible_char(c) for c in measure.forced_ucs2[:10])
        more = len(measure.forced_ucs2) - 10
        notes.append(f"UCS-2 because of: {shown}" + (f" and {more} more" if more > 0 else ""))
    return LengthCheck(
        platform=platform.name,
        length=measure.units,
        limit=capacity,
        fits=over == 0,
        over=over,
        encoding=measure.encoding,
        segments=measure.segments,
        forced_ucs2=measure.forced_ucs2,
        notes=tuple(notes),
    )


_COUNTERS: Mapping[str, Callable[[str, Platform, int, str], LengthCheck]] = MappingProxyType(
    {
        "x-weighted": _count_x,
        "graphemes": _count_graphemes,
        "mastodon": _count_mastodon,
        "threads": _count_threads,
        "utf16": _count_utf16,
        "sms": _count_sms,
    }
)


def count(
    text: str,
    platform: str = "x",
    *,
    limit: int | None = None,
    content_warning: str = "",
) -> LengthCheck:
    """Measure ``text`` by ``platform``'s exact rule.

    Never raises for any string (a bad platform name raises :class:`UsageError`).

    Args:
        text: The post, counted as given (X normalises it to NFC first, as X does).
        platform: A platform name from :data:`PLATFORM_NAMES`.
        limit: A limit other than the platform's, e.g. a Mastodon server's 1000. For
            SMS it is how many parts are acceptable (default 1).
        content_warning: Mastodon's content warning, which counts towards the limit.

    Returns:
        A :class:`LengthCheck`.

    Raises:
        UsageError: ``platform`` is unknown, or ``limit`` is not positive.
    """
    chosen = get_platform(platform)
    if limit is not None and limit < 1:
        raise UsageError(f"the limit must be a positive number, not {limit}")
    default = 1 if chosen.counting == "sms" else chosen.limit
    return _COUNTERS[chosen.counting](
        text, chosen, default if limit is None else limit, content_warning
    )


# --------------------------------------------------------------------------------------
# Sentences, fitting and threads
# --------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    (
        *("e.g", "i.e", "etc", "vs", "cf", "al", "approx", "fig", "no", "nos"),
        *("dr", "mr", "mrs", "ms", "prof", "st", "hon", "rev", "gen", "sen", "rep", "jr", "sr"),
    )
)
# Where a sentence may end: after . ! ? … (and closing quotes or brackets) and white
# space; straight after a CJK full stop; at a blank line.
_SENTENCE_BREAK = re.compile(
    r"""[.!?…]["'”’»)\]]*(?P<space>[ \t\r\f\v\u00a0\u2000-\u200a\u3000]*\n[ \t]*\n\s*|\s+)"""
    r"""|(?P<blank>\n[ \t]*\n\s*)|[。！？](?P<cjk>)(?=\S)"""
)


def _ends_sentence(before: str, after: str) -> bool:
    """Whether a full stop or other mark at the end of ``before`` ends a sentence."""
    if after[:1].islower():
        return False
    words = before.rstrip("\"'”’»)]").split()
    if not words or not words[-1].endswith(".") or words[-1].endswith(".."):
        return True
    word = words[-1].lstrip("\"'“‘«([").rstrip(".").lower()
    return word not in _ABBREVIATIONS and not (len(word) == 1 and word.isalpha())


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, keeping each one's punctuation.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (and closing quotes or brackets)
    followed by white space, at ``。！？``, and at a blank line. A full stop after a
    common abbreviation (``e.g.``, ``Dr.``, ``Hon.``) or an initial does not end one,
    nor does a mark followed by a lower-case word. Links are never split (a sentence
    break needs white space or a CJK full stop, which links do not contain).

    Args:
        text: Any text.

    Returns:
        The sentences, stripped, without empty ones.
    """
    result: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        group = next(name for name in ("space", "blank", "cjk") if match.group(name) is not None)
        brk = match.start(group)
        blank_line = match.group(group).count("\n") >= 2
        following = text[match.end() : match.end() + 1]
        if not blank_line and not _ends_sentence(text[start:brk], following):
            continue
        piece = text[start:brk].strip()
        if piece:
            result.append(piece)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        result.append(tail)
    return result


def _present(extra: str, text: str) -> bool:
    """Whether ``extra`` (a hashtag, handle or link) is already in ``text``."""
    pattern = r"(?<![\w#@])" + re.escape(extra.strip()) + r"(?![\w])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def _with_extras(candidate: str, extras: Sequence[str]) -> str:
    """``candidate`` followed by those ``extras`` it does not already contain."""
    text = candidate.strip()
    for extra in extras:
        extra = extra.strip()
        if extra and not _present(extra, text):
            text = f"{text} {extra}" if text else extra
    return text


def fit_post(
    *,
    candidates: Sequence[str],
    extras: Sequence[str] = (),
    platform: str = "x",
    limit: int | None = None,
) -> Fit:
    """Choose the most preferred version of a post that fits ``platform``.

    Every candidate is tried with all ``extras`` appended (space-separated; an extra the
    text already holds is not added twice); then the extras are dropped one at a time
    from the end and every candidate is tried again. Nothing is ever cut: no word and
    no link is shortened.

    Args:
        candidates: Versions of the post, most preferred first (hand-written short
            versions, then leading sentences, longest first).
        extras: Optional trailing pieces, most wanted first: hashtags, a handle, a link.
        platform: The platform to fit.
        limit: A limit other than the platform's.

    Returns:
        The first :class:`Fit` that fits; if none does, the shortest attempt, with
        ``fits`` False and ``check.over`` saying how far over it is.

    Raises:
        ValueError: ``candidates`` is empty.
        UsageError: unknown platform.
    """
    if not candidates:
        raise ValueError("fit_post needs at least one candidate")
    best: Fit | None = None
    for kept in range(len(extras), -1, -1):
        dropped = tuple(extras[kept:])
        for index, candidate in enumerate(candidates):
            text = _with_extras(candidate, extras[:kept])
            check = count(text, platform, limit=limit)
            attempt = Fit(text, check, index, dropped, check.fits)
            if check.fits:
                return attempt
            if best is None or (check.over, check.length) < (best.check.over, best.check.length):
                best = attempt
    assert best is not None
    return best


def _numbered(text: str, index: int, total: int) -> str:
    """``text`` with its place in the thread appended."""
    return f"{text} {index}/{total}"


def _space_separated_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (single-spaced), rejoining those no space separates."""
    pieces: list[str] = []
    position = 0
    for sentence in sentences(text):
        found = text.find(sentence, position)
        if pieces and found > 0 and text[found - 1] != " ":
            pieces[-1] += sentence
        else:
            pieces.append(sentence)
        position = found + len(sentence)
    return pieces


def split_thread(
    text: str,
    *,
    platform: str = "x",
    limit: int | None = None,
    extras: Sequence[str] = (),
) -> list[str]:
    """Split ``text`` into numbered posts (``… 1/3``) that each fit ``platform``.

    Sentences are kept whole where they fit, else split between words; a word or a link
    is never cut. The numbering counts against the limit. A text that fits in one post
    is returned as it is, unnumbered. ``extras`` (hashtags, a handle, a link) not
    already in the text are added at its end, so they close the thread.

    Args:
        text: The text to post.
        platform: The platform to fit.
        limit: A limit other than the platform's.
        extras: Trailing pieces to add at the end of the thread.

    Returns:
        The posts in order; joined without their numbering they give the text's words
        (then the added extras) in order. Empty when the text is blank.

    Raises:
        ContentWanting: a single word or link is longer than the limit.
        UsageError: unknown platform.
    """
    whole = _with_extras(" ".join(text.split()), extras)
    if not whole:
        return []
    if count(whole, platform, limit=limit).fits:
        return [whole]
    pieces = _space_separated_sentences(whole)
    total = 2
    parts: list[str] = []
    # The width of "k/n" depends on n: pack for a guessed n until the guess is right.
    # A wider number never gives fewer parts, so this settles within a few rounds.
    for _ in range(8):
        parts = _pack(pieces, total, platform, limit)
        if len(parts) == total:
            break
        total = max(len(parts), 2)
    return [_numbered(part, i, len(parts)) for i, part in enumerate(parts, 1)]


def _pack(pieces: Sequence[str], total: int, platform: str, limit: int | None) -> list[str]:
    """Greedily pack sentences, then words, into parts numbered ``k/total``."""
    parts: list[str] = []

    def fits(candidate: str) -> bool:
        number = len(parts) + 1
        return count(_numbered(candidate, number, total), platform, limit=limit).fits

    current = ""
    for piece in pieces:
        joined = f"{current} {piece}" if current else piece
        if fits(joined):
            current = joined
            continue
        if current:
            parts.append(current)
            current = ""
        if fits(piece):
            current = piece
            continue
        for word in piece.split():
            joined = f"{current} {word}" if current else word
            if fits(joined):
                current = joined
                continue
            if current:
                parts.append(current)
            if not fits(word):
                check = count(_numbered(word, len(parts) + 1, total), platform, limit=limit)
                shown = word if len(word) <= 40 else word[:37] + "..."
                raise ContentWanting(
                    f"'{shown}' is longer than a {get_platform(platform).label} post "
                    f"({check.length} of {check.limit} with its numbering)",
                    hint="shorten that word or link, or choose a platform with a higher limit",
                )
            current = word
    if current:
        parts.append(current)
    return parts
