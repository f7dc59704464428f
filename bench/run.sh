#!/usr/bin/env bash
# bench/run.sh: the throughput benchmark of issue 8, in one command.
#
#   bench/run.sh                 # everything: ~45 min on 2 busy cores the first time
#                                # (inputs are then cached), ~30 min after
#   bench/run.sh --quick         # 100M files, 1 run each, no 5G: a smoke test
#   bench/run.sh --commit HEAD --skip others,big   # while iterating on ingest
#   bench/run.sh --only report   # the report over a year of counts, alone
#
# Builds smtplog and gen_logs (Release, in <src>/build-bench), installs what it
# compares against (pflogsumm; eximstats from Debian's exim4-base, unpacked, not
# installed, since exim4 conflicts with postfix; GNU time), generates the inputs
# from the real samples once (cached in $SMTPLOG_BENCH_DIR, default
# /var/tmp/smtplog-bench, keyed by the generator's sources and the samples), then
# times each command RUNS times from a warm page cache and prints medians,
# ratios, peak RSS and the targets of issue 8. The same table goes to
# $SMTPLOG_BENCH_DIR/results/. Never run from ctest: speed is not a unit test.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)  # gen_logs and the samples come from here
SRC=$HERE COMMIT_ARG=""
BENCH_DIR=${SMTPLOG_BENCH_DIR:-/var/tmp/smtplog-bench}
RUNS=3 SIZE=1G BIG=5G SEED=1 SKIP="" ONLY=""

usage() {
  cat <<EOF
usage: bench/run.sh [--commit REV | --src DIR] [--runs N] [--size SIZE] [--big SIZE|0] [--skip LIST | --only LIST] [--quick]

  --commit REV measure smtplog as committed at REV (git archive of this checkout into
               \$SMTPLOG_BENCH_DIR/src-REV), not the working tree
  --src DIR    the source tree of the smtplog to measure (default: this checkout, $HERE)
  --runs N     timed runs per command, the median is reported (default 3)
  --size SIZE  size of the Postfix and Exim inputs (default 1G)
  --big SIZE   size of the input for the second peak-RSS measurement (default 5G; 0: skip)
  --skip LIST  leave out some of: floors (wc -l, zcat), gz (ingest of .gz), second (second
               ingest), others (pflogsumm, eximstats), report (year database), big (5G RSS);
               ingest of the plain inputs always runs. E.g. --skip others,big while iterating.
  --only LIST  run only these groups (the names above, and ingest for the plain inputs);
               --only report times the report alone (an untimed ingest builds the year
               database the first time for a schema, then it is reused)
  --quick      --size 100M --runs 1 --big 0
Environment: SMTPLOG_BENCH_DIR (default /var/tmp/smtplog-bench) for inputs, tools, results.
EOF
}

while [ $# -gt 0 ]; do
  case $1 in
    --src) SRC=$(cd "$2" && pwd); shift 2 ;;
    --commit) COMMIT_ARG=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --big) BIG=$2; shift 2 ;;
    --skip) SKIP=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --quick) SIZE=100M RUNS=1 BIG=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

