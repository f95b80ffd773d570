"""The one Jinja2 environment: sandboxed, StrictUndefined, autoescape for HTML only.

Templates come from an organisation's own folder first (when given) and then the built-in
``templates/`` folder. Message text is always passed in as data: it is never compiled as a
template, so a message containing ``{{`` prints as written.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from jinja2.sandbox import SandboxedEnvironment

from advocacy_kit import cache
from advocacy_kit.errors import TemplateError
from advocacy_kit.resources import builtin_templates_dir

#: Output kinds a template can be written for, by file extension.
OUTPUT_KINDS = ("txt", "md", "html")


def _wrap(text: str, width: int = 80, indent: str = "", first: str | None = None) -> str:
    """Wrap ``text`` to ``width`` columns; ``first`` starts the first line (default
    ``indent``) and ``indent`` every other line."""
    return textwrap.fill(
        " ".join(str(text).split()),
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


#: Characters Markdown would treat as markup, each with its backslash escape.
_MD_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_{}[]<>#|~"})


def _md_escape(text: str) -> str:
    """Escape characters Markdown would treat as markup, so message text stays text."""
    return _md_escape_text(str(text))


@functools.lru_cache(maxsize=4096)
def _md_escape_text(text: str) -> str:
    # Cached: a merge of 10,000 letters escapes the same paragraphs in each (issue 6).
    return text.translate(_MD_ESCAPES)


class _TemplateCache(jinja2.bccache.BytecodeCache):
    """Compiled templates kept in the user's cache (issue 17): a pack compiles five.

    Jinja2 keys each entry by the template's name and file and drops it when the
    template's source, Jinja2 or Python differ; ``kind`` keeps apart the templates of
    environments configured differently (autoescape for HTML), and the cache folder
    changes with advocacy-kit's code (see :mod:`advocacy_kit.cache`).
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def _name(self, bucket: jinja2.bccache.Bucket) -> str:
        return f"template-{self.kind}-{bucket.key}.bytecode"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` from the cache; a missing or damaged entry leaves it empty."""
        data = cache.read_bytes(self._name(bucket))
        if data is None:
            return
        try:
            bucket.load_bytecode(io.BytesIO(data))
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Store the compiled template of ``bucket`` (atomically, or not at all)."""
        cache.write_bytes(self._name(bucket), bucket.bytecode_to_string())


@functools.lru_cache(maxsize=8)
def _environment(kind: str, folders: tuple[Path, ...]) -> SandboxedEnvironment:
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in folders])
    env = SandboxedEnvironment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=kind == "html",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_TemplateCache(kind),
    )
    env.filters["wrap"] = _wrap
    env.filters["md"] = _md_escape
    return env


def environment(kind: str, *, templates: Sequence[Path] = ()) -> SandboxedEnvironment:
    """The Jinja2 environment for one output kind.

    Args:
        kind: ``txt``, ``md`` or ``html`` (HTML autoescapes every value).
        templates: The user's template folders, searched before the built-in one.

    Raises:
        TemplateError: a template folder does not exist.
    """
    check_template_folders(templates)
    folders = (*(Path(t) for t in templates), builtin_templates_dir())
    return _environment(kind, folders)


def check_template_folders(templates: Sequence[Path]) -> None:
    """Raise TemplateError naming the first of ``templates`` that is not a folder."""
    for folder in templates:
        if not Path(folder).is_dir():
            raise TemplateError(
                "templates folder not found",
                path=folder,
                hint="give the folder that holds your .j2 templates",
            )


def user_has_template(name: str, templates: Sequence[Path]) -> bool:
    """True when one of the user's folders ``templates`` holds template ``name``.

    Raises:
        TemplateError: a template folder does not exist.
    """
    check_template_folders(templates)
    return any((Path(folder) / name).is_file() for folder in templates)


def render(
    name: str, context: Mapping[str, Any], *, kind: str, templates: Sequence[Path] = ()
) -> str:
    """Render template ``name`` for output ``kind`` with ``context``.

    Raises:
        TemplateError: the template is missing, has a syntax error or uses a variable
            the context does not define, with the template's file and line.
    """
    env = environment(kind, templates=templates)
    try:
        template = env.get_template(name)
        return template.render(**context)
    except jinja2.TemplateNotFound:
        raise TemplateError(
            f"template '{name}' not found",
            hint="check the name, or the folder given with --templates",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"template syntax error: {exc.message}",
            path=exc.filename or name,
            line=exc.lineno,
            hint="check the {{ }} and {% %} tags around that line",
        ) from None
    except jinja2.UndefinedError as exc:
        path, line = _template_position(exc, name)
        raise TemplateError(
            f"template uses an undefined variable: {exc.message}",
            path=path,
            line=line,
            hint="check the spelling; the variables are listed in README, 'Templates'",
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(
            f"template tried something unsafe: {exc}",
            path=name,
            hint="templates may only use the data they are given",
        ) from None


def _template_position(exc: BaseException, name: str) -> tuple[str, int | None]:
    """The template file and line an exception was raised from, from its traceback."""
    tb = exc.__traceback__
    found: tuple[str, int | None] = (name, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or tb.tb_frame.f_globals.get("__jinja_template__"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
