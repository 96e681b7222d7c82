#!/usr/bin/env bash
# Builds the solution, runs every test project, and prints "N passed, N failed" (", N skipped" when
# any were skipped) as the LAST line of output. Exits non-zero when a test failed or the build failed.
#
#   eng/test.sh                         # Release, all tests
#   eng/test.sh --filter "FullyQualifiedName~Cli"   # extra arguments go to dotnet test
#   CONFIGURATION=Debug eng/test.sh
#
# Results (one .trx per test project) are written to artifacts/test-results/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

configuration="${CONFIGURATION:-Release}"
results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

status=0
# A test that hangs is killed after 5 minutes and reported as failed, so a run always ends.
dotnet test ComplianceMonitor.sln \
  --configuration "$configuration" \
  --logger "trx;LogFilePrefix=cm" \
  --results-directory "$results" \
  --blame-hang-timeout 5m --blame-hang-dump-type none \
  "$@" || status=$?

# Sum the counters of every .trx file: <Counters total="" executed="" passed="" failed="" error="" timeout="" aborted="" notExecuted="" .../>
counter() { # $1 = file, $2 = attribute
  local line value
  line="$(grep -o '<Counters [^>]*>' "$1" | head -n 1 || true)"
  value="$(printf '%s' "$line" | sed -nE "s/.* $2=\"([0-9]+)\".*/\1/p")"
  printf '%s' "${value:-0}"
}

passed=0 failed=0 skipped=0 files=0
shopt -s nullglob
for trx in "$results"/*.trx "$results"/*/*.trx; do
  files=$((files + 1))
  passed=$((passed + $(counter "$trx" passed)))
  failed=$((failed + $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted)))
  skipped=$((skipped + $(counter "$trx" notExecuted)))
done

if [[ $files -eq 0 ]]; then
  echo "eng/test.sh: no test results were written (did the build fail?); dotnet test exited ${status}." >&2
  [[ $status -eq 0 ]] && status=1
elif [[ $status -ne 0 && $failed -eq 0 ]]; then
  echo "eng/test.sh: dotnet test exited ${status} although no test failed (a build error or a crashed test host)." >&2
fi
if [[ $failed -gt 0 && $status -eq 0 ]]; then
  status=1
fi

summary="${passed} passed, ${failed} failed"
if [[ $skipped -gt 0 ]]; then
  summary="${summary}, ${skipped} skipped"
fi
echo "$summary"
exit "$status"
