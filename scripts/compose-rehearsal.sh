#!/usr/bin/env bash
# Plays docker-compose.yml's start order on a machine without a Docker engine, against the local
# MySQL/MariaDB: the same init script, the same migrate command and environment (read from
# docker-compose.yml), production dependencies only, a least-privileged app user.
#   db (init script) → migrate job as the migrator → API as the app user → ready → CRUD →
#   the app user is denied DDL → SIGTERM → clean exit → clean-up.
# Exits non-zero at the first failed step. Settings: REHEARSAL_DB_HOST/PORT/ROOT_USER/ROOT_PASSWORD.
# REHEARSAL_CLUSTER=galera|group-replication plays it on a three-node cluster instead
# (scripts/rehearsal-cluster.ts, the cluster the tests use): the compose file's URLs then list the
# three members, and a last step kills the member taking writes while the API writes (docs/clusters.md).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB_HOST=${REHEARSAL_DB_HOST:-127.0.0.1}
DB_PORT=${REHEARSAL_DB_PORT:-3306}
ROOT_USER=${REHEARSAL_ROOT_USER:-root}
export MYSQL_PWD=${REHEARSAL_ROOT_PASSWORD:-}
API_PORT=${REHEARSAL_API_PORT:-3456}
SUFFIX=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
WORK=$(mktemp -d "${TMPDIR:-/tmp}/life-platter-rehearsal.XXXXXX")
PROD="$WORK/app"
API_PID=""
CLUSTER=${REHEARSAL_CLUSTER:-}
CLUSTER_PID=""

step=0
say() { echo "[rehearsal] $*"; }
step() { step=$((step + 1)); echo; say "step $step: $*"; }
fail() { say "FAILED: $*" >&2; exit 1; }

client=$(command -v mariadb || command -v mysql || true)
[ -n "$client" ] || fail "neither the mariadb nor the mysql client is installed"
# Where the root client and the init script go: the server, or the cluster's writer.
SQL_HOST=$DB_HOST SQL_PORT=$DB_PORT
sql_root() { "$client" -h "$SQL_HOST" -P "$SQL_PORT" -u "$ROOT_USER" "$@"; }

# Names unique to this run: a scratch database and two users, dropped on exit.
export DB_NAME="lp_rehearsal_${SUFFIX}_test"
export MIGRATOR_USER="lp_mig_${SUFFIX}" MIGRATOR_PASSWORD="mig-${SUFFIX}-pw"
export APP_USER="lp_app_${SUFFIX}" APP_PASSWORD="app-${SUFFIX}-pw"
export DB_HOST DB_PORT DATABASE_CONNECT_RETRIES=2

cleanup() {
  local status=$?
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then kill -KILL "$API_PID" 2>/dev/null || true; fi
  sql_root -e "DROP DATABASE IF EXISTS \`$DB_NAME\`; DROP USER IF EXISTS '$MIGRATOR_USER'@'%', '$APP_USER'@'%';" 2>/dev/null || true
  if [ -n "$CLUSTER_PID" ]; then kill -TERM "$CLUSTER_PID" 2>/dev/null && wait "$CLUSTER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
  echo
  if [ "$status" -eq 0 ]; then say "cleaned up; rehearsal PASSED"; else say "cleaned up; rehearsal FAILED (exit $status)"; fi
}
trap cleanup EXIT

# Node 24 from the project, and nothing else of its dev tooling, on PATH.
mkdir -p "$WORK/bin"
ln -s "$(readlink -f "$ROOT/node_modules/.bin/node")" "$WORK/bin/node"
export PATH="$WORK/bin:$PATH"

