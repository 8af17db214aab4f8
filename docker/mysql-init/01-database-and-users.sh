#!/bin/sh
# Creates the database and its two users:
#   - the migrator: every right on the database (DDL for migrations), plus CREATE/DROP on
#     <db>_drift_* and <db>_plan_* scratch databases for `db drift` and `db plan`, and PROCESS
#     to see the transactions that block its statements (information_schema.INNODB_TRX). Ending
#     them (`up --kill-blockers`) needs CONNECTION_ADMIN (MySQL 8) / CONNECTION ADMIN (MariaDB),
#     which is not granted here;
#   - the app: SELECT, INSERT, UPDATE, DELETE only. It cannot change the schema.
# Run by the mysql image on its first start (mounted into /docker-entrypoint-initdb.d), and by
# scripts/compose-rehearsal.sh against a local server with INIT_SQL_CLIENT set.
set -eu

: "${DB_NAME:=life_platter}"
: "${MIGRATOR_USER:=life_migrator}"
: "${MIGRATOR_PASSWORD:?set MIGRATOR_PASSWORD}"
: "${APP_USER:=life_app}"
: "${APP_PASSWORD:?set APP_PASSWORD}"
: "${DB_USER_HOST:=%}"

# Inside the mysql image the init phase runs a local server reachable as root over the socket.
INIT_SQL_CLIENT="${INIT_SQL_CLIENT:-mysql --protocol=socket -uroot -p${MYSQL_ROOT_PASSWORD:-}}"

drift_pattern=$(printf '%s' "${DB_NAME}_drift_%" | sed 's/_/\\_/g; s/\\_%$/\\_%/')
plan_pattern=$(printf '%s' "${DB_NAME}_plan_%" | sed 's/_/\\_/g; s/\\_%$/\\_%/')

$INIT_SQL_CLIENT <<SQL
CREATE DATABASE IF NOT EXISTS \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE USER IF NOT EXISTS '${MIGRATOR_USER}'@'${DB_USER_HOST}' IDENTIFIED BY '${MIGRATOR_PASSWORD}';
GRANT ALL PRIVILEGES ON \`${DB_NAME}\`.* TO '${MIGRATOR_USER}'@'${DB_USER_HOST}';
GRANT CREATE, DROP, ALTER, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON \`${drift_pattern}\`.* TO '${MIGRATOR_USER}'@'${DB_USER_HOST}';
GRANT CREATE, DROP, ALTER, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON \`${plan_pattern}\`.* TO '${MIGRATOR_USER}'@'${DB_USER_HOST}';
GRANT PROCESS ON *.* TO '${MIGRATOR_USER}'@'${DB_USER_HOST}';

CREATE USER IF NOT EXISTS '${APP_USER}'@'${DB_USER_HOST}' IDENTIFIED BY '${APP_PASSWORD}';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`${DB_NAME}\`.* TO '${APP_USER}'@'${DB_USER_HOST}';

FLUSH PRIVILEGES;
SQL
# MySQL: the app and the migrator read a Group Replication group's members, roles and lag from
# performance_schema (docs/clusters.md: the API follows the primary, the job goes to it); on a
# server of its own the tables are empty. MariaDB has none of them (Galera says it in SHOW STATUS).
if [ "$($INIT_SQL_CLIENT -N -e "SELECT VERSION() LIKE '%MariaDB%'")" = 0 ]; then
  for table in replication_group_members replication_group_member_stats replication_applier_status_by_worker; do
    $INIT_SQL_CLIENT -e "GRANT SELECT ON performance_schema.${table} TO '${APP_USER}'@'${DB_USER_HOST}', '${MIGRATOR_USER}'@'${DB_USER_HOST}'"
  done
fi
# With a replica (docker-compose.replicas.yml): the user it replicates as, and for the app and the
# migrator the right to read a replica's lag (SHOW REPLICA STATUS; MariaDB names it SLAVE MONITOR).
# Created here, on the primary, so that they reach the replica through replication.
if [ -n "${REPLICATION_USER:-}" ]; then
  : "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD with REPLICATION_USER}"
  monitor=$($INIT_SQL_CLIENT -N -e "SELECT IF(VERSION() LIKE '%MariaDB%', 'SLAVE MONITOR', 'REPLICATION CLIENT')")
  $INIT_SQL_CLIENT <<SQL
CREATE USER IF NOT EXISTS '${REPLICATION_USER}'@'${DB_USER_HOST}' IDENTIFIED BY '${REPLICATION_PASSWORD}';
GRANT REPLICATION SLAVE ON *.* TO '${REPLICATION_USER}'@'${DB_USER_HOST}';
GRANT ${monitor} ON *.* TO '${APP_USER}'@'${DB_USER_HOST}';
GRANT ${monitor} ON *.* TO '${MIGRATOR_USER}'@'${DB_USER_HOST}';
SQL
  echo "init: replication user ${REPLICATION_USER}; ${monitor} for ${APP_USER} and ${MIGRATOR_USER}"
fi
echo "init: database ${DB_NAME}, users ${MIGRATOR_USER} (migrations) and ${APP_USER} (app: DML only)"
