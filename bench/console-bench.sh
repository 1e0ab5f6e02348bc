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
#   scroll     from G (the last partner) to the screen showing it, and from
#              g back to the first (targets: < 16 ms, a frame);
#   memory     the console's peak resident size once it shows the list
#              (target: < 200 MB);
# each the median of RUNS runs (5; BENCH_RUNS overrides).
set -eu
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
n=${1:-10000}
runs=${BENCH_RUNS:-5}
console="$top_builddir/gtd-console"
[ -x "$console" ] || { echo "console-bench: build gtd-console first (make gtd-console)"; exit 1; }
command -v tmux >/dev/null || { echo "console-bench: needs tmux (apt-get install tmux)"; exit 1; }
command -v python3 >/dev/null || { echo "console-bench: needs python3"; exit 1; }
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
# The copies: the template's id and company name replaced, nothing else.
python3 - "$D/partners" "$n" <<'PY'
import os, sys
folder, n = sys.argv[1], int(sys.argv[2])
text = open(os.path.join(folder, "p000000.json"), encoding="utf-8").read()
cities = ["Hà Nội", "Đà Nẵng", "Sài Gòn", "Huế", "Cần Thơ", "Hải Phòng", "Nha Trang", "Vũng Tàu"]
for i in range(1, n):
    pid = "p%06d" % i
    rec = text.replace('"p000000"', '"%s"' % pid, 1).replace(
        'Việt Nam"', 'Việt Nam %s %d"' % (cities[i % 8], i), 1)
    fd = os.open(os.path.join(folder, pid + ".json"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, rec.encode("utf-8"))
    os.close(fd)
PY
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

# wait_selected SESSION [-v]: polls until the selected row (marked ▸) is
# the first partner, p000000 (with -v: until it is another).
wait_selected() {
	i=0
	until T capture-pane -p -t "$1" | grep '▸' | grep -q $2 p000000; do
		i=$((i + 1))
		[ $i -lt 6000 ] || { echo "console-bench: the selection never moved" >&2; exit 1; }
		sleep 0.01
	done
}

# ---- the screen's own round trip ----
# A key sent to cat in the same kind of session, until it shows: what every
# key-to-screen figure below includes of tmux and of the polling.
T new-session -d -s echo -x 100 -y 30 "stty -icanon; cat; sleep 60"
: > "$work/echo"
for r in $(seq "$runs"); do
	s=$(now)
	T send-keys -t echo -l "k$r"
	wait_for echo "k$r"
	e=$(now)
	ms "$s" "$e" >> "$work/echo"; echo >> "$work/echo"
done
T kill-session -t echo
echo_ms=$(median < "$work/echo")

# ---- start-up, filter, scroll ----
: > "$work/start" ; : > "$work/filter" ; : > "$work/scroll" ; : > "$work/rss"
for r in $(seq "$runs"); do
	s=$(now)
	T new-session -d -s b -x 100 -y 30 \
		"env TERM=screen-256color '$console' --data '$D' --lang en; sleep 60"
	wait_for b "Partners ($n)"
	e=$(now)
	ms "$s" "$e" >> "$work/start"; echo >> "$work/start"
	pid=$(pgrep -f -n "^$console --data $D")
	awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" >> "$work/rss"
	s=$(now)
	T send-keys -t b G
	wait_selected b -v
	e=$(now)
	ms "$s" "$e" >> "$work/scroll"; echo >> "$work/scroll"
	s=$(now)
	T send-keys -t b g
	wait_selected b ""
	e=$(now)
	ms "$s" "$e" >> "$work/scroll"; echo >> "$work/scroll"
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
scroll_ms=$(median < "$work/scroll")
rss_mb=$(median < "$work/rss" | awk '{ printf "%.0f", $1 / 1024 }')

echo
printf '%-38s %10s %10s %8s\n' "measure ($n partners, median of $runs)" "console" "baseline" "ratio"
printf '%-38s %8sms %8sms %7sx\n' "start-up to first screen vs cat" "$start_ms" "$cat_ms" "$(ratio "$start_ms" "$cat_ms")"
printf '%-38s %8sms %8sms %7sx\n' "filter, last key to screen vs cat" "$filter_ms" "$cat_ms" "$(ratio "$filter_ms" "$cat_ms")"
printf '%-38s %8sms %8sms %7sx\n' "scroll, G or g to screen vs an echo" "$scroll_ms" "$echo_ms" "$(ratio "$scroll_ms" "$echo_ms")"
printf '%-38s %8sms %10s\n' "  the console's own part (< 16 ms)" "$(echo "$scroll_ms $echo_ms" | awk '{ printf "%.1f", $1 - $2 }')" ""
printf '%-38s %8sms %10s\n' "filter key, the console's own part" "$(echo "$filter_ms $echo_ms" | awk '{ printf "%.1f", $1 - $2 }')" "(< 16 ms)"
printf '%-38s %8sMB %10s\n' "peak memory with the list (< 200 MB)" "$rss_mb" ""
echo "(tmux polls the screen every 10 ms; a key sent to cat and polled alike took ${echo_ms} ms:"
echo " the console's own part is a key's figure less that)"
