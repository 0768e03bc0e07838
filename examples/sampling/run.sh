#!/usr/bin/env bash
# Draws a case sample from the synthetic caseload extract in this folder, the way an inspection
# team would before fieldwork: cases commencing in two weeks, excluding transfers out and the
# cases on the exclusion list, 79 cases (as Bradford & Calderdale had), then replaces one case
# found unsuitable and prints the log.
# Usage: bash examples/sampling/run.sh [DB]   (default: a new file in a temp folder)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
bin="$work/fieldwork"
(cd "$root" && go build -o "$bin" ./cmd/fieldwork)
export FIELDWORK_DB="${1:-$work/sample.db}"

"$bin" init --framework pdu-2023 --name "Example PDU" --region "Yorkshire and the Humber"
"$bin" sample "$here/extract.csv" \
  --window 2024-01-22:2024-01-28 --window 2024-03-04:2024-03-10 \
  --exclude "status=transferred out" --exclude-file "$here/exclusions.csv" \
  --size 79 --reserve 3 --seed 20240901 \
  -o "$work/team-list.xlsx"
echo
# The list goes to a file first: grep -m1 would close a pipe early and, under pipefail, stop
# this script with the list command's SIGPIPE.
"$bin" sample list > "$work/list.txt"
first=$(grep -m1 ' sampled' "$work/list.txt" | cut -d' ' -f1)
"$bin" sample replace "$first" --reason "transferred out before fieldwork"
echo
"$bin" sample log
echo
echo "database: $FIELDWORK_DB"
echo "team list: $work/team-list.xlsx"