cluster_field() { node -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(eval(process.argv[2]))' "$WORK/cluster.json" "$1"; }
if [ -n "$CLUSTER" ]; then
  step "cluster: three $CLUSTER nodes on loopback (scripts/rehearsal-cluster.ts)"
  (cd "$ROOT" && exec node --import @swc-node/register/esm-register scripts/rehearsal-cluster.ts "$CLUSTER" "$WORK/cluster.json") &
  CLUSTER_PID=$!
  for _ in $(seq 1 240); do [ -s "$WORK/cluster.json" ] && break; kill -0 "$CLUSTER_PID" 2>/dev/null || fail "the cluster did not start"; sleep 0.5; done
  [ -s "$WORK/cluster.json" ] || fail "the cluster did not start within 2 minutes"
  SQL_HOST=127.0.0.1 SQL_PORT=$(cluster_field 'c.ports[c.writer]')
  # The compose file writes its URLs as ${DB_HOST}:${DB_PORT}: the first two members go in DB_HOST.
  DB_HOST="127.0.0.1:$(cluster_field 'c.ports[0]'),127.0.0.1:$(cluster_field 'c.ports[1]'),127.0.0.1"
  DB_PORT=$(cluster_field 'c.ports[2]')
  export DB_HOST DB_PORT
  say "members on ports $(cluster_field 'c.ports.join(", ")'); the root client and the init script use the writer, $SQL_PORT"
fi

step "build the production folder (dist/ + production dependencies only), as the Dockerfile does"
(cd "$ROOT" && npm run --silent build)
mkdir -p "$PROD"
cp -r "$ROOT/dist" "$ROOT/package.json" "$ROOT/package-lock.json" "$PROD/"
(cd "$PROD" && npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error)
for tool in typescript @swc/core @swc-node/register @swc/jest jest ts-node tsx typeorm @testcontainers/mysql playwright-core; do
  [ ! -e "$PROD/node_modules/$tool" ] || fail "production folder contains dev tool $tool"
done
say "production folder has no TypeScript loader and no test tooling ($(ls "$PROD/node_modules" | wc -l) top-level packages)"

step "db: create database $DB_NAME and users with the init script compose mounts"
INIT_SQL_CLIENT="$client -h $SQL_HOST -P $SQL_PORT -u $ROOT_USER" sh "$ROOT/docker/mysql-init/01-database-and-users.sh"

run_service() { # run_service NAME [background]: the service's command and environment from docker-compose.yml
  local spec
  spec=$(cd "$ROOT" && node scripts/compose-service.mjs "$1")
  local -a command env_args
  mapfile -t command < <(node -e 'for (const part of JSON.parse(process.argv[1]).command) console.log(part)' "$spec")
  mapfile -t env_args < <(node -e 'for (const [k, v] of Object.entries(JSON.parse(process.argv[1]).environment)) console.log(`${k}=${v}`)' "$spec")
  say "$1 runs: ${command[*]}  (DATABASE_URL user: $(printf '%s\n' "${env_args[@]}" | sed -n 's|^DATABASE_URL=mysql://\([^:]*\):.*|\1|p'))"
  if [ "${2:-}" = background ]; then
    (cd "$PROD" && exec env "${env_args[@]}" PORT="$API_PORT" HOST=127.0.0.1 "${command[@]}") &
    API_PID=$!
  else
    (cd "$PROD" && env "${env_args[@]}" "${command[@]}")
  fi
}

step "migrate job: the compose command, as the migrator user"
if run_service migrate; then say "migrate job exited 0"; else fail "migrate job exited non-zero"; fi
say "production form of the db command: node dist/src/db-cli/main.js status"
spec=$(cd "$ROOT" && node scripts/compose-service.mjs migrate)
migrator_url=$(node -e 'console.log(JSON.parse(process.argv[1]).environment.DATABASE_URL)' "$spec")
(cd "$PROD" && DATABASE_URL="$migrator_url" node dist/src/db-cli/main.js status) || fail "db status from the production folder did not report up to date"
say "db plan as the migrator user: its scratch database (<db>_plan_*) is within the init script's grants"
(cd "$PROD" && DATABASE_URL="$migrator_url" node dist/src/db-cli/main.js plan) || fail "db plan as the migrator user failed"
tables=$(sql_root -N -e "SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA='$DB_NAME'")
say "tables now: $tables"

step "api: started only because the job succeeded, as the app user"
run_service api background

step "wait for /health/ready"
base="http://127.0.0.1:$API_PORT"
for _ in $(seq 1 60); do
  if curl -fsS "$base/health/ready" >/dev/null 2>&1; then break; fi
  kill -0 "$API_PID" 2>/dev/null || fail "the API exited before it was ready"
  sleep 0.5
done
curl -fsS "$base/health/ready" >/dev/null || fail "/health/ready never answered 200"
say "ready: $(curl -fsS "$base/health/ready" | head -c 160)…"

step "CRUD through the API"
created=$(curl -fsS -D "$WORK/post-headers" -X POST "$base/cookings" -H 'content-type: application/json' -d '{"name":"リハーサル丼","category":"和食"}')
id=$(node -e 'console.log(JSON.parse(process.argv[1]).id)' "$created")
say "POST /cookings → 201 id=$id"
# On a cluster the read may go to another member: the write's consistency token makes it wait for the row.
token=$(sed -n 's/^x-consistency-token: *\([^[:space:]]*\).*/\1/ip' "$WORK/post-headers")
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "x-consistency-token: $token" "$base/cookings/$id")" = 200 ] || fail "GET /cookings/$id was not 200"
say "GET /cookings/$id → 200"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$base/cookings/$id")" = 204 ] || fail "DELETE /cookings/$id was not 204"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/cookings/$id")" = 404 ] || fail "deleted cooking still answers"
say "DELETE /cookings/$id → 204, then GET → 404"

