#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Makes the schema-5 database of the migration test and the outputs that ifg
# 0.1.0 (schema 5) gave for it, which the migrated database must reproduce.
# It was run once, with the ifg of commit cf7da9c:
#   git worktree add /tmp/ifg-0.1.0 cf7da9c && (cd /tmp/ifg-0.1.0 && cmake -S . -B build \
#     -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build build --target ifg_cli)
#   tests/data/schema5/make.sh /tmp/ifg-0.1.0/build/cli/ifg
# All people are synthetic (examples/).
set -euo pipefail
ifg=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export IFG_DB="$work/ifg.db" IFG_NOW=2026-11-28T10:00:00Z
cd "$root"
"$ifg" init --config examples/flanders.toml > /dev/null
head -60 examples/referrals.jsonl > "$work/batch.jsonl"
"$ifg" --as coord.vl --quiet screen --batch "$work/batch.jsonl" --format csv > "$work/batch.csv" || true
single=$("$ifg" --as coord.ant --quiet register --from examples/referral.toml)
"$ifg" --as coord.ant --quiet screen "$single" > /dev/null
citizen=$("$ifg" --as coord.ant --quiet register --region ANT --received 2026-11-20 \
  --referrer-kind burger --external-ref SCHEMA5-CITIZEN)
"$ifg" --as coord.ant --quiet update "$citizen" --set channel=politie --set safety=onveilig > /dev/null
q=(--as coord.ant --quiet)
"$ifg" "${q[@]}" decide "$single" --accept --motivation "Very unsafe; help is stuck." > /dev/null
"$ifg" "${q[@]}" meeting add "$single" --date 2026-11-27 --attendee dir.ant \
  --attendee member.ant.pz --basis decree --purpose "Analysis" > /dev/null
"$ifg" "${q[@]}" plan add "$single" --action "Find housing" --domain housing \
  --professional dir.ant --due 2026-12-05 > /dev/null
"$ifg" "${q[@]}" assign "$single" --director dir.ant > /dev/null
"$ifg" "${q[@]}" plan activate "$single" > /dev/null
"$ifg" "${q[@]}" decide "$citizen" --refuse --motivation "Citizen: pointed to 1712." > /dev/null
"$ifg" --as member.lim.pz log "$single" > /dev/null 2>&1 || true  # a denial in the trail
# Everything ifg 0.1.0 says about the database, one JSON document per command.
mapfile -t cases < <(sqlite3 "$IFG_DB" "SELECT id FROM cases ORDER BY id")
{
  printf '{"cases": {'
  sep=""
  for c in "${cases[@]}"; do
    printf '%s"%s": {"screen": ' "$sep" "$c"
    "$ifg" --as coord.vl screen "$c" --format json 2>/dev/null | tr -d '\n' || printf 'null'
    printf ', "report": '
    "$ifg" --as coord.vl report case "$c" --format json | tr -d '\n'
    printf '}'
    sep=", "
  done
  printf '}, "verify": '
  "$ifg" audit verify --format json | tr -d '\n'
  printf '}\n'
} > "$here/expected.json"
# The database as SQL text (with the reads the commands above logged, which
# the expected head of the trail counts); .dump leaves out the schema version.
{
  echo "PRAGMA user_version=5;"
  sqlite3 "$IFG_DB" .dump
} > "$here/ifg.sql"
