#!/bin/sh
# mock-bench.sh - gtd-mock measured against baselines taken in the same run
# on the same machine (machines here are shared and noisy: only ratios
# mean anything).  Loopback only, every load bounded in time.
#
#   bench/mock-bench.sh [--peers]       (from the build directory; `make bench`)
#
# wrk runs one thread: on a 2-core machine a second wrk thread takes the
# CPU the servers need, and every figure is measured the same way.
#
# Baselines: a bare libmicrohttpd server (bench/hello) with gtd-mock's
# daemon flags, `openssl speed` for the key size (the RSA ceiling of a
# sealed call: 2 private + 2 public operations), and with --peers the npm
# mock servers mountebank, json-server, @mockoon/cli and @stoplight/prism-cli
# serving the same small JSON stub (installed into a temporary prefix).
set -eu
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
seconds=${BENCH_SECONDS:-10}
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

# wrk_run NAME ARGS...: req/s and p99 (ms) into $work/NAME.
wrk_run() {
	name=$1
	shift
	wrk -t1 -c"$conns" -d"${seconds}s" --latency "$@" > "$work/$name.wrk" 2>&1
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$work/$name.wrk")
	p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 }
		else if (v ~ /ms$/) sub(/ms/, "", v); else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }
		print v }' "$work/$name.wrk")
	errs=$(awk '/Non-2xx|Socket errors/ { print }' "$work/$name.wrk")
	printf '%-28s %10s req/s   p99 %8s ms  %s\n' "$name" "$rps" "$p99" "$errs"
	echo "$rps $p99" > "$work/$name"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "machine: $cores cores; wrk -t1 -c$conns -d${seconds}s; RSA $bits bits"

# The bare libmicrohttpd baseline.
port=$(free_port)
"$top_builddir/bench/hello" "$port" "$cores" &
pids="$pids $!"
sleep 0.5
wrk_run hello-libmicrohttpd "http://127.0.0.1:$port/"

# gtd-mock with its demo partner.
"$top_builddir/gtd-mock" --demo --data "$work/demo" --demo-bits $bits --listen 127.0.0.1:0 \
	--journal /dev/null > "$work/mock.out" 2>&1 &
pids="$pids $!"
i=0
while ! grep -q 'listening on' "$work/mock.out"; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat "$work/mock.out"; exit 1; }; sleep 0.1
done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/mock.out")
pack="$work/demo/demo-pack.json"
value() { sed -n "s/^	\"$1\":	\"\(.*\)\",\{0,1\}$/\1/p" "$pack"; }
API_KEY=$(value api_key)
ACCESS_CODE=$(value access_code)
value gotadi_public_key | sed 's/\\n/\n/g' > "$work/gotadi.pub.pem"
booking=$(curl -s -X POST "$url/__gtd/bookings" -d '{"partner":"demo"}' | sed -n 's/.*"bookingNumber":"\([^"]*\)".*/\1/p')
wrk_run mock-booking-detail -H "apikey: $API_KEY" "$url/api/products/booking-detail?booking_number=$booking"
"$top_builddir/gtd-scenario" seal --schema login-request --sender-key "$(value partner_private_key_path)" \
	--receiver-key "$work/gotadi.pub.pem" access_code="$ACCESS_CODE" user_id=bench product=flight > "$work/login.json"
API_KEY=$API_KEY ACCESS_CODE=$ACCESS_CODE BODY=$work/login.json \
	wrk_run mock-sealed-login -s "$top_srcdir/bench/login.lua" "$url/api/partner/login"

# The RSA ceiling: what the cores can do with 2 private and 2 public
# operations per sealed call.
openssl speed -seconds "$seconds" -multi "$cores" rsa$bits > "$work/speed" 2>/dev/null
sign=$(awk -v b="$bits" '$1 == "rsa" && $2 == b" bits" || ($1 == "rsa" && $2 == b) { print $(NF-1) }' "$work/speed" | tail -n 1)
verify=$(awk -v b="$bits" '$1 == "rsa" && $2 == b" bits" || ($1 == "rsa" && $2 == b) { print $NF }' "$work/speed" | tail -n 1)
ceiling=$(awk -v s="$sign" -v v="$verify" 'BEGIN { printf "%.0f", 1 / (2 / s + 2 / v) }')
printf '%-28s %10s calls/s (sign %s/s, verify %s/s on %s cores)\n' openssl-ceiling "$ceiling" "$sign" "$verify" "$cores"

if [ $peers = 1 ]; then
	"$top_srcdir/bench/peers.sh" "$work" "$seconds" "$conns"
fi

echo
hello=$(cut -d' ' -f1 "$work/hello-libmicrohttpd")
detail=$(cut -d' ' -f1 "$work/mock-booking-detail")
login=$(cut -d' ' -f1 "$work/mock-sealed-login")
echo "booking detail / bare libmicrohttpd:  $(ratio "$detail" "$hello")  (target >= 0.5)"
echo "sealed login / OpenSSL ceiling:       $(ratio "$login" "$ceiling")  (target >= 0.8)"
echo "p99 at $conns connections:  booking detail $(cut -d' ' -f2 "$work/mock-booking-detail") ms, sealed login $(cut -d' ' -f2 "$work/mock-sealed-login") ms  (target < 20)"
if [ $peers = 1 ]; then
	best=$(cat "$work"/peer-* 2>/dev/null | cut -d' ' -f1 | sort -g | tail -n 1)
	echo "booking detail / fastest npm peer:   $(ratio "$detail" "${best:-0}")  (target >= 15)"
fi
