#!/usr/bin/env bash
# The cluster test: PostgreSQL, the standalone sandbox, two portal instances and HAProxy (all from Debian's
# packages or this build) on loopback. It proves that a session and the sign-in limit are shared by the
# instances, that a barring job survives `kill -9` of its instance and applies each step once, that a rolling
# restart under steady load loses no request and signs no one out, and runs a subset of the Playwright suite
# through the proxy. Run by scripts/test.sh after its build; run alone, it builds first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
if [ ! -x target/debug/eclipse-admin ] || [ ! -x target/debug/eclipse-sandbox ]; then
  leptos_build
  cargo build --features ssr --bin eclipse-sandbox
fi

source scripts/cluster/lib.sh
PROXY=3200 A=3201 B=3202
fail() { cluster_fail "$@"; }
pass() { printf '  \033[32mok\033[0m %s\n' "$*"; }

step "PostgreSQL, the standalone sandbox, two instances, HAProxy"
start_cluster "$PROXY" "$A" "$B" 3210 3220 LOG_FORMAT=json

served_by() { tr -d '\r' | sed -n 's/^[Xx]-[Ss]erved-[Bb]y: //p'; }
page() { # path cookie → "status instance"
  local headers
  headers=$(curl -s -o /dev/null -D - -H "Cookie: $2" "$BASE$1")
  echo "$(echo "$headers" | head -1 | awk '{print $2}') $(echo "$headers" | served_by)"
}

step "a session made through one instance works on both"
COOKIE=$(session_cookie "$PROXY" mzansi.system)
[ -n "$COOKIE" ] || fail "sign-in through the proxy"
seen=""
for _ in $(seq 1 8); do
  read -r status by < <(page /customers "$COOKIE")
  [ "$status" = 200 ] || fail "/customers answered $status on $by"
  seen+="$by "
done
[[ "$seen" == *a* && "$seen" == *b* ]] || fail "requests did not alternate: $seen"
pass "8 signed-in pages, 200 each, served by: $seen"

step "the failed sign-in limit counts across instances"
login() { # identity password → "status instance"
  local headers
  headers=$(curl -s -o /dev/null -D - -H "Origin: $BASE" -H 'Accept: application/json' \
    --data-urlencode "identity=$1" --data-urlencode "password=$2" --data-urlencode "next=/" "$BASE/api/login")
  echo "$(echo "$headers" | head -1 | awk '{print $2}') $(echo "$headers" | served_by)"
}
seen=""
for i in 1 2 3 4 5; do
  read -r status by < <(login mzansi.level2 "wrong-$i")
  [ "$status" = 401 ] || fail "wrong password $i answered $status"
  seen+="$by "
done
[[ "$seen" == *a* && "$seen" == *b* ]] || fail "attempts did not alternate: $seen"
read -r status by < <(login mzansi.level2 Eclipse-Demo-2026)
[ "$status" = 429 ] || fail "the right password after five failures answered $status"
read -r status by2 < <(login mzansi.level2 Eclipse-Demo-2026)
[ "$status" = 429 ] || fail "the other instance answered $status"
pass "five failures across $seen→ 429 from $by and from $by2"

step "one request id in the answer, the instance's JSON log and the sandbox's log; metrics per instance"
headers=$(curl -s -o /dev/null -D - -H "Origin: $BASE" -H 'Accept: application/json' \
  --data-urlencode "identity=mzansi.level1" --data-urlencode "password=not-the-password" --data-urlencode "next=/" \
  "$BASE/api/login" | tr -d '\r')
ID=$(echo "$headers" | sed -n 's/^[Xx]-[Rr]equest-[Ii]d: //p')
[ -n "$ID" ] || fail "no X-Request-Id on the answer"
sleep 0.5
grep -h "\"request_id\":\"$ID\"" "$RUN_DIR"/portal-*.log | grep -q '"sign-in failed"' \
  || fail "no JSON log line of the instance with request_id $ID"
grep -q "request_id=$ID" "$RUN_DIR/sandbox.log" || fail "the sandbox's log does not have $ID"
for port in "$A" "$B"; do
  metrics=$(curl -fsS "http://127.0.0.1:$port/metrics") || fail "/metrics on $port"
  echo "$metrics" | grep -q '^http_requests_total{' || fail "/metrics on $port has no request counts"
  echo "$metrics" | grep -q '^eclipse_requests_total{' || fail "/metrics on $port has no Eclipse calls"
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/metrics")" = 404 ] || fail "/metrics answered through the proxy"
pass "request $ID found in the instance's JSON log and the sandbox's; /metrics on each instance, 404 through the proxy"

