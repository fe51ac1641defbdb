# Shared by the cluster test and the load test: PostgreSQL, the standalone sandbox, two portal instances and
# HAProxy, all on loopback. Source after scripts/lib.sh; `start_cluster` leaves BASE (the proxy's URL),
# SANDBOX_URL, PG_URL and PID_OF[port] set. PORTAL_BIN and SANDBOX_BIN pick the builds.
SANDBOX_BIN=${SANDBOX_BIN:-$ROOT/target/debug/eclipse-sandbox}
declare -A PID_OF

cluster_fail() { echo "FAILED: $*"; echo "--- logs"; tail -n 30 "$RUN_DIR"/*.log; exit 1; }

instance() { # port [extra env...]
  local port=$1; shift
  start_portal "$port" "$RUN_DIR/portal-$port" DATABASE_URL="$PG_URL" ECLIPSE_BASE_URL="$SANDBOX_URL" \
    PUBLIC_ORIGIN="$BASE" TRUSTED_PROXIES=127.0.0.1 SHUTDOWN_DRAIN_SECS=2 "$@"
  PID_OF[$port]=$LAST_PID
}

ready() { # port: until its /readyz answers 200
  for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz")" = 200 ] && return 0
    sleep 0.1
  done
  cluster_fail "instance on $1 not ready"
}

start_cluster() { # proxy-port a-port b-port sandbox-port pg-port [extra env for the instances...]
  local proxy=$1 a=$2 b=$3 sandbox=$4 pg=$5; shift 5
  BASE="http://127.0.0.1:$proxy"
  SANDBOX_URL="http://127.0.0.1:$sandbox"
  start_postgres "$pg"
  "$SANDBOX_BIN" --listen "127.0.0.1:$sandbox" --data-dir "$RUN_DIR/sandbox" --seed-demo \
    >"$RUN_DIR/sandbox.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do curl -s -o /dev/null "$SANDBOX_URL/" && break; sleep 0.1; done
  # The first applies the migrations; the second finds them applied.
  instance "$a" "$@"; ready "$a"
  instance "$b" "$@"; ready "$b"
  PROXY_PORT=$proxy PORTAL_A=$a PORTAL_B=$b haproxy -db -f "$ROOT/scripts/cluster/haproxy.cfg" \
    >"$RUN_DIR/haproxy.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz")" = 200 ] && break; sleep 0.1
  done
  sleep 1.5 # both instances up in HAProxy's checks (rise 2 × 500 ms)
}
