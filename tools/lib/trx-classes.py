#!/usr/bin/env python3
"""Where a test run's time went: per test class of a trx file (argv[1]), its tests' summed durations, its first
start to last end (classes run side by side, so the wall-clock span is what a class costs the run), and its count.
Prints the N slowest by span (argv[2], default 10)."""
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def seconds(duration):
    h, m, s = duration.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def when(stamp):
    # 2026-12-02T06:30:01.1234567+00:00: seven fraction digits, which fromisoformat takes from Python 3.11 only.
    head, _, rest = stamp.partition(".")
    fraction, zone = (rest[:-6], rest[-6:]) if rest else ("0", "")
    return datetime.fromisoformat(f"{head}.{fraction[:6].ljust(6, '0')}{zone}")


classes = defaultdict(lambda: {"sum": 0.0, "count": 0, "start": None, "end": None})
for result in ET.parse(sys.argv[1]).getroot().iter(NS + "UnitTestResult"):
    name = result.get("testName").split("(", 1)[0].rsplit(".", 1)[0]
    c = classes[name]
    c["sum"] += seconds(result.get("duration", "0:0:0"))
    c["count"] += 1
    start, end = when(result.get("startTime")), when(result.get("endTime"))
    c["start"] = min(c["start"] or start, start)
    c["end"] = max(c["end"] or end, end)

top = int(sys.argv[2]) if len(sys.argv) > 2 else 10
print(f"{'span s':>7} {'sum s':>7} {'tests':>5}  class (the {top} longest spans of {len(classes)})")
for name, c in sorted(classes.items(), key=lambda kv: kv[1]["end"] - kv[1]["start"], reverse=True)[:top]:
    span = (c["end"] - c["start"]).total_seconds()
    print(f"{span:7.0f} {c['sum']:7.0f} {c['count']:5d}  {name}")
