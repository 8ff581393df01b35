#!/bin/sh
# Runs every scenario benchmark with its documented default sizes and prints the tables (Markdown).
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests
# Usage: benchmarks/run-scenarios.sh > results.md   (about 5-10 minutes on 2 cores)
set -e
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); nproc: $(nproc); $(java -version 2>&1 | head -1); uptime:$(uptime)"
echo
for main in ThunderingHerd Outage ImdsRequests RoleChain Fleet; do
  start=$(date +%s)
  java -cp "$JAR" io.github.tempcreds.benchmarks.$main "$@"
  echo
  echo "($main took $(( $(date +%s) - start )) s; uptime:$(uptime))"
  echo
done
sh benchmarks/footprint.sh
