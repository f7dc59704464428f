#!/usr/bin/env bash
# bench/profile.sh: where `smtplog ingest` spends its time, stage by stage.
#
#   bench/profile.sh [--commit REV | --src DIR] [--input FILE] [--slice SIZE] [--no-perf] [--report-only]
#
# Four views of ingest on the Postfix input that bench/run.sh generated
# (default: the newest $SMTPLOG_BENCH_DIR/data-*/postfix-1G.log):
#   0. bench_stages: each stage timed apart on the first 256 MB, and the whole
#      ingest() with and without failure events, on 1 thread and on all cores;
#   1. callgrind on the first SIZE (default 20M) of it: instructions per stage,
#      exact and independent of the machine's load (hardware counters are not
#      available in this VM, so `perf stat -e instructions` cannot do this);
#   2. perf record with the cpu-clock software event on the whole input, when
#      perf can sample: on-CPU time per stage, kernel included (page copies of
#      SQLite's writes show up there);
#   3. strace -c and /usr/bin/time: system calls, wall vs CPU time.
# The binary is a Release build with -fno-omit-frame-pointer and no -g (so that
# callgrind charges each function once, not per source file of its inlined
# parts), in
# <src>/build-bench-prof. Results: $SMTPLOG_BENCH_DIR/results/profile-*.txt.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC=$HERE COMMIT_ARG="" INPUT="" SLICE=20M PERF=1 MEASURE=1
BENCH_DIR=${SMTPLOG_BENCH_DIR:-/var/tmp/smtplog-bench}
while [ $# -gt 0 ]; do
  case $1 in
    --src) SRC=$(cd "$2" && pwd); shift 2 ;;
    --commit) COMMIT_ARG=$2; shift 2 ;;
    --input) INPUT=$2; shift 2 ;;
    --slice) SLICE=$2; shift 2 ;;
    --no-perf) PERF=0; shift ;;
    --report-only) MEASURE=0; shift ;;  # print the report again from the last run's raw data
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/profile.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
say() { printf '%s\n' "profile: $*" >&2; }
die() { printf '%s\n' "profile: $*" >&2; exit 1; }

