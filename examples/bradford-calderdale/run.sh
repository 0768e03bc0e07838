#!/usr/bin/env bash
# Runs the Bradford & Calderdale worked example end to end: builds fieldwork, creates a fresh
# inspection database, imports the synthetic cases and judgements, records the domain-one
# ratings and evidence as the report gives them, validates the answers and prints the ratings.
# Usage: bash examples/bradford-calderdale/run.sh [DB]   (default: a new file in a temp folder)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
bin="$work/fieldwork"
(cd "$root" && go build -o "$bin" ./cmd/fieldwork)
export FIELDWORK_DB="${1:-$work/bradford-calderdale.db}"

"$bin" init --framework pdu-2023 --name "Bradford & Calderdale PDU" \
  --region "Yorkshire and the Humber" --fieldwork-start 2024-09-02
"$bin" cases import "$here/cases.csv"
"$bin" judgements import "$here/judgements.csv"
"$bin" rate --by "Lead inspector" --file "$here/ratings.csv"
"$bin" evidence add --by "Lead inspector" --file "$here/evidence.csv"
"$bin" validate
echo
"$bin" score
echo
echo "database: $FIELDWORK_DB"