say() { printf '%s\n' "bench: $*" >&2; }
die() { printf '%s\n' "bench: $*" >&2; exit 1; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# --- tools --------------------------------------------------------------------
apt_install() {  # package...
  say "installing $* with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
}
[ -x /usr/bin/time ] || apt_install time
command -v pflogsumm >/dev/null || apt_install pflogsumm
command -v gzip >/dev/null || apt_install gzip
mkdir -p "$BENCH_DIR/tools" "$BENCH_DIR/results"
EXIMSTATS=$BENCH_DIR/tools/exim4-base/usr/sbin/eximstats
if [ ! -x "$EXIMSTATS" ]; then
  say "fetching eximstats (apt-get download exim4-base && dpkg -x)"
  (cd "$BENCH_DIR/tools" && rm -f exim4-base_*.deb && apt-get download exim4-base >/dev/null 2>&1 &&
   dpkg -x exim4-base_*.deb exim4-base) || die "could not get exim4-base (try apt-get update)"
fi
PFLOGSUMM=$(command -v pflogsumm)

# --- build --------------------------------------------------------------------
build() {  # tree target...: Release build in tree/build-bench; the log is kept there
  local tree=$1; shift
  say "building $* in $tree/build-bench (Release)"
  mkdir -p "$tree/build-bench"
  { cmake -S "$tree" -B "$tree/build-bench" -DCMAKE_BUILD_TYPE=Release -DSMTPLOG_TESTS=OFF &&
    cmake --build "$tree/build-bench" -j2 --target "$@"; } >"$tree/build-bench/bench-build.log" 2>&1 ||
    { tail -20 "$tree/build-bench/bench-build.log" >&2; die "build failed (see $tree/build-bench/bench-build.log)"; }
}
if [ -n "$COMMIT_ARG" ]; then
  REV=$(git -C "$HERE" rev-parse --short "$COMMIT_ARG^{commit}") || die "no commit $COMMIT_ARG"
  SRC=$BENCH_DIR/src-$REV
  if [ ! -d "$SRC" ]; then
    mkdir -p "$SRC.tmp" && git -C "$HERE" archive "$REV" | tar -x -C "$SRC.tmp" && mv "$SRC.tmp" "$SRC"
  fi
  COMMIT=$REV DIRTY=0
else
  COMMIT=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
  DIRTY=$({ git -C "$SRC" status --porcelain --untracked-files=no -- analyzer parsers schema 2>/dev/null || true; } | wc -l)
fi
build "$HERE" gen_logs
GEN=$HERE/build-bench/bench/gen_logs
build "$SRC" smtplog
SMTPLOG=$SRC/build-bench/smtplog

# --- inputs (cached) ------------------------------------------------------------
KEY=$(cat "$HERE"/bench/gen_*.cpp "$HERE"/bench/gen_*.h "$HERE"/samples/postfix/postfix.log \
          "$HERE"/samples/exim/default/mainlog "$HERE"/samples/exim/all/mainlog | sha1sum | cut -c1-10)
DATA=$BENCH_DIR/data-$KEY
mkdir -p "$DATA"
generate() {  # file flavour size [gen_logs options...]
  local out=$1 flavour=$2 size=$3; shift 3
  [ -s "$out" ] && return
  say "generating $out"
  "$GEN" --samples "$HERE/samples" --flavour "$flavour" --size "$size" --seed "$SEED" "$@" -o "$out.tmp"
  touch -r "$out.tmp" "$out.tmp" && mv "$out.tmp" "$out"
}
gzipped() {  # file -> file.gz (same mtime, for year inference)
  [ -s "$1.gz" ] && return
  say "compressing $1"
  gzip -6 -c "$1" >"$1.gz.tmp" && touch -r "$1" "$1.gz.tmp" && mv "$1.gz.tmp" "$1.gz"
}
PF=$DATA/postfix-$SIZE.log EX=$DATA/exim-$SIZE.log
generate "$PF" postfix "$SIZE"
generate "$EX" exim "$SIZE" --exim-ids old
gzipped "$PF"
gzipped "$EX"
want() {  # group: not skipped, and in --only when given
  [[ ",$SKIP," != *",$1,"* ]] && { [ -z "$ONLY" ] || [[ ",$ONLY," == *",$1,"* ]]; }
}
if [ "$BIG" != 0 ] && want big; then
  PFBIG=$DATA/postfix-$BIG.log
  generate "$PFBIG" postfix "$BIG"
fi

# --- measuring ----------------------------------------------------------------
WORK=$(mktemp -d "$BENCH_DIR/run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS=()                  # "name|median wall|median cpu|bytes|rss_kb|wall runs|load"
declare -A MED CPU RSS

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.4f\n", (v[NR/2]+v[NR/2+1])/2}'; }

# measure NAME BYTES PREP -- COMMAND...: runs COMMAND $RUNS times (PREP, a shell
# snippet, before each, untimed); stdout goes to /dev/null, stderr to a log.
measure() {
  local name=$1 bytes=$2 prep=$3; shift 4
  local times=() cpus=() rss=0 l i t0 t1 m u sy
  l=$(load1)
  say "timing $name ($RUNS runs, load $l)"
  for ((i = 0; i < RUNS; i++)); do
    eval "$prep"
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "$@" >/dev/null 2>>"$WORK/stderr.log" ||
      die "$name failed: $* (see $WORK/stderr.log)"
    t1=$EPOCHREALTIME
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}')")
    read -r m u sy < <(tail -1 "$WORK/rss")
    cpus+=("$(awk -v u="$u" -v s="$sy" 'BEGIN {printf "%.2f", u + s}')")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  local med cpu
  med=$(printf '%s\n' "${times[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  MED[$name]=$med CPU[$name]=$cpu RSS[$name]=$rss
  RESULTS+=("$name|$med|$cpu|$bytes|$rss|${times[*]}|$l")
}

warm() { cat "$@" >/dev/null; }
fresh_db='rm -f "$WORK"/fresh.db*'
ING=(ingest -q --keep-events 0)  # keep every failure event: a day's log is recent
PFB=$(stat -c %s "$PF") EXB=$(stat -c %s "$EX")


warm "$PF" "$EX"
if want floors; then
  warm "$PF.gz" "$EX.gz"
  measure "wc -l postfix" "$PFB" : -- wc -l "$PF"
  measure "wc -l exim" "$EXB" : -- wc -l "$EX"
  measure "zcat postfix.gz" "$PFB" : -- zcat "$PF.gz"
  measure "zcat exim.gz" "$EXB" : -- zcat "$EX.gz"
fi
# The year database of the report, per schema version of the measured tree.
YEAR_DB=$DATA/year-$SIZE-$(sha1sum "$SRC/schema/schema.sql" | cut -c1-8).db
if want ingest; then
  measure "ingest postfix" "$PFB" "$fresh_db" -- "$SMTPLOG" "${ING[@]}" --db "$WORK/fresh.db" "$PF"
  cp "$WORK/fresh.db" "$WORK/postfix.db"
  measure "ingest exim" "$EXB" "$fresh_db" -- "$SMTPLOG" "${ING[@]}" --db "$WORK/fresh.db" "$EX"
  cp "$WORK/fresh.db" "$WORK/exim.db"
else
  needs=""
  if want second; then needs=1; fi
  if want report && [ ! -s "$YEAR_DB" ]; then needs=1; fi
  if [ -n "$needs" ]; then  # untimed: what the other groups start from
    say "ingesting the inputs once (untimed) for the groups that need a database"
    "$SMTPLOG" "${ING[@]}" --db "$WORK/postfix.db" "$PF" 2>>"$WORK/stderr.log"
    if want second; then "$SMTPLOG" "${ING[@]}" --db "$WORK/exim.db" "$EX" 2>>"$WORK/stderr.log"; fi
  fi
fi
if want gz; then
  warm "$PF.gz" "$EX.gz"
  measure "ingest postfix.gz" "$PFB" "$fresh_db" -- "$SMTPLOG" "${ING[@]}" --db "$WORK/fresh.db" "$PF.gz"
  measure "ingest exim.gz" "$EXB" "$fresh_db" -- "$SMTPLOG" "${ING[@]}" --db "$WORK/fresh.db" "$EX.gz"
fi
if want second; then
  measure "2nd ingest postfix" "$PFB" : -- "$SMTPLOG" "${ING[@]}" --db "$WORK/postfix.db" "$PF"
  measure "2nd ingest exim" "$EXB" : -- "$SMTPLOG" "${ING[@]}" --db "$WORK/exim.db" "$EX"
  # The same log rotated and compressed (mail.log.1 -> mail.log.2.gz): the first
  # run over it decompresses it once (untimed) and remembers its size and last
  # bytes (schema 5); the runs after it, as a nightly cron job's, are timed.
  if [ -s "$PF.gz" ]; then
    "$SMTPLOG" "${ING[@]}" --db "$WORK/postfix.db" "$PF.gz" 2>>"$WORK/stderr.log"
    measure "2nd ingest postfix.gz" "$PFB" : -- "$SMTPLOG" "${ING[@]}" --db "$WORK/postfix.db" "$PF.gz"
  fi
fi
if want others; then
  measure "pflogsumm postfix" "$PFB" : -- "$PFLOGSUMM" "$PF"
  measure "eximstats exim" "$EXB" : -- perl "$EXIMSTATS" "$EX"
fi

if want report; then
  # A year of a busy server's counts: the counts of the Postfix input (5 days of
  # a busy relay, as smtplog ingested them) repeated to fill 365 days, each copy
  # shifted by the input's span in whole UTC days, so every day of the year has
  # a busy day's rows. The rollups are then rebuilt from the fine rows (as the
  # schema 1 -> 2 upgrade does). Kept with the inputs, per schema, and reused.
  if [ ! -s "$YEAR_DB" ]; then
    say "building $YEAR_DB from the Postfix ingest"
    cp "$WORK/postfix.db" "$YEAR_DB.tmp"
    # The domain rows' key: schema 3 numbers (kind_id, domain_id), schema 2 names them.
    if sqlite3 "$YEAR_DB.tmp" "SELECT 1 FROM pragma_table_info('domain_counts') WHERE name = 'kind_id'" | grep -q 1; then
      DKEY="kind_id, domain_id" DGROUP="1, 2, 3"
    else
      DKEY="direction, outcome, entry, domain" DGROUP="1, 2, 3, 4, 5"
    fi
    if sqlite3 "$YEAR_DB.tmp" "SELECT 1 FROM pragma_table_info('counts') WHERE name = 'bucket'" | grep -q 1; then
      sqlite3 "$YEAR_DB.tmp" <<SQL
BEGIN;
CREATE TEMP TABLE c AS SELECT * FROM counts;
CREATE TEMP TABLE d AS SELECT * FROM domain_counts;
CREATE TEMP TABLE span AS SELECT max(bucket) / 96 - min(bucket) / 96 + 1 AS days FROM c;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 365 / (SELECT days FROM span))
INSERT OR IGNORE INTO counts SELECT bucket - n * 96 * (SELECT days FROM span), log_host, mta, service,
  direction, outcome, code, enhanced, entry, inferred, count FROM c, k;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 365 / (SELECT days FROM span))
