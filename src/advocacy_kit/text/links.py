"""Links found the way twitter-text finds them, bare domains included (TLDs in data/)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from importlib import resources

from advocacy_kit.text.graphemes import utf16_len

# twitter-text's conformance suite for these patterns is in tests/data/conformance/.


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


INVALID_CHARS = "\ufffe\ufeff\uffff"
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

    char = f"[^{_PUNCT}{_SPACES}{INVALID_CHARS}{_DIRECTIONAL}]"
    subdomain = f"(?:(?:{char}(?:[_\\-]|{char})*)?{char}\\.)"
    domain_name = f"(?:(?:{char}(?:-|{char})*)?{char}\\.)"
    domain = f"{subdomain}*{domain_name}{tld}"

    path_char = f"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~@|&{_LATIN_ACCENTS}]"
    parens = f"\\((?:{path_char}+|{path_char}*\\({path_char}+\\){path_char}*)\\)"
    path_end = f"(?:[+\\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]|{parens})"
    path_piece = f"(?:{path_char}*(?:{parens}{path_char}*)*{path_end}|@{path_char}+/)"
    query = r"\?[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/]"

    link = (
        f"(?P<before>[^A-Za-z0-9@＠$#＃{INVALID_CHARS}]|^)"
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
    return len(protocol) + utf16_len(url) <= _MAX_URL_UTF16


_MAYBE_LINK = re.compile(r"\.[^\W\d_]")


def find_links(text: str, *, bare: bool = True) -> list[tuple[str, int, int]]:
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
    return find_links(text)
