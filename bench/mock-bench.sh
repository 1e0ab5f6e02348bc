#!/bin/sh
# mock-bench.sh - gtd-mock measured against baselines on the same machine
# (machines here are shared and noisy: only ratios mean anything).
# Loopback only, every load bounded in time.
#
#   bench/mock-bench.sh [--peers]       (from the build directory; `make bench`)
#
# Every server runs from the start, and each round measures all of them
# one after the other (BENCH_ROUNDS rounds of BENCH_SECONDS each), so a
# slow minute on the machine hits every target alike.  A ratio is computed
# within each round; the summary gives its median and range.
#
# wrk runs one thread: on a 2-core machine a second wrk thread takes the
# CPU the servers need, and every figure is measured the same way.
#
# Baselines: a bare libmicrohttpd server (bench/hello) with gtd-mock's
# daemon flags, `openssl speed` for the key size (the RSA ceiling of a
# sealed call: 2 private + 2 public operations), and with --peers the npm
# mock servers mountebank, json-server, @mockoon/cli and @stoplight/prism-cli
# serving the same small JSON stub (bench/peers.sh).
set -eu
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-3}
conns=${BENCH_CONNECTIONS:-50}
cores=$(nproc)
bits=2048
peers=0
[ "${1:-}" = --peers ] && peers=1
command -v wrk >/dev/null || { echo "mock-bench: needs wrk (apt-get install wrk)"; exit 1; }
work=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
. "$top_srcdir/bench/peers.sh"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {
	i=0
	until curl -s -o /dev/null "$1"; do
		i=$((i + 1)); [ $i -lt 150 ] || { echo "mock-bench: $1 did not come up"; exit 1; }; sleep 0.2
	done
}

# wrk_run FILE ARGS...: "req/s p99-in-ms" into FILE.
wrk_run() {
	out=$1
	shift
	wrk -t1 -c"$conns" -d"${seconds}s" --latency "$@" > "$out.wrk" 2>&1
	awk '/^Requests\/sec/ { rps = $2 }
	     $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 }
		else if (v ~ /ms$/) sub(/ms/, "", v); else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }
		p99 = v }
	     /Non-2xx|Socket errors/ { print "mock-bench: " FILENAME ": " $0 > "/dev/stderr" }
	     END { print rps + 0, p99 + 0 }' "$out.wrk" > "$out"
}

# measure NAME URL FILE: one target, by name.
measure() {
	case $1 in
	mock-booking-detail) wrk_run "$3" -H "apikey: $API_KEY" "$2" ;;
	mock-sealed-login) wrk_run "$3" -s "$top_srcdir/bench/login.lua" "$2" ;;
	*) wrk_run "$3" "$2" ;;
	esac
}

# The RSA ceiling: what the cores can do with 2 private and 2 public
# operations per sealed call.
ceiling() {
	openssl speed -seconds "$seconds" -multi "$cores" rsa$bits 2>/dev/null |
		awk -v b="$bits" '$1 == "rsa" && ($2 == b" bits" || $2 == b) { s = $(NF-1); v = $NF }
			END { printf "%.0f 0\n", 1 / (2 / s + 2 / v) }' > "$1"
}

echo "machine: $cores cores; wrk -t1 -c$conns; $rounds rounds of ${seconds}s per target; RSA $bits bits"
: > "$work/targets"

# The bare libmicrohttpd baseline.
port=$(free_port)
"$top_builddir/bench/hello" "$port" "$cores" &
pids="$pids $!"
echo "hello-libmicrohttpd http://127.0.0.1:$port/" >> "$work/targets"

# gtd-mock with its demo partner.
"$top_builddir/gtd-mock" --demo --data "$work/demo" --demo-bits $bits --listen 127.0.0.1:0 \
	--journal /dev/null --port-file "$work/mock.port" > "$work/mock.out" 2>&1 &
