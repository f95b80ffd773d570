"""Fail CI when coverage of src/ falls below its floor (issue 19): lines and branches
are checked apart, from the report `coverage json` writes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: The floor CI holds. Issue 19 asks for at least 95% of lines and 90% of branches; the
#: suite reaches 99.8% and 99.2% (1 December 2026), so the floor sits a little below that,
#: to keep what was won while leaving room for a line that only a slow machine reaches.
#: Raise it as tests land; never lower it.
LINES = 98.0
BRANCHES = 97.0


def main() -> int:
    totals = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))["totals"]
    lines = 100.0 * totals["covered_lines"] / max(totals["num_statements"], 1)
    branches = 100.0 * totals["covered_branches"] / max(totals["num_branches"], 1)
    print(
        f"coverage of src/: lines {lines:.1f}% (floor {LINES}%), "
        f"branches {branches:.1f}% (floor {BRANCHES}%)"
    )
    return 0 if lines >= LINES and branches >= BRANCHES else 1


if __name__ == "__main__":
    sys.exit(main())
