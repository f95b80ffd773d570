"""Posts per second: advocacy-kit's X counter against twitter-text-parser, same run.

Counts 100,000 mixed posts (links with and without a protocol, emoji old and new,
accented Latin, Cyrillic, CJK, hashtags and mentions) with ``count(text, "x")``,
with the full ``x_parse(text)``, and with twitter-text-parser's ``parse_tweet``
when it is installed. twitter-text-parser is unmaintained and is not a dependency of
advocacy-kit: install it only in a separate environment for this benchmark::

    python -m venv /tmp/bench
    /tmp/bench/bin/pip install twitter-text-parser -e .
    /tmp/bench/bin/python benchmarks/bench_count.py

Options: ``--posts N`` (default 100000), ``--seed S`` (default 3).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence

from advocacy_kit.text.count import count
from advocacy_kit.text.x import x_parse

WORDS = [
    "social",
    "service",
    "workers",
    "protect",
    "children",
    "families",
    "and",
    "communities",
    "every",
    "day",
    "invest",
    "in",
    "the",
    "workforce",
    "that",
    "keeps",
    "people",
    "safe",
    "strengthen",
    "supervision",
    "training",
    "and",
    "fair",
    "pay",
    "so",
    "that",
    "care",
    "reaches",
    "everyone",
    "who",
    "needs",
    "it",
]
ACCENTED = [
    "économie",
    "société",
    "protección",
    "niños",
    "familles",
    "bien-être",
    "Ça",
    "déjà",
    "São",
    "Zürich",
]
CYRILLIC = ["социальные", "работники", "защищают", "детей"]
CJK = ["社会工作者", "保护儿童和家庭", "每一天", "ソーシャルワーカー", "사회복지사"]
EMOJI = ["❤️", "👍🏽", "🙌", "👨‍👩‍👧‍👦", "🇰🇪", "🫶", "🩷", "🧑‍🦰", "🏳️‍⚧️", "🫨", "🧑‍🧑‍🧒", "1️⃣"]
LINKS = [
    "https://socialserviceworkforce.org/resources/key-messages",
    "http://example.org/sswweek?utm_source=x&utm_medium=post",
    "socialserviceworkforce.org",
    "bit.ly/sswweek",
    "https://t.co/abcdEFGH12",
]
TAGS = ["#SSWWeek", "#SocialWork", "@SSWAlliance", "@unicef"]


def make_posts(count: int, seed: int) -> list[str]:
    """``count`` reproducible posts of 40 to 280 characters, mixing every kind of text."""
    rng = random.Random(seed)
    pools: Sequence[Sequence[str]] = (WORDS, ACCENTED, CYRILLIC, CJK, EMOJI, LINKS, TAGS)
    weights = (60, 10, 4, 6, 8, 6, 6)
    posts = []
    for _ in range(count):
        target = rng.randint(40, 280)
        parts: list[str] = []
        length = 0
        while length < target:
            pool = rng.choices(pools, weights)[0]
            piece = rng.choice(pool)
            parts.append(piece)
            length += len(piece) + 1
        posts.append(" ".join(parts))
    return posts


def timed(label: str, func: Callable[[str], object], posts: Sequence[str]) -> float:
    """Count every post with ``func``; print and return posts per second."""
    func(posts[0])  # compile patterns and load data outside the timing
    start = time.perf_counter()
    for post in posts:
        func(post)
    elapsed = time.perf_counter() - start
    rate = len(posts) / elapsed
    print(f"{label:<40} {rate:>12,.0f} posts/s   ({elapsed:.2f} s)")
    return rate


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print posts per second and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)

    posts = make_posts(args.posts, args.seed)
    print(f"{len(posts):,} posts, {sum(map(len, posts)) / len(posts):.0f} characters on average")
    print(f"Python {sys.version.split()[0]}")

    ours = timed('advocacy-kit count(text, "x")', lambda t: count(t, "x"), posts)
    full = timed("advocacy-kit x_parse(text)", x_parse, posts)
    try:
        from twitter_text import parse_tweet  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        print(
            "\ntwitter-text-parser is not installed, so there is nothing to compare with.\n"
            "Install it in a separate environment (it must not become a dependency):\n"
            "  python -m venv /tmp/bench && /tmp/bench/bin/pip install twitter-text-parser -e .\n"
            "  /tmp/bench/bin/python benchmarks/bench_count.py"
        )
        return 0
    reference = timed("twitter-text-parser parse_tweet(text)", parse_tweet, posts)
    print(f"\ncount() vs parse_tweet:   {ours / reference:.2f}x")
    print(f"x_parse() vs parse_tweet: {full / reference:.2f}x")
    differ = sum(count(post, "x").length != parse_tweet(post).weightedLength for post in posts)
    print(
        f"posts whose length differs from parse_tweet: {differ:,} of {len(posts):,} "
        "(current emoji, which twitter-text-parser counts as 2 to 8 each)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
