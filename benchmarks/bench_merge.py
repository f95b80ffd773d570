"""Benchmark: 10,000 merged letters (issue 6), against two baselines in the same run.

    python benchmarks/bench_merge.py [--rows 10000] [--repeat 3]

Measures, on the same recipients CSV and the same letter:

- ``advocacy-kit merge`` in process (:func:`plan_merge` + :func:`run_merge`): reading and
  checking every row, safe names, rendering, atomic writes, one flush, the manifest;
- (a) a plain Jinja2 render-and-write loop: the same ``letter.md.j2`` in a plain
  ``jinja2.Environment``, ``csv.DictReader``, ``open().write()`` per letter;
- ``advocacy-kit merge`` on the command line (start-up included);
- (b) the ``mailmerge`` tool, ``--dry-run --no-limit --output-format raw``, with an
  equivalent template (the same letter, row fields as Jinja2 variables) and the same
  CSV, output to a file. It is installed into its own virtual environment
  (``/tmp/bench-mailmerge`` by default), never into advocacy-kit's.

Targets (issue 17): merge within 1.3x of (a), on /dev/shm and on the disk; at least 5x
faster than (b). Times are the best of ``--repeat`` runs, the runs of each tool
interleaved. ``--word N`` also times a merge of N Word letters (target: 15 ms each).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DATE = dt.date(2026, 10, 19)
SENDER = "Amina Diallo"
MAILMERGE_VENV = Path("/tmp/bench-mailmerge")


def cpu_seconds() -> float:
    """CPU time (user and system) of this process and of its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def make_recipients(path: Path, rows: int) -> None:
    """A recipients CSV like a campaign lead's, with an email column for mailmerge."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "name", "organisation", "country", "email"])
        for i in range(rows):
            writer.writerow(
                [
                    ("Hon.", "Dr", "Ms", "Mr")[i % 4],
                    f"Person {i:05d}",
                    f"Ministry of Social Welfare {i % 50}",
                    ("Kenya", "Ghana", "Nepal", "Peru", "Malawi")[i % 5],
                    f"person{i:05d}@example.org",
                ]
            )


def base_context() -> dict[str, object]:
    """The composed letter's data, once (as merge does per audience)."""
    from advocacy_kit.compose.drafts import compose_draft
    from advocacy_kit.library.loader import load_library

    draft = compose_draft(
        library=load_library(), audience="donors", format="letter", sender=SENDER, date=DATE
    )
    context: dict[str, object] = draft.extras["context"]
    return context


def row_words(base: dict[str, object], to: str, salutation: str | None = None) -> object:
    """The letter's fixed words with the row's recipient in (greeting, address lines),
    as merge makes them for each row."""
    from advocacy_kit.languages import letter_words

    audience: dict[str, str] = base["audience"]  # type: ignore[assignment]
    return letter_words(
        base["lang"],  # type: ignore[arg-type]
        to=to,
        organization=base["organization"],  # type: ignore[arg-type]
        audience=audience["name"],
        salutation=salutation,
        asks=base["asks"],  # type: ignore[arg-type]
    )


def run_ours(recipients: Path, out: Path) -> None:
    from advocacy_kit.batch.merge import run_merge
    from advocacy_kit.batch.plan import plan_merge
    from advocacy_kit.library.loader import load_library

    plan = plan_merge(
        library=load_library(),
        recipients=recipients,
        out=out,
        audience="donors",
        format="md",
        sender=SENDER,
        date=DATE,
    )
    result = run_merge(plan)
    assert result.written == len(plan.letters), result


def time_word(work: Path, rows: int) -> float:
    """Seconds per Word letter of a merge of ``rows`` letters, in process."""
    from advocacy_kit.batch.merge import run_merge
    from advocacy_kit.batch.plan import plan_merge
    from advocacy_kit.library.loader import load_library

    recipients = work / "word.csv"
    make_recipients(recipients, rows)
    library = load_library()
    start = time.perf_counter()
    plan = plan_merge(
        library=library,
        recipients=recipients,
        out=work / "word",
        audience="donors",
        format="docx",
        sender=SENDER,
        date=DATE,
    )
    run_merge(plan)
    seconds = (time.perf_counter() - start) / rows
    shutil.rmtree(work / "word")
    return seconds


