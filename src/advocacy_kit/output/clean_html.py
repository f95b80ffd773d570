"""HTML documents made safe to open, whatever the template wrote (issue 13).

Every HTML document a template renders passes through :func:`clean_html`: an allow-list
sanitiser (nh3, the binding to the Ammonia library) keeps the tags and attributes a
letter, handout or campaign page needs and drops everything else, so no ``<script>``,
no ``on...=`` event handler and no ``javascript:`` or ``data:`` URL survives, even from
a recipient's cell printed with ``|safe``. The document's frame (``<!DOCTYPE html>``,
``<html lang>``, ``<head>``, ``<body>``), which a fragment sanitiser cannot keep, is
written back around the cleaned head and body.
"""

from __future__ import annotations

import functools
import re
from typing import Any

#: Tags of a document's body.
BODY_TAGS = frozenset(
    {
        "a", "abbr", "address", "article", "aside", "b", "blockquote", "br", "button",
        "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div",
        "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "i", "img", "ins", "kbd", "label", "li", "main", "mark",
        "nav", "ol", "output", "p", "pre", "q", "s", "section", "small", "span", "strong",
        "sub", "summary", "sup", "table", "tbody", "td", "textarea", "tfoot", "th", "thead",
        "time", "tr", "u", "ul",
    }
)  # fmt: skip

#: Attributes allowed on every tag, and on some tags only.
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "lang", "dir", "title", "role", "hidden"},
    "a": {"href", "hreflang", "download"},
    "img": {"src", "alt", "width", "height"},
    "button": {"type"},
    "label": {"for"},
    "output": {"for", "name"},
    "textarea": {"readonly", "rows", "cols", "name"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "details": {"open"},
}

#: URL schemes a link or image may use; relative URLs stay as they are.
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_HEAD = re.compile(r"<head\b[^>]*>(?P<head>.*?)</head\s*>", re.I | re.S)
_BODY = re.compile(r"<body\b[^>]*>(?P<body>.*?)(?:</body\s*>|\Z)", re.I | re.S)
_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?(?P<lang>[A-Za-z0-9-]{1,35})", re.I)
#: What a style sheet may not hold: a fetch (``url(``, ``@import``), an old script hook.
_CSS_FETCH = re.compile(r"@import|url\s*\(|expression\s*\(|javascript:|behavior\s*:", re.I)
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.I | re.S)


def clean_html(document: str) -> str:
    """``document`` with everything but plain page content removed.

    A whole document (one with ``<body>``) keeps its language, its title, its
    ``<meta charset|name>`` and its style sheets, with any ``url(...)`` or ``@import``
    taken out of them; anything else is treated as a fragment and cleaned as a body.

    Args:
        document: HTML a template rendered.

    Returns:
        The cleaned HTML.
    """
    body = _BODY.search(document)
    if body is None:
        return _clean_body(document)
    head = _HEAD.search(document[: body.start()])
    lang = _LANG.search(document[: body.start()])
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang["lang"]}">' if lang else "<html>",
        "<head>",
        _clean_head(head["head"]) if head else '<meta charset="utf-8">',
        "</head>",
        "<body>",
        _clean_body(body["body"]).strip("\n"),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


@functools.lru_cache(maxsize=1)
def _nh3() -> Any:
    import nh3  # only when an HTML document is made

    return nh3


def _clean_body(html: str) -> str:
    cleaned = _nh3().clean(
        html,
        tags={*BODY_TAGS, "style"},
        clean_content_tags={"script", "template", "noscript", "iframe", "object"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
    )
    return _clean_styles(str(cleaned))


def _clean_styles(html: str) -> str:
    """Every ``<style>`` of cleaned HTML without fetches or script hooks."""
    if "<style" not in html:  # nh3 writes tag names in lower case
        return html
    return _STYLE.sub(lambda m: m[1] + _CSS_FETCH.sub("/* removed */", m[2]) + m[3], html)


@functools.lru_cache(maxsize=16)
def _clean_head(html: str) -> str:
    # Cached: every letter of a merge has the same head.
    cleaned = _nh3().clean(
        html,
        tags={"meta", "title", "style"},
        clean_content_tags={"script", "template", "noscript", "object"},
        attributes={"meta": {"charset", "name", "content"}, "style": {"media"}},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
    )
    return _clean_styles(str(cleaned)).strip("\n")


def with_script(document: str, script: str) -> str:
    """A cleaned ``document`` with advocacy-kit's own ``script`` at the end of its body
    (the campaign pack's copy buttons): the only script an HTML document can hold.

    Args:
        document: HTML that :func:`clean_html` has cleaned.
        script: JavaScript shipped with advocacy-kit, never from a template or data.
    """
    if "</script" in script.lower():
        raise ValueError("the script may not end its own element")
    element = f"<script>\n{script.strip()}\n</script>\n"
    end = document.rfind("</body>")
    return document[:end] + element + document[end:] if end >= 0 else document + element
