#!/bin/sh
# start-bench.sh - how long gtd-mock takes from exec to listening (its
# --port-file written) with many partners, many bookings, and both.
# (`make bench-start`, from the build directory.)  Not part of the tests.
#
# The partners are BENCH_PARTNERS (1,000) copies of the demo partner
# (bench/partners.sh); the bookings, BENCH_LARGE (100,000) copies of one
# the mock wrote (bench/bookings.py), in a --state file copied afresh for
# each start, as a start may rewrite it.  Each figure is the median of
# BENCH_RUNS (3) starts, with the CPU the mock had used by then.  Target:
# under a second with both.
set -eu
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
partners=${BENCH_PARTNERS:-1000}
large=${BENCH_LARGE:-100000}
runs=${BENCH_RUNS:-3}
command -v python3 >/dev/null || { echo "start-bench: needs python3"; exit 1; }
command -v curl >/dev/null || { echo "start-bench: needs curl"; exit 1; }
[ "$runs" -ge 1 ] && [ "$runs" -le 20 ] || { echo "start-bench: BENCH_RUNS is 1 to 20"; exit 1; }
[ "$large" -ge 1 ] && [ "$large" -le 1000000 ] || { echo "start-bench: BENCH_LARGE is 1 to 1000000"; exit 1; }
mock=$top_builddir/gtd-mock
work=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
bench=start-bench
. "$top_srcdir/bench/lib.sh"
export top_builddir

echo "start-bench: making $partners partners and $large bookings..."
"$top_srcdir/bench/partners.sh" "$work/one" 1
"$top_srcdir/bench/partners.sh" "$work/many" "$partners"

# One booking of the demo partner, written by the mock, as the template.
mock_up "$work/template" --data "$work/one" --state "$work/template.state"
pid=$mock_pid
booking=$(curl -s -X POST "$mock_url/__gtd/bookings" -d '{"partner":"demo"}' |
	sed -n 's/.*"bookingNumber":"\([^"]*\)".*/\1/p')
kill $pid
wait $pid 2>/dev/null || true
pid=
[ -n "$booking" ] || { echo "start-bench: no template booking"; exit 1; }
python3 "$top_srcdir/bench/bookings.py" "$work/template.state" "$large" "$work/large.state" "$booking"

# startup LABEL OPTION...: the median of $runs starts, and its CPU.
startup() {
	label=$1
	shift
	python3 - "$mock" "$runs" "$work" "$label" "$@" <<'PY'
import os, shutil, subprocess, sys, time
mock, runs, work, label, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
port = os.path.join(work, "start.port")
walls, cpus = [], []
for _ in range(runs):
    if os.path.exists(port):
        os.unlink(port)
    if "--state" in args:
        shutil.copyfile(os.path.join(work, "large.state"), os.path.join(work, "run.state"))
        os.chmod(os.path.join(work, "run.state"), 0o600)
    t0 = time.monotonic()
    p = subprocess.Popen([mock, "--listen", "127.0.0.1:0", "--journal", "/dev/null",
                          "--port-file", port] + args,
                         stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "start.err"), "w"))
    deadline = t0 + 120
    while not (os.path.exists(port) and os.path.getsize(port) > 0):
        if p.poll() is not None or time.monotonic() > deadline:
            p.kill()
            sys.exit("start-bench: gtd-mock did not come up: " + open(os.path.join(work, "start.err")).read())
        time.sleep(0.002)
    walls.append((time.monotonic() - t0) * 1000)
    stat = open("/proc/%d/stat" % p.pid).read().rsplit(")", 1)[1].split()
    cpus.append((int(stat[11]) + int(stat[12])) * 1000 / os.sysconf("SC_CLK_TCK"))
    p.terminate()
    p.wait()
walls.sort()
cpus.sort()
print("%-40s %6.0f ms (%s; CPU %.0f ms)" % (label, walls[len(walls) // 2],
      ", ".join("%.0f" % w for w in walls), cpus[len(cpus) // 2]))
PY
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); median of $runs starts," \
	"exec to listening"
startup "$partners partners" --data "$work/many"
startup "$large bookings" --data "$work/one" --state "$work/run.state" --outbox "$work/outbox"
startup "$partners partners, $large bookings (< 1000)" --data "$work/many" --state "$work/run.state" \
	--outbox "$work/outbox"
