"""Seconds per handout PDF, per letter PDF, and 100 letter PDFs in one run (issue 5).

Run: python benchmarks/bench_documents.py [--letters N] [--runs N]

Everything runs in this one process, as ``advocacy-kit`` would: the library is loaded
once; "cold" is a new Typst renderer (fonts loaded, template parsed), "warm" the median
of further documents through the same renderer. The batch writes N letters, one per
recipient, to a temporary folder through ``documents.write_draft`` (compose, typeset,
atomic write), reusing one compiler; it is compared with the same letters as plain text
(Jinja2 render and write), with a new compiler per letter, and with one
``advocacy-kit draft -o letter.pdf`` process per letter, in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from advocacy_kit.compose.drafts import compose_draft
from advocacy_kit.library.loader import load_library
from advocacy_kit.model import Library
from advocacy_kit.output import pdf
from advocacy_kit.output.documents import write_draft
from advocacy_kit.output.handout import compose_handout, render_handout


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def warm_median(action: Callable[[], object], runs: int) -> float:
    return statistics.median(timed(action) for _ in range(runs))


def letters(library: Library, folder: Path, count: int, suffix: str, start: int = 0) -> None:
    """``count`` letters to different recipients, written as ``suffix`` files.

    Every letter differs (its recipient), so none is served from Typst's memo cache.
    """
    for number in range(start, start + count):
        draft = compose_draft(
            library=library,
            audience="donors",
            format="letter",
            to=f"Recipient {number}",
            sender="A. Advocate",
            date=dt.date(2026, 10, 19),
        )
        write_draft(draft, folder / f"letter-{number:04d}{suffix}", force=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    library = load_library()

    counter = iter(range(1_000_000))

    def handout(audience: str) -> Callable[[], object]:
        def make() -> object:
            # A new title each time: a document Typst has not typeset before.
            title = f"Workshop {next(counter)}"
            composed = compose_handout(library=library, audience=audience, title=title)
            return render_handout(composed, "pdf")

        return make

    def letter_pdf() -> object:
        draft = compose_draft(
            library=library, audience="donors", format="letter", to=f"Minister {next(counter)}"
        )
        return write_draft(draft, folder / "one.pdf", force=True)

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pdf._RENDERERS.clear()
        cold_handout = timed(handout("workforce"))
        warm_handout = warm_median(handout("workforce"), args.runs)
        warm_all = warm_median(handout("all"), args.runs)
        pdf._RENDERERS.clear()
        cold_letter = timed(letter_pdf)
        warm_letter = warm_median(letter_pdf, args.runs)

        text_batch = timed(lambda: letters(library, folder, args.letters, ".txt"))
        pdf_batch = timed(lambda: letters(library, folder, args.letters, ".pdf"))
        docx_batch = timed(lambda: letters(library, folder, args.letters, ".docx"))

        def no_reuse() -> None:
            for number in range(args.letters):
                pdf._RENDERERS.clear()  # a new compiler (and fonts) for every letter
                letters(library, folder, 1, "-fresh.pdf", start=args.letters + number)

        fresh_batch = timed(no_reuse)

        # What a batch avoids: one `advocacy-kit draft -o letter.pdf` process per letter.
        script = shutil.which("advocacy-kit") or str(Path(sys.executable).parent / "advocacy-kit")
        command = [script, "draft", "-a", "donors", "-f", "letter", "-o", "p.pdf", "--force"]
        process = warm_median(
            lambda: subprocess.run(command, check=True, capture_output=True, cwd=folder),
            max(3, args.runs // 3),
        )

    n = args.letters
    print(f"handout PDF, one audience: {cold_handout:7.3f} s cold, {warm_handout:7.3f} s warm")
    print(f"handout PDF, all three:    {warm_all:7.3f} s warm")
    print(f"letter PDF:                {cold_letter:7.3f} s cold, {warm_letter:7.3f} s warm")
    print(f"{n} letter PDFs, one compiler: {pdf_batch:7.3f} s ({pdf_batch / n:.4f} s each)")
    print(f"{n} letter PDFs, new compiler each: {fresh_batch:7.3f} s")
    print(f"one letter PDF as its own advocacy-kit process: {process:7.3f} s")
    print(f"{n} letter .docx files:    {docx_batch:7.3f} s ({docx_batch / n:.4f} s each)")
    print(f"{n} letter .txt files:     {text_batch:7.3f} s (Jinja2 baseline)")
    print(f"ratio PDF batch / text batch:          {pdf_batch / text_batch:6.1f}x")
    print(f"ratio new compiler each / one compiler: {fresh_batch / pdf_batch:6.2f}x")
    print(f"ratio {n} processes / one batch:        {process * n / pdf_batch:6.1f}x")


if __name__ == "__main__":
    main()
