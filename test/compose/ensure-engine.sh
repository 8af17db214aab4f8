#!/usr/bin/env bash
# Makes sure a Docker engine answers and `docker compose` (Compose v2) works, as docs/deploy.md types it:
#   - installs Debian's docker.io (the engine), iptables and debootstrap when missing, and starts
#     dockerd when it is not running (a running engine is left alone);
#   - when `docker compose version` does not answer, unpacks Compose v2 from Debian trixie's
#     docker-compose package (2.26, a static Go binary) as a CLI plugin in a folder of the
#     project's, COMPOSE_PLUGIN_DIR (default /var/tmp/life-platter-docker), never the system's,
#     and prints DOCKER_CONFIG=<that folder> for the caller to export.
# Exits non-zero with one line on stderr when it cannot (not root, no apt, no dockerd).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugins=${COMPOSE_PLUGIN_DIR:-/var/tmp/life-platter-docker}

need_root() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "no Docker engine: $1, and that needs root and apt-get" >&2
    exit 1
  fi
}

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io iptables)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ] && ! docker info >/dev/null 2>&1; then
  need_root "${missing[*]} missing"
  echo "installing Debian's ${missing[*]} (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  need_root "dockerd is not running"
  echo "starting dockerd (log: /var/log/life-platter-dockerd.log)" >&2
  nohup dockerd >/var/log/life-platter-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
fi
docker info >/dev/null 2>&1 || {
  echo "no Docker engine: dockerd did not answer within 60 s (see /var/log/life-platter-dockerd.log)" >&2
  exit 1
}

if docker compose version >/dev/null 2>&1; then
  exit 0
fi
if [ ! -x "$plugins/cli-plugins/docker-compose" ]; then
  need_root "Compose v2 is missing"
  bash "$here/../../scripts/fetch-debian-package.sh" trixie docker-compose "$plugins/docker-compose-deb" >/dev/null
  mkdir -p "$plugins/cli-plugins"
  cp "$plugins/docker-compose-deb/root/usr/libexec/docker/cli-plugins/docker-compose" "$plugins/cli-plugins/"
fi
DOCKER_CONFIG=$plugins docker compose version >/dev/null || {
  echo "no Compose v2: $plugins/cli-plugins/docker-compose does not run" >&2
  exit 1
}
echo "DOCKER_CONFIG=$plugins"
