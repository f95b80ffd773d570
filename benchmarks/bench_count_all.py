"""Counting a post on every platform against counting it on X alone, in the same run.

Issue 17, goal 4: ``count`` on all seven platforms at most 2x the X count alone, per
post. Counts the same mixed posts as ``bench_count.py`` (links with and without a
protocol, emoji old and new, accented Latin, Cyrillic, CJK, hashtags, mentions) three
ways, batch by batch, in CPU time, so that a busy machine slows each alike:

- ``count(text, "x")``: the baseline;
- ``count_all(text)``: every platform, as ``advocacy-kit count`` measures them (links
  found once and shared);
- ``count(text, p)`` for each platform in turn: what ``count`` did before.

Prints the median time per post of each and the ratio to the baseline, batch by batch.

    python benchmarks/bench_count_all.py [--posts N] [--rounds R] [--batch B] [--seed S]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from advocacy_kit.text.count import count, count_all
from advocacy_kit.text.rules import PLATFORM_NAMES
from bench_count import make_posts


def one_by_one(text: str) -> object:
    """Every platform, one count() each."""
    return [count(text, name) for name in PLATFORM_NAMES]


def batch_time(func: Callable[[str], object], batch: Sequence[str]) -> float:
    """CPU seconds for ``func`` over ``batch``."""
    start = time.process_time()
    for post in batch:
        func(post)
    return time.process_time() - start


def main(argv: Sequence[str] | None = None) -> int:
    """Run the rounds and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)

    posts = make_posts(args.posts, args.seed)
    ways: dict[str, Callable[[str], object]] = {
        'count(text, "x")': lambda text: count(text, "x"),
        "count_all(text), 7 platforms": count_all,
        "count(text, p) for 7 platforms": one_by_one,
    }
    for func in ways.values():  # compile the patterns and load the data first
        for post in posts[:100]:
            func(post)
    # Each batch of posts is counted the three ways one after the other, so that the
    # load of a shared machine, which changes from second to second, falls alike on all.
    batches = [posts[i : i + args.batch] for i in range(0, len(posts), args.batch)]
    times: dict[str, list[float]] = {label: [] for label in ways}
    for _ in range(args.rounds):
        for batch in batches:
            for label, func in ways.items():
                times[label].append(batch_time(func, batch) / len(batch))

    print(
        f"{len(posts):,} posts in batches of {args.batch}, {args.rounds} rounds, "
        f"Python {sys.version.split()[0]}"
    )
    print("CPU time a post (median of the batches); ratio to X alone, batch by batch")
    baseline = times['count(text, "x")']
    for label, values in times.items():
        ratios = sorted(v / b for v, b in zip(values, baseline, strict=True))
        quartiles = statistics.quantiles(ratios, n=4)
        print(
            f"{label:<32} {statistics.median(values) * 1e6:6.1f} µs   "
            f"{statistics.median(ratios):4.2f}x X alone (middle half of the batches "
            f"{quartiles[0]:.2f}x to {quartiles[2]:.2f}x; "
            f"in all {sum(values) / sum(baseline):.2f}x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
