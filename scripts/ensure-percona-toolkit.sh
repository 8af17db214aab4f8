#!/usr/bin/env bash
# Online schema changes (`online = 'pt-osc'` in a migration) run pt-online-schema-change. It must
# be 3.6 or newer: MySQL 8.4 and 9.x removed the statements older releases use (SHOW SLAVE
# STATUS, …), and bookworm's package is 3.2.1. Prints the folder holding one new enough, for PATH:
#   - the one on PATH, when it is new enough;
#   - else Debian sid's percona-toolkit (3.7.1 when written), unpacked, not installed, into
#     PERCONA_TOOLKIT_DIR (default /var/tmp/life-platter-percona-toolkit) and run by this
#     machine's perl, with Debian's DBI and DBD::mysql (installed when missing; needs root and apt).
# The online-change test runs it; a migrate image needs percona-toolkit 3.6+ on its PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${PERCONA_TOOLKIT_DIR:-/var/tmp/life-platter-percona-toolkit}

new_enough() { # path to a pt-online-schema-change
  local version
  version=$("$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -n 1) || return 1
  [ -n "$version" ] && printf '3.6\n%s\n' "$version" | sort -V -C
}

if found=$(command -v pt-online-schema-change 2>/dev/null) && new_enough "$found"; then
  dirname "$found"
  exit 0
fi
if ! perl -MDBI -MDBD::mysql -e 1 2>/dev/null; then
  echo "ensure-percona-toolkit: installing Debian's DBI and DBD::mysql for perl (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq libdbi-perl libdbd-mysql-perl >/dev/null
fi
bash "$here/fetch-debian-package.sh" sid percona-toolkit "$dest" >/dev/null
bin="$dest/root/usr/bin"
new_enough "$bin/pt-online-schema-change" || {
  echo "ensure-percona-toolkit: $bin/pt-online-schema-change is older than 3.6 or does not run" >&2
  exit 1
}
echo "$bin"
