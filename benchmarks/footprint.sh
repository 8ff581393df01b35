#!/bin/sh
# Footprint of each published tempcreds module: its own jar, and the runtime dependencies it brings to an
# application: all of them, and those an AWS SDK user does not have yet ("added": everything but the SDK's
# artifacts and the SDK's own transitive dependencies: Netty, Apache HttpClient, commons-logging,
# commons-codec, Reactive Streams, eventstream).
# Build first (jars): mvn -B -q -pl benchmarks -am package -DskipTests
# Usage: benchmarks/footprint.sh        (offline Maven; about a minute)
# The full tree of one module: mvn -o dependency:tree -pl imds -am -Dscope=runtime
set -e
cd "$(dirname "$0")/.."
MODULES="core imds sso cognito testkit"
# package in the same run, so the modules resolve to this checkout's jars, never to older installed ones
mvn -B -q -o -pl core,imds,sso,cognito,testkit -am package dependency:list -DskipTests -DincludeScope=runtime \
  -DoutputAbsoluteArtifactFilename=true -DoutputFile=target/runtime-deps.txt >/dev/null
size() { if [ -f "$1" ]; then stat -c %s "$1"; else echo 0; fi; }
kb() { echo $(( ($1 + 512) / 1024 )); }
echo "## Footprint"
echo
echo "| module | own jar KiB | runtime deps (jars) | runtime deps KiB | added to an SDK app: jars | added KiB | added artifacts |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for m in $MODULES; do
  own=$(ls $m/target/tempcreds-$m-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e standalone | head -1)
  ownsize=$(size "$own")
  n=0; total=0; xn=0; xtotal=0; names=""
  # lines look like:   group:artifact:jar:version:scope:/path/to.jar (possibly with a module-name suffix)
  for line in $(grep -E '^ +[^ ]+:[^ ]+:' $m/target/runtime-deps.txt | sed -E 's/^ +//; s/ .*//'); do
    g=$(echo "$line" | cut -d: -f1); a=$(echo "$line" | cut -d: -f2)
    f=$(echo "$line" | awk -F: '{print $NF}')
    case "$a" in tempcreds-*) f=$(ls $(echo "$a" | sed 's/tempcreds-//')/target/$a-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e standalone | head -1);; esac
    s=$(size "$f"); n=$((n + 1)); total=$((total + s))
    # url-connection-client is an SDK artifact that the SDK's service clients do not bring (they bring the
    # Apache and Netty clients): an SDK app does not have it yet unless it chose it.
    case "$g:$a" in software.amazon.awssdk:url-connection-client) g=added;; esac
    case "$g" in
      software.amazon.awssdk|software.amazon.eventstream|io.netty|org.apache.httpcomponents|commons-logging|commons-codec|org.reactivestreams) ;;
      *) xn=$((xn + 1)); xtotal=$((xtotal + s)); names="$names $a";;
    esac
  done
  if [ "$xn" -gt 8 ]; then names="$(echo $names | cut -d' ' -f1-8) ... ($xn in all)"; fi
  echo "| tempcreds-$m | $(kb $ownsize) | $n | $(kb $total) | $xn | $(kb $xtotal) | $names |"
done
