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
# Safe to run several at once (test suites do): the build and each start hold a lock (flock), and
# the chroot is built in a folder of its own run, renamed into place once complete. A server that
# listens on the port but is not this chroot's mysqld (a container, another checkout's) is refused,
# not used: the tests would otherwise run against whatever it is.
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

# Runs "$@" holding the lock file $1 (exclusive, waiting for it): one build or start at a time.
with_lock() {
  local file=$1
  shift
  mkdir -p "$(dirname "$file")"
  (
    flock 9
    "$@"
  ) 9>"$file"
}

ensure_chroot() {
  [ -x "$root/usr/sbin/mysqld" ] && return 0
  need_root "building the MySQL chroot"
  with_lock "$root.lock" build_chroot
}

build_chroot() {
  # Another run may have built it while this one waited for the lock.
  [ -x "$root/usr/sbin/mysqld" ] && return 0
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing Debian's debootstrap (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  fi
  local mirror work
  mirror=$(debian_mirror)
  # A folder of this run's own: a run that died half-way leaves its folder, never a half-built
  # $root, and no other run writes into it.
  work=$(mktemp -d "$root.partial.XXXXXX")
  # mktemp makes it 0700; as the chroot's / it must let mysqld (user mysql) through.
  chmod 755 "$work"
  log "debootstrap sid with $packages into $root (about 30 s, 640 MB)"
  if ! debootstrap --variant=minbase --include="$packages" sid "$work" "$mirror" >"$work.log" 2>&1; then
    tail -n 20 "$work.log" >&2
    rm -rf "$work"
    exit 1
  fi
  chroot "$work" sh -c 'id mysql >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin mysql'
  mv "$work.log" "$root.debootstrap.log"
  mv -T "$work" "$root"
}

in_chroot() { chroot "$root" "$@"; }

# Whether the mysqld of this chroot runs on the port: its pid file names a live process whose
# root directory is this chroot and that was started for that port.
ours_on_port() {
  local pidfile="$root/run/mysqld/mysqld-$port.pid" pid
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -d "/proc/$pid" ] || return 1
  [ "$(readlink "/proc/$pid/root")" = "$(readlink -f "$root")" ] || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qx -- "--port=$port"
}

start() {
  if listening "$port" && ours_on_port; then
    echo "mysql://root@127.0.0.1:$port/"
    return 0
  fi
  ensure_chroot
  need_root "starting mysqld"
  with_lock "$root.port-$port.lock" start_locked
}

start_locked() {
  local datadir="/var/lib/mysql-$port" errlog="/var/log/mysql/mysqld-$port.err"
  if listening "$port"; then
    if ours_on_port; then
      echo "mysql://root@127.0.0.1:$port/"
      return 0
    fi
    log "something else listens on 127.0.0.1:$port: not the mysqld of $root (its pid file" \
      "$root/run/mysqld/mysqld-$port.pid names no such server). Stop it, or use another port" \
      "(--port N, or MYSQL_PORT=N for npm run test:mysql)"
    exit 1
  fi
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
    --log-error="$errlog" ${MYSQLD_EXTRA_ARGS:-} </dev/null >/dev/null 2>&1 9>&- &
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
