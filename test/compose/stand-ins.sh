#!/usr/bin/env bash
# Builds the stand-in base images the compose test runs on (no registry is reachable here), each
# tagged by a hash of its recipe, so an unchanged recipe is reused and a changed one rebuilt.
# Never pulls. Prints the images as STAND_IN_*=name lines for the compose override.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${STAND_IN_CACHE:-/var/tmp/life-platter-stand-ins}
mkdir -p "$cache"
export DOCKER_BUILDKIT=0

# The Debian mirror this machine's apt uses (deb822 or one-line sources), else Debian's default.
mirror=$(grep -rhoE '^URIs: *http[^ ]*debian/?$|^deb +http[^ ]*debian/? ' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null \
  | grep -oE 'http[^ ]*' | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

hash_of() { cat "$@" | sha256sum | cut -c1-12; }
have() { docker image inspect "$1" >/dev/null 2>&1; }
log() { echo "stand-ins: $*" >&2; }

# --- Debian base, from debootstrap
base_recipe=$(printf 'debootstrap --variant=minbase bookworm %s\n' "$mirror")
base="life-platter-stand-in/debian:bookworm-$(printf '%s' "$base_recipe" | sha256sum | cut -c1-12)"
if ! have "$base"; then
  rootfs="$cache/rootfs-${base##*-}"
  if [ ! -x "$rootfs/usr/bin/apt-get" ]; then
    log "debootstrap bookworm into $rootfs (a few minutes)"
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
      || { tail -n 20 "$cache/debootstrap.log" >&2; exit 1; }
  fi
  log "importing $base"
  tar -C "$rootfs" -c . | docker import - "$base" >/dev/null
fi

build() { # name tag context
  log "building $2"
  docker build --quiet --network host --build-arg "BASE_IMAGE=$base" -t "$2" "$3" >/dev/null
}

# --- Node 24: the project's pinned binary, the machine's npm, its CA bundle
node_bin=$(readlink -f "$root/node_modules/.bin/node")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
ca=/etc/ssl/certs/ca-certificates.crt
node_tag="life-platter-stand-in/node:$("$node_bin" --version | tr -d v)-$( (cat "$here/stand-ins/node/Dockerfile" "$ca"; \
  "$node_bin" --version; cat "$npm_dir/package.json"; echo "$base") | sha256sum | cut -c1-12)"
if ! have "$node_tag"; then
  context=$(mktemp -d)
  trap 'rm -rf "$context"' EXIT
  cp "$here/stand-ins/node/Dockerfile" "$context/"
  cp "$node_bin" "$context/node"
  cp -r "$npm_dir" "$context/npm"
  cp "$ca" "$context/ca-certificates.crt"
  build node "$node_tag" "$context"
fi

# --- MySQL 9.7: the chroot scripts/ensure-mysql.sh runs the tests' MySQL from, imported without
# its data directories, behind an entrypoint with the mysql image's contract
mysql_root=$(bash "$root/scripts/ensure-mysql.sh" --chroot)
mysql_version=$(chroot "$mysql_root" mysqld --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1)
mysql_base="life-platter-stand-in/mysql-base:$mysql_version-$(chroot "$mysql_root" dpkg-query -W | sha256sum | cut -c1-12)"
if ! have "$mysql_base"; then
  log "importing $mysql_base from $mysql_root"
  tar -C "$mysql_root" --exclude='./var/lib/mysql-*' --exclude='./var/log/mysql/*' --exclude='./run/mysqld/*' \
    --exclude='./var/cache/apt/*' --exclude='./var/lib/apt/lists/*' -c . | docker import - "$mysql_base" >/dev/null
fi
db_tag="life-platter-stand-in/mysql:$mysql_version-$( (cat "$here/stand-ins/mysql/"*; echo "$mysql_base") | sha256sum | cut -c1-12)"
if ! have "$db_tag"; then
  log "building $db_tag"
  docker build --quiet --network host --build-arg "BASE_IMAGE=$mysql_base" -t "$db_tag" "$here/stand-ins/mysql" >/dev/null
fi

# --- nginx from Debian
nginx_tag="life-platter-stand-in/nginx:1.22-$( (cat "$here/stand-ins/nginx/"*; echo "$base") | sha256sum | cut -c1-12)"
have "$nginx_tag" || build nginx "$nginx_tag" "$here/stand-ins/nginx"

# --- Redis from Debian (the replicas variant, docker-compose.replicas.yml)
redis_tag="life-platter-stand-in/redis:7-$( (cat "$here/stand-ins/redis/"*; echo "$base") | sha256sum | cut -c1-12)"
have "$redis_tag" || build redis "$redis_tag" "$here/stand-ins/redis"

echo "STAND_IN_NODE=$node_tag"
echo "STAND_IN_MYSQL=$db_tag"
echo "STAND_IN_NGINX=$nginx_tag"
echo "STAND_IN_REDIS=$redis_tag"
