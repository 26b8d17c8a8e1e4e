#!/usr/bin/env bash
# End-to-end tests drive Debian's Chromium. Install it when missing and root.
set -euo pipefail
# The accessibility pass of the end-to-end suite runs axe-core inside that browser.
"$(dirname "$0")/ensure-axe.sh"
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium and chromium-driver for the end-to-end tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
error: the end-to-end tests need Chromium at /usr/bin/chromium.
Install it as root, e.g.:  sudo apt-get install chromium chromium-driver
MSG
exit 1
