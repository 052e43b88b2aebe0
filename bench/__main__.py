"""``python -m bench [name ...]``: run every ``bench/bench_*.py`` (or the named ones).

Prints one table and writes ``bench/results/latest.json``.
"""

from __future__ import annotations

import importlib
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.db import bench_database

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "latest.json"


def _modules(names: list[str]) -> list[str]:
    found = sorted(path.stem for path in HERE.glob("bench_*.py"))
    wanted = [f"bench_{name.removeprefix('bench_')}" for name in names]
    unknown = set(wanted) - set(found)
    if unknown:
        raise SystemExit(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    return wanted or found


def _table(rows: list[dict[str, Any]]) -> str:
    header = ("bench", "metric", "value", "unit", "note")
    cells = [header] + [
        (r["bench"], r["name"], f"{r['value']:,.2f}", r.get("unit", ""), r.get("note", ""))
        for r in rows
    ]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    modules = _modules(argv)
    results: list[dict[str, Any]] = []
    started = time.perf_counter()
    with bench_database():
        for name in modules:
            module = importlib.import_module(f"bench.{name}")
            print(f"== {name}", file=sys.stderr, flush=True)
            for metric in module.run():
                results.append({"bench": name.removeprefix("bench_"), **metric})
    print(_table(results))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "finished": datetime.now(UTC).isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "results": results,
    }
    RESULTS.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nwritten to {RESULTS.relative_to(HERE.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
