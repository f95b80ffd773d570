"""Start-up time of three commands against a minimal typer hello-world, all run as whole
processes interleaved in the same session (issue 2, item 9; issue 17, goal 1).

The commands: `draft --audience media --format post` (target: at most 1.15x the
hello-world), a letter `draft --audience donors` (at most 1.3x) and `pack sswweek --year
2019 --out DIR` into a fresh folder each run (at most 1.6x).

The warm-up round fills the user's cache (parsed library files, compiled templates), so
the figures are those of every run but the first after an install or an edit; set
ADVOCACY_KIT_NO_CACHE=1 to measure without it.

Run: python benchmarks/bench_startup.py [--runs N]
Prints the median wall and CPU time of each, their ratios, and the spread of the
per-round ratios (quartiles), which says how noisy the machine was.
"""

from __future__ import annotations

import argparse
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

HELLO = """\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
"""


# The same typer app with as many options as `draft` has (str, list, Path, int, bool),
# to tell typer's own per-option cost from ours.
MANY_OPTIONS = """\
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer()


@app.command()
def hello(
    audience: Annotated[Optional[str], typer.Option()] = None,
    format: Annotated[Optional[str], typer.Option()] = None,
    message: Annotated[Optional[list[str]], typer.Option()] = None,
    to: Annotated[Optional[str], typer.Option()] = None,
    sender: Annotated[Optional[str], typer.Option()] = None,
    organization: Annotated[Optional[str], typer.Option()] = None,
    date: Annotated[Optional[str], typer.Option()] = None,
    platform: Annotated[Optional[list[str]], typer.Option()] = None,
    thread: Annotated[bool, typer.Option()] = False,
    mastodon_limit: Annotated[Optional[int], typer.Option(min=1)] = None,
    hashtag: Annotated[Optional[list[str]], typer.Option()] = None,
    link: Annotated[Optional[str], typer.Option()] = None,
    library: Annotated[Optional[list[Path]], typer.Option()] = None,
    region: Annotated[Optional[str], typer.Option()] = None,
    templates: Annotated[Optional[list[Path]], typer.Option()] = None,
    output: Annotated[Optional[Path], typer.Option()] = None,
    paper: Annotated[str, typer.Option()] = "a4",
    font_path: Annotated[Optional[list[Path]], typer.Option()] = None,
    force: Annotated[bool, typer.Option()] = False,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    print(f"hello {audience}")


if __name__ == "__main__":
    app()
"""


TARGETS = {"post": 1.15, "letter": 1.3, "pack": 1.6}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(
    commands: dict[str, Callable[[int], list[str]]], runs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU times (user + system) of each command over ``runs`` rounds, after
    one warm-up round.

    The commands take turns within each round, so a slow patch of the machine weighs
    on all of them alike; CPU time is steadier than wall time on a shared machine.
    Each command is built from the round number, so a pack can go to a fresh folder.
    Bytecode caching is allowed (PYTHONDONTWRITEBYTECODE is dropped), as for an
    installed package.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(runs + 1):
        for name, command in commands.items():
            cpu_before = _children_cpu()
            start = time.perf_counter()
            subprocess.run(command(round_number), check=True, capture_output=True, env=env)
            if round_number:
                wall[name].append(time.perf_counter() - start)
                cpu[name].append(_children_cpu() - cpu_before)
    return wall, cpu


def _quartiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=4)
    return cuts[0], cuts[2]


def report(label: str, times: dict[str, list[float]], runs: int) -> None:
    """Print the medians of one kind of time and each command's ratio to hello-world."""
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians["hello"]
    print(f"{label}, median of {runs} interleaved runs:")
    print(f"  typer hello-world:                         {baseline * 1000:7.1f} ms")
    print(f"  typer hello-world with draft's 20 options: {medians['many'] * 1000:7.1f} ms")
    for name, title in (
        ("post", "draft --audience media --format post"),
        ("letter", "draft --audience donors (letter)"),
        ("pack", "pack sswweek --year 2019 --out DIR"),
    ):
        # The ratio of each round (the command against the hello-world run just before
        # it) shows the spread; the headline ratio is of the medians.
        per_round = [ours / hello for ours, hello in zip(times[name], times["hello"], strict=True)]
        low, high = _quartiles(per_round)
        ratio = medians[name] / baseline
        verdict = "met" if ratio <= TARGETS[name] else "NOT met"
        print(
            f"  {title:42s} {medians[name] * 1000:7.1f} ms  {ratio:.2f}x"
            f" [quartiles of per-round ratios {low:.2f}-{high:.2f}]"
            f" target {TARGETS[name]}x: {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    script = shutil.which("advocacy-kit") or str(Path(sys.executable).parent / "advocacy-kit")
    with tempfile.TemporaryDirectory() as folder:
        hello = Path(folder) / "hello.py"
        hello.write_text(HELLO)
        many = Path(folder) / "many.py"
        many.write_text(MANY_OPTIONS)
        packs = Path(folder) / "packs"
        wall, cpu = measure(
            {
                "hello": lambda _: [sys.executable, str(hello)],
                "many": lambda _: [
                    sys.executable,
                    str(many),
                    "--audience",
                    "media",
                    "--format",
                    "post",
                ],
                "post": lambda _: [script, "draft", "--audience", "media", "--format", "post"],
                "letter": lambda _: [script, "draft", "--audience", "donors"],
                "pack": lambda n: [
                    script,
                    "pack",
                    "sswweek",
                    "--year",
                    "2019",
                    "--out",
                    str(packs / str(n)),
                ],
            },
            args.runs,
        )
    report("wall time", wall, args.runs)
    report("CPU time", cpu, args.runs)


if __name__ == "__main__":
    main()