psql_() { psql "$PG_URL" -Atqc "$1"; }
steps_of() { # customer python-expression over the job's steps → a number
  psql_ "SELECT steps FROM barring_jobs WHERE customer_id = $1" | python3 -c "import json,sys; s=json.load(sys.stdin); print($2)"
}
# Starts a barring job for a customer with the sandbox slowed, stops the instance running it with `signal`
# once `after` steps are done, and checks that the other instance finishes it with one write per step.
job_survives() { # signal customer after
  local signal=$1 customer=$2 after=$3 total writes cancels done_steps=0 runner victim stopped_port="" status took new_runner hits
  # Every write to a wallet or withdrawal is counted by the sandbox (a path fault under 400 only counts).
  curl -fsS -X PUT "$SANDBOX_URL/__sandbox/faults" -H 'Content-Type: application/json' \
    -d '{"latencyMs": 700, "statusForPath": [{"path": "PUT /eclipse-conductor/rest/v1/tenants/42/wallets/", "status": 200}]}' >/dev/null
  curl -fsS -o /dev/null -H "Origin: $BASE" -H "Cookie: $COOKIE" \
    --data-urlencode "customer_id=$customer" --data-urlencode "bar=true" \
    --data-urlencode "reason=Cluster test: instance stopped mid-job" "$BASE/api/customers/barring/start" \
    || fail "starting the barring job of customer $customer"
  writes=$(steps_of "$customer" 'sum(1 for x in s if next(iter(x["action"])) in ("CancelWithdrawal", "Wallet"))')
  cancels=$(steps_of "$customer" 'sum(1 for x in s if next(iter(x["action"])) == "CancelWithdrawal")')
  total=$(steps_of "$customer" 'sum(1 for x in s if x["state"] == "Todo")')
  [ "$total" -ge $((after + 2)) ] || fail "customer $customer's job has $total steps to do: too few to stop it half way"
  for _ in $(seq 1 100); do
    done_steps=$(steps_of "$customer" 'sum(1 for x in s if x["state"] == "Done")')
    [ "$done_steps" -ge "$after" ] && break; sleep 0.2
  done
  runner=$(psql_ "SELECT runner_instance FROM barring_jobs WHERE customer_id = $customer")
  victim=$(echo "$runner" | awk -F- '{print $(NF-1)}')
  for port in "$A" "$B"; do [ "${PID_OF[$port]}" = "$victim" ] && stopped_port=$port; done
  [ -n "$stopped_port" ] || fail "the job's runner $runner is not one of the instances"
  kill "-$signal" "$victim"
  local stopped_at; stopped_at=$(date +%s)
  echo "  SIG$signal to the instance on $stopped_port ($runner) after $done_steps of the job's $total steps"
  for _ in $(seq 1 120); do
    [ "$(psql_ "SELECT status FROM barring_jobs WHERE customer_id = $customer")" = DONE ] && break; sleep 1
  done
  status=$(psql_ "SELECT status FROM barring_jobs WHERE customer_id = $customer")
  [ "$status" = DONE ] || fail "the job is $status two minutes after SIG$signal"
  took=$(( $(date +%s) - stopped_at ))
  new_runner=$(psql_ "SELECT runner_instance FROM barring_jobs WHERE customer_id = $customer")
  hits=$(curl -fsS "$SANDBOX_URL/__sandbox/faults" | python3 -c 'import json,sys; print(json.load(sys.stdin)["statusForPath"][0]["hits"])')
  curl -fsS -X PUT "$SANDBOX_URL/__sandbox/faults" -H 'Content-Type: application/json' -d '{}' >/dev/null
  [ "$hits" = "$writes" ] || fail "$hits writes to wallets and withdrawals for $writes steps"
  [ "$new_runner" != "$runner" ] || fail "the job was not taken over"
  # Handed back at SIGTERM, a job is taken at the other instance's next look, not after its heartbeat goes stale.
  [ "$signal" != TERM ] || [ "$took" -lt 25 ] || fail "a job handed back at SIGTERM took ${took}s to finish"
  pass "finished by $new_runner ${took}s after SIG$signal; $hits writes for $writes steps ($cancels withdrawals cancelled once)"
  wait "$victim" 2>/dev/null || true
  instance "$stopped_port"; ready "$stopped_port"; sleep 1.5
}

step "a barring job survives kill -9 of its instance, and applies each step once"
job_survives KILL 41 2

step "SIGTERM hands a running barring job back: the other instance finishes it at once"
job_survives TERM 43 1

step "a rolling restart under load loses no request and signs no one out"
COOKIE=$COOKIE wrk -t2 -c16 -d30s --timeout 10s -s scripts/load/pages.lua "$BASE" >"$RUN_DIR/wrk.out" 2>&1 &
WRK=$!
sleep 5
for port in "$A" "$B"; do
  kill -TERM "${PID_OF[$port]}"
  while kill -0 "${PID_OF[$port]}" 2>/dev/null; do sleep 0.1; done
  instance "$port"; ready "$port"
  sleep 2 # HAProxy sees it up again (rise 2 × 500 ms) before the other goes
done
wait "$WRK"
RESULT=$(grep '^RESULT' "$RUN_DIR/wrk.out") || fail "wrk: $(cat "$RUN_DIR/wrk.out")"
field() { echo "$RESULT" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
echo "  $RESULT"
[ "$(field 3xx)" = 0 ] && [ "$(field 4xx)" = 0 ] && [ "$(field 5xx)" = 0 ] && [ "$(field socket_errors)" = 0 ] \
  || fail "answers other than 200 during the restart"
read -r status by < <(page /customers "$COOKIE")
[ "$status" = 200 ] || fail "the session did not survive the restart ($status)"
pass "$(field requests) requests while both instances restarted: all 200; the session still works"

step "Playwright through the proxy: sign-in, customer search, onboarding, review, barring"
cd end2end
PORTAL_URL=$BASE SANDBOX_URL=$SANDBOX_URL SANDBOX_BIN="$ROOT/target/debug/eclipse-sandbox" \
  MAIN_SANDBOX_DIR="$RUN_DIR/sandbox" npx playwright test --project=chromium \
  auth.spec.ts customers.spec.ts onboarding.spec.ts review.spec.ts barring.spec.ts \
  || fail "the Playwright subset through the proxy"
pass "the Playwright subset passed through HAProxy"