def run_plain(recipients: Path, out: Path) -> None:
    """Baseline (a): render and write, nothing else."""
    import jinja2

    from advocacy_kit.output import render
    from advocacy_kit.resources import builtin_templates_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(builtin_templates_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["wrap"] = render._wrap
    env.filters["md"] = render._md_escape
    template = env.get_template("letter.md.j2")
    base = base_context()
    out.mkdir()
    with recipients.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            context = dict(base)
            context["to"] = f"{row['title']} {row['name']}"
            context["address"] = [row["organisation"], row["country"]]
            context["words"] = row_words(base, context["to"])
            text = template.render(context)
            target = out / (row["name"].replace(" ", "-") + ".md")
            with open(target, "w", encoding="utf-8") as handle:  # noqa: PTH123 - plain
                handle.write(text)


def mailmerge_template(path: Path) -> None:
    """The same letter as a mailmerge template: our letter rendered with markers for
    the row's fields, the markers then turned into Jinja2 variables."""
    from advocacy_kit.output.render import render

    context = dict(base_context())
    context["to"] = "@@TO@@"
    context["address"] = ["@@ORG@@", "@@COUNTRY@@"]
    # The greeting names the title and surname: "Person" for every row of this CSV.
    context["words"] = row_words(context, "@@TO@@", salutation="Dear @@TITLE@@ Person")
    body = render("letter.md.j2", context, kind="md")
    body = (
        body.replace("@@TO@@", "{{title}} {{name}}")
        .replace("@@TITLE@@", "{{title}}")
        .replace("@@ORG@@", "{{organisation}}")
        .replace("@@COUNTRY@@", "{{country}}")
    )
    headers = (
        f"TO: {{{{email}}}}\nSUBJECT: {context['subject']}\nFROM: {SENDER} <amina@example.org>\n\n"
    )
    path.write_text(headers + body, encoding="utf-8")


def mailmerge_command(venv: Path) -> Path:
    """The mailmerge executable, installed into its own virtual environment if needed."""
    exe = venv / "bin" / "mailmerge"
    if not exe.exists():
        print(f"installing mailmerge into {venv} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "mailmerge"], check=True)
    return exe


def run_mailmerge(exe: Path, work: Path, output: Path) -> None:
    with output.open("wb") as sink:
        subprocess.run(
            [
                str(exe),
                "--template",
                str(work / "mailmerge_template.txt"),
                "--database",
                str(work / "recipients.csv"),
                "--config",
                str(work / "mailmerge_server.conf"),
                "--dry-run",
                "--no-limit",
                "--output-format",
                "raw",
            ],
            check=True,
            stdout=sink,
            cwd=work,
        )


def run_cli(recipients: Path, out: Path) -> None:
    exe = Path(sys.executable).parent / "advocacy-kit"
    subprocess.run(
        [
            str(exe),
            "merge",
            "--audience",
            "donors",
            "--recipients",
            str(recipients),
            "--out",
            str(out),
            "--sender",
            SENDER,
            "--date",
            DATE.isoformat(),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def check_same_letters(work: Path, tools: dict[str, Callable[[Path], None]]) -> None:
    """Every tool writes the same first letter (mailmerge's after its e-mail headers)."""
    texts = {}
    for number, (name, tool) in enumerate(tools.items()):
        out = work / f"check-{number}"
        tool(out)
        if out.is_dir():
            texts[name] = (out / "Person-00000.md").read_text(encoding="utf-8")
            shutil.rmtree(out)
        else:
            raw = out.with_suffix(".txt").read_text(encoding="utf-8")
            message = raw.split(">>> message 1\n", 1)[1].split(">>> message 1 sent", 1)[0]
            texts[name] = message.split("\n\n", 1)[1]
            out.with_suffix(".txt").unlink()
    first = next(iter(texts.values()))
    for name, text in texts.items():
        assert text.rstrip("\n") == first.rstrip("\n"), f"{name} writes another letter"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mailmerge-venv", type=Path, default=MAILMERGE_VENV)
    parser.add_argument("--skip-mailmerge", action="store_true")
    parser.add_argument("--word", type=int, default=0, help="also time N Word letters")
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="Where to write the letters (default: the system's temporary folder); "
        "e.g. /dev/shm to leave the disk out of the measure.",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-merge-", dir=args.dir))
    try:
        recipients = work / "recipients.csv"
        make_recipients(recipients, args.rows)
        tools: dict[str, Callable[[Path], None]] = {
            "advocacy-kit merge (in process)": lambda out: run_ours(recipients, out),
            "(a) plain Jinja2 render-and-write loop": lambda out: run_plain(recipients, out),
            "advocacy-kit merge (command line)": lambda out: run_cli(recipients, out),
        }
        if not args.skip_mailmerge:
            exe = mailmerge_command(args.mailmerge_venv)
            mailmerge_template(work / "mailmerge_template.txt")
            (work / "mailmerge_server.conf").write_text(
                "[smtp_server]\nhost = localhost\nport = 25\nsecurity = Never\n"
                "username = nobody\nratelimit = 0\n"
            )
            tools["(b) mailmerge --dry-run --no-limit --output-format raw"] = lambda out: (
                run_mailmerge(exe, work, out.with_suffix(".txt"))
            )
        check_same_letters(work, tools)
        times: dict[str, list[float]] = {name: [] for name in tools}
        cpu: dict[str, list[float]] = {name: [] for name in tools}
        for attempt in range(args.repeat):
            for number, (name, tool) in enumerate(tools.items()):
                out = work / f"out-{attempt}-{number}"
                os.sync()  # start each run with no one else's dirty pages to write
                start, start_cpu = time.perf_counter(), cpu_seconds()
                tool(out)
                times[name].append(time.perf_counter() - start)
                cpu[name].append(cpu_seconds() - start_cpu)
                if out.is_dir():
                    shutil.rmtree(out)
                out.with_suffix(".txt").unlink(missing_ok=True)

        print(
            f"{args.rows:,} recipients -> Markdown letters in {work.parent}, "
            f"best of {args.repeat} runs"
        )
        print(f"{'':56} {'best':>8} {'median':>8} {'CPU':>8}")
        for name, values in times.items():
            print(
                f"{name:56} {min(values):7.2f}s {statistics.median(values):7.2f}s "
                f"{min(cpu[name]):7.2f}s"
            )
        best = {name: min(values) for name, values in times.items()}
        ours = best["advocacy-kit merge (in process)"]
        plain = best["(a) plain Jinja2 render-and-write loop"]
        ratio_a = ours / plain
        print(
            f"merge / plain loop (both in process): {ratio_a:.2f}x (target <= 1.3x): "
            + ("met" if ratio_a <= 1.3 else "NOT met")
        )
        cpu_a = min(cpu["advocacy-kit merge (in process)"])
        print(f"  in CPU time: {cpu_a / min(cpu['(a) plain Jinja2 render-and-write loop']):.2f}x")
        cli = best["advocacy-kit merge (command line)"]
        if not args.skip_mailmerge:
            mm = best["(b) mailmerge --dry-run --no-limit --output-format raw"]
            ratio_b = mm / cli
            print(
                f"mailmerge / merge (both on the command line): {ratio_b:.1f}x faster "
                "(target >= 5x): " + ("met" if ratio_b >= 5 else "NOT met")
            )
            cpu_mm = min(cpu["(b) mailmerge --dry-run --no-limit --output-format raw"])
            cpu_cli = min(cpu["advocacy-kit merge (command line)"])
            print(f"  in CPU time: {cpu_mm / cpu_cli:.1f}x")
        if args.word:
            best_word = min(time_word(work, args.word) for _ in range(args.repeat))
            print(
                f"Word letters: {best_word * 1000:.1f} ms each, best of {args.repeat} merges "
                f"of {args.word} (target <= 15 ms): " + ("met" if best_word <= 0.015 else "NOT met")
            )
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
