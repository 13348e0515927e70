#!/usr/bin/env python3
# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: importing an Open Know-Where file of N facilities (5,000).

Writes an OKW file of N facilities spread over the demo region (real towns
from the offline GeoNames data; every fifth one without coordinates, so the
town fallback runs; processes as Wikipedia URLs), imports it with
``dmfg.producer.import_okw`` and prints the time and SQL queries, in total
and per facility, for a small file (50 facilities by default) and the large
one, and their ratio per facility: batched reads and creations keep it
close to 1. A re-import of the large file (every facility updated) is timed
too. Everything runs in one transaction that is rolled back.

Usage (a database with both addons and the demo data)::

    python3 benchmarks/bench_okw_import.py -d dmfg_demo
    python3 benchmarks/bench_okw_import.py -d dmfg_demo --facilities 1000
"""

import argparse
import os
import sys

from bench_common import default_addons_path, measure, rolled_back_env  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROCESSES = (
    "https://en.wikipedia.org/wiki/Fused_filament_fabrication",
    "https://en.wikipedia.org/wiki/Laser_cutting",
    "CNC milling",
    "Sewing",
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", default=os.environ.get("DMFG_BENCH_DB"))
    parser.add_argument("--facilities", type=int, default=5000)
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--addons-path", default=None)
    args = parser.parse_args(argv)
    if not args.database:
        parser.error("give the database with -d or DMFG_BENCH_DB")
    args.addons_path = args.addons_path or default_addons_path()
    return args


def okw_file(count, prefix, towns):
    """YAML text of ``count`` facilities near ``towns``."""
    lines = ["facilities:"]
    for index in range(count):
        town = towns[index % len(towns)]
        lines += [
            f"  - id: bench-{prefix}-{index}",
            f"    name: {prefix} Taller {index} {town.name}",
            "    location:",
            "      address:",
            f"        city: {town.name}",
            "        country: ES",
        ]
        if index % 5:
            lat = town.lat + (index % 97) / 10000
            lines.append(f"      gps-coordinates: {lat:.5f}, {town.lon:.5f}")
        lines += [
            "    manufacturing-processes:",
            f"      - {PROCESSES[index % len(PROCESSES)]}",
            "    equipment:",
            "      - {equipment-type: Laser cutter, make: Trotec, model: Speedy 300}",
        ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, REPO)
    with rolled_back_env(args.database, args.addons_path) as env:
        from odoo.addons.distributed_mfg.services import places

        towns = [t for t in places.towns_near(41.5, 2.0, 80, 5000)] or [
            places.find_town("Barcelona", "ES")
        ]
        producers = env["dmfg.producer"].with_context(tracking_disable=True)
        rows = []
        for label, count in (("small", args.small), ("large", args.facilities)):
            text = okw_file(count, label, towns)
            seconds, queries, result = measure(
                env, lambda text=text: producers.import_okw(text, "bench.yml"), 1
            )
            assert len(result["created"]) == count, result["skipped"][:3]
            rows.append((label, count, seconds, queries))
        text = okw_file(args.facilities, "large", towns)
        seconds, queries, result = measure(
            env, lambda: producers.import_okw(text, "bench.yml"), 1
        )
        assert len(result["updated"]) == args.facilities
        rows.append(("re-import", args.facilities, seconds, queries))
        print(
            f"{'file':<10} {'facilities':>10} {'seconds':>9} {'queries':>8}"
            f" {'ms/fac':>7} {'q/fac':>6}"
        )
        for label, count, seconds, queries in rows:
            print(
                f"{label:<10} {count:>10} {seconds:>9.2f} {queries:>8}"
                f" {1000 * seconds / count:>7.2f} {queries / count:>6.2f}"
            )
        small, large = rows[0], rows[1]
        ratio = (large[3] / large[1]) / (small[3] / small[1])
        print(f"\nQueries per facility, {large[1]} vs {small[1]}: ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
