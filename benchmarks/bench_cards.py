"""Share cards per second: one Typst compiler reused for a batch, against a new one per card.

Run: python benchmarks/bench_cards.py [--rounds N] [--font-path DIR]

Everything runs in this one process, as ``advocacy-kit card`` would. The batch is every
key message of the three audiences (11 messages; the workforce introduction has no card
of its own) at the default sizes, landscape and square: 22 PNG cards. Each round adds
its number to the organisation's name, so every card is one Typst has not typeset
before and none is served from its memo cache (which is the process's, shared by every
compiler).

- reused: one :class:`CardRenderer` (one compiler, fonts loaded once) for the batch;
- fresh: a new :class:`CardRenderer` for every card (fonts loaded, template parsed each
  time), as a loop calling a one-shot ``typst.compile`` would do;
- typeset only: the reused compiler asked for a PDF of each card instead of a PNG, to
  show how much of a card's time is the rasterising and PNG encoding.

With ``--font-path``, every renderer also loads that folder of fonts, as
``advocacy-kit card --font-path`` does: the cost a fresh compiler pays again per card.

The figures are medians over the rounds, in wall-clock time and in this process's CPU
time (the fairer figure on a machine shared with other work); the ratio is fresh over
reused, in CPU time.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from advocacy_kit.library.loader import load_library
from advocacy_kit.output.card import CardSpec, card_sizes, compose_cards
from advocacy_kit.output.card_render import CardRenderer


def batch(round_number: int) -> list[CardSpec]:
    """Every audience's cards, named for this round so that each one is new to Typst."""
    library = load_library()
    specs: list[CardSpec] = []
    for audience in ("donors", "media", "workforce"):
        for spec in compose_cards(library=library, audience=audience):
            name = f"{spec.organisation} {round_number}"
            specs.append(dataclasses.replace(spec, organisation=name))
    return specs


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) that ``action`` took."""
    start, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--font-path", type=Path, action="append", default=[])
    args = parser.parse_args()
    sizes = card_sizes()
    fonts = tuple(args.font_path)
    CardRenderer().render(batch(-1)[0], sizes[0])  # load the Typst library once

    def reused(specs: list[CardSpec]) -> None:
        renderer = CardRenderer(font_paths=fonts)
        for spec in specs:
            for size in sizes:
                renderer.render(spec, size)

    def fresh(specs: list[CardSpec]) -> None:
        for spec in specs:
            for size in sizes:
                CardRenderer(font_paths=fonts).render(spec, size)

    def typeset_only(specs: list[CardSpec]) -> None:
        renderer = CardRenderer(font_paths=fonts)
        for spec in specs:
            for size in sizes:
                renderer.render(spec, size, format="pdf")

    counter = iter(range(1_000_000))
    results: dict[str, list[tuple[float, float]]] = {"reused": [], "fresh": [], "typeset only": []}
    cards = len(batch(0)) * len(sizes)
    for _ in range(args.rounds):
        for name, action in (("reused", reused), ("fresh", fresh), ("typeset only", typeset_only)):
            specs = batch(next(counter))
            results[name].append(timed(lambda action=action, specs=specs: action(specs)))
    extra = f", fonts from {', '.join(map(str, fonts))}" if fonts else ""
    print(f"{cards} cards a batch (landscape and square{extra}), median of {args.rounds} rounds")
    cpu: dict[str, float] = {}
    for name, times in results.items():
        wall = statistics.median(t[0] for t in times)
        cpu[name] = statistics.median(t[1] for t in times)
        print(
            f"  {name:<13} {wall:6.2f} s wall ({cards / wall:5.1f} cards/s), "
            f"{cpu[name]:6.2f} s CPU ({cards / cpu[name]:5.1f} cards/s)"
        )
    ratio = cpu["fresh"] / cpu["reused"]
    print(f"  a new compiler per card takes {ratio:.2f}× the CPU time of one reused")


if __name__ == "__main__":
    main()
