#!/usr/bin/env bash
# Local Azurite (blob + queue + table storage emulator) for ComplianceMonitor.
#
#   eng/azurite.sh start [--blob-port N] [--queue-port N] [--table-port N] [--data DIR] [--name NAME]
#       Installs azurite (npm) into .tools/azurite on first use, starts it in the background on 127.0.0.1
#       (free ports unless given; in memory unless --data DIR), waits until it listens and prints the
#       connection string on stdout (progress goes to stderr), e.g.
#         export ComplianceStorage__ConnectionString="$(eng/azurite.sh start)"
#       If the named instance already runs, prints its connection string.
#   eng/azurite.sh run   [same options]     runs in the foreground (Ctrl-C stops it)
#   eng/azurite.sh stop  [--name NAME]      stops the instance (its whole process group)
#   eng/azurite.sh status [--name NAME]     exit 0 and prints the connection string when running, else exit 1
#   eng/azurite.sh connection-string [--name NAME]
#   eng/azurite.sh install                  installs only
#
# The same flags, install folder, lock file and install marker are used by
# src/ComplianceMonitor.DevStorage/LocalAzurite.cs (the CLI and the test fixture).
# AZURITE_VERSION overrides the version (default 3.35.0; falls back to the newest 3.x if not served).
# The account key below is Azurite's well-known public development key, not a secret.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools/azurite"
ENTRY="$TOOLS/node_modules/azurite/dist/src/azurite.js"
MARKER="$TOOLS/.cm-installed"
VERSION="${AZURITE_VERSION:-3.35.0}"
HOST=127.0.0.1
ACCOUNT=devstoreaccount1
KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

say() { echo "azurite.sh: $*" >&2; }
die() { say "$*"; exit 1; }

install() {
  [[ -f "$MARKER" && -f "$ENTRY" ]] && return 0
  command -v npm >/dev/null || die "npm not found: install Node.js (with npm)"
  mkdir -p "$TOOLS"
  (
    # Same lock file as LocalAzurite.cs, so scripts and test runs never install at once.
    exec 9>"$TOOLS.lock"
    flock -w 300 9 || die "timed out waiting for another Azurite install ($TOOLS.lock)"
    [[ -f "$MARKER" && -f "$ENTRY" ]] && exit 0
    say "installing azurite@$VERSION into $TOOLS (first use only)"
    if ! npm install --prefix "$TOOLS" "azurite@$VERSION" --no-audit --no-fund >&2; then
      say "azurite@$VERSION not available; installing the newest 3.x"
      npm install --prefix "$TOOLS" "azurite@3" --no-audit --no-fund >&2
    fi
    [[ -f "$ENTRY" ]] || die "npm install finished but $ENTRY is missing"
    echo "$VERSION" >"$MARKER"
  )
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'$HOST',()=>{console.log(s.address().port);s.close();});"
}

conn() { # blob queue table
  echo "DefaultEndpointsProtocol=http;AccountName=$ACCOUNT;AccountKey=$KEY;BlobEndpoint=http://$HOST:$1/$ACCOUNT;QueueEndpoint=http://$HOST:$2/$ACCOUNT;TableEndpoint=http://$HOST:$3/$ACCOUNT;"
}

NAME=default BLOB_PORT="" QUEUE_PORT="" TABLE_PORT="" DATA=""
CMD="${1:-}"; [[ $# -gt 0 ]] && shift
while [[ $# -gt 0 ]]; do
  case "$1" in
    --blob-port) BLOB_PORT="$2"; shift 2 ;;
    --queue-port) QUEUE_PORT="$2"; shift 2 ;;
    --table-port) TABLE_PORT="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --name) NAME="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
RUN="$TOOLS/run"
PIDFILE="$RUN/$NAME.pid" PORTFILE="$RUN/$NAME.ports" LOG="$RUN/$NAME.log"

running() { [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

args() {
  BLOB_PORT="${BLOB_PORT:-$(free_port)}"; QUEUE_PORT="${QUEUE_PORT:-$(free_port)}"; TABLE_PORT="${TABLE_PORT:-$(free_port)}"
  ARGS=(--blobHost "$HOST" --blobPort "$BLOB_PORT" --queueHost "$HOST" --queuePort "$QUEUE_PORT"
        --tableHost "$HOST" --tablePort "$TABLE_PORT" --disableTelemetry --skipApiVersionCheck --loose --silent)
  if [[ -n "$DATA" ]]; then mkdir -p "$DATA"; ARGS+=(--location "$DATA"); else ARGS+=(--inMemoryPersistence); fi
}

case "$CMD" in
  install) install ;;
  start)
    if running; then read -r b q t <"$PORTFILE"; conn "$b" "$q" "$t"; exit 0; fi
    install; args; mkdir -p "$RUN"; : >"$LOG"
    cd "$RUN"
    if [[ -n "$DATA" ]]; then
      # Hold the data folder's lock (the same one LocalAzurite.cs takes) for as long as Azurite runs.
      setsid nohup flock -n "$DATA/.cm-lock" node "$ENTRY" "${ARGS[@]}" </dev/null >"$LOG" 2>&1 &
    else
      setsid nohup node "$ENTRY" "${ARGS[@]}" </dev/null >"$LOG" 2>&1 &
    fi
    echo $! >"$PIDFILE"; echo "$BLOB_PORT $QUEUE_PORT $TABLE_PORT" >"$PORTFILE"
    for _ in $(seq 1 300); do
      if grep -q "Azurite Table service is successfully listening" "$LOG"; then
        say "started (pid $(cat "$PIDFILE"), blob $BLOB_PORT, queue $QUEUE_PORT, table $TABLE_PORT; log $LOG)"
        conn "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT"; exit 0
      fi
      if ! running; then
        cat "$LOG" >&2; rm -f "$PIDFILE" "$PORTFILE"
        [[ -n "$DATA" ]] && say "(is another Azurite using the data folder $DATA?)"
        die "Azurite exited while starting"
      fi
      sleep 0.2
    done
    cat "$LOG" >&2; "$0" stop --name "$NAME"; die "Azurite did not start within 60 s" ;;
  run)
    install; args
    say "$(conn "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT")"
    if [[ -n "$DATA" ]]; then exec flock -n "$DATA/.cm-lock" node "$ENTRY" "${ARGS[@]}"; fi
    exec node "$ENTRY" "${ARGS[@]}" ;;
  stop)
    if running; then
      pid="$(cat "$PIDFILE")"
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || true
      say "stopped (pid $pid)"
    else
      say "not running"
    fi
    rm -f "$PIDFILE" "$PORTFILE" ;;
  status|connection-string)
    running || { say "not running"; exit 1; }
    read -r b q t <"$PORTFILE"; conn "$b" "$q" "$t" ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
