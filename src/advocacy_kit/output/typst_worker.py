"""Typst in a child process that can be stopped: a time and a memory limit (issue 13).

A Typst template is code: ``range(10**9)`` in it makes Typst allocate until the machine
gives out, and a Rust allocation failure aborts the whole process. So PDFs are
typeset in a child process (``python -m advocacy_kit.output.typst_worker``) that caps
its own address space at :data:`TYPST_MEMORY` before it loads Typst; the parent waits
at most :data:`TYPST_SECONDS` for each document and stops the child when it passes
either limit. The child is kept for the next document, so a batch of letters pays
Typst's start-up once.

The child has no way to download packages: its package folders are an empty
temporary folder and every proxy variable points at a closed local port, so an
``#import "@preview/..."`` fails at once without touching the network.

Requests and replies are length-prefixed messages on the child's standard input and
output: a request is JSON; a reply is one line of JSON, and after a successful compile
a line break and the PDF's bytes. The child ends when its standard input closes, which
is how the parent stops an idle child (so it exits normally, and coverage can save its
data); a child that passed a limit is killed.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

#: Seconds one PDF may take to typeset.
TYPST_SECONDS = 60.0
#: Bytes of address space the Typst process may use.
TYPST_MEMORY = 2 << 30

#: Where the child's proxy variables point: a closed port, so nothing is downloaded.
_NO_NETWORK = "http://127.0.0.1:9"
_PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY")
_LENGTH = struct.Struct(">Q")
#: Compilers (one per template and font set) a child keeps between documents.
_COMPILERS_KEPT = 16
#: Seconds an idle child has to end on its own once its standard input is closed.
_CLOSE_SECONDS = 5.0


class TypstFailed(Exception):
    """Typst reported an error in the template (its message, diagnostic and hints)."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error.get("message", ""))
        self.message = str(error.get("message", ""))
        self.diagnostic = str(error.get("diagnostic", ""))
        self.hints = [str(h) for h in error.get("hints", [])]


def error_of(exc: Exception) -> dict[str, Any]:
    """A Typst error as data: its message, diagnostic and hints (for :class:`TypstFailed`)."""
    return {
        "message": str(getattr(exc, "message", "") or exc),
        "diagnostic": str(getattr(exc, "diagnostic", "") or ""),
        "hints": [str(h) for h in getattr(exc, "hints", []) or []],
    }


class TypstStopped(Exception):
    """The child passed a limit (or died) and was stopped; the message says which."""


def _send(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)) + payload)
    stream.flush()


