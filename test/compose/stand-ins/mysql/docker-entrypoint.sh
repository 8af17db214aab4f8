#!/bin/bash
# The part of the official mysql image's entrypoint contract that the project relies on:
#   - arguments starting with "-" are options for the server;
#   - on the first start (an empty data directory) the root password comes from
#     MYSQL_ROOT_PASSWORD (or MYSQL_ALLOW_EMPTY_PASSWORD=yes), optional MYSQL_DATABASE,
#     MYSQL_USER and MYSQL_PASSWORD are created, then /docker-entrypoint-initdb.d/*.sh (sourced,
#     or run when executable), *.sql and *.sql.gz run against a server reachable only through
#     its socket; later starts skip all of it;
#   - the data lives in /var/lib/mysql (the volume).
# Users get MySQL 9's only built-in password plugin, caching_sha2_password.
set -euo pipefail

if [ "${1:0:1}" = '-' ]; then
  set -- mysqld "$@"
fi
if [ "$1" != mysqld ]; then
  exec "$@"
fi
shift

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock
# MySQL aborts at start when secure_file_priv names a folder that is missing (/var/lib/mysql-files).
SERVER_OPTIONS=(--user=mysql --datadir="$DATADIR" --socket="$SOCKET" --mysqlx=OFF --secure-file-priv=)
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld "$DATADIR"

log() { echo "entrypoint: $*"; }

sql() { mysql --protocol=socket --socket="$SOCKET" -uroot ${ROOT_PASSWORD_ARG:-} "$@"; }

if [ ! -d "$DATADIR/mysql" ]; then
  if [ -z "${MYSQL_ROOT_PASSWORD:-}" ] && [ "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" != yes ]; then
    echo "entrypoint: database is uninitialized and MYSQL_ROOT_PASSWORD is not set" >&2
    echo "entrypoint: set MYSQL_ROOT_PASSWORD, or MYSQL_ALLOW_EMPTY_PASSWORD=yes" >&2
    exit 1
  fi
  log "initializing the data directory"
  mysqld --initialize-insecure "${SERVER_OPTIONS[@]}" "$@"
  log "starting a temporary server (socket only) for the init scripts"
  mysqld "${SERVER_OPTIONS[@]}" --skip-networking "$@" &
  pid=$!
  for _ in $(seq 1 60); do
    sql -e 'select 1' >/dev/null 2>&1 && break
    sleep 1
  done
  sql -e 'select 1' >/dev/null
  password=${MYSQL_ROOT_PASSWORD:-}
  escaped=${password//\\/\\\\}
  escaped=${escaped//\'/\\\'}
  sql <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED BY '${escaped}';
CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '${escaped}';
GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  ROOT_PASSWORD_ARG="-p${password}"
  if [ -n "${MYSQL_DATABASE:-}" ]; then
    sql -e "CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE}\`"
  fi
  if [ -n "${MYSQL_USER:-}" ] && [ -n "${MYSQL_PASSWORD:-}" ]; then
    sql -e "CREATE USER '${MYSQL_USER}'@'%' IDENTIFIED BY '${MYSQL_PASSWORD}'"
    if [ -n "${MYSQL_DATABASE:-}" ]; then
      sql -e "GRANT ALL ON \`${MYSQL_DATABASE}\`.* TO '${MYSQL_USER}'@'%'"
    fi
  fi
  for file in /docker-entrypoint-initdb.d/*; do
    case "$file" in
      *.sh)
        if [ -x "$file" ]; then
          log "running $file"
          "$file"
        else
          log "sourcing $file"
          # shellcheck disable=SC1090
          . "$file"
        fi
        ;;
      *.sql) log "running $file"; sql < "$file" ;;
      *.sql.gz) log "running $file"; gunzip -c "$file" | sql ;;
      *) [ -e "$file" ] && log "ignoring $file" ;;
    esac
  done
  log "stopping the temporary server"
  kill "$pid"
  wait "$pid" || true
  log "initialized; starting the server"
fi

exec mysqld "${SERVER_OPTIONS[@]}" --bind-address=0.0.0.0 "$@"
