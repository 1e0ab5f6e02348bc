#!/bin/sh
# mock-bench.sh - gtd-mock measured against baselines on the same machine
# (machines here are shared and noisy: only ratios mean anything).
# Loopback only, every load bounded in time.
#
#   bench/mock-bench.sh [--peers] [--quick]   (from the build directory; `make bench`)
#   bench/mock-bench.sh --threads [--quick]   (worker threads: 1, 2, 4, 8 per core)
#
# Every server runs from the start, and each round measures all of them
# one after the other (BENCH_ROUNDS rounds of BENCH_SECONDS each), so a
# slow minute on the machine hits every target alike.  A ratio is computed
# within each round; the summary gives its median and range.  --quick is
# one round of 2 s.
#
# wrk runs one thread: on a 2-core machine a second wrk thread takes the
# CPU the servers need, and every figure is measured the same way.  Plain
# GETs run at BENCH_CONNECTIONS (50) connections, sealed calls at 8 (a
# partner's CI runs a few jobs at once).
#
# Baselines: a bare libmicrohttpd server (bench/hello) with gtd-mock's
# daemon flags and threads, `openssl speed` for the key size (the RSA
# ceiling of a sealed call: 2 private + 2 public operations, see
# RESULTS.md), and with --peers the npm mock servers mountebank,
# json-server, @mockoon/cli and @stoplight/prism-cli serving a small JSON
# stub, and WireMock serving the mock's booking-detail body
# (bench/peers.sh).  Booking detail, the bare server and WireMock are also
# measured at 1, 8, 50 and 200 connections, plotted into
# $BENCH_PLOT (bench-connections.svg) when gnuplot is there.
set -eu
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-3}
conns=${BENCH_CONNECTIONS:-50}
plot=${BENCH_PLOT:-$top_builddir/bench-connections.svg}
sealed_conns=8
sweep="1 8 50 200"
# Warm-up, not recorded: 2 s a target; the JVM's JIT compiler needs longer.
warm=2
jvm_warm=60
cores=$(nproc)
# gtd-mock's default (THREADS_PER_CORE in mockserver/main.c); the bare
# server runs as many.
threads=$((cores * 4))
bits=2048
peers=0
mode=main
for arg in "$@"; do
	case $arg in
	--peers) peers=1 ;;
	--threads) mode=threads ;;
	--quick) seconds=2 rounds=1 jvm_warm=20 ;;
	*) echo "usage: mock-bench.sh [--peers] [--threads] [--quick]" >&2; exit 2 ;;
	esac
done
# Sealed commits per second the pool is sized for (each commit takes a
# fresh booking; a run that empties the pool says so).  By default twice
# the RSA ceiling measured at the start: a commit costs at least the
# ceiling's RSA operations, so the pool outlasts the round.
pool_rate=${BENCH_POOL_RATE:-}
command -v wrk >/dev/null || { echo "mock-bench: needs wrk (apt-get install wrk)"; exit 1; }
command -v python3 >/dev/null || { echo "mock-bench: needs python3"; exit 1; }
work=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
. "$top_srcdir/bench/peers.sh"
bench=mock-bench
. "$top_srcdir/bench/lib.sh"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {
	i=0
	until curl -s -o /dev/null "$1"; do
		i=$((i + 1)); [ $i -lt 300 ] || { echo "mock-bench: $1 did not come up"; exit 1; }; sleep 0.2
	done
}

# wrk_run FILE CONNECTIONS ARGS...: "req/s p99-in-ms" into FILE.
wrk_run() {
	out=$1
	c=$2
	shift 2
	wrk -t1 -c"$c" -d"${seconds}s" --latency "$@" > "$out.wrk" 2>&1
	awk '/^Requests\/sec/ { rps = $2 }
	     $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 }
		else if (v ~ /ms$/) sub(/ms/, "", v); else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }
		p99 = v }
	     /Non-2xx|Socket errors/ { print "mock-bench: " FILENAME ": " $0 > "/dev/stderr" }
	     END { print rps + 0, p99 + 0 }' "$out.wrk" > "$out"
}

