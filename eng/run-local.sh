#!/usr/bin/env bash
# Runs the `cm` console runner against a local Azurite started by eng/azurite.sh.
#
#   eng/run-local.sh [--keep] [--in-memory] [--] CM-ARGS...
#     e.g. eng/run-local.sh import samples/ledger.json
#          eng/run-local.sh --keep import samples/ledger.json   # leave Azurite running afterwards
#
# Uses the Azurite instance named "local" (data in <repo>/.azurite, git-ignored; --in-memory keeps nothing),
# starting it when it is not running and stopping it afterwards unless --keep is given or it was already
# running. Exports ComplianceStorage__ConnectionString and AzureWebJobsStorage for the run.
# When ComplianceStorage__ConnectionString is already set, it is used as is and no Azurite is started.
# (Without this script, `cm` itself starts a local Azurite per run when nothing is configured.)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEEP=0 INMEMORY=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) KEEP=1; shift ;;
    --in-memory) INMEMORY=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done

STARTED=0
if [[ -z "${ComplianceStorage__ConnectionString:-}" ]]; then
  if "$ROOT/eng/azurite.sh" status --name local >/dev/null 2>&1; then
    CONN="$("$ROOT/eng/azurite.sh" connection-string --name local)"
  else
    if [[ $INMEMORY -eq 1 ]]; then
      CONN="$("$ROOT/eng/azurite.sh" start --name local)"
    else
      CONN="$("$ROOT/eng/azurite.sh" start --name local --data "$ROOT/.azurite")"
    fi
    STARTED=1
  fi
  export ComplianceStorage__ConnectionString="$CONN"
fi
export AzureWebJobsStorage="${AzureWebJobsStorage:-$ComplianceStorage__ConnectionString}"

cleanup() {
  if [[ $STARTED -eq 1 && $KEEP -eq 0 ]]; then
    "$ROOT/eng/azurite.sh" stop --name local
  elif [[ $STARTED -eq 1 ]]; then
    echo "run-local.sh: Azurite keeps running; stop it with: eng/azurite.sh stop --name local" >&2
    echo "run-local.sh: export ComplianceStorage__ConnectionString=\"\$(eng/azurite.sh connection-string --name local)\"" >&2
  fi
}
trap cleanup EXIT

dotnet run --project "$ROOT/src/ComplianceMonitor.Cli" -- "$@"
