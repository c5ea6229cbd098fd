#!/usr/bin/env bash
# Runs `baton demo` with two builds of the command line, alternately, and prints each run's summary line, its
# CPU per decision (engine thread, whole process: the demo's cpu line) and the worst moment of its
# latency-over-time plot: on this noisy two-vCPU host only an alternating comparison
# within one sitting says anything (docs/performance.md).
#
# Usage: bench/scripts/demo-ab.sh A.jar B.jar ROUNDS [demo options...]
#   A.jar, B.jar: cli/target/baton-cli-*-all.jar of the two builds (copy each aside after building it)
#   ROUNDS: pairs to run; each run gets --fresh and its own journal under a temporary directory
# The JVM flags are the launcher's (./baton), read from it; BATON_JAVA_OPTS is passed on as there.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
a="$1"; b="$2"; rounds="$3"; shift 3
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for jar in "$a" "$b"; do
  [ -f "$jar" ] || { echo "demo-ab: no such jar: $jar" >&2; exit 2; }
done
# The launcher's flags: the lines of its flags=(...) array, up to the closing parenthesis.
flags="$(sed -n '/^flags=(/,/)$/p' "$home/baton" | sed 's/^flags=(//; s/)$//' | tr '\n' ' ')"
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
if [ "${java_major:-17}" -ge 24 ]; then # as the launcher does
  flags="$flags --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "demo-ab: $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg); A=$a B=$b; options: $*"
for ((i = 1; i <= rounds; i++)); do
  for side in A B; do
    jar="$a"; [ "$side" = B ] && jar="$b"
    # shellcheck disable=SC2086 # the flags are words
    out="$(cd "$home" && java $flags ${BATON_JAVA_OPTS:-} -Dbaton.home="$home" -jar "$jar" demo \
      --journal "$work/j-$side" --fresh "$@" 2>&1 || true)"
    line="$(grep '^demo:' <<< "$out" || true)"
    # CPU per decision of the engine thread and of the whole process (the demo's cpu line; builds before it
    # have none): on a shared host a steadier comparison than the rate.
    cpu="$(sed -n 's/^cpu *per decision: engine thread \([0-9.]* [nµ]s\).*whole process \([0-9.]* [nµ]s\).*/engine_cpu=\1 process_cpu=\2/p' <<< "$out" | tr -d ' ' | sed 's/process_cpu/ process_cpu/')"
    worst="$(grep -o 'worst: [^<]*' "$work/j-$side.html" 2>/dev/null || echo 'worst: ?')"
    echo "round $i $side: ${line:-demo: (no summary line)} ${cpu:-engine_cpu=? process_cpu=?} $worst"
  done
done
