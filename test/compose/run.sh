#!/usr/bin/env bash
# npm run test:compose: the project's docker-compose.yml on a real Docker engine (started here
# when needed), with stand-in base images built locally (no registry is reachable on these
# machines). COMPOSE_STAND_INS=0 uses the real node, mysql and nginx images the engine already
# has instead, and pulls nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

# DOCKER_CONFIG=… when ensure-engine.sh supplied Compose v2 as a CLI plugin of its own.
plugin=$(bash test/compose/ensure-engine.sh)
[ -z "$plugin" ] || export "${plugin?}"
echo "test:compose: $(docker version --format 'engine {{.Server.Version}}'), $(docker compose version)"
if [ "${COMPOSE_STAND_INS:-1}" != 0 ]; then
  started=$(date +%s)
  # Lines STAND_IN_NODE=…, STAND_IN_MYSQL=…, STAND_IN_NGINX=… (stand-ins.sh).
  stand_ins=$(bash test/compose/stand-ins.sh 2> >(grep -v -e DEPRECATED -e BuildKit -e 'environment-variable' -e '^$' >&2))
  set -a
  eval "$stand_ins"
  set +a
  echo "test:compose: stand-in images ready in $(($(date +%s) - started)) s: $STAND_IN_NODE, $STAND_IN_MYSQL, $STAND_IN_NGINX"
fi
exec node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects compose --runInBand "$@"
