#!/usr/bin/env bash
# Ack latency of intake alone: for each rate, a fresh Hookline (started as the README does, no
# hooks on the events, so nothing is dispatched) takes 4 Report streams at that fixed rate, and
# beside it, in the same run and against the same Postgres, the raw single-row commit latency
# (RawCommitLatency). One JSON line per rate on stdout. Run after a build (uses the jar and
# target/bench-cp.txt as bench/run.sh leaves them):
#   bash bench/ack.sh            (~1 minute per rate)
# Environment: ACK_RATES="500 2000", ACK_SECONDS=20, ACK_WARMUP_SECONDS=5, ACK_RAW_SECONDS=10,
# ACK_JFR=<file>: record the last rate's server with JFR (profile settings) into that file;
# ACK_JAR=<quarkus-run.jar>: another build to measure (to compare two builds in one sitting).
# ACK_PORT=18400: Hookline's port. HOOKLINE_JAVA_OPTS: JVM options (by default the README's run
# command's, as bench/run.sh; with ACK_JAR, its own build's class archive).
set -euo pipefail
# The load generators', the raw clients' and the sink's JVMs: C1 only and the serial collector,
# so that on 2 cores they take less of the machine from what is measured (at 1,000 events/s
# the load generator and the sink took 20 s of CPU with the JVM's defaults, 11.5 s with these).
HELPER_JAVA_OPTS=${BENCH_HELPER_JAVA_OPTS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
cd "$(dirname "$0")/.."
RATES=${ACK_RATES:-500 2000}
SECONDS_AT_RATE=${ACK_SECONDS:-20}
WARMUP=${ACK_WARMUP_SECONDS:-5}
RAW_SECONDS=${ACK_RAW_SECONDS:-10}
PORT=${ACK_PORT:-18400}
DATA=target/bench-postgres
APP_DIR=$(dirname "${ACK_JAR:-target/quarkus-app/quarkus-run.jar}")
HOOKLINE_JAVA_OPTS=${HOOKLINE_JAVA_OPTS-"-XX:SharedArchiveFile=$APP_DIR/hookline.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+UseTransparentHugePages -Xmx160m -XX:+ExitOnOutOfMemoryError"}
# The bench's own admin token: Hookline starts with it as its bootstrap token (instead of writing
# hookline-data/admin-token), and the Java clients send it (IntakeLoad reads this variable).
export HOOKLINE_AUTH_BOOTSTRAP_TOKEN=${HOOKLINE_AUTH_BOOTSTRAP_TOKEN:-hl_bench-token-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
run() { java $HELPER_JAVA_OPTS -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" "$@"; }
say() { echo "[ack $(date +%H:%M:%S)] $*" >&2; }
APP_PID=
trap '[ -z "$APP_PID" ] || kill "$APP_PID" 2>/dev/null || true; wait 2>/dev/null || true' EXIT

last=$(awk '{print $NF}' <<<"$RATES")
for rate in $RATES; do
  log=target/bench-hookline-ack-$rate.log
  jfr=
  [ -n "${ACK_JFR:-}" ] && [ "$rate" = "$last" ] && jfr="-XX:StartFlightRecording=filename=$ACK_JFR,settings=profile,dumponexit=true"
  QUARKUS_HTTP_PORT=$PORT HOOKLINE_CONNECTIONS_FILE=bench/connections.yaml \
    HOOKLINE_EMBEDDED_POSTGRES_DATA_DIR=$DATA HOOKLINE_EMBEDDED_POSTGRES_CLEAN_START=true \
    java $HOOKLINE_JAVA_OPTS $jfr -jar "${ACK_JAR:-target/quarkus-app/quarkus-run.jar}" > "$log" 2>&1 &
  APP_PID=$!
  until curl -sf "localhost:$PORT/q/health/ready" >/dev/null; do
    kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$log" >&2; say "Hookline did not start"; exit 1; }
    sleep 0.1
  done
  PG_PORT=$(grep -o "Embedded Postgres started on port [0-9]*" "$log" | awk '{print $NF}')
  say "$rate events/s: raw single-row commits for ${RAW_SECONDS}s"
  RAW=$(run io.hookline.bench.RawCommitLatency "$PG_PORT" "$RAW_SECONDS")
  say "$rate events/s: 4 streams, no hooks, ${SECONDS_AT_RATE}s after ${WARMUP}s of warm-up"
  ACK=$(ACK_WAIT_SECONDS=$((SECONDS_AT_RATE + 30)) run io.hookline.bench.IntakeLoad $PORT 4 $((rate * SECONDS_AT_RATE)) "$rate" "$WARMUP")
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
  echo "{\"rate\":$rate,\"ack\":$ACK,\"raw_commit\":$RAW}"
done