INSERT OR IGNORE INTO domain_counts SELECT day - n * (SELECT days FROM span), $DKEY, count FROM d, k;
DELETE FROM counts_day;
INSERT INTO counts_day SELECT bucket / 96, log_host, mta, service, direction, outcome, code, enhanced,
  entry, inferred, sum(count) FROM counts GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
DELETE FROM domain_counts_month;
INSERT INTO domain_counts_month SELECT (CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER) - 1970) * 12
  + CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1, $DKEY, sum(count)
  FROM domain_counts GROUP BY $DGROUP;
COMMIT;
SQL
    else  # schema 1 (an older commit): hourly counts, no rollups
      sqlite3 "$YEAR_DB.tmp" <<'SQL'
BEGIN;
CREATE TEMP TABLE c AS SELECT * FROM counts;
CREATE TEMP TABLE d AS SELECT * FROM domain_counts;
CREATE TEMP TABLE span AS SELECT max(hour) - min(hour) + 1 AS hours FROM c;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 8760 / (SELECT hours FROM span))
INSERT OR IGNORE INTO counts SELECT hour - n * (SELECT hours FROM span), log_host, mta, service, direction,
  outcome, code, enhanced, entry, inferred, count FROM c, k;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 8760 / (SELECT hours FROM span))
INSERT OR IGNORE INTO domain_counts SELECT day - n * ((SELECT hours FROM span) / 24), direction, outcome,
  entry, domain, count FROM d, k;
