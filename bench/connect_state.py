"""What reading the connect stage's recent state back costs: every `nashra ingest` starts with it.

    python bench/connect_state.py --db grown.db      # or --db postgresql://…/grown

Prints, for each database: CPU seconds of ``Connector.open`` (reading the stories, storylines and
signatures of the recent window and indexing them), the process's memory after it and at its
peak (read from /proc and getrusage, so run each database in a fresh process for a clean peak), and
the size of what it holds. The JSON line is last.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from nashra.analysis.connect import Connector
from nashra.store import open_store


def resident_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def measure(target: str) -> dict[str, object]:
    with open_store(target) as store:
        before = resident_mb()
        started = time.process_time()
        connector = Connector.open(store)
        cpu = time.process_time() - started
        held = connector._hot  # noqa: SLF001 - what a benchmark of this state is for
        return {
            "db": target, "open_cpu_s": round(cpu, 2),
            "rss_before_mb": round(before), "rss_after_mb": round(resident_mb()),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "storylines": len(held.storylines), "stories": len(held.stories),
            "signatures": len(held.story_of),
            "storyline_term_weights": sum(len(c.centroid) for c in held.storylines.clusters.values()),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a SQLite file or a postgresql:// URL")
    args = parser.parse_args()
    result = measure(args.db)
    print(f"{result['db']}: Connector.open {result['open_cpu_s']} s of CPU; memory {result['rss_before_mb']} -> "
          f"{result['rss_after_mb']} MB (peak {result['peak_rss_mb']} MB); {result['storylines']:,} storylines "
          f"({result['storyline_term_weights']:,} term weights), {result['stories']:,} stories, "
          f"{result['signatures']:,} signatures")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
