#!/bin/sh
# console-bench.sh - gtd-console on a store of many partners, measured
# against baselines taken in the same run on the same machine (machines here
# are shared and noisy: only ratios mean anything).  Not part of the tests.
#
#   bench/console-bench.sh [N]          (from the build directory; N = 10000)
#
# It builds a store of N partners (one record made by `gtd-console add`,
# then copied with a new id and name), and measures, in a detached tmux
# session 100x30:
#   start-up   from exec to the first screen listing all N partners, against
#              `cat` of the same N record files (the least any start-up that
#              reads them can cost);
#   filter     from the last key of a filter typed after '/' to the screen
#              showing the matches, against the same `cat` (a filter is a
#              pass over every name, so it should cost less than a read);
# each the median of RUNS runs (5; BENCH_RUNS overrides).
set -eu
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
n=${1:-10000}
runs=${BENCH_RUNS:-5}
console="$top_builddir/gtd-console"
[ -x "$console" ] || { echo "console-bench: build gtd-console first (make gtd-console)"; exit 1; }
command -v tmux >/dev/null || { echo "console-bench: needs tmux (apt-get install tmux)"; exit 1; }
work=$(mktemp -d)
sock="$work/tmux.sock"
T() { tmux -S "$sock" -f /dev/null "$@"; }
cleanup() {
	T kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
unset LANGUAGE NO_COLOR

now() { date +%s.%N; }
# ms START END
ms() { echo "$1 $2" | awk '{ printf "%.1f", ($2 - $1) * 1000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { echo "$1 $2" | awk '{ printf "%.2f", ($2 > 0 ? $1 / $2 : 0) }'; }

# ---- the store ----
D="$work/data"
echo "console-bench: making a store of $n partners..."
"$console" --data "$D" --user bench add p000000 'company.name=Công ty Cổ phần Du lịch Việt Nam' \
	company.address='12 Lý Thường Kiệt, Hà Nội' company.website=https://dulich.vn \
	admin.full_name='Nguyễn Thị Lan' admin.email=lan@dulich.vn admin.phone='0912 345 678' >/dev/null
awk -v n="$n" -v dir="$D/partners" '
	BEGIN { while ((getline line < (dir "/p000000.json")) > 0) tpl[++k] = line }
	END {
		split("Hà Nội,Đà Nẵng,Sài Gòn,Huế,Cần Thơ,Hải Phòng,Nha Trang,Vũng Tàu", city, ",")
		for (i = 1; i < n; i++) {
			id = sprintf("p%06d", i)
			f = dir "/" id ".json"
			for (j = 1; j <= k; j++) {
				l = tpl[j]
				sub(/"p000000"/, "\"" id "\"", l)
				sub(/Việt Nam"/, "Việt Nam " city[i % 8 + 1] " " i "\"", l)
				print l > f
			}
			close(f)
		}
	}' /dev/null
find "$D/partners" -name "*.json" -exec chmod 600 {} +   # 100,000 names exceed one argv
count=$(ls "$D/partners" | wc -l)
[ "$count" -eq "$n" ] || { echo "console-bench: the store has $count records, not $n"; exit 1; }

# ---- baselines ----
cat_ms=$(for r in $(seq "$runs"); do
	s=$(now); find "$D/partners" -name "*.json" -exec cat {} + > /dev/null; e=$(now); ms "$s" "$e"; echo
done | median)

# wait_for SESSION TEXT: polls every 10 ms, 60 s at most.
wait_for() {
	i=0
	until T capture-pane -p -t "$1" | grep -qF -- "$2"; do
		i=$((i + 1))
		[ $i -lt 6000 ] || { echo "console-bench: '$2' never showed" >&2; exit 1; }
		sleep 0.01
	done
}

# ---- start-up and filter ----
: > "$work/start" ; : > "$work/filter"
for r in $(seq "$runs"); do
	s=$(now)
	T new-session -d -s b -x 100 -y 30 \
		"env TERM=screen-256color '$console' --data '$D' --lang en; sleep 60"
	wait_for b "Partners ($n)"
	e=$(now)
	ms "$s" "$e" >> "$work/start"; echo >> "$work/start"
	T send-keys -t b /
	wait_for b "Filter:"
	# Vietnamese typed without its accents: "Đà Nẵng" matches "da nang".
	T send-keys -t b -l "da nang "
	wait_for b "Filter: da nang "
	s=$(now)
	T send-keys -t b -l "7"
	wait_for b "Filter: da nang 7"
	e=$(now)
	ms "$s" "$e" >> "$work/filter"; echo >> "$work/filter"
	T kill-session -t b
done
start_ms=$(median < "$work/start")
filter_ms=$(median < "$work/filter")

echo
printf '%-38s %10s %10s %8s\n' "measure ($n partners, median of $runs)" "console" "baseline" "ratio"
printf '%-38s %8sms %8sms %7sx\n' "start-up to first screen vs cat" "$start_ms" "$cat_ms" "$(ratio "$start_ms" "$cat_ms")"
printf '%-38s %8sms %8sms %7sx\n' "filter, last key to screen vs cat" "$filter_ms" "$cat_ms" "$(ratio "$filter_ms" "$cat_ms")"
echo "(tmux polls the screen every 10 ms: console figures include up to 10 ms of polling)"
