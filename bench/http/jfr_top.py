#!/usr/bin/env python3
"""The hottest methods of a JFR recording's execution samples, self and inclusive.

    jfr print --json --events jdk.ExecutionSample rec.jfr | python3 bench/http/jfr_top.py [--top 20]

Self: the sample's top frame. Inclusive: every method anywhere on the sampled stack (counted once
per sample); the top lines, packages and threads of the self samples. Stacks deeper than JFR's stack depth (64 by default) are truncated, so frames near the
thread's root are undercounted. Also prints the samples per package of the top frame. Python 3
standard library only.
"""

import argparse
import collections
import json
import re
import sys


def type_name(frame):
    return frame["method"]["type"]["name"].replace("/", ".")


def frame_name(frame):
    return f"{type_name(frame)}.{frame['method']['name']}"


def self_frame(frame):
    return f"{frame_name(frame)}:{frame.get('lineNumber', '?')}"


def package(frame):
    parts = type_name(frame).split(".")
    return ".".join(parts[:3]) if len(parts) > 3 else ".".join(parts[:-1])


def thread_kind(event):
    """The sampled thread's name without its number: virtual threads have none."""
    thread = event["values"].get("sampledThread") or {}
    name = thread.get("javaName") or ""
    if not name:
        return "(virtual or unnamed)"
    # Numbers and hashes vary per thread: "XNIO-1 I/O-2" -> "XNIO-# I/O-#".
    return re.sub(r"0x[0-9a-f]+|[0-9]+", "#", name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    events = json.load(sys.stdin)["recording"]["events"]
    self_counts, inclusive, packages = collections.Counter(), collections.Counter(), collections.Counter()
    lines, threads = collections.Counter(), collections.Counter()
    total = 0
    for event in events:
        frames = (event["values"].get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        total += 1
        self_counts[frame_name(frames[0])] += 1
        lines[self_frame(frames[0])] += 1
        packages[package(frames[0])] += 1
        threads[thread_kind(event)] += 1
        for name in {frame_name(f) for f in frames}:
            inclusive[name] += 1
    if not total:
        print("no execution samples")
        return 1
    for title, counter in (
        (f"Top {args.top} methods by self samples ({total} samples)", self_counts),
        (f"Top {args.top} methods by inclusive samples ({total} samples)", inclusive),
        (f"Top {args.top} lines by self samples", lines),
        (f"Top {args.top} packages of the top frame", packages),
        ("Samples by thread", threads),
    ):
        print(title)
        for name, count in counter.most_common(args.top):
            print(f"  {100.0 * count / total:5.1f}%  {count:6d}  {name}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