# The connections a target is measured at in the main table.
conns_of() {
	case $1 in
	mock-sealed-*|mock-query-trans*|mock-commit*) echo $sealed_conns ;;
	*) echo "$conns" ;;
	esac
}

# measure NAME URL FILE CONNECTIONS: one target, by name.  A commit sends
# each of the bodies in $work/pool once.
measure() {
	case $1 in
	mock-booking-detail*) wrk_run "$3" "$4" -H "apikey: $API_KEY" "$2" ;;
	mock-sealed-login*) BODY=$work/login.json; wrk_run "$3" "$4" -s "$top_srcdir/bench/login.lua" "$2" ;;
	mock-query-trans*) BODY=$work/query.json; wrk_run "$3" "$4" -s "$top_srcdir/bench/login.lua" "$2" ;;
	mock-commit*)
		BODIES=$work/pool
		wrk_run "$3" "$4" -s "$top_srcdir/bench/once.lua" "$2"
		! grep -q '^pool used up' "$3.wrk" ||
			echo "mock-bench: $1 used up its pool of $slice bookings: its rate is the pool's," \
				"not the mock's (raise BENCH_POOL_RATE)" >&2
		;;
	*) wrk_run "$3" "$4" "$2" ;;
	esac
}

# The RSA ceiling: what the cores can do with 2 private and 2 public
# operations per sealed call.
ceiling() {
	openssl speed -seconds "$seconds" -multi "$cores" rsa$bits 2>/dev/null |
		awk -v b="$bits" '$1 == "rsa" && ($2 == b" bits" || $2 == b) { s = $(NF-1); v = $NF }
			END { printf "%.0f 0\n", 1 / (2 / s + 2 / v) }' > "$1"
}

# start_mock NAME OPTION...: a gtd-mock in the background, once it has
# written its port file; its URL in $mock_url.
start_mock() {
	name=$1
	shift
	mock_up "$work/$name" "$@"
	pids="$pids $mock_pid"
}

# The demo partner's pack: keys, API key and access code.
demo_pack() {
	pack="$work/demo/demo-pack.json"
	API_KEY=$(value api_key)
	ACCESS_CODE=$(value access_code)
	export API_KEY ACCESS_CODE BODY BODIES
	value gotadi_public_key | sed 's/\\n/\n/g' > "$work/gotadi.pub.pem"
	"$top_builddir/gtd-scenario" seal --schema login-request --sender-key "$(value partner_private_key_path)" \
		--receiver-key "$work/gotadi.pub.pem" access_code="$ACCESS_CODE" user_id=bench product=flight \
		> "$work/login.json"
}
value() { sed -n "s/^	\"$1\":	\"\(.*\)\",\{0,1\}$/\1/p" "$pack"; }
seal() {
	"$top_builddir/gtd-scenario" seal --sender-key "$(value partner_private_key_path)" \
		--receiver-key "$work/gotadi.pub.pem" "$@"
}

