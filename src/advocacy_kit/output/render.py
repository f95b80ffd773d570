"""The one Jinja2 environment: the bounded sandbox, StrictUndefined, autoescape for HTML.

Templates come from an organisation's own folder first (when given) and then the built-in
``templates/`` folder. Message text is always passed in as data: it is never compiled as a
template, so a message containing ``{{`` prints as written.
"""

from __future__ import annotations

import functools
import io
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from advocacy_kit import cache
from advocacy_kit.errors import TemplateError
from advocacy_kit.output.clean_html import clean_html
from advocacy_kit.output.limits import MAX_TEMPLATE_BYTES, LimitExceeded, Refused
from advocacy_kit.output.sandbox import BoundedSandbox
from advocacy_kit.resources import builtin_templates_dir

#: Output kinds a template can be written for, by file extension.
OUTPUT_KINDS = ("txt", "md", "html")


def _wrap(text: str, width: int = 80, indent: str = "", first: str | None = None) -> str:
    """Wrap ``text`` to ``width`` columns; ``first`` starts the first line (default
    ``indent``) and ``indent`` every other line."""
    # ASCII white space only: a French no-break space (before ":") must stay unbroken.
    return textwrap.fill(
        " ".join(re.split(r"[ \t\n\r\f\v]+", str(text).strip(" \t\n\r\f\v"))),
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


#: Characters Markdown would treat as markup anywhere in a line, each with its backslash
#: escape. "#" is markup only where it opens a line (a heading): a hashtag in a post is
#: left as it is, so a post copied from the Markdown file keeps "#SSWWeek", not "\#".
_MD_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_{}[]<>|~"})

#: A "#" that would open a heading: at the start of a line, after at most three spaces.
_MD_HEADING = re.compile(r"^( {0,3})#", re.MULTILINE)


def _md_escape(text: str) -> str:
    """Escape characters Markdown would treat as markup, so message text stays text."""
    return _md_escape_text(str(text))


@functools.lru_cache(maxsize=4096)
def _md_escape_text(text: str) -> str:
    # Cached: a merge of 10,000 letters escapes the same paragraphs in each (issue 6).
    return _MD_HEADING.sub(r"\1\\#", text.translate(_MD_ESCAPES))


class FolderLoader(jinja2.BaseLoader):
    """Templates from one folder, and nothing outside it: a name with ``..`` and a file
    or folder that is a link to somewhere outside are refused, not followed (issue 13).

    Args:
        folder: The templates folder.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.root = self.folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = [p for p in template.replace("\\", "/").split("/") if p not in ("", ".")]
        if ".." in pieces or template.startswith("/"):
            raise Refused(
                f"template name '{template}' reaches outside the templates folder",
                "name templates relative to the templates folder, without '..'",
            )
        path = self.folder.joinpath(*pieces)
        if not path.is_file():
            raise jinja2.TemplateNotFound(template)
        real = path.resolve()
        if not real.is_relative_to(self.root):
            raise Refused(
                f"template '{template}' is a link to a file outside the templates folder",
                "copy the file into the templates folder instead of linking to it",
            )
        with real.open("rb") as file:
            data = file.read(MAX_TEMPLATE_BYTES + 1)
        if len(data) > MAX_TEMPLATE_BYTES:
            raise LimitExceeded(f"template '{template}' is over {MAX_TEMPLATE_BYTES:,} bytes")
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Refused(
                f"template '{template}' is not UTF-8 text (byte {exc.start + 1})",
                "save the template as UTF-8",
            ) from None
        mtime = real.stat().st_mtime
        return source, str(path), lambda: real.is_file() and real.stat().st_mtime == mtime


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
def _environment(kind: str, folders: tuple[Path, ...]) -> BoundedSandbox:
    env = BoundedSandbox(
        postprocess=clean_html if kind == "html" else None,
        loader=jinja2.ChoiceLoader([FolderLoader(folder) for folder in folders]),
        undefined=jinja2.StrictUndefined,
        autoescape=kind == "html",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_TemplateCache(kind),
    )
    env.filters["wrap"] = _wrap
    env.filters["md"] = _md_escape
    env.guard_filters()
    return env


def environment(kind: str, *, templates: Sequence[Path] = ()) -> BoundedSandbox:
    """The Jinja2 environment for one output kind: the bounded, immutable sandbox of
    :mod:`advocacy_kit.output.sandbox`, reading templates only from their folders.

    Args:
        kind: ``txt``, ``md`` or ``html`` (HTML autoescapes every value, and every
            document is cleaned by :func:`~advocacy_kit.output.clean_html.clean_html`).
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


class Template:
    """One loaded template; :meth:`render` makes a document from a fresh context.

    Args:
        name: The template's name, e.g. ``letter.md.j2``.
        kind: ``txt``, ``md`` or ``html``.
        templates: The user's template folders, searched before the built-in one.

    Raises:
        TemplateError: the template is missing, refused or has a syntax error.
    """

    def __init__(self, name: str, *, kind: str, templates: Sequence[Path] = ()) -> None:
        self.name = name
        env = environment(kind, templates=templates)
        try:
            self._template = env.get_template(name)
        except Exception as exc:  # a user's template: every failure is theirs (issue 13)
            raise template_error(exc, name) from None

    def specialised(self, contexts: Sequence[Mapping[str, Any]]) -> Template:
        """This template for ``contexts`` only (a merge's letters of one group), with
        what they all say alike rendered once: see :mod:`advocacy_kit.output.invariant`.
        Rendering any of them writes the same document as this template does."""
        from advocacy_kit.output.invariant import specialise

        found = specialise(self._template.environment, self.name, contexts)
        if found is None:
            return self
        copy = object.__new__(Template)
        copy.name, copy._template = self.name, found
        return copy

    def render(self, context: Mapping[str, Any]) -> str:
        """The document for ``context``, within the sandbox's limits.

        Raises:
            TemplateError: the template fails, with its file and line.
        """
        try:
            return self._template.render(**context)
        except Exception as exc:
            raise template_error(exc, self._template.filename or self.name) from None


def render(
    name: str, context: Mapping[str, Any], *, kind: str, templates: Sequence[Path] = ()
) -> str:
    """Render template ``name`` for output ``kind`` with ``context``.

    Raises:
        TemplateError: the template is missing, has a syntax error, uses a variable the
            context does not define, is refused by the sandbox or passes one of its
            limits, with the template's file and line.
    """
    return Template(name, kind=kind, templates=templates).render(context)


def template_error(exc: BaseException, name: str) -> TemplateError:
    """A :class:`TemplateError` for anything a template raised, naming the template
    file and line where it happened (exit 2: the template is at fault, not the tool)."""
    path, line = _template_position(exc, name)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(
            f"template syntax error: {exc.message}",
            path=exc.filename or exc.name or name,
            line=exc.lineno,
            hint="check the {{ }} and {% %} tags around that line",
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        missing = exc.name if isinstance(exc.name, str) else name
        return TemplateError(
            f"template '{missing}' not found",
            path=path if line is not None else None,
            line=line,
            hint="check the name, or the folder given with --templates",
        )
    if isinstance(exc, jinja2.UndefinedError):
        message, hint = (
            f"template uses an undefined variable: {exc.message}",
            "check the spelling; the variables are listed in README, 'Templates'",
        )
    elif isinstance(exc, Refused):
        message, hint = str(exc), exc.hint
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message, hint = (
            f"template tried something unsafe: {exc}",
            "templates may only use the data they are given",
        )
    elif isinstance(exc, RecursionError):
        message, hint = (
            "the template calls itself too deeply",
            "a macro or include that calls itself needs a way to stop",
        )
    elif isinstance(exc, MemoryError):
        message, hint = "the template ran out of memory", "make the template do less"
    else:
        message, hint = (
            f"the template failed: {type(exc).__name__}: {exc}",
            "check the template around that line",
        )
    return TemplateError(message, path=path, line=line, hint=hint)


def _template_position(exc: BaseException, name: str) -> tuple[str, int | None]:
    """The template file and line an exception was raised from: the last frame Jinja2
    wrote into its traceback for a template line."""
    tb = exc.__traceback__
    found: tuple[str, int | None] = (name, None)
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
