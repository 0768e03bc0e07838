#!/usr/bin/env bash
# Runs the West Yorkshire CRC worked example end to end (framework crc-2018, the 2018-2020
# programme): builds fieldwork, creates a fresh inspection database, imports the synthetic cases
# of the three samples and their judgements, records the domain-one ratings, validates the
# answers and prints the ratings. See README.md beside this file for what is published and what
# is synthetic.
# Usage: bash examples/west-yorkshire-crc/run.sh [DB]   (default: a new file in a temp folder)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
bin="$work/fieldwork"
trap 'rm -f "$bin"' EXIT # keep the database, not the binary
(cd "$root" && go build -o "$bin" ./cmd/fieldwork)
export FIELDWORK_DB="${1:-$work/west-yorkshire-crc.db}"

"$bin" init --framework crc-2018 --name "West Yorkshire CRC"
"$bin" cases import "$here/cases.csv"
"$bin" judgements import "$here/judgements.csv"
"$bin" rate --by "Lead inspector" --file "$here/ratings.csv"
"$bin" validate
echo
"$bin" score
echo
echo "database: $FIELDWORK_DB"
