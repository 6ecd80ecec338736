#!/usr/bin/env python3
"""Where a process's CPU time goes, from `perf script -F ip,sym` of a call-graph recording.

    perf script -i perf.data -F ip,sym | bench/perfshares.py NAME...

For every NAME (a substring of a function's symbol) prints the share of samples whose stack
holds it anywhere (inclusive time, each sample counted once), then the functions with the most
samples of their own. Stacks are unwound by perf (--call-graph dwarf): the Qt libraries are
built without frame pointers.
"""
import collections
import sys


def stacks(lines):
    frames = []
    for line in lines:
        line = line.strip()
        if not line:
            if frames:
                yield frames
            frames = []
            continue
        parts = line.split(None, 1)
        frames.append(parts[1] if len(parts) > 1 else "[unknown]")
    if frames:
        yield frames


def main():
    names = sys.argv[1:]
    inclusive = collections.Counter()
    own = collections.Counter()
    total = 0
    for frames in stacks(sys.stdin):
        total += 1
        own[frames[0]] += 1
        for name in names:
            if any(name in frame for frame in frames):
                inclusive[name] += 1
    if total == 0:
        sys.exit("no samples")
    print(f"{total} samples")
    for name in names:
        print(f"  {100 * inclusive[name] / total:5.1f}%  incl.  {name}")
    for symbol, count in own.most_common(12):
        print(f"  {100 * count / total:5.1f}%  self   {symbol[:100]}")


if __name__ == "__main__":
    main()
