#!/bin/sh
# state-bench.sh - does a request cost the same at 100 and at 100,000
# bookings?  (`make bench-state`, from the build directory.)
#
# Two gtd-mock --state servers run side by side, one whose state file holds
# BENCH_SMALL bookings (100) and one BENCH_LARGE (100,000), generated from
# a booking the mock itself wrote.  Each round measures, on both, sealed
# query-trans, sealed commit (of a committed booking: the sealed path and
# the lookup, no change) and booking detail, one after the other; the
# ratio large/small is taken within each round, and the summary gives its
# median and range (target: within 10 %, a ratio >= 0.90).  It also times
# the large mock's start (replaying and compacting its state file).
# Loopback only, every load bounded in time.
set -eu
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-3}
conns=${BENCH_CONNECTIONS:-8}
small=${BENCH_SMALL:-100}
large=${BENCH_LARGE:-100000}
bits=2048
command -v wrk >/dev/null || { echo "state-bench: needs wrk (apt-get install wrk)"; exit 1; }
command -v python3 >/dev/null || { echo "state-bench: needs python3"; exit 1; }
mock=$top_builddir/gtd-mock
scenario=$top_builddir/gtd-scenario
work=$(mktemp -d)
cleanup() {
	for p in "$work"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
bench=state-bench
. "$top_srcdir/bench/lib.sh"

# start NAME OPTION...: a mock in the background (bench/lib.sh); prints
# its URL.  Run in $(...), it keeps its pid in $work/NAME.pid.
start() {
	name=$1
	shift
	mock_up "$work/$name" "$@"
	echo $mock_pid > "$work/$name.pid"
	echo "$mock_url"
}

# The demo partner, and one booking written by the mock as the template.
url=$(start demo --demo --data "$work/demo" --demo-bits $bits --state "$work/template.state")
booking=$(curl -s -X POST "$url/__gtd/bookings" -d '{"partner":"demo"}' |
	sed -n 's/.*"bookingNumber":"\([^"]*\)".*/\1/p')
[ -n "$booking" ] || { echo "state-bench: no template booking"; exit 1; }
kill "$(cat "$work/demo.pid")"
while kill -0 "$(cat "$work/demo.pid")" 2>/dev/null; do sleep 0.05; done
rm "$work/demo.pid"

# gen N FILE: the template state with N bookings, the template's first.
gen() {
	python3 "$top_srcdir/bench/bookings.py" "$work/template.state" "$1" "$2" "$booking"
}
gen "$small" "$work/small.state"
gen "$large" "$work/large.state"

pack="$work/demo/demo-pack.json"
value() { sed -n "s/^	\"$1\":	\"\(.*\)\",\{0,1\}$/\1/p" "$pack"; }
API_KEY=$(value api_key)
ACCESS_CODE=$(value access_code)
export API_KEY ACCESS_CODE
value gotadi_public_key | sed 's/\\n/\n/g' > "$work/gotadi.pub.pem"
seal() {
	"$scenario" seal --sender-key "$(value partner_private_key_path)" \
		--receiver-key "$work/gotadi.pub.pem" "$@"
}
seal --schema query-trans-request access_code="$ACCESS_CODE" booking_number="$booking" > "$work/query.json"
seal --schema commit-request access_code="$ACCESS_CODE" booking_number="$booking" \
	partner_trans_id=bench product_type=AIR > "$work/commit.json"

t0=$(date +%s%N)
url_large=$(start large --data "$work/demo" --state "$work/large.state" --outbox "$work/outbox")
startup_ms=$((($(date +%s%N) - t0) / 1000000))
url_small=$(start small --data "$work/demo" --state "$work/small.state" --outbox "$work/outbox")
for u in "$url_small" "$url_large"; do
	# The first commit takes; every later one is the sealed path alone.
	curl -s -o /dev/null -H "apikey: $API_KEY" -H "x-ibe-req-name: $ACCESS_CODE" \
		--data-binary @"$work/commit.json" "$u/api/partner/commit"
done
bookings_large=$(curl -s "$url_large/__gtd/health" | sed -n 's/.*"bookings":\([0-9]*\).*/\1/p')

# run FILE TARGET URL: "req/s p99-ms" into FILE.
run() {
	case $2 in
	query) BODY=$work/query.json wrk -t1 -c"$conns" -d"${seconds}s" --latency \
		-s "$top_srcdir/bench/login.lua" "$3/api/partner/query-trans" > "$1.wrk" 2>&1 ;;
	commit) BODY=$work/commit.json wrk -t1 -c"$conns" -d"${seconds}s" --latency \
		-s "$top_srcdir/bench/login.lua" "$3/api/partner/commit" > "$1.wrk" 2>&1 ;;
	detail) wrk -t1 -c"$conns" -d"${seconds}s" --latency -H "apikey: $API_KEY" \
		"$3/api/products/booking-detail?booking_number=$booking" > "$1.wrk" 2>&1 ;;
	esac
	awk '/^Requests\/sec/ { rps = $2 }
	     /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 }
		else if (v ~ /ms$/) sub(/ms/, "", v); else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }
		p99 = v }
	     /Non-2xx|Socket errors/ { print "state-bench: " FILENAME ": " $0 > "/dev/stderr" }
	     END { print rps + 0, p99 + 0 }' "$1.wrk" > "$1"
}

echo "machine: $(nproc) cores; wrk -t1 -c$conns; $rounds rounds of ${seconds}s; RSA $bits bits;" \
	"$small and $bookings_large bookings"
for t in query commit detail; do
	seconds=2 run "$work/warm" $t "$url_small"
	seconds=2 run "$work/warm" $t "$url_large"
done
r=1
while [ $r -le "$rounds" ]; do
	for t in query commit detail; do
		run "$work/$t.small.$r" $t "$url_small"
		run "$work/$t.large.$r" $t "$url_large"
	done
	r=$((r + 1))
done

# summary TARGET: medians and the per-round ratio large/small.
summary() {
	r=1
	while [ $r -le "$rounds" ]; do
		awk -v a="$(cut -d' ' -f1 "$work/$1.large.$r")" -v b="$(cut -d' ' -f1 "$work/$1.small.$r")" \
			'BEGIN { printf "%.2f\n", (b > 0 ? a / b : 0) }'
		r=$((r + 1))
	done | sort -g | awk '{ v[NR] = $1 } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
# median TARGET SIZE: the median req/s over the rounds.
median() {
	r=1
	while [ $r -le "$rounds" ]; do
		cut -d' ' -f1 "$work/$1.$2.$r"
		r=$((r + 1))
	done | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
echo
printf '%-12s %14s %14s   %s\n' target "$small bookings" "$bookings_large bookings" "large/small per round (target >= 0.90)"
for t in query commit detail; do
	printf '%-12s %14s %14s   %s\n' "$t" "$(median $t small)" "$(median $t large)" \
		"$(summary $t)"
done
echo "start-up with $bookings_large bookings: ${startup_ms} ms (target < 1000)"
