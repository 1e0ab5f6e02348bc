#!/bin/sh
# run.sh HARNESS SEEDS WORK [LIBFUZZER-OPTION...]: runs one libFuzzer
# harness on a copy of its seed corpus, in WORK (corpus WORK/NAME, log
# WORK/NAME.log, crash files WORK/NAME-*), for `make fuzz-smoke` and `make
# fuzz-long`.  Prints the runs and peak memory; on a finding, the report
# from its start, the input in base64 and the one-line reason last, so that
# a log read on another machine is enough to reproduce it.
set -u
harness=$1 seeds=$2 work=$3
shift 3
name=${harness##*/fuzz_}
mkdir -p "$work/$name" && cp "$seeds"/* "$work/$name/" 2>/dev/null
if ! "$harness" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/$name-" "$@" "$work/$name" > "$work/$name.log" 2>&1; then
	sed -n '/invariant broken\|ERROR\|runtime error/,$p' "$work/$name.log" | head -n 60
	for a in "$work/$name"-*-*; do
		[ -f "$a" ] || continue
		echo "$a, in base64 (base64 -d > input; $harness input):"
		base64 -w 76 "$a"
	done
	grep -m 1 'invariant broken\|ERROR\|runtime error' "$work/$name.log"
	echo "fuzz $name FAILED: see $work/$name.log"
	exit 1
fi
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$work/$name.log"
