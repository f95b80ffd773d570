"""Libraries at scale (issue 17, goals 3 and 5), whole commands timed in one session.

- ``check`` on 1,000 and 10,000 messages, without variants and with 200: the 10,000 run
  should take at most 11x the 1,000 run (linear);
- ``check`` against ``list`` on the built-in library: at most 1.5x;
- ``draft --region`` of a national variant in the 10,000-message, 200-variant library
  against the same draft of a built-in region: at most 2x.

The libraries come from ``library_generator.py``. Every command runs as a process, the
commands of one comparison taking turns (so a slow patch of the shared machine weighs on
both); the figures are medians of CPU time (user + system), steadier than wall time on
a busy machine, with wall time alongside.

Run: python benchmarks/bench_library.py [--runs N] [--big-runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from library_generator import generate_library


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def medians(
    commands: dict[str, list[str]], runs: int, cwd: Path, *, cold: bool = False
) -> dict[str, tuple[float, float]]:
    """Median (CPU, wall) seconds of each command over ``runs`` rounds after a warm-up.

    The user cache folder is the benchmark's own: kept between runs (as a user's is),
    or with ``cold`` a new empty one for every run (no reading grade remembered).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CACHE_HOME"] = str(cwd / "cache")
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(runs + 1):
        for name, command in commands.items():
            if cold:
                env["XDG_CACHE_HOME"] = tempfile.mkdtemp(dir=cwd)
            before, start = _children_cpu(), time.perf_counter()
            done = subprocess.run(command, capture_output=True, env=env, cwd=cwd)
            if done.returncode not in (0, 1):
                raise SystemExit(f"{name} failed:\n{done.stderr.decode()}")
            if round_number:
                wall[name].append(time.perf_counter() - start)
                cpu[name].append(_children_cpu() - before)
    return {n: (statistics.median(cpu[n]), statistics.median(wall[n])) for n in commands}


def show(title: str, results: dict[str, tuple[float, float]], over: str, under: str) -> float:
    """Print both figures and the CPU-time ratio of ``over`` to ``under``; return it."""
    print(title)
    for name, (cpu, wall) in results.items():
        print(f"  {name:<34} CPU {cpu * 1000:8.0f} ms   wall {wall * 1000:8.0f} ms")
    ratio = results[over][0] / results[under][0]
    wall_ratio = results[over][1] / results[under][1]
    print(f"  ratio {over} / {under}: {ratio:.2f}x CPU, {wall_ratio:.2f}x wall")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11, help="rounds for the short commands")
    parser.add_argument("--big-runs", type=int, default=3, help="rounds for check at scale")
    parser.add_argument(
        "--tool",
        help="the command to time, e.g. 'python -m advocacy_kit' with PYTHONPATH set to an "
        "older checkout's src/ (default: advocacy-kit)",
    )
    args = parser.parse_args()
    tool = shutil.which("advocacy-kit") or str(Path(sys.executable).parent / "advocacy-kit")
    prefix = shlex.split(args.tool) if args.tool else [tool]
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        libraries = {
            (messages, variants): generate_library(
                work / f"lib-{messages}-{variants}", messages=messages, variants=variants
            )
            for messages in (1_000, 10_000)
            for variants in (0, 200)
        }
        ratios = {}
        for variants in (0, 200):
            checks = {
                f"check, {m:,} messages, {variants} variants": [
                    *prefix,
                    "check",
                    str(libraries[(m, variants)]),
                    "-L",
                    str(libraries[(m, variants)]),
                ]
                for m in (1_000, 10_000)
            }
            small, big = checks
            for cold in (True, False):
                grades = "grades computed" if cold else "grades remembered"
                ratios[f"check 10,000 / 1,000, {variants} variants, {grades} (at most 11x)"] = show(
                    f"check at scale, {variants} variants, {grades}, median of {args.big_runs}:",
                    medians(checks, args.big_runs, work, cold=cold),
                    big,
                    small,
                )
        builtin = {"list": [*prefix, "list"], "check": [*prefix, "check"]}
        for cold in (True, False):
            grades = "grades computed" if cold else "grades remembered"
            ratios[f"check / list, built-in library, {grades} (at most 1.5x)"] = show(
                f"built-in library, {grades}, median of {args.runs}:",
                medians(builtin, args.runs, work, cold=cold),
                "check",
                "list",
            )
        draft = ["draft", "-a", "donors", "-f", "post"]
        drafts = {
            "draft --region, built-in": [*prefix, *draft, "--region", "east-southern-africa"],
            "draft --region, 10,000 / 200": [
                *prefix,
                *draft,
                "--region",
                "country-150",
                "-L",
                str(libraries[(10_000, 200)]),
            ],
        }
        ratios["draft --region, 10,000 / 200 against built-in (at most 2x)"] = show(
            f"draft --region, median of {args.runs}:",
            medians(drafts, args.runs, work),
            "draft --region, 10,000 / 200",
            "draft --region, built-in",
        )
    print("ratios (CPU time):")
    for label, ratio in ratios.items():
        print(f"  {label}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
