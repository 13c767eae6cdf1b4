#!/usr/bin/env bash
# Fairness across connections (issue 12): do 50 healthy connections keep their rate beside one
# whose receiver hangs? Two runs of the same load on a fresh server each, the README's command,
# every connection at default settings: events each with one webhook hook per healthy connection
# (run A), and the same events with one more hook to a connection whose receiver takes the request
# and never answers (run B). Reported for each run: healthy deliveries per second from the first
# event sent to the last healthy delivery, and the fewest and most any healthy connection got.
#   bash bench/fairness.sh      (after bench/run.sh, or with the jar and test classes built; ~2 min)
# Environment: FAIR_CONNECTIONS=50, FAIR_EVENTS=200, FAIR_RATE=10 (events/s; x50 deliveries/s).
set -euo pipefail
# The load generators', the raw clients' and the sink's JVMs: C1 only and the serial collector,
# so that on 2 cores they take less of the machine from what is measured (at 1,000 events/s
# the load generator and the sink took 20 s of CPU with the JVM's defaults, 11.5 s with these).
HELPER_JAVA_OPTS=${BENCH_HELPER_JAVA_OPTS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
cd "$(dirname "$0")/.."
CONNECTIONS=${FAIR_CONNECTIONS:-50}
EVENTS=${FAIR_EVENTS:-200}
RATE=${FAIR_RATE:-10}
PORT=18400
SINK_PORT=18401
DIR=target/bench-fairness
HOOKLINE_JAVA_OPTS=${HOOKLINE_JAVA_OPTS-"-XX:SharedArchiveFile=target/quarkus-app/hookline.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+UseTransparentHugePages -Xmx160m -XX:+ExitOnOutOfMemoryError"}
export HOOKLINE_AUTH_BOOTSTRAP_TOKEN=${HOOKLINE_AUTH_BOOTSTRAP_TOKEN:-hl_bench-token-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
[ -f target/bench-cp.txt ] || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
say() { echo "[fairness $(date +%T)] $*" >&2; }
APP_PID= SINK_PID=
trap 'for pid in $APP_PID $SINK_PID; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
mkdir -p "$DIR"

# The catalog: fair-1..N to the sink's /fair/<i>, and `hanging` to its /hang.
{
  echo "connections:"
  for i in $(seq 1 "$CONNECTIONS"); do
    printf '  - {name: fair-%d, kind: webhook, allowPrivateNetwork: true, url: "http://127.0.0.1:%d/fair/%d"}\n' "$i" "$SINK_PORT" "$i"
  done
  printf '  - {name: hanging, kind: webhook, allowPrivateNetwork: true, url: "http://127.0.0.1:%d/hang"}\n' "$SINK_PORT"
} > "$DIR/connections.yaml"
HEALTHY_HOOKS=$(for i in $(seq 1 "$CONNECTIONS"); do printf -- '- {hubRef: webhook, connection: fair-%d}\n' "$i"; done)

java $HELPER_JAVA_OPTS -Xmx512m -cp "$CP" io.hookline.bench.BenchSink $SINK_PORT > "$DIR/sink.log" 2>&1 &
SINK_PID=$!
until curl -sf "localhost:$SINK_PORT/count" >/dev/null; do sleep 0.1; done

count() { curl -s "localhost:$SINK_PORT/count/fair/$1"; }
healthy_total() { local sum=0 i; for i in $(seq 1 "$CONNECTIONS"); do sum=$((sum + $(count "$i"))); done; echo $sum; }

# One run: $1 its name, $2 the hooks of every event. Prints its JSON.
one_run() {
  local name=$1 hooks=$2 before t0 t1 want got i c min max
  QUARKUS_HTTP_PORT=$PORT HOOKLINE_CONNECTIONS_FILE=$DIR/connections.yaml \
    HOOKLINE_EMBEDDED_POSTGRES_DATA_DIR=$DIR/postgres HOOKLINE_EMBEDDED_POSTGRES_CLEAN_START=true \
    java $HOOKLINE_JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar > "$DIR/hookline-$name.log" 2>&1 &
  APP_PID=$!
  until curl -sf "localhost:$PORT/q/health/ready" >/dev/null; do
    kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$DIR/hookline-$name.log" >&2; exit 1; }
    sleep 0.1
  done
  before=$(healthy_total)
  want=$((before + EVENTS * CONNECTIONS))
  t0=$(date +%s%3N)
  HOOKS_YAML=$hooks java $HELPER_JAVA_OPTS -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" \
    io.hookline.bench.IntakeLoad $PORT 4 "$EVENTS" "$RATE" > "$DIR/intake-$name.json"
  got=$(healthy_total)
  until (( got >= want )) || (( $(date +%s%3N) - t0 > 180000 )); do sleep 0.2; got=$(healthy_total); done
  t1=$(date +%s%3N)
  min=-1 max=0
  for i in $(seq 1 "$CONNECTIONS"); do
    c=$(count "$i")
    (( min < 0 || c < min )) && min=$c
    (( c > max )) && max=$c
  done
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
  # Each run's counts start where the previous one's ended: per connection, subtract run A's.
  echo "{\"run\":\"$name\",\"healthy_delivered\":$((got - before)),\"healthy_expected\":$((want - before)),\"seconds\":$(awk "BEGIN{print ($t1-$t0)/1000}"),\"healthy_per_second\":$(awk "BEGIN{printf \"%.0f\", ($got-$before)/(($t1-$t0)/1000)}"),\"fewest_cumulative\":$min,\"most_cumulative\":$max,\"hanging_requests_cumulative\":$(curl -s "localhost:$SINK_PORT/count/hang")}"
}

say "run A: $EVENTS events at $RATE/s, each with $CONNECTIONS healthy hooks"
A=$(one_run healthy "$HEALTHY_HOOKS")
say "$A"
say "run B: the same, each event with one more hook to a connection whose receiver hangs"
B=$(one_run with-hanging "$HEALTHY_HOOKS
- {hubRef: webhook, connection: hanging}")
say "$B"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results
echo "{\"connections\":$CONNECTIONS,\"events\":$EVENTS,\"rate\":$RATE,\"runs\":[$A,$B]}" > "bench/results/fairness-$STAMP.json"
awk -v a="$(grep -o '"healthy_per_second":[0-9]*' <<<"$A" | cut -d: -f2)" -v b="$(grep -o '"healthy_per_second":[0-9]*' <<<"$B" | cut -d: -f2)" \
  'BEGIN{printf "healthy deliveries/s: %d alone, %d beside a hanging connection: %.2f of their rate\n", a, b, b/a}'
echo "results: bench/results/fairness-$STAMP.json"
