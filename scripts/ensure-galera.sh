#!/usr/bin/env bash
# The Galera cluster tests (test/cluster/) run three MariaDB nodes with Debian's galera-4 provider
# and rsync for their state transfers. Installs both from the machine's apt sources when missing
# (needs root); prints the provider's path.
set -euo pipefail
provider=/usr/lib/galera/libgalera_smm.so
if [ ! -f "$provider" ] || ! command -v rsync >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "ensure-galera: galera-4 or rsync is missing, and installing them needs root" >&2
    exit 1
  fi
  echo "ensure-galera: installing Debian's galera-4 and rsync (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq galera-4 rsync >/dev/null || { apt-get update -qq && apt-get install -y -qq galera-4 rsync >/dev/null; }
fi
[ -f "$provider" ] || { echo "ensure-galera: $provider is still missing" >&2; exit 1; }
echo "$provider"
