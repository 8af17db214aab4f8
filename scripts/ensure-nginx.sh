#!/usr/bin/env bash
# The entry-point test runs the compose nginx configuration (docker/nginx) in Debian's nginx
# with its njs module; install both when missing (needs root and apt). Never starts a service.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 && [ -f /usr/lib/nginx/modules/ngx_http_js_module.so ]; then
  exit 0
fi
echo "installing Debian's nginx-light and libnginx-mod-http-js (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d 101: the package must not start nginx on port 80 as a side effect.
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get install -y -qq nginx-light libnginx-mod-http-js >/dev/null
