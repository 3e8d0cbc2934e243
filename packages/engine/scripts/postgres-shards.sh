#!/usr/bin/env bash
# Two PostgreSQL shard servers on this machine, to try @synthkit/engine's sharded fit (fitCopulaShards).
#
#   scripts/postgres-shards.sh start  [DIR]          initdb two clusters under DIR and start them on loopback ports
#   scripts/postgres-shards.sh load   FILE.csv [DIR] split a CSV file's rows in two: the first half into shard 1's
#                                                    table "shard", the rest into shard 2's (every column as text;
#                                                    one record per line, a plain comma-separated header)
#   scripts/postgres-shards.sh status [DIR]          where the servers listen
#   scripts/postgres-shards.sh stop   [DIR]          stop both servers (the data stays in DIR; rm -rf DIR to drop it)
#
# DIR defaults to ./synthkit-shards; the ports to 54321 and 54322 (SYNTHKIT_SHARD_PORTS="p1 p2" to change them).
# The servers trust connections from 127.0.0.1 as user postgres (no password): for trying, not for production.
# Needs PostgreSQL's server binaries (Debian/Ubuntu: apt-get install postgresql; or SYNTHKIT_PG_BIN=/path/to/bin).
# PostgreSQL refuses to run as root: as root, the servers run as the OS user postgres (runuser).
# Then, in Node (npm install @synthkit/engine @synthkit/copula @synthkit/core pg):
#   const engines = [await openPostgres({ host: '127.0.0.1', port: 54321, user: 'postgres' }),
#                    await openPostgres({ host: '127.0.0.1', port: 54322, user: 'postgres' })]
#   const { model } = await fitCopulaShards(engines, 'shard', { schema })
set -euo pipefail

cmd="${1:-}"
case "$cmd" in
  load) file="${2:?usage: $0 load FILE.csv [DIR]}"; dir="${3:-./synthkit-shards}" ;;
  start | stop | status) dir="${2:-./synthkit-shards}" ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2 ;;
esac
read -r -a ports <<<"${SYNTHKIT_SHARD_PORTS:-54321 54322}"

bin="${SYNTHKIT_PG_BIN:-}"
if [ -z "$bin" ]; then
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$newest" ] && [ -x "$newest/pg_ctl" ]; then bin="$newest"; elif command -v pg_ctl >/dev/null; then bin="$(dirname "$(command -v pg_ctl)")"; fi
fi
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "PostgreSQL's server binaries (pg_ctl, initdb) were not found: apt-get install postgresql, or set SYNTHKIT_PG_BIN" >&2
  exit 1
fi

as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"

case "$cmd" in
  start)
    for k in 0 1; do
      data="$dir/shard$((k + 1))"
      if [ ! -d "$data" ]; then
        as_server "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
      fi
      as_server "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-p ${ports[$k]} -c listen_addresses='127.0.0.1' -k $data" start >/dev/null
      echo "shard $((k + 1)): postgres://postgres@127.0.0.1:${ports[$k]}/postgres (data in $data)"
    done
    ;;
  load)
    [ -f "$file" ] || { echo "no file $file" >&2; exit 1; }
    header="$(head -n 1 "$file")"
    columns="$(printf '%s' "$header" | tr -d '\r' | awk -F, '{ for (i = 1; i <= NF; i++) printf "%s\"%s\" text", (i > 1 ? ", " : ""), $i }')"
    rows=$(($(wc -l <"$file") - 1))
    half=$(((rows + 1) / 2))
    for k in 0 1; do
      if [ "$k" = 0 ]; then range="2,$((half + 1))p"; else range="$((half + 2)),\$p"; fi
      "$bin/psql" -q -h 127.0.0.1 -p "${ports[$k]}" -U postgres -v ON_ERROR_STOP=1 \
        -c "DROP TABLE IF EXISTS shard" -c "CREATE TABLE shard ($columns)" >/dev/null
      sed -n "$range" "$file" | "$bin/psql" -q -h 127.0.0.1 -p "${ports[$k]}" -U postgres -v ON_ERROR_STOP=1 \
        -c "\\copy shard FROM pstdin WITH (FORMAT csv)"
      echo "shard $((k + 1)): $("$bin/psql" -tA -h 127.0.0.1 -p "${ports[$k]}" -U postgres -c 'SELECT count(*) FROM shard') rows in table shard"
    done
    ;;
  status)
    for k in 0 1; do as_server "$bin/pg_ctl" -D "$dir/shard$((k + 1))" status | head -n 1 || true; done
    ;;
  stop)
    for k in 0 1; do as_server "$bin/pg_ctl" -D "$dir/shard$((k + 1))" -m fast -w stop >/dev/null || true; done
    echo "stopped (data kept in $dir)"
    ;;
esac
