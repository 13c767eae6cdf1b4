#!/usr/bin/env bash
# Hookline benchmark, reproducible on one machine, localhost only:
#   bash bench/run.sh        (~15 minutes; bench/results/<time>.json, <time>.png, a summary on stdout)
# Hookline runs as the README runs it (its run command, JVM options and all, default connection
# settings) on a fresh embedded Postgres. Every number is measured
# next to a limit or a peer taken in the same run on the same machine:
#   ack latency   vs a single-row durable commit into the same Postgres (RawCommitLatency, pgbench)
#   intake        vs durable batched JDBC inserts into the same Postgres (RawInsertLimit)
#   delivery      vs the same sink driven directly by a pooled HTTP client (DeliveryLoad)
#                 and vs Prometheus Alertmanager delivering to the same sink (AlertmanagerLoad)
# Then a sweep of offered load, each level on a fresh server with dispatch running.
# Environment (all optional):
#   BENCH_DELIVERIES=20000         Hookline deliveries and Alertmanager alerts
#   BENCH_EVENTS=100000            events for intake flat out and rows for raw inserts
#   BENCH_SWEEP_RATES="500 1000 2000 4000 8000"   offered events/s (multiples of 4)
#   BENCH_SWEEP_SECONDS=20         measured seconds per level (the issue's target says 60)
#   BENCH_SWEEP_WARMUP_SECONDS=5   unmeasured warm-up before each level (same rate, at most 1,000/s)
#   BENCH_SWEEP_DRAIN_SECONDS=20   wait after a level for its deliveries (event->delivered)
#   BENCH_RAW_COMMIT_SECONDS=10    single-commit latency measurement
#   BENCH_DELIVERY_WAIT_SECONDS=180  longest wait for the deliveries (rate then of what arrived)
#   BENCH_SKIP_BUILD=1             use the jar and test classes already in target/
#   HOOKLINE_JAVA_OPTS             JVM options for Hookline (by default the README's run command's)
#   BENCH_HELPER_JAVA_OPTS         JVM options of the load generators, raw clients and sink (C1, serial GC)
set -euo pipefail
# The load generators', the raw clients' and the sink's JVMs: C1 only and the serial collector,
# so that on 2 cores they take less of the machine from what is measured (at 1,000 events/s
# the load generator and the sink took 20 s of CPU with the JVM's defaults, 11.5 s with these).
HELPER_JAVA_OPTS=${BENCH_HELPER_JAVA_OPTS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
# The README's run command's JVM options: what users run.
HOOKLINE_JAVA_OPTS=${HOOKLINE_JAVA_OPTS-"-XX:SharedArchiveFile=target/quarkus-app/hookline.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+UseTransparentHugePages -Xmx160m -XX:+ExitOnOutOfMemoryError"}
cd "$(dirname "$0")/.."
DELIVERIES=${BENCH_DELIVERIES:-20000}
EVENTS=${BENCH_EVENTS:-100000}
SWEEP_RATES=${BENCH_SWEEP_RATES:-500 1000 2000 4000 8000}
SWEEP_SECONDS=${BENCH_SWEEP_SECONDS:-20}
SWEEP_WARMUP=${BENCH_SWEEP_WARMUP_SECONDS:-5}
SWEEP_DRAIN=${BENCH_SWEEP_DRAIN_SECONDS:-20}
RAW_COMMIT_SECONDS=${BENCH_RAW_COMMIT_SECONDS:-10}
DELIVERY_WAIT=${BENCH_DELIVERY_WAIT_SECONDS:-180}
PORT=18400
SINK_PORT=18401
AM_PORT=18402
DATA=target/bench-postgres
AM_DIR=target/bench-alertmanager
RESULTS=bench/results
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$RESULTS/$STAMP.json"
PLOT="$RESULTS/$STAMP.png"
HOOK='- {hubRef: webhook, connection: bench-sink}'
mkdir -p "$RESULTS" target
say() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

# The peers and the plotter come from Debian; installed once, never by CI (.ci/run has no bench).
missing=()
command -v prometheus-alertmanager >/dev/null || command -v alertmanager >/dev/null || missing+=(prometheus-alertmanager)
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
ALERTMANAGER=$(command -v prometheus-alertmanager || command -v alertmanager)

say "building"
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
[ -n "${BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q package -DskipTests -DskipBufLint=true
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
# The bench's own admin token: Hookline starts with it as its bootstrap token (instead of writing
# hookline-data/admin-token), and the Java clients send it (IntakeLoad reads this variable).
export HOOKLINE_AUTH_BOOTSTRAP_TOKEN=${HOOKLINE_AUTH_BOOTSTRAP_TOKEN:-hl_bench-token-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
run() { java $HELPER_JAVA_OPTS -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" "$@"; }

APP_PID= SINK_PID= AM_PID=
cleanup() {
  for pid in $APP_PID $AM_PID $SINK_PID; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true
  [ -z "${RUNNING_PG_UP:-}" ] || pg_ctl_ -m fast -w stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

RSS_PEAK_MB=0
# Starts Hookline exactly as the README does, on a fresh embedded Postgres (on the one the last
# server left when $2 is "restart"; on the running Postgres's database $3 when $2 is "running");
# sets APP_PID, START_JSON (process start -> ready; with the embedded Postgres, which starts beside
# the JVM, also that server's own start and the part of the start after it was up).
start_hookline() {
  local log=target/bench-hookline-$1.log t0 t1 pg_clock pg_ms pg_own clean=true external=()
  [ "${2:-}" = restart ] && clean=false
  [ "${2:-}" = running ] && external=(QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://localhost:$RUNNING_PG_PORT/$3"
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$RUNNING_PG_PORT/$3"
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres)
  t0=$(date +%s%3N)
  env "${external[@]}" QUARKUS_HTTP_PORT=$PORT HOOKLINE_CONNECTIONS_FILE=bench/connections.yaml \
    HOOKLINE_EMBEDDED_POSTGRES_DATA_DIR=$DATA HOOKLINE_EMBEDDED_POSTGRES_CLEAN_START=$clean \
    java $HOOKLINE_JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
  APP_PID=$!
  until curl -sf "localhost:$PORT/q/health/ready" >/dev/null; do
    kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$log" >&2; say "Hookline did not start"; exit 1; }
    (( $(date +%s%3N) - t0 < 300000 )) || { say "Hookline not ready after 300 s"; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s%3N)
  if [ "${2:-}" = running ]; then
    START_JSON="{\"start_to_ready_ms\":$((t1 - t0)),\"database\":\"$3\"}"
    return
  fi
  PG_PORT=$(grep -o "Embedded Postgres started on port [0-9]*" "$log" | awk '{print $NF}')
  pg_clock=$(grep "Embedded Postgres started on port" "$log" | awk '{print $1}')
  pg_own=$(grep -o "Embedded Postgres started on port .* in [0-9]* ms" "$log" | awk '{print $(NF-1)}')
  pg_ms=$(( $(date -d "$(date -d "@$((t0 / 1000))" +%F) $pg_clock" +%s%3N) - t0 ))
  (( pg_ms >= 0 )) || pg_ms=$((pg_ms + 86400000))
  START_JSON="{\"start_to_ready_ms\":$((t1 - t0)),\"postgres_up_ms\":$pg_ms,\"postgres_own_start_ms\":$pg_own,\"ready_after_postgres_ms\":$((t1 - t0 - pg_ms))}"
}
# Postgres started by the bench itself, with the binaries the embedded server unpacked, on the
# delivery run's data directory: a start on it is the JVM's alone, as with the external Postgres of
# a deployment. Postgres refuses to run as root; the embedded server runs it under unshare -U too.
RUNNING_PG_PORT=$((PORT + 3))
pg_ctl_() {
  local bin as=()
  bin=$(ls -d "${TMPDIR:-/tmp}"/embedded-pg/*/bin | head -1)
  [ "$(id -u)" = 0 ] && as=(unshare -U)
  "${as[@]}" "$bin/pg_ctl" -D "$DATA" "$@"
}
# CPU ticks (USER_HZ) so far: "<Hookline JVM> <embedded Postgres> <machine busy> <machine all>".
# Postgres: the postmaster with its exited children (cutime, cstime) and the live ones (a level's
# pooled connections live until Hookline stops, so their backends are counted while they run).
cpu_ticks() {
  local pm hook pg=0 child busy all
  hook=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat")
  pm=$(pgrep -f "postgres -D .*$DATA" | head -1)
  if [ -n "$pm" ]; then
    pg=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
    for child in $(pgrep -P "$pm"); do
      pg=$((pg + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
  fi
  read -r busy all < <(awk '/^cpu /{print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat)
  echo "$hook $pg $busy $all"
}
# JSON of the CPU used between two cpu_ticks samples: seconds of each process, and the share of
# the machine's CPUs that were busy (1.0: every core, whatever ran on it).
cpu_json() {
  local h0 p0 b0 a0 h1 p1 b1 a1 hz
  read -r h0 p0 b0 a0 <<< "$1"; read -r h1 p1 b1 a1 <<< "$2"; hz=$(getconf CLK_TCK)
  awk -v h=$((h1 - h0)) -v p=$((p1 - p0)) -v b=$((b1 - b0)) -v a=$((a1 - a0)) -v hz="$hz" 'BEGIN {
    printf "{\"hookline_cpu_s\":%.2f,\"postgres_cpu_s\":%.2f,\"machine_busy\":%.3f}", h / hz, p / hz, a ? b / a : 0 }'
}
# Stops Hookline; LAST_RSS_MB is the process's peak resident set (the kernel's VmHWM).
stop_hookline() {
  LAST_RSS_MB=$(( $(awk '/VmHWM/{print $2}' "/proc/$APP_PID/status") / 1024 ))
  (( LAST_RSS_MB > RSS_PEAK_MB )) && RSS_PEAK_MB=$LAST_RSS_MB
  kill "$APP_PID"
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=
}

# Not through run(): a backgrounded function is a subshell, and killing it would leave the JVM.
java $HELPER_JAVA_OPTS -Xmx1g -cp "$CP" io.hookline.bench.BenchSink $SINK_PORT > target/bench-sink.log 2>&1 &
SINK_PID=$!

say "starting Hookline"
start_hookline main
MAIN_START=$START_JSON
say "ready: $MAIN_START"

say "warm-up"
run io.hookline.bench.IntakeLoad $PORT 8 20000 0 >/dev/null
DELIVERY_WAIT_SECONDS=120 run io.hookline.bench.DeliveryLoad $PORT $SINK_PORT 500 10000 >/dev/null

say "raw single-row commit latency, 4 clients, ${RAW_COMMIT_SECONDS}s"
RAW_COMMIT=$(run io.hookline.bench.RawCommitLatency "$PG_PORT" "$RAW_COMMIT_SECONDS")
PGBENCH=null
if command -v pgbench >/dev/null; then
  # The same measure with Postgres's own client, as a cross-check of the Java one.
  echo 'INSERT INTO bench_pgbench (client, at) VALUES (:client_id, now());' > target/bench-pgbench.sql
  export PGPASSWORD=postgres
  psql -q -h localhost -p "$PG_PORT" -U postgres -c 'CREATE TABLE IF NOT EXISTS bench_pgbench (client int, at timestamptz)' postgres
  PGBENCH_OUT=$(pgbench -n -h localhost -p "$PG_PORT" -U postgres -c 4 -j 2 -T 5 -f target/bench-pgbench.sql postgres 2>/dev/null)
  psql -q -h localhost -p "$PG_PORT" -U postgres -c 'DROP TABLE bench_pgbench' postgres
  PGBENCH="{\"clients\":4,\"latency_average_ms\":$(awk '/latency average/{print $4}' <<<"$PGBENCH_OUT"),\"tps\":$(awk '/^tps/{print $3}' <<<"$PGBENCH_OUT")}"
fi

say "raw batched durable inserts"
RAW_INSERT=$(run io.hookline.bench.RawInsertLimit "$PG_PORT" "$EVENTS")
say "intake flat out"
INTAKE_MAX=$(run io.hookline.bench.IntakeLoad $PORT 8 "$EVENTS" 0 3)

say "Alertmanager: $DELIVERIES alerts, one group each, to the same sink"
rm -rf "$AM_DIR" && mkdir -p "$AM_DIR/data"
cat > "$AM_DIR/alertmanager.yml" <<YAML
route: {receiver: sink, group_by: ['...'], group_wait: 0s, group_interval: 1s, repeat_interval: 4h}
receivers:
  - name: sink
    webhook_configs:
      - {url: 'http://127.0.0.1:$SINK_PORT/alertmanager', send_resolved: false}
YAML
"$ALERTMANAGER" --config.file="$AM_DIR/alertmanager.yml" --storage.path="$AM_DIR/data" \
  --web.listen-address=127.0.0.1:$AM_PORT --cluster.listen-address= > target/bench-alertmanager.log 2>&1 &
AM_PID=$!
until curl -sf "localhost:$AM_PORT/-/ready" >/dev/null; do
  kill -0 "$AM_PID" 2>/dev/null || { tail -20 target/bench-alertmanager.log >&2; exit 1; }
  sleep 0.1
done
ALERTMANAGER_RESULT=$(DELIVERY_WAIT_SECONDS=$DELIVERY_WAIT run io.hookline.bench.AlertmanagerLoad $AM_PORT $SINK_PORT "$DELIVERIES")
kill "$AM_PID"; wait "$AM_PID" 2>/dev/null || true; AM_PID=
AM_VERSION=$("$ALERTMANAGER" --version 2>&1 | head -1 | awk '{print $3}')

say "Hookline: $DELIVERIES deliveries end to end, default connection settings"
DELIVERY=$(DELIVERY_WAIT_SECONDS=$DELIVERY_WAIT run io.hookline.bench.DeliveryLoad $PORT $SINK_PORT "$DELIVERIES" 100000)
stop_hookline
MAIN_RSS=$LAST_RSS_MB

# A restart is the usual start of a deployed server: its schema is current, its database holds
# the run above's rows. Three, for the spread.
RESTARTS=
for i in 1 2 3; do
  start_hookline "restart-$i" restart
  say "restart $i: $START_JSON"
  stop_hookline
  RESTARTS="$RESTARTS${RESTARTS:+,}$START_JSON"
done

# JVM start to ready with Postgres already up (issue 15's measure: nothing of Postgres's own start
# in it): three starts on the delivery run's database, then three on a new, empty one each
# (migrations included).
pg_ctl_ -o "-p $RUNNING_PG_PORT -c listen_addresses=localhost -c max_connections=200 -c fsync=on -c synchronous_commit=on" \
  -l target/bench-running-postgres.log -w start >/dev/null
RUNNING_PG_UP=1
RUNNING=
for db in postgres postgres postgres fresh_1 fresh_2 fresh_3; do
  [ "$db" = postgres ] || run io.hookline.bench.CreateDatabase "$RUNNING_PG_PORT" "$db"
  start_hookline "running-$db" running "$db"
  say "start on a running Postgres ($db): $START_JSON"
  stop_hookline
  RUNNING="$RUNNING${RUNNING:+,}$START_JSON"
done
pg_ctl_ -m fast -w stop >/dev/null
RUNNING_PG_UP=

SWEEP=
for rate in $SWEEP_RATES; do
  say "sweep: $rate events/s for ${SWEEP_SECONDS}s on a fresh server, one webhook hook each"
  start_hookline "sweep-$rate"
  # Warm-up capped at 1,000/s: an overloaded warm-up would leave the measured level a backlog.
  CPU0=$(cpu_ticks)
  LEVEL=$(HOOKS_YAML=$HOOK SINK_PORT=$SINK_PORT DELIVERED_WAIT_SECONDS=$SWEEP_DRAIN \
    WARMUP_RATE=$((rate < 1000 ? rate : 1000)) ACK_WAIT_SECONDS=$((SWEEP_SECONDS + 30)) \
    run io.hookline.bench.IntakeLoad $PORT 4 $((rate * SWEEP_SECONDS)) "$rate" "$SWEEP_WARMUP")
  # Over the whole level (warm-up, measured seconds, the wait for its deliveries): how close to
  # the machine's two cores the level ran, and whose CPU it was.
  LEVEL_CPU=$(cpu_json "$CPU0" "$(cpu_ticks)")
  stop_hookline
  SWEEP="$SWEEP${SWEEP:+,}${LEVEL%\}},\"start\":$START_JSON,\"hookline_rss_peak_mb\":$LAST_RSS_MB,\"cpu\":$LEVEL_CPU}"
done

cat > "$OUT" <<JSON
{"machine":"$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB","java":"$(java -version 2>&1 | head -1 | tr -d '"')",
 "load_average_at_start":"$LOAD_AT_START","alertmanager_version":"$AM_VERSION",
 "hookline_java_opts":"$HOOKLINE_JAVA_OPTS","helper_java_opts":"$HELPER_JAVA_OPTS","connection":"bench/connections.yaml (default concurrency, no rate limit)",
 "start":$MAIN_START,
 "restarts":[$RESTARTS],
 "starts_on_running_postgres":[$RUNNING],
 "raw_commit":$RAW_COMMIT,
 "pgbench_commit":$PGBENCH,
 "raw_insert":$RAW_INSERT,
 "intake_max":$INTAKE_MAX,
 "alertmanager":$ALERTMANAGER_RESULT,
 "delivery":$DELIVERY,
 "hookline_rss_main_mb":$MAIN_RSS,
 "sweep":[$SWEEP],
 "hookline_rss_max_mb":$RSS_PEAK_MB}
JSON
run io.hookline.bench.BenchSummary "$OUT" target/bench-sweep.dat
RAW_P99=$(grep -o '"p99_ms":[0-9.]*' <<<"$RAW_COMMIT" | cut -d: -f2)
gnuplot -e "table='target/bench-sweep.dat'; out='$PLOT'; raw_p99=$RAW_P99; \
  title_text='Hookline $STAMP: latency against offered load (2 cores, everything durable)'" bench/plot.gp \
  || say "gnuplot failed: no plot"
echo "results: $OUT, plot: $PLOT"
