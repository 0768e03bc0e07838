#!/usr/bin/env bash
# Runs the statutory victim work example end to end (framework victim-work, from the Yorkshire
# and the Humber regional inspection, 2023): builds fieldwork, creates a fresh inspection
# database, imports the 22 synthetic victim cases and their judgements, validates the answers and
# prints the figures. See README.md beside this file for what is published and what is synthetic.
# Usage: bash examples/victim-work/run.sh [DB]   (default: a new file in a temp folder)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
bin="$work/fieldwork"
trap 'rm -f "$bin"' EXIT # keep the database, not the binary
(cd "$root" && go build -o "$bin" ./cmd/fieldwork)
export FIELDWORK_DB="${1:-$work/victim-work.db}"

"$bin" init --framework victim-work --name "Yorkshire and the Humber: statutory victim work" \
  --region "Yorkshire and the Humber"
"$bin" cases import "$here/cases.csv"
"$bin" judgements import "$here/judgements.csv"
"$bin" validate
echo
"$bin" score
echo
echo "database: $FIELDWORK_DB"
