#!/usr/bin/env bash
# Unpacks one Debian package from another suite than the machine's (e.g. sid's percona-toolkit,
# trixie's docker-compose) into a folder, without installing it or touching the system's apt
# state: a private sources list and package lists under the folder, the machine's own mirror.
#   scripts/fetch-debian-package.sh SUITE PACKAGE DEST   → DEST/root holds the unpacked files;
#                                                          prints the package's version
# Idempotent: a package already unpacked in DEST is left as it is.
set -euo pipefail
suite=$1 package=$2 dest=$3

if [ -s "$dest/version" ] && [ -d "$dest/root" ]; then
  cat "$dest/version"
  exit 0
fi
mirror=$(grep -rhoE '^URIs: *http[^ ]*debian/?$|^deb +http[^ ]*debian/? ' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null \
  | grep -oE 'http[^ ]*' | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}
state="$dest/apt"
mkdir -p "$state/lists/partial" "$state/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >"$state/sources.list"
apt_options=(
  -o "Dir::Etc::SourceList=$state/sources.list"
  -o "Dir::Etc::SourceParts=-"
  -o "Dir::State::Lists=$state/lists"
  -o "Dir::Cache::Archives=$state/archives"
  -o "Dir::State::Status=/var/lib/dpkg/status"
  -o "APT::Get::List-Cleanup=0"
  -o "APT::Sandbox::User=root"
)
echo "fetch-debian-package: $package from Debian $suite ($mirror)" >&2
apt-get "${apt_options[@]}" update -qq >&2
(cd "$state/archives" && apt-get "${apt_options[@]}" download -qq "$package" >&2)
deb=$(ls "$state"/archives/"${package}"_*.deb | head -n 1)
rm -rf "$dest/root"
dpkg-deb -x "$deb" "$dest/root"
dpkg-deb -f "$deb" Version >"$dest/version"
rm -rf "$state/lists" "$state/archives"
cat "$dest/version"
