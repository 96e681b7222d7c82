#!/usr/bin/env bash
# Renders the supervisor digest of the sample ledger and screenshots it with headless Chromium.
#
#   eng/screenshot-digest.sh [DISTRICT...]          default district: 110111 (房山区)
#
# Environment: DIGEST_DATE (default 2026-11-26, the day samples/README.md describes),
#              SCREENSHOT_SIZE (default 1000,2000: Chromium's --window-size), NO_INSTALL=1 (never apt-get).
#
# Steps:
#   1. installs Debian's chromium (and a CJK font, without which Chinese renders as boxes) when missing;
#   2. builds the `cm` console runner and starts an in-memory Azurite of its own (eng/azurite.sh, name "screenshot");
#   3. imports samples/ledger.json and scans it as of DIGEST_DATE with `cm import` / `cm scan` when this build of cm
#      has them, else with `cm digest --ledger` (which imports the district's records into scratch tables and scans them);
#   4. writes artifacts/digest-DISTRICT.html with `cm digest` (nothing is sent) and screenshots it to
#      artifacts/digest-DISTRICT.png.
# The Azurite instance is stopped on exit. Prints the PNG paths.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATE="${DIGEST_DATE:-2026-11-26}"
SIZE="${SCREENSHOT_SIZE:-1000,2000}"
if [[ $# -gt 0 ]]; then DISTRICTS=("$@"); else DISTRICTS=(110111); fi
AZURITE_NAME=screenshot

say() { echo "screenshot-digest.sh: $*" >&2; }

apt_install() {
  [[ "${NO_INSTALL:-0}" == 1 ]] && { say "missing $*, and NO_INSTALL=1"; exit 1; }
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  # Install from the package lists there are; refresh them only when the package is not known yet.
  if ! apt-cache show "$@" >/dev/null 2>&1; then
    say "apt-get update"
    "${sudo[@]}" apt-get update -qq
  fi
  say "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$CHROMIUM" ]]; then
  apt_install chromium
  CHROMIUM="$(command -v chromium)"
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  apt_install fonts-noto-cjk
fi

say "building cm"
dotnet build "$ROOT/src/ComplianceMonitor.Cli" -v quiet -nologo >/dev/null
cm() { dotnet "$ROOT/src/ComplianceMonitor.Cli/bin/Debug/net10.0/cm.dll" "$@"; }

STARTED=0
if CONN="$("$ROOT/eng/azurite.sh" status --name "$AZURITE_NAME" 2>/dev/null)"; then
  say "using the running Azurite '$AZURITE_NAME'"
else
  CONN="$("$ROOT/eng/azurite.sh" start --name "$AZURITE_NAME")"
  STARTED=1
fi
cleanup() { [[ $STARTED -eq 1 ]] && "$ROOT/eng/azurite.sh" stop --name "$AZURITE_NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT
export ComplianceStorage__ConnectionString="$CONN"
unset ComplianceStorage__TableServiceUri ComplianceStorage__QueueServiceUri ComplianceStorage__TablePrefix

cd "$ROOT"
mkdir -p artifacts
HELP="$(cm --help)"
if grep -qE '^\s+import\b' <<<"$HELP" && grep -qE '^\s+scan\b' <<<"$HELP"; then
  say "cm import --ledger samples/ledger.json; cm scan --as-of $DATE"
  cm import --ledger samples/ledger.json >&2
  cm scan --as-of "$DATE" >&2
  LEDGER=()
else
  say "this cm has no import/scan commands: cm digest --ledger samples/ledger.json imports and scans each district in scratch tables"
  LEDGER=(--ledger samples/ledger.json)
fi

for district in "${DISTRICTS[@]}"; do
  html="artifacts/digest-$district.html"
  png="artifacts/digest-$district.png"
  cm digest --district "$district" --as-of "$DATE" --out "$html" "${LEDGER[@]}" >&2
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$png" --window-size="$SIZE" "file://$ROOT/$html" >/dev/null 2>&1
  [[ -s "$png" ]] || { say "chromium wrote no $png"; exit 1; }
  echo "$ROOT/$png"
done
