#!/usr/bin/env bash
# Oracle's MySQL (9.7 LTS, Debian unstable's mysql-server-core) on this machine, for the tests:
#   scripts/ensure-mysql.sh [--port N]   build the chroot when missing, initialise a data directory,
#                                         start mysqld when nothing listens on the port; prints the
#                                         server's URL (mysql://root@127.0.0.1:N/) on stdout
#   scripts/ensure-mysql.sh --stop [--port N]   stop the server on that port (data is kept)
#   scripts/ensure-mysql.sh --chroot     build the chroot only and print its path
# The server needs a newer libc than the machine's, so it runs from a minimal Debian sid chroot made
# by debootstrap (about 30 s and 640 MB the first time; only Debian packages are fetched). Where:
# MYSQL_CHROOT (default /var/tmp/life-platter-mysql/sid); the data of port N lives inside it at
# /var/lib/mysql-N, its log at /var/log/mysql/mysqld-N.err. Needs root (debootstrap, chroot).
# MYSQLD_EXTRA_ARGS adds server options (e.g. --server-id=2 --log-bin --gtid-mode=ON).
set -euo pipefail

port=${MYSQL_PORT:-3307}
action=start
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    --stop) action=stop; shift ;;
    --chroot) action=chroot; shift ;;
    *) echo "ensure-mysql: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
case "$port" in '' | *[!0-9]*) echo "ensure-mysql: --port wants a number, got '$port'" >&2; exit 2 ;; esac

root=${MYSQL_CHROOT:-/var/tmp/life-platter-mysql/sid}
packages=mysql-server-core,mysql-client-core
log() { echo "ensure-mysql: $*" >&2; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

need_root() {
  if [ "$(id -u)" != 0 ]; then
    log "$1 needs root (debootstrap and chroot)"
    exit 1
  fi
}

# The Debian mirror this machine's apt uses (deb822 or one-line sources), else Debian's default.
debian_mirror() {
  local mirror
  mirror=$(grep -rhoE '^URIs: *http[^ ]*debian/?$|^deb +http[^ ]*debian/? ' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null \
    | grep -oE 'http[^ ]*' | head -n 1 || true)
  echo "${mirror:-http://deb.debian.org/debian}"
}

ensure_chroot() {
  [ -x "$root/usr/sbin/mysqld" ] && return 0
  need_root "building the MySQL chroot"
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing Debian's debootstrap (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  fi
  local mirror work
  mirror=$(debian_mirror)
  work="$root.partial"
  log "debootstrap sid with $packages into $root (about 30 s, 640 MB)"
  rm -rf "$work"
  mkdir -p "$(dirname "$root")"
  if ! debootstrap --variant=minbase --include="$packages" sid "$work" "$mirror" >"$root.debootstrap.log" 2>&1; then
    tail -n 20 "$root.debootstrap.log" >&2
    exit 1
  fi
  chroot "$work" sh -c 'id mysql >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin mysql'
  mv "$work" "$root"
}

in_chroot() { chroot "$root" "$@"; }

start() {
  local datadir="/var/lib/mysql-$port" errlog="/var/log/mysql/mysqld-$port.err"
  if listening "$port"; then
    echo "mysql://root@127.0.0.1:$port/"
    return 0
  fi
  ensure_chroot
  need_root "starting mysqld"
  if [ ! -d "$root$datadir/mysql" ]; then
    log "initialising $root$datadir"
    rm -rf "${root:?}$datadir"
    mkdir -p "$root$datadir" "$root/var/log/mysql"
    in_chroot chown mysql:mysql "$datadir" /var/log/mysql
    if ! in_chroot mysqld --initialize-insecure --user=mysql --datadir="$datadir" --log-error="$errlog"; then
      tail -n 20 "$root$errlog" >&2
      exit 1
    fi
  fi
  mkdir -p "$root/run/mysqld" "$root/var/log/mysql"
  in_chroot chown mysql:mysql /run/mysqld /var/log/mysql
  log "starting mysqld on 127.0.0.1:$port (log: $root$errlog)"
  # shellcheck disable=SC2086 # MYSQLD_EXTRA_ARGS is a list of options
  setsid chroot "$root" mysqld --user=mysql --datadir="$datadir" --port="$port" \
    --bind-address=127.0.0.1 --mysqlx=OFF --secure-file-priv="" \
    --socket="/run/mysqld/mysqld-$port.sock" --pid-file="/run/mysqld/mysqld-$port.pid" \
    --log-error="$errlog" ${MYSQLD_EXTRA_ARGS:-} </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    listening "$port" && break
    sleep 0.5
  done
  if ! listening "$port"; then
    log "mysqld did not open 127.0.0.1:$port within 60 s; the end of its log:"
    tail -n 20 "$root$errlog" >&2
    exit 1
  fi
  echo "mysql://root@127.0.0.1:$port/"
}

stop() {
  local pidfile="$root/run/mysqld/mysqld-$port.pid" pid
  if [ ! -s "$pidfile" ]; then
    log "no mysqld of ours on port $port (no $pidfile)"
    return 0
  fi
  pid=$(cat "$pidfile")
  log "stopping mysqld (pid $pid) on port $port"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  log "mysqld (pid $pid) did not stop within 60 s"
  exit 1
}

case "$action" in
  start) start ;;
  stop) stop ;;
  chroot) ensure_chroot; echo "$root" ;;
esac