command -v valgrind >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
command -v strace >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace >/dev/null
[ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null

if [ -n "$COMMIT_ARG" ]; then
  REV=$(git -C "$HERE" rev-parse --short "$COMMIT_ARG^{commit}") || die "no commit $COMMIT_ARG"
  SRC=$BENCH_DIR/src-$REV
  [ -d "$SRC" ] || { mkdir -p "$SRC.tmp" && git -C "$HERE" archive "$REV" | tar -x -C "$SRC.tmp" && mv "$SRC.tmp" "$SRC"; }
  COMMIT=$REV
else
  COMMIT=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
fi
B=$SRC/build-bench-prof
mkdir -p "$B"
say "building smtplog (Release, -fno-omit-frame-pointer) in $B"
{ cmake -S "$SRC" -B "$B" -DCMAKE_BUILD_TYPE=Release -DSMTPLOG_TESTS=OFF \
    "-DCMAKE_CXX_FLAGS=-fno-omit-frame-pointer" && cmake --build "$B" -j2 --target smtplog bench_stages; } \
  >"$B/profile-build.log" 2>&1 || { tail -20 "$B/profile-build.log" >&2; die "build failed"; }
SMTPLOG=$B/smtplog

if [ -z "$INPUT" ]; then
  INPUT=$(ls -t "$BENCH_DIR"/data-*/postfix-1G.log 2>/dev/null | head -1 || true)
  [ -n "$INPUT" ] || die "no input: run bench/run.sh first, or give --input FILE"
fi
OUTDIR=$BENCH_DIR/profile-$COMMIT
mkdir -p "$OUTDIR" "$BENCH_DIR/results"
REPORT=$BENCH_DIR/results/profile-$COMMIT-$(date -u +%Y%m%dT%H%M%SZ).txt
ING=(ingest -q --keep-events 0)

# Inclusive cost of each stage's entry point, from a callgrind_annotate or perf
# listing on stdin ("<cost> ... <function name>"), as a share of the total.
# Entry points are named so that none calls another; what is left (splitting
# lines with memchr in the chunk loop, thread hand-offs, libc) is "other".
stages() {
  awk -v mode="$1" '
    function cost(line,   v) { v = line; sub(/^ +/, "", v); sub(/ .*/, "", v); gsub(",", "", v); sub("%", "", v); return v + 0 }
    # A function listed twice (perf: inlined copies) counts once, at its larger cost.
    function add(stage, line,   n, k, v) {
      n = line; sub(/^[ 0-9.,%()]+/, "", n); k = stage SUBSEP n; v = cost(line)
      if (!(k in best)) { best[k] = v; c[stage] += v } else if (v > best[k]) { c[stage] += v - best[k]; best[k] = v }
    }
    function fn(name) { return "smtplog::" name "(\\(|\\[|[ \t]|$)" }
    /PROGRAM TOTALS/ { total = cost($0) }
    $0 ~ fn("Chunker::next") || $0 ~ fn("LineReader::next") { add("read (Chunker::next: read(2) or inflate, line-aligned cut)", $0) }
    $0 ~ fn("parse_line") { add("parse (parse_line)", $0) }
    $0 ~ fn("Clock::to_utc") { add("timestamps (Clock::to_utc)", $0) }
    $0 ~ fn("ClassifierCache::classify") { add("classify (ClassifierCache::classify)", $0) }
    $0 ~ fn("Batch::add") || $0 ~ fn("Batch::add_unparsed") { add("aggregate (Batch::add, add_unparsed)", $0) }
    $0 ~ fn("Batch::merge") { add("merge per-chunk batches (Batch::merge)", $0) }
    $0 ~ fn("\\(anonymous namespace\\)::commit") { add("SQLite (commit: Batch::write, save_input, COMMIT)", $0) }
    $0 ~ fn("load_catalogue") || $0 ~ fn("Classifier::Classifier") || $0 ~ fn("store_catalogue") || $0 ~ fn("Store::open") { add("startup (catalogue, RE2 compile, open the database)", $0) }
    END {
      if (mode == "callgrind") { if (total == 0) exit; scale = 100 / total } else scale = 1
      n = split("read (Chunker::next: read(2) or inflate, line-aligned cut)|parse (parse_line)|timestamps (Clock::to_utc)|classify (ClassifierCache::classify)|aggregate (Batch::add, add_unparsed)|merge per-chunk batches (Batch::merge)|SQLite (commit: Batch::write, save_input, COMMIT)|startup (catalogue, RE2 compile, open the database)", order, "|")
      sum = 0
      for (i = 1; i <= n; i++) { printf "  %-56s %6.1f%%\n", order[i], scale * c[order[i]]; sum += scale * c[order[i]] }
      printf "  %-56s %6.1f%%\n", "other (line splitting, threads, libc, kernel)", 100 - sum
    }'
}

measure() {
  # --- 0. each stage timed apart --------------------------------------------------
  say "bench_stages on the first 256 MB of $INPUT"
  "$B/bench/bench_stages" "$INPUT" --mb 256 --tmp "$BENCH_DIR" >"$OUTDIR/stages.txt"

  # --- 1. callgrind on a slice ---------------------------------------------------
  W=$(mktemp -d "$BENCH_DIR/prof.XXXXXX")
  trap 'rm -rf "$W"' EXIT
  SLICEF=$W/slice.log
  head -c "$SLICE" "$INPUT" | sed '$d' >"$SLICEF"  # whole lines only
  touch -r "$INPUT" "$SLICEF"
  say "callgrind on the first $SLICE of $INPUT"
  valgrind --tool=callgrind --callgrind-out-file="$OUTDIR/callgrind.out" \
    "$SMTPLOG" "${ING[@]}" --db "$W/cg.db" "$SLICEF" 2>"$OUTDIR/callgrind.log"
  callgrind_annotate --inclusive=yes --auto=no --threshold=100 "$OUTDIR/callgrind.out" >"$OUTDIR/callgrind-inclusive.txt" 2>/dev/null
  callgrind_annotate --auto=no "$OUTDIR/callgrind.out" >"$OUTDIR/callgrind-self.txt" 2>/dev/null

  # --- 2. perf on the whole input ------------------------------------------------
  rm -f "$OUTDIR"/perf-*.txt
  if [ "$PERF" = 1 ] && perf record -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
    cat "$INPUT" >/dev/null
    say "perf record (cpu-clock, dwarf call graphs) on the whole $INPUT"
    perf record -q -e cpu-clock -F 199 --call-graph dwarf,16384 -o "$OUTDIR/perf.data" \
      "$SMTPLOG" "${ING[@]}" --db "$W/perf.db" "$INPUT" 2>/dev/null
    perf report -i "$OUTDIR/perf.data" --stdio --children --sort symbol -g none 2>/dev/null |
      grep -v '^#' | grep -v '^$' >"$OUTDIR/perf-children.txt" || true
    perf report -i "$OUTDIR/perf.data" --stdio --no-children --sort dso -g none 2>/dev/null |
      grep -v '^#' | grep -v '^$' >"$OUTDIR/perf-dso.txt" || true
    perf report -i "$OUTDIR/perf.data" --stdio --no-children --sort dso,symbol -g none 2>/dev/null |
      grep -v '^#' | grep -v '^$' >"$OUTDIR/perf-self.txt" || true
  fi

  # --- 3. system calls, wall and CPU time ------------------------------------------
  cat "$INPUT" >/dev/null
  say "strace -c and /usr/bin/time on the whole input"
  strace -f -c -o "$OUTDIR/strace.txt" "$SMTPLOG" "${ING[@]}" --db "$W/st.db" "$INPUT"
  rm -f "$W"/st.db*
  /usr/bin/time -f '%e %U %S %M' -o "$W/time" "$SMTPLOG" "${ING[@]}" --db "$W/st.db" "$INPUT"
  echo "$(cat "$W/time") $(du -b "$W"/st.db* | awk '{s += $1} END {print s}')" >"$OUTDIR/time.txt"
}
if [ "$MEASURE" = 1 ]; then
  measure
elif [ ! -s "$OUTDIR/time.txt" ]; then
  die "no raw data in $OUTDIR: run without --report-only first"
fi
read -r WALL USR SYS RSSK DBSIZE <"$OUTDIR/time.txt"
PERF_OK=0
[ -s "$OUTDIR/perf-children.txt" ] && PERF_OK=1
# The report's pipelines end in head: a closed pipe is not an error here.
set +o pipefail

{
  echo "smtplog ingest profile  $(date -u '+%Y-%m-%d %H:%M UTC')  commit $COMMIT"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "input: $INPUT ($(stat -c %s "$INPUT") bytes); options: ${ING[*]}"
  echo
  echo "whole input: wall ${WALL} s, user ${USR} s, system ${SYS} s, peak RSS $((RSSK / 1024)) MB, database $((DBSIZE / 1048576)) MB"
  echo
  echo "0. each stage timed apart (bench_stages; one thread unless said; fastest of 3 runs)"
  awk '{printf "   %s\n", $0}' "$OUTDIR/stages.txt"
  echo
  echo "1. callgrind, first $SLICE: instructions per stage (inclusive), of $(grep 'PROGRAM TOTALS' "$OUTDIR/callgrind-inclusive.txt" | awk '{print $1}') in all"
  stages callgrind <"$OUTDIR/callgrind-inclusive.txt"
  echo
  echo "   heaviest functions, inclusive (callgrind):"
  grep -E '^ *[0-9,]+ \( *[0-9.]+%\) ' "$OUTDIR/callgrind-inclusive.txt" |
    grep -E 'smtplog::|sqlite3_(step|bind_text|reset)|RE2::Set::Match|memchr|malloc|free' |
    grep -vE 'smtplog::(cmd_ingest|ingest\(|\(anonymous namespace\)::(do_ingest|ingest_one))' |
    head -25 | sed -E 's/ \[[^]]*\]$//; s/\(([^()]|\([^()]*\))*\)$//; s#[^ ]*/([a-z_]+\.(cpp|h|c)):#\1:#' |
    awk '{printf "     %s\n", $0}' | cut -c1-140
  echo
  echo "   heaviest functions, self (callgrind):"
  grep -E '^ *[0-9,]+ \( *[0-9.]+%\) ' "$OUTDIR/callgrind-self.txt" | head -20 |
    sed -E 's/ \[[^]]*\]$//; s/\(([^()]|\([^()]*\))*\)$//; s#[^ ]*/([a-z_]+\.(cpp|h|c)):#\1:#' |
    awk '{printf "     %s\n", $0}' | cut -c1-140
  if [ "$PERF_OK" = 1 ]; then
    echo
    echo "2. perf (cpu-clock samples, whole input): share of on-CPU time per stage (inclusive)"
    stages perf <"$OUTDIR/perf-children.txt"
    echo
    echo "   on-CPU time by library:"
    grep -E '^ +[0-9.]+%' "$OUTDIR/perf-dso.txt" | head -8 | awk '{printf "     %s\n", $0}'
    echo
    echo "   heaviest functions, self (perf):"
    grep -E '^ +[0-9.]+%' "$OUTDIR/perf-self.txt" | head -20 | awk '{printf "     %s\n", $0}' | cut -c1-140
  fi
  echo
  echo "3. system calls (strace -c, whole input):"
  sed -n '1,12p' "$OUTDIR/strace.txt" | awk '{printf "     %s\n", $0}'
  echo
  echo "raw data: $OUTDIR"
} | tee "$REPORT"
say "written to $REPORT"
