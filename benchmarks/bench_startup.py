"""Start-up time: `advocacy-kit draft --audience media --format post` against a minimal
typer hello-world, both run as whole processes in the same session (issue 2, item 9).

Run: python benchmarks/bench_startup.py [--runs N]
Prints the median wall and CPU time of each and their ratios (target: at most 1.3x).
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_seconds(
    commands: dict[str, list[str]], runs: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall time and median CPU time (user + system) of each command over
    ``runs`` rounds, after one warm-up round.

    The commands take turns within each round, so a slow patch of the machine weighs
    on all of them alike; CPU time is steadier than wall time on a shared machine.
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
            subprocess.run(command, check=True, capture_output=True, env=env)
            if round_number:
                wall[name].append(time.perf_counter() - start)
                cpu[name].append(_children_cpu() - cpu_before)
    return (
        {name: statistics.median(values) for name, values in wall.items()},
        {name: statistics.median(values) for name, values in cpu.items()},
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
        wall, cpu = median_seconds(
            {
                "hello": [sys.executable, str(hello)],
                "many": [sys.executable, str(many), "--audience", "media", "--format", "post"],
                "ours": [script, "draft", "--audience", "media", "--format", "post"],
            },
            args.runs,
        )
    for label, medians in (("wall time", wall), ("CPU time", cpu)):
        baseline, same_options, ours = medians["hello"], medians["many"], medians["ours"]
        print(f"{label}, median of {args.runs} runs:")
        print(f"  typer hello-world:                           {baseline * 1000:7.1f} ms")
        print(f"  typer hello-world with draft's 20 options:   {same_options * 1000:7.1f} ms")
        print(f"  advocacy-kit draft --audience media -f post: {ours * 1000:7.1f} ms")
        print(f"  ratio to hello-world:      {ours / baseline:.2f}x (target: at most 1.3x)")
        print(f"  ratio to the same options: {ours / same_options:.2f}x")


if __name__ == "__main__":
    main()
