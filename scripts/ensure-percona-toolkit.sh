#!/usr/bin/env bash
# Online schema changes (`online = 'pt-osc'` in a migration) run Debian's pt-online-schema-change;
# the online-change test installs percona-toolkit when it is missing (needs root and apt).
set -euo pipefail
if command -v pt-online-schema-change >/dev/null 2>&1; then
  exit 0
fi
echo "installing Debian's percona-toolkit (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq percona-toolkit >/dev/null
