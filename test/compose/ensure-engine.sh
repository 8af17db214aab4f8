#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs Debian's docker.io, docker-compose (1.29) and
# debootstrap when missing, starts dockerd when it is not running, and leaves a running engine
# alone. Exits non-zero with one line on stderr when it cannot (not root, no apt, no dockerd).
set -euo pipefail

if docker info >/dev/null 2>&1 && command -v docker-compose >/dev/null 2>&1; then
  exit 0
fi
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io iptables)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "no Docker engine: ${missing[*]} missing, and installing them needs root and apt-get" >&2
    exit 1
  fi
  echo "installing Debian's ${missing[*]} (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "no Docker engine: dockerd is not running, and starting it needs root" >&2
    exit 1
  fi
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