mock_pid=$!
pids="$pids $mock_pid"
deadline=$(($(date +%s) + 60))
until [ -s "$work/mock.port" ]; do
	if ! kill -0 $mock_pid 2>/dev/null || [ "$(date +%s)" -ge $deadline ]; then
		echo "mock-bench: gtd-mock did not come up (no $work/mock.port):"; cat "$work/mock.out"; exit 1
	fi
	sleep 0.05
done
url=http://127.0.0.1:$(cat "$work/mock.port")
pack="$work/demo/demo-pack.json"
value() { sed -n "s/^	\"$1\":	\"\(.*\)\",\{0,1\}$/\1/p" "$pack"; }
API_KEY=$(value api_key)
ACCESS_CODE=$(value access_code)
BODY=$work/login.json
export API_KEY ACCESS_CODE BODY
value gotadi_public_key | sed 's/\\n/\n/g' > "$work/gotadi.pub.pem"
booking=$(curl -s -X POST "$url/__gtd/bookings" -d '{"partner":"demo"}' | sed -n 's/.*"bookingNumber":"\([^"]*\)".*/\1/p')
"$top_builddir/gtd-scenario" seal --schema login-request --sender-key "$(value partner_private_key_path)" \
	--receiver-key "$work/gotadi.pub.pem" access_code="$ACCESS_CODE" user_id=bench product=flight > "$BODY"
echo "mock-booking-detail $url/api/products/booking-detail?booking_number=$booking" >> "$work/targets"
echo "mock-sealed-login $url/api/partner/login" >> "$work/targets"

[ $peers = 1 ] && start_peers

# Warm-up (JIT compilers, caches), not recorded.
while read -r name target; do
	wait_for "$target"
	seconds=2 measure "$name" "$target" "$work/warm"
done < "$work/targets"

r=1
while [ $r -le "$rounds" ]; do
	mkdir -p "$work/r$r"
	while read -r name target; do
		measure "$name" "$target" "$work/r$r/$name"
	done < "$work/targets"
	ceiling "$work/r$r/openssl-ceiling"
	r=$((r + 1))
done

# median [-p99] FILES...: the median req/s (or p99) over the rounds.
median() {
	col=1
	[ "$1" = -p99 ] && { col=2; shift; }
	cat "$@" | cut -d' ' -f$col | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# ratio A B: per round A/B (B may be "fastest-peer"), as "median (min-max)".
ratio() {
	r=1
	while [ $r -le "$rounds" ]; do
		a=$(cut -d' ' -f1 "$work/r$r/$1")
		if [ "$2" = fastest-peer ]; then
			b=$(cat "$work/r$r"/peer-* | cut -d' ' -f1 | sort -g | tail -n 1)
		else
			b=$(cut -d' ' -f1 "$work/r$r/$2")
		fi
		awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f\n", (b > 0 ? a / b : 0) }'
		r=$((r + 1))
	done | sort -g | awk '{ v[NR] = $1 } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

echo
printf '%-28s %12s %10s   %s\n' target "median req/s" "p99 ms" "per round"
for name in $(cut -d' ' -f1 "$work/targets") openssl-ceiling; do
	p99=$(median -p99 "$work"/r*/"$name")
	[ "$name" = openssl-ceiling ] && p99=-
	printf '%-28s %12s %10s   %s\n' "$name" "$(median "$work"/r*/"$name")" "$p99" \
		"$(cat "$work"/r*/"$name" | cut -d' ' -f1 | tr '\n' ' ')"
done
echo
echo "booking detail / bare libmicrohttpd:  $(ratio mock-booking-detail hello-libmicrohttpd)  (target >= 0.5)"
echo "sealed login / OpenSSL ceiling:       $(ratio mock-sealed-login openssl-ceiling)  (target >= 0.8)"
echo "p99 at $conns connections:  booking detail $(median -p99 "$work"/r*/mock-booking-detail) ms, sealed login $(median -p99 "$work"/r*/mock-sealed-login) ms  (target < 20)"
if [ $peers = 1 ]; then
	echo "booking detail / fastest npm peer:    $(ratio mock-booking-detail fastest-peer)  (target >= 15)"
fi