def _receive(stream: IO[bytes]) -> bytes | None:
    """One message, or None at the end of the stream."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    body = stream.read(size)
    return body if len(body) == size else None


def warning_text(warning: Any) -> str:
    """A Typst warning as one line for the user."""
    message = str(getattr(warning, "message", "") or warning)
    hints = [str(h) for h in getattr(warning, "hints", []) or []]
    return f"Typst: {message}" + (f" ({'; '.join(hints)})" if hints else "")


class TypstProcess:
    """The parent's side: one child, restarted after it is stopped.

    Args:
        font_paths: Font folders (or files) besides Typst's bundled fonts.
    """

    def __init__(self, font_paths: Sequence[Path] = ()) -> None:
        self.font_paths = [str(p) for p in font_paths]
        self._child: subprocess.Popen[bytes] | None = None
        self._replies: queue.Queue[bytes | None] = queue.Queue()
        self._out_of_memory = False
        self._drainer: threading.Thread | None = None
        self._empty: tempfile.TemporaryDirectory[str] | None = None
        self.last_pages = 0
        self.last_query: str | None = None
        atexit.register(self.close)

    def _start(self) -> subprocess.Popen[bytes]:
        if self._empty is None:
            self._empty = tempfile.TemporaryDirectory(prefix="advocacy-kit-typst-")
        env = dict(os.environ)
        env.update(dict.fromkeys(_PROXY_VARIABLES, _NO_NETWORK))
        env.update({name.lower(): _NO_NETWORK for name in _PROXY_VARIABLES})
        env.update(NO_PROXY="", no_proxy="", ADVOCACY_KIT_TYPST_PACKAGES=self._empty.name)
        child = subprocess.Popen(
            [sys.executable, "-m", "advocacy_kit.output.typst_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self._replies = queue.Queue()
        self._out_of_memory = False
        assert child.stdout is not None and child.stderr is not None
        threading.Thread(target=self._read, args=(child.stdout,), daemon=True).start()
        self._drainer = threading.Thread(target=self._drain, args=(child.stderr,), daemon=True)
        self._drainer.start()
        self._child = child
        return child

    def _read(self, stream: IO[bytes]) -> None:
        while (message := _receive(stream)) is not None:
            self._replies.put(message)
        self._replies.put(None)

    def _drain(self, stream: IO[bytes]) -> None:
        """Read what the child says on standard error, noting a failed allocation (a
        Rust backtrace, with ``RUST_BACKTRACE`` set, can follow it by many lines)."""
        for line in stream:
            if b"memory allocation" in line or b"MemoryError" in line:
                self._out_of_memory = True

    def compile(
        self,
        template: Path,
        data: str,
        timestamp: int,
        *,
        format: str = "pdf",
        ppi: float | None = None,
        query: str | None = None,
    ) -> tuple[bytes, list[str]]:
        """Typeset ``template`` (rooted at its folder) with ``data`` in ``sys.inputs`` and
        ``timestamp`` (UNIX seconds) as the PDF's creation time; ``format`` ``png`` at
        ``ppi`` for share cards. With ``query`` (a Typst selector), the value of the one
        metadata it selects is kept in :attr:`last_query`; :attr:`last_pages` is the
        number of pages made (only the first page's image is returned).

        Returns:
            The PDF's bytes and Typst's warnings as text.

        Raises:
            TypstFailed: Typst reports an error in the template.
            TypstStopped: the child passed the time or memory limit, or died.
        """
        child = self._child if self._child and self._child.poll() is None else self._start()
        request = {
            "template": str(template),
            "fonts": self.font_paths,
            "data": data,
            "timestamp": timestamp,
            "format": format,
            "ppi": ppi,
            "query": query,
        }
        assert child.stdin is not None
        try:
            _send(child.stdin, json.dumps(request).encode("utf-8"))
            reply = self._replies.get(timeout=TYPST_SECONDS)
        except queue.Empty:
            self._stop()
            raise TypstStopped(f"Typst ran longer than {TYPST_SECONDS:g} seconds") from None
        except BrokenPipeError:
            reply = None
        if reply is None:
            raise TypstStopped(self._death(child)) from None
        head, _, pdf = reply.partition(b"\n")
        answer = json.loads(head)
        if "error" in answer:
            raise TypstFailed(answer["error"])
        self.last_pages = int(answer.get("pages", 1))
        self.last_query = answer.get("query")
        return pdf, [str(w) for w in answer["warnings"]]

    def _death(self, child: subprocess.Popen[bytes]) -> str:
        """Why the child stopped, for the user."""
        code = child.wait(timeout=10)
        assert self._drainer is not None  # started with the child
        self._drainer.join(timeout=10)  # what it wrote last says why
        self._stop()
        if self._out_of_memory:
            return f"Typst used more than {TYPST_MEMORY >> 30} GiB of memory"
        return f"Typst stopped unexpectedly (exit {code})"

    def _stop(self, wait: float = 0) -> None:
        """Stop the child (a new one starts for the next document): give it ``wait``
        seconds to end on its own once its input is closed, then kill it."""
        child, self._child = self._child, None
        if child is None:
            return
        assert child.stdin and child.stdout and child.stderr  # all three are pipes
        with contextlib.suppress(OSError):
            child.stdin.close()  # an idle child ends when its input closes
        if wait:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=wait)
        if child.poll() is None:
            child.kill()
        child.wait(timeout=10)
        for stream in (child.stdout, child.stderr):
            with contextlib.suppress(OSError):
                stream.close()

    def close(self) -> None:
        """Stop the child (letting it end on its own) and remove its empty package folder."""
        self._stop(wait=_CLOSE_SECONDS)
        if self._empty is not None:
            self._empty.cleanup()
            self._empty = None


_SHARED: dict[tuple[str, ...], TypstProcess] = {}


def shared_process(font_paths: Sequence[Path] = ()) -> TypstProcess:
    """The one :class:`TypstProcess` of this run for these font folders: PDFs and share
    cards made in one run (or one test session) share a child instead of each starting
    its own."""
    key = tuple(str(p) for p in font_paths)
    found = _SHARED.get(key)
    if found is None:
        found = _SHARED[key] = TypstProcess(font_paths)
    return found


def _limit_memory() -> None:
    """Cap this process's address space (where the platform allows it)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = TYPST_MEMORY if hard == resource.RLIM_INFINITY else min(TYPST_MEMORY, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def main() -> None:
    """The child: compile requests from standard input until it closes."""
    _limit_memory()
    import typst

    packages = os.environ.get("ADVOCACY_KIT_TYPST_PACKAGES") or tempfile.mkdtemp()
    compilers: dict[str, Any] = {}
    fonts: dict[tuple[str, ...], Any] = {}
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while (message := _receive(stdin)) is not None:
        request = json.loads(message)
        key = tuple(request["fonts"])
        if key not in fonts:
            fonts[key] = typst.Fonts(
                include_system_fonts=False, include_embedded_fonts=True, font_paths=list(key)
            )
        template = request["template"]
        compiler = compilers.get(f"{template}\0{key}")
        if compiler is None and len(compilers) >= _COMPILERS_KEPT:
            compilers.clear()  # a long session of many folders: start the cache again
        if compiler is None:
            compiler = compilers[f"{template}\0{key}"] = typst.Compiler(
                template,
                root=str(Path(template).parent),
                font_paths=fonts[key],
                ignore_system_fonts=True,
                package_path=packages,
                package_cache_path=packages,
            )
        try:
            made, warnings = compiler.compile_with_warnings(
                format=request.get("format", "pdf"),
                ppi=request.get("ppi"),
                sys_inputs={"data": request["data"]},
                timestamp=request["timestamp"],
            )
            query = request.get("query")
            found = compiler.query(query, field="value", one=True) if query else None
        except typst.TypstError as exc:
            _send(stdout, json.dumps({"error": error_of(exc)}).encode("utf-8"))
            continue
        pages = made if isinstance(made, list) else [made or b""]
        reply = {
            "warnings": [warning_text(w) for w in warnings],
            "pages": len(pages),
            "query": found,
        }
        _send(stdout, json.dumps(reply).encode("utf-8") + b"\n" + (pages[0] if pages else b""))


if __name__ == "__main__":
    main()
