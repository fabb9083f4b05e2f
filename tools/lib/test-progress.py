#!/usr/bin/env python3
"""Reads `dotnet test --logger "console;verbosity=normal"` on stdin and prints one line per finished test class:
its elapsed time since the run started and its pass/fail counts. A class is finished when it has as many results
as `dotnet test --list-tests` listed for it (argv[1]: that listing); classes whose count never matched are printed
at the end. Failures are printed in full (message and stack); passed tests and their output are not. Every other
line of dotnet test (build errors, the summary) passes through.
"""
import re
import sys
import time
from collections import Counter, defaultdict

RESULT = re.compile(r"^\s+(Passed|Failed|Skipped) (\S.*?)(?: \[[^\]]*\])?$")
start = time.monotonic()


def class_of(display_name):
    return display_name.split("(", 1)[0].rsplit(".", 1)[0]


expected = Counter()
with open(sys.argv[1], encoding="utf-8") as listing:
    after_header = False
    for line in listing:
        if line.startswith("The following Tests are available"):
            after_header = True
        elif after_header and line.startswith("    ") and line.strip():
            expected[class_of(line.strip())] += 1

counts = defaultdict(Counter)
printed = set()
showing = True  # lines after a result belong to it: shown for a failure, hidden for a pass


def report(name):
    c = counts[name]
    elapsed = int(time.monotonic() - start)
    failed = f"  FAILED {c['Failed']}" if c["Failed"] else ""
    skipped = f", {c['Skipped']} skipped" if c["Skipped"] else ""
    print(f"[{elapsed // 60:3d}:{elapsed % 60:02d}] {name}: {c['Passed']} passed, {c['Failed']} failed{skipped}{failed}", flush=True)
    printed.add(name)


for raw in sys.stdin:
    line = raw.rstrip("\n")
    match = RESULT.match(line)
    if match:
        outcome, name = match.groups()
        cls = class_of(name)
        counts[cls][outcome] += 1
        showing = outcome == "Failed"
        if showing:
            print(line, flush=True)
        if cls not in printed and sum(counts[cls].values()) == expected[cls]:
            report(cls)
        continue
    if line.startswith("  ") and not line.startswith("  Total") and not showing:
        continue
    if not line.startswith("  "):
        showing = True
    print(line, flush=True)

for cls in sorted(c for c in counts if c not in printed):
    report(cls)
