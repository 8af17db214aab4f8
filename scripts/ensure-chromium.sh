#!/usr/bin/env bash
# The browser test drives Debian's Chromium; install it when it is missing (needs root and apt).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
echo "test:browser: installing Debian's chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
