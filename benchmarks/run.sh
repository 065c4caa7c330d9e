#!/usr/bin/env bash
# Runs the JMH benchmarks and records the results under benchmarks/results/ as
#   <date>-<machine>.json          JMH's JSON output
#   <date>-<machine>.machine.json  the machine, JDK and commit they came from
#   <date>-<machine>.summary.txt   ratios against the baselines and the targets
# Usage: [PRIVTUNE_RESULTS_TAG=name] benchmarks/run.sh [JMH arguments, e.g. a benchmark regex such as KnnGraph]
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
"$PRIVTUNE_JAVA_HOME/bin/java" -cp "$cp" io.privtune.bench.ResultsSummary "$out.json" | tee "$out.summary.txt"
echo "results: $out.json"
