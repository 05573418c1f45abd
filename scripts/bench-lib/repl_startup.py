#!/usr/bin/env python3
"""Time from starting an interactive program in a pseudo-terminal to its first prompt.
Usage: repl_startup.py RUNS PROMPT COMMAND [ARG...]; prints the median and p90 in ms as JSON."""
import json
import os
import statistics
import sys
import time

import pexpect

runs, prompt, command, arguments = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
env = dict(os.environ, NO_COLOR="1", TERM="xterm")
samples = []
for _ in range(runs):
    started = time.perf_counter()
    child = pexpect.spawn(command, arguments, env=env, encoding="utf-8", timeout=60)
    child.expect_exact(prompt)
    samples.append((time.perf_counter() - started) * 1000)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
samples.sort()
print(json.dumps({"runs": runs, "medianMs": round(statistics.median(samples), 1), "p90Ms": round(samples[int(0.9 * (runs - 1))], 1)}))
