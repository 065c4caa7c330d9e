#!/usr/bin/env bash
# Runs the JMH benchmarks and records the results under benchmarks/results/ as
#   <date>-<machine>.json          JMH's JSON output
#   <date>-<machine>.machine.json  the machine, JDK and commit they came from
#   <date>-<machine>.peers.json    the CPU peers (numpy GEMM, PyTorch matmul + topk, PyTorch eager training step)
#                                  from benchmarks/peers/cpu_peers.py, when a python3 with numpy and torch is found
#   <date>-<machine>.summary.txt   ratios against the baselines, the peers and the targets
# Usage: [PRIVTUNE_RESULTS_TAG=name] [PRIVTUNE_PEERS=0] [PRIVTUNE_PEER_PYTHON=python3] benchmarks/run.sh [JMH arguments,
#        e.g. a benchmark regex such as KnnGraph]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=../scripts/find-jdk25.sh
source "$root/scripts/find-jdk25.sh"
"$root/mvn25" -q -B -Dstyle.color=never -DskipTests -pl benchmarks -am package
cpu="$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)"
cores="$(nproc)"
machine="$(echo "cpu-${cores}core-${cpu}" | tr 'A-Z' 'a-z' | tr -cs 'a-z0-9' '-' | sed 's/-$//')"
stamp="$(date -u +%Y-%m-%d)"
out="$here/results/$stamp-$machine${PRIVTUNE_RESULTS_TAG:+-$PRIVTUNE_RESULTS_TAG}"   # a tag keeps two runs of one day apart
mkdir -p "$here/results"
cat > "$out.machine.json" <<JSON
{
  "cpu": "$cpu",
  "cores": $cores,
  "memory_gib": $(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo),
  "jdk": "$("$PRIVTUNE_JAVA_HOME/bin/java" -version 2>&1 | head -1 | sed 's/"/\\"/g')",
  "commit": "$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)",
  "date_utc": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
JSON
cd "$root"   # benchmarks read ../shared/data relative to the repository root
cp="$here/target/benchmarks.jar:$here/target/lib/*"
"$PRIVTUNE_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main \
  -rf json -rff "$out.json" "$@"
peers=()
if [ "${PRIVTUNE_PEERS:-1}" != 0 ]; then
  # Debian's python3 (apt-get install python3-numpy python3-torch libopenblas0-pthread) is often not the first
  # python3 on PATH
  for python in ${PRIVTUNE_PEER_PYTHON:-/usr/bin/python3 python3}; do
    if "$python" -c 'import numpy, torch' 2>/dev/null; then
      echo "CPU peers with $python (benchmarks/peers/cpu_peers.py)"
      "$python" "$here/peers/cpu_peers.py" "$out.peers.json" && peers=("$out.peers.json")
      break
    fi
  done
  [ ${#peers[@]} -gt 0 ] || echo "no python3 with numpy and torch: the summary has no CPU peers"
fi
"$PRIVTUNE_JAVA_HOME/bin/java" -cp "$cp" io.privtune.bench.ResultsSummary "$out.json" "${peers[@]}" | tee "$out.summary.txt"
echo "results: $out.json"
