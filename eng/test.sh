#!/usr/bin/env bash
# Builds the solution once, runs every test project of it, and prints "N passed, N failed"
# (", N skipped" when any were skipped) as the LAST line of output. Exits non-zero when the build
# failed or any test failed.
#
#   eng/test.sh                                     # Release, all test projects
#   eng/test.sh --filter "FullyQualifiedName~Cli"   # extra arguments go to every dotnet test
#   CONFIGURATION=Debug eng/test.sh
#
# Results: artifacts/test-results/<TestProject>.trx, one per test project.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

configuration="${CONFIGURATION:-Release}"
results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

summary() { # passed failed skipped
  local line="$1 passed, $2 failed"
  if [[ $3 -gt 0 ]]; then line="$line, $3 skipped"; fi
  echo "$line"
}

if ! dotnet build ComplianceMonitor.sln --configuration "$configuration" --nologo; then
  echo "eng/test.sh: the build failed; no tests were run." >&2
  summary 0 0 0
  exit 1
fi

# Every test project of the solution, each with its own .trx (fixed names: nothing can overwrite another).
mapfile -t projects < <(dotnet sln ComplianceMonitor.sln list | tr -d '\r' | grep -E '\.Tests\.csproj$' | sed 's#\\#/#g' | sort)
status=0
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  # A test that hangs is stopped after 5 minutes and counted as failed, so a run always ends.
  dotnet test "$project" --configuration "$configuration" --no-build --nologo \
    --logger "trx;LogFileName=${name}.trx" --results-directory "$results" \
    --blame-hang-timeout 5m --blame-hang-dump-type none \
    "$@" || status=$?
done

# Sum the <Counters total="" executed="" passed="" failed="" error="" timeout="" aborted="" notExecuted="" .../> of every .trx.
counter() { # file attribute
  local line value
  line="$(grep -o '<Counters [^>]*>' "$1" | head -n 1 || true)"
  value="$(printf '%s' "$line" | sed -nE "s/.* $2=\"([0-9]+)\".*/\1/p")"
  printf '%s' "${value:-0}"
}

passed=0 failed=0 skipped=0 missing=0
for project in "${projects[@]}"; do
  trx="$results/$(basename "$project" .csproj).trx"
  if [[ ! -f "$trx" ]]; then
    echo "eng/test.sh: $(basename "$project" .csproj) wrote no results (its test host crashed or was not started)." >&2
    missing=$((missing + 1))
    continue
  fi
  passed=$((passed + $(counter "$trx" passed)))
  failed=$((failed + $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted)))
  skipped=$((skipped + $(counter "$trx" notExecuted)))
done

if [[ ${#projects[@]} -eq 0 ]]; then
  echo "eng/test.sh: ComplianceMonitor.sln lists no *.Tests.csproj project." >&2
  status=1
fi
if [[ $missing -gt 0 || $failed -gt 0 ]] && [[ $status -eq 0 ]]; then
  status=1
fi
summary "$passed" "$failed" "$skipped"
exit "$status"
