#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1, for the sync tests, the benchmark and local runs.
#
#   bash packages/sync/scripts/postgres.sh start   # prints DIR=<data dir> and DATABASE_URL=<url>
#   bash packages/sync/scripts/postgres.sh stop <DIR>
#   bash packages/sync/scripts/postgres.sh run <command…>  # start, run the command with DATABASE_URL set, stop (even on failure)
#
# Uses the PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin (or initdb on the
# PATH); installs the `postgresql` package with apt-get only if there are none. The cluster lives
# in a temporary directory (trust authentication, loopback only, a free port) and is removed on stop.
set -euo pipefail

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

ensure_bin() {
  if find_bin >/dev/null; then find_bin; return 0; fi
  echo "postgres.sh: no PostgreSQL server binaries; installing the postgresql package" >&2
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
  find_bin
}

# PostgreSQL refuses to run as root: as root, run it as the `postgres` user (created by the package).
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local bin dir port
  bin=$(ensure_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/livechat-pg.XXXXXX")
  chmod 755 "$dir"
  mkdir "$dir/data" "$dir/run"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    return 1
  }
  port=$(free_port)
  # fsync off: a throwaway server for tests (a killed *client* must still leave committed data, which it does).
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/run -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || {
    cat "$dir/server.log" >&2
    return 1
  }
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres livechat
  echo "DIR=$dir"
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/livechat"
}

stop() {
  local dir=$1 bin
  [ -d "$dir/data" ] || return 0
  bin=$(find_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?usage: postgres.sh stop <DIR>}" ;;
  run)
    shift
    out=$(start)
    dir=$(sed -n 's/^DIR=//p' <<<"$out")
    trap 'stop "$dir"' EXIT
    export DATABASE_URL
    DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' <<<"$out")
    "$@"
    ;;
  *)
    echo "usage: postgres.sh start | stop <DIR> | run <command…>" >&2
    exit 2
    ;;
esac
