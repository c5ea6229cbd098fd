#!/usr/bin/env bash
# Per-thread CPU, run-queue wait and context switches of one running JVM over a window, from /proc
# (Linux only; no profiler needed, and nothing is attached to the JVM).
#
#   bench/scripts/thread-cpu.sh PID SECONDS [OPS_PER_SECOND]
#
# For each thread that ran: CPU used (% of one core; user and system), time spent runnable but waiting
# for a core (run-queue wait, % of the window; from /proc/PID/task/TID/schedstat), voluntary and
# involuntary context switches per second. With OPS_PER_SECOND (a benchmark's measured rate), also the
# CPU each thread spends per operation. Threads with the same name but a trailing number (JMH workers,
# producers) are summed under one name.
set -euo pipefail
pid=${1:?usage: thread-cpu.sh PID SECONDS [OPS_PER_SECOND]}
seconds=${2:?usage: thread-cpu.sh PID SECONDS [OPS_PER_SECOND]}
ops=${3:-0}
ticks=$(getconf CLK_TCK)
# One live process, or nothing to read: say so rather than print an empty table (a pgrep pattern that also
# matches the calling shell's own command line gives two pids).
if ! [[ "$pid" =~ ^[0-9]+$ ]] || [ ! -d "/proc/$pid/task" ]; then
  echo "thread-cpu: not one running process: '${pid//$'\n'/ }'" >&2
  exit 2
fi

snapshot() { # bash builtins only, so every thread is read within a few milliseconds
  local task name stat sched line v n
  for task in /proc/"$pid"/task/*; do
    { read -r name < "$task/comm" && read -r stat < "$task/stat" && read -r sched < "$task/schedstat"; } 2>/dev/null || continue
    v=0; n=0
    while read -r line; do
      case $line in
        voluntary_ctxt_switches:*) v=${line##*[[:space:]]} ;;
        nonvoluntary_ctxt_switches:*) n=${line##*[[:space:]]} ;;
      esac
    done < "$task/status" 2>/dev/null || continue
    stat=${stat##*) }            # the fields after the name: state is 1st, utime 12th, stime 13th
    set -- $stat
    local utime=${12} stime=${13}
    set -- $sched
    echo "${name// /_} $utime $stime $1 $2 $v $n"
  done
}

before=$(mktemp); after=$(mktemp)
trap 'rm -f "$before" "$after"' EXIT
snapshot > "$before"; start=$(date +%s%N)
sleep "$seconds"
snapshot > "$after"; end=$(date +%s%N)
if [ ! -d "/proc/$pid/task" ]; then
  echo "thread-cpu: process $pid ended during the window; the figures below cover only part of it" >&2
fi

awk -v window="$(( (end - start) ))" -v ticks="$ticks" -v ops="$ops" '
  function key(n) { sub(/[-_#]?[0-9]+$/, "-N", n); return n }
  NR == FNR { k = key($1); u0[k] += $2; s0[k] += $3; r0[k] += $4; w0[k] += $5; v0[k] += $6; n0[k] += $7; next }
  { k = key($1); u1[k] += $2; s1[k] += $3; r1[k] += $4; w1[k] += $5; v1[k] += $6; n1[k] += $7 }
  END {
    sec = window / 1e9
    printf "window %.2f s%s\n", sec, (ops > 0) ? sprintf(", %d ops/s", ops) : ""
    printf "%-18s %7s %6s %6s %9s %10s %10s%s\n", "thread", "cpu%", "user%", "sys%", "runq-wait%", "vol-sw/s", "invol-sw/s", (ops > 0) ? "  cpu-ns/op" : ""
    for (k in u1) {
      run = r1[k] - r0[k]
      if (run < sec * 1e9 * 0.005) continue
      total += run
      printf "%-18s %7.1f %6.1f %6.1f %9.1f %10.0f %10.0f", k, run / sec / 1e7, (u1[k] - u0[k]) * 100 / ticks / sec,
        (s1[k] - s0[k]) * 100 / ticks / sec, (w1[k] - w0[k]) / sec / 1e7, (v1[k] - v0[k]) / sec, (n1[k] - n0[k]) / sec
      if (ops > 0) printf "  %9.0f", run / sec / ops
      printf "\n"
    }
    printf "all threads above: %.1f%% of one core", total / sec / 1e7
    if (ops > 0) printf ", %.0f ns of CPU per op", total / sec / ops
    printf "\n"
  }' "$before" "$after"
