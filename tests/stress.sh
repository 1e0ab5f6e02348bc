#!/bin/sh
# stress.sh MAKE: the whole suite three times (make -j4 check) while a busy
# loop per core competes for the CPU, as on a shared CI machine.  Any red
# run fails the whole; the loops end with this script (or after an hour,
# whichever comes first).
set -u
make=${1:-make}
cores=$(nproc 2>/dev/null || echo 2)
runs=${STRESS_RUNS:-3}
loops=
trap 'kill $loops 2>/dev/null' EXIT INT TERM
i=0
while [ $i -lt "$cores" ]; do
	timeout 3600 sh -c 'while :; do :; done' &
	loops="$loops $!"
	i=$((i + 1))
done
echo "check-stress: $runs runs of '$make -j4 check', $cores busy loops"
r=1 failed=0
while [ $r -le "$runs" ]; do
	start=$(date +%s)
	if $make -j4 check > "stress-$r.log" 2>&1; then
		verdict=passed
	else
		verdict=FAILED
		failed=$((failed + 1))
	fi
	echo "check-stress: run $r $verdict in $(($(date +%s) - start)) s ($(grep -h '^# PASS:' "stress-$r.log" | awk '{ s += $3 } END { print s + 0 }') passed; log stress-$r.log)"
	grep -h '^FAIL:\|^ERROR:' "stress-$r.log" | sed 's/^/  /'
	r=$((r + 1))
done
[ $failed -eq 0 ]
