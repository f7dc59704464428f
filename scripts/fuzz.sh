#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (in build-fuzz) and runs
# each for SECONDS_PER_TARGET seconds, one after the other, then prints the
# executions per target as libFuzzer reported them.
#
#   scripts/fuzz.sh 600                 # every target, 10 minutes each
#   scripts/fuzz.sh 8                   # the short run of .ci/run (8 targets, about a minute)
#   scripts/fuzz.sh 1800 line postfix   # only these targets
#
# Seeds come from samples/, the shared corpus and the tests (scripts/fuzz-seeds.py);
# the corpus each target grows is kept in build-fuzz/corpus/<target> between runs.
# SMTPLOG_FUZZ_BUILD=0 runs the targets already built, without building.
# SMTPLOG_FUZZ_SEED=N fixes libFuzzer's seed (CI does, so its short run repeats).
# A crash stops that target, leaves the input in build-fuzz/crashes/<target>/ and
# makes the script exit 1 once every target has run: copy the input to
# tests/fuzz/regressions/<target>/ so tests/test_fuzz_regressions.cpp replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:?usage: scripts/fuzz.sh SECONDS_PER_TARGET [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(line prefix postfix exim timestamp reply catalogue event_block)
build=build-fuzz

if [ "${SMTPLOG_FUZZ_BUILD:-1}" != 0 ]; then
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DSMTPLOG_FUZZ=ON -DSMTPLOG_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j2 --target fuzz >/dev/null
fi
for t in "${targets[@]}"; do  # (re)made when a target has none yet, e.g. a new target
  [ -d "$build/seeds/$t" ] || { python3 scripts/fuzz-seeds.py "$build/seeds" >/dev/null; break; }
done

failed=0
summary=()
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t" "$build/crashes/$t" "$build/logs" "$build/seeds/$t"
  log="$build/logs/$t-$(date +%Y%m%d-%H%M%S).log"
  # The regressions join the seeds: what crashed once is mutated first.
  extra=()
  [ -d "tests/fuzz/regressions/$t" ] && extra+=("tests/fuzz/regressions/$t")
  status=ok
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 ${SMTPLOG_FUZZ_SEED:+-seed=$SMTPLOG_FUZZ_SEED} \
      -dict=tests/fuzz/mail.dict -artifact_prefix="$build/crashes/$t/" \
      "$build/corpus/$t" "$build/seeds/$t" "${extra[@]}" >"$log" 2>&1 || status=CRASH
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  [ "$status" = ok ] || failed=1
  summary+=("$(printf '%-10s %10s execs in %ss  %s' "$t" "${execs:-?}" "$seconds" "$status")")
  if [ "$status" != ok ]; then
    echo "fuzz_$t: crash; input in $build/crashes/$t/, log $log" >&2
    grep -m1 -A12 -E '^==[0-9]+==ERROR|runtime error|fuzz invariant|deadly signal' "$log" >&2 || true
  fi
done
printf '%s\n' "${summary[@]}"
exit $failed
