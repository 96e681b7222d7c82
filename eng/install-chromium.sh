#!/usr/bin/env bash
# Installs what the console's browser tests need, when missing: Debian's chromium, its matching chromium-driver
# (Selenium drives the browser through it) and a CJK font (without one, Chinese renders as boxes in screenshots).
#
#   eng/install-chromium.sh            prints the chromium and chromedriver paths, one a line
#
# Environment: NO_INSTALL=1 (never apt-get; fail when something is missing).
set -euo pipefail

say() { echo "install-chromium.sh: $*" >&2; }

apt_install() {
  [[ "${NO_INSTALL:-0}" == 1 ]] && { say "missing $*, and NO_INSTALL=1"; exit 1; }
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  if ! apt-cache show "$@" >/dev/null 2>&1; then
    say "apt-get update"
    "${sudo[@]}" apt-get update -qq
  fi
  say "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
if [[ ${#missing[@]} -gt 0 ]]; then
  apt_install "${missing[@]}"
fi
command -v chromium
command -v chromedriver
