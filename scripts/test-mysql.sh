#!/usr/bin/env bash
# npm run test:mysql: the integration tier on Oracle's MySQL 9.7 (scripts/ensure-mysql.sh starts
# it on 127.0.0.1:3307 when nothing listens there; MYSQL_PORT moves it). Another server on that
# port (a container, another checkout's) is refused, so the tier never runs against whatever it
# is. The unit tier needs no server, so `npm test` runs it once, on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
url=$(bash scripts/ensure-mysql.sh)
export TEST_DATABASE_URL="${url%/}/life_platter"
exec node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects integration "$@"
