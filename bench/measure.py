#!/usr/bin/env python3
"""Runs a command, prints its wall time (s) and peak RSS (MiB) as one JSON line.

Usage: measure.py LABEL -- COMMAND...   (exit code of the command is reported, not raised)
"""
import json
import resource
import subprocess
import sys
import time

label = sys.argv[1]
command = sys.argv[sys.argv.index("--") + 1:]
start = time.monotonic()
proc = subprocess.run(command, stdout=subprocess.DEVNULL)
wall = time.monotonic() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"label": label, "wall_s": round(wall, 3), "peak_rss_mib": round(peak_kib / 1024, 1), "exit": proc.returncode}))
