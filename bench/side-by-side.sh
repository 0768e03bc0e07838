#!/usr/bin/env bash
# Runs fieldwork beside the sqlite3 shell and a Python script on the same generated files, in
# one run, and prints each pair's times, their ratio and peak memory (/usr/bin/time -v):
#
#   judgements import   against sqlite3 .import into a table with the same key and index
#                       (primary key on case and question, an index on question and answer)
#   workbook            against Python csv + openpyxl writing one sheet of the key-question counts
#   sample              against Python csv drawing a stratified sample from the same extract
#
# Usage: bash bench/side-by-side.sh [RUNS] [ANSWERS...]   (default: 3 runs; 100000 528000 2000000)
# Each pair runs RUNS times, alternating, and the medians are printed. The machine's other load
# shows in single runs: read the medians, and run it again on a quiet machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 528000 2000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/fieldwork"
(cd "$root" && go build -o "$bin" ./cmd/fieldwork && go build -o "$work/gen" ./bench/gen)
python=/usr/bin/python3 # Debian's, with python3-openpyxl
if ! "$python" -c 'import openpyxl' 2>/dev/null; then
  python=""
  echo "openpyxl is not installed (apt-get install python3-openpyxl): the workbook pair is left out"
fi

# measure LABEL CMD...: runs CMD under /usr/bin/time -v, appends "seconds peak_kb" to $work/LABEL.
measure() {
  local label=$1
  shift
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
              /Maximum resident set size/ { kb = $2 } END { print s, kb }' "$work/time.txt" >>"$work/$label"
}

# median LABEL: the median seconds and the median peak MB of LABEL's runs.
median() {
  sort -n -k1,1 "$work/$1" | awk '{ s[NR] = $1 } END { printf "%.2f", s[int((NR + 1) / 2)] }'
  printf ' s, '
  sort -n -k2,2 "$work/$1" | awk '{ k[NR] = $2 } END { printf "%.0f MB", k[int((NR + 1) / 2)] / 1024 }'
}

ratio() { paste -d' ' <(sort -n -k1,1 "$work/$1" | awk '{ s[NR] = $1 } END { print s[int((NR + 1) / 2)] }') \
                      <(sort -n -k1,1 "$work/$2" | awk '{ s[NR] = $1 } END { print s[int((NR + 1) / 2)] }') | awk '{ printf "%.2fx", $1 / $2 }'; }

cat >"$work/counts.py" <<'PY'
# The flat analyst script: the key-question counts (yes, no, relevant, percentage) of a judgements
# file, one sheet, written with openpyxl.
import csv, sys
from collections import Counter
import openpyxl
counts = Counter()
with open(sys.argv[1], newline="") as f:
    for row in csv.DictReader(f):
        q = row["question"]
        if q.count(".") == 2 and q[-1].isdigit():  # a key question: 2.1.1, not 2.1.1a
            counts[(q, row["answer"])] += 1
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Key questions"
ws.append(["question", "yes", "no", "relevant", "% yes"])
for q in sorted({q for q, _ in counts}):
    yes, no = counts[(q, "yes")], counts[(q, "no")]
    ws.append([q, yes, no, yes + no, round(100 * yes / (yes + no)) if yes + no else None])
wb.save(sys.argv[2])
PY

cat >"$work/sample.py" <<'PY'
# The flat analyst script for the sample: read the extract with csv, keep the cases that commenced
# in the window and were not transferred out, and draw a proportional stratified sample.
import csv, random, sys
from collections import defaultdict
from datetime import date
lo, hi, size = date.fromisoformat(sys.argv[2]), date.fromisoformat(sys.argv[3]), int(sys.argv[4])
strata = defaultdict(list)
with open(sys.argv[1], newline="") as f:
    for row in csv.DictReader(f):
        d, m, y = row["Commencement Date"].split("/")
        if lo <= date(int(y), int(m), int(d)) <= hi and row["Status"].lower() != "transferred out":
            strata[(row["Sentence Type"], row["RoSH Level"], row["Gender"])].append(row)
n = sum(len(v) for v in strata.values())
rng = random.Random(1)
drawn = []
for key in sorted(strata):
    rows = sorted(strata[key], key=lambda r: r["CRN"])
    drawn += rng.sample(rows, min(len(rows), round(size * len(rows) / n) + 3))
print(len(drawn), "drawn from", n)
PY

printf '%-34s %-22s %-22s %s\n' "what" "fieldwork" "other" "ratio"
for n in "${sizes[@]}"; do
  mkdir -p "$work/$n"
  "$work/gen" -answers "$n" -dir "$work/$n"
  for r in $(seq "$runs"); do
    db="$work/$n/import-$r.db"
    FIELDWORK_DB=$db "$bin" init --framework pdu-2023 --name "Bench PDU" >/dev/null
    FIELDWORK_DB=$db "$bin" cases import "$work/$n/cases.csv" >/dev/null
    measure "import-$n" env FIELDWORK_DB="$db" "$bin" judgements import "$work/$n/judgements.csv"
    s="$work/$n/sqlite-$r.db"
    measure "sqlite-$n" sqlite3 "$s" "PRAGMA journal_mode = WAL;" "PRAGMA synchronous = NORMAL;" \
      "CREATE TABLE answers (case_id TEXT NOT NULL, question_id TEXT NOT NULL, answer TEXT NOT NULL, inspector TEXT NOT NULL DEFAULT '', PRIMARY KEY (case_id, question_id)) WITHOUT ROWID;" \
      "CREATE INDEX answers_question ON answers (question_id, answer);" \
      ".import --csv --skip 1 $work/$n/judgements.csv answers"
    rm -f "$s" "$s-wal" "$s-shm"
    if [ -n "$python" ]; then
      measure "workbook-$n" env FIELDWORK_DB="$db" "$bin" workbook -o "$work/$n/data-$r.xlsx"
      measure "openpyxl-$n" "$python" "$work/counts.py" "$work/$n/judgements.csv" "$work/$n/counts-$r.xlsx"
    fi
    [ "$r" = 1 ] || rm -f "$db" "$db-wal" "$db-shm"
  done
  printf '%-34s %-22s %-22s %s\n' "judgements import, $n answers" "$(median "import-$n")" "$(median "sqlite-$n")" "$(ratio "import-$n" "sqlite-$n")"
  if [ -n "$python" ]; then
    printf '%-34s %-22s %-22s %s\n' "workbook, $n answers" "$(median "workbook-$n")" "$(median "openpyxl-$n")" "$(ratio "workbook-$n" "openpyxl-$n")"
  fi
  rm -rf "${work:?}/$n"
done

# The sample: a million-row extract, nearly every case eligible (the worst case for memory).
(cd "$root" && go run ./examples/sampling/generate -rows 1000000 -from 2021-07-01 -to 2024-06-30) >"$work/national.csv"
for r in $(seq "$runs"); do
  measure sample "$bin" sample "$work/national.csv" --window 2021-07-01:2024-06-30 --exclude "status=transferred out" \
    --size 400 --reserve 3 --seed 1 --dry-run
  measure sample-py python3 "$work/sample.py" "$work/national.csv" 2021-07-01 2024-06-30 400
done
printf '%-34s %-22s %-22s %s\n' "sample, 1,000,000-row extract" "$(median sample)" "$(median sample-py)" "$(ratio sample sample-py)"
