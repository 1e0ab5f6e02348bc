#!/bin/sh
# partners.sh - a data directory of many servable partners, for timing how
# the mock starts with them.  Not part of the tests.
#
#   bench/partners.sh DIR N            (from the build directory; N <= 100000)
#
# DIR must not exist.  One partner is made by `gtd-mock --demo` (its record,
# the partner's key pair and the emulator's key pair, 2048 bits); the other
# N-1 are copies of it with their own id, API key and access code, holding
# the same emulator key: parsing a key costs the same whichever key it is,
# and generating a thousand 2048-bit pairs would take minutes.  The demo's
# connection pack and partner key are kept in DIR for sealing requests.
set -eu
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
bench=partners.sh
. "$top_srcdir/bench/lib.sh"
[ $# -eq 2 ] || { echo "usage: partners.sh DIR N" >&2; exit 2; }
dir=$1
n=$2
case $n in
'' | *[!0-9]*) echo "partners.sh: N must be a number" >&2; exit 2 ;;
esac
[ "$n" -ge 1 ] && [ "$n" -le 100000 ] || { echo "partners.sh: N must be 1 to 100000" >&2; exit 2; }
[ ! -e "$dir" ] || { echo "partners.sh: $dir exists" >&2; exit 2; }
mock=$top_builddir/gtd-mock
[ -x "$mock" ] || { echo "partners.sh: build gtd-mock first (make gtd-mock)" >&2; exit 1; }

# The demo partner: a mock that made it is stopped as soon as it listens.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mock_up "$tmp/demo" --demo --data "$dir" --demo-bits 2048
pid=$mock_pid
kill $pid
wait $pid 2>/dev/null || true

# The copies: b000001... with the demo's record and emulator key.
tpl=$dir/partners/demo.json
emu=$(ls "$dir/keys/demo/")
awk -v n="$n" -v dir="$dir" -v emu="$emu" '
	BEGIN { while ((getline line < ARGV[1]) > 0) tpl[++k] = line; ARGV[1] = "" }
	END {
		for (i = 1; i < n; i++) {
			id = sprintf("b%06d", i)
			f = dir "/partners/" id ".json"
			for (j = 1; j <= k; j++) {
				l = tpl[j]
				sub(/"id":\t"demo"/, "\"id\":\t\"" id "\"", l)
				sub(/"api_key":\t"[0-9a-f]*"/, sprintf("\"api_key\":\t\"%032x\"", i), l)
				sub(/"access_code":\t"GTD[0-9A-F]*"/, sprintf("\"access_code\":\t\"GTD%012X\"", i), l)
				print l > f
			}
			close(f)
			print "mkdir -m 700 " dir "/keys/" id
			print "cp -p " dir "/keys/demo/" emu " " dir "/keys/" id "/" emu
		}
	}' "$tpl" | sh
chmod 600 "$dir"/partners/*.json
