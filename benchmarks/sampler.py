"""A sampling profiler for one jindu command, for benchmarks/scale.py.

    python benchmarks/sampler.py OUT.json site --out site      # `jindu site --out site`, sampled

Every few milliseconds of the process's CPU time (ITIMER_PROF) the main thread's stack is read,
and each function on it counts one sample. Unlike cProfile, a function that is called a million
times costs no more than its time: the page keys' digests, which make many small calls, are not
inflated. OUT gets the samples by function, the interval and the CPU time of this process (the
engine, the chart and press workers and Pagefind are other processes: not in it).
"""

from __future__ import annotations

import collections
import json
import signal
import sys
import time

INTERVAL = 0.005  # seconds of CPU between samples

counts: collections.Counter[str] = collections.Counter()


def sample(signum, frame) -> None:
    """Count every function on the interrupted stack once."""
    seen = set()
    while frame is not None:
        code = frame.f_code
        name = f"{code.co_filename}:{code.co_firstlineno}({code.co_name})"
        if name not in seen:
            seen.add(name)
            counts[name] += 1
        frame = frame.f_back
    counts["<all>"] += 1


def main() -> None:
    out = sys.argv[1]
    sys.argv = ["jindu", *sys.argv[2:]]
    from jindu.cli import main as jindu

    signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, INTERVAL, INTERVAL)
    try:
        jindu()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        with open(out, "w", encoding="utf-8") as handle:
            json.dump({"interval": INTERVAL, "cpu": time.process_time(), "counts": counts}, handle)


if __name__ == "__main__":
    main()
