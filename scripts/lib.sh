# Shared by the test, browser and benchmark scripts: start portals in the background and stop them on exit.
# Source it after `cd` to the repository root; `PORTAL_BIN` picks the build (debug by default).
ROOT=$(pwd)
PORTAL_BIN=${PORTAL_BIN:-$ROOT/target/debug/eclipse-admin}
RUN_DIR=$(mktemp -d)
PIDS=()
STOPS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true
  for stop in "${STOPS[@]}"; do eval "$stop" >/dev/null 2>&1 || true; done
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

# cargo-leptos builds with `--cfg erase_components` and appends it to any RUSTFLAGS it finds; the plain cargo
# commands (tests, clippy, the standalone sandbox) get the same flag once, so every build shares one set of
# artefacts. Build the portal with `leptos_build`, never with the variable set.
export RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME="eclipse-admin"
leptos_build() { env -u RUSTFLAGS cargo leptos build "$@"; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

start_portal() { # port data-dir [extra env...]; the pid is left in LAST_PID
  local port=$1 dir=$2; shift 2
  env ECLIPSE_ADMIN_LISTEN="127.0.0.1:$port" PUBLIC_ORIGIN="http://127.0.0.1:$port" ECLIPSE_ADMIN_DATA_DIR="$dir" \
      LEPTOS_SITE_ROOT="$ROOT/target/site" "$@" \
      "$PORTAL_BIN" >"$dir.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

wait_healthy() { # port...
  for port in "$@"; do
    for _ in $(seq 1 300); do
      curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
      sleep 0.1
    done
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "portal on $port did not start"; cat "$RUN_DIR"/*.log; exit 1; }
  done
}

# Signs in through the portal's own sign-in server function and prints the session cookie (name=value).
session_cookie() { # port identity
  curl -fsS -o /dev/null -D - -H "Origin: http://127.0.0.1:$1" \
    --data-urlencode "identity=$2" --data-urlencode "password=Eclipse-Demo-2026" --data-urlencode "next=/" \
    "http://127.0.0.1:$1/api/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -1
}

# A throwaway PostgreSQL cluster from Debian's packages on a loopback port, in a folder of its own (PostgreSQL
# refuses to run as root: as root it runs as the `postgres` user). Leaves its URL in PG_URL; stopped on exit.
start_postgres() { # port
  local port=$1 bin dir as=()
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (scripts/install-tools.sh installs it)"; exit 1; }
  dir=$(mktemp -d /tmp/eclipse-admin-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
  "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U portal --locale=C -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log"; exit 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log"; exit 1; }
  STOPS+=("${as[*]} $bin/pg_ctl -D $dir/data -m fast stop; rm -rf $dir")
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U portal portal
  PG_URL="postgres://portal@127.0.0.1:$port/portal"
}
