#!/usr/bin/env bash
# Hookline benchmark, reproducible on one machine, localhost only:
#   bash bench/run.sh            (results: bench/results/<time>.json and a summary on stdout)
# Every number is measured next to a raw limit taken in the same run on the same machine:
#   intake    vs durable batched JDBC inserts into the same Postgres (RawInsertLimit)
#   delivery  vs the same sink driven directly by a pooled HTTP client (DeliveryLoad)
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-100000}
PORT=18400
SINK_PORT=18401
DATA=target/bench-postgres
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT="$RESULTS/$(date -u +%Y%m%dT%H%M%SZ).json"

./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"

rm -rf "$DATA"
java -Xmx256m -cp "$CP" io.hookline.bench.BenchSink $SINK_PORT > target/bench-sink.log 2>&1 &
SINK_PID=$!
# The JVM options of docs/operations.md for a 512 MiB container; RSS is read at the end.
LEAN_JVM="-Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=96m -Xss512k -XX:MaxDirectMemorySize=64m"
QUARKUS_OTEL_SDK_DISABLED=true java ${HOOKLINE_JAVA_OPTS:-$LEAN_JVM} -Dquarkus.http.port=$PORT \
  -Dhookline.embedded-postgres.data-dir="$DATA" -Dhookline.connections.file=bench/connections.yaml \
  -jar target/quarkus-app/quarkus-run.jar > target/bench-hookline.log 2>&1 &
APP_PID=$!
trap 'kill $APP_PID $SINK_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "localhost:$PORT/q/health/ready" >/dev/null && break
  sleep 0.5
done
PG_PORT=$(grep -o "Embedded Postgres started on port [0-9]*" target/bench-hookline.log | awk '{print $NF}')
run() { java -Xmx1g -cp "$CP" "$@"; }

echo "warm-up" >&2
run io.hookline.bench.IntakeLoad $PORT 8 20000 0 >/dev/null
run io.hookline.bench.DeliveryLoad $PORT $SINK_PORT 10000 10000 >/dev/null
echo "raw durable insert limit" >&2
RAW_INSERT=$(run io.hookline.bench.RawInsertLimit "$PG_PORT" "$EVENTS")
echo "intake, flat out" >&2
INTAKE_MAX=$(run io.hookline.bench.IntakeLoad $PORT 8 "$EVENTS" 0 3)
echo "intake at 2,000 events/s" >&2
INTAKE_2K=$(run io.hookline.bench.IntakeLoad $PORT 4 40000 2000 5)
echo "deliveries end to end" >&2
DELIVERY=$(run io.hookline.bench.DeliveryLoad $PORT $SINK_PORT 40000 100000)
# Last: it leaves its deliveries for the dispatcher, which would compete with any run after it.
echo "intake flat out, each event with one webhook hook (planned and rendered)" >&2
INTAKE_HOOKS=$(HOOKS_YAML='- {hubRef: webhook, connection: bench-sink}' run io.hookline.bench.IntakeLoad $PORT 8 "$EVENTS" 0 3)
RSS_KB=$(ps -o rss= -p $APP_PID | tr -d ' ')

cat > "$OUT" <<JSON
{"machine":"$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB","java":"$(java -version 2>&1 | head -1 | tr -d '"')",
 "raw_insert":$RAW_INSERT,
 "intake_max":$INTAKE_MAX,
 "intake_with_hook":$INTAKE_HOOKS,
 "intake_at_2000":$INTAKE_2K,
 "delivery":$DELIVERY,
 "hookline_rss_mb":$((RSS_KB / 1024))}
JSON
cat "$OUT"