# create URL N: N bookings of the demo partner through the control API
# (8 keep-alive connections); the mock numbers them in order.
create() {
	python3 - "${1##*:}" "$2" <<'PY'
import http.client, sys, threading
port, n = int(sys.argv[1]), int(sys.argv[2])
def make(k):
    c = http.client.HTTPConnection("127.0.0.1", port)
    for _ in range(k):
        c.request("POST", "/__gtd/bookings", body='{"partner":"demo"}')
        r = c.getresponse()
        r.read()
        if r.status != 201:
            sys.exit("mock-bench: booking not created: HTTP %d" % r.status)
ts = [threading.Thread(target=make, args=(n // 8 + (i < n % 8),)) for i in range(8)]
for t in ts: t.start()
for t in ts: t.join()
PY
}

# trans_booking URL: a booking, committed once, for query-trans; its
# number in $booking.
trans_booking() {
	booking=$(curl -s -X POST "$1/__gtd/bookings" -d '{"partner":"demo"}' |
		sed -n 's/.*"bookingNumber":"\([^"]*\)".*/\1/p')
	[ -n "$booking" ] || { echo "mock-bench: no booking from $1"; exit 1; }
	seal --schema commit-request access_code="$ACCESS_CODE" booking_number="$booking" \
		partner_trans_id=bench product_type=AIR > "$work/commit-once.json"
	curl -s -o /dev/null -H "apikey: $API_KEY" -H "x-ibe-req-name: $ACCESS_CODE" \
		--data-binary @"$work/commit-once.json" "$1/api/partner/commit"
}

# The commit mocks, in memory and with --state: each round starts them
# afresh on their ports (and state file), with the query-trans booking
# (committed once) and the pool's $slice bookings, numbered alike on both
# and every time, so one pool of sealed commits, made once with
# bench/seal-pool, serves them all.  Fresh mocks start every round alike:
# the same bookings, an empty outbox and state file.
fresh_commit_mocks() {
	for name in commit state; do
		[ -f "$work/$name.pid" ] || continue
		kill "$(cat "$work/$name.pid")"
		wait "$(cat "$work/$name.pid")" 2>/dev/null || true
	done
	rm -f "$work"/bench.state*
	start_mock commit --data "$work/demo" --listen "127.0.0.1:${commit_port:-0}"
	echo $mock_pid > "$work/commit.pid"
	commit_url=$mock_url
	start_mock state --data "$work/demo" --state "$work/bench.state" --listen "127.0.0.1:${state_port:-0}"
	echo $mock_pid > "$work/state.pid"
	state_url=$mock_url
	commit_port=${commit_url##*:}
	state_port=${state_url##*:}
	trans_booking "$commit_url"
	trans_booking "$state_url"
	create "$commit_url" "$slice" &
	create_pid=$!
	create "$state_url" "$slice"
	wait $create_pid
	prefix=$(echo "$booking" | cut -c1-10)
	first=$(($(echo "$booking" | cut -c11- | sed 's/^0*//') + 1))
	last=$((first + slice - 1))
	for u in "$commit_url" "$state_url"; do
		code=$(curl -s -o /dev/null -w '%{http_code}' "$u/__gtd/bookings/$(printf '%s%07d' "$prefix" $last)")
		[ "$code" = 200 ] || { echo "mock-bench: the commit mocks did not number alike"; exit 1; }
	done
}

start_commit_mocks() {
	if [ -z "$pool_rate" ]; then
		ceiling "$work/pool-ceiling"
		pool_rate=$(($(cut -d' ' -f1 "$work/pool-ceiling") * 2))
	fi
	slice=$((pool_rate * seconds))
	fresh_commit_mocks
	awk -v p="$prefix" -v a=$first -v b=$last 'BEGIN { for (i = a; i <= b; i++) printf "%s%07d\n", p, i }' |
		"$top_builddir/bench/seal-pool" "$(value partner_private_key_path)" "$work/gotadi.pub.pem" \
		"$ACCESS_CODE" > "$work/pool"
	seal --schema query-trans-request access_code="$ACCESS_CODE" booking_number="$booking" > "$work/query.json"
	echo "mock-query-trans-state $state_url/api/partner/query-trans" >> "$work/targets"
	echo "mock-commit $commit_url/api/partner/commit" >> "$work/targets"
	echo "mock-commit-state $state_url/api/partner/commit" >> "$work/targets"
}

# median [-p99] FILES...: the median req/s (or p99) over the rounds.
median() {
	col=1
	[ "$1" = -p99 ] && { col=2; shift; }
	cat "$@" | cut -d' ' -f$col | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# ratio A B [DIR]: per round A/B (B may be "fastest-npm-peer"), as "median (min-max)".
ratio() {
	r=1
	while [ $r -le "$rounds" ]; do
		a=$(cut -d' ' -f1 "$work/r$r/$1")
		if [ "$2" = fastest-npm-peer ]; then
			b=$(for f in "$work/r$r"/peer-*; do
				case $f in *wiremock*) ;; *) cut -d' ' -f1 "$f" ;; esac
			done | sort -g | tail -n 1)
		else
			b=$(cut -d' ' -f1 "$work/r$r/$2")
		fi
		awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f\n", (b > 0 ? a / b : 0) }'
		r=$((r + 1))
	done | sort -g | awk '{ v[NR] = $1 } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

# rounds_of TARGETS-FILE [COMMAND]: BENCH_ROUNDS rounds of every target in
# the file (name, URL, connections), each into $work/rN/NAME, and the RSA
# ceiling; COMMAND runs before each round.
rounds_of() {
	r=1
	while [ $r -le "$rounds" ]; do
		mkdir -p "$work/r$r"
		[ -z "${2:-}" ] || $2
		while read -r name target c; do
			measure "$name" "$target" "$work/r$r/$name" "$c"
		done < "$1"
		ceiling "$work/r$r/openssl-ceiling"
		r=$((r + 1))
	done
}

# warm_up TARGETS-FILE: each target once, not recorded.
warm_up() {
	while read -r name target c; do
		wait_for "$target"
		s=$warm
		case $name in peer-wiremock*) s=$jvm_warm ;; esac
		seconds=$s measure "$name" "$target" "$work/warm" "$c"
	done < "$1"
}

# table TARGETS-FILE: medians, p99 and the rounds of every target.
table() {
	echo
	printf '%-32s %6s %12s %10s   %s\n' target conns "median req/s" "p99 ms" "per round"
	while read -r name target c; do
		printf '%-32s %6s %12s %10s   %s\n' "$name" "$c" "$(median "$work"/r*/"$name")" \
			"$(median -p99 "$work"/r*/"$name")" "$(cat "$work"/r*/"$name" | cut -d' ' -f1 | tr '\n' ' ')"
	done < "$1"
	printf '%-32s %6s %12s %10s   %s\n' openssl-ceiling - "$(median "$work"/r*/openssl-ceiling)" - \
		"$(cat "$work"/r*/openssl-ceiling | cut -d' ' -f1 | tr '\n' ' ')"
}

# with_conns: "name URL" lines on stdin with each target's connections added.
with_conns() {
	while read -r name target; do echo "$name $target $(conns_of "$name")"; done
}

# threads_main: booking detail and sealed login at 1, 2, 4 and 8 worker
# threads per core, in the same rounds.
threads_main() {
	: > "$work/targets"
	for k in 1 2 4 8; do
		t=$((cores * k))
		if [ $k = 1 ]; then
			start_mock t$t --demo --data "$work/demo" --demo-bits $bits --threads $t
			demo_pack
			booking=$(curl -s -X POST "$mock_url/__gtd/bookings" -d '{"partner":"demo"}' |
				sed -n 's/.*"bookingNumber":"\([^"]*\)".*/\1/p')
		else
			start_mock t$t --data "$work/demo" --threads $t
			curl -s -o /dev/null -X POST "$mock_url/__gtd/bookings" -d '{"partner":"demo"}'
		fi
		echo "mock-booking-detail-t$t $mock_url/api/products/booking-detail?booking_number=$booking $conns"
		echo "mock-sealed-login-t$t $mock_url/api/partner/login $sealed_conns"
		echo "mock-sealed-login-$conns-t$t $mock_url/api/partner/login $conns"
	done > "$work/targets"
	echo "machine: $cores cores; wrk -t1; $rounds rounds of ${seconds}s per target; RSA $bits bits"
	warm_up "$work/targets"
	rounds_of "$work/targets"
	table "$work/targets"
	echo
	for k in 1 2 4 8; do
		t=$((cores * k))
		echo "threads $t: sealed login / OpenSSL ceiling $(ratio "mock-sealed-login-t$t" openssl-ceiling)" \
			"at $sealed_conns, $(ratio "mock-sealed-login-$conns-t$t" openssl-ceiling) at $conns;" \
			"booking detail / at $cores threads $(ratio "mock-booking-detail-t$t" "mock-booking-detail-t$cores")"
	done
}

# sweep_and_plot: booking detail, the bare server and WireMock at each of
# $sweep connections, BENCH_ROUNDS rounds; medians into the plot.
sweep_and_plot() {
	: > "$work/sweep"
	for c in $sweep; do
		grep -E '^(hello-libmicrohttpd|mock-booking-detail|peer-wiremock) ' "$work/targets" |
			while read -r name target; do echo "$name-c$c $target $c"; done >> "$work/sweep"
	done
	rounds_of "$work/sweep"
	table "$work/sweep"
	for c in $sweep; do
		printf '%s' "$c"
		for name in hello-libmicrohttpd mock-booking-detail peer-wiremock; do
			if [ -f "$work/r1/$name-c$c" ]; then printf ' %s' "$(median "$work"/r*/"$name-c$c")"; else printf ' NaN'; fi
		done
		echo
	done > "$work/sweep.dat"
	if ! command -v gnuplot >/dev/null; then
		echo "mock-bench: no gnuplot, no plot (apt-get install gnuplot-nox)"
		return
	fi
	gnuplot -e "data='$work/sweep.dat'; out='$plot'; cores=$cores" "$top_srcdir/bench/plot.gp"
	echo "plot: $plot"
}

main() {
	echo "machine: $cores cores; wrk -t1, $conns connections (sealed calls $sealed_conns);" \
		"$rounds rounds of ${seconds}s per target; RSA $bits bits"
	: > "$work/targets"

	# The bare libmicrohttpd baseline.
	port=$(free_port)
	"$top_builddir/bench/hello" "$port" "$threads" &
	pids="$pids $!"
	echo "hello-libmicrohttpd http://127.0.0.1:$port/" >> "$work/targets"

	# gtd-mock with its demo partner.
	start_mock mock --demo --data "$work/demo" --demo-bits $bits
	url=$mock_url
	demo_pack
	trans_booking "$url"
	seal --schema query-trans-request access_code="$ACCESS_CODE" booking_number="$booking" > "$work/query.json"
	curl -s -H "apikey: $API_KEY" "$url/api/products/booking-detail?booking_number=$booking" > "$work/detail.json"
	echo "mock-booking-detail $url/api/products/booking-detail?booking_number=$booking" >> "$work/targets"
	echo "mock-sealed-login $url/api/partner/login" >> "$work/targets"
	echo "mock-query-trans $url/api/partner/query-trans" >> "$work/targets"
	start_commit_mocks

	[ $peers = 1 ] && start_peers

	with_conns < "$work/targets" > "$work/main"
	warm_up "$work/main"
	rounds_of "$work/main" fresh_commit_mocks
	table "$work/main"
	p99() { median -p99 "$work"/r*/"$1"; }
	echo
	echo "booking detail / bare libmicrohttpd:   $(ratio mock-booking-detail hello-libmicrohttpd)  (target >= 0.75)"
	for t in sealed-login query-trans query-trans-state commit commit-state; do
		printf '%-38s %s  (target >= 0.85); p99 %s ms (target < 20)\n' "$t / OpenSSL ceiling:" \
			"$(ratio mock-$t openssl-ceiling)" "$(p99 mock-$t)"
	done
	echo "p99 booking detail at $conns connections: $(p99 mock-booking-detail) ms  (target < 20)"
	if [ $peers = 1 ]; then
		echo "booking detail / fastest npm peer:     $(ratio mock-booking-detail fastest-npm-peer)  (target >= 15)"
		[ -f "$work/r1/peer-wiremock" ] &&
			echo "booking detail / WireMock:             $(ratio mock-booking-detail peer-wiremock)  (target >= 8)"
	fi
	sweep_and_plot
}

if [ $mode = threads ]; then threads_main; else main; fi
