#!/usr/bin/env bash
# Where the time goes: one level of bench/run.sh's sweep (default 2,000 events/s for 20 s, one
# webhook hook each, dispatch running) on a fresh server recorded with JFR, then the threads and
# methods that took the CPU samples, the GC pauses and the longest parks. Run it after
# bench/run.sh (it uses the jar and classes that built):
#   bash bench/profile.sh        (~2 minutes; recording in target/bench-profile.jfr)
# Environment: PROFILE_RATE=2000, PROFILE_SECONDS=20.
set -euo pipefail
# The load generators', the raw clients' and the sink's JVMs: C1 only and the serial collector,
# so that on 2 cores they take less of the machine from what is measured (at 1,000 events/s
# the load generator and the sink took 20 s of CPU with the JVM's defaults, 11.5 s with these).
HELPER_JAVA_OPTS=${BENCH_HELPER_JAVA_OPTS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
cd "$(dirname "$0")/.."
RATE=${PROFILE_RATE:-2000}
SECONDS_AT_RATE=${PROFILE_SECONDS:-20}
PORT=18400
SINK_PORT=18401
JFR_FILE=target/bench-profile.jfr
# The bench's own admin token: Hookline starts with it as its bootstrap token (instead of writing
# hookline-data/admin-token), and the Java clients send it (IntakeLoad reads this variable).
export HOOKLINE_AUTH_BOOTSTRAP_TOKEN=${HOOKLINE_AUTH_BOOTSTRAP_TOKEN:-hl_bench-token-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
run() { java $HELPER_JAVA_OPTS -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" "$@"; }
APP_PID= SINK_PID=
trap 'for pid in $APP_PID $SINK_PID; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

# Not through run(): a backgrounded function is a subshell, and killing it would leave the JVM.
java $HELPER_JAVA_OPTS -Xmx1g -cp "$CP" io.hookline.bench.BenchSink $SINK_PORT > target/bench-sink.log 2>&1 &
SINK_PID=$!
rm -f "$JFR_FILE"
QUARKUS_HTTP_PORT=$PORT HOOKLINE_CONNECTIONS_FILE=bench/connections.yaml \
  HOOKLINE_EMBEDDED_POSTGRES_DATA_DIR=target/bench-postgres HOOKLINE_EMBEDDED_POSTGRES_CLEAN_START=true \
  java -XX:StartFlightRecording=filename=$JFR_FILE,settings=profile,dumponexit=true \
  -jar target/quarkus-app/quarkus-run.jar > target/bench-hookline-profile.log 2>&1 &
APP_PID=$!
until curl -sf "localhost:$PORT/q/health/ready" >/dev/null; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -30 target/bench-hookline-profile.log >&2; exit 1; }
  sleep 0.1
done
HOOKS_YAML='- {hubRef: webhook, connection: bench-sink}' SINK_PORT=$SINK_PORT DELIVERED_WAIT_SECONDS=20 \
  WARMUP_RATE=$((RATE < 1000 ? RATE : 1000)) ACK_WAIT_SECONDS=$((SECONDS_AT_RATE + 30)) \
  run io.hookline.bench.IntakeLoad $PORT 4 $((RATE * SECONDS_AT_RATE)) "$RATE" 5
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=

# head closes the pipes early: that is not a failure.
set +o pipefail
echo "== CPU samples by thread (top 12)"
jfr print --events jdk.ExecutionSample --stack-depth 1 "$JFR_FILE" \
  | awk -F'"' '/sampledThread = /{print $2}' | sed 's/[-#][0-9]*$//; s/-[0-9]*$//' | sort | uniq -c | sort -rn | head -12
echo "== CPU samples by top frame (top 25)"
jfr print --events jdk.ExecutionSample --stack-depth 1 "$JFR_FILE" \
  | awk '/stackTrace = \[/{getline; sub(/^ +/, ""); sub(/line:.*/, ""); print}' | sort | uniq -c | sort -rn | head -25
echo "== CPU samples by first Hookline frame (top 15)"
jfr print --events jdk.ExecutionSample --stack-depth 64 "$JFR_FILE" \
  | awk '/stackTrace = \[/{found=0} /io\.hookline\./ && !found {sub(/^ +/, ""); sub(/line:.*/, ""); print; found=1}' \
  | sort | uniq -c | sort -rn | head -15
echo "== GC pauses"
jfr print --events jdk.GarbageCollection "$JFR_FILE" \
  | awk 'function ms(v, unit) { return unit == "s" ? v * 1000 : unit == "us" ? v / 1000 : unit == "ns" ? v / 1e6 : v }
         /sumOfPauses/{s += ms($3, $4)} /longestPause/{n++; p = ms($3, $4); if (p > m) m = p}
         END{printf "%d collections, %.0f ms paused in all, longest %.1f ms\n", n, s, m}'
echo "== threads parked longest (jdk.ThreadPark over 10 ms, top 10 by count)"
jfr print --events jdk.ThreadPark --stack-depth 8 "$JFR_FILE" \
  | awk '/stackTrace = \[/{getline; getline; getline; sub(/^ +/, ""); sub(/line:.*/, ""); print}' | sort | uniq -c | sort -rn | head -10
