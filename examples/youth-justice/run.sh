#!/usr/bin/env bash
# Runs the youth justice worked example end to end (framework yjs-2021): builds fieldwork, creates
# a fresh inspection database for the made-up Northshire Youth Justice Service, imports the
# synthetic court and out-of-court disposal cases and their judgements, records the ratings the
# inspectors give (domain one, 3.4 and 4.1 Resettlement policy and provision), validates the
# answers and prints the ratings: a score out of 36, with resettlement rated but not counted.
# See README.md beside this file for what is published and what is synthetic.
# Usage: bash examples/youth-justice/run.sh [DB]   (default: a new file in a temp folder)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
bin="$work/fieldwork"
trap 'rm -f "$bin"' EXIT # keep the database, not the binary
(cd "$root" && go build -o "$bin" ./cmd/fieldwork)
export FIELDWORK_DB="${1:-$work/youth-justice.db}"

"$bin" init --framework yjs-2021 --name "Northshire Youth Justice Service"
"$bin" cases import "$here/cases.csv"
"$bin" judgements import "$here/judgements.csv"
"$bin" rate --by "Lead inspector" --file "$here/ratings.csv"
"$bin" validate
echo
"$bin" score
echo
echo "database: $FIELDWORK_DB"
