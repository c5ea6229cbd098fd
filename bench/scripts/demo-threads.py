#!/usr/bin/env python3
"""CPU per thread in each phase of a `baton demo` run, read from /proc (Linux only).

Usage: bench/scripts/demo-threads.py -- ./baton demo [options]

Phases: from "warming up" to "running ...", and from "running ..." to the end of the engine thread (the
timed run and the short late shift). For each: the process's CPU and each thread group's, in percent of
one core over the phase's wall time; for the engine thread also its time on a CPU and its time runnable
but waiting for one (/proc/PID/task/TID/schedstat). Threads that end during a phase keep what they used.
The demo's own summary line is printed first.
"""
import glob
import os
import re
import subprocess
import sys
import threading
import time

if '--' not in sys.argv:
    sys.exit(__doc__)
command = sys.argv[sys.argv.index('--') + 1:]
tick = os.sysconf('SC_CLK_TCK')
proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
seen = {}  # tid -> (group name, cpu seconds), the last values read
engine = {}  # 'run' / 'wait' -> seconds, the engine thread's schedstat
lock = threading.Lock()
marks = []


def read():
    """@return (every thread's last values, the engine's schedstat, the time, whether the engine thread is alive)."""
    alive = False
    with lock:
        for stat in glob.glob(f'/proc/{proc.pid}/task/*/stat'):
            try:
                text = open(stat).read()
            except OSError:
                continue
            name = text[text.index('(') + 1:text.rindex(')')]
            fields = text[text.rindex(')') + 2:].split()
            seen[stat.split('/')[4]] = (re.sub(r'\d+$', 'N', name), (int(fields[11]) + int(fields[12])) / tick)
            if name == 'baton-engine':
                alive = True
                try:
                    run, wait = open(stat.replace('/stat', '/schedstat')).read().split()[:2]
                    engine['run'], engine['wait'] = int(run) / 1e9, int(wait) / 1e9
                except OSError:
                    pass
        return dict(seen), dict(engine), time.time(), alive


def follow():
    for line in proc.stdout:
        if line.startswith(('warming up', 'running ...')):
            marks.append((line.split(' ...')[0].strip(), read()[:3]))
        if line.startswith('demo:'):
            print(line.strip())


reader = threading.Thread(target=follow)
reader.start()
last = None
while proc.poll() is None:
    *snapshot, alive = read()
    if alive:
        last = tuple(snapshot)
    time.sleep(0.05)
reader.join()
if last is not None:
    marks.append(('engine thread ended', last))
for (a_name, (a, a_engine, a_time)), (b_name, (b, b_engine, b_time)) in zip(marks, marks[1:]):
    wall = b_time - a_time
    groups = {}
    for tid, (group, cpu) in b.items():
        groups[group] = groups.get(group, 0) + cpu - a.get(tid, (group, 0))[1]
    total = sum(groups.values())
    print(f'{a_name} -> {b_name}: {wall:.2f} s wall; process {100 * total / wall:.0f} %; engine on a CPU '
          f'{100 * (b_engine.get("run", 0) - a_engine.get("run", 0)) / wall:.0f} %, runnable waiting for one '
          f'{100 * (b_engine.get("wait", 0) - a_engine.get("wait", 0)) / wall:.0f} %')
    for group, cpu in sorted(groups.items(), key=lambda kv: -kv[1])[:8]:
        print(f'  {group:<24} {100 * cpu / wall:5.0f} %')
