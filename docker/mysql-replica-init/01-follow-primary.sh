#!/bin/sh
# Makes this server a replica of PRIMARY_HOST, by GTID position from the start: the database, its
# users and every migration then arrive through replication, so nothing is created here (a
# database or user made on the replica as well would stop replication at the primary's copy).
# Run by the mysql image on the replica's first start (docker-compose.replicas.yml); the image
# keeps the setting, and replication resumes by itself on every later start.
set -eu

: "${PRIMARY_HOST:?set PRIMARY_HOST}"
: "${REPLICATION_USER:?set REPLICATION_USER}"
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"

mysql --protocol=socket -uroot -p"${MYSQL_ROOT_PASSWORD:-}" <<SQL
CHANGE REPLICATION SOURCE TO
  SOURCE_HOST = '${PRIMARY_HOST}', SOURCE_PORT = 3306,
  SOURCE_USER = '${REPLICATION_USER}', SOURCE_PASSWORD = '${REPLICATION_PASSWORD}',
  SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1, SOURCE_CONNECT_RETRY = 5;
START REPLICA;
SQL
echo "init: replica of ${PRIMARY_HOST} (GTID auto-position) as ${REPLICATION_USER}"
