"""Large message libraries for the benchmarks of issue 17 (goals 3 and 5).

``generate_library(folder, messages=10_000, variants=200)`` writes a library folder as
an interest-group network would grow one: the global messages in files of 100, and
variants in two levels (a tenth of them regional, over ``global``; the rest national,
each over a regional one). Every variant amplifies three global messages, reviewed
against their current text (so ``check`` finds them up to date), and adds its share of
new messages. With variants, a tenth of the messages are global and the rest are the
variants' own; without, all are global.

Texts are made of varied, readable words with a sourced figure, so every message is
different (no cache of grades or counts can hide the work) and ``check`` finds nothing.

Run ``python benchmarks/library_generator.py DIR [--messages N] [--variants N]`` to
write one to look at.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from advocacy_kit.library.variants import content_hash

AUDIENCES = ("donors", "media", "workforce")
PER_FILE = 100
#: The words texts are drawn from (re.findall keeps the list readable as a sentence).
WORDS = re.findall(
    r"\S+",
    "social workers support families and children in every community they serve with care "
    "skill and patience across towns villages and cities where services reach people who "
    "need help most the workforce protects rights builds trust and links households to "
    "health schools justice and income support when planning budgets and training matter",
)


def _text(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = rng.sample(WORDS, rng.randint(8, 14))
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def _message(rng: random.Random, message_id: str, number: int, indent: str = "  ") -> str:
    figure = 10 + number % 80
    text = _text(rng, 2) + f" About {figure}% of them say so."
    return (
        f"{indent}- id: {message_id}\n"
        f"{indent}  audience: {AUDIENCES[number % 3]}\n"
        f"{indent}  title: Message {number}\n"
        f"{indent}  text: >-\n{indent}    {text}\n"
        f"{indent}  short:\n{indent}    - {_text(rng, 1)}\n"
        f"{indent}  evidence:\n"
        f"{indent}    - claim: about {figure}% of them\n"
        f"{indent}      source: A survey of {number % 7 + 3} members\n"
        f"{indent}  tags: [generated, topic-{number % 11}]\n"
    )


def _global_text(rng: random.Random, number: int) -> str:
    """The text of global message ``number`` exactly as the loader will read it."""
    figure = 10 + number % 80
    return _text(rng, 2) + f" About {figure}% of them say so."


def generate_library(
    folder: Path, *, messages: int, variants: int, global_share: float = 0.1, seed: int = 17
) -> Path:
    """Write a library of ``messages`` messages and ``variants`` variants under ``folder``.

    Args:
        folder: Where to write it.
        messages: How many messages in all.
        variants: How many variants.
        global_share: With variants, the share of the messages that are global (the
            rest are the variants' own).
        seed: The seed of the texts.

    Returns:
        ``folder``.
    """
    rng = random.Random(seed)
    in_global = messages if not variants else max(int(messages * global_share), 3)
    texts: list[str] = []
    for start in range(0, in_global, PER_FILE):
        chunk = []
        for number in range(start, min(start + PER_FILE, in_global)):
            state = rng.getstate()
            texts.append(_global_text(rng, number))
            rng.setstate(state)  # the message is written from the same draw
            chunk.append(_message(rng, f"global-{number}", number))
        path = folder / "messages" / f"global-{start // PER_FILE:03d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("messages:\n" + "".join(chunk), encoding="utf-8")
    regional = max(variants // 10, 1) if variants else 0
    own = messages - in_global
    for index in range(variants):
        name = f"region-{index:03d}" if index < regional else f"country-{index:03d}"
        parent = "global" if index < regional else f"region-{index % regional:03d}"
        lines = [f"variant:\n  name: {name}\n  parent: {parent}\nmessages:\n"]
        if index < regional:  # a national variant's parent text is the regional one
            for number in (index, index + 1, index + 2):
                target = number % in_global
                lines.append(
                    f"  - id: global-{target}\n"
                    f"    based_on: {content_hash(texts[target])}\n"
                    f"    amplify: In this region too, {_text(rng, 1).lower()}\n"
                )
        first = index * own // variants
        for number in range(first, (index + 1) * own // variants):
            lines.append(_message(rng, f"{name}-{number}", in_global + number))
        path = folder / "variants" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--variants", type=int, default=200)
    parser.add_argument("--global-share", type=float, default=0.1)
    args = parser.parse_args()
    generate_library(
        args.folder,
        messages=args.messages,
        variants=args.variants,
        global_share=args.global_share,
    )
    print(f"wrote {args.folder}")


if __name__ == "__main__":
    main()