COMMIT;
SQL
    fi
    mv "$YEAR_DB.tmp" "$YEAR_DB"
  fi
  YEAR_ROWS=$(sqlite3 "$YEAR_DB" "SELECT (SELECT count(*) FROM counts) || ' counts rows, ' ||
    (SELECT count(*) FROM domain_counts) || ' domain_counts rows, ' ||
    ((SELECT max(day) FROM domain_counts) - (SELECT min(day) FROM domain_counts) + 1) || ' days'")
  YEAR_BYTES=$(stat -c %s "$YEAR_DB")
  cp "$YEAR_DB" "$WORK/year.db"  # a report may write (WAL, notices): never into the cached copy
  warm "$WORK/year.db"
  measure "report year" "$YEAR_BYTES" : -- "$SMTPLOG" report --db "$WORK/year.db"
fi

if want big && [ "$BIG" != 0 ]; then
  warm "$PFBIG"
  BIGB=$(stat -c %s "$PFBIG")
  RUNS_SAVED=$RUNS RUNS=1
  measure "ingest postfix $BIG" "$BIGB" "$fresh_db" -- "$SMTPLOG" "${ING[@]}" --db "$WORK/fresh.db" "$PFBIG"
  RUNS=$RUNS_SAVED
fi

# --- report -------------------------------------------------------------------
# Ratios and verdicts print "-" / "n/a" for what was not measured (--skip).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a != "" && b != "" && b > 0) printf "%.2f", a / b; else print "-"}'; }
verdict() {  # value op limit
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
    if (v == "-" || v == "") { print "n/a"; exit }
    ok = (op == "<=") ? v <= l : (op == ">=") ? v >= l : v < l; print ok ? "met" : "NOT met" }'
}
OUT=$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-$COMMIT.txt
{
  echo "smtplog benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')  commit $COMMIT$([ "$DIRTY" -gt 0 ] && echo " (+$DIRTY modified files in analyzer/ parsers/ schema/)")"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo) RAM; load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "inputs: $PF ($PFB bytes), $EX ($EXB bytes)${PFBIG:+, $PFBIG}"
  echo "runs per command: $RUNS (median shown); ingest options: ${ING[*]}${SKIP:+; skipped: $SKIP}"
  if [ -n "${YEAR_ROWS:-}" ]; then echo "year database: $YEAR_ROWS, $YEAR_BYTES bytes"; fi
  echo
  echo "wall: elapsed seconds; cpu: user + system seconds (on a loaded machine, wall includes waiting for a core)"
  printf '%-22s %9s %9s %9s %10s %6s  %s\n' command "wall s" "cpu s" "MB/s" "peak RSS" load "wall of each run (s)"
  for r in "${RESULTS[@]}"; do
    IFS='|' read -r name med cpu bytes rss all l <<<"$r"
    printf '%-22s %9.3f %9.2f %9s %8.1fMB %6s  %s\n' "$name" "$med" "$cpu" \
      "$(awk -v b="$bytes" -v t="$med" 'BEGIN {if (t > 0) printf "%.1f", b / 1e6 / t}')" \
      "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$l" "$all"
  done
  echo
  echo "ratios of medians                                wall      cpu"
  r2() { printf '  %-44s %8s %8s\n' "$1 / $2" "$(ratio "${MED[$1]:-}" "${MED[$2]:-}")" "$(ratio "${CPU[$1]:-}" "${CPU[$2]:-}")"; }
  r2 "pflogsumm postfix" "ingest postfix"
  r2 "eximstats exim" "ingest exim"
  r2 "ingest postfix" "wc -l postfix"
  r2 "ingest exim" "wc -l exim"
  r2 "ingest postfix.gz" "zcat postfix.gz"
  r2 "ingest exim.gz" "zcat exim.gz"
  echo
  echo "targets of issue 8 (judged on wall time; cpu-time ratio in brackets)"
  t() { printf '  %-50s %-8s %s\n' "$1" "$2" "$3"; }
  tr2() {  # label a b op limit: the ratio a/b against limit
    local w c; w=$(ratio "${MED[$2]:-}" "${MED[$3]:-}") c=$(ratio "${CPU[$2]:-}" "${CPU[$3]:-}")
    t "$1" "$(verdict "$w" "$4" "$5")" "${w}x (cpu ${c}x)"
  }
  tr2 "pflogsumm / ingest postfix >= 50" "pflogsumm postfix" "ingest postfix" ">=" 50
  tr2 "eximstats / ingest exim >= 30" "eximstats exim" "ingest exim" ">=" 30
  tr2 "ingest postfix / wc -l <= 3" "ingest postfix" "wc -l postfix" "<=" 3
  tr2 "ingest exim / wc -l <= 3" "ingest exim" "wc -l exim" "<=" 3
  tr2 "ingest postfix.gz / zcat <= 1.3" "ingest postfix.gz" "zcat postfix.gz" "<=" 1.3
  tr2 "ingest exim.gz / zcat <= 1.3" "ingest exim.gz" "zcat exim.gz" "<=" 1.3
  for n in "ingest postfix" "ingest exim" "ingest postfix $BIG"; do
    [ -n "${RSS[$n]:-}" ] || continue
    x=$(awk -v k="${RSS[$n]}" 'BEGIN {printf "%.1f", k / 1024}'); t "peak RSS of $n <= 100 MB" "$(verdict "$x" "<=" 100)" "${x} MB"
  done
  if [ -n "${RSS[ingest postfix $BIG]:-}" ]; then
    x=$(ratio "${RSS[ingest postfix $BIG]}" "${RSS[ingest postfix]}"); t "peak RSS the same for $SIZE and $BIG (10%)" "$(verdict "$x" "<=" 1.1)" "${x}x"
  fi
  ts() {
    if [ -n "${MED[$2]:-}" ]; then t "$1" "$(verdict "${MED[$2]}" "<" "$3")" "${MED[$2]} s (cpu ${CPU[$2]} s)"
    else t "$1" "n/a" "not measured"; fi
  }
  ts "2nd ingest of the postfix input < 0.1 s" "2nd ingest postfix" 0.1
  ts "2nd ingest of the exim input < 0.1 s" "2nd ingest exim" 0.1
  ts "2nd ingest of the postfix input as .gz < 0.1 s" "2nd ingest postfix.gz" 0.1
  ts "text report over a year of counts < 0.5 s" "report year" 0.5
} | tee "$OUT"
ln -sf "$(basename "$OUT")" "$BENCH_DIR/results/latest.txt"
say "written to $OUT"