step "the app user is denied DDL"
app_sql() { MYSQL_PWD="$APP_PASSWORD" "$client" -h "$SQL_HOST" -P "$SQL_PORT" -u "$APP_USER" "$DB_NAME" -e "$1" 2>&1; }
for ddl in "DROP TABLE cookings" "CREATE TABLE intruder (id int)"; do
  if out=$(app_sql "$ddl"); then fail "app user was allowed: $ddl"; fi
  echo "$out" | grep -qi "denied" || fail "unexpected error for '$ddl': $out"
  say "app user: '$ddl' → denied"
done
app_sql "SELECT COUNT(*) FROM cookings" >/dev/null || fail "app user cannot read cookings"
say "app user can still read and write rows"

if [ -n "$CLUSTER" ]; then
  step "kill -9 of the member taking writes while the API writes: only 201 and 503, every 201 kept"
  : >"$WORK/writes"
  (while [ ! -e "$WORK/stop" ]; do
    curl -s -o "$WORK/body" -w '%{http_code}\n' -X POST "$base/cookings" -H 'content-type: application/json' -d '{"name":"failover"}' >>"$WORK/writes" || echo 000 >>"$WORK/writes"
    if tail -n 1 "$WORK/writes" | grep -q '^201$'; then node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).id)' "$WORK/body" >>"$WORK/acked"; fi
    sleep 0.15 # under the compose API's rate limit (600 a minute)
  done) &
  writes_pid=$!
  sleep 2
  kill -USR1 "$CLUSTER_PID"
  for _ in $(seq 1 120); do [ "$(cluster_field 'c.killed')" != null ] && break; sleep 0.5; done
  killed_at=$(wc -l <"$WORK/acked")
  for _ in $(seq 1 240); do [ "$(wc -l <"$WORK/acked")" -gt $((killed_at + 10)) ] && break; sleep 0.5; done
  touch "$WORK/stop"; wait "$writes_pid"
  say "statuses: $(sort "$WORK/writes" | uniq -c | tr -s ' ' | tr '\n' ',')"
  ! grep -qv '^20[01]$\|^503$' "$WORK/writes" || fail "an answer other than 201 or 503 during the failover"
  [ "$(wc -l <"$WORK/acked")" -gt $((killed_at + 10)) ] || fail "writes did not go through again after the kill"
  SQL_PORT=$(curl -fsS "$base/health/ready" | node -e 'let t = ""; process.stdin.on("data", (d) => (t += d)).on("end", () => console.log(JSON.parse(t).details.cluster.writer.split(":").pop()))')
  present=$(sql_root -N -e "SELECT COUNT(*) FROM \`$DB_NAME\`.cookings WHERE id IN ($(paste -sd, "$WORK/acked"))")
  [ "$present" = "$(wc -l <"$WORK/acked")" ] || fail "only $present of $(wc -l <"$WORK/acked") acknowledged writes are on the new writer"
  say "$present acknowledged writes, all on the new writer ($SQL_PORT)"
  kill -USR2 "$CLUSTER_PID"
  for _ in $(seq 1 240); do [ "$(cluster_field 'c.killed')" = null ] && break; sleep 0.5; done
  [ "$(cluster_field 'c.killed')" = null ] || fail "the killed member did not rejoin"
  say "the killed member rejoined; ready: $(curl -fsS "$base/health/ready" | head -c 120)…"
fi

step "SIGTERM the API and expect a clean exit"
kill -TERM "$API_PID"
status=0
wait "$API_PID" || status=$?
API_PID=""
[ "$status" -eq 0 ] || fail "API exited with $status after SIGTERM"
say "API exited 0 after SIGTERM"
